"""Roadmap format v2: "choose one of" groups, v1 files read as v2 without groups, clear errors."""

from __future__ import annotations

import re

import pytest
import yaml

from roadmap_desktop.core.errors import RoadmapFormatError
from roadmap_desktop.core.roadmap_format import FORMAT_VERSION, GroupSpec, parse_roadmap


def _doc(groups: object = None, version: int = 2, **extra: object) -> dict:  # type: ignore[type-arg]
    phase: dict = {  # type: ignore[type-arg]
        "key": "lang",
        "title": "Language",
        "weeks": [1, 2],
        "steps": [
            {"key": k, "title": k.title(), "effort_hours": 5, "body": "b"}
            for k in ("intro", "python", "go", "rust")
        ],
    }
    if groups is not None:
        phase["groups"] = groups
    other = {
        "key": "later",
        "title": "Later",
        "weeks": [3, 3],
        "steps": [{"key": "deploy", "title": "Deploy", "effort_hours": 2, "body": "b"}],
    }
    return {
        "format": "roadmap-desktop/roadmap",
        "format_version": version,
        "slug": "groups",
        "title": "Groups",
        "content_version": 1,
        "phases": [phase, other],
        **extra,
    }


def _parse(doc: dict) -> object:  # type: ignore[type-arg]
    return parse_roadmap(yaml.safe_dump(doc).encode(), "g.yaml")


def test_the_app_writes_and_reads_version_2() -> None:
    assert FORMAT_VERSION == 2


def test_a_version_1_file_is_read_as_version_2_without_groups(tiny_spec, fixtures_dir) -> None:
    assert b"format_version: 1" in (fixtures_dir / "tiny.yaml").read_bytes()
    assert tiny_spec.all_groups() == []
    assert all(p.groups == () for p in tiny_spec.phases)


def test_a_version_2_file_carries_its_groups(load_spec) -> None:
    spec = load_spec("choice.yaml")
    assert spec.all_groups() == [GroupSpec("lang", "Choose one language", ("python", "go", "rust"))]
    assert spec.phases[0].groups == ()


def test_a_group_without_title_is_called_choose_one() -> None:
    spec = _parse(_doc([{"key": "pick", "steps": ["python", "go"]}]))
    assert spec.all_groups()[0].title == "Choose one"  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("groups", "version", "message"),
    [
        (
            [{"key": "pick", "steps": ["python", "java"]}],
            2,
            "phases[0].groups[0].steps[1]: names no step of this phase: 'java'",
        ),
        (
            [{"key": "pick", "steps": ["python", "deploy"]}],
            2,
            "phases[0].groups[0].steps[1]: names no step of this phase: 'deploy'",
        ),
        (
            [{"key": "pick", "steps": ["python"]}],
            2,
            "phases[0].groups[0].steps: a group offers a choice, so it needs at least 2 steps, "
            "got 1",
        ),
        (
            [{"key": "pick", "steps": ["python", "python"]}],
            2,
            "phases[0].groups[0].steps[1]: names the step 'python' twice",
        ),
        (
            [{"key": "a", "steps": ["python", "go"]}, {"key": "b", "steps": ["go", "rust"]}],
            2,
            "phases[0].groups[1].steps: the step 'go' is already in the group 'a'; a step can be "
            "in one group only",
        ),
        (
            [{"key": "a", "steps": ["python", "go"]}, {"key": "a", "steps": ["intro", "rust"]}],
            2,
            "phases: the group key 'a' is used twice",
        ),
        ([{"key": "pick"}], 2, "phases[0].groups[0].steps: is missing"),
        ([{"steps": ["python", "go"]}], 2, "phases[0].groups[0].key: is missing"),
        ([{"key": "pick", "steps": ["python", 3]}], 2, "steps[1]: must be a step key, got int"),
        ("python, go", 2, "phases[0].groups: must be a list, got text"),
        (
            [{"key": "pick", "steps": ["python", "go"]}],
            1,
            "phases[0].groups: needs format_version 2 (the file says 1)",
        ),
    ],
)
def test_bad_groups_are_refused_naming_the_place(groups, version, message) -> None:
    with pytest.raises(RoadmapFormatError, match=re.escape(message)):
        _parse(_doc(groups, version))


def test_a_newer_version_is_refused_with_a_clear_message() -> None:
    with pytest.raises(RoadmapFormatError, match="is 3, but this app reads up to 2"):
        _parse(_doc(version=3))
