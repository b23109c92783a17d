"""Roadmap overview aggregates from step rows: one maths for a fresh read and an in-place update."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace
from datetime import date

from roadmap_desktop.core import planner as maths
from roadmap_desktop.core import progress
from roadmap_desktop.core.enums import StepStatus
from roadmap_desktop.services.snapshots import PhaseRow, RoadmapOverview, StepRow


def step_facts(row: StepRow) -> progress.StepFacts:
    """What the progress maths needs from a step row."""
    return progress.StepFacts(row.status, row.hours, row.topics_total, row.topics_done)


def phase_row(
    *,
    key: str,
    title: str,
    start_week: int,
    end_week: int,
    summary_md: str,
    steps: tuple[StepRow, ...],
) -> PhaseRow:
    """A phase with its progress figures computed from its steps; a "choose one of" group
    counts once (core.progress.counted). One pass over the counted steps (a 10,000-step
    roadmap reads 50 of these at start-up), summing in step order as `sum()` would."""
    counted = (
        list(counted_facts(steps).values())
        if any(s.group_key for s in steps)
        else steps  # a row has the fields StepFacts has: no copy when no group is in play
    )
    weight = done = hours_total = remaining = estimate = 0.0
    finished = 0
    started = False
    finished_states = progress.FINISHED
    todo = StepStatus.TODO
    for f in counted:
        hours = f.hours
        share = progress.step_completion(f)  # type: ignore[arg-type]
        floor = max(hours, 0.1)
        weight += floor
        done += floor * share
        hours_total += hours
        positive = max(hours, 0.0)
        remaining += positive * (1.0 - share)
        estimate += positive
        if f.status in finished_states:
            finished += 1
        if not started and (f.status != todo or f.topics_done):
            started = True
    return PhaseRow(
        key=key,
        title=title,
        start_week=start_week,
        end_week=end_week,
        summary_md=summary_md,
        steps=steps,
        completion=done / weight if weight else 0.0,
        hours_total=hours_total if counted else 0,
        steps_finished=finished,
        weight=weight if counted else 0,
        weighted_done=done if counted else 0,
        remaining_hours=remaining if counted else 0,
        steps_counted=len(counted),
        estimate_minutes=round(estimate * 60),
        started=started,
    )


def counted_facts(steps: tuple[StepRow, ...]) -> dict[str, progress.StepFacts]:
    """The facts of the steps progress counts, by key: of each group (by the rows' group keys)
    only its representative option."""
    facts = {s.key: step_facts(s) for s in steps}
    groups: dict[str, list[str]] = {}
    picks: dict[str, str | None] = {}
    for s in steps:
        if s.group_key:
            groups.setdefault(s.group_key, []).append(s.key)
            picks[s.group_key] = s.picked or None
    if not groups:
        return facts
    return progress.counted(facts, [(keys, picks[group]) for group, keys in groups.items()])


def totals(phases: tuple[PhaseRow, ...]) -> tuple[float, float, int]:
    """(completion, remaining hours, current phase index) of a roadmap from its phases."""
    weight = sum(p.weight for p in phases)
    done = sum(p.weighted_done for p in phases)
    remaining = sum(p.remaining_hours for p in phases)
    current = next(
        (i for i, p in enumerate(phases) if p.steps_finished < p.steps_counted),
        max(len(phases) - 1, 0),
    )
    return (done / weight if weight else 0.0), remaining, current


def phase_index(overview: RoadmapOverview) -> dict[str, int]:
    """Step key → index of its phase, for many `with_steps` calls on one large roadmap."""
    return {step.key: i for i, phase in enumerate(overview.phases) for step in phase.steps}


def with_note_marks(
    overview: RoadmapOverview, rows: Iterable[StepRow], where: Mapping[str, int]
) -> RoadmapOverview:
    """The overview with these step rows put in place when they differ from the shown ones only
    in `has_note` (a note written or emptied): no figure depends on it, so nothing is
    recomputed and every phase's figures stay as they were."""
    new = {row.key: row for row in rows}
    phases = list(overview.phases)
    for index in sorted({where[key] for key in new if key in where}):
        phase = phases[index]
        phases[index] = replace(phase, steps=tuple(new.get(s.key, s) for s in phase.steps))
    return replace(overview, phases=tuple(phases))


def with_steps(
    overview: RoadmapOverview,
    rows: Iterable[StepRow],
    today: date,
    where: Mapping[str, int] | None = None,
) -> RoadmapOverview:
    """The overview with these step rows replaced (by key) and every aggregate recomputed for
    the phases holding them; rows of steps the overview does not show are ignored. `where`
    (from `phase_index`) saves scanning every phase for the steps."""
    new = {row.key: row for row in rows}
    phases = list(overview.phases)
    if where is None:
        touched = [
            i for i, phase in enumerate(phases) if any(step.key in new for step in phase.steps)
        ]
    else:
        touched = sorted({where[key] for key in new if key in where})
    for index in touched:
        phase = phases[index]
        steps = tuple(new.get(step.key, step) for step in phase.steps)
        phases[index] = phase_row(
            key=phase.key,
            title=phase.title,
            start_week=phase.start_week,
            end_week=phase.end_week,
            summary_md=phase.summary_md,
            steps=steps,
        )
    shaped = tuple(phases)
    completion, remaining, current = totals(shaped)
    return replace(
        overview,
        phases=shaped,
        completion=completion,
        current_phase=current,
        remaining_hours=remaining,
        projected_finish=progress.projected_finish(remaining, overview.weekly_hours, today),
    )


def projection(
    overview: RoadmapOverview, weekly_minutes: int, start: date, today: date, *, logged: bool
) -> maths.ScheduleProjection:
    """The schedule projection of the overview's phases at a pace (see planner maths);
    `logged` says whether study time was logged on the roadmap (a sign it has started)."""
    loads = [
        maths.PhaseLoad(
            key=p.key,
            title=p.title,
            start_week=p.start_week,
            end_week=p.end_week,
            remaining_minutes=round(p.remaining_hours * 60),
            total_minutes=p.estimate_minutes,
        )
        for p in overview.phases
    ]
    started = logged or any(p.started for p in overview.phases)
    return maths.project_schedule(loads, weekly_minutes, start, today, started=started)
