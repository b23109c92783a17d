"""Palette speed at scale: from a keystroke to the results painted, on a big database.

    python benchmarks/search_palette.py [--data DIR] [--repeat 9]

Without --data a temporary folder is filled by search_generate.py (10,000 steps, 20,000
resources, 5,000 notes). For each prefix of "postgres" the real CommandPalette gets the text
(search, rows, model reset) and its list is painted at once (`repaint()`), timed together;
baseline, measured in the same run: the same palette repainting rows it already shows (the
cost of painting alone). Medians; the ratio is what searching adds to a paint. Then the same
for the first two letters of common words (`TWO_LETTERS`), the slowest keystrokes.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication, QWidget

from roadmap_desktop.services.search import rebuild_index
from roadmap_desktop.services.startup import open_store
from roadmap_desktop.settings import Settings
from roadmap_desktop.ui.context import AppContext
from roadmap_desktop.ui.palette.palette import CommandPalette
from roadmap_desktop.ui.palette.palette_model import PaletteEntry

sys.path.insert(0, str(Path(__file__).resolve().parent))
from search_generate import generate

WORD = "postgres"
# The first two letters of common words: each matches many indexed words, whose lists FTS5
# merges (an FTS5 prefix index, prefix = '2', measured 3 December 2026: worst 33 → 24 ms on a
# busy machine, the typed word no faster, the database 6 MiB bigger; not taken).
TWO_LETTERS = ("re", "in", "co", "de", "se", "st")


def measure(data: Path, repeat: int) -> list[tuple[str, float, float, float, int]]:
    """(prefix, ms to results painted, CPU ms, ms to repaint alone, rows) per prefix."""
    app = QApplication.instance() or QApplication([])
    store = open_store(data, backup=False)
    try:
        rebuild_index(store.db)  # the current index layout, whatever made the folder
        ctx = AppContext(store.db, store.data_dir, Settings(store.data_dir))
        host = QWidget()
        host.resize(1280, 800)
        host.show()
        entries = [
            PaletteEntry(f"c{i}", f"Command number {i}", "Ctrl+{i}", lambda: None)
            for i in range(120)
        ]
        palette = CommandPalette(ctx, lambda: entries, lambda hit: None, host)
        palette.popup()
        app.processEvents()
        rows = []
        for prefix in [WORD[:n] for n in range(1, len(WORD) + 1)] + list(TWO_LETTERS):
            walls, cpus, paints = [], [], []
            for _ in range(repeat):
                palette.edit.setText("")
                app.processEvents()
                wall, cpu = time.perf_counter(), time.process_time()
                palette.edit.setText(prefix)  # textChanged → search → model reset
                palette.view.viewport().repaint()
                walls.append((time.perf_counter() - wall) * 1000)
                cpus.append((time.process_time() - cpu) * 1000)
                started = time.perf_counter()
                palette.view.viewport().repaint()
                paints.append((time.perf_counter() - started) * 1000)
            rows.append(
                (
                    prefix,
                    statistics.median(walls),
                    statistics.median(cpus),
                    statistics.median(paints),
                    palette.model.rowCount(),
                )
            )
        palette.close()
        host.close()
        return rows
    finally:
        store.db.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, help="a folder made by search_generate.py")
    parser.add_argument("--repeat", type=int, default=9)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="palette-bench-"))
    try:
        data = args.data
        if data is None:
            data = work / "data"
            generate(data, 10_000, 20_000, 5_000)
        rows = measure(data, args.repeat)
        print("keystroke  painted_ms  cpu_ms  repaint_alone_ms  rows")
        for prefix, wall, cpu, paint, count in rows:
            print(f"{prefix:<10} {wall:10.2f} {cpu:7.2f} {paint:17.2f} {count:5d}")
        typed = rows[: len(WORD)]
        two = [r for r in rows[len(WORD) :]]
        wall = statistics.median(r[1] for r in typed)
        cpu = statistics.median(r[2] for r in typed)
        paint = statistics.median(r[3] for r in typed)
        print(
            f"per-keystroke median {wall:.2f} ms to results painted ({cpu:.2f} ms CPU), "
            f"repaint alone {paint:.2f} ms, ratio {wall / paint:.1f}"
        )
        worst = max(two, key=lambda r: r[1])
        print(
            f"two-letter prefixes ({', '.join(TWO_LETTERS)}): median "
            f"{statistics.median(r[1] for r in two):.2f} ms, worst {worst[1]:.2f} ms ({worst[0]})"
        )
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
