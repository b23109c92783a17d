"""What the main window asks of each page: its scope, title, and how to show and refresh it."""

from __future__ import annotations

from typing import Protocol

from roadmap_desktop.ui.actions import Scope


class Page(Protocol):
    """A page of the main window (Roadmap, Library, Planner …).

    Its commands are the registry's commands of its `scope` (ui/actions.py).
    """

    scope: Scope
    title: str

    def activate(self) -> None:
        """The page is being shown: load what it has not loaded yet and focus its main view."""

    def refresh(self) -> None:
        """Read everything again (after a theme switch or a restore)."""
