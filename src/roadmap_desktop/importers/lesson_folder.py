"""Import a folder (or .zip) of Markdown lessons: sub-folders are phases, files are steps.

Entries are ordered by their numeric prefixes (`100-internet/101-what-is-http.md`), else by
name; an `index.md` or `README.md` describes its folder. Zip members are read in memory; paths
that leave the archive and archives that unpack to more than 50 MB are refused.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import stat
import zipfile
import zlib
from pathlib import Path, PurePosixPath
from typing import Any

from roadmap_desktop.core.errors import RoadmapFormatError
from roadmap_desktop.core.formats import make_key
from roadmap_desktop.importers.curriculum import (
    MAX_CURRICULUM_BYTES,
    CurriculumFormatError,
    CurriculumImport,
    DraftPhase,
    DraftRoadmap,
    DraftStep,
    build_import,
    decode_curriculum,
    valid_key,
)
from roadmap_desktop.importers.import_report import FileAudit
from roadmap_desktop.importers.lesson_layout import (
    folder_title,
    group_days,
    key_name,
    left_out,
)
from roadmap_desktop.importers.markdown_inline import find_links, plain
from roadmap_desktop.importers.markdown_lex import Line, lex, split_front_matter
from roadmap_desktop.importers.markdown_outline import (
    front_matter_meta,
    parse_markdown_curriculum,
    project_name,
)
from roadmap_desktop.importers.markdown_roles import is_skipped_section
from roadmap_desktop.importers.markdown_steps import ReadContext, StepReader
from roadmap_desktop.importers.roadmap_export import is_roadmap_export, parse_roadmap_export
from roadmap_desktop.importers.titles import clean_title, timing

MAX_TOTAL_BYTES = 50 * 1024 * 1024
MAX_FILES = 10_000
MARKDOWN = (".md", ".markdown", ".mdown", ".mkd")
INDEX_NAMES = ("index.md", "readme.md", "_index.md", "index.markdown", "readme.markdown")
_PREFIX = re.compile(r"^(\d+)[\s._-]*")
_DEFINITION = re.compile(r"^ {0,3}\[[^\[\]\n]{1,200}\]:")

Files = dict[tuple[str, ...], bytes]


def parse_curriculum_path(path: Path, *, slug: str | None = None) -> CurriculumImport:
    """A Markdown file, a folder of lessons, a .zip of one, or a roadmap YAML file."""
    if path.is_dir():
        return parse_lesson_folder(path, slug=slug)
    try:
        info = path.stat()
    except OSError as exc:
        raise CurriculumFormatError(path.name, f"cannot be read: {exc.strerror or exc}") from exc
    if not stat.S_ISREG(info.st_mode):  # a FIFO would block the read forever
        raise CurriculumFormatError(path.name, "is not a regular file (a pipe or a device)")
    size = info.st_size
    limit = MAX_TOTAL_BYTES if path.suffix.lower() == ".zip" else MAX_CURRICULUM_BYTES
    if size > limit:
        raise CurriculumFormatError(
            path.name, f"the file is larger than {limit // 2**20} MB and was not read"
        )
    data = _read(path)
    source = str(path.resolve())
    if path.suffix.lower() == ".zip" or data.startswith(b"PK\x03\x04"):
        return parse_lesson_zip(data, path.name, slug=slug, source=source)
    if is_roadmap_export(data):  # `export --format json` reads back with its progress
        imp = parse_roadmap_export(data, path.name, slug=slug)
        imp.source = source
        return imp
    if data.lstrip()[:1] == b"{" and b'"roadmap-desktop/' in data[:4096]:
        raise CurriculumFormatError(
            path.name,
            "this is a Roadmap Desktop JSON file, not a curriculum; restore a bundle with "
            "`roadmap-desktop backup-import`",
            line=1,
        )
    if path.suffix.lower() in (".yaml", ".yml"):
        from roadmap_desktop.core.roadmap_format import parse_roadmap

        try:
            spec = parse_roadmap(data, path.name)
        except RoadmapFormatError as exc:
            problem = str(exc).removeprefix(f"{path.name}: ")
            raise CurriculumFormatError(path.name, problem) from None
        if slug:
            from dataclasses import replace

            spec = replace(spec, slug=slug)
        return CurriculumImport(spec=spec, source=source)
    imp = parse_markdown_curriculum(data, path.name, slug=slug, folder=path.resolve().parent.name)
    imp.source = source
    return imp


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise CurriculumFormatError(path.name, f"cannot be read: {exc.strerror or exc}") from exc


def parse_lesson_folder(path: Path, *, slug: str | None = None) -> CurriculumImport:
    """A folder of Markdown lessons as one roadmap.

    Only regular files are read: hidden files, symbolic links, pipes, devices and sockets
    are skipped.
    """
    files: Files = {}
    total = 0
    for folder, dirs, names in os.walk(path, followlinks=False):
        dirs[:] = sorted(d for d in dirs if not d.startswith((".", "__")))
        for name in names:
            full = Path(folder) / name
            if name.startswith(".") or not name.lower().endswith(MARKDOWN):
                continue
            try:
                info = full.lstat()
            except OSError:
                continue
            # Only regular files: a FIFO would block the read forever, a device never ends,
            # and a symbolic link may lead out of the folder.
            if not stat.S_ISREG(info.st_mode):
                continue
            if not full.is_file():  # FIFOs, sockets, devices: only regular files are read
                continue
            rel = full.relative_to(path).parts
            total += info.st_size
            if total > MAX_TOTAL_BYTES or len(files) >= MAX_FILES:
                raise CurriculumFormatError(
                    path.name,
                    f"the folder holds more than {MAX_TOTAL_BYTES // 2**20} MB "
                    f"or {MAX_FILES:,} Markdown files",
                )
            files[rel] = _read(full)
    return _lessons(files, path.name, slug=slug, source=str(path.resolve()))


def parse_lesson_zip(
    data: bytes, name: str, *, slug: str | None = None, source: str = ""
) -> CurriculumImport:
    """A .zip of a lesson folder, read in memory; unsafe paths and zip bombs are refused."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError) as exc:
        raise CurriculumFormatError(name, f"not a readable zip file ({exc})") from None
    if len(infos) > MAX_FILES:
        raise CurriculumFormatError(name, f"the zip holds more than {MAX_FILES:,} entries")
    if sum(i.file_size for i in infos) > MAX_TOTAL_BYTES:
        raise CurriculumFormatError(
            name, f"the zip would unpack to more than {MAX_TOTAL_BYTES // 2**20} MB; refused"
        )
    files: Files = {}
    total = 0
    for info in infos:
        member = info.filename.replace("\\", "/")
        parts = PurePosixPath(member).parts
        if member.startswith("/") or ".." in parts or (parts and ":" in parts[0]):
            raise CurriculumFormatError(name, f"the zip member {member!r} points outside it")
        if info.is_dir() or not parts or any(p.startswith((".", "__MACOSX")) for p in parts):
            continue
        if not member.lower().endswith(MARKDOWN):
            continue
        try:
            with archive.open(info) as fh:
                content = fh.read(MAX_CURRICULUM_BYTES + 1)
        except (zipfile.BadZipFile, RuntimeError, NotImplementedError, zlib.error, OSError,
                EOFError, ValueError) as exc:  # fmt: skip
            raise CurriculumFormatError(name, f"{member} cannot be unpacked ({exc})") from None
        total += len(content)
        if len(content) > MAX_CURRICULUM_BYTES or total > MAX_TOTAL_BYTES:
            raise CurriculumFormatError(name, f"{member} unpacks to more than allowed; refused")
        files[parts] = content
    roots = {parts[0] for parts in files if len(parts) > 1}
    if len(roots) == 1 and all(len(parts) > 1 for parts in files):
        root = roots.pop()
        files = {parts[1:]: content for parts, content in files.items()}
        name = f"{name} ({root})"
    return _lessons(files, name, slug=slug, source=source or name)


def _order(name: str) -> tuple[int, float, str]:
    prefix = _PREFIX.match(name)
    if prefix:
        return (0, float(prefix.group(1)), name.lower())
    return (1, 0.0, name.lower())


def _humanize(name: str) -> str:
    stem = name.rsplit(".", 1)[0] if "." in name else name
    words = _PREFIX.sub("", stem).replace("_", " ").replace("-", " ").strip() or stem
    return words[:1].upper() + words[1:]


def _is_index(parts: tuple[str, ...]) -> bool:
    return parts[-1].lower() in INDEX_NAMES


def _lessons(files: Files, name: str, *, slug: str | None, source: str) -> CurriculumImport:
    if not files:
        raise CurriculumFormatError(name, "holds no Markdown (.md) files", line=1)
    digest = hashlib.sha256()
    for parts in sorted(files):
        digest.update("/".join(parts).encode() + b"\0" + files[parts] + b"\0")
    if len(files) == 1:
        ((parts, data),) = files.items()
        imp = parse_markdown_curriculum(data, "/".join(parts), slug=slug)
        imp.source = source
        return imp
    draft = DraftRoadmap(title=_humanize(project_name(name.split(" (")[-1].rstrip(")"))))
    dropped = left_out(files)
    if dropped and len(dropped) < len(files):
        draft.files_left_out = sorted(("/".join(p), why) for p, why in dropped.items())
        files = {p: data for p, data in files.items() if p not in dropped}
    root_index = next((p for p in sorted(files) if len(p) == 1 and _is_index(p)), None)
    root_lesson = None
    if root_index is not None:
        root_lesson = _describe(files[root_index], "/".join(root_index), draft)
    folders: dict[str, list[tuple[str, ...]]] = {}
    loose: list[tuple[str, ...]] = []
    for parts in files:
        if len(parts) == 1:
            if parts != root_index:
                loose.append(parts)
        else:
            folders.setdefault(parts[0], []).append(parts)
    if loose or root_lesson is not None:
        phase = DraftPhase(draft.title, 1)
        if root_lesson is not None:  # the top README teaches something (Day 1 of a course)
            phase.steps.append(root_lesson)
            days = timing(root_lesson.title).days
            if days is not None:
                phase.title, root_lesson.days = root_lesson.title, days
        _add_lessons(phase, loose, files, draft)
        draft.phases.append(phase)
    for folder in sorted(folders, key=_order):
        members = folders[folder]
        phase = DraftPhase(folder_title(folder), 1, key=make_key(key_name(folder), "phase"))
        index = next((p for p in sorted(members, key=len) if len(p) == 2 and _is_index(p)), None)
        if index is not None:
            described = DraftRoadmap(title=phase.title)
            lesson = _describe(files[index], "/".join(index), described)
            phase.title, phase.summary = described.title, described.summary
            draft.warnings.extend(described.warnings)
            draft.audits.extend(described.audits)
            if lesson is not None:
                phase.steps.append(lesson)
            elif any("http" in line and find_links(line) for line in phase.summary):
                # An index that lists resources (roadmap.sh): an overview step holds them.
                lesson = DraftStep(phase.title, 1, key=make_key(key_name(folder), "step"))
                # The summary's lines are not numbered like the file: read them with a scratch
                # audit, and note the file's own unused reference definitions by their lines.
                scratch = FileAudit(index[-1], [])
                _read_into(lesson, lex(phase.summary), index[-1], draft.warnings, scratch)
                for audit in described.audits[-1:]:
                    for no, raw in enumerate(audit.lines, start=1):
                        if _DEFINITION.match(raw):
                            audit.left_out.setdefault(no, "left out: a link reference nothing uses")
                phase.steps.insert(0, lesson)
                first = phase.summary.index("") if "" in phase.summary else len(phase.summary)
                intro = phase.summary[:first]
                phase.summary = [] if any("http" in line for line in intro) else intro
        _add_lessons(phase, [p for p in members if p != index], files, draft)
        if not phase.steps and any(line.strip() for line in phase.summary):
            phase.steps.append(DraftStep(phase.title, 1, body=phase.summary))
            phase.summary = []
        draft.phases.append(phase)
    draft.phases = group_days(draft.phases)
    _unique_lesson_keys(draft)
    return build_import(draft, name, data_hash=digest.hexdigest(), slug=slug, source=source)


def _add_lessons(
    phase: DraftPhase, members: list[tuple[str, ...]], files: Files, draft: DraftRoadmap
) -> None:
    for parts in sorted(members, key=lambda p: [_order(x) for x in p]):
        step = read_lesson(files[parts], "/".join(parts), draft.warnings, draft.audits)
        if step is not None:
            phase.steps.append(step)


def _unique_lesson_keys(draft: DraftRoadmap) -> None:
    """Lessons of the same name in two folders get the folder's key in front of theirs."""
    seen: dict[str, int] = {}
    for phase in draft.phases:
        for step in phase.steps:
            seen[step.key or ""] = seen.get(step.key or "", 0) + 1
    for phase in draft.phases:
        for step in phase.steps:
            if step.key and seen[step.key] > 1 and phase.key:
                step.key = f"{phase.key}-{step.key}"[:80].strip("-")


def _text(data: bytes, name: str, warnings: list[str]) -> str | None:
    try:
        text, found = decode_curriculum(data, name)
    except CurriculumFormatError as exc:
        if exc.problem == "the file is empty":
            warnings.append(f"{name} is empty and was skipped.")
            return None
        raise
    warnings.extend(found)
    return text


def _describe(data: bytes, name: str, draft: DraftRoadmap) -> DraftStep | None:
    """An index/README: front matter and first heading name the folder, its text up to the
    next heading describes it. What follows (Day 1 of a course, an overview with links) is a
    lesson of its own, returned as a step; None when nothing follows."""
    text = _text(data, name, draft.warnings)
    if text is None:
        return None
    lines = text.split("\n")
    meta, start, warnings = split_front_matter(lines)
    draft.warnings.extend(warnings)
    front_matter_meta(meta, draft)
    has_title = isinstance(meta.get("title"), str)
    summary: list[str] = []
    seen_heading = False
    tokens = lex(lines, start)
    rest: list[Line] = []
    for n, line in enumerate(tokens):
        if line.kind == "heading":
            if not summary and not seen_heading:
                seen_heading = True
                if not has_title:
                    draft.title = clean_title(line.text) or draft.title
                continue
            rest = tokens[n:]
            break
        if summary or line.kind != "blank":  # definitions stay: reference links resolve
            summary.append(lines[line.no - 1].rstrip() if line.kind == "def" else line.raw)
    if not draft.summary:
        draft.summary = summary
    audit = FileAudit(name, lines, code_lines={t.no for t in tokens if t.kind == "code"})
    audit.read_lines = {n for t in tokens for n in (t.no, *t.row_lines)}
    audit.headings = [(t.text, "title") for t in tokens[:1] if t.kind == "heading"]
    for t in tokens:
        if t.kind == "heading":  # the folder's title heading: a link there is the project's
            audit.left_out[t.no] = "in the title heading (a link to the project itself)"
            break
    draft.audits.append(audit)
    kept = _drop_skipped(rest, audit)
    if not _teaches(kept):
        for t in kept:  # headings of a list of the folder's own files: its contents
            if t.kind == "heading":
                audit.headings.append((t.text, "section of the roadmap's summary"))
        draft.summary.extend(["", *(t.raw for t in kept)])
        return None
    headings = [t for t in kept if t.kind == "heading"]
    # "Day 1" of a course beats a banner heading above it.
    first = next((t for t in headings if timing(t.text).days), headings[0] if headings else None)
    title = clean_title(first.text) if first is not None else f"About {draft.title}"
    step = DraftStep(title, kept[0].no, key=make_key(key_name(title), "step"))
    _read_into(
        step, [t for t in kept if t is not first], name, draft.warnings, audit, first, tokens
    )
    if first is not None:
        audit.headings.append((first.text, "step"))
    return step


def _teaches(tokens: list[Line]) -> bool:
    """True when a README's text after its introduction is a lesson: web links, code or a
    few sentences, not only a list of the folder's own files."""
    words = 0
    for t in tokens:
        if t.kind == "code" or "http://" in t.text or "https://" in t.text:
            return True
        if t.kind in ("text", "quote", "item", "table"):
            words += len(re.sub(r"\[([^\]]*)\]\([^)]*\)", "", t.text).split())
    return words >= 30


def _drop_skipped(tokens: list[Line], audit: FileAudit) -> list[Line]:
    """Tokens without sections like Sponsors, License or Contributing (noted in the audit)."""
    kept: list[Line] = []
    skip_level: int | None = None
    title = ""
    for t in tokens:
        if t.kind == "heading":
            if skip_level is not None and t.level > skip_level:
                pass
            elif is_skipped_section(t.text):
                skip_level, title = t.level, plain(t.text)
                audit.headings.append((t.text, f"left out: the “{title}” section"))
            else:
                skip_level = None
        if skip_level is None:
            kept.append(t)
        else:
            for no in (t.no, *t.row_lines):
                audit.left_out[no] = f"left out: the “{title}” section"
    return kept


def read_lesson(
    data: bytes, name: str, warnings: list[str], audits: list[FileAudit] | None = None
) -> DraftStep | None:
    """One lesson file as a step: its first heading is the title, its sections map to tasks,
    resources and practice questions. None for an empty file."""
    text = _text(data, name, warnings)
    if text is None:
        return None
    lines = text.split("\n")
    meta, start, found = split_front_matter(lines)
    warnings.extend(f"{name}: {w}" for w in found)
    tokens = lex(lines, start)
    every = tokens
    audit = FileAudit(name, lines, code_lines={t.no for t in tokens if t.kind == "code"})
    audit.read_lines = {n for t in tokens for n in (t.no, *t.row_lines)}
    if audits is not None:
        audits.append(audit)
    stem = name.rsplit("/", 1)[-1]
    step = DraftStep(folder_title(stem), start + 1, key=make_key(key_name(stem), "step"))
    _lesson_meta(meta, step)
    title_at = next((i for i, t in enumerate(tokens) if t.kind != "blank"), None)
    if title_at is not None and tokens[title_at].kind == "heading":
        if not isinstance(meta.get("title"), str):
            step.title = clean_title(tokens[title_at].text) or step.title
        step.line = tokens[title_at].no
        audit.headings.append((tokens[title_at].text, "step"))
        title_line: Line | None = tokens[title_at]
        tokens = tokens[title_at + 1 :]
    else:
        title_line = None
    _read_into(step, _drop_skipped(tokens, audit), name, warnings, audit, title_line, every)
    return step


def _read_into(
    step: DraftStep,
    tokens: list[Line],
    name: str,
    warnings: list[str],
    audit: FileAudit,
    title: Line | None = None,
    defs: list[Line] | None = None,
) -> None:
    for t in defs if defs is not None else tokens:
        if t.kind == "def":  # a used definition's address is a resource; this is the rest
            audit.left_out.setdefault(t.no, "left out: a link reference nothing uses")
    ctx = ReadContext(
        name,
        refs={t.text: t.raw for t in (defs if defs is not None else tokens) if t.kind == "def"},
        checkboxes=any(t.checked is not None for t in tokens if t.kind == "item"),
    )
    if title is not None and ("[" in title.text or "://" in title.text):
        ctx.resources(title, title.text, step)  # "# [Arrays](…)": the title's own link
    reader = StepReader(step, ctx)
    reader.headings[make_key(step.title, "step")] = step.title
    for token in tokens:
        reader.feed(token)
        if token.kind == "heading":
            audit.headings.append((token.text, "section"))
    reader.close()
    if ctx.unsafe_links:
        warnings.append(f"{name}: {ctx.unsafe_links} unsafe link(s) were left out.")


def _lesson_meta(meta: dict[str, Any], step: DraftStep) -> None:
    title = meta.get("title")
    if isinstance(title, str) and title.strip():
        step.title = title.strip()
    key = meta.get("key")
    if isinstance(key, str) and valid_key(key):
        step.key = key
    hours = meta.get("effort_hours", meta.get("hours"))
    if isinstance(hours, int | float) and not isinstance(hours, bool) and 0 < hours <= 10_000:
        step.effort = float(hours)
    kind = meta.get("kind")
    if kind in ("topic", "project", "exercise", "milestone"):
        step.kind = str(kind)
