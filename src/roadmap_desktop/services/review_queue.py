"""The review queue's reads in plain SQL: which cards may come due, the next one, counts.

These run on every answer and every refresh of the counts, on up to tens of thousands of cards,
so they are written once as SQL strings (no statement building or ORM loading per call) over
covering indexes (models.Card: ix_cards_due, ix_cards_step). By default only cards of steps
the learner has started or finished may come due (a card without a step once any step of its
roadmap is started). The next card walks the due-time order and stops at the first eligible
card; the counts are driven from the started steps' progress rows, so they cost what the
learner's progress costs, not what the number of cards does.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Collection
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from roadmap_desktop.core.db import session_sqlite
from roadmap_desktop.core.plain_sql import marks
from roadmap_desktop.core.scheduling import FsrsState
from roadmap_desktop.services import cards_sql
from roadmap_desktop.services.review_values import ReviewCard, ReviewOptions

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

# The reads take a session (inside an answer's transaction) or a plain connection (the counts,
# read in core/db.Database.raw_reading's snapshot: they badge the rail from start-up on).

_STARTED = "('in_progress', 'done')"
_LIVE = "c.suspended = 0 AND c.archived = 0"
_BY_STEP = (
    "FROM step_progress sp JOIN cards c"
    " ON c.roadmap_id = sp.roadmap_id AND c.step_key = sp.step_key"
    f" WHERE sp.status IN {_STARTED} AND {_LIVE}"
)
_STEPLESS = (
    "FROM cards c WHERE c.step_key IS NULL AND c.roadmap_id IN"
    f" (SELECT roadmap_id FROM step_progress WHERE status IN {_STARTED}) AND {_LIVE}"
)
_EVERY = f"FROM cards c WHERE {_LIVE}"

# Conditions on c (never IN on an index column followed by a range: SQLite 3.40 miscounts).
DUE = "c.state > 0 AND c.due <= :now"
NEW = "c.state = 0"
SOON = "c.state > 0 AND c.state <> 2 AND c.due <= :now"  # learning / relearning
REVIEWED = "c.state > 0"


def stamp(value: datetime) -> str:
    """A naive UTC instant as SQLAlchemy stores DateTime in SQLite (comparable as text)."""
    return value.strftime("%Y-%m-%d %H:%M:%S.%f")


def parse_stamp(value: Any) -> datetime | None:
    """A stored DateTime text back as a naive datetime."""
    if value is None:
        return None
    return value if isinstance(value, datetime) else datetime.fromisoformat(str(value))


def day_start(now: datetime) -> datetime:
    """The start of the learner's local day containing now, as naive UTC."""
    local = now.replace(tzinfo=UTC).astimezone()
    midnight = local.replace(hour=0, minute=0, second=0, microsecond=0)
    return midnight.astimezone(UTC).replace(tzinfo=None)


def _sources(options: ReviewOptions) -> tuple[str, ...]:
    return (_EVERY,) if options.all_steps else (_BY_STEP, _STEPLESS)


def _conn(source: Session | sqlite3.Connection) -> sqlite3.Connection:
    return source if isinstance(source, sqlite3.Connection) else session_sqlite(source)


def _run(source: Session | sqlite3.Connection, sql: str, params: dict[str, Any]) -> Any:
    return _conn(source).execute(sql, params).fetchone()


# A card of a started step (or, without a step, of a roadmap with a started step), checked
# per card: the next card is found by walking the due-time (or age) order and stops at the
# first match, so it costs the same whatever the number of cards or started steps.
_ELIGIBLE = (
    "(CASE WHEN c.step_key IS NULL THEN EXISTS (SELECT 1 FROM step_progress sp"
    f" WHERE sp.roadmap_id = c.roadmap_id AND sp.status IN {_STARTED})"
    " ELSE EXISTS (SELECT 1 FROM step_progress sp WHERE sp.roadmap_id = c.roadmap_id"
    f" AND sp.step_key = c.step_key AND sp.status IN {_STARTED}) END)"
)


def first_id(
    session: Session | sqlite3.Connection,
    options: ReviewOptions,
    condition: str,
    now: datetime,
    *,
    by_due: bool,
) -> int | None:
    """The id of the first eligible card matching condition (by due time, else by age)."""
    order = "c.due" if by_due else "c.id"
    eligible = "" if options.all_steps else f" AND {_ELIGIBLE}"
    row = _run(
        session,
        f"SELECT c.id {_EVERY} AND {condition}{eligible} ORDER BY {order} LIMIT 1",
        {"now": stamp(now)},
    )
    return None if row is None else int(row[0])


def count(
    session: Session | sqlite3.Connection,
    options: ReviewOptions,
    condition: str,
    now: datetime,
    limit: int = -1,
) -> int:
    """How many eligible cards match condition (at most limit; -1 for no limit)."""
    total = 0
    for source in _sources(options):
        left = -1 if limit < 0 else limit - total
        if left == 0:
            break
        total += int(
            _run(
                session,
                f"SELECT count(*) FROM (SELECT c.id {source} AND {condition} LIMIT :limit)",
                {"now": stamp(now), "limit": left},
            )[0]
        )
    return total


def earliest_due(session: Session | sqlite3.Connection, options: ReviewOptions) -> datetime | None:
    """The soonest due time of an eligible card already reviewed."""
    times = [
        parse_stamp(v)
        for source in _sources(options)
        if (v := _run(session, f"SELECT min(c.due) {source} AND {REVIEWED}", {})[0])
    ]
    return min((t for t in times if t is not None), default=None)


def answered_since(
    session: Session | sqlite3.Connection, since: datetime, *, new_only: bool
) -> int:
    """Answers given since an instant (only first answers of new cards with new_only)."""
    extra = " AND state = 0" if new_only else ""
    return int(
        _run(
            session,
            f"SELECT count(*) FROM review_log WHERE reviewed_at >= :since{extra}",
            {"since": stamp(since)},
        )[0]
    )


def cards_tied_to(
    source: Session | sqlite3.Connection, roadmap_id: int, step_keys: Collection[str]
) -> bool:
    """Whether any card hangs on one of these steps, or on no step of their roadmap: the cards
    a change of those steps' status can make eligible or not."""
    keys = sorted(step_keys)
    row = (
        _conn(source)
        .execute(
            "SELECT EXISTS (SELECT 1 FROM cards WHERE roadmap_id = ? AND step_key IS NULL)"
            " OR EXISTS (SELECT 1 FROM cards WHERE roadmap_id = ?"
            f" AND step_key IN ({marks(len(keys))}))",
            (roadmap_id, roadmap_id, *keys),
        )
        .fetchone()
    )
    return bool(row[0])


def new_left(session: Session | sqlite3.Connection, options: ReviewOptions, now: datetime) -> int:
    """New cards the learner may still start today."""
    introduced = answered_since(session, day_start(now), new_only=True)
    return max(0, options.new_per_day - introduced)


def load_cards(
    session: Session, where: str, params: dict[str, Any], order: str = "c.id"
) -> list[tuple[ReviewCard, FsrsState]]:
    """Cards matching a condition on c as values, each with its FSRS columns
    (services/cards_sql.py)."""
    return cards_sql.load_cards(session_sqlite(session), where, params, order)


def learn_ahead(now: datetime) -> datetime:
    """How far ahead a learning card may be shown when nothing else is left."""
    return now + timedelta(minutes=20)
