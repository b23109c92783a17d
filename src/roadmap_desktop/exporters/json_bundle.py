"""Write everything the learner has as one versioned JSON document (docs/bundle-format.md).

Roadmaps with their content, origin and source, progress (statuses, notes, ticks, schedule),
the resource library with tags and step links, practice questions, plan blocks, study sessions,
weekly availability, the running timer, and the cards with their FSRS state and review
log. Resources are numbered inside the bundle; everything
else refers to roadmaps by slug and to steps by key, so a bundle merges into any database.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, date, datetime, time
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from roadmap_desktop import __version__
from roadmap_desktop.core.formats import BUNDLE_FORMAT, BUNDLE_VERSION
from roadmap_desktop.core.models import (
    ActiveTimer,
    Availability,
    GroupPick,
    Phase,
    PlanBlock,
    PracticeQuestion,
    Resource,
    Roadmap,
    RoadmapProgress,
    Step,
    StepGroup,
    StepProgress,
    StudySession,
    TopicTick,
)


def iso_time(value: datetime | None) -> str | None:
    """A stored (naive UTC) instant as ISO 8601 with a Z."""
    if value is None:
        return None
    return value.replace(tzinfo=UTC).isoformat().replace("+00:00", "Z")


def _day(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _clock(value: time | None) -> str | None:
    return value.isoformat() if value is not None else None


def bundle_document(session: Session, *, exported_at: datetime | None = None) -> dict[str, Any]:
    """The whole database as a bundle dictionary (JSON-ready)."""
    from roadmap_desktop.exporters.card_bundle import cards_document  # imports iso_time

    resources = list(
        session.scalars(select(Resource).options(selectinload(Resource.tags)).order_by(Resource.id))
    )
    number = {res.id: i for i, res in enumerate(resources, start=1)}
    roadmaps = list(session.scalars(select(Roadmap).order_by(Roadmap.position, Roadmap.id)))
    slug_of = {r.id: r.slug for r in roadmaps}
    return {
        "format": BUNDLE_FORMAT,
        "format_version": BUNDLE_VERSION,
        "app_version": __version__,
        "exported_at": iso_time(
            exported_at or datetime.now(UTC).replace(tzinfo=None, microsecond=0)
        ),
        "roadmaps": [_roadmap(session, r, number) for r in roadmaps],
        "resources": [_resource(res, number[res.id]) for res in resources],
        "plan_blocks": [
            {
                "day": _day(b.day),
                "start_time": _clock(b.start_time),
                "minutes": b.minutes,
                "roadmap": slug_of.get(b.roadmap_id) if b.roadmap_id is not None else None,
                "step": b.step_key,
                "title": b.title,
                "done": b.done,
                "auto": b.auto,
                "position": b.position,
                "created_at": iso_time(b.created_at),
            }
            for b in session.scalars(
                select(PlanBlock).order_by(PlanBlock.day, PlanBlock.position, PlanBlock.id)
            )
        ],
        "study_sessions": [
            {
                "roadmap": slug_of.get(s.roadmap_id) if s.roadmap_id is not None else None,
                "step": s.step_key,
                "started_at": iso_time(s.started_at),
                "minutes": s.minutes,
                "note": s.note,
                "source": s.source,
            }
            for s in session.scalars(
                select(StudySession).order_by(StudySession.started_at, StudySession.id)
            )
        ],
        "availability": [
            {"weekday": a.weekday, "minutes": a.minutes}
            for a in session.scalars(select(Availability).order_by(Availability.weekday))
        ],
        "active_timer": _timer(session, slug_of),
        "cards": cards_document(session, slug_of),
    }


def _timer(session: Session, slug_of: dict[int, str]) -> dict[str, Any] | None:
    timer = session.scalar(select(ActiveTimer))
    if timer is None:
        return None
    return {
        "roadmap": slug_of.get(timer.roadmap_id) if timer.roadmap_id is not None else None,
        "step": timer.step_key,
        "first_started_at": iso_time(timer.first_started_at),
        "running_since": iso_time(timer.running_since),
        "accumulated_seconds": timer.accumulated_seconds,
    }


def _resource(res: Resource, number: int) -> dict[str, Any]:
    return {
        "id": number,
        "title": res.title,
        "url": res.url,
        "local_path": res.local_path,
        "kind": res.kind,
        "author": res.author,
        "cost": res.cost,
        "status": res.status,
        "rating": res.rating,
        "note": res.note_md,
        "origin": res.origin,
        "added_at": iso_time(res.added_at),
        "finished_at": iso_time(res.finished_at),
        "tags": [t.tag for t in res.tags],
    }


def _step(step: Step, number: dict[int, int]) -> dict[str, Any]:
    return {
        "key": step.key,
        "title": step.title,
        "kind": step.kind.value,
        "effort_hours": step.estimated_hours,
        "body": step.body_md,
        "topics": [{"key": t.key, "text": t.text} for t in step.topics],
        "resources": [
            {"id": number[link.resource_id], "user_linked": link.user_linked}
            for link in step.resource_links
        ],
    }


def _roadmap(session: Session, roadmap: Roadmap, number: dict[int, int]) -> dict[str, Any]:
    steps = session.scalars(
        select(Step)
        .where(Step.roadmap_id == roadmap.id)
        .order_by(Step.position, Step.id)
        .options(selectinload(Step.topics), selectinload(Step.resource_links))
    ).all()
    by_phase: dict[int | None, list[Step]] = defaultdict(list)
    for step in steps:
        by_phase[None if step.archived else step.phase_id].append(step)
    phases = session.scalars(
        select(Phase).where(Phase.roadmap_id == roadmap.id).order_by(Phase.position, Phase.id)
    ).all()
    plan = session.get(RoadmapProgress, roadmap.id)
    questions = session.scalars(
        select(PracticeQuestion)
        .where(PracticeQuestion.roadmap_id == roadmap.id)
        .order_by(PracticeQuestion.position, PracticeQuestion.id)
    )
    progress = session.scalars(
        select(StepProgress)
        .where(StepProgress.roadmap_id == roadmap.id)
        .order_by(StepProgress.step_key)
    )
    ticks = session.scalars(
        select(TopicTick)
        .where(TopicTick.roadmap_id == roadmap.id)
        .order_by(TopicTick.step_key, TopicTick.topic_key)
    )
    return {
        "slug": roadmap.slug,
        "title": roadmap.title,
        "summary": roadmap.summary_md,
        "origin": roadmap.origin.value,
        "source_ref": roadmap.source_ref,
        "content_version": roadmap.content_version,
        "content_hash": roadmap.content_hash,
        "position": roadmap.position,
        "schedule": (
            {"start_date": _day(plan.start_date), "weekly_hours": plan.weekly_hours}
            if plan is not None
            else None
        ),
        "phases": [
            {
                "key": p.key,
                "title": p.title,
                "summary": p.summary_md,
                "weeks": [p.start_week, p.end_week],
                "steps": [_step(s, number) for s in by_phase.get(p.id, [])],
            }
            for p in phases
        ],
        "archived_steps": [_step(s, number) for s in by_phase.get(None, [])],
        "questions": [
            {"key": q.key, "step": q.step_key, "prompt": q.prompt_md, "answer": q.answer_md}
            for q in questions
        ],
        "progress": [
            {
                "step": p.step_key,
                "status": p.status.value,
                "started_at": iso_time(p.started_at),
                "done_at": iso_time(p.done_at),
                "note": p.note_md,
                "note_updated_at": iso_time(p.note_updated_at),
            }
            for p in progress
        ],
        "ticks": [
            {"step": t.step_key, "topic": t.topic_key, "ticked_at": iso_time(t.ticked_at)}
            for t in ticks
        ],
        "groups": [
            {"key": g.key, "title": g.title, "steps": [m.step_key for m in g.members]}
            for g in session.scalars(
                select(StepGroup)
                .where(StepGroup.roadmap_id == roadmap.id)
                .order_by(StepGroup.position, StepGroup.id)
                .options(selectinload(StepGroup.members))
            )
        ],
        "picks": [
            {"group": p.group_key, "step": p.step_key, "picked_at": iso_time(p.picked_at)}
            for p in session.scalars(
                select(GroupPick)
                .where(GroupPick.roadmap_id == roadmap.id)
                .order_by(GroupPick.group_key)
            )
        ],
    }
