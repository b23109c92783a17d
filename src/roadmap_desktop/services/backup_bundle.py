"""Export everything as a bundle and merge a bundle into this database (one transaction).

Merging goes by stable identities, so importing the same bundle twice adds nothing: roadmaps
by slug and steps by key; resources by normalised URL, else title and kind; plan blocks by day,
time, minutes, step and title; study sessions by start, minutes and step. A roadmap that is
new here is created exactly as it was; one that exists keeps its content, gains the learner's
progress from the bundle where it has none (notes that differ are appended, never lost), and
gains as archived steps the bundle's steps it lacks that carry progress.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from roadmap_desktop.core.db import Database
from roadmap_desktop.core.library import normalize_url
from roadmap_desktop.core.models import (
    ActiveTimer,
    Availability,
    PlanBlock,
    Resource,
    ResourceTag,
    Roadmap,
    StudySession,
)
from roadmap_desktop.exporters.json_bundle import bundle_document
from roadmap_desktop.importers.json_bundle import Bundle, BundleResource, parse_bundle
from roadmap_desktop.services.bundle_roadmaps import create_roadmap, merge_roadmap
from roadmap_desktop.services.card_bundle import merge_cards
from roadmap_desktop.services.changes import ChangeKind, ChangeSet

TIMER_ID = 1


@dataclass
class BundleReport:
    """What importing a bundle did."""

    roadmaps_created: list[str] = field(default_factory=list)
    roadmaps_merged: list[str] = field(default_factory=list)
    steps_archived_added: int = 0
    progress_added: int = 0
    notes_merged: int = 0
    ticks_added: int = 0
    resources_added: int = 0
    resources_merged: int = 0
    links_added: int = 0
    plan_blocks_added: int = 0
    sessions_added: int = 0
    availability_set: int = 0
    timer_restored: bool = False
    cards_added: int = 0
    cards_merged: int = 0
    reviews_added: int = 0
    skipped: list[str] = field(default_factory=list)

    @property
    def change(self) -> ChangeSet:
        """What the views should reload: everything."""
        return ChangeSet.of(*ChangeKind)

    def summary_lines(self) -> list[str]:
        """The report in a few lines of plain text, as `backup-import` prints it."""
        lines = [
            f"roadmaps: {len(self.roadmaps_created)} created, {len(self.roadmaps_merged)} merged",
            f"progress: {self.progress_added} steps, {self.ticks_added} ticks, "
            f"{self.notes_merged} notes merged, {self.steps_archived_added} archived steps added",
            f"resources: {self.resources_added} added, {self.resources_merged} merged, "
            f"{self.links_added} step links added",
            f"planner: {self.plan_blocks_added} plan blocks, {self.sessions_added} study sessions, "
            f"{self.availability_set} weekdays of availability"
            + (", the study timer" if self.timer_restored else ""),
            f"cards: {self.cards_added} added, {self.cards_merged} merged, "
            f"{self.reviews_added} reviews added",
        ]
        lines.extend(f"skipped: {s}" for s in self.skipped)
        return lines


def export_bundle(db: Database) -> dict[str, Any]:
    """Everything in the database as a bundle dictionary (write it with json.dumps)."""
    with db.reading() as session:
        return bundle_document(session)


def import_bundle(db: Database, data: bytes | dict[str, Any], name: str = "bundle") -> BundleReport:
    """Merge a bundle (JSON bytes or a parsed dictionary) into the database, all or nothing.

    BundleFormatError (naming the place in the file) when it is not a valid bundle."""
    bundle = parse_bundle(data, name)
    report = BundleReport()
    with db.transaction() as session:
        resource_ids = _resources(session, bundle, report)
        roadmap_ids: dict[str, int] = {}
        for roadmap in bundle.roadmaps:
            existing = session.scalar(select(Roadmap).where(Roadmap.slug == roadmap.slug))
            if existing is None:
                roadmap_ids[roadmap.slug] = create_roadmap(session, roadmap, resource_ids)
                report.roadmaps_created.append(roadmap.slug)
            else:
                counts = merge_roadmap(session, existing, roadmap, resource_ids)
                roadmap_ids[roadmap.slug] = existing.id
                report.roadmaps_merged.append(roadmap.slug)
                report.steps_archived_added += counts.steps
                report.progress_added += counts.progress
                report.notes_merged += counts.notes
                report.ticks_added += counts.ticks
                report.links_added += counts.links
        for roadmap_id, slug in session.execute(select(Roadmap.id, Roadmap.slug)).tuples():
            roadmap_ids.setdefault(slug, roadmap_id)
        _planner(session, bundle, roadmap_ids, report)
        cards = merge_cards(session, bundle.cards, roadmap_ids)
        report.cards_added, report.cards_merged = cards.added, cards.merged
        report.reviews_added = cards.reviews
        report.skipped.extend(cards.skipped)
    return report


def _resources(session: Session, bundle: Bundle, report: BundleReport) -> dict[int, int]:
    """Bundle resource id → resource id here (matched or created)."""
    by_key: dict[str, Resource] = {}
    by_title: dict[tuple[str, str], Resource] = {}
    for res in session.scalars(select(Resource).options(selectinload(Resource.tags))):
        if res.url:
            by_key.setdefault(res.url_key or normalize_url(res.url), res)
        else:
            by_title.setdefault((res.title.casefold(), res.kind), res)
    result: dict[int, int] = {}
    for item in bundle.resources:
        key = normalize_url(item.url) if item.url else None
        found = by_key.get(key) if key else by_title.get((item.title.casefold(), item.kind))
        if found is None:
            found = _new_resource(item, key)
            session.add(found)
            report.resources_added += 1
            if key:
                by_key[key] = found
            else:
                by_title[(item.title.casefold(), item.kind)] = found
        elif _merge_resource(found, item):
            report.resources_merged += 1
        session.flush()
        result[item.id] = found.id
    return result


def _new_resource(item: BundleResource, key: str | None) -> Resource:
    res = Resource(
        title=item.title,
        url=item.url,
        url_key=key,
        local_path=item.local_path,
        kind=item.kind,
        author=item.author,
        cost=item.cost,
        status=item.status,
        rating=item.rating,
        note_md=item.note,
        origin=item.origin,
        finished_at=item.finished_at,
    )
    if item.added_at is not None:
        res.added_at = item.added_at
    res.tags = [ResourceTag(tag=t) for t in dict.fromkeys(item.tags)]
    return res


def _merge_resource(res: Resource, item: BundleResource) -> bool:
    """Fill the learner's fields this copy lacks from the bundle's; True when any changed."""
    before = (res.status, res.rating, res.note_md, res.local_path, res.finished_at, res.author)
    if res.status == "to_do" and item.status != "to_do":
        res.status = item.status
    res.rating = res.rating or item.rating
    if item.note and item.note not in res.note_md:
        res.note_md = f"{res.note_md}\n\n{item.note}" if res.note_md else item.note
    res.local_path = res.local_path or item.local_path
    res.finished_at = res.finished_at or item.finished_at
    res.author = res.author or item.author
    have = {t.tag.casefold() for t in res.tags}
    new_tags = [t for t in item.tags if t.casefold() not in have]
    res.tags.extend(ResourceTag(tag=t) for t in new_tags)
    after = (res.status, res.rating, res.note_md, res.local_path, res.finished_at, res.author)
    return before != after or bool(new_tags)


def _planner(
    session: Session, bundle: Bundle, roadmap_ids: dict[str, int], report: BundleReport
) -> None:
    slug_of: dict[int, str] = dict(session.execute(select(Roadmap.id, Roadmap.slug)).tuples().all())
    blocks = {
        (b.day, b.start_time, b.minutes, slug_of.get(b.roadmap_id or 0), b.step_key, b.title): b
        for b in session.scalars(select(PlanBlock))
    }
    for item in bundle.plan_blocks:
        if item.roadmap is not None and item.roadmap not in roadmap_ids:
            report.skipped.append(f"a plan block of the unknown roadmap {item.roadmap!r}")
            continue
        ident = (item.day, item.start_time, item.minutes, item.roadmap, item.step, item.title)
        found = blocks.get(ident)
        if found is not None:
            found.done = found.done or item.done
            continue
        block = PlanBlock(
            day=item.day,
            start_time=item.start_time,
            minutes=item.minutes,
            roadmap_id=roadmap_ids[item.roadmap] if item.roadmap else None,
            step_key=item.step,
            title=item.title,
            done=item.done,
            auto=item.auto,
            position=item.position,
        )
        if item.created_at is not None:
            block.created_at = item.created_at
        session.add(block)
        blocks[ident] = block
        report.plan_blocks_added += 1
    sessions = {
        (s.started_at, s.minutes, slug_of.get(s.roadmap_id or 0), s.step_key)
        for s in session.scalars(select(StudySession))
    }
    for studied in bundle.study_sessions:
        roadmap_id = roadmap_ids.get(studied.roadmap) if studied.roadmap else None
        key = (studied.started_at, studied.minutes, studied.roadmap if roadmap_id else None)
        if (*key, studied.step) in sessions:
            continue
        sessions.add((*key, studied.step))
        session.add(
            StudySession(
                roadmap_id=roadmap_id,
                step_key=studied.step,
                started_at=studied.started_at,
                minutes=studied.minutes,
                note=studied.note,
                source=studied.source,
            )
        )
        report.sessions_added += 1
    have = {a.weekday for a in session.scalars(select(Availability))}
    for weekday, minutes in bundle.availability:
        if weekday not in have:
            session.add(Availability(weekday=weekday, minutes=minutes))
            have.add(weekday)
            report.availability_set += 1
    timer = bundle.timer
    if timer is not None and session.get(ActiveTimer, TIMER_ID) is None:
        roadmap_id = roadmap_ids.get(timer.roadmap) if timer.roadmap else None
        session.add(
            ActiveTimer(
                id=TIMER_ID,
                roadmap_id=roadmap_id,
                step_key=timer.step if roadmap_id else None,
                first_started_at=timer.first_started_at,
                running_since=timer.running_since,
                accumulated_seconds=timer.accumulated_seconds,
            )
        )
        report.timer_restored = True
    session.flush()
