"""Stops PySide6 from reading the source of every module imported after it (start-up time, memory).

PySide6 wraps `import` to support its optional `from __feature__ import snake_case` syntax: for
each newly imported module it calls `inspect.getsource(module)` and searches the text for
"PySide6", to decide whether that module may switch features. That reads every source file a
second time and keeps all of them in `linecache` for the life of the process — for SQLAlchemy,
Markdown and Pygments about 7.5 million characters, ~80–130 ms and ~14 MB of peak memory at
start-up. This app never selects a feature, so the answer can come from the module's name
instead: our own modules and PySide6's count as users of PySide6, everything else does not.
If a PySide6 release changes these internals, nothing is patched and start-up is merely slower.
"""

from __future__ import annotations

import sys
from types import ModuleType

OWN_PREFIXES = ("roadmap_desktop", "PySide6", "shiboken6", "__feature__")


def uses_pyside(module: ModuleType) -> bool:
    """Whether PySide6 should treat `module` as one of its users (by name, no file read)."""
    name = getattr(module, "__name__", "") or ""
    return name.startswith(OWN_PREFIXES)


def skip_source_scan() -> bool:
    """Answer PySide6's per-import question by name; True when its hook was found and replaced."""
    feature = sys.modules.get("PySide6.support.feature") or sys.modules.get(
        "shibokensupport.feature"
    )
    if feature is None or not callable(getattr(feature, "_mod_uses_pyside", None)):
        return False
    feature._mod_uses_pyside = uses_pyside  # type: ignore[attr-defined]
    return True
