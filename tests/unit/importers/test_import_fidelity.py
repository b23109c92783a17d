"""Real curricula arrive whole: every layout's links, headings, titles and schedule."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from roadmap_desktop.core.roadmap_format import RoadmapSpec, StepSpec
from roadmap_desktop.importers.curriculum import CurriculumImport
from roadmap_desktop.importers.lesson_folder import parse_curriculum_path
from roadmap_desktop.importers.markdown_outline import parse_markdown_curriculum
from roadmap_desktop.importers.titles import clean_title, emojize, shorten, timing

CURRICULA = Path(__file__).resolve().parents[2] / "fixtures" / "curricula"


def _steps(spec: RoadmapSpec) -> dict[str, StepSpec]:
    return {s.title: s for s in spec.all_steps()}


def _urls(step: StepSpec) -> list[str]:
    return [r.url or "" for r in step.resources]


def _parse(text: str) -> CurriculumImport:
    return parse_markdown_curriculum(text.encode(), "plan.md")


# --- a link list under headings of any depth ----------------------------------------------------


@pytest.fixture(scope="module")
def link_list() -> CurriculumImport:
    return parse_curriculum_path(CURRICULA / "layouts" / "link-list-readme.md")


def test_link_list_sections_become_steps_with_their_links(link_list: CurriculumImport) -> None:
    spec = link_list.spec
    assert spec.title == "Build Small Things"  # an <h1> in a centred <div>, not "README"
    assert [p.title for p in spec.phases] == ["Tutorials"]
    steps = _steps(spec)
    assert list(steps) == ["Databases", "Shells", "Tool: make"]
    assert _urls(steps["Databases"]) == [
        "https://kv.example.org/go",
        "https://kv.example.org/rust",
        "https://db.example.org/c",
    ]
    assert steps["Databases"].resources[0].title == "Go: Write a key-value store in a weekend"
    # A link in the heading itself is a resource of its step too.
    assert _urls(steps["Tool: make"]) == [
        "https://make.example.org/",
        "https://make.example.org/go",
    ]


def test_link_list_report_explains_every_link_left_out(link_list: CurriculumImport) -> None:
    report = link_list.report
    assert (report.links_found, report.links_as_resources) == (11, 7)
    assert report.unexplained == ()
    reasons = {item.url: item.reason for item in report.not_imported}
    assert reasons == {
        "https://ci.example.org/build": "badge",
        "https://chat.example.org": "badge",
        "https://example.org/contributors": "left out: the “Credits” section",
        "https://creativecommons.org/publicdomain/zero/1.0/": "left out: the “License” section",
    }
    assert [h for h, _ in report.headings_left_out] == ["Contents", "Credits", "License"]
    assert report.headings_placed == {"title": 1, "phase": 1, "step": 3}


# --- references, weeks, hours and titles ----------------------------------------------------------


@pytest.fixture(scope="module")
def references() -> CurriculumImport:
    return parse_curriculum_path(CURRICULA / "layouts" / "references-readme.md")


def test_sources_and_references_are_resources_of_their_step(references: CurriculumImport) -> None:
    steps = _steps(references.spec)
    assert _urls(steps["Packets and layers"]) == [
        "https://video.example.org/osi",
        "https://notes.example.org/layers",
        "https://www.rfc-editor.org/rfc/rfc1122",
        "https://history.example.org/ip",
    ]
    # A label with brackets in it is parsed: the title is clean and the link a resource.
    osi = steps["Packets and layers"]
    assert osi.topics[0].text == "[Recap] The OSI model in ten minutes (video)"
    assert osi.resources[0].kind == "video"
    assert "Source(s) and further reading" not in steps  # not a step of its own
    assert "https://notes.example.org/cidr" in _urls(steps["Addresses and subnets"])


def test_weeks_and_hours_in_headings_plan_the_roadmap(references: CurriculumImport) -> None:
    spec = references.spec
    assert [(p.title, p.start_week, p.end_week) for p in spec.phases] == [
        ("Phase 1: Foundations", 1, 2),
        ("Phase 2: Transport", 3, 6),
    ]
    steps = _steps(spec)
    assert steps["Packets and layers"].effort_hours == 3  # "(3h)", taken out of the title
    assert steps["TCP from first principles"].effort_hours == 4  # "~4 hours"


def test_titles_lose_colons_and_long_sentences_keep_their_text(
    references: CurriculumImport,
) -> None:
    steps = _steps(references.spec)
    assert "Addresses and subnets" in steps  # "Addresses and subnets:"
    tcp = steps["TCP from first principles"]
    assert tcp.body.startswith("TCP from first principles, told as a story about two programs")


def test_advice_in_the_introduction_is_not_steps(references: CurriculumImport) -> None:
    spec = references.spec
    assert "Stay consistent" not in _steps(spec)
    assert "- Stay consistent" in spec.summary
    prompts = [q.prompt for q in spec.questions]
    assert prompts == ["What does a SYN flag ask for?", "Why does TCP need sequence numbers?"]
    left = dict(references.report.headings_left_out)
    assert left == {"Code of conduct": "left out: the “Code of conduct” section"}


# --- a day-by-day course in folders, with translations -----------------------------------------


@pytest.fixture(scope="module")
def days() -> CurriculumImport:
    return parse_curriculum_path(CURRICULA / "day-course")


def test_day_course_is_planned_as_days_and_leaves_translations_out(days: CurriculumImport) -> None:
    spec = days.spec
    assert spec.title == "8 Days Of Scripting"
    assert [(p.title, p.start_week, p.end_week) for p in spec.phases] == [
        ("Week 1 · Days 1–7", 1, 1),
        ("Week 2 · Day 8", 2, 2),
    ]
    titles = [s.title for s in spec.all_steps()]
    assert titles[:3] == ["Day 1", "Day 2 · Variables", "Day 3 · Loops"]  # numbers kept
    assert len(titles) == 8
    assert all(1 <= s.effort_hours <= 3 for s in spec.all_steps())
    left = dict(days.report.files_left_out)
    assert left["French/03_loops.md"] == "a translation (French)"
    assert left["Spanish/02_variables.md"] == "a translation (Spanish)"
    assert len(left) == 4


def test_day_one_in_the_top_readme_is_a_lesson(days: CurriculumImport) -> None:
    day1 = _steps(days.spec)["Day 1"]
    assert _urls(day1) == ["https://lang.example.org/downloads", "https://editor.example.org"]
    assert [t.text for t in day1.topics] == ["Print your name.", "Print the sum of two numbers."]
    reasons = {i.url: i.reason for i in days.report.not_imported}
    assert reasons == {"https://sponsor.example.org": "left out: the “Sponsors” section"}


# --- roadmap.sh content folders -----------------------------------------------------------------


def test_roadmap_sh_content_folder() -> None:
    imp = parse_curriculum_path(CURRICULA / "roadmap-sh")
    spec = imp.spec
    assert [p.title for p in spec.phases] == ["Basics", "Tools"]
    steps = _steps(spec)
    assert list(steps) == ["Basics", "Syntax", "Variables", "Package manager"]
    assert [(r.title, r.kind) for r in steps["Syntax"].resources] == [
        ("Syntax overview", "article"),
        ("Syntax in 20 minutes", "video"),
    ]
    assert _urls(steps["Basics"]) == ["https://lang.example.org/", "https://tour.example.org/"]
    assert imp.report.links_as_resources == imp.report.links_found == 7


# --- clean text, one rule at a time -------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        (":information_source: &nbsp;Contributing", "ℹ️ Contributing"),
        ("CLI Tools &nbsp;[<sup>[TOC]</sup>](#table-of-contents)", "CLI Tools"),
        ("C/C++:", "C/C++"),
        ("**Notes**:", "Notes"),
        (":+1: Good first issues", "👍 Good first issues"),
        ("std::vector::iterator", "std::vector::iterator"),
        ("<b>Bold</b> <i>move</i>", "Bold move"),
        ("[[Review] Sorting (video)](https://x.example.org)", "[Review] Sorting (video)"),
    ],
)
def test_clean_title(raw: str, clean: str) -> None:
    assert clean_title(raw) == clean


def test_emoji_shortcodes_and_times() -> None:
    assert emojize("I :heart: :books: at 10:30:00") == "I ❤️ 📚 at 10:30:00"
    assert timing("Phase 1: Python (weeks 1–3)").weeks == (1, 3)
    assert timing("Week 4-6").weeks == (4, 6)
    assert timing("Machine learning in 12 Weeks").span_weeks == 12
    assert timing("Day 12").days == (12, 12)
    assert timing("30 Days Of Python").span_days == 30
    assert timing("Variables (2h)").hours == 2
    assert timing("Recap (90 min)").hours == 1.5
    short, sentence = shorten("A " + "very " * 30 + "long title")
    assert len(short) <= 90 and sentence.startswith("A very very")


def test_a_twelve_week_plan_spreads_its_phases_over_twelve_weeks() -> None:
    imp = _parse(
        "# Data science in 12 Weeks\n\n## Python\n\n- Syntax\n- Data types\n\n"
        "## Statistics\n\n- Mean\n- Variance\n\n## Models\n\n- Regression\n- Trees\n\n"
        "## Project\n\n- Build one\n- Write it up\n"
    )
    weeks = [(p.start_week, p.end_week) for p in imp.spec.phases]
    assert weeks[0][0] == 1 and weeks[-1][1] == 12
    assert all(a[1] < b[0] for a, b in itertools.pairwise(weeks))


def test_effort_comes_from_the_material_with_bounds() -> None:
    imp = _parse(
        "# Plan\n\n## Part\n\n### Short\n\nOne line.\n\n### Long\n\n"
        + "\n".join(f"- [Link {i}](https://ex.example.org/{i})" for i in range(200))
        + "\n"
    )
    steps = _steps(imp.spec)
    assert steps["Short"].effort_hours == 0.5
    assert steps["Long"].effort_hours == 12  # 200 links, but a guess never passes 12 hours


def test_titles_drop_the_roadmaps_name_in_front() -> None:
    imp = _parse(
        "# 🐍 Go in Ten Days\n\n## Go in Ten Days: Day 1 - Setup\n\n- Install\n\n"
        "## Go in Ten Days - Day 2 - Types\n\n- Ints\n\n## Go in Ten Days and beyond\n\n- More\n"
    )
    assert [p.title for p in imp.spec.phases] == [
        "Day 1 - Setup",
        "Day 2 - Types",
        "Go in Ten Days and beyond",  # not a prefix: the words go on
    ]
