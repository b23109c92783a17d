"""The roadmap file format (YAML, version 2; version 1 read as 2 without groups): load, validate
with precise errors, and describe."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from roadmap_desktop.core.errors import RoadmapFormatError
from roadmap_desktop.core.library import COSTS, RESOURCE_KINDS
from roadmap_desktop.core.value_bounds import unstorable_value

FORMAT_NAME = "roadmap-desktop/roadmap"
FORMAT_VERSION = 2
GROUPS_SINCE = 2  # "choose one of" groups (a phase's `groups`) exist from this version on
STEP_KINDS = ("topic", "project", "exercise", "milestone")
MAX_FILE_BYTES = 5 * 1024 * 1024

_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{1,63}$")
_KEY = re.compile(r"^[a-z0-9][a-z0-9-]{0,79}$")


@dataclass(frozen=True)
class ResourceSpec:
    """A resource as written in a roadmap file."""

    title: str
    kind: str
    url: str | None = None
    author: str = ""
    cost: str | None = None


@dataclass(frozen=True)
class TopicSpec:
    """A checklist item with its stable key."""

    key: str
    text: str


@dataclass(frozen=True)
class StepSpec:
    """A step as written in a roadmap file."""

    key: str
    title: str
    kind: str
    effort_hours: float
    body: str
    topics: tuple[TopicSpec, ...] = ()
    resources: tuple[ResourceSpec, ...] = ()


@dataclass(frozen=True)
class GroupSpec:
    """A "choose one of" group: steps of one phase that are alternatives; the learner picks one
    and progress counts the group once."""

    key: str
    title: str
    steps: tuple[str, ...]  # step keys, in the order the options are offered


@dataclass(frozen=True)
class PhaseSpec:
    """A phase with its week range, steps and "choose one of" groups."""

    key: str
    title: str
    start_week: int
    end_week: int
    summary: str
    steps: tuple[StepSpec, ...]
    groups: tuple[GroupSpec, ...] = ()


@dataclass(frozen=True)
class QuestionSpec:
    """A practice question with its answer."""

    key: str
    prompt: str
    answer: str
    step: str | None = None


@dataclass(frozen=True)
class RoadmapSpec:
    """A whole validated roadmap file."""

    slug: str
    title: str
    content_version: int
    summary: str
    source: str
    phases: tuple[PhaseSpec, ...]
    questions: tuple[QuestionSpec, ...] = ()
    content_hash: str = field(default="", compare=False)

    def all_steps(self) -> list[StepSpec]:
        """Every step in roadmap order."""
        return [step for phase in self.phases for step in phase.steps]

    def all_groups(self) -> list[GroupSpec]:
        """Every "choose one of" group in roadmap order."""
        return [group for phase in self.phases for group in phase.groups]


def slugify(text: str) -> str:
    """A lowercase key from free text: letters and digits joined by single dashes."""
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return slug[:120] or "item"


def load_roadmap_file(path: Path | str) -> RoadmapSpec:
    """Read and validate a roadmap YAML file; raise RoadmapFormatError naming what is wrong."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise RoadmapFormatError(f"{path.name}: cannot be read: {exc.strerror or exc}") from exc
    return parse_roadmap(data, path.name)


def parse_roadmap(data: bytes, name: str) -> RoadmapSpec:
    """Validate roadmap YAML given as bytes; name is used in error messages."""
    import yaml

    if len(data) > MAX_FILE_BYTES:
        raise RoadmapFormatError(f"{name}: the file is larger than {MAX_FILE_BYTES // 2**20} MB")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise RoadmapFormatError(f"{name}: not UTF-8 text (byte {exc.start})") from exc
    try:
        # The C loader (libyaml) when PyYAML has it: about five times faster on big files.
        raw = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise RoadmapFormatError(f"{name}: not valid YAML{where}: {problem}") from exc
    except RecursionError as exc:
        raise RoadmapFormatError(f"{name}: not valid YAML: nested too deeply") from exc
    except Exception as exc:  # PyYAML's constructors: a date 2020-13-45, `!!int abc`, `!!int`…
        raise RoadmapFormatError(f"{name}: not valid YAML: {exc or type(exc).__name__}") from exc
    problem = unstorable_value(raw)
    if problem is not None:
        where, what = problem
        raise RoadmapFormatError(f"{name}: {where}: {what}" if where else f"{name}: {what}")
    spec = _Validator(name).roadmap(raw)
    digest = hashlib.sha256(data).hexdigest()
    return RoadmapSpec(**{**spec.__dict__, "content_hash": digest})


class _Validator:
    """Walks the parsed YAML, building specs and failing with file + path + problem."""

    def __init__(self, name: str) -> None:
        self.name = name

    def fail(self, where: str, problem: str) -> RoadmapFormatError:
        return RoadmapFormatError(
            f"{self.name}: {where}: {problem}" if where else f"{self.name}: {problem}"
        )

    def mapping(self, value: Any, where: str) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self.fail(where, f"must be a mapping, got {_describe(value)}")
        return value

    def text(
        self,
        obj: dict[str, Any],
        key: str,
        where: str,
        *,
        required: bool = True,
        max_len: int = 100_000,
    ) -> str:
        value = obj.get(key)
        path = f"{where}.{key}" if where else key
        if value is None:
            if required:
                raise self.fail(path, "is missing")
            return ""
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            raise self.fail(path, f"must be text, got {_describe(value)}")
        text = str(value)
        if required and not text.strip():
            raise self.fail(path, "must not be empty")
        if len(text) > max_len:
            raise self.fail(path, f"is longer than {max_len} characters")
        return text

    def key(self, obj: dict[str, Any], where: str, pattern: re.Pattern[str] = _KEY) -> str:
        value = self.text(obj, "key", where)
        if not pattern.match(value):
            raise self.fail(
                f"{where}.key", f"must use lowercase letters, digits and '-', got {value!r}"
            )
        return value

    def choice(
        self,
        obj: dict[str, Any],
        key: str,
        where: str,
        choices: tuple[str, ...],
        default: str | None,
    ) -> str | None:
        if obj.get(key) is None:
            if default is None and key not in ("cost",):
                raise self.fail(f"{where}.{key}", "is missing")
            return default
        value = self.text(obj, key, where)
        if value not in choices:
            raise self.fail(f"{where}.{key}", f"must be one of {', '.join(choices)}, got {value!r}")
        return value

    def items(self, obj: dict[str, Any], key: str, where: str, *, required: bool) -> list[Any]:
        value = obj.get(key)
        path = f"{where}.{key}" if where else key
        if value is None:
            if required:
                raise self.fail(path, "is missing")
            return []
        if not isinstance(value, list):
            raise self.fail(path, f"must be a list, got {_describe(value)}")
        if required and not value:
            raise self.fail(path, "must not be empty")
        return value

    def roadmap(self, raw: Any) -> RoadmapSpec:
        top = self.mapping(raw, "")
        fmt = top.get("format")
        if fmt != FORMAT_NAME:
            raise self.fail("format", f"must be {FORMAT_NAME!r}, got {fmt!r}")
        version = top.get("format_version")
        if not isinstance(version, int) or isinstance(version, bool) or version < 1:
            raise self.fail("format_version", f"must be a whole number, got {version!r}")
        if version > FORMAT_VERSION:
            raise self.fail(
                "format_version",
                f"is {version}, but this app reads up to "
                f"{FORMAT_VERSION}; a newer Roadmap Desktop is needed",
            )
        slug = self.text(top, "slug", "")
        if not _SLUG.match(slug):
            raise self.fail("slug", f"must be 2–64 lowercase letters, digits or '-', got {slug!r}")
        content_version = top.get("content_version")
        if (
            not isinstance(content_version, int)
            or isinstance(content_version, bool)
            or content_version < 1
        ):
            raise self.fail(
                "content_version", f"must be a whole number ≥ 1, got {content_version!r}"
            )
        phases = tuple(
            self.phase(p, f"phases[{i}]", version)
            for i, p in enumerate(self.items(top, "phases", "", required=True))
        )
        self.unique([p.key for p in phases], "phases", "phase key")
        steps = [s for p in phases for s in p.steps]
        self.unique([s.key for s in steps], "phases", "step key")
        self.unique([g.key for p in phases for g in p.groups], "phases", "group key")
        step_keys = {s.key for s in steps}
        questions = tuple(
            self.question(q, f"questions[{i}]", step_keys)
            for i, q in enumerate(self.items(top, "questions", "", required=False))
        )
        self.unique([q.key for q in questions], "questions", "question key")
        return RoadmapSpec(
            slug=slug,
            title=self.text(top, "title", "", max_len=200),
            content_version=content_version,
            summary=self.text(top, "summary", "", required=False),
            source=self.text(top, "source", "", required=False),
            phases=phases,
            questions=questions,
        )

    def unique(self, keys: list[str], where: str, what: str) -> None:
        seen: set[str] = set()
        for key in keys:
            if key in seen:
                raise self.fail(where, f"the {what} {key!r} is used twice")
            seen.add(key)

    def phase(self, raw: Any, where: str, version: int = FORMAT_VERSION) -> PhaseSpec:
        obj = self.mapping(raw, where)
        weeks = obj.get("weeks")
        if (
            not isinstance(weeks, list)
            or len(weeks) != 2
            or not all(isinstance(w, int) and not isinstance(w, bool) for w in weeks)
        ):
            raise self.fail(f"{where}.weeks", f"must be [start, end] week numbers, got {weeks!r}")
        start, end = weeks
        if start < 1 or end < start or end > 520:
            raise self.fail(f"{where}.weeks", f"must satisfy 1 ≤ start ≤ end ≤ 520, got {weeks!r}")
        steps = tuple(
            self.step(s, f"{where}.steps[{i}]")
            for i, s in enumerate(self.items(obj, "steps", where, required=True))
        )
        if version < GROUPS_SINCE and obj.get("groups") is not None:
            raise self.fail(
                f"{where}.groups", f"needs format_version {GROUPS_SINCE} (the file says {version})"
            )
        groups = tuple(
            self.group(g, f"{where}.groups[{i}]", [s.key for s in steps])
            for i, g in enumerate(self.items(obj, "groups", where, required=False))
        )
        grouped: dict[str, str] = {}
        for i, group in enumerate(groups):
            for key in group.steps:
                if key in grouped:
                    raise self.fail(
                        f"{where}.groups[{i}].steps",
                        f"the step {key!r} is already in the group {grouped[key]!r}; "
                        "a step can be in one group only",
                    )
                grouped[key] = group.key
        return PhaseSpec(
            key=self.key(obj, where),
            title=self.text(obj, "title", where, max_len=200),
            start_week=start,
            end_week=end,
            summary=self.text(obj, "summary", where, required=False),
            steps=steps,
            groups=groups,
        )

    def group(self, raw: Any, where: str, phase_steps: list[str]) -> GroupSpec:
        obj = self.mapping(raw, where)
        key = self.key(obj, where)
        members = self.items(obj, "steps", where, required=True)
        keys: list[str] = []
        for j, member in enumerate(members):
            if not isinstance(member, str) or not member:
                raise self.fail(
                    f"{where}.steps[{j}]", f"must be a step key, got {_describe(member)}"
                )
            if member not in phase_steps:
                raise self.fail(
                    f"{where}.steps[{j}]",
                    f"names no step of this phase: {member!r} (a group's steps are in its phase)",
                )
            if member in keys:
                raise self.fail(f"{where}.steps[{j}]", f"names the step {member!r} twice")
            keys.append(member)
        if len(keys) < 2:
            raise self.fail(
                f"{where}.steps",
                f"a group offers a choice, so it needs at least 2 steps, got {len(keys)}",
            )
        return GroupSpec(
            key=key,
            title=self.text(obj, "title", where, required=False, max_len=200) or "Choose one",
            steps=tuple(keys),
        )

    def step(self, raw: Any, where: str) -> StepSpec:
        obj = self.mapping(raw, where)
        effort = obj.get("effort_hours")
        if (
            isinstance(effort, bool)
            or not isinstance(effort, int | float)
            or not 0 < effort <= 10_000
        ):
            raise self.fail(f"{where}.effort_hours", f"must be a positive number, got {effort!r}")
        topics = tuple(
            self.topic(t, f"{where}.topics[{i}]")
            for i, t in enumerate(self.items(obj, "topics", where, required=False))
        )
        self.unique([t.key for t in topics], f"{where}.topics", "topic key")
        resources = tuple(
            self.resource(r, f"{where}.resources[{i}]")
            for i, r in enumerate(self.items(obj, "resources", where, required=False))
        )
        kind = self.choice(obj, "kind", where, STEP_KINDS, "topic")
        assert kind is not None
        return StepSpec(
            key=self.key(obj, where),
            title=self.text(obj, "title", where, max_len=200),
            kind=kind,
            effort_hours=float(effort),
            body=self.text(obj, "body", where),
            topics=topics,
            resources=resources,
        )

    def topic(self, raw: Any, where: str) -> TopicSpec:
        if isinstance(raw, str):
            if not raw.strip():
                raise self.fail(where, "must not be empty")
            return TopicSpec(key=slugify(raw), text=raw.strip())
        obj = self.mapping(raw, where)
        return TopicSpec(key=self.key(obj, where), text=self.text(obj, "text", where, max_len=500))

    def resource(self, raw: Any, where: str) -> ResourceSpec:
        obj = self.mapping(raw, where)
        url = self.text(obj, "url", where, required=False) or None
        if url is not None and not re.match(r"^https?://[^\s/]+", url, re.IGNORECASE):
            raise self.fail(f"{where}.url", f"must be an http:// or https:// address, got {url!r}")
        kind = self.choice(obj, "kind", where, RESOURCE_KINDS, None)
        assert kind is not None
        return ResourceSpec(
            title=self.text(obj, "title", where, max_len=300),
            kind=kind,
            url=url,
            author=self.text(obj, "author", where, required=False, max_len=200),
            cost=self.choice(obj, "cost", where, COSTS, None),
        )

    def question(self, raw: Any, where: str, step_keys: set[str]) -> QuestionSpec:
        obj = self.mapping(raw, where)
        step = self.text(obj, "step", where, required=False) or None
        if step is not None and step not in step_keys:
            raise self.fail(f"{where}.step", f"names no step of this roadmap: {step!r}")
        return QuestionSpec(
            key=self.key(obj, where),
            prompt=self.text(obj, "prompt", where),
            answer=self.text(obj, "answer", where),
            step=step,
        )


def _describe(value: Any) -> str:
    if value is None:
        return "nothing"
    return {dict: "a mapping", list: "a list", str: "text", bool: "true/false"}.get(
        type(value), type(value).__name__
    )
