"""Every registered command, triggered the way a user does, with its dialogs cancelled and accepted.

Each command is run through its QAction (menu item or shortcut). Dialogs are answered, never
skipped: file dialogs return fixture files or save paths, message boxes and our own dialogs are
accepted or cancelled. No command may raise, log an error or show the error dialog; an accepted
run must leave the visible effect a user expects, and a cancelled one must change nothing.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QApplication, QDialog, QFileDialog, QInputDialog, QMessageBox

from roadmap_desktop.core.enums import StepStatus
from roadmap_desktop.services import library as lib
from roadmap_desktop.services import planner, queries, study
from roadmap_desktop.services.backup_bundle import export_bundle
from roadmap_desktop.ui.actions import COMMANDS, A, Scope
from roadmap_desktop.ui.stats.stats_page import ALL

FIXTURES = Path(__file__).parent.parent / "fixtures"
CURRICULUM = (
    "# Learn Rust\n\n## Basics\n\n- [ ] Ownership\n- [x] Borrowing\n\n## Async\n\n- [ ] Tokio\n"
)


@dataclass
class Answers:
    """How the dialogs of one run are answered, and what they were asked."""

    accept: bool
    files: dict[str, Path]
    save_dir: Path
    opened: list[str]
    saved: list[Path]
    dialogs: list[str]


def _pick_file(answers: Answers, caption: str, filt: str) -> str:
    text = f"{caption} {filt}".lower()
    for needle, key in (
        ("cards", "cards"),
        ("bundle", "bundle"),
        ("backup", "bundle"),
        ("curricul", "curriculum"),
        ("html", "bookmarks"),
        ("csv", "csv"),
    ):
        if needle in text:
            return str(answers.files[key])
    return str(answers.files["curriculum"])


def _fill(dialog: QDialog) -> None:
    """Type what a user types before pressing OK in dialogs that need input."""
    name = type(dialog).__name__
    if name == "CardDialog" and not dialog.front.toPlainText():
        dialog.front.setPlainText("What does an index trade for faster reads?")
        dialog.back.setPlainText("Slower writes and more space.")
    elif name == "ResourceDialog":
        dialog.title.setText("A fresh article")
        dialog.location.setText("https://example.org/fresh-article")
    elif name == "SearchPicker":
        dialog.results.setCurrentRow(dialog.results.count() - 1)  # a resource not linked yet
    elif name == "BlockDialog" and dialog.title.isVisible() and not dialog.title.text():
        dialog.title.setText("Reading")


@pytest.fixture
def answers(monkeypatch, tmp_path, request) -> Answers:
    """Answer every dialog: accept (with fixture files) or cancel, as the test is parametrised."""
    accept = request.param == "accepted"
    lesson = tmp_path / "lessons"
    lesson.mkdir()
    (lesson / "01-intro.md").write_text("# Intro\n\n- [ ] Install the toolchain\n", "utf-8")
    (lesson / "02-types.md").write_text("# Types\n\n- [ ] Integers\n- [ ] Strings\n", "utf-8")
    cards = tmp_path / "cards.txt"
    cards.write_text("What is a B-tree?\tA balanced search tree\nWhat is WAL?\tA log\n", "utf-8")
    curriculum = tmp_path / "learn-rust.md"
    curriculum.write_text(CURRICULUM, "utf-8")
    files = {
        "curriculum": curriculum,
        "cards": cards,
        "folder": lesson,
        "bookmarks": FIXTURES / "bookmarks" / "firefox.html",
        "csv": FIXTURES / "library" / "spreadsheet.csv",
        "bundle": tmp_path / "bundle.json",  # written by the test from the live database
    }
    out = tmp_path / "saved"
    out.mkdir()
    a = Answers(accept, files, out, [], [], [])

    def open_name(parent=None, caption="", directory="", filt="", *args, **kwargs):
        a.dialogs.append("open file")
        return (_pick_file(a, caption, filt), "") if a.accept else ("", "")

    def save_name(parent=None, caption="", directory="", filt="", *args, **kwargs):
        a.dialogs.append("save file")
        if not a.accept:
            return ("", "")
        target = a.save_dir / (Path(directory).name or "out.txt")
        a.saved.append(target)
        return (str(target), "")

    def directory(*args, **kwargs):
        a.dialogs.append("folder")
        return str(lesson) if a.accept else ""

    def get_text(parent=None, title="", label="", *args, **kwargs):
        a.dialogs.append("text")
        return ("Practice", True) if a.accept else ("", False)

    def exec_dialog(dialog):
        a.dialogs.append(type(dialog).__name__)
        if a.accept:
            _fill(dialog)
            dialog.accept()
        else:
            dialog.reject()
        return dialog.result()

    def question(*args, **kwargs):
        a.dialogs.append("question")
        return QMessageBox.StandardButton.Yes if a.accept else QMessageBox.StandardButton.No

    def note(*args, **kwargs):
        a.dialogs.append("message")
        return QMessageBox.StandardButton.Ok

    def open_url(url):
        a.opened.append(url.toString())
        return True

    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(open_name))
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(save_name))
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", staticmethod(directory))
    monkeypatch.setattr(QInputDialog, "getText", staticmethod(get_text))
    monkeypatch.setattr(QDialog, "exec", exec_dialog)
    monkeypatch.setattr(QMessageBox, "exec", exec_dialog)
    monkeypatch.setattr(QMessageBox, "question", staticmethod(question))
    monkeypatch.setattr(QMessageBox, "information", staticmethod(note))
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(note))
    monkeypatch.setattr(QMessageBox, "critical", staticmethod(note))
    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(open_url))
    return a


# --- the state a user can see, before and after -------------------------------------------------


def _roadmaps(w) -> int:
    return len(w.ctx.read(queries.list_roadmaps))


def _resources(w) -> int:
    return len(w.ctx.read(lib.library_rows))


def _step(w):
    page = w.page
    return w.ctx.read(queries.step_detail, page.overview.id, page.selected_step_key())


def _blocks(w) -> int:
    week = w.ctx.read(planner.week_view, date.today(), 0, w.planner.tz)
    return sum(len(d.blocks) for d in week.days)


def _fingerprint(w) -> tuple[Any, ...]:
    step = _step(w) if w.page.overview else None
    return (
        _roadmaps(w),
        _resources(w),
        _blocks(w),
        step and (step.status, len(step.resources), step.note_md),
        w.ctx.read(planner.timer_state) is not None,
    )


# --- what must be true before each command, and after it is accepted ---------------------------


def _select_first_step(w) -> None:
    w.show_scope(Scope.ROADMAP)
    w.page.step_view.setCurrentIndex(w.page.step_model.index(0, 0))
    w.page.step_view.setFocus()


def _library_selection(w) -> None:
    w.show_scope(Scope.LIBRARY)
    w.library.table.setCurrentIndex(w.library.model.index(0, 0))
    w.library.table.setFocus()


def _a_block(w) -> None:
    w.ctx.apply(lambda db: planner.add_block(db, date.today(), 45, title="Reading"))
    w.show_scope(Scope.PLANNER)
    view = w.planner.columns[(date.today() - w.planner.week.start).days].view
    view.setCurrentIndex(view.model().index(0, 0, view.rootIndex()))
    view.setFocus()


def _a_linked_resource(w) -> None:
    _select_first_step(w)
    view = w.page.detail.resources.view
    if view.model().rowCount() == 0:
        rid = w.ctx.read(lib.library_rows)[0].id
        w.ctx.apply(lib.link_step, rid, w.page.overview.id, w.page.selected_step_key())
    view.setCurrentIndex(view.model().index(0, 0))
    view.setFocus()


def _a_timer(w) -> None:
    _select_first_step(w)
    w.ctx.apply(planner.start_timer, w.page.overview.id, w.page.selected_step_key())


def _an_undoable_change(w) -> None:
    _select_first_step(w)
    w.page.set_selected_status(StepStatus.DONE)


def _an_editor(w) -> None:
    w.ctx.apply(study.set_step_status, *_first_key(w), StepStatus.TODO)
    w.binder.action(A.EDIT_ROADMAP).trigger()
    editor = w.commands.editor
    assert editor is not None and editor.isVisible()


def _first_key(w) -> tuple[int, str]:
    return w.page.overview.id, w.page.overview.phases[0].steps[0].key


Check = Callable[[Any, Answers, tuple[Any, ...]], None]


def _a_due_card(w) -> None:
    rid = w.ctx.read(queries.roadmap_id_for, "backend-developer-24-weeks")
    w.ctx.apply(study.set_step_status, rid, "graphql", StepStatus.IN_PROGRESS)
    w.show_scope(Scope.REVIEW)


def _answer_shown(w) -> None:
    _a_due_card(w)
    w.binder.action(A.SHOW_ANSWER).trigger()


def _answered(rating: int) -> Check:
    def check(w, a, before) -> None:
        assert w.review.session and w.review.session[-1] == rating

    return check


def _stats_heatmap(w) -> None:
    w.show_scope(Scope.STATS)
    w.stats.heatmap.setFocus()


def _select_graphql(w) -> None:
    w.show_scope(Scope.ROADMAP)
    overview = w.page.overview
    w.page.select_phase(overview.phase_of("graphql"), "graphql")


def _an_option_selected(w) -> None:
    """The guide's Go step, one of its six languages, selected in the step list."""
    w.switcher.setCurrentIndex(w.switcher.findData("backend-development-guide"))
    w.show_scope(Scope.ROADMAP)
    w.page.select_step("language-go")
    w.page.step_view.setFocus()


def _chosen(w, a, before) -> None:
    group = _step(w).group
    assert group is not None and group.picked == "language-go"


def _note_selected(w) -> None:
    _select_first_step(w)
    notes = w.page.detail.notes
    notes.focus_editor()
    notes.editor.setPlainText("An index is a sorted copy of some columns.")
    notes.flush()  # autosaved, as it would be a second after typing
    notes.editor.selectAll()


def _archived_dialog_open(w) -> bool:
    from roadmap_desktop.ui.review.archived_dialog import ArchivedCardsDialog

    return any(d.isVisible() for d in w.review.findChildren(ArchivedCardsDialog))


def _more_roadmaps(w, a, before) -> None:
    assert _roadmaps(w) == before[0] + 1


def _file_saved(w, a, before) -> None:
    assert a.saved and a.saved[-1].exists() and a.saved[-1].stat().st_size > 0


def _status(status: StepStatus) -> Check:
    def check(w, a, before) -> None:
        assert _step(w).status == status

    return check


def _resource_count(delta: int) -> Check:
    def check(w, a, before) -> None:
        assert _resources(w) == before[1] + delta

    return check


def _selected_resource_status(status: str) -> Check:
    def check(w, a, before) -> None:
        assert w.ctx.read(lib.library_row, w.library.selected_ids()[0]).status == status

    return check


def _rated(stars: int) -> Check:
    def check(w, a, before) -> None:
        assert w.ctx.read(lib.library_row, w.library.selected_ids()[0]).rating == stars

    return check


def _focus_on(get: Callable[[Any], Any]) -> Check:
    def check(w, a, before) -> None:
        widget = get(w)
        assert widget.hasFocus() or widget.isAncestorOf(w.focusWidget() or widget)

    return check


def _dialog_shown(name: str) -> Check:
    def check(w, a, before) -> None:
        assert name in a.dialogs

    return check


def _week_moved(delta: int) -> Check:
    def check(w, a, before) -> None:
        today = date.today()
        assert (
            w.planner.week.start
            - (
                today
                - __import__("datetime").timedelta(
                    days=(today.weekday() - w.planner.first_weekday) % 7
                )
            )
        ).days == 7 * delta

    return check


def _page(scope: Scope) -> Check:
    def check(w, a, before) -> None:
        assert w.current_scope() is scope

    return check


def _theme(name: str) -> Check:
    def check(w, a, before) -> None:
        assert w.ctx.settings.theme == name

    return check


def _syncing(w) -> None:
    """A shared folder chosen (as File ▸ Sync Folder… does) and its first round over; the
    rounds started from now on are counted."""
    shared = w.ctx.data_dir.parent / "shared"
    shared.mkdir(exist_ok=True)
    w.sync.use_folder(shared)
    w.sync.wait()
    QApplication.processEvents()  # the round's report arrives
    w.rounds_started = []
    w.sync.started.connect(lambda: w.rounds_started.append(1))


def _no_check(w, a, before) -> None:
    """The command has no lasting effect to see (it only moves focus or shows a view)."""


@dataclass(frozen=True)
class Case:
    setup: Callable[[Any], None] | None
    accepted: Check
    asks: bool = False  # a cancelled dialog must leave everything as it was


CASES: dict[A, Case] = {
    A.IMPORT_CURRICULUM: Case(None, _more_roadmaps, asks=True),
    A.IMPORT_FOLDER: Case(None, _more_roadmaps, asks=True),
    A.EXPORT_MARKDOWN: Case(None, _file_saved, asks=True),
    A.EXPORT_JSON: Case(None, _file_saved, asks=True),
    A.BACKUP_EXPORT: Case(None, _file_saved, asks=True),
    A.BACKUP_IMPORT: Case(None, _dialog_shown("message"), asks=True),
    A.RESTORE_AUTOMATIC: Case(None, _dialog_shown("RestoreDialog")),
    A.SYNC_FOLDER: Case(None, _dialog_shown("SyncDialog")),
    A.SYNC_NOW: Case(_syncing, lambda w, a, b: w.rounds_started == [1]),
    A.OPEN_DATA: Case(None, lambda w, a, b: a.opened and a.opened[-1].startswith("file:")),
    A.QUIT: Case(None, lambda w, a, b: not w.isVisible()),
    A.UNDO: Case(_an_undoable_change, _status(StepStatus.TODO)),
    A.REDO: Case(
        lambda w: (_an_undoable_change(w), w.ctx.undo_stack.undo()), _status(StepStatus.DONE)
    ),
    A.SWITCH_ROADMAP: Case(None, _focus_on(lambda w: w.switcher)),
    A.SCHEDULE: Case(None, _dialog_shown("ScheduleDialog"), asks=True),
    A.NEW_ROADMAP: Case(None, _more_roadmaps, asks=True),
    A.EDIT_ROADMAP: Case(None, lambda w, a, b: w.commands.editor.isVisible()),
    A.COPY_ROADMAP: Case(None, _more_roadmaps, asks=True),
    A.MARK_TODO: Case(_an_undoable_change, _status(StepStatus.TODO)),
    A.MARK_IN_PROGRESS: Case(_select_first_step, _status(StepStatus.IN_PROGRESS)),
    A.MARK_DONE: Case(_select_first_step, _status(StepStatus.DONE)),
    A.MARK_SKIPPED: Case(_select_first_step, _status(StepStatus.SKIPPED)),
    A.TOGGLE_DONE: Case(_select_first_step, _status(StepStatus.DONE)),
    A.CHOOSE_ALTERNATIVE: Case(_an_option_selected, _chosen),
    A.GO_TO_TIMELINE: Case(None, _focus_on(lambda w: w.page.timeline)),
    A.EDIT_NOTES: Case(_select_first_step, _focus_on(lambda w: w.page.detail.notes.editor)),
    A.TOGGLE_PREVIEW: Case(
        _select_first_step, lambda w, a, b: w.page.detail.notes.stack.currentIndex() == 1
    ),
    A.STEP_ADD_RESOURCE: Case(
        _select_first_step, lambda w, a, b: len(_step(w).resources) == b[3][1] + 1, asks=True
    ),
    A.STEP_LINK_RESOURCE: Case(
        _select_first_step, lambda w, a, b: len(_step(w).resources) == b[3][1] + 1, asks=True
    ),
    A.STEP_UNLINK_RESOURCE: Case(
        _a_linked_resource, lambda w, a, b: len(_step(w).resources) == b[3][1] - 1
    ),
    A.PLAN_STEP: Case(_select_first_step, lambda w, a, b: _blocks(w) >= b[2], asks=True),
    A.START_TIMER: Case(_select_first_step, lambda w, a, b: w.timer_widget.running()),
    A.LOG_TIME: Case(_select_first_step, _dialog_shown("LogTimeDialog"), asks=True),
    A.COMMAND_PALETTE: Case(None, lambda w, a, b: w.palette is not None and w.palette.isVisible()),
    A.FILTER_STEPS: Case(None, _focus_on(lambda w: w.page.filter)),
    A.NEW_CARD: Case(_select_first_step, _dialog_shown("CardDialog"), asks=True),
    A.QUIZ_STEP: Case(_select_graphql, _page(Scope.REVIEW)),
    A.IMPORT_CARDS: Case(
        _select_first_step, lambda w, a, b: len(w.page.detail.questions.rows) >= 2, asks=True
    ),
    A.MAKE_CARD: Case(_note_selected, _dialog_shown("CardDialog"), asks=True),
    A.MAKE_CLOZE: Case(_note_selected, _dialog_shown("CardDialog"), asks=True),
    A.PAGE_REVIEW: Case(None, _page(Scope.REVIEW)),
    A.SHOW_ANSWER: Case(_a_due_card, lambda w, a, b: w.review.answer_shown),
    A.GRADE_AGAIN: Case(_answer_shown, _answered(1)),
    A.GRADE_HARD: Case(_answer_shown, _answered(2)),
    A.GRADE_GOOD: Case(_answer_shown, _answered(3)),
    A.GRADE_EASY: Case(_answer_shown, _answered(4)),
    A.EDIT_CARD: Case(_a_due_card, _dialog_shown("CardDialog"), asks=True),
    A.SUSPEND_CARD: Case(_a_due_card, lambda w, a, b: w.review.card is None),
    A.DELETE_CARD: Case(_a_due_card, lambda w, a, b: w.review.card is None),
    A.END_QUIZ: Case(
        lambda w: w.quiz_step(w.page.overview.id, "graphql", "GraphQL"),
        lambda w, a, b: not w.review.in_quiz(),
    ),
    A.REVIEW_OPTIONS: Case(None, _dialog_shown("ReviewOptionsDialog"), asks=True),
    A.ARCHIVED_CARDS: Case(None, lambda w, a, b: _archived_dialog_open(w)),
    A.EXPORT_APKG: Case(None, _file_saved, asks=True),
    A.EXPORT_CARDS_TEXT: Case(None, _file_saved, asks=True),
    A.PAGE_STATS: Case(None, _page(Scope.STATS)),
    A.STATS_HEATMAP: Case(None, _focus_on(lambda w: w.stats.heatmap)),
    A.STATS_OPEN_DAY: Case(_stats_heatmap, lambda w, a, b: bool(a.dialogs)),
    A.STATS_ALL_ROADMAPS: Case(
        None, lambda w, a, b: w.stats.roadmap.currentIndex() == w.stats.roadmap.findData(ALL)
    ),
    A.STATS_SAVE_PNG: Case(_stats_heatmap, _file_saved, asks=True),
    A.STATS_SAVE_CSV: Case(_stats_heatmap, _file_saved, asks=True),
    A.ADD_RESOURCE: Case(_library_selection, _resource_count(1), asks=True),
    A.EDIT_RESOURCE: Case(_library_selection, _dialog_shown("ResourceDialog"), asks=True),
    A.OPEN_RESOURCE: Case(_library_selection, lambda w, a, b: bool(a.opened)),
    A.DELETE_RESOURCES: Case(_library_selection, _resource_count(-1), asks=True),
    A.RESOURCE_DONE: Case(_library_selection, _selected_resource_status("done")),
    A.RESOURCE_IN_PROGRESS: Case(_library_selection, _selected_resource_status("in_progress")),
    A.RESOURCE_TODO: Case(_library_selection, _selected_resource_status("to_do")),
    A.RESOURCE_DROPPED: Case(_library_selection, _selected_resource_status("dropped")),
    A.TAG_RESOURCES: Case(
        _library_selection,
        lambda w, a, b: (
            "practice"
            in [t.lower() for t in w.ctx.read(lib.library_row, w.library.selected_ids()[0]).tags]
        ),
        asks=True,
    ),
    A.FILTER_RESOURCES: Case(None, _focus_on(lambda w: w.library.search)),
    A.RATE_0: Case(_library_selection, _rated(0)),
    A.RATE_1: Case(_library_selection, _rated(1)),
    A.RATE_2: Case(_library_selection, _rated(2)),
    A.RATE_3: Case(_library_selection, _rated(3)),
    A.RATE_4: Case(_library_selection, _rated(4)),
    A.RATE_5: Case(_library_selection, _rated(5)),
    A.IMPORT_BOOKMARKS: Case(None, lambda w, a, b: _resources(w) > b[1], asks=True),
    A.IMPORT_CSV: Case(None, lambda w, a, b: _resources(w) > b[1], asks=True),
    A.EXPORT_CSV: Case(None, _file_saved, asks=True),
    A.PREVIOUS_WEEK: Case(None, _week_moved(-1)),
    A.NEXT_WEEK: Case(None, _week_moved(1)),
    A.THIS_WEEK: Case(lambda w: w.planner.shift_week(3), _week_moved(0)),
    A.PLAN_MY_WEEK: Case(None, _dialog_shown("AvailabilityDialog"), asks=True),
    A.AVAILABILITY: Case(None, _dialog_shown("AvailabilityDialog"), asks=True),
    A.EXPORT_ICS: Case(None, _file_saved, asks=True),
    A.EDIT_BLOCK: Case(_a_block, _dialog_shown("BlockDialog"), asks=True),
    A.TOGGLE_BLOCK_DONE: Case(_a_block, lambda w, a, b: w.planner._current_block().done),
    A.BLOCK_PREVIOUS_DAY: Case(_a_block, _no_check),
    A.BLOCK_NEXT_DAY: Case(_a_block, _no_check),
    A.BLOCK_LONGER: Case(_a_block, lambda w, a, b: w.planner._current_block().minutes == 60),
    A.BLOCK_SHORTER: Case(_a_block, lambda w, a, b: w.planner._current_block().minutes == 30),
    A.BLOCK_TIMER: Case(_a_block, _no_check),
    A.DELETE_BLOCK: Case(_a_block, lambda w, a, b: _blocks(w) == b[2] - 1),
    A.PAUSE_TIMER: Case(_a_timer, lambda w, a, b: not w.timer_widget.state.running),
    A.STOP_TIMER: Case(_a_timer, lambda w, a, b: not w.timer_widget.running()),
    A.PAGE_ROADMAP: Case(lambda w: w.show_scope(Scope.PLANNER), _page(Scope.ROADMAP)),
    A.PAGE_LIBRARY: Case(None, _page(Scope.LIBRARY)),
    A.PAGE_PLANNER: Case(None, _page(Scope.PLANNER)),
    A.THEME_SYSTEM: Case(None, _theme("system")),
    A.THEME_LIGHT: Case(None, _theme("light")),
    A.THEME_DARK: Case(None, _theme("dark")),
    A.FULL_SCREEN: Case(None, lambda w, a, b: w.isFullScreen()),
    A.SHORTCUTS: Case(None, _dialog_shown("ShortcutsDialog")),
    A.ABOUT: Case(None, _dialog_shown("AboutDialog")),
    A.EDITOR_SAVE_STEP: Case(_an_editor, _no_check),
    A.EDITOR_UNDO: Case(_an_editor, _no_check),
    A.EDITOR_REDO: Case(_an_editor, _no_check),
    A.EDITOR_CLOSE: Case(_an_editor, lambda w, a, b: w.commands.editor is None),
}


def test_every_registered_command_has_a_case():
    assert set(CASES) == {command.id for command in COMMANDS}


@pytest.mark.parametrize("answers", ["cancelled", "accepted"], indirect=True)
@pytest.mark.parametrize("command_id", [c.id for c in COMMANDS], ids=lambda c: c.value)
def test_every_command_from_where_the_user_triggers_it(window, qtbot, answers, caplog, command_id):
    case = CASES[command_id]
    answers.files["bundle"].write_text(
        json.dumps(window.ctx.read(export_bundle), ensure_ascii=False), "utf-8"
    )
    errors: list[str] = []
    window.ctx.error.connect(errors.append)
    if case.setup is not None:
        case.setup(window)
    before = _fingerprint(window)
    caplog.set_level(logging.WARNING)
    window.binder.refresh_enabled()  # as a menu does when it opens
    action = window.binder.action(command_id)
    assert action.isEnabled() or command_id in (A.PAUSE_TIMER, A.STOP_TIMER), command_id
    action.trigger()
    qtbot.wait(10)
    assert not errors, errors
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
    if answers.accept:
        case.accepted(window, answers, before)
        if case.asks:
            assert answers.dialogs or answers.saved or answers.opened, "no dialog was asked"
    elif case.asks:
        assert _fingerprint(window) == before


def test_shortcuts_are_unique_where_they_are_live_together(window):
    """Two commands may share a key only in scopes (or widgets) that are never live together."""
    from roadmap_desktop.ui.action_binder import key_sequences
    from roadmap_desktop.ui.actions import SEPARATE_WINDOW

    window.binder.action(A.EDIT_ROADMAP).trigger()  # the editor's commands get their owner
    binder = window.binder

    def places(command):
        owner = binder.owners[command.scope]
        return set(map(id, command.targets(owner))) if command.targets else None

    seen: list[tuple[Any, Any]] = []
    clashes = []
    for command in COMMANDS:
        for key in key_sequences(command):
            for other, other_key in seen:
                if other_key != key or other.id == command.id:
                    continue
                a, b = command.scope, other.scope
                if (a in SEPARATE_WINDOW or b in SEPARATE_WINDOW) and a != b:
                    continue
                if a != b and Scope.WINDOW not in (a, b):
                    continue  # two different pages are never shown together
                if a == b != Scope.WINDOW:
                    mine, theirs = places(command), places(other)
                    if mine is not None and theirs is not None and not mine & theirs:
                        continue
                clashes.append((command.id.value, other.id.value, key.toString()))
            seen.append((command, key))
    assert not clashes


def test_f1_lists_every_page_with_stable_names(window, monkeypatch):
    from roadmap_desktop.ui.widgets.dialogs import ShortcutsDialog

    shown = []
    monkeypatch.setattr(ShortcutsDialog, "exec", lambda self: shown.append(self) or 0)
    window.binder.action(A.SHORTCUTS).trigger()
    tree = shown[0].tree
    groups = {
        tree.topLevelItem(i).text(0): [
            tree.topLevelItem(i).child(j).text(0) for j in range(tree.topLevelItem(i).childCount())
        ]
        for i in range(tree.topLevelItemCount())
    }
    assert {"Everywhere", "Roadmap page", "Library page", "Planner page"} <= set(groups)
    assert "Add Tag to Selected…" in groups["Library page"]
    assert "Plan My Week…" in groups["Planner page"]
    window.ctx.apply(study.set_step_status, *_first_key(window), StepStatus.DONE)
    window.binder.action(A.UNDO).trigger()
    window.binder.action(A.SHORTCUTS).trigger()
    assert "Undo" in [
        shown[1].tree.topLevelItem(0).child(j).text(0)
        for j in range(shown[1].tree.topLevelItem(0).childCount())
    ]


def test_ctrl_t_tags_on_the_library_and_focuses_the_timeline_on_the_roadmap(
    window, qtbot, monkeypatch
):
    monkeypatch.setattr(QInputDialog, "getText", staticmethod(lambda *a, **k: ("sql", True)))
    window.binder.action(A.PAGE_LIBRARY).trigger()
    library = window.library
    library.table.setCurrentIndex(library.model.index(0, 0))
    library.table.setFocus()
    qtbot.keyClick(library.table, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
    tags = window.ctx.read(lib.library_row, library.selected_ids()[0]).tags
    assert "sql" in [t.lower() for t in tags]
    window.binder.action(A.PAGE_ROADMAP).trigger()
    qtbot.keyClick(window.page.step_view, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
    assert window.page.timeline.hasFocus()
