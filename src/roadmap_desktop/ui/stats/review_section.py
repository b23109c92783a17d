"""The Reviews part of the Stats page: answers per day, true retention and cards coming due."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from roadmap_desktop.services.stats_reviews import RETENTION_DAYS
from roadmap_desktop.services.stats_values import ReviewStats
from roadmap_desktop.ui.stats.review_charts import AnswersChart, DueChart

EMPTY = (
    "No reviews yet — make cards from a step's Questions section (or start a step that has "
    "practice questions), then review them on the Review page (Ctrl+4)."
)


def _section(title: str) -> QLabel:
    return QLabel(f"<b>{title}</b>")


def retention_text(stats: ReviewStats, aim: float) -> tuple[str, str]:
    """The retention box as rich text, and its tooltip (the definition and the figures)."""
    passed, failed = stats.retention_passed, stats.retention_failed
    definition = (
        "<b>True retention</b> is the share of your answers to cards in review — cards you had "
        "already learned, not new cards and not learning or relearning steps — that were Hard, "
        f"Good or Easy rather than Again, over the last {RETENTION_DAYS} days (today included). "
        f"FSRS schedules reviews for the retention set in Review Options: {aim:.0%}."
    )
    if stats.retention is None:
        text = (
            f"<b>True retention</b>, last {RETENTION_DAYS} days: no review answers yet — it shows "
            "once cards you learned come back for review."
        )
        return text, definition
    text = (
        f"<b>True retention</b>, last {RETENTION_DAYS} days: "
        f"<span style='font-size:large'><b>{stats.retention:.1%}</b></span> · aim {aim:.0%}<br>"
        f"{passed:,} of {passed + failed:,} review answers were not Again."
    )
    return text, f"{definition}<br><br>{passed:,} passed, {failed:,} Again."


def summary_text(stats: ReviewStats) -> str:
    """'6,389 answers in the last 30 days (213 a day) · 2,486 cards due in the next 30'."""
    total = sum(d.total for d in stats.answers)
    days = len(stats.answers)
    average = total / days if days else 0.0
    pace = f"{average:.0f}" if average >= 10 else f"{average:.1f}"
    ahead = sum(d.cards for d in stats.due)
    return (
        f"{total:,} answers in the last {days} days ({pace} a day) · "
        f"{ahead:,} card{'' if ahead == 1 else 's'} due in the next {len(stats.due)}"
    )


class ReviewSection(QWidget):
    """Heading, period choice, answers chart, retention box and due chart; an empty state."""

    period_changed = Signal(int)  # days: 30 or 90

    def __init__(self, days: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Review statistics")
        self.period = QComboBox()
        self.period.setAccessibleName("Days in the answers chart")
        self.period.addItem("Last 30 days", 30)
        self.period.addItem("Last 90 days", 90)
        self.period.setCurrentIndex(1 if days == 90 else 0)
        self.period.currentIndexChanged.connect(
            lambda _i: self.period_changed.emit(int(self.period.currentData()))
        )
        self.summary = QLabel()
        self.summary.setStyleSheet("color: palette(placeholder-text);")
        head = QHBoxLayout()
        head.setSpacing(8)
        head.addWidget(_section("Reviews"))
        head.addSpacing(8)
        head.addWidget(self.period)
        head.addStretch(1)
        head.addWidget(self.summary)

        self.answers = AnswersChart()
        self.due = DueChart()
        self.retention = QLabel()
        self.retention.setWordWrap(True)
        self.retention.setTextFormat(Qt.TextFormat.RichText)
        self.retention.setAccessibleName("True retention")
        self.retention.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        box = QFrame()
        box.setObjectName("retentionBox")
        box.setStyleSheet(
            "QFrame#retentionBox { background: palette(alternate-base); border-radius: 6px; }"
        )
        bl = QVBoxLayout(box)
        bl.setContentsMargins(12, 10, 12, 10)
        bl.addWidget(self.retention)

        left = QVBoxLayout()
        left.setSpacing(6)
        left.addWidget(_section("Answers per day"))
        left.addWidget(self.answers, 1)
        right = QVBoxLayout()
        right.setSpacing(6)
        right.addWidget(box)
        right.addSpacing(4)
        right.addWidget(_section("Due in the next 30 days"))
        right.addWidget(self.due, 1)
        self.body = QWidget()
        columns = QHBoxLayout(self.body)
        columns.setContentsMargins(0, 0, 0, 0)
        columns.setSpacing(16)
        columns.addLayout(left, 1)
        columns.addLayout(right, 1)

        self.empty = QLabel(EMPTY)
        self.empty.setWordWrap(True)
        self.empty.setStyleSheet("color: palette(placeholder-text);")
        self.empty.setAccessibleName("No reviews yet")
        self.empty.hide()
        self.loading = QLabel("Reading your reviews…")
        self.loading.setStyleSheet("color: palette(placeholder-text);")

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addLayout(head)
        layout.addWidget(self.loading)
        layout.addWidget(self.empty)
        layout.addWidget(self.body)
        self.body.hide()
        self.stats: ReviewStats | None = None

    def days(self) -> int:
        """Days the answers chart shows."""
        return int(self.period.currentData())

    def set_stats(self, stats: ReviewStats, aim: float) -> None:
        """Show the figures (or the empty state when nothing was ever reviewed)."""
        self.stats = stats
        self.loading.hide()
        self.empty.setVisible(stats.empty)
        self.body.setVisible(not stats.empty)
        self.period.setEnabled(not stats.empty)
        self.summary.setText("" if stats.empty else summary_text(stats))
        self.answers.set_days(stats.answers)
        self.due.set_due(stats.due, stats.overdue)
        text, tip = retention_text(stats, aim)
        self.retention.setText(text)
        self.retention.setToolTip(tip)
        self.retention.setAccessibleDescription(tip.replace("<b>", "").replace("</b>", ""))
