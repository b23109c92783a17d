"""Library CSV: spreadsheet files are read, errors name row and column, output reads back."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from roadmap_desktop.core.errors import ImportFormatError
from roadmap_desktop.core.formats import escape_cell, unescape_cell
from roadmap_desktop.exporters.library_csv import write_csv
from roadmap_desktop.importers import ImportItem
from roadmap_desktop.importers.library_csv import COLUMNS, parse_csv

LIBRARY = Path(__file__).resolve().parents[2] / "fixtures" / "library"
HEADER = ",".join(COLUMNS)


def _csv(*rows: str, header: str = HEADER) -> bytes:
    return ("\r\n".join((header, *rows)) + "\r\n").encode()


def test_a_spreadsheet_export_with_some_columns_and_labels() -> None:
    batch = parse_csv((LIBRARY / "spreadsheet.csv").read_bytes(), "spreadsheet.csv")
    assert batch.skipped == [] and batch.warnings == []
    ddia, luke, http2, cs50 = batch.items
    assert ddia == ImportItem(
        title="Designing Data-Intensive Applications",
        url="https://dataintensive.net/",
        kind="book",
        author="Martin Kleppmann",
        status="in_progress",
        rating=5,
        tags=("databases", "distributed systems"),
        note_md="Chapters 5-9 first.\r\nThen 11.",
        steps=(("tiny", "sql"),),
        line=2,
    )
    assert (luke.kind, luke.status, luke.steps, luke.line) == (
        "other", "done", (("tiny", "sql"), ("tiny", "http")), 3,
    )  # fmt: skip
    assert (http2.kind, http2.status, http2.rating) == ("docs", "to_do", 0)
    assert (cs50.kind, cs50.line) == ("video", 6)  # inferred from the address; row 5 is blank


def test_a_semicolon_separated_windows_1252_file_is_read_with_a_warning() -> None:
    batch = parse_csv((LIBRARY / "excel-cp1252-semicolon.csv").read_bytes(), "excel.csv")
    assert [(i.title, i.tags, i.rating) for i in batch.items] == [
        ("SQLZoo", ("practice", "sql"), 3),
        ("Léa’s notes", (), 0),
    ]
    assert batch.warnings == [
        "excel.csv is not UTF-8 (first at line 3); it was read as Windows-1252. "
        "Check accented letters before importing."
    ]


def test_repeated_links_are_imported_once() -> None:
    batch = parse_csv(
        _csv("A,https://a.example/x/", "B,HTTPS://A.example/x?utm_source=y", header="title,url"),
        "r.csv",
    )
    assert [i.title for i in batch.items] == ["A"]
    assert batch.skipped == ["row 3: same link as row 2 (imported once)"]


def test_finished_at_without_done_is_dropped_with_a_warning() -> None:
    batch = parse_csv(_csv("A,to_do,2025-01-01T00:00:00Z", header="title,status,finished_at"), "f")
    assert batch.items[0].finished_at is None
    assert batch.warnings == ["row 2: finished_at is ignored: status is not done"]


def test_dates_with_offsets_are_stored_in_utc() -> None:
    batch = parse_csv(
        _csv(
            "A,done,2025-03-01T14:30:00+02:00,2025-03-02",
            header="title,status,added_at,finished_at",
        ),
        "d.csv",
    )
    assert batch.items[0].added_at == datetime(2025, 3, 1, 12, 30)
    assert batch.items[0].finished_at == datetime(2025, 3, 2)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"url,kind\r\nhttps://a.example,book\r\n", "row 1: the first row must be the header"),
        (b"title,colour\r\nA,red\r\n", "row 1: unknown column 'colour'"),
        (b"title,url,title\r\nA,,B\r\n", "row 1: the column 'title' appears twice"),
        (_csv(",https://a.example"), "row 2, column 'title': a title is required"),
        (_csv("A,javascript:alert(1)"), "row 2, column 'url': javascript: links are never"),
        (_csv("A,file:///etc/passwd"), "row 2, column 'url': file: links are never imported"),
        (_csv("A,www.example.com"), "row 2, column 'url': not a web address"),
        (_csv("A,,,magazine"), "row 2, column 'kind': unknown kind 'magazine'"),
        (_csv("A,,,book,,cheap"), "row 2, column 'cost': must be empty, free or paid"),
        (_csv("A,,,book,,,finished"), "row 2, column 'status': unknown status 'finished'"),
        (_csv("A,,,book,,,done,6"), "row 2, column 'rating': must be a whole number from 0 to 5"),
        (_csv("A,,,book,,,done,four"), "row 2, column 'rating'"),
        (_csv("A,,,book,,,done,-1"), "row 2, column 'rating'"),
        (_csv("A,,,,,,,,,,yesterday"), "row 2, column 'added_at': not a date and time"),
        (_csv("A,,,,,,,,,,,,tiny"), "row 2, column 'steps': 'tiny' is not roadmap-slug/step-key"),
        (_csv("A", "B,,,,,,,,,,,,,extra"), "row 3: 14 fields, but the header names 13"),
        (_csv("A," + "x" * 100_001), "row 2, column 'url': longer than 100,000 characters"),
        (_csv('A,"' + "x" * 200_000 + '"'), "row 2: not valid CSV: a field is longer than"),
        (_csv('"A"B,'), "row 2: not valid CSV"),
        (_csv('"A'), "not valid CSV"),
        (b"", "the file is empty"),
        (b"\xff\xfet\x00i\x00t\x00", "UTF-16"),
        (b"title\r\n\x00\x01\x02", "line 2: it contains NUL bytes"),
        (b"title\r\n\x81\x81", "line 2: the file is not UTF-8 text"),
        (_csv("A,,,,,,,," + ";".join(f"t{i}" for i in range(51))), "column 'tags': more than 50"),
    ],
)
def test_errors_name_the_row_and_column(data: bytes, message: str) -> None:
    with pytest.raises(ImportFormatError) as info:
        parse_csv(data, "lib.csv")
    assert str(info.value).startswith("lib.csv")
    assert message in str(info.value)


def test_trailing_empty_cells_and_missing_cells_are_accepted() -> None:
    batch = parse_csv(_csv("A,https://a.example,,,,,,,,,,,,,,", "B"), "t.csv")
    assert [(i.title, i.url) for i in batch.items] == [("A", "https://a.example"), ("B", None)]


@pytest.mark.parametrize(
    "text", ["=SUM(A1)", "+1", "-2", "@cmd", "'=x", "''", "'", "'Tis the season", "plain", ""]
)
def test_formula_escaping_round_trips(text: str) -> None:
    escaped = escape_cell(text)
    assert not escaped.startswith(("=", "+", "-", "@"))
    assert unescape_cell(escaped) == text


def test_written_csv_reads_back_unchanged() -> None:
    items = [
        ImportItem(
            title='=HYPERLINK("https://evil.example")',
            url="https://a.example/x?b=1&a=2",
            local_path="/home/ada/Books/ddia, 2nd edition.pdf",
            kind="book",
            author='Martin "Kleppmann"',
            cost="paid",
            status="done",
            rating=5,
            tags=("-negative", "databases", "distributed systems"),
            note_md='# Note\n\nLine two, with "quotes" and ; and ,\r\n- a list\n',
            added_at=datetime(2024, 1, 2, 3, 4, 5, 678901),
            finished_at=datetime(2024, 2, 3, 4, 5, 6),
            steps=(("tiny", "sql"), ("other", "web-basics")),
            line=2,
        ),
        ImportItem(title="Plain", kind="other", added_at=datetime(2024, 1, 1), line=3),
    ]
    text = write_csv(items)
    assert text.startswith(HEADER + "\r\n")
    assert "'=HYPERLINK" in text  # a spreadsheet shows it as text instead of running it
    assert parse_csv(text.encode(), "out.csv").items == items
    assert parse_csv(text.encode("utf-8-sig"), "out.csv").items == items
