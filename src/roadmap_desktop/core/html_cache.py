"""The HTML of the last Markdown texts shown, kept from one run to the next in the data folder,
so a start shows its first view without importing Markdown and Pygments (25–40 ms)."""

from __future__ import annotations

import hashlib
import json
import os
import sys
from collections import OrderedDict
from importlib.util import find_spec
from pathlib import Path

from roadmap_desktop import __version__

KEEP = 64  # texts: a step's guide, its phase's summary and its questions, several times over
KEEP_CHARS = 1_000_000  # of HTML, so a few huge guides cannot make the file big
# What the HTML depends on besides the text and the colour scheme.
RENDERER_MODULES = (
    "roadmap_desktop.core.markdown_render",
    "roadmap_desktop.core.html_safety",
    "markdown",
    "pygments",
)


def renderer_stamp() -> str:
    """Changes whenever the renderer may render differently: the app's version and the size
    and time of each renderer module's file (of the app itself when frozen)."""
    parts = [__version__]
    files = [sys.executable] if getattr(sys, "frozen", False) else []
    for name in RENDERER_MODULES:
        try:
            spec = find_spec(name)  # finds the file without running the module
        except (ImportError, ValueError):
            spec = None
        files.append(spec.origin if spec is not None and spec.origin else "")
    for file in files:
        try:
            st = os.stat(file)
            parts.append(f"{st.st_size}:{st.st_mtime_ns}")
        except OSError:
            parts.append("?")
    return "|".join(parts)


def text_key(text: str, dark: bool) -> str:
    """The entry's name: the colour scheme and the text's hash (the same text, the same HTML)."""
    digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
    return ("dark:" if dark else "light:") + digest


class HtmlCache:
    """Rendered HTML by text, most recent last; `load` and `save` keep it in a JSON file.

    Only a cache: a missing, unreadable or outdated file (another renderer) gives an empty
    cache, and a failed save is ignored.
    """

    def __init__(self) -> None:
        self.path: Path | None = None
        self._entries: OrderedDict[str, str] = OrderedDict()

    def load(self, path: Path) -> None:
        """Forget what is held and read the file at path (it is also where `save` writes)."""
        self.path = path
        self._entries.clear()
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return
        if not isinstance(data, dict) or data.get("renderer") != renderer_stamp():
            return
        entries = data.get("entries")
        if isinstance(entries, dict):
            for key, html in entries.items():
                if isinstance(key, str) and isinstance(html, str):
                    self._entries[key] = html

    def get(self, text: str, dark: bool) -> str | None:
        """The HTML kept for this text in this scheme, if any."""
        key = text_key(text, dark)
        html = self._entries.get(key)
        if html is not None:
            self._entries.move_to_end(key)
        return html

    def put(self, text: str, dark: bool, html: str) -> None:
        """Keep a rendering (the oldest go beyond KEEP texts or KEEP_CHARS characters)."""
        key = text_key(text, dark)
        self._entries[key] = html
        self._entries.move_to_end(key)
        total = sum(len(h) for h in self._entries.values())
        while len(self._entries) > KEEP or (total > KEEP_CHARS and len(self._entries) > 1):
            _key, dropped = self._entries.popitem(last=False)
            total -= len(dropped)

    def save(self) -> None:
        """Write what is held (whole or not at all: a temporary file, then a rename)."""
        if self.path is None:
            return
        data = {"renderer": renderer_stamp(), "entries": dict(self._entries)}
        partial = self.path.with_name(self.path.name + ".partial")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            partial.write_text(json.dumps(data), encoding="utf-8")
            os.replace(partial, self.path)
        except OSError:
            pass  # a cache: the next start renders again
