"""A restart shows the guide it showed at quit from the kept HTML, without rendering it."""

from PySide6.QtCore import Qt

from roadmap_desktop.core import markdown_render


def test_a_restart_shows_the_last_guide_without_rendering_it_again(open_window, qtbot, monkeypatch):
    window = open_window()
    page = window.page
    page.step_view.setFocus()
    qtbot.keyClick(page.step_view, Qt.Key.Key_Down)
    key, body = page.selected_step_key(), page.detail.detail.body_md
    shown = page.detail.guide.toHtml()
    rendered: list[str] = []
    real = markdown_render.render_markdown

    def spy(text: str, *, dark: bool = False) -> str:
        rendered.append(text)
        return real(text, dark=dark)

    monkeypatch.setattr(markdown_render, "render_markdown", spy)
    again = open_window()  # quits the first window (which keeps the HTML) and starts again
    assert again.page.selected_step_key() == key
    assert again.page.detail.guide.toHtml() == shown
    assert body not in rendered
    # Another step's guide is rendered as before.
    again.page.step_view.setFocus()
    qtbot.keyClick(again.page.step_view, Qt.Key.Key_Down)
    assert again.page.detail.detail.body_md in rendered
