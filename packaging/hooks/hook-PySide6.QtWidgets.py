"""Replaces PyInstaller's hook for this module: same collection, filtered by bundle_options."""

import os
import sys

from PyInstaller.utils.hooks.qt import add_qt6_dependencies

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from bundle_options import filter_qt_hook

hiddenimports, binaries, datas = add_qt6_dependencies(__file__)
binaries, datas = filter_qt_hook(binaries, datas)
