"""The roadmap editor and curriculum import through the real window."""

from PySide6.QtCore import QMimeData, Qt
from PySide6.QtWidgets import QFileDialog, QInputDialog

from roadmap_desktop.core.enums import StepStatus
from roadmap_desktop.services import queries, study
from roadmap_desktop.ui.actions import A
from roadmap_desktop.ui.editor.curriculum_import import ImportPreview
from roadmap_desktop.ui.editor.outline_model import OUTLINE_MIME


def _titles(editor):
    model = editor.model
    return [(p.title, [s.title for s in p.steps]) for p in model.phases]


def _new_roadmap(window, monkeypatch, title="My backend plan"):
    monkeypatch.setattr(QInputDialog, "getText", staticmethod(lambda *a, **k: (title, True)))
    window.binder.action(A.NEW_ROADMAP).trigger()
    assert window.commands.editor is not None
    return window.commands.editor


def _edit_roadmap(window):
    window.binder.action(A.EDIT_ROADMAP).trigger()
    return window.commands.editor


def _import(window, monkeypatch, source):
    """File ▸ Import Curriculum… with the file dialog answered."""
    monkeypatch.setattr(
        QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(source), ""))
    )
    window.binder.action(A.IMPORT_CURRICULUM).trigger()
    return window.page.overview.slug


def test_outline_model_passes_the_model_tester(window, monkeypatch, qtmodeltester):
    editor = _new_roadmap(window, monkeypatch)
    editor.add_step()
    qtmodeltester.check(editor.model)


def test_build_a_roadmap_from_scratch_with_undo(window, monkeypatch):
    editor = _new_roadmap(window, monkeypatch)
    assert window.page.overview.title == "My backend plan"
    assert _titles(editor) == [("Phase 1", [])]
    editor.tree.setCurrentIndex(editor.model.index(0, 0))
    editor.add_step()
    editor.step_title.setText("HTTP basics")
    editor.body.setPlainText("### What it is\nRequests and responses.")
    editor.effort.setValue(3)
    editor.save_step()
    editor.add_phase()
    editor.phase_title.setText("Databases")
    editor.phase_title.editingFinished.emit()
    assert _titles(editor) == [("Phase 1", ["HTTP basics"]), ("Databases", [])]
    detail = window.ctx.read(
        queries.step_detail, editor.roadmap_id, editor.model.phases[0].steps[0].key
    )
    assert (detail.hours, detail.body_md) == (3.0, "### What it is\nRequests and responses.")
    # the main window shows the new structure at once
    assert [p.title for p in window.page.overview.phases] == ["Phase 1", "Databases"]
    window.ctx.undo_stack.undo()  # rename
    window.ctx.undo_stack.undo()  # add phase
    assert _titles(editor) == [("Phase 1", ["HTTP basics"])]


def test_drag_a_step_to_another_phase_and_rename_in_place(window, monkeypatch):
    editor = _new_roadmap(window, monkeypatch)
    editor.tree.setCurrentIndex(editor.model.index(0, 0))
    editor.add_step()
    editor.add_phase()
    first = editor.model.phases[0].steps[0].key
    mime = QMimeData()
    mime.setData(OUTLINE_MIME, f'{{"kind": "step", "key": "{first}"}}'.encode())
    editor.model.dropMimeData(mime, Qt.DropAction.MoveAction, -1, 0, editor.model.index(1, 0))
    assert [len(p.steps) for p in editor.model.phases] == [0, 1]
    index = editor.model.find("step", first)
    editor.model.setData(index, "Renamed step", Qt.ItemDataRole.EditRole)
    assert editor.model.phases[1].steps[0].title == "Renamed step"
    window.ctx.undo_stack.undo()
    window.ctx.undo_stack.undo()
    assert [len(p.steps) for p in editor.model.phases] == [1, 0]


def test_bundled_roadmaps_are_read_only_and_copies_keep_progress(window, monkeypatch):
    page = window.page
    key = page.selected_step_key()
    window.ctx.apply(study.set_step_status, page.overview.id, key, StepStatus.DONE)
    editor = _edit_roadmap(window)
    assert not editor.banner.isHidden()
    assert not editor.edit_buttons[0].isEnabled()
    monkeypatch.setattr(QInputDialog, "getText", staticmethod(lambda *a, **k: ("Mine", True)))
    new_id = editor.make_copy()
    assert new_id and window.page.overview.id == new_id
    assert window.page.overview.title == "Mine"
    assert window.ctx.read(queries.step_detail, new_id, key).status == StepStatus.DONE
    assert editor.banner.isHidden() and editor.edit_buttons[0].isEnabled()


def test_import_a_markdown_curriculum_then_update_it(window, tmp_path, monkeypatch):
    source = tmp_path / "plan.md"
    source.write_text(
        "# Learn SQL\n\n## Basics\n\n- [x] SELECT and WHERE\n- [ ] Joins\n\n"
        "## Performance\n\n- [ ] Indexes ([video](https://www.youtube.com/watch?v=abc))\n",
        encoding="utf-8",
    )
    choices = []
    monkeypatch.setattr(
        ImportPreview,
        "ask",
        classmethod(
            lambda cls, parent, plan, existing: choices.append((plan, existing)) or "update"
        ),
    )
    slug = _import(window, monkeypatch, source)
    assert slug and window.page.overview.slug == slug
    plan, existing = choices[0]
    assert existing is None and plan.created
    overview = window.page.overview
    steps = [s for p in overview.phases for s in p.steps]
    assert any(s.status == StepStatus.DONE for s in steps)

    source.write_text(
        "# Learn SQL\n\n## Basics\n\n- [x] SELECT and WHERE\n\n"
        "## Performance\n\n- [ ] Indexes\n- [ ] Query plans\n",
        encoding="utf-8",
    )
    _import(window, monkeypatch, source)
    plan, existing = choices[1]
    assert existing == "Learn SQL" and not plan.created
    assert plan.added and plan.removed


def test_archived_steps_are_visible_and_restorable(window, tmp_path, monkeypatch):
    source = tmp_path / "plan.md"
    source.write_text(
        "# Learn Go\n\n## Basics\n\n- [ ] Syntax\n- [ ] Goroutines\n\n## Web\n\n- [ ] net/http\n",
        encoding="utf-8",
    )
    monkeypatch.setattr(
        ImportPreview, "ask", classmethod(lambda cls, parent, plan, existing: "update")
    )
    _import(window, monkeypatch, source)
    overview = window.page.overview
    goroutines = next(s for p in overview.phases for s in p.steps if "goroutines" in s.key)
    window.ctx.apply(study.save_note, overview.id, goroutines.key, "channels!")
    source.write_text(
        "# Learn Go\n\n## Basics\n\n- [ ] Syntax\n\n## Web\n\n- [ ] net/http\n", encoding="utf-8"
    )
    _import(window, monkeypatch, source)
    editor = _edit_roadmap(window)
    assert not editor.archived_box.isHidden()
    assert editor.archived.count() == 1
    editor.archived.setCurrentRow(0)
    editor.tree.setCurrentIndex(editor.model.index(1, 0))
    editor.restore_archived()
    assert editor.archived.count() == 0
    assert goroutines.key in [s.key for s in editor.model.phases[1].steps]
    assert window.ctx.read(queries.step_detail, overview.id, goroutines.key).note_md == "channels!"
    window.ctx.undo_stack.undo()
    assert editor.archived.count() == 1


def test_the_editor_keeps_typed_text_on_switch_and_escape(window, qtbot, monkeypatch):
    editor = _new_roadmap(window, monkeypatch)
    editor.tree.setCurrentIndex(editor.model.index(0, 0))
    editor.add_step()
    editor.add_step()
    first, second = (s.key for s in editor.model.phases[0].steps)
    editor.tree.setCurrentIndex(editor.model.find("step", first))
    editor.body.setFocus()
    qtbot.keyClicks(editor.body, "Typed but not saved")
    # clicking another step saves what was typed
    editor.tree.setCurrentIndex(editor.model.find("step", second))
    rid = editor.roadmap_id
    qtbot.waitUntil(
        lambda: window.ctx.read(queries.step_detail, rid, first).body_md == "Typed but not saved"
    )
    qtbot.keyClicks(editor.body, "Second text")
    qtbot.keyClick(editor.body, Qt.Key.Key_Escape)
    assert not editor.isVisible()
    assert window.ctx.read(queries.step_detail, rid, second).body_md == "Second text"
    window.ctx.undo_stack.undo()  # the save is one undo step
    assert window.ctx.read(queries.step_detail, rid, second).body_md == ""


def test_import_from_the_menu_shows_what_is_not_imported(window, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QDialog, QFileDialog, QLabel, QListWidget

    source = tmp_path / "links.md"
    source.write_text(
        "# Learn Go\n\n[![CI](https://img.shields.io/badge/ci-ok.svg)](https://ci.example.org)\n\n"
        "## Basics\n\n- [ ] [Tour](https://go.example.org/tour)\n\n## License\n\n"
        "[MIT](https://example.org/mit)\n",
        encoding="utf-8",
    )
    rows = []

    def accept(dialog):  # the user reads the preview and presses Import
        details = dialog.findChild(QListWidget)
        rows.extend(details.item(i).text() for i in range(details.count()))
        rows.extend(label.text() for label in dialog.findChildren(QLabel))
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(ImportPreview, "exec", accept)
    monkeypatch.setattr(
        QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(source), ""))
    )
    window.binder.action(A.IMPORT_CURRICULUM).trigger()
    assert window.page.overview.slug == "learn-go"
    assert "not imported: https://ci.example.org — badge" in rows
    assert "not imported: https://example.org/mit — left out: the “License” section" in rows
    assert any("links: 1 of 3 become step resources" in r for r in rows)
