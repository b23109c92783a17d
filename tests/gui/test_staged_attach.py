"""The Roadmap page shows the data first; the other pages follow, or come at once when asked for."""

from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QToolButton

from roadmap_desktop.core.enums import StepStatus
from roadmap_desktop.services import queries
from roadmap_desktop.services.startup import open_store
from roadmap_desktop.settings import Settings
from roadmap_desktop.ui.actions import PAGE_SCOPES, PAGE_TITLES, A, Scope
from roadmap_desktop.ui.context import AppContext
from roadmap_desktop.ui.main_window import MainWindow


@pytest.fixture
def attach(qtbot, tmp_path: Path) -> Iterator[Callable[[], MainWindow]]:
    """Attaches a shown, active window; call it in the test, so no event-loop turn (pytest-qt
    runs one after the fixtures) comes between attach() and what the test does."""
    store = open_store(tmp_path / "data")
    ctx = AppContext(store.db, store.data_dir, Settings(store.data_dir))
    window = MainWindow()
    qtbot.addWidget(window)
    with qtbot.waitActive(window):
        window.show()
        window.activateWindow()

    def _attach() -> MainWindow:
        window.attach(ctx, welcome=False)
        window.centralWidget().layout().activate()  # geometry for clicks, without a loop turn
        return window

    yield _attach
    window.close()
    store.db.close()


def _rail_buttons(window: MainWindow) -> list[QToolButton]:
    return [window.rail.group.button(i) for i in range(len(PAGE_SCOPES))]


def test_the_roadmap_shows_first_and_the_other_pages_wait_for_their_first_use(attach, qtbot):
    window = attach()
    assert window.page.overview is not None and window.page.detail.detail is not None
    assert list(window.pages) == [Scope.ROADMAP]
    # The rail has every page's button from the start, so nothing moves when they arrive.
    assert [b.text() for b in _rail_buttons(window)] == [PAGE_TITLES[s] for s in PAGE_SCOPES]
    with qtbot.waitSignal(window.settled, timeout=5000):
        pass
    assert list(window.pages) == [Scope.ROADMAP]  # nobody went to another page yet
    assert all(b.isVisible() for b in _rail_buttons(window))
    # Their commands are in the menus already, and the status bar has the study timer.
    assert window.binder.action(A.ADD_RESOURCE).isEnabled()
    assert window.statusBar().isAncestorOf(window.timer_widget)
    assert window.due is not None  # the due count (the rail badge) needs no Review page
    assert window.sync_control is None  # this computer does not sync: nothing built for it
    for scope in (Scope.LIBRARY, Scope.PLANNER, Scope.REVIEW, Scope.STATS):
        _rail_buttons(window)[PAGE_SCOPES.index(scope)].click()
        assert window.current_scope() is scope and window.pages[scope].isVisible()
        assert window.pages[scope].title == PAGE_TITLES[scope]
    assert list(window.pages) == list(PAGE_SCOPES)  # in rail order in the stack
    assert [window.stack.indexOf(window.pages[s]) for s in PAGE_SCOPES] == [1, 2, 3, 4, 5]


def test_a_rail_click_before_its_turn_builds_that_page(attach, qtbot):
    window = attach()
    settled = []
    window.settled.connect(lambda: settled.append(True))
    button = _rail_buttons(window)[PAGE_SCOPES.index(Scope.PLANNER)]
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert window.current_scope() is Scope.PLANNER and window.planner.isVisible()
    assert list(window.pages) == [Scope.ROADMAP, Scope.PLANNER]
    with qtbot.waitSignal(window.settled, timeout=10_000):
        pass  # what is left still follows, once
    qtbot.wait(50)
    assert settled == [True]
    assert window.current_scope() is Scope.PLANNER  # building the rest did not switch pages


def test_opening_a_pages_menu_builds_the_page_so_its_entries_know_what_can_run(attach, qtbot):
    window = attach()
    with qtbot.waitSignal(window.settled, timeout=10_000):
        pass
    assert Scope.REVIEW not in window.pages
    # Before the page exists, a command that needs a card on show cannot run...
    assert not window.binder.action(A.SHOW_ANSWER).isEnabled()
    bar = window.menuBar()
    menu = window.binder.menus["Revie&w"]
    qtbot.mouseClick(
        bar, Qt.MouseButton.LeftButton, pos=bar.actionGeometry(menu.menuAction()).center()
    )
    qtbot.waitUntil(menu.isVisible)
    # ...and opening the menu built the page (not shown: the learner is still on the roadmap).
    assert Scope.REVIEW in window.pages and window.current_scope() is Scope.ROADMAP
    assert window.binder.action(A.REVIEW_OPTIONS).isEnabled()
    menu.hide()


def test_a_pages_command_from_its_menu_before_the_page_exists_builds_and_shows_it(attach, qtbot):
    window = attach()
    with qtbot.waitSignal(window.settled, timeout=10_000):
        pass
    assert Scope.LIBRARY not in window.pages
    window.binder.action(A.FILTER_RESOURCES).trigger()  # Library ▸ Filter Resources
    assert window.current_scope() is Scope.LIBRARY
    qtbot.waitUntil(lambda: window.library.search.hasFocus())


def test_a_pages_shortcut_does_nothing_until_the_page_is_there(attach, qtbot):
    window = attach()
    with qtbot.waitSignal(window.settled, timeout=10_000):
        pass
    window.page.step_view.setFocus()
    qtbot.keyClick(window.page.step_view, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    assert Scope.PLANNER not in window.pages  # Planner ▸ Next Week works in the Planner only
    assert window.current_scope() is Scope.ROADMAP


def test_the_palette_lists_the_commands_of_pages_not_built_yet(attach, qtbot):
    window = attach()
    with qtbot.waitSignal(window.settled, timeout=10_000):
        pass
    qtbot.keyClick(window, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    palette = window.palette
    assert palette is not None and palette.isVisible()
    qtbot.keyClicks(palette.edit, "next week")
    assert "Planner: Next Week" in [row.text for row in palette.model.rows]
    palette.edit.clear()
    qtbot.keyClicks(palette.edit, "show answer")
    assert "Review: Show Answer" not in [row.text for row in palette.model.rows]  # no card
    assert list(window.pages) == [Scope.ROADMAP]
    qtbot.keyClick(palette.edit, Qt.Key.Key_Escape)


def test_a_page_shortcut_before_its_turn_shows_that_page(attach, qtbot):
    window = attach()
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert window.current_scope() is Scope.LIBRARY
    assert window.library.isVisible()


def test_closing_before_the_other_pages_are_built_is_quiet(attach, qtbot):
    window = attach()
    window.close()  # sync and the timer do not exist yet; nothing to finish
    assert not window.isVisible()


def test_a_first_run_schedules_the_roadmap_once_the_first_view_is_up(attach, qtbot):
    window = attach()  # a new data folder: the seed's roadmaps, none started yet
    assert window.page.overview.start_date is None  # shown first, written a turn later
    with qtbot.waitSignal(window.settled, timeout=10_000):
        pass
    today = window.page.today
    monday = date.fromordinal(today.toordinal() - today.weekday())
    assert window.page.overview.start_date == monday  # the page read the change
    assert "week 1 of" in window.summary.text()


def test_a_status_set_before_the_other_pages_exist_is_saved(attach, qtbot):
    window = attach()
    page = window.page
    key = page.selected_step_key()
    window.binder.action(A.MARK_DONE).trigger()  # SQLAlchemy may still be importing
    assert page.detail.detail.status is StepStatus.DONE
    with qtbot.waitSignal(window.settled, timeout=10_000):
        pass
    detail = window.ctx.read(queries.step_detail, page.overview.id, key)
    assert detail.status is StepStatus.DONE


def test_a_timer_left_running_by_a_killed_app_is_stopped_when_the_window_starts(
    qtbot, tmp_path: Path
):
    from datetime import UTC, datetime, timedelta

    from roadmap_desktop.services import planner

    store = open_store(tmp_path / "data")
    rid = queries.roadmap_choices(store.db)[0][0]
    today = date.today()
    step = queries.roadmap_overview(store.db, rid, today).phases[0].steps[0]
    planner.start_timer(store.db, rid, step.key, now=datetime.now(UTC) - timedelta(hours=14))
    ctx = AppContext(store.db, store.data_dir, Settings(store.data_dir))
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    window.attach(ctx, welcome=False)
    qtbot.waitUntil(lambda: window.is_settled, timeout=10_000)
    message = window.statusBar().currentMessage()
    assert f"A study timer on “{step.title}” was left running; recorded 3 h" in message
    assert ctx.read(queries.timer_state) is None and not window.timer_widget.isVisible()
    window.close()
    store.db.close()
