"""Every interaction of issue 11 on the big database, through the real window, with the paint.

    python benchmarks/interactions.py [--samples 21] [--rounds 7] [--skip-startup]

Part 1 runs in this process: it opens the real MainWindow (offscreen) on the big data folder
(benchmarks/big_db.py; generated on first use) and times each interaction the way a user makes
it — a key press or a click sent with QTest, or the autosave timer firing — followed by
`processEvents()` twice, so the frame the change asks for (layout and paint of every dirty
widget) is inside the measurement. Each figure is the median of --samples runs; the baseline,
measured in the same run and interleaved with the others, is one repaint of a label in a bare
QMainWindow of the same size (the least work any visible change costs).

Part 2 runs start-up pairs in subprocesses, interleaved with a bare PySide6 window
(benchmarks/bare_window.py): first frame, data ready (existing data, first run, the big
database) and peak RSS (the child's own ru_maxrss), medians of --rounds rounds.

Only ratios within one run are meaningful on a shared machine; ms are printed beside them.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from big_db import BIG_SLUG, DEFAULT_DIR, DONE_MARKER, ensure_big_db  # noqa: E402

from roadmap_desktop.ui.actions import A, Scope  # noqa: E402

BUDGET_FRAME_MS = 16.0


class Bench:
    """Collects interleaved samples of named interactions and the bare-repaint baseline."""

    def __init__(self, app: object, samples: int) -> None:
        self.app = app
        self.samples = samples
        self.results: dict[str, list[float]] = {}
        self.baseline: list[float] = []
        # The same in CPU time of this thread: what other processes on a shared machine do
        # shows in wall time (waiting for a core), much less in CPU time.
        self.cpu_results: dict[str, list[float]] = {}
        self.cpu_baseline: list[float] = []
        from PySide6.QtWidgets import QLabel, QMainWindow

        self.bare = QMainWindow()
        self.bare_label = QLabel("0")
        self.bare.setCentralWidget(self.bare_label)
        self.bare.resize(1440, 900)
        self.bare.show()
        self.frame()

    def frame(self) -> None:
        """Deliver what the action posted: layout requests, then the paint they cause."""
        self.app.processEvents()  # type: ignore[attr-defined]
        self.app.processEvents()  # type: ignore[attr-defined]

    def _baseline_once(self) -> None:
        started, cpu = time.perf_counter(), time.thread_time()
        self.bare_label.setText(str(started))
        self.frame()
        self.baseline.append((time.perf_counter() - started) * 1000)
        self.cpu_baseline.append((time.thread_time() - cpu) * 1000)

    def run(
        self,
        name: str,
        action: Callable[[int], None],
        prepare: Callable[[int], None] | None = None,
        samples: int | None = None,
    ) -> None:
        """Time action(i) plus its frame, samples times, each after an untimed prepare(i)."""
        times = self.results.setdefault(name, [])
        cpu_times = self.cpu_results.setdefault(name, [])
        for i in range(samples or self.samples):
            if prepare is not None:
                prepare(i)
            self.frame()
            self._baseline_once()  # right before the action: the same moment's machine load
            started, cpu = time.perf_counter(), time.thread_time()
            action(i)
            self.frame()
            times.append((time.perf_counter() - started) * 1000)
            cpu_times.append((time.thread_time() - cpu) * 1000)

    def base(self) -> float:
        return statistics.median(self.baseline)


def open_window(data_dir: Path) -> tuple[object, object]:
    """The real MainWindow attached to the real store, shown and painted."""
    from roadmap_desktop.services.startup import open_store
    from roadmap_desktop.settings import Settings
    from roadmap_desktop.ui.context import AppContext
    from roadmap_desktop.ui.main_window import MainWindow

    store = open_store(data_dir, backup=False)
    settings = Settings(store.data_dir)
    settings.last_roadmap = BIG_SLUG
    window = MainWindow()
    window.resize(1440, 900)
    window.show()
    ctx = AppContext(store.db, store.data_dir, settings)
    window.attach(ctx, welcome=False)
    window.finish_attach()  # the other pages, which a start builds after the first view
    window.resize(1440, 900)  # attach restores the geometry a previous run saved
    return window, ctx


def settle(app: object, window: object, timeout_s: float = 120.0) -> float:
    """Let work that runs between frames (the Library reading its rows in parts) finish, so
    it does not land in the next measurements; returns the longest event-loop pass (ms)."""
    deadline = time.perf_counter() + timeout_s
    library = window.pages.get(Scope.LIBRARY)  # type: ignore[attr-defined]  # if built
    longest = 0.0
    while getattr(library, "_pending", None) is not None and time.perf_counter() < deadline:
        started = time.perf_counter()
        app.processEvents()  # type: ignore[attr-defined]
        longest = max(longest, (time.perf_counter() - started) * 1000)
    return longest


class FirstPaint:
    """Notes when a widget that `arm()`'s test accepts is first painted (the end of a first
    show); it watches the whole application, as the page may not exist when armed."""

    def __init__(self, app: object) -> None:
        from PySide6.QtCore import QEvent, QObject

        outer = self

        class Filter(QObject):
            def eventFilter(self, watched: object, event: object) -> bool:
                if (
                    outer.at is None
                    and event.type() == QEvent.Type.Paint  # type: ignore[attr-defined]
                    and outer.accepts(watched)
                ):
                    outer.at = time.perf_counter()
                return False

        self.filter = Filter()
        self.at: float | None = None
        self.accepts: Callable[[object], bool] = lambda _widget: False
        app.installEventFilter(self.filter)  # type: ignore[attr-defined]

    def arm(self, accepts: Callable[[object], bool]) -> None:
        self.at = None
        self.accepts = accepts


Row = tuple[str, float, float, str]


def interactions(data_dir: Path, samples: int) -> tuple[list[Row], list[Row]]:
    """Rows (interaction, median ms, ratio to the bare repaint, budget text), in wall time and
    in CPU time (the in-process interactions only)."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([])
    from roadmap_desktop.ui.widgets.theme import apply_theme

    apply_theme(app, "light")  # type: ignore[arg-type]
    bench = Bench(app, samples)
    started = time.perf_counter()
    window, ctx = open_window(data_dir)
    attach_ms = (time.perf_counter() - started) * 1000
    bench.frame()
    w = window  # type: ignore[assignment]
    page = w.page
    # The learner has visited every page once, then came back to the roadmap.
    # (Every page is built, as a long session has it: each hidden page takes its changes.)
    for scope in (Scope.LIBRARY, Scope.PLANNER, Scope.REVIEW, Scope.STATS, Scope.ROADMAP):
        w.show_scope(scope)
        bench.frame()
    settle(app, w)
    assert page.overview is not None and page.overview.slug == BIG_SLUG
    assert sum(len(p.steps) for p in page.overview.phases) == 10_000
    # Start from the roadmap's current phase (its first open step), whatever place the settings
    # remember from an earlier run: the arrow keys below must move somewhere every time.
    page.select_phase(page.overview.current_phase)
    bench.frame()

    def raise_main(_i: int) -> None:
        w.activateWindow()

    # --- tick a topic (Space on the checklist), alternately ticking and unticking -----------
    topics = page.detail.topic_view

    def tick(_i: int) -> None:
        QTest.keyClick(topics, Qt.Key.Key_Space)

    def focus_topics(_i: int) -> None:
        raise_main(_i)
        topics.setFocus()
        topics.setCurrentIndex(page.detail.topic_model.index(0))

    bench.run("tick a topic (every view refreshed)", tick, focus_topics)

    # --- change a step's status (Space on the step list: done ↔ to do) ----------------------
    steps = page.step_view

    def focus_steps(_i: int) -> None:
        raise_main(_i)
        steps.setFocus()

    bench.run(
        "toggle a step done (Space in the step list)",
        lambda _i: QTest.keyClick(steps, Qt.Key.Key_Space),
        focus_steps,
    )

    # --- note autosave: a letter typed (untimed), then the autosave timer fires -------------
    notes = page.detail.notes

    def type_letter(i: int) -> None:
        raise_main(i)
        notes.focus_editor()
        QTest.keyClick(notes.editor, Qt.Key.Key_Backspace if i % 2 else Qt.Key.Key_A)

    bench.run("note autosave", lambda _i: notes.timer.timeout.emit(), type_letter)

    # --- switch phase on the timeline (← / →) ------------------------------------------------
    timeline = page.timeline

    def focus_timeline(_i: int) -> None:
        raise_main(_i)
        timeline.setFocus()

    def switch_phase(i: int) -> None:
        before = timeline.selected_row()
        QTest.keyClick(timeline, Qt.Key.Key_Left if i % 2 else Qt.Key.Key_Right)
        assert timeline.selected_row() != before, "the arrow key did not change phase"

    bench.run("switch phase on the timeline", switch_phase, focus_timeline)

    # --- select another step (↓ / ↑ in the step list) ----------------------------------------
    def select_step(i: int) -> None:
        before = page.selected_step_key()
        QTest.keyClick(steps, Qt.Key.Key_Up if i % 2 else Qt.Key.Key_Down)
        assert page.selected_step_key() != before, "the arrow key did not change step"

    bench.run("select another step", select_step, focus_steps)

    # --- Library: a filter keystroke over 20,000 resources -----------------------------------
    library = w.library
    w.show_scope(Scope.LIBRARY)
    bench.frame()
    # The changes above marked the Library stale: let it read all its rows again first, so the
    # keystrokes filter 20,000 resources and no part is read inside a measured frame.
    settle(app, w)
    assert library.model.total() >= 20_000
    word = "pyth"

    def key_in_filter(i: int) -> None:
        step = i % (2 * len(word))
        if step < len(word):
            QTest.keyClick(library.search, word[step])
        else:
            QTest.keyClick(library.search, Qt.Key.Key_Backspace)

    def focus_search(_i: int) -> None:
        raise_main(_i)
        library.search.setFocus()
        library.note_timer.stop()

    bench.run(
        "Library filter keystroke (20,000 resources)",
        key_in_filter,
        focus_search,
        samples=max(samples, 2 * len(word) * 3),
    )
    library.search.clear()
    w.show_scope(Scope.ROADMAP)
    bench.frame()
    rows = [
        (name, statistics.median(times), statistics.median(times) / bench.base(), "≤ 16 ms")
        for name, times in bench.results.items()
    ]
    select_row = next(r for r in rows if r[0] == "select another step")
    rows[rows.index(select_row)] = (*select_row[:3], "≤ 16 ms (keep)")
    cpu_base = statistics.median(bench.cpu_baseline)
    cpu_rows: list[Row] = [("bare label repaint (baseline)", cpu_base, 1.0, "")]
    cpu_rows += [
        (name, statistics.median(times), statistics.median(times) / cpu_base, "")
        for name, times in bench.cpu_results.items()
    ]

    # --- first show of the Library and the Planner: a fresh window each sample, so each show
    # --- builds its page (pages are built on first use) ------------------------------------
    first: dict[str, list[float]] = {"Library": [], "Planner": []}
    painted = FirstPaint(app)
    parts: list[float] = []
    from roadmap_desktop.ui.library.library_page import LibraryPage

    load_more = LibraryPage._load_more

    def timed_part(page: object) -> None:  # each part the Library reads after its first frame
        started = time.perf_counter()
        load_more(page)  # type: ignore[arg-type]
        parts.append((time.perf_counter() - started) * 1000)

    LibraryPage._load_more = timed_part  # type: ignore[method-assign]

    for i in range(max(3, samples // 2)):
        ctx.db.close()  # type: ignore[attr-defined]
        w.close()
        w.deleteLater()
        bench.frame()
        window, ctx = open_window(data_dir)
        w = window  # type: ignore[assignment]
        bench.frame()
        order = ("Library", "Planner") if i % 2 == 0 else ("Planner", "Library")
        for name in order:
            bench._baseline_once()
            scope = Scope.LIBRARY if name == "Library" else Scope.PLANNER
            assert scope not in w.pages, "the page is built by its first show"

            def in_page(widget: object, scope: Scope = scope, w: object = w) -> bool:
                page = w.pages.get(scope)  # type: ignore[attr-defined]
                return page is not None and (widget is page or page.isAncestorOf(widget))

            painted.arm(in_page)
            started = time.perf_counter()
            w.binder.action(A(f"page_{name.lower()}")).trigger()  # View ▸ Library / Planner
            while painted.at is None and time.perf_counter() - started < 30:
                app.processEvents()  # until the page's first paint: its first frame
            end = painted.at or time.perf_counter()
            first[name].append((end - started) * 1000)
            assert w.current_page() is w.pages[scope], "the View action did not switch page"
            settle(app, w)  # the parts read after the first frame (timed by timed_part)
            w.show_scope(Scope.ROADMAP)
            bench.frame()
    LibraryPage._load_more = load_more  # type: ignore[method-assign]
    app.removeEventFilter(painted.filter)  # type: ignore[attr-defined]
    for name, times in first.items():
        median = statistics.median(times)
        rows.append((f"first show of the {name} page", median, median / bench.base(), "≤ 100 ms"))
    base = bench.base()
    for label, value in (("median", statistics.median(parts)), ("longest", max(parts))):
        rows.append(
            (f"Library: a part read after its first show ({label})", value, value / base, "≤ 16 ms")
        )
    ctx.db.close()  # type: ignore[attr-defined]
    w.close()
    rows.insert(0, ("bare label repaint (baseline)", bench.base(), 1.0, ""))
    rows.append(
        ("open window on the big database (attach, once)", attach_ms, attach_ms / bench.base(), "")
    )
    return rows, cpu_rows


def curriculum_apply(samples: int) -> tuple[float, float]:
    """Median seconds to apply the 140 KB curriculum of benchmarks/import_markdown.py, and its
    size in KB (fresh data folder with the bundled roadmaps; one transaction each)."""
    import import_markdown

    from roadmap_desktop.importers.markdown_outline import parse_markdown_curriculum
    from roadmap_desktop.services.curriculum import apply_import
    from roadmap_desktop.services.startup import open_store

    data = import_markdown.generate().encode()
    with tempfile.TemporaryDirectory() as folder:
        store = open_store(Path(folder) / "data", backup=False)
        imp = parse_markdown_curriculum(data, "generated.md")
        times = []
        for i in range(samples):
            started = time.perf_counter()
            apply_import(store.db, imp, as_slug=f"generated-{i}")
            times.append(time.perf_counter() - started)
        store.db.close()
    return statistics.median(times), len(data) / 1000


# --- start-up pairs --------------------------------------------------------------------------


def _child(command: list[str]) -> tuple[dict[str, float], float]:
    """Run a child; its JSON timings and its own peak RSS in MB."""
    env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    assert proc.stdout is not None and proc.stderr is not None
    out = proc.stdout.read()
    err = proc.stderr.read()
    _pid, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise RuntimeError(f"{command} failed ({proc.returncode}): {err.decode()[-2000:]}")
    line = out.decode().strip().splitlines()[-1]
    return json.loads(line), usage.ru_maxrss / 1024


def startup_pairs(rounds: int, big_dir: Path) -> list[tuple[str, float, float, str]]:
    """First frame, data ready and peak RSS against a bare window, interleaved rounds."""
    app = [sys.executable, "-m", "roadmap_desktop", "--smoke", "--data-dir"]
    bare = [sys.executable, str(HERE / "bare_window.py")]
    samples: dict[str, list[float]] = {}

    def add(name: str, value: float) -> None:
        samples.setdefault(name, []).append(value)

    # The app starts from bytecode, as an installed wheel or the frozen app does (with
    # PYTHONDONTWRITEBYTECODE set, a source checkout would otherwise compile ~110 modules on
    # every start, which no user's start-up pays).
    import compileall

    import roadmap_desktop

    compileall.compile_dir(str(Path(roadmap_desktop.__file__).parent), quiet=1)
    with tempfile.TemporaryDirectory() as warm_dir:
        _child([*app, warm_dir])  # creates the warm folder (and today's backups)
        _child([*app, str(big_dir)])
        for _ in range(rounds):
            t, rss = _child(bare)
            add("bare ff", t["first_frame_ms"])
            add("bare rss", rss)
            t, rss = _child([*app, warm_dir])
            add("warm ff", t["first_frame_ms"])
            add("warm ready", t["data_ready_ms"])
            add("warm settled", t["settled_ms"])
            add("warm rss", rss)
            with tempfile.TemporaryDirectory() as fresh_dir:
                t, rss = _child([*app, fresh_dir])
            add("fresh ff", t["first_frame_ms"])
            add("fresh ready", t["data_ready_ms"])
            t, rss = _child([*app, str(big_dir)])
            add("big ready", t["data_ready_ms"])
            add("big settled", t["settled_ms"])
            add("big rss", rss)
    med = {name: statistics.median(values) for name, values in samples.items()}
    base, base_rss = med["bare ff"], med["bare rss"]
    return [
        ("bare PySide6 window: first frame (baseline)", base, 1.0, ""),
        ("first frame, existing data", med["warm ff"], med["warm ff"] / base, "≤ 1.3×"),
        ("data ready, existing data", med["warm ready"], med["warm ready"] / base, "≤ 3×"),
        (
            "settled (after-view parts built), existing",
            med["warm settled"],
            med["warm settled"] / base,
            "",
        ),
        ("data ready, first run", med["fresh ready"], med["fresh ready"] / base, "≤ 5×"),
        ("data ready, big database", med["big ready"], med["big ready"] / base, "≤ 4×"),
        (
            "settled (after-view parts built), big DB",
            med["big settled"],
            med["big settled"] / base,
            "",
        ),
        ("bare window: peak RSS (MB, baseline)", base_rss, 1.0, ""),
        (
            "peak RSS at start-up, existing data (MB)",
            med["warm rss"],
            med["warm rss"] / base_rss,
            "≤ 2.0×",
        ),
        ("peak RSS at start-up, big database (MB)", med["big rss"], med["big rss"] / base_rss, ""),
    ]


def print_table(title: str, rows: list[tuple[str, float, float, str]], unit: str = "ms") -> None:
    print(f"\n{title}", flush=True)
    print(f"| {'measure':<52} | {unit:>8} | {'ratio':>7} | {'budget':<15} |")
    print(f"|{'-' * 54}|{'-' * 10}|{'-' * 9}|{'-' * 17}|")
    for name, value, ratio, budget in rows:
        print(f"| {name:<52} | {value:8.1f} | {ratio:6.2f}× | {budget:<15} |")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, default=DEFAULT_DIR)
    parser.add_argument("--samples", type=int, default=21)
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--skip-startup", action="store_true")
    parser.add_argument("--skip-window", action="store_true")
    args = parser.parse_args()
    sys.stdout.reconfigure(line_buffering=True)  # type: ignore[attr-defined]
    if not (args.data_dir / DONE_MARKER).exists():  # generated in a child: this process stays small
        subprocess.run([sys.executable, str(HERE / "big_db.py"), str(args.data_dir)], check=True)
    data_dir = ensure_big_db(args.data_dir)
    # Start-up first, while this process is small: a child's peak RSS (ru_maxrss) starts from
    # the parent's at fork time.
    startup = [] if args.skip_startup else startup_pairs(args.rounds, data_dir)
    if not args.skip_window:
        rows, cpu_rows = interactions(data_dir, args.samples)
        print_table(f"Interactions on the big database (median of ≥ {args.samples})", rows)
        print_table("The same in CPU time of this process (less sensitive to other load)", cpu_rows)
        seconds, size = curriculum_apply(max(5, args.samples // 3))
        print(
            f"\nimport of a {size:.0f} KB curriculum (apply): {seconds * 1000:.0f} ms"
            " (budget ≤ 250 ms)"
        )
    if startup:
        title = f"Start-up against a bare window (interleaved, median of {args.rounds})"
        print_table(title, startup)
    return 0


if __name__ == "__main__":
    sys.exit(main())
