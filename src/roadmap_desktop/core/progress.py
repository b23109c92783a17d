"""Progress maths on plain values: completion per step, phase and roadmap; weeks and schedule."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from roadmap_desktop.core.enums import StepStatus

FINISHED = (StepStatus.DONE, StepStatus.SKIPPED)


@dataclass(frozen=True)
class StepFacts:
    """What progress maths needs to know about one step."""

    status: StepStatus
    hours: float
    topics_total: int = 0
    topics_done: int = 0


def step_completion(step: StepFacts) -> float:
    """0..1: finished steps count fully; others by the share of their topics ticked (max 0.9)."""
    if step.status in FINISHED:
        return 1.0
    if step.topics_total == 0:
        return 0.0
    return min(0.9, step.topics_done / step.topics_total)


def completion(steps: Iterable[StepFacts]) -> float:
    """0..1 completion of a group of steps, weighted by their estimated hours."""
    total = done = 0.0
    for step in steps:
        weight = max(step.hours, 0.1)
        total += weight
        done += weight * step_completion(step)
    return done / total if total else 0.0


# "Choose one of" groups: a group counts as one step (docs/roadmap-format.md, "Groups").
_OPTION_RANK = {
    StepStatus.DONE: 4,
    StepStatus.IN_PROGRESS: 3,
    StepStatus.TODO: 1,
    StepStatus.SKIPPED: 0,
}


def _option_rank(step: StepFacts) -> int:
    rank = _OPTION_RANK.get(step.status, 1)
    return 2 if rank == 1 and step.topics_done > 0 else rank


def representative(options: Sequence[tuple[str, StepFacts]], picked: str | None) -> str:
    """The option a group counts as: the learner's pick; without one, the option worked on
    most (done, then in progress, then with ticked topics), else the first not skipped, else the
    first. Ties go to the earlier option."""
    if any(key == picked for key, _ in options):
        assert picked is not None
        return picked
    best = max(range(len(options)), key=lambda i: (_option_rank(options[i][1]), -i))
    return options[best][0]


def counted(
    facts: Mapping[str, StepFacts], groups: Iterable[tuple[Sequence[str], str | None]]
) -> dict[str, StepFacts]:
    """The step facts progress counts: each group (its option keys, the pick) keeps only its
    representative option; steps in no group are all counted. Options missing from facts are
    not options (archived); a group with fewer than two present options changes nothing."""
    out = dict(facts)
    for members, picked in groups:
        present = [(key, facts[key]) for key in members if key in facts]
        if len(present) < 2:
            continue
        chosen = representative(present, picked)
        for key, _ in present:
            if key != chosen:
                del out[key]
    return out


def percent(fraction: float) -> int:
    """A completion fraction as a whole percentage that reads 100 only when truly finished."""
    value = math.floor(fraction * 100)
    return 100 if fraction >= 1.0 else min(value, 99)


def remaining_hours(steps: Iterable[StepFacts]) -> float:
    """Estimated hours still to study in a group of steps."""
    return sum(max(s.hours, 0.0) * (1.0 - step_completion(s)) for s in steps)


def week_number(start: date, today: date) -> int:
    """The 1-based study week that today falls in; 0 before the start."""
    if today < start:
        return 0
    return (today - start).days // 7 + 1


def week_start(start: date, week: int) -> date:
    """The first day of the given 1-based study week."""
    return start + timedelta(weeks=week - 1)


def current_phase_index(phases: Sequence[Sequence[StepFacts]]) -> int:
    """The first phase with something left to do; the last one when all are finished."""
    for index, steps in enumerate(phases):
        if any(s.status not in FINISHED for s in steps):
            return index
    return max(len(phases) - 1, 0)


def projected_finish(remaining: float, weekly_hours: float, today: date) -> date | None:
    """When the remaining hours are done at the given weekly pace; None without a pace."""
    if weekly_hours <= 0:
        return None
    if remaining <= 0:
        return today
    return today + timedelta(days=math.ceil(remaining / weekly_hours * 7))
