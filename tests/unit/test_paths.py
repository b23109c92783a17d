"""The data folder: the environment override, creation, and a clear error when it is unusable."""

from __future__ import annotations

from pathlib import Path

import pytest

from roadmap_desktop.core.errors import DataFolderError
from roadmap_desktop.paths import DATA_DIR_ENV, default_data_dir, prepare_data_dir


def test_environment_variable_overrides_the_default(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(DATA_DIR_ENV, str(tmp_path / "elsewhere"))
    assert default_data_dir() == tmp_path / "elsewhere"


def test_without_the_variable_the_platform_folder_is_used(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(DATA_DIR_ENV, raising=False)
    assert default_data_dir().name == "RoadmapDesktop"


def test_prepare_creates_nested_folders_and_leaves_no_probe(tmp_path: Path) -> None:
    folder = prepare_data_dir(tmp_path / "a" / "b")
    assert folder == (tmp_path / "a" / "b").resolve()
    assert folder.is_dir()
    assert list(folder.iterdir()) == []


def test_a_folder_under_a_regular_file_is_refused_clearly(tmp_path: Path) -> None:
    blocker = tmp_path / "file.txt"
    blocker.write_text("keep", encoding="utf-8")
    with pytest.raises(DataFolderError) as info:
        prepare_data_dir(blocker / "sub")
    message = str(info.value)
    assert str(blocker / "sub") in message and "cannot be used" in message
    assert DATA_DIR_ENV in message
    assert blocker.read_text(encoding="utf-8") == "keep"
