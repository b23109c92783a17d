"""Targeted refresh and loading in parts, driven through the real window on a real database."""

from PySide6.QtCore import Qt

from roadmap_desktop.services import library as lib
from roadmap_desktop.services import queries
from roadmap_desktop.ui.actions import A
from roadmap_desktop.ui.library import library_page


def _counting(monkeypatch, module, name):
    calls = []
    real = getattr(module, name)

    def counted(*args, **kwargs):
        calls.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(module, name, counted)
    return calls


def test_a_tick_updates_its_row_bar_header_and_switcher_without_a_reload(
    window, qtbot, monkeypatch
):
    page = window.page
    overviews = _counting(monkeypatch, queries, "roadmap_overview")
    summaries = _counting(monkeypatch, queries, "list_roadmaps")
    row = page.step_view.currentIndex().row()
    step = page.step_model.step(row)
    assert step.topics_total > 0
    phase_row = page.timeline.selected_row()
    before_phase = page.phase_model.phase(phase_row).completion
    before_switcher = window.switcher.currentText()
    page.detail.topic_view.setFocus()
    page.detail.topic_view.setCurrentIndex(page.detail.topic_model.index(0))
    qtbot.keyClick(page.detail.topic_view, Qt.Key.Key_Space)
    assert page.step_model.step(row).topics_done == step.topics_done + 1
    assert page.phase_model.phase(phase_row).completion > before_phase
    assert page.detail.topic_model.rows[0].done
    fresh = window.ctx.read(queries.roadmap_overview, page.overview.id, page.today)
    assert page.overview == fresh  # the in-memory update matches a fresh read
    percent = next(r.percent for r in window.ctx.read(queries.list_roadmaps) if r.id == fresh.id)
    assert window.switcher.currentText().endswith(f"{percent}%")
    assert f"{percent}%" in window.summary.text()
    # Neither the page nor the switcher re-read everything for the tick (the two reads above
    # are this test's own).
    assert len(overviews) == 1 and len(summaries) == 1
    window.ctx.undo_stack.undo()
    assert page.step_model.step(row).topics_done == step.topics_done
    assert window.switcher.currentText() == before_switcher


def test_a_note_autosave_changes_only_the_saved_indicator(window, qtbot, monkeypatch):
    page = window.page
    rows = _counting(monkeypatch, queries, "step_rows")
    overviews = _counting(monkeypatch, queries, "roadmap_overview")
    page.detail.notes.focus_editor()
    qtbot.keyClicks(page.detail.notes.editor, "x")
    page.detail.notes.timer.timeout.emit()  # the autosave fires
    assert page.detail.notes.state_label.text().startswith("Saved")
    key = page.selected_step_key()
    assert page.step_model.step(page.step_view.currentIndex().row()).has_note
    qtbot.keyClicks(page.detail.notes.editor, "y")
    page.detail.notes.timer.timeout.emit()
    assert len(rows) == 2 and not overviews  # one row read per save, no reload
    assert window.ctx.read(queries.step_detail, page.overview.id, key).note_md == "xy"


def test_hidden_planner_goes_stale_and_reloads_when_shown(window, qtbot):
    window.binder.action(A.PAGE_PLANNER).trigger()
    planner = window.planner
    key = window.page.selected_step_key()
    assert key in {s.step_key for s in planner.backlog_model.steps}
    window.binder.action(A.PAGE_ROADMAP).trigger()
    window.page.step_view.setFocus()
    qtbot.keyClick(window.page.step_view, Qt.Key.Key_3)  # mark the step done
    assert not planner._loaded  # not reloaded while hidden
    window.binder.action(A.PAGE_PLANNER).trigger()
    assert planner._loaded
    assert key not in {s.step_key for s in planner.backlog_model.steps}


def test_a_big_library_shows_its_newest_rows_first_then_the_rest(window, qtbot, monkeypatch):
    monkeypatch.setattr(library_page, "FIRST_ROWS", 4)
    monkeypatch.setattr(library_page, "MORE_ROWS", 3)
    total = len(window.ctx.read(lib.library_ids))
    assert total > 10
    window.binder.action(A.PAGE_LIBRARY).trigger()
    page = window.library
    assert page.model.total() == 4
    assert "loading" in page.count.text()
    newest = window.ctx.read(lib.library_ids)[:4]
    assert {page.model.row_value(r).id for r in range(4)} == set(newest)
    qtbot.waitUntil(lambda: page.model.total() == total)
    assert "loading" not in page.count.text()
    assert {page.model.row_value(r).id for r in range(total)} == set(
        window.ctx.read(lib.library_ids)
    )


def test_a_first_note_changes_the_step_mark_not_the_phases(window, qtbot, monkeypatch):
    """Writing a step's first note (or emptying it) flips its note mark in the step list; no
    figure depends on notes, so the phases, the timeline and the header are left alone."""
    from roadmap_desktop.services import overview_math

    page = window.page
    row = page.step_view.currentIndex().row()
    assert not page.step_model.step(row).has_note
    recomputed = _counting(monkeypatch, overview_math, "with_steps")
    phase_updates = _counting(monkeypatch, page.phase_model, "update_phases")
    page.detail.notes.focus_editor()
    qtbot.keyClicks(page.detail.notes.editor, "x")
    page.detail.notes.timer.timeout.emit()
    assert page.step_model.step(row).has_note
    qtbot.keyClick(page.detail.notes.editor, Qt.Key.Key_Backspace)
    page.detail.notes.timer.timeout.emit()
    assert not page.step_model.step(row).has_note
    assert not recomputed and not phase_updates
    fresh = window.ctx.read(queries.roadmap_overview, page.overview.id, page.today)
    assert page.overview == fresh  # the marks kept in memory match a fresh read
