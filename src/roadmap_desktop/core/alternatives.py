"""Reading "choose one of" groups with the learner's picks, and which options progress skips."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from sqlalchemy import BindParameter, bindparam, select
from sqlalchemy.orm import Session

from roadmap_desktop.core import progress
from roadmap_desktop.core.enums import StepStatus
from roadmap_desktop.core.models import (
    GroupPick,
    Step,
    StepGroup,
    StepGroupMember,
    StepProgress,
    Topic,
    TopicTick,
)


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
class _Member:
    roadmap_id: int
    group_key: str
    group_title: str
    group_position: int
    step_id: int
    step_key: str
    step_title: str
    phase_id: int


_MEMBERS = (
    select(
        StepGroup.roadmap_id,
        StepGroup.key,
        StepGroup.title,
        StepGroup.position,
        Step.id,
        Step.key,
        Step.title,
        Step.phase_id,
    )
    .join(StepGroupMember, StepGroupMember.group_id == StepGroup.id)
    .join(
        Step,
        (Step.roadmap_id == StepGroupMember.roadmap_id) & (Step.key == StepGroupMember.step_key),
    )
    .where(Step.archived.is_(False), Step.phase_id.is_not(None))
    .order_by(StepGroup.roadmap_id, StepGroup.position, StepGroupMember.position)
)
_RID: BindParameter[Any] = bindparam("roadmap_id")
# Built once with bound parameters: the step pane and the step list read the group of a step
# or two on every selection and tick, without building a statement and its cache key each time.
_MEMBERS_OF_ROADMAP = _MEMBERS.where(StepGroup.roadmap_id == _RID)
_GROUPS_OFFERING = select(StepGroupMember.group_id).where(
    StepGroupMember.roadmap_id == _RID,
    StepGroupMember.step_key.in_(bindparam("keys", expanding=True)),
)
_MEMBERS_OF_GROUPS = _MEMBERS_OF_ROADMAP.where(
    StepGroup.id.in_(bindparam("group_ids", expanding=True))
)


def _members(
    session: Session, roadmap_id: int | None, keys: Collection[str] | None = None
) -> list[_Member]:
    """Live options (steps in a phase, not archived) of every group, in group and option order;
    with `keys`, of the groups offering any of those steps only."""
    conn = session.connection()
    if keys is not None:
        # A primary-key look-up first: most steps are no group's option.
        at = {"roadmap_id": roadmap_id, "keys": sorted(keys)}
        group_ids = sorted(set(conn.scalars(_GROUPS_OFFERING, at)))
        if not group_ids:
            return []
        rows = conn.execute(_MEMBERS_OF_GROUPS, {"roadmap_id": roadmap_id, "group_ids": group_ids})
    elif roadmap_id is not None:
        rows = conn.execute(_MEMBERS_OF_ROADMAP, {"roadmap_id": roadmap_id})
    else:
        rows = conn.execute(_MEMBERS)
    return [
        _Member(rid, g_key, g_title, g_pos, s_id, s_key, s_title, phase_id or 0)
        for rid, g_key, g_title, g_pos, s_id, s_key, s_title, phase_id in rows.tuples()
    ]


_PICKS = select(GroupPick.roadmap_id, GroupPick.group_key, GroupPick.step_key)
_PICKS_OF_ROADMAP = _PICKS.where(GroupPick.roadmap_id == _RID)


def _picks(session: Session, roadmap_id: int | None) -> dict[tuple[int, str], str]:
    conn = session.connection()
    rows = (
        conn.execute(_PICKS)
        if roadmap_id is None
        else conn.execute(_PICKS_OF_ROADMAP, {"roadmap_id": roadmap_id})
    )
    return {(rid, group): step for rid, group, step in rows.tuples()}


def read_groups(
    session: Session, roadmap_id: int, keys: Collection[str] | None = None
) -> list[GroupView]:
    """The roadmap's groups with at least two live options, in roadmap order (with `keys`, only
    the groups offering one of those steps)."""
    members = _members(session, roadmap_id, keys)
    if not members:
        return []
    picks = _picks(session, roadmap_id)
    by_group: dict[str, list[_Member]] = defaultdict(list)
    for member in members:
        by_group[member.group_key].append(member)
    views = []
    for key, members in by_group.items():
        if len(members) < 2:
            continue
        options = tuple((m.step_key, m.step_title) for m in members)
        picked = picks.get((roadmap_id, key))
        views.append(
            GroupView(
                key=key,
                title=members[0].group_title,
                options=options,
                picked=picked if any(k == picked for k, _ in options) else None,
            )
        )
    return views


def group_of(session: Session, roadmap_id: int, step_key: str) -> GroupView | None:
    """The group offering this step as an option, if any."""
    groups = read_groups(session, roadmap_id, (step_key,))
    return next((g for g in groups if step_key in g.option_keys()), None)


def units(session: Session, roadmap_id: int) -> list[tuple[tuple[str, ...], str | None]]:
    """(option keys, pick) per group and phase, what `progress.counted` takes. Options are
    grouped per phase too, so the counting matches the phase-by-phase overview maths even if
    an edit moved an option to another phase."""
    picks = _picks(session, roadmap_id)
    split: dict[tuple[str, int], list[str]] = defaultdict(list)
    for member in _members(session, roadmap_id):
        split[(member.group_key, member.phase_id)].append(member.step_key)
    return [(tuple(keys), picks.get((roadmap_id, group))) for (group, _), keys in split.items()]


def uncounted_step_ids(session: Session, roadmap_id: int | None = None) -> set[int]:
    """Ids of the live steps progress does not count, of one roadmap or all: every option of a
    group except its representative (see progress.representative)."""
    members = _members(session, roadmap_id)
    if not members:
        return set()
    picks = _picks(session, roadmap_id)
    rids = {m.roadmap_id for m in members}
    keys = {m.step_key for m in members}
    statuses = {
        (rid, key): status
        for rid, key, status in session.execute(
            select(StepProgress.roadmap_id, StepProgress.step_key, StepProgress.status).where(
                StepProgress.roadmap_id.in_(rids), StepProgress.step_key.in_(keys)
            )
        ).tuples()
    }
    ticks = Counter(
        session.execute(
            select(TopicTick.roadmap_id, TopicTick.step_key)
            .join(
                Step, (Step.roadmap_id == TopicTick.roadmap_id) & (Step.key == TopicTick.step_key)
            )
            .join(Topic, (Topic.step_id == Step.id) & (Topic.key == TopicTick.topic_key))
            .where(TopicTick.roadmap_id.in_(rids), TopicTick.step_key.in_(keys))
        ).tuples()
    )
    split: dict[tuple[int, str, int], list[_Member]] = defaultdict(list)
    for member in members:
        split[(member.roadmap_id, member.group_key, member.phase_id)].append(member)
    hidden: set[int] = set()
    for (rid, group, _phase), options in split.items():
        if len(options) < 2:
            continue
        facts = [
            (
                m.step_key,
                progress.StepFacts(
                    statuses.get((rid, m.step_key), StepStatus.TODO),
                    0.0,
                    topics_done=ticks.get((rid, m.step_key), 0),
                ),
            )
            for m in options
        ]
        chosen = progress.representative(facts, picks.get((rid, group)))
        hidden |= {m.step_id for m in options if m.step_key != chosen}
    return hidden
