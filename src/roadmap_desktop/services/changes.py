"""A description of what a user action changed, so every view can refresh what it shows."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field


class ChangeKind(enum.StrEnum):
    """Which sort of data changed."""

    ROADMAPS = "roadmaps"  # roadmaps added, removed or their content replaced
    STATUS = "status"
    TOPICS = "topics"
    NOTE = "note"
    SCHEDULE = "schedule"  # start date, weekly hours
    LIBRARY = "library"  # resources added, edited, deleted, linked or unlinked
    PLAN = "plan"  # plan blocks and availability
    TIME = "time"  # study sessions and the study timer
    REVIEW = "review"  # cards, their FSRS state and the review log


@dataclass(frozen=True)
class ChangeSet:
    """What changed: in which roadmap, which steps and which sorts of data."""

    kinds: frozenset[ChangeKind]
    roadmap_id: int | None = None
    step_keys: frozenset[str] = field(default_factory=frozenset)
    # Resources edited in place (status, rating, tags, fields); empty when unknown or when
    # resources were added or removed, which asks views for a full reload.
    resource_ids: frozenset[int] = field(default_factory=frozenset)

    @classmethod
    def of(
        cls,
        *kinds: ChangeKind,
        roadmap_id: int | None = None,
        step_keys: frozenset[str] | set[str] | tuple[str, ...] = (),
        resource_ids: frozenset[int] | set[int] | tuple[int, ...] = (),
    ) -> ChangeSet:
        """Build a change set from loose arguments."""
        return cls(frozenset(kinds), roadmap_id, frozenset(step_keys), frozenset(resource_ids))

    def touches(self, *kinds: ChangeKind) -> bool:
        """True when any of the given kinds changed."""
        return bool(self.kinds.intersection(kinds))
