"""Screenshots of the Review page and a step's Questions section (docs/images/review-*.png).

Run `python scripts/review_screenshots.py`. It builds demo data (the bundled roadmaps, a few
steps started, some answers behind them), opens the real main window on the Review page
with a card's answer shown, and saves, light and dark, at 1440×900 and 1024×700, to docs/images/:

    review-<theme>-<width>.png            the Review page, answer shown, intervals on the buttons
    review-empty-<theme>-1440.png         the end of a session (summary and next due time)
    step-questions-<theme>-<width>.png    the Questions section of a step (one answer open)

Runs offscreen by default, like scripts/screenshots.py (whose helpers it uses).
"""

from __future__ import annotations

import os
import sys
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(ROOT / "src"))
OUT = ROOT / "docs" / "images"
SIZES = ((1440, 900), (1024, 700))
ROADMAP = "backend-developer-24-weeks"
STARTED = ("language-fundamentals", "git-in-depth", "indexes-transactions-migrations", "graphql")


def make_review_data(data_dir: Path) -> int:
    """Bundled roadmaps, some started steps and a week of answers; returns the roadmap id."""
    from roadmap_desktop.core.enums import StepStatus
    from roadmap_desktop.services import cards, review, study
    from roadmap_desktop.services.queries import roadmap_id_for
    from roadmap_desktop.services.review_values import CardDraft, ReviewOptions
    from roadmap_desktop.services.startup import open_store

    store = open_store(data_dir)
    db = store.db
    try:
        rid = roadmap_id_for(db, ROADMAP)
        for key in STARTED:
            study.set_step_status(db, rid, key, StepStatus.IN_PROGRESS)
        cards.create_card(
            db,
            rid,
            "indexes-transactions-migrations",
            CardDraft(
                "Which isolation level stops **phantom reads**?",
                "`SERIALIZABLE` (PostgreSQL's `REPEATABLE READ` also prevents them).",
            ),
        )
        now = datetime.now(UTC).replace(tzinfo=None)
        options = ReviewOptions()
        step_cards = cards.step_cards(db, rid, "git-in-depth")
        for days_ago, rating in ((40, 3), (39, 3), (30, 3), (12, 2)):
            for card in step_cards:
                review.answer(db, card.id, rating, options, now=now - timedelta(days=days_ago))
    finally:
        db.close()
    return rid


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication
    from screenshots import save, settle

    from roadmap_desktop import APP_NAME
    from roadmap_desktop.services.startup import open_store
    from roadmap_desktop.settings import Settings
    from roadmap_desktop.ui.actions import Scope
    from roadmap_desktop.ui.context import AppContext
    from roadmap_desktop.ui.main_window import MainWindow
    from roadmap_desktop.ui.review.step_questions import StepQuestions
    from roadmap_desktop.ui.widgets.theme import apply_theme

    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName(APP_NAME)
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="roadmap-review-") as tmp:
        for theme in ("light", "dark"):
            apply_theme(app, theme)
            for width, height in SIZES:
                # Fresh data for every shot: the 1440 pass answers every card.
                data_dir = Path(tmp) / f"{theme}-{width}"
                rid = make_review_data(data_dir)
                store = open_store(data_dir, backup=False)
                ctx = AppContext(store.db, store.data_dir, Settings(store.data_dir))
                ctx.settings.theme = theme
                ctx.settings.review_reminded_on = datetime.now().date().isoformat()
                window = MainWindow()
                window.resize(width, height)
                window.attach(ctx, welcome=False)
                window.show()
                window.resize(width, height)
                window.show_scope(Scope.REVIEW)
                window.review.show_answer()
                save(window, f"review-{theme}-{width}.png", OUT)
                if width == 1440:
                    while window.review.card is not None:
                        if not window.review.answer_shown:
                            window.review.show_answer()
                        window.review.grade_good()
                    save(window, f"review-empty-{theme}-1440.png", OUT)
                section = StepQuestions(ctx)
                section.show_step(rid, "indexes-transactions-migrations", "Indexes, transactions")
                section.resize(min(760, width // 2), height // 2 + 120)
                section.setWindowTitle("Questions")
                section.show()
                settle()
                section.rows[0].toggle.click()
                save(section, f"step-questions-{theme}-{width}.png", OUT)
                section.close()
                section.deleteLater()
                QTimer.singleShot(0, window.close)
                settle(50)
                window.deleteLater()
                settle(50)
                ctx.db.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
