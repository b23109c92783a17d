"""The roadmap page driven through the real window: timeline, step list, status, undo."""

from PySide6.QtCore import QPoint, Qt

from roadmap_desktop.core.enums import StepStatus
from roadmap_desktop.services import queries
from roadmap_desktop.ui.actions import A
from roadmap_desktop.ui.roadmap.phase_model import ROLE_COMPLETION, ROLE_STATUS


def _stored_status(window, key):
    page = window.page
    return page.ctx.read(queries.step_detail, page.overview.id, key).status


def test_models_pass_the_model_tester(window, qtmodeltester):
    page = window.page
    qtmodeltester.check(page.phase_model)
    qtmodeltester.check(page.step_model)
    qtmodeltester.check(page.detail.topic_model)


def test_opens_on_the_first_bundled_roadmap_with_its_seven_phases(window):
    page = window.page
    assert page.overview.slug == "backend-developer-24-weeks"
    assert page.phase_model.rowCount() == 7
    weeks = [(p.start_week, p.end_week) for p in page.overview.phases]
    assert weeks == [(1, 4), (5, 6), (7, 12), (13, 16), (17, 18), (19, 20), (21, 24)]
    assert page.timeline.selected_row() == 0
    assert page.step_view.currentIndex().isValid()
    assert page.detail.title.text() == page.step_model.step(0).title
    assert "Phase 1" in page.phase_title.text()


def test_clicking_a_bar_shows_that_phases_steps(window, qtbot):
    page = window.page
    rect = page.timeline.bar_rect(2)
    qtbot.mouseClick(
        page.timeline,
        Qt.MouseButton.LeftButton,
        pos=QPoint(int(rect.center().x()), int(rect.center().y())),
    )
    assert page.timeline.selected_row() == 2
    databases = page.overview.phases[2]
    assert [page.step_model.step(r).key for r in range(page.step_model.rowCount())] == [
        s.key for s in databases.steps
    ]
    assert "Databases" in page.phase_title.text()


def test_arrow_keys_move_between_phases(window, qtbot):
    page = window.page
    page.timeline.setFocus()
    qtbot.keyClick(page.timeline, Qt.Key.Key_Right)
    qtbot.keyClick(page.timeline, Qt.Key.Key_Right)
    assert page.timeline.selected_row() == 2
    qtbot.keyClick(page.timeline, Qt.Key.Key_End)
    assert page.timeline.selected_row() == 6
    qtbot.keyClick(page.timeline, Qt.Key.Key_Left)
    assert page.timeline.selected_row() == 5


def test_number_keys_set_status_and_progress_updates_live(window, qtbot):
    page = window.page
    page.step_view.setFocus()
    key = page.selected_step_key()
    before = page.phase_model.data(page.phase_model.index(0), ROLE_COMPLETION)
    qtbot.keyClick(page.step_view, Qt.Key.Key_3)
    assert _stored_status(window, key) == StepStatus.DONE
    row = page.step_view.currentIndex().row()
    assert page.step_model.data(page.step_model.index(row, 0), ROLE_STATUS) == "done"
    assert page.phase_model.data(page.phase_model.index(0), ROLE_COMPLETION) > before
    assert page.detail.status_group.checkedId() == 2
    assert "%" in window.summary.text()
    qtbot.keyClick(page.step_view, Qt.Key.Key_2)
    assert _stored_status(window, key) == StepStatus.IN_PROGRESS


def test_space_toggles_done_and_undo_redo_restore(window, qtbot):
    page = window.page
    page.step_view.setFocus()
    key = page.selected_step_key()
    qtbot.keyClick(page.step_view, Qt.Key.Key_Space)
    assert _stored_status(window, key) == StepStatus.DONE
    window.binder.action(A.UNDO).trigger()
    assert _stored_status(window, key) == StepStatus.TODO
    assert page.detail.status_group.checkedId() == 0
    window.binder.action(A.REDO).trigger()
    assert _stored_status(window, key) == StepStatus.DONE
    qtbot.keyClick(page.step_view, Qt.Key.Key_Space)
    assert _stored_status(window, key) == StepStatus.TODO


def test_status_buttons_in_the_detail_pane(window, qtbot):
    page = window.page
    key = page.selected_step_key()
    qtbot.mouseClick(page.detail.status_group.button(3), Qt.MouseButton.LeftButton)
    assert _stored_status(window, key) == StepStatus.SKIPPED
    row = page.step_view.currentIndex().row()
    assert page.step_model.data(page.step_model.index(row, 0), Qt.ItemDataRole.FontRole).strikeOut()


def test_ticking_topics_is_stored_and_undoable(window, qtbot):
    page = window.page
    model = page.detail.topic_model
    assert model.rowCount() > 0
    model.setData(model.index(0), Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole)
    detail = page.ctx.read(queries.step_detail, page.overview.id, page.selected_step_key())
    assert detail.topics[0].done
    assert model.data(model.index(0), Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
    assert "1 of" in page.detail.topics_label.text()
    row = page.step_view.currentIndex().row()
    assert page.step_model.data(page.step_model.index(row, 2)).startswith("1/")
    window.binder.action(A.UNDO).trigger()
    detail = page.ctx.read(queries.step_detail, page.overview.id, page.selected_step_key())
    assert not detail.topics[0].done


def test_switching_roadmaps(window):
    index = window.switcher.findData("backend-developer-path")
    window.switcher.setCurrentIndex(index)
    page = window.page
    assert page.overview.slug == "backend-developer-path"
    assert sum(len(p.steps) for p in page.overview.phases) == 14
    assert "Backend Developer: the 14-stage path" in window.windowTitle()


def test_progress_and_place_survive_a_restart(open_window, qtbot):
    window = open_window()
    page = window.page
    page.select_phase(2)
    page.step_view.setCurrentIndex(page.step_model.index(1, 0))
    key = page.selected_step_key()
    page.step_view.setFocus()
    qtbot.keyClick(page.step_view, Qt.Key.Key_3)
    window.close()

    again = open_window()
    assert again.page.selected_step_key() == key
    assert again.page.timeline.selected_row() == 2
    assert _stored_status(again, key) == StepStatus.DONE
    assert again.page.detail.status_group.checkedId() == 2


def test_first_run_welcome_sets_the_schedule_and_opens_the_chosen_roadmap(
    qtbot, tmp_path, monkeypatch
):
    from datetime import date

    from roadmap_desktop.services.startup import open_store
    from roadmap_desktop.settings import Settings
    from roadmap_desktop.ui.context import AppContext
    from roadmap_desktop.ui.main_window import MainWindow
    from roadmap_desktop.ui.widgets.dialogs import ScheduleDialog

    store = open_store(tmp_path / "data")
    chosen_id = queries.roadmap_id_for(store.db, "backend-in-20-steps")
    asked = []

    def fake_ask(parent, **kwargs):
        asked.append(kwargs)
        return chosen_id, date(2026, 1, 5), 6.0

    monkeypatch.setattr(
        ScheduleDialog, "ask", classmethod(lambda cls, parent, **kw: fake_ask(parent, **kw))
    )
    ctx = AppContext(store.db, store.data_dir, Settings(store.data_dir))
    window = MainWindow()
    qtbot.addWidget(window)
    window.attach(ctx, welcome=True)
    qtbot.waitUntil(lambda: window.page.overview.slug == "backend-in-20-steps")
    assert asked and asked[0]["welcome"] is True
    assert window.page.overview.start_date == date(2026, 1, 5)
    assert window.page.overview.weekly_hours == 6.0
    assert ctx.settings.welcomed
    window.close()
    store.db.close()


def test_the_step_viewed_last_is_stored_without_closing_the_window(window, qtbot):
    from roadmap_desktop.settings import Settings

    page = window.page
    page.step_view.setFocus()
    qtbot.keyClick(page.step_view, Qt.Key.Key_Down)
    key = page.selected_step_key()
    slug = page.overview.slug
    assert window.ctx.settings.last_step(slug) == key  # at once for this window
    # …and on disk a moment later, so a crash keeps it (another reader sees the file).
    qtbot.waitUntil(lambda: Settings(window.ctx.data_dir).last_step(slug) == key, timeout=5000)


def test_effort_and_topic_columns_fit_their_widest_cell_in_every_phase(window, qtbot):
    page = window.page
    view, model = page.step_view, page.step_model
    header = view.header()
    page.timeline.setFocus()
    for _phase in range(page.phase_model.rowCount()):
        for column in (1, 2):
            cells = [
                view.sizeHintForIndex(model.index(r, column)).width()
                for r in range(model.rowCount())
            ]
            assert header.sectionSize(column) == max([*cells, header.sectionSizeHint(column)])
        qtbot.keyClick(page.timeline, Qt.Key.Key_Right)
    # A tick that widens the topic count ("9/10" → "10/10" style) widens the column with it.
    page.detail.topic_view.setFocus()
    for row in range(page.detail.topic_model.rowCount()):
        page.detail.topic_view.setCurrentIndex(page.detail.topic_model.index(row))
        if not page.detail.topic_model.rows[row].done:
            qtbot.keyClick(page.detail.topic_view, Qt.Key.Key_Space)
    cells = [view.sizeHintForIndex(model.index(r, 2)).width() for r in range(model.rowCount())]
    assert header.sectionSize(2) == max([*cells, header.sectionSizeHint(2)])


def test_the_welcome_list_never_overlaps_the_fields_below_it(window, qtbot):
    """On a short screen the roadmap list scrolls instead of running under the start date."""
    from datetime import date

    from roadmap_desktop.ui.widgets.dialogs import ScheduleDialog

    roadmaps = window.ctx.read(queries.list_roadmaps)
    dialog = ScheduleDialog(
        window, roadmaps=roadmaps, start=date(2026, 1, 5), weekly_hours=10.0, welcome=True
    )
    qtbot.addWidget(dialog)
    for height in (420, 2000):  # shorter than everything wants; plenty
        dialog.resize(dialog.width(), height)
        dialog.show()
        qtbot.waitExposed(dialog)
        assert dialog.height() >= dialog.minimumSizeHint().height()
        listed = dialog.roadmap_list.geometry()
        below = dialog.start_edit.geometry()
        assert listed.bottom() < below.top()
        assert dialog.roadmap_list.height() >= 2 * dialog.roadmap_list.sizeHintForRow(0)
        dialog.hide()


def test_step_icons_follow_a_theme_switch(window, qtbot):
    # The step list keeps what it painted per cell: a new palette must not show the old icons.
    from roadmap_desktop.ui.widgets.icons import status_icon

    page = window.page
    page.step_view.setFocus()
    qtbot.keyClick(page.step_view, Qt.Key.Key_Space)  # one done step beside open ones
    index = page.step_view.currentIndex().siblingAtColumn(0)
    step = page.step_model.step(index.row())
    page.step_view.viewport().repaint()
    light = page.step_model.data(index, Qt.ItemDataRole.DecorationRole)
    assert light.cacheKey() == status_icon(step.status).cacheKey()
    window.set_theme("dark")
    try:
        dark = page.step_model.data(index, Qt.ItemDataRole.DecorationRole)
        assert dark.cacheKey() != light.cacheKey()
        assert dark.cacheKey() == status_icon(step.status).cacheKey()
    finally:
        window.set_theme("light")
