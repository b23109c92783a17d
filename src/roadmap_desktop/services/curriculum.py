"""Import a parsed curriculum: preview the merge, apply it in one transaction, manage archives.

An import creates a new roadmap, or (update_slug) merges the file into an existing imported or
custom roadmap by stable step keys: progress, notes, logged and planned time and the learner's
resource links of every surviving step are kept; a removed step that carries any of them is
archived (listed by `archived_steps`, restorable), the others are deleted.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from roadmap_desktop.core.content_sync import keys_with_progress, sync_roadmap
from roadmap_desktop.core.db import Database
from roadmap_desktop.core.errors import NotFoundError, UserFacingError
from roadmap_desktop.core.library import normalize_url
from roadmap_desktop.core.models import (
    GroupPick,
    Origin,
    Phase,
    Resource,
    Roadmap,
    Step,
    StepProgress,
    StepResource,
    StepStatus,
    TopicTick,
)
from roadmap_desktop.core.roadmap_format import RoadmapSpec, StepSpec
from roadmap_desktop.importers.curriculum import CurriculumImport, valid_slug
from roadmap_desktop.services.changes import ChangeKind, ChangeSet
from roadmap_desktop.services.step_edit import (
    ArchivedDeletion,
    delete_archived_step,
    restore_archived_deletion,
)

__all__ = [
    "ArchivedDeletion",
    "ArchivedStep",
    "ImportPlan",
    "RoadmapExistsError",
    "apply_import",
    "archive_step_again",
    "archived_steps",
    "delete_archived_step",
    "preview_import",
    "restore_archived_deletion",
    "restore_archived_step",
]

_CHUNK = 500


class RoadmapExistsError(UserFacingError):
    """An import would create a roadmap whose slug is taken."""

    def __init__(self, slug: str, title: str, *, bundled: bool = False) -> None:
        self.slug = slug
        self.bundled = bundled
        if bundled:
            super().__init__(
                f"The slug {slug!r} belongs to the bundled roadmap “{title}”. Import the file "
                "as a new roadmap with another slug (--as NEW-SLUG)."
            )
        else:
            super().__init__(
                f"A roadmap “{title}” with the slug {slug!r} exists already. Update it from "
                f"this file (--update {slug}) or import it as a new roadmap (--as NEW-SLUG)."
            )


@dataclass(frozen=True)
class ImportPlan:
    """What applying an import does (or did): the summary the preview and the CLI show.

    `removed` lists every stored step the file no longer has; `archived` is the part of it that
    carries progress and is kept (archived) rather than deleted."""

    slug: str
    title: str
    created: bool
    added: list[str]
    removed: list[str]
    changed: list[str]
    unchanged: int
    resources_new: int
    warnings: list[str]
    archived: list[str] = field(default_factory=list)
    phases: int = 0
    steps: int = 0
    steps_done: int = 0  # steps the file marks done (or in progress/skipped) that get it
    topics_ticked: int = 0
    notes: int = 0
    # What the file held and where it went (the import report), shown before anything is
    # written: web links as step resources, links not imported with why, headings placed.
    links_found: int = 0
    links_as_resources: int = 0
    not_imported: list[tuple[str, str]] = field(default_factory=list)  # (address, reason)
    links_unexplained: int = 0
    headings_found: int = 0
    headings_placed: dict[str, int] = field(default_factory=dict)  # phase/step/section… → n
    headings_left_out: list[tuple[str, str]] = field(default_factory=list)  # (heading, why)
    files_left_out: list[tuple[str, str]] = field(default_factory=list)  # (path, why)

    def not_imported_by_reason(self) -> dict[str, int]:
        """How many links were not imported, by reason (badge, image, left-out section…)."""
        counts: dict[str, int] = {}
        for _url, reason in self.not_imported:
            counts[reason] = counts.get(reason, 0) + 1
        return counts

    def fidelity_lines(self) -> list[str]:
        """The counts of links and headings, as the preview and the CLI show them."""
        lines = []
        if self.links_found:
            why = "; ".join(f"{r}: {n}" for r, n in sorted(self.not_imported_by_reason().items()))
            lines.append(
                f"links: {self.links_as_resources} of {self.links_found} become step resources"
                + (f"; not imported: {why}" if why else "")
                + (f"; {self.links_unexplained} lost" if self.links_unexplained else "")
            )
        if self.headings_found:
            placed = ", ".join(f"{n} {role}" for role, n in sorted(self.headings_placed.items()))
            left = ", ".join(f"“{h}”" for h, _ in self.headings_left_out[:5])
            more = len(self.headings_left_out) - 5
            lines.append(
                f"headings: {self.headings_found} — {placed}"
                + (f"; left out: {left}" if left else "")
                + (f" and {more} more" if more > 0 else "")
            )
        if self.files_left_out:
            reasons = sorted({why.split(" (")[0] for _, why in self.files_left_out})
            lines.append(f"files left out: {len(self.files_left_out)} ({'; '.join(reasons)})")
        return lines

    def summary_lines(self) -> list[str]:
        """The plan in a few lines of plain text, as `roadmap-desktop import` prints it."""
        verb = "New roadmap" if self.created else "Update of"
        lines = [
            f"{verb} “{self.title}” ({self.slug}): {self.phases} phases, {self.steps} steps",
            f"steps: {len(self.added)} added, {len(self.changed)} changed, "
            f"{len(self.archived)} archived, {len(self.removed) - len(self.archived)} removed, "
            f"{self.unchanged} unchanged",
            f"resources: {self.resources_new} new in the library",
            f"progress from the file: {self.steps_done} steps marked, "
            f"{self.topics_ticked} topics ticked, {self.notes} notes",
            *self.fidelity_lines(),
        ]
        lines.extend(f"warning: {w}" for w in self.warnings)
        return lines


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def _target(
    session: Session, imp: CurriculumImport, as_slug: str | None, update_slug: str | None
) -> tuple[RoadmapSpec, Roadmap | None]:
    """The spec under the slug it will be stored as, and the roadmap it updates (if any)."""
    spec = imp.spec
    if as_slug and update_slug:
        raise UserFacingError("Use either --as (a new roadmap) or --update (merge), not both.")
    if update_slug:
        roadmap = session.scalar(select(Roadmap).where(Roadmap.slug == update_slug))
        if roadmap is None:
            raise NotFoundError(f"There is no roadmap {update_slug!r} to update.")
        if roadmap.origin == Origin.BUNDLED:
            raise UserFacingError(
                f"“{roadmap.title}” is a bundled roadmap: the app updates it, an import cannot "
                "replace it. Import the file as a new roadmap (--as NEW-SLUG) instead."
            )
        version = max(spec.content_version, roadmap.content_version + 1)
        return replace(spec, slug=update_slug, content_version=version), roadmap
    slug = as_slug or spec.slug
    if not valid_slug(slug):
        raise UserFacingError(
            f"{slug!r} is not a valid roadmap slug: use 2–64 lowercase letters, digits and '-'."
        )
    existing = session.scalar(select(Roadmap).where(Roadmap.slug == slug))
    if existing is not None:
        raise RoadmapExistsError(slug, existing.title, bundled=existing.origin == Origin.BUNDLED)
    return replace(spec, slug=slug), None


def _fingerprint(step: StepSpec, phase_key: str) -> tuple[object, ...]:
    resources = tuple(
        normalize_url(r.url) if r.url else f"{r.title.casefold()}|{r.kind}" for r in step.resources
    )
    topics = tuple((t.key, t.text) for t in step.topics)
    return (phase_key, step.title, step.body, step.effort_hours, step.kind, topics, resources)


def _stored(session: Session, roadmap: Roadmap) -> tuple[dict[str, tuple[object, ...]], set[str]]:
    """Fingerprints of the live steps, and the keys of archived ones."""
    steps = session.scalars(
        select(Step)
        .where(Step.roadmap_id == roadmap.id)
        .options(
            selectinload(Step.topics),
            selectinload(Step.phase),
            selectinload(Step.resource_links).selectinload(StepResource.resource),
        )
    ).all()
    live: dict[str, tuple[object, ...]] = {}
    archived: set[str] = set()
    for step in steps:
        if step.archived or step.phase is None:
            archived.add(step.key)
            continue
        links = [link.resource for link in step.resource_links if not link.user_linked]
        resources = tuple(
            r.url_key or normalize_url(r.url) if r.url else f"{r.title.casefold()}|{r.kind}"
            for r in links
        )
        topics = tuple((t.key, t.text) for t in step.topics)
        live[step.key] = (
            step.phase.key,
            step.title,
            step.body_md,
            step.estimated_hours,
            step.kind.value,
            topics,
            resources,
        )
    return live, archived


def _new_resources(session: Session, spec: RoadmapSpec) -> int:
    keys: set[str] = set()
    titled: set[tuple[str, str]] = set()
    for step in spec.all_steps():
        for res in step.resources:
            if res.url:
                keys.add(normalize_url(res.url))
            else:
                titled.add((res.title.casefold(), res.kind))
    wanted = sorted(keys)
    found: set[str] = set()
    for start in range(0, len(wanted), _CHUNK):
        found.update(
            k
            for k in session.scalars(
                select(Resource.url_key).where(Resource.url_key.in_(wanted[start : start + _CHUNK]))
            )
            if k
        )
    known_titles = 0
    for title, kind in titled:
        hit = session.scalar(
            select(func.count())
            .select_from(Resource)
            .where(Resource.kind == kind, func.lower(Resource.title) == title)
        )
        known_titles += 1 if hit else 0
    return len(keys - found) + len(titled) - known_titles


def _plan(
    session: Session, imp: CurriculumImport, spec: RoadmapSpec, roadmap: Roadmap | None
) -> tuple[ImportPlan, set[str]]:
    """The plan, and the step keys without progress (the file's ticks may mark those)."""
    wanted = {s.key: _fingerprint(s, p.key) for p in spec.phases for s in p.steps}
    live: dict[str, tuple[object, ...]] = {}
    progressed: set[str] = set()
    if roadmap is not None:
        live, _archived = _stored(session, roadmap)
        progressed = keys_with_progress(session, roadmap.id)
    added = [k for k in wanted if k not in live]
    removed = [k for k in live if k not in wanted]
    changed = [k for k in wanted if k in live and live[k] != wanted[k]]
    fresh = set(wanted) - progressed
    report = imp.report
    plan = ImportPlan(
        slug=spec.slug,
        title=spec.title,
        created=roadmap is None,
        added=added,
        removed=removed,
        changed=changed,
        unchanged=len(wanted) - len(added) - len(changed),
        resources_new=_new_resources(session, spec),
        warnings=list(imp.warnings),
        archived=[k for k in removed if k in progressed],
        phases=len(spec.phases),
        steps=len(wanted),
        steps_done=len((imp.done_steps | set(imp.step_marks)) & fresh),
        topics_ticked=sum(1 for s, _ in imp.done_topics if s in fresh),
        notes=sum(1 for k in imp.notes if k in fresh),
        links_found=report.links_found,
        links_as_resources=report.links_as_resources,
        not_imported=[(item.url, item.reason) for item in report.not_imported],
        links_unexplained=len(report.unexplained),
        headings_found=report.headings_found,
        headings_placed=dict(report.headings_placed),
        headings_left_out=list(report.headings_left_out),
        files_left_out=list(report.files_left_out),
    )
    return plan, fresh


def preview_import(
    db: Database,
    imp: CurriculumImport,
    *,
    as_slug: str | None = None,
    update_slug: str | None = None,
) -> ImportPlan:
    """What apply_import would do; reads only. Raises the errors apply_import would raise."""
    with db.reading() as session:
        spec, roadmap = _target(session, imp, as_slug, update_slug)
        plan, _ = _plan(session, imp, spec, roadmap)
        return plan


def apply_import(
    db: Database,
    imp: CurriculumImport,
    *,
    as_slug: str | None = None,
    update_slug: str | None = None,
) -> tuple[ImportPlan, ChangeSet]:
    """Create or update the roadmap and mark the file's ticks on steps without progress yet.

    One transaction: on any error nothing is written."""
    with db.transaction() as session:
        spec, roadmap = _target(session, imp, as_slug, update_slug)
        plan, fresh = _plan(session, imp, spec, roadmap)
        if roadmap is not None:
            position = roadmap.position
        else:
            position = (session.scalar(select(func.max(Roadmap.position))) or 0) + 1
        sync_roadmap(
            session, spec, origin=Origin.IMPORTED, source_ref=imp.source, position=position
        )
        roadmap_id = session.scalar(select(Roadmap.id).where(Roadmap.slug == spec.slug))
        assert roadmap_id is not None
        _mark_progress(session, roadmap_id, imp, fresh)
    change = ChangeSet.of(
        ChangeKind.ROADMAPS,
        ChangeKind.STATUS,
        ChangeKind.TOPICS,
        ChangeKind.NOTE,
        ChangeKind.LIBRARY,
        roadmap_id=roadmap_id,
    )
    return plan, change


def _mark_progress(
    session: Session, roadmap_id: int, imp: CurriculumImport, fresh: Iterable[str]
) -> None:
    now = _now()
    fresh = set(fresh)
    statuses = {k: StepStatus.DONE for k in imp.done_steps}
    statuses.update(
        (k, StepStatus(v)) for k, v in imp.step_marks.items() if k not in imp.done_steps
    )
    rows = {
        p.step_key: p
        for p in session.scalars(select(StepProgress).where(StepProgress.roadmap_id == roadmap_id))
    }
    ticked = set(
        session.execute(
            select(TopicTick.step_key, TopicTick.topic_key).where(
                TopicTick.roadmap_id == roadmap_id
            )
        ).tuples()
    )
    for key in sorted(fresh & (set(statuses) | set(imp.notes))):
        row = rows.get(key)
        if row is None:
            row = StepProgress(roadmap_id=roadmap_id, step_key=key, note_md="")
            session.add(row)
        status = statuses.get(key)
        if status is not None:
            row.status = status
            if status in (StepStatus.DONE, StepStatus.IN_PROGRESS):
                row.started_at = row.started_at or now
            row.done_at = now if status == StepStatus.DONE else None
        else:
            row.status = row.status or StepStatus.TODO
        if key in imp.notes:
            row.note_md, row.note_updated_at = imp.notes[key], now
    for group_key, step_key in sorted(imp.picks.items()):  # a choice made here stays
        if session.get(GroupPick, (roadmap_id, group_key)) is None:
            session.add(GroupPick(roadmap_id=roadmap_id, group_key=group_key, step_key=step_key))
    for step_key, topic_key in sorted(imp.done_topics):
        if step_key in fresh and (step_key, topic_key) not in ticked:
            session.add(
                TopicTick(
                    roadmap_id=roadmap_id, step_key=step_key, topic_key=topic_key, ticked_at=now
                )
            )
    session.flush()


# --- archived steps ----------------------------------------------------------------------------


@dataclass(frozen=True)
class ArchivedStep:
    """A step a content update removed while it carried progress: kept, hidden, restorable."""

    key: str
    title: str
    has_note: bool
    status: StepStatus


def archived_steps(db: Database, roadmap_id: int) -> list[ArchivedStep]:
    """The roadmap's archived steps, by title."""
    with db.reading() as session:
        steps = session.scalars(
            select(Step)
            .where(Step.roadmap_id == roadmap_id, Step.archived.is_(True))
            .order_by(Step.title, Step.key)
        ).all()
        progress = {
            p.step_key: p
            for p in session.scalars(
                select(StepProgress).where(StepProgress.roadmap_id == roadmap_id)
            )
        }
        result = []
        for step in steps:
            row = progress.get(step.key)
            result.append(
                ArchivedStep(
                    key=step.key,
                    title=step.title,
                    has_note=bool(row and row.note_md),
                    status=row.status if row and row.status else StepStatus.TODO,
                )
            )
        return result


def restore_archived_step(
    db: Database, roadmap_id: int, step_key: str, phase_key: str
) -> ChangeSet:
    """Put an archived step back, at the end of the phase phase_key."""
    with db.transaction() as session:
        step = session.scalar(
            select(Step).where(Step.roadmap_id == roadmap_id, Step.key == step_key)
        )
        if step is None or not step.archived:
            raise NotFoundError(f"No archived step {step_key!r} in this roadmap.")
        phase = session.scalar(
            select(Phase).where(Phase.roadmap_id == roadmap_id, Phase.key == phase_key)
        )
        if phase is None:
            raise NotFoundError(f"No phase {phase_key!r} in this roadmap.")
        last = session.scalar(select(func.max(Step.position)).where(Step.phase_id == phase.id))
        step.archived = False
        step.phase = phase
        step.position = 0 if last is None else last + 1
    return ChangeSet.of(ChangeKind.ROADMAPS, roadmap_id=roadmap_id, step_keys={step_key})


def archive_step_again(db: Database, roadmap_id: int, step_key: str) -> ChangeSet:
    """Undo of restore_archived_step: the step back in the archive, its progress untouched."""
    with db.transaction() as session:
        step = session.scalar(
            select(Step).where(Step.roadmap_id == roadmap_id, Step.key == step_key)
        )
        if step is None or step.archived:
            raise NotFoundError(f"No step {step_key!r} to put back in the archive.")
        phase_id = step.phase_id
        step.archived = True
        step.phase = None
        session.flush()
        siblings = session.scalars(
            select(Step).where(Step.phase_id == phase_id).order_by(Step.position)
        ).all()
        for i, sibling in enumerate(siblings):
            sibling.position = i
    return ChangeSet.of(ChangeKind.ROADMAPS, roadmap_id=roadmap_id, step_keys={step_key})
