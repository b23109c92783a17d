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


def _module_graph() -> dict[str, set[str]]:
    """Which of the app's modules each one imports when it is loaded (not inside functions,
    not under TYPE_CHECKING)."""
    import ast
    from pathlib import Path

    import roadmap_desktop

    root = Path(roadmap_desktop.__file__).resolve().parents[1]
    files = {}
    for path in (root / "roadmap_desktop").rglob("*.py"):
        name = ".".join(path.relative_to(root).with_suffix("").parts).removesuffix(".__init__")
        files[name] = path
    graph: dict[str, set[str]] = {}
    for name, path in files.items():
        found: set[str] = set()
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                continue
            if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
                continue
            for inner in ast.walk(node):
                if isinstance(inner, ast.Import):
                    found.update(alias.name for alias in inner.names)
                elif isinstance(inner, ast.ImportFrom) and inner.module:
                    found.add(inner.module)
                    found.update(f"{inner.module}.{alias.name}" for alias in inner.names)
        graph[name] = {dep for dep in found if dep in files and dep != name}
    return graph


def _cycle(graph: dict[str, set[str]]) -> list[str]:
    state: dict[str, int] = {}
    path: list[str] = []

    def visit(module: str) -> list[str]:
        state[module] = 1
        path.append(module)
        for dep in sorted(graph[module]):
            if state.get(dep) == 1:
                return [*path[path.index(dep) :], dep]
            if dep not in state and (found := visit(dep)):
                return found
        path.pop()
        state[module] = 2
        return []

    for module in sorted(graph):
        if module not in state and (found := visit(module)):
            return found
    return []


def test_no_module_imports_itself_in_a_circle():
    """The write services are imported on a thread while the GUI thread may import them too
    (ui/later_parts.py); with no import cycle, two threads importing
    side by side can only wait for each other, never deadlock."""
    graph = _module_graph()
    assert len(graph) > 100
    assert _cycle(graph) == []
    assert _cycle({**graph, "roadmap_desktop.core.db": {"roadmap_desktop.core.db_x"},
                   "roadmap_desktop.core.db_x": {"roadmap_desktop.core.db"}})  # fmt: skip
