"""Keeping the cyclic garbage collector's full passes out of a load that runs between frames."""

from __future__ import annotations

import gc


class LongLivedLoad:
    """Reading many objects that live long (the library's 20,000 rows) grows the heap by a
    quarter or more, and that makes Python's collector scan the whole heap in one go: 100 to
    400 ms, inside one of the parts read between frames.

    While such a load runs, the automatic collector is paused and each part collects only the
    objects it made (`step`, well under a millisecond); when the load is done everything alive
    is frozen (gc.freeze): the rows live until the next reload, the start-up's objects until
    exit, and later full passes no longer scan them. The rows hold no reference cycles, so
    freeing them on a reload still happens at once, by reference counting."""

    def __init__(self) -> None:
        self._paused = False

    @property
    def running(self) -> bool:
        """Whether a load paused the collector."""
        return self._paused

    def start(self) -> None:
        """A load begins: pause automatic collection (no-op when it is off already)."""
        if not self._paused and gc.isenabled():
            gc.disable()
            self._paused = True

    def step(self) -> None:
        """A part was read: collect the youngest objects only (what the part made)."""
        if self._paused:
            gc.collect(0)

    def finish(self) -> None:
        """The load is done: freeze what is alive and collect automatically again."""
        if self._paused:
            gc.collect(0)
            gc.freeze()
            self.cancel()

    def cancel(self) -> None:
        """The load stopped early: collect automatically again (nothing frozen)."""
        if self._paused:
            gc.enable()
            self._paused = False
