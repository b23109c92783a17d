"""Fixtures that drive the real main window against a real temporary database."""

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from roadmap_desktop.services.startup import open_store
from roadmap_desktop.settings import Settings
from roadmap_desktop.ui.context import AppContext
from roadmap_desktop.ui.main_window import MainWindow

OpenWindow = Callable[[], MainWindow]


@pytest.fixture
def open_window(qtbot, tmp_path: Path) -> Iterator[OpenWindow]:
    """Opens a main window on tmp_path/data; call it again to simulate a restart."""
    opened: list[tuple[MainWindow, AppContext]] = []

    def _open() -> MainWindow:
        for window, ctx in opened:  # a restart closes the previous window first
            if window.isVisible():
                window.close()
                ctx.db.close()
        store = open_store(tmp_path / "data")
        ctx = AppContext(store.db, store.data_dir, Settings(store.data_dir))
        window = MainWindow()
        qtbot.addWidget(window)
        window.attach(ctx, welcome=False)
        with qtbot.waitActive(window):
            window.show()
            window.activateWindow()
        qtbot.waitUntil(lambda: window.is_settled)  # the other pages follow the first view
        opened.append((window, ctx))
        return window

    yield _open
    for window, ctx in opened:
        if window.isVisible():
            window.close()
        ctx.db.close()


@pytest.fixture
def window(open_window: OpenWindow) -> MainWindow:
    """A freshly opened main window showing the first bundled roadmap."""
    return open_window()
