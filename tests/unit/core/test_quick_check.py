"""The start-up integrity check that runs beside the imports gives the same verdicts."""

from __future__ import annotations

from pathlib import Path

import pytest

from roadmap_desktop.core.errors import DamagedDatabaseError, DatabaseLockedError
from roadmap_desktop.core.quick_check import QuickCheck
from roadmap_desktop.paths import DB_FILENAME
from roadmap_desktop.services.startup import open_store


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    open_store(data, backup=False).db.close()
    return data


def test_there_is_nothing_to_check_on_a_first_run(tmp_path: Path) -> None:
    assert QuickCheck.start(tmp_path / DB_FILENAME) is None
    (tmp_path / DB_FILENAME).write_bytes(b"")
    assert QuickCheck.start(tmp_path / DB_FILENAME) is None


def test_an_intact_file_opens_with_the_early_answer(folder: Path) -> None:
    early = QuickCheck.start(folder / DB_FILENAME)
    assert early is not None and early.outcome() == ("ok",)
    store = open_store(folder, backup=False, early=early)
    store.db.close()


def test_the_early_answer_is_the_one_opening_trusts(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    early = QuickCheck.start(folder / DB_FILENAME)
    assert early is not None
    monkeypatch.setattr(early, "outcome", lambda: ("*** in database main ***",))
    with pytest.raises(DamagedDatabaseError, match="integrity check"):
        open_store(folder, backup=False, early=early)


def test_a_damaged_file_is_called_damaged_after_the_early_check(folder: Path) -> None:
    path = folder / DB_FILENAME
    whole = path.read_bytes()
    path.write_bytes(whole[:4096] + b"\xff" * (len(whole) - 4096))
    early = QuickCheck.start(path)
    with pytest.raises(DamagedDatabaseError):
        open_store(folder, backup=False, early=early)


def test_a_lock_met_by_the_early_check_is_a_lock(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sqlite3

    early = QuickCheck.start(folder / DB_FILENAME)
    assert early is not None
    busy = sqlite3.OperationalError("database is locked")
    busy.sqlite_errorcode = 5  # type: ignore[attr-defined]
    busy.sqlite_errorname = "SQLITE_BUSY"  # type: ignore[attr-defined]

    def locked() -> tuple[object, ...]:
        raise busy

    monkeypatch.setattr(early, "outcome", locked)
    with pytest.raises(DatabaseLockedError):
        open_store(folder, backup=False, early=early)
