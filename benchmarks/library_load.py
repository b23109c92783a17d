"""Library load benchmark: `library_rows` on 2,000 and 20,000 resources against a bare SELECT.

    python benchmarks/library_load.py [--rounds 7] [--sizes 2000 20000]

For each size a fresh data folder is generated (library_generate.py), then the baseline
`SELECT id, title FROM resources` (over the same connection pool), the same data library_rows
reads fetched raw, and the real `library_rows` (all table columns, tags, used-in, has_note; no
note text) are timed.
Medians are printed with the ratio to the baseline: machines are noisy, so only ratios within
one run are meaningful. Other library reads the UI calls on open are timed beside them.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from library_generate import generate

from roadmap_desktop.core.db import Database
from roadmap_desktop.paths import DB_FILENAME
from roadmap_desktop.services import library as lib
from roadmap_desktop.services.library_import import export_csv


def _median_ms(fn: Callable[[], object], rounds: int) -> float:
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        fn()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def _baseline(db: Database) -> None:
    with db.engine.connect() as conn:
        conn.exec_driver_sql("SELECT id, title FROM resources").fetchall()


def _all_columns(db: Database) -> None:
    """Every column library_rows shows, raw, for context (what SQLite alone costs)."""
    with db.engine.connect() as conn:
        conn.exec_driver_sql(
            "SELECT id, title, url, local_path, kind, author, cost, status, rating, added_at, "
            "finished_at, note_md != '', origin FROM resources"
        ).fetchall()
        conn.exec_driver_sql("SELECT resource_id, tag FROM resource_tags").fetchall()
        conn.exec_driver_sql("SELECT resource_id, step_id FROM step_resources").fetchall()


def measure(size: int, rounds: int) -> list[tuple[str, float]]:
    """(measure, median ms) for one generated library of `size` resources."""
    with tempfile.TemporaryDirectory() as folder:
        generate(Path(folder), size)
        db = Database(Path(folder) / DB_FILENAME)
        try:
            total = len(lib.library_rows(db))  # warm the page cache and the mappers
            _baseline(db)
            rows = [
                (
                    f"baseline SELECT id, title ({total:,} rows)",
                    _median_ms(lambda: _baseline(db), rounds),
                ),
                (
                    "raw SELECT of the same data (3 tables)",
                    _median_ms(lambda: _all_columns(db), rounds),
                ),
                ("library_rows", _median_ms(lambda: lib.library_rows(db), rounds)),
                ("all_tags", _median_ms(lambda: lib.all_tags(db), rounds)),
                ("export_csv", _median_ms(lambda: export_csv(db), max(1, rounds // 3))),
            ]
        finally:
            db.close()
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--sizes", type=int, nargs="+", default=[2_000, 20_000])
    args = parser.parse_args()
    label = f"measure (median of {args.rounds})"
    print(f"{'resources':>9}  {label:<40} {'ms':>8} {'× base':>7}")
    for size in args.sizes:
        rows = measure(size, args.rounds)
        base = rows[0][1]
        for name, value in rows:
            print(f"{size:>9,}  {name:<40} {value:8.1f} {value / base:7.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
