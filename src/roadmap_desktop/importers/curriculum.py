"""Curriculum imports: the result type, decoding, and turning drafts into a valid RoadmapSpec."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field, replace
from typing import TypeGuard

from roadmap_desktop.core.errors import ImportFormatError
from roadmap_desktop.core.formats import make_key
from roadmap_desktop.core.library import normalize_url
from roadmap_desktop.core.roadmap_format import (
    GroupSpec,
    PhaseSpec,
    QuestionSpec,
    ResourceSpec,
    RoadmapSpec,
    StepSpec,
    TopicSpec,
)
from roadmap_desktop.importers.import_report import FileAudit, ImportReport, build_report
from roadmap_desktop.importers.markdown_lex import GroupMark
from roadmap_desktop.importers.schedule import material_effort, plan_weeks, tidy_titles

MAX_CURRICULUM_BYTES = 5 * 1024 * 1024
MAX_STEPS = 50_000  # a 10,000-step course imports with room to spare
DEFAULT_ANSWER = "Write your own answer."
_KEY_LEN = 80
_BODY_LEN = 100_000
_STEP_WORDS = re.compile(r"^[a-z0-9][a-z0-9-]{0,79}$")


class CurriculumFormatError(ImportFormatError):
    """A curriculum file or folder holds nothing importable; names the file and the line."""


@dataclass
class CurriculumImport:
    """A parsed curriculum, ready to preview and apply; nothing has been written yet."""

    spec: RoadmapSpec
    done_steps: set[str] = field(default_factory=set)
    done_topics: set[tuple[str, str]] = field(default_factory=set)
    warnings: list[str] = field(default_factory=list)
    line_of: dict[str, int] = field(default_factory=dict)  # step key -> source line
    source: str = ""  # the file, folder or zip it came from (kept as the roadmap's source_ref)
    notes: dict[str, str] = field(default_factory=dict)  # "My notes" of an exported roadmap
    step_marks: dict[str, str] = field(default_factory=dict)  # in_progress / skipped
    picks: dict[str, str] = field(default_factory=dict)  # group key -> the chosen step's key
    report: ImportReport = field(default_factory=ImportReport)  # links and headings accounted


# --- drafts: what the readers collect before keys, effort and weeks are settled ---------------


@dataclass
class DraftTopic:
    """A checklist item as read, before its key is settled."""

    text: str
    done: bool = False
    key: str | None = None


@dataclass
class DraftQuestion:
    """A practice question as read; an empty answer gets a placeholder."""

    prompt: str
    answer: str = ""
    key: str | None = None


@dataclass
class DraftStep:
    """A step as read: text lines, topics, resources, questions, effort if known."""

    title: str
    line: int
    key: str | None = None
    kind: str = "topic"
    body: list[str] = field(default_factory=list)
    topics: list[DraftTopic] = field(default_factory=list)
    resources: list[ResourceSpec] = field(default_factory=list)
    questions: list[DraftQuestion] = field(default_factory=list)
    effort: float | None = None
    done: bool = False
    boxed: bool = False  # the step has its own box or status; else all topics ticked = done
    mark: str | None = None  # in_progress / skipped, from an exported status line
    note: list[str] = field(default_factory=list)
    checklist: bool = False  # its topics are checkbox tasks (an hour each)
    days: tuple[int, int] | None = None  # "Day 12" of a day-by-day course
    group: GroupMark | None = None  # an option of an exported "choose one of" group


@dataclass
class DraftChoice:
    """A "choose one of" group as read: its title and option steps; the key and the pick when
    the file states them (a Markdown export does)."""

    title: str
    steps: list[DraftStep]
    key: str | None = None
    picked: DraftStep | None = None


@dataclass
class DraftPhase:
    """A phase as read; week range only when the file states it."""

    title: str
    line: int
    key: str | None = None
    summary: list[str] = field(default_factory=list)
    steps: list[DraftStep] = field(default_factory=list)
    weeks: tuple[int, int] | None = None
    days: tuple[int, int] | None = None
    span_weeks: float | None = None  # "(3 weeks)": how long, not which weeks
    # "Pick one of" lists (importers/choices.py)
    choices: list[DraftChoice] = field(default_factory=list)


@dataclass
class DraftRoadmap:
    """Everything a reader collected from one file or folder."""

    title: str
    slug: str | None = None
    summary: list[str] = field(default_factory=list)
    version: int | None = None
    phases: list[DraftPhase] = field(default_factory=list)
    questions: list[DraftQuestion] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    audits: list[FileAudit] = field(default_factory=list)  # the files read, for the report
    span_weeks: float | None = None  # "in 12 Weeks", "30 days" in the title
    files_left_out: list[tuple[str, str]] = field(default_factory=list)  # (path, reason)


# --- decoding ------------------------------------------------------------------------------


def decode_curriculum(data: bytes, name: str) -> tuple[str, list[str]]:
    """Text with "\\n" line ends and any warnings: UTF-8 (BOM ok), UTF-16 with a BOM, else
    Latin-1 (with a warning). Binary, empty and oversized files raise CurriculumFormatError."""
    if len(data) > MAX_CURRICULUM_BYTES:
        raise CurriculumFormatError(
            name, f"the file is larger than {MAX_CURRICULUM_BYTES // 2**20} MB and was not read"
        )
    warnings: list[str] = []
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise CurriculumFormatError(
                name, f"the file starts like UTF-16 text but byte {exc.start} cannot be read"
            ) from None
    else:
        nul = data.find(b"\x00")
        if nul >= 0:
            line = data.count(b"\n", 0, nul) + 1
            raise CurriculumFormatError(
                name, "it contains NUL bytes: it is not a text file", line=line
            )
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            line = data.count(b"\n", 0, exc.start) + 1
            text = data.decode("cp1252", errors="replace")
            if "\ufffd" in text:
                text = data.decode("latin-1")
            warnings.append(
                f"{name} is not UTF-8 (first at line {line}); it was read as Latin-1 "
                "(Windows-1252). Check accented letters."
            )
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise CurriculumFormatError(name, "it contains NUL characters: not a text file", line=line)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\x85", "\n").replace("\u2028", "\n").replace("\u2029", "\n")
    text = re.sub(r"[\x01-\x08\x0b\x0c\x0e-\x1f\x7f]", "", text)
    if not text.strip():
        raise CurriculumFormatError(name, "the file is empty", line=1)
    return text, warnings


# --- keys ----------------------------------------------------------------------------------


def _unique(key: str, used: set[str]) -> str:
    if key not in used:
        used.add(key)
        return key
    n = 2
    while True:
        suffix = f"-{n}"
        candidate = key[: _KEY_LEN - len(suffix)].rstrip("-") + suffix
        if candidate not in used:
            used.add(candidate)
            return candidate
        n += 1


def valid_key(key: str | None) -> TypeGuard[str]:
    """True for a key the roadmap format accepts."""
    return key is not None and bool(_STEP_WORDS.match(key))


def valid_slug(slug: str | None) -> bool:
    """True for a roadmap slug the roadmap format accepts (2-64 characters)."""
    return bool(slug) and bool(re.match(r"^[a-z0-9][a-z0-9-]{1,63}$", slug or ""))


def slug_from(text: str) -> str:
    """A roadmap slug (2-64 characters) from a title or file name."""
    slug = make_key(text, "roadmap")[:64].strip("-")
    return slug if len(slug) >= 2 else f"roadmap-{slug}".strip("-")


# --- building the spec -----------------------------------------------------------------------


def _clip(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _body(lines: list[str]) -> str:
    while lines and not lines[0].strip():
        lines = lines[1:]
    while lines and not lines[-1].strip():
        lines = lines[:-1]
    text = "\n".join(re.sub(r"\s+$", "", line) for line in lines)
    return re.sub(r"\n{3,}", "\n\n", text)


def build_import(
    draft: DraftRoadmap, name: str, *, data_hash: str, slug: str | None = None, source: str = ""
) -> CurriculumImport:
    """Settle keys, effort and week ranges of the drafts and return a valid import.

    Raises CurriculumFormatError when no step was found."""
    warnings = list(draft.warnings)
    tidy_titles(draft)
    phases = [p for p in draft.phases if p.steps]
    total = sum(len(p.steps) for p in phases)
    if total == 0:
        raise CurriculumFormatError(
            name,
            "no phases or steps found: the file needs headings, list items or a table of courses",
            line=1,
        )
    if total > MAX_STEPS:
        extra = [s for p in phases for s in p.steps][MAX_STEPS]
        raise CurriculumFormatError(
            name, f"more than {MAX_STEPS:,} steps; split the curriculum", line=extra.line
        )
    phase_keys: set[str] = set()
    group_keys: set[str] = set()
    step_keys: set[str] = set()
    question_keys: set[str] = set()
    done_steps: set[str] = set()
    done_topics: set[tuple[str, str]] = set()
    line_of: dict[str, int] = {}
    notes: dict[str, str] = {}
    marks: dict[str, str] = {}
    picks: dict[str, str] = {}
    phase_specs: list[PhaseSpec] = []
    questions: list[QuestionSpec] = []
    for p_index, phase in enumerate(phases, start=1):
        p_title = _clip(phase.title, 200) or f"Phase {p_index}"
        p_key = _unique(
            phase.key if valid_key(phase.key) else make_key(p_title, "phase"), phase_keys
        )
        steps: list[StepSpec] = []
        key_of: dict[int, str] = {}
        for step in phase.steps:
            title = _clip(step.title, 200) or "Untitled step"
            key = _unique(step.key if valid_key(step.key) else make_key(title, "step"), step_keys)
            topic_keys: set[str] = set()
            topics = []
            for topic in step.topics:
                text = _clip(topic.text, 500)
                if not text:
                    continue
                t_key = _unique(
                    topic.key if valid_key(topic.key) else make_key(text, "topic"), topic_keys
                )
                topics.append(TopicSpec(key=t_key, text=text))
                if topic.done:
                    done_topics.add((key, t_key))
            effort = step.effort if step.effort and step.effort > 0 else None
            effort = effort or material_effort(step, len(topics))
            body = _body(step.body) or title
            if len(body) > _BODY_LEN:
                body = body[: _BODY_LEN - 1] + "…"
                warnings.append(f"The text of step “{title}” was cut to 100,000 characters.")
            steps.append(
                StepSpec(
                    key=key,
                    title=title,
                    kind=step.kind,
                    effort_hours=max(0.1, round(min(effort, 10_000.0), 2)),
                    body=body,
                    topics=tuple(topics),
                    resources=_unique_resources(step.resources),
                )
            )
            line_of[key] = step.line
            key_of[id(step)] = key
            all_ticked = bool(topics) and all((key, t.key) in done_topics for t in topics)
            if step.done or (not step.boxed and all_ticked):
                done_steps.add(key)
            elif step.mark:
                marks[key] = step.mark
            note = _body(step.note)
            if note:
                notes[key] = note
            for question in step.questions:
                questions.append(_question(question, key, question_keys))
        phase_specs.append(
            PhaseSpec(
                key=p_key,
                title=p_title,
                start_week=1,
                end_week=1,
                summary=_body(phase.summary)[:_BODY_LEN],
                steps=tuple(steps),
                groups=_groups(phase, key_of, group_keys, picks),
            )
        )
    weeks = plan_weeks(
        phases, [sum(s.effort_hours for s in p.steps) for p in phase_specs], draft.span_weeks
    )
    phase_specs = [
        replace(p, start_week=start, end_week=end)
        for p, (start, end) in zip(phase_specs, weeks, strict=True)
    ]
    for question in draft.questions:
        questions.append(_question(question, None, question_keys))
    title = _clip(draft.title, 200) or "Imported roadmap"
    chosen = slug if valid_slug(slug) else draft.slug if valid_slug(draft.slug) else None
    spec = RoadmapSpec(
        slug=chosen or slug_from(title),
        title=title,
        content_version=draft.version if draft.version and draft.version >= 1 else 1,
        summary=_body(draft.summary)[:_BODY_LEN],
        source=source or name,
        phases=tuple(phase_specs),
        questions=tuple(questions),
        content_hash=data_hash,
    )
    report = build_report(spec, draft.audits, files_left_out=tuple(draft.files_left_out))
    return CurriculumImport(
        report=report,
        spec=spec,
        done_steps=done_steps,
        done_topics=done_topics,
        warnings=list(dict.fromkeys(warnings)),
        line_of=line_of,
        source=source or name,
        notes=notes,
        step_marks=marks,
        picks=picks,
    )


def _groups(
    phase: DraftPhase, key_of: dict[int, str], taken: set[str], picks: dict[str, str]
) -> tuple[GroupSpec, ...]:
    """The phase's "choose one of" lists as groups of the steps they became (two or more); a
    pick the file states goes into `picks`."""
    groups = []
    grouped: set[str] = set()
    for choice in phase.choices:
        keys = [
            key_of[id(s)] for s in choice.steps if id(s) in key_of and key_of[id(s)] not in grouped
        ]
        if len(keys) < 2:
            continue
        grouped.update(keys)
        clipped = _clip(choice.title, 200) or "Choose one"
        wanted = choice.key if valid_key(choice.key) else make_key(clipped, "group")
        key = _unique(wanted, taken)
        groups.append(GroupSpec(key, clipped, tuple(keys)))
        picked = key_of.get(id(choice.picked)) if choice.picked is not None else None
        if picked in keys:
            picks[key] = picked
    return tuple(groups)


def _question(draft: DraftQuestion, step: str | None, used: set[str]) -> QuestionSpec:
    if valid_key(draft.key):
        key = _unique(draft.key, used)
    else:
        base = f"{step or 'roadmap'}"[: _KEY_LEN - 8].rstrip("-") + "-q"
        n = 1
        while f"{base}{n}" in used:
            n += 1
        key = f"{base}{n}"
        used.add(key)
    prompt = draft.prompt.strip()[:_BODY_LEN] or "Question"
    answer = draft.answer.strip()[:_BODY_LEN] or DEFAULT_ANSWER
    return QuestionSpec(key=key, prompt=prompt, answer=answer, step=step)


def _unique_resources(resources: list[ResourceSpec]) -> tuple[ResourceSpec, ...]:
    seen: dict[str, ResourceSpec] = {}
    for res in resources:
        ident = normalize_url(res.url) if res.url else f"{res.title.casefold()}|{res.kind}"
        if ident not in seen:
            seen[ident] = res
    return tuple(seen.values())


def sha256(data: bytes) -> str:
    """The hex digest stored as the roadmap's content hash (an unchanged file is skipped)."""
    return hashlib.sha256(data).hexdigest()
