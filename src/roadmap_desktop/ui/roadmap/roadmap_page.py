"""The roadmap page: the phase timeline on top, the phase's steps left, the step detail right."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

from PySide6.QtCore import QEvent, QItemSelectionModel, QModelIndex, QObject, Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHeaderView,
    QLabel,
    QScrollArea,
    QSplitter,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from roadmap_desktop.core.enums import StepStatus
from roadmap_desktop.core.formatting import format_hours
from roadmap_desktop.core.planner import ScheduleProjection
from roadmap_desktop.services import overview_math, queries
from roadmap_desktop.services.changes import ChangeKind, ChangeSet
from roadmap_desktop.services.snapshots import RoadmapOverview
from roadmap_desktop.ui.actions import PAGE_TITLES, A, Scope
from roadmap_desktop.ui.context import AppContext
from roadmap_desktop.ui.roadmap.phase_model import ROLE_KEY, PhaseModel, StepModel
from roadmap_desktop.ui.roadmap.step_detail import StepDetailPane
from roadmap_desktop.ui.roadmap.step_filter import StepFilter, matching_steps
from roadmap_desktop.ui.roadmap.timeline_view import TimelineView, week_position
from roadmap_desktop.ui.undo import SetStatusCommand
from roadmap_desktop.ui.widgets.check_style import paint_without_check_hook
from roadmap_desktop.ui.widgets.markdown_view import MarkdownView
from roadmap_desktop.ui.widgets.theme import is_dark, make_heading

LATE_AFTER_DAYS = 7
# Content or schedule changes reload the roadmap; ticks, statuses and notes update their rows;
# library edits and study time change nothing here (the detail pane refreshes alone).
RELOAD_ON = (ChangeKind.ROADMAPS, ChangeKind.SCHEDULE)
ROW_KINDS = (ChangeKind.STATUS, ChangeKind.TOPICS, ChangeKind.NOTE)


class RoadmapPage(QWidget):
    """Shows one roadmap; reloads its overview whenever the context reports a change."""

    overview_changed = Signal(object)  # RoadmapOverview
    scope = Scope.ROADMAP
    title = PAGE_TITLES[Scope.ROADMAP]

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.overview: RoadmapOverview | None = None
        self.projected_finish: date | None = None  # from the planner (availability or weekly hours)
        self.today = date.today()
        self._pace: tuple[int, date, bool] = (0, self.today, False)  # for the projection
        self._stale = False  # a change arrived while hidden that needs a reload
        self._where: dict[str, int] = {}  # step key → phase row of the shown overview
        self._about_shown: tuple[str, bool] = ("", False)  # phase summary shown, dark or not

        self.phase_model = PhaseModel(self)
        self.timeline = TimelineView(self.phase_model)
        self.timeline.phase_activated.connect(self._phase_chosen)
        scroller = QScrollArea()
        scroller.setWidget(self.timeline)
        scroller.setWidgetResizable(True)
        scroller.setFrameShape(QFrame.Shape.NoFrame)
        scroller.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        scroller.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroller.setFixedHeight(self.timeline.sizeHint().height() + 14)
        self.timeline_scroller = scroller

        self.phase_title = QLabel()
        make_heading(self.phase_title, 1.1)
        self.phase_title.setWordWrap(True)
        self.phase_meta = QLabel()
        self.phase_meta.setStyleSheet("color: palette(placeholder-text);")
        self.phase_meta.setWordWrap(True)

        self.step_model = StepModel(self)
        self.step_view = QTreeView()
        self.step_view.setModel(self.step_model)
        self.step_view.setRootIsDecorated(False)
        self.step_view.setUniformRowHeights(True)
        self.step_view.setAlternatingRowColors(True)
        self.step_view.setAllColumnsShowFocus(True)
        self.step_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.step_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.step_view.setAccessibleName("Steps of the phase")
        paint_without_check_hook(self.step_view)
        header = self.step_view.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        # Effort and topics are as wide as their widest text in the phase, measured here from
        # the texts (ResizeToContents would ask the model for every role of every visible row
        # on each change: a few milliseconds per phase switch or tick on a slow machine).
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Fixed)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Fixed)
        self._text_widths: dict[str, int] = {}
        self.step_view.installEventFilter(self)
        self.step_view.selectionModel().currentRowChanged.connect(self._step_chosen)
        self.step_view.activated.connect(self._open_step)

        self.filter = StepFilter()
        self.filter.textChanged.connect(self._filter_changed)
        self.filter.to_list.connect(self._filter_to_list)

        left = QWidget()
        ll = QVBoxLayout(left)
        ll.setContentsMargins(16, 12, 8, 12)
        ll.setSpacing(4)
        ll.addWidget(self.filter)
        ll.addWidget(self.phase_title)
        ll.addWidget(self.phase_meta)
        ll.addSpacing(6)
        ll.addWidget(self.step_view, 3)
        # Below a short step list: what the phase is about, instead of an empty white box.
        self.phase_about = MarkdownView()
        self.phase_about.setAccessibleName("About this phase")
        self.phase_about.document().setDocumentMargin(4)
        ll.addSpacing(8)
        ll.addWidget(self.phase_about, 1)
        self.step_model.modelReset.connect(self._fit_step_list)
        self.step_model.layoutChanged.connect(self._fit_step_list)
        self.step_model.dataChanged.connect(self._fit_columns)

        self.detail = StepDetailPane(ctx)
        self.detail.choice.option_activated.connect(self.select_step)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.detail)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 5)
        self.splitter.setSizes([340, 860])
        left.setMinimumWidth(260)
        self.detail.setMinimumWidth(420)

        line = QFrame()
        line.setFrameShape(QFrame.Shape.HLine)
        line.setFrameShadow(QFrame.Shadow.Sunken)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(scroller)
        layout.addWidget(line)
        layout.addWidget(self.splitter, 1)

        ctx.changed.connect(self._on_changed)

    def _fit_step_list(self) -> None:
        """The step list is as tall as its rows (the phase's summary fills the rest)."""
        self._fit_columns()
        rows = self.step_model.rowCount()
        row_h = self.step_view.sizeHintForRow(0) if rows else self.fontMetrics().height() + 6
        header = self.step_view.header().sizeHint().height()
        frame = 2 * self.step_view.frameWidth()
        self.step_view.setMaximumHeight(header + frame + max(rows, 1) * max(row_h, 1) + 4)

    def _fit_columns(self, *_: object) -> None:
        """Effort and topics columns as wide as their widest cell (or their header)."""
        model, view = self.step_model, self.step_view
        header = view.header()
        widths = self._text_widths
        measure = view.fontMetrics().horizontalAdvance
        for column in (1, 2):
            texts = model.column_texts(column)
            for text in set(texts).difference(widths):
                widths[text] = measure(text)
            widest_row = max(range(len(texts)), key=lambda r: widths[texts[r]], default=-1)
            cell = (
                view.sizeHintForIndex(model.index(widest_row, column)).width()
                if widest_row >= 0
                else 0
            )
            size = max(cell, header.sectionSizeHint(column))
            if header.sectionSize(column) != size:
                header.resizeSection(column, size)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.step_view and event.type() in (
            QEvent.Type.FontChange,
            QEvent.Type.StyleChange,
        ):
            self._text_widths.clear()
            self._fit_columns()
        return super().eventFilter(watched, event)

    def _open_step(self, _index: QModelIndex) -> None:
        """Enter on a step: move to its guide."""
        self.detail.guide.setFocus()

    # --- the Page protocol -----------------------------------------------------------------

    def activate(self) -> None:
        """Focus the step list."""
        self.step_view.setFocus()

    def refresh(self) -> None:
        """Draw the shown step again (a theme switch changes the guide's colours)."""
        detail = self.detail.detail
        if detail is not None:
            self.detail.detail = None
            self.detail.show_step(detail.roadmap_id, detail.key)

    def attach_buttons(self, binder: Any) -> None:
        """The step pane's buttons run the registry's commands."""
        detail = self.detail
        for button, command in (
            (detail.timer_button, A.START_TIMER),
            (detail.plan_button, A.PLAN_STEP),
            (detail.log_button, A.LOG_TIME),
            (detail.resources.add_button, A.STEP_ADD_RESOURCE),
            (detail.resources.link_button, A.STEP_LINK_RESOURCE),
            (detail.questions.new_button, A.NEW_CARD),
            (detail.questions.quiz_button, A.QUIZ_STEP),
            (detail.choice.choose_button, A.CHOOSE_ALTERNATIVE),
        ):
            button.clicked.disconnect()
            button.clicked.connect(lambda _checked=False, c=command: binder.trigger(c))
        # Right-click in the note: the editor's own menu plus Make Card / Cloze From Selection.
        editor = detail.notes.editor
        editor.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        editor.customContextMenuRequested.connect(lambda pos: self._note_menu(binder, editor, pos))

    def _note_menu(self, binder: Any, editor: Any, pos: Any) -> None:
        menu = editor.createStandardContextMenu()
        menu.addSeparator()
        binder.refresh_enabled()
        menu.addAction(binder.action(A.MAKE_CARD))
        menu.addAction(binder.action(A.MAKE_CLOZE))
        menu.exec(editor.mapToGlobal(pos))
        menu.deleteLater()

    def selected_step_key(self) -> str | None:
        """Key of the step selected in the list."""
        index = self.step_view.currentIndex()
        return self.step_model.data(index.siblingAtColumn(0), ROLE_KEY) if index.isValid() else None

    def set_selected_status(self, status: StepStatus | str) -> None:
        """Set the selected step's status (undoable)."""
        index = self.step_view.currentIndex()
        if self.overview is None or not index.isValid():
            return
        step = self.step_model.step(index.row())
        status = StepStatus(status)
        if step.status != status:
            self.ctx.undo_stack.push(
                SetStatusCommand(self.ctx, self.overview.id, step.key, step.title, status)
            )

    def can_choose_alternative(self) -> bool:
        """The selected step is an option of a group and not already the learner's choice."""
        index = self.step_view.currentIndex()
        if self.overview is None or not index.isValid():
            return False
        step = self.step_model.step(index.row())
        return bool(step.group_key) and step.picked != step.key

    def choose_selected_alternative(self) -> None:
        """Make the selected option the learner's choice in its group (undoable)."""
        from roadmap_desktop.services import alternatives
        from roadmap_desktop.ui.commands import push

        if not self.can_choose_alternative():
            return
        assert self.overview is not None
        roadmap_id = self.overview.id
        step = self.step_model.step(self.step_view.currentIndex().row())
        command = push(
            self.ctx,
            f"Choose “{step.title}”",
            lambda db: alternatives.choose_alternative(db, roadmap_id, step.key),
            lambda db, memo: alternatives.restore_pick(db, roadmap_id, memo),
        )
        if not command.failed:
            self.ctx.message.emit(f"You chose “{step.title}”; the other options are kept")

    def toggle_selected_done(self) -> None:
        """Space: done ↔ to do."""
        index = self.step_view.currentIndex()
        if index.isValid():
            step = self.step_model.step(index.row())
            self.set_selected_status(
                StepStatus.TODO if step.status == StepStatus.DONE else StepStatus.DONE
            )

    # --- loading ---------------------------------------------------------------------------

    def show_roadmap(
        self, roadmap_id: int, step_key: str | None = None, *, schedule_later: bool = False
    ) -> None:
        """Show a roadmap, opening step_key (or the current phase) first. A roadmap opened for
        the first time gets its start date and pace first, or with `schedule_later` when
        `start_schedule` is called (start-up shows the first view before it can write)."""
        self.detail.notes.flush()
        if not schedule_later:
            self._start_schedule(roadmap_id)
        self._reload(roadmap_id, reset=True)
        overview = self.overview
        assert overview is not None
        phase = self._where.get(step_key) if step_key else None
        self.select_phase(overview.current_phase if phase is None else phase, step_key)

    def start_schedule(self) -> None:
        """Give the roadmap on show its start date and pace if it has none yet (the page
        refreshes from the change this makes)."""
        if self.overview is not None:
            self._start_schedule(self.overview.id)

    def _start_schedule(self, roadmap_id: int) -> None:
        if not self.ctx.read(queries.has_schedule, roadmap_id):  # a read: no SQLAlchemy yet
            from roadmap_desktop.services import study

            self.ctx.apply(study.ensure_started, roadmap_id, self.today)

    def _reload(self, roadmap_id: int, reset: bool = False) -> None:
        self._stale = False
        overview = self.ctx.read(queries.roadmap_overview, roadmap_id, self.today)
        if reset:
            self.step_model.set_steps(())
        self.overview = overview
        self._where = overview_math.phase_index(overview)
        self.phase_model.set_phases(overview.phases, overview.current_phase)
        self._pace = self.ctx.read(queries.schedule_pace, roadmap_id, self.today)
        self.phase_model.set_late(self._late_phases())
        week, fraction = week_position(overview.start_date, self.today)
        self.timeline.set_today(week, fraction)
        self.timeline_scroller.setFixedHeight(self.timeline.sizeHint().height() + 14)
        row = self.timeline.selected_row()
        if self.filter.text().strip():
            self._show_filtered()
        elif 0 <= row < len(overview.phases):
            self._show_phase_header(row)
            self.step_model.set_steps(overview.phases[row].steps)
        self.overview_changed.emit(overview)

    def _late_phases(self) -> dict[str, int]:
        """Phases projected to end late, from the overview in memory and the stored pace."""
        assert self.overview is not None
        weekly, start, logged = self._pace
        projection = overview_math.projection(
            self.overview, weekly, start, self.today, logged=logged
        )
        self.projected_finish = projection.finish
        # A week of slack before a phase is flagged: estimates are rough, and a roadmap whose
        # effort slightly exceeds its weeks should not look late on its first day.
        return {
            p.key: p.days_late
            for p in projection.phases
            if p.late and not p.done and p.days_late >= LATE_AFTER_DAYS
        }

    def projection_for(self, roadmap_id: int) -> ScheduleProjection | None:
        """The schedule projection of the shown roadmap from its progress in memory (None for
        another roadmap, or when a reload is due)."""
        if self.overview is None or self.overview.id != roadmap_id or self._stale:
            return None
        weekly, start, logged = self._pace
        return overview_math.projection(self.overview, weekly, start, self.today, logged=logged)

    def select_phase(self, row: int, step_key: str | None = None) -> None:
        """Select a phase and show its steps; select step_key, else the first open step."""
        if self.overview is None or not 0 <= row < len(self.overview.phases):
            self.detail.show_step(None, None)
            return
        if self.filter.text():
            self.filter.blockSignals(True)
            self.filter.clear()
            self.filter.blockSignals(False)
        self.timeline.select_row(row)
        self._show_phase_header(row)
        phase = self.overview.phases[row]
        self.step_model.set_steps(phase.steps)
        target = self.step_model.row_of(step_key) if step_key else -1
        if target < 0:
            open_rows = [
                i
                for i, s in enumerate(phase.steps)
                if s.status not in (StepStatus.DONE, StepStatus.SKIPPED)
            ]
            target = open_rows[0] if open_rows else (0 if phase.steps else -1)
        if target >= 0:
            self.step_view.selectionModel().setCurrentIndex(
                self.step_model.index(target, 0),
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows,
            )
        else:
            self.detail.show_step(None, None)

    def select_step(self, step_key: str) -> bool:
        """Show the phase holding step_key and select the step; False when it is not shown
        (archived or gone)."""
        phase = self._where.get(step_key) if self.overview is not None else None
        if phase is None:
            return False
        self.select_phase(phase, step_key)
        return self.selected_step_key() == step_key

    # --- Ctrl+F: filter the steps of every phase -------------------------------------------

    def focus_filter(self) -> None:
        """Put the cursor in the step filter, its text selected."""
        self.filter.setFocus()
        self.filter.selectAll()

    def _filter_changed(self, text: str) -> None:
        if text.strip():
            self._show_filtered()
            return
        key = self.selected_step_key()
        phase = self._where.get(key) if (self.overview and key) else None
        row = self.timeline.selected_row() if phase is None else phase
        self.select_phase(row, key)

    def _show_filtered(self) -> None:
        if self.overview is None:
            return
        key = self.selected_step_key()
        steps = matching_steps(self.overview, self.filter.text())
        self.step_model.set_steps(steps)
        text = self.filter.text().strip()
        self.phase_title.setText(f"Steps matching “{text}”")
        count = len(steps)
        self.phase_meta.setText(
            f"{count} step{'s' if count != 1 else ''} in all phases" if count else "No step matches"
        )
        row = self.step_model.row_of(key) if key else -1
        if row >= 0:
            self.step_view.setCurrentIndex(self.step_model.index(row, 0))
        elif steps:
            self.step_view.setCurrentIndex(self.step_model.index(0, 0))

    def _filter_to_list(self) -> None:
        self.step_view.setFocus()
        if not self.step_view.currentIndex().isValid() and self.step_model.rowCount():
            self.step_view.setCurrentIndex(self.step_model.index(0, 0))

    def _show_phase_header(self, row: int) -> None:
        assert self.overview is not None
        phase = self.overview.phases[row]
        self.phase_title.setText(f"Phase {row + 1} · {phase.title}")
        weeks = (
            f"weeks {phase.start_week}–{phase.end_week}"
            if phase.end_week > phase.start_week
            else f"week {phase.start_week}"
        )
        parts = [
            weeks,
            f"{phase.steps_finished} of {phase.steps_counted} steps",
            f"{round(phase.completion * 100)}%",
            format_hours(phase.hours_total),
        ]
        # Each part keeps its words together, so a wrapped line never strands a lone word.
        self.phase_meta.setText("  ·  ".join(p.replace(" ", "\u00a0") for p in parts))
        self.phase_meta.setToolTip(phase.summary_md)
        about = phase.summary_md.strip()
        shown = (f"**About this phase**\n\n{about}" if about else "", is_dark())
        if shown != self._about_shown:  # a tick redraws the figures, not the same summary
            self._about_shown = shown
            self.phase_about.set_markdown(shown[0])
        self.phase_about.setVisible(bool(about))

    def _phase_chosen(self, row: int) -> None:
        if (
            self.overview is not None
            and self.step_model.rowCount()
            and row == self._shown_phase_row()
        ):
            return
        self.select_phase(row)

    def _shown_phase_row(self) -> int:
        key = self.selected_step_key()
        return self._where.get(key, -1) if (self.overview and key) else -1

    def _step_chosen(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self.overview is None or not current.isValid():
            return
        key = self.step_model.step(current.row()).key
        self.detail.show_step(self.overview.id, key)
        self.ctx.settings.set_last_step(self.overview.slug, key)

    # --- targeted refresh ------------------------------------------------------------------

    def _on_changed(self, change: ChangeSet) -> None:
        """Refresh exactly what the change touches: a tick, status or note re-reads those
        steps' rows and recomputes their phases and the header in memory; availability moves
        only the late marks; a roadmap's content or schedule reloads it (when shown)."""
        if self.overview is None or change.roadmap_id not in (None, self.overview.id):
            return
        if change.touches(*RELOAD_ON) or (change.touches(*ROW_KINDS) and not change.step_keys):
            if self.isVisible():
                self._reload(self.overview.id)
            else:
                self._stale = True  # reloaded when shown
            return
        progress_moved = False
        if change.touches(*ROW_KINDS):
            progress_moved = self._update_steps(change.step_keys)
        if change.touches(ChangeKind.PLAN):  # weekly availability sets the pace
            self._pace = self.ctx.read(queries.schedule_pace, self.overview.id, self.today)
        if progress_moved or change.touches(ChangeKind.PLAN):
            self.phase_model.set_late(self._late_phases())
        if progress_moved:
            self.overview_changed.emit(self.overview)

    def _update_steps(self, keys: frozenset[str]) -> bool:
        """Re-read these steps' rows; True when the progress figures moved."""
        old = self.overview
        assert old is not None
        shown = {
            s.key: s
            for i in {self._where[k] for k in keys if k in self._where}
            for s in old.phases[i].steps
            if s.key in keys
        }
        rows = [r for r in self.ctx.read(queries.step_rows, old.id, keys) if shown.get(r.key) != r]
        if not rows:
            return False
        if all(r.key in shown and replace(shown[r.key], has_note=r.has_note) == r for r in rows):
            # A note written or emptied: only the rows' note marks change, no figure does, so
            # the phases, the timeline and the header stay as they are.
            self.overview = overview_math.with_note_marks(old, rows, self._where)
            row = self.timeline.selected_row()
            if any(self._where.get(r.key) == row for r in rows):
                self.step_model.update_steps(self.overview.phases[row].steps, {r.key for r in rows})
            return False
        new = overview_math.with_steps(old, rows, self.today, self._where)
        self.overview = new
        changed = [i for i, (a, b) in enumerate(zip(old.phases, new.phases, strict=True)) if a != b]
        self.phase_model.update_phases(new.phases, new.current_phase, changed)
        row = self.timeline.selected_row()
        if row in changed:
            self._show_phase_header(row)
            self.step_model.update_steps(new.phases[row].steps, {r.key for r in rows})
        return any(
            (a.completion, a.steps_finished, a.remaining_hours)
            != (b.completion, b.steps_finished, b.remaining_hours)
            for a, b in ((old.phases[i], new.phases[i]) for i in changed)
        )

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale and self.overview is not None:
            self._reload(self.overview.id)
