"""The roadmap list and each roadmap's progress facts, in plain SQL (core/plain_sql.py)."""

from __future__ import annotations

import re
import sqlite3
from collections import Counter

from roadmap_desktop.core import groups_sql, progress
from roadmap_desktop.core.enums import Origin, StepStatus
from roadmap_desktop.core.errors import NotFoundError
from roadmap_desktop.core.plain_sql import members
from roadmap_desktop.services.snapshots import RoadmapSummary

STATUSES = members(StepStatus)
ORIGINS = members(Origin)

_ID_FOR = "SELECT id FROM roadmaps WHERE slug = ?"
_SLUGS = "SELECT slug FROM roadmaps ORDER BY position"
_CHOICES = "SELECT id, slug, title FROM roadmaps ORDER BY position, title"
_ROADMAPS = "SELECT id, slug, title, summary_md, origin FROM roadmaps"
_ROADMAP = _ROADMAPS + " WHERE id = ?"
_IN_ORDER = _ROADMAPS + " ORDER BY position, title"
_WEEKS = "SELECT max(end_week) FROM phases WHERE roadmap_id = ?"

_LIVE_STEPS = "SELECT key, estimated_hours, id FROM steps WHERE roadmap_id = ? AND archived IS 0"
_STATUSES = "SELECT step_key, status FROM step_progress WHERE roadmap_id = ?"
_TOPIC_TOTALS = (
    "SELECT topics.step_id, count(*) FROM topics JOIN steps ON steps.id = topics.step_id"
    " WHERE steps.roadmap_id = ? GROUP BY topics.step_id"
)
# Ticks per step key, counting only ticks whose topic still exists.
_LIVE_TICKS = (
    "SELECT topic_ticks.step_key FROM topic_ticks"
    " JOIN steps ON steps.roadmap_id = topic_ticks.roadmap_id"
    " AND steps.key = topic_ticks.step_key"
    " JOIN topics ON topics.step_id = steps.id AND topics.key = topic_ticks.topic_key"
    " WHERE topic_ticks.roadmap_id = ?"
)


def roadmap_id_for(conn: sqlite3.Connection, slug: str) -> int:
    """The id of the roadmap with this slug; NotFoundError naming the known slugs otherwise."""
    found = conn.execute(_ID_FOR, (slug,)).fetchone()
    if found is None:
        known = ", ".join(s for (s,) in conn.execute(_SLUGS))
        raise NotFoundError(f"No roadmap {slug!r}. Known roadmaps: {known or 'none'}.")
    return int(found[0])


def roadmap_choices(conn: sqlite3.Connection) -> list[tuple[int, str, str]]:
    """(id, slug, title) of every roadmap in switcher order, without reading any progress."""
    return [(rid, slug, title) for rid, slug, title in conn.execute(_CHOICES)]


def list_roadmaps(conn: sqlite3.Connection) -> list[RoadmapSummary]:
    """Every roadmap with its overall progress, in switcher order."""
    return [_summary(conn, row) for row in conn.execute(_IN_ORDER).fetchall()]


def roadmap_summary(conn: sqlite3.Connection, roadmap_id: int) -> RoadmapSummary:
    """One roadmap's switcher entry (list_roadmaps for a single roadmap)."""
    row = conn.execute(_ROADMAP, (roadmap_id,)).fetchone()
    if row is None:
        raise NotFoundError(f"No roadmap with id {roadmap_id}.")
    return _summary(conn, row)


def _summary(conn: sqlite3.Connection, row: tuple[int, str, str, str, str]) -> RoadmapSummary:
    rid, slug, title, summary_md, origin = row
    values = list(step_facts(conn, rid).values())
    (weeks,) = conn.execute(_WEEKS, (rid,)).fetchone()
    return RoadmapSummary(
        id=rid,
        slug=slug,
        title=title,
        origin=ORIGINS[origin].value,
        percent=progress.percent(progress.completion(values)),
        steps_total=len(values),
        steps_finished=sum(1 for f in values if f.status in progress.FINISHED),
        summary=first_line(summary_md),
        total_weeks=int(weeks or 0),
        total_hours=sum(max(f.hours, 0.0) for f in values),
    )


def first_line(markdown: str) -> str:
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


def step_facts(conn: sqlite3.Connection, roadmap_id: int) -> dict[str, progress.StepFacts]:
    """The facts of the live steps progress counts, by key: of a "choose one of" group only the
    representative option (core.progress.counted), so every figure counts a group once."""
    return progress.counted(raw_step_facts(conn, roadmap_id), groups_sql.units(conn, roadmap_id))


def raw_step_facts(conn: sqlite3.Connection, roadmap_id: int) -> dict[str, progress.StepFacts]:
    """The facts of every live step (archived ones left out), groups not considered."""
    at = (roadmap_id,)
    steps = conn.execute(_LIVE_STEPS, at).fetchall()
    statuses = {key: STATUSES[status] for key, status in conn.execute(_STATUSES, at)}
    topic_totals = dict(conn.execute(_TOPIC_TOTALS, at).fetchall())
    ticks = live_ticks(conn, roadmap_id)
    todo = StepStatus.TODO
    return {
        key: progress.StepFacts(
            status=statuses.get(key, todo),
            hours=hours,
            topics_total=topic_totals.get(step_id, 0),
            topics_done=ticks.get(key, 0),
        )
        for key, hours, step_id in steps
    }


def live_ticks(conn: sqlite3.Connection, roadmap_id: int) -> Counter[str]:
    """Ticks per step key, counting only ticks whose topic still exists."""
    return Counter(key for (key,) in conn.execute(_LIVE_TICKS, (roadmap_id,)))
