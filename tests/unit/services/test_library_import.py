"""Importing into the library (preview, all or nothing, duplicates) and the CSV round trip."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select

from roadmap_desktop.core.db import Database, open_database
from roadmap_desktop.core.errors import ImportFormatError
from roadmap_desktop.core.models import Resource, StepResource
from roadmap_desktop.importers import ImportBatch, ImportItem
from roadmap_desktop.importers.bookmarks import parse_bookmarks
from roadmap_desktop.importers.library_csv import parse_csv
from roadmap_desktop.services import library as lib
from roadmap_desktop.services.changes import ChangeKind
from roadmap_desktop.services.library_import import apply_import, export_csv, preview_import

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"


def _count(db: Database) -> int:
    with db.reading() as session:
        return int(session.scalar(select(func.count()).select_from(Resource)) or 0)


def _firefox() -> ImportBatch:
    return parse_bookmarks((FIXTURES / "bookmarks" / "firefox.html").read_bytes(), "firefox.html")


def test_preview_counts_new_and_duplicate_resources_without_writing(tiny) -> None:
    batch = _firefox()
    preview = preview_import(tiny.db, batch)
    assert (preview.new_count, preview.duplicate_count) == (7, 1)
    [(item, row)] = preview.duplicates
    assert item is batch.items[1]  # the very item of the batch, for the preview table
    assert (item.title, row.title) == ("Use The Index, Luke!", "Use The Index, Luke")
    assert preview.skipped == batch.skipped and len(preview.skipped) == 5
    assert _count(tiny.db) == 4


def test_apply_import_adds_new_resources_with_folder_tags(tiny) -> None:
    ids, change = apply_import(tiny.db, _firefox())
    assert change.touches(ChangeKind.LIBRARY)
    assert len(ids) == 7 and _count(tiny.db) == 11
    rows = {r.id: r for r in lib.library_rows(tiny.db)}
    postgres = next(rows[i] for i in ids if rows[i].title.startswith("PostgreSQL"))
    assert (postgres.tags, postgres.kind, postgres.origin, postgres.status) == (
        ("Backend", "Databases"), "docs", "user", "to_do",
    )  # fmt: skip
    assert postgres.added_at == datetime(2023, 12, 8, 1, 46, 40)
    assert lib.all_tags(tiny.db) == [
        ("Backend", 3), ("Career & Interviews", 1), ("Databases", 2), ("Python", 1),
    ]  # fmt: skip
    # Importing the same file again finds everything already there.
    again = preview_import(tiny.db, _firefox())
    assert (again.new_count, again.duplicate_count) == (0, 8)
    assert apply_import(tiny.db, _firefox())[0] == []


def test_duplicates_can_be_added_anyway(tiny) -> None:
    ids, _ = apply_import(tiny.db, _firefox(), skip_duplicates=False)
    assert len(ids) == 8
    assert _count(tiny.db) == 12


def test_an_invalid_item_aborts_the_whole_import(tiny) -> None:
    batch = ImportBatch(
        [
            ImportItem(title="Good", url="https://good.example", line=2),
            ImportItem(title="Bad", url="javascript:alert(1)", line=3),
        ],
        source="hand-made.csv",
    )
    with pytest.raises(ImportFormatError, match=r"hand-made\.csv, line 3: Only http"):
        apply_import(tiny.db, batch)
    assert _count(tiny.db) == 4


def test_a_batch_repeating_a_link_adds_it_once(tiny) -> None:
    batch = ImportBatch(
        [
            ImportItem(title="A", url="https://a.example/"),
            ImportItem(title="A again", url="https://A.example"),
        ]
    )
    assert len(apply_import(tiny.db, batch)[0]) == 1


def test_links_to_steps_are_the_learners_and_unknown_steps_are_left_out(tiny) -> None:
    batch = parse_csv((FIXTURES / "library" / "spreadsheet.csv").read_bytes(), "sheet.csv")
    batch.items.append(ImportItem(title="Elsewhere", steps=(("gone", "x"), ("tiny", "nope"))))
    preview = preview_import(tiny.db, batch)
    assert (preview.new_count, preview.duplicate_count) == (4, 1)
    assert preview.warnings == [
        "2 step(s) named in the file are not in this library (gone/x, tiny/nope); "
        "those links are left out."
    ]
    ids, _ = apply_import(tiny.db, batch)
    assert len(ids) == 4
    sql = lib.step_resources(tiny.db, tiny.roadmap_id, "sql")
    assert [r.title for r in sql] == [
        "Use The Index, Luke", "SQL notes", "Designing Data-Intensive Applications",
    ]  # fmt: skip
    with tiny.db.reading() as session:
        user_links = session.scalar(
            select(func.count()).select_from(StepResource).where(StepResource.user_linked)
        )
    assert user_links == 1
    ddia = lib.resource_detail(tiny.db, sql[2].id)
    assert ddia.draft.note_md == "Chapters 5-9 first.\r\nThen 11."
    assert (ddia.draft.status, ddia.draft.rating, ddia.finished_at) == ("in_progress", 5, None)


def _fill(tiny, folder: Path) -> None:
    """A library with everything a CSV carries: the learner's and bundled resources."""
    rid = tiny.roadmap_id
    local = folder / "ddia, notes.pdf"
    local.write_bytes(b"%PDF")
    a, _ = lib.add_resource(
        tiny.db,
        lib.ResourceDraft(
            title="=cmd|' /C calc'!A0",
            url="https://a.example/path?b=2&a=1",
            local_path=str(local),
            kind="book",
            author='Ada "AL" Lovelace',
            cost="paid",
            rating=4,
            tags=("databases", "-minus", "Tag, with comma"),
            note_md='# Heading\n\nLine with "quotes", commas; semicolons\n\n- item\r\n',
        ),
    )
    lib.set_status(tiny.db, [a], "done")
    lib.link_step(tiny.db, a, rid, "sql")
    lib.link_step(tiny.db, a, rid, "http")
    b, _ = lib.add_resource(tiny.db, lib.ResourceDraft(title="Plain, no link", kind="other"))
    lib.set_status(tiny.db, [b], "dropped")
    mdn = lib.find_duplicate(tiny.db, "https://developer.mozilla.org/en-US/docs/Web/HTTP")
    assert mdn is not None
    lib.set_status(tiny.db, [mdn.id], "in_progress")
    lib.add_tag(tiny.db, [mdn.id], "reference")


def test_export_then_import_into_another_library_restores_everything(
    tiny, tiny_spec, sync, tmp_path: Path
) -> None:
    _fill(tiny, tmp_path)
    exported = export_csv(tiny.db)

    other = open_database(tmp_path / "other.sqlite3")
    try:
        sync(other, tiny_spec)
        batch = parse_csv(exported.encode(), "library.csv")
        assert batch.warnings == [] and batch.skipped == []
        preview = preview_import(other, batch)
        assert (preview.new_count, preview.duplicate_count) == (2, 4)
        apply_import(other, batch, merge_duplicates=True)
        assert export_csv(other) == exported

        def rows(db: Database) -> list[tuple[object, ...]]:
            return [
                (r.title, r.url, r.local_path, r.kind, r.author, r.cost, r.status, r.rating,
                 r.tags, r.used_in, r.added_at, r.finished_at, r.has_note)
                for r in lib.library_rows(db)
            ]  # fmt: skip

        assert rows(other) == rows(tiny.db)
    finally:
        other.close()


def test_export_then_import_into_an_empty_library(tiny, tmp_path: Path) -> None:
    _fill(tiny, tmp_path)
    exported = export_csv(tiny.db)
    empty = open_database(tmp_path / "empty.sqlite3")
    try:
        batch = parse_csv(exported.encode(), "library.csv")
        ids, _ = apply_import(empty, batch)
        assert len(ids) == 6
        again = parse_csv(export_csv(empty).encode(), "again.csv")
        # Everything but the step links (no roadmaps here) survives.
        assert [item.__dict__ | {"steps": ()} for item in again.items] == [
            item.__dict__ | {"steps": ()} for item in batch.items
        ]
    finally:
        empty.close()


def test_export_csv_format(tiny) -> None:
    text = export_csv(tiny.db)
    lines = text.split("\r\n")
    assert lines[0] == (
        "title,url,local_path,kind,author,cost,status,rating,tags,note,added_at,finished_at,steps"
    )
    assert lines[1].startswith(
        "MDN HTTP guide,https://developer.mozilla.org/en-US/docs/Web/HTTP,,docs,Mozilla,free,"
        "to_do,0,,,"
    )
    assert lines[1].endswith("Z,,tiny/http")
    assert len(lines) == 6 and lines[-1] == ""
