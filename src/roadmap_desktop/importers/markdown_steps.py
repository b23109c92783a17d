"""Read the lines under one step: its topics, resources, practice questions, text and notes."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from roadmap_desktop.core.library import COSTS, RESOURCE_KINDS
from roadmap_desktop.core.roadmap_format import STEP_KINDS, ResourceSpec, slugify
from roadmap_desktop.importers.curriculum import DraftQuestion, DraftStep, DraftTopic
from roadmap_desktop.importers.markdown_inline import (
    find_links,
    inline_code,
    is_unsafe,
    neutralize,
    plain,
    resource_for,
)
from roadmap_desktop.importers.markdown_lex import Line

# Section names (headings or "**Label**" lines) whose lists are not ordinary step text.
_SECTIONS: tuple[tuple[re.Pattern[str], str], ...] = (
    (
        re.compile(
            r"^(knowledge check|practice questions?|review questions?|questions|quiz|"
            r"self[- ]check|check your understanding|interview questions|exercises? questions)$"
        ),
        "questions",
    ),
    (
        re.compile(
            r"^((additional|further|extra|more|useful|recommended|learning|external|other)\s+)?"
            r"(resources?|reading|readings|links|materials|references?|sources?|source\(s\))"
            r"(\s+(and|&)\s+(further reading|references|resources|links|more))?$"
            r"|^(see also|bibliography|credits|learn more|read more|watch|videos)$"
        ),
        "resources",
    ),
    (
        re.compile(r"^(assignments?|tasks?|exercises?|checklist|to ?do|practice|your tasks?)$"),
        "topics",
    ),
)
_TOPICS_COVERED = re.compile(r"^\W*(topics covered|topics|covers|skills|tags)\W*:?\W*", re.I)
_LABEL = re.compile(r"^(?:\*\*|__)?([A-Za-z][A-Za-z ?'-]{1,40}?)(?:\*\*|__)?\s*:?\s*(?:\*\*)?$")
_STATUS = re.compile(r"^\*\*(done|to do|in progress|skipped)\*\*(.*)$", re.IGNORECASE)
_HOURS = re.compile(r"(\d+(?:\.\d+)?)\s*h\b")
_NOTES = re.compile(r"^>\s*(\*\*|__)?my notes(\*\*|__)?:?\s*$", re.IGNORECASE)
_HEADING_LINE = re.compile(r"^(\s{0,3})(#{1,6})(?=\s|$)")


def section_kind(title: str) -> str | None:
    """ "questions", "resources" or "topics" for a section name like "Knowledge check"."""
    name = " ".join(plain(title).lower().split())
    name = re.sub(r"^[^\w(]+|[\s:.]+$", "", name)  # leading emoji or marks, trailing colon
    for pattern, kind in _SECTIONS:
        if pattern.match(name):
            return kind
    return None


@dataclass
class ReadContext:
    """What every step reader of one file shares."""

    name: str
    refs: dict[str, str] = field(default_factory=dict)
    checkboxes: bool = False  # the file uses [ ]/[x] boxes: only boxed items are topics
    unsafe_links: int = 0
    first_unsafe: int = 0
    default_kind: str = "other"

    def resources(self, line: Line, text: str, step: DraftStep) -> None:
        """Every web link of text becomes a resource of step; unsafe ones are counted."""
        if "[" not in text and "://" not in text and ":" not in text:
            return
        for link in find_links(text, self.refs):
            if is_unsafe(link.url):
                self.unsafe_links += 1
                self.first_unsafe = self.first_unsafe or line.no
                continue
            res = resource_for(link, self.default_kind)
            if res is not None:
                step.resources.append(res)


class StepReader:
    """Feeds the lines under one step (a heading, a list item or a lesson file) into its draft."""

    def __init__(self, step: DraftStep, ctx: ReadContext, *, item: Line | None = None) -> None:
        self.step = step
        self.ctx = ctx
        self.item = item  # the list item the step is written as, if any
        self.dedent = item.content_indent if item is not None else 0
        self.special: str | None = None
        self.pending: list[str] = []  # a special section's heading, kept only if text follows
        self.base: int | None = None  # indent of the first item of the current list
        self.after_blank = False
        self.question: DraftQuestion | None = None
        self.question_indent = 0  # where the question item's text starts
        self.label_section = False  # the special section was opened by a "**Label**" line
        self.in_note = False
        self.tags = False
        self.topic_indent: int | None = None  # the last topic item, for its continuation lines
        self.headings: dict[str, str] = {}
        self.nest: list[tuple[int, int, int]] = []  # body list items: (indent, new indent, width)
        self.code_shift: int | None = None
        self.seen_item = False

    # --- output ----------------------------------------------------------------------------

    def _body(self, raw: str) -> None:
        if self.pending:
            self.step.body.extend(self.pending)
            self.pending = []
        self.step.body.append(neutralize(raw))

    def _body_line(self, line: Line) -> None:
        """A line of the step's text, re-indented so a list whose parent became a topic stays
        a list (and never turns into an indented code block)."""
        if line.kind == "code" and self.code_shift is not None:
            shift = self.code_shift
        elif line.kind == "item":
            while self.nest and self.nest[-1][0] >= line.indent:
                self.nest.pop()
            out = self.nest[-1][1] + self.nest[-1][2] if self.nest else 0
            self.nest.append((line.indent, out, max(2, line.content_indent - line.indent)))
            shift = line.indent - out
        elif self.nest and line.indent > self.nest[-1][0]:
            shift = line.indent - (self.nest[-1][1] + self.nest[-1][2])
        elif self.base is not None and line.indent > self.base:
            shift = line.indent  # text that continued a topic: the topic is gone, so no indent
        else:
            self.nest.clear()
            shift = max(self.dedent, min(line.indent, self.base or 0))
        self.code_shift = shift if line.kind == "code" else None
        raw = line.raw
        cut = max(0, min(shift, len(raw) - len(raw.lstrip(" "))))
        self._body(raw[cut:])

    def _topic(self, line: Line, text: str, done: bool) -> None:
        words = plain(text, self.ctx.refs)
        if words:
            self.step.topics.append(DraftTopic(words, done, line.key))
            self.topic_indent = line.indent
            self.step.checklist = self.step.checklist or line.checked is not None

    # --- input -----------------------------------------------------------------------------

    def feed(self, line: Line) -> None:
        """Take one line that belongs to this step."""
        if line.kind == "blank":
            self.after_blank = True
            self.tags = False
            if self.in_note:
                self.in_note = False
                return
            if self.question is not None:
                self.question.answer += "\n"
                return
            if not self.pending:
                self._body("")
            return
        if self.in_note and line.kind != "quote":
            self.in_note = False
        handler = getattr(self, f"_{line.kind}", self._text)
        handler(line)
        self.after_blank = False

    def _heading(self, line: Line) -> None:
        self._end_list()
        self.label_section = False
        if "[" in line.text or "://" in line.text:
            self.ctx.resources(line, line.text, self.step)  # "##### Tool: [ngrep](…)"
        self.special = section_kind(line.text)
        self.headings[slugify(line.text)] = line.text
        raw = line.raw.lstrip()
        if line.in_list or not raw.startswith("#"):
            raw = "#" * max(line.level, 1) + " " + line.text
        if self.special is None:
            self.pending = []
            self._body(raw)
        else:
            self.pending = [raw, ""]

    def _end_list(self) -> None:
        self._close_question()
        self.nest.clear()
        self.base = None
        self.topic_indent = None
        self.tags = False

    def _text(self, line: Line) -> None:
        text = line.text.strip()
        covered = _TOPICS_COVERED.match(text)
        if covered and (inline_code(text) or text[covered.end() :].strip() == ""):
            self.tags = True
            self.step.topics.extend(DraftTopic(tag) for tag in inline_code(text))
            return
        if self.tags and inline_code(text) and not re.sub(r"`[^`]*`|[\s,;·|]", "", text):
            self.step.topics.extend(DraftTopic(tag) for tag in inline_code(text))
            return
        label = _LABEL.match(text)
        if label and (text.startswith(("**", "__")) or text.endswith(":")):
            kind = section_kind(label.group(1))
            if kind is not None:
                self._end_list()
                self.special, self.label_section = kind, True
                self.pending = [line.raw.strip(), ""]
                return
        self.ctx.resources(line, line.text, self.step)
        if self.question is not None:
            if not self.after_blank and not self.question.answer:
                self.question.prompt += "\n" + text
                return
            if line.indent >= self.question_indent:
                self.question.answer += line.raw[self.question_indent :] + "\n"
                return
        if self.after_blank and self.base is not None and line.indent <= self.base:
            self._end_list()
            if self.label_section:
                self.special, self.label_section = None, False
        self._body_line(line)

    def _quote(self, line: Line) -> None:
        if _NOTES.match(line.text.strip()):
            self.in_note = True
            return
        if self.in_note:
            text = re.sub(r"^>[ ]?", "", line.text)
            self.step.note.append(text)
            return
        self._text(line)

    def _code(self, line: Line) -> None:
        if self.question is not None and line.indent >= self.question_indent:
            self.question.answer += line.raw[self.question_indent :] + "\n"
            return
        self._body_line(line)

    def _rule(self, line: Line) -> None:
        self._end_list()
        self._body_line(line)

    def _table(self, line: Line) -> None:
        self._end_list()
        for cells in line.rows:
            for cell in cells:
                self.ctx.resources(line, cell, self.step)
        for raw in line.raw_lines:
            self._body(raw)

    def _def(self, line: Line) -> None:
        return  # link reference definitions are resolved through ctx.refs

    def _item(self, line: Line) -> None:
        if self.base is None or line.indent < self.base:
            self.base = line.indent
        top = line.indent <= self.base + 1
        first_item = not self.seen_item
        self.seen_item = True
        text = line.text
        if self.special == "questions":
            if top:
                self._close_question()
                self.question = DraftQuestion(prompt=text, key=line.key)
                self.question_indent = line.content_indent
                self._anchor_answer(text)
            elif self.question is not None:
                cut = min(self.question_indent, line.indent)
                self.question.answer += line.raw[cut:] + "\n"
            self.ctx.resources(line, text, self.step)
            return
        self._close_question()
        if self.special == "resources" and self._resource_item(line, text):
            return
        self.ctx.resources(line, text, self.step)
        if line.checked is not None and self.item is None and first_item and not self.step.topics:
            status = _STATUS.match(text)
            if status:
                self._status(status.group(1).lower(), status.group(2), line.checked)
                return
        if self.special == "topics":
            if top:
                self._topic(line, text, bool(line.checked))
            else:
                self._body_line(line)
            return
        if line.checked is not None:
            self._topic(line, text, line.checked)
            return
        inside_topic = self.topic_indent is not None and line.indent > self.topic_indent
        if (inside_topic and self.ctx.checkboxes) or _link_only(text):
            self._body_line(line)
        elif self.item is not None or not self.ctx.checkboxes:
            self._topic(line, text, False)
        else:
            self._body_line(line)

    def _resource_item(self, line: Line, text: str) -> bool:
        """An item of a resources section: its links, or a title without one, with the
        "— kind · author · cost" details an export writes. False for an item of plain text."""
        links = find_links(text, self.ctx.refs)
        main, _, details = text.rpartition(" — ")
        if not main or "](" in details or "[" in details:
            main, details = text, ""
        kind, author, cost = _details(details)
        if not links:
            title = plain(main, self.ctx.refs)
            if not title or not details:
                return False
            self.step.resources.append(
                ResourceSpec(title=title[:300], kind=kind or "other", author=author, cost=cost)
            )
            return True
        for i, link in enumerate(links):
            if is_unsafe(link.url):
                self.ctx.unsafe_links += 1
                self.ctx.first_unsafe = self.ctx.first_unsafe or line.no
                continue
            res = resource_for(link, self.ctx.default_kind)
            if res is not None and i == 0 and details:
                res = replace(res, kind=kind or res.kind, author=author, cost=cost)
            if res is not None:
                self.step.resources.append(res)
        return True

    def _status(self, word: str, rest: str, checked: bool) -> None:
        self.step.boxed = True
        # The box decides (a learner may tick or untick it in the file); the word only tells
        # an unticked step in progress or skipped from one to do.
        if checked:
            self.step.done = True
        elif word in ("in progress", "skipped"):
            self.step.mark = word.replace(" ", "_")
        hours = _HOURS.search(rest)
        if hours:
            self.step.effort = float(hours.group(1))
        for word_ in re.findall(r"[a-z]+", rest.lower()):
            if word_ in STEP_KINDS:
                self.step.kind = word_

    def _anchor_answer(self, text: str) -> None:
        for link in find_links(text):
            if link.url.startswith("#") and self.question is not None:
                self.question.prompt = plain(link.label) or self.question.prompt
                section = self.headings.get(slugify(link.url[1:]))
                if section:
                    self.question.answer = f"Review “{plain(section)}” in this step.\n"
                break

    def _close_question(self) -> None:
        if self.question is not None:
            self.question.prompt = self.question.prompt.strip()
            self.question.answer = self.question.answer.strip()
            self.step.questions.append(self.question)
            self.question = None

    def close(self) -> None:
        """Finish the step: the last question, and body headings shifted to start at ###."""
        self._close_question()
        self.step.body = _shift_headings(self.step.body)


def _details(text: str) -> tuple[str | None, str, str | None]:
    """(kind, author, cost) from "docs · Mozilla · free"; unknown parts make the author."""
    kind: str | None = None
    cost: str | None = None
    author = ""
    for part in (p.strip() for p in text.split("·")):
        word = plain(part).lower()
        if word in RESOURCE_KINDS and kind is None:
            kind = word
        elif word in COSTS and cost is None:
            cost = word
        elif part and not author:
            author = plain(part)[:200]
    return kind, author, cost


def _link_only(text: str) -> bool:
    """True for an item that is just a link (perhaps with a short remark after it)."""
    links = find_links(text)
    if not links or links[0].start > 2:
        return False
    rest = text[links[0].start :].split(")", 1)[-1] if "](" in text else ""
    return len(plain(rest)) <= 60


def _shift_headings(lines: list[str]) -> list[str]:
    """Body headings moved so the shallowest is level 3, as the step view shows them."""
    fence = False
    levels: list[int] = []
    for line in lines:
        stripped = line.lstrip()
        if stripped.startswith(("```", "~~~")):
            fence = not fence
        elif not fence:
            m = _HEADING_LINE.match(line)
            if m:
                levels.append(len(m.group(2)))
    if not levels or min(levels) == 3:
        return lines
    shift = 3 - min(levels)
    out = []
    fence = False
    for line in lines:
        if line.lstrip().startswith(("```", "~~~")):
            fence = not fence
        m = None if fence else _HEADING_LINE.match(line)
        if m:
            level = min(6, max(1, len(m.group(2)) + shift))
            line = m.group(1) + "#" * level + line[m.end() :]
        out.append(line)
    return out
