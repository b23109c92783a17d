"""The step detail pane: title and status, the rendered guide, the topic checklist, notes."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListView,
    QSplitter,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from roadmap_desktop.core.enums import StepKind, StepStatus
from roadmap_desktop.core.errors import NotFoundError
from roadmap_desktop.core.formatting import (
    format_date,
    format_hours,
    format_minutes,
)
from roadmap_desktop.services import queries
from roadmap_desktop.services.changes import ChangeKind, ChangeSet
from roadmap_desktop.services.snapshots import StepDetail
from roadmap_desktop.ui.context import AppContext
from roadmap_desktop.ui.roadmap.notes_editor import NotesEditor
from roadmap_desktop.ui.roadmap.step_choice import ChoiceBar
from roadmap_desktop.ui.roadmap.step_resources import StepResourcesBox
from roadmap_desktop.ui.undo import SetStatusCommand, TickTopicCommand
from roadmap_desktop.ui.widgets.checklist_model import ChecklistModel
from roadmap_desktop.ui.widgets.icons import STATUS_LABELS, status_icon
from roadmap_desktop.ui.widgets.markdown_view import MarkdownView
from roadmap_desktop.ui.widgets.theme import make_heading

_Index = QModelIndex | QPersistentModelIndex
WIDE_DETAIL = 880  # from this pane width on, topics and resources sit beside the guide
STATUS_ORDER = (StepStatus.TODO, StepStatus.IN_PROGRESS, StepStatus.DONE, StepStatus.SKIPPED)
STATUS_BUTTON_CSS = """
QToolButton { border: 1px solid palette(mid); border-radius: 4px; padding: 3px 10px 3px 6px;
              background: palette(button); }
QToolButton:hover { border-color: palette(highlight); }
QToolButton:checked { background: palette(highlight); color: palette(highlighted-text);
                      border-color: palette(highlight); }
"""


class TopicModel(ChecklistModel):
    """A step's checklist of TopicRows."""

    def text(self, row: Any) -> str:
        return str(row.text)

    def checked(self, row: Any) -> bool:
        return bool(row.done)

    def identity(self, row: Any) -> Any:
        return row.key


class StepDetailPane(QWidget):
    """Everything about one step; refreshes itself from the context's change signal."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.detail: StepDetail | None = None
        self.timing_this = False  # the study timer runs on the shown step
        self.logged_minutes = 0  # study time logged on the shown step

        self.title = QLabel()
        self.title.setWordWrap(True)
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        make_heading(self.title, 1.35)
        self.title.setAccessibleName("Step title")
        self.meta = QLabel()
        self.meta.setStyleSheet("color: palette(placeholder-text);")
        self.meta.setWordWrap(True)

        self.status_group = QButtonGroup(self)
        self.status_group.setExclusive(True)
        status_row = QHBoxLayout()
        status_row.setSpacing(4)
        for number, status in enumerate(STATUS_ORDER, start=1):
            button = QToolButton()
            button.setText(STATUS_LABELS[status] if status != StepStatus.SKIPPED else "Skip")
            button.setIcon(status_icon(status))
            button.setCheckable(True)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
            button.setToolTip(f"Mark this step {STATUS_LABELS[status].lower()} ({number})")
            button.setAccessibleName(f"Status {STATUS_LABELS[status]}")
            self.status_group.addButton(button, number - 1)
            status_row.addWidget(button)
        status_row.addStretch(1)
        self.timer_button = QToolButton()
        self.timer_button.setText("Start Timer")
        self.timer_button.setToolTip("Time your study of this step (shown in the status bar)")
        self.timer_button.clicked.connect(self.start_timer)
        self.plan_button = QToolButton()
        self.plan_button.setText("Plan This…")
        self.plan_button.setToolTip("Put this step in your weekly planner")
        self.plan_button.clicked.connect(self.plan_this)
        self.log_button = QToolButton()
        self.log_button.setText("Log Time…")
        self.log_button.setToolTip("Record study you did away from the computer")
        self.log_button.clicked.connect(self.log_time)
        # Time and planning actions sit on the meta line, so the status buttons keep their
        # room at 1024 px.
        self.meta_row = QHBoxLayout()
        self.meta_row.setSpacing(4)
        self.meta_row.addWidget(self.meta, 1)
        for extra in (self.timer_button, self.plan_button, self.log_button):
            extra.setStyleSheet(STATUS_BUTTON_CSS)
            self.meta_row.addWidget(extra)
        for status_button in self.status_group.buttons():
            status_button.setStyleSheet(STATUS_BUTTON_CSS)
        self.status_group.idClicked.connect(lambda i: self.set_status(STATUS_ORDER[i]))

        self.choice = ChoiceBar()  # "One of N: …" and Choose This One, for a group's option
        self.guide = MarkdownView()
        self.guide.setAccessibleName("Step guide")
        self.topics_label = QLabel()
        self.topics_label.setWordWrap(True)  # a third of a 1024 px window: wrap, never clip
        self.topic_model = TopicModel(self)
        self.topic_model.toggle_requested.connect(
            lambda topic, on: self._tick(topic.key, topic.text, on)
        )
        self.topic_view = QListView()
        self.topic_view.setModel(self.topic_model)
        self.topic_view.setAccessibleName("Topic checklist")
        self.topic_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.topic_view.setFrameShape(QFrame.Shape.StyledPanel)
        # A long topic wraps in the narrow column of a 1024 px window instead of running under
        # a horizontal scroll bar (a step has a handful of topics: sizing each costs nothing).
        self.topic_view.setWordWrap(True)
        self.topic_view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.topic_view.setSpacing(1)
        topics_box = QWidget()
        tl = QVBoxLayout(topics_box)
        tl.setContentsMargins(0, 8, 0, 0)
        tl.setSpacing(6)
        tl.addWidget(self.topics_label)
        tl.addWidget(self.topic_view)
        tl.addStretch(1)
        self.topics_box = topics_box

        self.notes = NotesEditor(ctx)
        self.notes.escaped.connect(self.guide.setFocus)
        self.resources = StepResourcesBox(ctx)
        # The guide is the main content. Topics and resources sit in a side column beside it
        # (the guide's reading width leaves that room on wide windows; drag the handle to the
        # right edge to hide the column), the note folds away below. Sizes and folds are kept.
        self.middle = QSplitter(Qt.Orientation.Vertical)
        self.middle.setChildrenCollapsible(False)
        self.middle.addWidget(topics_box)
        self.middle.addWidget(self.resources)
        from roadmap_desktop.ui.review.step_questions import StepQuestions

        self.questions = StepQuestions(ctx)  # answers hidden, New Card…, Quiz Me on This Step
        self.middle.addWidget(self.questions)
        self.middle.setObjectName("detail_middle_splitter")
        self.body = QSplitter(Qt.Orientation.Horizontal)
        self.body.addWidget(self.guide)
        self.body.addWidget(self.middle)
        self.body.setCollapsible(0, False)
        self.body.setStretchFactor(0, 1)
        self.body.setStretchFactor(1, 0)
        self.body.setSizes([640, 300])
        self.body.setObjectName("detail_body_splitter")
        self.guide.setMinimumWidth(320)
        self.guide.setMinimumHeight(140)

        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.body)
        self.splitter.addWidget(self.notes)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 0)
        self.splitter.setObjectName("detail_splitter")
        self._restore_layout()
        self.notes.open_changed.connect(self._notes_folded)
        for splitter in (self.body, self.splitter):
            splitter.splitterMoved.connect(self._save_layout)

        content = QWidget()
        cl = QVBoxLayout(content)
        cl.setContentsMargins(16, 12, 16, 12)
        cl.setSpacing(6)
        cl.addWidget(self.title)
        cl.addLayout(self.meta_row)
        cl.addSpacing(2)
        cl.addLayout(status_row)
        cl.addWidget(self.choice)
        cl.addSpacing(4)
        cl.addWidget(self.splitter, 1)

        self.empty = QLabel("Select a step to see what to learn, tick its topics and keep notes.")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.empty.setStyleSheet("color: palette(placeholder-text); padding: 24px;")
        self.stack = QStackedWidget()
        self.stack.addWidget(self.empty)
        self.stack.addWidget(content)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.stack)

        ctx.changed.connect(self._on_changed)

    # --- layout ------------------------------------------------------------------------------

    def resizeEvent(self, event: QResizeEvent) -> None:
        # Wide: topics and resources beside the guide (its reading width leaves that room).
        # Narrow (1024 px windows): below it, side by side, so the guide keeps its width.
        wide = event.size().width() >= WIDE_DETAIL
        if wide != (self.body.orientation() == Qt.Orientation.Horizontal):
            self.body.setOrientation(Qt.Orientation.Horizontal if wide else Qt.Orientation.Vertical)
            self.middle.setOrientation(
                Qt.Orientation.Vertical if wide else Qt.Orientation.Horizontal
            )
            state = self.ctx.settings.window_state("detail_body" if wide else "detail_body_narrow")
            if state is not None:
                self.body.restoreState(state)
                self.body.setOrientation(
                    Qt.Orientation.Horizontal if wide else Qt.Orientation.Vertical
                )
            elif wide:
                self.body.setSizes([max(event.size().width() - 300, 320), 300])
            else:
                self.body.setSizes([300, 130])
            self.body.setStretchFactor(0, 1)
            self.body.setStretchFactor(1, 0)
        super().resizeEvent(event)

    def _restore_layout(self) -> None:
        settings = self.ctx.settings
        self.notes.set_open(settings.section_open("notes", default=False))
        self._notes_folded(self.notes.is_open())

    def _save_layout(self) -> None:
        settings = self.ctx.settings
        wide = self.body.orientation() == Qt.Orientation.Horizontal
        settings.set_window_state(
            "detail_body" if wide else "detail_body_narrow", self.body.saveState()
        )
        if self.notes.is_open():
            settings.set_window_state("detail_notes_open", self.splitter.saveState())

    def _notes_folded(self, shown: bool) -> None:
        """A folded note keeps only its header line; unfolded it gets back its last height."""
        self.ctx.settings.set_section_open("notes", shown)
        if shown:
            self.notes.setMaximumHeight(16_777_215)
            state = self.ctx.settings.window_state("detail_notes_open")
            if state is not None:
                self.splitter.restoreState(state)
            total = max(sum(self.splitter.sizes()), 300)
            # The guide stays the main content: an open note takes at most 40 % of the height
            # (a height saved on a bigger window is scaled down), 200 px when never sized.
            notes = min(self.splitter.sizes()[1] if state is not None else 200, int(total * 0.4))
            self.splitter.setSizes([total - notes, notes])
        else:
            if self.splitter.sizes()[1] > self.notes.header_height() + 4:
                self.ctx.settings.set_window_state("detail_notes_open", self.splitter.saveState())
            self.notes.setMaximumHeight(self.notes.header_height())

    # --- showing -----------------------------------------------------------------------------

    def card_from_selection(self, *, cloze: bool) -> None:
        """Make Card From Selection: the note's selected text becomes a card's answer (or a
        cloze gap in its paragraph); the card dialog opens to finish it."""
        from roadmap_desktop.ui.review.card_commands import make_card_from_selection

        detail = self.detail
        if detail is None:
            return
        cursor = self.notes.editor.textCursor()
        make_card_from_selection(
            self.ctx,
            self,
            detail.roadmap_id,
            detail.key,
            detail.title,
            self.notes.editor.toPlainText(),
            cursor.selectionStart(),
            cursor.selectionEnd(),
            cloze=cloze,
        )

    def show_step(self, roadmap_id: int | None, step_key: str | None) -> None:
        """Show a step (or the empty state when step_key is None)."""
        if roadmap_id is None or step_key is None:
            self.detail = None
            self.notes.clear()
            self.stack.setCurrentIndex(0)
            return
        same = self.detail is not None and (self.detail.roadmap_id, self.detail.key) == (
            roadmap_id,
            step_key,
        )
        detail = self.ctx.read(queries.step_detail, roadmap_id, step_key)
        self.detail = detail
        self.stack.setCurrentIndex(1)
        self._read_time(detail)
        self._show_header(detail)
        self.choice.show_group(detail.group, detail.key)
        self.topic_model.set_rows(detail.topics)
        self._show_topics_label(detail)
        self._fit_topics(len(detail.topics))
        if not same:
            self.guide.set_markdown(detail.body_md)
            self.guide.verticalScrollBar().setValue(0)
            self.notes.load(roadmap_id, step_key, detail.note_md, detail.note_updated_at)
            self.topics_box.setVisible(bool(detail.topics))
            from roadmap_desktop.services.library_snapshots import StepRef

            self.resources.show_step(
                StepRef(roadmap_id, detail.roadmap_title, step_key, detail.title)
            )
            self.questions.show_step(roadmap_id, step_key, detail.title)

    def _show_header(self, detail: StepDetail) -> None:
        self.title.setText(detail.title)
        parts = [detail.phase_title]
        if detail.kind != StepKind.TOPIC:
            parts.append(detail.kind.value.capitalize())
        parts.append(f"≈ {format_hours(detail.hours)}")
        self.timer_button.setText("Stop Timer" if self.timing_this else "Start Timer")
        logged = self.logged_minutes
        if logged:
            parts.append(f"{format_minutes(logged)} studied")
        if detail.status == StepStatus.DONE and detail.done_at:
            parts.append(f"done {format_date(detail.done_at)}")
        elif detail.started_at:
            parts.append(f"started {format_date(detail.started_at)}")
        # Each part keeps its words together: a wrapped line never strands a lone word.
        self.meta.setText("  ·  ".join(p.replace(" ", "\u00a0") for p in parts))
        button = self.status_group.button(STATUS_ORDER.index(detail.status))
        button.setChecked(True)

    def _read_time(self, detail: StepDetail) -> None:
        """Whether the study timer runs on this step and the minutes logged on it (read when
        the step is shown and when study time changes, not on every tick)."""
        self.timing_this, self.logged_minutes = self.ctx.read(
            queries.step_study, detail.roadmap_id, detail.key
        )

    def _refresh_progress(self, detail: StepDetail) -> None:
        """The shown step's status or ticks changed: re-read just those and redraw the header
        and the checklist (the guide, notes and resources stay as they are)."""
        state, ticked = self.ctx.read(queries.step_state, detail.roadmap_id, detail.key)
        detail = replace(
            detail,
            status=state.status,
            started_at=state.started_at,
            done_at=state.done_at,
            topics=tuple(replace(t, done=t.key in ticked) for t in detail.topics),
        )
        if detail.group is not None:  # the pick may have moved
            detail = replace(
                detail, group=self.ctx.read(queries.step_group, detail.roadmap_id, detail.key)
            )
            self.choice.show_group(detail.group, detail.key)
        self.detail = detail
        self._show_header(detail)
        self.topic_model.set_rows(detail.topics)
        self._show_topics_label(detail)

    def _fit_topics(self, rows: int) -> None:
        """Let the checklist take only the room its rows need; the resources get the rest."""
        row_h = max(self.topic_view.sizeHintForRow(0), self.fontMetrics().height() + 4)
        frame = 2 * self.topic_view.frameWidth() + 6
        self.topic_view.setMaximumHeight(max(rows, 1) * (row_h + 2) + frame)

    def _show_topics_label(self, detail: StepDetail) -> None:
        done = sum(t.done for t in detail.topics)
        self.topics_label.setText(f"<b>Topics</b>  ·  {done} of {len(detail.topics)} ticked")

    # --- actions -----------------------------------------------------------------------------

    def set_status(self, status: StepStatus) -> None:
        """Change the shown step's status (undoable)."""
        if self.detail is None or self.detail.status == status:
            if self.detail is not None:
                self._show_header(self.detail)
            return
        self.ctx.undo_stack.push(
            SetStatusCommand(
                self.ctx, self.detail.roadmap_id, self.detail.key, self.detail.title, status
            )
        )

    def start_timer(self) -> None:
        """Start the study timer on this step."""
        from roadmap_desktop.services import planner

        if self.detail is None:
            return
        if self.timing_this:
            from roadmap_desktop.ui.planner.study_timer import stop_and_report

            stop_and_report(self.ctx)
        else:
            detail = self.detail
            if self.ctx.apply(planner.start_timer, detail.roadmap_id, detail.key) is not None:
                began = detail.status == StepStatus.TODO
                self.ctx.message.emit(
                    f"Timing “{detail.title}”" + (", now marked in progress" if began else "")
                )

    def plan_this(self) -> None:
        """Add a block for this step to the planner (undoable)."""
        from datetime import date

        from roadmap_desktop.ui.planner.planner_dialogs import BlockDialog
        from roadmap_desktop.ui.planner.planner_page import push_add_block

        detail = self.detail
        if detail is None:
            return
        values = BlockDialog.ask(
            self,
            day=date.today(),
            minutes=60,
            start=None,
            title="",
            step_title=detail.title,
            done=False,
            new=True,
        )
        if values is None:
            return

        push_add_block(
            self.ctx,
            f"Plan “{detail.title}”",
            values["day"],
            values["minutes"],
            roadmap_id=detail.roadmap_id,
            step_key=detail.key,
            start_time=values["start_time"],
        )

    def log_time(self) -> None:
        """Record study time for this step."""
        from roadmap_desktop.services import planner
        from roadmap_desktop.ui.commands import push
        from roadmap_desktop.ui.planner.planner_dialogs import LogTimeDialog

        detail = self.detail
        if detail is None:
            return
        answer = LogTimeDialog.ask(self, detail.title)
        if answer is None:
            return
        started, minutes, note = answer
        command = push(
            self.ctx,
            f"Log {format_minutes(minutes)}",
            lambda db: planner.log_time(db, detail.roadmap_id, detail.key, started, minutes, note),
            lambda db, session_id: planner.delete_session(db, session_id)[1],
        )
        if not command.failed:
            self.ctx.message.emit(f"Logged {format_minutes(minutes)} on “{detail.title}”")

    def _tick(self, topic_key: str, text: str, ticked: bool) -> None:
        if self.detail is not None:
            self.ctx.undo_stack.push(
                TickTopicCommand(
                    self.ctx, self.detail.roadmap_id, self.detail.key, topic_key, text, ticked
                )
            )

    def _on_changed(self, change: ChangeSet) -> None:
        if self.detail is None:
            return
        if change.roadmap_id is None and not change.step_keys and change.touches(ChangeKind.NOTE):
            # Notes changed outside this window (a sync round): merge into the open note.
            try:
                stored = queries.step_detail(self.ctx.db, self.detail.roadmap_id, self.detail.key)
            except NotFoundError:  # the step itself went away; the page re-selects
                pass
            else:
                self.notes.merge_external(stored.note_md, stored.note_updated_at)
        if change.touches(ChangeKind.TIME):  # the timer may have moved to or from this step
            self._read_time(self.detail)
            self._show_header(self.detail)
        if change.roadmap_id != self.detail.roadmap_id:
            return
        if change.touches(ChangeKind.ROADMAPS):
            self.detail = None
            return
        if self.detail.key in change.step_keys and change.touches(
            ChangeKind.STATUS, ChangeKind.TOPICS
        ):
            self._refresh_progress(self.detail)
