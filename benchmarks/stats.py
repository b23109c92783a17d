"""Stats page timings on a 3-year history, through the real widgets, as ratios to a baseline.

    QT_QPA_PLATFORM=offscreen python benchmarks/stats.py [--data-dir DIR] [--rounds 30]

Without --data-dir a temporary folder is filled by planner_generate.py (~5,000 sessions and
plan blocks over three years), a schedule from the first day, the steps of the first roadmap
finished one by one along the way, and 16,000 cards with 200,000 review-log rows (add_reviews).

Each round times, at 1440×900, in --tz (default Europe/Berlin: days across DST):
- baseline: build, lay out and grab (paint) a plain widget with a label of the same size;
- page open: build a StatsPage, read its StatsView and grab the whole page (every chart on
  screen painted); the Reviews, below the fold, are read right after that first frame — timed
  apart — and timed once more with everything at once (a window tall enough to show them);
- switch roadmap after a data change (nothing cached): choose another roadmap in the page's
  selector (re-read and repaint); the same to all roadmaps with the Reviews on screen (30 and
  90 days of answers); and switching back to a roadmap seen (cached on the data version);
- the services alone (`stats_view`, `review_stats`) for one roadmap and for all roadmaps.
Budgets: page open ≤ 100 ms, switching ≤ 50 ms. Machines are noisy; compare ratios in one run.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

sys.path.insert(0, str(Path(__file__).resolve().parent))
from planner_generate import generate

END = date(2026, 11, 22)
OPTIONS: Any = None  # StatsOptions(streaks=True), set in run()
ROADMAP = "backend-developer-24-weeks"


def add_progress(data_dir: Path, years: float) -> None:
    """A schedule from the first day and the roadmap's steps done evenly across the history."""
    from roadmap_desktop.core.enums import StepStatus
    from roadmap_desktop.core.models import Step, StepProgress
    from roadmap_desktop.services import study
    from roadmap_desktop.services.queries import roadmap_id_for
    from roadmap_desktop.services.startup import open_store

    store = open_store(data_dir, backup=False)
    try:
        first = END - timedelta(days=round(365.25 * years) - 1)
        for summary_id in _roadmap_ids(store.db):
            study.set_schedule(store.db, summary_id, first, 6.0)
        rid = roadmap_id_for(store.db, ROADMAP)
        with store.db.transaction() as session:
            keys = list(session.scalars(select(Step.key).where(Step.roadmap_id == rid)))
            span = (END - first).days
            for i, key in enumerate(keys[: len(keys) * 3 // 4]):
                done = datetime.combine(
                    first + timedelta(days=span * (i + 1) // len(keys)), datetime.min.time()
                )
                session.add(
                    StepProgress(
                        roadmap_id=rid,
                        step_key=key,
                        status=StepStatus.DONE,
                        started_at=done - timedelta(days=4),
                        done_at=done,
                        note_md="",
                    )
                )
    finally:
        store.db.close()


CARDS, LOGS = 16_000, 200_000


def add_reviews(data_dir: Path, years: float, seed: int = 11) -> int:
    """Cards on the bundled roadmaps' steps (half on the benchmarked roadmap) and their answers.

    Cards arrive evenly over the history; each is answered as a learner would: a first answer,
    a learning step, then reviews at growing intervals (Again one time in ten, which sends the
    card to a relearning step); one card in ten was left alone for up to 20 days before the end,
    so some are overdue. The newest LOGS answers are kept; each card keeps the state and due
    time its last answer gave it. Plain SQL.
    """
    import random
    import sqlite3

    rng = random.Random(seed)
    conn = sqlite3.connect(data_dir / "roadmap.sqlite3")
    steps = conn.execute(
        "SELECT roadmap_id, key FROM steps ORDER BY roadmap_id, position"
    ).fetchall()
    main = conn.execute("SELECT id FROM roadmaps WHERE slug = ?", (ROADMAP,)).fetchone()[0]
    ours = [s for s in steps if s[0] == main]
    end = datetime.combine(END, datetime.min.time()) + timedelta(hours=20)
    first = end - timedelta(days=round(365.25 * years))
    span = (end - first).total_seconds()
    events: list[tuple[datetime, int, int, int, float]] = []  # when, card, rating, state, days
    finals: list[tuple[int, float, datetime]] = []  # state, interval days, due
    for card in range(CARDS):
        when = first + timedelta(seconds=span * card / CARDS + rng.uniform(0, 3600))
        interval, state = 0.0, 0
        stop = end - timedelta(days=0 if rng.random() < 0.9 else rng.uniform(1, 20))
        while when < stop:
            rating = 1 if state == 2 and rng.random() < 0.1 else rng.choice((2, 3, 3, 3, 4))
            events.append((when, card, rating, state, interval))
            if state in (0, 1, 3):
                state, interval = (1, 0.007) if state == 0 else (2, max(1.0, interval * 0.3))
            elif rating == 1:
                state, interval = 3, 0.007
            else:
                interval = max(1.0, interval) * (
                    1.6 if rating == 2 else 2.5 if rating == 3 else 3.5
                )
            when += timedelta(days=interval * rng.uniform(0.9, 1.1))
        finals.append((state, interval, when))
    events.sort()
    kept = events[-LOGS:]
    stamp = "%Y-%m-%d %H:%M:%S.%f"
    with conn:
        base = conn.execute("SELECT coalesce(max(id), 0) FROM cards").fetchone()[0]
        rows = []
        for card, (state, interval, due) in enumerate(finals):
            roadmap_id, key = ours[card % len(ours)] if card % 2 else steps[card % len(steps)]
            rows.append(
                (
                    base + 1 + card,
                    f"bench{card:027d}",
                    roadmap_id,
                    key,
                    f"Question {card}?",
                    state,
                    interval,
                    due.strftime(stamp),
                    (due - timedelta(days=interval)).strftime(stamp),
                )
            )
        conn.executemany(
            "INSERT INTO cards (id, uid, roadmap_id, step_key, question_key, origin, front_md,"
            " back_md, edited, suspended, archived, created_at, state, step, stability,"
            " difficulty, due, last_review, reps, lapses) VALUES (?, ?, ?, ?, NULL, 'own', ?,"
            " 'Answer.', 0, 0, 0, '2023-01-01 00:00:00.000000', ?, NULL, ?, 5.0, ?, ?, 3, 0)",
            rows,
        )
        conn.executemany(
            "INSERT INTO review_log (card_id, reviewed_at, rating, state, elapsed_days,"
            " scheduled_days, prev_due, prev_lapses) VALUES (?, ?, ?, ?, ?, ?, ?, 0)",
            (
                (
                    base + 1 + card,
                    when.strftime(stamp),
                    rating,
                    state,
                    days,
                    days,
                    when.strftime(stamp),
                )
                for when, card, rating, state, days in kept
            ),
        )
    conn.execute("ANALYZE")
    conn.close()
    return len(kept)


class _Record(list[float]):
    """Wall-clock samples of one measure; appending also keeps that call's CPU time."""

    def __init__(self, name: str) -> None:
        super().__init__()
        self.name = name

    def append(self, value: float) -> None:
        super().append(value)
        CPU[self.name].append(_last_cpu[0])


class _Timings(dict[str, _Record]):
    def __missing__(self, name: str) -> _Record:
        self[name] = record = _Record(name)
        return record


def _roadmap_ids(db: Any) -> list[int]:
    from roadmap_desktop.core.models import Roadmap

    with db.reading() as session:
        return list(session.scalars(select(Roadmap.id).order_by(Roadmap.id)))


CPU: dict[str, list[float]] = defaultdict(list)  # process CPU ms of the last measure, by name
_last_cpu = [0.0]


def _ms(action: Callable[[], Any]) -> float:
    """Wall-clock ms of one call; its CPU ms (not counting time waiting for a busy CPU) is kept
    in _last_cpu, since this machine is shared and wall time swings with the load."""
    cpu = time.process_time()
    start = time.perf_counter()
    action()
    _last_cpu[0] = (time.process_time() - cpu) * 1000
    return (time.perf_counter() - start) * 1000


def run(folder: Path, rounds: int, zone: str) -> list[tuple[str, float, float]]:
    """Median wall-clock and CPU milliseconds per measure, baseline first."""
    from zoneinfo import ZoneInfo

    from PySide6.QtWidgets import QApplication, QLabel, QVBoxLayout, QWidget

    from roadmap_desktop.core.models import ReviewLog, StudySession
    from roadmap_desktop.services.changes import ChangeKind, ChangeSet
    from roadmap_desktop.services.startup import open_store
    from roadmap_desktop.services.stats import StatsOptions, stats_view
    from roadmap_desktop.services.stats_reviews import review_stats
    from roadmap_desktop.settings import Settings
    from roadmap_desktop.ui.context import AppContext
    from roadmap_desktop.ui.stats.stats_page import StatsPage

    global OPTIONS
    OPTIONS = StatsOptions(streaks=True)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    store = open_store(folder, backup=False)
    settings = Settings(store.data_dir)
    settings.last_roadmap = ROADMAP
    settings.streaks_on = True
    settings.stats_review_days = 30
    ctx = AppContext(store.db, store.data_dir, settings)
    tz = ZoneInfo(zone)
    with store.db.reading() as session:
        count = session.scalar(select(func.count()).select_from(StudySession))
        first = session.scalar(select(func.min(StudySession.started_at)))
        answers = session.scalar(select(func.count()).select_from(ReviewLog))
    print(f"history: {count} sessions from {first:%Y-%m-%d} to {END}, {answers} answers, {zone}")
    ids = _roadmap_ids(store.db)
    times = _Timings()
    data_changed = ChangeSet.of(ChangeKind.TIME, ChangeKind.REVIEW)

    def baseline() -> None:
        widget = QWidget()
        layout = QVBoxLayout(widget)
        layout.addWidget(QLabel("Stats"))
        widget.resize(1440, 900)
        widget.grab()
        widget.deleteLater()

    def build() -> StatsPage:
        page = StatsPage(ctx, tz=tz, first_weekday=0, today=lambda: END)
        page.resize(1440, 900)
        return page

    def first_show(page: StatsPage) -> None:
        page.reload()  # at 1440×900 the Reviews are below the fold: read after this frame
        page.grab()

    def reviews_part(page: StatsPage) -> None:
        page.load_reviews()  # what the deferred read does once the first frame is out
        page.reviews.grab()

    def everything(page: StatsPage) -> None:
        page.reload()
        page.load_reviews()  # as when the Reviews are on screen (a tall window, scrolled)
        page.grab()

    page = build()
    everything(page)
    pages = [page]
    for i in range(rounds):
        times["baseline: plain widget, grab (paint)"].append(_ms(baseline))
        built: list[StatsPage] = []
        times["build the page (at window start, no reads)"].append(
            _ms(lambda built=built: built.append(build()))
        )
        fresh = built[0]
        times["page open: first frame, read + paint"].append(
            _ms(lambda fresh=fresh: first_show(fresh))
        )
        times["  then the Reviews (deferred): read + paint"].append(
            _ms(lambda fresh=fresh: reviews_part(fresh))
        )
        other = build()
        times["page open, Reviews on screen too"].append(_ms(lambda other=other: everything(other)))
        pages.extend((fresh, other))
        target = 1 + (i % len(ids))
        if page.roadmap.currentIndex() == target:
            page.roadmap.setCurrentIndex(0)
        ctx.changed.emit(data_changed)  # new data: nothing cached is valid any more
        page.stale = False

        def switch(index: int = target) -> None:
            page.roadmap.setCurrentIndex(index)  # reload() through the selector
            page.grab()

        def switch_all(index: int) -> None:
            page.roadmap.setCurrentIndex(index)
            page.load_reviews()
            page.grab()

        times["switch roadmap (after a change): read + paint"].append(_ms(switch))
        page.load_reviews()  # the deferred part, untimed: now this roadmap is all cached
        back = 0 if target != 0 else 1
        times["  same to all roadmaps, Reviews on screen too"].append(
            _ms(lambda back=back: switch_all(back))
        )
        times["switch back to a roadmap seen (cached)"].append(
            _ms(lambda target=target: switch_all(target))
        )
        page.reviews.period.setCurrentIndex(1)  # the answers of the last 90 days
        ctx.changed.emit(data_changed)
        page.stale = False
        times["  same, Reviews of 90 days on screen"].append(
            _ms(lambda back=back: switch_all(back))
        )
        page.reviews.period.setCurrentIndex(0)
        times["stats_view, one roadmap"].append(
            _ms(lambda: stats_view(store.db, ids[0], END, tz, 0, OPTIONS))
        )
        times["stats_view, all roadmaps"].append(
            _ms(lambda: stats_view(store.db, None, END, tz, 0, OPTIONS))
        )
        times["review_stats 30 days, one roadmap"].append(
            _ms(lambda: review_stats(store.db, ids[0], END, tz, 30))
        )
        times["review_stats 30 days, all roadmaps"].append(
            _ms(lambda: review_stats(store.db, None, END, tz, 30))
        )
        times["review_stats 90 days, one roadmap"].append(
            _ms(lambda: review_stats(store.db, ids[0], END, tz, 90))
        )
        times["heatmap paint only"].append(_ms(page.heatmap.grab))
        app.processEvents()
        for old in pages[:-2]:
            old.deleteLater()
        del pages[:-2]
    store.db.close()
    return [
        (name, statistics.median(values), statistics.median(CPU[name]))
        for name, values in times.items()
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, default=None)
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--tz", default="Europe/Berlin", help="the page's time zone")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        folder = args.data_dir
        if folder is None:
            folder = Path(scratch)
            generate(folder, 3.0, END)
            add_progress(folder, 3.0)
            add_reviews(folder, 3.0)
        rows = run(folder, args.rounds, args.tz)
    base, base_cpu = rows[0][1], max(rows[0][2], 0.01)
    head = f"measure (median of {args.rounds})"
    print(f"{head:<52} {'wall ms':>8} {'×':>7} {'CPU ms':>8} {'×':>7}")
    for name, value, cpu in rows:
        print(f"{name:<52} {value:8.2f} {value / base:7.1f} {cpu:8.2f} {cpu / base_cpu:7.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
