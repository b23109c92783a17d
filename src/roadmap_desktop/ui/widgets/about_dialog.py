"""Help ▸ About: version, license, where the data and the log live, and the Qt/PySide versions."""

from __future__ import annotations

import platform
import sys
from pathlib import Path

from PySide6.QtCore import Qt, QUrl, qVersion
from PySide6.QtGui import QDesktopServices, QFontDatabase, QGuiApplication
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from roadmap_desktop import APP_NAME, __version__

LICENSE_NAME = "MIT License"
LOG_RELATIVE = Path("logs") / "roadmap-desktop.log"
NOTICE_FILES = (("License", "LICENSE"), ("Third-party notices", "THIRD_PARTY_NOTICES.md"))


def log_file(data_dir: Path) -> Path:
    """Where the app writes its log for a data folder (see app._setup_logging)."""
    return data_dir / LOG_RELATIVE


def notice_file(name: str) -> Path | None:
    """LICENSE or THIRD_PARTY_NOTICES.md: in the frozen app, the source tree or the install."""
    candidates = []
    bundle_dir = getattr(sys, "_MEIPASS", None)
    if bundle_dir:
        candidates.append(Path(bundle_dir) / name)
    candidates.append(Path(__file__).resolve().parents[3] / name)  # a source checkout
    for path in candidates:
        if path.is_file():
            return path
    try:
        from importlib.metadata import PackageNotFoundError, distribution

        for file in distribution("roadmap-desktop").files or ():
            if file.name == name:
                located = Path(str(file.locate()))
                if located.is_file():
                    return located
    except PackageNotFoundError:
        pass
    return None


def version_lines(version: str = __version__) -> list[tuple[str, str]]:
    """(label, value) pairs for the versions section; also handy in bug reports."""
    import PySide6

    return [
        ("Version", version),
        ("Qt", qVersion()),
        ("PySide6", PySide6.__version__),
        ("Python", platform.python_version()),
        ("System", f"{platform.system()} {platform.release()} ({platform.machine()})"),
        ("Build", "packaged" if getattr(sys, "frozen", False) else "from source"),
    ]


class _SelectableLabel(QLabel):
    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.setWordWrap(True)


class NoticesDialog(QDialog):
    """Shows the license and the third-party notices as plain text."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"{APP_NAME} — licenses")
        self.resize(720, 560)
        self.choice = QComboBox()
        self.text = QPlainTextEdit()
        self.text.setReadOnly(True)
        self.text.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        for title, name in NOTICE_FILES:
            self.choice.addItem(title, name)
        self.choice.currentIndexChanged.connect(self._show)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.choice)
        layout.addWidget(self.text, 1)
        layout.addWidget(buttons)
        self._show()

    def _show(self) -> None:
        name = self.choice.currentData()
        path = notice_file(name)
        if path is None:
            self.text.setPlainText(f"{name} is not included in this copy of {APP_NAME}.")
        else:
            self.text.setPlainText(path.read_text(encoding="utf-8", errors="replace"))


class AboutDialog(QDialog):
    """Version, license, data folder (with a button to open it), log file and versions."""

    def __init__(
        self, data_dir: Path | None, parent: QWidget | None = None, *, version: str = __version__
    ) -> None:
        super().__init__(parent)
        self.setObjectName("aboutDialog")
        self.setWindowTitle(f"About {APP_NAME}")
        self.data_dir = data_dir

        icon = QLabel()
        app_icon = QGuiApplication.windowIcon()
        if not app_icon.isNull():
            icon.setPixmap(app_icon.pixmap(64, 64))
        title = QLabel(f"<h2 style='margin:0'>{APP_NAME}</h2><div>Version {version}</div>")
        blurb = QLabel(
            "An offline study tracker for roadmaps, notes and progress. "
            "No account, no server, no network."
        )
        blurb.setWordWrap(True)
        header = QHBoxLayout()
        header.addWidget(icon, 0, Qt.AlignmentFlag.AlignTop)
        header.addWidget(title, 1)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.license_button = QPushButton("Licenses…")
        self.license_button.setToolTip("The app's license and the notices of what it ships")
        self.license_button.clicked.connect(self.show_licenses)
        license_row = QHBoxLayout()
        license_row.addWidget(QLabel(f"{LICENSE_NAME}. Free software; see the notices."), 1)
        license_row.addWidget(self.license_button)
        form.addRow("License:", license_row)

        self.data_label = _SelectableLabel(str(data_dir) if data_dir else "not opened yet")
        self.open_button = QPushButton("Open data folder")
        self.open_button.setEnabled(data_dir is not None)
        self.open_button.clicked.connect(self.open_data_folder)
        data_row = QVBoxLayout()
        data_row.addWidget(self.data_label)
        data_row.addWidget(self.open_button, 0, Qt.AlignmentFlag.AlignLeft)
        form.addRow("Data folder:", data_row)
        self.log_label = _SelectableLabel(str(log_file(data_dir)) if data_dir else "—")
        form.addRow("Log file:", self.log_label)

        versions = QFormLayout()
        self.version_labels: dict[str, QLabel] = {}
        for name, value in version_lines(version):
            label = _SelectableLabel(value)
            self.version_labels[name] = label
            versions.addRow(f"{name}:", label)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        buttons.accepted.connect(self.accept)

        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addWidget(blurb)
        layout.addSpacing(8)
        layout.addLayout(form)
        layout.addSpacing(8)
        layout.addLayout(versions)
        layout.addWidget(buttons)
        self.setMinimumWidth(520)

    def open_data_folder(self) -> bool:
        """Show the data folder in the system's file manager; False when that failed."""
        if self.data_dir is None:
            return False
        return QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.data_dir)))

    def show_licenses(self) -> None:
        NoticesDialog(self).exec()
