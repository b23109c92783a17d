"""Read the Netscape bookmark HTML browsers export: links become resources, folders become tags."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from html.parser import HTMLParser

from roadmap_desktop.core.errors import ImportFormatError
from roadmap_desktop.core.library import clean_tags, infer_kind, normalize_url, safe_url, url_scheme
from roadmap_desktop.core.resource_draft import MAX_TAGS, MAX_TITLE_CHARS, MAX_URL_CHARS
from roadmap_desktop.importers import ImportBatch, ImportItem
from roadmap_desktop.importers.text import MAX_FIELD_CHARS, decode_text

# Browsers' own top-level folders say where a bookmark sat in the browser, not what it is about.
GENERIC_FOLDERS = frozenset(
    {
        "bookmarks",
        "bookmarks bar",
        "bookmarks toolbar",
        "bookmarks menu",
        "bookmarksbar",
        "bookmarksmenu",
        "other bookmarks",
        "mobile bookmarks",
        "unsorted bookmarks",
        "toolbar",
        "menu",
        "unfiled",
        "favorites",
        "favourites",
        "favorites bar",
        "favourites bar",
        "other favorites",
        "reading list",
    }
)
# Attributes Firefox and Chrome put on those folders, whatever their (translated) names.
GENERIC_FOLDER_ATTRS = ("personal_toolbar_folder", "unfiled_bookmarks_folder")
NEVER_IMPORTED = frozenset({"javascript", "data", "file", "place", "vbscript", "blob"})
_LATEST_SECONDS = 4_102_444_800  # 2100-01-01
_DIGITS = re.compile(r"[0-9]{1,20}")


@dataclass
class _Link:
    line: int
    href: str
    add_date: str | None
    folders: tuple[str, ...]
    title_parts: list[str] = field(default_factory=list)
    note_parts: list[str] = field(default_factory=list)


class _Parser(HTMLParser):
    """Walks the bookmark file's tags; folder nesting follows the <DL> lists."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.folders: list[str | None] = []  # one entry per open <DL>: its folder, or None
        self.pending_folder: str | None = None
        self.folder_parts: list[str] | None = None
        self.folder_generic = False
        self.folder_top = True
        self.link: _Link | None = None  # the <A> being read
        self.last: _Link | None = None  # the last complete link, for a following <DD>
        self.in_note = False
        self.links: list[_Link] = []
        self.saw_list = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("dt", "dl", "h3", "a", "dd"):
            self.in_note = False
        if tag == "dl":
            self.saw_list = True
            self.folders.append(self.pending_folder)
            self.pending_folder = None
        elif tag == "h3":
            values = {k: (v or "") for k, v in attrs}
            self.folder_generic = any(
                values.get(a, "").lower() == "true" for a in GENERIC_FOLDER_ATTRS
            )
            self.folder_top = len(self.folders) <= 1
            self.folder_parts = []
        elif tag == "a":
            values = {k: (v or "") for k, v in attrs}
            self.link = _Link(
                line=self.getpos()[0],
                href=values.get("href", "").strip(),
                add_date=values.get("add_date"),
                folders=tuple(f for f in self.folders if f),
            )
        elif tag == "dt":
            self.last = None
        elif tag == "dd" and self.last is not None:
            self.in_note = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "h3" and self.folder_parts is not None:
            name = " ".join("".join(self.folder_parts).split())
            generic = self.folder_generic or (
                self.folder_top and name.casefold() in GENERIC_FOLDERS
            )
            self.pending_folder = None if generic else name or None
            self.folder_parts = None
        elif tag == "a" and self.link is not None:
            self.links.append(self.link)
            self.last, self.link = self.link, None
        elif tag == "dl":
            self.in_note = False
            self.last = None
            if self.folders:
                self.folders.pop()
            self.pending_folder = None

    def handle_data(self, data: str) -> None:
        if self.link is not None:
            self.link.title_parts.append(data)
        elif self.folder_parts is not None:
            self.folder_parts.append(data)
        elif self.in_note and self.last is not None:
            self.last.note_parts.append(data)


def parse_bookmarks(data: bytes, name: str) -> ImportBatch:
    """Every http(s) bookmark in a browser's bookmark export, with folders as tags.

    javascript:, data:, file: and place: links (and anything not http/https) are skipped and
    listed in `skipped`, never imported. A link found twice is imported once, with the
    folders of both as tags. ImportFormatError when the file is not a bookmark export.
    """
    text, warnings = decode_text(data, name)
    parser = _Parser()
    parser.feed(text)
    parser.close()
    if "netscape-bookmark-file" not in text[:4096].lower() and not (
        parser.saw_list and parser.links
    ):
        raise ImportFormatError(
            name,
            "this is not a bookmarks file exported from a browser "
            "(it lacks <!DOCTYPE NETSCAPE-Bookmark-file-1> and bookmark lists)",
            line=1,
        )
    batch = ImportBatch(source=name, warnings=warnings)
    first_line: dict[str, int] = {}
    items: dict[str, ImportItem] = {}
    untitled = long_titles = 0
    for link in parser.links:
        title = " ".join("".join(link.title_parts).split())
        label = f"line {link.line}: \u201c{_short(title or link.href)}\u201d"
        scheme = url_scheme(link.href)
        if not link.href:
            batch.skipped.append(f"{label} has no address")
            continue
        if scheme in NEVER_IMPORTED:
            batch.skipped.append(f"{label} is a {scheme}: link, which is never imported")
            continue
        if len(link.href) > MAX_URL_CHARS or not safe_url(link.href):
            batch.skipped.append(f"{label} is not a web (http/https) address")
            continue
        if not title:
            untitled += 1
            title = link.href
        if len(title) > MAX_TITLE_CHARS:
            long_titles += 1
            title = title[: MAX_TITLE_CHARS - 1].rstrip() + "\u2026"
        note = "".join(link.note_parts).strip()[:MAX_FIELD_CHARS]
        tags = clean_tags(link.folders)[:MAX_TAGS]
        key = normalize_url(link.href)
        if key in items:
            earlier = items[key]
            merged = clean_tags(earlier.tags + tags)[:MAX_TAGS]
            items[key] = replace(earlier, tags=merged)
            batch.skipped.append(
                f"{label} is the same link as line {first_line[key]} (imported once)"
            )
            continue
        first_line[key] = link.line
        items[key] = ImportItem(
            title=title,
            url=link.href,
            kind=infer_kind(link.href, title),
            tags=tags,
            note_md=note,
            added_at=_timestamp(link.add_date),
            line=link.line,
        )
    batch.items.extend(items.values())
    if untitled:
        batch.warnings.append(f"{untitled} bookmark(s) had no title; their address is used.")
    if long_titles:
        batch.warnings.append(f"{long_titles} title(s) were longer than 300 characters and cut.")
    if not batch.items and not batch.skipped:
        batch.warnings.append(f"{name} holds no bookmarks.")
    return batch


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"


def _timestamp(raw: str | None) -> datetime | None:
    """ADD_DATE as naive UTC: seconds since 1970 (milli- or microseconds are scaled down)."""
    if not raw or not _DIGITS.fullmatch(raw.strip()):
        return None
    value = int(raw.strip())
    while value > _LATEST_SECONDS:
        value //= 1000
    if value <= 0:
        return None
    return datetime.fromtimestamp(value, UTC).replace(tzinfo=None)
