"""The roadmap file format: a good file parses; each bad file names file, place and problem."""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from roadmap_desktop.core.errors import RoadmapFormatError
from roadmap_desktop.core.roadmap_format import (
    FORMAT_VERSION,
    RoadmapSpec,
    load_roadmap_file,
    parse_roadmap,
    slugify,
)

Raw = dict[str, Any]
TINY = Path(__file__).resolve().parents[2] / "fixtures" / "tiny.yaml"
_TINY_RAW = yaml.safe_load(TINY.read_text(encoding="utf-8"))


@pytest.fixture
def raw(fixtures_dir: Path) -> Raw:
    """tiny.yaml as plain data, to be broken one way per test."""
    return yaml.safe_load((fixtures_dir / "tiny.yaml").read_text(encoding="utf-8"))


def write(tmp_path: Path, data: Any, name: str = "bad.yaml") -> Path:
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


# --- a good file -------------------------------------------------------------------------------


def test_good_file_parses_with_counts_and_order(tiny_spec: RoadmapSpec) -> None:
    assert tiny_spec.slug == "tiny"
    assert tiny_spec.title == "Tiny roadmap"
    assert tiny_spec.content_version == 1
    assert tiny_spec.source == "Written for the test suite"
    assert [p.key for p in tiny_spec.phases] == ["basics", "data"]
    assert [(p.start_week, p.end_week) for p in tiny_spec.phases] == [(1, 2), (3, 5)]
    assert [s.key for s in tiny_spec.all_steps()] == ["http", "git", "sql", "api-project"]
    assert sum(len(s.topics) for s in tiny_spec.all_steps()) == 7
    assert sum(len(s.resources) for s in tiny_spec.all_steps()) == 4
    assert [(q.key, q.step) for q in tiny_spec.questions] == [
        ("q-status", "http"),
        ("q-join", "sql"),
    ]
    assert len(tiny_spec.content_hash) == 64


def test_topic_strings_get_slugified_keys_and_mappings_keep_theirs(tiny_spec: RoadmapSpec) -> None:
    http, git, *_ = tiny_spec.all_steps()
    assert [(t.key, t.text) for t in http.topics] == [
        ("methods", "Methods"),
        ("status-codes", "Status codes"),
        ("http-2-tls", "HTTP/2 & TLS"),
    ]
    assert [(t.key, t.text) for t in git.topics] == [
        ("commits", "Making commits"),
        ("branches", "Branching and merging"),
    ]


def test_defaults_kind_topic_and_optional_fields_empty(tiny_spec: RoadmapSpec) -> None:
    steps = {s.key: s for s in tiny_spec.all_steps()}
    assert steps["http"].kind == "topic"
    assert steps["sql"].kind == "topic"
    assert steps["git"].kind == "exercise"
    assert steps["api-project"].kind == "project"
    assert steps["api-project"].topics == ()
    assert steps["api-project"].resources == ()
    assert steps["http"].effort_hours == 4.0
    assert isinstance(steps["http"].effort_hours, float)
    note = steps["sql"].resources[1]
    assert (note.title, note.kind, note.url, note.author, note.cost) == (
        "SQL notes",
        "article",
        None,
        "",
        None,
    )
    assert tiny_spec.phases[1].summary == ""


def test_slugify() -> None:
    assert slugify("  Hello, World!  ") == "hello-world"
    assert slugify("C++ & C#") == "c-c"
    assert slugify("!!!") == "item"
    assert len(slugify("x" * 500)) == 120


def test_byte_order_mark_is_accepted(fixtures_dir: Path) -> None:
    data = b"\xef\xbb\xbf" + (fixtures_dir / "tiny.yaml").read_bytes()
    assert parse_roadmap(data, "bom.yaml").slug == "tiny"


def test_content_hash_follows_the_bytes(fixtures_dir: Path) -> None:
    data = (fixtures_dir / "tiny.yaml").read_bytes()
    first = parse_roadmap(data, "a.yaml")
    again = parse_roadmap(data, "b.yaml")
    changed = parse_roadmap(data + b"\n# a comment\n", "a.yaml")
    assert first.content_hash == again.content_hash
    assert changed.content_hash != first.content_hash


# --- bad files: each error names the file, the path inside it and the problem --------------------


def _set(path: str, value: Any) -> Callable[[Raw], None]:
    """A mutation that sets raw[...] at a dotted/indexed path like 'phases.0.steps.1.kind'."""

    def mutate(raw: Raw) -> None:
        *parents, last = path.split(".")
        node: Any = raw
        for part in parents:
            node = node[int(part)] if part.isdigit() else node[part]
        node[int(last) if last.isdigit() else last] = value

    return mutate


def _delete(path: str) -> Callable[[Raw], None]:
    def mutate(raw: Raw) -> None:
        *parents, last = path.split(".")
        node: Any = raw
        for part in parents:
            node = node[int(part)] if part.isdigit() else node[part]
        del node[last]

    return mutate


def _duplicate_step_across_phases(raw: Raw) -> None:
    raw["phases"][1]["steps"][0]["key"] = "http"


def _duplicate_topic(raw: Raw) -> None:
    raw["phases"][0]["steps"][0]["topics"] = ["Status codes", "status CODES!"]


def _duplicate_topic_mapping(raw: Raw) -> None:
    raw["phases"][0]["steps"][1]["topics"][1]["key"] = "commits"


BAD_CASES = [
    pytest.param(
        _set("format", "something-else"),
        "format",
        "must be 'roadmap-desktop/roadmap', got 'something-else'",
        id="wrong-format",
    ),
    pytest.param(_delete("format"), "format", "got None", id="missing-format"),
    pytest.param(
        _set("format_version", FORMAT_VERSION + 1),
        "format_version",
        f"is {FORMAT_VERSION + 1}, but this app reads up to {FORMAT_VERSION}",
        id="newer-format-version",
    ),
    pytest.param(
        _set("format_version", "one"), "format_version", "whole number", id="format-version-text"
    ),
    pytest.param(_set("slug", "Tiny Roadmap"), "slug", "got 'Tiny Roadmap'", id="bad-slug-case"),
    pytest.param(_set("slug", "x"), "slug", "2–64", id="slug-too-short"),
    pytest.param(_set("slug", "-tiny"), "slug", "got '-tiny'", id="slug-leading-dash"),
    pytest.param(_delete("title"), "title", "is missing", id="missing-title"),
    pytest.param(_set("title", "   "), "title", "must not be empty", id="blank-title"),
    pytest.param(
        _set("content_version", 0), "content_version", "whole number ≥ 1", id="content-version-0"
    ),
    pytest.param(_set("phases", []), "phases", "must not be empty", id="no-phases"),
    pytest.param(
        _set("phases.0.weeks", [3, 1]), "phases[0].weeks", "got [3, 1]", id="weeks-reversed"
    ),
    pytest.param(
        _set("phases.1.weeks", [2]),
        "phases[1].weeks",
        "must be [start, end] week numbers, got [2]",
        id="weeks-not-a-pair",
    ),
    pytest.param(
        _set("phases.1.weeks", "3-5"),
        "phases[1].weeks",
        "must be [start, end] week numbers",
        id="weeks-text",
    ),
    pytest.param(_set("phases.0.weeks", [0, 2]), "phases[0].weeks", "1 ≤ start", id="week-zero"),
    pytest.param(
        _set("phases.0.key", "Basics!"), "phases[0].key", "got 'Basics!'", id="bad-phase-key"
    ),
    pytest.param(
        _set("phases.1.key", "basics"),
        "phases",
        "the phase key 'basics' is used twice",
        id="duplicate-phase-key",
    ),
    pytest.param(
        _duplicate_step_across_phases,
        "phases",
        "the step key 'http' is used twice",
        id="duplicate-step-key-across-phases",
    ),
    pytest.param(
        _duplicate_topic,
        "phases[0].steps[0].topics",
        "the topic key 'status-codes' is used twice",
        id="duplicate-topic-key-from-text",
    ),
    pytest.param(
        _duplicate_topic_mapping,
        "phases[0].steps[1].topics",
        "the topic key 'commits' is used twice",
        id="duplicate-topic-key-mapping",
    ),
    pytest.param(
        _set("phases.0.steps.1.effort_hours", -3),
        "phases[0].steps[1].effort_hours",
        "must be a positive number, got -3",
        id="negative-effort",
    ),
    pytest.param(
        _set("phases.0.steps.1.effort_hours", 0),
        "phases[0].steps[1].effort_hours",
        "got 0",
        id="zero-effort",
    ),
    pytest.param(
        _delete("phases.1.steps.1.effort_hours"),
        "phases[1].steps[1].effort_hours",
        "got None",
        id="missing-effort",
    ),
    pytest.param(
        _set("phases.0.steps.0.kind", "lecture"),
        "phases[0].steps[0].kind",
        "must be one of topic, project, exercise, milestone, got 'lecture'",
        id="unknown-step-kind",
    ),
    pytest.param(
        _delete("phases.1.steps.0.body"), "phases[1].steps[0].body", "is missing", id="no-body"
    ),
    pytest.param(
        _set("phases.0.steps.0.topics", [""]),
        "phases[0].steps[0].topics[0]",
        "must not be empty",
        id="empty-topic",
    ),
    pytest.param(
        _set("phases.0.steps.0.resources.0.url", "javascript:alert(1)"),
        "phases[0].steps[0].resources[0].url",
        "must be an http:// or https:// address, got 'javascript:alert(1)'",
        id="javascript-url",
    ),
    pytest.param(
        _set("phases.0.steps.0.resources.0.url", "file:///etc/passwd"),
        "phases[0].steps[0].resources[0].url",
        "http:// or https://",
        id="file-url",
    ),
    pytest.param(
        _set("phases.1.steps.0.resources.1.kind", "blog"),
        "phases[1].steps[0].resources[1].kind",
        "must be one of book, course, article, video, docs, tool, podcast, other, got 'blog'",
        id="unknown-resource-kind",
    ),
    pytest.param(
        _delete("phases.1.steps.0.resources.1.kind"),
        "phases[1].steps[0].resources[1].kind",
        "is missing",
        id="missing-resource-kind",
    ),
    pytest.param(
        _set("phases.0.steps.1.resources.0.cost", "cheap"),
        "phases[0].steps[1].resources[0].cost",
        "must be one of free, paid, got 'cheap'",
        id="unknown-cost",
    ),
    pytest.param(
        _set("questions.1.step", "nope"),
        "questions[1].step",
        "names no step of this roadmap: 'nope'",
        id="question-unknown-step",
    ),
    pytest.param(
        _set("questions.1.key", "q-status"),
        "questions",
        "the question key 'q-status' is used twice",
        id="duplicate-question-key",
    ),
    pytest.param(
        _delete("questions.0.answer"), "questions[0].answer", "is missing", id="no-answer"
    ),
    pytest.param(
        _set("phases.0.steps.0", "just text"),
        "phases[0].steps[0]",
        "must be a mapping, got text",
        id="step-not-a-mapping",
    ),
]


@pytest.mark.parametrize(("mutate", "where", "problem"), BAD_CASES)
def test_bad_file_names_file_path_and_problem(
    tmp_path: Path, raw: Raw, mutate: Callable[[Raw], None], where: str, problem: str
) -> None:
    broken = copy.deepcopy(raw)
    mutate(broken)
    path = write(tmp_path, broken)
    with pytest.raises(RoadmapFormatError) as info:
        load_roadmap_file(path)
    message = str(info.value)
    assert message.startswith(f"bad.yaml: {where}: "), message
    assert problem in message


def test_top_level_not_a_mapping(tmp_path: Path) -> None:
    path = write(tmp_path, ["format", "roadmap-desktop/roadmap"])
    with pytest.raises(RoadmapFormatError, match=r"^bad\.yaml: must be a mapping, got a list$"):
        load_roadmap_file(path)


def test_empty_file_is_not_a_roadmap(tmp_path: Path) -> None:
    path = tmp_path / "empty.yaml"
    path.write_bytes(b"")
    with pytest.raises(RoadmapFormatError, match=r"^empty\.yaml: must be a mapping, got nothing$"):
        load_roadmap_file(path)


def test_not_yaml_reports_the_line(tmp_path: Path) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text(
        "format: roadmap-desktop/roadmap\n"
        "format_version: 1\n"
        "slug: tiny\n"
        "title: [unclosed\n"
        "phases: []\n",
        encoding="utf-8",
    )
    with pytest.raises(RoadmapFormatError) as info:
        load_roadmap_file(path)
    message = str(info.value)
    assert message.startswith("broken.yaml: not valid YAML at line 5, column ")


def test_not_utf8_names_the_byte(tmp_path: Path, fixtures_dir: Path) -> None:
    data = (fixtures_dir / "tiny.yaml").read_bytes().replace(b"Tiny roadmap", b"Caf\xe9 roadmap")
    offset = data.index(b"\xe9")
    path = tmp_path / "latin1.yaml"
    path.write_bytes(data)
    with pytest.raises(RoadmapFormatError) as info:
        load_roadmap_file(path)
    assert str(info.value) == f"latin1.yaml: not UTF-8 text (byte {offset})"


def test_missing_file_names_the_file(tmp_path: Path) -> None:
    with pytest.raises(RoadmapFormatError, match=r"^absent\.yaml: cannot be read"):
        load_roadmap_file(tmp_path / "absent.yaml")


def test_too_large_file_is_refused_before_parsing() -> None:
    data = b"#" * (5 * 1024 * 1024 + 1)
    with pytest.raises(RoadmapFormatError, match=r"^huge\.yaml: the file is larger than 5 MB$"):
        parse_roadmap(data, "huge.yaml")


@pytest.mark.parametrize(
    "text",
    [
        "created: 2001-13-45\n",  # a date PyYAML recognises but cannot construct
        "!!int abc\n",
        "value: !!float x\n",
        "[" * 1200,
        "key: !!python/object/apply:os.system [echo hi]\n",
        "a: \x00\n",
    ],
    ids=["bad-date", "bad-int-tag", "bad-float-tag", "deep-nesting", "python-tag", "nul"],
)
def test_yaml_that_pyyaml_cannot_build_is_a_format_error(text: str) -> None:
    with pytest.raises(RoadmapFormatError, match=r"^odd\.yaml: not valid YAML"):
        parse_roadmap(text.encode("utf-8"), "odd.yaml")


# --- property: any input either parses or raises RoadmapFormatError ------------------------------

_YAMLISH = st.lists(
    st.sampled_from(
        [
            *"abcxyz019 -:#[]{},'\"!&*?|>%@`\n\t.",
            *("format", "phases", "steps", "key", "weeks", "2020-13-01", "!!int", "!!float", "é"),
        ]
    ),
    max_size=80,
).map("".join)

_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**6), max_value=10**6),
    st.floats(allow_nan=True),
    st.text(max_size=20),
)
_VALUES = st.recursive(
    _SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=12), inner, max_size=4)
    ),
    max_leaves=12,
)


def _parse_or_format_error(data: bytes) -> None:
    try:
        spec = parse_roadmap(data, "fuzz.yaml")
    except RoadmapFormatError as exc:
        assert str(exc).startswith("fuzz.yaml: ")
    else:
        assert spec.slug and spec.phases


@settings(deadline=None, max_examples=200, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=300))
def test_arbitrary_bytes_parse_or_raise_format_error(data: bytes) -> None:
    _parse_or_format_error(data)


@settings(deadline=None, max_examples=200, suppress_health_check=[HealthCheck.too_slow])
@given(_YAMLISH)
def test_yamlish_text_parses_or_raises_format_error(text: str) -> None:
    _parse_or_format_error(text.encode("utf-8"))


@settings(deadline=None, max_examples=100, suppress_health_check=[HealthCheck.too_slow])
@given(
    path=st.sampled_from(
        [
            "format_version",
            "slug",
            "title",
            "content_version",
            "phases",
            "phases.0",
            "phases.0.weeks",
            "phases.0.steps",
            "phases.0.steps.0",
            "phases.0.steps.0.effort_hours",
            "phases.0.steps.0.topics",
            "phases.0.steps.0.topics.0",
            "phases.0.steps.0.resources.0",
            "phases.0.steps.0.resources.0.url",
            "phases.1.steps.1.kind",
            "questions",
            "questions.0",
            "questions.0.step",
        ]
    ),
    value=_VALUES,
)
def test_tiny_with_one_value_replaced_parses_or_raises_format_error(path: str, value: Any) -> None:
    raw = copy.deepcopy(_TINY_RAW)
    _set(path, value)(raw)
    _parse_or_format_error(yaml.safe_dump(raw, allow_unicode=True).encode("utf-8"))
