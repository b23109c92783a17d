"""What a content sync did to one roadmap (importable without SQLAlchemy)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class SyncReport:
    """What a content sync did, for messages and tests."""

    slug: str
    created: bool = False
    unchanged: bool = False
    added_steps: list[str] = field(default_factory=list)
    updated_steps: list[str] = field(default_factory=list)
    archived_steps: list[str] = field(default_factory=list)
    removed_steps: list[str] = field(default_factory=list)
