"""Upgrading a big database from before the search index: build time and progress reports.

    python benchmarks/search_upgrade.py [--data DIR] [--repeat 3]

Without --data a temporary folder is filled by search_generate.py (10,000 steps, 20,000
resources, 5,000 notes). Its database is taken back to 0003_review by the real migrations (and
VACUUMed), then upgraded to head as the app does at start-up (`open_database`), on a fresh copy
each time. Measured, as medians:

- upgrade: the whole upgrade (pre-upgrade backup, every migration, the index build, checks);
- build: the index build inside it, from its first progress report to its last;
- gap: the longest time between two progress reports of the build (how smoothly a bar moves);
- baseline, in the same run: the same upgrade with no progress callback (ratio = the cost of
  reporting progress);
- growth: the upgraded file after VACUUM, against a copy of it without the index.
"""

from __future__ import annotations

import argparse
import itertools
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from alembic import command
from sqlalchemy import create_engine, event

from roadmap_desktop.core.db import _configure_connection, alembic_config, open_database
from roadmap_desktop.core.work_progress import PREPARING_SEARCH

sys.path.insert(0, str(Path(__file__).resolve().parent))
from search_generate import generate, vacuumed_size

OLD = "0003_review"


def old_copy(path: Path, target: Path) -> None:
    """A copy of path at schema OLD (before the index), compacted."""
    shutil.copy(path, target)
    engine = create_engine(f"sqlite:///{target}")
    event.listen(engine, "connect", _configure_connection)
    with engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA foreign_keys = OFF")
        conn.commit()
        with conn.begin():
            command.downgrade(alembic_config(conn), OLD)
        conn.exec_driver_sql("PRAGMA journal_mode = DELETE")
        conn.exec_driver_sql("VACUUM")
    engine.dispose()


def growth(old: Path, work: Path) -> tuple[int, int]:
    """(bytes of the upgraded database, bytes of the same without the index), VACUUMed."""
    upgraded, plain = work / "upgraded.sqlite3", work / "plain.sqlite3"
    shutil.copy(old, upgraded)
    open_database(upgraded).close()
    shutil.copy(upgraded, plain)
    return vacuumed_size(upgraded, without_index=False), vacuumed_size(plain, without_index=True)


def upgrade_once(old: Path, work: Path, report: bool) -> tuple[float, float, float, int]:
    """(upgrade s, build s, longest gap between build reports s, reports) on a fresh copy."""
    folder = work / f"run-{time.perf_counter_ns()}"
    folder.mkdir()
    path = folder / "roadmap.sqlite3"
    shutil.copy(old, path)
    times: list[float] = []

    def progress(what: str, fraction: float | None) -> None:
        if what == PREPARING_SEARCH:
            times.append(time.perf_counter())

    started = time.perf_counter()
    open_database(path, progress if report else None).close()
    total = time.perf_counter() - started
    shutil.rmtree(folder)
    if not times:
        return total, 0.0, 0.0, 0
    gaps = [b - a for a, b in itertools.pairwise(times)] or [0.0]
    return total, times[-1] - times[0], max(gaps), len(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, help="a folder made by search_generate.py")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="upgrade-bench-"))
    try:
        data = args.data
        if data is None:
            data = work / "data"
            generate(data, 10_000, 20_000, 5_000)
        old = work / "old.sqlite3"
        old_copy(next(data.glob("*.sqlite3")), old)
        print(f"database at {OLD}: {old.stat().st_size / 2**20:.1f} MiB")
        runs = [upgrade_once(old, work, True) for _ in range(args.repeat)]
        plain = [upgrade_once(old, work, False)[0] for _ in range(args.repeat)]
        total = statistics.median(r[0] for r in runs)
        build = statistics.median(r[1] for r in runs)
        gap = statistics.median(r[2] for r in runs)
        reports = runs[0][3]
        base = statistics.median(plain)
        print(
            f"upgrade {total:.2f} s with progress, {base:.2f} s without (ratio "
            f"{total / base:.2f}); index build {build:.2f} s of it ({build / total:.0%}), "
            f"{reports} progress reports, longest gap {gap * 1000:.0f} ms"
        )
        with_ix, without = growth(old, work)
        print(
            f"upgraded database {with_ix / 2**20:.1f} MiB, {without / 2**20:.1f} MiB without the "
            f"index: +{(with_ix - without) / 2**20:.1f} MiB ({with_ix / without - 1:.0%})"
        )
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
