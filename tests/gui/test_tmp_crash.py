import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QInputDialog
from roadmap_desktop.ui.actions import A


@pytest.mark.parametrize("upto", [7, 8])
def test_crash(window, qtbot, monkeypatch, upto):
    monkeypatch.setattr(QInputDialog, "getText", staticmethod(lambda *a, **k: ("X", True)))
    window.binder.action(A.NEW_ROADMAP).trigger()
    editor = window.commands.editor
    editor.tree.setCurrentIndex(editor.model.index(0, 0))
    editor.add_step()
    if upto >= 2:
        editor.add_step()
    if upto >= 3:
        first, second = (s.key for s in editor.model.phases[0].steps)
        editor.tree.setCurrentIndex(editor.model.find("step", first))
    if upto >= 4:
        qtbot.keyClicks(editor.body, "Typed")
        editor.tree.setCurrentIndex(editor.model.find("step", second))
        qtbot.wait(50)
    if upto >= 5:
        qtbot.keyClicks(editor.body, "Second")
        if upto == 7:
            editor.reject()
        elif upto == 8:
            editor.save_pending()
            editor.hide()
        else:
            qtbot.keyClick(editor.body, Qt.Key.Key_Escape)
