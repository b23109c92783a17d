"""Make Card From Selection, reached where a learner looks for it: right-click in the note."""

from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtGui import QContextMenuEvent, QTextCursor
from PySide6.QtWidgets import QApplication, QDialog

from roadmap_desktop.ui.review.card_dialog import CardDialog


def test_right_click_in_a_note_makes_a_card_from_the_selection(window, qtbot, monkeypatch):
    detail = window.page.detail
    notes = detail.notes
    notes.focus_editor()
    notes.editor.setPlainText("WAL keeps readers and a writer apart.")
    cursor = notes.editor.textCursor()
    cursor.setPosition(0)
    cursor.setPosition(3, QTextCursor.MoveMode.KeepAnchor)  # "WAL"
    notes.editor.setTextCursor(cursor)
    drafts = []

    def fill(dialog: CardDialog) -> int:  # the learner reads the card and presses OK
        drafts.append((dialog.front.toPlainText(), dialog.back.toPlainText()))
        dialog.front.setPlainText("What keeps readers and a writer apart?")
        dialog.accept()
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(CardDialog, "exec", fill)
    before = len(detail.questions.rows)
    chosen = []

    def pick() -> None:
        menu = QApplication.activePopupWidget()
        action = next(
            a for a in menu.actions() if a.text().replace("&", "") == ("Make Card From Selection")
        )
        chosen.append(action.isEnabled())
        menu.close()
        action.trigger()

    QTimer.singleShot(200, pick)
    viewport = notes.editor.viewport()
    # A right-click: the platform turns it into a context-menu event on the note's viewport
    # (QTest's mouse clicks bypass that step, so the event is sent as the platform sends it).
    qtbot.mouseClick(viewport, Qt.MouseButton.RightButton, pos=QPoint(20, 10))
    QApplication.sendEvent(
        viewport,
        QContextMenuEvent(
            QContextMenuEvent.Reason.Mouse, QPoint(20, 10), viewport.mapToGlobal(QPoint(20, 10))
        ),
    )
    qtbot.waitUntil(lambda: len(detail.questions.rows) == before + 1)
    assert chosen == [True]
    assert drafts and "WAL" in drafts[0][1]
