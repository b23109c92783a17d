"""Help ▸ About: version, license, data folder with "Open data folder", log file, Qt versions."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QTimer, QUrl, qVersion
from PySide6.QtWidgets import QApplication, QLabel

from roadmap_desktop import __version__
from roadmap_desktop.ui.actions import A
from roadmap_desktop.ui.widgets import about_dialog
from roadmap_desktop.ui.widgets.about_dialog import AboutDialog, NoticesDialog


def test_about_shows_version_license_data_folder_log_and_qt(qtbot, tmp_path: Path) -> None:
    dialog = AboutDialog(tmp_path)
    qtbot.addWidget(dialog)
    text = " ".join(label.text() for label in dialog.findChildren(QLabel))
    assert dialog.data_label.text() == str(tmp_path)
    assert dialog.log_label.text() == str(tmp_path / "logs" / "roadmap-desktop.log")
    assert dialog.version_labels["Version"].text() == __version__
    assert dialog.version_labels["Qt"].text() == qVersion()
    assert dialog.version_labels["PySide6"].text()
    assert "MIT License" in text
    assert dialog.open_button.isEnabled()


def test_open_data_folder_opens_it_in_the_file_manager(
    qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[QUrl] = []
    monkeypatch.setattr(
        about_dialog.QDesktopServices, "openUrl", lambda url: opened.append(url) or True
    )
    dialog = AboutDialog(tmp_path)
    qtbot.addWidget(dialog)
    dialog.open_button.click()
    assert [url.toLocalFile() for url in opened] == [str(tmp_path)]


def test_without_a_data_folder_the_button_is_disabled(qtbot) -> None:
    dialog = AboutDialog(None)
    qtbot.addWidget(dialog)
    assert not dialog.open_button.isEnabled()
    assert not dialog.open_data_folder()


def test_license_and_notices_are_found_and_shown(qtbot) -> None:
    assert about_dialog.notice_file("LICENSE") is not None
    assert about_dialog.notice_file("THIRD_PARTY_NOTICES.md") is not None
    dialog = NoticesDialog()
    qtbot.addWidget(dialog)
    assert "MIT License" in dialog.text.toPlainText()
    dialog.choice.setCurrentIndex(1)
    assert "PySide6" in dialog.text.toPlainText()


def test_help_about_opens_the_dialog_from_the_main_window(open_window, qtbot) -> None:
    window = open_window()
    seen: list[AboutDialog] = []

    def close_it() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, AboutDialog)
        seen.append(dialog)
        dialog.reject()

    QTimer.singleShot(0, close_it)
    window.binder.action(A.ABOUT).trigger()
    assert len(seen) == 1
    assert seen[0].data_label.text() == str(window.ctx.data_dir)
