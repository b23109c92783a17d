"""The resource library's vocabulary and link rules: kinds, statuses, URL keys and safe schemes."""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import unquote, urlsplit, urlunsplit

RESOURCE_KINDS: tuple[str, ...] = (
    "book",
    "course",
    "article",
    "video",
    "docs",
    "tool",
    "podcast",
    "other",
)
KIND_LABELS: dict[str, str] = {
    "book": "Book",
    "course": "Course",
    "article": "Article",
    "video": "Video",
    "docs": "Documentation",
    "tool": "Tool",
    "podcast": "Podcast",
    "other": "Other",
}
RESOURCE_STATUSES: tuple[str, ...] = ("to_do", "in_progress", "done", "dropped")
STATUS_LABELS: dict[str, str] = {
    "to_do": "To do",
    "in_progress": "In progress",
    "done": "Done",
    "dropped": "Dropped",
}
COSTS: tuple[str, ...] = ("free", "paid")
COST_LABELS: dict[str, str] = {"free": "Free", "paid": "Paid"}
SAFE_SCHEMES = frozenset({"http", "https"})
MAX_RATING = 5

# Query parameters that only say where a click came from; they never change what a link shows.
TRACKING_PARAMS = frozenset({"fbclid", "gclid", "mc_cid", "mc_eid", "ref_src"})
_DEFAULT_PORTS = {"http": "80", "https": "443"}
_PORT = re.compile(r":(\d*)$")


@lru_cache(maxsize=32_768)  # a sync asks for the same URL's key several times
def normalize_url(url: str) -> str:
    """The key two links share when they show the same thing, for de-duplication.

    Lowercases scheme and host, drops default ports, a trailing slash of the path, the fragment
    and tracking parameters (utm_*, fbclid, gclid, mc_cid, mc_eid, ref_src); the remaining query
    parameters are sorted. Text that is not a URL comes back stripped and otherwise unchanged.
    """
    text = url.strip()
    try:
        parts = urlsplit(text)
    except ValueError:  # e.g. an unbalanced "[" in the host
        return text
    scheme = parts.scheme.lower()
    netloc = _normalize_netloc(parts.netloc, scheme)
    path = parts.path.rstrip("/")
    query = "&".join(sorted(p for p in parts.query.split("&") if p and not _is_tracking(p)))
    return urlunsplit((scheme, netloc, path, query, ""))


def _normalize_netloc(netloc: str, scheme: str) -> str:
    userinfo, at, hostport = netloc.rpartition("@")
    hostport = hostport.lower()
    match = _PORT.search(hostport)
    if match and not hostport.endswith("]") and match.group(1) in ("", _DEFAULT_PORTS.get(scheme)):
        hostport = hostport[: match.start()]
    hostport = hostport.rstrip(".")  # "example.com." is the same host as "example.com"
    return f"{userinfo}{at}{hostport}"


def _is_tracking(param: str) -> bool:
    name = unquote(param.partition("=")[0]).lower()
    return name.startswith("utm_") or name in TRACKING_PARAMS


def url_scheme(url: str) -> str:
    """The lowercased scheme of url ("" when it has none)."""
    match = re.match(r"\s*([A-Za-z][A-Za-z0-9+.-]*):", url)
    return match.group(1).lower() if match else ""


def safe_url(url: str) -> bool:
    """True for an http(s) address with a host: the only links the app opens or stores."""
    text = url.strip()
    if not text or any(ch.isspace() or ord(ch) < 32 for ch in text):
        return False
    try:
        parts = urlsplit(text)
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError:
        return False
    return parts.scheme.lower() in SAFE_SCHEMES and bool(parts.hostname)


# --- kind inference ------------------------------------------------------------------------

_HOST_KINDS: tuple[tuple[str, str], ...] = (
    ("youtube.com", "video"),
    ("youtu.be", "video"),
    ("vimeo.com", "video"),
    ("twitch.tv", "video"),
    ("ted.com", "video"),
    ("udemy.com", "course"),
    ("coursera.org", "course"),
    ("edx.org", "course"),
    ("pluralsight.com", "course"),
    ("khanacademy.org", "course"),
    ("codecademy.com", "course"),
    ("frontendmasters.com", "course"),
    ("egghead.io", "course"),
    ("udacity.com", "course"),
    ("exercism.org", "course"),
    ("freecodecamp.org", "course"),
    ("ocw.mit.edu", "course"),
    ("readthedocs.io", "docs"),
    ("readthedocs.org", "docs"),
    ("developer.mozilla.org", "docs"),
    ("learn.microsoft.com", "docs"),
    ("docs.python.org", "docs"),
    ("pkg.go.dev", "docs"),
    ("docs.rs", "docs"),
    ("oreilly.com", "book"),
    ("manning.com", "book"),
    ("leanpub.com", "book"),
    ("pragprog.com", "book"),
    ("nostarch.com", "book"),
    ("goodreads.com", "book"),
    ("podcasts.apple.com", "podcast"),
    ("podcasts.google.com", "podcast"),
    ("overcast.fm", "podcast"),
    ("pca.st", "podcast"),
    ("anchor.fm", "podcast"),
    ("podbean.com", "podcast"),
    ("github.com", "tool"),
    ("gitlab.com", "tool"),
    ("pypi.org", "tool"),
    ("npmjs.com", "tool"),
    ("medium.com", "article"),
    ("dev.to", "article"),
    ("substack.com", "article"),
    ("hashnode.dev", "article"),
    ("arxiv.org", "article"),
    ("wikipedia.org", "article"),
)
_PATH_KINDS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(rf"/({words})(/|$)"), kind)
    for words, kind in (
        ("podcasts?|episodes?", "podcast"),
        ("courses?", "course"),
        ("videos?|watch", "video"),
        ("docs?|documentation|reference|manual|api", "docs"),
        ("books?", "book"),
        ("blog|articles?|posts?", "article"),
    )
)
_TITLE_KINDS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"\b(podcast|episode)\b", re.I), "podcast"),
    (re.compile(r"\b(course|tutorial series|bootcamp|mooc)\b", re.I), "course"),
    (re.compile(r"\b(video|talk|lecture|screencast|webinar)\b", re.I), "video"),
    (re.compile(r"\b(documentation|docs|reference|manual|api)\b", re.I), "docs"),
    (re.compile(r"\b(book|handbook|e-?book|edition)\b", re.I), "book"),
)


def infer_kind(url: str | None, title: str = "") -> str:
    """A best guess at a resource's kind from its address and title; "other" when unsure."""
    if url:
        try:
            parts = urlsplit(url.strip())
            host = (parts.hostname or "").lower()
        except ValueError:
            parts, host = None, ""
        for domain, kind in _HOST_KINDS:
            if host == domain or host.endswith("." + domain):
                return kind
        if host.startswith(("docs.", "doc.", "developer.", "developers.", "api.")):
            return "docs"
        if host.startswith("blog."):
            return "article"
        path = parts.path.lower() if parts is not None else ""
        if path.endswith((".pdf", ".epub")):
            return "book"
        for pattern, kind in _PATH_KINDS:
            if pattern.search(path):
                return kind
    for pattern, kind in _TITLE_KINDS:
        if pattern.search(title):
            return kind
    return "other"


# --- tags ----------------------------------------------------------------------------------

MAX_TAG_CHARS = 100


def clean_tag(tag: str) -> str:
    """A tag as stored: single spaces, no ";" (the CSV separator), at most 100 characters."""
    text = " ".join(tag.replace(";", ",").split())
    return text[:MAX_TAG_CHARS].strip()


def clean_tags(tags: tuple[str, ...] | list[str]) -> tuple[str, ...]:
    """Tags cleaned, without empties or case-insensitive repeats, sorted case-insensitively."""
    seen: dict[str, str] = {}
    for tag in tags:
        text = clean_tag(tag)
        if text and text.casefold() not in seen:
            seen[text.casefold()] = text
    return tuple(sorted(seen.values(), key=lambda t: (t.casefold(), t)))
