"""The Review page through the real window: a session driven by keys, undo, edit, suspend,
the due badge, and every Review command of the registry."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog
from sqlalchemy import func, select

from roadmap_desktop.core.enums import StepStatus
from roadmap_desktop.core.models import Card, ReviewLog
from roadmap_desktop.services import queries, study
from roadmap_desktop.services.review_values import CardDraft
from roadmap_desktop.ui.actions import A, Scope, commands_in
from roadmap_desktop.ui.review.card_dialog import CardDialog
from roadmap_desktop.ui.review.options_dialog import ReviewOptionsDialog

SLUG = "backend-developer-24-weeks"
CTRL = Qt.KeyboardModifier.ControlModifier


def _start_graphql(window) -> int:
    """The learner starts the GraphQL step (it has one practice question)."""
    rid = queries.roadmap_id_for(window.ctx.db, SLUG)
    window.ctx.apply(study.set_step_status, rid, "graphql", StepStatus.IN_PROGRESS)
    return rid


def _review(window, qtbot):
    qtbot.keyClick(window, Qt.Key.Key_4, CTRL)
    page = window.review
    assert window.current_scope() is Scope.REVIEW
    return page


def _logs(window) -> int:
    with window.ctx.db.reading() as session:
        return int(session.scalar(select(func.count(ReviewLog.id))) or 0)


def _key(qtbot, page, key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.keyClick(page, key, modifier)


def test_nothing_due_until_a_step_is_started(window, qtbot):
    page = _review(window, qtbot)
    assert page.counts_label.text() == "0 due · 0 new · 0 done today"
    assert "All caught up" in page.message.text() and page.panels.currentIndex() == 1
    assert not window.review_button.isVisible()
    _start_graphql(window)
    assert page.counts_label.text() == "0 due · 1 new · 0 done today"
    assert window.rail.group.button(3).property("due_count") == 1
    assert window.review_button.text() == "1 card due"


def test_a_session_by_keys_with_exact_undo(window, qtbot):
    _start_graphql(window)
    page = _review(window, qtbot)
    assert "REST and GraphQL" in page.card_view.toPlainText()
    assert "single endpoint" not in page.card_view.toPlainText()
    assert page.bottom.currentIndex() == 0
    _key(qtbot, page, Qt.Key.Key_3)  # grading before the answer is shown does nothing
    assert _logs(window) == 0
    _key(qtbot, page, Qt.Key.Key_Space)
    assert "single endpoint" in page.card_view.toPlainText() and page.bottom.currentIndex() == 1
    assert [b.text().split("\n")[0] for b in page.grade_buttons] == [
        "Again",
        "Hard",
        "Good",
        "Easy",
    ]
    assert page.grade_buttons[2].text().endswith("10 min")
    _key(qtbot, page, Qt.Key.Key_3)  # Good: learning, back within minutes (shown early)
    assert _logs(window) == 1
    assert page.counts_label.text().endswith("1 done today")
    assert page.card is not None and not page.answer_shown
    _key(qtbot, page, Qt.Key.Key_Return)
    _key(qtbot, page, Qt.Key.Key_4)  # Easy: graduates to days
    assert _logs(window) == 2 and page.card is None
    assert "Session complete" in page.message.text() and "2 answers" in page.message.text()
    assert "due" in page.message.text()
    with window.ctx.db.reading() as session:
        before_undo = session.scalar(
            select(Card.state).where(Card.question_key == "rest-vs-graphql")
        )
    assert before_undo == 2
    _key(qtbot, page, Qt.Key.Key_Z, CTRL)  # the app's undo: the last answer, exactly
    assert _logs(window) == 1
    assert page.card is not None and "REST and GraphQL" in page.card_view.toPlainText()
    assert not page.answer_shown
    with window.ctx.db.reading() as session:
        state = session.scalar(select(Card.state).where(Card.question_key == "rest-vs-graphql"))
    assert state == 1


def test_edit_and_suspend_from_the_keyboard(window, qtbot, monkeypatch):
    _start_graphql(window)
    page = _review(window, qtbot)
    monkeypatch.setattr(
        CardDialog,
        "ask",
        classmethod(lambda cls, parent, **kw: CardDraft("REST or **GraphQL**?", "Depends.")),
    )
    _key(qtbot, page, Qt.Key.Key_E)
    assert page.card_view.toPlainText().strip() == "REST or GraphQL?"
    _key(qtbot, page, Qt.Key.Key_S)
    assert page.card is None and page.counts_label.text().startswith("0 due · 0 new")
    _key(qtbot, page, Qt.Key.Key_Z, CTRL)
    assert page.card is not None
    _key(qtbot, page, Qt.Key.Key_Z, CTRL)
    assert "REST and GraphQL" in page.card_view.toPlainText()


def test_quiz_a_step_from_its_questions_section(window, qtbot):
    from roadmap_desktop.ui.review.step_questions import StepQuestions

    rid = queries.roadmap_id_for(window.ctx.db, SLUG)
    section = StepQuestions(window.ctx)
    qtbot.addWidget(section)
    section.quiz_requested.connect(window.review.start_quiz)
    section.quiz_requested.connect(lambda *_: window.show_scope(Scope.REVIEW))
    section.show_step(rid, "indexes-transactions-migrations", "Indexes")
    section.show()
    qtbot.mouseClick(section.quiz_button, Qt.MouseButton.LeftButton)
    page = window.review
    assert window.current_scope() is Scope.REVIEW and page.in_quiz()
    assert "Indexes" in page.quiz_label.text()
    for _ in range(2):  # the step has two questions; answers count as reviews
        _key(qtbot, page, Qt.Key.Key_Space)
        _key(qtbot, page, Qt.Key.Key_3)
    assert _logs(window) == 2 and not page.in_quiz()
    assert "Quiz on “Indexes” done" in page.message.text()


def test_every_review_command_runs(window, qtbot, monkeypatch, tmp_path):
    _start_graphql(window)
    monkeypatch.setattr(
        CardDialog, "ask", classmethod(lambda cls, parent, **kw: CardDraft("Edited?", "Yes"))
    )
    monkeypatch.setattr(ReviewOptionsDialog, "ask", classmethod(lambda cls, parent, s: True))
    target = tmp_path / "out"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    page = _review(window, qtbot)
    ran = set()
    order = [
        A.SHOW_ANSWER,
        A.GRADE_AGAIN,
        A.SHOW_ANSWER,
        A.GRADE_HARD,
        A.SHOW_ANSWER,
        A.GRADE_GOOD,
        A.SHOW_ANSWER,
        A.GRADE_EASY,
        A.UNDO,
        A.EDIT_CARD,
        A.SUSPEND_CARD,
        A.UNDO,
        A.DELETE_CARD,
        A.UNDO,
        A.REVIEW_OPTIONS,
        A.ARCHIVED_CARDS,
        A.EXPORT_APKG,
        A.EXPORT_CARDS_TEXT,
        A.PAGE_REVIEW,
    ]
    for command_id in order:
        action = window.binder.action(command_id)
        assert action.isEnabled(), command_id
        action.trigger()
        ran.add(command_id)
    assert _logs(window) == 3
    assert page.card is not None and page.card.front_md == "Edited?"
    assert (tmp_path / "out.apkg").stat().st_size > 0
    assert (tmp_path / "out.txt").read_text(encoding="utf-8").startswith("#separator:tab")
    page.start_quiz(queries.roadmap_id_for(window.ctx.db, SLUG), "graphql", "GraphQL")
    window.binder.action(A.END_QUIZ).trigger()
    assert not page.in_quiz()
    ran.add(A.END_QUIZ)
    assert ran == {c.id for c in commands_in(Scope.REVIEW)} | {A.PAGE_REVIEW, A.UNDO}


def test_archived_cards_are_listed_and_can_be_deleted(window, qtbot):
    from roadmap_desktop.ui.review.archived_dialog import ArchivedCardsDialog

    rid = queries.roadmap_id_for(window.ctx.db, SLUG)
    with window.ctx.db.transaction() as session:  # a roadmap update dropped this question
        card = session.scalars(select(Card).where(Card.question_key == "acid-properties")).one()
        card.archived = True
    page = _review(window, qtbot)
    window.binder.action(A.ARCHIVED_CARDS).trigger()
    dialog = page.findChild(ArchivedCardsDialog)
    assert dialog is not None and dialog.tree.topLevelItemCount() == 1
    assert dialog.tree.topLevelItem(0).text(0) == "Explain the ACID properties."
    qtbot.mouseClick(dialog.delete_button, Qt.MouseButton.LeftButton)
    assert dialog.tree.topLevelItemCount() == 0
    window.binder.action(A.UNDO).trigger()
    assert dialog.tree.topLevelItemCount() == 1 and rid


def test_remote_images_in_a_card_are_never_fetched(window, qtbot, monkeypatch):
    from roadmap_desktop.services import cards as card_service
    from roadmap_desktop.ui.widgets.markdown_view import MarkdownView

    rid = _start_graphql(window)
    front = "Which diagram? ![schema](https://example.com/diagram.png)"
    window.ctx.apply(card_service.create_card, rid, "graphql", CardDraft(front, "The schema"))
    requested: list[str] = []
    original = MarkdownView.loadResource
    monkeypatch.setattr(
        MarkdownView,
        "loadResource",
        lambda self, kind, name: (requested.append(str(name)), original(self, kind, name))[1],
    )
    page = _review(window, qtbot)
    while page.card is not None and "diagram" not in page.card.front_md:
        _key(qtbot, page, Qt.Key.Key_Space)
        _key(qtbot, page, Qt.Key.Key_4)
    assert page.card is not None
    assert "schema" in page.card_view.toPlainText()
    assert "<img" not in page.card_view.toHtml()
    assert not any(r.startswith("http") for r in requested)


def test_once_a_day_message_when_cards_are_due(window, qtbot):
    messages: list[str] = []
    window.ctx.message.connect(messages.append)
    window.ctx.settings.review_reminded_on = ""
    _start_graphql(window)
    assert messages == ["1 card to review today — Ctrl+4 opens Review."]
    _review(window, qtbot)
    window.review.reload()
    assert len(messages) == 1  # once a day
    window.ctx.settings.review_reminded_on = ""
    window.ctx.settings.review_reminder = False
    window.review.reload()
    assert len(messages) == 1  # off in Review Options


def test_the_badge_survives_a_theme_switch(window, qtbot):
    _start_graphql(window)
    button = window.rail.group.button(3)
    assert button.property("due_count") == 1
    window.binder.action(A.THEME_DARK).trigger()
    assert button.property("due_count") == 1 and "1 due" in button.toolTip()
    button.setProperty("due_count", None)
    window.binder.action(A.THEME_LIGHT).trigger()
    assert button.property("due_count") == 1  # painted again after the icons were reset


def test_the_badge_follows_steps_done_on_the_roadmap_page(window, qtbot):
    # Review is hidden: a step with a card moves the badge, steps without cards leave it be.
    page, badge = window.page, window.rail.group.button(3)
    assert window.current_scope() is Scope.ROADMAP and badge.property("due_count") == 0
    assert Scope.REVIEW not in window.pages  # the count needs no Review page
    page.select_step("graphql")
    page.step_view.setFocus()
    qtbot.keyClick(page.step_view, Qt.Key.Key_Space)
    assert badge.property("due_count") == 1 and window.review_button.text() == "1 card due"
    rid = page.overview.id
    plain = next(
        s.key
        for p in page.overview.phases
        for s in p.steps
        if not window.ctx.read(queries.step_detail, rid, s.key).questions
    )
    page.select_step(plain)
    qtbot.keyClick(page.step_view, Qt.Key.Key_Space)
    assert badge.property("due_count") == 1
    window.binder.action(A.UNDO).trigger()
    window.binder.action(A.UNDO).trigger()
    assert badge.property("due_count") == 0 and not window.review_button.isVisible()
