"""Upgrading a database from before cards: its practice questions become new cards."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy import create_engine, event

from roadmap_desktop.core.db import _configure_connection, alembic_config, open_database
from roadmap_desktop.services import cards, review
from roadmap_desktop.services.queries import roadmap_id_for
from roadmap_desktop.services.review_values import ReviewOptions


def _database_at_0002(path: Path) -> None:
    from alembic import command

    engine = create_engine(f"sqlite:///{path}")
    event.listen(engine, "connect", _configure_connection)
    try:
        with engine.begin() as conn:
            command.upgrade(alembic_config(conn), "0002_library_planner")
    finally:
        engine.dispose()
    conn = sqlite3.connect(path)
    with conn:
        conn.execute(
            "INSERT INTO roadmaps (id, slug, title, summary_md, origin, source_ref,"
            " content_version, content_hash, position) VALUES (1, 'old', 'Old roadmap', '',"
            " 'imported', '', 1, 'h', 0)"
        )
        conn.execute(
            "INSERT INTO phases (id, roadmap_id, key, position, title, summary_md, start_week,"
            " end_week) VALUES (1, 1, 'p', 0, 'P', '', 1, 2)"
        )
        conn.execute(
            "INSERT INTO steps (roadmap_id, phase_id, key, position, kind, title, body_md,"
            " estimated_hours, archived) VALUES (1, 1, 's', 0, 'topic', 'S', '', 1, 0),"
            " (1, NULL, 'gone', 1, 'topic', 'Gone', '', 1, 1)"
        )
        conn.execute(
            "INSERT INTO practice_questions (roadmap_id, key, step_key, position, prompt_md,"
            " answer_md) VALUES (1, 'q1', 's', 0, 'Why?', 'Because.'),"
            " (1, 'q2', 'gone', 1, 'Old?', 'Yes.')"
        )
    conn.close()


def test_upgrade_turns_questions_into_cards(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    _database_at_0002(path)
    db = open_database(path)
    try:
        rid = roadmap_id_for(db, "old")
        live = cards.step_cards(db, rid, "s")
        assert [(c.front_md, c.back_md, c.origin, c.is_new) for c in live] == [
            ("Why?", "Because.", "imported", True)
        ]
        assert [c.front_md for c in cards.archived_cards(db)] == ["Old?"]
        assert len({c.uid for c in (*live, *cards.archived_cards(db))}) == 2
        card = review.next_card(db, ReviewOptions(all_steps=True))
        assert card is not None and card.front_md == "Why?"
    finally:
        db.close()
