"""Library table speed at scale: filtering as you type and sorting 20,000 resources.

Measures the real LibraryModel (bulk filter and sort) and, for contrast, the same rows behind a
QSortFilterProxyModel with a Python filterAcceptsRow. The baseline, measured in the same run, is
the least work any text filter must do: one Python pass testing `needle in title` over all rows.
Figures are medians; only ratios within one run mean much on a noisy machine.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import string
import sys
import time
from datetime import datetime, timedelta
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QModelIndex, QSortFilterProxyModel
from PySide6.QtWidgets import QApplication

from roadmap_desktop.services.library import LibraryRow
from roadmap_desktop.ui.library.library_model import COL_RATING, COL_STATUS, COL_TITLE, LibraryModel


def make_rows(count: int, seed: int = 7) -> list[LibraryRow]:
    """Realistic-looking resources: four-word titles, authors, URLs, tags, statuses."""
    rnd = random.Random(seed)
    words = ["".join(rnd.choices(string.ascii_lowercase, k=rnd.randint(3, 9))) for _ in range(3000)]
    start = datetime(2024, 1, 1)
    rows = []
    for i in range(count):
        title = " ".join(rnd.choices(words, k=4)).capitalize()
        rows.append(
            LibraryRow(
                id=i + 1,
                title=title,
                url=f"https://{rnd.choice(words)}.example/{i}",
                local_path=None,
                kind=rnd.choice(["book", "course", "article", "video", "docs"]),
                author=" ".join(rnd.choices(words, k=2)).title(),
                cost=None,
                status=rnd.choice(["to_do", "in_progress", "done", "dropped"]),
                rating=rnd.randint(0, 5),
                tags=tuple(rnd.sample(words[:40], k=rnd.randint(0, 3))),
                used_in=(),
                roadmap_slugs=frozenset(),
                added_at=start + timedelta(minutes=i),
                finished_at=None,
                has_note=False,
            )
        )
    return rows


class PythonProxy(QSortFilterProxyModel):
    """The obvious design: a Python per-row filter behind Qt's proxy (for contrast only)."""

    needle = ""

    def filterAcceptsRow(self, row: int, parent: Any) -> bool:
        model = self.sourceModel()
        return not self.needle or self.needle in model.row_value(row).title.casefold()


def median_ms(action: Any, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def measure(count: int, repeat: int) -> list[tuple[str, float]]:
    """Every figure for a library of count resources, baseline first."""
    rows = make_rows(count)
    titles = [r.title.casefold() for r in rows]
    typed = ["q", "qu", "que"]  # as the learner types
    base = median_ms(lambda: [sum(1 for t in titles if n in t) for n in typed], repeat)
    model = LibraryModel()
    load = median_ms(lambda: model.set_rows(rows), 3)

    def type_filter() -> None:
        for needle in typed:
            model.set_filters(text=needle)
        model.set_filters(text="")

    filt = median_ms(type_filter, repeat) / 4
    fresh = []
    for _ in range(3):
        model.set_rows(rows)  # forgets the cached orders
        fresh.append(median_ms(lambda: model.sort(COL_RATING), 1))
    resort = median_ms(lambda: (model.sort(COL_STATUS), model.sort(COL_TITLE)), repeat) / 2
    proxy = PythonProxy()
    proxy.setSourceModel(model)

    def proxy_filter() -> None:
        for needle in typed:
            proxy.beginFilterChange()
            proxy.needle = needle
            proxy.endFilterChange(QSortFilterProxyModel.Direction.Rows)
            proxy.rowCount(QModelIndex())

    return [
        ("baseline: `needle in title` over all rows", base),
        ("LibraryModel: load rows", load),
        ("LibraryModel: filter, per keystroke", filt),
        ("LibraryModel: sort by a new column", statistics.median(fresh)),
        ("LibraryModel: sort again", resort),
        ("contrast: QSortFilterProxyModel filter/keystroke", median_ms(proxy_filter, 3) / 3),
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, nargs="+", default=[2000, 20000])
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert app is not None
    print(f"{'rows':>7} {'measure':<50} {'ms':>9} {'× base':>8}")
    for count in args.rows:
        results = measure(count, args.repeat)
        base = results[0][1]
        for name, value in results:
            print(f"{count:>7} {name:<50} {value:9.1f} {value / base:8.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
