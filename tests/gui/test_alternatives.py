"""Choosing one option of a "choose one of" group, by hand: the button, the list's context menu,
the header and phase bar that follow, and undo."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication

from roadmap_desktop.core.enums import StepStatus
from roadmap_desktop.ui.actions import A
from roadmap_desktop.ui.roadmap.phase_model import GROUP_MARK, ROLE_COMPLETION

GUIDE = "backend-development-guide"


def _open_guide(window, qtbot) -> None:
    """Pick the guide in the roadmap switcher, as a learner does."""
    switcher = window.switcher
    switcher.setCurrentIndex(switcher.findData(GUIDE))
    qtbot.waitUntil(lambda: window.page.overview is not None and window.page.overview.slug == GUIDE)


def _click_step(window, qtbot, title: str) -> None:
    """Type in the step filter and click the step's row in the list."""
    page = window.page
    qtbot.keyClicks(page.filter, title)
    model = page.step_model
    row = next(
        i for i in range(model.rowCount()) if model.data(model.index(i, 0)) == GROUP_MARK + title
    )
    rect = page.step_view.visualRect(model.index(row, 0))
    qtbot.mouseClick(page.step_view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: page.detail.detail is not None and page.detail.detail.title == title)


def _language_phase(window) -> tuple[float, str]:
    """The language phase's bar (its completion on the timeline) and the window header."""
    page = window.page
    row = next(i for i, p in enumerate(page.overview.phases) if p.key == "choosing-a-language")
    completion = page.phase_model.data(page.phase_model.index(row, 0), ROLE_COMPLETION)
    return completion, window.summary.text()


def _row(window, key: str):
    model = window.page.step_model
    return next(model.step(i) for i in range(model.rowCount()) if model.step(i).key == key)


def test_pick_an_option_from_the_list_menu_and_the_button_then_undo(window, qtbot) -> None:
    _open_guide(window, qtbot)
    page = window.page
    _click_step(window, qtbot, "Python")
    bar = page.detail.choice
    assert bar.isVisible()
    text = bar.label.text()
    assert "one of 6" in text and "Rust" in text and "Not chosen yet" in text
    page.step_view.setFocus()
    qtbot.keyClick(page.step_view, Qt.Key.Key_3)  # Mark Done
    qtbot.waitUntil(lambda: page.detail.detail.status == StepStatus.DONE)
    done_python = _language_phase(window)

    # Choose Go from the step list's context menu (its actions are the menu's entries).
    page.filter.clear()
    _click_step(window, qtbot, "Go (Golang)")
    window.binder.refresh_enabled()
    choose = window.binder.action(A.CHOOSE_ALTERNATIVE)
    assert choose in page.step_view.actions() and choose.isEnabled()
    choose.trigger()
    qtbot.waitUntil(lambda: _row(window, "language-go").picked == "language-go")
    chosen_go = _language_phase(window)
    assert chosen_go[0] < done_python[0]  # Python was done; Go is not
    assert chosen_go[1] != done_python[1]  # more hours left in the header
    python = _row(window, "language-python")
    assert python.not_chosen and python.status == StepStatus.DONE  # kept, dimmed
    model = page.step_model
    dim = model.data(
        model.index(model.row_of("language-python"), 0), Qt.ItemDataRole.ForegroundRole
    )
    assert dim == QApplication.palette().color(QPalette.ColorRole.PlaceholderText)
    assert "Your choice" in bar.label.text() and not bar.choose_button.isEnabled()
    window.binder.refresh_enabled()
    assert not choose.isEnabled()  # already the choice

    window.binder.action(A.UNDO).trigger()
    qtbot.waitUntil(lambda: _row(window, "language-go").picked == "")
    assert _language_phase(window) == done_python
    assert "Not chosen yet" in bar.label.text()

    # The button in the step pane: choose Python.
    page.filter.clear()
    _click_step(window, qtbot, "Python")
    qtbot.mouseClick(bar.choose_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: _row(window, "language-python").picked == "language-python")
    assert _language_phase(window) == done_python  # the done option was the one counted
    assert _row(window, "language-go").not_chosen
    assert "Your choice" in bar.label.text()
    window.binder.action(A.UNDO).trigger()
    qtbot.waitUntil(lambda: _row(window, "language-python").picked == "")


def test_the_choice_is_refused_for_a_step_in_no_group(window, qtbot) -> None:
    _open_guide(window, qtbot)
    page = window.page
    page.step_view.setCurrentIndex(page.step_model.index(0, 0))
    window.binder.refresh_enabled()
    assert not window.binder.action(A.CHOOSE_ALTERNATIVE).isEnabled()
    assert not page.detail.choice.isVisible()
