"""Write a roadmap with the learner's progress as Markdown that reads well and imports back.

Phases are `##` headings, steps `###` headings followed by a status box (`- [x] **Done** · 4 h`),
the step's text (its headings moved below level 3), a checklist of topics, resources as links,
practice questions and the learner's note as a blockquote headed "My notes". Invisible
`<!-- phase: … -->`/`<!-- step: … -->` comments keep the stable keys, so importing the file
again (or updating the roadmap from it) matches every step and its progress; a step that is
an option of a "choose one of" group says so in `<!-- group: key · title -->` (with
`· picked` on the learner's choice), so the group and the pick come back too.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

import yaml

from roadmap_desktop.core.formats import make_key

if TYPE_CHECKING:
    from roadmap_desktop.core.db import Database

_STATUS_WORDS = {
    "done": "Done",
    "todo": "To do",
    "in_progress": "In progress",
    "skipped": "Skipped",
}
_HEADING = re.compile(r"^( {0,3})(#{1,6})(?=\s|$)")
_SPECIAL = re.compile(r"([\\`*_\[\]<>])")


def export_markdown(db: Database, slug: str) -> str:
    """The roadmap `slug` with progress, ticks and notes as Markdown (see render_markdown)."""
    from roadmap_desktop.services.export import export_roadmap

    return render_markdown(export_roadmap(db, slug))


def _escape(text: str) -> str:
    """Inline text that Markdown shows as written (and the importer reads back unchanged)."""
    text = _SPECIAL.sub(r"\\\1", " ".join(text.split()))
    return "\\" + text if text.startswith(("#", "+", "-", ">")) else text


def _key_comment(role: str, key: str, text: str) -> str:
    same = role == "topic" and key == make_key(" ".join(text.split()), "topic")
    return "" if same else f" <!-- {role}: {key} -->"


def _number(value: float) -> str:
    return f"{value:g}"


def _shift_body(body: str, floor: int) -> list[str]:
    """Body lines with headings moved so the shallowest is at level floor (at most 6)."""
    lines = body.split("\n")
    fence = False
    levels = []
    for line in lines:
        if line.lstrip().startswith(("```", "~~~")):
            fence = not fence
        elif not fence and (m := _HEADING.match(line)):
            levels.append(len(m.group(2)))
    if not levels or min(levels) >= floor:
        return lines
    shift = floor - min(levels)
    out = []
    fence = False
    for line in lines:
        if line.lstrip().startswith(("```", "~~~")):
            fence = not fence
        m = None if fence else _HEADING.match(line)
        if m:
            line = m.group(1) + "#" * min(6, len(m.group(2)) + shift) + line[m.end() :]
        out.append(line)
    return out


def _link(title: str, url: str | None) -> str:
    if not url:
        return _escape(title)
    target = f"<{url}>" if any(c in url for c in " ()<>") else url
    return f"[{_escape(title)}]({target})"


def _resource(res: dict[str, Any]) -> str:
    details = [res.get("kind") or "other"]
    if res.get("author"):
        details.append(_escape(str(res["author"])))
    if res.get("cost"):
        details.append(str(res["cost"]))
    return f"- {_link(str(res['title']), res.get('url'))} — {' · '.join(details)}"


def _questions(questions: list[dict[str, Any]]) -> list[str]:
    out: list[str] = []
    for q in questions:
        prompt = " ".join(str(q["prompt"]).split())
        out.append(f"- {prompt}{_key_comment('q', str(q['key']), '')}")
        out.append("")
        out.extend(f"  {line}" if line.strip() else "" for line in str(q["answer"]).split("\n"))
        out.append("")
    return out


def _group_comment(group: dict[str, Any] | None, step_key: str) -> str:
    """The step's "choose one of" group, invisible: key, title, and "picked" on the option the
    learner chose (importers/markdown_lex.py reads it back)."""
    if group is None:
        return ""
    title = " ".join(str(group["title"]).replace("-->", "→").split())
    picked = " · picked" if group.get("chosen") == step_key else ""
    return f" <!-- group: {group['key']} · {title}{picked} -->"


def _step(
    step: dict[str, Any], questions: list[dict[str, Any]], group: dict[str, Any] | None = None
) -> list[str]:
    heading = f"### {_escape(step['title'])}{_key_comment('step', step['key'], '')}"
    out = [heading + _group_comment(group, step["key"]), ""]
    status = step.get("status") or "todo"
    box = "x" if status == "done" else " "
    facts = [f"**{_STATUS_WORDS.get(status, 'To do')}**", f"{_number(step['effort_hours'])} h"]
    if step.get("kind") and step["kind"] != "topic":
        facts.append(str(step["kind"]))
    out += [f"- [{box}] {' · '.join(facts)}", ""]
    body = str(step.get("body") or "").strip("\n")
    if body:
        out += [*_shift_body(body, 4), ""]
    if step.get("topics"):
        out += ["**Checklist**", ""]
        for topic in step["topics"]:
            mark = "x" if topic.get("done") else " "
            comment = _key_comment("topic", topic["key"], topic["text"])
            out.append(f"- [{mark}] {_escape(topic['text'])}{comment}")
        out.append("")
    if step.get("resources"):
        out += ["**Resources**", "", *(_resource(r) for r in step["resources"]), ""]
    if questions:
        out += ["**Practice questions**", "", *_questions(questions)]
    note = str(step.get("note") or "").strip("\n")
    if note:
        out += ["> **My notes**", ">"]
        out += [f"> {line}" if line else ">" for line in note.split("\n")]
        out.append("")
    return out


def render_markdown(document: dict[str, Any]) -> str:
    """Markdown for an export document (services.export.export_roadmap)."""
    roadmap = document["roadmap"]
    meta = {
        "title": roadmap["title"],
        "slug": roadmap["slug"],
        "version": roadmap.get("content_version") or 1,
        "phase_level": 2,
        "step_level": 3,
        "exported": document.get("exported_at"),
    }
    counts = roadmap.get("progress") or {}
    out = [
        "---",
        yaml.safe_dump(meta, sort_keys=False, allow_unicode=True).rstrip("\n"),
        "---",
        "",
        f"# {_escape(roadmap['title'])}",
        "",
        f"<!-- Exported from Roadmap Desktop: {counts.get('done', 0)} of "
        f"{counts.get('steps', 0)} steps done. Import it again with "
        "`roadmap-desktop import FILE --update SLUG`. -->",
        "",
    ]
    if roadmap.get("summary"):
        out += [*_shift_body(str(roadmap["summary"]).strip("\n"), 4), ""]
    by_step: dict[str | None, list[dict[str, Any]]] = {}
    for q in roadmap.get("questions") or []:
        by_step.setdefault(q.get("step"), []).append(q)
    step_keys = {s["key"] for p in roadmap["phases"] for s in p["steps"]}
    for phase in roadmap["phases"]:
        out += [f"## {_escape(phase['title'])}{_key_comment('phase', phase['key'], '')}", ""]
        start, end = phase["weeks"]
        out += [f"*Weeks {start}–{end}*" if start != end else f"*Week {start}*", ""]
        if phase.get("summary"):
            out += [*_shift_body(str(phase["summary"]).strip("\n"), 4), ""]
        group_of = {key: g for g in phase.get("groups") or [] for key in g["steps"]}
        for step in phase["steps"]:
            out += _step(step, by_step.get(step["key"], []), group_of.get(step["key"]))
    loose = [q for key, qs in by_step.items() if key not in step_keys for q in qs]
    if loose:
        out += ["## Practice questions", "", *_questions(loose)]
    text = "\n".join(out)
    return re.sub(r"\n{3,}", "\n\n", text).rstrip("\n") + "\n"
