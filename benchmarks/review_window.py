"""Review interactions through the real window on 20,000 cards, as ratios to a bare query.

    python benchmarks/review_window.py [--rounds 60]

Builds the same data as benchmarks/review.py, opens the main window on the Review page and
times, per round: the baseline (`SELECT 1` in a reading session), Space (the answer shown)
and 3 (Good: the answer written, the counts and the next card shown), each followed by the
event processing that paints the result. Offscreen; compare ratios, the machine is shared.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from review import _baseline, generate


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=60)
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(sys.argv[:1])
    from roadmap_desktop.services.startup import open_store
    from roadmap_desktop.settings import Settings
    from roadmap_desktop.ui.actions import A
    from roadmap_desktop.ui.context import AppContext
    from roadmap_desktop.ui.main_window import MainWindow

    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        store = open_store(folder, backup=False)
        store.db.close()
        generate(store.db.path)
        store = open_store(folder, backup=False)
        ctx = AppContext(store.db, store.data_dir, Settings(store.data_dir))
        ctx.settings.review_reminded_on = "2999-01-01"
        window = MainWindow()
        window.attach(ctx, welcome=False)
        window.resize(1440, 900)
        window.show()
        window.binder.action(A.PAGE_REVIEW).trigger()
        app.processEvents()
        times: dict[str, list[float]] = {"baseline: SELECT 1": [], "Space": [], "3 (Good)": []}
        for _ in range(args.rounds):
            start = time.perf_counter()
            _baseline(ctx.db)
            times["baseline: SELECT 1"].append((time.perf_counter() - start) * 1000)
            for name, command in (("Space", A.SHOW_ANSWER), ("3 (Good)", A.GRADE_GOOD)):
                start = time.perf_counter()
                window.binder.action(command).trigger()
                app.processEvents()
                times[name].append((time.perf_counter() - start) * 1000)
        window.close()
        ctx.db.close()
    rows = [(name, statistics.median(values)) for name, values in times.items()]
    base = rows[0][1]
    print(f"{'measure (median of ' + str(args.rounds) + ')':<32} {'ms':>8} {'× baseline':>11}")
    for name, value in rows:
        print(f"{name:<32} {value:8.2f} {value / base:11.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
