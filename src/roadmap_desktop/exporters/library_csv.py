"""Write the resource library as CSV in the documented columns (docs/library-csv.md)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from datetime import UTC, datetime

from roadmap_desktop.core.formats import CSV_COLUMNS as COLUMNS
from roadmap_desktop.core.formats import LIST_SEPARATOR, LibraryRow, escape_cell


def format_datetime(value: datetime | None) -> str:
    """A stored (naive UTC) time as ISO 8601 with a Z, e.g. 2025-03-01T14:30:00Z."""
    if value is None:
        return ""
    return value.replace(tzinfo=UTC).isoformat().replace("+00:00", "Z")


def write_csv(items: Iterable[LibraryRow]) -> str:
    """The CSV text (header first, CRLF line ends) that `parse_csv` reads back unchanged."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for item in items:
        writer.writerow(
            (
                escape_cell(item.title),
                item.url or "",
                escape_cell(item.local_path or ""),
                item.kind,
                escape_cell(item.author),
                item.cost or "",
                item.status,
                str(item.rating),
                escape_cell(LIST_SEPARATOR.join(item.tags)),
                escape_cell(item.note_md),
                format_datetime(item.added_at),
                format_datetime(item.finished_at),
                LIST_SEPARATOR.join(f"{slug}/{key}" for slug, key in item.steps),
            )
        )
    return out.getvalue()
