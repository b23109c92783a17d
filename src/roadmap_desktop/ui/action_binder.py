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


def _widget_context(command: Command) -> Any:
    """The shortcut context of a page's command: its target widgets, or the page."""
    from PySide6.QtCore import Qt

    if command.targets is not None:
        return Qt.ShortcutContext.WidgetShortcut
    return Qt.ShortcutContext.WidgetWithChildrenShortcut


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
        # Pages built on first use (install_later): scope -> what builds it, and which scopes'
        # commands each top-level menu lists.
        self._builders: dict[Scope, Callable[[], object]] = {}
        self._menu_scopes: dict[str, set[Scope]] = {}

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
        menu.aboutToShow.connect(partial(self._menu_opening, path))
        self.menus[path] = menu
        return menu

    def _menu_opening(self, path: str) -> None:
        """A menu opens: build the pages whose commands it lists (so each entry is enabled by
        the page it acts on), then enable what can run."""
        for scope in sorted(
            self._menu_scopes.get(path.partition("/")[0], ()), key=list(Scope).index
        ):
            build = self._builders.get(scope)
            if build is not None:
                build()
        self.refresh_enabled()

    def _separate(self, path: str, group: str) -> None:
        last = self._last_group.get(path)
        if last is not None and last != group:
            self.menus[path].addSeparator()
        self._last_group[path] = group

    def install(self, scope: Scope, owner: Any, *, parent: QWidget | None = None) -> None:
        """Create the QActions of one scope on their owner, with menus and shortcuts (or, for
        a scope installed with `install_later`, bind its actions to the owner now built)."""
        from roadmap_desktop.ui.actions import COMMANDS

        self.owners[scope] = owner
        listed = self._builders.pop(scope, None) is not None  # its actions are in the menus
        if scope is Scope.EDITOR:  # a window of its own that comes and goes
            owner.destroyed.connect(partial(self._forget, scope))
        host = parent if parent is not None else owner
        for command in COMMANDS:
            if command.scope is not scope:
                continue
            action = self.actions.get(command.id) if listed else None
            if action is None:
                action = self._create(command, host)
                self._list(command, action)
            self._bind(command, action, owner, host)
        self.refresh_enabled()

    def install_later(self, scope: Scope, build: Callable[[], object]) -> None:
        """List a page's commands in their menus before the page exists; `build` makes it (and
        calls `install`) when one of them runs or their menu opens. Until then their shortcuts
        are off (they work in the page, which is not there yet) and a command whose enabled
        state depends on the page is disabled."""
        from roadmap_desktop.ui.actions import COMMANDS

        self._builders[scope] = build
        for command in COMMANDS:
            if command.scope is not scope or command.id in self.actions:
                continue
            action = self._create(command, self)
            # Bound to no widget but its menu: with this context the shortcut does not fire.
            action.setShortcutContext(_widget_context(command))
            self._list(command, action)
            if command.menu:
                self._menu_scopes.setdefault(command.menu.partition("/")[0], set()).add(scope)
        self.refresh_enabled()

    def _create(self, command: Command, parent: QObject) -> QAction:
        action = QAction(command.text, parent)
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
        self.actions[command.id] = action
        return action

    def _bind(self, command: Command, action: QAction, owner: Any, host: QWidget) -> None:
        """Where the command's shortcut works: its owner's widgets, the page or the window."""
        # Imported here: PySide6 builds its whole `Qt` namespace (~20 ms) on the first import,
        # and this module is on the path to the first frame, where no action is placed yet.
        from PySide6.QtCore import Qt

        if command.targets is not None:
            action.setShortcutContext(_widget_context(command))
            for widget in command.targets(owner):
                widget.addAction(action)
                widget.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        elif command.scope in PAGE_SCOPES:
            action.setShortcutContext(_widget_context(command))
            host.addAction(action)
        else:
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            host.addAction(action)

    def _list(self, command: Command, action: QAction) -> None:
        """The command's menu entry (and its radio group, for checkable ones)."""
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
            # A page not built yet runs a command that needs nothing from it (it is built first).
            return command.scope in self._builders and command.enabled is None
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
        build = self._builders.get(command.scope)
        if build is not None:
            build()  # the command's page, on its first use
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
