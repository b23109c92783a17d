"""Lists introduced by "choose one of", "pick one", "one of the following": their steps become a
"choose one of" group (roadmap format v2), so the learner picks one and it counts once."""

from __future__ import annotations

import re

from roadmap_desktop.importers.curriculum import DraftChoice, DraftRoadmap, DraftStep
from roadmap_desktop.importers.markdown_inline import plain

_LEAD = re.compile(
    r"\b(?:choose|pick|select)\s+(?:only\s+|just\s+|any\s+)?(?:one|1)\b(?!\s+(?:step|thing)\b)"
    r"|\bone\s+of\s+the\s+following\b"
    r"|\beither\s+of\s+(?:these|the\s+following)\b",
    re.IGNORECASE,
)
_ITEM = re.compile(r"^(\s*)(?:[-*+]|\d{1,3}[.)])\s+(?:\[[ xX]\]\s+)?\S")
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+")


def find_choices(lines: list[str], draft: DraftRoadmap) -> None:
    """Mark each run of list-item steps led in by a "choose one" line (text or heading) right
    above the list as a choice of its phase (`DraftPhase.choices`)."""
    for phase in draft.phases:
        steps = phase.steps
        i = 0
        while i < len(steps):
            indent = _item_indent(lines, steps[i].line)
            lead = _lead_in(lines, steps[i].line) if indent is not None else None
            if indent is None or lead is None:
                i += 1
                continue
            run: list[DraftStep] = [steps[i]]
            j = i + 1
            while j < len(steps) and _same_list(lines, run[-1].line, steps[j].line, indent):
                run.append(steps[j])
                j += 1
            if len(run) >= 2:
                phase.choices.append(DraftChoice(lead, run))
            i = j


def marked_choices(draft: DraftRoadmap) -> None:
    """The groups a Markdown export names on its step headings (`<!-- group: key · title -->`,
    importers/markdown_lex.py): the options of each, in order, and the one picked; two or more
    options make a choice, unless "choose one of" lines already made one of them."""
    for phase in draft.phases:
        taken = {id(step) for choice in phase.choices for step in choice.steps}
        found: dict[str, DraftChoice] = {}
        for step in phase.steps:
            mark = step.group
            if mark is None or id(step) in taken:
                continue
            choice = found.setdefault(mark.key, DraftChoice(mark.title, [], key=mark.key))
            choice.steps.append(step)
            if mark.picked and choice.picked is None:
                choice.picked = step
        phase.choices += [choice for choice in found.values() if len(choice.steps) >= 2]


def _line(lines: list[str], number: int) -> str | None:
    return lines[number - 1] if 1 <= number <= len(lines) else None


def _item_indent(lines: list[str], number: int) -> int | None:
    text = _line(lines, number)
    found = _ITEM.match(text) if text is not None else None
    return len(found.group(1).expandtabs(4)) if found else None


def _lead_in(lines: list[str], number: int) -> str | None:
    """The "choose one" line right above the list (blank lines between allowed), as a title:
    a heading, or a line that introduces the list (ends with a colon)."""
    at = number - 1
    while at >= 1 and not lines[at - 1].strip():
        at -= 1
    text = _line(lines, at)
    if text is None or _ITEM.match(text):
        return None
    heading = bool(_HEADING.match(text))
    words = plain(_HEADING.sub("", text)).strip()
    if not heading and not words.endswith(":"):
        return None  # "Choose one host. You will deploy to it…": a sentence, not a lead-in
    # The sentence that introduces the list is the last one: "Choose one host. You will deploy
    # to it after the steps below:" leads in steps to do, not options.
    words = re.split(r"(?<=[.!?])\s+", words.rstrip(":").strip())[-1]
    if not _LEAD.search(words):
        return None
    return words if len(words) <= 120 else words[:119].rstrip() + "…"


def _same_list(lines: list[str], previous: int, number: int, indent: int) -> bool:
    """True when the item at `number` follows the item at `previous` in the same list: same
    indent, and only blank or more indented (continuation) lines between them."""
    if _item_indent(lines, number) != indent or number <= previous:
        return False
    for at in range(previous + 1, number):
        text = lines[at - 1]
        if text.strip() and len(text) - len(text.lstrip()) <= indent:
            return False
    return True
