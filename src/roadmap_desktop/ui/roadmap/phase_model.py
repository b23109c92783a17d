"""Item models for the roadmap page: phases of the timeline and the steps of one phase."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, cast

from PySide6.QtCore import (
    QAbstractListModel,
    QAbstractTableModel,
    QModelIndex,
    QModelRoleData,
    QModelRoleDataSpan,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QFont, QGuiApplication, QPalette

from roadmap_desktop.core.enums import StepKind, StepStatus
from roadmap_desktop.core.formatting import format_hours
from roadmap_desktop.services.snapshots import PhaseRow, StepRow
from roadmap_desktop.ui.widgets.icons import STATUS_LABELS, status_icon

_Index = QModelIndex | QPersistentModelIndex
ROLE_KEY = Qt.ItemDataRole.UserRole + 1
ROLE_WEEKS = Qt.ItemDataRole.UserRole + 2
ROLE_COMPLETION = Qt.ItemDataRole.UserRole + 3
ROLE_STATUS = Qt.ItemDataRole.UserRole + 4
ROLE_CURRENT = Qt.ItemDataRole.UserRole + 5
ROLE_LATE = Qt.ItemDataRole.UserRole + 6  # days the projection ends after the phase's weeks


_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
_ROLE_COMPLETION = int(ROLE_COMPLETION)
_ROLE_WEEKS = int(ROLE_WEEKS)
_ROLE_LATE = int(ROLE_LATE)
_DECORATION = int(Qt.ItemDataRole.DecorationRole)
_FONT = int(Qt.ItemDataRole.FontRole)
_ALIGNMENT = int(Qt.ItemDataRole.TextAlignmentRole)
_FOREGROUND = int(Qt.ItemDataRole.ForegroundRole)
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
# The roles the item delegate asks for together (multiData) to paint a step cell.
_PAINT_ROLES = frozenset(
    (
        _DISPLAY,
        _DECORATION,
        _FONT,
        _ALIGNMENT,
        _FOREGROUND,
        int(Qt.ItemDataRole.CheckStateRole),
        int(Qt.ItemDataRole.BackgroundRole),
    )
)
# Roles views ask for on every paint that a step row never answers.
_UNUSED_STEP_ROLES = frozenset(
    int(r)
    for r in (
        Qt.ItemDataRole.BackgroundRole,
        Qt.ItemDataRole.CheckStateRole,
        Qt.ItemDataRole.SizeHintRole,
        Qt.ItemDataRole.StatusTipRole,
        Qt.ItemDataRole.WhatsThisRole,
    )
)


def _title_text(step: StepRow) -> str:
    """A step's title as the list shows it (options of a "choose one of" group marked)."""
    return f"{GROUP_MARK}{step.title}" if step.group_key else step.title


def _topics_text(step: StepRow) -> str:
    return f"{step.topics_done}/{step.topics_total}" if step.topics_total else "–"


class PhaseModel(QAbstractListModel):
    """The phases of the shown roadmap, with week ranges and completion."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._phases: tuple[PhaseRow, ...] = ()
        self._current = -1
        self._late: dict[str, int] = {}

    def set_late(self, late: dict[str, int]) -> None:
        """Days each phase (by key) is projected to end after its week range."""
        if late != self._late:
            self._late = dict(late)
            if self._phases:
                self.dataChanged.emit(self.index(0), self.index(len(self._phases) - 1))

    def set_phases(self, phases: tuple[PhaseRow, ...], current: int) -> None:
        """Show new phase rows; keeps row identity when only progress changed."""
        same_shape = [p.key for p in phases] == [p.key for p in self._phases]
        if same_shape:
            self._phases, self._current = phases, current
            if phases:
                self.dataChanged.emit(self.index(0), self.index(len(phases) - 1))
            return
        self.beginResetModel()
        self._phases, self._current = phases, current
        self.endResetModel()

    def update_phases(self, phases: tuple[PhaseRow, ...], current: int, rows: list[int]) -> None:
        """Same phases with new progress in these rows (and maybe another current phase)."""
        before = self._current
        self._phases, self._current = phases, current
        for row in sorted({*rows, *((before, current) if before != current else ())}):
            if 0 <= row < len(phases):
                self.dataChanged.emit(self.index(row), self.index(row))

    def phase(self, row: int) -> PhaseRow:
        """The phase at row."""
        return self._phases[row]

    def current_row(self) -> int:
        """Row of the phase the learner is working on."""
        return self._current

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._phases)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._phases):
            return None
        phase = self._phases[index.row()]
        role = int(role)  # plain ints: a Qt enum attribute is a Python lookup per comparison
        if role == _ROLE_COMPLETION:
            return phase.completion
        if role == _ROLE_WEEKS:
            return (phase.start_week, phase.end_week)
        if role == _ROLE_LATE:
            return self._late.get(phase.key, 0)
        if role == _DISPLAY:
            return phase.title
        if role == _TOOLTIP:
            return (
                f"<b>{phase.title}</b><br>Weeks {phase.start_week}–{phase.end_week}<br>"
                f"{phase.steps_finished} of {phase.steps_counted} steps finished · "
                f"{round(phase.completion * 100)}%<br>{format_hours(phase.hours_total)} estimated"
                + (
                    f"<br><span style='color:#c4314b'>Projected to end "
                    f"{self._late[phase.key]} days after week {phase.end_week}</span>"
                    if self._late.get(phase.key)
                    else ""
                )
            )
        if role == ROLE_KEY:
            return phase.key
        if role == ROLE_WEEKS:
            return (phase.start_week, phase.end_week)
        if role == ROLE_COMPLETION:
            return phase.completion
        if role == ROLE_CURRENT:
            return index.row() == self._current
        if role == ROLE_LATE:
            return self._late.get(phase.key, 0)
        return None


# Options of a "choose one of" group are indented behind a bar, so the group reads as one block.
GROUP_MARK = "\u2003\u2502 "


class StepModel(QAbstractTableModel):
    """The steps of one phase: status and title, effort, topic ticks."""

    COLUMNS = ("Step", "Effort", "Topics")

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._steps: tuple[StepRow, ...] = ()
        self._painted: dict[tuple[int, int], dict[int, Any]] = {}  # (row, column) → role → value
        self._painted_palette = 0

    def set_steps(self, steps: tuple[StepRow, ...]) -> None:
        """Show new step rows; keeps row identity (and selection) when only progress changed."""
        if [s.key for s in steps] == [s.key for s in self._steps]:
            self._steps = steps
            self._painted.clear()
            if steps:
                self.dataChanged.emit(
                    self.index(0, 0), self.index(len(steps) - 1, len(self.COLUMNS) - 1)
                )
            return
        self.beginResetModel()
        self._steps = steps
        self._painted.clear()
        self.endResetModel()

    def update_steps(self, steps: tuple[StepRow, ...], keys: set[str]) -> None:
        """Same steps, new values for those with these keys: repaints only their rows."""
        if [s.key for s in steps] != [s.key for s in self._steps]:
            self.set_steps(steps)
            return
        self._steps = steps
        self._painted.clear()
        for row, step in enumerate(steps):
            if step.key in keys:
                self.dataChanged.emit(self.index(row, 0), self.index(row, len(self.COLUMNS) - 1))

    def step(self, row: int) -> StepRow:
        """The step at row."""
        return self._steps[row]

    def _choice(self, step: StepRow) -> str:
        """What a "choose one of" option's tooltip and accessible text add."""
        if not step.group_key:
            return ""
        options = [s.title for s in self._steps if s.group_key == step.group_key]
        if step.picked == step.key:
            return f", your choice (one of {len(options)})"
        if step.not_chosen:
            chosen = next((s.title for s in self._steps if s.key == step.picked), "another")
            return f", not chosen (you chose {chosen})"
        return f", one of {len(options)} to choose from"

    def text(self, row: int, column: int) -> str:
        """The text shown in a cell."""
        step = self._steps[row]
        if column == 0:
            return _title_text(step)
        if column == 1:
            return format_hours(step.hours)
        return _topics_text(step)

    def column_texts(self, column: int) -> list[str]:
        """The texts of a column, row by row."""
        if column == 0:
            return [_title_text(s) for s in self._steps]
        if column == 1:
            return [format_hours(s.hours) for s in self._steps]
        return [_topics_text(s) for s in self._steps]

    def row_of(self, key: str) -> int:
        """Row of the step with this key, or -1."""
        return next((i for i, s in enumerate(self._steps) if s.key == key), -1)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._steps)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.COLUMNS):
            if role == Qt.ItemDataRole.DisplayRole:
                return self.COLUMNS[section]
            if role == Qt.ItemDataRole.TextAlignmentRole and section > 0:
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def multiData(self, index: _Index, roleDataSpan: QModelRoleDataSpan | QModelRoleData) -> None:
        """The roles the delegate asks for together to paint a cell: one Python call per cell
        instead of one per role (a phase switch paints every visible cell)."""
        wanted = cast(
            Iterable[QModelRoleData],
            (roleDataSpan,) if isinstance(roleDataSpan, QModelRoleData) else roleDataSpan,
        )
        row = index.row()
        if not 0 <= row < len(self._steps):
            for role_data in wanted:
                role_data.clearData()
            return
        cell = self._cell(row, index.column())
        for role_data in wanted:
            role = role_data.role()
            role_data.setData(cell.get(role) if role in _PAINT_ROLES else self.data(index, role))

    def _cell(self, row: int, column: int) -> dict[int, Any]:
        """What painting a cell shows (text, icon, font, alignment, colour), read once and kept
        until the rows or the palette change."""
        palette = QGuiApplication.palette()
        if palette.cacheKey() != self._painted_palette:
            self._painted.clear()
            self._painted_palette = palette.cacheKey()
        cell = self._painted.get((row, column))
        if cell is not None:
            return cell
        step = self._steps[row]
        cell = {_DISPLAY: self.text(row, column)}
        if column == 0:
            cell[_DECORATION] = status_icon(step.status)
            if step.status == StepStatus.SKIPPED or step.not_chosen or step.picked == step.key:
                font = QFont()
                font.setStrikeOut(step.status == StepStatus.SKIPPED)
                font.setItalic(step.not_chosen)
                font.setBold(bool(step.group_key) and step.picked == step.key)
                cell[_FONT] = font
        else:
            cell[_ALIGNMENT] = _RIGHT
        if step.not_chosen:
            cell[_FOREGROUND] = palette.color(QPalette.ColorRole.PlaceholderText)
        self._painted[(row, column)] = cell
        return cell

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = index.row()  # -1 for an invalid index
        if not 0 <= row < len(self._steps):
            return None
        role = int(role)
        if role in _PAINT_ROLES:
            return self._cell(row, index.column()).get(role)
        if role in _UNUSED_STEP_ROLES:
            return None
        step, col = self._steps[row], index.column()
        if role == Qt.ItemDataRole.ToolTipRole:
            kind = "" if step.kind == StepKind.TOPIC else f" · {step.kind.value.capitalize()}"
            note = " · has notes" if step.has_note else ""
            return f"{step.title}\n{STATUS_LABELS[step.status]}{kind}{note}{self._choice(step)}"
        if role == Qt.ItemDataRole.AccessibleTextRole and col == 0:
            return f"{step.title}, {STATUS_LABELS[step.status]}{self._choice(step)}"
        if role == ROLE_KEY:
            return step.key
        if role == ROLE_STATUS:
            return step.status.value
        return None
