"""Notes as a history of versions: concurrent versions are merged three-way with `merge3`.

Each text field keeps its versions `{id: [parent ids, text, stamp, device name]}`. The heads
(versions no other version names as a parent) are folded in stamp order, each merged against
the latest version both sides descend from. Every device holding the same versions computes
the same text, so merging never needs a new version and never ping-pongs. Overlapping edits
keep both sides between markers: no text is ever dropped.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from typing import Any

from merge3 import Merge3

Versions = dict[str, list[Any]]

START = "<<<<<<< "
MIDDLE = "======="
END = ">>>>>>> "


def root_id(text: str) -> str:
    """The id of a version without parents: its content, so equal starting texts are one."""
    return "r" + hashlib.sha1(text.encode("utf-8")).hexdigest()[:20]


def usable(versions: Versions) -> set[str]:
    """Versions whose whole history is here. A version that arrived before one of its
    ancestors (files delivered out of order) waits: showing it now would merge it against the
    wrong base and put conflict markers into a note that has no conflict."""
    known: dict[str, bool] = {}
    for start in versions:
        stack = [start]
        while stack:
            vid = stack[-1]
            if vid in known:
                stack.pop()
                continue
            parents = versions[vid][0] if vid in versions else None
            if parents is None:
                known[vid] = False
                stack.pop()
                continue
            todo = [p for p in parents if p not in known]
            if todo:
                stack.extend(todo)
                if len(stack) > 4 * len(versions) + 8:  # a cycle: only from a forged file
                    return {v for v, ok in known.items() if ok}
                continue
            known[vid] = all(known[p] for p in parents)
            stack.pop()
    return {vid for vid in versions if known.get(vid)}


def heads(versions: Versions) -> list[str]:
    """Usable versions no other usable version descends from, oldest first."""
    ready = usable(versions)
    named = {p for vid in ready for p in versions[vid][0]}
    found = [vid for vid in ready if vid not in named]
    found.sort(key=lambda vid: (versions[vid][2], vid))
    return found


def _ancestors(versions: Versions, vid: str) -> set[str]:
    seen: set[str] = set()
    todo = [vid]
    while todo:
        current = todo.pop()
        if current in seen or current not in versions:
            continue
        seen.add(current)
        todo.extend(versions[current][0])
    return seen


def _label(version: list[Any]) -> str:
    stamp = version[2]
    when = datetime.fromtimestamp(int(stamp[0]) / 1000, UTC).strftime("%Y-%m-%d %H:%M UTC")
    name = str(version[3]) if len(version) > 3 and version[3] else str(stamp[2])
    return f"{name}, {when}"


def merge_texts(base: str, a: str, b: str, name_a: str, name_b: str) -> tuple[str, bool]:
    """Three-way merge of two texts; True when some edits overlapped (both kept, marked)."""
    if a == b or b == base:
        return a, False
    if a == base:
        return b, False
    # Whether the text ends without a line break is merged like any other edit: the side that
    # changed it from the base wins (lines are compared with their breaks made equal).
    base_open, a_open, b_open = (bool(t) and not t.endswith("\n") for t in (base, a, b))
    ends_open = b_open if a_open == base_open else a_open

    def lines(text: str) -> list[str]:
        return (text if not text or text.endswith("\n") else text + "\n").splitlines(True)

    merger = Merge3(lines(base), lines(a), lines(b))
    conflicted = any(region[0] == "conflict" for region in merger.merge_regions())
    merged = "".join(
        merger.merge_lines(
            name_a=name_a,
            name_b=name_b,
            start_marker=START.strip(),
            mid_marker=MIDDLE,
            end_marker=END.strip(),
        )
    )
    if ends_open and merged.endswith("\n"):
        merged = merged[:-1]
    return merged, conflicted


def merged_text(versions: Versions) -> tuple[str, bool]:
    """The text every device shows for these versions, and whether edits overlapped."""
    tops = heads(versions)
    if not tops:
        return "", False
    text = str(versions[tops[0]][1])
    covered = _ancestors(versions, tops[0])
    conflicted = False
    name = _label(versions[tops[0]])
    for vid in tops[1:]:
        mine = _ancestors(versions, vid)
        common = covered & mine
        base = str(versions[max(common, key=lambda c: (versions[c][2], c))][1]) if common else ""
        text, clash = merge_texts(base, text, str(versions[vid][1]), name, _label(versions[vid]))
        name = "merged text"
        conflicted = conflicted or clash
        covered |= mine
    return text, conflicted
