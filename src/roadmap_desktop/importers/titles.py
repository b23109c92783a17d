"""Clean titles for imported curricula, and the weeks, days and hours their headings state."""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass

from roadmap_desktop.importers.markdown_inline import plain
from roadmap_desktop.importers.markdown_lex import HTML_TAGS

MAX_TITLE = 90  # longer titles are sentences: shortened, the sentence kept in the text
_SHORTCODE = re.compile(r"(?<![\w:/]):([a-z0-9_+-]*[a-z][a-z0-9_+-]*|[+-]1):(?![\w/])")
_EMOJI_ALIASES = {
    "+1": "👍", "-1": "👎", "thumbsup": "👍", "thumbsdown": "👎", "anger": "💢",
    "restroom": "🚻", "ballot_box_with_check": "☑️", "heart": "❤️", "star": "⭐",
    "tada": "🎉", "fire": "🔥", "bulb": "💡", "warning": "⚠️", "memo": "📝", "books": "📚",
    "book": "📖", "computer": "💻", "sparkles": "✨", "white_check_mark": "✅",
    "heavy_check_mark": "✔️", "x": "❌", "point_right": "👉", "link": "🔗", "zap": "⚡",
    "smile": "😄", "wave": "👋", "eyes": "👀", "pushpin": "📌", "gear": "⚙️", "wrench": "🔧",
    "hammer": "🔨", "mag": "🔍", "lock": "🔒", "key": "🔑", "snake": "🐍", "coffee": "☕",
    "thinking": "🤔", "rocket": "🚀", "information_source": "ℹ️", "question": "❓",
    "exclamation": "❗", "clipboard": "📋", "calendar": "📆", "hourglass": "⌛", "muscle": "💪",
    "trophy": "🏆", "dart": "🎯", "gift": "🎁", "money_with_wings": "💸", "pencil": "📝",
    "pencil2": "✏️", "scroll": "📜", "mortar_board": "🎓", "school": "🏫", "sunglasses": "😎",
}  # fmt: skip
_TAG = re.compile(rf"</?(?:{HTML_TAGS})\b[^<>]*+>", re.IGNORECASE)
_ANCHOR_LINK = re.compile(r"\[([^\[\]]*(?:\[[^\[\]]*\][^\[\]]*)*)\]\(#[^()\s]*\)")
_NUMBER = r"(\d{1,3})"
_DASH = r"\s*(?:-|–|—|to|through)\s*"
_WEEK_RANGE = re.compile(rf"\bweeks?\s+{_NUMBER}(?:{_DASH}{_NUMBER})?\b", re.IGNORECASE)
_WEEK_SPAN = re.compile(rf"\b{_NUMBER}(?:{_DASH}{_NUMBER})?[\s-]*weeks?\b", re.IGNORECASE)
_DAY = re.compile(rf"\bday\s*{_NUMBER}(?:{_DASH}{_NUMBER})?\b", re.IGNORECASE)
_DAY_SPAN = re.compile(rf"\b{_NUMBER}[\s-]*days?\b", re.IGNORECASE)
_HOURS = re.compile(
    r"(?:~|≈|about\s+|approx\.?\s+)?(\d{1,4}(?:[.,]\d+)?)(?:\s*(?:-|–|to)\s*(\d{1,4}(?:[.,]\d+)?))?"
    r"\s*(hours?|hrs?|h|minutes?|mins?)\b",
    re.IGNORECASE,
)
_HINT_GROUP = re.compile(r"\s*[(\[]([^()\[\]]{1,40})[)\]]\s*$")
_SEPARATED_HINT = re.compile(r"\s+[-–—·|]\s+([^-–—·|]{1,30})$")


def emojize(text: str) -> str:
    """Emoji shortcodes (`:+1:`, `:books:`) as the emoji; unknown ones are dropped."""
    if ":" not in text:
        return text

    def one(m: re.Match[str]) -> str:
        name = m.group(1)
        if name in _EMOJI_ALIASES:
            return _EMOJI_ALIASES[name]
        try:
            return unicodedata.lookup(name.replace("_", " ").replace("-", " "))
        except KeyError:
            return ""

    return _SHORTCODE.sub(one, text)


def clean_title(text: str, refs: dict[str, str] | None = None, *, markdown: bool = True) -> str:
    """A title without Markdown, HTML, shortcodes, in-page links or a trailing colon.

    markdown=False: the text is plain already (the readers ran `plain` on it), so only
    shortcodes, spaces and a trailing colon are tidied; running `plain` twice would take
    escaped `*stars*` for emphasis."""
    if markdown:
        if "](#" in text:
            without = _ANCHOR_LINK.sub("", text)
            if plain(without).strip():
                text = without
        text = plain(text, refs)
        if "<" in text:
            text = _TAG.sub("", text)
    text = emojize(text)
    text = " ".join(text.replace("\u00a0", " ").split())
    return text.rstrip(" :：-–—|").strip()


def shorten(title: str) -> tuple[str, str]:
    """(short title, the whole sentence) for a title longer than MAX_TITLE; else (title, "")."""
    if len(title) <= MAX_TITLE:
        return title, ""
    for mark in (". ", ": ", " — ", " – ", " - ", "; ", ", "):
        cut = title.find(mark, 20)
        if 0 < cut <= MAX_TITLE:
            return title[:cut].rstrip(" .:;,"), title
    cut = title.rfind(" ", 40, MAX_TITLE - 1)
    cut = cut if cut > 0 else MAX_TITLE - 1
    return title[:cut].rstrip(" .:;,") + "…", title


@dataclass(frozen=True)
class Timing:
    """What a heading says about time: a week range, a length in weeks, day numbers, hours."""

    weeks: tuple[int, int] | None = None
    span_weeks: float | None = None
    days: tuple[int, int] | None = None
    span_days: int | None = None
    hours: float | None = None


def timing(title: str) -> Timing:
    """The weeks, days and hours stated in a title ("Python (weeks 1–3)", "Day 12", "(2h)")."""
    weeks = span_weeks = days = span_days = hours = None
    if (m := _WEEK_RANGE.search(title)) is not None:
        start, end = int(m.group(1)), int(m.group(2) or m.group(1))
        if 1 <= start <= end <= 520:
            weeks = (start, end)
    elif (m := _WEEK_SPAN.search(title)) is not None:
        first, last = int(m.group(1)), int(m.group(2) or m.group(1))
        if 1 <= first <= last <= 520:
            span_weeks = float(last)
    if (m := _DAY.search(title)) is not None:
        start, end = int(m.group(1)), int(m.group(2) or m.group(1))
        if 1 <= start <= end <= 3650:
            days = (start, end)
    elif (m := _DAY_SPAN.search(title)) is not None and 1 <= int(m.group(1)) <= 3650:
        span_days = int(m.group(1))
    if (m := _HOURS.search(title)) is not None:
        least = float(m.group(1).replace(",", "."))
        most = float(m.group(2).replace(",", ".")) if m.group(2) else least
        value = (least + most) / 2
        if m.group(3).lower().startswith("m"):
            value /= 60
        if 0 < value <= 10_000:
            hours = value
    return Timing(weeks, span_weeks, days, span_days, hours)


def without_hint(title: str) -> str:
    """The title without a trailing "(2h)", "[weeks 1–3]" or " — 3 hours" that states time."""
    for pattern in (_HINT_GROUP, _SEPARATED_HINT):
        m = pattern.search(title)
        if m and (
            _WEEK_RANGE.fullmatch(m.group(1).strip())
            or _WEEK_SPAN.fullmatch(m.group(1).strip())
            or _HOURS.fullmatch(m.group(1).strip())
            or _DAY_SPAN.fullmatch(m.group(1).strip())
        ):
            stripped = title[: m.start()].rstrip(" :–—-")
            return stripped or title
    return title


def week_of_day(day: int) -> int:
    """The week (1-based) a course day falls in, at seven days a week."""
    return max(1, math.ceil(day / 7))
