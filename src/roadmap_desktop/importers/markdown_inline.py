"""Inline Markdown for curriculum imports: links (as resources), plain titles, safe step text."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from roadmap_desktop.core.library import infer_kind, safe_url, url_scheme
from roadmap_desktop.core.roadmap_format import ResourceSpec

UNSAFE_SCHEMES = frozenset({"javascript", "data", "file", "vbscript"})
_URL_PART = r"(<[^<>\n]*+>|(?:[^()\s]|\([^()\s]*+\))*+)\s*+(?:(\"[^\"\n]*+\"|'[^'\n]*+')\s*+)?\)"
_IMAGE = re.compile(r"!\[[^\[\]\n]{0,500}\]\(\s*+" + _URL_PART)
# A label may hold one level of brackets: "[[Review] Sorting (video)](…)".
_LINK = re.compile(r"(?<!!)\[((?:[^\[\]\n\\]|\\.|\[[^\[\]\n]{0,200}\]){0,500})\]\(\s*+" + _URL_PART)
_TARGET = r"\(\s*[^()\s]*(?:\([^()\s]*\)[^()\s]*)*\s*\)"
_IMAGE_LINK = re.compile(r"\[\s*!\[[^\[\]\n]{0,500}\]" + _TARGET + r"\s*\]" + _TARGET)
_REF_LINK = re.compile(r"(?<![!\]])\[([^\[\]\n]{1,500})\](?:\[([^\[\]\n]{0,200})\])?(?![(:])")
_AUTOLINK = re.compile(r"<((?:https?|ftp)://[^<>\s]++)>", re.IGNORECASE)
_BARE = re.compile(
    r"(?<![<=/A-Za-z0-9_])https?://(?:[^\s<>()\[\]\"'`]|\([^\s<>()\[\]\"'`]*\))++",
    re.IGNORECASE,
)
_PREFIX = re.compile(r"^\s*@([a-zA-Z-]{2,20})@\s*")
_HINT = re.compile(
    r"[(\[]\s*(videos?|talk|lecture|playlist|screencast|course|mooc|books?|e-?book|article|"
    r"paper|blog|docs?|documentation|reference|podcast|tool|library)\s*[)\]]",
    re.IGNORECASE,
)
_HINT_KINDS = {
    "video": "video",
    "videos": "video",
    "talk": "video",
    "lecture": "video",
    "playlist": "video",
    "screencast": "video",
    "course": "course",
    "mooc": "course",
    "book": "book",
    "books": "book",
    "ebook": "book",
    "e-book": "book",
    "article": "article",
    "paper": "article",
    "blog": "article",
    "doc": "docs",
    "docs": "docs",
    "documentation": "docs",
    "reference": "docs",
    "podcast": "podcast",
    "tool": "tool",
    "library": "tool",
}
# roadmap.sh style prefixes: [@article@Title](url)
_PREFIX_KINDS = {
    **_HINT_KINDS,
    "official": "docs",
    "opensource": "tool",
    "roadmap": "other",
    "feed": "other",
}
_EMPHASIS = (
    re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*"),
    re.compile(r"(?<!\w)__(?=\S)(.+?)(?<=\S)__(?!\w)"),
    re.compile(r"\*(?=\S)([^*]+?)(?<=\S)\*"),
    re.compile(r"(?<!\w)_(?=\S)([^_]+?)(?<=\S)_(?!\w)"),
    re.compile(r"~~(?=\S)(.+?)(?<=\S)~~"),
)
_CODE = re.compile(r"`+([^`]*+)`+")
_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
_HIDDEN = re.compile("[\ue021-\ue07e]")
_LONG = 5_000
_DECORATION = re.compile(r"[\[\]*_`~\\&<!]")


@dataclass(frozen=True)
class FoundLink:
    """A link in a line of text: its label, address and the words right after it."""

    label: str
    url: str
    after: str
    start: int
    image: str = ""  # the picture's address when the label is only an image (a logo, a badge)
    alt: str = ""  # that picture's alt text


def find_links(text: str, refs: dict[str, str] | None = None) -> list[FoundLink]:
    """Markdown, reference, angle-bracket and bare links in one line (images are skipped)."""
    found: list[FoundLink] = []
    images: list[tuple[int, str, str]] = []  # (start, address, alt)
    if "![" in text:
        images = [
            (m.start(), m.group(1).strip().strip("<>"), _alt(m.group(0)))
            for m in _IMAGE.finditer(text)
        ]
        text = _IMAGE.sub(lambda m: " " * len(m.group(0)), text)
    if "`" in text:  # an address in `code` is an example, not a resource
        text = _CODE.sub(lambda m: " " * len(m.group(0)), text)
    taken: list[tuple[int, int]] = []
    for m in _LINK.finditer(text):
        url = m.group(2).strip().strip("<>")
        image = alt = ""
        if images and not m.group(1).strip():
            inside = [i for i in images if m.start() < i[0] < m.end()]
            if inside:
                image, alt = inside[0][1], inside[0][2]
        after = text[m.end() : m.end() + 80]
        found.append(FoundLink(m.group(1), url, after, m.start(), image, alt))
        taken.append(m.span())
        if "://" in m.group(1):  # an address written inside the label: a link of its own
            label = m.group(1)
            for inner in (*_AUTOLINK.finditer(label), *_BARE.finditer(label)):
                address = (inner.group(1) if inner.groups() else inner.group(0)).rstrip(".,;:!?*")
                found.append(FoundLink(address, address, "", m.start(1) + inner.start()))
    if refs and "[" in text:
        for m in _REF_LINK.finditer(text):
            ref = (m.group(2) or m.group(1)).strip().lower()
            if ref in refs and not _inside(m.start(), taken):
                found.append(
                    FoundLink(m.group(1), refs[ref], text[m.end() : m.end() + 80], m.start())
                )
                taken.append(m.span())
    if "://" in text:
        for pattern in (_AUTOLINK, _BARE):
            for m in pattern.finditer(text):
                if _inside(m.start(), taken):
                    continue
                url = (m.group(1) if m.groups() else m.group(0)).rstrip(".,;:!?*")
                if url.endswith(")") and url.count("(") < url.count(")"):
                    url = url[:-1]
                found.append(FoundLink(url, url, text[m.end() : m.end() + 80], m.start()))
                taken.append(m.span())
    found.sort(key=lambda link: link.start)
    return found


def _alt(image: str) -> str:
    return image[2 : image.index("]")].strip() if "]" in image else ""


_BADGE_HOSTS = (
    "shields.io",
    "badgen.net",
    "badge.fury.io",
    "travis-ci.org",
    "travis-ci.com",
    "circleci.com",
    "codecov.io",
    "coveralls.io",
    "codacy.com",
    "awesome.re",
    "netlify.com",
    "herokucdn.com",
    "deepscan.io",
    "gitter.im",
    "codeclimate.com",
    "readthedocs.org",
)
# A "badge" that opens a notebook is the notebook: a resource to study.
_NOTEBOOK_HOSTS = ("colab.research.google.com", "mybinder.org", "kaggle.com", "nbviewer.org")


def is_badge(image: str, target: str = "") -> bool:
    """True for a status badge (build, coverage, licence, "awesome", chat): a picture that is
    decoration, not something to read."""
    low = image.lower()
    target_host = target.lower().split("://", 1)[-1].split("/", 1)[0]
    if target_host.endswith(_NOTEBOOK_HOSTS) or target.lower().endswith(".ipynb"):
        return False
    host = low.split("://", 1)[-1].split("/", 1)[0]
    if any(host == h or host.endswith("." + h) for h in _BADGE_HOSTS):
        return True
    return "badge" in low or "/workflows/" in low or low.endswith(("status.svg", "/status"))


def _inside(pos: int, spans: list[tuple[int, int]]) -> bool:
    return any(a <= pos < b for a, b in spans)


def plain(text: str, refs: dict[str, str] | None = None) -> str:
    """Text without Markdown decoration: links become their labels, images and tags go."""
    if not _DECORATION.search(text):
        return " ".join(text.split())
    escaped = "\\" in text
    if escaped:  # escaped characters are letters, not Markdown: hide them until the end
        text = _ESCAPE.sub(lambda m: chr(0xE000 + ord(m.group(1))), text)
    text = _IMAGE.sub("", text)
    text = _LINK.sub(lambda m: _PREFIX.sub("", m.group(1)), text)
    if refs and "[" in text:
        text = _REF_LINK.sub(
            lambda m: (
                m.group(1) if (m.group(2) or m.group(1)).strip().lower() in refs else m.group(0)
            ),
            text,
        )
    text = _AUTOLINK.sub(r"\1", text)
    if len(text) <= _LONG:
        text = _CODE.sub(r"\1", text)
        for pattern in _EMPHASIS:
            text = pattern.sub(r"\1", text)
    text = " ".join(html.unescape(text).split())
    return _HIDDEN.sub(lambda m: chr(ord(m.group(0)) - 0xE000), text) if escaped else text


def link_kind(link: FoundLink, default: str = "other") -> str:
    """The resource kind: an @type@ prefix, a hint like "(video)", the address, then the title."""
    prefix = _PREFIX.match(link.label)
    if prefix and prefix.group(1).lower() in _PREFIX_KINDS:
        return _PREFIX_KINDS[prefix.group(1).lower()]
    after = link.after.split("](", 1)[0].split("[", 1)[0]
    hint = _HINT.search(link.label) or _HINT.search(after[:40])
    if hint:
        return _HINT_KINDS[hint.group(1).lower()]
    kind = infer_kind(link.url, plain(link.label))
    return default if kind == "other" else kind


def is_unsafe(url: str) -> bool:
    """True for javascript:, data:, file: and vbscript: links, which are never imported."""
    return url_scheme(url) in UNSAFE_SCHEMES


def resource_for(link: FoundLink, default_kind: str = "other") -> ResourceSpec | None:
    """The resource a web link stands for; None for anchors, relative and unsafe links."""
    url = link.url.strip()
    if len(url) > 2000 or not safe_url(url) or (link.image and is_badge(link.image, url)):
        return None
    title = plain(_PREFIX.sub("", link.label)) or plain(link.alt) or url
    if len(title) > 300:
        title = title[:299].rstrip() + "…"
    return ResourceSpec(title=title, kind=link_kind(link, default_kind), url=url)


def neutralize(text: str) -> str:
    """Step text with unsafe links reduced to their labels, unsafe images and badge-only lines
    removed (the renderer never sees them)."""
    if "[" not in text:
        return text
    if "![" in text:
        text = _IMAGE.sub(lambda m: "" if is_unsafe(m.group(1).strip("<> ")) else m.group(0), text)
        bare = _IMAGE.sub("", _IMAGE_LINK.sub("", text))
        if not bare.strip(" -*|\t"):
            return ""  # a line of badges (pictures and links whose label was a picture)
    if ":" not in text:
        return text
    return _LINK.sub(
        lambda m: m.group(1) if is_unsafe(m.group(2).strip("<> ")) else m.group(0), text
    )


def inline_code(text: str) -> list[str]:
    """The `code` spans of a line, e.g. the tags after "Topics covered:"."""
    return [m.group(1).strip() for m in _CODE.finditer(text) if m.group(1).strip()]
