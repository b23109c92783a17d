"""Export a roadmap with the learner's progress and notes as a JSON document."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from roadmap_desktop.core import alternatives, progress
from roadmap_desktop.core.db import Database
from roadmap_desktop.core.errors import NotFoundError
from roadmap_desktop.core.formats import EXPORT_FORMAT, EXPORT_VERSION
from roadmap_desktop.core.models import (
    Phase,
    Roadmap,
    RoadmapProgress,
    Step,
    StepProgress,
    StepResource,
    StepStatus,
    TopicTick,
)


def _iso(value: datetime | None) -> str | None:
    return value.replace(tzinfo=UTC).isoformat() if value else None


def export_roadmap(db: Database, slug: str) -> dict[str, Any]:
    """The roadmap `slug` with progress, ticks and notes, as documented in roadmap-format.md."""
    with db.reading() as session:
        roadmap = session.scalar(select(Roadmap).where(Roadmap.slug == slug))
        if roadmap is None:
            raise NotFoundError(f"No roadmap {slug!r}.")
        phases = session.scalars(
            select(Phase)
            .where(Phase.roadmap_id == roadmap.id)
            .order_by(Phase.position)
            .options(
                selectinload(Phase.steps).selectinload(Step.topics),
                selectinload(Phase.steps)
                .selectinload(Step.resource_links)
                .selectinload(StepResource.resource),
            )
        ).all()
        prog = {
            p.step_key: p
            for p in session.scalars(
                select(StepProgress).where(StepProgress.roadmap_id == roadmap.id)
            )
        }
        ticks = set(
            session.execute(
                select(TopicTick.step_key, TopicTick.topic_key).where(
                    TopicTick.roadmap_id == roadmap.id
                )
            ).tuples()
        )
        plan = session.get(RoadmapProgress, roadmap.id)
        facts: dict[str, progress.StepFacts] = {}
        groups = alternatives.read_groups(session, roadmap.id)
        phase_docs = []
        for phase in phases:
            step_docs = []
            for step in (s for s in phase.steps if not s.archived):
                row = prog.get(step.key)
                status = row.status if row else StepStatus.TODO
                topics = [
                    {"key": t.key, "text": t.text, "done": (step.key, t.key) in ticks}
                    for t in step.topics
                ]
                facts[step.key] = progress.StepFacts(
                    status,
                    step.estimated_hours,
                    len(topics),
                    sum(1 for t in topics if t["done"]),
                )
                step_docs.append(
                    {
                        "key": step.key,
                        "title": step.title,
                        "kind": step.kind.value,
                        "effort_hours": step.estimated_hours,
                        "body": step.body_md,
                        "status": status.value,
                        "started_at": _iso(row.started_at if row else None),
                        "done_at": _iso(row.done_at if row else None),
                        "note": (row.note_md or None) if row else None,
                        "topics": topics,
                        "resources": [
                            {
                                "title": link.resource.title,
                                "url": link.resource.url,
                                "kind": link.resource.kind,
                                "author": link.resource.author,
                                "cost": link.resource.cost,
                            }
                            for link in step.resource_links
                        ],
                    }
                )
            phase_docs.append(
                {
                    "key": phase.key,
                    "title": phase.title,
                    "weeks": [phase.start_week, phase.end_week],
                    "summary": phase.summary_md,
                    "steps": step_docs,
                    "groups": [
                        {
                            "key": g.key,
                            "title": g.title,
                            "steps": list(g.option_keys()),
                            "chosen": g.picked,
                        }
                        for g in groups
                        if set(g.option_keys()) <= {d["key"] for d in step_docs}
                    ],
                }
            )
        counted = list(progress.counted(facts, alternatives.units(session, roadmap.id)).values())
        counts = {s.value: sum(1 for f in counted if f.status == s) for s in StepStatus}
        return {
            "format": EXPORT_FORMAT,
            "format_version": EXPORT_VERSION,
            "exported_at": datetime.now(UTC).replace(microsecond=0).isoformat(),
            "roadmap": {
                "slug": roadmap.slug,
                "title": roadmap.title,
                "summary": roadmap.summary_md,
                "origin": roadmap.origin.value,
                "content_version": roadmap.content_version,
                "start_date": plan.start_date.isoformat() if plan else None,
                "progress": {
                    "steps": len(counted),
                    "done": counts["done"],
                    "skipped": counts["skipped"],
                    "in_progress": counts["in_progress"],
                    "percent": progress.percent(progress.completion(counted)),
                },
                "phases": phase_docs,
                "questions": [
                    {"key": q.key, "step": q.step_key, "prompt": q.prompt_md, "answer": q.answer_md}
                    for q in roadmap.questions
                ],
            },
        }
