"""Plain, immutable values the library services hand out: rows, details and undo snapshots."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from roadmap_desktop.core.resource_draft import ResourceDraft


@dataclass(frozen=True)
class LibraryRow:
    """One resource as the library table shows it (without its note text)."""

    id: int
    title: str
    url: str | None
    local_path: str | None
    kind: str
    author: str
    cost: str | None
    status: str
    rating: int
    tags: tuple[str, ...]
    used_in: tuple[str, ...]  # "Roadmap title › Step title", in roadmap order
    roadmap_slugs: frozenset[str]
    added_at: datetime
    finished_at: datetime | None
    has_note: bool
    origin: str = "user"  # "user" (added or imported by the learner) or "bundled"


@dataclass(frozen=True)
class StepRef:
    """A step a resource can be linked to, named for pickers and lists."""

    roadmap_id: int
    roadmap_title: str
    step_key: str
    step_title: str


@dataclass(frozen=True)
class ResourceDetail:
    """Everything the editor shows about one resource."""

    id: int
    draft: ResourceDraft
    added_at: datetime
    finished_at: datetime | None
    linked_steps: tuple[StepRef, ...]
    origin: str = "user"


@dataclass(frozen=True)
class StepLink:
    """One link of a resource to a step, exactly as stored (for undo)."""

    roadmap_id: int
    step_key: str
    position: int
    user_linked: bool


@dataclass(frozen=True)
class DeletedResource:
    """A deleted resource in full, so `restore_resources` brings it back exactly (same id)."""

    id: int
    draft: ResourceDraft
    origin: str
    added_at: datetime
    finished_at: datetime | None
    links: tuple[StepLink, ...] = field(default=())
