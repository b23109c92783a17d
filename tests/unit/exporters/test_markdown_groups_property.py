"""Property: any roadmap's "choose one of" groups, and the learner's pick, survive a Markdown
export imported back (exporters/markdown_roadmap.py, importers/markdown_lex.py)."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from roadmap_desktop.core.content_sync import sync_roadmap
from roadmap_desktop.core.db import open_database
from roadmap_desktop.core.models import Origin
from roadmap_desktop.core.roadmap_format import GroupSpec, PhaseSpec, RoadmapSpec, StepSpec
from roadmap_desktop.exporters.markdown_roadmap import export_markdown
from roadmap_desktop.importers.markdown_outline import parse_markdown_curriculum
from roadmap_desktop.services.alternatives import choose_alternative
from roadmap_desktop.services.curriculum import apply_import
from roadmap_desktop.services.export import export_roadmap
from roadmap_desktop.services.queries import roadmap_id_for

# Titles with the characters a group comment must carry: "·" (its separator), "&", "*", "#".
_WORDS = st.sampled_from(["Python", "Go", "Rust", "pick", "one · two", "C#", "&", "*fast*", "é"])
_TITLES = st.lists(_WORDS, min_size=1, max_size=4).map(" ".join)


@st.composite
def _phase(draw: st.DrawFn, index: int) -> tuple[PhaseSpec, str | None]:
    """A phase of 2–6 steps with zero to two groups of two or more of them; and a step to pick."""
    count = draw(st.integers(min_value=2, max_value=6))
    steps = tuple(
        StepSpec(f"s{index}-{i}", f"{draw(_TITLES)} {i}", "topic", 1.0, "Text.")
        for i in range(count)
    )
    free = [s.key for s in steps]
    groups = []
    pick = None
    for g in range(draw(st.integers(min_value=0, max_value=2))):
        if len(free) < 2:
            break
        options = draw(st.lists(st.sampled_from(free), min_size=2, max_size=len(free), unique=True))
        ordered = tuple(key for key in free if key in options)
        free = [key for key in free if key not in options]
        groups.append(GroupSpec(f"g{index}-{g}", draw(_TITLES), ordered))
        if pick is None and draw(st.booleans()):
            pick = draw(st.sampled_from(ordered))
    phase = PhaseSpec(f"p{index}", f"Phase {index}", index + 1, index + 1, "", steps, tuple(groups))
    return phase, pick


@st.composite
def _roadmap(draw: st.DrawFn) -> tuple[RoadmapSpec, list[str]]:
    drawn = [draw(_phase(i)) for i in range(draw(st.integers(min_value=1, max_value=3)))]
    spec = RoadmapSpec("drawn", "Drawn", 1, "", "test", tuple(p for p, _ in drawn))
    return spec, [pick for _, pick in drawn if pick is not None]


def _groups(db: object, slug: str) -> list[list[tuple[object, ...]]]:
    """Each phase's groups, in the order a reader meets them (by their first option: the order
    the Markdown export can give; the groups' stored order means nothing to the learner)."""
    phases = export_roadmap(db, slug)["roadmap"]["phases"]  # type: ignore[arg-type]
    result = []
    for phase in phases:
        order = [s["key"] for s in phase["steps"]]
        groups = sorted(phase["groups"], key=lambda g: min(order.index(k) for k in g["steps"]))
        result.append([(g["key"], g["title"], g["steps"], g["chosen"]) for g in groups])
    return result


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_roadmap())
def test_groups_and_picks_survive_a_markdown_round_trip(drawn: tuple[RoadmapSpec, list[str]]):
    spec, picks = drawn
    with tempfile.TemporaryDirectory() as folder:
        db = open_database(Path(folder) / "db.sqlite3")
        try:
            with db.transaction() as session:
                sync_roadmap(session, spec, origin=Origin.IMPORTED)
            rid = roadmap_id_for(db, spec.slug)
            for step_key in picks:
                choose_alternative(db, rid, step_key)
            text = export_markdown(db, spec.slug)
            apply_import(db, parse_markdown_curriculum(text.encode(), "drawn.md"), as_slug="back")
            assert _groups(db, "back") == _groups(db, spec.slug)
            # Updating the copy from its own export finds nothing to change.
            again = parse_markdown_curriculum(export_markdown(db, "back").encode(), "back.md")
            plan, _ = apply_import(db, again, update_slug="back")
            assert (plan.added, plan.removed, plan.changed) == ([], [], [])
            assert _groups(db, "back") == _groups(db, spec.slug)
        finally:
            db.close()
