"""Where commands live: the scopes, the pages in rail order and the menu bar's order (what the
first frame needs of the registry in ui/actions.py, without building the command table)."""

from __future__ import annotations

import enum


class Scope(enum.StrEnum):
    """Where a command's shortcut is live."""

    WINDOW = "window"  # anywhere in the main window
    ROADMAP = "roadmap"  # the Roadmap page
    LIBRARY = "library"
    PLANNER = "planner"
    REVIEW = "review"
    STATS = "stats"
    EDITOR = "editor"  # the roadmap editor window


# The scopes that are pages of the main window, in rail order.
PAGE_SCOPES = (Scope.ROADMAP, Scope.LIBRARY, Scope.PLANNER, Scope.REVIEW, Scope.STATS)
# Shortcuts of scopes in another top-level window never compete with the main window's.
SEPARATE_WINDOW = frozenset({Scope.EDITOR})

SCOPE_TITLES = {
    Scope.WINDOW: "Everywhere",
    Scope.ROADMAP: "Roadmap page",
    Scope.LIBRARY: "Library page",
    Scope.PLANNER: "Planner page",
    Scope.REVIEW: "Review page",
    Scope.STATS: "Stats page",
    Scope.EDITOR: "Roadmap editor",
}

# Menus of the main window, in menu-bar order.
MENU_ORDER = (
    "&File", "&Edit", "&Roadmap", "&Library", "&Planner", "Revie&w", "&Stats", "&View", "&Help"
)  # fmt: skip
# Each page's name, on its rail button (there before the page is built) and in its menus.
PAGE_TITLES = {
    Scope.ROADMAP: "Roadmap",
    Scope.LIBRARY: "Library",
    Scope.PLANNER: "Planner",
    Scope.REVIEW: "Review",
    Scope.STATS: "Stats",
}
