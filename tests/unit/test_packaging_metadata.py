"""The hand-written package list in pyproject.toml names every package under src/."""

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_every_source_package_is_listed():
    listed = set(
        tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"]
    )
    found = {
        ".".join(init.parent.relative_to(ROOT / "src").parts)
        for init in (ROOT / "src").rglob("__init__.py")
    }
    assert found - listed == set(), "add these to [tool.setuptools] packages"
    assert "roadmap_desktop.resources" in listed


def test_every_folder_shipping_files_is_a_listed_package():
    """setuptools warns "Package would be ignored" for importable folders not listed."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    listed = set(config["packages"])
    folders = {
        ".".join(("roadmap_desktop", *path.relative_to(ROOT / "src" / "roadmap_desktop").parts))
        for path in (ROOT / "src" / "roadmap_desktop").rglob("*")
        if path.is_dir() and "__pycache__" not in path.parts
    } | {
        ".".join(("roadmap_desktop", "resources", *path.relative_to(ROOT / "resources").parts))
        for path in (ROOT / "resources").rglob("*")
        if path.is_dir() and "__pycache__" not in path.parts
    }
    assert folders - listed == set(), "list these in [tool.setuptools] packages"


def test_the_seed_database_is_package_data_where_a_first_run_looks_for_it():
    """Built by `make` and the frozen build into the package, shipped as package data (the
    spec ships what package-data lists), never committed."""
    from roadmap_desktop.core.seed import SEED_FILENAME, shipped_seed

    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    assert SEED_FILENAME in config["package-data"]["roadmap_desktop"]
    assert shipped_seed() == ROOT / "src" / "roadmap_desktop" / SEED_FILENAME
    ignored = (ROOT / ".gitignore").read_text().splitlines()
    assert f"src/roadmap_desktop/{SEED_FILENAME}" in ignored
    assert "roadmap_desktop.seed_build" in (ROOT / "packaging" / "roadmap-desktop.spec").read_text()
    assert "roadmap_desktop.seed_build" in (ROOT / "Makefile").read_text()
