"""Review timings on 20,000 cards and 200,000 review-log rows, as ratios to a bare query.

    python benchmarks/review.py [--rounds 200]

A temporary data folder gets the bundled roadmaps plus a generated roadmap of 2,000 steps
(a third of them started or done) with 20,000 cards (a sixth new, the rest reviewed with due
times spread over the past month and the next year) and 200,000 review-log rows. Each round
times, through the real services: the baseline (`SELECT 1` in a reading session), the next
card shown (`next_card`, with its four interval previews), an answer followed by the next card
(`answer` + `next_card`, then undone outside the timing so every round sees the same data),
the counts line (`counts`) and the due count alone. Machines are noisy: compare ratios.
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import text

from roadmap_desktop.core.db import Database
from roadmap_desktop.services import review
from roadmap_desktop.services.review_values import ReviewOptions
from roadmap_desktop.services.startup import open_store

T = TypeVar("T")
NOW = datetime(2026, 12, 1, 12, 0)
STEPS, CARDS, LOGS = 2_000, 20_000, 200_000


def generate(db_path: Path, seed: int = 5) -> None:
    """Add the generated roadmap, its progress, cards and review log with plain SQL."""
    rng = random.Random(seed)
    conn = sqlite3.connect(db_path)
    with conn:
        cur = conn.execute(
            "INSERT INTO roadmaps (slug, title, summary_md, origin, source_ref, content_version,"
            " content_hash, position) VALUES ('bench', 'Bench', '', 'custom', '', 1, '', 99)"
        )
        rid = cur.lastrowid
        conn.execute(
            "INSERT INTO phases (roadmap_id, key, position, title, summary_md, start_week,"
            " end_week) VALUES (?, 'p', 0, 'Phase', '', 1, 50)",
            (rid,),
        )
        pid = conn.execute("SELECT id FROM phases WHERE roadmap_id = ?", (rid,)).fetchone()[0]
        conn.executemany(
            "INSERT INTO steps (roadmap_id, phase_id, key, position, kind, title, body_md,"
            " estimated_hours, archived) VALUES (?, ?, ?, ?, 'topic', ?, '', 1, 0)",
            [(rid, pid, f"s{i}", i, f"Step {i}") for i in range(STEPS)],
        )
        conn.executemany(
            "INSERT INTO step_progress (roadmap_id, step_key, status, note_md)"
            " VALUES (?, ?, ?, '')",
            [
                (rid, f"s{i}", rng.choice(("in_progress", "done")))
                for i in range(STEPS)
                if i % 3 == 0
            ],
        )
        rows = []
        for i in range(CARDS):
            new = i % 6 == 0
            due = NOW + timedelta(days=rng.uniform(-30, 365))
            rows.append(
                (
                    f"{i:032x}",
                    rid,
                    f"s{i % STEPS}",
                    f"Question {i}?",
                    f"Answer {i}.",
                    0 if new else 2,
                    None if new else rng.uniform(1, 200),
                    None if new else rng.uniform(1, 10),
                    NOW if new else due,
                    None if new else due - timedelta(days=10),
                    0 if new else 10,
                )
            )
        conn.executemany(
            "INSERT INTO cards (uid, roadmap_id, step_key, question_key, origin, front_md,"
            " back_md, edited, suspended, archived, created_at, state, step, stability,"
            " difficulty, due, last_review, reps, lapses) VALUES (?, ?, ?, NULL, 'own', ?, ?,"
            " 0, 0, 0, '2026-01-01 00:00:00', ?, NULL, ?, ?, ?, ?, ?, 0)",
            [(*r[:5], r[5], r[6], r[7], r[8].isoformat(" "), _iso(r[9]), r[10]) for r in rows],
        )
        ids = [r[0] for r in conn.execute("SELECT id FROM cards WHERE state = 2")]
        start = NOW - timedelta(days=400)
        conn.executemany(
            "INSERT INTO review_log (card_id, reviewed_at, rating, state, elapsed_days,"
            " scheduled_days, prev_due, prev_lapses) VALUES (?, ?, ?, 2, 3, 5, ?, 0)",
            (
                (
                    ids[n % len(ids)],
                    (start + timedelta(minutes=n * 2.8)).isoformat(" "),
                    rng.choice((1, 3, 3, 3, 4)),
                    (start + timedelta(minutes=n * 2.8)).isoformat(" "),
                )
                for n in range(LOGS)
            ),
        )
    conn.execute("ANALYZE")
    conn.close()


def _iso(value: datetime | None) -> str | None:
    return value.isoformat(" ") if value is not None else None


def _ms(action: Callable[..., T], *args: Any, **kwargs: Any) -> tuple[float, T]:
    start = time.perf_counter()
    result = action(*args, **kwargs)
    return (time.perf_counter() - start) * 1000, result


def _baseline(db: Database) -> None:
    with db.reading() as session:
        session.execute(text("SELECT 1")).scalar_one()


def _answer_and_next(db: Database, card_id: int, options: ReviewOptions) -> Any:
    memo, _change = review.answer(db, card_id, 3, options, now=NOW)
    review.next_card(db, options, now=NOW)
    return memo


def run(db: Database, rounds: int) -> list[tuple[str, float]]:
    """Median milliseconds per measure, baseline first."""
    times: dict[str, list[float]] = defaultdict(list)
    default, every = ReviewOptions(), ReviewOptions(all_steps=True)
    for _ in range(rounds):
        times["baseline: SELECT 1"].append(_ms(_baseline, db)[0])
        elapsed, card = _ms(review.next_card, db, default, now=NOW)
        times["next card shown (started steps)"].append(elapsed)
        assert card is not None
        elapsed, memo = _ms(_answer_and_next, db, card.id, default)
        times["answer + next card shown"].append(elapsed)
        review.undo_answer(db, memo)
        times["next card shown (all steps)"].append(_ms(review.next_card, db, every, now=NOW)[0])
        times["counts: due, new, done today"].append(_ms(review.counts, db, default, now=NOW)[0])
        times["counts, all steps"].append(_ms(review.counts, db, every, now=NOW)[0])
    return [(name, statistics.median(values)) for name, values in times.items()]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=200)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        store = open_store(folder, backup=False)
        store.db.close()
        generate(store.db.path)
        store = open_store(folder, backup=False)
        try:
            counts = review.counts(store.db, ReviewOptions(), now=NOW)
            print(f"{CARDS} cards, {LOGS} log rows; counts now: {counts}")
            rows = run(store.db, args.rounds)
        finally:
            store.db.close()
    base = rows[0][1]
    print(f"{'measure (median of ' + str(args.rounds) + ')':<40} {'ms':>8} {'× baseline':>11}")
    for name, value in rows:
        print(f"{name:<40} {value:8.2f} {value / base:11.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
