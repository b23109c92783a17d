"""Export cards for Anki: an `.apkg` package (genanki) and tab-separated plain text.

The package holds one deck per roadmap ("Roadmap Desktop::<title>"), our own note type
("Roadmap Desktop card", fields Front and Back, rendered from Markdown to HTML without remote
images), notes whose guid is the card's stable uid (re-importing updates rather than
duplicates) and tags `roadmap::<slug>`, `phase::<key>`, `step::<key>`. The text export is
Anki's "Notes in Plain Text" with `#separator:tab`, `#html:false` and a tags column.
"""

from __future__ import annotations

import csv
import hashlib
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from roadmap_desktop.core.cloze import cloze_answer, cloze_question, has_cloze

MODEL_ID = 1_733_180_001  # fixed forever: Anki matches our note type by it
_CSS = (
    ".card { font-family: sans-serif; font-size: 18px; line-height: 1.5; text-align: left;"
    " max-width: 42em; margin: 0 auto; }"
)


@dataclass(frozen=True)
class ExportCard:
    """A card with what the export needs to place it."""

    uid: str
    roadmap_slug: str
    roadmap_title: str
    phase_key: str | None
    step_key: str | None
    front_md: str
    back_md: str


def _sides(card: ExportCard) -> tuple[str, str]:
    if has_cloze(card.front_md):
        back = cloze_answer(card.front_md) + ("\n\n" + card.back_md if card.back_md else "")
        return cloze_question(card.front_md), back
    return card.front_md, card.back_md


def tags_of(card: ExportCard) -> list[str]:
    """Anki tags (no spaces): roadmap, phase and step."""
    tags = [f"roadmap::{card.roadmap_slug}"]
    if card.phase_key:
        tags.append(f"phase::{card.phase_key}")
    if card.step_key:
        tags.append(f"step::{card.step_key}")
    return [t.replace(" ", "_") for t in tags]


def deck_id(slug: str) -> int:
    """A stable deck id for a roadmap (Anki ids are 64-bit; stay well inside)."""
    return int(hashlib.sha1(f"roadmap-desktop:{slug}".encode()).hexdigest()[:12], 16) | 1 << 50


def _model() -> Any:
    import genanki  # ~70 ms to import: only when exporting

    return genanki.Model(
        MODEL_ID,
        "Roadmap Desktop card",
        fields=[{"name": "Front"}, {"name": "Back"}],
        templates=[
            {
                "name": "Card 1",
                "qfmt": "{{Front}}",
                "afmt": '{{FrontSide}}<hr id="answer">{{Back}}',
            }
        ],
        css=_CSS,
    )


def write_apkg(cards: list[ExportCard], path: Path, *, timestamp: float | None = None) -> int:
    """Write cards to path as an Anki package; returns the number of notes."""
    import genanki

    from roadmap_desktop.core.markdown_render import render_markdown

    model = _model()
    decks: dict[str, Any] = {}
    for card in cards:
        deck = decks.get(card.roadmap_slug)
        if deck is None:
            deck = decks[card.roadmap_slug] = genanki.Deck(
                deck_id(card.roadmap_slug), f"Roadmap Desktop::{card.roadmap_title}"
            )
        front, back = _sides(card)
        deck.add_note(
            genanki.Note(
                model=model,
                fields=[render_markdown(front), render_markdown(back)],
                tags=tags_of(card),
                guid=card.uid,
            )
        )
    genanki.Package(list(decks.values())).write_to_file(str(path), timestamp=timestamp)
    return len(cards)


def cards_text(cards: list[ExportCard]) -> str:
    """Cards as Anki's "Notes in Plain Text": front, back and tags, tab-separated."""
    out = io.StringIO()
    out.write("#separator:tab\n#html:false\n#tags column:3\n")
    # Every field quoted: a front may start with "#" (a Markdown heading), which unquoted
    # would read as a header line, and may hold tabs and line breaks.
    writer = csv.writer(
        out, delimiter="\t", quotechar='"', lineterminator="\n", quoting=csv.QUOTE_ALL
    )
    for card in cards:
        front, back = card.front_md, card.back_md
        writer.writerow([front, back, " ".join(tags_of(card))])
    return out.getvalue()
