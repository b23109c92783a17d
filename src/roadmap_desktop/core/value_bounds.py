"""Checks that parsed import data can be stored: whole numbers in SQLite's range, valid Unicode."""

from __future__ import annotations

from typing import Any

SQLITE_INT_MIN = -(2**63)
SQLITE_INT_MAX = 2**63 - 1
MAX_NESTED_VALUES = 2_000_000  # a walk this long is a hostile file, not a curriculum


def is_valid_text(value: str) -> bool:
    """False when the text holds a lone surrogate (e.g. a JSON or YAML escape "\\ud800")."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def unstorable_value(raw: Any) -> tuple[str, str] | None:
    """(where, problem) for the first value SQLite cannot store exactly, else None.

    Walks parsed JSON or YAML (dicts, lists, scalars) without recursion: whole numbers
    outside SQLite's 64-bit range, and text (values or keys) that is not valid Unicode.
    """
    stack: list[tuple[str, Any]] = [("", raw)]
    seen = 0
    while stack:
        where, value = stack.pop()
        seen += 1
        if seen > MAX_NESTED_VALUES:
            return where, f"more than {MAX_NESTED_VALUES:,} values"
        if isinstance(value, bool):
            continue
        if isinstance(value, int):
            if not SQLITE_INT_MIN <= value <= SQLITE_INT_MAX:
                return where, "a whole number too large to store (beyond 64 bits)"
        elif isinstance(value, str):
            if not is_valid_text(value):
                return where, "text that is not valid Unicode (a lone surrogate escape)"
        elif isinstance(value, dict):
            for key, item in value.items():
                if isinstance(key, str) and not is_valid_text(key):
                    return where, "a key that is not valid Unicode (a lone surrogate escape)"
                stack.append((f"{where}.{key}" if where else str(key), item))
        elif isinstance(value, list | tuple):
            stack.extend((f"{where}[{i}]", item) for i, item in enumerate(value))
    return None
