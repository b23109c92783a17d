"""The seed database: a first run copies it when current and is then what the long way builds."""

from __future__ import annotations

import logging
import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from contextlib import closing
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from roadmap_desktop.core import bundled
from roadmap_desktop.core import seed as seed_module
from roadmap_desktop.core.bundled import BUNDLED_ORDER, BundledFile
from roadmap_desktop.core.errors import NotADatabaseError
from roadmap_desktop.core.schema import SCHEMA_HEAD
from roadmap_desktop.core.seed import MOMENT_COLUMNS, SYNC_TABLES, place_seed, seed_problem
from roadmap_desktop.seed_build import build_seed
from roadmap_desktop.services import sync
from roadmap_desktop.services.startup import Store, open_store

DB = "roadmap.sqlite3"
MOMENT = "<moment>"
SRC = Path(__file__).resolve().parents[3] / "src"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A seed made by the build step (once for the module; tests copy it before changing it)."""
    return build_seed(tmp_path_factory.mktemp("build") / "seed.sqlite3")


@pytest.fixture
def seed(built: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the built seed, installed as the package's seed for open_store."""
    path = tmp_path / "package" / "seed.sqlite3"
    path.parent.mkdir()
    shutil.copyfile(built, path)
    monkeypatch.setattr(seed_module, "shipped_seed", lambda: path)
    return path


def _open(folder: Path, **kwargs: object) -> Store:
    store = open_store(folder, backup=False, **kwargs)  # type: ignore[arg-type]
    store.db.close()
    return store


def _rows(path: Path, sql: str, *args: object) -> list[tuple[object, ...]]:
    with closing(sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)) as conn:
        return conn.execute(sql, args).fetchall()


def _dump(path: Path, *, moments: bool = False) -> dict[str, object]:
    """Every table's rows (sorted), the schema and the file's settings; MOMENT_COLUMNS values
    replaced by a mark unless `moments`."""
    hidden = {} if moments else {(t, c) for t, c in MOMENT_COLUMNS}
    with closing(sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)) as conn:
        dump: dict[str, object] = {
            "schema": sorted(conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master")),
            "settings": [
                conn.execute(f"PRAGMA {name}").fetchone()
                for name in (
                    "journal_mode",
                    "page_size",
                    "encoding",
                    "auto_vacuum",
                    "user_version",
                    "application_id",
                )
            ],
        }
        tables = [
            row[0]
            for row in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
            )
        ]
        for table in tables:
            columns = [row[1] for row in conn.execute(f'PRAGMA table_info("{table}")')]
            rows = [
                tuple(
                    MOMENT if (table, column) in hidden and value is not None else value
                    for column, value in zip(columns, row, strict=True)
                )
                for row in conn.execute(f'SELECT * FROM "{table}"')
            ]
            dump[table] = (columns, sorted(rows, key=repr))
    return dump


def _moments(path: Path) -> dict[tuple[str, str], list[tuple[int, datetime]]]:
    return {
        (table, column): [
            (rowid, datetime.fromisoformat(value))
            for rowid, value in _rows(
                path, f'SELECT rowid, "{column}" FROM "{table}" ORDER BY rowid'
            )
        ]
        for table, column in MOMENT_COLUMNS
    }


def _now() -> datetime:
    return datetime.now(seed_module.UTC).replace(tzinfo=None)


# --- the build step -------------------------------------------------------------------------------


def test_the_build_step_makes_a_current_self_contained_seed(built: Path) -> None:
    assert seed_problem(built) is None
    assert sorted(p.name for p in built.parent.iterdir()) == ["seed.sqlite3"]  # no -wal, -journal
    assert _rows(built, "PRAGMA journal_mode") == [("delete",)]
    assert _rows(built, "PRAGMA freelist_count") == [(0,)]  # vacuumed
    assert _rows(built, "SELECT version_num FROM alembic_version") == [(SCHEMA_HEAD,)]
    assert dict(_rows(built, "SELECT slug, content_hash FROM roadmaps")) == bundled.bundled_hashes()
    for table in SYNC_TABLES:
        assert _rows(built, f"SELECT count(*) FROM {table}") == [(0,)]


def test_the_build_step_has_a_command_line(tmp_path: Path) -> None:
    out = tmp_path / "out" / "seed.sqlite3"
    done = subprocess.run(
        [sys.executable, "-m", "roadmap_desktop.seed_build", str(out)],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": os.pathsep.join([str(SRC), *sys.path])},
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert str(out) in done.stdout
    assert seed_problem(out) is None


# --- a seeded first run is a first run ----------------------------------------------------------


def test_a_seeded_first_run_holds_what_the_long_way_builds(seed: Path, tmp_path: Path) -> None:
    before = _now()
    seeded = _open(tmp_path / "seeded")
    after = _now()
    long_way = _open(tmp_path / "long", use_seed=False)
    assert sorted(p.name for p in (tmp_path / "seeded").iterdir()) == [DB]
    assert _dump(tmp_path / "seeded" / DB) == _dump(tmp_path / "long" / DB)
    assert seeded.bundled_reports == long_way.bundled_reports
    assert [r.slug for r in seeded.bundled_reports] == list(BUNDLED_ORDER)
    assert seeded.created and long_way.created
    # The moments are this run's, not the build's: the newest is when the copy was made.
    moments = [m for rows in _moments(tmp_path / "seeded" / DB).values() for _rowid, m in rows]
    assert before <= max(moments) <= after


def test_the_copy_moves_the_moments_to_now_keeping_their_order_and_spacing(
    seed: Path, tmp_path: Path
) -> None:
    now = datetime(2031, 5, 6, 7, 8, 9, 123456)
    assert place_seed(tmp_path / DB, seed, now=now) is not None
    # One file at rest in WAL mode, as the app leaves its database (header bytes 18-19).
    assert sorted(p.name for p in tmp_path.iterdir()) == ["package", DB]
    assert (tmp_path / DB).read_bytes()[18:20] == b"\x02\x02"
    original, copied = _moments(seed), _moments(tmp_path / DB)
    newest = max(moment for rows in copied.values() for _rowid, moment in rows)
    assert newest == now
    shift = now - max(moment for rows in original.values() for _rowid, moment in rows)
    assert shift > timedelta(0)
    assert copied == {
        key: [(rowid, moment + shift) for rowid, moment in rows] for key, rows in original.items()
    }
    # Stored exactly as SQLAlchemy stores a DATETIME in SQLite.
    assert _rows(tmp_path / DB, "SELECT max(due) FROM cards") == [("2031-05-06 07:08:09.123456",)]


def test_two_seeded_databases_differ_only_in_their_moments_and_make_their_own_identity(
    seed: Path, tmp_path: Path
) -> None:
    a, b = tmp_path / "a" / DB, tmp_path / "b" / DB
    for path, day in ((a, 1), (b, 2)):
        path.parent.mkdir()
        assert place_seed(path, seed, now=datetime(2030, 1, day)) is not None
    assert _dump(a) == _dump(b)
    full_a, full_b = _dump(a, moments=True), _dump(b, moments=True)
    assert {table for table in full_a if full_a[table] != full_b[table]} == {
        table for table, _column in MOMENT_COLUMNS
    }
    # No identity is copied: the sync device id is made on first use, one per database.
    for path in (a, b):
        for table in SYNC_TABLES:
            assert _rows(path, f"SELECT count(*) FROM {table}") == [(0,)]
    ids = []
    for folder in (tmp_path / "a", tmp_path / "b"):
        store = open_store(folder, backup=False)
        try:
            ids.append(sync.device_info(store.db)[0])
        finally:
            store.db.close()
    assert ids[0] != ids[1] and all(len(i) == 16 for i in ids)


def test_a_first_run_fills_in_only_the_moment_columns_with_its_moment(tmp_path: Path) -> None:
    """What MOMENT_COLUMNS must list: every column two first runs made the long way disagree
    on, and every date or time a first run stores. A new per-run value fails here until the
    seed copy makes it its own."""
    first = tmp_path / "first"
    _open(first, use_seed=False)
    second = tmp_path / "second"
    _open(second, use_seed=False)
    one, two = _dump(first / DB, moments=True), _dump(second / DB, moments=True)
    assert one["schema"] == two["schema"] and one["settings"] == two["settings"]
    differing = set()
    for table in one.keys() - {"schema", "settings"}:
        columns, rows_one = one[table]  # type: ignore[misc]
        _columns, rows_two = two[table]  # type: ignore[misc]
        for i, column in enumerate(columns):
            if sorted(map(repr, (r[i] for r in rows_one))) != sorted(
                map(repr, (r[i] for r in rows_two))
            ):
                differing.add((table, column))
    assert differing == set(MOMENT_COLUMNS)
    timed = set()
    with closing(sqlite3.connect(first / DB)) as conn:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        for table in tables:
            for _cid, column, kind, *_rest in conn.execute(f'PRAGMA table_info("{table}")'):
                if kind.upper() in ("DATE", "DATETIME", "TIME", "TIMESTAMP"):
                    filled = conn.execute(
                        f'SELECT count(*) FROM "{table}" WHERE "{column}" IS NOT NULL'
                    ).fetchone()[0]
                    if filled:
                        timed.add((table, column))
    assert timed == set(MOMENT_COLUMNS)


# --- when the seed is not used ------------------------------------------------------------------


def _went_the_long_way(folder: Path, caplog: pytest.LogCaptureFixture, reason: str) -> None:
    """The database is complete, and was built rather than copied (the seed's mark is absent)."""
    assert sorted(p.name for p in folder.iterdir()) == [DB]
    assert _rows(folder / DB, "SELECT version_num FROM alembic_version") == [(SCHEMA_HEAD,)]
    assert [r[0] for r in _rows(folder / DB, "SELECT slug FROM roadmaps ORDER BY position")] == [
        f.slug for f in bundled.bundled_files()
    ]
    assert _rows(folder / DB, "SELECT count(*) FROM roadmaps WHERE title = 'From the seed'") == [
        (0,)
    ]
    found = [r for r in caplog.records if r.name == seed_module.__name__]
    assert [r.levelno for r in found] == [logging.INFO]
    assert "first run without" in found[0].getMessage()
    assert reason in found[0].getMessage()


def _mark(path: Path, *statements: str) -> None:
    """Give every roadmap of the seed a title the long way never writes, then run statements."""
    with closing(sqlite3.connect(path)) as conn:
        conn.execute("UPDATE roadmaps SET title = 'From the seed'")
        for statement in statements:
            conn.execute(statement)
        conn.commit()


def test_a_marked_seed_is_what_a_first_run_copies(seed: Path, tmp_path: Path) -> None:
    """The mark the fallback tests look for is copied when nothing else is wrong."""
    _mark(seed)
    _open(tmp_path / "data")
    assert _rows(tmp_path / "data" / DB, "SELECT DISTINCT title FROM roadmaps") == [
        ("From the seed",)
    ]


def test_a_changed_bundled_file_makes_the_seed_stale(
    seed: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    _mark(seed)
    files = bundled.bundled_files()
    changed = tmp_path / "changed" / files[1].resource.name
    changed.parent.mkdir()
    changed.write_bytes(files[1].resource.read_bytes() + b"\n# one more line\n")
    patched = [*files[:1], BundledFile(files[1].slug, changed), *files[2:]]
    monkeypatch.setattr(bundled, "bundled_files", lambda: patched)
    caplog.set_level(logging.INFO)
    _open(tmp_path / "data")
    _went_the_long_way(tmp_path / "data", caplog, files[1].slug)
    stored = dict(_rows(tmp_path / "data" / DB, "SELECT slug, content_hash FROM roadmaps"))
    assert stored[files[1].slug] == bundled.file_hash(changed.read_bytes())


def test_a_seed_at_an_older_schema_revision_is_stale(
    seed: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    _mark(seed, "UPDATE alembic_version SET version_num = '0008_older'")
    assert "0008_older" in (seed_problem(seed) or "")
    caplog.set_level(logging.INFO)
    _open(tmp_path / "data")
    _went_the_long_way(tmp_path / "data", caplog, "0008_older")


def test_a_seed_with_a_device_identity_is_not_copied(
    seed: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    _mark(seed, "INSERT INTO sync_meta (key, value) VALUES ('device_id', '0123456789abcdef')")
    caplog.set_level(logging.INFO)
    _open(tmp_path / "data")
    _went_the_long_way(tmp_path / "data", caplog, "sync_meta")
    assert _rows(tmp_path / "data" / DB, "SELECT count(*) FROM sync_meta") == [(0,)]


def test_a_missing_seed_falls_back(
    seed: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    seed.unlink()
    caplog.set_level(logging.INFO)
    store = _open(tmp_path / "data")
    _went_the_long_way(tmp_path / "data", caplog, "does not exist")
    assert store.created and [r.slug for r in store.bundled_reports] == list(BUNDLED_ORDER)


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda whole: b"", id="empty"),
        pytest.param(lambda whole: b"not a database" * 100, id="not-sqlite"),
        pytest.param(lambda whole: whole[: len(whole) // 2], id="truncated"),
        pytest.param(lambda whole: whole[:8192] + b"\xff" * (len(whole) - 8192), id="damaged"),
    ],
)
def test_an_unreadable_seed_falls_back(
    seed: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture, damage
) -> None:
    seed.write_bytes(damage(seed.read_bytes()))
    assert seed_problem(seed) is not None
    caplog.set_level(logging.INFO)
    _open(tmp_path / "data")
    _went_the_long_way(tmp_path / "data", caplog, "")


def test_a_failed_copy_falls_back_and_leaves_nothing_behind(
    seed: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    _mark(seed)

    def full(source: Path, target: Path) -> None:
        Path(target).write_bytes(Path(source).read_bytes()[:4096])
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(seed_module.shutil, "copyfile", full)
    caplog.set_level(logging.INFO)
    _open(tmp_path / "data")
    _went_the_long_way(tmp_path / "data", caplog, "No space left")


def test_an_existing_database_is_never_replaced_by_the_seed(seed: Path, tmp_path: Path) -> None:
    _open(tmp_path / "data", use_seed=False)
    before = _dump(tmp_path / "data" / DB, moments=True)
    _mark(seed)
    again = _open(tmp_path / "data")
    assert not again.created and again.bundled_reports == []
    assert _dump(tmp_path / "data" / DB, moments=True) == before


def test_an_emptied_file_that_may_hide_data_is_still_refused(seed: Path, tmp_path: Path) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / DB).write_bytes(b"")
    (folder / f"{DB}-wal").write_bytes(b"\x37\x7f\x06\x82" + b"\x00" * 60)
    with pytest.raises(NotADatabaseError, match="write-ahead log"):
        open_store(folder, backup=False)
    assert (folder / DB).read_bytes() == b""
    assert sorted(p.name for p in folder.iterdir()) == [DB, f"{DB}-wal"]


def test_an_empty_file_with_nothing_beside_it_is_seeded(seed: Path, tmp_path: Path) -> None:
    _mark(seed)
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / DB).write_bytes(b"")
    store = _open(folder)
    assert store.created
    assert _rows(folder / DB, "SELECT DISTINCT title FROM roadmaps") == [("From the seed",)]


# --- a copy cut short -----------------------------------------------------------------------------


def test_the_copy_is_flushed_to_disk_before_it_is_renamed_into_place(
    seed: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[str] = []
    real_fsync, real_replace = os.fsync, os.replace

    def fsync(fd: int) -> None:
        calls.append("fsync")
        real_fsync(fd)

    def replace(src: Path, dst: Path) -> None:
        calls.append(f"replace {Path(src).name}")
        real_replace(src, dst)

    monkeypatch.setattr(seed_module.os, "fsync", fsync)
    monkeypatch.setattr(seed_module.os, "replace", replace)
    assert place_seed(tmp_path / DB, seed) is not None
    assert calls == ["fsync", f"replace {DB}.seeding"]


KILLED = """
import os, shutil, sys
from pathlib import Path
from roadmap_desktop.core import seed

seed_path, target, when = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]
real_copy = shutil.copyfile

def half_copy(source, dest):
    data = Path(source).read_bytes()
    Path(dest).write_bytes(data[: len(data) // 2])
    os._exit(9)  # killed: no cleanup runs

def killed(*args):
    os._exit(9)

if when == "copying":
    seed.shutil.copyfile = half_copy
elif when == "before-flush":
    seed.os.fsync = killed
else:
    seed.os.replace = killed
seed.place_seed(target, seed_path)
"""


@pytest.mark.parametrize("when", ["copying", "before-flush", "before-rename"])
def test_a_kill_during_the_copy_leaves_no_database_that_looks_complete(
    seed: Path, tmp_path: Path, when: str
) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    done = subprocess.run(
        [sys.executable, "-c", KILLED, str(seed), str(folder / DB), when],
        env={**os.environ, "PYTHONPATH": os.pathsep.join([str(SRC), *sys.path])},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 9, done.stderr
    assert not (folder / DB).exists()
    assert (folder / f"{DB}.seeding").exists()  # what was being copied, under its own name
    # The next start copies again and clears what the killed one left.
    store = _open(folder)
    assert store.created
    assert sorted(p.name for p in folder.iterdir()) == [DB]
    assert _dump(folder / DB) == _dump(_long_way(tmp_path))


def _long_way(tmp_path: Path) -> Path:
    _open(tmp_path / "long", use_seed=False)
    return tmp_path / "long" / DB


def test_the_seeded_path_needs_neither_sqlalchemy_nor_alembic(seed: Path, tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from roadmap_desktop.core.seed import place_seed\n"
        "assert place_seed(Path(sys.argv[2]), Path(sys.argv[1])) is not None\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'sqlalchemy', 'alembic'}))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(seed), str(tmp_path / DB)],
        env={**os.environ, "PYTHONPATH": os.pathsep.join([str(SRC), *sys.path])},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


@pytest.fixture(autouse=True)
def _no_stray_files(tmp_path: Path) -> Iterator[None]:
    yield
    assert not list(tmp_path.rglob("*.seeding*")), "a .seeding file was left behind"
