"""The curriculum commands as real subprocesses: import, export --format markdown, backups."""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

CURRICULA = Path(__file__).resolve().parents[1] / "fixtures" / "curricula"


def run_cli(*args: str | Path) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "PYTHONIOENCODING": "utf-8",
        "ROADMAP_DESKTOP_DATA_DIR": str(Path(os.devnull) / "never-used"),
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
    folder = tmp_path_factory.mktemp("prepared")
    done = run_cli("list", "--data-dir", folder)
    assert done.returncode == 0, done.stderr
    return folder


@pytest.fixture
def data_dir(prepared: Path, tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(prepared, target)
    return target


def _slugs(data_dir: Path) -> list[str]:
    done = run_cli("list", "--data-dir", data_dir)
    assert done.returncode == 0, done.stderr
    return [line.split("\t")[0] for line in done.stdout.splitlines()]


def test_import_dry_run_then_import_then_update(data_dir: Path) -> None:
    readme = CURRICULA / "checklist-readme.md"
    before = _slugs(data_dir)
    dry = run_cli("import", readme, "--dry-run", "--data-dir", data_dir)
    assert dry.returncode == 0, dry.stderr
    assert dry.stdout.startswith(f"Dry run of importing {readme}: nothing was written.")
    assert "New roadmap “Backend Interview Checklist” (backend-interview-checklist)" in dry.stdout
    assert "steps: 20 added, 0 changed, 0 archived, 0 removed, 0 unchanged" in dry.stdout
    assert "progress from the file: 2 steps marked, 12 topics ticked" in dry.stdout
    assert "warning: 1 unsafe link(s)" in dry.stdout
    assert _slugs(data_dir) == before

    done = run_cli("--data-dir", data_dir, "import", readme)  # global option first
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[1:] == dry.stdout.splitlines()[1:]  # same summary
    assert _slugs(data_dir) == [*before, "backend-interview-checklist"]

    again = run_cli("import", readme, "--data-dir", data_dir)
    assert again.returncode == 2
    assert "--update backend-interview-checklist" in again.stderr

    update = run_cli(
        "import", readme, "--update", "backend-interview-checklist", "--data-dir", data_dir
    )
    assert update.returncode == 0, update.stderr
    assert "Update of “Backend Interview Checklist”" in update.stdout
    assert "steps: 0 added, 0 changed, 0 archived, 0 removed, 20 unchanged" in update.stdout


def test_markdown_export_imports_back(data_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "roadmap.md"
    done = run_cli(
        "export",
        "--roadmap",
        "backend-in-20-steps",
        "--format",
        "markdown",
        "-o",
        out,
        "--data-dir",
        data_dir,
    )
    assert done.returncode == 0, done.stderr
    text = out.read_text(encoding="utf-8")
    assert text.startswith("---\ntitle: ")
    assert "- [ ] **To do**" in text
    back = run_cli("import", out, "--as", "my-20-steps", "--data-dir", data_dir)
    assert back.returncode == 0, back.stderr
    assert "(my-20-steps): 5 phases, 20 steps" in back.stdout
    assert "my-20-steps" in _slugs(data_dir)
    plain = run_cli(
        "export", "--roadmap", "my-20-steps", "--format", "json", "--data-dir", data_dir
    )
    assert json.loads(plain.stdout)["roadmap"]["origin"] == "imported"


def test_folder_and_zip(data_dir: Path, tmp_path: Path) -> None:
    folder = run_cli("import", CURRICULA / "web-lessons", "--data-dir", data_dir)
    assert folder.returncode == 0, folder.stderr
    assert "New roadmap “Web Foundations” (web-foundations): 4 phases, 9 steps" in folder.stdout
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for path in sorted((CURRICULA / "web-lessons").rglob("*.md")):
            archive.write(path, "course/" + path.relative_to(CURRICULA / "web-lessons").as_posix())
    target = tmp_path / "course.zip"
    target.write_bytes(buffer.getvalue())
    zipped = run_cli("import", target, "--as", "web-zip", "--data-dir", data_dir)
    assert zipped.returncode == 0, zipped.stderr
    assert "(web-zip): 4 phases, 9 steps" in zipped.stdout
    assert "resources: 0 new in the library" in zipped.stdout


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "bad.md, line 1: the file is empty"),
        (b"# Title\n\nonly prose\n\x00", "bad.md, line 4: it contains NUL bytes"),
        (b"Just prose.\n", "bad.md, line 1: no phases or steps found"),
    ],
)
def test_bad_input_exits_2_and_writes_nothing(tmp_path: Path, content: bytes, message: str) -> None:
    bad = tmp_path / "bad.md"
    bad.write_bytes(content)
    data_dir = tmp_path / "untouched"
    done = run_cli("import", bad, "--data-dir", data_dir)
    assert done.returncode == 2
    assert done.stderr.startswith(f"roadmap-desktop: {message}")
    assert not data_dir.exists()  # parsed before the data folder is even opened


def test_backup_export_and_import(data_dir: Path, tmp_path: Path) -> None:
    imported = run_cli("import", CURRICULA / "course-table-readme.md", "--data-dir", data_dir)
    assert imported.returncode == 0, imported.stderr
    bundle = tmp_path / "backup.json"
    done = run_cli("backup-export", "-o", bundle, "--data-dir", data_dir)
    assert done.returncode == 0, done.stderr
    assert "5 roadmaps" in done.stdout
    assert json.loads(bundle.read_text(encoding="utf-8"))["format"] == "roadmap-desktop/bundle"
    elsewhere = tmp_path / "new-computer"
    restored = run_cli("backup-import", bundle, "--data-dir", elsewhere)
    assert restored.returncode == 0, restored.stderr
    assert "roadmaps: 1 created, 4 merged" in restored.stdout
    assert _slugs(elsewhere) == _slugs(data_dir)
    broken = tmp_path / "broken.json"
    broken.write_text('{"format": "something else"}')
    bad = run_cli("backup-import", broken, "--data-dir", elsewhere)
    assert bad.returncode == 2
    assert "broken.json: format: must be 'roadmap-desktop/bundle'" in bad.stderr
