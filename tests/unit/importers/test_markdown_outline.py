"""Markdown curricula: realistic READMEs, every construct, and every kind of bad input."""

from __future__ import annotations

import contextlib
import time
from pathlib import Path
from typing import Any

import pytest
import yaml

from roadmap_desktop.core.roadmap_format import RoadmapSpec, StepSpec, parse_roadmap
from roadmap_desktop.importers.curriculum import CurriculumFormatError, CurriculumImport
from roadmap_desktop.importers.markdown_outline import parse_markdown_curriculum

CURRICULA = Path(__file__).resolve().parents[2] / "fixtures" / "curricula"


def _parse(text: str, name: str = "notes.md", **kwargs: Any) -> CurriculumImport:
    return parse_markdown_curriculum(text.encode("utf-8"), name, **kwargs)


def _revalidate(spec: RoadmapSpec) -> RoadmapSpec:
    """The spec written as a roadmap YAML file and read back through the real validator."""
    doc = {
        "format": "roadmap-desktop/roadmap",
        "format_version": 1,
        "slug": spec.slug,
        "title": spec.title,
        "content_version": spec.content_version,
        "summary": spec.summary,
        "source": spec.source,
        "phases": [
            {
                "key": p.key,
                "title": p.title,
                "weeks": [p.start_week, p.end_week],
                "summary": p.summary,
                "steps": [
                    {
                        "key": s.key,
                        "title": s.title,
                        "kind": s.kind,
                        "effort_hours": s.effort_hours,
                        "body": s.body,
                        "topics": [{"key": t.key, "text": t.text} for t in s.topics],
                        "resources": [
                            {k: v for k, v in r.__dict__.items() if v not in (None, "")}
                            for r in s.resources
                        ],
                    }
                    for s in p.steps
                ],
            }
            for p in spec.phases
        ],
        "questions": [
            {k: v for k, v in q.__dict__.items() if v is not None} for q in spec.questions
        ],
    }
    return parse_roadmap(yaml.safe_dump(doc, allow_unicode=True).encode(), "check.yaml")


def _step(spec: RoadmapSpec, key: str) -> StepSpec:
    return next(s for s in spec.all_steps() if s.key == key)


def _resources(step: StepSpec) -> dict[str, str]:
    return {r.title: r.kind for r in step.resources}


# --- the realistic fixtures --------------------------------------------------------------------


@pytest.fixture(scope="module")
def checklist() -> CurriculumImport:
    data = (CURRICULA / "checklist-readme.md").read_bytes()
    return parse_markdown_curriculum(data, "checklist-readme.md")


def test_checklist_readme_phases_and_steps(checklist: CurriculumImport) -> None:
    spec = checklist.spec
    assert spec.title == "Backend Interview Checklist"  # from the <h1> inside a <div>
    assert spec.slug == "backend-interview-checklist"
    # "How to use it" (text only, before the first real phase) joins the summary; the table
    # of contents, Contributing and License are left out.
    assert [p.title for p in spec.phases] == [
        "Fundamentals",
        "Data Structures",
        "Databases",
        "Networking",
        "Algorithms",
        "System Design",
        "Final Review",
    ]
    assert "### How to use it" in spec.summary
    assert "Ticking a box feels good" in spec.summary  # inside <details>
    assert "img.shields.io" not in spec.summary  # a line of badges is dropped
    steps = {p.key: [s.key for s in p.steps] for p in spec.phases}
    assert steps == {
        "fundamentals": ["big-o", "arrays", "linked-lists"],
        "data-structures": ["hash-tables", "trees", "trees-2"],  # duplicate heading
        "databases": ["relational-databases", "nosql"],
        "networking": ["http", "tls", "dns", "sockets"],  # Sockets sits in <details>
        "algorithms": ["sorting", "graphs", "dynamic-programming"],
        "system-design": ["scalability", "case-studies"],
        "final-review": [
            "series-of-2-3-minute-short-subject-videos-23-videos",
            "series-of-2-5-minute-short-subject-videos-michael-sambol-46-videos",
            "sedgewick-videos-algorithms-i",
        ],
    }
    assert checklist.line_of["arrays"] == 51
    assert checklist.line_of["relational-databases"] == 109
    _revalidate(spec)


def test_checklist_topics_from_nested_boxes_with_tabs_and_spaces(
    checklist: CurriculumImport,
) -> None:
    arrays = _step(checklist.spec, "arrays")  # indented with tabs
    assert [t.text for t in arrays.topics] == [
        "About Arrays:",
        "Arrays (video)",
        "UC Berkeley CS61B - Linear and Multi-Dim Arrays (video) (Start watching from 15m 32s)",
        "Dynamic Arrays explained",
        "Implement a vector (mutable array with automatic resizing):",
        "Practice coding using arrays and pointers",
        "New raw data array with allocated memory",
        "Time",
    ]
    # Items without a box under a boxed item are details, kept in the step's text as a list.
    assert "- can allocate int array under the hood" in arrays.body
    assert "- O(n) to insert/remove elsewhere" in arrays.body
    # The fenced code inside the list stays code: no topic, no heading.
    assert "```c\n// This is code, not a checklist:\n- [ ] not a topic" in arrays.body
    assert all("not a topic" not in t.text for t in arrays.topics)
    assert arrays.effort_hours == 8  # one hour per topic
    big_o = _step(checklist.spec, "big-o")
    assert "Lecture 2 (video)" in [t.text for t in big_o.topics]
    assert big_o.body == "- Watch from 10:00; the first part repeats lecture 1."


def test_checklist_link_kinds(checklist: CurriculumImport) -> None:
    arrays = _resources(_step(checklist.spec, "arrays"))
    assert arrays == {
        "Arrays (video)": "video",  # "(video)" wins over coursera.org
        "UC Berkeley CS61B - Linear and Multi-Dim Arrays (video)": "video",
        "Dynamic Arrays explained": "article",  # [@article@…]
    }
    hash_tables = _resources(_step(checklist.spec, "hash-tables"))
    assert hash_tables["Data Structures (course)"] == "course"
    trees = _resources(_step(checklist.spec, "trees"))
    assert trees["Sedgewick, Algorithms 4th edition"] == "book"  # "(book)" after the link
    sorting = _step(checklist.spec, "sorting")
    assert _resources(sorting)["Sorting algorithms visualised"] == "video"  # [@video@…]
    assert "Quicksort O(n log n) average case" in [t.text for t in sorting.topics]  # "+ [ ]"
    assert "2. Bottom up Mergesort" in [t.text for t in sorting.topics]  # "2. [ ]"
    dynamic = _step(checklist.spec, "dynamic-programming")
    assert dynamic.body.startswith("[Dynamic Programming (video)]")  # no stray indentation
    http = _resources(_step(checklist.spec, "http"))
    assert http == {"MDN: An overview of HTTP": "docs"}  # a known documentation host
    relational = _step(checklist.spec, "relational-databases")
    urls = [r.url for r in relational.resources]
    assert "https://sqlbolt.com/" in urls  # an <autolink>
    assert not any("javascript" in (u or "") or "data:" in (u or "") for u in urls)
    assert "A link to nowhere and" in relational.body  # the unsafe link keeps only its text
    assert any("unsafe link" in w and "line 121" in w for w in checklist.warnings)
    # In-page anchors (the table of contents) never become resources.
    assert not any(
        (r.url or "").startswith("#") for s in checklist.spec.all_steps() for r in s.resources
    )


def test_checklist_progress_from_ticks_and_marks(checklist: CurriculumImport) -> None:
    # `- [x] ### DNS` ticks the step; "### NoSQL ✅" too; every topic of a step is not enough
    # when the step has its own box.
    assert checklist.done_steps == {"dns", "nosql"}
    assert ("big-o", "harvard-cs50-asymptotic-notation-video") in checklist.done_topics
    assert ("relational-databases", "joins") in checklist.done_topics  # "Joins ✅"
    assert ("arrays", "arrays-video") in checklist.done_topics
    assert ("http", "methods-and-status-codes") not in checklist.done_topics
    questions = [q for q in checklist.spec.questions if q.step == "relational-databases"]
    assert [q.prompt for q in questions] == [
        "What is the difference between an inner join and a left join?",
        "Why can an index make writes slower?",
    ]
    assert all(q.answer == "Write your own answer." for q in questions)


@pytest.fixture(scope="module")
def courses() -> CurriculumImport:
    data = (CURRICULA / "course-table-readme.md").read_bytes()
    return parse_markdown_curriculum(data, "course-table-readme.md")


def test_course_table_readme(courses: CurriculumImport) -> None:
    spec = courses.spec
    assert (spec.slug, spec.title, spec.content_version) == (
        "open-cs",
        "Open Computer Science (test edition)",
        3,
    )  # front matter
    assert spec.summary.startswith("A complete education in computer science")
    assert "### Summary" in spec.summary
    assert [p.title for p in spec.phases] == [
        "Intro CS",
        "Core programming",
        "Core math",
        "CS Tools",
        "Final project",
    ]
    intro = spec.phases[0]
    assert intro.summary.startswith("All courses are free")  # the group's text
    (python,) = intro.steps
    assert python.title == "Introduction to Computer Science and Programming using Python"
    assert python.effort_hours == 14 * 8  # 14 weeks × (6+10)/2 hours a week
    assert [t.text for t in python.topics] == ["simple programs", "simple data structures"]
    assert _resources(python)[python.title] == "course"
    assert "- **Prerequisites:** [high school algebra]" in python.body
    core = spec.phases[1]
    assert [s.effort_hours for s in core.steps] == [117.0, 97.5, 30.0, 16.0, 14.0]
    assert all(not s.topics for s in core.steps)  # several courses: the topics describe the phase
    assert "Topics covered: functional programming, design for testing" in core.summary
    math = {s.title: s for s in spec.phases[2].steps}
    assert math["Linear algebra (self-study, no link)"].effort_hours == pytest.approx(26.1)
    assert "Use any textbook" in math["Linear algebra (self-study, no link)"].body
    assert courses.done_steps == {"systematic-program-design"}  # ✅ in the first cell
    final = spec.phases[4]
    assert [s.title for s in final.steps] == [
        "Choose a project",
        "Write a design document",
        "Build it and publish the code",
    ]
    assert [(p.start_week, p.end_week) for p in spec.phases] == [
        (1, 12),
        (13, 40),
        (41, 60),
        (61, 63),
        (64, 64),
    ]
    _revalidate(spec)


# --- constructs, one by one --------------------------------------------------------------------


def test_headings_of_any_level_choose_phases_and_steps() -> None:
    imp = _parse(
        "# Title\n\n### Phase A\n\n##### Step one\ntext\n\n##### Step two\n\n"
        "###### detail\nmore\n\n### Phase B\n\n##### Step three\n"
    )
    assert [(p.title, [s.title for s in p.steps]) for p in imp.spec.phases] == [
        ("Phase A", ["Step one", "Step two"]),
        ("Phase B", ["Step three"]),
    ]
    assert _step(imp.spec, "step-two").body == "### detail\nmore"  # body headings start at ###


def test_one_heading_level_makes_steps_unless_sections_hold_lists() -> None:
    prose = _parse("# Notes\n\n## Variables\nNames for values.\n\n## Loops\nRepeat things.\n")
    assert [s.title for p in prose.spec.phases for s in p.steps] == ["Variables", "Loops"]
    lists = _parse("# Plan\n\n## Basics\n- [ ] Variables\n- [ ] Loops\n\n## More\n- [ ] Files\n")
    assert [(p.title, [s.title for s in p.steps]) for p in lists.spec.phases] == [
        ("Basics", ["Variables", "Loops"]),
        ("More", ["Files"]),
    ]


def test_checkbox_outline_without_headings() -> None:
    imp = _parse(
        "- [x] Learn Git\n  - [x] commits\n  - [ ] branches\n"
        "- [ ] Learn SQL\n\t- joins\n\t\t- inner joins\n- [ ] Ship it\n",
        "todo.md",
    )
    (phase,) = imp.spec.phases
    assert phase.title == "Todo"
    assert [(s.title, [t.text for t in s.topics]) for s in phase.steps] == [
        ("Learn Git", ["commits", "branches"]),
        ("Learn SQL", ["joins"]),  # no box under a boxed item: a topic; deeper: a detail
        ("Ship it", []),
    ]
    assert phase.steps[1].body == "- inner joins"
    assert imp.done_steps == {"learn-git"}
    assert imp.done_topics == {("learn-git", "commits")}


def test_topics_covered_tags_on_a_step() -> None:
    imp = _parse(
        "# C\n\n## P\n\n### Networking\n**Topics covered**: `tcp` `udp`\n`dns`\n\nText.\n\n"
        "### B\nx\n"
    )
    step = _step(imp.spec, "networking")
    assert [t.text for t in step.topics] == ["tcp", "udp", "dns"]
    assert step.body == "Text."


def test_front_matter_and_bad_front_matter() -> None:
    good = _parse("---\ntitle: From YAML\nslug: yaml-slug\nversion: 4\n---\n# Heading\n- [ ] a\n")
    assert (good.spec.title, good.spec.slug, good.spec.content_version) == (
        "From YAML",
        "yaml-slug",
        4,
    )
    bad = _parse("---\ntitle: [unclosed\n---\n# Heading\n- [ ] a\n")
    assert bad.spec.title == "Heading"
    assert any("front matter" in w for w in bad.warnings)
    assert _parse("- [ ] a\n", slug="chosen").spec.slug == "chosen"


def test_raw_html_never_breaks_parsing() -> None:
    imp = _parse(
        '# T\n\n## P\n\n<div align="center">\n<img src="x.png">\n\n### Step\n'
        "<details><summary>More</summary>\n\n- [ ] inside details\n"
        '- [ ] <a href="https://example.org/a">anchor tag</a>\n\n</details>\n'
        "</div>\n<!-- a comment\nover lines -->\nafter <b>bold</b> List<String> stays\n"
    )
    step = _step(imp.spec, "step")
    assert [t.text for t in step.topics] == ["inside details", "anchor tag"]
    assert step.resources[0].url == "https://example.org/a"
    assert "after bold List<String> stays" in step.body
    assert "comment" not in step.body


def test_reference_links_bare_urls_and_images() -> None:
    imp = _parse(
        "# T\n\n## P\n\n### S\n- [ ] Read [the guide][g] and https://example.org/bare.\n"
        "- [ ] ![logo](https://example.org/logo.png) Pictures are not resources\n\n"
        "[g]: https://example.org/guide\n"
    )
    urls = [r.url for r in _step(imp.spec, "s").resources]
    assert urls == ["https://example.org/guide", "https://example.org/bare"]


def test_broken_tables_unterminated_fence_and_duplicate_headings() -> None:
    imp = _parse(
        "# T\n\n## P\n\n### Same\n- [ ] a\n| a | b |\n|---|\n| 1 |\n\n### Same\n- [ ] b\n\n"
        "## Courses\n| Course | Effort |\n|---|---|\n| [X](https://x.example) | 5 hours |\n"
        "| | |\n| only one cell\n\n## Code\n\n### Code\n```python\n# not a heading\n"
        "- [ ] not a topic\n"
    )
    assert [(p.title, [s.key for s in p.steps]) for p in imp.spec.phases] == [
        ("P", ["same", "same-2"]),
        ("Courses", ["x", "only-one-cell"]),
        ("Code", ["code"]),
    ]
    # A delimiter row that does not match its header makes no table: the lines stay text.
    assert "| a | b |\n|---|\n| 1 |" in _step(imp.spec, "same").body
    assert _step(imp.spec, "x").effort_hours == 5
    assert _step(imp.spec, "code").body == "```python\n# not a heading\n- [ ] not a topic"


def test_thousand_levels_of_nesting_finish_quickly() -> None:
    deep = "".join(f"{' ' * (2 * i)}- [ ] level {i}\n" for i in range(1000))
    quotes = ">" * 1000 + " deep quote\n"
    divs = "<div>" * 1000 + "text" + "</div>" * 1000 + "\n"
    brackets = "[" * 5000 + "x" + "]" * 5000 + "(" * 5000 + "\n"
    start = time.perf_counter()
    imp = _parse("# Deep\n\n## P\n\n" + deep + quotes + divs + brackets)
    assert time.perf_counter() - start < 5
    (step,) = imp.spec.phases[0].steps
    assert step.title == "level 0"
    assert len(step.topics) == 999


def test_long_single_line_is_linear() -> None:
    start = time.perf_counter()
    for text in ("<!--" * 50_000, "[a](" + " " * 200_000, "**x " * 50_000, "<a " * 50_000):
        with contextlib.suppress(CurriculumFormatError):
            _parse("- [ ] " + text)
    assert time.perf_counter() - start < 5


def test_non_latin_titles_get_stable_keys() -> None:
    first = _parse("# Курс\n\n## Основы\n\n### Переменные\n\n### Циклы\n")
    second = _parse("# Курс\n\n## Основы\n\n### Циклы\n\n### Переменные\n")
    keys = {s.title: s.key for s in first.spec.all_steps()}
    assert keys == {s.title: s.key for s in second.spec.all_steps()}
    assert len(set(keys.values())) == 2
    _revalidate(first.spec)


# --- decoding and refusals ---------------------------------------------------------------------


def test_encodings() -> None:
    text = "# Café\n\n- [x] Crème brûlée\n"
    assert parse_markdown_curriculum(b"\xef\xbb\xbf" + text.encode(), "bom.md").spec.title == "Café"
    for codec in ("utf-16", "utf-16-be"):
        data = text.encode(codec)
        if codec == "utf-16-be":
            data = b"\xfe\xff" + data
        imp = parse_markdown_curriculum(data, "u16.md")
        assert imp.spec.phases[0].steps[0].title == "Crème brûlée"
        assert not imp.warnings
    latin = parse_markdown_curriculum(text.encode("latin-1"), "latin.md")
    assert latin.spec.title == "Café"
    assert any("Latin-1" in w for w in latin.warnings)


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (b"", "empty.md, line 1: the file is empty"),
        (b"  \n\n\t\n", "empty.md, line 1: the file is empty"),
        (b"# ok\n\x00\x01\x02binary", "empty.md, line 2: it contains NUL bytes"),
        (b"Just a paragraph.\nAnother line.\n", "empty.md, line 1: no phases or steps found"),
        (b"# Only a title\n", "empty.md, line 1: no phases or steps found"),
    ],
)
def test_unusable_files_name_file_and_line(data: bytes, problem: str) -> None:
    with pytest.raises(CurriculumFormatError) as caught:
        parse_markdown_curriculum(data, "empty.md")
    assert str(caught.value).startswith(problem)


def test_oversized_file_is_refused_before_reading() -> None:
    with pytest.raises(CurriculumFormatError, match="larger than 5 MB"):
        parse_markdown_curriculum(b"- [ ] x\n" * 700_000, "big.md")
