"""Search speed at scale: per-keystroke queries, index build, database growth, write overhead.

    python benchmarks/search.py [--data DIR] [--repeat 15]

Without --data a temporary folder is filled by search_generate.py (10,000 steps, 20,000
resources, 5,000 notes). Measured, as medians:

- keystroke: `services.search.find` (query, ranking, snippets, locations, frozen hits) for each
  prefix as a learner types "postgres" letter by letter; baseline: the least a search without
  the index must do, one `LIKE '%text%'` scan over step titles and guides, notes and resource
  titles (no ranking, no snippets);
- build: `rebuild_index` (drop, make anew and fill in one transaction); baseline: reading the same
  documents' text;
- growth: file size after VACUUM with the index against a copy without it;
- writes: a library import of 2,000 resources, a content sync of a 500-step roadmap and one
  note save, each on a copy with the index against a copy without it (ratio = overhead).
"""

from __future__ import annotations

import argparse
import dataclasses
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from roadmap_desktop.core import search_index
from roadmap_desktop.core.content_sync import sync_roadmap
from roadmap_desktop.core.db import Database, open_database
from roadmap_desktop.core.models import Origin
from roadmap_desktop.importers import ImportBatch
from roadmap_desktop.services import search, study
from roadmap_desktop.services.library_import import apply_import
from roadmap_desktop.services.queries import roadmap_id_for

sys.path.insert(0, str(Path(__file__).resolve().parent))
from library_generate import generated_items
from search_generate import RawConnection, generate, roadmap_specs, vacuumed_size

WORD = "postgres"
LIKE_SQL = (
    "SELECT (SELECT count(*) FROM steps WHERE title LIKE :p OR body_md LIKE :p) + "
    "(SELECT count(*) FROM step_progress WHERE note_md LIKE :p) + "
    "(SELECT count(*) FROM resources WHERE title LIKE :p)"
)


def _median_ms(
    action: Callable[[], object], repeat: int, clock: Callable[[], float] = time.perf_counter
) -> float:
    times = []
    for _ in range(repeat):
        started = clock()
        action()
        times.append((clock() - started) * 1000)
    return statistics.median(times)


def keystrokes(db: Database, repeat: int) -> list[tuple[str, float, float, float, int]]:
    """(prefix, search ms, search CPU ms, baseline ms, hits) per prefix of WORD."""
    rows = []
    conn = sqlite3.connect(db.path)
    try:
        for n in range(1, len(WORD) + 1):
            prefix = WORD[:n]
            hits = sum(len(g.hits) for g in search.find(db, prefix))
            ms = _median_ms(lambda p=prefix: search.find(db, p), repeat)  # type: ignore[misc]
            cpu = _median_ms(lambda p=prefix: search.find(db, p), repeat, time.process_time)  # type: ignore[misc]
            like = _median_ms(
                lambda p=prefix: conn.execute(LIKE_SQL, {"p": f"%{p}%"}).fetchone(),  # type: ignore[misc]
                max(3, repeat // 3),
            )
            rows.append((prefix, ms, cpu, like, hits))
    finally:
        conn.close()
    return rows


def build(db: Database, repeat: int) -> tuple[float, float, float]:
    """(rebuild seconds, its CPU seconds, seconds to read the documents) as medians."""
    builds, cpus = [], []
    for _ in range(repeat):
        cpu = time.process_time()
        builds.append(search.rebuild_index(db))
        cpus.append(time.process_time() - cpu)
    reads = []
    conn = sqlite3.connect(db.path)
    try:
        for _ in range(repeat):
            started = time.perf_counter()
            for kind in search_index.KINDS:
                conn.execute(search_index._documents(kind)).fetchall()
            reads.append(time.perf_counter() - started)
    finally:
        conn.close()
    return statistics.median(builds), statistics.median(cpus), statistics.median(reads)


def growth(path: Path, work: Path) -> tuple[int, int]:
    """(bytes with the index, bytes without), both after VACUUM."""
    with_ix, without = work / "with.sqlite3", work / "without.sqlite3"
    shutil.copy(path, with_ix)
    shutil.copy(path, without)
    return vacuumed_size(with_ix, without_index=False), vacuumed_size(without, without_index=True)


def writes(path: Path, work: Path) -> dict[str, tuple[float, float]]:
    """Seconds of bulk and single writes with the index and without it."""
    results: dict[str, list[float]] = {"import_2000": [], "sync_500_steps": [], "note_save": []}
    for indexed in (True, False):
        copy = work / f"writes-{indexed}.sqlite3"
        shutil.copy(path, copy)
        if not indexed:
            conn = sqlite3.connect(copy)
            with conn:
                search_index.drop(RawConnection(conn))
            conn.close()
        db = Database(copy)
        try:
            items = generated_items(2_000, [], 99, datetime(2026, 6, 1))
            started = time.perf_counter()
            apply_import(db, ImportBatch(items, source="bench"), skip_duplicates=False)
            results["import_2000"].append(time.perf_counter() - started)
            (spec,) = roadmap_specs(500, 123)
            spec = dataclasses.replace(spec, slug="bench-sync")
            started = time.perf_counter()
            with db.transaction() as session:
                sync_roadmap(session, spec, origin=Origin.IMPORTED)
            results["sync_500_steps"].append(time.perf_counter() - started)
            rid = roadmap_id_for(db, "bench-sync")
            key = spec.phases[0].steps[0].key
            texts = iter(f"Note draft {i} about postgres vacuum" for i in range(10_000))
            ms = _median_ms(
                lambda db=db, rid=rid, key=key, texts=texts: study.save_note(  # type: ignore[misc]
                    db, rid, key, next(texts)
                ),
                30,
            )
            results["note_save"].append(ms / 1000)
        finally:
            db.close()
    return {k: (v[0], v[1]) for k, v in results.items()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, help="a folder made by search_generate.py")
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="search-bench-"))
    try:
        data = args.data
        if data is None:
            data = work / "data"
            timings = generate(data, 10_000, 20_000, 5_000)
            print("generated:", " ".join(f"{k}={v:.1f}" for k, v in timings.items()))
        path = next(data.glob("*.sqlite3"))
        db = open_database(path)
        try:
            with db.reading() as session:
                docs = sum(
                    session.connection()
                    .exec_driver_sql(f"SELECT count(*) FROM {kind.table}")
                    .scalar()
                    for kind in search_index.KINDS
                )
            print(f"index documents: {docs:,}")
            print("keystroke  search_ms  search_cpu_ms  baseline_like_ms  ratio  hits")
            rows = keystrokes(db, args.repeat)
            for prefix, ms, cpu, like, hits in rows:
                print(f"{prefix:<10} {ms:9.2f} {cpu:14.2f} {like:17.2f} {ms / like:6.2f} {hits:5d}")
            median = statistics.median(r[1] for r in rows)
            cpu_median = statistics.median(r[2] for r in rows)
            base = statistics.median(r[3] for r in rows)
            print(
                f"per-keystroke median {median:.2f} ms wall, {cpu_median:.2f} ms CPU "
                f"(max {max(r[1] for r in rows):.2f}), baseline {base:.2f} ms, "
                f"ratio {median / base:.2f}"
            )
            built, cpu, read = build(db, 3)
            print(
                f"index build {built:.2f} s ({cpu:.2f} s CPU), reading the documents "
                f"{read:.2f} s, ratio {built / read:.1f}"
            )
        finally:
            db.close()
        with_ix, without = growth(path, work)
        print(
            f"database {with_ix / 2**20:.1f} MiB with the index, {without / 2**20:.1f} MiB "
            f"without: +{(with_ix - without) / 2**20:.1f} MiB ({with_ix / without - 1:.0%})"
        )
        for name, (indexed, plain) in writes(path, work).items():
            unit = 1000 if name == "note_save" else 1
            label = "ms" if unit == 1000 else "s"
            print(
                f"{name}: {indexed * unit:.2f} {label} with the index, {plain * unit:.2f} "
                f"{label} without, ratio {indexed / plain:.2f}"
            )
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
