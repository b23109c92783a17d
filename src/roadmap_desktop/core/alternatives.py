"""Reading "choose one of" groups with the learner's picks (in plain SQL, core/groups_sql.py),
and which options progress skips."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Collection

from sqlalchemy import select
from sqlalchemy.orm import Session

from roadmap_desktop.core import groups_sql, progress
from roadmap_desktop.core.db import session_sqlite
from roadmap_desktop.core.enums import StepStatus
from roadmap_desktop.core.groups_sql import GroupView, Member
from roadmap_desktop.core.models import Step, StepProgress, Topic, TopicTick

__all__ = ["GroupView", "group_of", "read_groups", "uncounted_step_ids", "units"]


def read_groups(
    session: Session, roadmap_id: int, keys: Collection[str] | None = None
) -> list[GroupView]:
    """The roadmap's groups with at least two live options, in roadmap order (with `keys`, only
    the groups offering one of those steps)."""
    return groups_sql.read_groups(session_sqlite(session), roadmap_id, keys)


def group_of(session: Session, roadmap_id: int, step_key: str) -> GroupView | None:
    """The group offering this step as an option, if any."""
    return groups_sql.group_of(session_sqlite(session), roadmap_id, step_key)


def units(session: Session, roadmap_id: int) -> list[tuple[tuple[str, ...], str | None]]:
    """(option keys, pick) per group and phase, what `progress.counted` takes
    (core/groups_sql.units)."""
    return groups_sql.units(session_sqlite(session), roadmap_id)


def uncounted_step_ids(session: Session, roadmap_id: int | None = None) -> set[int]:
    """Ids of the live steps progress does not count, of one roadmap or all: every option of a
    group except its representative (see progress.representative)."""
    conn = session_sqlite(session)
    members = groups_sql.members(conn, roadmap_id)
    if not members:
        return set()
    picks = groups_sql.picks(conn, roadmap_id)
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
    split: dict[tuple[int, str, int], list[Member]] = defaultdict(list)
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
