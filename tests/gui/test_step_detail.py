"""The step detail renders the guide safely: links only to the system browser, nothing fetched."""

from PySide6.QtCore import Qt, QUrl
from PySide6.QtWidgets import QInputDialog

from roadmap_desktop.ui.actions import A
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


def _guide_after_choosing(window, qtbot, key):
    """Pick the step with this key in the step list by hand (Home, then Down to its row)."""
    page = window.page
    page.step_view.setFocus()
    qtbot.keyClick(page.step_view, Qt.Key.Key_Home)
    for _ in range(page.step_model.row_of(key)):
        qtbot.keyClick(page.step_view, Qt.Key.Key_Down)
    assert page.selected_step_key() == key
    return page.detail.guide.toPlainText()


def test_a_guide_shown_before_shows_its_edited_text_when_shown_again(window, qtbot, monkeypatch):
    # Rendered guides are kept: going back to a step must still show what the step says now.
    monkeypatch.setattr(QInputDialog, "getText", staticmethod(lambda *a, **k: ("Guides", True)))
    window.binder.action(A.NEW_ROADMAP).trigger()
    editor = window.commands.editor
    editor.tree.setCurrentIndex(editor.model.index(0, 0))
    editor.add_step()
    editor.add_step()
    first, second = (s.key for s in editor.model.phases[0].steps)

    def write(key, text):
        editor.tree.setCurrentIndex(editor.model.find("step", key))
        editor.body.setPlainText(text)
        editor.save_step()

    write(first, "First guide")
    write(second, "Second guide")
    assert "First guide" in _guide_after_choosing(window, qtbot, first)
    assert "Second guide" in _guide_after_choosing(window, qtbot, second)
    write(first, "First guide, rewritten")  # while another step is shown
    assert "First guide, rewritten" in _guide_after_choosing(window, qtbot, first)
    write(first, "First guide, once more")  # while this step is shown
    assert "Second guide" in _guide_after_choosing(window, qtbot, second)
    assert "First guide, once more" in _guide_after_choosing(window, qtbot, first)
    window.ctx.undo_stack.undo()
    assert "Second guide" in _guide_after_choosing(window, qtbot, second)
    assert "First guide, rewritten" in _guide_after_choosing(window, qtbot, first)


def test_the_section_headings_are_never_cut_off_in_a_1024_px_window(window, qtbot):
    """At 1024 px the topics, resources and questions sit side by side in narrow columns:
    a heading wraps there rather than losing its end ('Resources · 0 of 1 done')."""
    window.resize(1024, 700)
    detail = window.page.detail
    qtbot.waitUntil(lambda: window.width() <= 1024)
    for label in (detail.topics_label, detail.resources.label):
        qtbot.waitUntil(lambda label=label: label.width() > 0)
        plain = label.text().replace("<b>", "").replace("</b>", "")
        needed = label.fontMetrics().horizontalAdvance(plain)
        fits_on_one_line = label.width() >= needed
        assert fits_on_one_line or (
            label.wordWrap() and label.height() >= label.heightForWidth(label.width())
        ), (label.text(), label.width(), needed)


def test_topics_wrap_rather_than_scroll_sideways_in_a_1024_px_window(window, qtbot):
    window.resize(1024, 700)
    view = window.page.detail.topic_view
    qtbot.waitUntil(lambda: view.width() > 0 and window.width() <= 1024)
    assert view.wordWrap()
    assert not view.horizontalScrollBar().isVisible()
