"""The Ctrl+K palette, built on the real context: type, move with the keys, open or run."""

from __future__ import annotations

from PySide6.QtCore import Qt

from roadmap_desktop.services import queries, study
from roadmap_desktop.services.search import Field, HitKind
from roadmap_desktop.ui.palette.palette import CommandPalette
from roadmap_desktop.ui.palette.palette_model import PaletteEntry

SLUG = "backend-developer-24-weeks"


def _palette(window, qtbot, ran=None):  # type: ignore[no-untyped-def]
    opened = []
    runs = ran if ran is not None else []
    entries = [
        PaletteEntry("toggle_theme", "Toggle Dark Theme", "", lambda: runs.append("theme")),
        PaletteEntry("export_csv", "Export Library as CSV…", "Ctrl+Shift+C", lambda: None),
        PaletteEntry("undo", "Undo", "Ctrl+Z", lambda: runs.append("undo")),
    ]
    palette = CommandPalette(window.ctx, lambda: entries, opened.append, window)
    qtbot.addWidget(palette)
    palette.popup()
    qtbot.waitExposed(palette)
    return palette, opened


def _titles(palette):  # type: ignore[no-untyped-def]
    return [(row.kind, row.text) for row in palette.model.rows]


def test_model_passes_the_model_tester(window, qtbot, qtmodeltester):
    palette, _ = _palette(window, qtbot)
    qtbot.keyClicks(palette.edit, "index")
    assert palette.model.rowCount() > 2
    qtmodeltester.check(palette.model)


def test_typing_groups_results_and_enter_opens_the_note(window, qtbot):
    rid = window.ctx.read(queries.roadmap_id_for, SLUG)
    note = "Partial index trick:\ncreate index on orders (id) where sargable_flag = false"
    window.ctx.apply(study.save_note, rid, "indexes-transactions-migrations", note)
    palette, opened = _palette(window, qtbot)
    qtbot.keyClicks(palette.edit, "sargab")
    rows = _titles(palette)
    assert rows[0] == ("header", "Notes")
    assert rows[1] == ("hit", "Indexes, transactions and migrations")
    hit_row = palette.model.rows[1]
    assert ("sargable", True) in hit_row.detail
    assert hit_row.location.startswith("Backend Developer in 24 Weeks › ")
    qtbot.keyClick(palette.edit, Qt.Key.Key_Return)
    assert not palette.isVisible()
    (hit,) = opened
    assert hit.kind == HitKind.NOTE and hit.field == Field.NOTE
    assert hit.roadmap_slug == SLUG and hit.step_key == "indexes-transactions-migrations"
    assert note[hit.offset :].startswith("sargable") and hit.match_text == "sargable"


def test_arrow_keys_skip_headers_and_escape_closes(window, qtbot):
    palette, opened = _palette(window, qtbot)
    qtbot.keyClicks(palette.edit, "postgres")
    rows = palette.model.rows
    assert len({r.text for r in rows if r.kind == "header"}) >= 2  # several kinds found
    first = palette.view.currentIndex().row()
    assert rows[first].kind == "hit"
    for _ in range(len(rows) + 2):
        qtbot.keyClick(palette.edit, Qt.Key.Key_Down)
        assert rows[palette.view.currentIndex().row()].kind != "header"
    assert palette.view.currentIndex().row() == max(
        i for i, r in enumerate(rows) if r.kind != "header"
    )
    for _ in range(len(rows) + 2):
        qtbot.keyClick(palette.edit, Qt.Key.Key_Up)
    assert palette.view.currentIndex().row() == first
    qtbot.keyClick(palette.edit, Qt.Key.Key_Escape)
    assert not palette.isVisible()
    assert opened == []


def test_commands_match_fuzzily_and_run(window, qtbot):
    ran: list[str] = []
    palette, _ = _palette(window, qtbot, ran)
    qtbot.keyClicks(palette.edit, "tgl drk")
    assert ("command", "Toggle Dark Theme") in _titles(palette)
    palette.edit.clear()
    qtbot.keyClicks(palette.edit, "undo")
    assert _titles(palette)[:2] == [("header", "Commands"), ("command", "Undo")]
    qtbot.keyClick(palette.edit, Qt.Key.Key_Return)
    assert ran == ["undo"]
    assert window.ctx.settings.command_uses() == {"undo": 1}


def test_empty_line_shows_recent_items_and_frequent_commands(window, qtbot):
    palette, opened = _palette(window, qtbot)
    assert _titles(palette)[0] == ("header", "Commands")
    qtbot.keyClicks(palette.edit, "kleppmann")
    while (row := palette.current_row()) is None or row.hit is None or row.hit.resource_id is None:
        qtbot.keyClick(palette.edit, Qt.Key.Key_Down)
    qtbot.keyClick(palette.edit, Qt.Key.Key_Return)
    assert opened and opened[0].kind == HitKind.RESOURCE
    palette.popup()
    qtbot.keyClicks(palette.edit, "undo")
    qtbot.keyClick(palette.edit, Qt.Key.Key_Return)
    palette.popup()
    rows = _titles(palette)
    assert rows[0] == ("header", "Recent")
    assert rows[1] == ("hit", opened[0].title_text)
    assert ("header", "Frequent commands") in rows and ("command", "Undo") in rows
    # Enter on a recent item opens it again, without a match position.
    qtbot.keyClick(palette.edit, Qt.Key.Key_Return)
    assert opened[-1].resource_id == opened[0].resource_id and opened[-1].offset is None


def test_hostile_text_never_breaks_the_palette(window, qtbot):
    palette, _ = _palette(window, qtbot)
    for text in ['"', "NEAR(", "a AND OR NOT", "*", "-", "((", 'c++ "x', "{title}:"]:
        palette.edit.clear()
        qtbot.keyClicks(palette.edit, text)
        assert palette.isVisible()
    palette.edit.clear()
    palette.edit.insert("Crème brûlée ∂ 🙂")  # pasted: QTest types only plain keys
    assert palette.isVisible()
