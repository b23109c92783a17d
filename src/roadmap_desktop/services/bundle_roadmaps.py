"""Write a bundle's roadmap into the database: create it exactly, or merge it by stable keys."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from roadmap_desktop.core.cards import sync_question_cards
from roadmap_desktop.core.models import (
    GroupPick,
    Origin,
    Roadmap,
    RoadmapProgress,
    Step,
    StepKind,
    StepProgress,
    StepResource,
    StepStatus,
    TopicTick,
)
from roadmap_desktop.importers.json_bundle import BundleProgress, BundleRoadmap, BundleStep
from roadmap_desktop.services.roadmap_snapshot import (
    LinkSnapshot,
    PhaseSnapshot,
    ProgressSnapshot,
    RoadmapSnapshot,
    StepSnapshot,
    write_roadmap,
    write_step,
)

NOTE_SEPARATOR = "\n\n---\n\n*From the imported backup:*\n\n"


@dataclass
class MergeCounts:
    """What merging one roadmap added."""

    steps: int = 0
    progress: int = 0
    notes: int = 0
    ticks: int = 0
    links: int = 0
    picks: int = 0


def step_snapshot(
    roadmap_id: int, phase_key: str | None, item: BundleStep, position: int,
    resource_ids: dict[int, int],
) -> StepSnapshot:  # fmt: skip
    """A bundle's step as the snapshot write_roadmap/write_step take (links mapped to this
    database's resources; two bundle entries that are one resource here link once)."""
    targets: dict[int, bool] = {}
    for rid, user in item.links:
        if rid in resource_ids and resource_ids[rid] not in targets:
            targets[resource_ids[rid]] = user
    return StepSnapshot(
        roadmap_id=roadmap_id,
        key=item.key,
        phase_key=phase_key,
        position=position,
        kind=StepKind(item.kind),
        title=item.title,
        body_md=item.body,
        estimated_hours=item.effort_hours,
        archived=phase_key is None,
        topics=item.topics,
        links=tuple(
            LinkSnapshot(target, i, user) for i, (target, user) in enumerate(targets.items())
        ),
    )


def roadmap_snapshot(item: BundleRoadmap, resource_ids: dict[int, int]) -> RoadmapSnapshot:
    """A bundle's roadmap as a snapshot, so one function (write_roadmap) writes it."""
    return RoadmapSnapshot(
        id=0,
        slug=item.slug,
        title=item.title,
        summary_md=item.summary,
        origin=Origin(item.origin),
        source_ref=item.source_ref,
        content_version=item.content_version,
        content_hash=item.content_hash,
        position=item.position,
        phases=tuple(
            PhaseSnapshot(
                0,
                p.key,
                p_pos,
                p.title,
                p.summary,
                p.weeks[0],
                p.weeks[1],
                tuple(
                    step_snapshot(0, p.key, s, s_pos, resource_ids)
                    for s_pos, s in enumerate(p.steps)
                ),
            )
            for p_pos, p in enumerate(item.phases)
        ),
        archived=tuple(
            step_snapshot(0, None, s, s_pos, resource_ids) for s_pos, s in enumerate(item.archived)
        ),
        questions=tuple(
            (key, step, pos, prompt, answer)
            for pos, (key, step, prompt, answer) in enumerate(item.questions)
        ),
        progress=tuple(
            ProgressSnapshot(
                p.step, StepStatus(p.status), p.started_at, p.done_at, p.note, p.note_updated_at
            )
            for p in item.progress
        ),
        ticks=item.ticks,
        schedule=item.schedule,
        groups=item.groups,
        picks=item.picks,
    )


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
    snap = roadmap_snapshot(item, resource_ids)
    roadmap = write_roadmap(
        session,
        snap,
        slug=item.slug,
        title=item.title,
        origin=snap.origin,
        source_ref=item.source_ref,
    )
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
                snap = step_snapshot(roadmap.id, None, bundle_step, position, resource_ids)
                steps[bundle_step.key] = write_step(session, roadmap, None, snap)
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
    for group_key, step_key, at in item.picks:  # the learner's choice, unless one is made here
        if session.get(GroupPick, (roadmap.id, group_key)) is None:
            session.add(
                GroupPick(
                    roadmap_id=roadmap.id, group_key=group_key, step_key=step_key, picked_at=at
                )
            )
            counts.picks += 1
    if item.schedule is not None and session.get(RoadmapProgress, roadmap.id) is None:
        session.add(
            RoadmapProgress(
                roadmap_id=roadmap.id, start_date=item.schedule[0], weekly_hours=item.schedule[1]
            )
        )
    session.flush()
    return counts
