"""Start-up sets the palette first and the check-box style after the first frame: the palette
must survive the style change."""

from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication, QStyleFactory

from roadmap_desktop.ui.widgets.check_style import CheckStyle
from roadmap_desktop.ui.widgets.theme import apply_theme, is_dark, use_check_style


def test_the_check_box_style_set_after_the_palette_keeps_the_palette(qapp):
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    before_name, before_palette = app.style().name(), QPalette(app.palette())
    try:
        app.setStyle(QStyleFactory.create("Fusion"))
        for choice, dark in (("dark", True), ("light", False)):
            apply_theme(app, choice, style=False)  # as run_gui does before the first frame
            window = app.palette().color(QPalette.ColorRole.Window)
            assert not isinstance(app.style(), CheckStyle)
            use_check_style(app)  # as run_gui does after it
            assert isinstance(app.style(), CheckStyle)
            assert app.palette().color(QPalette.ColorRole.Window) == window
            assert is_dark() is dark
            app.setStyle(QStyleFactory.create("Fusion"))
    finally:
        app.setStyle(QStyleFactory.create(before_name))
        app.setPalette(before_palette)
