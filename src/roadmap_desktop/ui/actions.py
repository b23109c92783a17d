"""Every command of the app, declared once: text, shortcut, where it lives and what it runs.

Menus, context menus, toolbar buttons, the F1 list and the command palette are all built from
`COMMANDS`; nothing else creates a QAction for a user command. A command's `run` receives the
object that owns its scope (the main window, a page, or the editor window) and takes nothing
from `triggered`, so the `checked` flag can never land in a parameter.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from roadmap_desktop.ui.scopes import (
    MENU_ORDER,
    PAGE_SCOPES,
    PAGE_TITLES,
    SCOPE_TITLES,
    SEPARATE_WINDOW,
    Scope,
)

__all__ = [  # the scopes are re-exported: callers import the whole registry from here
    "COMMANDS",
    "MENU_ORDER",
    "PAGE_SCOPES",
    "PAGE_TITLES",
    "SCOPE_TITLES",
    "SEPARATE_WINDOW",
    "A",
    "Command",
    "Scope",
]


# A key is a portable string ("Ctrl+O") or a QKeySequence.StandardKey name ("Quit"); names
# are resolved only when the shortcuts are bound, after the first frame.
Keys = tuple[str, ...]
STANDARD = "std:"


class A(enum.StrEnum):
    """Stable identifiers of every command (used by tests, settings and the palette)."""

    # File
    IMPORT_CURRICULUM = "import_curriculum"
    IMPORT_FOLDER = "import_folder"
    EXPORT_MARKDOWN = "export_markdown"
    EXPORT_JSON = "export_json"
    BACKUP_EXPORT = "backup_export"
    BACKUP_IMPORT = "backup_import"
    RESTORE_AUTOMATIC = "restore_automatic"
    SYNC_FOLDER = "sync_folder"
    SYNC_NOW = "sync_now"
    OPEN_DATA = "open_data"
    QUIT = "quit"
    # Edit
    UNDO = "undo"
    REDO = "redo"
    COMMAND_PALETTE = "command_palette"
    # Roadmap (window-wide)
    SWITCH_ROADMAP = "switch_roadmap"
    SCHEDULE = "schedule"
    NEW_ROADMAP = "new_roadmap"
    EDIT_ROADMAP = "edit_roadmap"
    COPY_ROADMAP = "copy_roadmap"
    # Roadmap page
    MARK_TODO = "mark_todo"
    MARK_IN_PROGRESS = "mark_in_progress"
    MARK_DONE = "mark_done"
    MARK_SKIPPED = "mark_skipped"
    TOGGLE_DONE = "toggle_done"
    GO_TO_TIMELINE = "go_to_timeline"
    EDIT_NOTES = "edit_notes"
    TOGGLE_PREVIEW = "toggle_preview"
    FILTER_STEPS = "filter_steps"
    CHOOSE_ALTERNATIVE = "choose_alternative"
    STEP_ADD_RESOURCE = "step_add_resource"
    STEP_LINK_RESOURCE = "step_link_resource"
    STEP_UNLINK_RESOURCE = "step_unlink_resource"
    PLAN_STEP = "plan_step"
    START_TIMER = "start_timer"
    LOG_TIME = "log_time"
    NEW_CARD = "new_card"
    QUIZ_STEP = "quiz_step"
    IMPORT_CARDS = "import_cards"
    MAKE_CARD = "make_card"
    MAKE_CLOZE = "make_cloze"
    # Library page
    ADD_RESOURCE = "add_resource"
    EDIT_RESOURCE = "edit_resource"
    OPEN_RESOURCE = "open_resource"
    DELETE_RESOURCES = "delete_resources"
    RESOURCE_DONE = "resource_done"
    RESOURCE_IN_PROGRESS = "resource_in_progress"
    RESOURCE_TODO = "resource_todo"
    RESOURCE_DROPPED = "resource_dropped"
    TAG_RESOURCES = "tag_resources"
    FILTER_RESOURCES = "filter_resources"
    RATE_0 = "rate_0"
    RATE_1 = "rate_1"
    RATE_2 = "rate_2"
    RATE_3 = "rate_3"
    RATE_4 = "rate_4"
    RATE_5 = "rate_5"
    IMPORT_BOOKMARKS = "import_bookmarks"
    IMPORT_CSV = "import_csv"
    EXPORT_CSV = "export_csv"
    # Planner page
    PREVIOUS_WEEK = "previous_week"
    NEXT_WEEK = "next_week"
    THIS_WEEK = "this_week"
    PLAN_MY_WEEK = "plan_my_week"
    AVAILABILITY = "availability"
    EXPORT_ICS = "export_ics"
    EDIT_BLOCK = "edit_block"
    TOGGLE_BLOCK_DONE = "toggle_block_done"
    BLOCK_PREVIOUS_DAY = "block_previous_day"
    BLOCK_NEXT_DAY = "block_next_day"
    BLOCK_LONGER = "block_longer"
    BLOCK_SHORTER = "block_shorter"
    BLOCK_TIMER = "block_timer"
    DELETE_BLOCK = "delete_block"
    PAUSE_TIMER = "pause_timer"
    STOP_TIMER = "stop_timer"
    # Review page
    SHOW_ANSWER = "show_answer"
    GRADE_AGAIN = "grade_again"
    GRADE_HARD = "grade_hard"
    GRADE_GOOD = "grade_good"
    GRADE_EASY = "grade_easy"
    EDIT_CARD = "edit_card"
    SUSPEND_CARD = "suspend_card"
    DELETE_CARD = "delete_card"
    END_QUIZ = "end_quiz"
    REVIEW_OPTIONS = "review_options"
    ARCHIVED_CARDS = "archived_cards"
    EXPORT_APKG = "export_apkg"
    EXPORT_CARDS_TEXT = "export_cards_text"
    # Stats page
    STATS_OPEN_DAY = "stats_open_day"
    STATS_HEATMAP = "stats_heatmap"
    STATS_ALL_ROADMAPS = "stats_all_roadmaps"
    STATS_SAVE_PNG = "stats_save_png"
    STATS_SAVE_CSV = "stats_save_csv"
    # View
    PAGE_ROADMAP = "page_roadmap"
    PAGE_LIBRARY = "page_library"
    PAGE_PLANNER = "page_planner"
    PAGE_REVIEW = "page_review"
    PAGE_STATS = "page_stats"
    THEME_SYSTEM = "theme_system"
    THEME_LIGHT = "theme_light"
    THEME_DARK = "theme_dark"
    FULL_SCREEN = "full_screen"
    # Help
    SHORTCUTS = "shortcuts"
    ABOUT = "about"
    # Roadmap editor window
    EDITOR_SAVE_STEP = "editor_save_step"
    EDITOR_UNDO = "editor_undo"
    EDITOR_REDO = "editor_redo"
    EDITOR_CLOSE = "editor_close"


@dataclass(frozen=True)
class Command:
    """One user command.

    `run(owner)` does the work; `owner` is the main window for WINDOW, the page for a page
    scope and the editor for EDITOR. `targets(owner)` names the widgets the shortcut lives on
    when it is narrower than the whole scope (a list, a table); `enabled(owner)` says when it
    can run; `menu` is a path such as "File" or "View/Theme" ("" for no menu), `group` puts a
    separator between groups of a menu.
    """

    id: A
    text: str
    scope: Scope
    run: Callable[[Any], object]
    keys: Keys = ()
    menu: str = ""
    group: str = ""
    targets: Callable[[Any], Iterable[Any]] | None = None
    enabled: Callable[[Any], bool] | None = None
    needs_data: bool = True  # disabled until the database is open (WINDOW scope)
    checkable: bool = False
    role: str = ""  # "quit", "about": the macOS application menu
    tip: str = ""

    @property
    def name(self) -> str:
        """The text without mnemonics, as lists and the palette show it."""
        return self.text.replace("&&", "\0").replace("&", "").replace("\0", "&")


def _has_roadmap(window: Any) -> bool:
    return window.current_roadmap_id() is not None


def _block_views(page: Any) -> list[Any]:
    return [column.view for column in page.columns]


def _step_views(page: Any) -> list[Any]:
    return [page.step_view, page.timeline]


def _library_table(page: Any) -> list[Any]:
    return [page.table]


def _heatmap(page: Any) -> list[Any]:
    return [page.heatmap]


def _charts(page: Any) -> list[Any]:
    return list(page.charts)


def _rate(stars: int) -> Command:
    return Command(
        A(f"rate_{stars}"),
        f"Rate {stars} Star{'s' if stars != 1 else ''}",
        Scope.LIBRARY,
        lambda p: p.rate_selected(stars),
        keys=(str(stars),),
        menu="&Library/&Rate",
        targets=_library_table,
    )


def _grade(rating: int, name: str) -> Command:
    return Command(
        A(f"grade_{name.lower()}"),
        f"&{name}",
        Scope.REVIEW,
        lambda p: getattr(p, f"grade_{name.lower()}")(),
        keys=(str(rating),),
        menu="Revie&w",
        group="grade",
        enabled=lambda p: p.can_grade(),
    )


W, R, L, P, E = Scope.WINDOW, Scope.ROADMAP, Scope.LIBRARY, Scope.PLANNER, Scope.EDITOR
V = Scope.REVIEW
S = Scope.STATS

COMMANDS: tuple[Command, ...] = (
    # --- File ----------------------------------------------------------------------------------
    Command(A.IMPORT_CURRICULUM, "&Import Curriculum…", W,
            lambda w: w.commands.import_curriculum(), ("Ctrl+O",), "&File", "import"),
    Command(A.IMPORT_FOLDER, "Import Lesson &Folder…", W,
            lambda w: w.commands.import_folder(), (), "&File", "import"),
    Command(A.EXPORT_MARKDOWN, "Export Roadmap as &Markdown…", W,
            lambda w: w.commands.export_markdown(), (), "&File", "export", enabled=_has_roadmap),
    Command(A.EXPORT_JSON, "&Export Roadmap as JSON…", W,
            lambda w: w.commands.export_json(), ("Ctrl+Shift+E",), "&File", "export",
            enabled=_has_roadmap),
    Command(A.BACKUP_EXPORT, "&Back Up Everything…", W,
            lambda w: w.commands.backup_export(), (), "&File", "backup"),
    Command(A.BACKUP_IMPORT, "&Restore From Backup File…", W,
            lambda w: w.commands.backup_import(), (), "&File", "backup"),
    Command(A.RESTORE_AUTOMATIC, "Restore From &Automatic Backup…", W,
            lambda w: w.commands.restore_automatic(), (), "&File", "backup"),
    Command(A.SYNC_FOLDER, "S&ync Folder…", W, lambda w: w.open_sync_dialog(), (), "&File",
            "sync", tip="Keep this computer in step with your others through a shared folder"),
    Command(A.SYNC_NOW, "Sync &Now", W, lambda w: w.sync.sync_now(), ("F9",), "&File", "sync",
            enabled=lambda w: w.ctx is not None and bool(w.ctx.settings.sync_folder),
            tip="Sync through the shared folder now (during a round: again right after it)"),
    Command(A.OPEN_DATA, "Open &Data Folder", W,
            lambda w: w.open_data_folder(), (), "&File", "data"),
    Command(A.QUIT, "&Quit", W, lambda w: w.close(), (STANDARD + "Quit",), "&File", "quit",
            needs_data=False, role="quit"),
    # --- Edit ----------------------------------------------------------------------------------
    Command(A.UNDO, "&Undo", W, lambda w: w.ctx.undo_stack.undo(), (STANDARD + "Undo",),
            "&Edit", enabled=lambda w: w.ctx.undo_stack.canUndo()),
    Command(A.REDO, "&Redo", W, lambda w: w.ctx.undo_stack.redo(),
            ("Ctrl+Shift+Z", STANDARD + "Redo"), "&Edit",
            enabled=lambda w: w.ctx.undo_stack.canRedo()),
    Command(A.COMMAND_PALETTE, "&Search and Commands…", W, lambda w: w.open_palette(),
            ("Ctrl+K",), "&Edit", "find",
            tip="Find steps, notes, resources and questions, or run any command"),
    # --- Roadmap (window-wide) -----------------------------------------------------------------
    Command(A.SWITCH_ROADMAP, "S&witch Roadmap…", W, lambda w: w.focus_switcher(), ("Ctrl+R",),
            "&Roadmap", "roadmap"),
    Command(A.SCHEDULE, "&Schedule…", W, lambda w: w.commands.edit_schedule(), (), "&Roadmap",
            "roadmap", enabled=_has_roadmap, tip="Start date and weekly study hours"),
    Command(A.NEW_ROADMAP, "&New Roadmap…", W, lambda w: w.commands.new_roadmap(),
            ("Ctrl+Shift+N",), "&Roadmap", "edit"),
    Command(A.EDIT_ROADMAP, "&Edit Roadmap…", W, lambda w: w.commands.edit_roadmap(),
            ("Ctrl+Shift+D",), "&Roadmap", "edit", enabled=_has_roadmap),
    Command(A.COPY_ROADMAP, "Make My Own &Copy…", W, lambda w: w.commands.copy_roadmap(), (),
            "&Roadmap", "edit", enabled=_has_roadmap),
    # --- Roadmap page: the selected step -------------------------------------------------------
    Command(A.MARK_TODO, "Mark &To Do", R, lambda p: p.set_selected_status("todo"), ("1",),
            "&Roadmap", "status", _step_views),
    Command(A.MARK_IN_PROGRESS, "Mark &In Progress", R,
            lambda p: p.set_selected_status("in_progress"), ("2",), "&Roadmap", "status",
            _step_views),
    Command(A.MARK_DONE, "Mark &Done", R, lambda p: p.set_selected_status("done"), ("3",),
            "&Roadmap", "status", _step_views),
    Command(A.MARK_SKIPPED, "Mark S&kipped", R, lambda p: p.set_selected_status("skipped"),
            ("4",), "&Roadmap", "status", _step_views),
    Command(A.TOGGLE_DONE, "&Toggle Done", R, lambda p: p.toggle_selected_done(), ("Space",),
            "&Roadmap", "status", _step_views),
    Command(A.CHOOSE_ALTERNATIVE, "C&hoose This One", R,
            lambda p: p.choose_selected_alternative(), (), "&Roadmap", "status", _step_views,
            enabled=lambda p: p.can_choose_alternative(),
            tip="Of a “choose one of” group: count this option, keep the others as not chosen"),
    Command(A.GO_TO_TIMELINE, "Go to Time&line", R, lambda p: p.timeline.setFocus(),
            ("Ctrl+T",), "&Roadmap", "go"),
    Command(A.EDIT_NOTES, "Edit &Notes", R, lambda p: p.detail.notes.focus_editor(),
            ("Ctrl+E",), "&Roadmap", "go"),
    Command(A.TOGGLE_PREVIEW, "Toggle Notes &Preview", R,
            lambda p: p.detail.notes.toggle_preview(), ("Ctrl+Shift+P",), "&Roadmap", "go"),
    Command(A.FILTER_STEPS, "&Filter Steps", R, lambda p: p.focus_filter(),
            (STANDARD + "Find",), "&Roadmap", "go"),
    Command(A.STEP_ADD_RESOURCE, "&Add Resource to Step…", R,
            lambda p: p.detail.resources.add_resource(), (), "&Roadmap", "step",
            enabled=lambda p: p.selected_step_key() is not None),
    Command(A.STEP_LINK_RESOURCE, "&Link Library Resource to Step…", R,
            lambda p: p.detail.resources.link_existing(), (), "&Roadmap", "step",
            enabled=lambda p: p.selected_step_key() is not None),
    Command(A.STEP_UNLINK_RESOURCE, "&Unlink from This Step", R,
            lambda p: p.detail.resources.unlink_selected(), (STANDARD + "Delete",), "",
            targets=lambda p: [p.detail.resources.view]),
    Command(A.PLAN_STEP, "&Plan This Step…", R, lambda p: p.detail.plan_this(), (),
            "&Roadmap", "time", enabled=lambda p: p.selected_step_key() is not None),
    Command(A.START_TIMER, "Start &Timer", R, lambda p: p.detail.start_timer(), (),
            "&Roadmap", "time", enabled=lambda p: p.selected_step_key() is not None),
    Command(A.LOG_TIME, "Log Ti&me…", R, lambda p: p.detail.log_time(), (), "&Roadmap",
            "time", enabled=lambda p: p.selected_step_key() is not None),
    Command(A.NEW_CARD, "New &Card…", R, lambda p: p.detail.questions.new_card(), (),
            "&Roadmap", "cards", enabled=lambda p: p.selected_step_key() is not None),
    Command(A.QUIZ_STEP, "&Quiz Me on This Step", R, lambda p: p.detail.questions.quiz(), (),
            "&Roadmap", "cards", enabled=lambda p: p.selected_step_key() is not None),
    Command(A.IMPORT_CARDS, "Import Cards Into This Step…", R,
            lambda p: p.detail.questions.import_cards(), (), "&Roadmap", "cards",
            enabled=lambda p: p.selected_step_key() is not None),
    Command(A.MAKE_CARD, "Make Card From &Selection", R,
            lambda p: p.detail.card_from_selection(cloze=False), (), "&Roadmap", "cards",
            enabled=lambda p: p.detail.notes.editor.textCursor().hasSelection()),
    Command(A.MAKE_CLOZE, "Make Cl&oze From Selection", R,
            lambda p: p.detail.card_from_selection(cloze=True), (), "&Roadmap", "cards",
            enabled=lambda p: p.detail.notes.editor.textCursor().hasSelection()),
    # --- Library page --------------------------------------------------------------------------
    Command(A.ADD_RESOURCE, "&Add Resource…", L, lambda p: p.add_resource(),
            (STANDARD + "New",), "&Library", "edit"),
    Command(A.EDIT_RESOURCE, "&Edit Resource…", L, lambda p: p.edit_selected(), ("F2",),
            "&Library", "edit", _library_table),
    Command(A.OPEN_RESOURCE, "&Open Resource", L, lambda p: p.open_selected(), ("Return",),
            "&Library", "edit", _library_table),
    Command(A.DELETE_RESOURCES, "&Delete Resources", L, lambda p: p.delete_selected(),
            (STANDARD + "Delete",), "&Library", "edit", _library_table),
    Command(A.RESOURCE_DONE, "Mark &Done", L, lambda p: p.set_status(p.selected_ids(), "done"),
            ("Ctrl+D",), "&Library", "status"),
    Command(A.RESOURCE_IN_PROGRESS, "Mark In &Progress", L,
            lambda p: p.set_status(p.selected_ids(), "in_progress"), ("Ctrl+I",), "&Library",
            "status"),
    Command(A.RESOURCE_TODO, "Mark &To Do", L,
            lambda p: p.set_status(p.selected_ids(), "to_do"), ("Ctrl+U",), "&Library",
            "status"),
    Command(A.RESOURCE_DROPPED, "Mark D&ropped", L,
            lambda p: p.set_status(p.selected_ids(), "dropped"), (), "&Library", "status"),
    Command(A.TAG_RESOURCES, "Add &Tag to Selected…", L, lambda p: p.tag_selected(),
            ("Ctrl+T",), "&Library", "status"),
    _rate(0), _rate(1), _rate(2), _rate(3), _rate(4), _rate(5),
    Command(A.FILTER_RESOURCES, "&Filter Resources", L, lambda p: p.focus_search(),
            (STANDARD + "Find",), "&Library", "find"),
    Command(A.IMPORT_BOOKMARKS, "Import &Bookmarks…", L,
            lambda p: p.import_file("bookmarks"), (), "&Library", "io"),
    Command(A.IMPORT_CSV, "Import &CSV…", L, lambda p: p.import_file("csv"), (), "&Library",
            "io"),
    Command(A.EXPORT_CSV, "&Export Library as CSV…", L, lambda p: p.export_csv(), (),
            "&Library", "io"),
    # --- Planner page --------------------------------------------------------------------------
    Command(A.PREVIOUS_WEEK, "&Previous Week", P, lambda p: p.shift_week(-1), ("Alt+Left",),
            "&Planner", "week"),
    Command(A.NEXT_WEEK, "&Next Week", P, lambda p: p.shift_week(1), ("Alt+Right",),
            "&Planner", "week"),
    Command(A.THIS_WEEK, "T&his Week", P, lambda p: p.go_this_week(), ("Alt+Home",),
            "&Planner", "week"),
    Command(A.PLAN_MY_WEEK, "Plan &My Week…", P, lambda p: p.plan_my_week(),
            ("Ctrl+Shift+M",), "&Planner", "plan"),
    Command(A.AVAILABILITY, "&Availability…", P, lambda p: p.edit_availability(), (),
            "&Planner", "plan"),
    Command(A.EXPORT_ICS, "Export Week as &Calendar (.ics)…", P, lambda p: p.export_ics(), (),
            "&Planner", "plan"),
    Command(A.EDIT_BLOCK, "&Edit Block…", P, lambda p: p.edit_current_block(), ("Return",),
            "&Planner", "block", _block_views),
    Command(A.TOGGLE_BLOCK_DONE, "Toggle Block &Done", P, lambda p: p.toggle_done(),
            ("Space",), "&Planner", "block", _block_views),
    Command(A.BLOCK_PREVIOUS_DAY, "Move to P&revious Day", P, lambda p: p.nudge_day(-1),
            ("Ctrl+Left",), "&Planner", "block", _block_views),
    Command(A.BLOCK_NEXT_DAY, "Move to Ne&xt Day", P, lambda p: p.nudge_day(1),
            ("Ctrl+Right",), "&Planner", "block", _block_views),
    Command(A.BLOCK_LONGER, "&Longer (+15 min)", P, lambda p: p.resize_block(15), ("+",),
            "&Planner", "block", _block_views),
    Command(A.BLOCK_SHORTER, "&Shorter (−15 min)", P, lambda p: p.resize_block(-15), ("-",),
            "&Planner", "block", _block_views),
    Command(A.BLOCK_TIMER, "Start &Timer on Block", P, lambda p: p.start_timer_on_block(), (),
            "&Planner", "block", _block_views),
    Command(A.DELETE_BLOCK, "De&lete Block", P, lambda p: p.delete_block(),
            (STANDARD + "Delete",), "&Planner", "block", _block_views),
    Command(A.PAUSE_TIMER, "Pause or Resume Timer", W, lambda w: w.timer_widget.toggle_pause(),
            (), "&Planner", "timer", enabled=lambda w: w.timer_widget.running()),
    Command(A.STOP_TIMER, "Stop Timer", W, lambda w: w.timer_widget.stop_timer(), (),
            "&Planner", "timer", enabled=lambda w: w.timer_widget.running()),
    # --- Review page ---------------------------------------------------------------------------
    Command(A.SHOW_ANSWER, "&Show Answer", V, lambda p: p.show_answer(),
            ("Space", "Return", "Enter"), "Revie&w", "grade", enabled=lambda p: p.has_card(),
            tip="Show the answer; once shown, answer Good"),
    _grade(1, "Again"), _grade(2, "Hard"), _grade(3, "Good"), _grade(4, "Easy"),
    Command(A.EDIT_CARD, "&Edit Card…", V, lambda p: p.edit_current(), ("E",), "Revie&w",
            "card", enabled=lambda p: p.has_card()),
    Command(A.SUSPEND_CARD, "S&uspend Card", V, lambda p: p.suspend_current(), ("S",),
            "Revie&w", "card", enabled=lambda p: p.has_card()),
    Command(A.DELETE_CARD, "&Delete Card", V, lambda p: p.delete_current(),
            (STANDARD + "Delete",), "Revie&w", "card", enabled=lambda p: p.has_card()),
    Command(A.END_QUIZ, "End &Quiz", V, lambda p: p.end_quiz(), ("Escape",), "Revie&w",
            "card", enabled=lambda p: p.in_quiz()),
    Command(A.REVIEW_OPTIONS, "Review &Options…", V, lambda p: p.open_options(), (),
            "Revie&w", "options"),
    Command(A.ARCHIVED_CARDS, "&Archived Cards…", V, lambda p: p.show_archived(), (),
            "Revie&w", "options"),
    Command(A.EXPORT_APKG, "Export Cards to &Anki (.apkg)…", V, lambda p: p.export_apkg(), (),
            "Revie&w", "io"),
    Command(A.EXPORT_CARDS_TEXT, "Export Cards as &Text…", V, lambda p: p.export_text(), (),
            "Revie&w", "io"),
    # --- Stats page ----------------------------------------------------------------------------
    Command(A.STATS_OPEN_DAY, "&Open the Day's Sessions…", S, lambda p: p.open_current_day(),
            ("Return", "Enter"), "&Stats", "day", _heatmap,
            tip="List, edit, delete or add the sessions of the day under the cursor"),
    Command(A.STATS_HEATMAP, "Go to &Heatmap", S, lambda p: p.heatmap.setFocus(), ("Ctrl+H",),
            "&Stats", "day"),
    Command(A.STATS_ALL_ROADMAPS, "Show &All Roadmaps", S, lambda p: p.show_all_roadmaps(), (),
            "&Stats", "scope"),
    Command(A.STATS_SAVE_PNG, "Save Chart as &PNG…", S, lambda p: p.current_chart().save_png(),
            (), "&Stats", "save", _charts),
    Command(A.STATS_SAVE_CSV, "Save Chart Data as &CSV…", S,
            lambda p: p.current_chart().save_csv(), (), "&Stats", "save", _charts),
    # --- View ----------------------------------------------------------------------------------
    Command(A.PAGE_ROADMAP, "&Roadmap", W, lambda w: w.show_scope(Scope.ROADMAP), ("Ctrl+1",),
            "&View", "pages"),
    Command(A.PAGE_LIBRARY, "&Library", W, lambda w: w.show_scope(Scope.LIBRARY), ("Ctrl+2",),
            "&View", "pages"),
    Command(A.PAGE_PLANNER, "&Planner", W, lambda w: w.show_scope(Scope.PLANNER), ("Ctrl+3",),
            "&View", "pages"),
    Command(A.PAGE_REVIEW, "Revie&w", W, lambda w: w.show_scope(Scope.REVIEW), ("Ctrl+4",),
            "&View", "pages"),
    Command(A.PAGE_STATS, "&Stats", W, lambda w: w.show_scope(Scope.STATS), ("Ctrl+5",),
            "&View", "pages"),
    Command(A.THEME_SYSTEM, "Follow &System", W, lambda w: w.set_theme("system"), (),
            "&View/&Theme", checkable=True, enabled=None),
    Command(A.THEME_LIGHT, "&Light", W, lambda w: w.set_theme("light"), (), "&View/&Theme",
            checkable=True),
    Command(A.THEME_DARK, "&Dark", W, lambda w: w.set_theme("dark"), (), "&View/&Theme",
            checkable=True),
    Command(A.FULL_SCREEN, "&Full Screen", W, lambda w: w.toggle_full_screen(),
            (STANDARD + "FullScreen",), "&View", "window", needs_data=False),
    # --- Help ----------------------------------------------------------------------------------
    Command(A.SHORTCUTS, "&Keyboard Shortcuts", W, lambda w: w.show_shortcuts(),
            (STANDARD + "HelpContents",), "&Help", needs_data=False),
    Command(A.ABOUT, "&About Roadmap Desktop", W, lambda w: w.show_about(), (), "&Help",
            needs_data=False, role="about"),
    # --- The roadmap editor window -------------------------------------------------------------
    Command(A.EDITOR_SAVE_STEP, "&Save Step", E, lambda e: e.save_step(), ("Ctrl+S",)),
    Command(A.EDITOR_UNDO, "&Undo", E, lambda e: e.ctx.undo_stack.undo(), (STANDARD + "Undo",)),
    Command(A.EDITOR_REDO, "&Redo", E, lambda e: e.ctx.undo_stack.redo(),
            ("Ctrl+Shift+Z", STANDARD + "Redo")),
    Command(A.EDITOR_CLOSE, "&Close Editor", E, lambda e: e.close(), (STANDARD + "Close",)),
)  # fmt: skip

BY_ID: dict[A, Command] = {command.id: command for command in COMMANDS}
# The View command that shows each page (its shortcut is the page's, in the rail's tooltip).
PAGE_COMMANDS = {
    Scope.ROADMAP: A.PAGE_ROADMAP,
    Scope.LIBRARY: A.PAGE_LIBRARY,
    Scope.PLANNER: A.PAGE_PLANNER,
    Scope.REVIEW: A.PAGE_REVIEW,
    Scope.STATS: A.PAGE_STATS,
}


def commands_in(scope: Scope) -> list[Command]:
    """The commands of one scope, in declaration order."""
    return [command for command in COMMANDS if command.scope is scope]
