"""Render learner markdown into safe, offline HTML suited to Qt's QTextBrowser."""

from __future__ import annotations

import html
import io
import re
import threading
import xml.etree.ElementTree as etree
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
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

from roadmap_desktop.core.html_safety import (
    CONTROL_RE,
    Sanitizer,
    image_label,
    image_link,
    is_plain_entity,
    safe_href,
)

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
                        safe = safe_href(_tree_value(href))
                        if safe is None:
                            del child.attrib["href"]
                        else:
                            child.set("href", _tree_escape(safe))
                stack.append((child, in_link or child.tag == "a"))

    @staticmethod
    def _replace_image(image: etree.Element, in_link: bool) -> None:
        label = image_label(_tree_value(image.get("alt") or ""))
        target = None if in_link else image_link(_tree_value(image.get("src") or ""))
        image.attrib.clear()
        image.text = _tree_escape(label)
        if target is None:
            image.tag = "span"
        else:
            image.tag = "a"
            image.set("href", _tree_escape(target))


class _SanitizePostprocessor(Postprocessor):  # type: ignore[misc,unused-ignore]
    """Sanitize documents containing raw HTML, then put the code blocks back."""

    def __init__(self, md: markdown.Markdown, state: _RenderState, plain_pre_style: str) -> None:
        super().__init__(md)
        self._state = state
        self._plain_pre_style = plain_pre_style

    def run(self, text: str) -> str:
        """Return *text* with unsafe markup removed and highlighted code restored."""
        if self._has_raw_html():
            sanitizer = Sanitizer(self._plain_pre_style)
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
            if _CODE_STASH_RE.fullmatch(block) or is_plain_entity(block):
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
    return CONTROL_RE.sub("", str(text).encode("utf-8", "replace").decode("utf-8"))


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
    if not isinstance(text, str) or len(text) > _CACHED_UP_TO:
        return _render(text, bool(dark))
    return _render_cached(text, bool(dark))


def _render(text: str, dark: bool) -> str:
    try:
        source = _clean_input(text)
        with _LOCK:
            converter = _CONVERTERS.get(dark)
            if converter is None:
                converter = _CONVERTERS[dark] = _build(dark)
            try:
                return str(converter.reset().convert(source))
            finally:
                converter.reset()
    except Exception:  # rendering must never break the UI
        try:
            return _fallback(_clean_input(text))
        except Exception:
            return ""


# The same text renders to the same HTML (the converters depend on the colour scheme only):
# going back to a step or a phase shows its guide without rendering it again.
_CACHED_UP_TO = 50_000  # characters; longer texts are rare and would crowd the cache
_render_cached = lru_cache(maxsize=256)(_render)
