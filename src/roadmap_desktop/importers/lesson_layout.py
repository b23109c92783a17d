"""The shape of a lesson folder: translations and old editions left out, numbered names as
titles ("02_Day_Variables" → "Day 2 · Variables"), day-by-day courses grouped into weeks."""

from __future__ import annotations

import re

from roadmap_desktop.importers.curriculum import DraftPhase
from roadmap_desktop.importers.titles import timing, week_of_day

Files = dict[tuple[str, ...], bytes]

_LANGUAGES = frozenset(
    [
        "chinese",
        "french",
        "german",
        "korean",
        "spanish",
        "portuguese",
        "ukrainian",
        "uzbek",
        "persian",
        "farsi",
        "russian",
        "japanese",
        "italian",
        "turkish",
        "arabic",
        "hindi",
        "vietnamese",
        "indonesian",
        "polish",
        "dutch",
        "thai",
        "bengali",
        "hebrew",
        "greek",
        "swedish",
        "czech",
        "romanian",
        "hungarian",
        "danish",
        "norwegian",
        "finnish",
        "malay",
        "tamil",
        "swahili",
        "filipino",
        "urdu",
        "nepali",
        "marathi",
        "gujarati",
        "azerbaijani",
        "khmer",
        "translations",
        "translation",
        "i18n",
        "l10n",
        "locales",
        "localization",
        "languages",
    ]
)
_CODES = frozenset(
    [
        "es",
        "fr",
        "de",
        "it",
        "pt",
        "pt-br",
        "ptbr",
        "ru",
        "ja",
        "ko",
        "zh",
        "zh-cn",
        "zh-tw",
        "cn",
        "tw",
        "ar",
        "hi",
        "tr",
        "vi",
        "id",
        "pl",
        "nl",
        "th",
        "bn",
        "he",
        "el",
        "sv",
        "cs",
        "ro",
        "hu",
        "uk",
        "uz",
        "fa",
        "ms",
        "ta",
        "sw",
        "fil",
        "da",
        "no",
        "fi",
        "af",
        "az",
        "bg",
        "kh",
        "mr",
        "ur",
        "np",
        "gr",
    ]
)
_EDITIONS = frozenset(
    ("cohorts", "archive", "archived", "old", "old_files", "old-files", "previous", "legacy")
)
_TRANSLATED_FILE = re.compile(r"^(?P<base>.+?)[._-](?P<code>[a-z]{2,3}(?:-[a-z]{2,4})?)$")
_NUMBERED = re.compile(
    r"^(\d+)[\s._-]*(day|week|lesson|chapter|part|module|unit|session|lecture|step)[\s._-]*(.*)$",
    re.IGNORECASE,
)
_PREFIX = re.compile(r"^(\d+)[\s._-]*")
INDEX_NAMES = ("index.md", "readme.md", "_index.md", "index.markdown", "readme.markdown")


def folder_title(name: str) -> str:
    """A folder's title: "02_Day_Variables_builtin" → "Day 2 · Variables builtin"; else the
    name without its ordering number, words spaced."""
    stem = name.rsplit(".", 1)[0] if "." in name else name
    numbered = _NUMBERED.match(stem)
    if numbered:
        number, word, rest = numbered.groups()
        rest = rest.replace("_", " ").replace("-", " ").strip()
        head = f"{word.capitalize()} {int(number)}"
        return f"{head} · {rest[:1].upper() + rest[1:]}" if rest else head
    return key_name(name)


def key_name(name: str) -> str:
    """The words a key is made from: the name without its number (renumbering keeps keys)."""
    stem = name.rsplit(".", 1)[0] if "." in name else name
    words = _PREFIX.sub("", stem).replace("_", " ").replace("-", " ").strip() or stem
    return words[:1].upper() + words[1:]


def _names(files: Files, top: str) -> set[str]:
    """File stems and folder names under one top-level entry (index files left out)."""
    names: set[str] = set()
    for parts in files:
        if parts[0] != top:
            continue
        names.update(p.lower() for p in parts[1:-1])
        if parts[-1].lower() not in INDEX_NAMES:
            names.add(parts[-1].lower().rsplit(".", 1)[0])
    return names


def left_out(files: Files) -> dict[tuple[str, ...], str]:
    """Files that are not the course itself: translations (a folder per language, or
    `README.es.md` next to `README.md`) and copies of the course (old cohorts, editions)."""
    tops = sorted({parts[0] for parts in files if len(parts) > 1})
    reasons: dict[str, str] = {}
    for top in tops:
        low = top.lower()
        if low in _LANGUAGES or low in _CODES:
            reasons[top] = f"a translation ({top})"
        elif low in _EDITIONS:
            reasons[top] = f"another edition of the course ({top})"
    names = {top: _names(files, top) for top in tops if top not in reasons}
    for top, own in names.items():
        others: set[str] = set()
        for other, theirs in names.items():
            if other != top:
                others |= theirs
        mirrored = own & others
        if len(mirrored) >= 3 and len(mirrored) * 2 >= len(own):
            reasons[top] = f"a copy of the course's lessons, e.g. a translation ({top})"
    out: dict[tuple[str, ...], str] = {}
    stems = {(*parts[:-1], parts[-1].lower().rsplit(".", 1)[0]) for parts in files}
    for parts in files:
        if len(parts) > 1 and parts[0] in reasons:
            out[parts] = reasons[parts[0]]
            continue
        folders = [p.lower() for p in parts[:-1]]
        if any(p in _LANGUAGES or p in _CODES for p in folders):
            out[parts] = "a translation"
            continue
        translated = _TRANSLATED_FILE.match(parts[-1].lower().rsplit(".", 1)[0])
        code = translated.group("code") if translated else ""
        if translated and code in _CODES and (*parts[:-1], translated.group("base")) in stems:
            out[parts] = f"a translation of {translated.group('base')}"
    return out


def group_days(phases: list[DraftPhase]) -> list[DraftPhase]:
    """A day-by-day course (most folders one lesson named "Day N"): the days become steps of
    week phases ("Week 1 · Days 1–7"), so a 30-day course reads as 30 days in five weeks."""
    single = [p for p in phases if len(p.steps) == 1 and timing(p.title).days is not None]
    if len(single) < 5 or len(single) * 10 < len(phases) * 7:
        return phases
    out: list[DraftPhase] = []
    weeks: dict[int, DraftPhase] = {}
    for phase in phases:
        days = timing(phase.title).days
        if phase not in single or days is None:
            if days is not None:
                phase.days = days
            out.append(phase)
            continue
        step = phase.steps[0]
        step.days = days
        step.title = phase.title  # "Day 2 · Variables": the lesson's own heading is in its text
        week = week_of_day(days[0])
        holder = weeks.get(week)
        if holder is None:
            holder = DraftPhase(f"Week {week}", phase.line, key=f"week-{week}")
            holder.weeks = (week, week)
            weeks[week] = holder
            out.append(holder)
        holder.steps.append(step)
        if phase.summary:
            step.body[:0] = [*phase.summary, ""]
    for holder in weeks.values():
        numbers = [s.days[0] for s in holder.steps if s.days is not None]
        low, high = min(numbers), max(numbers)
        holder.title = f"Week {week_of_day(low)} · Days {low}–{high}" if low != high else (
            f"Week {week_of_day(low)} · Day {low}"
        )  # fmt: skip
    return out
