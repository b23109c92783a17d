"""Windows runtime hook: let the windowed executable print its CLI output in a terminal.

The Windows build is a GUI program (no console window opens when it is started from the Start
menu), so Python starts it with sys.stdout and sys.stderr set to None. When it is run from a
terminal with arguments (`roadmap-desktop.exe list`, `--version`, `--smoke`), attach to that
terminal's console and print there. Output redirected to a file or a pipe already has valid
handles and is left alone. Without any console, output goes nowhere instead of crashing.
"""

import os
import sys


def _attach_parent_console() -> None:
    if sys.stdout is not None and sys.stderr is not None:
        return
    attached = False
    if len(sys.argv) > 1:
        try:
            import ctypes

            attached = bool(ctypes.windll.kernel32.AttachConsole(-1))  # ATTACH_PARENT_PROCESS
        except (ImportError, AttributeError, OSError):
            attached = False
    target = "CONOUT$" if attached else os.devnull
    if sys.stdout is None:
        sys.stdout = open(target, "w", encoding="utf-8", errors="replace", buffering=1)  # noqa: SIM115
    if sys.stderr is None:
        sys.stderr = open(target, "w", encoding="utf-8", errors="replace", buffering=1)  # noqa: SIM115


if sys.platform == "win32":
    _attach_parent_console()
