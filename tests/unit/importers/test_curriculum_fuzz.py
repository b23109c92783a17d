"""Property tests: any text imports as a valid roadmap or raises CurriculumFormatError, and an
import that fails half-way leaves the database exactly as it was."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from sqlalchemy.orm import Session

from roadmap_desktop.core.db import open_database
from roadmap_desktop.core.roadmap_format import RoadmapSpec, parse_roadmap
from roadmap_desktop.importers.curriculum import CurriculumFormatError, CurriculumImport
from roadmap_desktop.importers.markdown_outline import parse_markdown_curriculum
from roadmap_desktop.services.backup_bundle import export_bundle
from roadmap_desktop.services.curriculum import apply_import

FAST = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])

MARKDOWN_TOKENS = st.sampled_from(
    [
        "\n", "\n\n", "# ", "## ", "### ", "#### ", "- ", "* ", "1. ", "  ", "    ", "\t",
        "- [ ] ", "- [x] ", "[x] ", "- ### ", "✅", "```", "~~~", "> ", "> **My notes**\n",
        "| a | b |\n", "|---|---|\n", "| Course | Duration | Effort |\n", "13 weeks",
        "6-10 hours/week", "**Topics covered**: `x` `y`\n", "---\n", "title: t\n", "slug: s\n",
        "<details>", "</details>", "<summary>", '<div align="center">', "</div>", "<img src=x>",
        "<!--", "-->", "<!-- step: k -->", "[link](https://example.org/a)", "[a](#anchor)",
        "[@video@V](https://youtube.com/x)", "[bad](javascript:alert(1))", "(video)",
        "https://example.org/bare", "[ref]: https://example.org/r\n", "[ref]", "![i](data:x)",
        "**Resources**\n", "### Knowledge check\n", "### Assignment\n", "*Weeks 1–2*\n",
        "**Done** · 4 h", "Привет", "\\", "\\*", "`", "_", "*", "&amp;", "\ufeff", "\r\n", "\r",
    ]
)  # fmt: skip


LINE_STARTS = st.sampled_from(
    [
        "", "", "# ", "## ", "### ", "#### ", "- ", "* ", "1. ", "  - ", "    - [ ] ", "\t- [x] ",
        "\t\t- ", "- [ ] ", "- [x] ", "- ### ", "> ", "| ", "```", "~~~", "---", "<details>",
        "**Resources**", "### Knowledge check", "[r]: https://example.org/ref",
    ]
)  # fmt: skip


def _lines() -> st.SearchStrategy[str]:
    """Text built line by line, so headings, items and fences start where they count."""
    content = st.lists(st.one_of(MARKDOWN_TOKENS, st.text(max_size=8)), max_size=5).map("".join)
    line = st.tuples(LINE_STARTS, content).map(lambda parts: "".join(parts).replace("\n", " "))
    return st.lists(line, max_size=40).map("\n".join)


def _texts() -> st.SearchStrategy[bytes]:
    flat = st.lists(st.one_of(MARKDOWN_TOKENS, st.text(max_size=12)), max_size=60).map("".join)
    text = st.one_of(_lines(), _lines(), flat)
    return st.one_of(
        text.map(lambda t: t.encode("utf-8")),
        text.map(lambda t: t.encode("utf-8")),
        text.map(lambda t: t.encode("utf-16")),
        text.map(lambda t: t.encode("latin-1", "replace")),
        st.binary(max_size=200),
    )


def _revalidate(spec: RoadmapSpec) -> None:
    """The spec, written as a roadmap file, passes the real validator unchanged."""
    doc = {
        "format": "roadmap-desktop/roadmap",
        "format_version": 1,
        "slug": spec.slug,
        "title": spec.title,
        "content_version": spec.content_version,
        "summary": spec.summary,
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
    again = parse_roadmap(yaml.safe_dump(doc, allow_unicode=True).encode(), "check.yaml")
    assert again.phases == spec.phases and again.questions == spec.questions


def _check(imp: CurriculumImport) -> None:
    _revalidate(imp.spec)
    keys = {s.key for s in imp.spec.all_steps()}
    assert imp.done_steps <= keys and set(imp.line_of) == keys
    topics = {(s.key, t.key) for s in imp.spec.all_steps() for t in s.topics}
    assert imp.done_topics <= topics


@FAST
@given(_texts())
def test_any_text_imports_or_raises_the_importers_error(data: bytes) -> None:
    try:
        imp = parse_markdown_curriculum(data, "fuzz.md")
    except CurriculumFormatError as exc:
        assert str(exc).startswith("fuzz.md")
        event("refused")
        return
    event("imported")
    _check(imp)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    text=_lines().map(lambda lines: "# Fuzz\n\n## Phase\n\n### Step\n- [x] done\n" + lines),
    fail_at=st.integers(min_value=1, max_value=8),
)
def test_import_is_all_or_nothing(text: str, fail_at: int) -> None:
    source = "# Base\n\n## P\n\n### Keep me\n- [ ] one\n- [x] [two](https://example.org/two)\n"
    base = parse_markdown_curriculum(source.encode(), "base.md")
    try:
        imp = parse_markdown_curriculum(text.encode(), "fuzz.md")
    except CurriculumFormatError:
        return
    with tempfile.TemporaryDirectory() as folder:
        db = open_database(Path(folder) / "db.sqlite3")
        try:
            apply_import(db, base)
            calls = 0
            original = Session.flush

            def failing_flush(self: Session, objects: object = None) -> None:
                nonlocal calls
                calls += 1
                if calls == fail_at:
                    raise RuntimeError("disk full")
                original(self, objects)  # type: ignore[arg-type]

            for target in ({"update_slug": "base"}, {"as_slug": "fuzzed"}):
                before = export_bundle(db)
                calls = 0
                with pytest.MonkeyPatch.context() as patch:
                    patch.setattr(Session, "flush", failing_flush)
                    try:
                        apply_import(db, imp, **target)
                        event("applied")
                        continue
                    except RuntimeError:
                        event("failed half-way")
                after = export_bundle(db)
                assert {**after, "exported_at": 0} == {**before, "exported_at": 0}
        finally:
            db.close()
