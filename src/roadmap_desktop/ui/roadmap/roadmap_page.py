"""The roadmap page: the phase timeline on top, the phase's steps left, the step detail right."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, Signal
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
from roadmap_desktop.services import queries, study
from roadmap_desktop.services.changes import ChangeKind, ChangeSet
from roadmap_desktop.services.snapshots import RoadmapOverview
from roadmap_desktop.ui.actions import A, Scope
from roadmap_desktop.ui.context import AppContext
from roadmap_desktop.ui.roadmap.phase_model import ROLE_KEY, PhaseModel, StepModel, format_hours
from roadmap_desktop.ui.roadmap.step_detail import StepDetailPane
from roadmap_desktop.ui.roadmap.timeline_view import TimelineView, week_position
from roadmap_desktop.ui.undo import SetStatusCommand

# Library edits do not change what this page shows (the detail pane's resources refresh alone).
LATE_AFTER_DAYS = 7
RELOAD_ON = tuple(kind for kind in ChangeKind if kind != ChangeKind.LIBRARY)


class RoadmapPage(QWidget):
    """Shows one roadmap; reloads its overview whenever the context reports a change."""

    overview_changed = Signal(object)  # RoadmapOverview
    scope = Scope.ROADMAP
    title = "Roadmap"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.overview: RoadmapOverview | None = None
        self.projected_finish: date | None = None  # from the planner (availability or weekly hours)
        self.today = date.today()

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
        font = self.phase_title.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.1)
        self.phase_title.setFont(font)
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
        header = self.step_view.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.step_view.selectionModel().currentRowChanged.connect(self._step_chosen)
        self.step_view.activated.connect(self._open_step)

        left = QWidget()
        ll = QVBoxLayout(left)
        ll.setContentsMargins(16, 12, 8, 12)
        ll.setSpacing(4)
        ll.addWidget(self.phase_title)
        ll.addWidget(self.phase_meta)
        ll.addSpacing(6)
        ll.addWidget(self.step_view, 1)

        self.detail = StepDetailPane(ctx)
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
        ):
            button.clicked.disconnect()
            button.clicked.connect(lambda _checked=False, c=command: binder.trigger(c))

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

    def toggle_selected_done(self) -> None:
        """Space: done ↔ to do."""
        index = self.step_view.currentIndex()
        if index.isValid():
            step = self.step_model.step(index.row())
            self.set_selected_status(
                StepStatus.TODO if step.status == StepStatus.DONE else StepStatus.DONE
            )

    # --- loading ---------------------------------------------------------------------------

    def show_roadmap(self, roadmap_id: int, step_key: str | None = None) -> None:
        """Show a roadmap, opening step_key (or the current phase) first."""
        self.detail.notes.flush()
        self.ctx.apply(study.ensure_started, roadmap_id, self.today)
        self._reload(roadmap_id, reset=True)
        overview = self.overview
        assert overview is not None
        phase = overview.phase_of(step_key) if step_key else None
        self.select_phase(overview.current_phase if phase is None else phase, step_key)

    def _reload(self, roadmap_id: int, reset: bool = False) -> None:
        overview = self.ctx.read(queries.roadmap_overview, roadmap_id, self.today)
        if reset:
            self.step_model.set_steps(())
        self.overview = overview
        self.phase_model.set_phases(overview.phases, overview.current_phase)
        self.phase_model.set_late(self._late_phases(roadmap_id))
        week, fraction = week_position(overview.start_date, self.today)
        self.timeline.set_today(week, fraction)
        self.timeline_scroller.setFixedHeight(self.timeline.sizeHint().height() + 14)
        row = self.timeline.selected_row()
        if 0 <= row < len(overview.phases):
            self._show_phase_header(row)
            self.step_model.set_steps(overview.phases[row].steps)
        self.overview_changed.emit(overview)

    def _late_phases(self, roadmap_id: int) -> dict[str, int]:
        from roadmap_desktop.services import planner

        projection = self.ctx.read(planner.schedule_projection, roadmap_id, self.today)
        self.projected_finish = projection.finish
        # A week of slack before a phase is flagged: estimates are rough, and a roadmap whose
        # effort slightly exceeds its weeks should not look late on its first day.
        return {
            p.key: p.days_late
            for p in projection.phases
            if p.late and not p.done and p.days_late >= LATE_AFTER_DAYS
        }

    def select_phase(self, row: int, step_key: str | None = None) -> None:
        """Select a phase and show its steps; select step_key, else the first open step."""
        if self.overview is None or not 0 <= row < len(self.overview.phases):
            self.detail.show_step(None, None)
            return
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

    def _show_phase_header(self, row: int) -> None:
        assert self.overview is not None
        phase = self.overview.phases[row]
        self.phase_title.setText(f"Phase {row + 1} · {phase.title}")
        weeks = (
            f"weeks {phase.start_week}–{phase.end_week}"
            if phase.end_week > phase.start_week
            else f"week {phase.start_week}"
        )
        self.phase_meta.setText(
            f"{weeks}  ·  {phase.steps_finished} of {len(phase.steps)} steps  ·  "
            f"{round(phase.completion * 100)}%  ·  {format_hours(phase.hours_total)}"
        )
        self.phase_meta.setToolTip(phase.summary_md)

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
        return self.overview.phase_of(key) if (self.overview and key) else -1  # type: ignore[return-value]

    def _step_chosen(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self.overview is None or not current.isValid():
            return
        key = self.step_model.step(current.row()).key
        self.detail.show_step(self.overview.id, key)
        self.ctx.settings.set_last_step(self.overview.slug, key)

    def _on_changed(self, change: ChangeSet) -> None:
        if (
            self.overview is not None
            and change.roadmap_id in (None, self.overview.id)
            and change.touches(*RELOAD_ON)
        ):
            self._reload(self.overview.id)
