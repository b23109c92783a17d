"""Where the app keeps its data: platformdirs defaults, --data-dir and an environment override."""

from __future__ import annotations

import errno
import os
from pathlib import Path

from roadmap_desktop.core.errors import DataFolderError

DATA_DIR_ENV = "ROADMAP_DESKTOP_DATA_DIR"
DB_FILENAME = "roadmap.sqlite3"


def default_data_dir() -> Path:
    """The per-user data folder, from the environment variable or the platform's convention."""
    override = os.environ.get(DATA_DIR_ENV)
    if override:
        return Path(override).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir("RoadmapDesktop", appauthor=False, roaming=True))


def prepare_data_dir(path: Path) -> Path:
    """Create the folder if needed and prove it is writable; raise DataFolderError if not."""
    path = path.expanduser().resolve()
    probe = path / ".write-test"
    try:
        path.mkdir(parents=True, exist_ok=True)
        try:
            probe.write_bytes(b"ok")
        finally:
            # On a full disk the file is created but the write fails: never leave it behind.
            probe.unlink(missing_ok=True)
    except OSError as exc:
        advice = (
            "Free some space on that disk, or choose"
            if exc.errno in (errno.ENOSPC, errno.EDQUOT)
            else "Choose"
        )
        raise DataFolderError(
            f"The data folder {path} cannot be used: {exc.strerror or exc}. Nothing was "
            f"written.\n{advice} another folder with --data-dir or the {DATA_DIR_ENV} "
            "environment variable."
        ) from exc
    return path
