"""Big courses import: 20,000 steps from Markdown or YAML, and the step limit names its line."""

from __future__ import annotations

import pytest
import yaml

from roadmap_desktop.core.roadmap_format import parse_roadmap
from roadmap_desktop.importers import curriculum
from roadmap_desktop.importers.curriculum import CurriculumFormatError
from roadmap_desktop.importers.markdown_outline import parse_markdown_curriculum


def _markdown(phases: int, steps: int) -> bytes:
    lines = ["# A very long course", ""]
    for p in range(phases):
        lines += [f"## Part {p + 1}", ""]
        lines += [f"- [ ] Lesson {p + 1}.{s + 1}" for s in range(steps)]
        lines.append("")
    return "\n".join(lines).encode()


def test_a_markdown_course_of_20000_steps_is_accepted() -> None:
    imp = parse_markdown_curriculum(_markdown(50, 400), "long.md")
    steps = imp.spec.all_steps()
    assert len(imp.spec.phases) == 50
    assert len(steps) == 20_000
    assert len({s.key for s in steps}) == 20_000
    assert steps[-1].title == "Lesson 50.400"


def test_a_yaml_roadmap_of_20000_steps_is_accepted() -> None:
    doc = {
        "format": "roadmap-desktop/roadmap",
        "format_version": 1,
        "slug": "long",
        "title": "Long",
        "content_version": 1,
        "phases": [
            {
                "key": f"p{p}",
                "title": f"Part {p}",
                "weeks": [p + 1, p + 1],
                "steps": [
                    {"key": f"s{p}-{s}", "title": f"L{s}", "effort_hours": 1, "body": "Read."}
                    for s in range(400)
                ],
            }
            for p in range(50)
        ],
    }
    data = yaml.dump(doc, Dumper=getattr(yaml, "CSafeDumper", yaml.SafeDumper)).encode()
    spec = parse_roadmap(data, "long.yaml")
    assert len(spec.all_steps()) == 20_000


def test_the_step_limit_names_the_first_step_over_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(curriculum, "MAX_STEPS", 30)
    with pytest.raises(CurriculumFormatError, match="more than 30 steps") as info:
        parse_markdown_curriculum(_markdown(2, 20), "long.md")
    assert "line 38" in str(info.value)  # Lesson 2.11, the 31st step
