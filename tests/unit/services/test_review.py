"""Cards from questions, FSRS scheduling through the library, the log, undo, due selection."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

import pytest
from sqlalchemy import func, select, update

from roadmap_desktop.core.bundled import load_bundled
from roadmap_desktop.core.db import Database
from roadmap_desktop.core.errors import UserFacingError
from roadmap_desktop.core.models import Card, ReviewLog, StepStatus
from roadmap_desktop.core.roadmap_format import RoadmapSpec
from roadmap_desktop.services import cards, review
from roadmap_desktop.services.review_values import CardDraft, QuizScope, ReviewOptions
from roadmap_desktop.services.study import set_step_status

NOW = datetime(2026, 3, 2, 12, 0)
ALL = ReviewOptions(all_steps=True)


def _card_id(db: Database, question_key: str) -> int:
    with db.reading() as session:
        found = session.scalar(select(Card.id).where(Card.question_key == question_key))
        assert found is not None
        return found


def _row(db: Database, card_id: int) -> Card:
    with db.reading() as session:
        card = session.get(Card, card_id)
        assert card is not None
        session.expunge(card)
        return card


def test_questions_of_a_synced_roadmap_become_new_cards(tiny) -> None:  # type: ignore[no-untyped-def]
    http = cards.step_cards(tiny.db, tiny.roadmap_id, "http")
    assert [c.front_md for c in http] == ["What does status code 404 mean?"]
    assert http[0].origin == "imported" and http[0].is_new and not http[0].archived


def test_good_lengthens_intervals_and_again_relearns(tiny) -> None:  # type: ignore[no-untyped-def]
    card_id = _card_id(tiny.db, "q-status")
    now = NOW
    intervals = []
    for _ in range(5):
        review.answer(tiny.db, card_id, 3, ALL, now=now)
        row = _row(tiny.db, card_id)
        intervals.append(row.due - now)
        now = row.due
    assert _row(tiny.db, card_id).state == 2  # review
    days = [i for i in intervals if i >= timedelta(days=1)]
    assert len(days) >= 3 and days == sorted(days) and days[-1] > days[0] * 2
    before = _row(tiny.db, card_id)
    review.answer(tiny.db, card_id, 1, ALL, now=now)
    after = _row(tiny.db, card_id)
    assert after.state == 3  # relearning
    assert after.lapses == before.lapses + 1
    assert after.due - now < timedelta(hours=1)
    assert after.stability is not None and before.stability is not None
    assert after.stability < before.stability


def test_each_answer_writes_one_log_row(tiny) -> None:  # type: ignore[no-untyped-def]
    card_id = _card_id(tiny.db, "q-join")
    review.answer(tiny.db, card_id, 3, ALL, now=NOW, duration_ms=4200)
    review.answer(tiny.db, card_id, 4, ALL, now=NOW + timedelta(minutes=12))
    with tiny.db.reading() as session:
        logs = session.scalars(select(ReviewLog).order_by(ReviewLog.id)).all()
        assert [(log.card_id, log.rating, log.state) for log in logs] == [
            (card_id, 3, 0),
            (card_id, 4, 1),
        ]
        assert logs[0].reviewed_at == NOW and logs[0].duration_ms == 4200
        assert logs[1].elapsed_days == pytest.approx(12 / 1440, abs=1e-5)
        assert logs[0].scheduled_days == pytest.approx(10 / 1440, abs=1e-5)
        assert logs[1].scheduled_days >= 1


def test_undo_restores_card_and_log_exactly(tiny) -> None:  # type: ignore[no-untyped-def]
    card_id = _card_id(tiny.db, "q-status")
    review.answer(tiny.db, card_id, 3, ALL, now=NOW)
    review.answer(tiny.db, card_id, 3, ALL, now=NOW + timedelta(minutes=11))
    before = _row(tiny.db, card_id)
    memo, change = review.answer(tiny.db, card_id, 1, ALL, now=NOW + timedelta(days=3))
    assert change.step_keys == {"http"}
    review.undo_answer(tiny.db, memo)
    after = _row(tiny.db, card_id)
    columns = [c.key for c in Card.__table__.columns]
    assert {k: getattr(after, k) for k in columns} == {k: getattr(before, k) for k in columns}
    with tiny.db.reading() as session:
        assert session.scalar(select(func.count(ReviewLog.id))) == 2
    with pytest.raises(UserFacingError):
        review.undo_answer(tiny.db, memo)


def test_due_selection_follows_step_status(tiny) -> None:  # type: ignore[no-untyped-def]
    default = ReviewOptions()
    assert review.next_card(tiny.db, default, now=NOW) is None
    assert review.counts(tiny.db, default, now=NOW).new == 0
    set_step_status(tiny.db, tiny.roadmap_id, "sql", StepStatus.IN_PROGRESS)
    shown = review.next_card(tiny.db, default, now=NOW)
    assert shown is not None and shown.step_key == "sql" and len(shown.intervals) == 4
    assert review.counts(tiny.db, default, now=NOW).new == 1
    assert review.counts(tiny.db, ALL, now=NOW).new == 2
    set_step_status(tiny.db, tiny.roadmap_id, "sql", StepStatus.SKIPPED)
    assert review.next_card(tiny.db, default, now=NOW) is None


def test_new_cards_per_day_limit_and_done_today(tiny) -> None:  # type: ignore[no-untyped-def]
    one = ReviewOptions(new_per_day=1, all_steps=True)
    first = review.next_card(tiny.db, one, now=NOW)
    assert first is not None
    review.answer(tiny.db, first.id, 4, one, now=NOW)  # easy: due in days
    counts = review.counts(tiny.db, one, now=NOW)
    assert (counts.due, counts.new, counts.done_today) == (0, 0, 1)
    assert review.next_card(tiny.db, one, now=NOW) is None
    upcoming = review.next_due_time(tiny.db, one, now=NOW)
    assert upcoming is not None and upcoming > NOW


def test_quiz_reviews_a_step_now_and_counts_as_review(tiny) -> None:  # type: ignore[no-untyped-def]
    scope = QuizScope(tiny.roadmap_id, "http")
    card = review.next_card(tiny.db, ReviewOptions(), quiz=scope, now=NOW)
    assert card is not None and card.step_key == "http"
    review.answer(tiny.db, card.id, 3, ReviewOptions(), now=NOW)
    done = QuizScope(tiny.roadmap_id, "http", frozenset({card.id}))
    assert review.next_card(tiny.db, ReviewOptions(), quiz=done, now=NOW) is None
    assert review.counts(tiny.db, ReviewOptions(), now=NOW).done_today == 1


def test_own_card_create_edit_suspend_delete_and_undo(tiny) -> None:  # type: ignore[no-untyped-def]
    db = tiny.db
    with pytest.raises(UserFacingError):
        cards.create_card(db, tiny.roadmap_id, "git", CardDraft("   ", "x"))
    with pytest.raises(UserFacingError):
        cards.create_card(db, tiny.roadmap_id, "git", CardDraft("q", "x" * 100_001))
    card_id, _ = cards.create_card(
        db, tiny.roadmap_id, "git", CardDraft(" What is a commit? ", "A")
    )
    assert cards.get_card(db, card_id).front_md == "What is a commit?"
    before, _ = cards.edit_card(db, card_id, CardDraft("Q2", "A2"))
    cards.restore_card_text(db, card_id, before)
    assert cards.get_card(db, card_id).front_md == "What is a commit?"
    cards.set_suspended(db, card_id, True)
    assert review.next_card(db, ALL, quiz=QuizScope(tiny.roadmap_id, "git"), now=NOW) is None
    cards.set_suspended(db, card_id, False)
    review.answer(db, card_id, 3, ALL, now=NOW)
    snap, _ = cards.delete_card(db, card_id)
    assert cards.step_cards(db, tiny.roadmap_id, "git") == ()
    cards.restore_card(db, snap)
    restored = _row(db, card_id)
    assert restored.reps == 1 and restored.front_md == "What is a commit?"
    with db.reading() as session:
        assert session.scalar(select(func.count(ReviewLog.id))) == 1


def test_content_update_keeps_card_history_and_archives_removed_question(
    tiny, sync, load_spec: Callable[[str], RoadmapSpec]
) -> None:  # type: ignore[no-untyped-def]
    join_id = _card_id(tiny.db, "q-join")
    status_id = _card_id(tiny.db, "q-status")
    review.answer(tiny.db, join_id, 3, ALL, now=NOW)
    review.answer(tiny.db, status_id, 3, ALL, now=NOW)
    sync(tiny.db, load_spec("tiny_v2.yaml"))
    join = _row(tiny.db, join_id)
    assert join.archived and join.reps == 1  # question removed: kept with its history
    status = _row(tiny.db, status_id)
    assert not status.archived and status.reps == 1
    assert status.back_md == "Nothing was found at that address."  # follows the question
    assert [c.id for c in cards.archived_cards(tiny.db)] == [join_id]
    assert review.next_card(tiny.db, ALL, now=NOW + timedelta(days=400)).id != join_id  # type: ignore[union-attr]
    assert _card_id(tiny.db, "q-cache") not in (join_id, status_id)


def test_edited_question_card_keeps_the_learners_text(tiny, sync, load_spec) -> None:  # type: ignore[no-untyped-def]
    status_id = _card_id(tiny.db, "q-status")
    cards.edit_card(tiny.db, status_id, CardDraft("404?", "Not found, my words"))
    sync(tiny.db, load_spec("tiny_v2.yaml"))
    assert _row(tiny.db, status_id).back_md == "Not found, my words"


def test_bundled_roadmaps_give_bundled_cards(db: Database) -> None:
    load_bundled(db)
    with db.reading() as session:
        origins = set(session.scalars(select(Card.origin)))
        total = session.scalar(select(func.count(Card.id)))
    assert origins == {"bundled"} and (total or 0) >= 5


def test_deleting_a_roadmap_and_undoing_brings_cards_and_log_back(tiny) -> None:  # type: ignore[no-untyped-def]
    from roadmap_desktop.services import roadmap_edit

    card_id = _card_id(tiny.db, "q-status")
    review.answer(tiny.db, card_id, 3, ALL, now=NOW)
    own, _ = cards.create_card(tiny.db, tiny.roadmap_id, "git", CardDraft("Mine?", "Yes"))
    before = {
        c.uid: (c.reps, c.front_md) for c in cards.step_cards(tiny.db, tiny.roadmap_id, "http")
    }
    snap, _ = roadmap_edit.delete_roadmap(tiny.db, tiny.roadmap_id)
    with tiny.db.reading() as session:
        assert session.scalar(select(func.count(Card.id))) == 0
    new_id, _ = roadmap_edit.restore_roadmap(tiny.db, snap)
    after = {c.uid: (c.reps, c.front_md) for c in cards.step_cards(tiny.db, new_id, "http")}
    assert after == before
    assert [c.front_md for c in cards.step_cards(tiny.db, new_id, "git")] == ["Mine?"]
    with tiny.db.reading() as session:
        assert session.scalar(select(func.count(ReviewLog.id))) == 1
        assert session.scalar(select(func.count(Card.id))) == 3
    assert own


def test_a_copy_of_a_roadmap_copies_cards_and_history_under_new_uids(tiny) -> None:  # type: ignore[no-untyped-def]
    from roadmap_desktop.services import roadmap_edit

    card_id = _card_id(tiny.db, "q-status")
    review.answer(tiny.db, card_id, 3, ALL, now=NOW)
    copy_id, _ = roadmap_edit.copy_roadmap(tiny.db, tiny.roadmap_id, "My tiny")
    original = cards.step_cards(tiny.db, tiny.roadmap_id, "http")[0]
    copied = cards.step_cards(tiny.db, copy_id, "http")[0]
    assert copied.uid != original.uid and copied.reps == original.reps == 1
    assert copied.due == original.due
    with tiny.db.reading() as session:
        assert session.scalar(select(func.count(ReviewLog.id))) == 2


def test_a_status_change_moves_the_counts_only_through_cards_it_can_free(tiny) -> None:  # type: ignore[no-untyped-def]
    db, rid, default = tiny.db, tiny.roadmap_id, ReviewOptions()
    assert not review.status_moves_counts(db, default, rid, {"git", "api-project"})
    before = review.counts(db, default, now=NOW)
    set_step_status(db, rid, "git", StepStatus.DONE)  # no card hangs on it
    assert review.counts(db, default, now=NOW) == before
    assert review.status_moves_counts(db, default, rid, {"git", "sql"})
    set_step_status(db, rid, "sql", StepStatus.IN_PROGRESS)
    assert review.counts(db, default, now=NOW).new == before.new + 1
    assert not review.status_moves_counts(db, ALL, rid, {"sql"})  # every card counts anyway
    with db.transaction() as session:  # a card on no step comes due once any step is started
        session.execute(update(Card).where(Card.id == _card_id(db, "q-join")).values(step_key=None))
    assert review.status_moves_counts(db, default, rid, {"git"})
