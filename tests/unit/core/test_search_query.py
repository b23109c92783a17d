"""Searching: hostile text never fails, accents and case fold, titles rank above body text."""

from __future__ import annotations

import sqlite3

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from roadmap_desktop.core import search_index
from roadmap_desktop.core.fuzzy import match, rank
from roadmap_desktop.core.resource_draft import ResourceDraft
from roadmap_desktop.core.search import Field, HitKind, mark, search
from roadmap_desktop.core.search_text import first_match, fold, fts_query, parse
from roadmap_desktop.services import cards, library, study
from roadmap_desktop.services import roadmap_edit as edit
from roadmap_desktop.services import search as search_service
from roadmap_desktop.services.review_values import CardDraft

HOSTILE = [
    '"',
    '""',
    '"""',
    "*",
    "-",
    "- -",
    "-a",
    "a -",
    "NEAR",
    "NEAR(a b)",
    "NEAR(a b, 2",
    "a AND",
    "OR b",
    "NOT",
    "a NOT",
    "(",
    ")",
    "((a)",
    "{title}: x",
    "title:x",
    "^a",
    "a + b",
    "'",
    "\\",
    "\x00",
    "\x02\x03",
    "_",
    "__init__",
    "🙂",
    "a" * 5000,
    " ".join("w" * i for i in range(1, 60)),
    'c++ "unbalanced',
    "e\u0301",
    "ﬁ",
]


def _memory() -> sqlite3.Connection:
    conn = sqlite3.connect(":memory:")
    conn.execute(
        f"CREATE VIRTUAL TABLE t USING fts5(title, body, extra, "
        f"tokenize = '{search_index.TOKENIZER}')"
    )
    conn.execute("INSERT INTO t VALUES ('Crème brûlée', 'near and or not', 'x')")
    return conn


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_makes_a_valid_query(text: str) -> None:
    conn = _memory()
    for titles_only in (False, True):
        expression = fts_query(parse(text), titles_only=titles_only)
        if expression:
            conn.execute("SELECT rowid FROM t WHERE t MATCH ?", (expression,)).fetchall()


@settings(max_examples=400, deadline=None)
@given(st.text(max_size=80))
def test_any_text_makes_a_valid_query(text: str) -> None:
    conn = _memory()
    expression = fts_query(parse(text))
    if expression:
        conn.execute("SELECT rowid FROM t WHERE t MATCH ?", (expression,)).fetchall()


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.text(
        alphabet=st.sampled_from([*"abcé \"*-():^{}+NEARORNOTAND\\'_0", "\x00", "ß"]),
        max_size=40,
    )
)
def test_any_text_searches_the_real_index(tiny, text: str) -> None:
    with tiny.db.reading() as session:
        for group in search(session.connection(), text):
            assert group.hits


def test_operators_are_plain_words(tiny) -> None:
    study.save_note(tiny.db, tiny.roadmap_id, "sql", "Go NEAR the edge AND back, OR not.")
    hits = search_service.find(tiny.db, "NEAR AND OR")
    assert [g.kind for g in hits] == [HitKind.NOTE]


def test_accents_and_case_are_ignored(tiny) -> None:
    study.save_note(tiny.db, tiny.roadmap_id, "sql", "Le café à Zürich")
    for text in ("cafe", "CAFÉ", "zurich", "ZÜR", "cafe\u0301"):
        groups = search_service.find(tiny.db, text)
        assert [g.kind for g in groups] == [HitKind.NOTE], text


def test_prefix_finds_the_whole_word_and_marks_it(tiny) -> None:
    study.save_note(tiny.db, tiny.roadmap_id, "sql", "Line one.\nPostgreSQL partial indexes.")
    (group,) = search_service.find(tiny.db, "postg")
    (hit,) = group.hits
    assert ("PostgreSQL", True) in hit.snippet
    assert hit.field == Field.NOTE
    assert hit.match_text == "PostgreSQL" and hit.offset == len("Line one.\n")
    assert hit.roadmap_slug == "tiny" and hit.step_key == "sql"
    assert hit.location == ("Tiny roadmap", "Data")


def test_a_title_match_ranks_above_a_body_match(tiny) -> None:
    custom, _ = edit.create_roadmap(tiny.db, "Ranking")
    body_key, _ = edit.add_step(tiny.db, custom, "phase-1", "Storage engines")
    edit.update_step(
        tiny.db, custom, body_key, body_md="B-trees and LSM trees; vacuum reclaims space."
    )
    title_key, _ = edit.add_step(tiny.db, custom, "phase-1", "Vacuum and bloat")
    edit.update_step(tiny.db, custom, title_key, body_md="Dead rows pile up until cleaned.")
    (group,) = search_service.find(tiny.db, "vacuum")
    assert [h.step_key for h in group.hits] == [title_key, body_key]
    assert group.hits[0].field == Field.TITLE and group.hits[1].field == Field.GUIDE
    assert group.hits[1].match_text == "vacuum"


def test_resource_title_beats_resource_note(tiny) -> None:
    library.add_resource(tiny.db, ResourceDraft(title="Kafka streams", note_md="Nothing"))
    library.add_resource(
        tiny.db, ResourceDraft(title="Logs", note_md="Mentions kafka once in a long note " * 3)
    )
    (group,) = search_service.find(tiny.db, "kafka")
    assert [h.title_text for h in group.hits] == ["Kafka streams", "Logs"]
    assert group.hits[1].field == Field.NOTE


def test_phrases_and_exclusions(tiny) -> None:
    assert search_service.find(tiny.db, '"inner join"')
    assert not search_service.find(tiny.db, '"join inner"')
    titles = {h.title_text for g in search_service.find(tiny.db, "join") for h in g.hits}
    assert "What does an inner join return?" in titles
    titles = {h.title_text for g in search_service.find(tiny.db, "join -inner") for h in g.hits}
    assert "What does an inner join return?" not in titles


def test_one_letter_words_are_whole_words_in_titles(tiny) -> None:
    study.save_note(tiny.db, tiny.roadmap_id, "sql", "zeta\nz")
    custom, _ = edit.create_roadmap(tiny.db, "Languages")
    edit.add_step(tiny.db, custom, "phase-1", "The C language")
    assert not search_service.find(tiny.db, "z")  # not in a title
    assert search_service.find(tiny.db, "ze")
    assert found_titles(tiny.db, "c") == {"The C language"}
    assert "The C language" not in found_titles(tiny.db, "l")  # whole words only
    # Beside a longer word a single letter is left out, not searched as a prefix.
    assert found_titles(tiny.db, "language c") == found_titles(tiny.db, "language")


def found_titles(db, text: str) -> set[str]:  # type: ignore[no-untyped-def]
    return {h.title_text for g in search_service.find(db, text) for h in g.hits}


def test_groups_keep_their_limit(tiny) -> None:
    for i in range(12):
        library.add_resource(tiny.db, ResourceDraft(title=f"Lambda calculus {i}"))
    (group,) = search_service.find(tiny.db, "lambda", limit=5)
    assert len(group.hits) == 5


def test_parse_splits_words_phrases_and_exclusions() -> None:
    q = parse('Postgres "partial index" -mysql c++')
    assert q.prefixes == ("postgres", "c")
    assert q.phrases == (("partial", "index"),)
    assert q.excluded == ("mysql",)
    assert parse('an "unclosed phrase').prefixes == ("an", "unclosed", "phrase")
    assert parse("-only").prefixes == () and parse("-only").empty


def test_fold_mark_and_first_match() -> None:
    assert fold("Ærø Crème") == "ærø creme"
    assert mark("Crème brûlée", ["bru"]) == (("Crème ", False), ("brûlée", True))
    assert first_match("x Brûlée", ("brul",)) == (2, "Brûlée")
    assert first_match("nothing", ("brul",)) is None


@pytest.mark.parametrize(
    ("query", "name"),
    [
        ("undo", "Undo"),
        ("tgl th", "Toggle theme"),
        ("imprt", "Import curriculum…"),
        ("seach", "Search everything"),
        ("thmee", "Toggle theme"),
        ("ncr", "New curriculum roadmap"),
        ("EXPORT", "Export library as CSV…"),
    ],
)
def test_commands_match_fuzzily(query: str, name: str) -> None:
    assert match(query, name) is not None


@pytest.mark.parametrize(("query", "name"), [("xyz", "Undo"), ("zz", "Toggle theme")])
def test_commands_that_do_not_match(query: str, name: str) -> None:
    assert match(query, name) is None


def test_command_ranking_prefers_prefixes_then_word_starts() -> None:
    names = ["Redo", "Undo", "Import bundle", "Toggle theme", "Find in roadmap"]
    assert [n for n, _ in rank("undo", names, str)] == ["Undo"]
    assert [n for n, _ in rank("i", names, str)][:1] == ["Import bundle"]
    assert [n for n, _ in rank("ro", names, str)][:2] == ["Find in roadmap", "Redo"]


def test_a_notes_first_line_ranks_as_its_title(tiny) -> None:
    rid = tiny.roadmap_id
    study.save_note(tiny.db, rid, "http", "Intro\n" + "Mentions of caching deep in the text " * 5)
    study.save_note(tiny.db, rid, "git", "# Caching tricks\n\nKeep it short.")
    (group,) = search_service.find(tiny.db, "caching")
    assert [h.step_key for h in group.hits] == ["git", "http"]


def test_groups_with_title_matches_first_then_the_learners_notes(tiny) -> None:
    rid = tiny.roadmap_id
    study.save_note(tiny.db, rid, "http", "Intro\nResponses are cached; relational too")
    kinds = [g.kind for g in search_service.find(tiny.db, "responses")]
    assert kinds == [HitKind.NOTE, HitKind.STEP]  # both in body text: the note first
    kinds = [g.kind for g in search_service.find(tiny.db, "relational")]
    assert kinds == [HitKind.STEP, HitKind.NOTE]  # a step title beats a note's body


def test_cards_are_found_by_front_then_back_and_placed_in_their_step(tiny) -> None:
    rid = tiny.roadmap_id
    back_id, _ = cards.create_card(
        tiny.db, rid, "http", CardDraft("What makes a request safe?", "It is idempotent.")
    )
    front_id, _ = cards.create_card(
        tiny.db, rid, "sql", CardDraft("Idempotent updates\nin SQL", "Run twice, same rows.")
    )
    (group,) = search_service.find(tiny.db, "idempot")
    assert group.kind == HitKind.CARD
    assert [h.card_id for h in group.hits] == [front_id, back_id]  # the front is its title
    first, second = group.hits
    assert first.title_text == "Idempotent updates" and first.field == Field.TITLE
    assert second.field == Field.ANSWER
    assert [text for text, hit in second.snippet if hit] == ["idempotent"]
    assert first.location == ("Tiny roadmap", "Data", "Relational databases")
    assert (first.roadmap_slug, first.step_key) == ("tiny", "sql")


def test_card_group_comes_after_practice_questions(tiny) -> None:
    cards.create_card(tiny.db, tiny.roadmap_id, "sql", CardDraft("Outer join or inner?", ""))
    kinds = [g.kind for g in search_service.find(tiny.db, "inner")]
    assert kinds == [HitKind.QUESTION, HitKind.CARD]


def test_ranking_is_bounded_to_the_newest_matches_but_titles_still_win(
    tiny, monkeypatch: pytest.MonkeyPatch
) -> None:
    from roadmap_desktop.core import search as core_search

    monkeypatch.setattr(core_search, "CANDIDATES", 3)
    first, _ = library.add_resource(tiny.db, ResourceDraft(title="Quorum reads"))
    body_only = [
        library.add_resource(tiny.db, ResourceDraft(title=f"Paper {i}", note_md="quorum"))[0]
        for i in range(6)
    ]
    (group,) = search_service.find(tiny.db, "quorum", limit=4)
    ids = [h.resource_id for h in group.hits]
    assert ids[0] == first  # the oldest, but a title match
    assert set(ids[1:]) <= set(body_only[-3:])  # only the newest body matches were ranked
