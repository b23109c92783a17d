"""Planner interaction timings on a 3-year history, as ratios to a bare query in the same run.

    python benchmarks/planner_week.py [--data-dir DIR] [--rounds 200]

Without --data-dir a temporary folder is filled by planner_generate.py first. Each round times,
through the real services: the baseline (a bare `SELECT count(*) FROM plan_blocks` in a reading
session), `week_view` of a random week of the history (switching weeks), `update_block` moving a
block to another day and back (a drag and its undo), and the other reads the planner page makes
(`timer_state`, `backlog`, `plan_week_preview`, `schedule_projection`). Machines are noisy, so
the ratios within one run are what to compare.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import func, select, text

from roadmap_desktop.core.db import Database
from roadmap_desktop.core.models import PlanBlock, StudySession
from roadmap_desktop.services import planner
from roadmap_desktop.services.queries import roadmap_id_for
from roadmap_desktop.services.startup import open_store

sys.path.insert(0, str(Path(__file__).resolve().parent))
from planner_generate import generate

T = TypeVar("T")
ROADMAP = "backend-developer-24-weeks"
END = date(2026, 11, 22)


def _ms(action: Callable[..., T], *args: Any, **kwargs: Any) -> tuple[float, T]:
    start = time.perf_counter()
    result = action(*args, **kwargs)
    return (time.perf_counter() - start) * 1000, result


def _baseline(db: Database) -> None:
    with db.reading() as session:
        session.execute(text("SELECT count(*) FROM plan_blocks")).scalar_one()


def run(db: Database, empty: Database, rounds: int) -> list[tuple[str, float]]:
    """Median milliseconds per measure, baseline first."""
    rng = random.Random(11)
    with db.reading() as session:
        days = [d for (d,) in session.execute(select(PlanBlock.day).distinct())]
        ids = list(session.scalars(select(PlanBlock.id)))
        sessions = session.scalar(select(func.count()).select_from(StudySession))
    print(f"history: {len(ids)} blocks, {sessions} sessions, {min(days)} to {max(days)}")
    rid = roadmap_id_for(db, ROADMAP)
    times: dict[str, list[float]] = defaultdict(list)
    for _ in range(rounds):
        day = rng.choice(days)
        block_id = rng.choice(ids)
        target = day + timedelta(days=rng.choice((-2, -1, 1, 2)))
        times["baseline: SELECT count(*) FROM plan_blocks"].append(_ms(_baseline, db)[0])
        times["week_view, empty database (no blocks)"].append(_ms(planner.week_view, empty, day)[0])
        times["week_view (switch to a random week)"].append(_ms(planner.week_view, db, day)[0])
        elapsed, (before, _change) = _ms(planner.update_block, db, block_id, day=target)
        times["update_block (drag to another day)"].append(elapsed)
        times["restore_block (undo the drag)"].append(_ms(planner.restore_block, db, before)[0])
        times["timer_state"].append(_ms(planner.timer_state, db)[0])
        times["backlog (20 steps)"].append(_ms(planner.backlog, db, rid, today=END)[0])
        times["plan_week_preview"].append(_ms(planner.plan_week_preview, db, rid, END, END)[0])
        times["schedule_projection"].append(_ms(planner.schedule_projection, db, rid, END)[0])
    return [(name, statistics.median(values)) for name, values in times.items()]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, default=None)
    parser.add_argument("--rounds", type=int, default=200)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        folder = args.data_dir
        if folder is None:
            folder = Path(scratch)
            generate(folder, 3.0, END)
        store = open_store(folder, backup=False)
        empty = open_store(Path(scratch) / "empty", backup=False)
        try:
            rows = run(store.db, empty.db, args.rounds)
        finally:
            store.db.close()
            empty.db.close()
    base = rows[0][1]
    print(f"{'measure (median of ' + str(args.rounds) + ')':<46} {'ms':>8} {'× baseline':>11}")
    for name, value in rows:
        print(f"{name:<46} {value:8.2f} {value / base:11.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
