"""Mutation fuzzing of every importer against a real temporary database.

    python benchmarks/fuzz_importers.py                 # 2,000 inputs per importer
    python benchmarks/fuzz_importers.py --inputs 300 --seed 7 --only bundle yaml

Each input is a seed file (tests/fixtures, plus a generated bundle) mutated at the byte level
(flips, cuts, duplicated chunks, spliced hostile values: 64-bit overflows, 4,301-digit numbers,
lone surrogate escapes, NULs, deep nesting, long lines) and run through the importer's parse and
apply, as the CLI and the window do. An outcome is:

- ok: imported; refused: the importer's own UserFacingError;
- crash: any other exception (a traceback for the learner);
- hang: the input took longer than --timeout seconds (interrupted by SIGALRM);
- partial write: refused or crashed, yet the database changed (row counts and a content digest
  compared before and after).

Folder inputs are written as real folders, sometimes with a FIFO, a symlink leading out of the
folder, or a socket among the lessons. Prints one line per importer and a JSON summary; exits 1
when anything crashed, hung or wrote partially.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import signal
import socket
import sys
import tempfile
import time
import traceback
import warnings
import zipfile
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

from roadmap_desktop.core.db import Database, open_database
from roadmap_desktop.core.errors import UserFacingError

FIXTURES = Path(__file__).resolve().parent.parent / "tests" / "fixtures"
HOSTILE = [
    b"18446744073709551617",
    b"-9223372036854775809",
    b"9" * 4301,
    b'"\\ud800"',
    b"\\ud800",
    b"\x00",
    b"\xff\xfe",
    b"[" * 5000,
    b"{" * 3000,
    b"- " * 2000,
    b"#" * 300,
    b"x" * 200_000,
    b"1e999",
    b"NaN",
    b"-1",
    b"0",
    b"&#xD800;",
    b"\r\n",
    b"<DT><A HREF=",
    b'"",,,"',
    b"---\n",
    b"!!python/object:os.system",
    b"&a [*a, *a, *a, *a]",
]
TABLES = (
    "roadmaps",
    "phases",
    "steps",
    "topics",
    "resources",
    "step_resources",
    "step_progress",
    "topic_ticks",
    "plan_blocks",
    "study_sessions",
    "practice_questions",
)


class Hang(Exception):
    """Raised by SIGALRM when one input runs past the timeout."""


def _alarm(_signum: int, _frame: Any) -> None:
    raise Hang


def mutate(seed: bytes, rng: random.Random) -> bytes:
    """One to four byte-level edits of the seed."""
    data = bytearray(seed)
    for _ in range(rng.randint(1, 4)):
        op = rng.random()
        pos = rng.randrange(len(data) + 1) if data else 0
        if op < 0.2 and data:
            data[min(pos, len(data) - 1)] ^= 1 << rng.randrange(8)
        elif op < 0.35 and data:
            del data[pos : pos + rng.randint(1, 64)]
        elif op < 0.5 and data:
            start = rng.randrange(len(data))
            chunk = data[start : start + rng.randint(1, 256)]
            data[pos:pos] = chunk * rng.randint(1, 8)
        elif op < 0.6:
            data = data[: rng.randrange(len(data) + 1)]
        else:
            value = rng.choice(HOSTILE)
            # Replace a number or a quoted string when one is nearby, else insert.
            if rng.random() < 0.5:
                end = pos
                while end < len(data) and end - pos < 24 and chr(data[end]).isalnum():
                    end += 1
                data[pos:end] = value
            else:
                data[pos:pos] = value
    return bytes(data[:3_000_000])


def mutate_archive(seed: bytes, rng: random.Random, *, structured: float = 0.7) -> bytes:
    """Mostly: the seed zip's lessons mutated (and sometimes renamed) and zipped again, so the
    Markdown inside is fuzzed; otherwise the archive's bytes themselves."""
    if rng.random() >= structured:
        return mutate(seed, rng)
    source = zipfile.ZipFile(io.BytesIO(seed))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for info in source.infolist():
            name = info.filename
            if rng.random() < 0.05:
                name = rng.choice(["../escape.md", "/abs.md", "a/" * 60 + "deep.md", "x\\y.md"])
            body = source.read(info)
            archive.writestr(name, mutate(body, rng) if rng.random() < 0.5 else body)
    return buffer.getvalue()


def fingerprint(db: Database) -> tuple[Any, ...]:
    """Row count, largest rowid and a digest of every table's rows: any write changes one."""
    import sqlalchemy as sa

    with db.reading() as session:
        return tuple(
            session.execute(
                sa.text(f"SELECT count(*), max(rowid), total(length(quote(rowid))) FROM {table}")
            )
            .one()
            ._tuple()
            for table in TABLES
        )


# --- importers: bytes -> parse -> apply (what the CLI and the window run) ---------------------


def _curriculum(db: Database, imp: Any, slug: str) -> None:
    from roadmap_desktop.services.curriculum import apply_import

    apply_import(db, imp, as_slug=slug)


def run_markdown(db: Database, data: bytes, slug: str, _work: Path) -> None:
    from roadmap_desktop.importers.markdown_outline import parse_markdown_curriculum

    _curriculum(db, parse_markdown_curriculum(data, "fuzz.md"), slug)


def run_yaml(db: Database, data: bytes, slug: str, _work: Path) -> None:
    from roadmap_desktop.core.roadmap_format import parse_roadmap
    from roadmap_desktop.importers.curriculum import CurriculumImport

    spec = parse_roadmap(data, "fuzz.yaml")  # RoadmapFormatError is a UserFacingError
    _curriculum(db, CurriculumImport(spec=spec, source="fuzz"), slug)


def run_zip(db: Database, data: bytes, slug: str, _work: Path) -> None:
    from roadmap_desktop.importers.lesson_folder import parse_lesson_zip

    _curriculum(db, parse_lesson_zip(data, "fuzz.zip", source="fuzz"), slug)


def run_folder(db: Database, data: bytes, slug: str, work: Path) -> None:
    """`data` is a zip of the seed folder; it is unpacked, then specials are added."""
    from roadmap_desktop.importers.lesson_folder import parse_lesson_folder

    folder = work / f"lessons-{slug}"
    folder.mkdir()
    rng = random.Random(slug)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        for info in archive.infolist()[:200]:
            name = Path(info.filename).name
            if name and not info.is_dir():
                (folder / name).write_bytes(archive.read(info)[:200_000])
    except Exception:
        (folder / "01-lesson.md").write_bytes(data[:200_000])
    special = rng.random()
    if special < 0.25:
        os.mkfifo(folder / "02-pipe.md")
    elif special < 0.5:
        (folder / "03-link.md").symlink_to(FIXTURES / "curricula" / "checklist-readme.md")
    elif special < 0.6:
        sock = socket.socket(socket.AF_UNIX)
        sock.bind(str(folder / "04-socket.md"))
        sock.close()
    _curriculum(db, parse_lesson_folder(folder), slug)


def run_bundle(db: Database, data: bytes, _slug: str, _work: Path) -> None:
    from roadmap_desktop.importers.json_bundle import parse_bundle
    from roadmap_desktop.services.backup_bundle import import_bundle

    parse_bundle(data, "fuzz.json")
    import_bundle(db, data, "fuzz.json")


def _library(db: Database, batch: Any) -> None:
    from roadmap_desktop.services.library_import import apply_import

    apply_import(db, batch)


def run_bookmarks(db: Database, data: bytes, _slug: str, _work: Path) -> None:
    from roadmap_desktop.importers.bookmarks import parse_bookmarks

    _library(db, parse_bookmarks(data, "fuzz.html"))


def run_csv(db: Database, data: bytes, _slug: str, _work: Path) -> None:
    from roadmap_desktop.importers.library_csv import parse_csv

    _library(db, parse_csv(data, "fuzz.csv"))


def _zip_folder(folder: Path) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for path in sorted(folder.rglob("*.md")):
            archive.write(path, path.relative_to(folder).as_posix())
    return buffer.getvalue()


def seeds(bundle_seed: bytes) -> dict[str, tuple[Callable[..., None], list[bytes]]]:
    curricula = FIXTURES / "curricula"
    lessons = _zip_folder(curricula / "web-lessons")
    return {
        "markdown": (run_markdown, [p.read_bytes() for p in sorted(curricula.glob("*.md"))]),
        "yaml": (run_yaml, [p.read_bytes() for p in sorted(FIXTURES.glob("*.yaml"))]),
        "zip": (run_zip, [lessons]),
        "folder": (run_folder, [lessons]),
        "bundle": (run_bundle, [bundle_seed]),
        "bookmarks": (run_bookmarks, [p.read_bytes() for p in (FIXTURES / "bookmarks").iterdir()]),
        "csv": (run_csv, [p.read_bytes() for p in (FIXTURES / "library").iterdir()]),
    }


def _bundle_seed(work: Path) -> bytes:
    from roadmap_desktop.core.bundled import load_bundled
    from roadmap_desktop.services.backup_bundle import export_bundle

    db = open_database(work / "seed.sqlite3")
    load_bundled(db)
    doc = export_bundle(db)
    db.close()
    doc["roadmaps"] = doc["roadmaps"][:1]
    return json.dumps(doc, indent=1).encode()


def fuzz(name: str, runner: Callable[..., None], corpus: list[bytes], args: Any) -> Counter[str]:
    rng = random.Random(f"{args.seed}-{name}")
    counts: Counter[str] = Counter()
    with tempfile.TemporaryDirectory(prefix=f"fuzz-{name}-") as tmp:
        work = Path(tmp)
        db = open_database(work / "roadmap.sqlite3")
        try:
            for i in range(args.inputs):
                if i and i % 250 == 0:  # keep the database small: a fresh one now and then
                    db.close()
                    for part in work.glob("roadmap.sqlite3*"):
                        part.unlink()
                    db = open_database(work / "roadmap.sqlite3")
                seed = rng.choice(corpus)
                if name == "zip":
                    data = mutate_archive(seed, rng)
                elif name == "folder":
                    data = mutate_archive(seed, rng, structured=1.0)
                else:
                    data = mutate(seed, rng)
                before = fingerprint(db)
                outcome = "ok"
                signal.setitimer(signal.ITIMER_REAL, args.timeout)
                try:
                    runner(db, data, f"fuzz-{i}", work)
                except UserFacingError:
                    outcome = "refused"
                except Hang:
                    outcome = "hang"
                except Exception:
                    outcome = "crash"
                    if counts["crash"] < 3:
                        print(f"[{name} #{i}] crash:\n{traceback.format_exc()}", file=sys.stderr)
                finally:
                    signal.setitimer(signal.ITIMER_REAL, 0)
                counts[outcome] += 1
                if outcome != "ok" and fingerprint(db) != before:
                    counts["partial_write"] += 1
        finally:
            db.close()
    return counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--inputs", type=int, default=2000, help="inputs per importer")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--timeout", type=float, default=10.0, help="seconds per input")
    parser.add_argument("--only", nargs="*", help="importer names (default: all)")
    args = parser.parse_args(argv)
    signal.signal(signal.SIGALRM, _alarm)
    warnings.filterwarnings("ignore", "Duplicate name", UserWarning)
    report: dict[str, dict[str, int]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        table = seeds(_bundle_seed(Path(tmp)))
    for name, (runner, corpus) in table.items():
        if args.only and name not in args.only:
            continue
        started = time.monotonic()
        counts = fuzz(name, runner, corpus, args)
        report[name] = {
            key: counts[key] for key in ("ok", "refused", "crash", "hang", "partial_write")
        }
        print(
            f"{name:10} {args.inputs} inputs in {time.monotonic() - started:6.1f} s: "
            + ", ".join(f"{k} {v}" for k, v in report[name].items()),
            flush=True,
        )
    print(json.dumps(report))
    bad = sum(r["crash"] + r["hang"] + r["partial_write"] for r in report.values())
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
