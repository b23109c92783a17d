"""Read-side services: snapshots of roadmaps and steps for the views and the CLI."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from datetime import date
from typing import Any

from sqlalchemy import BindParameter, bindparam, func, select
from sqlalchemy.orm import Session

from roadmap_desktop.core import alternatives, progress
from roadmap_desktop.core.db import Database
from roadmap_desktop.core.errors import NotFoundError
from roadmap_desktop.core.models import (
    Phase,
    PracticeQuestion,
    Resource,
    Roadmap,
    RoadmapProgress,
    Step,
    StepKind,
    StepProgress,
    StepResource,
    StepStatus,
    Topic,
    TopicTick,
)
from roadmap_desktop.services import overview_math
from roadmap_desktop.services.snapshots import (
    GroupRow,
    QuestionRow,
    ResourceRow,
    RoadmapOverview,
    RoadmapSummary,
    StatusState,
    StepDetail,
    StepRow,
    TopicRow,
)


def roadmap_id_for(db: Database, slug: str) -> int:
    """The id of the roadmap with this slug; NotFoundError naming the known slugs otherwise."""
    with db.reading() as session:
        found = session.scalar(select(Roadmap.id).where(Roadmap.slug == slug))
        if found is None:
            known = ", ".join(session.scalars(select(Roadmap.slug).order_by(Roadmap.position)))
            raise NotFoundError(f"No roadmap {slug!r}. Known roadmaps: {known or 'none'}.")
        return found


def roadmap_choices(db: Database) -> list[tuple[int, str, str]]:
    """(id, slug, title) of every roadmap in switcher order, without reading any progress."""
    with db.reading() as session:
        return [
            (rid, slug, title)
            for rid, slug, title in session.execute(
                select(Roadmap.id, Roadmap.slug, Roadmap.title).order_by(
                    Roadmap.position, Roadmap.title
                )
            ).tuples()
        ]


def list_roadmaps(db: Database) -> list[RoadmapSummary]:
    """Every roadmap with its overall progress, in switcher order."""
    with db.reading() as session:
        roadmaps = list(session.scalars(select(Roadmap).order_by(Roadmap.position, Roadmap.title)))
        return [_summary(session, roadmap) for roadmap in roadmaps]


def _summary(session: Session, roadmap: Roadmap) -> RoadmapSummary:
    values = list(_step_facts(session, roadmap.id).values())
    weeks = session.scalar(select(func.max(Phase.end_week)).where(Phase.roadmap_id == roadmap.id))
    return RoadmapSummary(
        id=roadmap.id,
        slug=roadmap.slug,
        title=roadmap.title,
        origin=roadmap.origin.value,
        percent=progress.percent(progress.completion(values)),
        steps_total=len(values),
        steps_finished=sum(1 for f in values if f.status in progress.FINISHED),
        summary=_first_line(roadmap.summary_md),
        total_weeks=int(weeks or 0),
        total_hours=sum(max(f.hours, 0.0) for f in values),
    )


def _first_line(markdown: str) -> str:
    """The first sentence of a Markdown text's first paragraph, plain, at most 140 characters."""
    paragraph: list[str] = []
    for line in markdown.splitlines():
        text = re.sub(r"\]\([^)]*\)", "]", line)
        text = re.sub(r"[*_`#>\[\]]", "", text).strip()
        if text:
            paragraph.append(text)
        elif paragraph:
            break
    joined = " ".join(paragraph)
    sentence = re.split(r"(?<=[.!?])\s", joined, maxsplit=1)[0]
    return sentence if len(sentence) <= 140 else sentence[:139].rstrip() + "…"


def _step_facts(session: Session, roadmap_id: int) -> dict[str, progress.StepFacts]:
    """The facts of the live steps progress counts, by key: of a "choose one of" group only the
    representative option (core.progress.counted), so every figure counts a group once."""
    return progress.counted(
        _raw_step_facts(session, roadmap_id), alternatives.units(session, roadmap_id)
    )


def _group_marks(
    session: Session, roadmap_id: int, keys: Iterable[str] | None = None
) -> dict[str, tuple[str, str]]:
    """Step key → (group key, picked key or "") for every live option of a group (with `keys`,
    of the groups offering one of those steps)."""
    wanted = None if keys is None else list(keys)
    return {
        key: (group.key, group.picked or "")
        for group in alternatives.read_groups(session, roadmap_id, wanted)
        for key in group.option_keys()
    }


def _raw_step_facts(session: Session, roadmap_id: int) -> dict[str, progress.StepFacts]:
    steps = session.execute(
        select(Step.key, Step.estimated_hours, Step.id).where(
            Step.roadmap_id == roadmap_id, Step.archived.is_(False)
        )
    ).all()
    statuses = dict(
        session.execute(
            select(StepProgress.step_key, StepProgress.status).where(
                StepProgress.roadmap_id == roadmap_id
            )
        )
        .tuples()
        .all()
    )
    topic_totals = dict(
        session.execute(
            select(Topic.step_id, func.count())
            .join(Step)
            .where(Step.roadmap_id == roadmap_id)
            .group_by(Topic.step_id)
        )
        .tuples()
        .all()
    )
    ticks = _live_ticks(session, roadmap_id)
    return {
        key: progress.StepFacts(
            status=statuses.get(key, StepStatus.TODO),
            hours=hours,
            topics_total=topic_totals.get(step_id, 0),
            topics_done=ticks.get(key, 0),
        )
        for key, hours, step_id in steps
    }


def _live_ticks(session: Session, roadmap_id: int) -> Counter[str]:
    """Ticks per step key, counting only ticks whose topic still exists."""
    rows = session.execute(
        select(TopicTick.step_key)
        .join(Step, (Step.roadmap_id == TopicTick.roadmap_id) & (Step.key == TopicTick.step_key))
        .join(Topic, (Topic.step_id == Step.id) & (Topic.key == TopicTick.topic_key))
        .where(TopicTick.roadmap_id == roadmap_id)
    ).scalars()
    return Counter(rows)


def roadmap_overview(db: Database, roadmap_id: int, today: date) -> RoadmapOverview:
    """Phases, steps and progress of one roadmap as of today."""
    with db.reading() as session:
        roadmap = session.get(Roadmap, roadmap_id)
        if roadmap is None:
            raise NotFoundError(f"No roadmap with id {roadmap_id}.")
        phases = session.execute(
            select(
                Phase.id,
                Phase.key,
                Phase.title,
                Phase.start_week,
                Phase.end_week,
                Phase.summary_md,
            )
            .where(Phase.roadmap_id == roadmap_id)
            .order_by(Phase.position, Phase.id)
        ).all()
        facts = _raw_step_facts(session, roadmap_id)
        marks = _group_marks(session, roadmap_id)
        notes = set(
            session.scalars(
                select(StepProgress.step_key).where(
                    StepProgress.roadmap_id == roadmap_id, StepProgress.note_md != ""
                )
            )
        )
        plan = session.get(RoadmapProgress, roadmap_id)
        by_phase: dict[int | None, list[StepRow]] = defaultdict(list)
        for key, title, kind, hours, phase_id in session.execute(
            select(Step.key, Step.title, Step.kind, Step.estimated_hours, Step.phase_id)
            .where(
                Step.roadmap_id == roadmap_id,
                Step.archived.is_(False),
                Step.phase_id.is_not(None),
            )
            .order_by(Step.position, Step.id)
        ).tuples():
            by_phase[phase_id].append(
                _step_row(key, title, kind, hours, facts[key], key in notes, marks.get(key))
            )
        phase_rows = tuple(
            overview_math.phase_row(
                key=key,
                title=title,
                start_week=start_week,
                end_week=end_week,
                summary_md=summary_md,
                steps=tuple(by_phase[phase_id]),
            )
            for phase_id, key, title, start_week, end_week, summary_md in phases
        )
        completion, remaining, current = overview_math.totals(phase_rows)
        # One study-time setting: the availability's sum when any is set (core/study_time.py).
        from roadmap_desktop.core.study_time import effective_hours
        from roadmap_desktop.services.plan_reads import read_availability

        weekly = effective_hours(read_availability(session), plan.weekly_hours if plan else 10.0)
        return RoadmapOverview(
            id=roadmap.id,
            slug=roadmap.slug,
            title=roadmap.title,
            summary_md=roadmap.summary_md,
            start_date=plan.start_date if plan else None,
            weekly_hours=weekly,
            phases=phase_rows,
            completion=completion,
            current_phase=current,
            current_week=progress.week_number(plan.start_date, today) if plan else 0,
            total_weeks=max((p.end_week for p in phases), default=0),
            remaining_hours=remaining,
            projected_finish=progress.projected_finish(remaining, weekly, today),
        )


def _step_row(
    key: str,
    title: str,
    kind: StepKind,
    hours: float,
    facts: progress.StepFacts,
    has_note: bool,
    mark: tuple[str, str] | None = None,
) -> StepRow:
    group_key, picked = mark or ("", "")
    return StepRow(
        key=key,
        title=title,
        kind=kind,
        hours=hours,
        status=facts.status,
        topics_total=facts.topics_total,
        topics_done=facts.topics_done,
        has_note=has_note,
        group_key=group_key,
        picked=picked,
    )


_KEYS: BindParameter[Any] = bindparam("keys", expanding=True)
_ROWS_STEPS = select(Step.id, Step.key, Step.title, Step.kind, Step.estimated_hours).where(
    Step.roadmap_id == bindparam("roadmap_id"), Step.key.in_(_KEYS), Step.archived.is_(False)
)
_ROWS_PROGRESS = select(
    StepProgress.step_key, StepProgress.status, StepProgress.note_md != ""
).where(StepProgress.roadmap_id == bindparam("roadmap_id"), StepProgress.step_key.in_(_KEYS))
_ROWS_TOPICS = (
    select(Topic.step_id, func.count())
    .where(Topic.step_id.in_(bindparam("step_ids", expanding=True)))
    .group_by(Topic.step_id)
)
_ROWS_TICKS = (
    select(TopicTick.step_key)
    .join(Step, (Step.roadmap_id == TopicTick.roadmap_id) & (Step.key == TopicTick.step_key))
    .join(Topic, (Topic.step_id == Step.id) & (Topic.key == TopicTick.topic_key))
    .where(TopicTick.roadmap_id == bindparam("roadmap_id"), TopicTick.step_key.in_(_KEYS))
)


def step_rows(db: Database, roadmap_id: int, keys: Iterable[str]) -> list[StepRow]:
    """The step-list rows of a few steps (live ones only), read with a handful of small queries:
    what a view needs after a tick, a status change or a note on those steps."""
    wanted = sorted(set(keys))
    if not wanted:
        return []
    at = {"roadmap_id": roadmap_id, "keys": wanted}
    with db.reading() as session:
        conn = session.connection()
        steps = conn.execute(_ROWS_STEPS, at).all()
        if not steps:
            return []
        progress_rows = {
            key: (status, has_note)
            for key, status, has_note in conn.execute(_ROWS_PROGRESS, at).tuples()
        }
        topic_totals = dict(
            conn.execute(_ROWS_TOPICS, {"step_ids": [s.id for s in steps]}).tuples().all()
        )
        ticks = Counter(conn.execute(_ROWS_TICKS, at).scalars())
        marks = _group_marks(session, roadmap_id, wanted)
    rows = []
    for step_id, key, title, kind, hours in steps:
        status, has_note = progress_rows.get(key, (StepStatus.TODO, False))
        facts = progress.StepFacts(
            status=status,
            hours=hours,
            topics_total=topic_totals.get(step_id, 0),
            topics_done=ticks.get(key, 0),
        )
        rows.append(_step_row(key, title, kind, hours, facts, bool(has_note), marks.get(key)))
    return rows


_STATE = select(StepProgress.status, StepProgress.started_at, StepProgress.done_at).where(
    StepProgress.roadmap_id == bindparam("roadmap_id"),
    StepProgress.step_key == bindparam("step_key"),
)
_TICKED = select(TopicTick.topic_key).where(
    TopicTick.roadmap_id == bindparam("roadmap_id"), TopicTick.step_key == bindparam("step_key")
)


def step_state(db: Database, roadmap_id: int, step_key: str) -> tuple[StatusState, frozenset[str]]:
    """A step's status with its timestamps and the keys of its ticked topics (two small reads:
    what the step pane needs after a tick or a status change)."""
    at = {"roadmap_id": roadmap_id, "step_key": step_key}
    with db.reading() as session:
        conn = session.connection()
        row = conn.execute(_STATE, at).first()
        ticked = frozenset(conn.scalars(_TICKED, at))
    state = StatusState(row[0], row[1], row[2]) if row else StatusState(StepStatus.TODO, None, None)
    return state, ticked


def roadmap_summary(db: Database, roadmap_id: int) -> RoadmapSummary:
    """One roadmap's switcher entry (list_roadmaps for a single roadmap)."""
    with db.reading() as session:
        roadmap = session.get(Roadmap, roadmap_id)
        if roadmap is None:
            raise NotFoundError(f"No roadmap with id {roadmap_id}.")
        return _summary(session, roadmap)


# The step pane's reads, built once with bound parameters: selecting a step runs them without
# rebuilding the statements or their cache keys (most of a small read's cost in SQLAlchemy).
_RID: BindParameter[Any] = bindparam("roadmap_id")
_KEY: BindParameter[Any] = bindparam("step_key")
_SID: BindParameter[Any] = bindparam("step_id")
_DETAIL_STEP = (
    select(
        Step.id,
        Step.key,
        Step.title,
        Step.kind,
        Step.estimated_hours,
        Step.body_md,
        Roadmap.title,
        Phase.title,
    )
    .join(Roadmap, Roadmap.id == Step.roadmap_id)
    .outerjoin(Phase, Phase.id == Step.phase_id)
    .where(Step.roadmap_id == _RID, Step.key == _KEY)
)
_DETAIL_PROGRESS = select(
    StepProgress.status,
    StepProgress.started_at,
    StepProgress.done_at,
    StepProgress.note_md,
    StepProgress.note_updated_at,
).where(StepProgress.roadmap_id == _RID, StepProgress.step_key == _KEY)
_DETAIL_TICKS = select(TopicTick.topic_key).where(
    TopicTick.roadmap_id == _RID, TopicTick.step_key == _KEY
)
_DETAIL_TOPICS = (
    select(Topic.key, Topic.text).where(Topic.step_id == _SID).order_by(Topic.position, Topic.id)
)
_DETAIL_RESOURCES = (
    select(Resource.id, Resource.title, Resource.url, Resource.kind, Resource.author, Resource.cost)
    .join(StepResource, StepResource.resource_id == Resource.id)
    .where(StepResource.step_id == _SID)
    .order_by(StepResource.position, StepResource.resource_id)
)
_DETAIL_QUESTIONS = (
    select(PracticeQuestion.key, PracticeQuestion.prompt_md, PracticeQuestion.answer_md)
    .where(PracticeQuestion.roadmap_id == _RID, PracticeQuestion.step_key == _KEY)
    .order_by(PracticeQuestion.position)
)


def step_detail(db: Database, roadmap_id: int, step_key: str) -> StepDetail:
    """Text, status, topics, resources, questions and note of one step (six flat Core reads
    on one connection: what the step pane shows each time another step is selected)."""
    at = {"roadmap_id": roadmap_id, "step_key": step_key}
    with db.reading() as session:
        conn = session.connection()
        step = conn.execute(_DETAIL_STEP, at).first()
        if step is None:
            raise NotFoundError(f"No step {step_key!r} in this roadmap.")
        step_id, key, title, kind, hours, body_md, roadmap_title, phase_title = step
        prog = conn.execute(_DETAIL_PROGRESS, at).first()
        ticked = set(conn.scalars(_DETAIL_TICKS, at))
        topics = conn.execute(_DETAIL_TOPICS, {"step_id": step_id}).all()
        resources = conn.execute(_DETAIL_RESOURCES, {"step_id": step_id}).all()
        questions = conn.execute(_DETAIL_QUESTIONS, at).all()
        group = _group_row(alternatives.group_of(session, roadmap_id, step_key))
    return StepDetail(
        roadmap_id=roadmap_id,
        key=key,
        title=title,
        kind=kind,
        hours=hours,
        body_md=body_md,
        roadmap_title=roadmap_title,
        phase_title=phase_title if phase_title is not None else "Archived",
        status=prog[0] if prog else StepStatus.TODO,
        started_at=prog[1] if prog else None,
        done_at=prog[2] if prog else None,
        note_md=prog[3] if prog else "",
        note_updated_at=prog[4] if prog else None,
        topics=tuple(TopicRow(k, text, k in ticked) for k, text in topics),
        resources=tuple(ResourceRow(*row) for row in resources),
        questions=tuple(QuestionRow(*row) for row in questions),
        group=group,
    )


def step_group(db: Database, roadmap_id: int, step_key: str) -> GroupRow | None:
    """The "choose one of" group offering this step, with the pick (None for no group)."""
    with db.reading() as session:
        return _group_row(alternatives.group_of(session, roadmap_id, step_key))


def _group_row(group: alternatives.GroupView | None) -> GroupRow | None:
    if group is None:
        return None
    return GroupRow(group.key, group.title, group.options, group.picked)
