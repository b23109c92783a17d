"""Generate a planner history: ~3 years of daily plan blocks and study sessions in a data folder.

    python benchmarks/planner_generate.py DATA_DIR [--years 3] [--end 2026-11-22]

The folder is opened like the app does (bundled roadmaps loaded), then every day gets 3–6 blocks
on steps of the bundled roadmaps (about 4.5 a day: ~5,000 over 3 years) and as many
non-overlapping sessions, written with the real ORM models in one transaction.
"""

from __future__ import annotations

import argparse
import random
import sys
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

from sqlalchemy import func, select

from roadmap_desktop.core.models import Availability, PlanBlock, Step, StudySession
from roadmap_desktop.services.startup import open_store


def generate(data_dir: Path, years: float, end: date, seed: int = 7) -> tuple[int, int]:
    """Fill data_dir with history ending on end; returns (blocks, sessions) written."""
    rng = random.Random(seed)
    store = open_store(data_dir, backup=False)
    blocks = sessions = 0
    try:
        with store.db.transaction() as session:
            steps = session.execute(
                select(Step.roadmap_id, Step.key).order_by(Step.roadmap_id, Step.position)
            ).all()
            for weekday in range(7):
                if session.get(Availability, weekday) is None:
                    session.add(Availability(weekday=weekday, minutes=90 if weekday < 5 else 240))
            first = end - timedelta(days=round(365.25 * years) - 1)
            day = first
            cursor = 0
            while day <= end:
                count = rng.randint(3, 6)
                clock = datetime.combine(day, time(7, 0), tzinfo=UTC)
                for position in range(count):
                    roadmap_id, key = steps[cursor % len(steps)]
                    cursor += rng.randint(0, 1)
                    minutes = rng.choice((30, 45, 60, 90))
                    timed = rng.random() < 0.4
                    session.add(
                        PlanBlock(
                            day=day,
                            start_time=time(8 + 2 * position, 0) if timed else None,
                            minutes=minutes,
                            roadmap_id=roadmap_id,
                            step_key=key,
                            title="",
                            done=day < end and rng.random() < 0.7,
                            auto=rng.random() < 0.5,
                            position=position,
                        )
                    )
                    session.add(
                        StudySession(
                            roadmap_id=roadmap_id,
                            step_key=key,
                            started_at=clock.replace(tzinfo=None),
                            minutes=minutes,
                            note="",
                            source=rng.choice(("timer", "manual")),
                        )
                    )
                    clock += timedelta(minutes=minutes + rng.randint(5, 60))
                    blocks += 1
                    sessions += 1
                day += timedelta(days=1)
    finally:
        store.db.close()
    return blocks, sessions


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data_dir", type=Path)
    parser.add_argument("--years", type=float, default=3.0)
    parser.add_argument("--end", type=date.fromisoformat, default=date.today())
    args = parser.parse_args()
    blocks, sessions = generate(args.data_dir, args.years, args.end)
    store = open_store(args.data_dir, backup=False)
    try:
        with store.db.reading() as session:
            total_blocks = session.scalar(select(func.count()).select_from(PlanBlock))
            total_sessions = session.scalar(select(func.count()).select_from(StudySession))
    finally:
        store.db.close()
    print(f"wrote {blocks} blocks and {sessions} sessions to {args.data_dir}")
    print(f"database now holds {total_blocks} blocks and {total_sessions} sessions")
    return 0


if __name__ == "__main__":
    sys.exit(main())
