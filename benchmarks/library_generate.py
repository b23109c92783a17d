"""Generate a large resource library (default 20,000) in a data folder, through the real services.

    python benchmarks/library_generate.py DATA_DIR [--count 20000] [--seed 7]

The folder gets the bundled roadmaps (as on first start), then one import of generated
resources: varied kinds, statuses, ratings, 0–4 tags from a pool, links to 0–3 bundled steps,
a note on every tenth, dates over the last two years. Deterministic for a given seed.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

from roadmap_desktop.core.library import RESOURCE_KINDS, RESOURCE_STATUSES
from roadmap_desktop.importers import ImportBatch, ImportItem
from roadmap_desktop.services.library_import import apply_import
from roadmap_desktop.services.library_read import search_steps
from roadmap_desktop.services.queries import list_roadmaps
from roadmap_desktop.services.startup import open_store

TOPICS = (
    "Python asyncio",
    "PostgreSQL indexes",
    "HTTP caching",
    "Kubernetes",
    "Docker",
    "Redis",
    "REST API design",
    "GraphQL",
    "OAuth 2",
    "Linux shell",
    "Git internals",
    "System design",
    "Message queues",
    "Kafka",
    "Testing",
    "Observability",
    "SQL joins",
    "Go concurrency",
    "Rust ownership",
    "TypeScript",
    "Web security",
    "TLS",
    "DNS",
    "Load balancing",
)
FORMS = (
    "Introduction to",
    "Deep dive:",
    "A practical guide to",
    "Notes on",
    "Mastering",
    "Understanding",
    "The hidden cost of",
    "Patterns for",
    "Debugging",
    "Why we chose",
)
HOSTS = (
    "example.com",
    "blog.example.org",
    "docs.example.io",
    "youtube.com",
    "coursera.org",
    "medium.com",
    "github.com",
    "realpython.com",
    "martinfowler.com",
    "oreilly.com",
)
TAGS = tuple(
    f"{word}-{n}" if n else word
    for word in (
        "python",
        "databases",
        "backend",
        "devops",
        "security",
        "networking",
        "career",
        "interview",
        "architecture",
        "frontend",
        "testing",
        "performance",
    )
    for n in range(5)
)
AUTHORS = (
    "",
    "",
    "Ada Lovelace",
    "Grace Hopper",
    "Martin Kleppmann",
    "Julia Evans",
    "Brendan Gregg",
    "Kent Beck",
    "Sandi Metz",
    "Mozilla",
)


def generated_items(
    count: int, steps: list[tuple[str, str]], seed: int, now: datetime
) -> list[ImportItem]:
    """count distinct, realistic-looking resources (unique URLs) with tags, notes and links."""
    rnd = random.Random(seed)
    items = []
    for i in range(count):
        topic = rnd.choice(TOPICS)
        title = f"{rnd.choice(FORMS)} {topic} ({i})"
        host = rnd.choice(HOSTS)
        url = f"https://{host}/{topic.lower().replace(' ', '-')}/{i}" if i % 17 else None
        status = rnd.choices(RESOURCE_STATUSES, weights=(6, 2, 3, 1))[0]
        added = now - timedelta(minutes=rnd.randrange(2 * 365 * 24 * 60))
        items.append(
            ImportItem(
                title=title,
                url=url,
                kind=rnd.choice(RESOURCE_KINDS),
                author=rnd.choice(AUTHORS),
                cost=rnd.choice((None, "free", "paid")),
                status=status,
                rating=rnd.choice((0, 0, 0, 3, 4, 5)),
                tags=tuple(rnd.sample(TAGS, rnd.randrange(5))),
                note_md=(f"## Why\n\n{topic} matters because… " * 8) if i % 10 == 0 else "",
                added_at=added,
                finished_at=added + timedelta(days=rnd.randrange(1, 60))
                if status == "done"
                else None,
                steps=tuple(rnd.sample(steps, min(len(steps), rnd.choice((0, 0, 1, 1, 2, 3))))),
                line=i + 1,
            )
        )
    return items


def generate(data_dir: Path, count: int, seed: int = 7) -> float:
    """Fill data_dir with count resources; returns the seconds the import took."""
    store = open_store(data_dir, backup=False)
    try:
        slugs = {r.id: r.slug for r in list_roadmaps(store.db)}
        steps = [(slugs[s.roadmap_id], s.step_key) for s in search_steps(store.db, "", 10_000)]
        items = generated_items(count, steps, seed, datetime(2026, 1, 1))
        started = time.perf_counter()
        apply_import(store.db, ImportBatch(items, source="generated"), skip_duplicates=False)
        return time.perf_counter() - started
    finally:
        store.db.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data_dir", type=Path)
    parser.add_argument("--count", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    seconds = generate(args.data_dir, args.count, args.seed)
    print(f"{args.count:,} resources imported into {args.data_dir} in {seconds:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
