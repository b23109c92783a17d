"""Time the Roadmap page's reads on the big database: the first call in a fresh process, and the
median of later calls.

    python benchmarks/read_calls.py [--data-dir DIR] [--calls 51] [--rounds 3]

Each read runs in its own child process (so its first call pays what a first call pays: the
statements, the imports it makes on the way), --rounds times, interleaved; the medians of the
rounds are printed. Compare two versions by running this with each one's `src` on PYTHONPATH.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_DIR = HERE / ".data" / "big"
BIG_SLUG = "big-roadmap"
TODAY = date(2026, 12, 3)
READS = (
    "roadmap_choices",
    "roadmap_summary",
    "roadmap_overview",
    "schedule_pace",
    "step_detail",
    "step_study",
    "step_resources",
    "step_cards",
    "step_rows",
    "step_state",
)


def _call(name: str, db: object) -> object:
    """The read `name` as the Roadmap page makes it, on the big roadmap's current step."""
    from roadmap_desktop.services import cards, library, planner, queries

    rid = queries.roadmap_id_for(db, BIG_SLUG)  # type: ignore[arg-type]
    key = "p05-s017"
    calls = {
        "roadmap_choices": lambda: queries.roadmap_choices(db),
        "roadmap_summary": lambda: queries.roadmap_summary(db, rid),
        "roadmap_overview": lambda: queries.roadmap_overview(db, rid, TODAY),
        "schedule_pace": lambda: planner.schedule_pace(db, rid, TODAY),
        "step_detail": lambda: queries.step_detail(db, rid, key),
        "step_study": lambda: planner.step_study(db, rid, key),
        "step_resources": lambda: library.step_resources(db, rid, key),
        "step_cards": lambda: cards.step_cards(db, rid, key),
        "step_rows": lambda: queries.step_rows(db, rid, [key]),
        "step_state": lambda: queries.step_state(db, rid, key),
    }
    return calls[name]


def child(name: str, data_dir: Path, calls: int) -> None:
    from roadmap_desktop.core.db import open_database

    db = open_database(data_dir / "roadmap.sqlite3")
    run = _call(name, db)
    started = time.perf_counter()
    run()  # type: ignore[operator]
    first = (time.perf_counter() - started) * 1000
    later = []
    for _ in range(calls):
        started = time.perf_counter()
        run()  # type: ignore[operator]
        later.append((time.perf_counter() - started) * 1000)
    db.close()  # type: ignore[attr-defined]
    print(json.dumps({"first": first, "median": statistics.median(later)}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, default=DEFAULT_DIR)
    parser.add_argument("--calls", type=int, default=51)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.data_dir, args.calls)
        return
    found: dict[str, list[dict[str, float]]] = {name: [] for name in READS}
    for _ in range(args.rounds):
        for name in READS:
            command = [sys.executable, __file__, "--child", name, "--calls", str(args.calls)]
            out = subprocess.run(
                [*command, "--data-dir", str(args.data_dir)],
                check=True,
                capture_output=True,
                text=True,
                env=os.environ,
            ).stdout
            found[name].append(json.loads(out.strip().splitlines()[-1]))
    print(f"| read | first call ms | median of {args.calls} ms |")
    print("|---|---|---|")
    for name, runs in found.items():
        first = statistics.median(r["first"] for r in runs)
        median = statistics.median(r["median"] for r in runs)
        print(f"| {name} | {first:.2f} | {median:.3f} |")


if __name__ == "__main__":
    main()
