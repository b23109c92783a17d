"""Anki package and plain-text export, plain-text import into a step, bad files."""

from __future__ import annotations

import sqlite3
import zipfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from roadmap_desktop.core.errors import ImportFormatError
from roadmap_desktop.core.models import Card
from roadmap_desktop.exporters.cards import ExportCard, cards_text
from roadmap_desktop.importers.cards_text import parse_cards_text
from roadmap_desktop.services import card_interop, cards
from roadmap_desktop.services.review_values import CardDraft


def _count(db) -> int:  # type: ignore[no-untyped-def]
    with db.reading() as session:
        return int(session.scalar(select(func.count(Card.id))) or 0)


def test_apkg_opens_back_with_notes_fields_tags_and_decks(tiny, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    cards.create_card(
        tiny.db, tiny.roadmap_id, "git", CardDraft("What is `git rebase`?", "It *replays* commits.")
    )
    cards.create_card(
        tiny.db, tiny.roadmap_id, "git", CardDraft("A {{c1::branch}} is a pointer.", "")
    )
    path = tmp_path / "cards.apkg"
    assert card_interop.export_apkg(tiny.db, path) == 4
    with zipfile.ZipFile(path) as zf:
        assert "collection.anki2" in zf.namelist()
        zf.extract("collection.anki2", tmp_path)
    conn = sqlite3.connect(tmp_path / "collection.anki2")
    try:
        notes = conn.execute("SELECT guid, flds, tags FROM notes ORDER BY id").fetchall()
        decks = conn.execute("SELECT decks FROM col").fetchone()[0]
    finally:
        conn.close()
    assert len(notes) == 4
    fields = [n[1].split("\x1f") for n in notes]
    assert all(len(f) == 2 for f in fields)
    rebase = next(f for f in fields if "rebase" in f[0])
    assert ">git rebase</code>" in rebase[0] and "<em>replays</em>" in rebase[1]
    cloze = next(f for f in fields if "pointer" in f[0])
    assert "[…]" in cloze[0] and "branch" not in cloze[0] and "<strong>branch</strong>" in cloze[1]
    assert any(
        "step::git" in n[2] and "phase::basics" in n[2] and "roadmap::tiny" in n[2] for n in notes
    )
    assert "Roadmap Desktop::Tiny roadmap" in decks
    uids = {c.uid for c in cards.step_cards(tiny.db, tiny.roadmap_id, "git")}
    assert uids <= {n[0] for n in notes}


def test_text_export_imports_back(tiny) -> None:  # type: ignore[no-untyped-def]
    cards.create_card(tiny.db, tiny.roadmap_id, "git", CardDraft("Line one\nwith\ttab", 'Say "hi"'))
    text = card_interop.export_text(tiny.db, tiny.roadmap_id)
    assert text.startswith("#separator:tab\n#html:false\n#tags column:3\n")
    parsed = parse_cards_text(text.encode(), "cards.txt")
    assert ("Line one\nwith\ttab", 'Say "hi"') in [(c.front, c.back) for c in parsed.cards]
    assert len(parsed.cards) == 3


def test_import_text_into_a_step_and_undo(tiny) -> None:  # type: ignore[no-untyped-def]
    data = (
        "#separator:tab\n#html:true\n"
        "What is a <b>commit</b>?\tA snapshot<br>of files\n\nFetch?\tDownload\n"
    )
    before = _count(tiny.db)
    ids, change = card_interop.import_text(tiny.db, tiny.roadmap_id, "git", data.encode(), "a.txt")
    assert len(ids) == 2 and change.step_keys == {"git"}
    fronts = {c.front_md: c.back_md for c in cards.step_cards(tiny.db, tiny.roadmap_id, "git")}
    assert fronts["What is a commit?"] == "A snapshot\nof files"
    card_interop.remove_imported(tiny.db, ids)
    assert _count(tiny.db) == before


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (b"front only\n", "expected 2 fields"),
        (b"a\tb\tc\n", "found 3"),
        (b"ok\tfine\n\tno front\n", "front"),
        ("caf\u00e9\tx\n".encode("latin-1"), "not UTF-8"),
        ("a\tb\n".encode("utf-16"), "UTF-16"),
        (b"#separator:weird\na\tb\n", "unknown separator"),
        (b"", "empty"),
        (b"#html:false\n", "no cards"),
        (b"PK\x03\x04\x14\x00\x00\x00", "Notes in Plain Text"),
        (b'"open\tquote\n', "quoted field is not closed"),
    ],
)
def test_bad_text_files_are_refused_and_write_nothing(tiny, data: bytes, problem: str) -> None:  # type: ignore[no-untyped-def]
    before = _count(tiny.db)
    with pytest.raises(ImportFormatError) as caught:
        card_interop.import_text(tiny.db, tiny.roadmap_id, "git", data, "bad.txt")
    assert problem in str(caught.value) and "bad.txt" in str(caught.value)
    assert _count(tiny.db) == before


def test_bad_row_late_in_file_writes_nothing(tiny) -> None:  # type: ignore[no-untyped-def]
    before = _count(tiny.db)
    data = "".join(f"q{i}\ta{i}\n" for i in range(50)) + "broken\n"
    with pytest.raises(ImportFormatError, match="line 51"):
        card_interop.import_text(tiny.db, tiny.roadmap_id, "git", data.encode(), "late.txt")
    assert _count(tiny.db) == before


_FIELD = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=60
)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(_FIELD.filter(lambda t: t.strip()), _FIELD), min_size=1, max_size=8))
def test_text_export_round_trips_any_text(rows: list[tuple[str, str]]) -> None:
    exported = cards_text(
        [ExportCard(f"u{i}", "r", "R", "p", "s", f, b) for i, (f, b) in enumerate(rows)]
    )
    parsed = parse_cards_text(exported.encode(), "x.txt")
    assert [(c.front, c.back) for c in parsed.cards] == [(f.strip(), b.strip()) for f, b in rows]
    assert all(c.tags == ("roadmap::r", "phase::p", "step::s") for c in parsed.cards)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=400))
def test_any_bytes_give_cards_or_a_clear_error(data: bytes) -> None:
    try:
        parsed = parse_cards_text(data, "fuzz.txt")
    except ImportFormatError as exc:
        assert str(exc).startswith("fuzz.txt")
    else:
        assert parsed.cards and all(c.front.strip() for c in parsed.cards)
