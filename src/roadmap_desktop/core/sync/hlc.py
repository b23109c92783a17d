"""Hybrid logical clock: stamps that follow wall time yet never go backwards across devices."""

from __future__ import annotations

import time
from collections.abc import Callable

# A stamp is [wall milliseconds, counter, device id]; lists compare field by field, so the
# later stamp wins and equal times fall back to the device id: the same order on every device.
Stamp = list[int | str]

# Stamps of the first round on a device: values that were there before syncing started count as
# older than any real edit (1 ms for a value the learner set, 0 for a column's default).
BOOTSTRAP_SET_MS = 1
BOOTSTRAP_DEFAULT_MS = 0


def wall_ms() -> int:
    """Milliseconds since the epoch from the system clock."""
    return time.time_ns() // 1_000_000


class Clock:
    """One device's clock; `tick` stamps a local change, `observe` absorbs a remote stamp."""

    def __init__(
        self, device: str, last: tuple[int, int] = (0, 0), now: Callable[[], int] = wall_ms
    ) -> None:
        self.device = device
        self.ms, self.counter = last
        self._now = now

    def tick(self) -> Stamp:
        """A new stamp, later than every stamp made or observed here."""
        physical = self._now()
        if physical > self.ms:
            self.ms, self.counter = physical, 0
        else:
            self.counter += 1
        return [self.ms, self.counter, self.device]

    def observe(self, ms: int, counter: int) -> None:
        """Move past a remote stamp, so edits made after seeing it are stamped later."""
        if (ms, counter) > (self.ms, self.counter):
            self.ms, self.counter = ms, counter

    @property
    def state(self) -> tuple[int, int]:
        """What to store so the clock resumes where it stopped."""
        return self.ms, self.counter
