"""Read-side services: snapshots of roadmaps and steps for the views and the CLI."""

from __future__ import annotations

import re
from collections import Counter
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from roadmap_desktop.core import progress
from roadmap_desktop.core.db import Database
from roadmap_desktop.core.errors import NotFoundError
from roadmap_desktop.core.models import (
    Phase,
    PracticeQuestion,
    Roadmap,
    RoadmapProgress,
    Step,
    StepProgress,
    StepResource,
    StepStatus,
    Topic,
    TopicTick,
)
from roadmap_desktop.services.snapshots import (
    PhaseRow,
    QuestionRow,
    ResourceRow,
    RoadmapOverview,
    RoadmapSummary,
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


def list_roadmaps(db: Database) -> list[RoadmapSummary]:
    """Every roadmap with its overall progress, in switcher order."""
    with db.reading() as session:
        roadmaps = list(session.scalars(select(Roadmap).order_by(Roadmap.position, Roadmap.title)))
        result = []
        for roadmap in roadmaps:
            facts = _step_facts(session, roadmap.id)
            values = list(facts.values())
            finished = sum(1 for f in values if f.status in progress.FINISHED)
            weeks = session.scalar(
                select(func.max(Phase.end_week)).where(Phase.roadmap_id == roadmap.id)
            )
            result.append(
                RoadmapSummary(
                    id=roadmap.id,
                    slug=roadmap.slug,
                    title=roadmap.title,
                    origin=roadmap.origin.value,
                    percent=progress.percent(progress.completion(values)),
                    steps_total=len(values),
                    steps_finished=finished,
                    summary=_first_line(roadmap.summary_md),
                    total_weeks=int(weeks or 0),
                    total_hours=sum(max(f.hours, 0.0) for f in values),
                )
            )
        return result


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
        phases = list(
            session.scalars(
                select(Phase)
                .where(Phase.roadmap_id == roadmap_id)
                .order_by(Phase.position)
                .options(selectinload(Phase.steps))
            )
        )
        facts = _step_facts(session, roadmap_id)
        notes = set(
            session.scalars(
                select(StepProgress.step_key).where(
                    StepProgress.roadmap_id == roadmap_id, StepProgress.note_md != ""
                )
            )
        )
        plan = session.get(RoadmapProgress, roadmap_id)
        phase_rows = []
        for phase in phases:
            live = [s for s in phase.steps if not s.archived]
            rows = tuple(
                StepRow(
                    key=s.key,
                    title=s.title,
                    kind=s.kind,
                    hours=s.estimated_hours,
                    status=facts[s.key].status,
                    topics_total=facts[s.key].topics_total,
                    topics_done=facts[s.key].topics_done,
                    has_note=s.key in notes,
                )
                for s in live
            )
            phase_facts = [facts[s.key] for s in live]
            phase_rows.append(
                PhaseRow(
                    key=phase.key,
                    title=phase.title,
                    start_week=phase.start_week,
                    end_week=phase.end_week,
                    summary_md=phase.summary_md,
                    steps=rows,
                    completion=progress.completion(phase_facts),
                    hours_total=sum(s.estimated_hours for s in live),
                    steps_finished=sum(1 for f in phase_facts if f.status in progress.FINISHED),
                )
            )
        all_facts = list(facts.values())
        # One study-time setting: the availability's sum when any is set (core/study_time.py).
        from roadmap_desktop.core.study_time import effective_hours
        from roadmap_desktop.services.plan_reads import read_availability

        weekly = effective_hours(read_availability(session), plan.weekly_hours if plan else 10.0)
        remaining = progress.remaining_hours(all_facts)
        return RoadmapOverview(
            id=roadmap.id,
            slug=roadmap.slug,
            title=roadmap.title,
            summary_md=roadmap.summary_md,
            start_date=plan.start_date if plan else None,
            weekly_hours=weekly,
            phases=tuple(phase_rows),
            completion=progress.completion(all_facts),
            current_phase=progress.current_phase_index(
                [[facts[s.key] for s in p.steps] for p in phase_rows]
            ),
            current_week=progress.week_number(plan.start_date, today) if plan else 0,
            total_weeks=max((p.end_week for p in phases), default=0),
            remaining_hours=remaining,
            projected_finish=progress.projected_finish(remaining, weekly, today),
        )


def step_detail(db: Database, roadmap_id: int, step_key: str) -> StepDetail:
    """Text, status, topics, resources, questions and note of one step."""
    with db.reading() as session:
        step = session.scalar(
            select(Step)
            .where(Step.roadmap_id == roadmap_id, Step.key == step_key)
            .options(
                selectinload(Step.topics),
                selectinload(Step.resource_links).selectinload(StepResource.resource),
                selectinload(Step.phase),
                selectinload(Step.roadmap),
            )
        )
        if step is None:
            raise NotFoundError(f"No step {step_key!r} in this roadmap.")
        prog = session.get(StepProgress, (roadmap_id, step_key))
        ticked = set(
            session.scalars(
                select(TopicTick.topic_key).where(
                    TopicTick.roadmap_id == roadmap_id, TopicTick.step_key == step_key
                )
            )
        )
        questions = session.scalars(
            select(PracticeQuestion)
            .where(PracticeQuestion.roadmap_id == roadmap_id, PracticeQuestion.step_key == step_key)
            .order_by(PracticeQuestion.position)
        )
        return StepDetail(
            roadmap_id=roadmap_id,
            key=step.key,
            title=step.title,
            kind=step.kind,
            hours=step.estimated_hours,
            body_md=step.body_md,
            roadmap_title=step.roadmap.title,
            phase_title=step.phase.title if step.phase else "Archived",
            status=prog.status if prog else StepStatus.TODO,
            started_at=prog.started_at if prog else None,
            done_at=prog.done_at if prog else None,
            note_md=prog.note_md if prog else "",
            note_updated_at=prog.note_updated_at if prog else None,
            topics=tuple(TopicRow(t.key, t.text, t.key in ticked) for t in step.topics),
            resources=tuple(
                ResourceRow(
                    id=link.resource.id,
                    title=link.resource.title,
                    url=link.resource.url,
                    kind=link.resource.kind,
                    author=link.resource.author,
                    cost=link.resource.cost,
                )
                for link in step.resource_links
            ),
            questions=tuple(QuestionRow(q.key, q.prompt_md, q.answer_md) for q in questions),
        )
