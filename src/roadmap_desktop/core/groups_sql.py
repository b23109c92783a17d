"""The "choose one of" groups with the learner's picks, read in plain SQL (core/plain_sql.py)."""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass

from roadmap_desktop.core.plain_sql import rows_in


@dataclass(frozen=True)
class GroupView:
    """A group as the views show it: its live options (key, title) in order and the pick
    (None when the learner has not chosen, or chose an option that is gone)."""

    key: str
    title: str
    options: tuple[tuple[str, str], ...]
    picked: str | None

    def option_keys(self) -> tuple[str, ...]:
        return tuple(key for key, _ in self.options)


@dataclass(frozen=True)
class Member:
    """A live option of a group, with its group."""

    roadmap_id: int
    group_key: str
    group_title: str
    group_position: int
    step_id: int
    step_key: str
    step_title: str
    phase_id: int


_MEMBERS = (
    "SELECT step_groups.roadmap_id, step_groups.key, step_groups.title, step_groups.position,"
    " steps.id, steps.key, steps.title, steps.phase_id"
    " FROM step_groups JOIN step_group_members ON step_group_members.group_id = step_groups.id"
    " JOIN steps ON steps.roadmap_id = step_group_members.roadmap_id"
    " AND steps.key = step_group_members.step_key"
    " WHERE steps.archived IS 0 AND steps.phase_id IS NOT NULL{}"
    " ORDER BY step_groups.roadmap_id, step_groups.position, step_group_members.position"
)
_MEMBERS_OF_ROADMAP = _MEMBERS.format(" AND step_groups.roadmap_id = ?")
_MEMBERS_OF_GROUPS = _MEMBERS.format(" AND step_groups.roadmap_id = ? AND step_groups.id IN ({})")
_GROUPS_OFFERING = (
    "SELECT group_id FROM step_group_members WHERE roadmap_id = ? AND step_key IN ({})"
)
_PICKS = "SELECT roadmap_id, group_key, step_key FROM group_picks"
_PICKS_OF_ROADMAP = _PICKS + " WHERE roadmap_id = ?"


def members(
    conn: sqlite3.Connection, roadmap_id: int | None, keys: Collection[str] | None = None
) -> list[Member]:
    """Live options (steps in a phase, not archived) of every group, in group and option order;
    with `keys`, of the groups offering any of those steps only."""
    if keys is not None:
        # A primary-key look-up first: most steps are no group's option.
        found = rows_in(conn, _GROUPS_OFFERING, (roadmap_id,), sorted(keys))
        group_ids = sorted({group_id for (group_id,) in found})
        if not group_ids:
            return []
        rows = rows_in(conn, _MEMBERS_OF_GROUPS, (roadmap_id,), group_ids)
    elif roadmap_id is not None:
        rows = conn.execute(_MEMBERS_OF_ROADMAP, (roadmap_id,)).fetchall()
    else:
        rows = conn.execute(_MEMBERS.format("")).fetchall()
    return [
        Member(rid, g_key, g_title, g_pos, s_id, s_key, s_title, phase_id or 0)
        for rid, g_key, g_title, g_pos, s_id, s_key, s_title, phase_id in rows
    ]


def picks(conn: sqlite3.Connection, roadmap_id: int | None) -> dict[tuple[int, str], str]:
    """(roadmap id, group key) → the picked step key, of one roadmap or all."""
    rows = (
        conn.execute(_PICKS)
        if roadmap_id is None
        else conn.execute(_PICKS_OF_ROADMAP, (roadmap_id,))
    )
    return {(rid, group): step for rid, group, step in rows}


def read_groups(
    conn: sqlite3.Connection, roadmap_id: int, keys: Collection[str] | None = None
) -> list[GroupView]:
    """The roadmap's groups with at least two live options, in roadmap order (with `keys`, only
    the groups offering one of those steps)."""
    found = members(conn, roadmap_id, keys)
    if not found:
        return []
    chosen = picks(conn, roadmap_id)
    by_group: dict[str, list[Member]] = defaultdict(list)
    for member in found:
        by_group[member.group_key].append(member)
    views = []
    for key, options in by_group.items():
        if len(options) < 2:
            continue
        pairs = tuple((m.step_key, m.step_title) for m in options)
        picked = chosen.get((roadmap_id, key))
        views.append(
            GroupView(
                key=key,
                title=options[0].group_title,
                options=pairs,
                picked=picked if any(k == picked for k, _ in pairs) else None,
            )
        )
    return views


def group_of(conn: sqlite3.Connection, roadmap_id: int, step_key: str) -> GroupView | None:
    """The group offering this step as an option, if any."""
    groups = read_groups(conn, roadmap_id, (step_key,))
    return next((g for g in groups if step_key in g.option_keys()), None)


def units(conn: sqlite3.Connection, roadmap_id: int) -> list[tuple[tuple[str, ...], str | None]]:
    """(option keys, pick) per group and phase, what `progress.counted` takes. Options are
    grouped per phase too, so the counting matches the phase-by-phase overview maths even if
    an edit moved an option to another phase."""
    chosen = picks(conn, roadmap_id)
    split: dict[tuple[str, int], list[str]] = defaultdict(list)
    for member in members(conn, roadmap_id):
        split[(member.group_key, member.phase_id)].append(member.step_key)
    return [(tuple(keys), chosen.get((roadmap_id, group))) for (group, _), keys in split.items()]
