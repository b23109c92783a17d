"""Generate the big benchmark database in a data folder, through the real storage layer.

    python benchmarks/big_db.py [DATA_DIR] [--force]

Default folder: benchmarks/.data/big (reused when it already holds a complete database). It gets
the bundled roadmaps (as on a first start), then:

- one roadmap `big-roadmap` of 50 phases × 200 steps with three topics each (10,000 steps,
  30,000 topics), written by `content_sync.sync_roadmap` in one transaction, with progress on
  the first phases (statuses, ticks) and a note on every 50th step;
- 20,000 library resources (benchmarks/library_generate.py, the real import service);
- ~5,000 plan blocks and ~5,000 study sessions over three years (benchmarks/planner_generate.py).

The app opens the big roadmap first (it is the remembered one in the settings).
Deterministic for a seed.
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

DEFAULT_DIR = HERE / ".data" / "big"
BIG_SLUG = "big-roadmap"
PHASES = 50
STEPS_PER_PHASE = 200
TOPICS_PER_STEP = 3
RESOURCES = 20_000
DONE_MARKER = "big-db-complete"

WORDS = [
    "arrays",
    "hashing",
    "trees",
    "graphs",
    "sorting",
    "caching",
    "queues",
    "streams",
    "sockets",
    "threads",
    "locks",
    "indexes",
    "joins",
    "transactions",
    "replication",
    "sharding",
    "testing",
    "profiling",
    "parsing",
    "scheduling",
]


def big_spec(seed: int = 7) -> object:
    """The 10,000-step roadmap as a validated-format spec."""
    from roadmap_desktop.core.roadmap_format import (
        PhaseSpec,
        ResourceSpec,
        RoadmapSpec,
        StepSpec,
        TopicSpec,
    )

    rnd = random.Random(seed)
    phases = []
    week = 1
    for p in range(PHASES):
        steps = []
        for s in range(STEPS_PER_PHASE):
            word, other = rnd.choice(WORDS), rnd.choice(WORDS)
            body = (
                f"## {word.title()} in practice\n\nWork through {word} and {other}: read the "
                f"overview, then build a small example.\n\n- why {word} matters\n- how {other} "
                f"relates\n\n```python\ndef {word}_{s}(items):\n    return sorted(items)\n```\n"
            )
            steps.append(
                StepSpec(
                    key=f"p{p:02d}-s{s:03d}",
                    title=f"{word.title()} and {other} {p + 1}.{s + 1}",
                    kind="topic" if s % 10 else "exercise",
                    effort_hours=rnd.choice((0.5, 1.0, 1.5, 2.0, 3.0)),
                    body=body,
                    topics=tuple(
                        TopicSpec(f"t{t}", f"Practise {rnd.choice(WORDS)} ({t + 1})")
                        for t in range(TOPICS_PER_STEP)
                    ),
                    resources=(
                        (ResourceSpec(f"Guide to {word} {p}.{s}", "article", None),)
                        if s % 25 == 0
                        else ()
                    ),
                )
            )
        weeks = 4
        phases.append(
            PhaseSpec(
                key=f"phase-{p:02d}",
                title=f"Phase {p + 1}: {rnd.choice(WORDS).title()} and {rnd.choice(WORDS)}",
                start_week=week,
                end_week=week + weeks - 1,
                summary=f"Everything about {rnd.choice(WORDS)}.",
                steps=tuple(steps),
            )
        )
        week += weeks
    return RoadmapSpec(
        slug=BIG_SLUG,
        title="Big generated roadmap",
        content_version=1,
        summary="10,000 generated steps for benchmarks.",
        source="benchmarks/big_db.py",
        phases=tuple(phases),
    )


def write_roadmap(db: object, seed: int) -> None:
    """The big roadmap plus some progress: statuses, ticks and notes on the first phases."""
    from roadmap_desktop.core.content_sync import sync_roadmap
    from roadmap_desktop.core.models import (
        Origin,
        Roadmap,
        RoadmapProgress,
        StepProgress,
        StepStatus,
        TopicTick,
    )

    rnd = random.Random(seed)
    now = datetime.now(UTC).replace(tzinfo=None)
    with db.transaction() as session:  # type: ignore[attr-defined]
        sync_roadmap(session, big_spec(seed), origin=Origin.CUSTOM, position=-1)  # type: ignore[arg-type]
        roadmap_id = session.query(Roadmap.id).filter(Roadmap.slug == BIG_SLUG).scalar()
        monday = date.today() - timedelta(days=date.today().weekday() + 7 * 30)
        session.add(RoadmapProgress(roadmap_id=roadmap_id, start_date=monday, weekly_hours=12.0))
        for p in range(8):
            for s in range(STEPS_PER_PHASE):
                key = f"p{p:02d}-s{s:03d}"
                status = (
                    StepStatus.DONE
                    if p < 6
                    else rnd.choice((StepStatus.DONE, StepStatus.IN_PROGRESS, StepStatus.TODO))
                )
                note = f"My note on {key}: remember the edge cases.\n" * 3 if s % 50 == 0 else ""
                session.add(
                    StepProgress(
                        roadmap_id=roadmap_id,
                        step_key=key,
                        status=status,
                        started_at=now,
                        done_at=now if status == StepStatus.DONE else None,
                        note_md=note,
                        note_updated_at=now if note else None,
                    )
                )
                for t in range(TOPICS_PER_STEP):
                    if status == StepStatus.DONE or rnd.random() < 0.3:
                        session.add(
                            TopicTick(
                                roadmap_id=roadmap_id,
                                step_key=key,
                                topic_key=f"t{t}",
                                ticked_at=now,
                            )
                        )


def ensure_big_db(data_dir: Path = DEFAULT_DIR, *, force: bool = False, seed: int = 7) -> Path:
    """Create the big data folder unless a complete one exists; returns it."""
    marker = data_dir / DONE_MARKER
    if marker.exists() and not force:
        return data_dir
    if data_dir.exists():
        shutil.rmtree(data_dir)
    data_dir.mkdir(parents=True)
    import library_generate
    import planner_generate

    from roadmap_desktop.services.startup import open_store
    from roadmap_desktop.settings import Settings

    started = time.perf_counter()
    store = open_store(data_dir, backup=False)
    try:
        write_roadmap(store.db, seed)
    finally:
        store.db.close()
    print(f"big roadmap written in {time.perf_counter() - started:.1f} s", flush=True)
    seconds = library_generate.generate(data_dir, RESOURCES, seed)
    print(f"{RESOURCES:,} resources imported in {seconds:.1f} s", flush=True)
    blocks, sessions = planner_generate.generate(data_dir, 3.0, date.today(), seed)
    print(f"{blocks:,} plan blocks and {sessions:,} sessions written", flush=True)
    settings = Settings(data_dir)
    settings.last_roadmap = BIG_SLUG
    settings.welcomed = True
    settings.sync()
    marker.write_text(f"seed={seed}\n")
    print(f"big database ready in {data_dir} after {time.perf_counter() - started:.1f} s")
    return data_dir


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data_dir", type=Path, nargs="?", default=DEFAULT_DIR)
    parser.add_argument("--force", action="store_true", help="regenerate even if it exists")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    ensure_big_db(args.data_dir, force=args.force, seed=args.seed)
    return 0


if __name__ == "__main__":
    sys.exit(main())
