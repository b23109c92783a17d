"""The backup bundle carries cards, their FSRS state and the review log losslessly."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from roadmap_desktop.core.db import open_database
from roadmap_desktop.importers.json_bundle import BundleFormatError
from roadmap_desktop.services import cards, review
from roadmap_desktop.services.backup_bundle import export_bundle, import_bundle
from roadmap_desktop.services.review_values import CardDraft, ReviewOptions

ALL = ReviewOptions(all_steps=True)
NOW = datetime(2026, 5, 4, 9, 30, 12, 345678)


def _study(tiny) -> None:  # type: ignore[no-untyped-def]
    own, _ = cards.create_card(tiny.db, tiny.roadmap_id, "git", CardDraft("Own **q**", "Own a"))
    cards.create_card(tiny.db, tiny.roadmap_id, "sql", CardDraft("Parked", ""))
    parked = cards.step_cards(tiny.db, tiny.roadmap_id, "sql")[-1]
    cards.set_suspended(tiny.db, parked.id, True)
    now = NOW
    for rating in (3, 3, 1, 3, 4):
        review.answer(tiny.db, own, rating, ALL, now=now, duration_ms=1234)
        now += timedelta(days=2, seconds=17)
    status = cards.step_cards(tiny.db, tiny.roadmap_id, "http")[0]
    review.answer(tiny.db, status.id, 2, ALL, now=now)
    cards.edit_card(tiny.db, status.id, CardDraft("404 means?", "Not found."))


def test_cards_and_log_round_trip_losslessly(tiny, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _study(tiny)
    first = export_bundle(tiny.db)
    assert len(first["cards"]) == 4
    assert sum(len(c["reviews"]) for c in first["cards"]) == 6
    data = json.dumps(first).encode()
    fresh = open_database(tmp_path / "fresh.sqlite3")
    try:
        report = import_bundle(fresh, data, "backup.json")
        assert report.reviews_added == 6
        second = export_bundle(fresh)
        assert second["cards"] == first["cards"]
        again = import_bundle(fresh, data, "backup.json")
        assert (again.cards_added, again.reviews_added) == (0, 0)
        assert export_bundle(fresh)["cards"] == first["cards"]
        # The restored state schedules on exactly as the original does.
        own = next(c for c in first["cards"] if c["front"] == "Own **q**")
        assert own["fsrs"]["reps"] == 5 and own["fsrs"]["lapses"] == 1
    finally:
        fresh.close()


def test_merge_adds_answers_given_on_another_computer(tiny, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _study(tiny)
    data = json.dumps(export_bundle(tiny.db)).encode()
    other = open_database(tmp_path / "other.sqlite3")
    try:
        import_bundle(other, data, "a.json")
        card = next(c for c in export_bundle(other)["cards"] if c["front"] == "Own **q**")
        later = NOW + timedelta(days=30)
        own_id = next(c.id for c in cards.step_cards(other, 1, "git") if c.uid == card["uid"])
        review.answer(other, own_id, 3, ALL, now=later)
        back = import_bundle(tiny.db, json.dumps(export_bundle(other)).encode(), "b.json")
        assert back.reviews_added == 1 and back.cards_added == 0
        merged = next(c for c in export_bundle(tiny.db)["cards"] if c["uid"] == card["uid"])
        assert merged["fsrs"]["reps"] == 6 and len(merged["reviews"]) == 6
    finally:
        other.close()


@pytest.mark.parametrize(
    ("change", "where"),
    [
        (lambda c: c.update(uid="nope"), "cards[0].uid"),
        (lambda c: c["fsrs"].update(state=7), "cards[0].fsrs.state"),
        (lambda c: c["fsrs"].update(stability="high"), "cards[0].fsrs.stability"),
        (lambda c: c["reviews"][0].update(rating=5), "cards[0].reviews[0].rating"),
        (lambda c: c.update(front="  "), "cards[0].front"),
    ],
)
def test_bad_cards_name_the_place_and_write_nothing(tiny, change, where: str) -> None:  # type: ignore[no-untyped-def]
    _study(tiny)
    doc = export_bundle(tiny.db)
    doc["cards"].sort(key=lambda c: -len(c["reviews"]))
    change(doc["cards"][0])
    before = export_bundle(tiny.db)
    with pytest.raises(BundleFormatError, match=where.replace("[", r"\[").replace("]", r"\]")):
        import_bundle(tiny.db, json.dumps(doc).encode(), "bad.json")
    after = export_bundle(tiny.db)
    assert after["cards"] == before["cards"]


@settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.lists(st.integers(min_value=1, max_value=4), min_size=1, max_size=6))
def test_merging_a_bundle_twice_changes_nothing_more(tmp_path_factory, ratings) -> None:  # type: ignore[no-untyped-def]
    from roadmap_desktop.core.bundled import load_bundled
    from roadmap_desktop.services.queries import roadmap_id_for

    folder = tmp_path_factory.mktemp("merge")
    source, target = open_database(folder / "a.sqlite3"), open_database(folder / "b.sqlite3")
    try:
        load_bundled(source)
        load_bundled(target)
        rid = roadmap_id_for(source, "backend-developer-24-weeks")
        card = cards.step_cards(source, rid, "graphql")[0]
        now = NOW
        for rating in ratings:
            review.answer(source, card.id, rating, ALL, now=now)
            now += timedelta(days=3)
        data = json.dumps(export_bundle(source)).encode()
        import_bundle(target, data, "a.json")
        once = export_bundle(target)["cards"]
        import_bundle(target, data, "a.json")
        assert export_bundle(target)["cards"] == once
        merged = next(c for c in once if c["question"] == "rest-vs-graphql")
        assert [r["rating"] for r in merged["reviews"]] == ratings
        assert merged["fsrs"]["reps"] == len(ratings)
    finally:
        source.close()
        target.close()
