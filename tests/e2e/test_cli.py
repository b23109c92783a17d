"""The command line, run as a real subprocess: `--version`, `list` and `export`."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from roadmap_desktop import __version__
from roadmap_desktop.core.bundled import BUNDLED_ORDER
from roadmap_desktop.core.models import StepStatus
from roadmap_desktop.services import study
from roadmap_desktop.services.queries import roadmap_id_for, roadmap_overview, step_detail
from roadmap_desktop.services.startup import open_store

ROADMAP = "backend-developer-24-weeks"
TODAY = date(2026, 11, 16)  # a Monday


def run_cli(
    *args: str | Path, env_data_dir: Path | None = None
) -> subprocess.CompletedProcess[str]:
    """`python -m roadmap_desktop ARGS`; the default data folder points at a throwaway place."""
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "PYTHONIOENCODING": "utf-8",
        "ROADMAP_DESKTOP_DATA_DIR": str(env_data_dir or Path(os.devnull) / "never-used"),
    }
    return subprocess.run(
        [sys.executable, "-m", "roadmap_desktop", *map(str, args)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=120,
    )


@pytest.fixture(scope="module")
def prepared(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data folder whose database already holds the bundled roadmaps (made once, by the CLI)."""
    folder = tmp_path_factory.mktemp("prepared")
    done = run_cli("list", "--data-dir", folder)
    assert done.returncode == 0, done.stderr
    return folder


@pytest.fixture
def data_dir(prepared: Path, tmp_path: Path) -> Path:
    """A private copy of the prepared data folder."""
    target = tmp_path / "data"
    shutil.copytree(prepared, target)
    return target


def test_version() -> None:
    done = run_cli("--version")
    assert done.returncode == 0
    assert done.stdout.strip() == f"Roadmap Desktop {__version__}"


def _parse_list(stdout: str) -> list[list[str]]:
    return [line.split("\t") for line in stdout.splitlines()]


def test_list_on_a_fresh_folder_creates_the_database(tmp_path: Path) -> None:
    done = run_cli("list", "--data-dir", tmp_path)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "roadmap.sqlite3").stat().st_size > 0
    rows = _parse_list(done.stdout)
    assert [row[0] for row in rows] == list(BUNDLED_ORDER)
    for slug, title, progress in rows:
        assert title.strip() and title != slug
        assert progress.startswith("0% (0/") and progress.endswith(" steps)")


def test_list_shows_progress_written_through_the_services(data_dir: Path) -> None:
    store = open_store(data_dir, backup=False)
    try:
        rid = roadmap_id_for(store.db, "backend-developer-path")
        overview = roadmap_overview(store.db, rid, TODAY)
        keys = [s.key for p in overview.phases for s in p.steps]
        for key in keys:
            study.set_step_status(store.db, rid, key, StepStatus.DONE)
    finally:
        store.db.close()
    rows = {row[0]: row for row in _parse_list(run_cli("list", "--data-dir", data_dir).stdout)}
    assert rows["backend-developer-path"][2] == f"100% ({len(keys)}/{len(keys)} steps)"
    assert rows[ROADMAP][2].startswith("0% ")


@pytest.mark.parametrize("order", ["after", "before"])
def test_data_dir_option_before_or_after_the_command(data_dir: Path, order: str) -> None:
    args = (
        ["list", "--data-dir", data_dir] if order == "after" else ["--data-dir", data_dir, "list"]
    )
    done = run_cli(*args)
    assert done.returncode == 0, done.stderr
    # The default folder (the environment variable) points under /dev/null, so only an
    # honoured --data-dir can succeed.
    assert [row[0] for row in _parse_list(done.stdout)] == list(BUNDLED_ORDER)


def test_data_dir_from_the_environment(tmp_path: Path) -> None:
    folder = tmp_path / "from-env"
    done = run_cli("list", env_data_dir=folder)
    assert done.returncode == 0, done.stderr
    assert len(done.stdout.splitlines()) == len(BUNDLED_ORDER)
    assert (folder / "roadmap.sqlite3").exists()


def test_export_json_matches_the_documented_structure_and_has_progress(data_dir: Path) -> None:
    store = open_store(data_dir, backup=False)
    try:
        rid = roadmap_id_for(store.db, ROADMAP)
        first = roadmap_overview(store.db, rid, TODAY).phases[0].steps[0].key
        second = roadmap_overview(store.db, rid, TODAY).phases[0].steps[1].key
        study.set_schedule(store.db, rid, TODAY, 12)
        study.set_step_status(store.db, rid, first, StepStatus.DONE)
        study.set_step_status(store.db, rid, second, StepStatus.IN_PROGRESS)
        study.save_note(store.db, rid, first, "My *markdown* note ✓")
        topic = step_detail(store.db, rid, second).topics[0].key
        study.set_topic_ticked(store.db, rid, second, topic, True)
        total_steps = sum(len(p.steps) for p in roadmap_overview(store.db, rid, TODAY).phases)
    finally:
        store.db.close()

    done = run_cli("export", "--roadmap", ROADMAP, "--format", "json", "--data-dir", data_dir)
    assert done.returncode == 0, done.stderr
    document = json.loads(done.stdout)
    assert document["format"] == "roadmap-desktop/export"
    assert document["format_version"] == 1
    assert document["exported_at"].endswith("+00:00")
    roadmap = document["roadmap"]
    assert set(roadmap) == {
        "slug",
        "title",
        "summary",
        "origin",
        "content_version",
        "start_date",
        "progress",
        "phases",
        "questions",
    }
    assert (roadmap["slug"], roadmap["origin"]) == (ROADMAP, "bundled")
    assert roadmap["start_date"] == TODAY.isoformat()
    assert roadmap["progress"]["steps"] == total_steps
    assert (roadmap["progress"]["done"], roadmap["progress"]["in_progress"]) == (1, 1)
    assert roadmap["progress"]["skipped"] == 0
    assert 0 < roadmap["progress"]["percent"] < 100
    assert roadmap["phases"][0]["weeks"] == [1, 4]
    steps = {s["key"]: s for p in roadmap["phases"] for s in p["steps"]}
    assert len(steps) == total_steps
    for phase in roadmap["phases"]:
        assert set(phase) == {"key", "title", "weeks", "summary", "steps", "groups"}
    for step in steps.values():
        assert set(step) == {
            "key",
            "title",
            "kind",
            "effort_hours",
            "body",
            "status",
            "started_at",
            "done_at",
            "note",
            "topics",
            "resources",
        }
        assert step["status"] in ("todo", "in_progress", "done", "skipped")
        assert step["kind"] in ("topic", "project", "exercise", "milestone")
        for resource in step["resources"]:
            assert set(resource) == {"title", "url", "kind", "author", "cost"}
        for item in step["topics"]:
            assert set(item) == {"key", "text", "done"}
    done_step = steps[first]
    assert done_step["status"] == "done"
    assert done_step["note"] == "My *markdown* note ✓"
    assert done_step["started_at"].endswith("+00:00") and done_step["done_at"].endswith("+00:00")
    doing = steps[second]
    assert doing["status"] == "in_progress" and doing["done_at"] is None and doing["note"] is None
    assert doing["topics"][0]["done"] is True
    assert sum(t["done"] for s in steps.values() for t in s["topics"]) == 1
    untouched = [s for k, s in steps.items() if k not in (first, second)]
    assert all(s["status"] == "todo" and s["started_at"] is None for s in untouched)
    assert len(roadmap["questions"]) == 13
    for question in roadmap["questions"]:
        assert set(question) == {"key", "step", "prompt", "answer"}
        assert question["prompt"].strip() and question["answer"].strip()


def test_export_of_an_unknown_roadmap_names_the_known_ones(data_dir: Path) -> None:
    done = run_cli("export", "--roadmap", "nope", "--data-dir", data_dir)
    assert done.returncode != 0
    assert done.stdout == ""
    assert "'nope'" in done.stderr
    for slug in BUNDLED_ORDER:
        assert slug in done.stderr


def test_export_to_a_file_keeps_an_existing_one_as_bak(data_dir: Path, tmp_path: Path) -> None:
    target = tmp_path / "out" / "export.json"
    target.parent.mkdir()
    done = run_cli("export", "--roadmap", ROADMAP, "-o", target, "--data-dir", data_dir)
    assert done.returncode == 0, done.stderr
    assert done.stdout == ""
    assert json.loads(target.read_text(encoding="utf-8"))["roadmap"]["slug"] == ROADMAP
    assert not target.with_name("export.json.bak").exists()

    target.write_text("my precious earlier export", encoding="utf-8")
    done = run_cli("export", "--roadmap", ROADMAP, "--output", target, "--data-dir", data_dir)
    assert done.returncode == 0, done.stderr
    backup = target.with_name("export.json.bak")
    assert backup.read_text(encoding="utf-8") == "my precious earlier export"
    assert json.loads(target.read_text(encoding="utf-8"))["roadmap"]["slug"] == ROADMAP
    assert sorted(p.name for p in target.parent.iterdir()) == ["export.json", "export.json.bak"]


def test_export_to_an_unwritable_place_fails_clearly(data_dir: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "plain-file"
    blocker.write_text("x", encoding="utf-8")
    done = run_cli(
        "export", "--roadmap", ROADMAP, "-o", blocker / "out.json", "--data-dir", data_dir
    )
    assert done.returncode != 0
    assert "Cannot write" in done.stderr
    assert "Traceback" not in done.stderr


def test_an_unwritable_data_dir_fails_with_a_clear_message(tmp_path: Path) -> None:
    blocker = tmp_path / "file.txt"
    blocker.write_text("not a folder", encoding="utf-8")
    done = run_cli("list", "--data-dir", blocker / "sub")
    assert done.returncode != 0
    assert done.stdout == ""
    assert "Traceback" not in done.stderr
    lines = done.stderr.strip().splitlines()
    assert lines[0].startswith("roadmap-desktop: The data folder ")
    assert "cannot be used" in lines[0]
    assert "--data-dir" in done.stderr
    assert blocker.read_text(encoding="utf-8") == "not a folder"


def test_a_damaged_database_is_refused_and_left_unchanged(tmp_path: Path) -> None:
    damaged = tmp_path / "roadmap.sqlite3"
    content = b"SQLite format 3\x00" + bytes(range(256)) * 40
    damaged.write_bytes(content)
    done = run_cli("list", "--data-dir", tmp_path)
    assert done.returncode != 0
    assert done.stdout == ""
    assert "cannot be opened" in done.stderr
    assert "Traceback" not in done.stderr
    assert damaged.read_bytes() == content
    assert not (tmp_path / "backups").exists()


def test_export_from_a_damaged_database_is_refused(tmp_path: Path) -> None:
    damaged = tmp_path / "roadmap.sqlite3"
    damaged.write_bytes(b"definitely not sqlite")
    done = run_cli("export", "--roadmap", ROADMAP, "--data-dir", tmp_path)
    assert done.returncode != 0
    assert "cannot be opened" in done.stderr
    assert damaged.read_bytes() == b"definitely not sqlite"
