"""Property tests: any JSON given as a bundle is read or refused with BundleFormatError."""

from __future__ import annotations

import contextlib
import json
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from roadmap_desktop.importers.json_bundle import Bundle, BundleFormatError, parse_bundle

FAST = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])

VALID: dict[str, Any] = {
    "format": "roadmap-desktop/bundle",
    "format_version": 1,
    "roadmaps": [
        {
            "slug": "tiny",
            "title": "Tiny",
            "summary": "",
            "origin": "custom",
            "source_ref": "",
            "content_version": 1,
            "content_hash": "",
            "position": 0,
            "schedule": {"start_date": "2026-11-02", "weekly_hours": 8},
            "phases": [
                {
                    "key": "p",
                    "title": "P",
                    "summary": "",
                    "weeks": [1, 2],
                    "steps": [
                        {
                            "key": "s",
                            "title": "S",
                            "kind": "topic",
                            "effort_hours": 2,
                            "body": "",
                            "topics": [{"key": "t", "text": "T"}],
                            "resources": [{"id": 1, "user_linked": True}],
                        }
                    ],
                }
            ],
            "archived_steps": [],
            "questions": [{"key": "q", "step": "s", "prompt": "?", "answer": "!"}],
            "progress": [
                {
                    "step": "s",
                    "status": "done",
                    "started_at": "2026-11-02T10:00:00Z",
                    "done_at": None,
                    "note": "n",
                    "note_updated_at": None,
                }
            ],
            "ticks": [{"step": "s", "topic": "t", "ticked_at": "2026-11-02T10:00:00+01:00"}],
        }
    ],
    "resources": [
        {
            "id": 1,
            "title": "R",
            "url": "https://example.org",
            "local_path": None,
            "kind": "book",
            "author": "",
            "cost": None,
            "status": "to_do",
            "rating": 0,
            "note": "",
            "origin": "user",
            "added_at": None,
            "finished_at": None,
            "tags": ["x"],
        }
    ],
    "plan_blocks": [
        {
            "day": "2026-11-24",
            "start_time": "18:30",
            "minutes": 30,
            "roadmap": "tiny",
            "step": "s",
            "title": "",
            "done": False,
            "auto": False,
            "position": 0,
            "created_at": None,
        }
    ],
    "study_sessions": [
        {
            "roadmap": None,
            "step": None,
            "started_at": "2026-11-02T10:00:00Z",
            "minutes": 30,
            "note": "",
            "source": "manual",
        }
    ],
    "availability": [{"weekday": 0, "minutes": 60}],
    "active_timer": None,
}

JSON = st.recursive(
    st.none() | st.booleans() | st.integers(-5, 10**13) | st.floats() | st.text(max_size=10),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=20,
)


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix]
    if isinstance(value, dict):
        for key, item in value.items():
            found += _paths(item, (*prefix, key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            found += _paths(item, (*prefix, i))
    return found


PATHS = _paths(VALID)[1:]


def _mutated(path: tuple[Any, ...], replacement: Any) -> dict[str, Any]:
    doc = json.loads(json.dumps(VALID))
    target = doc
    for part in path[:-1]:
        target = target[part]
    target[path[-1]] = replacement
    return doc


def test_the_valid_bundle_reads() -> None:
    bundle = parse_bundle(json.dumps(VALID).encode(), "b.json")
    assert bundle.roadmaps[0].ticks[0][2].hour == 9  # converted to UTC


@FAST
@given(st.sampled_from(PATHS), JSON)
def test_any_change_is_read_or_refused(path: tuple[Any, ...], replacement: Any) -> None:
    try:
        bundle = parse_bundle(_mutated(path, replacement), "b.json")
    except BundleFormatError as exc:
        assert str(exc).startswith("b.json: ")
        return
    assert isinstance(bundle, Bundle)


@FAST
@given(st.binary(max_size=200) | JSON.map(lambda v: json.dumps(v).encode()))
def test_any_bytes_are_read_or_refused(data: bytes) -> None:
    with contextlib.suppress(BundleFormatError):
        parse_bundle(data, "b.json")
