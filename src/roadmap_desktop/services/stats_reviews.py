"""Review statistics of the Stats page: answers per local day, true retention, cards coming due.

Three reads in plain SQL (they run on a switch of roadmap, over a review log of hundreds of
thousands of rows): per local day, the answers by the card's state before them and by rating
(one aggregate per day over the time index); live reviewed cards GROUP BY the local day they
come due (the DST-exact CASE of services/stats_days.py); and whether any card was answered.
`roadmap_id` None means all roadmaps.
"""

from __future__ import annotations

from datetime import date, timedelta, tzinfo
from typing import Any

from sqlalchemy.orm import Session

from roadmap_desktop.core.db import Database
from roadmap_desktop.core.planner import day_start_utc
from roadmap_desktop.services.review_queue import stamp
from roadmap_desktop.services.stats_days import local_date_sql
from roadmap_desktop.services.stats_values import DueDay, ReviewDay, ReviewStats

ANSWER_DAYS = 90  # the answers chart shows the last 30 or 90 of these
RETENTION_DAYS = 30
DUE_DAYS = 30
_LIVE = "c.suspended = 0 AND c.archived = 0"

# One correlated aggregate per local day over the log's time index: the days are ranges of UTC
# instants worked out in Python (exact on DST nights), so no row's date is parsed and no temp
# B-tree groups 20,000 rows. A roadmap's answers are told by their card's primary key (a list
# of the roadmap's card ids costs more to build than these lookups).
# (Learning = all - new - review; Easy = all - Again - Hard - Good: two sums fewer a row.)
_PER_DAY = (
    "count(*) || ' ' || sum(l.state = 0) || ' ' || sum(l.state = 2)"
    " || ' ' || sum(l.rating = 1) || ' ' || sum(l.rating = 2) || ' ' || sum(l.rating = 3)"
    " || ' ' || sum(l.state = 2 AND l.rating = 1)"
)
_ANSWERS = (
    "WITH days(i, a, b) AS (VALUES {days}) SELECT i, (SELECT " + _PER_DAY + " FROM review_log l"
    " WHERE l.reviewed_at >= a AND l.reviewed_at < b{scope}) FROM days"
)
_IN_ROADMAP = " AND EXISTS (SELECT 1 FROM cards c WHERE c.id = l.card_id AND c.roadmap_id = :rid)"
_DUE = (
    "SELECT CASE WHEN c.due < :start THEN NULL ELSE {day} END AS day, count(*) FROM cards c"
    f" WHERE c.due < :until AND c.state > 0 AND {_LIVE}{{scope}} GROUP BY day"
)
# Whether any card in scope was ever answered (the empty state): stops at the first one.
_REVIEWED = f"SELECT EXISTS (SELECT 1 FROM cards c WHERE c.state > 0 AND {_LIVE}{{scope}})"


def review_stats(
    db: Database, roadmap_id: int | None, today: date, tz: tzinfo, days: int = ANSWER_DAYS
) -> ReviewStats:
    """Answers of the last `days` local days, retention of the last 30, cards due in the next 30."""
    with db.reading() as session:
        return read_review_stats(session, roadmap_id, today, tz, days)


def read_review_stats(
    session: Session, roadmap_id: int | None, today: date, tz: tzinfo, days: int = ANSWER_DAYS
) -> ReviewStats:
    """review_stats inside an open reading session."""
    days = max(days, RETENTION_DAYS)
    first = today - timedelta(days=days - 1)
    bounds = [stamp(day_start_utc(first + timedelta(days=i), tz)) for i in range(days + 1)]
    ranges = ", ".join(f"({i}, '{bounds[i]}', '{bounds[i + 1]}')" for i in range(days))
    params: dict[str, Any] = {}
    scope = ""
    if roadmap_id is not None:
        params["rid"] = roadmap_id
        scope = _IN_ROADMAP
    conn = session.connection()
    # True retention: review answers (the card was in review, not new or in a learning step)
    # of the last 30 days that were not Again.
    recent = days - RETENTION_DAYS
    passed = failed = 0
    answers = []
    for i, packed in conn.exec_driver_sql(_ANSWERS.format(days=ranges, scope=scope), params):
        day = first + timedelta(days=i)
        if packed is None:  # no answers that day
            answers.append(ReviewDay(day, 0, 0, 0, 0, 0, 0, 0))
            continue
        total, new, review, again, hard, good, lapsed = map(int, packed.split())
        learning, easy = total - new - review, total - again - hard - good
        answers.append(ReviewDay(day, new, learning, review, again, hard, good, easy))
        if i >= recent:
            failed += lapsed
            passed += review - lapsed

    last = today + timedelta(days=DUE_DAYS)
    start = day_start_utc(today, tz)
    ahead = day_start_utc(last, tz)
    due_params: dict[str, Any] = {"start": stamp(start), "until": stamp(ahead)}
    card_scope = ""
    if roadmap_id is not None:
        due_params["rid"] = roadmap_id
        card_scope = " AND c.roadmap_id = :rid"
    due_sql = _DUE.format(day=local_date_sql("c.due", tz, start, ahead), scope=card_scope)
    overdue = 0
    due_by_day: dict[str, int] = {}
    for text, count in conn.exec_driver_sql(due_sql, due_params):
        if text is None:
            overdue += count
        else:
            due_by_day[text] = count
    due = tuple(
        DueDay(d, due_by_day.get(d.isoformat(), 0))
        for d in (today + timedelta(days=i) for i in range(DUE_DAYS))
    )
    reviewed = bool(conn.exec_driver_sql(_REVIEWED.format(scope=card_scope), params).scalar())
    return ReviewStats(
        roadmap_id=roadmap_id,
        today=today,
        answers=tuple(answers),
        retention_passed=passed,
        retention_failed=failed,
        overdue=overdue,
        due=due,
        reviewed=reviewed,
    )
