"""Read a roadmap exported as JSON (`export --format json`) back as a curriculum import, with
its statuses, ticks and notes: the per-roadmap JSON export is importable."""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

from roadmap_desktop.core.errors import RoadmapFormatError
from roadmap_desktop.core.formats import EXPORT_FORMAT, EXPORT_VERSION, ROADMAP_FORMAT
from roadmap_desktop.core.roadmap_format import parse_roadmap
from roadmap_desktop.importers.curriculum import CurriculumFormatError, CurriculumImport, sha256


def is_roadmap_export(data: bytes) -> bool:
    """True when data starts like a JSON roadmap export."""
    head = data[:4096]
    return data.lstrip()[:1] == b"{" and EXPORT_FORMAT.encode() in head


def parse_roadmap_export(data: bytes, name: str, *, slug: str | None = None) -> CurriculumImport:
    """The export as an import: content validated like a roadmap file, then the learner's
    statuses, ticked topics and notes. CurriculumFormatError names what is wrong."""
    try:
        document = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise CurriculumFormatError(name, f"not readable JSON ({exc})", line=1) from None
    if not isinstance(document, dict) or document.get("format") != EXPORT_FORMAT:
        raise CurriculumFormatError(name, f"format: must be {EXPORT_FORMAT!r}", line=1)
    version = document.get("format_version")
    if not isinstance(version, int) or isinstance(version, bool) or version > EXPORT_VERSION:
        raise CurriculumFormatError(
            name, f"format_version: this app reads version {EXPORT_VERSION}, got {version!r}"
        )
    roadmap = document.get("roadmap")
    if not isinstance(roadmap, dict):
        raise CurriculumFormatError(name, "roadmap: must be a mapping")
    phases = roadmap.get("phases")
    if not isinstance(phases, list):
        raise CurriculumFormatError(name, "roadmap.phases: must be a list")
    content = {
        "format": ROADMAP_FORMAT,
        "format_version": 2,
        "slug": slug or roadmap.get("slug"),
        "title": roadmap.get("title"),
        "content_version": roadmap.get("content_version", 1),
        "summary": roadmap.get("summary") or "",
        "phases": [_phase(p) for p in phases],
        "questions": [
            {k: v for k, v in q.items() if v is not None}
            for q in roadmap.get("questions") or []
            if isinstance(q, dict)
        ],
    }
    try:
        spec = parse_roadmap(json.dumps(content).encode(), name)
    except RoadmapFormatError as exc:
        raise CurriculumFormatError(name, str(exc).removeprefix(f"{name}: ")) from None
    imp = CurriculumImport(spec=spec, source=name)
    for step in (s for p in phases if isinstance(p, dict) for s in p.get("steps") or []):
        if not isinstance(step, dict) or not isinstance(step.get("key"), str):
            continue
        key = step["key"]
        status = step.get("status")
        if status == "done":
            imp.done_steps.add(key)
        elif status in ("in_progress", "skipped"):
            imp.step_marks[key] = status
        note = step.get("note")
        if isinstance(note, str) and note.strip():
            imp.notes[key] = note
        for topic in step.get("topics") or []:
            if isinstance(topic, dict) and topic.get("done") is True:
                imp.done_topics.add((key, str(topic.get("key"))))
    for group in (g for p in phases if isinstance(p, dict) for g in p.get("groups") or []):
        chosen = group.get("chosen") if isinstance(group, dict) else None
        if isinstance(chosen, str) and chosen in (group.get("steps") or []):
            imp.picks[str(group.get("key"))] = chosen
    imp.spec = replace(spec, content_hash=sha256(data))
    return imp


def _phase(phase: Any) -> Any:
    if not isinstance(phase, dict):
        return phase  # the validator names the problem
    steps = []
    for step in phase.get("steps") or []:
        if not isinstance(step, dict):
            steps.append(step)
            continue
        steps.append(
            {
                "key": step.get("key"),
                "title": step.get("title"),
                "kind": step.get("kind", "topic"),
                "effort_hours": step.get("effort_hours"),
                "body": step.get("body") or "",
                "topics": [
                    {"key": t.get("key"), "text": t.get("text")} if isinstance(t, dict) else t
                    for t in step.get("topics") or []
                ],
                "resources": [
                    {k: v for k, v in r.items() if v not in (None, "")}
                    if isinstance(r, dict)
                    else r
                    for r in step.get("resources") or []
                ],
            }
        )
    return {
        "key": phase.get("key"),
        "title": phase.get("title"),
        "weeks": phase.get("weeks"),
        "summary": phase.get("summary") or "",
        "steps": steps,
        "groups": [
            {"key": g.get("key"), "title": g.get("title") or "", "steps": g.get("steps")}
            if isinstance(g, dict)
            else g
            for g in phase.get("groups") or []
        ],
    }
