"""The step's Questions section, the card dialog and Make Card From Selection, built directly
on a real context and driven by clicks and typing."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QFileDialog

from roadmap_desktop.services import queries
from roadmap_desktop.services.review_values import CardDraft
from roadmap_desktop.services.startup import open_store
from roadmap_desktop.settings import Settings
from roadmap_desktop.ui.context import AppContext
from roadmap_desktop.ui.review import card_commands
from roadmap_desktop.ui.review.card_dialog import CardDialog
from roadmap_desktop.ui.review.step_questions import StepQuestions

SLUG = "backend-developer-24-weeks"
LEFT = Qt.MouseButton.LeftButton


@pytest.fixture
def ctx(tmp_path: Path):
    store = open_store(tmp_path / "data")
    context = AppContext(store.db, store.data_dir, Settings(store.data_dir))
    yield context
    store.db.close()


@pytest.fixture
def section(ctx, qtbot):
    widget = StepQuestions(ctx)
    qtbot.addWidget(widget)
    rid = queries.roadmap_id_for(ctx.db, SLUG)
    widget.show_step(rid, "indexes-transactions-migrations", "Indexes, transactions")
    widget.resize(700, 600)
    widget.show()
    return widget


def test_questions_hide_their_answers_until_asked(section, qtbot):
    assert len(section.rows) == 2 and section.heading.text() == "Questions (2)"
    row = section.rows[0]
    assert "ACID" in row.prompt.text() and row.status.text() == "new"
    assert not row.answer.isVisible()
    qtbot.mouseClick(row.toggle, LEFT)
    assert row.answer.isVisible() and "Atomicity" in row.answer.text()
    assert row.toggle.text() == "Hide answer"


def test_new_card_edit_suspend_delete_and_undo(section, qtbot, monkeypatch, ctx):
    monkeypatch.setattr(
        CardDialog,
        "ask",
        classmethod(lambda cls, parent, **kw: CardDraft("What is a **deadlock**?", "Two waits")),
    )
    qtbot.mouseClick(section.new_button, LEFT)
    assert len(section.rows) == 3 and "deadlock" in section.rows[2].prompt.text()
    qtbot.mouseClick(section.rows[2].suspend_button, LEFT)
    assert section.rows[2].status.text() == "suspended"
    assert section.rows[2].suspend_button.text() == "Unsuspend"
    qtbot.mouseClick(section.rows[2].delete_button, LEFT)
    assert len(section.rows) == 2
    ctx.undo_stack.undo()  # Ctrl+Z in the window; the stack is the app's one
    assert len(section.rows) == 3 and section.rows[2].status.text() == "suspended"


def test_quiz_button_asks_for_a_quiz_of_this_step(section, qtbot):
    with qtbot.waitSignal(section.quiz_requested) as signal:
        qtbot.mouseClick(section.quiz_button, LEFT)
    assert signal.args[1:] == ["indexes-transactions-migrations", "Indexes, transactions"]


def test_import_cards_into_the_step(section, qtbot, monkeypatch, tmp_path, ctx):
    good = tmp_path / "anki.txt"
    good.write_text("#separator:tab\n#html:false\nWAL?\tWrite-ahead log\nMVCC?\tVersions\n")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(good), ""))
    messages: list[str] = []
    ctx.message.connect(messages.append)
    qtbot.mouseClick(section.import_button, LEFT)
    assert len(section.rows) == 4 and messages[-1].startswith("Imported 2 cards")
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"only one column\n")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(bad), ""))
    errors: list[str] = []
    ctx.error.connect(errors.append)
    qtbot.mouseClick(section.import_button, LEFT)
    assert len(section.rows) == 4
    assert "bad.txt, line 1" in errors[-1] and "expected 2 fields" in errors[-1]


def test_card_dialog_needs_a_front(qtbot):
    dialog = CardDialog(None, title="New Card", draft=CardDraft("", "Some answer"))
    qtbot.addWidget(dialog)
    save = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
    assert not save.isEnabled() and "front" in dialog.problem.text()
    dialog.front.setFocus()
    qtbot.keyClicks(dialog.front, "A {{c1::gap}} here")
    assert save.isEnabled()
    dialog._timer.timeout.emit()
    assert "[…]" in dialog.preview.toPlainText() and "gap" in dialog.preview.toPlainText()
    assert dialog.draft() == CardDraft("A {{c1::gap}} here", "Some answer")


def test_make_card_from_selection_as_answer_and_as_cloze(ctx, monkeypatch):
    seen: list[CardDraft] = []

    def capture(cls, parent, **kw):
        seen.append(kw["draft"])
        return CardDraft(kw["draft"].front_md or "Which lock mode?", kw["draft"].back_md)

    monkeypatch.setattr(CardDialog, "ask", classmethod(capture))
    rid = queries.roadmap_id_for(ctx.db, SLUG)
    note = "Intro.\n\nPostgres uses MVCC so readers never block writers.\n\nEnd."
    start = note.index("MVCC")
    args = (ctx, None, rid, "indexes-transactions-migrations", "Indexes", note)
    card_commands.make_card_from_selection(*args, start, start + 4, cloze=False)
    card_commands.make_card_from_selection(*args, start, start + 4, cloze=True)
    assert seen[0] == CardDraft("", "MVCC")
    assert seen[1].front_md == "Postgres uses {{c1::MVCC}} so readers never block writers."
    errors: list[str] = []
    ctx.error.connect(errors.append)
    assert card_commands.make_card_from_selection(*args, 3, 3, cloze=True) is None
    assert errors == ["Select some text of the note first."]
