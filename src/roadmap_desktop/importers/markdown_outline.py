"""Import a Markdown curriculum (README, checklist, course table) as a roadmap with progress.

The shallowest heading level under the title (that occurs more than once) holds the phases and
the next level the steps; deeper headings are sections of a step. A phase without step headings
takes its top-level list items as steps; a table of courses gives a step per row. Ticked boxes
import as done. See docs/markdown-import.md for every rule.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from roadmap_desktop.core.roadmap_format import ResourceSpec
from roadmap_desktop.importers.course_table import is_course_table, table_steps
from roadmap_desktop.importers.curriculum import (
    CurriculumImport,
    DraftPhase,
    DraftRoadmap,
    DraftStep,
    DraftTopic,
    build_import,
    decode_curriculum,
    sha256,
    valid_slug,
)
from roadmap_desktop.importers.import_report import FileAudit
from roadmap_desktop.importers.markdown_inline import find_links, inline_code, neutralize, plain
from roadmap_desktop.importers.markdown_lex import Line, lex, split_front_matter
from roadmap_desktop.importers.markdown_roles import HeadingRoles, toc_lines
from roadmap_desktop.importers.markdown_steps import ReadContext, StepReader
from roadmap_desktop.importers.titles import clean_title

_WEEKS = re.compile(
    r"^\W*weeks?\s+(\d{1,3})(?:\s*(?:-|–|—|to)\s*(\d{1,3}))?\W*(?:·.*)?$", re.IGNORECASE
)
_TOPICS_LINE = re.compile(r"^\W*(topics covered|topics|covers|skills|tags)\W*:?", re.IGNORECASE)


def parse_markdown_curriculum(
    data: bytes, name: str, *, slug: str | None = None, folder: str = ""
) -> CurriculumImport:
    """A Markdown file as a curriculum import; CurriculumFormatError names file and line when
    it holds nothing usable (or is binary, empty or over 5 MB). Nothing is written. `folder`
    names a README's project when the file itself has no title."""
    text, warnings = decode_curriculum(data, name)
    draft = read_outline(text, name, folder)
    draft.warnings[:0] = warnings
    return build_import(draft, name, data_hash=sha256(data), slug=slug)


def front_matter_meta(meta: dict[str, Any], draft: DraftRoadmap) -> None:
    """Front matter title, slug, summary and version onto the draft (wrong types are ignored)."""
    title = meta.get("title")
    if isinstance(title, str) and title.strip():
        draft.title = title.strip()
    slug = meta.get("slug")
    if isinstance(slug, str) and valid_slug(slug):
        draft.slug = slug
    for key in ("summary", "description"):
        value = meta.get(key)
        if isinstance(value, str) and value.strip():
            draft.summary = value.strip().split("\n")
            break
    for key in ("version", "content_version"):
        value = meta.get(key)
        if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 10**9:
            draft.version = value
            break


def read_outline(text: str, name: str, folder: str = "") -> DraftRoadmap:
    """The drafts of a decoded Markdown curriculum (no keys or weeks settled yet)."""
    lines = text.split("\n")
    meta, start, warnings = split_front_matter(lines)
    tokens = lex(lines, start)
    stem = Path(name).stem
    if stem.lower() in ("readme", "index", "_index") and folder:
        stem = project_name(folder)
    draft = DraftRoadmap(title=_humanize(stem), warnings=warnings)
    front_matter_meta(meta, draft)
    outline = _Outline(tokens, name, draft, _hint(meta, "phase_level"), _hint(meta, "step_level"))
    title = meta.get("title")
    if outline.title and not (isinstance(title, str) and title.strip()):
        draft.title = outline.title
    elif not (isinstance(title, str) and title.strip()) and outline.html_title:
        draft.title = outline.html_title
    outline.run()
    draft.audits.append(outline.audit(lines))
    from roadmap_desktop.importers.choices import find_choices, marked_choices

    find_choices(lines, draft)
    marked_choices(draft)
    return draft


def _hint(meta: dict[str, Any], key: str) -> int | None:
    value = meta.get(key)
    if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 6:
        return value
    return None


_INTRO = re.compile(
    r"^(about( this (plan|guide|roadmap|course|list))?|introduction|intro|overview|preface|"
    r"how to use( this| it)?( plan| guide| roadmap| course| list| repo(sitory)?)?|tips|advice|"
    r"motivation|why( .*)?|before you (start|begin)|who is (this|it) for|for whom|"
    r"what is (this|it)|getting the most out of (this|it))\??$",
    re.IGNORECASE,
)


def _is_intro(phase: DraftPhase) -> bool:
    """A leading section of advice: an introductory title, no links, no checkboxes."""
    name = re.sub(r"^[^\w(]+|[\s:.]+$", "", phase.title)
    if not _INTRO.match(name):
        return False
    return not any(s.resources or s.checklist or s.boxed for s in phase.steps)


def _has_web_links(lines: list[str]) -> bool:
    return any(
        ("http://" in line or "https://" in line) and find_links(line) and not line.startswith(" ")
        for line in lines
    )


def project_name(folder: str) -> str:
    """A project's name from its folder: "owner+repo" or "repo-main" (a GitHub zip) → repo."""
    name = folder.rsplit("+", 1)[-1]
    return re.sub(r"-(main|master|develop|gh-pages)$", "", name) or folder


def _humanize(stem: str) -> str:
    words = re.sub(r"^\d+[\s._-]*", "", stem).replace("_", " ").replace("-", " ").strip()
    return words[:1].upper() + words[1:] if words else stem


def _step_from(line: Line) -> DraftStep:
    """A step opened by a heading or list item: its key, box and group as the line gives them."""
    step = DraftStep(line.text, line.no, key=line.key, done=bool(line.checked), group=line.group)
    step.boxed = line.checked is not None
    return step


class _Outline:
    """Walks the classified lines once, after choosing what each heading is."""

    def __init__(
        self,
        tokens: list[Line],
        name: str,
        draft: DraftRoadmap,
        phase_level: int | None,
        step_level: int | None,
    ) -> None:
        self.tokens = tokens
        self.draft = draft
        self.ctx = ReadContext(
            name,
            refs={t.text: t.raw for t in tokens if t.kind == "def"},
            checkboxes=any(t.checked is not None for t in tokens if t.kind == "item"),
        )
        roles = HeadingRoles(tokens, phase_level, step_level)
        self.roles = roles.assign()
        self.title = roles.title
        self.doc_list_mode = not any(r in ("phase", "step") for r in self.roles.values())
        self.intro_to_summary = not draft.summary  # front matter summary wins over the intro
        self.toc = toc_lines(tokens)
        self.phase: DraftPhase | None = None
        self.reader: StepReader | None = None  # the step being read
        self.list_mode = False  # the phase takes its top-level list items as steps
        self.list_item: Line | None = None
        self.list_base: int | None = None
        self.sink = "summary"  # summary | phase | skip | questions
        self.questions = StepReader(DraftStep("questions", 0), self.ctx)
        self.questions.special = "questions"
        self.section_topics: list[str] = []
        self.section_start = 0
        self.after_blank = False
        self.text_only: list[DraftPhase] = []  # phases made of one section of text
        self.tags_open = False  # after a "Topics covered:" line, lines of `tags` continue it
        self.group_text: list[str] = []  # text under a group heading, for the next phase
        self.sub_level: int | None = None  # the level of a section heading read as a step
        self.phase_links: list[ResourceSpec] = []  # links in a phase heading, for its first step
        self.group_links: list[ResourceSpec] = []  # links in a group heading, for the next phase
        self.group_link_lines: list[int] = []
        self.skip_title = ""
        self.skip_resume: str | None = None  # the sink to return to after a nested skip
        self.phase_level = 0
        self.left_out: dict[int, str] = {}  # source line → why it is not imported
        # A README whose title is an <h1>-<h3> in a centred block, not a lone top heading.
        self.html_title = next(
            (
                clean_title(t.text)
                for i, t in enumerate(tokens[:80])
                if t.kind == "heading"
                and t.level <= 3
                and self.roles.get(i) != "phase"
                and self.roles.get(i) != "step"
                and t.html
            ),
            "",
        )

    def audit(self, lines: list[str]) -> FileAudit:
        """The file's lines, and which of them the walk left out and why."""
        read: set[int] = set()
        for t in self.tokens:
            read.add(t.no)
            read.update(t.row_lines)
        names = {"title": "title", "sub": "section", "group": "group"}
        headings = [
            (t.text, names.get(self.roles[i], self.roles[i]))
            for i, t in enumerate(self.tokens)
            if i in self.roles and self.roles[i] != "skip"
        ]
        headings += [
            (t.text, self.left_out.get(t.no, "left out"))
            for i, t in enumerate(self.tokens)
            if self.roles.get(i) == "skip"
        ]
        return FileAudit(
            self.ctx.name,
            lines,
            code_lines={t.no for t in self.tokens if t.kind == "code"},
            read_lines=read,
            left_out=self.left_out,
            headings=headings,
        )

    # --- structure --------------------------------------------------------------------------

    def run(self) -> None:
        for index, line in enumerate(self.tokens):
            role = self.roles.get(index)
            if role is not None:
                self._heading(line, role, index)
                if role == "skip":
                    self.skip_title = plain(line.text)
                    self.left_out[line.no] = f"left out: the “{self.skip_title}” section"
            elif index in self.toc or line.kind == "def" or self.sink == "skip":
                if self.sink == "skip":
                    why = f"left out: the “{self.skip_title}” section"
                elif index in self.toc:
                    why = "left out: a table of contents"
                else:
                    why = "left out: a link reference nothing uses"
                for no in (line.no, *line.row_lines):
                    self.left_out[no] = why
                continue
            elif line.kind == "table" and (is_course_table(line) or self._link_table(line)):
                self._table(line)
            else:
                self._content(line)
            self.after_blank = line.kind == "blank"
        self._close_phase()
        for no in self.group_link_lines:  # a group heading with no phase after it
            self.left_out[no] = "in a heading with nothing under it"
        if any(t.strip() for t in self.group_text):  # a group's text with no phase after it
            self.draft.summary.extend(["", *self.group_text])
        self._leading_text_to_summary()
        self.questions.close()
        self.draft.questions.extend(self.questions.step.questions)
        if self.ctx.unsafe_links:
            self.draft.warnings.append(
                f"{self.ctx.unsafe_links} unsafe link(s) (javascript:, data:, file:) were "
                f"left out, the first at line {self.ctx.first_unsafe}."
            )

    def _heading(self, line: Line, role: str, index: int) -> None:
        if self.skip_resume is not None and role != "skip":
            self.sink, self.skip_resume = self.skip_resume, None  # back after a skipped section
        if role == "skip" and self.phase is not None and line.level > self.phase_level:
            # A table of contents or the like inside a phase: skip it, keep the phase open.
            self._close_step()
            if self.sink != "skip":
                self.skip_resume = self.sink
            self.sink = "skip"
            return
        if role == "sub" and self.phase is not None and self.sink == "phase":
            opened_here = self.sub_level is not None and line.level <= self.sub_level
            if self.reader is None or self.list_item is not None or opened_here:
                # A section under a phase with no step open: it is a step (its links and
                # list would otherwise be lost in the phase's summary).
                self._close_step()
                self.sub_level = line.level
                step = _step_from(line)
                self._open_step(step)
                self.list_mode = False
                return
        if role == "sub":
            if self.reader is not None:
                self.reader.feed(line)
            elif self.phase is not None:
                self.phase.summary.append(line.raw.strip())
            elif self.sink == "summary" and self.intro_to_summary:
                self.draft.summary.append(line.raw.strip())
            elif self.sink == "group":
                self.group_text.append(neutralize(line.raw.strip()))
            elif self.sink != "skip":  # under a roadmap-wide quiz: kept in the introduction
                self.draft.summary.append(neutralize(line.raw.strip()))
            return
        self._close_step()
        if role in ("phase", "group", "title", "skip", "questions"):
            self._close_phase()
        if role in ("group", "questions") and ("[" in line.text or "://" in line.text):
            holder = DraftStep("", line.no)
            self.ctx.resources(line, line.text, holder)
            self.group_links.extend(holder.resources)  # for the next phase's first step
            self.group_link_lines.append(line.no)
        elif role == "title":
            self.left_out[line.no] = "in the title heading (a link to the project itself)"
        if role == "phase":
            self._open_phase(line)
            self.list_mode = not self.roles.has_steps.get(index, False)
        elif role == "step":
            if self.phase is None:
                self._open_phase(None)
            step = _step_from(line)
            self._open_step(step)
        else:
            self.sink = "summary" if role == "title" else role
            self.group_text = []

    def _link_table(self, line: Line) -> bool:
        """A table of links right under a phase (no step open): a step per row."""
        if self.phase is None or self.sink != "phase" or self.list_item is not None:
            return False
        if self.reader is not None:
            return False
        return any(find_links(cell) for row in line.rows[1:] for cell in row)

    def _open_phase(self, line: Line | None) -> None:
        self.phase_links, self.group_links, self.group_link_lines = self.group_links, [], []
        self.phase_level = line.level if line is not None else 0
        if line is not None and ("[" in line.text or "://" in line.text):
            holder = DraftStep("", line.no)
            self.ctx.resources(line, line.text, holder)
            self.phase_links.extend(holder.resources)
        title = clean_title(line.text, self.ctx.refs) if line is not None else self.draft.title
        self.phase = DraftPhase(title, line.no if line else 1, key=line.key if line else None)
        if self.group_text:
            self.phase.summary = [*self.group_text, ""]
            self.group_text = []
        self.draft.phases.append(self.phase)
        self.sink = "phase"
        self.list_mode = False
        self.section_topics = []
        self.section_start = 0

    def _open_step(self, step: DraftStep, item: Line | None = None) -> None:
        assert self.phase is not None
        if item is None and ("[" in step.title or "://" in step.title):
            self.ctx.resources(Line(step.line, "heading", 0, step.title, ""), step.title, step)
        if not self.phase.steps and self.phase_links:
            step.resources[:0] = self.phase_links  # links in the phase's own heading
        self.phase_links = []
        step.title = clean_title(step.title, self.ctx.refs) or step.title
        self.phase.steps.append(step)
        self.reader = StepReader(step, self.ctx, item=item)
        self.list_item = item

    def _close_step(self) -> None:
        if self.reader is not None:
            self.reader.close()
        self.sub_level = None
        self.reader = None
        self.list_item = None
        self.list_base = None

    def _close_phase(self) -> None:
        self._close_step()
        phase = self.phase
        if phase is not None and self.section_topics:
            if len(phase.steps) - self.section_start == 1:
                phase.steps[-1].topics.extend(DraftTopic(t) for t in self.section_topics)
            else:
                phase.summary.append("Topics covered: " + ", ".join(self.section_topics))
        if phase is not None and not phase.steps and self.phase_links:
            # A heading that is only a link: a step holding it.
            phase.steps.append(DraftStep(phase.title, phase.line, resources=self.phase_links))
            self.phase_links = []
        if phase is not None and phase.steps and _has_web_links(phase.summary):
            # The phase's introduction lists links: an overview step holds them as resources.
            step = DraftStep(f"About {plain(phase.title)}", phase.line, body=phase.summary)
            for text in phase.summary:
                self.ctx.resources(Line(phase.line, "text", 0, text, text), text, step)
            phase.steps.insert(0, step)
            phase.summary = []
        if phase is not None and not phase.steps and any(s.strip() for s in phase.summary):
            # A section of text only: one step, so nothing the file says is lost.
            step = DraftStep(phase.title, phase.line, body=phase.summary)
            for text in phase.summary:
                self.ctx.resources(Line(phase.line, "text", 0, text, text), text, step)
            phase.steps.append(step)
            phase.summary = []
            self.text_only.append(phase)
        self.phase = None
        self.section_topics = []

    def _leading_text_to_summary(self) -> None:
        """Sections of text before the first phase with steps ("About", "How to use it")
        introduce the roadmap: they join its summary instead of becoming phases."""
        phases = self.draft.phases
        if all(any(p is t for t in self.text_only) for p in phases):
            return  # only text: every section stays a step
        while len(phases) > 1 and _is_intro(phases[0]):
            # "How to use this plan: - Stay consistent - Ask for help": advice, not steps.
            phase = phases.pop(0)
            if self.draft.summary:
                self.draft.summary.append("")
            self.draft.summary.extend([f"### {phase.title}", "", *phase.summary])
            for step in phase.steps:
                self.draft.summary.extend(
                    [f"- {step.title}", *(f"  {b}" for b in step.body if b != step.title)]
                )
            if any(t is phase for t in self.text_only):
                self.text_only = [t for t in self.text_only if t is not phase]
        while self.text_only and phases[0] is self.text_only[0]:
            phase = phases.pop(0)
            self.text_only.pop(0)
            if self.draft.summary:
                self.draft.summary.append("")
            self.draft.summary.extend([f"### {phase.title}", "", *phase.steps[0].body])

    # --- content ----------------------------------------------------------------------------

    def _table(self, line: Line) -> None:
        self._close_step()
        if self.phase is None:
            self._open_phase(None)
        assert self.phase is not None
        self.section_start = len(self.phase.steps)
        self.phase.steps.extend(table_steps(line, self.ctx))

    def _content(self, line: Line) -> None:
        if self.sink == "questions":
            if self.questions.question is None and line.kind not in ("item", "blank", "def"):
                # Text before the first question of a roadmap-wide quiz: its introduction.
                self.draft.summary.append(neutralize(line.raw))
                return
            self.questions.feed(line)
            return
        if self.reader is not None and self.list_item is None:
            self.reader.feed(line)
            return
        if self.phase is None and self.doc_list_mode and line.kind == "item" and line.text:
            self._open_phase(None)
            self.list_mode = True
        if self.phase is None and self.sink == "group":
            if line.kind != "blank" or self.group_text:
                self.group_text.append(neutralize(line.raw))
            return
        if self.phase is None:
            if self.intro_to_summary and (line.kind != "blank" or self.draft.summary):
                self.draft.summary.append(neutralize(line.raw))
            return
        if self.list_mode and self._list_content(line):
            return
        if line.kind == "item" and not self.list_mode and find_links(line.text, self.ctx.refs):
            # Links listed right under a heading that also has step headings: each a step.
            self.list_mode = True
            if self._list_content(line):
                return
        self._phase_text(line)

    def _list_content(self, line: Line) -> bool:
        """Lines of a phase whose steps are list items; False for the phase's own text."""
        item = self.list_item
        if line.kind == "item" and line.text:
            if self.list_base is None or line.indent < self.list_base:
                self.list_base = line.indent
            if item is None or line.indent <= self.list_base:
                self._close_step()
                self.list_base = line.indent
                step = _step_from(line)
                self._open_step(step, item=line)
                if len(step.title) > 200:
                    step.body.append(line.text)
                assert self.reader is not None
                self.ctx.resources(line, line.text, step)
                return True
        if item is None or self.reader is None:
            return False
        lazy = line.kind == "text" and not self.after_blank
        if line.kind == "blank" or line.indent > item.indent or lazy or line.kind == "item":
            self.reader.feed(line)
            return True
        self._close_step()
        return False

    def _phase_text(self, line: Line) -> None:
        assert self.phase is not None
        text = line.text.strip()
        weeks = _WEEKS.match(plain(text)) if line.kind == "text" else None
        if weeks and self.phase.weeks is None and not self.phase.steps:
            start = int(weeks.group(1))
            end = int(weeks.group(2) or start)
            if 1 <= start <= end <= 520:
                self.phase.weeks = (start, end)
                return
        tags_only = not re.sub(r"`[^`]*`|[\s,;·|:*_]", "", text)
        topics_label = line.kind == "text" and _TOPICS_LINE.match(text)
        if topics_label and (inline_code(text) or not _TOPICS_LINE.sub("", text).strip(" *_:")):
            self.section_topics.extend(inline_code(text))
            self.tags_open = True
            return
        if line.kind == "text" and self.tags_open and inline_code(text) and tags_only:
            self.section_topics.extend(inline_code(text))
            return
        self.tags_open = False
        if line.kind != "blank" or self.phase.summary:
            self.phase.summary.append(neutralize(line.raw))
