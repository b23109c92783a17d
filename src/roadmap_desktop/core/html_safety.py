"""Safety rules for rendered markdown: which links may open, how images show, and the HTML
sanitizer that cleans raw HTML written inside markdown (Qt-free)."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from typing import Final

# --------------------------------------------------------------------------- #
# URL helpers
# --------------------------------------------------------------------------- #

_SCHEME_RE: Final = re.compile(r"([a-zA-Z][a-zA-Z0-9+.\-]*):")
_LINK_SCHEMES: Final = frozenset({"http", "https", "mailto"})
_IMAGE_LINK_SCHEMES: Final = frozenset({"http", "https"})
_IMAGE_MARK: Final = "Image: "  # plain text: emoji fonts are not everywhere
_C0_AND_SPACE: Final = "".join(chr(code) for code in range(0x21))
_URL_TAB_NEWLINE_RE: Final = re.compile(r"[\t\n\r]")


def _clean_url(url: str) -> str:
    """Normalise a URL the way browsers do before reading its scheme.

    Leading/trailing C0 controls and spaces are stripped and every tab, CR and
    LF is removed, so ``" java<TAB>script:"`` is seen as ``javascript:``.
    """
    return _URL_TAB_NEWLINE_RE.sub("", url.strip(_C0_AND_SPACE))


def _scheme(url: str) -> str | None:
    """Return the lower-case scheme of a cleaned URL, or None when it has none."""
    match = _SCHEME_RE.match(url)
    return match.group(1).lower() if match else None


def safe_href(url: str) -> str | None:
    """Return the cleaned URL if it is an allowed link (http/https/mailto/#), else None."""
    cleaned = _clean_url(url)
    if cleaned.startswith("#") or _scheme(cleaned) in _LINK_SCHEMES:
        return cleaned
    return None


def image_link(src: str) -> str | None:
    """Return the cleaned image URL when it may be offered as a link (http/https)."""
    cleaned = _clean_url(src)
    return cleaned if _scheme(cleaned) in _IMAGE_LINK_SCHEMES else None


def image_label(alt: str | None) -> str:
    """Return the text marker shown instead of an image."""
    return _IMAGE_MARK + (" ".join((alt or "").split()) or "image")


# --------------------------------------------------------------------------- #
# Sanitizer: final pass over documents that contain raw HTML
# --------------------------------------------------------------------------- #


def _words(text: str) -> frozenset[str]:
    """Return the whitespace-separated words of *text* as a frozenset."""
    return frozenset(text.split())


_VOID_TAGS: Final = _words(
    "area base br col embed hr img input link meta param source track wbr frame keygen"
)
# Dropped together with everything inside them.
_DROP_WITH_CONTENT: Final = _words(
    "script style iframe object embed applet noscript noembed noframes frameset "
    "frame template title head svg math base link meta param source track audio "
    "video canvas map xmp plaintext"
)
_ALLOWED_TAGS: Final = _words(
    "a abbr address b big blockquote br center cite code dd del dfn div dl dt em font "
    "h1 h2 h3 h4 h5 h6 hr i ins kbd li mark nobr ol p pre s samp small span strike "
    "strong sub sup table tbody td tfoot th thead tr tt u ul var caption"
)
# Block-level HTML5 tags Qt does not know: keep them as plain blocks.
_TAG_ALIASES: Final = dict.fromkeys(
    _words("section article header footer main nav aside figure figcaption details summary hgroup"),
    "div",
)
_ALLOWED_ATTRS: Final = _words(
    "align valign bgcolor border cellspacing cellpadding colspan rowspan width "
    "height start type value title id name dir lang color face size nowrap class"
)
_UNSAFE_CSS_RE: Final = re.compile(r"url\s*\(|expression|@import|\\|javascript:|behavior", re.I)
CONTROL_RE: Final = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_ENTITY_RE: Final = re.compile(r"&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);")


def is_plain_entity(block: str) -> bool:
    """Whether *block* is one character reference standing for printable text."""
    if not _ENTITY_RE.fullmatch(block):
        return False
    char = html.unescape(block)
    return char != block and "\ufffd" not in char and not CONTROL_RE.search(char)


def _attr(name: str, value: str | None) -> str:
    """Serialise one attribute (valueless when *value* is None)."""
    if value is None:
        return f" {name}"
    return f' {name}="{html.escape(value, quote=True)}"'


class Sanitizer(HTMLParser):
    """Re-serialise HTML keeping only a Qt-friendly, offline, script-free subset."""

    def __init__(self, plain_pre_style: str) -> None:
        super().__init__(convert_charrefs=True)
        self._plain_pre_style = plain_pre_style
        self._out: list[str] = []
        self._open: list[str] = []
        self._skip: list[str] = []

    def result(self) -> str:
        """Finish parsing and return the sanitised HTML (all elements closed)."""
        self.close()
        while self._open:
            self._out.append(f"</{self._open.pop()}>")
        return "".join(self._out)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """Emit an allowed start tag with cleaned attributes, or drop it."""
        if tag in _DROP_WITH_CONTENT:
            if tag not in _VOID_TAGS:
                self._skip.append(tag)
            return
        if self._skip:
            return
        if tag == "img":
            self._image(attrs)
            return
        tag = _TAG_ALIASES.get(tag, tag)
        if tag not in _ALLOWED_TAGS:
            return
        parts: list[str] = []
        has_style = False
        for name, value in attrs:
            if name == "href":
                href = safe_href(value or "") if tag == "a" else None
                if href is not None:
                    parts.append(_attr("href", href))
            elif name == "style":
                if value and not _UNSAFE_CSS_RE.search(value):
                    parts.append(_attr("style", value))
                    has_style = True
            elif name in _ALLOWED_ATTRS:
                parts.append(_attr(name, value))
        if tag == "pre" and not has_style:
            parts.append(_attr("style", self._plain_pre_style))
        self._out.append(f"<{tag}{''.join(parts)}>")
        if tag not in _VOID_TAGS:
            self._open.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """Treat ``<x/>`` as an empty element."""
        self.handle_starttag(tag, attrs)
        if tag not in _VOID_TAGS:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        """Close an open allowed element, closing any left-open children first."""
        if self._skip:
            if tag in self._skip:
                while self._skip.pop() != tag:
                    pass
            return
        tag = _TAG_ALIASES.get(tag, tag)
        if tag not in self._open:
            return
        while self._open:
            current = self._open.pop()
            self._out.append(f"</{current}>")
            if current == tag:
                break

    def handle_data(self, data: str) -> None:
        """Emit text, escaped, unless inside a dropped element."""
        if not self._skip:
            self._out.append(html.escape(data, quote=False))

    def _image(self, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        label = html.escape(image_label(values.get("alt")), quote=False)
        target = None if "a" in self._open else image_link(values.get("src") or "")
        if target is None:
            self._out.append(label)
        else:
            self._out.append(f"<a{_attr('href', target)}>{label}</a>")
