"""What the first frame imports: only what it draws (docs/performance.md)."""

import json
import subprocess
import sys

FIRST_FRAME_MODULES = (
    "roadmap_desktop.app",
    "roadmap_desktop.cli",
    "roadmap_desktop.settings",
    "roadmap_desktop.ui.main_window",
    "roadmap_desktop.ui.widgets.theme",
)
NOT_BEFORE_FIRST_FRAME = (
    "sqlalchemy",
    "alembic",
    "markdown",
    "pygments",
    "roadmap_desktop.ui.actions",  # the command table: built when attach() installs commands
    "roadmap_desktop.core.models",
)


def _loaded_after_importing(modules: tuple[str, ...], watched: tuple[str, ...]) -> list[str]:
    code = (
        "import json, sys\n"
        f"for name in {list(modules)!r}: __import__(name)\n"
        f"print(json.dumps([m for m in {list(watched)!r} if m in sys.modules]))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    return json.loads(out.stdout)


def test_the_modules_of_the_first_frame_import_nothing_it_does_not_draw():
    assert _loaded_after_importing(FIRST_FRAME_MODULES, NOT_BEFORE_FIRST_FRAME) == []


def test_the_check_can_see_a_module_that_is_loaded():
    assert _loaded_after_importing(("roadmap_desktop.ui.actions",), NOT_BEFORE_FIRST_FRAME) == [
        "roadmap_desktop.ui.actions"
    ]
