"""The palette's rows: group headers, found items, recent items and commands."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt

from roadmap_desktop.services.search import Field, HitKind, SearchGroup, SearchHit

Segment = tuple[str, bool]
ROW_ROLE = Qt.ItemDataRole.UserRole + 1

GROUP_TITLES = {
    HitKind.STEP: "Steps",
    HitKind.NOTE: "Notes",
    HitKind.RESOURCE: "Resources",
    HitKind.QUESTION: "Practice questions",
    HitKind.CARD: "Your cards",
    HitKind.ROADMAP: "Roadmaps",
}


@dataclass(frozen=True)
class PaletteEntry:
    """A command as the palette lists it: a stable id, its name, its shortcut text and what
    runs it (taking nothing)."""

    id: str
    name: str
    shortcut: str
    run: Callable[[], object]


@dataclass(frozen=True)
class PaletteRow:
    """One line of the palette."""

    kind: str  # "header", "command" or "hit"
    title: tuple[Segment, ...]
    detail: tuple[Segment, ...] = ()
    location: str = ""
    shortcut: str = ""
    hit: SearchHit | None = None
    entry: PaletteEntry | None = None

    @property
    def text(self) -> str:
        """The title without highlighting."""
        return "".join(text for text, _ in self.title)

    @property
    def selectable(self) -> bool:
        """Headers are labels; everything else can be opened or run."""
        return self.kind != "header"


def header(title: str) -> PaletteRow:
    """A group title."""
    return PaletteRow("header", ((title, False),))


def hit_row(hit: SearchHit) -> PaletteRow:
    """A found item with its snippet and where it lives."""
    return PaletteRow("hit", hit.title, hit.snippet, " › ".join(hit.location), hit=hit)


def command_row(entry: PaletteEntry, positions: Sequence[int] = ()) -> PaletteRow:
    """A command, the matched letters of its name marked."""
    marked = set(positions)
    title: list[Segment] = []
    for i, char in enumerate(entry.name):
        flag = i in marked
        if title and title[-1][1] == flag:
            title[-1] = (title[-1][0] + char, flag)
        else:
            title.append((char, flag))
    return PaletteRow("command", tuple(title), shortcut=entry.shortcut, entry=entry)


def group_rows(groups: Sequence[SearchGroup]) -> list[PaletteRow]:
    """Headers and hits for search results, in their order."""
    rows: list[PaletteRow] = []
    for group in groups:
        rows.append(header(GROUP_TITLES[group.kind]))
        rows.extend(hit_row(hit) for hit in group.hits)
    return rows


# --- recent items, kept in settings as JSON ------------------------------------------------


def hit_to_json(hit: SearchHit) -> str:
    """What reopening a hit needs (no snippet, no match position)."""
    return json.dumps(
        {
            "kind": hit.kind.value,
            "title": hit.title_text,
            "location": list(hit.location),
            "roadmap_id": hit.roadmap_id,
            "roadmap_slug": hit.roadmap_slug,
            "step_key": hit.step_key,
            "resource_id": hit.resource_id,
            "question_id": hit.question_id,
            "card_id": hit.card_id,
            "field": hit.field.value,
        },
        sort_keys=True,
    )


def hit_from_json(text: str) -> SearchHit | None:
    """A stored recent item, or None when the text is not one."""
    try:
        data = json.loads(text)
        return SearchHit(
            kind=HitKind(data["kind"]),
            title=((str(data["title"]), False),),
            snippet=(),
            location=tuple(str(p) for p in data["location"]),
            score=0.0,
            field=Field(data["field"]),
            roadmap_id=_int(data.get("roadmap_id")),
            roadmap_slug=_str(data.get("roadmap_slug")),
            step_key=_str(data.get("step_key")),
            resource_id=_int(data.get("resource_id")),
            question_id=_int(data.get("question_id")),
            card_id=_int(data.get("card_id")),
        )
    except (ValueError, KeyError, TypeError):
        return None


def _int(value: Any) -> int | None:
    return int(value) if isinstance(value, int) else None


def _str(value: Any) -> str | None:
    return str(value) if isinstance(value, str) else None


class PaletteModel(QAbstractListModel):
    """The rows on show; replaced as a whole on every keystroke."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.rows: list[PaletteRow] = []

    def set_rows(self, rows: list[PaletteRow]) -> None:
        """Show these rows."""
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        row = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return row.text
        if role == Qt.ItemDataRole.AccessibleTextRole:
            parts = [row.text, row.location, "".join(t for t, _ in row.detail), row.shortcut]
            return ". ".join(p for p in parts if p)
        if role == Qt.ItemDataRole.ToolTipRole and row.location:
            return row.location
        if role == ROW_ROLE:
            return row
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        if self.rows[index.row()].selectable:
            return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        return Qt.ItemFlag.ItemIsEnabled

    def next_selectable(self, row: int, step: int) -> int:
        """The nearest selectable row from row in direction step (row itself included), or -1."""
        while 0 <= row < len(self.rows):
            if self.rows[row].selectable:
                return row
            row += step
        return -1
