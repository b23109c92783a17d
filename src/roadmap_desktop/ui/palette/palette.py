"""The Ctrl+K palette: one line that finds steps, notes, resources, questions and commands."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPoint, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QLabel,
    QLineEdit,
    QListView,
    QVBoxLayout,
    QWidget,
)

from roadmap_desktop.services import search
from roadmap_desktop.services.search import SearchHit
from roadmap_desktop.ui.context import AppContext
from roadmap_desktop.ui.palette.palette_delegate import PaletteDelegate
from roadmap_desktop.ui.palette.palette_model import (
    PaletteEntry,
    PaletteModel,
    PaletteRow,
    command_row,
    group_rows,
    header,
    hit_from_json,
    hit_row,
    hit_to_json,
)

MAX_RECENT = 8
SHOWN_COMMANDS = 6
PER_GROUP = 6
# A command matched this well (its name starts with the text, or every word does) is listed
# before the found items; weaker matches come after them.
STRONG_COMMAND = 300.0


class CommandPalette(QFrame):
    """A frameless popup over the window: type to find anything or run a command.

    `commands()` lists the commands available now; `open_hit(hit)` opens a found item in
    place. Enter opens or runs the current row, Up/Down move, Esc closes.
    """

    opened = Signal(object)  # the SearchHit opened
    ran = Signal(str)  # the id of the command run

    def __init__(
        self,
        ctx: AppContext,
        commands: Callable[[], Sequence[PaletteEntry]],
        open_hit: Callable[[SearchHit], object],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent, Qt.WindowType.Popup | Qt.WindowType.FramelessWindowHint)
        self.ctx = ctx
        self.commands = commands
        self.open_hit = open_hit
        self.entries: list[PaletteEntry] = []
        self.setObjectName("palette")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAccessibleName("Search and commands")
        self.edit = QLineEdit()
        self.edit.setPlaceholderText("Search steps, notes, resources… or type a command")
        self.edit.setAccessibleName("Search everything")
        self.edit.setClearButtonEnabled(True)
        self.edit.installEventFilter(self)
        self.model = PaletteModel(self)
        self.view = QListView()
        self.view.setModel(self.model)
        self.view.setItemDelegate(PaletteDelegate(self.view))
        self.view.setUniformItemSizes(False)
        self.view.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.view.setFrameShape(QFrame.Shape.NoFrame)
        self.view.setAccessibleName("Results")
        self.view.clicked.connect(self._clicked)
        self.hint = QLabel("↑↓ to move · Enter to open · Esc to close")
        self.hint.setStyleSheet("color: palette(placeholder-text);")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 6)
        layout.setSpacing(6)
        layout.addWidget(self.edit)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.hint)
        self.edit.textChanged.connect(self.update_results)

    # --- showing ---------------------------------------------------------------------------

    def popup(self) -> None:
        """Show over the top of the parent window with an empty line: recent items and
        frequent commands."""
        self.entries = list(self.commands())
        host = self.parentWidget()
        if host is not None:
            window = host.window()
            width = max(480, min(720, int(window.width() * 0.6)))
            height = max(320, min(520, int(window.height() * 0.7)))
            origin = window.mapToGlobal(QPoint((window.width() - width) // 2, 60))
            self.setGeometry(origin.x(), origin.y(), width, height)
        self.edit.blockSignals(True)
        self.edit.clear()
        self.edit.blockSignals(False)
        self.update_results("")
        self.show()
        self.raise_()
        self.activateWindow()
        self.edit.setFocus()

    def update_results(self, text: str) -> None:
        """Show what matches text (recent items and frequent commands when empty)."""
        rows = self._empty_rows() if not text.strip() else self._rows_for(text)
        self.model.set_rows(rows)
        self._select(self.model.next_selectable(0, 1))

    def _rows_for(self, text: str) -> list[PaletteRow]:
        groups = self.ctx.read(search.find, text, PER_GROUP)
        found = group_rows(groups)
        matches = search.match_commands(text, self.entries, lambda e: e.name, SHOWN_COMMANDS)
        if not matches:
            return found
        commands = [header("Commands")]
        commands += [command_row(entry, m.positions) for entry, m in matches]
        if matches[0][1].score >= STRONG_COMMAND or not found:
            return commands + found
        return found + commands

    def _empty_rows(self) -> list[PaletteRow]:
        rows: list[PaletteRow] = []
        recent = [h for h in map(hit_from_json, self.ctx.settings.palette_recent) if h]
        if recent:
            rows.append(header("Recent"))
            rows.extend(hit_row(hit) for hit in recent[:MAX_RECENT])
        uses = self.ctx.settings.command_uses()
        used = sorted(
            (e for e in self.entries if uses.get(e.id)), key=lambda e: (-uses[e.id], e.name)
        )
        if used:
            rows.append(header("Frequent commands"))
            rows.extend(command_row(entry) for entry in used[:SHOWN_COMMANDS])
        elif self.entries:
            rows.append(header("Commands"))
            rows.extend(command_row(entry) for entry in self.entries[:SHOWN_COMMANDS])
        return rows

    # --- keys ------------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.edit and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            key = event.key()
            if key in (Qt.Key.Key_Down, Qt.Key.Key_Up):
                self._move(1 if key == Qt.Key.Key_Down else -1)
                return True
            if key in (Qt.Key.Key_PageDown, Qt.Key.Key_PageUp):
                self._move(5 if key == Qt.Key.Key_PageDown else -5)
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.activate_current()
                return True
            if key == Qt.Key.Key_Escape:
                self.close()
                return True
        return super().eventFilter(watched, event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.close()
            return
        super().keyPressEvent(event)

    def _move(self, step: int) -> None:
        rows = self.model.rowCount()
        if not rows:
            return
        current = self.view.currentIndex().row()
        direction = 1 if step > 0 else -1
        target = max(0, min(rows - 1, current + step))
        found = self.model.next_selectable(target, direction)
        if found < 0:
            found = self.model.next_selectable(target, -direction)
        if found >= 0:
            self._select(found)

    def _select(self, row: int) -> None:
        if row < 0:
            self.view.clearSelection()
            self.view.setCurrentIndex(QModelIndex())
            return
        index = self.model.index(row, 0)
        self.view.setCurrentIndex(index)
        self.view.scrollTo(index)

    # --- opening ---------------------------------------------------------------------------

    def _clicked(self, index: QModelIndex) -> None:
        if index.isValid() and self.model.rows[index.row()].selectable:
            self._select(index.row())
            self.activate_current()

    def current_row(self) -> PaletteRow | None:
        """The row Enter would open."""
        index = self.view.currentIndex()
        if not index.isValid():
            return None
        row = self.model.rows[index.row()]
        return row if row.selectable else None

    def activate_current(self) -> None:
        """Open the current item in place, or run the current command, and close."""
        row = self.current_row()
        if row is None:
            return
        self.close()
        if row.entry is not None:
            self.ctx.settings.count_command_use(row.entry.id)
            self.ran.emit(row.entry.id)
            row.entry.run()
        elif row.hit is not None:
            self._remember(row.hit)
            self.opened.emit(row.hit)
            self.open_hit(row.hit)

    def _remember(self, hit: SearchHit) -> None:
        item = hit_to_json(hit)
        recent = [r for r in self.ctx.settings.palette_recent if r != item]
        self.ctx.settings.palette_recent = [item, *recent][:MAX_RECENT]
