"""A progress line on stderr for command-line work that runs long (upgrading the database)."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TextIO

from roadmap_desktop.core.work_progress import SHOW_AFTER_S


class StderrProgress:
    """A core/work_progress callback that writes "Preparing search… 40 %" to a stream.

    Silent until the work has run for `show_after_s`. On a terminal one line is rewritten in
    place; otherwise (a log, a pipe) a line per stage, and per tenth of a measured stage.
    `finish()` ends the line.
    """

    def __init__(
        self,
        stream: TextIO,
        *,
        show_after_s: float = SHOW_AFTER_S,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.stream = stream
        self.show_after_s = show_after_s
        self.clock = clock
        self.started = clock()
        self.tty = bool(getattr(stream, "isatty", lambda: False)())
        self.shown = ""  # the text last written; "" before anything was
        self._step: tuple[str, int] | None = None  # (stage, tenth) of the last line (no tty)

    def __call__(self, what: str, fraction: float | None) -> None:
        if self.clock() - self.started < self.show_after_s:
            return
        text = f"{what}…" if fraction is None else f"{what}… {int(fraction * 100)} %"
        if text == self.shown:
            return
        if self.tty:
            pad = " " * max(0, len(self.shown) - len(text))
            self.stream.write(f"\r{text}{pad}")
        else:
            step = (what, -1 if fraction is None else int(fraction * 10))
            if step == self._step:
                return
            self._step = step
            self.stream.write(f"{text}\n")
        self.stream.flush()
        self.shown = text

    def finish(self) -> None:
        """End the progress line, if one was written, so what follows starts a line."""
        if self.shown and self.tty:
            self.stream.write("\n")
            self.stream.flush()
        self.shown = ""
