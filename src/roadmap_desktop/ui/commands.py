"""A generic undoable command over a pair of services: one that does, one that undoes."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtGui import QUndoCommand

from roadmap_desktop.ui.context import AppContext

Do = Callable[[Any], tuple[Any, Any]]  # db -> (memo for undo, ChangeSet)
Undo = Callable[[Any, Any], Any]  # (db, memo) -> ChangeSet


class ServiceCommand(QUndoCommand):
    """redo() runs `do` (one transaction) and keeps its memo; undo() hands the memo to `undo`."""

    def __init__(self, ctx: AppContext, text: str, do: Do, undo: Undo) -> None:
        super().__init__(text)
        self.ctx, self._do, self._undo = ctx, do, undo
        self.memo: Any = None
        self.failed = False

    def redo(self) -> None:
        result = self.ctx.apply(self._do)
        if result is None:
            self.failed = True
            self.setObsolete(True)
            return
        self.memo = result[0]

    def undo(self) -> None:
        if not self.failed:
            self.ctx.apply(self._undo, self.memo)


def push(ctx: AppContext, text: str, do: Do, undo: Undo) -> ServiceCommand:
    """Run an undoable service pair through the context's undo stack; returns the command."""
    command = ServiceCommand(ctx, text, do, undo)
    ctx.undo_stack.push(command)
    return command
