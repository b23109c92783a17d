"""The Review page: one card at a time, keyboard-first, scheduled by FSRS.

Space or Enter shows the answer (and, once shown, answers Good); 1–4 grade Again, Hard, Good
and Easy, each button showing its next interval; E edits and S suspends the card; Ctrl+Z (the
app's one undo stack) takes an answer back exactly. The counts line says what is left today;
when nothing is, the page sums up the session or says when the next card is due. The page
refreshes from `ctx.changed` and, while hidden, only marks itself stale.
"""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import QElapsedTimer, Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from roadmap_desktop.services import review
from roadmap_desktop.services.changes import ChangeSet
from roadmap_desktop.services.review_values import QuizScope, ReviewCard
from roadmap_desktop.ui.actions import PAGE_TITLES, Scope
from roadmap_desktop.ui.context import AppContext
from roadmap_desktop.ui.review import card_commands
from roadmap_desktop.ui.review.card_commands import AnswerCommand, review_options
from roadmap_desktop.ui.review.card_dialog import card_sides
from roadmap_desktop.ui.review.due_counts import WATCHED, DueCounts
from roadmap_desktop.ui.review.options_dialog import ReviewOptionsDialog
from roadmap_desktop.ui.review.review_texts import (
    RATING_NAMES,
    counts_text,
    next_due_text,
    summary_text,
)
from roadmap_desktop.ui.widgets.markdown_view import MarkdownView

_GRADE_CSS = "QPushButton { padding: 6px 18px; min-width: 84px; }"


class ReviewPage(QWidget):
    """Review due cards, or quiz one step's cards now."""

    scope = Scope.REVIEW
    title = PAGE_TITLES[Scope.REVIEW]
    commands_changed = Signal()  # which commands can run changed (card shown, answer shown)

    def __init__(
        self, ctx: AppContext, due: DueCounts | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        # The counts line shows the window's due counts (they badge the rail before this page
        # is built); a page on its own keeps its own.
        self.due = due if due is not None else DueCounts(ctx, self)
        self.setObjectName("reviewPage")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.card: ReviewCard | None = None
        self.answer_shown = False
        self.quiz: QuizScope | None = None
        self.quiz_title = ""
        self.session: list[int] = []  # ratings given since the page was opened
        self.session_started: datetime | None = None
        self._summed_up = False  # the summary was shown: the next answer starts a new session
        self.stale = True
        self._pinned: int | None = None
        self._shown_at = QElapsedTimer()

        self.counts_label = QLabel()
        self.counts_label.setAccessibleName("Review counts")
        self.quiz_label = QLabel()
        self.quiz_label.setAccessibleName("Quiz")
        self.end_quiz_button = QToolButton()
        self.end_quiz_button.setText("End Quiz")
        self.end_quiz_button.setToolTip("Back to the cards due today (Esc)")
        self.end_quiz_button.clicked.connect(self.end_quiz)
        self.options_button = QToolButton()
        self.options_button.setText("Options…")
        self.options_button.setToolTip("Desired retention, new cards per day, which steps")
        self.options_button.clicked.connect(self.open_options)
        top = QHBoxLayout()
        top.setSpacing(8)
        top.addWidget(self.counts_label)
        top.addSpacing(16)
        top.addWidget(self.quiz_label)
        top.addWidget(self.end_quiz_button)
        top.addStretch(1)
        top.addWidget(self.options_button)

        self.where = QLabel()
        self.where.setStyleSheet("color: palette(placeholder-text);")
        self.where.setAccessibleName("Card source")
        # One view holds the question and, once shown, a rule and the answer (as in Anki), so
        # a long answer scrolls with its question and a short one leaves no empty box.
        self.card_view = MarkdownView()
        self.card_view.setAccessibleName("Card")
        self.card_view.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        font = self.card_view.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        self.card_view.setFont(font)
        card_panel = QWidget()
        cl = QVBoxLayout(card_panel)
        cl.setContentsMargins(0, 0, 0, 0)
        cl.setSpacing(4)
        cl.addWidget(self.where)
        cl.addWidget(self.card_view, 1)

        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setAccessibleName("Review message")
        self.message.setTextFormat(Qt.TextFormat.RichText)
        self.panels = QStackedWidget()
        self.panels.addWidget(card_panel)
        self.panels.addWidget(self.message)

        self.show_button = QPushButton("Show Answer")
        self.show_button.setToolTip("Show the answer (Space or Enter)")
        self.show_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.show_button.clicked.connect(self.show_answer)
        self.grade_buttons: list[QPushButton] = []
        grades = QWidget()
        gl = QHBoxLayout(grades)
        gl.setContentsMargins(0, 0, 0, 0)
        gl.setSpacing(8)
        gl.addStretch(1)
        for rating, slot in enumerate(
            (self.grade_again, self.grade_hard, self.grade_good, self.grade_easy), start=1
        ):
            button = QPushButton()
            button.setStyleSheet(_GRADE_CSS)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.setToolTip(f"{RATING_NAMES[rating]} ({rating})")
            button.setAccessibleName(RATING_NAMES[rating])
            button.clicked.connect(slot)
            self.grade_buttons.append(button)
            gl.addWidget(button)
        gl.addStretch(1)
        show_row = QWidget()
        sl = QHBoxLayout(show_row)
        sl.setContentsMargins(0, 0, 0, 0)
        sl.addStretch(1)
        sl.addWidget(self.show_button)
        sl.addStretch(1)
        self.bottom = QStackedWidget()
        self.bottom.addWidget(show_row)
        self.bottom.addWidget(grades)
        self.bottom.addWidget(QWidget())
        self.bottom.setFixedHeight(self.grade_buttons[0].sizeHint().height() * 2 + 8)

        column = QWidget()  # one calm column, centred, at a comfortable reading width
        column.setMaximumWidth(900)
        col = QVBoxLayout(column)
        col.setContentsMargins(0, 0, 0, 0)
        col.setSpacing(12)
        col.addLayout(top)
        col.addWidget(self.panels, 1)
        col.addWidget(self.bottom)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 16)
        layout.addStretch(1)
        layout.addWidget(column, 100)
        layout.addStretch(1)

        self.due.changed.connect(self._counts_moved)
        self.due.ticked.connect(self._minute_passed)
        self.due.read_elsewhere = lambda: self.isVisible() or self._pinned is not None
        ctx.changed.connect(self._on_changed)
        # Nothing is read until the page is shown.

    # --- the Page protocol ------------------------------------------------------------------

    def activate(self) -> None:
        """Shown: read what changed while hidden and take the keyboard."""
        if self.stale:
            self.reload()
        self.setFocus()

    def refresh(self) -> None:
        """Read everything again (theme switch, restore)."""
        self.reload()

    # --- commands (zero-argument, run by ui/actions.py) --------------------------------------

    def has_card(self) -> bool:
        """A card is on show."""
        return self.card is not None

    def can_grade(self) -> bool:
        """The answer is on show, so the card can be graded."""
        return self.card is not None and self.answer_shown

    def show_answer(self) -> None:
        """Show the answer; when it is already shown, answer Good (as Space does in Anki)."""
        if self.card is None:
            return
        if self.answer_shown:
            self.grade_good()
            return
        self.answer_shown = True
        self._show_card()
        self.commands_changed.emit()

    def grade_again(self) -> None:
        """Forgot it: the card comes back within minutes."""
        self._grade(1)

    def grade_hard(self) -> None:
        """Remembered with difficulty."""
        self._grade(2)

    def grade_good(self) -> None:
        """Remembered."""
        self._grade(3)

    def grade_easy(self) -> None:
        """Remembered at once: a longer interval."""
        self._grade(4)

    def edit_current(self) -> None:
        """Edit the card on show (undoable)."""
        if self.card is not None:
            card_commands.edit_card(self.ctx, self, self.card)

    def suspend_current(self) -> None:
        """Suspend the card on show: it never comes due until unsuspended (undoable)."""
        if self.card is not None:
            card_commands.set_suspended(self.ctx, self.card.id, True)

    def delete_current(self) -> None:
        """Delete the card on show and its history (undoable)."""
        if self.card is not None:
            card_commands.delete_card(self.ctx, self.card.id)

    def in_quiz(self) -> bool:
        """A step's quiz is running."""
        return self.quiz is not None

    def end_quiz(self) -> None:
        """Leave the quiz and go back to the cards due today."""
        if self.quiz is None:
            return
        self.quiz = None
        self.reload()

    def open_options(self) -> None:
        """Review Options… (retention, new cards per day, which steps)."""
        if ReviewOptionsDialog.ask(self, self.ctx.settings):
            self.reload()

    def show_archived(self) -> None:
        """Archived Cards… (cards whose question or step a roadmap update removed)."""
        from roadmap_desktop.ui.review.archived_dialog import ArchivedCardsDialog

        dialog = ArchivedCardsDialog(self.ctx, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    def export_apkg(self) -> None:
        """Export every card as an Anki package."""
        card_commands.export_cards(self.ctx, self, anki=True)

    def export_text(self) -> None:
        """Export every card as tab-separated text (Anki's Notes in Plain Text)."""
        card_commands.export_cards(self.ctx, self, anki=False)

    def start_quiz(self, roadmap_id: int, step_key: str, step_title: str) -> None:
        """Quiz Me on This Step: that step's cards now, whatever their due time."""
        self.quiz = QuizScope(roadmap_id, step_key)
        self.quiz_title = step_title
        self.session, self.session_started = [], None
        self.reload()

    # --- reading -----------------------------------------------------------------------------

    def reload(self) -> None:
        """Read the counts and the card to show."""
        self.stale = False
        options = review_options(self.ctx)
        self.due.set(self.ctx.read(review.counts, options))
        previous = self.card
        if self._pinned is not None:
            card = self.ctx.read(review.card_for_review, self._pinned, options)
            self._pinned = None
        else:
            card = self.ctx.read(review.next_card, options, self.quiz)
        if card is None:
            self.card = None
            self._show_empty()
        else:
            if previous is None or previous.id != card.id:
                self.answer_shown = False
                self._shown_at.start()
            self.card = card
            self._show_card()
        self._show_top()
        self.commands_changed.emit()

    def _show_top(self) -> None:
        self.counts_label.setText(counts_text(self.due.counts))
        quiz = self.quiz is not None
        self.quiz_label.setVisible(quiz)
        self.end_quiz_button.setVisible(quiz)
        if quiz:
            self.quiz_label.setText(f"Quiz: <b>{_escape(self.quiz_title)}</b>")

    def _show_card(self) -> None:
        card = self.card
        assert card is not None
        _show(self.panels, 0)
        self.where.setText(" · ".join(t for t in (card.roadmap_title, card.step_title) if t))
        question, answer = card_sides(card.front_md, card.back_md)
        if self.answer_shown:
            shown = f"{question}\n\n---\n\n{answer or '*(no answer written)*'}"
            self.card_view.set_markdown(shown)
            for button, rating in zip(self.grade_buttons, range(1, 5), strict=True):
                interval = card.intervals[rating - 1] if card.intervals else ""
                button.setText(f"{RATING_NAMES[rating]}\n{interval}")
            _show(self.bottom, 1)
        else:
            self.card_view.set_markdown(question)
            _show(self.bottom, 0)

    def _show_empty(self) -> None:
        _show(self.panels, 1)
        _show(self.bottom, 2)
        now = datetime.now(UTC).replace(tzinfo=None)
        if self.quiz is not None:
            text = summary_text(self.session, self.session_started, now, quiz=self.quiz_title)
            self.quiz = None
            self.session, self.session_started = [], None
            self.message.setText(text)
            return
        upcoming = self.ctx.read(review.next_due_time, review_options(self.ctx))
        next_line = next_due_text(upcoming, now)
        if self.session:
            self._summed_up = True
            self.message.setText(
                summary_text(self.session, self.session_started, now) + f"<p>{next_line}</p>"
            )
        else:
            self.message.setText(f"<h2>All caught up</h2><p>{next_line}</p>")

    # --- writing -----------------------------------------------------------------------------

    def _grade(self, rating: int) -> None:
        if not self.can_grade():
            return
        assert self.card is not None
        if self._summed_up:
            self.session, self.session_started, self._summed_up = [], None, False
        if self.session_started is None:
            self.session_started = datetime.now(UTC).replace(tzinfo=None)
        elapsed = self._shown_at.elapsed() if self._shown_at.isValid() else None
        if self.quiz is not None:
            self.quiz = QuizScope(
                self.quiz.roadmap_id, self.quiz.step_key, self.quiz.exclude | {self.card.id}
            )
        self.session.append(rating)
        card_id = self.card.id
        # The same card may come straight back (a learning step): show it afresh.
        self.card, self.answer_shown = None, False
        command = AnswerCommand(
            self.ctx,
            card_id,
            rating,
            review_options(self.ctx),
            min(elapsed, 3_600_000) if elapsed is not None else None,
            self._answer_undone,
        )
        self.ctx.undo_stack.push(command)
        if command.failed:
            self.session.pop()
            self.reload()

    def _answer_undone(self, card_id: int, rating: int) -> None:
        """An answer is being undone: show that card again, answer hidden."""
        if rating in self.session:
            # The last matching rating of this session goes (undo runs newest first).
            del self.session[len(self.session) - 1 - self.session[::-1].index(rating)]
        if self.quiz is not None:
            self.quiz = QuizScope(
                self.quiz.roadmap_id, self.quiz.step_key, self.quiz.exclude - {card_id}
            )
        self._pinned = card_id
        self._summed_up = False  # the session goes on
        self.card = None  # the same card returns as new: its answer hidden
        self.stale = True

    def _on_changed(self, change: ChangeSet) -> None:
        """Shown (or an undone answer to show again): read the counts and the card now;
        hidden: later (the window's DueCounts keeps the counts current meanwhile)."""
        if not change.touches(*WATCHED):
            return
        if self.isVisible() or self._pinned is not None:
            self.reload()
        else:
            self.stale = True

    def _counts_moved(self, _total: int) -> None:
        """The counts moved (a minute passed, or a change while hidden): the counts line
        follows."""
        self._show_top()

    def _minute_passed(self) -> None:
        """A page waiting with nothing to show looks again: a learning card may have come due,
        or close enough to show ahead."""
        if self.isVisible() and self.card is None:
            self.reload()


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _show(stack: QStackedWidget, index: int) -> None:
    """Switch a stack only when needed (a switch relayouts the page)."""
    if stack.currentIndex() != index:
        stack.setCurrentIndex(index)
