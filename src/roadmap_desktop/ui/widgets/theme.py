"""Light and dark palettes on Fusion, and every custom colour derived from the active palette."""

from __future__ import annotations

from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QWidget

from roadmap_desktop.core.enums import StepStatus

THEMES = ("system", "light", "dark")

# Hues for phases: distinct, and each readable as a bar fill on both light and dark windows.
_PHASE_HUES = (212, 160, 34, 280, 350, 190, 95, 20, 250, 130)


def _dark_palette() -> QPalette:
    pal = QPalette()
    window, base, text = QColor("#1e2024"), QColor("#272a2f"), QColor("#e6e6e6")
    roles = {
        QPalette.ColorRole.Window: window,
        QPalette.ColorRole.WindowText: text,
        QPalette.ColorRole.Base: base,
        QPalette.ColorRole.AlternateBase: QColor("#2c3036"),
        QPalette.ColorRole.ToolTipBase: QColor("#2b2e33"),
        QPalette.ColorRole.ToolTipText: text,
        QPalette.ColorRole.PlaceholderText: QColor("#8b9098"),
        QPalette.ColorRole.Text: text,
        QPalette.ColorRole.Button: QColor("#30343a"),
        QPalette.ColorRole.ButtonText: text,
        QPalette.ColorRole.BrightText: QColor("#ff6b6b"),
        QPalette.ColorRole.Light: QColor("#3a3e44"),
        QPalette.ColorRole.Midlight: QColor("#32363b"),
        QPalette.ColorRole.Mid: QColor("#464b52"),
        QPalette.ColorRole.Dark: QColor("#101113"),
        QPalette.ColorRole.Shadow: QColor("#000000"),
        QPalette.ColorRole.Highlight: QColor("#3d7bd9"),
        QPalette.ColorRole.HighlightedText: QColor("#ffffff"),
        QPalette.ColorRole.Link: QColor("#6ea8fe"),
        QPalette.ColorRole.LinkVisited: QColor("#b48efa"),
    }
    for role, color in roles.items():
        pal.setColor(role, color)
    for role in (
        QPalette.ColorRole.Text,
        QPalette.ColorRole.WindowText,
        QPalette.ColorRole.ButtonText,
    ):
        pal.setColor(QPalette.ColorGroup.Disabled, role, QColor("#6c7077"))
    return pal


def _light_palette() -> QPalette:
    style = QApplication.style()
    pal = style.standardPalette() if style else QPalette()
    pal.setColor(QPalette.ColorRole.Highlight, QColor("#2f6fd0"))
    pal.setColor(QPalette.ColorRole.Link, QColor("#1f5fbf"))
    pal.setColor(QPalette.ColorRole.PlaceholderText, QColor("#7a7f87"))
    return pal


def system_prefers_dark(*, live: bool = False) -> bool:
    """True when the platform reports a dark colour scheme.

    At startup the platform's own palette answers (before ours replaces it); asking
    styleHints().colorScheme() there would create PySide6's whole `Qt` namespace (~36 ms) on the
    path to the first frame. Later (live=True) the colour scheme is asked directly."""
    if live:
        from PySide6.QtCore import Qt

        return QGuiApplication.styleHints().colorScheme() == Qt.ColorScheme.Dark
    return QGuiApplication.palette().color(QPalette.ColorRole.Window).lightness() < 128


def apply_theme(app: QApplication, choice: str, *, live: bool = False, style: bool = True) -> bool:
    """Apply 'system', 'light' or 'dark' on the Fusion style; returns True when dark.
    `style=False` sets only the palette: start-up takes Fusion from QApplication's arguments
    and installs the check-box style after the first frame (`use_check_style`), because
    PySide6 builds its QStyle type (~10 ms) the first time Python touches a style."""
    if style:
        use_check_style(app)
    dark = choice == "dark" or (choice == "system" and system_prefers_dark(live=live))
    app.setPalette(_dark_palette() if dark else _light_palette())
    return dark


def use_check_style(app: QApplication) -> None:
    """Make Fusion with palette-drawn check boxes (check_style.py) the application's style;
    a palette set before is kept."""
    from roadmap_desktop.ui.widgets.check_style import CheckStyle

    if not isinstance(app.style(), CheckStyle):
        app.setStyle(CheckStyle("Fusion"))


def is_dark(palette: QPalette | None = None) -> bool:
    """Whether the given (or the application's) palette is a dark one."""
    pal = palette or QGuiApplication.palette()
    return pal.color(QPalette.ColorRole.Window).lightness() < 128


def status_color(status: StepStatus, palette: QPalette | None = None) -> QColor:
    """The one colour each status has everywhere: grey, accent, green, muted."""
    pal = palette or QGuiApplication.palette()
    dark = is_dark(pal)
    if status == StepStatus.DONE:
        return QColor("#3fb463" if dark else "#1f8a3b")
    if status == StepStatus.IN_PROGRESS:
        return pal.color(QPalette.ColorRole.Highlight)
    if status == StepStatus.SKIPPED:
        return pal.color(QPalette.ColorRole.PlaceholderText)
    return QColor("#8b9098" if dark else "#8a8f96")


def alert_color(palette: QPalette | None = None) -> QColor:
    """The one warning red (overdue, late): readable on the palette's background."""
    return QColor("#ff6b6b" if is_dark(palette) else "#d13438")


def phase_color(index: int, palette: QPalette | None = None) -> QColor:
    """A stable colour for the phase at index, tuned for the palette's brightness."""
    hue = _PHASE_HUES[index % len(_PHASE_HUES)]
    if is_dark(palette):
        return QColor.fromHsl(hue, 150, 130)
    return QColor.fromHsl(hue, 140, 105)


def muted(color: QColor, palette: QPalette | None = None, amount: float = 0.25) -> QColor:
    """color blended towards the window background: for unfilled parts of progress bars."""
    pal = palette or QGuiApplication.palette()
    bg = pal.color(QPalette.ColorRole.Base)
    return QColor(
        round(color.red() * amount + bg.red() * (1 - amount)),
        round(color.green() * amount + bg.green() * (1 - amount)),
        round(color.blue() * amount + bg.blue() * (1 - amount)),
    )


def make_heading(widget: QWidget, scale: float) -> None:
    """Bold and `scale` times the widget's own font size: the headings of pages and panes."""
    font = widget.font()
    font.setBold(True)
    font.setPointSizeF(font.pointSizeF() * scale)
    widget.setFont(font)
