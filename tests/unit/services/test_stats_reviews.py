"""Review statistics on a real database: answers per local day, true retention, cards due."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete, update

from roadmap_desktop.core.models import Card, ReviewLog
from roadmap_desktop.core.planner import day_start_utc, local_day
from roadmap_desktop.services import review
from roadmap_desktop.services.queries import roadmap_id_for
from roadmap_desktop.services.review_values import ReviewOptions
from roadmap_desktop.services.stats_reviews import review_stats

BERLIN = ZoneInfo("Europe/Berlin")
TODAY = date(2026, 11, 4)  # Berlin left summer time on 25 Oct, 10 days ago


def _utc(day: date, hour: int, minute: int = 0) -> datetime:
    """A Berlin wall-clock time as the naive UTC instant the database stores."""
    local = datetime(day.year, day.month, day.day, hour, minute, tzinfo=BERLIN)
    return local.astimezone(UTC).replace(tzinfo=None)


@pytest.fixture
def decks(tiny, sync, load_spec):
    """tiny and other, with two of our own cards in tiny and one in other (ids by name)."""
    db, rid = tiny.db, tiny.roadmap_id
    sync(db, load_spec("other.yaml"))
    other = roadmap_id_for(db, "other")
    ids = {}
    with db.transaction() as session:
        for name, roadmap in (("a", rid), ("b", rid), ("c", other)):
            card = Card(
                uid=f"uid-{name}", roadmap_id=roadmap, front_md=name, due=datetime(2026, 1, 1)
            )
            session.add(card)
            session.flush()
            ids[name] = card.id
        # the questions' own cards stay new (state 0) and out of every figure below
    return db, rid, other, ids


def _log(db, rows) -> None:
    """Insert (card id, UTC instant, state before, rating) answers; the log starts empty."""
    with db.transaction() as session:
        session.execute(delete(ReviewLog))
        for card_id, when, state, rating in rows:
            session.add(
                ReviewLog(
                    card_id=card_id,
                    reviewed_at=when,
                    rating=rating,
                    state=state,
                    prev_due=when,
                )
            )


def _cards(db, rows) -> None:
    """Set (card id, state, due, suspended, archived) of cards."""
    with db.transaction() as session:
        for card_id, state, due, suspended, archived in rows:
            session.execute(
                update(Card)
                .where(Card.id == card_id)
                .values(state=state, due=due, suspended=suspended, archived=archived)
            )


def test_answers_count_on_the_local_day_and_by_kind_and_rating(decks) -> None:
    db, rid, _other, ids = decks
    a, b, c = ids["a"], ids["b"], ids["c"]
    _log(
        db,
        [
            (a, _utc(date(2026, 10, 24), 23, 30), 0, 3),  # 21:30 UTC on the 24th
            (a, _utc(date(2026, 10, 25), 0, 30), 1, 3),  # 22:30 UTC on the 24th, local 25th
            (a, _utc(date(2026, 10, 25), 23, 59), 2, 1),  # the 25-hour day's last minute
            (b, _utc(date(2026, 11, 4), 0, 5), 2, 4),
            (b, _utc(date(2026, 11, 4), 9, 0), 3, 2),
            (c, _utc(date(2026, 11, 4), 9, 0), 2, 1),  # another roadmap
            (a, _utc(date(2026, 11, 5), 0, 1), 2, 3),  # tomorrow: not yet
            (a, _utc(date(2026, 8, 6), 12, 0), 2, 3),  # 90 days ago: before the range
        ],
    )
    stats = review_stats(db, rid, TODAY, BERLIN, 90)
    assert len(stats.answers) == 90
    assert stats.answers[0].day == date(2026, 8, 7) and stats.answers[-1].day == TODAY
    by_day = {d.day: d for d in stats.answers if d.total}
    assert set(by_day) == {date(2026, 10, 24), date(2026, 10, 25), TODAY}
    assert (by_day[date(2026, 10, 24)].new, by_day[date(2026, 10, 24)].good) == (1, 1)
    day25 = by_day[date(2026, 10, 25)]
    assert (day25.new, day25.learning, day25.review, day25.again, day25.good) == (0, 1, 1, 1, 1)
    today = by_day[TODAY]
    assert (today.learning, today.review, today.hard, today.easy, today.total) == (1, 1, 1, 1, 2)
    # retention: review answers of the last 30 days (25 Oct Again, today Easy); the relearning
    # step and the first answers do not count
    assert (stats.retention_passed, stats.retention_failed) == (1, 1)
    assert stats.retention == 0.5
    everything = review_stats(db, None, TODAY, BERLIN, 30)
    assert len(everything.answers) == 30 and everything.answers[-1].total == 3
    assert (everything.retention_passed, everything.retention_failed) == (1, 2)


def test_cards_due_by_local_day_with_the_overdue_apart(decks) -> None:
    db, rid, other, ids = decks
    a, b, c = ids["a"], ids["b"], ids["c"]
    _cards(
        db,
        [
            (a, 2, _utc(date(2026, 11, 3), 23, 59), False, False),  # yesterday: overdue
            (b, 2, _utc(date(2026, 11, 4), 0, 0), False, False),  # today's first minute
            (c, 2, _utc(date(2026, 12, 3), 23, 0), False, False),  # the 30th day, other roadmap
        ],
    )
    stats = review_stats(db, None, TODAY, BERLIN)
    assert stats.overdue == 1
    assert [d.day for d in stats.due] == [TODAY + timedelta(days=i) for i in range(30)]
    assert (
        stats.due[0].cards == 1
        and stats.due[-1].cards == 1
        and sum(d.cards for d in stats.due) == 2
    )
    mine = review_stats(db, rid, TODAY, BERLIN)
    assert (mine.overdue, sum(d.cards for d in mine.due)) == (1, 1)
    _cards(
        db, [(a, 2, _utc(date(2026, 11, 3), 12), True, False), (b, 2, _utc(TODAY, 9), False, True)]
    )
    assert review_stats(db, rid, TODAY, BERLIN).overdue == 0  # suspended and archived cards wait
    _cards(db, [(c, 2, _utc(date(2026, 12, 4), 0, 0), False, False)])  # the 31st day: beyond
    assert sum(d.cards for d in review_stats(db, other, TODAY, BERLIN).due) == 0


def test_nothing_reviewed_is_the_empty_state(decks) -> None:
    db, rid, _other, _ids = decks
    stats = review_stats(db, rid, TODAY, BERLIN)
    assert stats.empty and stats.retention is None
    assert not stats.reviewed and stats.overdue == 0


def test_answers_given_through_the_review_service_are_counted(decks) -> None:
    db, rid, _other, ids = decks
    options = ReviewOptions(all_steps=True)
    now = _utc(TODAY, 10)
    for rating in (3, 3, 1):
        review.answer(db, ids["a"], rating, options, now=now)
        now += timedelta(minutes=15)
    stats = review_stats(db, rid, TODAY, BERLIN)
    assert stats.answers[-1].total == 3 and stats.answers[-1].new == 1
    assert not stats.empty and stats.reviewed


DAYS = [date(2026, 10, 24), date(2026, 10, 25), date(2026, 10, 26), TODAY, date(2026, 8, 6)]
answers = st.lists(
    st.tuples(
        st.sampled_from(["a", "b", "c"]),
        st.sampled_from(DAYS),
        st.integers(-120, 24 * 60 + 120),  # minutes from local midnight, spilling over
        st.integers(0, 3),
        st.integers(1, 4),
    ),
    max_size=25,
)
cards = st.lists(
    st.tuples(st.integers(0, 3), st.integers(-5 * 1440, 35 * 1440), st.booleans(), st.booleans()),
    min_size=3,
    max_size=3,
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(answers, cards, st.sampled_from([30, 90]))
def test_review_aggregates_add_up(decks, rows, states, days) -> None:
    db, rid, _other, ids = decks
    midnight = {d: day_start_utc(d, BERLIN) for d in DAYS}
    log = [(ids[n], midnight[d] + timedelta(minutes=m), s, r) for n, d, m, s, r in rows]
    _log(db, log)
    start = day_start_utc(TODAY, BERLIN)
    _cards(
        db,
        [
            (ids[n], state, start + timedelta(minutes=m), suspended, archived)
            for n, (state, m, suspended, archived) in zip("abc", states, strict=True)
        ],
    )
    first = TODAY - timedelta(days=days - 1)
    since, until = day_start_utc(first, BERLIN), day_start_utc(TODAY + timedelta(days=1), BERLIN)
    ahead = day_start_utc(TODAY + timedelta(days=30), BERLIN)
    for scope in (None, rid):
        in_scope = {ids["a"], ids["b"]} if scope == rid else set(ids.values())
        stats = review_stats(db, scope, TODAY, BERLIN, days)
        kept = [row for row in log if row[0] in in_scope and since <= row[1] < until]
        # answers per day sum to the log rows in range, each on its local day
        assert sum(d.total for d in stats.answers) == len(kept)
        # each on its local day, by the card's state before the answer and by rating
        expected: dict[date, list[int]] = {}
        for _card, when, state, rating in kept:
            entry = expected.setdefault(local_day(when, BERLIN), [0] * 7)
            entry[0 if state == 0 else 2 if state == 2 else 1] += 1
            entry[2 + rating] += 1
        assert {
            d.day: [d.new, d.learning, d.review, d.again, d.hard, d.good, d.easy]
            for d in stats.answers
            if d.total
        } == expected
        # retention within [0, 1], from review answers of the last 30 days only
        retention = stats.retention
        assert retention is None or 0.0 <= retention <= 1.0
        recent = day_start_utc(TODAY - timedelta(days=29), BERLIN)
        reviews = [r for r in kept if r[2] == 2 and r[1] >= recent]
        assert stats.retention_failed == sum(1 for r in reviews if r[3] == 1)
        assert stats.retention_passed + stats.retention_failed == len(reviews)
        # due counts (with the overdue) sum to the live reviewed cards due before day 31
        live = [
            (state, start + timedelta(minutes=m))
            for n, (state, m, suspended, archived) in zip("abc", states, strict=True)
            if ids[n] in in_scope and state > 0 and not suspended and not archived
        ]
        assert stats.overdue + sum(d.cards for d in stats.due) == sum(
            1 for _s, due in live if due < ahead
        )
        assert stats.overdue == sum(1 for _s, due in live if due < start)
