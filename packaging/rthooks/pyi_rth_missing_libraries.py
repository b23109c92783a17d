"""Linux runtime hook: a clear message, not a traceback, when a system library Qt needs is missing.

The bundle carries Qt and most of what it links to, but not the graphics stack (libGL, libEGL),
libxcb or the fonts, which must match the user's system. Without them, importing PySide6 fails
with an ImportError naming the library. This prints one line saying so and how to install them,
shows the same text in a desktop dialog when started from a menu (zenity/kdialog/notify-send,
whichever exists), and exits with status 2.
"""

import os
import shutil
import subprocess
import sys

_PACKAGES = "libgl1 libegl1 libxcb1 libxkbcommon0 libfontconfig1 fonts-dejavu-core"


def _missing_library_hook(kind, exc, tb, _previous=sys.excepthook):
    text = str(exc)
    if not (issubclass(kind, ImportError) and (".so" in text or "shared object" in text)):
        _previous(kind, exc, tb)
        return
    message = (
        f"roadmap-desktop: a system library that Qt needs is missing or unusable ({text}). "
        f"On Debian or Ubuntu install it with: sudo apt install {_PACKAGES}"
    )
    print(message, file=sys.stderr, flush=True)
    if (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")) and not (
        sys.stderr and sys.stderr.isatty()
    ):
        for tool, args in (
            ("zenity", ["--error", "--title=Roadmap Desktop", f"--text={message}"]),
            ("kdialog", ["--title", "Roadmap Desktop", "--error", message]),
            ("notify-send", ["Roadmap Desktop cannot start", message]),
        ):
            path = shutil.which(tool)
            if path:
                subprocess.run([path, *args], check=False)
                break
    os._exit(2)


if sys.platform.startswith("linux"):
    sys.excepthook = _missing_library_hook
