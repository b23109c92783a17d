"""Tables of courses (title | Duration | Effort | Prerequisites | Notes): one step per row."""

from __future__ import annotations

import re

from roadmap_desktop.importers.curriculum import DraftStep
from roadmap_desktop.importers.markdown_inline import find_links, plain
from roadmap_desktop.importers.markdown_lex import Line
from roadmap_desktop.importers.markdown_steps import ReadContext
from roadmap_desktop.importers.schedule import WEEKLY_HOURS

_DURATION = re.compile(r"duration|length|weeks|timeline|time to complete|how long", re.I)
_EFFORT = re.compile(r"effort|hours|workload|commitment|time per week|per week", re.I)
_COURSE_HEADERS = re.compile(r"duration|effort|prereq|workload|weeks|hours", re.I)
_NUMBER = r"(\d+(?:[.,]\d+)?)"
_RANGE = re.compile(rf"{_NUMBER}(?:\s*(?:-|–|—|to)\s*{_NUMBER})?")
_PER_WEEK = re.compile(r"(/|per|a|each)\s*(w|week)\b|weekly|/\s*wk", re.I)
_MONTHS = re.compile(r"\bmonths?\b|\bmo\b", re.I)
_DAYS = re.compile(r"\bdays?\b", re.I)
_HOURS_UNIT = re.compile(r"\b(hours?|hrs?|h)\b", re.I)
_MINUTES = re.compile(r"\b(minutes?|mins?)\b", re.I)
_DONE = re.compile(r"^\s*(\[[xX]\](?!\()|✅|✔️?|☑️?)\s*")


def is_course_table(table: Line) -> bool:
    """True when the rows are things to study: a Duration/Effort/Prerequisites column, or a
    first column that is mostly links."""
    if len(table.rows) < 2 or len(table.rows[0]) < 2:
        return False
    if any(_COURSE_HEADERS.search(cell) for cell in table.rows[0][1:]):
        return True
    firsts = [row[0] for row in table.rows[1:] if row and row[0].strip()]
    linked = sum(1 for cell in firsts if find_links(cell))
    return len(firsts) >= 2 and linked * 2 >= len(firsts) * 1.5


def _midpoint(text: str) -> float | None:
    m = _RANGE.search(text)
    if m is None:
        return None
    low = float(m.group(1).replace(",", "."))
    high = float(m.group(2).replace(",", ".")) if m.group(2) else low
    return (low + high) / 2


def duration_weeks(text: str) -> tuple[float | None, float | None]:
    """(weeks, total hours) read from a Duration cell like "13 weeks", "2 months", "40 hours"."""
    value = _midpoint(text)
    if value is None or value <= 0:
        return None, None
    if _HOURS_UNIT.search(text) and not _PER_WEEK.search(text):
        return None, value
    if _MONTHS.search(text):
        return value * 4.35, None
    if _DAYS.search(text):
        return value / 7, None
    return value, None


def weekly_effort(text: str) -> tuple[float | None, float | None]:
    """(hours per week, total hours) read from an Effort cell like "6-10 hours/week"."""
    value = _midpoint(text)
    if value is None or value <= 0:
        return None, None
    if _MINUTES.search(text):
        value /= 60
    if _PER_WEEK.search(text):
        return value, None
    return None, value


def estimate_hours(duration: str, effort: str) -> float | None:
    """Duration × weekly effort; a missing weekly effort counts as 10 hours a week."""
    weeks, duration_total = duration_weeks(duration)
    per_week, effort_total = weekly_effort(effort)
    if weeks is not None and per_week is not None:
        return weeks * per_week
    if effort_total is not None:
        return effort_total
    if duration_total is not None:
        return duration_total
    if weeks is not None:
        return weeks * WEEKLY_HOURS
    return per_week


def table_steps(table: Line, ctx: ReadContext) -> list[DraftStep]:
    """One step per row: title from the first column, effort from Duration × Effort, the other
    columns as a small list in the step's text, every link as a resource."""
    header = table.rows[0]
    duration_col = next((i for i, h in enumerate(header) if i and _DURATION.search(h)), None)
    effort_col = next(
        (i for i, h in enumerate(header) if i and i != duration_col and _EFFORT.search(h)), None
    )
    default_kind = "course" if re.search(r"course|mooc|class", header[0], re.I) else "other"
    steps: list[DraftStep] = []
    for cells, line_no in zip(table.rows[1:], table.row_lines[1:], strict=False):
        first = cells[0] if cells else ""
        done = _DONE.match(first)
        if done:
            first = first[done.end() :]
        title = plain(first, ctx.refs)
        if not title or set(title) <= set("-:|= "):
            continue
        step = DraftStep(title=title, line=line_no, done=bool(done))
        row = Line(line_no, "text", 0, "", "")
        saved, ctx.default_kind = ctx.default_kind, default_kind
        ctx.resources(row, first, step)
        ctx.default_kind = saved
        for i, cell in enumerate(cells[1:], start=1):
            if cell.strip():
                ctx.resources(row, cell, step)
                label = plain(header[i], ctx.refs) if i < len(header) else f"Column {i + 1}"
                step.body.append(f"- **{label or f'Column {i + 1}'}:** {cell.strip()}")
        step.effort = estimate_hours(
            cells[duration_col] if duration_col is not None else "",
            cells[effort_col] if effort_col is not None else "",
        )
        steps.append(step)
    return steps
