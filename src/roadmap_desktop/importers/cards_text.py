"""Read Anki's "Notes in Plain Text" (front<TAB>back per line) into card drafts; writes nothing.

Header lines at the top start with `#`: `#separator:tab` (or comma, semicolon, pipe, colon,
space, or a single character), `#html:true|false` and `#tags column:N` are understood, other
`#key:value` headers (deck, notetype, columns…) are ignored. Fields may be quoted with `"`
(a quoted field may hold the separator, line breaks and `""` for a quote). Every row must have
exactly two fields (three with a tags column); the file must be UTF-8. Errors name the line.
"""

from __future__ import annotations

import csv
import html
import io
import re
from dataclasses import dataclass

from roadmap_desktop.core.cloze import MAX_CARD_CHARS
from roadmap_desktop.core.errors import ImportFormatError

MAX_CARDS_BYTES = 20 * 1024 * 1024
MAX_CARDS = 20_000
_SEPARATORS = {
    "tab": "\t",
    "comma": ",",
    "semicolon": ";",
    "pipe": "|",
    "colon": ":",
    "space": " ",
}
_BREAK = re.compile(r"<br\s*/?>|</p>|</div>", re.IGNORECASE)
_TAG = re.compile(r"<[^>]*>")


@dataclass(frozen=True)
class ImportedCard:
    """One row of the file: front, back (Markdown or plain text) and Anki tags."""

    line: int
    front: str
    back: str
    tags: tuple[str, ...] = ()


@dataclass(frozen=True)
class CardsText:
    """A validated file."""

    cards: tuple[ImportedCard, ...]
    separator: str
    html: bool


def _decode(data: bytes, name: str) -> str:
    if len(data) > MAX_CARDS_BYTES:
        raise ImportFormatError(name, f"the file is larger than {MAX_CARDS_BYTES // 2**20} MB")
    if data.startswith(b"PK\x03\x04"):
        raise ImportFormatError(
            name,
            "this is a zip file, such as an Anki package (.apkg); in Anki, export the deck as "
            "“Notes in Plain Text” and import that file",
        )
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ImportFormatError(name, "the file is UTF-16 text; save it again as UTF-8")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportFormatError(
            name,
            f"the file is not UTF-8 text (byte {exc.start} cannot be read); save it as UTF-8",
            line=data.count(b"\n", 0, exc.start) + 1,
        ) from None
    if "\x00" in text:
        raise ImportFormatError(
            name,
            "it contains NUL bytes: it is not a text file",
            line=text[: text.find("\x00")].count("\n") + 1,
        )
    if not text.strip():
        raise ImportFormatError(name, "the file is empty")
    return text


def _html_to_text(value: str) -> str:
    return html.unescape(_TAG.sub("", _BREAK.sub("\n", value))).strip()


def parse_cards_text(data: bytes, name: str) -> CardsText:
    """Validate a plain-text notes file; ImportFormatError naming the line when it is wrong."""
    text = _decode(data, name)
    lines = text.splitlines(keepends=True)
    separator, as_html, tags_column = "\t", False, 0
    header_lines = 0
    for raw in lines:
        if not raw.startswith("#"):
            break
        header_lines += 1
        key, _, value = raw[1:].strip().partition(":")
        key, value = key.strip().lower(), value.strip()
        if key == "separator":
            separator = _SEPARATORS.get(value.lower(), value)
            if len(separator) != 1:
                raise ImportFormatError(
                    name,
                    f"unknown separator {value!r} (use tab, comma, semicolon…)",
                    line=header_lines,
                )
        elif key == "html":
            if value.lower() not in ("true", "false"):
                raise ImportFormatError(name, "#html must be true or false", line=header_lines)
            as_html = value.lower() == "true"
        elif key == "tags column":
            if not value.isdigit() or int(value) < 3:
                raise ImportFormatError(
                    name,
                    "#tags column must be 3 or more (front and back come first)",
                    line=header_lines,
                )
            tags_column = int(value)
    body = "".join(lines[header_lines:])
    reader = csv.reader(
        io.StringIO(body, newline=""), delimiter=separator, quotechar='"', strict=True
    )
    width = tags_column or 2
    cards: list[ImportedCard] = []
    try:
        for fields in reader:
            line = header_lines + reader.line_num
            if not fields or not any(f.strip() for f in fields):
                continue
            if len(fields) != width:
                shown = "tab" if separator == "\t" else repr(separator)
                raise ImportFormatError(
                    name,
                    f"expected {width} fields separated by {shown} (front, back"
                    + (", tags" if tags_column else "")
                    + f"), found {len(fields)}",
                    line=line,
                )
            front, back = fields[0], fields[1]
            if as_html:
                front, back = _html_to_text(front), _html_to_text(back)
            if not front.strip():
                raise ImportFormatError(name, "the front (first field) is empty", line=line)
            if len(front) > MAX_CARD_CHARS or len(back) > MAX_CARD_CHARS:
                raise ImportFormatError(
                    name, f"a field is longer than {MAX_CARD_CHARS:,} characters", line=line
                )
            tags = tuple(fields[tags_column - 1].split()) if tags_column else ()
            cards.append(ImportedCard(line, front.strip(), back.strip(), tags))
            if len(cards) > MAX_CARDS:
                raise ImportFormatError(
                    name, f"more than {MAX_CARDS:,} cards in one file", line=line
                )
    except csv.Error as exc:
        raise ImportFormatError(
            name, f"a quoted field is not closed ({exc})", line=header_lines + reader.line_num
        ) from None
    if not cards:
        raise ImportFormatError(name, "no cards found (expected front<TAB>back lines)")
    return CardsText(tuple(cards), separator, as_html)
