"""Property tests: on any input the importers return a valid batch or raise ImportFormatError."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from roadmap_desktop.core.errors import ImportFormatError
from roadmap_desktop.core.library import RESOURCE_KINDS, RESOURCE_STATUSES, safe_url
from roadmap_desktop.core.resource_draft import validate_draft
from roadmap_desktop.importers import ImportBatch
from roadmap_desktop.importers.bookmarks import parse_bookmarks
from roadmap_desktop.importers.library_csv import COLUMNS, parse_csv

FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Pieces that steer random text towards the formats' own syntax, so parsing goes deep.
BOOKMARK_TOKENS = st.sampled_from(
    [
        "<!DOCTYPE NETSCAPE-Bookmark-file-1>", "<DL><p>", "</DL><p>", "<DT>", "<DD>", "<H3>",
        "</H3>", "<H3 PERSONAL_TOOLBAR_FOLDER=\"true\">", '<A HREF="https://a.example/x">',
        '<A HREF="javascript:alert(1)">', '<A HREF="', '" ADD_DATE="', "</A>", "<p>", "<!--",
        "-->", "<![CDATA[", "]]>", "&amp;", "&#0;", "&#x110000;", "&", "<", ">", '"', "'", "\n",
        "Bookmarks bar", "Toolbar", "1700000000", "99999999999999999999999", "\x00", "\ufeff",
    ]
)  # fmt: skip
CSV_TOKENS = st.sampled_from(
    [
        ",".join(COLUMNS), "title,url", "title;url", "Title\tURL", ",", ";", "\t", '"', '""',
        "\r\n", "\n", "\r", "https://a.example", "javascript:x", "book", "done", "5", "9",
        "tiny/sql", "2025-01-01T00:00:00Z", "2025-13-45", "=1+1", "'", "\x00", "\ufeff", "x" * 50,
    ]
)  # fmt: skip


def _structured(tokens: st.SearchStrategy[str]) -> st.SearchStrategy[bytes]:
    text = st.lists(st.one_of(tokens, st.text(max_size=20)), max_size=40).map("".join)
    return st.one_of(
        text.map(lambda t: t.encode("utf-8")),
        text.map(lambda t: t.encode("utf-8", "surrogatepass")),
        st.binary(max_size=300),
    )


def _check(batch: ImportBatch) -> None:
    """Whatever an importer returns is importable: valid drafts, safe links only."""
    assert isinstance(batch, ImportBatch)
    for item in batch.items:
        assert item.title.strip()
        assert item.kind in RESOURCE_KINDS and item.status in RESOURCE_STATUSES
        assert item.url is None or safe_url(item.url)
        validate_draft(item.draft(), check_file=False)


@FAST
@given(_structured(BOOKMARK_TOKENS))
def test_bookmark_importer_never_crashes(data: bytes) -> None:
    try:
        batch = parse_bookmarks(data, "fuzz.html")
    except ImportFormatError as exc:
        assert str(exc).startswith("fuzz.html")
        return
    _check(batch)


@FAST
@given(_structured(CSV_TOKENS))
def test_csv_importer_never_crashes(data: bytes) -> None:
    try:
        batch = parse_csv(data, "fuzz.csv")
    except ImportFormatError as exc:
        assert str(exc).startswith("fuzz.csv")
        return
    _check(batch)


ROW = st.lists(
    st.one_of(st.text(max_size=15), CSV_TOKENS), min_size=len(COLUMNS), max_size=len(COLUMNS)
)


@FAST
@given(st.lists(ROW, max_size=5))
def test_csv_rows_under_the_real_header_never_crash(rows: list[list[str]]) -> None:
    import csv
    import io

    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    writer.writerows(rows)
    try:
        batch = parse_csv(out.getvalue().encode("utf-8", "surrogatepass"), "rows.csv")
    except ImportFormatError:
        return
    _check(batch)
