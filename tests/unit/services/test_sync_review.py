"""Sync carries cards with their FSRS state, the review log, edited study sessions and the
"choose one of" groups with the learner's pick."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from roadmap_desktop.core.cards import question_card_uid
from roadmap_desktop.core.content_sync import sync_roadmap
from roadmap_desktop.core.db import Database, open_database
from roadmap_desktop.core.models import (
    Card,
    GroupPick,
    Origin,
    ReviewLog,
    StepGroup,
    StepGroupMember,
    StudySession,
)
from roadmap_desktop.core.roadmap_format import load_roadmap_file
from roadmap_desktop.services import review, timekeeping
from roadmap_desktop.services.alternatives import choose_alternative
from roadmap_desktop.services.changes import ChangeKind
from roadmap_desktop.services.queries import roadmap_id_for
from roadmap_desktop.services.review_values import ReviewOptions
from roadmap_desktop.services.sync import sync_round

FIXTURE = Path(__file__).resolve().parents[2] / "fixtures" / "tiny.yaml"
NOW = datetime(2026, 12, 1, 9, 0)
FSRS = ("state", "step", "stability", "difficulty", "due", "last_review", "reps", "lapses")


def _open_with_tiny(path: Path) -> Database:
    db = open_database(path)
    with db.transaction() as session:
        sync_roadmap(session, load_roadmap_file(FIXTURE), origin=Origin.CUSTOM, source_ref="t")
    return db


@pytest.fixture
def pair(tmp_path: Path):
    """Two computers that each imported the tiny roadmap (each made its question cards)."""
    shared = tmp_path / "shared"
    shared.mkdir()
    a, b = _open_with_tiny(tmp_path / "a.sqlite3"), _open_with_tiny(tmp_path / "b.sqlite3")
    yield a, b, shared
    a.close()
    b.close()


def _cards(db: Database) -> dict[str, tuple]:
    with db.reading() as session:
        return {
            c.uid: tuple(getattr(c, f) for f in FSRS)
            for c in session.scalars(select(Card).order_by(Card.uid))
        }


def _log(db: Database) -> list[tuple]:
    with db.reading() as session:
        rows = session.execute(
            select(Card.uid, ReviewLog.reviewed_at, ReviewLog.rating)
            .join(Card, Card.id == ReviewLog.card_id)
            .order_by(ReviewLog.reviewed_at)
        )
        return [tuple(r) for r in rows]


def _card_id(db: Database) -> int:
    with db.reading() as session:
        return session.scalars(select(Card.id).order_by(Card.id)).first()


def _settle(a: Database, b: Database, shared: Path) -> None:
    for db in (a, b, a, b):
        report = sync_round(db, shared)
        assert not report.problems, report.problems


def test_question_cards_made_on_two_computers_are_one_card(pair) -> None:
    a, b, shared = pair
    slug_cards = _cards(a)
    assert slug_cards and set(slug_cards) == set(_cards(b))  # the same computed identities
    rid = roadmap_id_for(a, "tiny")
    with a.reading() as session:
        keys = session.scalars(select(Card.question_key).where(Card.roadmap_id == rid)).all()
    assert set(slug_cards) == {question_card_uid("tiny", k) for k in keys}
    _settle(a, b, shared)
    assert _cards(a) == _cards(b)
    assert set(_cards(a)) == set(slug_cards)  # no card doubled


def test_a_review_travels_with_its_state_and_its_log_row(pair) -> None:
    a, b, shared = pair
    _settle(a, b, shared)
    review.answer(a, _card_id(a), 3, ReviewOptions(), now=NOW)
    sync_round(a, shared)
    report = sync_round(b, shared)
    assert ChangeKind.REVIEW in report.change.kinds
    assert _cards(b) == _cards(a)
    assert _log(b) == _log(a) and len(_log(b)) == 1
    assert _cards(b)[_log(b)[0][0]][FSRS.index("reps")] == 1


def test_an_undone_answer_is_undone_everywhere(pair) -> None:
    a, b, shared = pair
    _settle(a, b, shared)
    before = _cards(a)
    memo, _change = review.answer(a, _card_id(a), 1, ReviewOptions(), now=NOW)
    _settle(a, b, shared)
    assert len(_log(b)) == 1
    review.undo_answer(a, memo)
    _settle(a, b, shared)
    assert _log(b) == [] and _cards(b) == before


def test_reviews_of_one_card_on_both_computers_keep_both_answers_and_one_whole_state(
    pair,
) -> None:
    a, b, shared = pair
    _settle(a, b, shared)
    review.answer(a, _card_id(a), 3, ReviewOptions(), now=NOW)  # Good here
    review.answer(b, _card_id(b), 1, ReviewOptions(), now=NOW + timedelta(minutes=5))  # Again
    uid = _log(a)[0][0]
    good, again = _cards(a)[uid], _cards(b)[uid]
    assert good != again
    _settle(a, b, shared)
    assert _cards(a) == _cards(b)
    assert len(_log(a)) == 2 and _log(a) == _log(b)
    # The card holds one answer's whole state, never a mix of the two.
    assert _cards(a)[uid] in (good, again)


def test_an_edited_study_session_travels(pair) -> None:
    a, b, shared = pair
    rid = roadmap_id_for(a, "tiny")
    timekeeping.log_time(a, rid, "http", NOW.replace(tzinfo=UTC), 25, "reading")
    _settle(a, b, shared)
    with b.reading() as session:
        row_id, started = session.execute(select(StudySession.id, StudySession.started_at)).one()
    timekeeping.update_session(b, row_id, started.replace(tzinfo=UTC), 40, "reading and notes")
    _settle(a, b, shared)
    with a.reading() as session:
        mine = session.execute(select(StudySession.minutes, StudySession.note)).one()
    assert tuple(mine) == (40, "reading and notes")


def test_groups_and_the_pick_travel(tmp_path: Path) -> None:
    from roadmap_desktop.services.startup import open_store

    shared = tmp_path / "shared"
    shared.mkdir()
    a = open_store(tmp_path / "a", backup=False).db
    b = open_store(tmp_path / "b", backup=False).db
    try:
        with a.reading() as session:
            group = session.scalars(select(StepGroup).order_by(StepGroup.id)).first()
            assert group is not None, "a bundled roadmap offers a choice"
            rid = group.roadmap_id
            option = session.scalars(
                select(StepGroupMember.step_key)
                .where(StepGroupMember.group_id == group.id)
                .order_by(StepGroupMember.position.desc())
            ).first()
            group_key = group.key
        choose_alternative(a, rid, option)
        _settle(a, b, shared)
        with b.reading() as session:
            picks = session.execute(select(GroupPick.group_key, GroupPick.step_key)).all()
            groups = session.scalar(select(func.count()).select_from(StepGroup))
        with a.reading() as session:
            assert groups == session.scalar(select(func.count()).select_from(StepGroup))
        assert [tuple(p) for p in picks] == [(group_key, option)]
    finally:
        a.close()
        b.close()


def test_fsrs_fields_changed_apart_on_two_computers_never_mix(pair) -> None:
    from sqlalchemy import update

    a, b, shared = pair
    _settle(a, b, shared)
    uid = sorted(_cards(a))[0]
    start = _cards(a)[uid]
    with a.transaction() as session:  # one computer changes only the stability…
        session.execute(update(Card).where(Card.uid == uid).values(stability=7.5))
    with b.transaction() as session:  # …the other only the due time
        session.execute(update(Card).where(Card.uid == uid).values(due=NOW))
    mine, theirs = _cards(a)[uid], _cards(b)[uid]
    _settle(a, b, shared)
    assert _cards(a)[uid] == _cards(b)[uid]
    assert _cards(a)[uid] in (mine, theirs)  # a mix would hold 7.5 and NOW together
    assert _cards(a)[uid] != start


def test_rounds_compare_only_written_rows_and_keep_every_row_key(pair, monkeypatch) -> None:
    from roadmap_desktop.core.sync import store
    from roadmap_desktop.core.sync.engine import key_text
    from roadmap_desktop.core.sync.entities import TableAccess
    from roadmap_desktop.core.sync.registry import BY_NAME

    a, b, shared = pair
    _settle(a, b, shared)
    for minutes, rating in enumerate((3, 1, 4)):
        review.answer(a, _card_id(a), rating, ReviewOptions(), now=NOW + timedelta(minutes=minutes))
    memo, _c = review.answer(b, _card_id(b), 2, ReviewOptions(), now=NOW + timedelta(hours=1))
    review.undo_answer(b, memo)
    review.answer(b, _card_id(b), 3, ReviewOptions(), now=NOW + timedelta(hours=2))
    whole_reads: list[str] = []
    original = TableAccess.read

    def spy(self, entity):
        whole_reads.append(entity.name)
        return original(self, entity)

    monkeypatch.setattr(TableAccess, "read", spy)
    _settle(a, b, shared)
    assert not {"card", "review"} & set(whole_reads)  # only the written rows were compared
    assert _log(a) == _log(b) and len(_log(a)) == 4
    for db in (a, b):
        with db.transaction() as session:
            access = TableAccess(session, BY_NAME)
            for name in ("card", "review"):
                entity = BY_NAME[name]
                rows = access.read_by_id(entity, None)
                noted = store.row_keys(session, name, list(rows))
                assert noted == {rid: key_text(key) for rid, (key, _v) in rows.items()}
                assert store.written_rows(session, entity.table) == []
