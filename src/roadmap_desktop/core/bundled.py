"""The roadmaps shipped with the app: find them and load new or updated ones into the database."""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from importlib import resources
from importlib.resources.abc import Traversable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from roadmap_desktop.core.content_report import SyncReport
    from roadmap_desktop.core.db import Database

log = logging.getLogger(__name__)

# The order roadmaps appear in the switcher; the first is opened on first start.
BUNDLED_ORDER = (
    "backend-developer-24-weeks",
    "backend-developer-path",
    "backend-development-guide",
    "backend-in-20-steps",
)


@dataclass(frozen=True)
class BundledFile:
    """One roadmap file inside the package resources."""

    slug: str
    resource: Traversable


def bundled_files() -> list[BundledFile]:
    """The bundled roadmap files, in switcher order."""
    folder = resources.files("roadmap_desktop.resources") / "roadmaps"
    found = [
        BundledFile(entry.name.removesuffix(".yaml"), entry)
        for entry in folder.iterdir()
        if entry.name.endswith(".yaml")
    ]
    rank = {slug: i for i, slug in enumerate(BUNDLED_ORDER)}
    return sorted(found, key=lambda f: (rank.get(f.slug, len(rank)), f.slug))


def file_hash(data: bytes) -> str:
    """The content hash a roadmap stores for the file it was loaded from (sha256, hex)."""
    return hashlib.sha256(data).hexdigest()


def bundled_hashes() -> dict[str, str]:
    """slug → content hash of every bundled file shipped now (what a current seed holds)."""
    return {file.slug: file_hash(file.resource.read_bytes()) for file in bundled_files()}


def load_bundled(db: Database) -> list[SyncReport]:
    """Load every bundled roadmap that is new or changed; one transaction for all of them.

    A stored roadmap whose content hash matches the file is skipped without parsing, so an
    unchanged start costs one small query. A file older than what is stored is never applied.
    """
    files = bundled_files()
    with db.raw_reading() as conn:  # no SQLAlchemy when every bundled file is current
        stored = {
            slug: (content_hash, content_version)
            for slug, content_hash, content_version in conn.execute(
                "SELECT slug, content_hash, content_version FROM roadmaps"
            )
        }
    pending = []
    for position, file in enumerate(files):
        data = file.resource.read_bytes()
        digest = file_hash(data)
        if stored.get(file.slug, ("", 0))[0] == digest:
            continue
        # Parsing and syncing are imported only when some bundled file is new or changed.
        from roadmap_desktop.core.roadmap_format import parse_roadmap

        spec = parse_roadmap(data, file.resource.name)
        if spec.slug != file.slug:
            log.warning("bundled file %s declares slug %s", file.resource.name, spec.slug)
        if spec.content_version < stored.get(spec.slug, ("", 0))[1]:
            log.info("skipping %s: stored content is newer", spec.slug)
            continue
        pending.append((position, spec))
    reports: list[SyncReport] = []
    if pending:
        from roadmap_desktop.core.content_sync import sync_roadmap
        from roadmap_desktop.core.models import Origin

        with db.transaction() as session:
            for position, spec in pending:
                reports.append(
                    sync_roadmap(
                        session,
                        spec,
                        origin=Origin.BUNDLED,
                        source_ref=f"bundled:{spec.slug}",
                        position=position,
                    )
                )
    return reports
