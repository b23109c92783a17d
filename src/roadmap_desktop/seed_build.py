"""Build the seed database that first runs copy: `python -m roadmap_desktop.seed_build [OUT]`."""

from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
import sys
import tempfile
from pathlib import Path

from roadmap_desktop.core import seed
from roadmap_desktop.paths import DB_FILENAME
from roadmap_desktop.services.startup import open_store


def build_seed(out: Path) -> Path:
    """Make a first run's database the long way (schema at head, the bundled roadmaps loaded)
    and write it to `out` as one self-contained, vacuumed file; returns `out`.

    Raises RuntimeError when the result would not pass the first run's check (core/seed.py).
    """
    with tempfile.TemporaryDirectory(prefix="roadmap-seed-") as folder:
        open_store(Path(folder), backup=False, use_seed=False).db.close()
        made = Path(folder) / DB_FILENAME
        conn = sqlite3.connect(made, isolation_level=None)
        try:
            # At rest in the package: a rollback journal (read-only, no -wal or -shm beside it),
            # compacted. A first run's copy is put back in WAL mode (core/seed.py).
            conn.execute("PRAGMA journal_mode = DELETE")
            conn.execute("VACUUM")
        finally:
            conn.close()
        problem = seed.seed_problem(made)
        if problem is not None:
            raise RuntimeError(f"the seed database just built cannot be used: {problem}")
        out.parent.mkdir(parents=True, exist_ok=True)
        partial = out.with_name(out.name + ".partial")
        try:
            shutil.copyfile(made, partial)
            os.replace(partial, out)  # an app starting meanwhile never reads half a seed
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split(":")[0])
    parser.add_argument(
        "out",
        nargs="?",
        type=Path,
        default=seed.shipped_seed(),
        help="where to write it (default: the package's seed.sqlite3)",
    )
    args = parser.parse_args(argv)
    out = build_seed(args.out)
    print(f"seed database {out} ({out.stat().st_size / 1e3:.0f} KB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
