"""Importers: read other programs' files into validated, Qt-free batches (nothing is written)."""

from __future__ import annotations

from dataclasses import dataclass, field

from roadmap_desktop.core.errors import ImportFormatError
from roadmap_desktop.core.formats import LibraryRow

__all__ = ["ImportBatch", "ImportFormatError", "ImportItem"]


ImportItem = LibraryRow  # the library's record shape, from core.formats


@dataclass(frozen=True)
class ImportBatch:
    """Everything an import file holds: items to add, entries skipped (with why), warnings."""

    items: list[ImportItem] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    source: str = ""  # the file name, for messages
