"""Sync end to end: two data folders and one shared folder, through the real command line in
separate processes, and a round killed with SIGKILL part-way through."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import select

from roadmap_desktop.core.db import open_database
from roadmap_desktop.core.models import StepProgress, StepStatus
from roadmap_desktop.core.sync.entities import TableAccess
from roadmap_desktop.core.sync.registry import BY_NAME, ENTITIES
from roadmap_desktop.paths import DB_FILENAME
from roadmap_desktop.services import study
from roadmap_desktop.services.queries import roadmap_id_for
from roadmap_desktop.services.startup import open_store

ROADMAP = "backend-developer-24-weeks"
ENV = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONIOENCODING": "utf-8"}


def cli(*args: str | Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "roadmap_desktop", *map(str, args)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=ENV,
    )


def finish(proc: subprocess.Popen[str]) -> str:
    out, err = proc.communicate(timeout=240)
    assert proc.returncode == 0, err
    return out


def edit(data_dir: Path, step: str, status: StepStatus, note: str) -> None:
    store = open_store(data_dir, backup=False)
    try:
        rid = roadmap_id_for(store.db, ROADMAP)
        study.set_step_status(store.db, rid, step, status)
        study.save_note(store.db, rid, "choose-your-language", note)
    finally:
        store.db.close()


def projection(data_dir: Path) -> dict[str, object]:
    db = open_database(data_dir / DB_FILENAME)
    try:
        with db.reading() as session:
            access = TableAccess(session, BY_NAME)
            return {e.name: access.read(e) for e in ENTITIES}
    finally:
        db.close()


def test_two_computers_sync_through_the_command_line(tmp_path: Path) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    a, b = tmp_path / "a", tmp_path / "b"
    base = "Which language?\nI like typed ones.\n"
    edit(a, "choose-your-language", StepStatus.IN_PROGRESS, base)
    first = finish(cli("sync", "--data-dir", a, "--folder", shared))
    assert "sent" in first
    edit(b, "git-in-depth", StepStatus.DONE, "")
    finish(cli("sync", "--data-dir", b, "--folder", shared))
    finish(cli("sync", "--data-dir", a))  # the folder is remembered
    # both computers edit the same note offline, then sync at the same moment
    edit(a, "choose-your-language", StepStatus.DONE, "Python first.\n" + base)
    edit(b, "choose-your-language", StepStatus.IN_PROGRESS, base + "Go later.\n")
    together = [cli("sync", "--data-dir", d) for d in (a, b)]
    outputs = [finish(p) for p in together]
    assert all("Synced with" in out for out in outputs)
    for d in (a, b, a, b):
        last = finish(cli("sync", "--data-dir", d))
    assert "merged" in last
    assert projection(a) == projection(b)
    db = open_database(a / DB_FILENAME)
    try:
        with db.reading() as session:
            rows = {
                p.step_key: (p.status, p.note_md) for p in session.scalars(select(StepProgress))
            }
    finally:
        db.close()
    assert rows["git-in-depth"][0] == StepStatus.DONE
    assert rows["choose-your-language"][1] == "Python first.\n" + base + "Go later.\n"


CHILD = """
import sys
from pathlib import Path
from roadmap_desktop.services.startup import open_store
from roadmap_desktop.services.sync import sync_round
store = open_store(Path(sys.argv[1]), backup=False)
print("ready", flush=True)
while True:
    sync_round(store.db, Path(sys.argv[2]))
"""


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_a_round_killed_midway_leaves_an_intact_database_that_converges(
    tmp_path: Path, seed: int
) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    a, b = tmp_path / "a", tmp_path / "b"
    edit(b, "git-in-depth", StepStatus.DONE, "from b\n")
    finish(cli("sync", "--data-dir", b, "--folder", shared))
    edit(a, "choose-your-language", StepStatus.DONE, "from a\n")
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(a), str(shared)],
        stdout=subprocess.PIPE,
        text=True,
        env=ENV,
    )
    assert child.stdout is not None
    assert child.stdout.readline().strip() == "ready"
    time.sleep(random.Random(seed).uniform(0.02, 0.6))
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=30)
    child.stdout.close()
    import sqlite3

    conn = sqlite3.connect(a / DB_FILENAME)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    finally:
        conn.close()
    for d in (a, b, a, b):
        out = finish(cli("sync", "--data-dir", d, "--folder", shared))
        assert "problem" not in out, out
    assert projection(a) == projection(b)
    notes = str(projection(a)["progress"])
    assert "from a" in notes and "from b" in notes
