"""Open the Stats page on a realistic generated history, for screenshots and a look by eye.

    python scripts/stats_demo.py [--theme light|dark] [--size 1440x900] [--data-dir DIR]
                                 [--shot out.png]

The history: the backend roadmap started six months ago; sessions on most weekdays (evenings,
some long weekend mornings, a few past midnight), gaps of a day or two, one holiday week with
nothing, steps finished as their time adds up, a few plan blocks and a weekly availability.
The learner also writes a few cards on most study days and reviews what is due afterwards
(answered through the real FSRS services: mostly Good, sometimes Again, Hard or Easy), so the
Reviews section has six months of answers, a retention figure and cards coming due.
With --shot the page is grabbed to a PNG after it painted and the program exits; otherwise the
page stays open (run it under ../shared/tools/xshot for a real X window).
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

ROADMAP = "backend-developer-24-weeks"


def make_history(data_dir: Path, today: date, seed: int = 5) -> None:
    """Fill data_dir with six months of study ending yesterday."""
    from sqlalchemy import select

    from roadmap_desktop.core.enums import StepStatus
    from roadmap_desktop.core.models import (
        Availability,
        Phase,
        PlanBlock,
        Step,
        StepProgress,
        StudySession,
    )
    from roadmap_desktop.core.planner import local_timezone, to_utc
    from roadmap_desktop.services import study
    from roadmap_desktop.services.queries import roadmap_id_for
    from roadmap_desktop.services.startup import open_store

    rng = random.Random(seed)
    tz = local_timezone()
    store = open_store(data_dir, backup=False)
    db = store.db
    rid = roadmap_id_for(db, ROADMAP)
    start = today - timedelta(weeks=26)
    start -= timedelta(days=start.weekday())
    study.set_schedule(db, rid, start, 8.0)
    holiday = start + timedelta(weeks=15)
    with db.transaction() as session:
        steps = session.execute(
            select(Step.key, Step.estimated_hours)
            .join(Phase, Step.phase_id == Phase.id)
            .where(Step.roadmap_id == rid, Step.archived.is_(False))
            .order_by(Phase.position, Step.position)
        ).all()
        for weekday in range(7):
            row = session.get(Availability, weekday) or Availability(weekday=weekday)
            row.minutes = 60 if weekday < 5 else 150
            session.add(row)
        cursor, spent = 0, 0.0
        studied: list[tuple[datetime, str]] = []  # (end of the day's study, step), for reviews
        day = start
        while day < today and cursor < len(steps):
            in_holiday = holiday <= day < holiday + timedelta(days=7)
            skip = rng.random() < (0.35 if day.weekday() >= 5 else 0.2)
            if not in_holiday and not skip:
                sittings = 2 if day.weekday() >= 5 and rng.random() < 0.5 else 1
                hour = 10 if day.weekday() >= 5 else rng.choice((18, 19, 20, 21, 23))
                clock = datetime.combine(day, time(hour, rng.choice((0, 15, 30))), tzinfo=tz)
                for _ in range(sittings):
                    minutes = rng.choice((20, 30, 45, 60, 60, 75, 90))
                    key, hours = steps[cursor]
                    session.add(
                        StudySession(
                            roadmap_id=rid,
                            step_key=key,
                            started_at=to_utc(clock),
                            minutes=minutes,
                            note="",
                            source=rng.choice(("timer", "manual")),
                        )
                    )
                    spent += minutes / 60
                    clock += timedelta(minutes=minutes + 40)
                    if not studied or studied[-1][0].date() != clock.date():
                        studied.append((clock, key))
                    if spent >= hours * rng.uniform(0.9, 1.5):
                        done_at = to_utc(clock)
                        session.add(
                            StepProgress(
                                roadmap_id=rid,
                                step_key=key,
                                status=StepStatus.DONE,
                                started_at=done_at - timedelta(days=3),
                                done_at=done_at,
                                note_md="",
                            )
                        )
                        cursor, spent = cursor + 1, 0.0
                        if cursor >= len(steps):
                            break
            day += timedelta(days=1)
        for offset in range(-14, 7):
            block_day = today + timedelta(days=offset)
            if block_day.weekday() < 5 and cursor < len(steps):
                session.add(
                    PlanBlock(
                        day=block_day,
                        minutes=60,
                        roadmap_id=rid,
                        step_key=steps[cursor][0],
                        title="",
                        done=block_day < today,
                        position=0,
                    )
                )
    make_reviews(db, rid, studied, rng)
    db.close()
    _ = UTC


def make_reviews(db: Any, rid: int, studied: list[tuple[datetime, str]], rng: Any) -> None:
    """A few cards written on most study days, then the due ones reviewed (real FSRS)."""
    from roadmap_desktop.core.planner import to_utc
    from roadmap_desktop.services import review
    from roadmap_desktop.services.cards import add_own_card
    from roadmap_desktop.services.review_values import CardDraft, ReviewOptions

    options = ReviewOptions(new_per_day=15, all_steps=True)
    made = 0
    for clock, key in studied:
        if rng.random() < 0.8:
            with db.transaction() as session:
                for _ in range(rng.randint(2, 6)):
                    made += 1
                    draft = CardDraft(f"Question {made} about {key}?", f"Answer {made}.")
                    add_own_card(session, rid, key, draft, to_utc(clock))
        if rng.random() < 0.15:
            continue  # a day the learner did not review
        now = to_utc(clock + timedelta(minutes=5))
        for _ in range(80):
            card = review.next_card(db, options, now=now)
            if card is None:
                break
            rating = rng.choices((1, 2, 3, 4), weights=(10, 8, 72, 10))[0]
            review.answer(db, card.id, rating, options, now=now, duration_ms=8000)
            now += timedelta(seconds=rng.randint(8, 40))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--theme", choices=("light", "dark"), default="light")
    parser.add_argument("--size", default="1440x900")
    parser.add_argument("--data-dir", type=Path)
    parser.add_argument("--shot", type=Path)
    parser.add_argument("--window", action="store_true", help="show the whole main window")
    parser.add_argument("--bottom", action="store_true", help="scroll down to the Reviews")
    args = parser.parse_args()
    width, height = (int(v) for v in args.size.split("x"))

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from roadmap_desktop.services.startup import open_store
    from roadmap_desktop.settings import Settings
    from roadmap_desktop.ui.context import AppContext
    from roadmap_desktop.ui.stats.stats_page import StatsPage
    from roadmap_desktop.ui.widgets.theme import apply_theme

    scratch = tempfile.TemporaryDirectory()
    folder = args.data_dir or Path(scratch.name) / "data"
    today = date.today()
    if not (folder / "roadmap.sqlite3").exists() and not any(folder.glob("*.sqlite3")):
        make_history(folder, today)
    app = QApplication(sys.argv[:1])
    apply_theme(app, args.theme)
    store = open_store(folder, backup=False)
    settings = Settings(store.data_dir)
    settings.last_roadmap = ROADMAP
    settings.streaks_on = True
    ctx = AppContext(store.db, store.data_dir, settings)
    if args.window:
        from roadmap_desktop.ui.main_window import MainWindow

        window = MainWindow()
        window.attach(ctx, welcome=False)
        from roadmap_desktop.ui.actions import Scope

        window.show_scope(Scope.STATS)
        shown = window
        page = window.stats
    else:
        shown = page = StatsPage(ctx)
        shown.setWindowTitle("Stats — Roadmap Desktop")
    shown.resize(width, height)
    shown.show()
    if args.shot:

        def shoot() -> None:
            if args.bottom:
                bar = page.scroller.verticalScrollBar()
                bar.setValue(bar.maximum())
                app.processEvents()
            shown.grab().save(str(args.shot))
            app.quit()

        QTimer.singleShot(800, shoot)
    code = app.exec()
    store.db.close()
    scratch.cleanup()
    return code


if __name__ == "__main__":
    sys.exit(main())
