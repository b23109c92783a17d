"""Snippets read as text: headings, list items and a resource's details kept apart."""

from __future__ import annotations

from roadmap_desktop.core.resource_draft import ResourceDraft
from roadmap_desktop.services import library, study
from roadmap_desktop.services import search as search_service


def _hit(db, text: str):  # type: ignore[no-untyped-def]
    (group,) = search_service.find(db, text)
    return group.hits[0]


def test_a_notes_heading_and_list_items_are_kept_apart_and_wrapped_lines_joined(tiny) -> None:
    note = (
        "# Postgres index trick\n\nA partial index keeps the planner\nfrom scanning rows\n\n"
        "- EXPLAIN first\n- then ANALYZE"
    )
    study.save_note(tiny.db, tiny.roadmap_id, "sql", note)
    assert _hit(tiny.db, "partial").snippet_text == (
        "Postgres index trick · A partial index keeps the planner from scanning rows · "
        "EXPLAIN first · then ANALYZE"
    )


def test_a_resource_found_by_its_details_shows_them_apart(tiny) -> None:
    library.add_resource(
        tiny.db,
        ResourceDraft(
            title="Tutorial",
            author="Global Group",
            url="https://www.zorbadb.org/docs/",
            tags=("sql", "zorba"),
        ),
    )
    hit = _hit(tiny.db, "zorba")
    assert hit.snippet_text == "Global Group · https://www.zorbadb.org/docs/ · sql, zorba"
    assert [text for text, marked in hit.snippet if marked] == ["zorbadb", "zorba"]
