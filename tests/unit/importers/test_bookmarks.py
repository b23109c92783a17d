"""Bookmark exports of Firefox, Chrome and Safari become import batches; bad files are refused."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from roadmap_desktop.core.errors import ImportFormatError
from roadmap_desktop.importers import ImportBatch
from roadmap_desktop.importers.bookmarks import parse_bookmarks

BOOKMARKS = Path(__file__).resolve().parents[2] / "fixtures" / "bookmarks"


def _parse(name: str) -> ImportBatch:
    return parse_bookmarks((BOOKMARKS / name).read_bytes(), name)


def test_firefox_export() -> None:
    batch = _parse("firefox.html")
    assert batch.source == "firefox.html"
    by_title = {item.title: item for item in batch.items}
    assert list(by_title) == [
        "Getting Started",
        "Use The Index, Luke!",
        "PostgreSQL: Documentation: Tutorial",
        "Database Indexing Explained – Video",
        "The Twelve-Factor App",
        "asyncio — Asynchronous I/O",
        "Async IO in Python: A Complete Walkthrough",
        "The System Design Primer",
    ]
    luke = by_title["Use The Index, Luke!"]
    assert luke.url == "https://use-the-index-luke.com/?utm_source=twitter&utm_medium=social"
    assert luke.tags == ("Backend",)
    assert luke.note_md == "A guide to database performance for developers — indexing explained."
    assert luke.added_at == datetime(2023, 11, 26, 12, 0)
    assert luke.line == 16
    # Nested folders: every folder on the path is a tag; the toolbar itself is not.
    assert by_title["PostgreSQL: Documentation: Tutorial"].tags == ("Backend", "Databases")
    assert by_title["asyncio — Asynchronous I/O"].tags == ()
    assert by_title["Async IO in Python: A Complete Walkthrough"].tags == ("Python",)
    assert by_title["Async IO in Python: A Complete Walkthrough"].note_md == (
        "Long read; start with the first half."
    )
    assert by_title["The System Design Primer"].tags == ("Career & Interviews",)
    assert by_title["Database Indexing Explained – Video"].kind == "video"
    assert by_title["asyncio — Asynchronous I/O"].kind == "docs"
    assert all(item.status == "to_do" and item.rating == 0 for item in batch.items)
    assert batch.skipped == [
        "line 13: “Recently Bookmarked” is a place: link, which is never imported",
        "line 23: “Readability bookmarklet” is a javascript: link, which is never imported",
        "line 33: “My asyncio notes” is a file: link, which is never imported",
        "line 34: “Data link” is a data: link, which is never imported",
        "line 39: “Use The Index, Luke (again)” is the same link as line 16 (imported once)",
    ]
    assert batch.warnings == []


def test_chrome_export() -> None:
    batch = _parse("chrome.html")
    by_url = {item.url: item for item in batch.items}
    assert len(batch.items) == 9
    assert by_url["https://go.dev/tour/welcome/1"].tags == ("Go", "Learning")
    coursera = by_url[
        "https://www.coursera.org/learn/golang-getting-started?utm_campaign=abc&fbclid=xyz"
    ]
    assert coursera.kind == "course"
    assert by_url["https://doc.rust-lang.org/book/"].tags == ("Learning", "Rust, systems")
    assert by_url["https://roadmap.sh/backend"].tags == ()  # "Bookmarks bar" is no tag
    assert by_url["https://martinfowler.com/articles/microservices.html"].tags == ()
    assert by_url["https://changelog.com/podcast"].kind == "podcast"
    assert by_url["https://kubernetes.io/docs/tutorials/kubernetes-basics/"].kind == "docs"
    untitled = by_url["https://www.udemy.com/course/docker-mastery/"]
    assert untitled.title == "https://www.udemy.com/course/docker-mastery/"
    assert batch.warnings == ["1 bookmark(s) had no title; their address is used."]
    assert batch.skipped == [
        "line 23: “Settings” is not a web (http/https) address",
        "line 25: “Go by Example (learning folder)” is the same link as line 18 (imported once)",
    ]


def test_safari_export_without_dates_and_root_list() -> None:
    batch = _parse("safari.html")
    assert [(i.title, i.tags, i.added_at) for i in batch.items] == [
        ("Swift - Apple Developer", (), None),
        ("How to find a domain’s authoritative nameservers", (), None),
        ("Beej’s Guide to Network Programming", ("Networking",), None),
    ]


def test_a_link_in_two_folders_gets_both_as_tags() -> None:
    data = b"""<!DOCTYPE NETSCAPE-Bookmark-file-1>
<DL><p>
<DT><H3>SQL</H3>
<DL><p><DT><A HREF="https://sqlbolt.com/">SQLBolt</A></DL><p>
<DT><H3>Practice</H3>
<DL><p><DT><A HREF="https://SQLBolt.com">SQLBolt again</A></DL><p>
</DL>"""
    batch = parse_bookmarks(data, "b.html")
    [item] = batch.items
    assert (item.title, item.tags) == ("SQLBolt", ("Practice", "SQL"))
    assert batch.skipped == ["line 6: “SQLBolt again” is the same link as line 4 (imported once)"]


def test_a_folder_named_like_a_browser_root_is_kept_when_nested() -> None:
    data = b"""<!DOCTYPE NETSCAPE-Bookmark-file-1>
<DL><p><DT><H3>Tools</H3>
<DL><p><DT><H3>Toolbar</H3><DL><p><DT><A HREF="https://a.example">A</A></DL><p></DL><p>
</DL>"""
    assert parse_bookmarks(data, "b.html").items[0].tags == ("Toolbar", "Tools")


def test_add_dates_in_milliseconds_or_nonsense() -> None:
    data = b"""<!DOCTYPE NETSCAPE-Bookmark-file-1><DL><p>
<DT><A HREF="https://a.example" ADD_DATE="1700000000000">ms</A>
<DT><A HREF="https://b.example" ADD_DATE="1700000000000000">us</A>
<DT><A HREF="https://c.example" ADD_DATE="yesterday">text</A>
<DT><A HREF="https://d.example" ADD_DATE="0">zero</A>
<DT><A HREF="https://e.example" ADD_DATE="\xd9\xa1\xd9\xa2">arabic digits</A>
</DL>"""
    dates = [item.added_at for item in parse_bookmarks(data, "b.html").items]
    assert dates == [datetime(2023, 11, 14, 22, 13, 20)] * 2 + [None, None, None]


def test_long_titles_and_descriptions_are_cut() -> None:
    data = (
        b"<!DOCTYPE NETSCAPE-Bookmark-file-1><DL><p><DT><A HREF='https://a.example'>"
        + b"T" * 500
        + b"</A><DD>"
        + b"d" * 200_000
        + b"</DL>"
    )
    batch = parse_bookmarks(data, "b.html")
    [item] = batch.items
    assert len(item.title) == 300 and item.title.endswith("…")
    assert len(item.note_md) == 100_000
    assert batch.warnings == ["1 title(s) were longer than 300 characters and cut."]


def test_windows_1252_file_is_read_with_a_warning() -> None:
    data = (
        b"<!DOCTYPE NETSCAPE-Bookmark-file-1><DL><p><DT><H3>Caf\xe9</H3><DL><p>"
        b"<DT><A HREF='https://a.example'>Cr\xe8me br\xfbl\xe9e</A></DL><p></DL>"
    )
    batch = parse_bookmarks(data, "old.html")
    assert [(i.title, i.tags) for i in batch.items] == [("Crème brûlée", ("Café",))]
    assert batch.warnings == [
        "old.html is not UTF-8 (first at line 1); it was read as Windows-1252. "
        "Check accented letters before importing."
    ]


def test_an_empty_bookmark_file_imports_nothing() -> None:
    batch = parse_bookmarks(b"<!DOCTYPE NETSCAPE-Bookmark-file-1>\n<DL><p>\n</DL><p>\n", "e.html")
    assert (batch.items, batch.skipped) == ([], [])
    assert batch.warnings == ["e.html holds no bookmarks."]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "the file is empty"),
        (b"   \n\n", "the file is empty"),
        (b"<html><body><p>Hello</p></body></html>", "not a bookmarks file"),
        (b'{"roots": {"bookmark_bar": {}}}', "not a bookmarks file"),
        (b"\xff\xfe<\x00!\x00D\x00", "UTF-16"),
        (b"<!DOCTYPE NETSCAPE-Bookmark-file-1>\x00\x00", "NUL bytes"),
        (b"<!DOCTYPE NETSCAPE-Bookmark-file-1>\n\x81\x8d\x8f", "not UTF-8 text"),
    ],
)
def test_files_that_are_not_bookmark_exports_are_refused(data: bytes, message: str) -> None:
    with pytest.raises(ImportFormatError, match=message) as info:
        parse_bookmarks(data, "bad.html")
    assert str(info.value).startswith("bad.html")


def test_a_file_that_is_too_large_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    import roadmap_desktop.importers.text as text

    monkeypatch.setattr(text, "MAX_IMPORT_BYTES", 100)
    with pytest.raises(ImportFormatError, match="larger than"):
        parse_bookmarks(b"<!DOCTYPE NETSCAPE-Bookmark-file-1>" + b" " * 200, "big.html")
