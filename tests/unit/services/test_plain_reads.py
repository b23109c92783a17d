"""The plain-SQL reads return exactly what the ORM reads they replaced returned, types included,
on databases built through the write services (ticks, statuses, notes, picks, archived and
phase-less steps, resources, cards, availability, study time). The ORM reads are kept here only,
as the oracle."""

from __future__ import annotations

import dataclasses
import enum
import shutil
from collections import Counter, defaultdict
from collections.abc import Collection, Iterable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from roadmap_desktop.core import alternatives, progress
from roadmap_desktop.core import planner as maths
from roadmap_desktop.core.content_sync import sync_roadmap
from roadmap_desktop.core.db import Database, open_database
from roadmap_desktop.core.enums import StepStatus
from roadmap_desktop.core.errors import NotFoundError, UserFacingError
from roadmap_desktop.core.groups_sql import GroupView, Member
from roadmap_desktop.core.models import (
    ActiveTimer,
    Availability,
    GroupPick,
    Origin,
    Phase,
    PracticeQuestion,
    Resource,
    ResourceTag,
    Roadmap,
    RoadmapProgress,
    Step,
    StepGroup,
    StepGroupMember,
    StepProgress,
    StepResource,
    StudySession,
    Topic,
    TopicTick,
)
from roadmap_desktop.core.resource_draft import ResourceDraft
from roadmap_desktop.core.roadmap_format import load_roadmap_file
from roadmap_desktop.core.scheduling import FsrsState
from roadmap_desktop.services import alternatives as choices
from roadmap_desktop.services import (
    cards,
    library,
    library_read,
    overview_math,
    plan_reads,
    planner,
    queries,
    review_queue,
    roadmap_edit,
    step_edit,
    study,
    timekeeping,
)
from roadmap_desktop.services.library_snapshots import LibraryRow, StepRef
from roadmap_desktop.services.review_values import CardDraft, ReviewCard
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

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
TODAY = date(2026, 11, 20)

# --- the oracle: the ORM reads as they were before they were written in plain SQL ------------


def orm_members(session: Session, roadmap_id: int | None, keys: Collection[str] | None = None):
    query = (
        select(
            StepGroup.roadmap_id,
            StepGroup.key,
            StepGroup.title,
            StepGroup.position,
            Step.id,
            Step.key,
            Step.title,
            Step.phase_id,
        )
        .join(StepGroupMember, StepGroupMember.group_id == StepGroup.id)
        .join(
            Step,
            (Step.roadmap_id == StepGroupMember.roadmap_id)
            & (Step.key == StepGroupMember.step_key),
        )
        .where(Step.archived.is_(False), Step.phase_id.is_not(None))
        .order_by(StepGroup.roadmap_id, StepGroup.position, StepGroupMember.position)
    )
    if keys is not None:
        group_ids = sorted(
            set(
                session.scalars(
                    select(StepGroupMember.group_id).where(
                        StepGroupMember.roadmap_id == roadmap_id,
                        StepGroupMember.step_key.in_(sorted(keys)),
                    )
                )
            )
        )
        if not group_ids:
            return []
        query = query.where(StepGroup.roadmap_id == roadmap_id, StepGroup.id.in_(group_ids))
    elif roadmap_id is not None:
        query = query.where(StepGroup.roadmap_id == roadmap_id)
    return [
        Member(rid, g_key, g_title, g_pos, s_id, s_key, s_title, phase_id or 0)
        for rid, g_key, g_title, g_pos, s_id, s_key, s_title, phase_id in session.execute(
            query
        ).tuples()
    ]


def orm_picks(session: Session, roadmap_id: int | None) -> dict[tuple[int, str], str]:
    query = select(GroupPick.roadmap_id, GroupPick.group_key, GroupPick.step_key)
    if roadmap_id is not None:
        query = query.where(GroupPick.roadmap_id == roadmap_id)
    return {(rid, group): step for rid, group, step in session.execute(query).tuples()}


def orm_read_groups(session: Session, roadmap_id: int, keys: Collection[str] | None = None):
    members = orm_members(session, roadmap_id, keys)
    if not members:
        return []
    picks = orm_picks(session, roadmap_id)
    by_group: dict[str, list[Any]] = defaultdict(list)
    for member in members:
        by_group[member.group_key].append(member)
    views = []
    for key, found in by_group.items():
        if len(found) < 2:
            continue
        options = tuple((m.step_key, m.step_title) for m in found)
        picked = picks.get((roadmap_id, key))
        views.append(
            GroupView(
                key, found[0].group_title, options, picked if picked in dict(options) else None
            )
        )
    return views


def orm_group_of(session: Session, roadmap_id: int, step_key: str):
    groups = orm_read_groups(session, roadmap_id, (step_key,))
    return next((g for g in groups if step_key in g.option_keys()), None)


def orm_units(session: Session, roadmap_id: int):
    picks = orm_picks(session, roadmap_id)
    split: dict[tuple[str, int], list[str]] = defaultdict(list)
    for member in orm_members(session, roadmap_id):
        split[(member.group_key, member.phase_id)].append(member.step_key)
    return [(tuple(keys), picks.get((roadmap_id, group))) for (group, _), keys in split.items()]


def orm_uncounted_step_ids(session: Session, roadmap_id: int | None = None) -> set[int]:
    members = orm_members(session, roadmap_id)
    if not members:
        return set()
    picks = orm_picks(session, roadmap_id)
    rids = {m.roadmap_id for m in members}
    keys = {m.step_key for m in members}
    statuses = {
        (rid, key): status
        for rid, key, status in session.execute(
            select(StepProgress.roadmap_id, StepProgress.step_key, StepProgress.status).where(
                StepProgress.roadmap_id.in_(rids), StepProgress.step_key.in_(keys)
            )
        ).tuples()
    }
    ticks = Counter(
        session.execute(
            select(TopicTick.roadmap_id, TopicTick.step_key)
            .join(
                Step, (Step.roadmap_id == TopicTick.roadmap_id) & (Step.key == TopicTick.step_key)
            )
            .join(Topic, (Topic.step_id == Step.id) & (Topic.key == TopicTick.topic_key))
            .where(TopicTick.roadmap_id.in_(rids), TopicTick.step_key.in_(keys))
        ).tuples()
    )
    split: dict[tuple[int, str, int], list[Any]] = defaultdict(list)
    for member in members:
        split[(member.roadmap_id, member.group_key, member.phase_id)].append(member)
    hidden: set[int] = set()
    for (rid, group, _phase), options in split.items():
        if len(options) < 2:
            continue
        facts = [
            (
                m.step_key,
                progress.StepFacts(
                    statuses.get((rid, m.step_key), StepStatus.TODO),
                    0.0,
                    topics_done=ticks.get((rid, m.step_key), 0),
                ),
            )
            for m in options
        ]
        chosen = progress.representative(facts, picks.get((rid, group)))
        hidden |= {m.step_id for m in options if m.step_key != chosen}
    return hidden


def orm_live_ticks(session: Session, roadmap_id: int) -> Counter[str]:
    return Counter(
        session.execute(
            select(TopicTick.step_key)
            .join(
                Step, (Step.roadmap_id == TopicTick.roadmap_id) & (Step.key == TopicTick.step_key)
            )
            .join(Topic, (Topic.step_id == Step.id) & (Topic.key == TopicTick.topic_key))
            .where(TopicTick.roadmap_id == roadmap_id)
        ).scalars()
    )


def orm_raw_step_facts(session: Session, roadmap_id: int) -> dict[str, progress.StepFacts]:
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
    ticks = orm_live_ticks(session, roadmap_id)
    return {
        key: progress.StepFacts(
            statuses.get(key, StepStatus.TODO),
            hours,
            topic_totals.get(step_id, 0),
            ticks.get(key, 0),
        )
        for key, hours, step_id in steps
    }


def orm_step_facts(session: Session, roadmap_id: int) -> dict[str, progress.StepFacts]:
    return progress.counted(orm_raw_step_facts(session, roadmap_id), orm_units(session, roadmap_id))


def orm_group_marks(session: Session, roadmap_id: int, keys: Iterable[str] | None = None):
    wanted = None if keys is None else list(keys)
    return {
        key: (group.key, group.picked or "")
        for group in orm_read_groups(session, roadmap_id, wanted)
        for key in group.option_keys()
    }


def orm_summary(session: Session, roadmap: Roadmap) -> RoadmapSummary:
    values = list(orm_step_facts(session, roadmap.id).values())
    weeks = session.scalar(select(func.max(Phase.end_week)).where(Phase.roadmap_id == roadmap.id))
    return RoadmapSummary(
        id=roadmap.id,
        slug=roadmap.slug,
        title=roadmap.title,
        origin=roadmap.origin.value,
        percent=progress.percent(progress.completion(values)),
        steps_total=len(values),
        steps_finished=sum(1 for f in values if f.status in progress.FINISHED),
        summary=queries.roadmaps_sql.first_line(roadmap.summary_md),
        total_weeks=int(weeks or 0),
        total_hours=sum(max(f.hours, 0.0) for f in values),
    )


def orm_roadmap_id_for(db: Database, slug: str) -> int:
    with db.reading() as session:
        found = session.scalar(select(Roadmap.id).where(Roadmap.slug == slug))
        if found is None:
            known = ", ".join(session.scalars(select(Roadmap.slug).order_by(Roadmap.position)))
            raise NotFoundError(f"No roadmap {slug!r}. Known roadmaps: {known or 'none'}.")
        return found


def orm_roadmap_choices(db: Database) -> list[tuple[int, str, str]]:
    with db.reading() as session:
        return [
            (rid, slug, title)
            for rid, slug, title in session.execute(
                select(Roadmap.id, Roadmap.slug, Roadmap.title).order_by(
                    Roadmap.position, Roadmap.title
                )
            ).tuples()
        ]


def orm_list_roadmaps(db: Database) -> list[RoadmapSummary]:
    with db.reading() as session:
        found = session.scalars(select(Roadmap).order_by(Roadmap.position, Roadmap.title))
        return [orm_summary(session, roadmap) for roadmap in list(found)]


def orm_roadmap_summary(db: Database, roadmap_id: int) -> RoadmapSummary:
    with db.reading() as session:
        roadmap = session.get(Roadmap, roadmap_id)
        if roadmap is None:
            raise NotFoundError(f"No roadmap with id {roadmap_id}.")
        return orm_summary(session, roadmap)


def orm_read_availability(session: Session) -> dict[int, int]:
    stored = dict(
        session.execute(select(Availability.weekday, Availability.minutes)).tuples().all()
    )
    return {weekday: stored.get(weekday, 0) for weekday in range(7)}


def _step_row(key, title, kind, hours, facts, has_note, mark=None) -> StepRow:
    group_key, picked = mark or ("", "")
    return StepRow(
        key,
        title,
        kind,
        hours,
        facts.status,
        facts.topics_total,
        facts.topics_done,
        has_note,
        group_key,
        picked,
    )


def orm_roadmap_overview(db: Database, roadmap_id: int, today: date) -> RoadmapOverview:
    from roadmap_desktop.core.study_time import effective_hours

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
        facts = orm_raw_step_facts(session, roadmap_id)
        marks = orm_group_marks(session, roadmap_id)
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
        weekly = effective_hours(
            orm_read_availability(session), plan.weekly_hours if plan else 10.0
        )
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


def orm_step_rows(db: Database, roadmap_id: int, keys: Iterable[str]) -> list[StepRow]:
    wanted = sorted(set(keys))
    if not wanted:
        return []
    with db.reading() as session:
        steps = session.execute(
            select(Step.id, Step.key, Step.title, Step.kind, Step.estimated_hours).where(
                Step.roadmap_id == roadmap_id, Step.key.in_(wanted), Step.archived.is_(False)
            )
        ).all()
        if not steps:
            return []
        progress_rows = {
            key: (status, has_note)
            for key, status, has_note in session.execute(
                select(
                    StepProgress.step_key, StepProgress.status, StepProgress.note_md != ""
                ).where(StepProgress.roadmap_id == roadmap_id, StepProgress.step_key.in_(wanted))
            ).tuples()
        }
        topic_totals = dict(
            session.execute(
                select(Topic.step_id, func.count())
                .where(Topic.step_id.in_([s.id for s in steps]))
                .group_by(Topic.step_id)
            )
            .tuples()
            .all()
        )
        ticks = Counter(
            session.execute(
                select(TopicTick.step_key)
                .join(
                    Step,
                    (Step.roadmap_id == TopicTick.roadmap_id) & (Step.key == TopicTick.step_key),
                )
                .join(Topic, (Topic.step_id == Step.id) & (Topic.key == TopicTick.topic_key))
                .where(TopicTick.roadmap_id == roadmap_id, TopicTick.step_key.in_(wanted))
            ).scalars()
        )
        marks = orm_group_marks(session, roadmap_id, wanted)
    rows = []
    for step_id, key, title, kind, hours in steps:
        status, has_note = progress_rows.get(key, (StepStatus.TODO, False))
        facts = progress.StepFacts(status, hours, topic_totals.get(step_id, 0), ticks.get(key, 0))
        rows.append(_step_row(key, title, kind, hours, facts, bool(has_note), marks.get(key)))
    return rows


def orm_step_state(db: Database, roadmap_id: int, step_key: str):
    with db.reading() as session:
        row = session.execute(
            select(StepProgress.status, StepProgress.started_at, StepProgress.done_at).where(
                StepProgress.roadmap_id == roadmap_id, StepProgress.step_key == step_key
            )
        ).first()
        ticked = frozenset(
            session.scalars(
                select(TopicTick.topic_key).where(
                    TopicTick.roadmap_id == roadmap_id, TopicTick.step_key == step_key
                )
            )
        )
    state = StatusState(row[0], row[1], row[2]) if row else StatusState(StepStatus.TODO, None, None)
    return state, ticked


def _group_row(group) -> GroupRow | None:
    return None if group is None else GroupRow(group.key, group.title, group.options, group.picked)


def orm_step_detail(db: Database, roadmap_id: int, step_key: str) -> StepDetail:
    with db.reading() as session:
        step = session.execute(
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
            .where(Step.roadmap_id == roadmap_id, Step.key == step_key)
        ).first()
        if step is None:
            raise NotFoundError(f"No step {step_key!r} in this roadmap.")
        step_id, key, title, kind, hours, body_md, roadmap_title, phase_title = step
        prog = session.execute(
            select(
                StepProgress.status,
                StepProgress.started_at,
                StepProgress.done_at,
                StepProgress.note_md,
                StepProgress.note_updated_at,
            ).where(StepProgress.roadmap_id == roadmap_id, StepProgress.step_key == step_key)
        ).first()
        ticked = set(
            session.scalars(
                select(TopicTick.topic_key).where(
                    TopicTick.roadmap_id == roadmap_id, TopicTick.step_key == step_key
                )
            )
        )
        topics = session.execute(
            select(Topic.key, Topic.text)
            .where(Topic.step_id == step_id)
            .order_by(Topic.position, Topic.id)
        ).all()
        resources = session.execute(
            select(
                Resource.id,
                Resource.title,
                Resource.url,
                Resource.kind,
                Resource.author,
                Resource.cost,
            )
            .join(StepResource, StepResource.resource_id == Resource.id)
            .where(StepResource.step_id == step_id)
            .order_by(StepResource.position, StepResource.resource_id)
        ).all()
        questions = session.execute(
            select(PracticeQuestion.key, PracticeQuestion.prompt_md, PracticeQuestion.answer_md)
            .where(PracticeQuestion.roadmap_id == roadmap_id, PracticeQuestion.step_key == step_key)
            .order_by(PracticeQuestion.position)
        ).all()
        group = _group_row(orm_group_of(session, roadmap_id, step_key))
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


def orm_step_group(db: Database, roadmap_id: int, step_key: str) -> GroupRow | None:
    with db.reading() as session:
        return _group_row(orm_group_of(session, roadmap_id, step_key))


def orm_pace(session: Session, roadmap_id: int, today: date) -> tuple[int, date]:
    plan = session.get(RoadmapProgress, roadmap_id)
    offered = sum(orm_read_availability(session).values())
    weekly = offered or round((plan.weekly_hours if plan else 10.0) * 60)
    return weekly, plan.start_date if plan else maths.week_start(today)


def orm_has_logged(session: Session, roadmap_id: int) -> bool:
    return bool(
        session.scalar(
            select(StudySession.id).where(StudySession.roadmap_id == roadmap_id).limit(1)
        )
    )


def orm_schedule_pace(db: Database, roadmap_id: int, today: date) -> tuple[int, date, bool]:
    with db.reading() as session:
        weekly, start = orm_pace(session, roadmap_id, today)
        return weekly, start, orm_has_logged(session, roadmap_id)


def orm_step_study(db: Database, roadmap_id: int, step_key: str) -> tuple[bool, int]:
    with db.reading() as session:
        timer = session.execute(
            select(ActiveTimer.roadmap_id, ActiveTimer.step_key).where(ActiveTimer.id == 1)
        ).first()
        total = session.scalar(
            select(func.coalesce(func.sum(StudySession.minutes), 0)).where(
                StudySession.roadmap_id == roadmap_id, StudySession.step_key == step_key
            )
        )
    return timer is not None and tuple(timer) == (roadmap_id, step_key), int(total or 0)


def orm_step_names(session: Session, only: Collection[int] | None = None):
    ranks = {
        slug: i
        for i, slug in enumerate(
            session.scalars(
                select(Roadmap.slug).order_by(Roadmap.position, Roadmap.title, Roadmap.id)
            )
        )
    }
    query = (
        select(Step.id, Step.position, Phase.position, Roadmap.slug, Roadmap.title, Step.title)
        .join(Roadmap, Roadmap.id == Step.roadmap_id)
        .outerjoin(Phase, Phase.id == Step.phase_id)
    )
    if only is not None:
        query = query.where(Step.id.in_(sorted(only)))
    names = {}
    for sid, s_pos, p_pos, slug, r_title, s_title in session.execute(query).tuples():
        order = (ranks[slug], p_pos if p_pos is not None else 1 << 30, s_pos)
        names[sid] = (order, f"{r_title} › {s_title}", slug)
    return names


def orm_load_rows(session: Session, ids: list[int] | None) -> list[LibraryRow]:
    rows = select(
        *library_read.ROW_COLUMNS, (Resource.note_md != "").label("has_note"), Resource.origin
    ).order_by(Resource.id)
    tags_query = select(
        ResourceTag.resource_id, func.group_concat(ResourceTag.tag, "\x1f")
    ).group_by(ResourceTag.resource_id)
    links_query = select(StepResource.resource_id, StepResource.step_id)
    if ids is not None:
        rows = rows.where(Resource.id.in_(ids))
        tags_query = tags_query.where(ResourceTag.resource_id.in_(ids))
        links_query = links_query.where(StepResource.resource_id.in_(ids))
    resources = session.execute(rows).all()
    tag_rows = session.execute(tags_query).all()
    link_rows = session.execute(links_query).all()
    tags = {rid: tuple(sorted(joined.split("\x1f"), key=str.casefold)) for rid, joined in tag_rows}
    steps = (
        orm_step_names(session, None if ids is None else {sid for _rid, sid in link_rows})
        if link_rows
        else {}
    )
    links: dict[int, list[Any]] = defaultdict(list)
    for rid, sid in link_rows:
        links[rid].append(steps[sid])
    used_in, slugs = {}, {}
    for rid, found in links.items():
        found.sort()
        used_in[rid] = tuple(name for _order, name, _slug in found)
        slugs[rid] = frozenset(slug for _order, _name, slug in found)
    return [
        LibraryRow(
            rid,
            title,
            url,
            local_path,
            kind,
            author,
            cost,
            status,
            rating,
            tags.get(rid, ()),
            used_in.get(rid, ()),
            slugs.get(rid, frozenset()),
            added_at,
            finished_at,
            bool(has_note),
            origin,
        )
        for (
            rid,
            title,
            url,
            local_path,
            kind,
            author,
            cost,
            status,
            rating,
            added_at,
            finished_at,
            has_note,
            origin,
        ) in resources
    ]


def orm_step_resources(db: Database, roadmap_id: int, step_key: str) -> list[LibraryRow]:
    with db.reading() as session:
        ids = list(
            session.scalars(
                select(StepResource.resource_id)
                .join(Step, Step.id == StepResource.step_id)
                .where(Step.roadmap_id == roadmap_id, Step.key == step_key)
                .order_by(StepResource.position, StepResource.user_linked, StepResource.resource_id)
            )
        )
        by_id = {row.id: row for row in orm_load_rows(session, ids)}
    return [by_id[rid] for rid in ids if rid in by_id]


def orm_load_cards(session: Session, where: str, params: dict[str, Any], order: str = "c.id"):
    """The SQL was plain already; it ran through SQLAlchemy's connection."""
    sql = (
        "SELECT c.id, c.uid, c.roadmap_id, c.step_key, c.front_md, c.back_md, c.origin,"
        " c.state, c.suspended, c.archived, c.due, c.reps, c.lapses, c.step, c.stability,"
        " c.difficulty, c.last_review, r.title, coalesce(s.title, '')"
        " FROM cards c JOIN roadmaps r ON r.id = c.roadmap_id"
        " LEFT JOIN steps s ON s.roadmap_id = c.roadmap_id AND s.key = c.step_key"
    )
    rows = session.connection().exec_driver_sql(f"{sql} WHERE {where} ORDER BY {order}", params)
    found = []
    for row in rows.all():
        due = review_queue.parse_stamp(row[10])
        card = ReviewCard(
            id=row[0],
            uid=row[1],
            roadmap_id=row[2],
            step_key=row[3],
            front_md=row[4],
            back_md=row[5],
            origin=row[6],
            state=row[7],
            suspended=bool(row[8]),
            archived=bool(row[9]),
            due=due,
            reps=row[11],
            lapses=row[12],
            roadmap_title=row[17],
            step_title=row[18],
        )
        fsrs = FsrsState(row[7], row[13], row[14], row[15], due, review_queue.parse_stamp(row[16]))
        found.append((card, fsrs))
    return found


def orm_step_cards(db: Database, roadmap_id: int, step_key: str) -> tuple[ReviewCard, ...]:
    with db.reading() as session:
        found = orm_load_cards(
            session,
            "c.roadmap_id = :rid AND c.step_key = :step",
            {"rid": roadmap_id, "step": step_key},
            order="c.question_key IS NULL, c.id",
        )
    return tuple(card for card, _ in found)


# --- comparing with types --------------------------------------------------------------------


def typed(value: Any) -> Any:
    """value as nested tuples that name every type: equal only when the values and their types
    (enum members, datetimes, floats, tuples…) and every order are the same."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = tuple((f.name, typed(getattr(value, f.name))) for f in dataclasses.fields(value))
        return (type(value).__name__, fields)
    if isinstance(value, dict):
        return ("dict", tuple((typed(k), typed(v)) for k, v in value.items()))
    if isinstance(value, list | tuple):
        return (type(value).__name__, tuple(typed(v) for v in value))
    if isinstance(value, set | frozenset):
        return (type(value).__name__, tuple(sorted((typed(v) for v in value), key=repr)))
    if isinstance(value, enum.Enum):
        return (type(value).__name__, value.name)
    return (type(value).__name__, value)


def outcome(read: Any, *args: Any) -> Any:
    """What a read returns, or the error it raises (type and message)."""
    try:
        return typed(read(*args))
    except NotFoundError as exc:
        return ("NotFoundError", str(exc))


def assert_same(new: Any, old: Any, *args: Any) -> None:
    assert outcome(new, *args) == outcome(old, *args), (new.__name__, args)


def assert_every_read_same(db: Database) -> None:
    """Each converted read, on every roadmap and step (live, archived, missing), equals the
    oracle's."""
    assert_same(queries.roadmap_choices, orm_roadmap_choices, db)
    assert_same(queries.list_roadmaps, orm_list_roadmaps, db)
    assert_same(queries.roadmap_id_for, orm_roadmap_id_for, db, "no-such-roadmap")
    assert_same(queries.roadmap_summary, orm_roadmap_summary, db, 10_000)
    assert_same(queries.roadmap_overview, orm_roadmap_overview, db, 10_000, TODAY)
    with db.reading() as session:
        roadmaps = session.execute(select(Roadmap.id, Roadmap.slug)).tuples().all()
        all_keys = {
            rid: sorted(session.scalars(select(Step.key).where(Step.roadmap_id == rid)))
            for rid, _slug in roadmaps
        }
        assert typed(plan_reads.read_availability(session)) == typed(orm_read_availability(session))
        assert alternatives.uncounted_step_ids(session) == orm_uncounted_step_ids(session)
        ids = sorted(session.scalars(select(Resource.id)))
        assert typed(library_read.load_rows(session, None)) == typed(orm_load_rows(session, None))
        assert typed(library_read.load_rows(session, ids[::2])) == typed(
            orm_load_rows(session, ids[::2])
        )
        every = ("1 = 1", {})
        assert typed(review_queue.load_cards(session, *every)) == typed(
            orm_load_cards(session, *every)
        )
        old_rows = typed(orm_load_rows(session, None))
        old_some = typed(orm_load_rows(session, ids[1::3]))
    assert typed(library_read.library_rows(db)) == old_rows
    assert typed(library_read.library_rows_of(db, ids[1::3])) == old_some
    for rid, slug in roadmaps:
        keys = [*all_keys[rid], "no-such-step"]
        assert_same(queries.roadmap_id_for, orm_roadmap_id_for, db, slug)
        assert_same(queries.roadmap_summary, orm_roadmap_summary, db, rid)
        assert_same(queries.roadmap_overview, orm_roadmap_overview, db, rid, TODAY)
        assert_same(planner.schedule_pace, orm_schedule_pace, db, rid, TODAY)
        assert_same(queries.step_rows, orm_step_rows, db, rid, keys)
        assert_same(queries.step_rows, orm_step_rows, db, rid, keys[::3])
        with db.reading() as session:
            assert typed(queries._step_facts(session, rid)) == typed(orm_step_facts(session, rid))
            assert typed(alternatives.units(session, rid)) == typed(orm_units(session, rid))
            assert typed(alternatives.read_groups(session, rid)) == typed(
                orm_read_groups(session, rid)
            )
            assert alternatives.uncounted_step_ids(session, rid) == orm_uncounted_step_ids(
                session, rid
            )
        for key in keys:
            assert_same(queries.step_detail, orm_step_detail, db, rid, key)
            assert_same(queries.step_state, orm_step_state, db, rid, key)
            assert_same(queries.step_group, orm_step_group, db, rid, key)
            assert_same(planner.step_study, orm_step_study, db, rid, key)
            assert_same(library.step_resources, orm_step_resources, db, rid, key)
            assert_same(cards.step_cards, orm_step_cards, db, rid, key)
            assert planner.step_logged_minutes(db, rid, key) == orm_step_study(db, rid, key)[1]


# --- building varied databases through the write services ----------------------------------


def _sync(db: Database, name: str) -> None:
    with db.transaction() as session:
        sync_roadmap(session, load_roadmap_file(FIXTURES / name), origin=Origin.IMPORTED)


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database holding tiny, choice and a custom copy of tiny, made once."""
    path = tmp_path_factory.mktemp("plain-reads") / "template.sqlite3"
    db = open_database(path)
    for name in ("tiny.yaml", "choice.yaml", "other.yaml"):
        _sync(db, name)
    roadmap_edit.copy_roadmap(db, queries.roadmap_id_for(db, "tiny"), "My tiny")
    db.close()
    return path


def _fresh(template: Path, folder: Path) -> Database:
    folder.mkdir(parents=True)
    path = folder / "roadmap.sqlite3"
    shutil.copyfile(template, path)
    return open_database(path)


def _steps(db: Database, roadmap_id: int) -> list[str]:
    with db.reading() as session:
        return list(
            session.scalars(select(Step.key).where(Step.roadmap_id == roadmap_id).order_by(Step.id))
        )


def _raw(db: Database, sql: str, *params: Any) -> None:
    with db.transaction() as session:
        session.connection().exec_driver_sql(sql, params)


def _apply(db: Database, action: tuple[Any, ...], count: int) -> None:
    """One write through the services (or, for states only older data or other tools leave,
    plain SQL)."""
    rids = sorted(rid for rid, _slug, _title in queries.roadmap_choices(db))
    kind, r, s = action[0], action[1], action[2]
    rid = rids[r % len(rids)]  # tiny, choice, other, the copy of tiny
    keys = _steps(db, rid)
    key = keys[s % len(keys)] if keys else "none"
    arg = action[3]
    try:
        if kind == "status":
            study.set_step_status(db, rid, key, arg)
        elif kind == "tick":
            topics = queries.step_detail(db, rid, key).topics
            if topics:
                study.set_topic_ticked(db, rid, key, topics[arg % len(topics)].key, arg % 2 == 0)
        elif kind == "note":
            study.save_note(db, rid, key, arg)
        elif kind == "pick":
            choices.choose_alternative(db, rid, key)
        elif kind == "delete":
            step_edit.delete_step(db, rid, key)
        elif kind == "detach":  # a step without a phase that is not archived
            _raw(db, "UPDATE steps SET phase_id = NULL WHERE roadmap_id = ? AND key = ?", rid, key)
        elif kind == "position":  # ties in every order: ids break them
            _raw(
                db, "UPDATE steps SET position = ? WHERE roadmap_id = ? AND key = ?", arg, rid, key
            )
            _raw(db, "UPDATE step_groups SET position = ? WHERE roadmap_id = ?", arg, rid)
        elif kind == "hours":
            _raw(
                db,
                "UPDATE steps SET estimated_hours = ? WHERE roadmap_id = ? AND key = ?",
                arg,
                rid,
                key,
            )
        elif kind == "stamp":  # a time stored without fractions of a second
            _raw(
                db,
                "UPDATE step_progress SET started_at = ?, note_updated_at = ?"
                " WHERE roadmap_id = ? AND step_key = ?",
                "2026-01-02 03:04:05",
                arg,
                rid,
                key,
            )
        elif kind == "resource":
            title, tags = arg
            draft = ResourceDraft(
                title=title, url=f"https://example.org/{count}", tags=tags, cost="free"
            )
            resource_id, _ = library.add_resource(db, draft, StepRef(rid, "", key, ""))
            other = keys[(s + 1) % len(keys)]
            library.link_step(db, resource_id, rid, other, user_linked=count % 2 == 0)
        elif kind == "card":
            cards.create_card(db, rid, key, CardDraft(arg, "back"))
        elif kind == "availability":
            planner.set_availability(db, {s % 7: arg})
        elif kind == "schedule":
            study.set_schedule(db, rid, date(2026, 9, 1) + timedelta(days=arg), 0.5 + s % 20)
        elif kind == "session":
            started = datetime(2026, 10, 1, 8, tzinfo=UTC) + timedelta(hours=3 * count)
            timekeeping.log_time(db, rid, key, started, 10 + arg, "")
        elif kind == "timer":
            timekeeping.start_timer(db, rid, key)
        elif kind == "update":  # tiny's second edition: steps archived, moved, added
            _sync(db, "tiny_v2.yaml")
    except UserFacingError:
        pass  # refused by a service: a state the learner cannot make


statuses = st.sampled_from(list(StepStatus))
index = st.integers(0, 40)
actions = st.lists(
    st.one_of(
        st.tuples(st.just("status"), index, index, statuses),
        st.tuples(st.just("tick"), index, index, st.integers(0, 5)),
        st.tuples(st.just("note"), index, index, st.sampled_from(("", "a note", "# T\n\nx"))),
        st.tuples(st.just("pick"), st.just(1), index, st.none()),
        st.tuples(st.just("delete"), index, index, st.none()),
        st.tuples(st.just("detach"), index, index, st.none()),
        st.tuples(st.just("position"), index, index, st.integers(-1, 2)),
        st.tuples(st.just("hours"), index, index, st.sampled_from((0.0, -1.0, 2.5, 1e-3))),
        st.tuples(
            st.just("stamp"), index, index, st.sampled_from((None, "2026-03-04 05:06:07.000001"))
        ),
        st.tuples(
            st.just("resource"),
            index,
            index,
            st.tuples(
                st.sampled_from(("Book", "book", "Zed")),
                st.sampled_from(((), ("web",), ("Web", "api", "b"))),
            ),
        ),
        st.tuples(st.just("card"), index, index, st.sampled_from(("Why?", "What {{c1::is}}"))),
        st.tuples(st.just("availability"), index, index, st.sampled_from((0, 30, 95))),
        st.tuples(st.just("schedule"), index, index, st.integers(0, 90)),
        st.tuples(st.just("session"), index, index, st.integers(0, 50)),
        st.tuples(st.just("timer"), index, index, st.none()),
        st.tuples(st.just("update"), index, index, st.none()),
    ),
    max_size=14,
)


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(actions)
def test_every_plain_read_returns_what_the_orm_read_returned(template, tmp_path, steps) -> None:  # type: ignore[no-untyped-def]
    db = _fresh(template, tmp_path / f"db{len(list(tmp_path.iterdir()))}")
    try:
        for count, action in enumerate(steps):
            _apply(db, action, count)
        assert_every_read_same(db)
    finally:
        db.close()


def test_a_database_with_every_kind_of_row(template, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """One fixed history touching every table the reads use, compared after each write."""
    db = _fresh(template, tmp_path / "db")
    history = [
        ("schedule", 0, 0, 10),
        ("status", 1, 2, StepStatus.IN_PROGRESS),
        ("tick", 1, 3, 0),
        ("tick", 1, 3, 2),
        ("note", 1, 2, "a note"),
        ("pick", 1, 3, None),
        ("resource", 0, 0, ("Book", ("Web", "api", "b"))),
        ("resource", 0, 1, ("book", ())),
        ("card", 1, 3, "What is a goroutine, really?"),
        ("availability", 0, 2, 95),
        ("session", 1, 3, 20),
        ("timer", 1, 3, None),
        ("stamp", 1, 2, "2026-03-04 05:06:07.000001"),
        ("position", 0, 1, 0),
        ("hours", 0, 0, -1.0),
        ("detach", 3, 1, None),
        ("status", 0, 1, StepStatus.DONE),
        ("update", 0, 0, None),
        ("delete", 3, 0, None),
    ]
    try:
        for count, action in enumerate(history):
            _apply(db, action, count)
            assert_every_read_same(db)
    finally:
        db.close()
