"""Every file format's names, versions, columns, keys and shared record shapes, in one place:
importers and exporters both depend on this module and never on each other."""

from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import dataclass, fields
from datetime import datetime

from roadmap_desktop.core.resource_draft import ResourceDraft
from roadmap_desktop.core.roadmap_format import FORMAT_NAME as ROADMAP_FORMAT
from roadmap_desktop.core.roadmap_format import slugify

__all__ = [
    "BUNDLE_FORMAT",
    "BUNDLE_VERSION",
    "CSV_COLUMNS",
    "EXPORT_FORMAT",
    "EXPORT_VERSION",
    "FORMULA_STARTS",
    "LIST_SEPARATOR",
    "ROADMAP_FORMAT",
    "LibraryRow",
    "escape_cell",
    "make_key",
    "unescape_cell",
]

# Backup bundle (docs/backup-bundle.md): the whole database as JSON.
BUNDLE_FORMAT = "roadmap-desktop/bundle"
BUNDLE_VERSION = 1
# One roadmap with progress and notes (docs/roadmap-format.md, `export --format json`); the
# curriculum import reads it back.
EXPORT_FORMAT = "roadmap-desktop/export"
EXPORT_VERSION = 1

# Library CSV (docs/library-csv.md).
CSV_COLUMNS: tuple[str, ...] = (
    "title",
    "url",
    "local_path",
    "kind",
    "author",
    "cost",
    "status",
    "rating",
    "tags",
    "note",
    "added_at",
    "finished_at",
    "steps",
)
LIST_SEPARATOR = ";"
# Text cells starting with these would run as formulas in a spreadsheet; they are written
# with a leading apostrophe, which reading removes again (see docs/library-csv.md).
FORMULA_STARTS = ("=", "+", "-", "@")
_ESCAPED = frozenset((*FORMULA_STARTS, "'"))


def escape_cell(text: str) -> str:
    """text made safe to open in a spreadsheet (a leading apostrophe before a formula start)."""
    if text.startswith(FORMULA_STARTS) or (text.startswith("'") and text[1:2] in _ESCAPED):
        return "'" + text
    return text


def unescape_cell(text: str) -> str:
    """The text escape_cell was given."""
    return text[1:] if text.startswith("'") and text[1:2] in _ESCAPED else text


@dataclass(frozen=True)
class LibraryRow(ResourceDraft):
    """One library resource as the CSV, bookmark and bundle formats carry it: a ResourceDraft
    plus what only a file carries; `line` is where it was found (row for CSV)."""

    added_at: datetime | None = None  # None: the time of the import
    finished_at: datetime | None = None
    steps: tuple[tuple[str, str], ...] = ()  # (roadmap slug, step key)
    line: int = 0

    def draft(self) -> ResourceDraft:
        """The editable fields, as the library services take them."""
        return ResourceDraft(**{f.name: getattr(self, f.name) for f in fields(ResourceDraft)})


# Keys of phases, steps and topics (docs/markdown-import.md "Keys").
KEY_LENGTH = 80


def make_key(text: str, fallback: str) -> str:
    """A stable key from a title: ASCII letters and digits with dashes, at most 80 characters.

    Titles without Latin letters (e.g. Cyrillic) get a short hash, so their keys stay stable
    when steps are reordered."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    key = slugify(ascii_text)[:KEY_LENGTH].strip("-")
    if key == "item" and slugify(text) == "item" and text.strip().lower() != "item":
        digest = hashlib.sha1(text.strip().encode()).hexdigest()[:8]
        key = f"{fallback}-{digest}" if text.strip() else fallback
    return key or fallback
