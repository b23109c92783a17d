"""Generate a big database for search: 10,000 steps, 20,000 resources, 5,000 notes.

    python benchmarks/search_generate.py DATA_DIR [--steps 10000] [--resources 20000]
                                                  [--notes 5000] [--seed 7]

Writes through the real code paths (content sync for the roadmaps, the library import for the
resources, one transaction of notes), so the search index is kept by its triggers as it would
be for a learner. Deterministic for a given seed.
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import sys
import time
from datetime import datetime
from pathlib import Path

from roadmap_desktop.core import search_index
from roadmap_desktop.core.content_sync import sync_roadmap
from roadmap_desktop.core.models import Origin, Step, StepProgress, StepStatus
from roadmap_desktop.core.roadmap_format import (
    PhaseSpec,
    QuestionSpec,
    RoadmapSpec,
    StepSpec,
    TopicSpec,
)
from roadmap_desktop.importers import ImportBatch
from roadmap_desktop.services.library_import import apply_import
from roadmap_desktop.services.library_read import search_steps
from roadmap_desktop.services.queries import list_roadmaps
from roadmap_desktop.services.startup import open_store

sys.path.insert(0, str(Path(__file__).resolve().parent))
from library_generate import TOPICS, generated_items


class RawConnection:
    """A sqlite3 connection with the exec_driver_sql the index module expects."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def exec_driver_sql(self, sql: str, params: object = ()) -> sqlite3.Cursor:
        return self.conn.execute(sql, params)  # type: ignore[arg-type]


def vacuumed_size(path: Path, *, without_index: bool) -> int:
    """The file's size after VACUUM (first dropping the search index when asked)."""
    conn = sqlite3.connect(path)
    try:
        if without_index:
            with conn:
                search_index.drop(RawConnection(conn))
        conn.execute("PRAGMA journal_mode = DELETE")
        conn.execute("VACUUM")
    finally:
        conn.close()
    return path.stat().st_size


STEPS_PER_PHASE = 50
PHASES_PER_ROADMAP = 20
FILLER_TEXT = (
    "the a of to and in is that for it as with be on this by are or from at an which can "
    "but not you all your have more when will if one what use so each how data query "
    "server client request response table index cache memory thread process file system "
    "network design test build deploy review measure read write store load scale fail "
    "retry timeout latency throughput schema migration transaction lock commit rollback"
)
FILLER = FILLER_TEXT.split()


def _words(rnd: random.Random, count: int) -> str:
    words = []
    for _ in range(count):
        if rnd.random() < 0.04:
            words.extend(rnd.choice(TOPICS).split())
        else:
            words.append(rnd.choice(FILLER))
    return " ".join(words)


def _guide(rnd: random.Random) -> str:
    paragraphs = [_words(rnd, rnd.randint(25, 60)).capitalize() + "." for _ in range(3)]
    return "## Why\n\n" + paragraphs[0] + "\n\n- " + paragraphs[1] + "\n\n" + paragraphs[2]


def roadmap_specs(steps: int, seed: int) -> list[RoadmapSpec]:
    """Roadmaps of 20 phases × 50 steps with guide text, topics and a question per phase."""
    rnd = random.Random(seed)
    specs, made, number = [], 0, 0
    while made < steps:
        number += 1
        phases = []
        for p in range(PHASES_PER_ROADMAP):
            count = min(STEPS_PER_PHASE, steps - made)
            if count <= 0:
                break
            phase_steps = []
            for s in range(count):
                topic = rnd.choice(TOPICS)
                key = f"r{number}-p{p}-s{s}"
                phase_steps.append(
                    StepSpec(
                        key=key,
                        title=f"{topic}: {_words(rnd, 3)}",
                        kind="topic",
                        effort_hours=2.0,
                        body=_guide(rnd),
                        topics=tuple(
                            TopicSpec(f"t{t}", _words(rnd, 4).capitalize())
                            for t in range(rnd.randint(2, 5))
                        ),
                    )
                )
            made += count
            phases.append(
                PhaseSpec(
                    key=f"p{p}",
                    title=f"{rnd.choice(TOPICS)} phase {p + 1}",
                    start_week=p + 1,
                    end_week=p + 1,
                    summary=_words(rnd, 12),
                    steps=tuple(phase_steps),
                )
            )
        questions = tuple(
            QuestionSpec(
                key=f"q{i}",
                prompt=f"Why does {rnd.choice(TOPICS)} {_words(rnd, 5)}?",
                answer=_words(rnd, 20),
                step=phase.steps[0].key,
            )
            for i, phase in enumerate(phases)
        )
        specs.append(
            RoadmapSpec(
                slug=f"generated-{number}",
                title=f"Generated roadmap {number}",
                content_version=1,
                summary=_words(rnd, 20),
                source="benchmark",
                phases=tuple(phases),
                questions=questions,
            )
        )
    return specs


def generate(
    data_dir: Path, steps: int, resources: int, notes: int, seed: int = 7
) -> dict[str, float]:
    """Fill data_dir; returns the seconds each part took."""
    store = open_store(data_dir, backup=False)
    db = store.db
    timings: dict[str, float] = {}
    try:
        started = time.perf_counter()
        for spec in roadmap_specs(steps, seed):
            with db.transaction() as session:
                sync_roadmap(session, spec, origin=Origin.IMPORTED, source_ref="benchmark")
        timings["roadmaps_s"] = time.perf_counter() - started
        slugs = {r.id: r.slug for r in list_roadmaps(db)}
        linkable = [(slugs[s.roadmap_id], s.step_key) for s in search_steps(db, "", 2_000)]
        items = generated_items(resources, linkable, seed, datetime(2026, 1, 1))
        started = time.perf_counter()
        apply_import(db, ImportBatch(items, source="generated"), skip_duplicates=False)
        timings["resources_s"] = time.perf_counter() - started
        rnd = random.Random(seed + 1)
        started = time.perf_counter()
        with db.transaction() as session:
            rows = session.query(Step.roadmap_id, Step.key).order_by(Step.id).all()
            for roadmap_id, key in rnd.sample(rows, min(notes, len(rows))):
                session.add(
                    StepProgress(
                        roadmap_id=roadmap_id,
                        step_key=key,
                        status=StepStatus.IN_PROGRESS,
                        note_md=f"# {rnd.choice(TOPICS)}\n\n{_words(rnd, rnd.randint(20, 120))}",
                    )
                )
        timings["notes_s"] = time.perf_counter() - started
    finally:
        db.close()
    return timings


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data_dir", type=Path)
    parser.add_argument("--steps", type=int, default=10_000)
    parser.add_argument("--resources", type=int, default=20_000)
    parser.add_argument("--notes", type=int, default=5_000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    timings = generate(args.data_dir, args.steps, args.resources, args.notes, args.seed)
    print(" ".join(f"{k}={v:.1f}" for k, v in timings.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
