"""What each heading of a Markdown curriculum is (title, phase, step, section…), and which
lists are tables of contents."""

from __future__ import annotations

import re
from collections import Counter

from roadmap_desktop.importers.course_table import is_course_table
from roadmap_desktop.importers.markdown_inline import plain
from roadmap_desktop.importers.markdown_lex import Line
from roadmap_desktop.importers.markdown_steps import section_kind
from roadmap_desktop.importers.titles import clean_title

_SKIP = re.compile(
    r"^(table of contents|contents|toc|index|(origins? (&|and) )?licen[cs]e|contributing|"
    r"contribute|contributors|"
    r"contribution|how to contribute|sponsors?|backers|acknowledge?ments?|credits|thanks|"
    r"star history|stargazers|code of conduct|translations?|support( the project| us)?|"
    r"donate|donations|changelog|authors?|maintainers?)$"
)


def is_skipped_section(title: str) -> bool:
    """True for a heading like Contents, License, Contributing or Sponsors (not study material)."""
    name = re.sub(r"^[^\w(]+|[\s:.]+$", "", plain(title).lower())
    return bool(_SKIP.match(name))


class HeadingRoles:
    """Decides what each heading is: title, phase, step, sub(section), group, questions, skip."""

    def __init__(self, tokens: list[Line], phase_level: int | None, step_level: int | None):
        self.tokens = tokens
        self.headings = [(i, t) for i, t in enumerate(tokens) if t.kind == "heading"]
        self.hint = (phase_level, step_level)
        self.title = ""  # the text of the title heading, if there is one
        self.top_levels: set[int] = set()

    def assign(self) -> RoleMap:
        roles = RoleMap()
        if not self.headings:
            return roles
        levels = Counter(t.level for _, t in self.headings)
        first_index, first = self.headings[0]
        top = min(levels)
        if first.level == top and levels[top] == 1:
            roles[first_index] = "title"
            self.title = clean_title(first.text)
        self.top_levels = set(sorted({t.level for i, t in self.headings if i not in roles})[:2])
        skipped = self._skipped(roles)
        candidates = [
            (i, t)
            for i, t in self.headings
            if i not in roles and i not in skipped and section_kind(t.text) is None
        ]
        phase_level, step_level = self._levels(candidates)
        for i, t in self.headings:
            if i in roles:
                continue
            if i in skipped:
                roles[i] = "skip"
                continue
            special = section_kind(t.text)
            if t.key_role in ("phase", "step"):
                roles[i] = t.key_role  # an exported roadmap names its phases and steps
            elif phase_level is not None and t.level < phase_level and special is None:
                roles[i] = "group"
            elif phase_level is not None and t.level <= phase_level:
                roles[i] = "questions" if special == "questions" else "phase"
            elif step_level is not None and t.level <= step_level and special is None:
                roles[i] = "step"
            else:
                roles[i] = "sub"
        self._promote(roles)
        roles.has_steps = self._phases_with_steps(roles)
        return roles

    def _skipped(self, roles: dict[int, str]) -> set[int]:
        """Headings of tables of contents, licences and the like, with everything under them."""
        skipped: set[int] = set()
        skip_level: int | None = None
        for i, t in self.headings:
            if skip_level is not None and t.level > skip_level:
                skipped.add(i)
                continue
            skip_level = None
            name = re.sub(r"^[^\w(]+|[\s:.]+$", "", plain(t.text).lower())
            if t.level not in self.top_levels and section_kind(name) == "resources":
                continue  # "Credits" under a step: the step's resources
            if i not in roles and _SKIP.match(name):
                skipped.add(i)
                skip_level = t.level
        return skipped

    def _levels(self, candidates: list[tuple[int, Line]]) -> tuple[int | None, int | None]:
        phase_hint, step_hint = self.hint
        if phase_hint is not None and step_hint is not None and phase_hint < step_hint:
            return phase_hint, step_hint
        counts = Counter(t.level for _, t in candidates)
        levels = sorted(counts)
        if not levels:
            return None, None
        phase_level = levels[0]
        if len(levels) > 1:
            return phase_level, levels[1]
        # One level only: phases when most sections hold list items or tables, else steps.
        with_lists = 0
        sections = 0
        for n, (i, _heading) in enumerate(candidates):
            end = candidates[n + 1][0] if n + 1 < len(candidates) else len(self.tokens)
            sections += 1
            body = self.tokens[i + 1 : end]
            if any(b.kind == "item" and b.text for b in body) or any(
                b.kind == "table" and is_course_table(b) for b in body
            ):
                with_lists += 1
        if with_lists * 2 >= sections and with_lists:
            return phase_level, None
        return None, phase_level

    def _promote(self, roles: RoleMap) -> None:
        """A step or subsection holding a table of courses becomes a phase (a step per row);
        the steps and phases above it become groups, and their other children phases."""
        stack: list[int] = []  # heading indexes, shallower first
        parent: dict[int, int | None] = {}
        for i, t in self.headings:
            while stack and self.tokens[stack[-1]].level >= t.level:
                stack.pop()
            parent[i] = stack[-1] if stack else None
            stack.append(i)
        positions = [i for i, _ in self.headings]
        promoted = []
        for n, i in enumerate(positions):
            if roles.get(i) not in ("step", "sub", "phase"):
                continue
            end = positions[n + 1] if n + 1 < len(positions) else len(self.tokens)
            section = self.tokens[i + 1 : end]
            # Only a section that is about its table (no list of its own) becomes a phase.
            if any(t.kind == "table" and is_course_table(t) for t in section) and not any(
                t.kind == "item" and t.text for t in section
            ):
                promoted.append(i)
        for i in promoted:
            roles[i] = "phase"
            up = parent[i]
            while up is not None:
                if roles.get(up) in ("phase", "step"):
                    roles[up] = "group"
                up = parent[up]
        if not promoted:
            return
        for i in positions:
            up = parent[i]
            if roles.get(i) in ("step", "sub") and up is not None and roles.get(up) == "group":
                roles[i] = "phase"

    def _phases_with_steps(self, roles: RoleMap) -> dict[int, bool]:
        result: dict[int, bool] = {}
        current: int | None = None
        for i, _ in self.headings:
            role = roles.get(i)
            if role == "phase":
                current = i
                result[i] = False
            elif role == "step" and current is not None:
                result[current] = True
            elif role in ("group", "title", "skip", "questions"):
                current = None
        return result


class RoleMap(dict[int, str]):
    """Heading index → role, plus which phases have step headings."""

    has_steps: dict[int, bool]

    def __init__(self) -> None:
        super().__init__()
        self.has_steps = {}


def toc_lines(tokens: list[Line]) -> set[int]:
    """Indexes of list blocks that are tables of contents (mostly in-page #anchor links)."""
    toc: set[int] = set()
    block: list[int] = []
    items = anchors = 0
    previous_blank = False

    def finish() -> None:
        nonlocal items, anchors
        if anchors >= 2 and anchors * 2 > items:
            toc.update(block)
        block.clear()
        items = anchors = 0

    for i, t in enumerate(tokens):
        if t.kind == "item":
            block.append(i)
            items += 1
            anchors += "](#" in t.text
        elif block and (
            t.kind == "blank"
            or (t.indent > 0 and t.kind != "heading")
            or (t.kind == "text" and not previous_blank)
        ):
            block.append(i)
        elif block:
            finish()
        previous_blank = t.kind == "blank"
    finish()
    return toc
