"""Shared fixtures for the Qt-free tests: real SQLite files in tmp_path and the real loader.

Helpers are handed out as fixtures (tests have no packages, so they cannot import this module).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from roadmap_desktop.core.content_sync import SyncReport, sync_roadmap
from roadmap_desktop.core.db import Database, open_database
from roadmap_desktop.core.models import Origin
from roadmap_desktop.core.roadmap_format import RoadmapSpec, load_roadmap_file
from roadmap_desktop.services.queries import roadmap_id_for

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"

SyncFn = Callable[[Database, RoadmapSpec], SyncReport]


@dataclass
class Loaded:
    """A database holding the tiny roadmap."""

    db: Database
    roadmap_id: int
    report: SyncReport


def _sync(db: Database, spec: RoadmapSpec) -> SyncReport:
    with db.transaction() as session:
        return sync_roadmap(session, spec, origin=Origin.IMPORTED, source_ref=f"test:{spec.slug}")


@pytest.fixture
def fixtures_dir() -> Path:
    """tests/fixtures: the small roadmap files written for the tests."""
    return FIXTURES


@pytest.fixture
def load_spec() -> Callable[[str], RoadmapSpec]:
    """Load a fixture roadmap file by name through the real format loader."""
    return lambda name: load_roadmap_file(FIXTURES / name)


@pytest.fixture
def sync() -> SyncFn:
    """Sync one spec into a database in its own transaction, as an import does."""
    return _sync


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "roadmap.sqlite3"


@pytest.fixture
def db(db_path: Path) -> Iterator[Database]:
    database = open_database(db_path)
    yield database
    database.close()


@pytest.fixture
def tiny_spec() -> RoadmapSpec:
    return load_roadmap_file(FIXTURES / "tiny.yaml")


@pytest.fixture
def tiny_v2_spec() -> RoadmapSpec:
    return load_roadmap_file(FIXTURES / "tiny_v2.yaml")


@pytest.fixture
def tiny(db: Database, tiny_spec: RoadmapSpec) -> Loaded:
    """A fresh database with tiny.yaml loaded; roadmap_id is the tiny roadmap's id."""
    report = _sync(db, tiny_spec)
    return Loaded(db, roadmap_id_for(db, "tiny"), report)
