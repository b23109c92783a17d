"""Folders and zips of Markdown lessons: order, sections, and refusing unsafe archives."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from roadmap_desktop.core.roadmap_format import RoadmapSpec, StepSpec
from roadmap_desktop.importers.curriculum import CurriculumFormatError, CurriculumImport
from roadmap_desktop.importers.lesson_folder import (
    parse_curriculum_path,
    parse_lesson_folder,
    parse_lesson_zip,
)

LESSONS = Path(__file__).resolve().parents[2] / "fixtures" / "curricula" / "web-lessons"


def _step(spec: RoadmapSpec, key: str) -> StepSpec:
    return next(s for s in spec.all_steps() if s.key == key)


def _zip(folder: Path, prefix: str = "web-lessons-main/") -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                archive.write(path, prefix + path.relative_to(folder).as_posix())
        archive.writestr("__MACOSX/._README.md", b"\x00\x01junk")
    return buffer.getvalue()


@pytest.fixture(scope="module")
def lessons() -> CurriculumImport:
    return parse_lesson_folder(LESSONS)


def test_folders_are_phases_files_are_steps_in_numeric_order(lessons: CurriculumImport) -> None:
    spec = lessons.spec
    assert (spec.slug, spec.title) == ("web-foundations", "Web Foundations")  # README front matter
    assert spec.summary.startswith("A short course in how the web works")
    layout = [(p.title, [s.key for s in p.steps]) for p in spec.phases]
    assert layout == [
        ("Web Foundations", ["start-here"]),  # files next to README.md come first
        ("The Internet", ["internet-introduction", "what-is-http", "dns"]),  # 0, 2, 10
        ("HTML Foundations", ["elements-and-tags", "links-and-images", "forms", "extra-notes"]),
        ("Css", ["css-introduction"]),  # 1-internet, 2-html, 10-css: numbers, not text
    ]
    assert spec.phases[1].summary == "How computers talk to each other, from cables to HTTP."
    assert _step(spec, "what-is-http").effort_hours == 3  # front matter `hours: 3`
    assert lessons.source == str(LESSONS.resolve())


def test_lesson_sections_map_to_tasks_resources_and_questions(lessons: CurriculumImport) -> None:
    http = _step(lessons.spec, "what-is-http")
    assert [t.text for t in http.topics] == [
        "Read An overview of HTTP.",
        "Use your browser's developer tools to look at the requests a page makes.",
    ]
    assert {r.title: r.kind for r in http.resources} == {
        "An overview of HTTP": "docs",
        "HTTP: The Definitive Guide": "book",
        "HTTP crash course (video)": "video",
        "Safe link": "other",
    }
    assert "```http\nGET / HTTP/1.1" in http.body
    assert "### Assignment" not in http.body  # it became the checklist
    assert any("2-what-is-http.md" in w and "unsafe" in w for w in lessons.warnings)
    questions = {q.prompt: (q.step, q.answer) for q in lessons.spec.questions}
    assert questions["What does a status code of 404 mean?"] == (
        "what-is-http",
        "- The server could not find the resource.",
    )
    assert questions["Which method sends form data?"] == ("what-is-http", "Write your own answer.")
    assert questions["What is a packet?"] == (
        "internet-introduction",
        "Review “Lesson overview” in this step.",
    )
    assert questions["What attribute holds the address of a link?"][1] == (
        "Review “Links and images” in this step."
    )
    assert lessons.done_topics == {("dns", "read-how-dns-works-comic")}
    assert lessons.line_of["what-is-http"] == 5  # the title heading, after front matter


def test_zip_of_the_folder_imports_the_same(tmp_path: Path, lessons: CurriculumImport) -> None:
    target = tmp_path / "web-lessons.zip"
    target.write_bytes(_zip(LESSONS))
    from_zip = parse_curriculum_path(target)
    assert from_zip.spec.phases == lessons.spec.phases
    assert from_zip.spec.questions == lessons.spec.questions
    assert from_zip.done_topics == lessons.done_topics
    assert from_zip.source == str(target.resolve())


@pytest.mark.parametrize("member", ["../evil.md", "/etc/evil.md", "a/../../evil.md", "C:/evil.md"])
def test_zip_paths_leaving_the_archive_are_refused(member: str) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("ok/lesson.md", "# Lesson\n\ntext\n")
        archive.writestr(member, "# Evil\n")
    with pytest.raises(CurriculumFormatError, match="points outside it"):
        parse_lesson_zip(buffer.getvalue(), "evil.zip")


def test_zip_bomb_is_refused_before_unpacking() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for i in range(11):
            archive.writestr(f"course/{i}.md", b"a" * (5 * 1024 * 1024))
    assert len(buffer.getvalue()) < 1_000_000
    with pytest.raises(CurriculumFormatError, match="more than 50 MB"):
        parse_lesson_zip(buffer.getvalue(), "bomb.zip")


def test_not_a_zip_and_no_markdown(tmp_path: Path) -> None:
    with pytest.raises(CurriculumFormatError, match="not a readable zip"):
        parse_lesson_zip(b"PK\x03\x04 broken", "broken.zip")
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / "notes.txt").write_text("not markdown")
    (tmp_path / "empty" / "images").mkdir()
    with pytest.raises(CurriculumFormatError) as caught:
        parse_curriculum_path(tmp_path / "empty")
    assert str(caught.value) == "empty, line 1: holds no Markdown (.md) files"
    with pytest.raises(CurriculumFormatError, match="cannot be read"):
        parse_curriculum_path(tmp_path / "missing.md")


def test_binary_lesson_names_its_file(tmp_path: Path) -> None:
    course = tmp_path / "course"
    (course / "1-basics").mkdir(parents=True)
    (course / "1-basics" / "1-intro.md").write_text("# Intro\n\nHello.\n")
    (course / "1-basics" / "2-image.md").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    (course / "1-basics" / "3-empty.md").write_text("")
    with pytest.raises(CurriculumFormatError, match=r"1-basics/2-image.md, line 3: .*NUL"):
        parse_lesson_folder(course)
    (course / "1-basics" / "2-image.md").unlink()
    imp = parse_lesson_folder(course)
    assert [s.key for s in imp.spec.all_steps()] == ["intro"]
    assert any("3-empty.md is empty" in w for w in imp.warnings)


def test_single_markdown_file_in_a_folder_is_a_curriculum(tmp_path: Path) -> None:
    (tmp_path / "repo").mkdir()
    (tmp_path / "repo" / "README.md").write_text("# Plan\n\n## One\n- [x] a\n- [ ] b\n")
    imp = parse_curriculum_path(tmp_path / "repo")
    assert [s.title for s in imp.spec.all_steps()] == ["a", "b"]
    assert imp.done_steps == {"a"}


def test_roadmap_yaml_files_import_too(tmp_path: Path) -> None:
    tiny = Path(__file__).resolve().parents[2] / "fixtures" / "tiny.yaml"
    imp = parse_curriculum_path(tiny)
    assert imp.spec.slug == "tiny"
    broken = tmp_path / "broken.yaml"
    broken.write_text("format: nope\n")
    with pytest.raises(CurriculumFormatError, match=r"broken\.yaml: format: must be"):
        parse_curriculum_path(broken)


def test_a_bundle_given_to_import_gets_a_hint(tmp_path: Path) -> None:
    bundle = tmp_path / "backup.json"
    bundle.write_text('{"format": "roadmap-desktop/bundle", "format_version": 1}')
    with pytest.raises(CurriculumFormatError, match="backup-import"):
        parse_curriculum_path(bundle)
