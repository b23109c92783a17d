"""Tests for roadmap_desktop.core.markdown_render."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from roadmap_desktop.core.markdown_render import render_markdown

PYTHON_SNIPPET = '```python\ndef greet(name):\n    return f"hi {name}"  # say hi\n```\n'


def _pre_background(rendered: str) -> str:
    match = re.search(r'<pre style="background-color: (#[0-9a-fA-F]+)', rendered)
    assert match is not None, rendered
    return match.group(1)


# --------------------------------------------------------------------------- #
# Basic markdown
# --------------------------------------------------------------------------- #


def test_headings() -> None:
    out = render_markdown("# Roadmap\n\n## Step one\n\n### Details")
    assert "<h1>Roadmap</h1>" in out
    assert "<h2>Step one</h2>" in out
    assert "<h3>Details</h3>" in out


def test_emphasis_lists_quote_rule_and_inline_code() -> None:
    text = (
        "Some *em* and **strong** text with `code`.\n\n"
        "1. first\n2. second\n    - nested\n\n"
        "> quoted\n\n---\n"
    )
    out = render_markdown(text)
    assert "<em>em</em>" in out
    assert "<strong>strong</strong>" in out
    assert re.search(r"<ol>\s*<li>first</li>\s*<li>second<ul>\s*<li>nested</li>", out)
    assert re.search(r"<blockquote[^>]*>\s*<p>quoted</p>", out)
    assert "<hr>" in out
    assert re.search(r'<code style="background-color: #[0-9a-f]+;[^"]*">code</code>', out)


def test_table_has_visible_borders_and_bold_header() -> None:
    out = render_markdown("| Topic | Hours |\n|:------|------:|\n| SQL | 3 |\n")
    table = re.search(r"<table[^>]*>", out)
    assert table is not None, out
    assert 'border="1"' in table.group(0)
    assert 'cellspacing="0"' in table.group(0)
    assert 'cellpadding="6"' in table.group(0)
    assert re.search(r'<th [^>]*style="font-weight: bold;"[^>]*>Topic</th>', out)
    assert re.search(r'<td align="right">3</td>', out)


def test_table_header_colour_differs_between_light_and_dark() -> None:
    text = "| a |\n|---|\n| b |\n"
    light = re.search(r'<th [^>]*bgcolor="(#[0-9a-f]+)"', render_markdown(text))
    dark = re.search(r'<th [^>]*bgcolor="(#[0-9a-f]+)"', render_markdown(text, dark=True))
    assert light is not None and dark is not None
    assert light.group(1) != dark.group(1)


# --------------------------------------------------------------------------- #
# Code highlighting
# --------------------------------------------------------------------------- #


@pytest.mark.parametrize("dark", [False, True])
def test_fenced_python_is_highlighted_with_inline_styles(dark: bool) -> None:
    out = render_markdown(PYTHON_SNIPPET, dark=dark)
    assert '<span style="color' in out
    assert "class=" not in out  # no stylesheet needed
    assert "greet" in out
    assert _pre_background(out)


def test_light_and_dark_code_blocks_have_different_backgrounds() -> None:
    light = render_markdown(PYTHON_SNIPPET)
    dark = render_markdown(PYTHON_SNIPPET, dark=True)
    assert _pre_background(light) != _pre_background(dark)
    assert light != dark


@pytest.mark.parametrize(
    "text",
    [
        "```no-such-language\nplain <b>x</b>\n```\n",
        "```\nplain <b>x</b>\n```\n",
        "    plain <b>x</b>\n",
    ],
    ids=["unknown-language", "no-language", "indented"],
)
def test_code_without_known_language_is_plain_monospace_block(text: str) -> None:
    out = render_markdown(text)
    assert "<pre style=" in out
    assert "plain &lt;b&gt;x&lt;/b&gt;" in out
    assert "<b>" not in out
    assert "<p><pre" not in out


def test_unterminated_fence_does_not_raise() -> None:
    out = render_markdown("Intro\n\n```python\ndef broken(:\n    pass\n")
    assert isinstance(out, str)
    assert "broken" in out


# --------------------------------------------------------------------------- #
# Task lists
# --------------------------------------------------------------------------- #


def test_task_list_items_get_ballot_boxes() -> None:
    out = render_markdown("- [ ] read the docs\n- [x] install Python\n- [X] write notes\n")
    assert "<li>\u2610 read the docs</li>" in out
    assert "<li>\u2611 install Python</li>" in out
    assert "<li>\u2611 write notes</li>" in out
    assert "[ ]" not in out
    assert "[x]" not in out


def test_nested_and_loose_task_lists() -> None:
    nested = render_markdown("- [ ] parent\n    - [x] child\n    - [ ] other child\n")
    assert "\u2610 parent" in nested
    assert "<li>\u2611 child</li>" in nested
    assert "<li>\u2610 other child</li>" in nested
    loose = render_markdown("1. [x] first\n\n    more text\n\n2. [ ] second\n")
    assert "<p>\u2611 first</p>" in loose
    assert "<p>\u2610 second</p>" in loose


def test_brackets_that_are_not_task_markers_are_kept() -> None:
    out = render_markdown("- [link-ish] text\n- [ ]no space\n\nA [ ] in a paragraph.")
    assert "[link-ish] text" in out
    assert "[ ]no space" in out
    assert "A [ ] in a paragraph." in out
    assert "\u2610" not in out


# --------------------------------------------------------------------------- #
# Images are never fetched
# --------------------------------------------------------------------------- #


def test_remote_markdown_image_becomes_link_marker() -> None:
    out = render_markdown("![logo](https://x.example/a.png)")
    assert "<img" not in out
    assert '<a href="https://x.example/a.png">Image: logo</a>' in out


def test_raw_html_image_is_replaced() -> None:
    out = render_markdown('Look: <img src="http://tracker.example/p.gif" alt="pixel"> done')
    assert "<img" not in out.lower()
    assert "Image: pixel" in out
    assert "done" in out


@pytest.mark.parametrize(
    "text",
    [
        "![](data:image/png;base64,iVBORw0KGgo=)",
        "![](//cdn.example/x.png)",
        "![](ftp://files.example/x.png)",
        "![](file:///etc/passwd)",
        "![](local/picture.png)",
        '<IMG SRC="javascript:alert(1)">',
        "<p><img src=data:image/gif;base64,R0lGOD></p>",
    ],
)
def test_non_http_images_become_plain_markers(text: str) -> None:
    out = render_markdown(text)
    assert "<img" not in out.lower()
    assert "Image: image" in out
    assert "href" not in out


# --------------------------------------------------------------------------- #
# Links
# --------------------------------------------------------------------------- #


@pytest.mark.parametrize(
    "text",
    [
        "[click](javascript:alert(1))",
        "[click](JavaScript:alert(1))",
        "[click](jav&#97;script:alert(1))",
        "[click](vbscript:msgbox(1))",
        "[click](data:text/html,hi)",
        "[click](file:///etc/passwd)",
        '<a href="java\tscript:alert(1)">click</a>',
        '<a href=" \x01javascript:alert(1)">click</a>',
        '<a href="java&#x0A;script:alert(1)">click</a>',
    ],
)
def test_unsafe_links_lose_their_href(text: str) -> None:
    out = render_markdown(text)
    assert "click" in out
    assert "href" not in out
    assert "script:" not in out.lower()


@pytest.mark.parametrize(
    ("text", "href"),
    [
        ("[mail me](mailto:learner@example.org)", "mailto:learner@example.org"),
        ("[docs](https://docs.python.org/3/)", "https://docs.python.org/3/"),
        ("[plain](http://example.org/a?b=1&c=2)", "http://example.org/a?b=1&amp;c=2"),
        ("[jump](#step-2)", "#step-2"),
        ("<https://example.org/x>", "https://example.org/x"),
        ("<learner@example.org>", "mailto:learner@example.org"),
    ],
)
def test_safe_links_keep_their_href(text: str, href: str) -> None:
    assert f'href="{href}"' in render_markdown(text)


# --------------------------------------------------------------------------- #
# Dangerous raw HTML
# --------------------------------------------------------------------------- #


@pytest.mark.parametrize(
    "tag",
    ["<script>alert(1)</script>", "<SCRIPT SRC=//evil.example/x.js></SCRIPT>", "<script>alert(1)"],
)
def test_script_tags_are_removed(tag: str) -> None:
    out = render_markdown(f"Before\n\n{tag}\n\nAfter *text*")
    assert "<script" not in out.lower()
    assert "alert(1)" not in out
    assert "Before" in out


@pytest.mark.parametrize(
    "snippet",
    [
        "<style>body { color: red }</style>",
        '<iframe src="https://evil.example"></iframe>',
        '<object data="https://evil.example/x.swf"></object>',
        '<embed src="https://evil.example/x.swf">',
    ],
)
def test_active_content_is_removed(snippet: str) -> None:
    out = render_markdown(f"Text {snippet} more\n\n{snippet}\n")
    for tag in ("<style", "<iframe", "<object", "<embed"):
        assert tag not in out.lower()
    assert "evil.example" not in out
    assert "color: red" not in out


def test_event_handlers_and_css_urls_are_stripped() -> None:
    out = render_markdown(
        '<p onclick="steal()" style="color: red">a</p>'
        '<div style="background: url(http://evil.example/x.png)">b</div>'
    )
    assert "onclick" not in out
    assert "steal" not in out
    assert "evil.example" not in out
    assert 'style="color: red"' in out


# --------------------------------------------------------------------------- #
# Robustness and packaging
# --------------------------------------------------------------------------- #


@pytest.mark.parametrize(
    "text",
    [
        "",
        "\x00\x01\x02\x03binary\xff\ufffe",
        "lone surrogate \ud800",
        "".join("    " * depth + "- item\n" for depth in range(60)),
        ">" * 500 + " deep quote",
        "```\n" * 101,
        "<table><tr><td>unclosed",
        "&#0; &#xD800; &#1114112; &bogus;",
        "[" * 200 + "](" * 50,
        "lorem ipsum " * 20_000,
    ],
    ids=[
        "empty",
        "binary",
        "surrogate",
        "nested-lists",
        "nested-quotes",
        "fences",
        "unclosed-html",
        "bad-entities",
        "brackets",
        "huge",
    ],
)
def test_awkward_inputs_return_strings(text: str) -> None:
    for dark in (False, True):
        out = render_markdown(text, dark=dark)
        assert isinstance(out, str)
        out.encode("utf-8")  # no lone surrogates that Qt could not take


def test_module_does_not_import_qt() -> None:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)}
    code = (
        "import sys, roadmap_desktop.core.markdown_render as m; "
        "m.render_markdown('# x'); "
        "assert not any(n.startswith('PySide6') for n in sys.modules), 'Qt imported'"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr


# fmt: off
_MARKDOWNISH = st.lists(
    st.sampled_from(
        [
            "# ", "## ", "- ", "1. ", "> ", "    ", "\n", "\n\n", "*", "**", "_", "`",
            "```", "```python", "~~~", "[", "]", "(", ")", "![", "[ ] ", "[x] ", "|",
            "|---|", "---", "<", ">", "</", "img ", "script", "a href=", '"', "&", "#",
            ";", "javascript:", "https://x.example/", "text", " ", "\\", "\t",
        ]
    ),
    max_size=150,
).map("".join)
# fmt: on


def _attributes(html_text: str) -> list[tuple[str, str | None]]:
    """Every attribute of every real tag in the output (text that merely looks like one is not)."""
    from html.parser import HTMLParser

    found: list[tuple[str, str | None]] = []

    class Collector(HTMLParser):
        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            found.extend(attrs)

    Collector().feed(html_text)
    return found


@settings(deadline=None, max_examples=150)
@given(text=st.one_of(st.text(max_size=2000), _MARKDOWNISH), dark=st.booleans())
def test_any_input_renders_safely(text: str, dark: bool) -> None:
    out = render_markdown(text, dark=dark)
    assert isinstance(out, str)
    lowered = out.lower()
    assert "<img" not in lowered
    assert "<script" not in lowered
    assert not any(
        name in ("href", "src") and (value or "").strip().lower().startswith(("javascript", "data"))
        for name, value in _attributes(out)
    )


def test_a_text_rendered_again_keeps_its_colour_scheme() -> None:
    # Rendered HTML is kept per text and scheme: the dark rendering never serves the light one.
    text = "```python\nx = 1\n```\n\nkept once rendered"
    light, dark = render_markdown(text), render_markdown(text, dark=True)
    assert light != dark
    assert (render_markdown(text), render_markdown(text, dark=True)) == (light, dark)
    other = render_markdown(text + "!")
    assert "kept once rendered!" in other and other != light
