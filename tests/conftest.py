"""Shared test setup: Qt runs offscreen, and nothing touches the user's real data folder."""

import os

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture(autouse=True)
def _isolated_default_data_dir(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Code that falls back to the default data folder lands in a temporary one."""
    monkeypatch.setenv("ROADMAP_DESKTOP_DATA_DIR", str(tmp_path_factory.mktemp("default-data")))
