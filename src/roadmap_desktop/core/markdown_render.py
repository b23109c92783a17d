"""Render learner markdown into safe, offline HTML suited to Qt's QTextBrowser."""

from __future__ import annotations

import html
import io
import re
import threading
import xml.etree.ElementTree as etree
from collections.abc import Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import TYPE_CHECKING, Any, Final

import markdown
from markdown.extensions import Extension
from markdown.extensions.codehilite import CodeHiliteExtension
from markdown.extensions.fenced_code import FencedCodeExtension
from markdown.extensions.sane_lists import SaneListExtension
from markdown.extensions.tables import TableExtension
from markdown.postprocessors import Postprocessor
from markdown.treeprocessors import Treeprocessor
from markdown.util import AMP_SUBSTITUTE
from pygments.formatters.html import HtmlFormatter
from pygments.styles import get_style_by_name
from pygments.token import Token
from pygments.util import ClassNotFound

__all__ = ["render_markdown"]


# --------------------------------------------------------------------------- #
# Colours
# --------------------------------------------------------------------------- #


@dataclass(frozen=True)
class _Palette:
    """Colours and Pygments style candidates for one colour scheme."""

    pygments_styles: tuple[str, ...]
    fallback_code_bg: str
    fallback_code_fg: str
    inline_code_bg: str
    table_header_bg: str
    table_border: str
    quote_fg: str


_LIGHT: Final = _Palette(
    pygments_styles=("friendly", "default"),
    fallback_code_bg="#f6f8fa",
    fallback_code_fg="#1f2328",
    inline_code_bg="#eff1f3",
    table_header_bg="#eaeef2",
    table_border="#8c959f",
    quote_fg="#57606a",
)

_DARK: Final = _Palette(
    pygments_styles=("github-dark", "monokai", "native", "default"),
    fallback_code_bg="#161b22",
    fallback_code_fg="#e6edf3",
    inline_code_bg="#343942",
    table_header_bg="#2d333b",
    table_border="#768390",
    quote_fg="#9da7b3",
)


def _pick_style(candidates: tuple[str, ...]) -> str:
    """Return the first Pygments style name in *candidates* that is installed."""
    for name in candidates:
        try:
            get_style_by_name(name)
        except ClassNotFound:
            continue
        return name
    return "default"


def _pre_style(background: str, foreground: str) -> str:
    """Inline CSS for a code block ``<pre>`` (background, colour, spacing)."""
    return (
        f"background-color: {background}; color: {foreground}; "
        "padding: 8px; margin-top: 6px; margin-bottom: 6px; "
        "font-family: monospace; white-space: pre;"
    )


def _style_colours(style_name: str, palette: _Palette) -> tuple[str, str]:
    """Return (background, foreground) colours of a Pygments style."""
    try:
        style: Any = get_style_by_name(style_name)
        background = str(style.background_color or palette.fallback_code_bg)
        colour = style.style_for_token(Token.Text).get("color")
        foreground = f"#{colour}" if colour else palette.fallback_code_fg
    except Exception:  # any broken style falls back to the palette
        return palette.fallback_code_bg, palette.fallback_code_fg
    return background, foreground


# --------------------------------------------------------------------------- #
# Code blocks: Pygments with inline styles, kept aside until the very end
# --------------------------------------------------------------------------- #

# Markdown strips STX/ETX from its input, so user text can never forge a token.
# The <div> makes python-markdown treat the stashed token as a block (no <p>).
_CODE_TOKEN: Final = "<div>\x02qtcode:{}\x03</div>"
_CODE_TOKEN_RE: Final = re.compile("\x02qtcode:(\\d+)\x03")
_CODE_STASH_RE: Final = re.compile("<div>\x02qtcode:\\d+\x03</div>")
_MAX_CACHED_FORMATTERS: Final = 32


@dataclass
class _RenderState:
    """Per-converter scratch space: highlighted code blocks of the current render."""

    code_blocks: list[str] = field(default_factory=list)

    def reset(self) -> None:
        """Forget the blocks of the previous render."""
        self.code_blocks.clear()


if TYPE_CHECKING:
    _HtmlFormatterBase = HtmlFormatter[str]
else:
    _HtmlFormatterBase = HtmlFormatter


class _QtCodeFormatter(_HtmlFormatterBase):  # type: ignore[misc,unused-ignore]
    """Pygments HTML formatter producing one ``<pre style=...>`` of inline-styled spans.

    The HTML is stored in the render state and only a placeholder token is
    written out; the sanitizing post-processor swaps the HTML back in, so the
    (trusted, span-heavy) highlighted code is never re-parsed.
    """

    def __init__(self, state: _RenderState, pre_style: str, **options: Any) -> None:
        options.update(nowrap=True, noclasses=True, linenos=False, full=False)
        super().__init__(**options)
        self._state = state
        self._pre_open = f'<pre style="{pre_style}">'

    def format(self, tokensource: Any, outfile: Any) -> None:
        """Highlight the tokens, keep the HTML aside and write its placeholder."""
        buffer = io.StringIO()
        super().format(tokensource, buffer)
        self._state.code_blocks.append(self._pre_open + buffer.getvalue().rstrip("\n") + "</pre>")
        outfile.write(_CODE_TOKEN.format(len(self._state.code_blocks) - 1))


def _formatter_factory(state: _RenderState, pre_style: str) -> Callable[..., _QtCodeFormatter]:
    """Return a CodeHilite ``pygments_formatter`` callable reusing built formatters.

    Building an ``HtmlFormatter`` computes its whole style table, which costs
    about a millisecond, so formatters are cached by their (hashable) options.
    """
    cache: dict[tuple[tuple[str, Any], ...], _QtCodeFormatter] = {}

    def make(**options: Any) -> _QtCodeFormatter:
        options.pop("lang_str", None)
        try:
            key = tuple(sorted(options.items()))
            hash(key)
        except TypeError:  # e.g. hl_lines is a list: build a one-off formatter
            return _QtCodeFormatter(state, pre_style, **options)
        formatter = cache.get(key)
        if formatter is None:
            if len(cache) >= _MAX_CACHED_FORMATTERS:
                cache.clear()
            formatter = cache[key] = _QtCodeFormatter(state, pre_style, **options)
        return formatter

    return make


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


def _safe_href(url: str) -> str | None:
    """Return the cleaned URL if it is an allowed link (http/https/mailto/#), else None."""
    cleaned = _clean_url(url)
    if cleaned.startswith("#") or _scheme(cleaned) in _LINK_SCHEMES:
        return cleaned
    return None


def _image_link(src: str) -> str | None:
    """Return the cleaned image URL when it may be offered as a link (http/https)."""
    cleaned = _clean_url(src)
    return cleaned if _scheme(cleaned) in _IMAGE_LINK_SCHEMES else None


def _image_label(alt: str | None) -> str:
    """Return the text marker shown instead of an image."""
    return _IMAGE_MARK + (" ".join((alt or "").split()) or "image")


# --------------------------------------------------------------------------- #
# Tree processors
# --------------------------------------------------------------------------- #

_TASK_RE: Final = re.compile(r"^\s*\[([ xX])\](?=\s|$)[ \t]*")
_UNCHECKED: Final = "\u2610 "
_CHECKED: Final = "\u2611 "


class _QtTreeprocessor(Treeprocessor):  # type: ignore[misc,unused-ignore]
    """Adjust tables, task lists, inline code and blockquotes for Qt's engine."""

    def __init__(self, md: markdown.Markdown, palette: _Palette) -> None:
        super().__init__(md)
        self._palette = palette

    def run(self, root: etree.Element) -> None:
        """Apply the presentation tweaks to the tree in place."""
        self._style_tables(root)
        self._task_lists(root)
        self._style_inline_code(root)
        for quote in root.iter("blockquote"):
            quote.set("style", f"color: {self._palette.quote_fg};")

    def _style_tables(self, root: etree.Element) -> None:
        border = self._palette.table_border
        for table in root.iter("table"):
            table.set("border", "1")
            table.set("cellspacing", "0")
            table.set("cellpadding", "6")
            table.set(
                "style",
                f"border-collapse: collapse; border-style: solid; border-color: {border};",
            )
            for cell in table.iter("th"):
                cell.set("bgcolor", self._palette.table_header_bg)
                cell.set("style", "font-weight: bold;")

    def _task_lists(self, root: etree.Element) -> None:
        for item_list in [*root.iter("ul"), *root.iter("ol")]:
            items = [child for child in item_list if child.tag == "li"]
            marked = [self._mark_task(item) for item in items]
            if item_list.tag == "ul" and items and all(marked):
                item_list.set("style", "list-style-type: none;")

    @staticmethod
    def _mark_task(item: etree.Element) -> bool:
        """Replace a leading ``[ ]``/``[x]`` with a ballot box; report success."""
        holder: etree.Element | None = None
        if item.text and item.text.strip():
            holder = item
        elif len(item) and item[0].tag == "p":
            holder = item[0]
        if holder is None or not holder.text:
            return False
        match = _TASK_RE.match(holder.text)
        if match is None:
            return False
        box = _UNCHECKED if match.group(1) == " " else _CHECKED
        holder.text = box + holder.text[match.end() :]
        return True

    def _style_inline_code(self, root: etree.Element) -> None:
        in_blocks = {id(code) for pre in root.iter("pre") for code in pre.iter("code")}
        style = f"background-color: {self._palette.inline_code_bg}; font-family: monospace;"
        for code in root.iter("code"):
            if id(code) not in in_blocks:
                code.set("style", style)


def _tree_value(value: str) -> str:
    """Decode an attribute value of the tree to the string a browser would see."""
    return html.unescape(value.replace(AMP_SUBSTITUTE, "&"))


def _tree_escape(value: str) -> str:
    """Encode a plain string so python-markdown's serializer emits it verbatim."""
    return value.replace("&", "&amp;")


class _SafeLinksTreeprocessor(Treeprocessor):  # type: ignore[misc,unused-ignore]
    """Drop unsafe link targets and turn every image into a text marker."""

    def run(self, root: etree.Element) -> None:
        """Clean ``<a href>`` and replace ``<img>`` elements in place."""
        stack: list[tuple[etree.Element, bool]] = [(root, False)]
        while stack:
            element, in_link = stack.pop()
            for child in element:
                if child.tag == "img":
                    self._replace_image(child, in_link)
                elif child.tag == "a":
                    href = child.get("href")
                    if href is not None:
                        safe = _safe_href(_tree_value(href))
                        if safe is None:
                            del child.attrib["href"]
                        else:
                            child.set("href", _tree_escape(safe))
                stack.append((child, in_link or child.tag == "a"))

    @staticmethod
    def _replace_image(image: etree.Element, in_link: bool) -> None:
        label = _image_label(_tree_value(image.get("alt") or ""))
        target = None if in_link else _image_link(_tree_value(image.get("src") or ""))
        image.attrib.clear()
        image.text = _tree_escape(label)
        if target is None:
            image.tag = "span"
        else:
            image.tag = "a"
            image.set("href", _tree_escape(target))


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
_CONTROL_RE: Final = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_ENTITY_RE: Final = re.compile(r"&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);")


def _is_plain_entity(block: str) -> bool:
    """Whether *block* is one character reference standing for printable text."""
    if not _ENTITY_RE.fullmatch(block):
        return False
    char = html.unescape(block)
    return char != block and "\ufffd" not in char and not _CONTROL_RE.search(char)


def _attr(name: str, value: str | None) -> str:
    """Serialise one attribute (valueless when *value* is None)."""
    if value is None:
        return f" {name}"
    return f' {name}="{html.escape(value, quote=True)}"'


class _Sanitizer(HTMLParser):
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
                href = _safe_href(value or "") if tag == "a" else None
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
        label = html.escape(_image_label(values.get("alt")), quote=False)
        target = None if "a" in self._open else _image_link(values.get("src") or "")
        if target is None:
            self._out.append(label)
        else:
            self._out.append(f"<a{_attr('href', target)}>{label}</a>")


class _SanitizePostprocessor(Postprocessor):  # type: ignore[misc,unused-ignore]
    """Sanitize documents containing raw HTML, then put the code blocks back."""

    def __init__(self, md: markdown.Markdown, state: _RenderState, plain_pre_style: str) -> None:
        super().__init__(md)
        self._state = state
        self._plain_pre_style = plain_pre_style

    def run(self, text: str) -> str:
        """Return *text* with unsafe markup removed and highlighted code restored."""
        if self._has_raw_html():
            sanitizer = _Sanitizer(self._plain_pre_style)
            sanitizer.feed(text)
            text = sanitizer.result()
        blocks = self._state.code_blocks

        def restore(match: re.Match[str]) -> str:
            index = int(match.group(1))
            return blocks[index] if index < len(blocks) else ""

        return _CODE_TOKEN_RE.sub(restore, text)

    def _has_raw_html(self) -> bool:
        """Whether the HTML stash holds anything but our code tokens and entities.

        Without raw HTML the serialized tree is trusted: python-markdown
        escapes all text and the tree processors already cleaned links/images.
        """
        for block in self.md.htmlStash.rawHtmlBlocks:
            if not isinstance(block, str):
                return True
            if _CODE_STASH_RE.fullmatch(block) or _is_plain_entity(block):
                continue
            return True
        return False


class _QtExtension(Extension):  # type: ignore[misc,unused-ignore]
    """Register the Qt tree processors and the sanitizing post-processor."""

    def __init__(self, palette: _Palette, state: _RenderState, plain_pre_style: str) -> None:
        super().__init__()
        self._palette = palette
        self._state = state
        self._plain_pre_style = plain_pre_style

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        """Hook the processors into *md*."""
        md.registerExtension(self)
        # Before "unescape" (0) so that an escaped "\[ ]" stays literal text.
        md.treeprocessors.register(_QtTreeprocessor(md, self._palette), "qt_richtext", 5)
        # After "unescape": link targets are then in their final form.
        md.treeprocessors.register(_SafeLinksTreeprocessor(md), "qt_safe_links", -10)
        # After "raw_html" (30) and "amp_substitute" (20): sees the final HTML.
        md.postprocessors.register(
            _SanitizePostprocessor(md, self._state, self._plain_pre_style), "qt_sanitize", -10
        )

    def reset(self) -> None:
        """Called by ``Markdown.reset()``: drop the previous render's code blocks."""
        self._state.reset()


# --------------------------------------------------------------------------- #
# Public API
# --------------------------------------------------------------------------- #

_LOCK: Final = threading.Lock()
_CONVERTERS: dict[bool, markdown.Markdown] = {}


def _build(dark: bool) -> markdown.Markdown:
    """Create the Markdown converter for the light or dark colour scheme."""
    palette = _DARK if dark else _LIGHT
    style_name = _pick_style(palette.pygments_styles)
    pre_style = _pre_style(*_style_colours(style_name, palette))
    state = _RenderState()
    return markdown.Markdown(
        output_format="html",
        extensions=[
            TableExtension(use_align_attribute=True),
            FencedCodeExtension(),
            SaneListExtension(),
            CodeHiliteExtension(
                noclasses=True,
                guess_lang=False,
                linenums=False,
                pygments_style=style_name,
                pygments_formatter=_formatter_factory(state, pre_style),
            ),
            _QtExtension(palette, state, pre_style),
        ],
    )


def _clean_input(text: str) -> str:
    """Replace lone surrogates and drop control characters Qt cannot show."""
    return _CONTROL_RE.sub("", str(text).encode("utf-8", "replace").decode("utf-8"))


def _fallback(text: str) -> str:
    """Last-resort rendering: the escaped source text, line breaks preserved."""
    escaped = html.escape(text, quote=False)
    return f'<div style="white-space: pre-wrap;">{escaped}</div>'


def render_markdown(text: str, *, dark: bool = False) -> str:
    """Return an HTML fragment for QTextBrowser: safe, offline, highlighted.

    *text* is learner-written markdown (tables, fenced code, task lists and raw
    HTML are accepted).  Links keep their target only for http, https, mailto
    and in-page ``#anchors``; images are never loaded but shown as "Image: alt"
    marker (a link when the image URL is http/https); scripts, styles, frames
    and embedded objects are removed.  Code blocks are highlighted by Pygments
    with inline colours for a dark or light colour scheme (*dark*).  Never
    raises: on an internal failure the escaped source text is returned.
    """
    try:
        source = _clean_input(text)
        with _LOCK:
            key = bool(dark)
            converter = _CONVERTERS.get(key)
            if converter is None:
                converter = _CONVERTERS[key] = _build(key)
            try:
                return str(converter.reset().convert(source))
            finally:
                converter.reset()
    except Exception:  # rendering must never break the UI
        try:
            return _fallback(_clean_input(text))
        except Exception:
            return ""
