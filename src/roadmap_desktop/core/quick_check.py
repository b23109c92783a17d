"""The start-up integrity check (PRAGMA quick_check) on a thread of its own, overlapping imports.

`quick_check` reads every page of the file: ~60 ms for a 60 MB database with a warm disk cache,
several times that cold. SQLite releases the GIL while it works, so the window starts it right
after the first frame and imports SQLAlchemy and the pages meanwhile on the other core;
`core/db.read_revision` then takes its answer instead of running the check again. Nothing is
read from or written to the database before that answer is in.
"""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

STARTUP_WAIT_S = 3.0  # how long opening waits for a lock before explaining it


class QuickCheck:
    """One quick_check of one file, running since construction; `outcome()` waits for it."""

    def __init__(self, path: Path, wait_s: float = STARTUP_WAIT_S) -> None:
        self.path = path
        self._wait_s = wait_s
        self._row: tuple[object, ...] | None = None
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="quick-check", daemon=True)
        self._thread.start()

    @classmethod
    def start(cls, path: Path) -> QuickCheck | None:
        """Start checking an existing, non-empty database file; None when there is none yet
        (a first run, or a file core/db.py will explain)."""
        try:
            if not path.is_file() or path.stat().st_size == 0:
                return None
        except OSError:
            return None
        return cls(path)

    def _run(self) -> None:
        try:
            conn = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, timeout=self._wait_s)
            try:
                self._row = conn.execute("PRAGMA quick_check").fetchone()
            finally:
                conn.close()
        except BaseException as exc:  # handed to the caller of outcome(), on its thread
            self._error = exc

    def outcome(self) -> tuple[object, ...] | None:
        """The first row quick_check returned (("ok",) for an intact file); raises what the
        check raised (an sqlite3 error for a locked, unreadable or damaged file)."""
        self._thread.join()
        if self._error is not None:
            raise self._error
        return self._row
