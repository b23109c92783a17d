"""The main window's remembered layout: geometry and the Roadmap page's splitters."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtWidgets import QSplitter

    from roadmap_desktop.ui.main_window import MainWindow


def _splitters(window: MainWindow) -> tuple[tuple[str, QSplitter], ...]:
    assert window.page is not None
    return (
        ("main_splitter", window.page.splitter),
        ("detail_splitter", window.page.detail.splitter),
    )


def restore_state(window: MainWindow) -> None:
    """Put the window and the splitters back where the learner left them."""
    assert window.ctx is not None
    settings = window.ctx.settings
    geometry = settings.window_state("geometry")
    if geometry is not None:
        window.restoreGeometry(geometry)
    for name, splitter in _splitters(window):
        state = settings.window_state(name)
        if state is not None:
            splitter.restoreState(state)


def save_state(window: MainWindow) -> None:
    """Remember geometry and splitters, and the rendered Markdown of this session (the first
    view of the next start then needs no rendering)."""
    assert window.ctx is not None
    settings = window.ctx.settings
    settings.set_window_state("geometry", window.saveGeometry())
    for name, splitter in _splitters(window):
        settings.set_window_state(name, splitter.saveState())
    settings.sync()
    from roadmap_desktop.ui.widgets.markdown_view import save_rendered

    save_rendered()
