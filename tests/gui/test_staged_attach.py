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


def test_the_roadmap_shows_before_the_other_pages_which_follow_by_themselves(attach, qtbot):
    window = attach()
    assert window.page.overview is not None and window.page.detail.detail is not None
    assert list(window.pages) == [Scope.ROADMAP]
    # The rail has every page's button from the start, so nothing moves when they arrive.
    assert [b.text() for b in _rail_buttons(window)] == [PAGE_TITLES[s] for s in PAGE_SCOPES]
    with qtbot.waitSignal(window.settled, timeout=5000):
        pass
    assert list(window.pages) == list(PAGE_SCOPES)
    assert [window.pages[s].title for s in PAGE_SCOPES] == [PAGE_TITLES[s] for s in PAGE_SCOPES]
    assert window.current_scope() is Scope.ROADMAP  # building them did not switch pages
    assert all(b.isVisible() for b in _rail_buttons(window))
    # Their commands are in the menus, and the status bar has the study timer.
    assert window.binder.action(A.ADD_RESOURCE).isEnabled()
    assert window.statusBar().isAncestorOf(window.timer_widget)


def test_a_rail_click_before_its_turn_builds_the_pages_at_once(attach, qtbot):
    window = attach()
    settled = []
    window.settled.connect(lambda: settled.append(True))
    button = _rail_buttons(window)[PAGE_SCOPES.index(Scope.PLANNER)]
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert window.current_scope() is Scope.PLANNER
    assert window.is_settled and settled == [True]
    qtbot.wait(50)  # the queued build turns find nothing left to do
    assert settled == [True]
    assert list(window.pages) == list(PAGE_SCOPES)


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
