"""A generic undoable command over a pair of services: one that does, one that undoes."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtGui import QUndoCommand

from roadmap_desktop.ui.context import AppContext

Do = Callable[[Any], tuple[Any, Any]]  # db -> (memo for undo, ChangeSet)
Undo = Callable[[Any, Any], Any]  # (db, memo) -> ChangeSet


class ServiceCommand(QUndoCommand):
    """redo() runs `do` (one transaction) and keeps its memo; undo() hands the memo to `undo`.

    A refused action (bad input, or machine trouble such as a locked database) changes nothing,
    and the stack is kept in step with the data:
    - refused when first pushed: the command marks itself obsolete, so `QUndoStack.push`
      discards it (nothing to undo appears);
    - refused on a later redo or undo: the stack has already moved its index, so the opposite
      move is queued and the command lets that one move pass without touching the data.
    """

    def __init__(self, ctx: AppContext, text: str, do: Do, undo: Undo) -> None:
        super().__init__(text)
        self.ctx, self._do, self._undo = ctx, do, undo
        self.memo: Any = None
        self.failed = False
        self._ran = False  # `do` succeeded once: a later refusal is on redo, not on push
        self._pass_next = False  # the next undo/redo only puts the stack's index back

    def redo(self) -> None:
        if self._pass_next:
            self._pass_next = False
            return
        refusals = self.ctx.refusals
        result = self.ctx.apply(self._do)
        if self.ctx.refusals != refusals or result is None:
            if self._ran:
                self._step_back(self.ctx.undo_stack.undo)
            else:
                self.failed = True
                self.setObsolete(True)
            return
        self.memo = result[0]
        self._ran = True

    def undo(self) -> None:
        if self._pass_next:
            self._pass_next = False
            return
        if self.failed:
            return
        refusals = self.ctx.refusals
        self.ctx.apply(self._undo, self.memo)
        if self.ctx.refusals != refusals:
            self._step_back(self.ctx.undo_stack.redo)

    def _step_back(self, move: Callable[[], None]) -> None:
        """Undo the stack's index move of a refused redo/undo once the stack is done with it."""
        self._pass_next = True
        QTimer.singleShot(0, move)


def push(ctx: AppContext, text: str, do: Do, undo: Undo) -> ServiceCommand:
    """Run an undoable service pair through the context's undo stack; returns the command."""
    command = ServiceCommand(ctx, text, do, undo)
    ctx.undo_stack.push(command)
    return command
