"""Split Markdown into classified lines: headings, list items, tables, code, quotes, text.

Line by line and without recursion, so deep nesting, unterminated fences and raw HTML cannot
make it crash or hang; every pattern is linear on any input.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

# Tags removed from text lines (their inner Markdown stays); anything else in <…> is kept as text.
HTML_TAGS = (
    "details|summary|div|span|img|br|hr|p|a|b|i|u|em|strong|sup|sub|center|table|thead|tbody|"
    "tr|td|th|ul|ol|li|h[1-6]|picture|source|kbd|small|font|section|article|nav|header|footer|"
    "main|aside|figure|figcaption|video|audio|iframe|blockquote|pre|code|s|del|ins|mark|abbr|"
    "dl|dt|dd|input|label|svg|path|g"
)
_TAG = re.compile(rf"</?(?:{HTML_TAGS})\b[^<>]*+>", re.IGNORECASE)
_HTML_HEADING = re.compile(r"^\s*<h([1-6])\b[^<>]*+>(.*)</h\1>\s*$", re.IGNORECASE)
_HTML_HEADING_OPEN = re.compile(r"^\s*<h([1-6])\b[^<>]*+>([^<]*)$", re.IGNORECASE)
_IMG_SRC = re.compile(r"""<img\b[^<>]*?\bsrc\s*=\s*["']?([^"'\s<>]+)[^<>]*>""", re.IGNORECASE)
_IMG_ALT = re.compile(r"""\balt\s*=\s*["']([^"'<>]*)["']""", re.IGNORECASE)
_WORDLESS_LINK = re.compile(r"\[\s*\]\((https?://[^()\s<>]+)\)", re.IGNORECASE)
_WORDLESS_REF = re.compile(r"\[\s*\]\[([^\[\]\n]{1,200})\]")
_ANCHOR_OPEN = re.compile(r"<a\b[^<>]*+>", re.IGNORECASE)
_HREF = re.compile(r"""href\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.IGNORECASE)
# A step's "choose one of" group, as a Markdown export writes it: key, title, and "picked" on
# the option the learner chose (exporters/markdown_roadmap.py).
_GROUP_COMMENT = re.compile(
    r"<!--\s*+group:\s*+([a-z0-9][a-z0-9-]{0,79})\s*+·\s*+(.*?)(\s*+·\s*+picked)?\s*+-->"
)
_KEY_COMMENT = re.compile(r"<!--\s*+(key|phase|step|topic|q):\s*+([a-z0-9][a-z0-9-]{0,79})\s*+-->")
_ITEM = re.compile(r"^( *)([-*+]|\d{1,9}[.)])(?:[ \t]+(.*)|[ \t]*)$")
_CHECK = re.compile(r"^\[([ xX])\](?:[ \t]+(.*)|[ \t]*)$")
_HEADING = re.compile(r"^ {0,3}(#{1,6})(?=[ \t]|$)")
_RULE = re.compile(r"^ {0,3}(?:(?:-[ \t]*){3,}|(?:\*[ \t]*){3,}|(?:_[ \t]*){3,})$")
_FENCE = re.compile(r"^ *(`{3,}|~{3,})")
_DELIMITER_CELL = re.compile(r"^\s*:?-+:?\s*$")
_DEF = re.compile(r"^\[([^\[\]\n]{1,200})\]:[ \t]*+<?([^\s<>]++)>?")
_DONE_MARKS = ("✅", "✔️", "✔", "☑️", "☑", "✓")


@dataclass(frozen=True, slots=True)
class GroupMark:
    """What an exported step says of its "choose one of" group (`<!-- group: … -->`)."""

    key: str
    title: str
    picked: bool = False


@dataclass(slots=True)
class Line:
    """One classified line (a table is one Line holding its rows)."""

    no: int  # 1-based line number in the file
    kind: str  # blank | text | item | heading | quote | code | rule | table | def
    indent: int  # columns of leading whitespace, tabs counted to the next multiple of 4
    text: str  # the content: heading or item text, or the line without its indentation
    raw: str  # the cleaned line with its indentation, as kept in a step's text
    level: int = 0  # heading level
    checked: bool | None = None  # item or heading with a [ ]/[x] box (or a ✅ mark)
    content_indent: int = 0  # item: the column where its text starts
    in_list: bool = False  # heading written inside a list item
    key: str | None = None  # from an <!-- key: … --> comment
    key_role: str = ""  # what the comment named it: phase, step, topic, q (or key)
    group: GroupMark | None = None  # from a <!-- group: key · title --> comment
    rows: list[list[str]] = field(default_factory=list)  # table: header first
    row_lines: list[int] = field(default_factory=list)
    raw_lines: list[str] = field(default_factory=list)  # table: the source lines
    html: bool = False  # a heading written as <h1>…</h1>


def split_front_matter(lines: list[str]) -> tuple[dict[str, Any], int, list[str]]:
    """YAML front matter between `---` lines at the top: (mapping, first body line, warnings)."""
    if not lines or lines[0].strip() != "---":
        return {}, 0, []
    for i in range(1, min(len(lines), 2000)):
        if lines[i].strip() in ("---", "..."):
            break
    else:
        return {}, 0, []
    import yaml

    try:
        data = yaml.load(
            "\n".join(lines[1:i]), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        )
    except Exception as exc:  # any YAML problem: the metadata is ignored, the text imported
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 2})" if mark is not None else ""
        return {}, i + 1, [f"The front matter is not valid YAML{where}; it was ignored."]
    from roadmap_desktop.core.value_bounds import unstorable_value

    problem = unstorable_value(data)
    if problem is not None:  # a number beyond 64 bits or a lone surrogate cannot be stored
        return {}, i + 1, [f"The front matter holds {problem[1]}; it was ignored."]
    return (data if isinstance(data, dict) else {}), i + 1, []


def _expand(line: str) -> tuple[int, str]:
    """(indent columns, text after the indentation) with tabs stopping every 4 columns."""
    col = 0
    for i, ch in enumerate(line):
        if ch == " ":
            col += 1
        elif ch == "\t":
            col += 4 - col % 4
        else:
            return col, line[i:]
    return col, ""


def strip_html(text: str) -> str:
    """Raw HTML out of a line: <a href> becomes a Markdown link, <hN> a heading, tags go."""
    if "<" not in text:
        return text
    heading = _HTML_HEADING.match(text)
    if heading:
        text = "#" * int(heading.group(1)) + " " + heading.group(2)
    if "<a" in text.lower():
        text = _anchors(text)
    text = _TAG.sub("", text)
    if "[]" in text or "[ ]" in text:  # "[<b></b>](url)": the tags were the whole label
        text = _WORDLESS_LINK.sub(r"<\1>", text)
        text = _WORDLESS_REF.sub(r"[\1][\1]", text)
    return text


def _anchors(text: str) -> str:
    out: list[str] = []
    pos = 0
    lower = text.lower()
    for m in _ANCHOR_OPEN.finditer(text):
        if m.start() < pos:
            continue
        close = lower.find("</a>", m.end())
        href = _HREF.search(m.group(0))
        if href is None:
            continue
        if close < 0:  # the label goes on over the next lines: keep the address
            url = next(g for g in href.groups() if g is not None)
            out.append(text[pos : m.start()])
            out.append(f"<{url}> " if url.lower().startswith(("http://", "https://")) else "")
            pos = m.end()
            continue
        url = next(g for g in href.groups() if g is not None)
        inner = text[m.end() : close]
        label = _TAG.sub("", inner).strip()
        image = _IMG_SRC.search(inner) if not label else None
        if image is not None:  # a linked picture (a logo, a badge): keep it as one
            alt = _IMG_ALT.search(image.group(0))
            label = f"![{alt.group(1) if alt else ''}]({image.group(1)})"
        out.append(text[pos : m.start()])
        if label:
            out.append(f"[{label}]({url})")
        elif url.lower().startswith(("http://", "https://")):
            out.append(f"<{url}>")  # an anchor with no words: keep the address itself
        pos = close + 4
    out.append(text[pos:])
    return "".join(out)


def _done_mark(text: str) -> tuple[str, bool]:
    stripped = text.strip()
    for mark in _DONE_MARKS:
        if stripped.startswith(mark):
            return stripped[len(mark) :].strip(), True
        if stripped.endswith(mark):
            return stripped[: -len(mark)].strip(), True
    return text, False


def _split_row(text: str) -> list[str]:
    body = text.strip()
    if body.startswith("|"):
        body = body[1:]
    if body.endswith("|") and not body.endswith("\\|"):
        body = body[:-1]
    cells = re.split(r"(?<!\\)\|", body)
    return [c.strip().replace("\\|", "|") for c in cells]


def _is_delimiter(text: str) -> bool:
    if "-" not in text or "|" not in text:
        return False
    cells = _split_row(text)
    return bool(cells) and all(_DELIMITER_CELL.match(c) for c in cells)


def _drop_comments(text: str, closes_later: bool) -> tuple[str, bool]:
    """text without <!-- … --> comments; True when a comment opens here and ends on a later
    line. A comment that never ends is kept as text rather than hiding the rest of the file."""
    out: list[str] = []
    pos = 0
    while True:
        start = text.find("<!--", pos)
        if start < 0:
            out.append(text[pos:])
            return "".join(out), False
        end = text.find("-->", start + 4)
        if end < 0:
            out.append(text[pos:start] if closes_later else text[pos:])
            return "".join(out), closes_later
        out.append(text[pos:start])
        pos = end + 3


def lex(lines: list[str], start: int = 0) -> list[Line]:
    """Classify lines[start:]; line numbers count from the top of the file."""
    out: list[Line] = []
    fence: str | None = None
    in_comment = False
    last_close = max((i for i, line in enumerate(lines) if "-->" in line), default=-1)
    i = start
    while i < len(lines):
        source = lines[i]
        no = i + 1
        i += 1
        indent, rest = _expand(source)
        if fence is not None:
            if rest.startswith(fence) and not rest[len(fence) :].strip(fence[0]).strip():
                fence = None
            out.append(Line(no, "code", indent, rest, " " * indent + rest))
            continue
        opened = _FENCE.match(rest)
        if opened and (opened.group(1)[0] == "~" or "`" not in rest[len(opened.group(1)) :]):
            fence = opened.group(1)
            out.append(Line(no, "code", indent, rest, " " * indent + rest))
            continue
        key = None
        key_role = ""
        group = None
        if in_comment:
            end = rest.find("-->")
            if end < 0:
                continue
            in_comment = False
            rest = rest[end + 3 :]
        if "<!--" in rest:
            found = _KEY_COMMENT.search(rest)
            if found:
                key_role, key = found.group(1), found.group(2)
            marked = _GROUP_COMMENT.search(rest)
            if marked:
                group = GroupMark(marked.group(1), marked.group(2).strip(), bool(marked.group(3)))
            rest, in_comment = _drop_comments(rest, no - 1 < last_close)
        if not rest.strip():
            if not source.strip():
                out.append(Line(no, "blank", 0, "", ""))
            elif key and out and out[-1].kind in ("heading", "item") and out[-1].key is None:
                out[-1].key, out[-1].key_role = key, key_role  # names what precedes it
            continue
        opened_h = _HTML_HEADING_OPEN.match(rest) if "<h" in rest.lower() else None
        if opened_h is not None:
            # <h1 align="center">, its text on the next lines, then </h1>: one heading.
            close = f"</h{opened_h.group(1)}>"
            parts = [opened_h.group(2)]
            j = i
            while j < len(lines) and j < i + 8 and close not in lines[j].lower():
                parts.append(lines[j])
                j += 1
            if j < len(lines) and close in lines[j].lower():
                parts.append(lines[j][: lines[j].lower().index(close)])
                text = strip_html(" ".join(p.strip() for p in parts)).strip()
                if text:
                    line = _heading(no, indent, text, int(opened_h.group(1)), rest, key)
                    line.html = True
                    out.append(line)
                    i = j + 1
                    continue
        cleaned = strip_html(rest)
        if not cleaned.strip():
            continue  # a line of HTML tags only: it neither ends nor starts anything
        indent2, cleaned = _expand(cleaned)
        indent += indent2
        raw = " " * indent + cleaned
        if _setext(out, indent, cleaned):
            prev = out[-1]
            level = 1 if cleaned.strip()[0] == "=" else 2
            out[-1] = _heading(prev.no, prev.indent, prev.text, level, prev.raw, prev.key)
            continue
        line = _classify(no, indent, cleaned, raw, key)
        line.key_role = key_role if key else ""
        line.group = group if line.kind in ("heading", "item") else None
        line.html = line.kind == "heading" and _HTML_HEADING.match(rest) is not None
        if line.kind == "text" and "|" in cleaned and i < len(lines):
            table = _table(lines, i - 1, line)
            if table is not None:
                i += len(table.raw_lines) - 1
                out.append(table)
                continue
        out.append(line)
    return out


def _setext(out: list[Line], indent: int, text: str) -> bool:
    """True when text underlines a one-line paragraph (=== or ---) to make it a heading."""
    if indent >= 4 or not out or out[-1].kind != "text" or out[-1].indent >= 4:
        return False
    if not re.fullmatch(r"=+[ \t]*|-+[ \t]*", text):
        return False
    return len(out) < 2 or out[-2].kind in ("blank", "heading", "rule")


def _classify(no: int, indent: int, text: str, raw: str, key: str | None) -> Line:
    if indent < 4 and text.startswith("["):
        definition = _DEF.match(text)
        if definition:  # a link reference definition: [label]: url
            return Line(no, "def", indent, definition.group(1).strip().lower(), definition.group(2))
    if indent < 4 and _RULE.match(text):
        return Line(no, "rule", indent, text.strip(), raw, key=key)
    heading = _HEADING.match(text)
    if heading and indent < 4:
        return _heading(no, indent, text[heading.end() :], len(heading.group(1)), raw, key)
    item = _ITEM.match(text)
    if item:
        body = item.group(3) or ""
        content_indent = indent + len(item.group(2)) + 1
        # "- - item" nests lists on one line; only the innermost text matters here.
        for _ in range(200):
            inner = _ITEM.match(body)
            if inner is None or not inner.group(3):
                break
            body = inner.group(3)
        checked: bool | None = None
        box = _CHECK.match(body)
        if box:
            checked, body = box.group(1) != " ", box.group(2) or ""
        inner_heading = _HEADING.match(body)
        if inner_heading:
            line = _heading(no, indent, body[inner_heading.end() :], 0, raw, key)
            line.level = len(inner_heading.group(1))
            line.in_list = True
            if checked is not None:
                line.checked = checked
            return line
        body, marked = _done_mark(body)
        if marked and checked is None:
            checked = True
        return Line(
            no,
            "item",
            indent,
            body.strip(),
            raw,
            checked=checked,
            content_indent=content_indent,
            key=key,
        )
    if text.startswith(">"):
        return Line(no, "quote", indent, text, raw, key=key)
    return Line(no, "text", indent, text.rstrip(), raw, key=key)


def _heading(no: int, indent: int, rest: str, level: int, raw: str, key: str | None) -> Line:
    title = rest.strip()
    if title.endswith("#"):
        bare = title.rstrip("#")
        if not bare or bare[-1] in " \t":
            title = bare.rstrip()
    checked: bool | None = None
    box = _CHECK.match(title)
    if box:
        checked, title = box.group(1) != " ", (box.group(2) or "").strip()
    title, marked = _done_mark(title)
    if marked:
        checked = True
    return Line(no, "heading", indent, title, raw, level=level, checked=checked, key=key)


def _table(lines: list[str], first: int, header: Line) -> Line | None:
    """A pipe table starting at lines[first] (header, delimiter, rows), or None."""
    delimiter = lines[first + 1] if first + 1 < len(lines) else ""
    if not _is_delimiter(delimiter):
        return None
    head = _split_row(header.text)
    if len(head) != len(_split_row(delimiter)):
        return None  # as in GitHub's tables: the delimiter row must match the header
    rows = [head]
    row_lines = [first + 1]
    raw_lines = [header.raw, delimiter.rstrip()]
    j = first + 2
    while j < len(lines) and lines[j].strip() and "|" in lines[j]:
        cells = _split_row(strip_html(lines[j]))
        cells = (cells + [""] * len(head))[: len(head)]
        rows.append(cells)
        raw_lines.append(lines[j].rstrip())
        row_lines.append(j + 1)
        j += 1
    table = Line(header.no, "table", header.indent, header.text, header.raw)
    table.rows, table.row_lines, table.raw_lines = rows, row_lines, raw_lines
    return table
