"""What "choose one of" groups cost the reads that count progress, on a 10,000-step roadmap.

    python benchmarks/alternatives.py [--samples 15]

Two databases hold the same roadmap (50 phases × 200 steps, progress on the first phases):
in one, every phase has a group of 4 options (200 groups of 800 steps; a third picked), in the
other none. Each read (the Roadmap page's overview, one step-row refresh, the switcher's
summaries, the schedule projection, the Stats view, the planner backlog) is timed on both,
interleaved; the figure is the median with groups over the median without (the baseline,
measured in the same run). Only these ratios are meaningful on a shared machine; ms beside.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, date
from pathlib import Path

TODAY = date(2026, 11, 20)


def _spec(groups: bool):  # type: ignore[no-untyped-def]
    from roadmap_desktop.core.roadmap_format import GroupSpec, PhaseSpec, RoadmapSpec, StepSpec

    phases = []
    for p in range(50):
        steps = tuple(
            StepSpec(
                key=f"p{p}-s{s}",
                title=f"Step {s} of phase {p}",
                kind="topic",
                effort_hours=1 + s % 7,
                body="Text.",
            )
            for s in range(200)
        )
        chosen = (
            tuple(
                GroupSpec(f"p{p}-g{g}", "Choose one", tuple(f"p{p}-s{g * 4 + i}" for i in range(4)))
                for g in range(4)
            )
            if groups
            else ()
        )
        phases.append(PhaseSpec(f"p{p}", f"Phase {p}", p + 1, p + 1, "", steps, chosen))
    return RoadmapSpec("big", "Big", 1, "", "bench", tuple(phases))


def _database(folder: Path, groups: bool):  # type: ignore[no-untyped-def]
    from roadmap_desktop.core.content_sync import sync_roadmap
    from roadmap_desktop.core.db import open_database
    from roadmap_desktop.core.enums import StepStatus
    from roadmap_desktop.core.models import Origin, StepProgress
    from roadmap_desktop.services import alternatives, study
    from roadmap_desktop.services.queries import roadmap_id_for

    db = open_database(folder / ("grouped.sqlite3" if groups else "plain.sqlite3"))
    spec = _spec(groups)
    with db.transaction() as session:
        sync_roadmap(session, replace(spec, content_hash=""), origin=Origin.IMPORTED)
    rid = roadmap_id_for(db, "big")
    study.set_schedule(db, rid, date(2026, 1, 5), 10)
    with db.transaction() as session:
        for p in range(10):
            for s in range(0, 200, 3):
                session.add(
                    StepProgress(
                        roadmap_id=rid, step_key=f"p{p}-s{s}", status=StepStatus.DONE, note_md=""
                    )
                )
    if groups:
        for p in range(0, 50, 3):
            alternatives.choose_alternative(db, rid, f"p{p}-s1")
    return db, rid


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--samples", type=int, default=15)
    args = parser.parse_args()
    from roadmap_desktop.services import planner, queries, stats

    reads: dict[str, Callable[[object, int], object]] = {
        "roadmap_overview": lambda db, rid: queries.roadmap_overview(db, rid, TODAY),
        "step_rows (1 step)": lambda db, rid: queries.step_rows(db, rid, ["p3-s1"]),
        "list_roadmaps": lambda db, rid: queries.list_roadmaps(db),
        "schedule_projection": lambda db, rid: planner.schedule_projection(db, rid, TODAY),
        "stats_view": lambda db, rid: stats.stats_view(db, rid, TODAY, UTC),
        "backlog (20)": lambda db, rid: planner.backlog(db, rid, today=TODAY),
    }
    with tempfile.TemporaryDirectory() as tmp:
        grouped, g_rid = _database(Path(tmp), True)
        plain, p_rid = _database(Path(tmp), False)
        times: dict[tuple[str, bool], list[float]] = {}
        for _ in range(args.samples):
            for name, read in reads.items():
                for with_groups, db, rid in ((False, plain, p_rid), (True, grouped, g_rid)):
                    start = time.perf_counter()
                    read(db, rid)
                    times.setdefault((name, with_groups), []).append(time.perf_counter() - start)
        grouped.close()
        plain.close()
    print(f"{'read':24} {'no groups':>10} {'200 groups':>11} {'ratio':>6}")
    for name in reads:
        base = statistics.median(times[(name, False)])
        with_g = statistics.median(times[(name, True)])
        print(f"{name:24} {base * 1000:8.1f}ms {with_g * 1000:9.1f}ms {with_g / base:6.2f}")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
