"""Frozen copies of roadmap content and progress, for undo (delete → restore) and copies."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session, selectinload

from roadmap_desktop.core.cards import sync_question_cards
from roadmap_desktop.core.errors import NotFoundError, UserFacingError
from roadmap_desktop.core.models import (
    GroupPick,
    Origin,
    Phase,
    PracticeQuestion,
    Resource,
    Roadmap,
    RoadmapProgress,
    Step,
    StepGroup,
    StepGroupMember,
    StepKind,
    StepProgress,
    StepResource,
    StepStatus,
    Topic,
    TopicTick,
)
from roadmap_desktop.services.changes import ChangeKind, ChangeSet
from roadmap_desktop.services.review_values import CardSnapshot


@dataclass(frozen=True)
class LinkSnapshot:
    """A step's link to a library resource."""

    resource_id: int
    position: int
    user_linked: bool


@dataclass(frozen=True)
class StepSnapshot:
    """A step's content, as it was; `deleted` is False when it was archived instead."""

    roadmap_id: int
    key: str
    phase_key: str | None
    position: int
    kind: StepKind
    title: str
    body_md: str
    estimated_hours: float
    archived: bool
    topics: tuple[tuple[str, str], ...]  # (key, text), in order
    links: tuple[LinkSnapshot, ...]
    deleted: bool = True


@dataclass(frozen=True)
class PhaseSnapshot:
    """A phase with the steps it held."""

    roadmap_id: int
    key: str
    position: int
    title: str
    summary_md: str
    start_week: int
    end_week: int
    steps: tuple[StepSnapshot, ...]


@dataclass(frozen=True)
class ProgressSnapshot:
    """One step_progress row."""

    step_key: str
    status: StepStatus
    started_at: datetime | None
    done_at: datetime | None
    note_md: str
    note_updated_at: datetime | None


@dataclass(frozen=True)
class RoadmapSnapshot:
    """A whole roadmap: content, progress, and the plan blocks, sessions and timer that were
    detached from it when it was deleted (re-attached on restore)."""

    id: int
    slug: str
    title: str
    summary_md: str
    origin: Origin
    source_ref: str
    content_version: int
    content_hash: str
    position: int
    phases: tuple[PhaseSnapshot, ...]
    archived: tuple[StepSnapshot, ...]
    questions: tuple[tuple[str, str | None, int, str, str], ...]  # key, step, pos, prompt, answer
    progress: tuple[ProgressSnapshot, ...]
    ticks: tuple[tuple[str, str, datetime], ...]
    schedule: tuple[date, float] | None
    blocks: tuple[tuple[int, str | None, str], ...] = ()  # (id, step key, title before)
    sessions: tuple[tuple[int, str | None], ...] = ()
    timer_step: str | None = None
    had_timer: bool = False
    cards: tuple[CardSnapshot, ...] = ()  # with their review log (services/card_snapshots)
    # "Choose one of" groups (key, title, option keys in order) and the learner's picks
    # (group key, step key, when).
    groups: tuple[tuple[str, str, tuple[str, ...]], ...] = ()
    picks: tuple[tuple[str, str, datetime], ...] = ()


def roadmap_change(roadmap_id: int | None, *keys: str) -> ChangeSet:
    """The change every edit reports: the roadmap's content (and these steps) changed."""
    return ChangeSet.of(ChangeKind.ROADMAPS, roadmap_id=roadmap_id, step_keys=set(keys))


def editable(session: Session, roadmap_id: int) -> Roadmap:
    """The roadmap, if the learner may edit it; bundled ones are refused. Marks it edited, so
    a later import of the same file applies instead of being skipped as unchanged."""
    roadmap = session.get(Roadmap, roadmap_id)
    if roadmap is None:
        raise NotFoundError(f"No roadmap with id {roadmap_id}.")
    if roadmap.origin == Origin.BUNDLED:
        raise UserFacingError(
            f"“{roadmap.title}” comes with the app and cannot be edited. Use “Make my own "
            "copy” to get a copy you can change; your progress comes with it."
        )
    roadmap.content_hash = ""
    return roadmap


def clean_title(title: str, what: str = "title") -> str:
    """A title as stored: single spaces, 1–200 characters."""
    text = " ".join(title.split())
    if not text:
        raise UserFacingError(f"The {what} must not be empty.")
    if len(text) > 200:
        raise UserFacingError(f"The {what} is longer than 200 characters.")
    return text


def capture_step(step: Step, *, deleted: bool = True) -> StepSnapshot:
    """The step's content (topics and links loaded) as a frozen value."""
    return StepSnapshot(
        roadmap_id=step.roadmap_id,
        key=step.key,
        phase_key=step.phase.key if step.phase is not None else None,
        position=step.position,
        kind=step.kind,
        title=step.title,
        body_md=step.body_md,
        estimated_hours=step.estimated_hours,
        archived=step.archived,
        topics=tuple((t.key, t.text) for t in step.topics),
        links=tuple(
            LinkSnapshot(link.resource_id, link.position, link.user_linked)
            for link in step.resource_links
        ),
        deleted=deleted,
    )


def write_step(
    session: Session, roadmap: Roadmap, phase: Phase | None, snap: StepSnapshot, *, key: str = ""
) -> Step:
    """A new step row from a snapshot; links to resources deleted since are left out."""
    step = Step(
        roadmap=roadmap,
        phase=phase,
        key=key or snap.key,
        position=snap.position,
        kind=snap.kind,
        title=snap.title,
        body_md=snap.body_md,
        estimated_hours=snap.estimated_hours,
        archived=phase is None,
    )
    session.add(step)
    step.topics = [Topic(key=k, position=i, text=t) for i, (k, t) in enumerate(snap.topics)]
    present = set(
        session.scalars(
            select(Resource.id).where(Resource.id.in_([link.resource_id for link in snap.links]))
        )
    )
    step.resource_links = [
        StepResource(
            resource_id=link.resource_id, position=link.position, user_linked=link.user_linked
        )
        for link in snap.links
        if link.resource_id in present
    ]
    return step


def load_roadmap(session: Session, roadmap_id: int) -> Roadmap:
    """The roadmap with its phases, steps, topics and links loaded."""
    roadmap = session.scalar(
        select(Roadmap)
        .where(Roadmap.id == roadmap_id)
        .options(
            selectinload(Roadmap.phases),
            selectinload(Roadmap.steps).selectinload(Step.topics),
            selectinload(Roadmap.steps).selectinload(Step.resource_links),
            selectinload(Roadmap.steps).selectinload(Step.phase),
            selectinload(Roadmap.questions),
        )
    )
    if roadmap is None:
        raise NotFoundError(f"No roadmap with id {roadmap_id}.")
    return roadmap


def capture_roadmap(session: Session, roadmap: Roadmap) -> RoadmapSnapshot:
    """Content and progress of a loaded roadmap (see load_roadmap)."""
    by_phase: dict[int, list[StepSnapshot]] = {}
    archived = []
    for step in sorted(roadmap.steps, key=lambda s: (s.position, s.key)):
        snap = capture_step(step)
        if step.phase_id is None:
            archived.append(snap)
        else:
            by_phase.setdefault(step.phase_id, []).append(snap)
    phases = tuple(
        PhaseSnapshot(
            roadmap.id,
            p.key,
            p.position,
            p.title,
            p.summary_md,
            p.start_week,
            p.end_week,
            tuple(by_phase.get(p.id, [])),
        )
        for p in roadmap.phases
    )
    progress = tuple(
        ProgressSnapshot(
            p.step_key, p.status, p.started_at, p.done_at, p.note_md, p.note_updated_at
        )
        for p in session.scalars(
            select(StepProgress)
            .where(StepProgress.roadmap_id == roadmap.id)
            .order_by(StepProgress.step_key)
        )
    )
    ticks = tuple(
        session.execute(
            select(TopicTick.step_key, TopicTick.topic_key, TopicTick.ticked_at)
            .where(TopicTick.roadmap_id == roadmap.id)
            .order_by(TopicTick.step_key, TopicTick.topic_key)
        ).tuples()
    )
    plan = session.get(RoadmapProgress, roadmap.id)
    groups, picks = capture_groups(session, roadmap.id)
    return RoadmapSnapshot(
        id=roadmap.id,
        slug=roadmap.slug,
        title=roadmap.title,
        summary_md=roadmap.summary_md,
        origin=roadmap.origin,
        source_ref=roadmap.source_ref,
        content_version=roadmap.content_version,
        content_hash=roadmap.content_hash,
        position=roadmap.position,
        phases=phases,
        archived=tuple(archived),
        questions=tuple(
            (q.key, q.step_key, q.position, q.prompt_md, q.answer_md) for q in roadmap.questions
        ),
        progress=progress,
        ticks=ticks,
        schedule=(plan.start_date, plan.weekly_hours) if plan is not None else None,
        groups=groups,
        picks=picks,
    )


def capture_groups(
    session: Session, roadmap_id: int
) -> tuple[tuple[tuple[str, str, tuple[str, ...]], ...], tuple[tuple[str, str, datetime], ...]]:
    """A roadmap's groups (key, title, option keys) and picks (group, step, when) as values."""
    groups = tuple(
        (g.key, g.title, tuple(m.step_key for m in g.members))
        for g in session.scalars(
            select(StepGroup)
            .where(StepGroup.roadmap_id == roadmap_id)
            .order_by(StepGroup.position, StepGroup.id)
            .options(selectinload(StepGroup.members))
        )
    )
    picks = tuple(
        session.execute(
            select(GroupPick.group_key, GroupPick.step_key, GroupPick.picked_at)
            .where(GroupPick.roadmap_id == roadmap_id)
            .order_by(GroupPick.group_key)
        ).tuples()
    )
    return groups, picks


def write_groups(
    session: Session,
    roadmap_id: int,
    groups: Iterable[tuple[str, str, tuple[str, ...]]],
    picks: Iterable[tuple[str, str, datetime]],
) -> None:
    """Write groups and picks captured by capture_groups into a roadmap that has none."""
    taken: set[str] = set()
    for position, (key, title, options) in enumerate(groups):
        members = [k for k in dict.fromkeys(options) if k not in taken]  # one group per step
        taken.update(members)
        session.add(
            StepGroup(
                roadmap_id=roadmap_id,
                key=key,
                position=position,
                title=title,
                members=[
                    StepGroupMember(roadmap_id=roadmap_id, step_key=k, position=i)
                    for i, k in enumerate(members)
                ],
            )
        )
    session.add_all(
        GroupPick(roadmap_id=roadmap_id, group_key=group, step_key=step, picked_at=at)
        for group, step, at in picks
    )


def write_roadmap(
    session: Session,
    snap: RoadmapSnapshot,
    *,
    slug: str,
    title: str,
    origin: Origin,
    source_ref: str,
    roadmap_id: int | None = None,
    position: int | None = None,
) -> Roadmap:
    """A new roadmap from a snapshot: content, archived steps, questions and progress."""
    roadmap = Roadmap(
        id=roadmap_id,
        slug=slug,
        title=title,
        summary_md=snap.summary_md,
        origin=origin,
        source_ref=source_ref,
        content_version=snap.content_version,
        content_hash=snap.content_hash if origin == snap.origin else "",
        position=snap.position if position is None else position,
    )
    session.add(roadmap)
    session.flush()
    for p in snap.phases:
        phase = Phase(
            roadmap=roadmap,
            key=p.key,
            position=p.position,
            title=p.title,
            summary_md=p.summary_md,
            start_week=p.start_week,
            end_week=p.end_week,
        )
        session.add(phase)
        for step in p.steps:
            write_step(session, roadmap, phase, step)
    for step in snap.archived:
        write_step(session, roadmap, None, step)
    for key, step_key, pos, prompt, answer in snap.questions:
        session.add(
            PracticeQuestion(
                roadmap=roadmap,
                key=key,
                step_key=step_key,
                position=pos,
                prompt_md=prompt,
                answer_md=answer,
            )
        )
    session.flush()
    # Progress rows of a removed id could survive only through a bug; never mix them in.
    session.execute(delete(StepProgress).where(StepProgress.roadmap_id == roadmap.id))
    session.execute(delete(TopicTick).where(TopicTick.roadmap_id == roadmap.id))
    session.add_all(
        StepProgress(
            roadmap_id=roadmap.id,
            step_key=p.step_key,
            status=p.status,
            started_at=p.started_at,
            done_at=p.done_at,
            note_md=p.note_md,
            note_updated_at=p.note_updated_at,
        )
        for p in snap.progress
    )
    add_ticks_and_schedule(session, roadmap.id, snap.ticks, snap.schedule)
    session.execute(delete(GroupPick).where(GroupPick.roadmap_id == roadmap.id))
    write_groups(session, roadmap.id, snap.groups, snap.picks)
    session.flush()
    sync_question_cards(session, roadmap.id)
    return roadmap


def add_ticks_and_schedule(
    session: Session,
    roadmap_id: int,
    ticks: Iterable[tuple[str, str, datetime]],
    schedule: tuple[date, float] | None,
) -> None:
    """Write a roadmap's topic ticks and its start date / weekly hours (copies and bundles)."""
    session.add_all(
        TopicTick(roadmap_id=roadmap_id, step_key=s, topic_key=t, ticked_at=at)
        for s, t, at in ticks
    )
    if schedule is not None:
        session.add(
            RoadmapProgress(roadmap_id=roadmap_id, start_date=schedule[0], weekly_hours=schedule[1])
        )
