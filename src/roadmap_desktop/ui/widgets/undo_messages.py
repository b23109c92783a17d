"""Says in the status bar what an undo or redo just did ("Undid: Mark done “SQL”")."""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QObject
from PySide6.QtGui import QUndoCommand

from roadmap_desktop.ui.context import AppContext

SEEN = "_roadmap_desktop_seen"  # marks a command already done once (its next step is a redo)


class UndoAnnouncer(QObject):
    """Watches the one undo stack and emits ctx.message after every undo and redo.

    QUndoStack has no "undone"/"redone" signals, only indexChanged: one step back is an undo;
    one step forward onto a command seen before is a redo, onto a new command a push (which the
    code that pushed it announces itself, if at all).
    """

    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx)
        self.ctx = ctx
        self.stack = ctx.undo_stack
        self.index = self.stack.index()
        self._remember(self.index - 1)
        self.stack.indexChanged.connect(self._index_changed)

    def _command(self, index: int) -> QUndoCommand | None:
        if not shiboken6.isValid(self.stack):  # the stack clears itself while it is destroyed
            return None
        return self.stack.command(index) if 0 <= index < self.stack.count() else None

    def _remember(self, index: int) -> None:
        command = self._command(index)
        if command is not None:
            setattr(command, SEEN, True)

    def _index_changed(self, index: int) -> None:
        before, self.index = self.index, index
        if index == before - 1:
            command = self._command(index)
            if command is not None:
                self.ctx.message.emit(f"Undid: {command.text()}")
        elif index == before + 1:
            command = self._command(before)
            if command is not None and getattr(command, SEEN, False):
                self.ctx.message.emit(f"Redid: {command.text()}")
            self._remember(before)
