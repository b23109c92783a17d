"""The status bar's sync status: what the sync controller reports, in a button that opens the
Sync dialog (hidden while no folder is set)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QToolButton

from roadmap_desktop.ui.sync.sync_controller import SyncController


class SyncStatus(QToolButton):
    """ "Synced just now · 2 computers", or the problem in the tooltip; a click opens the dialog."""

    def __init__(self, sync: SyncController, open_dialog: Callable[[], None]) -> None:
        super().__init__()
        self.sync = sync
        self.setAutoRaise(True)
        self.setAccessibleName("Sync status")
        self.clicked.connect(open_dialog)
        self.hide()
        sync.status_changed.connect(self.show_status)

    def show_status(self) -> None:
        """Show the controller's status now."""
        text = self.sync.status_text()
        self.setText(text)
        self.setVisible(bool(text))
        tip = self.sync.problem or (f"Syncing through {self.sync.folder()}" if text else "")
        self.setToolTip(tip + ("\nClick for the Sync dialog." if text else ""))
