"""What an import kept and left out: every web link and heading of the source accounted for."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from roadmap_desktop.core.library import normalize_url
from roadmap_desktop.core.roadmap_format import RoadmapSpec
from roadmap_desktop.importers.markdown_inline import find_links, is_badge
from roadmap_desktop.importers.markdown_lex import strip_html

_URL = re.compile(r"https?://(?:[^\s<>()\[\]\"'`]|\([^\s<>()]*\))+", re.IGNORECASE)
_IMAGE_SRC = re.compile(
    r"!\[[^\]]*\]\(\s*<?(https?://[^\s)>]+)|<img\b[^>]*?src\s*=\s*[\"']?(https?://[^\s\"'>]+)"
    r"|srcset\s*=\s*[\"']?(https?://[^\s\"'>]+)",
    re.IGNORECASE,
)
_CODE_SPAN = re.compile(r"(`+)[^`]+?\1")
IMAGE = "image"
BADGE = "badge"
PICTURE = "a linked picture (a logo or banner)"
CODE = "in a code example"
HIDDEN = "in an HTML comment or the front matter"
INTRO = "kept as a link in the roadmap's introduction"
PHASE_INTRO = "kept as a link in a phase's introduction"
QUESTION = "kept as a link in a practice question"


@dataclass(frozen=True)
class NotImported:
    """A web link of the source that is not a step resource, and why."""

    url: str
    reason: str
    line: int
    file: str = ""


@dataclass(frozen=True)
class ImportReport:
    """The counts the import preview shows before anything is written."""

    links_found: int = 0  # distinct http(s) links in the Markdown read (pictures not counted)
    links_as_resources: int = 0
    not_imported: tuple[NotImported, ...] = ()  # with a reason each
    unexplained: tuple[NotImported, ...] = ()  # links that landed nowhere (a bug if any)
    headings_found: int = 0
    headings_placed: dict[str, int] = field(default_factory=dict)  # role → count
    headings_left_out: tuple[tuple[str, str], ...] = ()  # (heading, reason)
    files_read: tuple[str, ...] = ()
    files_left_out: tuple[tuple[str, str], ...] = ()  # (path, reason)

    def reasons(self) -> dict[str, int]:
        """Not-imported links by reason, for the preview."""
        return dict(Counter(item.reason for item in self.not_imported))


@dataclass
class FileAudit:
    """What one source file held, and which lines the import left out on purpose."""

    name: str
    lines: list[str]
    code_lines: set[int] = field(default_factory=set)
    read_lines: set[int] = field(default_factory=set)  # lines the lexer classified
    left_out: dict[int, str] = field(default_factory=dict)  # line → reason
    headings: list[tuple[str, str]] = field(default_factory=list)  # (text, role)


def _images(line: str) -> set[str]:
    return {next(g for g in m.groups() if g) for m in _IMAGE_SRC.finditer(line)}


def _clean(url: str) -> str:
    url = url.rstrip(".,;:!?*")
    while url.endswith(")") and url.count("(") < url.count(")"):
        url = url[:-1]
    return url


def line_links(line: str) -> dict[str, str]:
    """The http(s) addresses of one source line: "link", IMAGE or BADGE each."""
    if "http" not in line.lower():
        return {}
    images: set[str] = set()
    badges: set[str] = set()
    pictures: set[str] = set()
    if "![" in line or "<img" in line.lower() or "srcset" in line.lower():
        images = _images(line)
        for link in find_links(strip_html(line) if "<a" in line.lower() else line):
            if link.image:
                (badges if is_badge(link.image, link.url) else pictures).add(link.url)
    found: dict[str, str] = {}
    code = [m.span() for m in _CODE_SPAN.finditer(line)] if "`" in line else []
    for m in _URL.finditer(line):
        # A link target ends at its ")" and keeps a final "." or ","; elsewhere those are prose.
        target = line[m.end() : m.end() + 8].lstrip(" ")[:1] == ")"
        url = m.group(0) if target else _clean(m.group(0))
        if any(a <= m.start() < b for a, b in code):
            found.setdefault(url, CODE)
            continue
        if len(url) <= len("https://x"):
            continue
        kind = (
            IMAGE if url in images else BADGE if url in badges else PICTURE if url in pictures
            else "link"
        )  # fmt: skip
        found.setdefault(url, kind)
    return found


def build_report(
    spec: RoadmapSpec,
    audits: list[FileAudit],
    *,
    files_left_out: tuple[tuple[str, str], ...] = (),
) -> ImportReport:
    """Account for every link and heading of the files read against what the spec holds."""
    keys: dict[str, str] = {}

    def key_of(url: str) -> str:
        if url not in keys:
            keys[url] = normalize_url(url)
        return keys[url]

    resources = {key_of(r.url) for s in spec.all_steps() for r in s.resources if r.url}
    intro = spec.summary
    phase_text = "\n".join(p.summary for p in spec.phases)
    question_text = "\n".join(f"{q.prompt}\n{q.answer}" for q in spec.questions)
    seen: set[str] = set()
    landed: set[str] = set()
    not_imported: list[NotImported] = []
    unexplained: list[NotImported] = []
    headings: Counter[str] = Counter()
    left_out: list[tuple[str, str]] = []
    for audit in audits:
        for text, role in audit.headings:
            if role.startswith("left out"):
                left_out.append((text, role))
            else:
                headings[role] += 1
        for no, raw in enumerate(audit.lines, start=1):
            for url, kind in line_links(raw).items():
                if kind == IMAGE:
                    continue  # a picture, not a link
                key = key_of(url)
                if key in seen:
                    continue
                seen.add(key)
                if key in resources:
                    landed.add(key)
                    continue
                reason = _reason(url, kind, no, audit, intro, phase_text, question_text)
                item = NotImported(url, reason, no, audit.name)
                (not_imported if reason else unexplained).append(item)
    return ImportReport(
        links_found=len(seen),
        links_as_resources=len(landed),
        not_imported=tuple(not_imported),
        unexplained=tuple(unexplained),
        headings_found=sum(headings.values()) + len(left_out),
        headings_placed=dict(headings),
        headings_left_out=tuple(left_out),
        files_read=tuple(a.name for a in audits),
        files_left_out=files_left_out,
    )


def _reason(
    url: str, kind: str, no: int, audit: FileAudit, intro: str, phase_text: str, questions: str
) -> str:
    if kind in (BADGE, CODE):
        return kind
    if no in audit.code_lines:
        return CODE
    if no not in audit.read_lines:
        return HIDDEN
    if no in audit.left_out:
        return audit.left_out[no]
    if url in intro:
        return INTRO
    if url in phase_text:
        return PHASE_INTRO
    if url in questions:
        return QUESTION
    if kind == PICTURE:
        return PICTURE
    return ""  # in a step's text only, or nowhere: a loss the report calls unexplained
