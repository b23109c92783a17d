"""Notes autosave within a second, on switching steps and on close; survive a restart."""

from PySide6.QtCore import Qt

from roadmap_desktop.services import queries
from roadmap_desktop.ui.roadmap.notes_editor import AUTOSAVE_MS


def _stored_note(window, key):
    page = window.page
    return page.ctx.read(queries.step_detail, page.overview.id, key).note_md


def test_typing_is_saved_within_a_second(window, qtbot):
    page = window.page
    key = page.selected_step_key()
    editor = page.detail.notes.editor
    editor.setFocus()
    qtbot.keyClicks(editor, "Remember: *indexes* speed up reads")
    assert AUTOSAVE_MS <= 1000
    qtbot.waitUntil(
        lambda: _stored_note(window, key) == "Remember: *indexes* speed up reads", timeout=1500
    )
    assert page.detail.notes.state_label.text().startswith("Saved")


def test_switching_step_saves_at_once(window, qtbot):
    page = window.page
    key = page.selected_step_key()
    qtbot.keyClicks(page.detail.notes.editor, "half a thought")
    page.step_view.setCurrentIndex(page.step_model.index(1, 0))
    assert _stored_note(window, key) == "half a thought"
    assert page.detail.notes.editor.toPlainText() == ""


def test_notes_survive_a_restart_and_preview_renders(open_window, qtbot):
    window = open_window()
    key = window.page.selected_step_key()
    # typed text with newlines (QTest cannot type "\n"), as a paste would insert it
    window.page.detail.notes.editor.insertPlainText("# Heading\n\n- [x] done item")
    window.close()  # closing flushes without waiting for the timer

    again = open_window()
    notes = again.page.detail.notes
    assert again.page.selected_step_key() == key
    assert notes.editor.toPlainText() == "# Heading\n\n- [x] done item"
    qtbot.mouseClick(notes.preview_button, Qt.MouseButton.LeftButton)
    assert notes.stack.currentIndex() == 1
    assert "☑" in notes.preview.toPlainText()
    assert "Heading" in notes.preview.toPlainText()


def test_a_note_change_does_not_reload_the_editor(window, qtbot):
    page = window.page
    editor = page.detail.notes.editor
    qtbot.keyClicks(editor, "abc")
    page.detail.notes.flush()
    cursor = editor.textCursor().position()
    qtbot.keyClicks(editor, "def")
    page.detail.notes.flush()
    assert editor.toPlainText() == "abcdef"
    assert editor.textCursor().position() == cursor + 3
