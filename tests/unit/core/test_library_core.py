"""The library's vocabulary and link rules: URL keys, safe schemes, kind guesses, draft checks."""

from __future__ import annotations

from pathlib import Path

import pytest

from roadmap_desktop.core import roadmap_format
from roadmap_desktop.core.errors import UserFacingError
from roadmap_desktop.core.library import (
    KIND_LABELS,
    RESOURCE_KINDS,
    RESOURCE_STATUSES,
    STATUS_LABELS,
    clean_tag,
    clean_tags,
    infer_kind,
    normalize_url,
    safe_url,
)
from roadmap_desktop.core.resource_draft import ResourceDraft, validate_draft


def test_vocabularies_have_labels_and_match_the_roadmap_format() -> None:
    assert RESOURCE_KINDS == (
        "book", "course", "article", "video", "docs", "tool", "podcast", "other",
    )  # fmt: skip
    assert RESOURCE_STATUSES == ("to_do", "in_progress", "done", "dropped")
    assert tuple(KIND_LABELS) == RESOURCE_KINDS
    assert tuple(STATUS_LABELS) == RESOURCE_STATUSES
    assert STATUS_LABELS["in_progress"] == "In progress"
    assert roadmap_format.RESOURCE_KINDS is RESOURCE_KINDS


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("HTTPS://Example.COM/Path", "https://example.com/Path"),
        ("https://example.com/docs/", "https://example.com/docs"),
        ("https://example.com/", "https://example.com"),
        ("http://example.com:80/a", "http://example.com/a"),
        ("https://example.com:443/a", "https://example.com/a"),
        ("https://example.com/a#section-2", "https://example.com/a"),
        ("https://example.com/a?utm_source=news&utm_medium=mail", "https://example.com/a"),
        ("https://example.com/a?UTM_Campaign=x&id=3", "https://example.com/a?id=3"),
        (
            "https://example.com/a?fbclid=1&gclid=2&mc_cid=3&mc_eid=4&ref_src=5",
            "https://example.com/a",
        ),
        ("https://example.com/a?b=2&a=1", "https://example.com/a?a=1&b=2"),
        ("  https://example.com/a  ", "https://example.com/a"),
        ("https://example.com./a", "https://example.com/a"),
    ],
)
def test_links_that_show_the_same_page_share_a_key(a: str, b: str) -> None:
    assert normalize_url(a) == normalize_url(b)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("https://example.com/Path", "https://example.com/path"),  # paths are case-sensitive
        ("https://example.com/a?id=1", "https://example.com/a?id=2"),
        ("https://example.com:8080/a", "https://example.com/a"),
        ("http://example.com/a", "https://example.com/a"),
        ("https://www.example.com/a", "https://example.com/a"),
    ],
)
def test_links_to_different_pages_keep_different_keys(a: str, b: str) -> None:
    assert normalize_url(a) != normalize_url(b)


def test_normalize_url_keeps_the_rest_of_the_address() -> None:
    assert (
        normalize_url("HTTPS://User@Docs.Python.org:443/3/Library/?q=a%20b&utm_term=x#top")
        == "https://User@docs.python.org/3/Library?q=a%20b"
    )
    assert normalize_url("http://[::1]:80/x") == "http://[::1]/x"
    assert normalize_url("http://[::1") == "http://[::1"  # not parseable: returned as given
    assert normalize_url("") == ""


@pytest.mark.parametrize(
    "url",
    [
        "https://example.com",
        "http://example.com/a?b=c",
        "HTTPS://EXAMPLE.COM/x",
        "http://[::1]:8000/",
    ],
)
def test_safe_urls(url: str) -> None:
    assert safe_url(url)


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JavaScript:alert(1)",
        " javascript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "file:///etc/passwd",
        "place:sort=8&maxResults=10",
        "ftp://example.com/file",
        "mailto:someone@example.com",
        "https://",
        "https:///path-only",
        "example.com",
        "https://exa mple.com",
        "https://example.com/\nx",
        "http://example.com:port/",
        "",
    ],
)
def test_unsafe_or_invalid_urls(url: str) -> None:
    assert not safe_url(url)


@pytest.mark.parametrize(
    ("url", "title", "kind"),
    [
        ("https://www.youtube.com/watch?v=abc", "", "video"),
        ("https://youtu.be/abc", "", "video"),
        ("https://vimeo.com/123", "", "video"),
        ("https://www.udemy.com/course/x/", "", "course"),
        ("https://www.coursera.org/learn/x", "", "course"),
        ("https://www.edx.org/course/x", "", "course"),
        ("https://docs.python.org/3/", "", "docs"),
        ("https://sqlalchemy.readthedocs.io/", "", "docs"),
        ("https://docs.example.com/guide", "", "docs"),
        ("https://github.com/pallets/flask", "", "tool"),
        ("https://podcasts.apple.com/x", "", "podcast"),
        ("https://medium.com/@a/b", "", "article"),
        ("https://example.com/blog/post", "", "article"),
        ("https://example.com/book.pdf", "", "book"),
        ("https://example.com/x", "The Changelog podcast", "podcast"),
        ("https://example.com/x", "Designing Data-Intensive Applications (book)", "book"),
        (None, "Free video course", "course"),
        ("https://example.com/x", "Something", "other"),
        ("not a url [", "", "other"),
    ],
)
def test_infer_kind(url: str | None, title: str, kind: str) -> None:
    assert infer_kind(url, title) == kind


def test_tags_are_cleaned_deduplicated_and_sorted() -> None:
    assert clean_tag("  web   dev ") == "web dev"
    assert clean_tag("a;b") == "a,b"  # ";" separates tags in CSV
    assert len(clean_tag("x" * 500)) == 100
    assert clean_tags(["python", "Web", "", "  ", "Python", "api"]) == ("api", "python", "Web")


def _draft(**fields: object) -> ResourceDraft:
    return ResourceDraft(**{"title": "A title", **fields})  # type: ignore[arg-type]


def test_validate_draft_strips_and_normalises(tmp_path: Path) -> None:
    file = tmp_path / "notes.pdf"
    file.write_bytes(b"%PDF")
    draft = validate_draft(
        _draft(
            title="  Designing   Data-Intensive Applications ",
            url="  https://dataintensive.net/  ",
            local_path=f"  {file}  ",
            author="  Martin  Kleppmann ",
            cost="",
            tags=("databases", "Databases", " distributed  systems "),
        )
    )
    assert draft.title == "Designing Data-Intensive Applications"
    assert draft.url == "https://dataintensive.net/"  # stored as given; the key is separate
    assert draft.local_path == str(file)
    assert draft.author == "Martin Kleppmann"
    assert draft.cost is None
    assert draft.tags == ("databases", "distributed systems")
    assert validate_draft(_draft(url="", local_path="  ")).url is None


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"title": "   "}, "needs a title"),
        ({"title": "x" * 301}, "at most 300"),
        ({"url": "javascript:alert(1)"}, "not javascript: links"),
        ({"url": "file:///etc/passwd"}, "choose it as a local file"),
        ({"url": "example.com/page"}, "must start with http"),
        ({"local_path": "/no/such/file.pdf"}, "does not exist"),
        ({"rating": 6}, "from 0 to 5"),
        ({"rating": -1}, "from 0 to 5"),
        ({"rating": True}, "from 0 to 5"),
        ({"kind": "magazine"}, "Unknown kind 'magazine'"),
        ({"status": "finished"}, "Unknown status 'finished'"),
        ({"cost": "cheap"}, "free or paid"),
        ({"note_md": "x" * 100_001}, "longer than 100,000"),
        ({"tags": tuple(f"t{i}" for i in range(51))}, "at most 50 tags"),
    ],
)
def test_validate_draft_refuses_bad_input(fields: dict[str, object], message: str) -> None:
    with pytest.raises(UserFacingError, match=message):
        validate_draft(_draft(**fields))


def test_a_missing_local_file_is_accepted_for_imports_only(tmp_path: Path) -> None:
    missing = str(tmp_path / "gone.pdf")
    with pytest.raises(UserFacingError):
        validate_draft(_draft(local_path=missing))
    assert validate_draft(_draft(local_path=missing), check_file=False).local_path == missing


def test_a_folder_is_not_a_local_file(tmp_path: Path) -> None:
    with pytest.raises(UserFacingError, match="folder"):
        validate_draft(_draft(local_path=str(tmp_path)))
