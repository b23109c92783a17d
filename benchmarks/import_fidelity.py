"""How much of real curricula lands: links as resources, explained losses, clean titles, time.

Usage: python benchmarks/import_fidelity.py CORPUS_DIR [--json] [--baseline OLD_SRC_DIR]

CORPUS_DIR holds real public curricula (kept out of the repository). Each source listed in
SOURCES is imported with the real importer (nothing is written). The script counts, on its own
and with its own patterns, the headings and distinct http(s) links of the Markdown the importer
read, and compares them with what landed: links that became step resources, links the import
lists as "not imported" with a reason, and the rest (unexplained losses). Titles are checked
for raw Markdown, HTML, emoji shortcodes and trailing colons. Finally the import of a ~140 KB
README is timed as a subprocess against a bare interpreter started the same way.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

SOURCES = (
    # (label, path under the corpus, shape)
    ("coding-interview-university", "jwasham+coding-interview-university/README.md", "checkbox"),
    ("build-your-own-x", "codecrafters-io+build-your-own-x/README.md", "link list"),
    ("book-of-secret-knowledge", "trimstray+the-book-of-secret-knowledge/README.md", "html+links"),
    ("awesome", "sindresorhus+awesome/readme.md", "awesome list"),
    ("ossu-computer-science", "ossu+computer-science/README.md", "course tables"),
    ("llm-course", "mlabonne+llm-course/README.md", "sections+links"),
    ("30-days-of-python", "Asabeneh+30-Days-Of-Python", "day folders"),
    ("data-engineering-zoomcamp", "DataTalksClub+data-engineering-zoomcamp", "lesson folders"),
    ("roadmap.sh python", "roadmap.sh-python", "content folder"),
)
TIMED = "jwasham+coding-interview-university/README.md"

_FENCE = re.compile(r"^\s*(```|~~~)")
_ATX = re.compile(r"^\s{0,3}(?:[-*+]\s+(?:\[[ xX]\]\s+)?)?#{1,6}\s+\S")
_HTML_H = re.compile(r"<h[1-6]\b", re.IGNORECASE)
_SETEXT = re.compile(r"^\s{0,3}(=+|-+)\s*$")
_URL = re.compile(r"https?://(?:[^\s<>()\[\]\"'`]|\([^\s<>()]*\))+", re.IGNORECASE)
_IMAGE_SRC = re.compile(
    r"!\[[^\]]*\]\(\s*<?(https?://[^\s)>]+)|<img\b[^>]*?src\s*=\s*[\"']?(https?://[^\s\"'>]+)"
    r"|srcset\s*=\s*[\"']?(https?://[^\s\"'>]+)",
    re.IGNORECASE,
)
_RAW_TITLE = re.compile(
    r"\]\(|\[[^\]]*\]\[|</?[a-z][a-z0-9]*\b[^>]*>|\*\*|__|`|:[a-z0-9_+-]{2,}:|:$|^\s*#",
    re.IGNORECASE,
)


def _clean_url(url: str) -> str:
    url = url.rstrip(".,;:!?*")
    while url.endswith(")") and url.count("(") < url.count(")"):
        url = url[:-1]
    return url


def count_source(text: str) -> tuple[int, set[str]]:
    """(headings, distinct http(s) link targets) of Markdown, outside fenced code, images left
    out (an image is a picture, not a link to read)."""
    headings = 0
    links: set[str] = set()
    fence = False
    previous = ""
    for line in text.splitlines():
        if _FENCE.match(line):
            fence = not fence
            previous = ""
            continue
        if fence:
            continue
        if (
            _ATX.match(line)
            or _HTML_H.search(line)
            or (
                previous.strip()
                and _SETEXT.match(line)
                and not previous.lstrip().startswith(("-", "*", "|", ">"))
            )
        ):
            headings += 1
        images = {next(g for g in m.groups() if g) for m in _IMAGE_SRC.finditer(line)}
        for m in _URL.finditer(line):
            url = _clean_url(m.group(0))
            if url not in images and len(url) > len("https://x"):
                links.add(url)
        previous = line
    return headings, links


def _norm(url: str) -> str:
    from roadmap_desktop.core.library import normalize_url

    return normalize_url(url)


def measure(label: str, path: Path, shape: str) -> dict[str, object]:
    from roadmap_desktop.importers.lesson_folder import parse_curriculum_path

    started = time.perf_counter()
    imp = parse_curriculum_path(path)
    seconds = time.perf_counter() - started
    report = getattr(imp, "report", None)
    read_files = list(getattr(report, "files_read", ()) or ())
    if not read_files:
        read_files = [str(p) for p in ([path] if path.is_file() else sorted(path.rglob("*.md")))]
    headings = 0
    links: set[str] = set()
    for name in read_files:
        file = path if path.is_file() else Path(name) if Path(name).is_absolute() else path / name
        text = file.read_text(encoding="utf-8", errors="replace")
        h, found = count_source(text)
        headings += h
        links |= found
    resources = {_norm(r.url) for s in imp.spec.all_steps() for r in s.resources if r.url}
    explained: dict[str, str] = {}
    for item in getattr(report, "not_imported", ()) or ():
        explained.setdefault(_norm(item.url), item.reason)
    as_resources = {u for u in links if _norm(u) in resources}
    left = {u for u in links if u not in as_resources}
    with_reason = {u for u in left if _norm(u) in explained}
    unexplained = sorted(left - with_reason)
    reasons: dict[str, int] = {}
    for u in with_reason:
        reason = explained[_norm(u)].split(":")[0]
        reasons[reason] = reasons.get(reason, 0) + 1
    titles = [imp.spec.title]
    titles += [p.title for p in imp.spec.phases]
    titles += [s.title for s in imp.spec.all_steps()]
    raw_titles = [t for t in titles if _RAW_TITLE.search(t)]
    placed = getattr(report, "headings_placed", None)
    return {
        "source": label,
        "shape": shape,
        "headings": headings,
        "headings_placed": sum(placed.values()) if isinstance(placed, dict) else None,
        "links": len(links),
        "as_resources": len(as_resources),
        "pct": round(100 * len(as_resources) / len(links), 1) if links else 100.0,
        "not_imported": reasons,
        "unexplained": len(unexplained),
        "unexplained_sample": unexplained[:5],
        "phases": len(imp.spec.phases),
        "steps": sum(1 for _ in imp.spec.all_steps()),
        "hours": round(sum(s.effort_hours for s in imp.spec.all_steps())),
        "weeks": max((p.end_week for p in imp.spec.phases), default=0),
        "raw_titles": len(raw_titles),
        "raw_title_sample": raw_titles[:5],
        "parse_s": round(seconds, 3),
    }


def _run(code: str, src: str | None = None) -> float:
    env = dict(os.environ)
    if src:
        env["PYTHONPATH"] = src
    best = float("inf")
    for _ in range(7):
        started = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True, env=env)
        best = min(best, time.perf_counter() - started)
    return best


def time_import(path: Path, baseline_src: str | None) -> dict[str, float]:
    """Best of seven: a bare interpreter (process start) and one that imports path; with
    --baseline SRC, the same import by the code in SRC (e.g. the previous release) in the
    same run, so a loaded machine shows as a ratio rather than a wrong absolute figure."""
    code = (
        "from pathlib import Path\n"
        "from roadmap_desktop.importers.lesson_folder import parse_curriculum_path\n"
        f"parse_curriculum_path(Path({str(path)!r}))\n"
    )
    bare = _run("import roadmap_desktop")
    full = _run(code)
    result = {
        "bytes": path.stat().st_size,
        "process_start_s": round(bare, 3),
        "with_import_s": round(full, 3),
        "over_start_s": round(full - bare, 3),
    }
    if baseline_src:
        base = _run(code, baseline_src) - _run("import roadmap_desktop", baseline_src)
        result["baseline_over_start_s"] = round(base, 3)
        result["ratio_to_baseline"] = round((full - bare) / base, 2) if base > 0 else 0.0
    return result


def main() -> None:
    corpus = Path(sys.argv[1])
    rows = [measure(label, corpus / rel, shape) for label, rel, shape in SOURCES
            if (corpus / rel).exists()]  # fmt: skip
    baseline = sys.argv[sys.argv.index("--baseline") + 1] if "--baseline" in sys.argv else None
    timing = time_import(corpus / TIMED, baseline)
    if "--json" in sys.argv:
        print(json.dumps({"rows": rows, "timing": timing}, indent=1))
        return
    head = "| source | shape | headings | links | as resources | % | not imported (reason: n) "
    head += "| unexplained | raw titles | phases/steps | hours/weeks |"
    print(head)
    print("|" + "---|" * 11)
    for r in rows:
        why = ", ".join(f"{k}: {v}" for k, v in sorted(r["not_imported"].items()))  # type: ignore[attr-defined]
        print(
            f"| {r['source']} | {r['shape']} | {r['headings']} | {r['links']} | "
            f"{r['as_resources']} | {r['pct']} | {why or '–'} | {r['unexplained']} | "
            f"{r['raw_titles']} | {r['phases']}/{r['steps']} | {r['hours']}/{r['weeks']} |"
        )
    for r in rows:
        if r["unexplained_sample"] or r["raw_title_sample"]:
            print(f"# {r['source']}: {r['unexplained_sample']} {r['raw_title_sample']}")
    print(f"\ntiming ({TIMED}): {json.dumps(timing)}")


if __name__ == "__main__":
    main()
