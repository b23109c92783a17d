"""Cards as values, and a step's cards, in plain SQL (core/plain_sql.py)."""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping
from typing import Any

from roadmap_desktop.core.plain_sql import stamp
from roadmap_desktop.core.scheduling import FsrsState
from roadmap_desktop.services.review_values import ReviewCard

_CARD_COLUMNS = (
    "c.id, c.uid, c.roadmap_id, c.step_key, c.front_md, c.back_md, c.origin, c.state,"
    " c.suspended, c.archived, c.due, c.reps, c.lapses, c.step, c.stability, c.difficulty,"
    " c.last_review, r.title, coalesce(s.title, '')"
)
_CARD_SQL = (
    f"SELECT {_CARD_COLUMNS} FROM cards c JOIN roadmaps r ON r.id = c.roadmap_id"
    " LEFT JOIN steps s ON s.roadmap_id = c.roadmap_id AND s.key = c.step_key"
)


def load_cards(
    conn: sqlite3.Connection, where: str, params: Mapping[str, Any], order: str = "c.id"
) -> list[tuple[ReviewCard, FsrsState]]:
    """Cards matching a condition on c (named parameters, `:name`) as values, each with its
    FSRS columns."""
    rows = conn.execute(f"{_CARD_SQL} WHERE {where} ORDER BY {order}", params).fetchall()
    found = []
    for row in rows:
        due = stamp(row[10])
        assert due is not None
        card = ReviewCard(
            id=row[0],
            uid=row[1],
            roadmap_id=row[2],
            step_key=row[3],
            front_md=row[4],
            back_md=row[5],
            origin=row[6],
            state=row[7],
            suspended=bool(row[8]),
            archived=bool(row[9]),
            due=due,
            reps=row[11],
            lapses=row[12],
            roadmap_title=row[17],
            step_title=row[18],
        )
        fsrs = FsrsState(row[7], row[13], row[14], row[15], due, stamp(row[16]))
        found.append((card, fsrs))
    return found


def step_cards(conn: sqlite3.Connection, roadmap_id: int, step_key: str) -> tuple[ReviewCard, ...]:
    """The cards of a step (questions first, in order, then the learner's), suspended too."""
    found = load_cards(
        conn,
        "c.roadmap_id = :rid AND c.step_key = :step",
        {"rid": roadmap_id, "step": step_key},
        order="c.question_key IS NULL, c.id",
    )
    return tuple(card for card, _ in found)
