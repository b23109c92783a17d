"""Read the `cards` of a bundle (cards, FSRS state, review log) into validated values."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from roadmap_desktop.core.cards import CARD_ORIGINS
from roadmap_desktop.core.cloze import MAX_CARD_CHARS

if TYPE_CHECKING:
    from roadmap_desktop.importers.json_bundle import _Reader

_UID = re.compile(r"^[0-9a-f]{32}$")


@dataclass(frozen=True)
class BundleReview:
    """One review-log row with the card's state before it."""

    reviewed_at: datetime
    rating: int
    state: int
    elapsed_days: float
    scheduled_days: float
    duration_ms: int | None
    prev_step: int | None
    prev_stability: float | None
    prev_difficulty: float | None
    prev_due: datetime
    prev_last_review: datetime | None
    prev_lapses: int


@dataclass(frozen=True)
class BundleCard:
    """A card of a bundle, by uid, with its FSRS state and review log."""

    uid: str
    roadmap: str
    step: str | None
    question: str | None
    origin: str
    front: str
    back: str
    edited: bool
    suspended: bool
    archived: bool
    created_at: datetime
    state: int
    learning_step: int | None
    stability: float | None
    difficulty: float | None
    due: datetime
    last_review: datetime | None
    reps: int
    lapses: int
    reviews: tuple[BundleReview, ...]


def _real(reader: _Reader, obj: dict[str, Any], key: str, where: str, *, null: bool) -> Any:
    value = obj.get(key)
    if value is None and null:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise reader.fail(f"{where}.{key}", "must be a number" + (" or null" if null else ""))
    return float(value)


def _opt_int(reader: _Reader, obj: dict[str, Any], key: str, where: str) -> int | None:
    return None if obj.get(key) is None else reader.number(obj, key, where, 0, 10**9)


def _when(reader: _Reader, obj: dict[str, Any], key: str, where: str) -> datetime:
    value = reader.instant(obj, key, where)
    if value is None:
        raise reader.fail(f"{where}.{key}", "must be an ISO 8601 time")
    return value


def _review(reader: _Reader, raw: Any, where: str) -> BundleReview:
    obj = reader.obj(raw, where)
    prev = reader.obj(obj.get("prev"), f"{where}.prev")
    return BundleReview(
        reviewed_at=_when(reader, obj, "reviewed_at", where),
        rating=reader.number(obj, "rating", where, 1, 4),
        state=reader.number(obj, "state", where, 0, 3),
        elapsed_days=_real(reader, obj, "elapsed_days", where, null=False),
        scheduled_days=_real(reader, obj, "scheduled_days", where, null=False),
        duration_ms=_opt_int(reader, obj, "duration_ms", where),
        prev_step=_opt_int(reader, prev, "step", f"{where}.prev"),
        prev_stability=_real(reader, prev, "stability", f"{where}.prev", null=True),
        prev_difficulty=_real(reader, prev, "difficulty", f"{where}.prev", null=True),
        prev_due=_when(reader, prev, "due", f"{where}.prev"),
        prev_last_review=reader.instant(prev, "last_review", f"{where}.prev"),
        prev_lapses=reader.number(prev, "lapses", f"{where}.prev", 0, 10**9),
    )


def _card(reader: _Reader, raw: Any, where: str) -> BundleCard:
    obj = reader.obj(raw, where)
    uid = obj.get("uid")
    if not isinstance(uid, str) or not _UID.match(uid):
        raise reader.fail(f"{where}.uid", "must be 32 lowercase hexadecimal digits")
    front = reader.text(obj, "front", where, empty=False)
    back = reader.text(obj, "back", where)
    if len(front) > MAX_CARD_CHARS or len(back) > MAX_CARD_CHARS:
        raise reader.fail(where, f"a side is longer than {MAX_CARD_CHARS:,} characters")
    fsrs = reader.obj(obj.get("fsrs"), f"{where}.fsrs")
    at = f"{where}.fsrs"
    return BundleCard(
        uid=uid,
        roadmap=reader.text(obj, "roadmap", where, empty=False),
        step=reader.opt_text(obj, "step", where),
        question=reader.opt_text(obj, "question", where),
        origin=reader.choice(obj, "origin", where, CARD_ORIGINS),
        front=front,
        back=back,
        edited=reader.flag(obj, "edited", where),
        suspended=reader.flag(obj, "suspended", where),
        archived=reader.flag(obj, "archived", where),
        created_at=_when(reader, obj, "created_at", where),
        state=reader.number(fsrs, "state", at, 0, 3),
        learning_step=_opt_int(reader, fsrs, "step", at),
        stability=_real(reader, fsrs, "stability", at, null=True),
        difficulty=_real(reader, fsrs, "difficulty", at, null=True),
        due=_when(reader, fsrs, "due", at),
        last_review=reader.instant(fsrs, "last_review", at),
        reps=reader.number(fsrs, "reps", at, 0, 10**9),
        lapses=reader.number(fsrs, "lapses", at, 0, 10**9),
        reviews=tuple(
            _review(reader, r, f"{where}.reviews[{i}]")
            for i, r in enumerate(reader.items(obj, "reviews", where))
        ),
    )


def read_cards(reader: _Reader, top: dict[str, Any]) -> tuple[BundleCard, ...]:
    """The bundle's `cards` list (absent in bundles written before cards existed)."""
    cards = tuple(
        _card(reader, raw, f"cards[{i}]") for i, raw in enumerate(reader.items(top, "cards", ""))
    )
    uids = [c.uid for c in cards]
    if len(set(uids)) != len(uids):
        raise reader.fail("cards", "two cards share a uid")
    return cards
