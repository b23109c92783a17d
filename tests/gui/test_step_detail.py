"""The step detail renders the guide safely: links only to the system browser, nothing fetched."""

from PySide6.QtCore import QUrl

from roadmap_desktop.ui.widgets import markdown_view


def test_guide_shows_the_step_text_with_resources(window):
    detail = window.page.detail
    text = detail.guide.toPlainText()
    assert "What it is" in text
    assert "Why it matters" in text


def test_only_safe_links_are_opened(window, monkeypatch):
    opened = []
    monkeypatch.setattr(
        markdown_view.QDesktopServices, "openUrl", lambda url: opened.append(url) or True
    )
    guide = window.page.detail.guide
    guide.anchorClicked.emit(QUrl("javascript:alert(1)"))
    guide.anchorClicked.emit(QUrl("file:///etc/passwd"))
    guide.anchorClicked.emit(QUrl("https://example.org/page"))
    guide.anchorClicked.emit(QUrl("mailto:someone@example.org"))
    assert [u.toString() for u in opened] == [
        "https://example.org/page",
        "mailto:someone@example.org",
    ]


def test_remote_resources_are_never_loaded(window):
    guide = window.page.detail.guide
    assert guide.loadResource(2, QUrl("https://example.org/tracker.png")) is None


def test_dark_theme_switch_rerenders(window):
    window.set_theme("dark")
    try:
        assert (
            window.page.detail.guide.palette()
            .color(window.page.detail.guide.backgroundRole())
            .lightness()
            < 128
            or window.palette().window().color().lightness() < 128
        )
        assert window.ctx.settings.theme == "dark"
    finally:
        window.set_theme("light")


def test_guide_code_colours_follow_the_application_palette(window):
    from roadmap_desktop.core.markdown_render import render_markdown

    guide = window.page.detail.guide
    guide.set_markdown("`code` and\n\n```python\nx = 1\n```")
    assert guide.toHtml().count("0d1117") == 0  # the dark scheme's background is not used in light
    assert "0d1117" in render_markdown("```python\nx = 1\n```", dark=True)
