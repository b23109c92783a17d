"""What a frozen bundle keeps: one policy for the app's spec and the bare-window baseline.

Imported by `roadmap-desktop.spec`, by the PyInstaller hooks in `packaging/hooks/` (which filter
Qt's plugins and translations *before* PyInstaller follows their library dependencies, so a
dropped plugin drags in nothing) and by `benchmarks/bundle.py`, which builds a bare PySide6
window with exactly these options to measure the app against.

PySide6-Essentials ships every plugin of its modules; a widgets app that draws with the raster
engine and shows one SVG icon needs few of them:

- platforms: xcb and wayland (Linux desktops), windows, cocoa, and offscreen (CI, screenshots).
- platformthemes: xdgdesktopportal (light/dark and file dialogs through the portal). The gtk3
  theme is left out: it would bundle ~10 MB of GTK, cairo and pango from the build machine.
- platforminputcontexts: compose and ibus, so dead keys and input methods work in notes.
- iconengines and imageformats: svg (the app icon); PNG support is built into QtGui.
- wayland: the xdg-shell integration and the client-side decorations; no EGL/GL integrations
  (the app never creates an OpenGL surface).
- styles (Windows/macOS only): the native style, used by an error dialog shown before the
  Fusion theme is applied.
- no Qt translations: the interface is English, and Qt's standard buttons should match it.
"""

from __future__ import annotations

import os
import sys

# plugin type -> stems to keep (None: keep every plugin of that type). Types not listed are
# dropped entirely: generic, egldeviceintegrations, xcbglintegrations, networkinformation, tls,
# wayland-graphics-integration-client, accessiblebridge, printsupport, sqldrivers, ...
QT_PLUGINS: dict[str, set[str] | None] = {
    "platforms": {"qxcb", "qwayland", "qwayland-generic", "qoffscreen", "qwindows", "qcocoa"},
    "platforms/darwin": None,
    "platformthemes": {"qxdgdesktopportal"},
    "platforminputcontexts": {
        "composeplatforminputcontextplugin",
        "ibusplatforminputcontextplugin",
    },
    "iconengines": {"qsvgicon"},
    "imageformats": {"qsvg"},
    "wayland-shell-integration": {"xdg-shell"},
    "wayland-decoration-client": None,
    "styles": None,
}

# Qt support libraries that the hooks would add but nothing kept needs.
QT_EXTRA_BINARIES_DROPPED = {"opengl32sw.dll", "d3dcompiler_47.dll", "libegl.dll", "libglesv2.dll"}

# The only PySide6 modules the app imports; the others are excluded so their hooks never run.
QT_MODULES_KEPT = {"QtCore", "QtGui", "QtWidgets"}
QT_MODULES_EXCLUDED = [
    f"PySide6.{name}"
    for name in (
        "QtNetwork",
        "QtDBus",
        "QtSvg",
        "QtSvgWidgets",
        "QtOpenGL",
        "QtOpenGLWidgets",
        "QtPrintSupport",
        "QtSql",
        "QtTest",
        "QtXml",
        "QtConcurrent",
        "QtQml",
        "QtQuick",
        "QtQuickControls2",
        "QtQuickWidgets",
        "QtQuickTest",
        "QtUiTools",
        "QtDesigner",
        "QtHelp",
        "QtStateMachine",
        "QtAxContainer",
    )
]

# Python modules nothing in the app reaches at run time; each was checked against the frozen
# app's smoke run, CLI round trip and a database upgrade (tests/e2e/test_frozen.py).
PYTHON_EXCLUDES = [
    "tkinter",
    "_tkinter",
    "unittest",
    "pydoc",
    "pydoc_data",
    "doctest",
    "lib2to3",
    "test",
    "distutils",
    "setuptools",
    "pkg_resources",
    "pip",
    "IPython",
    "ssl",
    "_ssl",  # the app never opens a network connection; stdlib users fall back
    "multiprocessing",
    "xmlrpc",
    "ftplib",
    "smtplib",
    "curses",
    "readline",
    "_curses",
    "greenlet",  # SQLAlchemy needs it only for its asyncio extension
    "sqlalchemy.testing",
    "sqlalchemy.ext.mypy",
    "alembic.testing",
    "mako.testing",
    "pygments.sphinxext",
    "pygments.cmdline",
    "markdown.__main__",
]

# Linux: strip debug symbols (the Python and Cython libraries in wheels carry many); never on
# macOS (it would break code signatures) and never on Windows (no strip tool).
STRIP = sys.platform.startswith("linux")
# UPX slows every start by decompressing and trips antivirus scanners: never.
UPX = False


def _plugin_stem(filename: str) -> str:
    stem = os.path.basename(filename)
    for suffix in (".so", ".dylib", ".dll"):
        if stem.endswith(suffix):
            stem = stem[: -len(suffix)]
    if stem.startswith("lib") and not sys.platform.startswith("win"):
        stem = stem[3:]
    return stem


def keep_qt_binary(src: str, dest_dir: str) -> bool:
    """Whether a (src, dest_dir) binary that a Qt hook collected belongs in the bundle."""
    if os.path.basename(src).lower() in QT_EXTRA_BINARIES_DROPPED:
        return False
    parts = dest_dir.replace("\\", "/").split("/")
    if "plugins" not in parts:
        return True
    plugin_type = "/".join(parts[parts.index("plugins") + 1 :])
    if plugin_type not in QT_PLUGINS:
        return False
    wanted = QT_PLUGINS[plugin_type]
    return wanted is None or _plugin_stem(src) in wanted


def keep_qt_data(src: str, dest_dir: str) -> bool:
    """Whether a (src, dest_dir) data file that a Qt hook collected belongs in the bundle."""
    return not src.endswith(".qm")  # translations


def filter_qt_hook(binaries: list, datas: list) -> tuple[list, list]:
    """Apply the policy to a Qt hook's collected binaries and data files."""
    return (
        [entry for entry in binaries if keep_qt_binary(*entry)],
        [entry for entry in datas if keep_qt_data(*entry)],
    )


def hooks_dir() -> str:
    """The folder with the hooks that apply this policy."""
    return os.path.join(os.path.dirname(os.path.abspath(__file__)), "hooks")
