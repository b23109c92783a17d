"""Take the user guide's screenshots from the real app: `python scripts/screenshots.py`.

Builds a demo data folder (a fresh database with the bundled roadmaps, a schedule that started a
few weeks ago, finished and started steps, ticked topics and a markdown note), opens the real
main window on it at 1440×900, and saves QWidget.grab() images to docs/images/:

    roadmap-light.png  roadmap-dark.png      the roadmap page, a step with notes
    notes-preview-dark.png                   the same note rendered (markdown, code colours)
    <page>-light.png                         every other page of the rail (library, planner…)
    about-light.png                          Help ▸ About

Runs offscreen by default (no display needed); to draw with a real X server instead:
`xvfb-run -a -s "-screen 0 1600x1000x24" env QT_QPA_PLATFORM=xcb python scripts/screenshots.py`.
Re-run it whenever the interface changes and commit the PNGs with the change.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "images"
SIZE = (1440, 900)
ROADMAP = "backend-developer-24-weeks"
NOTE = """\
## What I learned

- `GET` is **safe** and *idempotent*; `POST` is neither.
- A `404` says the resource is missing; a `410` says it is gone for good.

```python
from http import HTTPStatus

def describe(code: int) -> str:
    status = HTTPStatus(code)
    return f"{status.value} {status.phrase}"
```

- [x] read the MDN overview
- [ ] try every verb with `curl -i`
"""


def make_demo_data(data_dir: Path) -> tuple[int, str]:
    """A database with some progress; returns the roadmap id and the step to show."""
    from roadmap_desktop.core.enums import StepStatus
    from roadmap_desktop.services import study
    from roadmap_desktop.services.queries import roadmap_id_for, roadmap_overview, step_detail
    from roadmap_desktop.services.startup import open_store

    store = open_store(data_dir)
    db = store.db
    try:
        rid = roadmap_id_for(db, ROADMAP)
        today = date.today()
        monday = today - timedelta(days=today.weekday())
        study.set_schedule(db, rid, monday - timedelta(weeks=5), 10)
        phases = roadmap_overview(db, rid, today).phases
        for step in phases[0].steps:
            study.set_step_status(db, rid, step.key, StepStatus.DONE)
        second = phases[1].steps
        study.set_step_status(db, rid, second[0].key, StepStatus.DONE)
        shown = second[1].key if len(second) > 1 else second[0].key
        study.set_step_status(db, rid, shown, StepStatus.IN_PROGRESS)
        for topic in step_detail(db, rid, shown).topics[:2]:
            study.set_topic_ticked(db, rid, shown, topic.key, True)
        study.save_note(db, rid, shown, NOTE)
    finally:
        db.close()
    return rid, shown


def settle(milliseconds: int = 250) -> None:
    """Let layouts, timers and repaints run."""
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    QTimer.singleShot(milliseconds, loop.quit)
    loop.exec()


def save(widget: object, name: str, out: Path) -> None:
    settle()
    pixmap = widget.grab()  # type: ignore[attr-defined]
    path = out / name
    if not pixmap.save(str(path), "PNG"):
        raise SystemExit(f"screenshots: cannot write {path}")
    print(f"screenshots: {path.relative_to(ROOT)} ({pixmap.width()}×{pixmap.height()})")


def optional(label: str, shot: Callable[[], None]) -> None:
    """A shot of a part of the interface that may not exist in every version."""
    try:
        shot()
    except Exception as exc:  # report it and go on with the other shots
        print(f"screenshots: skipped {label}: {exc}", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=OUT, help="folder for the PNGs")
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    sys.path.insert(0, str(ROOT / "src"))
    args.out.mkdir(parents=True, exist_ok=True)

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from roadmap_desktop import APP_ID, APP_NAME
    from roadmap_desktop.services.startup import open_store
    from roadmap_desktop.settings import Settings
    from roadmap_desktop.ui.context import AppContext
    from roadmap_desktop.ui.main_window import MainWindow
    from roadmap_desktop.ui.widgets.about_dialog import AboutDialog
    from roadmap_desktop.ui.widgets.icons import app_icon
    from roadmap_desktop.ui.widgets.theme import apply_theme

    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName(APP_NAME)
    app.setDesktopFileName(APP_ID)
    app.setWindowIcon(app_icon())
    apply_theme(app, "light")

    with tempfile.TemporaryDirectory(prefix="roadmap-screens-") as tmp:
        data_dir = Path(tmp) / "RoadmapDesktop"
        rid, step_key = make_demo_data(data_dir)
        for theme in ("light", "dark"):
            # A fresh window per theme, as after a restart with that theme chosen.
            apply_theme(app, theme)
            store = open_store(data_dir, backup=False)
            ctx = AppContext(store.db, store.data_dir, Settings(store.data_dir))
            ctx.settings.theme = theme
            window = MainWindow()
            window.resize(*SIZE)
            window.attach(ctx, welcome=False)
            assert window.page is not None
            window.page.show_roadmap(rid, step_key)
            window.show()
            window.resize(*SIZE)
            save(window, f"roadmap-{theme}.png", args.out)

            if theme == "dark":

                def preview(window: MainWindow = window) -> None:
                    assert window.page is not None
                    window.page.detail.notes.show_mode(1)
                    save(window, "notes-preview-dark.png", args.out)
                    window.page.detail.notes.show_mode(0)

                optional("the notes preview", preview)
            else:
                # Every other page of the rail (Library, Planner, ... as the app has them).
                scopes = list(window.pages)
                for scope in scopes[1:]:

                    def page(window: MainWindow = window, scope: Any = scope) -> None:
                        window.show_scope(scope)
                        save(window, f"{scope.value}-light.png", args.out)

                    optional(f"the {scope.value} page", page)
                window.show_scope(scopes[0])
                about = AboutDialog(data_dir, window)
                about.show()
                save(about, "about-light.png", args.out)
                about.close()

            QTimer.singleShot(0, window.close)
            settle(50)
            ctx.db.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
