"""Markdown curriculum import: parse + preview (budget 0.5 s) and apply, against baselines.

    python benchmarks/import_markdown.py            # 7 runs each, medians
    python benchmarks/import_markdown.py --runs 3 --check

Generates a checklist curriculum of about 2,000 lines and 140 KB with about 1,400 list items
and 700 links (phases, steps, nested checkboxes, link hints, a table of contents, a table of
courses), then times, in one process against a fresh data folder holding the bundled roadmaps:

- parse: parse_markdown_curriculum (decode, classify, structure, keys);
- preview: services.curriculum.preview_import (diff against the library, reads only);
- apply: services.curriculum.apply_import (one transaction);

and two baselines on the same text measured in the same run: python-markdown rendering it to
HTML (what showing the file would cost) and a plain `str.splitlines` + one regex pass (the
floor for any line-based reader). Only the ratios of one run mean much; --check exits 1 when
parse + preview takes 0.5 s or more.
"""

from __future__ import annotations

import argparse
import random
import re
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

BUDGET_SECONDS = 0.5
HOSTS = (
    "https://www.youtube.com/watch?v=",
    "https://www.coursera.org/learn/",
    "https://developer.mozilla.org/en-US/docs/Web/",
    "https://en.wikipedia.org/wiki/",
    "https://github.com/example/",
    "https://blog.example.org/posts/",
)
WORDS = (
    "arrays",
    "lists",
    "trees",
    "graphs",
    "hashing",
    "sorting",
    "searching",
    "caching",
    "queues",
    "streams",
    "sockets",
    "threads",
    "locks",
    "indexes",
    "joins",
    "transactions",
    "replication",
    "sharding",
    "testing",
    "profiling",
)


def generate(seed: int = 7) -> str:
    """The benchmark curriculum (deterministic for a seed)."""
    rnd = random.Random(seed)
    out = ["# Generated backend curriculum", "", "A long generated checklist.", ""]
    out += ["## Table of Contents", ""]
    out += [f"- [Phase {p}](#phase-{p})" for p in range(1, 11)] + [""]
    link = 0
    for p in range(1, 11):
        out += [f"## Phase {p}", "", f"Phase {p} covers {rnd.choice(WORDS)} in depth.", ""]
        for s in range(1, 11):
            title = f"{rnd.choice(WORDS).title()} and {rnd.choice(WORDS)} {p}.{s}"
            out += [f"- ### {title}", ""]
            out += [f"    Why {title.lower()} matters for a backend engineer, in three lines of"]
            out += ["    prose that end up in the step's text rather than in its checklist; they"]
            out += ["    explain what to look for and how long the exercises usually take.", ""]
            for t in range(13):
                word = rnd.choice(WORDS)
                depth = "    " if t % 3 else "        "
                box = "[x]" if rnd.random() < 0.2 else "[ ]"
                if t % 2 == 0:
                    link += 1
                    hint = rnd.choice(("(video)", "(course)", "(book)", "", "[@article@]"))
                    url = f"{rnd.choice(HOSTS)}{word}-{link}"
                    label = f"{word.title()} explained, part {link} {hint}".strip()
                    out.append(f"{depth}- {box} [{label}]({url})")
                else:
                    out.append(
                        f"{depth}- {box} Practise {word} with a small exercise and write down "
                        f"what surprised you ({t})"
                    )
            out.append("")
        if p == 5:
            out += ["| Course | Duration | Effort | Prerequisites |", "| --- | --- | --- | --- |"]
            for c in range(8):
                link += 1
                out.append(
                    f"| [Course {c}](https://www.edx.org/course/c-{link}) | {6 + c} weeks | "
                    "6-10 hours/week | none |"
                )
            out.append("")
    return "\n".join(out) + "\n"


def median_seconds(fn: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--check", action="store_true", help="exit 1 over the 0.5 s budget")
    args = parser.parse_args(argv)

    import markdown

    from roadmap_desktop.importers.markdown_outline import parse_markdown_curriculum
    from roadmap_desktop.services.curriculum import apply_import, preview_import
    from roadmap_desktop.services.startup import open_store

    text = generate()
    data = text.encode()
    lines = text.count("\n")
    items = len(re.findall(r"(?m)^\s*- ", text))
    links = len(re.findall(r"\]\(https?://", text))
    with tempfile.TemporaryDirectory() as folder:
        store = open_store(Path(folder) / "data", backup=False)
        db = store.db
        imp = parse_markdown_curriculum(data, "generated.md")
        steps = len(imp.spec.all_steps())

        pattern = re.compile(r"^\s*(?:[-*+]|\d+\.)\s+(?:\[[ xX]\]\s+)?(.*)$")

        def regex_pass() -> int:
            return sum(1 for line in text.splitlines() if pattern.match(line))

        def render() -> str:
            return markdown.markdown(text, extensions=["tables", "fenced_code"])

        def parse_and_preview() -> object:
            parsed = parse_markdown_curriculum(data, "generated.md")
            return preview_import(db, parsed)

        counter = iter(range(10_000))

        def apply() -> object:
            return apply_import(db, imp, as_slug=f"generated-{next(counter)}")

        rows = [
            ("splitlines + regex (baseline)", median_seconds(regex_pass, args.runs)),
            ("python-markdown to HTML (baseline)", median_seconds(render, args.runs)),
            ("parse", median_seconds(lambda: parse_markdown_curriculum(data, "g.md"), args.runs)),
            ("preview", median_seconds(lambda: preview_import(db, imp), args.runs)),
            ("parse + preview", median_seconds(parse_and_preview, args.runs)),
            ("apply (one transaction)", median_seconds(apply, args.runs)),
        ]
        db.close()
    print(
        f"curriculum: {lines:,} lines, {len(data) / 1000:.0f} KB, {items:,} list items, "
        f"{links:,} links → {steps} steps; median of {args.runs} runs"
    )
    render_time = rows[1][1]
    print(f"{'':38} {'seconds':>9} {'× markdown':>11}")
    for name, seconds in rows:
        print(f"{name:38} {seconds:9.4f} {seconds / render_time:11.2f}")
    total = rows[4][1]
    verdict = "within" if total < BUDGET_SECONDS else "OVER"
    print(f"parse + preview: {total:.3f} s, {verdict} the {BUDGET_SECONDS} s budget")
    return 1 if args.check and total >= BUDGET_SECONDS else 0


if __name__ == "__main__":
    raise SystemExit(main())
