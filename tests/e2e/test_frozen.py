"""The frozen app, run the way a user runs it.

Skipped unless ROADMAP_DESKTOP_FROZEN names a one-folder build (`make dist`, then
`ROADMAP_DESKTOP_FROZEN=dist/roadmap-desktop pytest tests/e2e/test_frozen.py`); .ci/run does this
on Linux. The checks of the packaging metadata at the bottom need no build and always run.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import xml.etree.ElementTree as ET
from configparser import ConfigParser
from contextlib import closing
from pathlib import Path

import pytest

from roadmap_desktop import APP_ID, APP_NAME, __version__
from roadmap_desktop.core.bundled import BUNDLED_ORDER
from roadmap_desktop.core.schema import SCHEMA_HEAD

ROOT = Path(__file__).resolve().parents[2]
LINUX = sys.platform.startswith("linux")
FROZEN = os.environ.get("ROADMAP_DESKTOP_FROZEN")
BUNDLE = Path(FROZEN).resolve() if FROZEN else None
EXE = "roadmap-desktop.exe" if sys.platform == "win32" else "roadmap-desktop"
ROADMAP = "backend-developer-24-weeks"

needs_bundle = pytest.mark.skipif(
    BUNDLE is None, reason="set ROADMAP_DESKTOP_FROZEN to a built bundle (make dist)"
)


def frozen(*args: str | Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    assert BUNDLE is not None
    return subprocess.run(
        [str(BUNDLE / EXE), *map(str, args)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        env={
            **os.environ,
            "QT_QPA_PLATFORM": "offscreen",
            "PYTHONIOENCODING": "utf-8",
            "ROADMAP_DESKTOP_DATA_DIR": str(Path(os.devnull) / "never-used"),
            **(env or {}),
        },
    )


@needs_bundle
def test_the_bundle_has_the_executable_resources_migrations_and_notices() -> None:
    assert BUNDLE is not None
    internal = BUNDLE / "_internal"
    assert (BUNDLE / EXE).is_file()
    for slug in BUNDLED_ORDER:
        assert (internal / "roadmap_desktop" / "resources" / "roadmaps" / f"{slug}.yaml").is_file()
    assert (internal / "roadmap_desktop" / "resources" / "icons" / "roadmap-desktop.svg").is_file()
    migrations = internal / "roadmap_desktop" / "core" / "migrations"
    assert (migrations / "env.py").is_file() and (migrations / "script.py.mako").is_file()
    assert sorted(p.name for p in (migrations / "versions").glob("*.py"))
    for name in ("LICENSE", "THIRD_PARTY_NOTICES.md"):
        assert (internal / name).is_file()
    # The seed database first runs copy, current for the roadmaps and schema shipped.
    from roadmap_desktop.core.seed import SEED_FILENAME, seed_problem

    assert seed_problem(internal / "roadmap_desktop" / SEED_FILENAME) is None


@needs_bundle
def test_unused_qt_parts_are_left_out() -> None:
    assert BUNDLE is not None
    files = [p.relative_to(BUNDLE).as_posix() for p in BUNDLE.rglob("*")]
    assert not [f for f in files if f.endswith(".qm")], "Qt translations are not shipped"
    for unwanted in (
        "egldeviceintegrations",
        "xcbglintegrations",
        "/tls/",
        "networkinformation",
        "sqldrivers",
        "QtNetwork",
        "QtQml",
        "QtQuick",
        "libqgtk3",
        "opengl32sw",
    ):
        assert not [f for f in files if unwanted in f], unwanted
    for wanted in ("iconengines/", "imageformats/", "platforms/"):
        assert [f for f in files if wanted in f], wanted
    assert not [f for f in files if "sqlalchemy/testing" in f or "/greenlet" in f]


@needs_bundle
def test_every_shipped_distribution_is_named_in_the_notices() -> None:
    assert BUNDLE is not None
    notices = (ROOT / "THIRD_PARTY_NOTICES.md").read_text(encoding="utf-8").lower()
    licenses = BUNDLE / "_internal" / "licenses"
    shipped = [p.name for p in licenses.iterdir() if p.is_dir() and p.name != "system"]
    assert "Qt-PySide6" in shipped and "SQLAlchemy" in shipped
    missing = [name for name in shipped if name.lower().replace("-pyside6", "") not in notices]
    assert not missing, f"add these to THIRD_PARTY_NOTICES.md: {missing}"


@needs_bundle
def test_version() -> None:
    done = frozen("--version")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"{APP_NAME} {__version__}"


@needs_bundle
def test_smoke_against_a_temporary_data_folder(tmp_path: Path) -> None:
    done = frozen("--smoke", "--data-dir", tmp_path / "data")
    assert done.returncode == 0, done.stderr
    timings = json.loads(done.stdout.strip().splitlines()[-1])
    assert 0 < timings["first_frame_ms"] <= timings["data_ready_ms"]
    assert timings["version"] == __version__
    with closing(sqlite3.connect(tmp_path / "data" / "roadmap.sqlite3")) as conn:
        slugs = {row[0] for row in conn.execute("SELECT slug FROM roadmaps")}
    assert slugs == set(BUNDLED_ORDER)
    log = (tmp_path / "data" / "logs" / "roadmap-desktop.log").read_text(encoding="utf-8")
    assert "from the seed database" in log  # copied, not built: core/seed.py


@needs_bundle
@pytest.mark.skipif(not LINUX or not shutil.which("ldd"), reason="Linux shared libraries")
def test_the_x11_platform_plugin_finds_every_library_it_links(tmp_path: Path) -> None:
    """libqxcb's dependencies are in the bundle, or system libraries the README lists."""
    assert BUNDLE is not None
    internal = BUNDLE / "_internal"
    plugin = internal / "PySide6" / "Qt" / "plugins" / "platforms" / "libqxcb.so"
    env = {**os.environ, "LD_LIBRARY_PATH": f"{internal}:{internal / 'PySide6' / 'Qt' / 'lib'}"}
    done = subprocess.run(["ldd", str(plugin)], capture_output=True, text=True, env=env)
    assert done.returncode == 0, done.stderr
    missing = [line.strip() for line in done.stdout.splitlines() if "not found" in line]
    assert not missing, f"install these on the build machine before `make dist`: {missing}"
    from_system = {
        line.split()[0]
        for line in done.stdout.splitlines()
        if "=>" in line and str(internal) not in line and "not found" not in line
    }
    allowed = ("libc.so", "libm.so", "libGL", "libEGL", "libGLX", "libGLdispatch", "libxcb.so")
    assert {lib for lib in from_system if not lib.startswith(allowed)} <= {
        "libdl.so.2",
        "libpthread.so.0",
        "librt.so.1",
        "ld-linux-x86-64.so.2",
        "ld-linux-aarch64.so.1",
    }


@needs_bundle
@pytest.mark.skipif(not shutil.which("xvfb-run"), reason="needs Xvfb (apt install xvfb xauth)")
def test_smoke_on_a_real_x_server(tmp_path: Path) -> None:
    assert BUNDLE is not None
    env = {**os.environ, "QT_QPA_PLATFORM": "xcb"}
    env.pop("WAYLAND_DISPLAY", None)
    done = subprocess.run(
        [
            "xvfb-run", "-a", "-s", "-screen 0 1600x1000x24",
            str(BUNDLE / EXE), "--smoke", "--data-dir", str(tmp_path / "data"),
        ],
        capture_output=True, text=True, timeout=120, env=env,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout.strip().splitlines()[-1])["first_frame_ms"] > 0
    assert "qt.qpa" not in done.stderr, done.stderr  # no platform plugin complaints


@needs_bundle
def test_cli_round_trip_list_and_export(tmp_path: Path) -> None:
    data = tmp_path / "data"
    listed = frozen("list", "--data-dir", data)
    assert listed.returncode == 0, listed.stderr
    assert [line.split("\t")[0] for line in listed.stdout.splitlines()] == list(BUNDLED_ORDER)
    exported = frozen("export", "--roadmap", ROADMAP, "--format", "json", "--data-dir", data)
    assert exported.returncode == 0, exported.stderr
    document = json.loads(exported.stdout)
    assert document["format"] == "roadmap-desktop/export"
    assert document["roadmap"]["slug"] == ROADMAP and document["roadmap"]["phases"]
    target = tmp_path / "export.json"
    written = frozen("export", "--roadmap", ROADMAP, "-o", target, "--data-dir", data)
    assert written.returncode == 0, written.stderr
    assert json.loads(target.read_text(encoding="utf-8"))["roadmap"] == document["roadmap"]


@needs_bundle
def test_an_older_database_is_upgraded_by_the_shipped_migrations(tmp_path: Path) -> None:
    """Alembic runs from the bundle: its env.py and revisions are read from _internal/."""
    from alembic import command
    from sqlalchemy import create_engine

    from roadmap_desktop.core.db import alembic_config

    data = tmp_path / "data"
    data.mkdir()
    engine = create_engine(f"sqlite:///{data / 'roadmap.sqlite3'}")
    with engine.begin() as conn:
        command.upgrade(alembic_config(conn), "0001_initial")
    engine.dispose()
    if SCHEMA_HEAD == "0001_initial":
        pytest.skip("only one schema revision so far")

    done = frozen("list", "--data-dir", data)
    assert done.returncode == 0, done.stderr
    with closing(sqlite3.connect(data / "roadmap.sqlite3")) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone()[0] == SCHEMA_HEAD
    assert [p.name for p in (data / "backups").iterdir() if "pre-upgrade" in p.name]


@needs_bundle
@pytest.mark.parametrize("mode", ["--smoke", "list"])
def test_an_unwritable_data_folder_is_a_clear_error(tmp_path: Path, mode: str) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    done = frozen(mode, "--data-dir", blocker / "data")
    assert done.returncode == 2
    assert done.stdout == ""
    first = done.stderr.strip().splitlines()[0]
    assert first.startswith("roadmap-desktop: The data folder ") and "cannot be used" in first
    assert "Traceback" not in done.stderr


@needs_bundle
@pytest.mark.parametrize("mode", ["--smoke", "list"])
def test_a_damaged_database_is_a_clear_error_and_left_unchanged(tmp_path: Path, mode: str) -> None:
    damaged = tmp_path / "roadmap.sqlite3"
    content = b"SQLite format 3\x00" + bytes(range(256)) * 40
    damaged.write_bytes(content)
    done = frozen(mode, "--data-dir", tmp_path)
    assert done.returncode == 2
    assert done.stderr.startswith("roadmap-desktop: The database ")
    assert "cannot be opened" in done.stderr and "Traceback" not in done.stderr
    assert damaged.read_bytes() == content


@needs_bundle
@pytest.mark.skipif(not LINUX, reason="the missing-library message is for Linux")
def test_a_missing_graphics_library_is_a_clear_error(tmp_path: Path) -> None:
    broken = tmp_path / "lib"
    broken.mkdir()
    (broken / "libGL.so.1").write_bytes(b"")  # what the loader finds first: unusable
    env = {"LD_LIBRARY_PATH": str(broken)}
    done = frozen("--smoke", "--data-dir", tmp_path / "data", env=env)
    assert done.returncode == 2
    assert "system library that Qt needs" in done.stderr and "libGL.so.1" in done.stderr
    assert "apt install" in done.stderr and "Traceback" not in done.stderr
    # The command line needs no Qt: it still works on such a machine.
    assert frozen("list", "--data-dir", tmp_path / "data", env=env).returncode == 0


@needs_bundle
@pytest.mark.skipif(not LINUX, reason="install.sh is the Linux tarball's installer")
def test_install_sh_installs_and_uninstalls_for_the_user(tmp_path: Path) -> None:
    assert BUNDLE is not None
    home = tmp_path / "home"
    home.mkdir()
    env = {
        key: value for key, value in os.environ.items() if not key.startswith(("XDG_", "ROADMAP"))
    }
    env.update(HOME=str(home), PATH=f"{home / '.local' / 'bin'}:{env.get('PATH', '')}")
    installer = BUNDLE / "install.sh"
    done = subprocess.run(["sh", str(installer)], capture_output=True, text=True, env=env)
    assert done.returncode == 0, done.stderr
    share = home / ".local" / "share"
    app_dir = home / ".local" / "opt" / "roadmap-desktop"
    desktop = share / "applications" / f"{APP_ID}.desktop"
    assert (app_dir / EXE).is_file()
    entry = ConfigParser(interpolation=None)
    entry.optionxform = str  # type: ignore[assignment,method-assign]
    entry.read(desktop, encoding="utf-8")
    assert entry["Desktop Entry"]["Exec"] == f'"{app_dir / EXE}"'
    assert (share / "icons" / "hicolor" / "256x256" / "apps" / f"{APP_ID}.png").is_file()
    assert (share / "icons" / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg").is_file()
    assert (share / "metainfo" / f"{APP_ID}.metainfo.xml").is_file()
    if shutil.which("desktop-file-validate"):
        check = subprocess.run(["desktop-file-validate", str(desktop)], capture_output=True)
        assert check.returncode == 0, check.stdout
    linked = home / ".local" / "bin" / "roadmap-desktop"
    version = subprocess.run([str(linked), "--version"], capture_output=True, text=True, env=env)
    assert version.stdout.strip() == f"{APP_NAME} {__version__}"

    user_data = share / "RoadmapDesktop"
    user_data.mkdir()
    (user_data / "roadmap.sqlite3").write_bytes(b"precious")
    done = subprocess.run(
        ["sh", str(app_dir / "install.sh"), "--uninstall"], capture_output=True, text=True, env=env
    )
    assert done.returncode == 0, done.stderr
    assert not app_dir.exists() and not desktop.exists() and not linked.exists()
    assert not list((share / "icons").rglob(f"{APP_ID}.*"))
    assert (user_data / "roadmap.sqlite3").read_bytes() == b"precious"


# --- packaging metadata: no build needed -------------------------------------------------------


def test_desktop_entry_and_metainfo_match_the_package() -> None:
    linux = ROOT / "packaging" / "linux"
    entry = ConfigParser(interpolation=None)
    entry.optionxform = str  # type: ignore[assignment,method-assign]
    entry.read(linux / f"{APP_ID}.desktop", encoding="utf-8")
    assert entry["Desktop Entry"]["Name"] == APP_NAME
    assert entry["Desktop Entry"]["Icon"] == APP_ID
    component = ET.parse(linux / f"{APP_ID}.metainfo.xml").getroot()
    assert component.findtext("id") == APP_ID
    assert component.findtext("name") == APP_NAME
    assert component.find("launchable").text == f"{APP_ID}.desktop"  # type: ignore[union-attr]
    newest = component.find("releases/release")
    assert newest is not None and newest.get("version") == __version__, (
        "add a <release> for the new version to the metainfo"
    )


def test_generated_icons_are_present_for_every_system() -> None:
    icons = ROOT / "packaging" / "icons"
    assert (icons / "roadmap-desktop.ico").read_bytes()[:4] == b"\x00\x00\x01\x00"
    assert (icons / "roadmap-desktop.icns").read_bytes()[:4] == b"icns"
    for size in (16, 32, 48, 128, 256, 512):
        png = icons / "hicolor" / f"{size}x{size}" / "apps" / f"{APP_ID}.png"
        assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
