"""Linux runtime hook: clear messages, not a traceback or empty boxes, when the system lacks
what the bundle cannot carry.

The bundle carries Qt and most of what it links to, but not the graphics stack (libGL, libEGL),
libxcb, the font configuration or the fonts, which must come from the user's system.

- A missing library makes importing PySide6 fail with an ImportError naming it: print one line
  saying so and how to install it, show it in a desktop dialog when started from a menu
  (zenity/kdialog/notify-send, whichever exists), exit with status 2.
- No fontconfig configuration means Qt can find no font and draws every letter as an empty box:
  when the window is wanted, say so the same way and exit with status 2. Installed fonts are
  looked for only in the usual folders, so finding none there is a warning, not an error.

The command-line subcommands (list, export, --version) need neither and are never stopped.
"""

import os
import shutil
import subprocess
import sys

_PACKAGES = "libgl1 libegl1 libxcb1 libxkbcommon0 libfontconfig1 fonts-dejavu-core"
_NO_WINDOW = {"list", "export", "--version", "-h", "--help"}
_FONT_DIRS = (
    "/usr/share/fonts",
    "/usr/local/share/fonts",
    os.path.expanduser("~/.local/share/fonts"),
    os.path.expanduser("~/.fonts"),
)


def _tell(message):
    print(f"roadmap-desktop: {message}", file=sys.stderr, flush=True)
    graphical = os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
    if graphical and not (sys.stderr and sys.stderr.isatty()):
        for tool, args in (
            ("zenity", ["--error", "--title=Roadmap Desktop", f"--text={message}"]),
            ("kdialog", ["--title", "Roadmap Desktop", "--error", message]),
            ("notify-send", ["Roadmap Desktop cannot start", message]),
        ):
            path = shutil.which(tool)
            if path:
                subprocess.run([path, *args], check=False)
                break


def _missing_library_hook(kind, exc, tb, _previous=sys.excepthook):
    text = str(exc)
    if not (issubclass(kind, ImportError) and (".so" in text or "shared object" in text)):
        _previous(kind, exc, tb)
        return
    _tell(
        f"a system library that Qt needs is missing or unusable ({text}). "
        f"On Debian or Ubuntu install it with: sudo apt install {_PACKAGES}"
    )
    os._exit(2)


def _has_font_files():
    for folder in _FONT_DIRS:
        for _root, _dirs, files in os.walk(folder):
            if any(name.lower().endswith((".ttf", ".otf", ".ttc", ".pcf.gz")) for name in files):
                return True
    return False


def _check_fonts():
    if _NO_WINDOW & set(sys.argv[1:]):
        return
    configured = os.environ.get("FONTCONFIG_FILE") or os.environ.get("FONTCONFIG_PATH")
    if not configured and not os.path.exists("/etc/fonts/fonts.conf"):
        _tell(
            "no font configuration was found (/etc/fonts/fonts.conf), so no text could be "
            "shown. On Debian or Ubuntu install it with: sudo apt install fontconfig-config "
            "fonts-dejavu-core"
        )
        os._exit(2)
    if not configured and not _has_font_files():
        print(
            "roadmap-desktop: warning: no fonts found in /usr/share/fonts or ~/.local/share/fonts;"
            " if text shows as empty boxes, install a font (Debian/Ubuntu: fonts-dejavu-core)",
            file=sys.stderr,
            flush=True,
        )


def _check_xcb():
    """On X11, Qt's xcb plugin needs the system's libxcb; without it Qt aborts with a core dump."""
    if _NO_WINDOW & set(sys.argv[1:]):
        return
    platform = os.environ.get("QT_QPA_PLATFORM", "")
    wayland = os.environ.get("WAYLAND_DISPLAY") and not platform.startswith("xcb")
    if not os.environ.get("DISPLAY") or wayland or platform not in ("", "xcb"):
        return
    import ctypes

    try:
        ctypes.CDLL("libxcb.so.1")
    except OSError as exc:
        _tell(
            f"a system library that Qt needs is missing or unusable ({exc}). "
            f"On Debian or Ubuntu install it with: sudo apt install {_PACKAGES}"
        )
        os._exit(2)


if sys.platform.startswith("linux"):
    sys.excepthook = _missing_library_hook
    _check_fonts()
    _check_xcb()
