"""Search inside resource notes, so the library can filter by note text without loading it."""

from __future__ import annotations

from sqlalchemy import select

from roadmap_desktop.core.db import Database
from roadmap_desktop.core.models import Resource


def note_search(db: Database, text: str) -> set[int]:
    """Ids of resources whose note contains text (case-insensitive)."""
    needle = text.strip()
    if not needle:
        return set()
    escaped = needle.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    with db.reading() as session:
        return set(
            session.scalars(
                select(Resource.id).where(Resource.note_md.ilike(f"%{escaped}%", escape="\\"))
            )
        )
