"""Write a bundle's roadmap into the database: create it exactly, or merge it by stable keys."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from roadmap_desktop.core.cards import sync_question_cards
from roadmap_desktop.core.models import (
    Origin,
    Phase,
    PracticeQuestion,
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
from roadmap_desktop.importers.json_bundle import BundleProgress, BundleRoadmap, BundleStep
from roadmap_desktop.services.roadmap_snapshot import add_ticks_and_schedule

NOTE_SEPARATOR = "\n\n---\n\n*From the imported backup:*\n\n"


@dataclass
class MergeCounts:
    """What merging one roadmap added."""

    steps: int = 0
    progress: int = 0
    notes: int = 0
    ticks: int = 0
    links: int = 0


def _step(
    session: Session,
    roadmap: Roadmap,
    phase: Phase | None,
    item: BundleStep,
    position: int,
    resource_ids: dict[int, int],
) -> Step:
    step = Step(
        roadmap=roadmap,
        phase=phase,
        key=item.key,
        position=position,
        kind=StepKind(item.kind),
        title=item.title,
        body_md=item.body,
        estimated_hours=item.effort_hours,
        archived=phase is None,
    )
    session.add(step)
    step.topics = [Topic(key=k, position=i, text=t) for i, (k, t) in enumerate(item.topics)]
    targets: dict[int, bool] = {}
    for rid, user in item.links:
        if rid in resource_ids and resource_ids[rid] not in targets:
            targets[resource_ids[rid]] = user  # two bundle entries may be one resource here
    step.resource_links = [
        StepResource(resource_id=target, position=i, user_linked=user)
        for i, (target, user) in enumerate(targets.items())
    ]
    return step


def _progress_row(roadmap_id: int, item: BundleProgress) -> StepProgress:
    return StepProgress(
        roadmap_id=roadmap_id,
        step_key=item.step,
        status=StepStatus(item.status),
        started_at=item.started_at,
        done_at=item.done_at,
        note_md=item.note,
        note_updated_at=item.note_updated_at,
    )


def create_roadmap(session: Session, item: BundleRoadmap, resource_ids: dict[int, int]) -> int:
    """A roadmap new to this database, exactly as the bundle has it; returns its id."""
    roadmap = Roadmap(
        slug=item.slug,
        title=item.title,
        summary_md=item.summary,
        origin=Origin(item.origin),
        source_ref=item.source_ref,
        content_version=item.content_version,
        content_hash=item.content_hash,
        position=item.position,
    )
    session.add(roadmap)
    for p_pos, p in enumerate(item.phases):
        phase = Phase(
            roadmap=roadmap,
            key=p.key,
            position=p_pos,
            title=p.title,
            summary_md=p.summary,
            start_week=p.weeks[0],
            end_week=p.weeks[1],
        )
        session.add(phase)
        for s_pos, s in enumerate(p.steps):
            _step(session, roadmap, phase, s, s_pos, resource_ids)
    for s_pos, s in enumerate(item.archived):
        _step(session, roadmap, None, s, s_pos, resource_ids)
    for q_pos, (key, step_key, prompt, answer) in enumerate(item.questions):
        session.add(
            PracticeQuestion(
                roadmap=roadmap,
                key=key,
                step_key=step_key,
                position=q_pos,
                prompt_md=prompt,
                answer_md=answer,
            )
        )
    session.flush()
    session.add_all(_progress_row(roadmap.id, p) for p in item.progress)
    add_ticks_and_schedule(session, roadmap.id, item.ticks, item.schedule)
    session.flush()
    sync_question_cards(session, roadmap.id)
    return roadmap.id


def _carries_progress(item: BundleRoadmap) -> set[str]:
    keys = {p.step for p in item.progress if p.status != "todo" or p.note}
    keys.update(s for s, _, _ in item.ticks)
    keys.update(s.key for s in item.all_steps() if any(user for _, user in s.links))
    return keys


def merge_roadmap(
    session: Session, roadmap: Roadmap, item: BundleRoadmap, resource_ids: dict[int, int]
) -> MergeCounts:
    """The bundle's progress into an existing roadmap, whose content stays as it is."""
    counts = MergeCounts()
    steps = {
        s.key: s
        for s in session.scalars(
            select(Step)
            .where(Step.roadmap_id == roadmap.id)
            .options(selectinload(Step.resource_links))
        )
    }
    carrying = _carries_progress(item)
    last = session.scalar(
        select(func.max(Step.position)).where(
            Step.roadmap_id == roadmap.id, Step.archived.is_(True)
        )
    )
    position = 0 if last is None else last + 1
    for bundle_step in item.all_steps():
        here = steps.get(bundle_step.key)
        if here is None:
            if bundle_step.key in carrying:
                steps[bundle_step.key] = _step(
                    session, roadmap, None, bundle_step, position, resource_ids
                )
                position += 1
                counts.steps += 1
            continue
        linked = {link.resource_id for link in here.resource_links}
        for rid, user in bundle_step.links:
            target = resource_ids.get(rid)
            if target is not None and target not in linked:
                here.resource_links.append(
                    StepResource(
                        resource_id=target, position=len(here.resource_links), user_linked=user
                    )
                )
                linked.add(target)
                counts.links += 1
    session.flush()
    for p in item.progress:
        row = session.get(StepProgress, (roadmap.id, p.step))
        if row is None:
            session.add(_progress_row(roadmap.id, p))
            counts.progress += 1
            continue
        if row.status == StepStatus.TODO and p.status != "todo":
            row.status, row.started_at, row.done_at = StepStatus(p.status), p.started_at, p.done_at
            counts.progress += 1
        if p.note and p.note not in row.note_md:
            row.note_md = row.note_md + NOTE_SEPARATOR + p.note if row.note_md else p.note
            row.note_updated_at = max(
                (t for t in (row.note_updated_at, p.note_updated_at) if t is not None),
                default=None,
            )
            counts.notes += 1
    for step_key, topic_key, at in item.ticks:
        if session.get(TopicTick, (roadmap.id, step_key, topic_key)) is None:
            session.add(
                TopicTick(
                    roadmap_id=roadmap.id, step_key=step_key, topic_key=topic_key, ticked_at=at
                )
            )
            counts.ticks += 1
    if item.schedule is not None and session.get(RoadmapProgress, roadmap.id) is None:
        session.add(
            RoadmapProgress(
                roadmap_id=roadmap.id, start_date=item.schedule[0], weekly_hours=item.schedule[1]
            )
        )
    session.flush()
    return counts
