"""Ctrl+K in the real main window opens found items in place; Ctrl+F filters the steps."""

from __future__ import annotations

from PySide6.QtCore import Qt

from roadmap_desktop.services import cards, queries, study
from roadmap_desktop.services.review_values import CardDraft
from roadmap_desktop.ui.actions import A, Scope

SLUG = "backend-developer-24-weeks"
STEP = "indexes-transactions-migrations"


def _other_roadmap(window) -> str:  # type: ignore[no-untyped-def]
    slugs = [r.slug for r in window.ctx.read(queries.list_roadmaps)]
    return next(s for s in slugs if s != SLUG)


def _ctrl_k(window, qtbot, text: str):  # type: ignore[no-untyped-def]
    qtbot.keyClick(window, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    palette = window.palette
    assert palette is not None and palette.isVisible()
    qtbot.keyClicks(palette.edit, text)
    return palette


def test_ctrl_k_opens_a_note_in_place_from_another_roadmap(window, qtbot):
    rid = window.ctx.read(queries.roadmap_id_for, SLUG)
    lines = [f"line {i}" for i in range(80)]
    lines[60] = "Partial index trick: make the predicate sargable."
    note = "\n".join(lines)
    window.ctx.apply(study.save_note, rid, STEP, note)
    window.show_roadmap(_other_roadmap(window))
    assert window.page.overview.slug != SLUG

    palette = _ctrl_k(window, qtbot, "sargab")
    assert [r.text for r in palette.model.rows[:2]] == [
        "Notes",
        "Indexes, transactions and migrations",
    ]
    qtbot.keyClick(palette.edit, Qt.Key.Key_Return)

    assert not palette.isVisible()
    assert window.current_scope() is Scope.ROADMAP
    assert window.page.overview.slug == SLUG
    assert window.switcher.currentData() == SLUG
    assert window.page.selected_step_key() == STEP
    notes = window.page.detail.notes
    assert notes.stack.currentIndex() == 0  # the editor, not the preview
    cursor = notes.editor.textCursor()
    assert cursor.selectedText() == "sargable"
    assert cursor.blockNumber() == 60
    scrollbar = notes.editor.verticalScrollBar()
    assert scrollbar.value() > 0  # scrolled down to line 60


def test_ctrl_k_opens_a_guide_at_the_matched_word(window, qtbot):
    window.show_roadmap(_other_roadmap(window))
    palette = _ctrl_k(window, qtbot, "creditin")
    assert palette.model.rows[0].text == "Steps"
    qtbot.keyClick(palette.edit, Qt.Key.Key_Return)
    assert window.page.overview.slug == SLUG
    assert window.page.selected_step_key() == STEP
    guide = window.page.detail.guide
    assert guide.textCursor().selectedText() == "crediting"


def test_ctrl_k_opens_a_card_in_its_steps_questions(window, qtbot):
    rid = window.ctx.read(queries.roadmap_id_for, SLUG)
    for i in range(12):  # enough cards that the found one is below the fold
        window.ctx.apply(cards.create_card, rid, STEP, CardDraft(f"Filler question {i}", "x"))
    result = window.ctx.apply(
        cards.create_card, rid, STEP, CardDraft("When does a hypertable help?", "Time series")
    )
    assert result is not None
    card_id = result[0]
    window.show_roadmap(_other_roadmap(window))

    palette = _ctrl_k(window, qtbot, "hypertab")
    assert [r.text for r in palette.model.rows[:2]] == [
        "Your cards",
        "When does a hypertable help?",
    ]
    qtbot.keyClick(palette.edit, Qt.Key.Key_Return)

    assert not palette.isVisible()
    assert window.current_scope() is Scope.ROADMAP  # not the Review page: nothing is graded
    assert window.page.overview.slug == SLUG
    assert window.page.selected_step_key() == STEP
    questions = window.page.detail.questions
    row = next(r for r in questions.rows if r.card.id == card_id)
    assert row.toggle.hasFocus() and not row.answer.isVisible()  # answer still hidden
    assert questions.scroll_area.verticalScrollBar().value() > 0  # scrolled to the card
    viewport = questions.scroll_area.viewport()
    top = row.mapTo(viewport, row.rect().topLeft()).y()
    assert top >= 0 and top + row.height() <= viewport.height()


def test_ctrl_k_opens_a_resource_in_the_library(window, qtbot):
    palette = _ctrl_k(window, qtbot, "kleppmann")
    header = next(i for i, r in enumerate(palette.model.rows) if r.text == "Resources")
    while palette.view.currentIndex().row() < header:
        qtbot.keyClick(palette.edit, Qt.Key.Key_Down)
    chosen = palette.current_row()
    assert chosen is not None and chosen.hit is not None
    qtbot.keyClick(palette.edit, Qt.Key.Key_Return)
    assert window.current_scope() is Scope.LIBRARY
    assert window.library.selected_ids() == [chosen.hit.resource_id]


def test_ctrl_k_runs_a_command_of_the_registry(window, qtbot):
    palette = _ctrl_k(window, qtbot, "view lib")
    rows = [r for r in palette.model.rows if r.kind == "command"]
    assert any(r.text == "View: Library" and r.shortcut for r in rows)
    while (row := palette.current_row()) is None or row.text != "View: Library":
        qtbot.keyClick(palette.edit, Qt.Key.Key_Down)
    qtbot.keyClick(palette.edit, Qt.Key.Key_Return)
    assert window.current_scope() is Scope.LIBRARY
    assert window.ctx.settings.command_uses() == {A.PAGE_LIBRARY.value: 1}


def test_ctrl_f_filters_the_steps_of_every_phase(window, qtbot):
    window.show_roadmap(SLUG)
    page = window.page
    page.step_view.setFocus()
    qtbot.keyClick(page.step_view, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert page.filter.hasFocus()
    qtbot.keyClicks(page.filter, "proj")
    titles = [page.step_model.step(i).title for i in range(page.step_model.rowCount())]
    assert "Project: URL shortener" in titles
    phases = {page.overview.phase_of(page.step_model.step(i).key) for i in range(len(titles))}
    assert len(titles) >= 2 and len(phases) >= 2  # across phases
    assert all("project" in t.lower() for t in titles)
    assert page.phase_title.text() == "Steps matching “proj”"
    qtbot.keyClick(page.filter, Qt.Key.Key_Down)
    assert page.step_view.hasFocus()
    assert page.selected_step_key() == page.step_model.step(0).key
    # A status change keeps the filtered list.
    qtbot.keyClick(page.step_view, Qt.Key.Key_3)
    assert page.step_model.rowCount() == len(titles)
    # Esc in the filter clears it and shows the phase of the selected step again.
    chosen = page.selected_step_key()
    page.filter.setFocus()
    qtbot.keyClick(page.filter, Qt.Key.Key_Escape)
    assert page.filter.text() == ""
    assert page.selected_step_key() == chosen
    shown = {page.step_model.step(i).key for i in range(page.step_model.rowCount())}
    phase = page.overview.phases[page.overview.phase_of(chosen)]
    assert shown == {s.key for s in phase.steps}


def test_ctrl_f_stays_the_librarys_filter_on_the_library_page(window, qtbot):
    window.show_scope(Scope.LIBRARY)
    table = window.library.table
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.library.search.hasFocus()
    assert not window.page.filter.hasFocus()


def test_a_recent_item_that_is_gone_says_so(window, qtbot):
    from roadmap_desktop.services.search import Field, HitKind, SearchHit
    from roadmap_desktop.ui.palette.palette_model import hit_to_json

    gone = SearchHit(
        kind=HitKind.STEP,
        title=(("Deleted step", False),),
        snippet=(),
        location=("Old roadmap",),
        score=0.0,
        field=Field.TITLE,
        roadmap_id=999,
        roadmap_slug="deleted-roadmap",
        step_key="deleted-step",
    )
    window.ctx.settings.palette_recent = [hit_to_json(gone)]
    shown_before = window.page.overview.slug
    qtbot.keyClick(window, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    palette = window.palette
    assert palette.model.rows[1].text == "Deleted step"
    with qtbot.waitSignal(window.ctx.message) as said:
        qtbot.keyClick(palette.edit, Qt.Key.Key_Return)
    assert said.args == ["“Deleted step” is no longer there."]
    assert window.page.overview.slug == shown_before


def test_a_topic_match_selects_the_topic(window, qtbot):
    palette = _ctrl_k(window, qtbot, "acid propert")
    rows = palette.model.rows
    target = next(
        i
        for i, r in enumerate(rows)
        if r.hit is not None and r.hit.step_key == STEP and r.hit.field.value == "topic"
    )
    while palette.view.currentIndex().row() < target:
        qtbot.keyClick(palette.edit, Qt.Key.Key_Down)
    qtbot.keyClick(palette.edit, Qt.Key.Key_Return)
    assert window.page.selected_step_key() == STEP
    view = window.page.detail.topic_view
    assert view.currentIndex().data() == "ACID properties"
