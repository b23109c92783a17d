"""Property tests: any Markdown imports or raises the importer's own error, and every web link
of the input becomes a step resource or is listed as not imported with a reason."""

from __future__ import annotations

import io
import zipfile

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from roadmap_desktop.core.library import normalize_url
from roadmap_desktop.importers.curriculum import CurriculumFormatError, CurriculumImport
from roadmap_desktop.importers.lesson_folder import parse_lesson_zip
from roadmap_desktop.importers.markdown_outline import parse_markdown_curriculum

FAST = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])

LINE_STARTS = st.sampled_from(
    [
        "", "", "", "# ", "## ", "### ", "#### ", "##### ", "- ", "* ", "1. ", "  - ", "\t- ",
        "- [ ] ", "- [x] ", "- ### ", "> ", "| ", "```", "---", "<details>", "</details>",
        '<div align="center">', "</div>", "<p>", "</p>", "&nbsp;&nbsp; ",
        "**Resources**", "**Knowledge check**", "### Further reading", "## License",
        "## Contents", "## Credits", "#### Source(s) and further reading", "## Code of conduct",
        "### About", "## How to use this", "<h1>", "<h3 align=\"center\">", "</h1>", "<!-- ",
        " -->", "[ref]: ", "Day 3 ", "## Week 2-3 ", "(2h) ",
    ]
)  # fmt: skip
WORDS = st.sampled_from(
    ["Arrays", "Graphs (video)", "C/C++:", ":+1:", "[x]", "**bold**", "`code`", "Привет", "\\",
     "*", "_", "|", "(", ")", "[", "]", "!", "#", "<b>", "</b>", "&amp;", "~3 hours", " "]
)  # fmt: skip


@st.composite
def documents(draw: st.DrawFn) -> tuple[str, list[str]]:
    """Markdown lines with web links in every context a curriculum puts them: list items,
    headings, tables, HTML anchors, badges, pictures, code, comments, bare and reference."""
    urls: list[str] = []
    lines: list[str] = []
    for _ in range(draw(st.integers(0, 30))):
        start = draw(LINE_STARTS)
        parts = [start]
        for _ in range(draw(st.integers(0, 3))):
            kind = draw(st.integers(0, 11))
            url = f"https://example.org/u{len(urls)}"
            label = draw(WORDS)
            if kind == 0:
                parts.append(f"[{label}]({url})")
            elif kind == 1:
                parts.append(f"[[Recap] {label} (video)]({url})")
            elif kind == 2:
                parts.append(f'<a href="{url}"><b>{label}</b></a> - a tool')
            elif kind == 3:
                parts.append(f"[![badge](https://img.shields.io/b{len(urls)}.svg)]({url})")
            elif kind == 4:
                parts.append(f"see {url} for more")
            elif kind == 5:
                parts.append(f"<{url}>")
            elif kind == 6:
                parts.append(f"`curl {url}`")
            elif kind == 7:
                parts.append(f"| [{label}]({url}) | 2 weeks |")
            elif kind == 8:
                parts.append(f"[![Logo]({url}/logo.png)]({url})")
            elif kind == 9:
                parts.append(f"[@article@{label}]({url})")
            elif kind == 10:
                parts.append(f"[{label}][r{len(urls)}]")
                lines.append(f"[r{len(urls)}]: {url}")
            else:
                parts.append(draw(WORDS))
                continue
            urls.append(url)
        lines.append(" ".join(parts))
    return "\n".join(lines), urls


def _landed(imp: CurriculumImport) -> set[str]:
    return {normalize_url(r.url) for s in imp.spec.all_steps() for r in s.resources if r.url}


@FAST
@given(documents())
def test_every_web_link_is_a_resource_or_explained(doc: tuple[str, list[str]]) -> None:
    text, urls = doc
    try:
        imp = parse_markdown_curriculum(text.encode("utf-8"), "plan.md")
    except CurriculumFormatError:
        return  # nothing importable: the importer's own error, nothing written
    report = imp.report
    assert report.unexplained == ()
    explained = {normalize_url(item.url) for item in report.not_imported}
    assert all(item.reason for item in report.not_imported)
    landed = _landed(imp)
    # Every address the file holds was found by the report (its count is the source's)...
    assert report.links_as_resources == len({normalize_url(u) for u in urls} & landed) or (
        report.links_as_resources >= len({normalize_url(u) for u in urls} & landed)
    )
    # ...and each one landed as a resource or is listed with its reason.
    for url in urls:
        key = normalize_url(url)
        in_code = f"`curl {url}`" in text and f"]({url})" not in text
        assert key in landed or key in explained or in_code, url


@FAST
@given(st.binary(max_size=400))
def test_any_bytes_import_or_raise_the_importers_error(data: bytes) -> None:
    try:
        imp = parse_markdown_curriculum(data, "any.md")
    except CurriculumFormatError:
        return
    assert imp.report.unexplained == ()
    assert imp.report.links_as_resources <= imp.report.links_found


FOLDER_NAMES = st.sampled_from(
    ["01_Day_Intro", "02_Day_Loops", "French", "cohorts", "1-basics", "index.md", "README.md",
     "readme.es.md", "notes.md", "02_loops.md", "lesson.md", "zh-cn", "100-syntax.md"]
)  # fmt: skip


@FAST
@given(
    st.lists(
        st.tuples(st.lists(FOLDER_NAMES, min_size=1, max_size=3), documents()),
        min_size=1,
        max_size=6,
    )
)
def test_any_lesson_zip_imports_or_raises_and_accounts_for_its_links(
    members: list[tuple[list[str], tuple[str, list[str]]]],
) -> None:
    buffer = io.BytesIO()
    written: set[str] = set()
    with zipfile.ZipFile(buffer, "w") as archive:
        for parts, (text, _urls) in members:
            name = "/".join(parts)
            if not name.endswith(".md"):
                name += "/lesson.md"
            if name not in written:
                written.add(name)
                archive.writestr(name, text)
    try:
        imp = parse_lesson_zip(buffer.getvalue(), "course.zip")
    except CurriculumFormatError:
        return
    assert imp.report.unexplained == ()
    read = set(imp.report.files_read)
    left = {path for path, _why in imp.report.files_left_out}
    assert not read & left
