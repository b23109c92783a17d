"""Import batches into the library (preview first, then all or nothing) and export it as CSV."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from roadmap_desktop.core.db import Database
from roadmap_desktop.core.errors import ImportFormatError, UserFacingError
from roadmap_desktop.core.library import normalize_url
from roadmap_desktop.core.models import Phase, Resource, ResourceTag, Roadmap, Step, StepResource
from roadmap_desktop.core.resource_draft import ResourceDraft, validate_draft
from roadmap_desktop.exporters.library_csv import write_csv
from roadmap_desktop.importers import ImportBatch, ImportItem
from roadmap_desktop.services.changes import ChangeKind, ChangeSet
from roadmap_desktop.services.library_read import ROW_COLUMNS, load_rows
from roadmap_desktop.services.library_snapshots import LibraryRow
from roadmap_desktop.services.library_store import tag_spellings, write_draft

_CHUNK = 500


@dataclass(frozen=True)
class ImportPreview:
    """What an import would do, before anything is written."""

    new_count: int
    duplicate_count: int
    duplicates: list[tuple[ImportItem, LibraryRow]]  # each item with the resource it repeats
    skipped: list[str]  # entries of the file left out, each with its reason
    warnings: list[str] = field(default_factory=list)  # the file's, plus steps not found here


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def _existing(session: Session, items: Sequence[ImportItem]) -> dict[int, int]:
    """Item index → id of the resource already in the library (same normalised URL, or same
    title and kind when neither has a URL)."""
    keys = {i: normalize_url(item.url) for i, item in enumerate(items) if item.url}
    by_key: dict[str, int] = {}
    wanted = list(set(keys.values()))
    for start in range(0, len(wanted), _CHUNK):
        rows = session.execute(
            select(Resource.url_key, func.min(Resource.id))
            .where(Resource.url_key.in_(wanted[start : start + _CHUNK]))
            .group_by(Resource.url_key)
        ).tuples()
        by_key.update((key, rid) for key, rid in rows if key is not None)
    found = {i: by_key[key] for i, key in keys.items() if key in by_key}
    if len(keys) < len(items):
        by_title: dict[tuple[str, str], int] = {}
        titled = session.execute(
            select(Resource.title, Resource.kind, Resource.id)
            .where(Resource.url.is_(None))
            .order_by(Resource.id.desc())
        ).tuples()
        by_title.update(((title.casefold(), kind), rid) for title, kind, rid in titled)
        for i, item in enumerate(items):
            if not item.url and (item.title.casefold(), item.kind) in by_title:
                found[i] = by_title[(item.title.casefold(), item.kind)]
    return found


def _step_ids(session: Session) -> dict[tuple[str, str], int]:
    rows = session.execute(
        select(Roadmap.slug, Step.key, Step.id).join(Roadmap, Roadmap.id == Step.roadmap_id)
    ).tuples()
    return {(slug, key): sid for slug, key, sid in rows}


def preview_import(db: Database, batch: ImportBatch) -> ImportPreview:
    """Counts, duplicates (with the resource each repeats) and skipped entries of a batch."""
    with db.reading() as session:
        existing = _existing(session, batch.items)
        rows = {row.id: row for row in load_rows(session, sorted(set(existing.values())))}
        steps = _step_ids(session)
    duplicates = [(batch.items[i], rows[rid]) for i, rid in sorted(existing.items())]
    warnings = list(batch.warnings)
    missing = sorted({ref for item in batch.items for ref in item.steps if ref not in steps})
    if missing:
        shown = ", ".join(f"{slug}/{key}" for slug, key in missing[:5])
        more = f" and {len(missing) - 5} more" if len(missing) > 5 else ""
        warnings.append(
            f"{len(missing)} step(s) named in the file are not in this library "
            f"({shown}{more}); those links are left out."
        )
    return ImportPreview(
        new_count=len(batch.items) - len(duplicates),
        duplicate_count=len(duplicates),
        duplicates=duplicates,
        skipped=list(batch.skipped),
        warnings=warnings,
    )


def apply_import(
    db: Database,
    batch: ImportBatch,
    *,
    skip_duplicates: bool = True,
    merge_duplicates: bool = False,
) -> tuple[list[int], ChangeSet]:
    """Add the batch's resources in one transaction; returns the ids of the resources added.

    A duplicate (same normalised URL as a resource in the library) is left alone when
    skip_duplicates, added again otherwise; merge_duplicates instead writes the file's fields
    over it, adds its tags and step links (restoring an export onto another computer).
    Links to steps this library lacks are left out. On any error nothing is written.
    """
    with db.transaction() as session:
        existing = _existing(session, batch.items)
        spellings = tag_spellings(session)
        steps = _step_ids(session)
        now = _now()
        links: list[tuple[Resource, ImportItem]] = []
        new: list[Resource] = []
        seen: set[str] = set()  # links added by this batch (a hand-made batch may repeat one)
        for i, item in enumerate(batch.items):
            draft = _validated(batch, item)
            dup_id = existing.get(i)
            if dup_id is not None and merge_duplicates:
                res = session.get(Resource, dup_id)
                assert res is not None
                tags = (*draft.tags, *(t.tag for t in res.tags))
                _merge(session, res, replace(draft, tags=tags), item, now, spellings)
                links.append((res, item))
                continue
            key = normalize_url(item.url) if item.url else None
            if skip_duplicates and (dup_id is not None or key in seen):
                continue
            if key is not None:
                seen.add(key)
            res = Resource(origin="user", added_at=item.added_at or now)
            session.add(res)
            write_draft(session, res, draft, spellings)
            res.finished_at = (item.finished_at or now) if draft.status == "done" else None
            new.append(res)
            links.append((res, item))
        session.flush()
        added = [res.id for res in new]
        _add_links(session, links, steps)
    return added, ChangeSet.of(ChangeKind.LIBRARY)


def _validated(batch: ImportBatch, item: ImportItem) -> ResourceDraft:
    try:
        return validate_draft(item.draft(), check_file=False)
    except UserFacingError as exc:
        raise ImportFormatError(batch.source or "import", str(exc), line=item.line) from None


def _merge(
    session: Session,
    res: Resource,
    draft: ResourceDraft,
    item: ImportItem,
    now: datetime,
    spellings: dict[str, str],
) -> None:
    was_done = res.status == "done"
    write_draft(session, res, draft, spellings)
    if item.added_at is not None:
        res.added_at = item.added_at
    if draft.status != "done":
        res.finished_at = None
    elif item.finished_at is not None:
        res.finished_at = item.finished_at
    elif not was_done or res.finished_at is None:
        res.finished_at = now


def _add_links(
    session: Session, links: list[tuple[Resource, ImportItem]], steps: dict[tuple[str, str], int]
) -> None:
    """The learner's links from imported items to steps, appended after each step's links."""
    wanted = [(steps[ref], res.id) for res, item in links for ref in item.steps if ref in steps]
    if not wanted:
        return
    step_ids = sorted({sid for sid, _rid in wanted})
    last: dict[int, int] = defaultdict(lambda: -1)
    present: set[tuple[int, int]] = set()
    for start in range(0, len(step_ids), _CHUNK):
        chunk = step_ids[start : start + _CHUNK]
        for sid, rid, pos in session.execute(
            select(StepResource.step_id, StepResource.resource_id, StepResource.position).where(
                StepResource.step_id.in_(chunk)
            )
        ).tuples():
            present.add((sid, rid))
            last[sid] = max(last[sid], pos)
    for sid, rid in wanted:
        if (sid, rid) in present:
            continue
        present.add((sid, rid))
        last[sid] += 1
        session.add(
            StepResource(step_id=sid, resource_id=rid, position=last[sid], user_linked=True)
        )


def export_items(db: Database) -> list[ImportItem]:
    """Every resource as a CSV record, ordered by id (tags and step links included)."""
    with db.reading() as session:
        tags: dict[int, list[str]] = defaultdict(list)
        for rid, tag in session.execute(select(ResourceTag.resource_id, ResourceTag.tag)).tuples():
            tags[rid].append(tag)
        steps: dict[int, list[tuple[str, str]]] = defaultdict(list)
        for rid, slug, key in session.execute(
            select(StepResource.resource_id, Roadmap.slug, Step.key)
            .join(Step, Step.id == StepResource.step_id)
            .join(Roadmap, Roadmap.id == Step.roadmap_id)
            .outerjoin(Phase, Phase.id == Step.phase_id)
            .order_by(Roadmap.position, Roadmap.slug, Phase.position, Step.position)
        ).tuples():
            steps[rid].append((slug, key))
        rows = session.execute(
            select(*ROW_COLUMNS, Resource.note_md).order_by(Resource.id)
        ).mappings()
        return [
            ImportItem(
                title=row["title"],
                url=row["url"],
                local_path=row["local_path"],
                kind=row["kind"],
                author=row["author"],
                cost=row["cost"],
                status=row["status"],
                rating=row["rating"],
                tags=tuple(sorted(tags.get(row["id"], ()), key=str.casefold)),
                note_md=row["note_md"],
                added_at=row["added_at"],
                finished_at=row["finished_at"],
                steps=tuple(steps.get(row["id"], ())),
                line=index,
            )
            for index, row in enumerate(rows, start=2)
        ]


def export_csv(db: Database) -> str:
    """The whole library as CSV text (docs/library-csv.md); `parse_csv` reads it back."""
    return write_csv(export_items(db))
