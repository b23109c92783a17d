"""Build Roadmap Desktop for the system this runs on: `python packaging/build.py` (`make dist`).

1. Renders the icons from resources/icons/roadmap-desktop.svg (scripts/make_icons.py).
2. Runs PyInstaller on packaging/roadmap-desktop.spec: a one-folder build in dist/roadmap-desktop/
   (and dist/Roadmap Desktop.app on macOS). The spec first builds the seed database that first
   runs copy (`python -m roadmap_desktop.seed_build`) and ships it as package data.
3. Packs what a user downloads, into dist/:
   - Linux:   roadmap-desktop-VERSION-linux-ARCH.tar.gz — the folder plus install.sh, the desktop
              entry, AppStream metainfo and icons (install.sh puts them in ~/.local/share).
   - macOS:   roadmap-desktop-VERSION-macos-ARCH.zip — Roadmap Desktop.app.
   - Windows: roadmap-desktop-VERSION-windows-ARCH.zip — the folder with roadmap-desktop.exe.

Needs the `build` extra: `pip install -e ".[build]"`. Prints the archive path last.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import subprocess
import sys
import tarfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGING = ROOT / "packaging"
sys.path.insert(0, str(ROOT / "src"))

from roadmap_desktop import APP_ID, APP_NAME, __version__  # noqa: E402

EXE_NAME = APP_NAME.lower().replace(" ", "-")


def system_tag() -> str:
    """linux-x86_64, macos-arm64, windows-amd64, …"""
    names = {"linux": "linux", "darwin": "macos", "win32": "windows"}
    system = names.get(sys.platform, sys.platform)
    return f"{system}-{platform.machine().lower() or 'unknown'}"


def run(command: list[str], **kwargs: object) -> None:
    print("+", " ".join(command), flush=True)
    subprocess.run(command, check=True, **kwargs)  # type: ignore[call-overload]


def build_bundle(dist: Path, work: Path, clean: bool) -> Path:
    """Run PyInstaller; returns the one-folder bundle."""
    command = [
        sys.executable,
        "-m",
        "PyInstaller",
        "--noconfirm",
        "--log-level",
        "WARN",
        "--distpath",
        str(dist),
        "--workpath",
        str(work),
        str(PACKAGING / "roadmap-desktop.spec"),
    ]
    if clean:
        command.insert(3, "--clean")
    run(command, cwd=ROOT)
    return dist / EXE_NAME


def add_linux_integration(bundle: Path) -> None:
    """install.sh, the desktop entry, metainfo, icons and notices inside the bundle folder."""
    linux = PACKAGING / "linux"
    share = bundle / "share"
    if share.exists():
        shutil.rmtree(share)
    (share / "applications").mkdir(parents=True)
    (share / "metainfo").mkdir(parents=True)
    shutil.copy2(linux / f"{APP_ID}.desktop", share / "applications")
    shutil.copy2(linux / f"{APP_ID}.metainfo.xml", share / "metainfo")
    shutil.copytree(PACKAGING / "icons" / "hicolor", share / "icons" / "hicolor")
    scalable = share / "icons" / "hicolor" / "scalable" / "apps"
    scalable.mkdir(parents=True)
    shutil.copy2(ROOT / "resources" / "icons" / "roadmap-desktop.svg", scalable / f"{APP_ID}.svg")
    shutil.copy2(linux / "install.sh", bundle / "install.sh")
    (bundle / "install.sh").chmod(0o755)


def add_notices(folder: Path) -> None:
    for name in ("LICENSE", "THIRD_PARTY_NOTICES.md"):
        shutil.copy2(ROOT / name, folder / name)


def make_tarball(bundle: Path, target: Path) -> None:
    target.unlink(missing_ok=True)
    top = target.name.removesuffix(".tar.gz")
    with tarfile.open(target, "w:gz", compresslevel=6) as tar:
        tar.add(bundle, arcname=top)


def make_zip(source: Path, target: Path) -> None:
    target.unlink(missing_ok=True)
    if sys.platform == "darwin":  # keeps the .app's symlinks, permissions and signature intact
        run(["ditto", "-c", "-k", "--sequesterRsrc", "--keepParent", str(source), str(target)])
        return
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
        for path in sorted(source.rglob("*")):
            archive.write(path, Path(source.name) / path.relative_to(source))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dist", type=Path, default=ROOT / "dist", help="output folder")
    parser.add_argument(
        "--work", type=Path, default=ROOT / "build" / "pyinstaller", help="PyInstaller work folder"
    )
    parser.add_argument("--clean", action="store_true", help="empty PyInstaller's cache first")
    parser.add_argument(
        "--no-archive", action="store_true", help="stop after the folder; no tar.gz or zip"
    )
    args = parser.parse_args(argv)
    started = time.monotonic()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # make_icons renders without a display

    run([sys.executable, str(ROOT / "scripts" / "make_icons.py")])
    bundle = build_bundle(args.dist.resolve(), args.work.resolve(), args.clean)
    add_notices(bundle)
    if sys.platform.startswith("linux"):
        add_linux_integration(bundle)

    archive = None
    if not args.no_archive:
        stem = f"{EXE_NAME}-{__version__}-{system_tag()}"
        if sys.platform.startswith("linux"):
            archive = args.dist / f"{stem}.tar.gz"
            make_tarball(bundle, archive)
        elif sys.platform == "darwin":
            app = args.dist / f"{APP_NAME}.app"  # notices are inside, in Contents/Resources
            archive = args.dist / f"{stem}.zip"
            make_zip(app, archive)
        else:
            archive = args.dist / f"{stem}.zip"
            make_zip(bundle, archive)

    size = sum(p.stat().st_size for p in bundle.rglob("*") if p.is_file() and not p.is_symlink())
    print(f"built {bundle} ({size / 1e6:.1f} MB) in {time.monotonic() - started:.0f} s")
    if archive is not None:
        print(f"archive {archive} ({archive.stat().st_size / 1e6:.1f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
