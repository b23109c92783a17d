"""A read-only markdown viewer: safe links, no remote loading, comfortable line length."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices, QResizeEvent
from PySide6.QtWidgets import QFrame, QTextBrowser, QWidget

from roadmap_desktop.core.html_cache import HtmlCache
from roadmap_desktop.ui.widgets.theme import is_dark

SAFE_SCHEMES = ("http", "https", "mailto")
MAX_LINE_CHARS = 84

DOCUMENT_CSS = """
p, li { line-height: 140%; }
h1 { font-size: x-large; margin-top: 4px; }
h2 { font-size: large; margin-top: 14px; }
h3 { font-size: medium; margin-top: 14px; margin-bottom: 4px; }
pre { margin-top: 6px; margin-bottom: 6px; }
"""


# The last texts shown, kept across runs (core/html_cache.py): the first view of a start is
# usually the one shown at quit, and then needs no Markdown or Pygments import.
RENDERED = HtmlCache()


def use_cache_file(path: Path) -> None:
    """Keep rendered HTML in this file (read now, written by `save_rendered`)."""
    RENDERED.load(path)


def save_rendered() -> None:
    """Write the HTML of the last texts shown for the next start."""
    RENDERED.save()


def render(text: str) -> str:
    """HTML of learner-written Markdown in the current colour scheme (core/markdown_render.py),
    from the kept renderings when the same text was shown before."""
    if not text.strip():
        return ""
    dark = is_dark()
    html = RENDERED.get(text, dark)
    if html is None:
        from roadmap_desktop.core.markdown_render import render_markdown

        html = render_markdown(text, dark=dark)
        RENDERED.put(text, dark, html)
    return html


def open_external(url: QUrl) -> bool:
    """Open http, https and mailto links in the system's handler; refuse everything else."""
    if url.scheme().lower() not in SAFE_SCHEMES:
        return False
    return QDesktopServices.openUrl(url)


class MarkdownView(QTextBrowser):
    """Shows rendered markdown; links go to the system browser, nothing is fetched."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.anchorClicked.connect(self._follow)
        self.document().setDefaultStyleSheet(DOCUMENT_CSS)
        self.document().setDocumentMargin(12)
        self._markdown = ""
        # Text sits on the window colour, so the reading-width margin on the right is invisible.
        self.viewport().setAutoFillBackground(False)
        self.setStyleSheet("QTextBrowser { background: transparent; }")

    def set_markdown(self, text: str, *, extra_html: str = "") -> None:
        """Render markdown text (and append ready-made HTML) into the view."""
        self._markdown = text
        self.setHtml(render(text) + extra_html)

    def markdown(self) -> str:
        """The markdown last shown."""
        return self._markdown

    def _follow(self, url: QUrl) -> None:
        if url.scheme() == "" and url.hasFragment():
            self.scrollToAnchor(url.fragment())
            return
        open_external(url)

    def loadResource(self, type_: int, name: QUrl | str) -> Any:
        # Never fetch anything: remote images are dropped by the renderer, and we refuse the rest.
        return None

    def resizeEvent(self, event: QResizeEvent) -> None:
        # Wrap at a comfortable reading width on wide windows, at the window edge otherwise.
        limit = self.fontMetrics().averageCharWidth() * MAX_LINE_CHARS + 24
        if self.viewport().width() > limit:
            self.setLineWrapMode(QTextBrowser.LineWrapMode.FixedPixelWidth)
            self.setLineWrapColumnOrWidth(limit)
        else:
            self.setLineWrapMode(QTextBrowser.LineWrapMode.WidgetWidth)
        super().resizeEvent(event)
