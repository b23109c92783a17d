"""Building the index for an existing database: in parts, with progress, and all or nothing."""

from __future__ import annotations

import itertools
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from roadmap_desktop.core import search_index
from roadmap_desktop.core.db import open_database, read_revision
from roadmap_desktop.core.schema import SCHEMA_HEAD
from roadmap_desktop.core.work_progress import BACKING_UP, CHECKING, PREPARING_SEARCH, UPGRADING
from roadmap_desktop.services import search

Reports = list[tuple[str, float | None]]


def _found(db, text: str) -> set[tuple[str, str]]:  # type: ignore[no-untyped-def]
    return {(g.kind.value, h.title_text) for g in search.find(db, text) for h in g.hits}


def _fractions(reports: Reports) -> list[float]:
    return [f for what, f in reports if what == PREPARING_SEARCH and f is not None]


def test_an_upgrade_reports_its_stages_and_the_share_of_the_index_built(
    tmp_path: Path, old_database
) -> None:
    path = old_database(tmp_path / "data", steps=2_500, notes=40)
    reports: Reports = []

    db = open_database(path, lambda what, fraction: reports.append((what, fraction)))
    try:
        stages = [
            what for i, (what, _) in enumerate(reports) if i == 0 or reports[i - 1][0] != what
        ]
        assert stages == [BACKING_UP, UPGRADING, PREPARING_SEARCH, UPGRADING, CHECKING]
        fractions = _fractions(reports)
        assert fractions[0] == 0.0 and fractions[-1] == 1.0
        # 2,500 steps, 2,500 topics, 40 notes and a roadmap, written FILL_CHUNK at most at a time
        documents = 2_500 + 2_500 + 40 + 1
        parts = [round((b - a) * documents) for a, b in itertools.pairwise(fractions)]
        assert sorted(parts) == [1, 40, 500, 500, 2_000, 2_000]
        assert search.index_drift(db) == {}
        assert ("step", "Quokka indexing trick") in _found(db, "quokka")
        assert ("note", "Quokka indexing trick") in _found(db, "zebrafi")
    finally:
        db.close()


def test_a_database_at_head_opens_without_a_word_of_progress(tmp_path: Path, old_database) -> None:
    path = old_database(tmp_path / "data", steps=20, notes=2)
    open_database(path).close()  # upgraded once
    reports: Reports = []
    open_database(path, lambda what, fraction: reports.append((what, fraction))).close()
    assert reports == []


def test_a_build_in_small_parts_writes_the_same_index(tiny) -> None:
    reports: Reports = []
    with tiny.db.transaction() as session:
        conn = session.connection()
        for kind in search_index.KINDS:
            conn.exec_driver_sql(f"DELETE FROM {kind.table}")
        search_index.fill(conn, progress=lambda w, f: reports.append((w, f)), chunk=3)
    assert search.index_drift(tiny.db) == {}
    fractions = _fractions(reports)
    assert len(fractions) > 5 and fractions == sorted(fractions) and fractions[-1] == 1.0


def test_rebuild_reports_progress(tiny) -> None:
    reports: Reports = []
    search.rebuild_index(tiny.db, lambda what, fraction: reports.append((what, fraction)))
    assert _fractions(reports)[-1] == 1.0
    assert search.index_drift(tiny.db) == {}


KILL_HALFWAY = """
import os, signal, sys
from pathlib import Path
from roadmap_desktop.core.db import open_database

def progress(what, fraction):
    if what == "Preparing search" and fraction is not None and fraction >= 0.5:
        os.kill(os.getpid(), signal.SIGKILL)

open_database(Path(sys.argv[1]), progress)
"""


def test_an_upgrade_killed_halfway_through_the_index_is_done_again_at_the_next_start(
    tmp_path: Path, old_database
) -> None:
    path = old_database(tmp_path / "data", steps=2_500, notes=40)
    killed = subprocess.run(
        [sys.executable, "-c", KILL_HALFWAY, str(path)],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ},
    )
    assert killed.returncode == -9, killed.stderr
    # kill -9 in the middle of the build: the upgrade's one transaction never committed
    assert read_revision(path) == "0003_review"

    reports: Reports = []
    db = open_database(path, lambda what, fraction: reports.append((what, fraction)))
    try:
        assert read_revision(path) == SCHEMA_HEAD
        assert _fractions(reports)[-1] == 1.0
        assert search.index_drift(db) == {}
        assert ("step", "Quokka indexing trick") in _found(db, "quokka")
    finally:
        db.close()


def test_a_missing_index_is_built_again_with_progress_when_the_database_opens(
    tmp_path: Path, old_database
) -> None:
    path = old_database(tmp_path / "data", steps=30, notes=3)
    open_database(path).close()
    conn = sqlite3.connect(path)
    with conn:  # mended by hand: the index of steps and one trigger of notes gone
        conn.execute("DROP TRIGGER search_note_step_progress_u")
        conn.execute("DROP TABLE search_step")
    conn.close()

    reports: Reports = []
    db = open_database(path, lambda what, fraction: reports.append((what, fraction)))
    try:
        assert _fractions(reports)[-1] == 1.0
        assert search.index_drift(db) == {}
        with db.reading() as session:
            assert search_index.is_installed(session.connection())
        assert ("step", "Quokka indexing trick") in _found(db, "quokka")
    finally:
        db.close()
