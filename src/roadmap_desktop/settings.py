"""Typed settings stored as an INI file in the data folder (so --data-dir isolates everything)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

SETTINGS_VERSION = 1


class Settings:
    """Every persisted preference, declared once with its type and default."""

    def __init__(self, data_dir: Path) -> None:
        self._qs = QSettings(str(data_dir / "settings.ini"), QSettings.Format.IniFormat)
        if int(str(self._qs.value("meta/version", 0) or 0)) < SETTINGS_VERSION:
            self._qs.setValue("meta/version", SETTINGS_VERSION)

    def _get_str(self, key: str, default: str = "") -> str:
        value = self._qs.value(key, default)
        return value if isinstance(value, str) else default

    def _get_bytes(self, key: str) -> QByteArray | None:
        value = self._qs.value(key)
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    @property
    def theme(self) -> str:
        """'system', 'light' or 'dark'."""
        value = self._get_str("view/theme", "system")
        return value if value in ("system", "light", "dark") else "system"

    @theme.setter
    def theme(self, value: str) -> None:
        self._qs.setValue("view/theme", value)

    @property
    def welcomed(self) -> bool:
        """Whether the first-run welcome has been completed."""
        return self._get_str("app/welcomed", "false") == "true"

    @welcomed.setter
    def welcomed(self, value: bool) -> None:
        self._qs.setValue("app/welcomed", "true" if value else "false")

    @property
    def last_roadmap(self) -> str:
        """Slug of the roadmap shown last."""
        return self._get_str("app/last_roadmap")

    @last_roadmap.setter
    def last_roadmap(self, slug: str) -> None:
        self._qs.setValue("app/last_roadmap", slug)

    def last_step(self, slug: str) -> str:
        """Key of the step viewed last in the roadmap slug."""
        return self._get_str(f"last_step/{slug}")

    def set_last_step(self, slug: str, step_key: str) -> None:
        """Remember the step viewed last in the roadmap slug."""
        self._qs.setValue(f"last_step/{slug}", step_key)

    @property
    def reminder_minutes(self) -> int:
        """Minutes before a timed plan block to show a reminder; 0 turns reminders off."""
        try:
            return max(0, min(240, int(str(self._qs.value("planner/reminder_minutes", 10)))))
        except ValueError:
            return 10

    @reminder_minutes.setter
    def reminder_minutes(self, minutes: int) -> None:
        self._qs.setValue("planner/reminder_minutes", int(minutes))

    def confirmed_files(self) -> set[str]:
        """Local files the learner has agreed to open from the library."""
        value = self._qs.value("library/confirmed_files", [])
        if isinstance(value, str):
            return {value}
        return {str(v) for v in value} if isinstance(value, list) else set()

    def confirm_file(self, path: str) -> None:
        """Remember that opening this local file was confirmed once."""
        self._qs.setValue("library/confirmed_files", sorted(self.confirmed_files() | {path}))

    @property
    def sync_folder(self) -> str:
        """The shared folder this data folder syncs through; "" when not syncing."""
        return self._get_str("sync/folder")

    @sync_folder.setter
    def sync_folder(self, folder: str) -> None:
        self._qs.setValue("sync/folder", folder)

    def window_state(self, name: str) -> QByteArray | None:
        """Saved geometry or splitter state, by name."""
        return self._get_bytes(f"window/{name}")

    def set_window_state(self, name: str, state: QByteArray) -> None:
        """Save a geometry or splitter state, by name."""
        self._qs.setValue(f"window/{name}", state)

    def sync(self) -> None:
        """Write pending changes to disk."""
        self._qs.sync()
