"""PySide6 no longer reads each imported module's source to look for feature imports."""

from __future__ import annotations

import linecache
import sys
from pathlib import Path
from types import ModuleType

import pytest

from roadmap_desktop.qt_import_cost import skip_source_scan, uses_pyside


def test_modules_are_judged_by_name() -> None:
    assert uses_pyside(ModuleType("roadmap_desktop.ui.main_window"))
    assert uses_pyside(ModuleType("PySide6.QtWidgets"))
    assert not uses_pyside(ModuleType("sqlalchemy.orm"))
    assert not uses_pyside(ModuleType("markdown"))


def test_a_module_imported_after_pyside_is_not_read_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import PySide6.QtCore  # noqa: F401 - installs PySide6's import hook

    feature = sys.modules["PySide6.support.feature"]
    monkeypatch.setattr(feature, "_mod_uses_pyside", feature._mod_uses_pyside)
    source = tmp_path / "plain_module_for_hook_test.py"
    # It names PySide6 in a comment: PySide6's own scan would say it uses PySide6.
    source.write_text("# PySide6 is only mentioned here\nVALUE = 1\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    linecache.clearcache()

    assert skip_source_scan()
    # Through `import` itself (importlib.import_module would go around PySide6's hook).
    module = __import__("plain_module_for_hook_test")
    try:
        assert module.VALUE == 1
        assert str(source) not in linecache.cache  # the source was not read into memory
        assert feature.pyside_feature_dict["plain_module_for_hook_test"] == -1
    finally:
        sys.modules.pop("plain_module_for_hook_test", None)
        feature.pyside_feature_dict.pop("plain_module_for_hook_test", None)
