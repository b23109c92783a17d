"""Write a validated roadmap into the database, merging by stable keys so progress survives."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import delete, select
from sqlalchemy.orm import Session, selectinload

from roadmap_desktop.core.models import (
    Origin,
    Phase,
    PracticeQuestion,
    Resource,
    Roadmap,
    Step,
    StepKind,
    StepProgress,
    StepResource,
    StepStatus,
    Topic,
    TopicTick,
)
from roadmap_desktop.core.roadmap_format import ResourceSpec, RoadmapSpec


@dataclass
class SyncReport:
    """What a content sync did, for messages and tests."""

    slug: str
    created: bool = False
    unchanged: bool = False
    added_steps: list[str] = field(default_factory=list)
    updated_steps: list[str] = field(default_factory=list)
    archived_steps: list[str] = field(default_factory=list)
    removed_steps: list[str] = field(default_factory=list)


def sync_roadmap(
    session: Session, spec: RoadmapSpec, *, origin: Origin, source_ref: str = "", position: int = 0
) -> SyncReport:
    """Create or update the roadmap spec.slug from spec inside the caller's transaction."""
    report = SyncReport(slug=spec.slug)
    roadmap = session.scalar(
        select(Roadmap)
        .where(Roadmap.slug == spec.slug)
        .options(
            selectinload(Roadmap.phases), selectinload(Roadmap.steps).selectinload(Step.topics)
        )
    )
    if roadmap is None:
        roadmap = Roadmap(slug=spec.slug)
        session.add(roadmap)
        report.created = True
    elif spec.content_hash and roadmap.content_hash == spec.content_hash:
        report.unchanged = True
        return report
    roadmap.title = spec.title
    roadmap.summary_md = spec.summary
    roadmap.origin = origin
    roadmap.source_ref = source_ref or spec.source
    roadmap.content_version = spec.content_version
    roadmap.content_hash = spec.content_hash
    roadmap.position = position
    session.flush()

    phases = {p.key: p for p in roadmap.phases}
    steps = {s.key: s for s in roadmap.steps}
    resources = _ResourceIndex(session)
    wanted_phase_keys = {p.key for p in spec.phases}
    wanted_step_keys = {s.key for s in spec.all_steps()}

    for p_pos, p_spec in enumerate(spec.phases):
        phase = phases.get(p_spec.key)
        if phase is None:
            phase = Phase(roadmap=roadmap, key=p_spec.key)
            session.add(phase)
            phases[p_spec.key] = phase
        phase.position = p_pos
        phase.title = p_spec.title
        phase.summary_md = p_spec.summary
        phase.start_week = p_spec.start_week
        phase.end_week = p_spec.end_week
        session.flush()
        for s_pos, s_spec in enumerate(p_spec.steps):
            step = steps.get(s_spec.key)
            if step is None:
                step = Step(roadmap=roadmap, key=s_spec.key)
                session.add(step)
                steps[s_spec.key] = step
                report.added_steps.append(s_spec.key)
            elif not report.created:
                report.updated_steps.append(s_spec.key)
            step.phase = phase
            step.position = s_pos
            step.kind = StepKind(s_spec.kind)
            step.title = s_spec.title
            step.body_md = s_spec.body
            step.estimated_hours = s_spec.effort_hours
            step.archived = False
            if step.topics or step.resource_links:
                # Delete the old checklist and links before inserting the new ones: the unit of
                # work inserts before it deletes, which breaks the unique (step_id, key).
                step.topics = []
                step.resource_links = []
                session.flush()
            with session.no_autoflush:
                step.topics = [
                    Topic(key=t.key, position=i, text=t.text) for i, t in enumerate(s_spec.topics)
                ]
                # A resource listed twice in one step (same URL) is linked once.
                linked = dict.fromkeys(resources.find_or_create(r) for r in s_spec.resources)
                step.resource_links = [
                    StepResource(resource=res, position=i) for i, res in enumerate(linked)
                ]
            session.flush()

    with_progress = _keys_with_progress(session, roadmap.id)
    for key, step in steps.items():
        if key in wanted_step_keys:
            continue
        if key in with_progress:
            if not step.archived:
                step.archived = True
                step.phase = None
                report.archived_steps.append(key)
        else:
            session.delete(step)
            report.removed_steps.append(key)
    for key, phase in phases.items():
        if key not in wanted_phase_keys:
            session.delete(phase)

    session.execute(delete(PracticeQuestion).where(PracticeQuestion.roadmap_id == roadmap.id))
    session.add_all(
        PracticeQuestion(
            roadmap=roadmap,
            key=q.key,
            step_key=q.step,
            position=i,
            prompt_md=q.prompt,
            answer_md=q.answer,
        )
        for i, q in enumerate(spec.questions)
    )
    session.flush()
    return report


def _keys_with_progress(session: Session, roadmap_id: int) -> set[str]:
    marked = session.scalars(
        select(StepProgress.step_key).where(
            StepProgress.roadmap_id == roadmap_id,
            (StepProgress.status != StepStatus.TODO) | (StepProgress.note_md != ""),
        )
    )
    ticked = session.scalars(select(TopicTick.step_key).where(TopicTick.roadmap_id == roadmap_id))
    return set(marked) | set(ticked)


class _ResourceIndex:
    """Finds resources already stored (by URL, else by title and kind) so none is duplicated."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.by_url: dict[str, Resource] = {}
        self.by_title: dict[tuple[str, str], Resource] = {}
        for res in session.scalars(select(Resource)):
            self._remember(res)

    def _remember(self, res: Resource) -> None:
        if res.url:
            self.by_url[res.url.rstrip("/").lower()] = res
        else:
            self.by_title[(res.title.lower(), res.kind)] = res

    def find_or_create(self, spec: ResourceSpec) -> Resource:
        found = (
            self.by_url.get(spec.url.rstrip("/").lower())
            if spec.url
            else self.by_title.get((spec.title.lower(), spec.kind))
        )
        if found is not None:
            return found
        res = Resource(
            title=spec.title, url=spec.url, kind=spec.kind, author=spec.author, cost=spec.cost
        )
        self.session.add(res)
        self._remember(res)
        return res
