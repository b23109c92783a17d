"""Turns the command table (ui/actions.py) into QActions, menus, shortcuts and the F1 list."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu, QWidget

from roadmap_desktop.ui.scopes import MENU_ORDER, PAGE_SCOPES, SCOPE_TITLES, Scope

if TYPE_CHECKING:
    from roadmap_desktop.ui.actions import A, Command


def key_sequences(command: Command) -> list[QKeySequence]:
    """The command's shortcuts as key sequences (standard keys resolved for this platform)."""
    from roadmap_desktop.ui.actions import STANDARD  # the command table waits for attach()

    sequences: list[QKeySequence] = []
    for key in command.keys:
        if key.startswith(STANDARD):
            standard = getattr(QKeySequence.StandardKey, key.removeprefix(STANDARD))
            found = QKeySequence.keyBindings(standard)
            sequences.extend(s for s in found if s not in sequences)
        else:
            sequence = QKeySequence(key)
            if sequence not in sequences:
                sequences.append(sequence)
    return sequences


def shortcut_text(command: Command) -> str:
    """The shortcuts as this platform writes them ("Ctrl+O", "⌘O"), comma separated."""
    return ", ".join(
        s.toString(QKeySequence.SequenceFormat.NativeText) for s in key_sequences(command)
    )


class ActionBinder(QObject):
    """Owns one QAction per command and keeps its enabled state current."""

    def __init__(self, window: QMainWindow, run_hook: Callable[[Command, Any], None]) -> None:
        super().__init__(window)
        self.window = window
        self.actions: dict[A, QAction] = {}
        self.owners: dict[Scope, Any] = {}
        self.menus: dict[str, QMenu] = {}
        self._last_group: dict[str, str] = {}
        self._groups: dict[str, QActionGroup] = {}
        self._run_hook = run_hook
        self.data_ready = False

    # --- building ------------------------------------------------------------------------------

    def menu(self, path: str) -> QMenu:
        """The menu at a path such as "&View/&Theme", created in menu-bar order on first use."""
        if path in self.menus:
            return self.menus[path]
        parent, _, title = path.rpartition("/")
        menu = QMenu(title, self.window)
        if parent:
            host = self.menu(parent)
            self._separate(parent, "submenu")
            host.addMenu(menu)
        else:
            bar = self.window.menuBar()
            later = [
                self.menus[name].menuAction()
                for name in MENU_ORDER[MENU_ORDER.index(title) + 1 :]
                if name in self.menus
            ]
            if later:
                bar.insertMenu(later[0], menu)
            else:
                bar.addMenu(menu)
        menu.aboutToShow.connect(self.refresh_enabled)
        self.menus[path] = menu
        return menu

    def _separate(self, path: str, group: str) -> None:
        last = self._last_group.get(path)
        if last is not None and last != group:
            self.menus[path].addSeparator()
        self._last_group[path] = group

    def install(self, scope: Scope, owner: Any, *, parent: QWidget | None = None) -> None:
        """Create the QActions of one scope on their owner, with menus and shortcuts."""
        from roadmap_desktop.ui.actions import COMMANDS

        self.owners[scope] = owner
        if scope is Scope.EDITOR:  # a window of its own that comes and goes
            owner.destroyed.connect(partial(self._forget, scope))
        host = parent if parent is not None else owner
        for command in COMMANDS:
            if command.scope is not scope:
                continue
            action = QAction(command.text, host)
            action.setObjectName(f"action_{command.id.value}")
            if command.tip:
                action.setToolTip(command.tip)
            action.setCheckable(command.checkable)
            action.setShortcuts(key_sequences(command))
            if command.role == "quit":
                action.setMenuRole(QAction.MenuRole.QuitRole)
            elif command.role == "about":
                action.setMenuRole(QAction.MenuRole.AboutRole)
            else:
                action.setMenuRole(QAction.MenuRole.NoRole)
            action.triggered.connect(lambda _checked=False, c=command: self.trigger(c.id))
            self._place(command, action, owner, host)
            self.actions[command.id] = action
        self.refresh_enabled()

    def _place(self, command: Command, action: QAction, owner: Any, host: QWidget) -> None:
        # Imported here: PySide6 builds its whole `Qt` namespace (~20 ms) on the first import,
        # and this module is on the path to the first frame, where no action is placed yet.
        from PySide6.QtCore import Qt

        if command.targets is not None:
            action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
            for widget in command.targets(owner):
                widget.addAction(action)
                widget.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        elif command.scope in PAGE_SCOPES:
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            host.addAction(action)
        else:
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            host.addAction(action)
        if command.menu and command.scope is not Scope.EDITOR:
            menu = self.menu(command.menu)
            self._separate(command.menu, command.group)
            menu.addAction(action)
        if command.checkable:
            group = self._groups.get(command.menu)
            if group is None:
                group = self._groups[command.menu] = QActionGroup(self)
            group.addAction(action)

    def _forget(self, scope: Scope) -> None:
        from roadmap_desktop.ui.actions import BY_ID

        self.owners.pop(scope, None)
        for command_id in [c for c in self.actions if BY_ID[c].scope is scope]:
            del self.actions[command_id]

    # --- running -------------------------------------------------------------------------------

    def allowed(self, command: Command) -> bool:
        """Whether the command can run now."""
        owner = self.owners.get(command.scope)
        if owner is None:
            return False
        if command.needs_data and not self.data_ready and command.scope is Scope.WINDOW:
            return False
        if command.enabled is None:
            return True
        try:
            return bool(command.enabled(owner))
        except (AttributeError, RuntimeError):  # the owner is not built yet, or deleted
            return False

    def trigger(self, command_id: A) -> None:
        """Run a command (from a menu, a shortcut, a button or the palette)."""
        from roadmap_desktop.ui.actions import BY_ID

        command = BY_ID[command_id]
        if not self.allowed(command):
            return
        self._run_hook(command, self.owners[command.scope])

    def refresh_enabled(self) -> None:
        """Enable each action whose command can run now."""
        from roadmap_desktop.ui.actions import BY_ID

        for command_id, action in self.actions.items():
            action.setEnabled(self.allowed(BY_ID[command_id]))

    def action(self, command_id: A) -> QAction:
        """The QAction of a command (for buttons: `button.setDefaultAction(...)`)."""
        return self.actions[command_id]

    # --- the F1 list ---------------------------------------------------------------------------

    def shortcut_rows(self) -> list[tuple[str, list[tuple[str, str]]]]:
        """Every command with a shortcut, grouped by where it works, with stable names."""
        from roadmap_desktop.ui.actions import COMMANDS

        groups: list[tuple[str, list[tuple[str, str]]]] = []
        for scope in Scope:
            rows = [
                (command.name, shortcut_text(command))
                for command in COMMANDS
                if command.scope is scope and command.keys
            ]
            if scope is Scope.ROADMAP:
                rows.append(("Move between steps", "↑ ↓"))
                rows.append(("Move between phases (in the timeline)", "← →"))
            if rows:
                groups.append((SCOPE_TITLES[scope], rows))
        return groups
