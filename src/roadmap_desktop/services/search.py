"""Search use cases: find anything in the index, match commands, rebuild the index."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence
from typing import Any, TypeVar

from roadmap_desktop.core import search_index
from roadmap_desktop.core.db import Database
from roadmap_desktop.core.fuzzy import FuzzyMatch, rank
from roadmap_desktop.core.search import Field, HitKind, SearchGroup, SearchHit, mark, search
from roadmap_desktop.core.work_progress import Progress

__all__ = [
    "Field",
    "FuzzyMatch",
    "HitKind",
    "SearchGroup",
    "SearchHit",
    "find",
    "index_drift",
    "mark",
    "match_commands",
    "rebuild_index",
]

T = TypeVar("T")


class _Raw:
    """A DB-API connection with the one method core/search needs."""

    def __init__(self, conn: Any) -> None:
        self.conn = conn

    def exec_driver_sql(self, statement: str, parameters: Any = ()) -> Any:
        return self.conn.execute(statement, parameters)


def find(db: Database, text: str, limit: int = 8) -> tuple[SearchGroup, ...]:
    """Up to limit hits of each kind for text, grouped by kind, best group first."""
    with db.reading() as session:
        # The DB-API connection directly: a keystroke runs a dozen small statements, and
        # SQLAlchemy's result wrapping would add a fifth to their cost.
        raw = session.connection().connection.driver_connection
        return search(_Raw(raw), text, limit)


def match_commands(
    text: str, commands: Iterable[T], name: Callable[[T], str], limit: int = 8
) -> Sequence[tuple[T, FuzzyMatch]]:
    """The commands whose name matches text fuzzily (subsequence, small typos), best first."""
    return rank(text, commands, name, limit)


def rebuild_index(db: Database, progress: Progress | None = None) -> float:
    """Write the whole index again from the data, in one transaction, reporting the share
    written to `progress`; returns the seconds."""
    started = time.perf_counter()
    with db.transaction() as session:
        search_index.rebuild(session.connection(), progress)
    return time.perf_counter() - started


def index_drift(db: Database) -> dict[str, tuple[set[int], set[int], set[int]]]:
    """By kind, index keys missing, stale and extra compared with the data (empty: in step)."""
    with db.reading() as session:
        return search_index.drift(session.connection())
