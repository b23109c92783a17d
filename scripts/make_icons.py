"""Render the app icon SVG into every raster format the three systems want.

    python scripts/make_icons.py            # writes packaging/icons/
    python scripts/make_icons.py --check    # exit 1 when the SVG changed since the last run

Source: resources/icons/roadmap-desktop.svg (the only file drawn by hand). Output, committed so
that packaging needs no renderer, and rebuilt by packaging/build.py before every build:

- packaging/icons/hicolor/<N>x<N>/apps/<APP_ID>.png for N in 16 … 512 (Linux icon theme sizes)
- packaging/icons/roadmap-desktop.ico   (Windows: PNG-compressed entries 16 … 256)
- packaging/icons/roadmap-desktop.icns  (macOS: PNG-compressed entries 16 … 1024, @1x and @2x)
- packaging/icons/source.sha256         (the SVG they were made from; `--check` compares it, so
                                         the check does not depend on Qt's exact rasteriser)

Rendering uses Qt's own SVG renderer (PySide6.QtSvg, already installed with the app); the ICO and
ICNS containers are written here (both are a small header and a list of PNGs), so the output is
byte-for-byte reproducible for a given Qt version.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import struct
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from roadmap_desktop import APP_ID  # noqa: E402

SVG = ROOT / "resources" / "icons" / "roadmap-desktop.svg"
OUT = ROOT / "packaging" / "icons"
LINUX_SIZES = (16, 22, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 20, 24, 32, 40, 48, 64, 128, 256)
# ICNS element types holding PNG data, with their pixel size.
ICNS_TYPES = (
    (b"icp4", 16),
    (b"icp5", 32),
    (b"icp6", 64),
    (b"ic07", 128),
    (b"ic08", 256),
    (b"ic09", 512),
    (b"ic10", 1024),
    (b"ic11", 32),
    (b"ic12", 64),
    (b"ic13", 256),
    (b"ic14", 512),
)


def render_png(size: int) -> bytes:
    """The icon at size × size pixels, as PNG bytes."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF, Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(str(SVG))
    if not renderer.isValid():
        raise SystemExit(f"make_icons: cannot read {SVG}")
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter, QRectF(0, 0, size, size))
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not image.convertToFormat(QImage.Format.Format_ARGB32).save(buffer, "PNG"):
        raise SystemExit(f"make_icons: cannot encode a {size}px PNG")
    buffer.close()
    return bytes(data.data())


def ico_container(pngs: dict[int, bytes]) -> bytes:
    """A Windows .ico holding one PNG per size (supported since Windows Vista)."""
    sizes = sorted(pngs)
    header = struct.pack("<HHH", 0, 1, len(sizes))
    offset = len(header) + 16 * len(sizes)
    entries, blobs = b"", b""
    for size in sizes:
        blob = pngs[size]
        dim = 0 if size >= 256 else size  # 0 means 256 in an ICONDIRENTRY
        entries += struct.pack("<BBBBHHII", dim, dim, 0, 0, 1, 32, len(blob), offset)
        offset += len(blob)
        blobs += blob
    return header + entries + blobs


def icns_container(pngs: dict[int, bytes]) -> bytes:
    """A macOS .icns holding PNG elements (supported since Mac OS X 10.7)."""
    body = b""
    for kind, size in ICNS_TYPES:
        blob = pngs[size]
        body += kind + struct.pack(">I", 8 + len(blob)) + blob
    return b"icns" + struct.pack(">I", 8 + len(body)) + body


def outputs() -> dict[Path, bytes]:
    """Every generated file and its content."""
    wanted = set(LINUX_SIZES) | set(ICO_SIZES) | {size for _, size in ICNS_TYPES}
    pngs = {size: render_png(size) for size in sorted(wanted)}
    files = {
        OUT / "hicolor" / f"{size}x{size}" / "apps" / f"{APP_ID}.png": pngs[size]
        for size in LINUX_SIZES
    }
    files[OUT / "roadmap-desktop.ico"] = ico_container({s: pngs[s] for s in ICO_SIZES})
    files[OUT / "roadmap-desktop.icns"] = icns_container(pngs)
    return files


def source_stamp() -> bytes:
    digest = hashlib.sha256(SVG.read_bytes()).hexdigest()
    return f"{digest}  resources/icons/{SVG.name}\n".encode()


def expected_files() -> list[Path]:
    files = [OUT / "hicolor" / f"{s}x{s}" / "apps" / f"{APP_ID}.png" for s in LINUX_SIZES]
    return [*files, OUT / "roadmap-desktop.ico", OUT / "roadmap-desktop.icns"]


def check() -> int:
    """0 when every output exists and was made from the current SVG."""
    stamp = OUT / "source.sha256"
    missing = [p for p in expected_files() if not p.is_file()]
    stale = not stamp.is_file() or stamp.read_bytes() != source_stamp()
    for path in missing:
        print(f"make_icons: {path.relative_to(ROOT)} is missing")
    if stale:
        print(f"make_icons: {SVG.relative_to(ROOT)} changed since packaging/icons/ was made")
    if missing or stale:
        print("make_icons: run `python scripts/make_icons.py` and commit packaging/icons/")
        return 1
    print("make_icons: packaging/icons/ matches the SVG")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--check", action="store_true", help="only report whether packaging/icons/ is current"
    )
    args = parser.parse_args(argv)
    if args.check:
        return check()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])  # noqa: F841
    files = outputs()
    files[OUT / "source.sha256"] = source_stamp()
    written = []
    for path, content in files.items():
        if path.exists() and path.read_bytes() == content:
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
        written.append(path)
    for path in written:
        print(f"make_icons: wrote {path.relative_to(ROOT)}")
    if not written:
        print("make_icons: packaging/icons/ is up to date")
    return 0


if __name__ == "__main__":
    sys.exit(main())
