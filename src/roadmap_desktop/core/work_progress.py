"""How long storage work (an upgrade, an index build) reports progress: a plain callback."""

from __future__ import annotations

from collections.abc import Callable

# (what is being done, fraction done from 0 to 1, or None while that is unknown). Called on the
# thread doing the work; a caller that shows it elsewhere hands it over itself.
Progress = Callable[[str, float | None], None]

SHOW_AFTER_S = 0.5  # work that ends sooner shows no progress at all

BACKING_UP = "Saving a copy of your database"
UPGRADING = "Upgrading your database"
PREPARING_SEARCH = "Preparing search"
CHECKING = "Checking your database"


def no_progress(what: str, fraction: float | None) -> None:
    """The callback that reports nothing."""
