"""Property tests with hostile values (huge integers, lone surrogates) against a real database:
any YAML roadmap or bundle either imports or raises the importer's own error."""

from __future__ import annotations

import contextlib
import copy
import json
import os
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from roadmap_desktop.core.db import open_database
from roadmap_desktop.core.errors import UserFacingError
from roadmap_desktop.core.roadmap_format import parse_roadmap
from roadmap_desktop.importers.curriculum import CurriculumImport
from roadmap_desktop.importers.json_bundle import BundleFormatError, parse_bundle
from roadmap_desktop.importers.lesson_folder import parse_curriculum_path, parse_lesson_folder
from roadmap_desktop.services.backup_bundle import export_bundle, import_bundle
from roadmap_desktop.services.curriculum import apply_import

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
SLOW = settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)

HOSTILE = (
    st.integers()
    | st.sampled_from([2**63, 2**64 + 1, -(2**63) - 1, 2**63 - 1, 10**30])
    | st.text(alphabet=st.characters(codec=None, categories=["Cs", "Lu", "Nd"]), max_size=5)
    | st.sampled_from(["\ud800", "a\udfff", "\ud83d"])
    | st.floats()
    | st.none()
    | st.booleans()
)


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix]
    if isinstance(value, dict):
        for key, item in value.items():
            found += _paths(item, (*prefix, key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            found += _paths(item, (*prefix, i))
    return found


def _replace(doc: Any, path: tuple[Any, ...], value: Any) -> Any:
    if not path:
        return value
    doc = copy.deepcopy(doc)
    target = doc
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = value
    return doc


@pytest.fixture(scope="module")
def roadmap_doc() -> dict[str, Any]:
    return yaml.safe_load((FIXTURES / "tiny.yaml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def bundle_doc(tmp_path_factory) -> dict[str, Any]:
    db = open_database(tmp_path_factory.mktemp("source") / "roadmap.sqlite3")
    from roadmap_desktop.core.bundled import load_bundled

    load_bundled(db)
    doc = export_bundle(db)
    db.close()
    doc["roadmaps"] = doc["roadmaps"][:1]
    return doc


@pytest.fixture(scope="module")
def target_db(tmp_path_factory):
    db = open_database(tmp_path_factory.mktemp("target") / "roadmap.sqlite3")
    yield db
    db.close()


@SLOW
@given(data=st.data(), value=HOSTILE)
def test_yaml_with_any_hostile_value_imports_or_is_refused(roadmap_doc, target_db, data, value):
    path = data.draw(st.sampled_from(_paths(roadmap_doc)))
    doc = _replace(roadmap_doc, path, value)
    # JSON is YAML; ensure_ascii writes lone surrogates as "\ud800" escapes YAML reads back.
    text = json.dumps(doc, ensure_ascii=True, allow_nan=True).encode()
    try:
        spec = parse_roadmap(text, "hostile.yaml")
    except UserFacingError:
        return
    with contextlib.suppress(UserFacingError):
        apply_import(target_db, CurriculumImport(spec=spec, source="test"), as_slug="hostile")


@SLOW
@given(data=st.data(), value=HOSTILE)
def test_bundle_with_any_hostile_value_imports_or_is_refused(bundle_doc, target_db, data, value):
    path = data.draw(st.sampled_from(_paths(bundle_doc)))
    doc = _replace(bundle_doc, path, value)
    text = json.dumps(doc, ensure_ascii=True, allow_nan=True).encode()
    try:
        parse_bundle(text, "hostile.json")
    except BundleFormatError:
        return
    with contextlib.suppress(UserFacingError):
        import_bundle(target_db, text, "hostile.json")


def test_the_issues_inputs_are_refused_with_the_importers_error(roadmap_doc, bundle_doc):
    huge = _replace(roadmap_doc, ("content_version",), 18446744073709551617)
    with pytest.raises(UserFacingError, match="too large"):
        parse_roadmap(json.dumps(huge).encode(), "big.yaml")
    digits = json.dumps(bundle_doc).replace(
        '"format_version": 1', '"format_version": 1' + "0" * 4301
    )
    with pytest.raises(BundleFormatError, match="thousands of digits"):
        parse_bundle(digits.encode(), "digits.json")
    lone = _replace(bundle_doc, ("roadmaps", 0, "title"), "\ud800")
    with pytest.raises(BundleFormatError, match="not valid Unicode"):
        parse_bundle(json.dumps(lone).encode(), "lone.json")


def test_a_lesson_folder_reads_only_regular_files(tmp_path):
    folder = tmp_path / "lessons"
    folder.mkdir()
    for name in ("01-intro.md", "02-next.md"):
        (folder / name).write_text(f"# {name}\n\nSome text.\n\n- a point\n", encoding="utf-8")
    os.mkfifo(folder / "03-pipe.md")  # reading it would block forever
    outside = tmp_path / "secret.md"
    outside.write_text("# Secret\n\nNot part of the course.\n", encoding="utf-8")
    (folder / "04-link.md").symlink_to(outside)
    imp = parse_lesson_folder(folder)
    titles = [s.title for p in imp.spec.phases for s in p.steps]
    assert len(titles) == 2 and not any("Secret" in t for t in titles)
    with pytest.raises(UserFacingError, match="not a regular file"):
        parse_curriculum_path(folder / "03-pipe.md")
