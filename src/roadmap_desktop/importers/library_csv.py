"""Read a library CSV file (docs/library-csv.md) into an import batch; errors name the row."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import replace
from datetime import UTC, datetime

from roadmap_desktop.core.errors import ImportFormatError, UserFacingError
from roadmap_desktop.core.formats import CSV_COLUMNS, LIST_SEPARATOR, unescape_cell
from roadmap_desktop.core.library import (
    COSTS,
    KIND_LABELS,
    MAX_RATING,
    STATUS_LABELS,
    clean_tags,
    infer_kind,
    normalize_url,
    safe_url,
    url_scheme,
)
from roadmap_desktop.core.resource_draft import MAX_TAGS, validate_draft
from roadmap_desktop.importers import ImportBatch, ImportItem
from roadmap_desktop.importers.text import MAX_FIELD_CHARS, decode_text

COLUMNS = CSV_COLUMNS
_STATUS_ALIASES = {"todo": "to_do", "to_do": "to_do", "doing": "in_progress"}
_RATING = re.compile(r"[0-9]")
_STEP = re.compile(r"([a-z0-9][a-z0-9-]*)/([a-z0-9][a-z0-9-]*)")


def parse_csv(data: bytes, name: str) -> ImportBatch:
    """Every row of a library CSV file as an import item; ImportFormatError names row and column.

    Rows are numbered as in a spreadsheet: the header is row 1. Blank rows are ignored; a row
    with the same link as an earlier one is skipped (listed in `skipped`).
    """
    text, warnings = decode_text(data, name)
    batch = ImportBatch(source=name, warnings=warnings)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text), strict=True)
    row = 0
    try:
        header: list[str] | None = None
        first: dict[str, int] = {}
        for fields in reader:
            row += 1
            if header is None:
                header = _header(fields, name)
                continue
            if not any(f.strip() for f in fields):
                continue
            item = _item(dict(zip(header, _fit(fields, header, name, row), strict=True)), name, row)
            if item.finished_at is not None and item.status != "done":
                batch.warnings.append(f"row {row}: finished_at is ignored: status is not done")
                item = replace(item, finished_at=None)
            key = normalize_url(item.url) if item.url else None
            if key is not None and key in first:
                batch.skipped.append(f"row {row}: same link as row {first[key]} (imported once)")
                continue
            if key is not None:
                first[key] = row
            batch.items.append(item)
    except csv.Error as exc:
        problem = str(exc)
        if "field larger than field limit" in problem:
            problem = f"a field is longer than {MAX_FIELD_CHARS:,} characters"
        raise ImportFormatError(name, f"not valid CSV: {problem}", row=row + 1) from None
    if header is None:
        raise ImportFormatError(name, "the file has no header row", row=1)
    return batch


def _delimiter(text: str) -> str:
    """Comma, or the semicolon or tab some spreadsheet programs write, judged by the header."""
    first_line = next(iter(text.splitlines()), "")
    for delimiter in (",", ";", "\t"):
        try:
            names = next(csv.reader([first_line], delimiter=delimiter), [])
        except csv.Error:  # a broken header is reported by the real reader
            return ","
        if "title" in (n.strip().lower() for n in names):
            return delimiter
    return ","


def _header(fields: list[str], name: str) -> list[str]:
    names = [f.strip().lower().replace(" ", "_") for f in fields]
    names = ["note" if n == "note_md" else n for n in names]
    expected = ", ".join(COLUMNS)
    for n in names:
        if n not in COLUMNS:
            raise ImportFormatError(
                name,
                f"unknown column {n[:40]!r} in the header; the columns are: {expected}",
                row=1,
            )
    if "title" not in names:
        raise ImportFormatError(
            name,
            f"the first row must be the header with a 'title' column; columns: {expected}",
            row=1,
        )
    seen: set[str] = set()
    for n in names:
        if n in seen:
            raise ImportFormatError(name, f"the column {n!r} appears twice in the header", row=1)
        seen.add(n)
    return names


def _fit(fields: list[str], header: list[str], name: str, row: int) -> list[str]:
    """Fields padded to the header's width; spreadsheets drop trailing empty cells."""
    if len(fields) > len(header):
        if any(f.strip() for f in fields[len(header) :]):
            raise ImportFormatError(
                name, f"{len(fields)} fields, but the header names {len(header)}", row=row
            )
        fields = fields[: len(header)]
    for column, value in zip(header, fields, strict=False):
        if len(value) > MAX_FIELD_CHARS:
            raise ImportFormatError(
                name, f"longer than {MAX_FIELD_CHARS:,} characters", row=row, column=column
            )
    return fields + [""] * (len(header) - len(fields))


def _item(cells: dict[str, str], name: str, row: int) -> ImportItem:
    def fail(column: str, problem: str) -> ImportFormatError:
        return ImportFormatError(name, problem, row=row, column=column)

    def text(column: str) -> str:
        return unescape_cell(cells.get(column, ""))

    title = " ".join(text("title").split())
    if not title:
        raise fail("title", "a title is required")
    url = cells.get("url", "").strip() or None
    if url is not None and not safe_url(url):
        scheme = url_scheme(url)
        problem = f"{scheme}: links are never imported" if scheme else "not a web address"
        raise fail("url", f"{problem}; only http:// and https:// links are")
    kind = _choice(cells.get("kind", ""), KIND_LABELS) or infer_kind(url, title)
    if kind not in KIND_LABELS:
        raise fail("kind", f"unknown kind {kind[:30]!r}; use one of: {', '.join(KIND_LABELS)}")
    cost = cells.get("cost", "").strip().lower() or None
    if cost is not None and cost not in COSTS:
        raise fail("cost", f"must be empty, free or paid, not {cost[:30]!r}")
    raw_status = cells.get("status", "").strip()
    status = _choice(raw_status, STATUS_LABELS) or "to_do"
    status = _STATUS_ALIASES.get(status.replace(" ", "_").replace("-", "_"), status)
    if status not in STATUS_LABELS:
        raise fail(
            "status", f"unknown status {raw_status[:30]!r}; use one of: {', '.join(STATUS_LABELS)}"
        )
    raw_rating = cells.get("rating", "").strip() or "0"
    if not _RATING.fullmatch(raw_rating) or int(raw_rating) > MAX_RATING:
        raise fail(
            "rating", f"must be a whole number from 0 to {MAX_RATING}, not {raw_rating[:30]!r}"
        )
    tags = clean_tags(text("tags").split(LIST_SEPARATOR))
    if len(tags) > MAX_TAGS:
        raise fail("tags", f"more than {MAX_TAGS} tags")
    steps = []
    for part in cells.get("steps", "").split(LIST_SEPARATOR):
        if not part.strip():
            continue
        match = _STEP.fullmatch(part.strip())
        if match is None:
            raise fail("steps", f"{part.strip()[:60]!r} is not roadmap-slug/step-key")
        steps.append((match.group(1), match.group(2)))
    dates: dict[str, datetime | None] = {}
    for column in ("added_at", "finished_at"):
        try:
            dates[column] = _datetime(cells.get(column, ""))
        except (ValueError, OverflowError):
            raise fail(column, "not a date and time like 2025-03-01T14:30:00Z") from None
    item = ImportItem(
        title=title,
        url=url,
        local_path=text("local_path").strip() or None,
        kind=kind,
        author=" ".join(text("author").split()),
        cost=cost,
        status=status,
        rating=int(raw_rating),
        tags=tags,
        note_md=text("note"),
        added_at=dates["added_at"],
        finished_at=dates["finished_at"],
        steps=tuple(dict.fromkeys(steps)),
        line=row,
    )
    try:
        validate_draft(item.draft(), check_file=False)
    except UserFacingError as exc:
        raise ImportFormatError(name, str(exc), row=row) from None
    return item


def _choice(raw: str, labels: dict[str, str]) -> str:
    """A value given as its key or its label, in any letter case ("" when empty)."""
    folded = raw.strip().casefold()
    for key, label in labels.items():
        if folded in (key, label.casefold()):
            return key
    return folded


def _datetime(raw: str) -> datetime | None:
    """An ISO 8601 date or date-time as naive UTC; without an offset it is taken as UTC."""
    text = raw.strip()
    if not text:
        return None
    value = datetime.fromisoformat(text)
    if value.tzinfo is not None:
        value = value.astimezone(UTC).replace(tzinfo=None)
    return value
