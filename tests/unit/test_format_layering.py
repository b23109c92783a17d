"""Importers and exporters share formats through core.formats and never import each other."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "src" / "roadmap_desktop"


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


@pytest.mark.parametrize(
    ("package", "other"), [("importers", "exporters"), ("exporters", "importers")]
)
def test_importers_and_exporters_do_not_import_each_other(package: str, other: str) -> None:
    offenders = {
        path.name: sorted(m for m in _imports(path) if m.startswith(f"roadmap_desktop.{other}"))
        for path in sorted((PACKAGE / package).glob("*.py"))
    }
    assert {name: mods for name, mods in offenders.items() if mods} == {}
