"""Titles and time of imported drafts: clean titles, stated weeks/days/hours, effort from the
amount of material, and week ranges that follow what the curriculum says."""

from __future__ import annotations

import math
import re
from typing import TYPE_CHECKING

from roadmap_desktop.importers.titles import (
    clean_title,
    shorten,
    timing,
    week_of_day,
    without_hint,
)

if TYPE_CHECKING:
    from roadmap_desktop.importers.curriculum import DraftPhase, DraftRoadmap, DraftStep

WEEKLY_HOURS = 10.0  # the pace used to turn effort into week ranges
MAX_WEEK = 520
MIN_EFFORT = 0.5
MAX_DERIVED_EFFORT = 12.0  # a step whose size is guessed never counts more than this
DAY_EFFORT = (1.0, 3.0)  # bounds of a guessed day of a "N days" course


def tidy_titles(draft: DraftRoadmap) -> None:
    """Clean every title and read the weeks, days and hours it states into the draft."""
    draft.title = clean_title(draft.title, markdown=False) or draft.title
    said = timing(draft.title)
    if said.span_weeks:
        draft.span_weeks = said.span_weeks
    elif said.span_days:
        draft.span_weeks = said.span_days / 7
    prefix = re.sub(r"^[^\w]+", "", draft.title).casefold()
    for phase in draft.phases:
        title = _without_prefix(clean_title(phase.title, markdown=False) or phase.title, prefix)
        said = timing(title)
        if phase.weeks is None and said.weeks is not None:
            phase.weeks = said.weeks
        if said.days is not None:
            phase.days = said.days
        elif said.span_weeks and phase.weeks is None:
            phase.span_weeks = said.span_weeks
        phase.title = without_hint(title)
        for step in phase.steps:
            _tidy_step(step, prefix)


def _without_prefix(title: str, prefix: str) -> str:
    """ "30 Days Of Python: Day 2 - Variables" in "30 Days Of Python" → "Day 2 - Variables"."""
    bare = re.sub(r"^[^\w]+", "", title)
    if len(prefix) >= 4 and bare.casefold().startswith(prefix):
        rest = bare[len(prefix) :]
        if rest[:1] in (":", "-", "–", "—", "·", "|") or rest[:2] in (" -", " –", " —", " ·", " |"):
            return rest.strip(" :-–—·|") or title
    return title


def _tidy_step(step: DraftStep, prefix: str = "") -> None:
    title = _without_prefix(clean_title(step.title, markdown=False) or step.title, prefix)
    said = timing(title)
    if step.effort is None and said.hours is not None:
        step.effort = said.hours
    if said.days is not None:
        step.days = said.days
    title = without_hint(title)
    short, sentence = shorten(title)
    if sentence and not any(sentence in line for line in step.body[:3]):
        step.body[:0] = [sentence, ""]
    step.title = short


def material_effort(step: DraftStep, topics: int) -> float:
    """Hours for a step that states none: one an hour per checkbox task of a checklist, else
    from its text, links and list items, between half an hour and MAX_DERIVED_EFFORT."""
    if step.checklist and topics:
        return float(min(topics, MAX_DERIVED_EFFORT * 2))
    words = sum(len(line.split()) for line in step.body)
    guess = 0.5 + words / 800 + 0.25 * len(step.resources) + 0.5 * topics
    guess = min(max(guess, MIN_EFFORT), MAX_DERIVED_EFFORT)
    if step.days is not None:
        days = step.days[1] - step.days[0] + 1
        guess = min(max(guess, DAY_EFFORT[0]), DAY_EFFORT[1] * days)
    return round(guess * 2) / 2


def plan_weeks(
    phases: list[DraftPhase], hours: list[float], span: float | None
) -> list[tuple[int, int]]:
    """Week ranges: stated ones first, then days ("Day 12" is in week 2), else consecutive
    weeks from each phase's hours at WEEKLY_HOURS, stretched to a stated length ("12 Weeks",
    "30 days") when the roadmap gives one and no phase states its own."""
    stated = any(p.weeks is not None or _days(p) is not None for p in phases)
    total = sum(hours) or 1.0
    ranges: list[tuple[int, int]] = []
    week = 1
    done = 0.0
    for phase, phase_hours in zip(phases, hours, strict=True):
        days = _days(phase)
        if phase.weeks is not None:
            start, end = phase.weeks
        elif days is not None:
            start, end = week_of_day(days[0]), week_of_day(days[1])
        elif span and not stated:
            start = min(MAX_WEEK, int(done / total * span) + 1)
            end = min(MAX_WEEK, max(start, math.ceil((done + phase_hours) / total * span)))
        else:
            length = phase.span_weeks or max(1, math.ceil(phase_hours / WEEKLY_HOURS))
            start = min(week, MAX_WEEK)
            end = min(MAX_WEEK, start + max(1, math.ceil(length)) - 1)
        start, end = max(1, min(start, MAX_WEEK)), max(1, min(end, MAX_WEEK))
        end = max(start, end)
        ranges.append((start, end))
        week = end + 1
        done += phase_hours
    return ranges


def _days(phase: DraftPhase) -> tuple[int, int] | None:
    days = [d for d in (phase.days, *(s.days for s in phase.steps)) if d is not None]
    if not days:
        return None
    return min(d[0] for d in days), max(d[1] for d in days)
