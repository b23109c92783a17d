"""Importers: read other programs' files into validated, Qt-free batches (nothing is written)."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import datetime

from roadmap_desktop.core.errors import ImportFormatError
from roadmap_desktop.core.resource_draft import ResourceDraft

__all__ = ["ImportBatch", "ImportFormatError", "ImportItem"]


@dataclass(frozen=True)
class ImportItem(ResourceDraft):
    """One resource read from a file, validated: a ResourceDraft plus what only an import
    carries; `line` is where it was found (row for CSV)."""

    added_at: datetime | None = None  # None: the time of the import
    finished_at: datetime | None = None
    steps: tuple[tuple[str, str], ...] = ()  # (roadmap slug, step key)
    line: int = 0

    def draft(self) -> ResourceDraft:
        """The editable fields, as the library services take them."""
        return ResourceDraft(**{f.name: getattr(self, f.name) for f in fields(ResourceDraft)})


@dataclass(frozen=True)
class ImportBatch:
    """Everything an import file holds: items to add, entries skipped (with why), warnings."""

    items: list[ImportItem] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    source: str = ""  # the file name, for messages
