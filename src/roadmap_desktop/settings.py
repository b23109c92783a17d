"""Typed settings stored as an INI file in the data folder (so --data-dir isolates everything)."""

from __future__ import annotations

import time
from pathlib import Path

from PySide6.QtCore import QByteArray, QCoreApplication, QSettings, QTimer

SETTINGS_VERSION = 1
# Walking through steps with the arrow keys writes the step viewed last at the first move and
# this long after the last one, not once a step (each write of the file costs a tenth of a frame).
LAST_STEP_WRITE_MS = 1500


class Settings:
    """Every persisted preference, declared once with its type and default."""

    def __init__(self, data_dir: Path) -> None:
        self._qs = QSettings(str(data_dir / "settings.ini"), QSettings.Format.IniFormat)
        self._pending: dict[str, str] = {}  # last-step values not yet handed to QSettings
        self._write_timer: QTimer | None = None
        self._written_at = -1e9  # monotonic time the last step was last handed to QSettings
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
        key = f"last_step/{slug}"
        return self._pending[key] if key in self._pending else self._get_str(key)

    def set_last_step(self, slug: str, step_key: str) -> None:
        """Remember the step viewed last in the roadmap slug: at once after a pause, else a
        moment after the last of a quick series of moves (or at `sync()`)."""
        key = f"last_step/{slug}"
        if self.last_step(slug) == step_key:
            return
        now = time.monotonic()
        idle = now - self._written_at >= LAST_STEP_WRITE_MS / 1000
        if QCoreApplication.instance() is None or (idle and not self._pending):
            self._qs.setValue(key, step_key)
            self._written_at = now
            return
        self._pending[key] = step_key
        if self._write_timer is None:
            self._write_timer = QTimer()
            self._write_timer.setSingleShot(True)
            self._write_timer.setInterval(LAST_STEP_WRITE_MS)
            self._write_timer.timeout.connect(self._write_pending)
        self._write_timer.start()

    def _write_pending(self) -> None:
        if self._write_timer is not None:
            self._write_timer.stop()
        pending, self._pending = self._pending, {}
        for key, value in pending.items():
            self._qs.setValue(key, value)
        if pending:
            self._written_at = time.monotonic()

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

    def section_open(self, name: str, *, default: bool) -> bool:
        """Whether a foldable section of the layout (e.g. the step's notes) was left open."""
        return self._get_str(f"sections/{name}", "true" if default else "false") == "true"

    def set_section_open(self, name: str, shown: bool) -> None:
        """Remember whether a foldable section is open."""
        self._qs.setValue(f"sections/{name}", "true" if shown else "false")

    # --- review (cards and FSRS) ---------------------------------------------------------------

    def _get_number(self, key: str, default: float, low: float, high: float) -> float:
        try:
            value = float(str(self._qs.value(key, default)))
        except ValueError:
            return default
        return min(high, max(low, value)) if value == value else default

    @property
    def review_retention(self) -> float:
        """Desired retention for FSRS scheduling (0.70–0.97)."""
        return round(self._get_number("review/retention", 0.90, 0.70, 0.97), 2)

    @review_retention.setter
    def review_retention(self, value: float) -> None:
        self._qs.setValue("review/retention", float(value))

    @property
    def review_new_per_day(self) -> int:
        """New cards introduced per day (0–999)."""
        return int(self._get_number("review/new_per_day", 20, 0, 999))

    @review_new_per_day.setter
    def review_new_per_day(self, value: int) -> None:
        self._qs.setValue("review/new_per_day", int(value))

    @property
    def review_all_steps(self) -> bool:
        """Whether cards of steps not yet started come due too."""
        return self._get_str("review/all_steps", "false") == "true"

    @review_all_steps.setter
    def review_all_steps(self, value: bool) -> None:
        self._qs.setValue("review/all_steps", "true" if value else "false")

    @property
    def review_reminder(self) -> bool:
        """Whether a status message says once a day that cards are due."""
        return self._get_str("review/reminder", "true") == "true"

    @review_reminder.setter
    def review_reminder(self, value: bool) -> None:
        self._qs.setValue("review/reminder", "true" if value else "false")

    @property
    def review_reminded_on(self) -> str:
        """The ISO date of the last due-cards message."""
        return self._get_str("review/reminded_on")

    @review_reminded_on.setter
    def review_reminded_on(self, value: str) -> None:
        self._qs.setValue("review/reminded_on", value)

    def confirmed_files(self) -> set[str]:
        """Local files the learner has agreed to open from the library."""
        value = self._qs.value("library/confirmed_files", [])
        if isinstance(value, str):
            return {value}
        return {str(v) for v in value} if isinstance(value, list) else set()

    def confirm_file(self, path: str) -> None:
        """Remember that opening this local file was confirmed once."""
        self._qs.setValue("library/confirmed_files", sorted(self.confirmed_files() | {path}))

    def _get_list(self, key: str) -> list[str]:
        value = self._qs.value(key, [])
        if isinstance(value, str):
            return [value] if value else []
        return [str(v) for v in value] if isinstance(value, list) else []

    @property
    def palette_recent(self) -> list[str]:
        """Items opened from the Ctrl+K palette, newest first (JSON, ui/palette)."""
        return self._get_list("palette/recent")

    @palette_recent.setter
    def palette_recent(self, items: list[str]) -> None:
        self._qs.setValue("palette/recent", list(items))

    def command_uses(self) -> dict[str, int]:
        """How often each command was run from the palette, by command id."""
        uses: dict[str, int] = {}
        for item in self._get_list("palette/command_uses"):
            name, _, count = item.rpartition("=")
            if name and count.isdigit():
                uses[name] = int(count)
        return uses

    def count_command_use(self, command_id: str) -> None:
        """Count one more run of a command from the palette."""
        uses = self.command_uses()
        uses[command_id] = uses.get(command_id, 0) + 1
        self._qs.setValue("palette/command_uses", [f"{k}={v}" for k, v in sorted(uses.items())])

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

    # --- Stats page ---------------------------------------------------------------------------

    def _get_int(self, key: str, default: int, low: int, high: int) -> int:
        try:
            return max(low, min(high, int(str(self._qs.value(key, default)))))
        except ValueError:
            return default

    @property
    def stats_weeks(self) -> int:
        """Weeks of the weekly-hours chart: 12 or 26."""
        return 26 if self._get_int("stats/weeks", 12, 1, 52) == 26 else 12

    @stats_weeks.setter
    def stats_weeks(self, weeks: int) -> None:
        self._qs.setValue("stats/weeks", 26 if weeks == 26 else 12)

    @property
    def stats_review_days(self) -> int:
        """Days of the Stats page's answers chart: 30 or 90."""
        return 90 if self._get_int("stats/review_days", 30, 1, 365) == 90 else 30

    @stats_review_days.setter
    def stats_review_days(self, days: int) -> None:
        self._qs.setValue("stats/review_days", 90 if days == 90 else 30)

    @property
    def stats_calibrate(self) -> bool:
        """Whether the forecast applies the learner's logged-to-estimated ratio."""
        return self._get_str("stats/calibrate", "false") == "true"

    @stats_calibrate.setter
    def stats_calibrate(self, value: bool) -> None:
        self._qs.setValue("stats/calibrate", "true" if value else "false")

    @property
    def streaks_on(self) -> bool:
        """Whether study streaks are shown (off unless the learner switches them on)."""
        return self._get_str("stats/streaks", "false") == "true"

    @streaks_on.setter
    def streaks_on(self, value: bool) -> None:
        self._qs.setValue("stats/streaks", "true" if value else "false")

    @property
    def streak_minutes(self) -> int:
        """Minutes a day needs to count for a streak (1–600, default 15)."""
        return self._get_int("stats/streak_minutes", 15, 1, 600)

    @streak_minutes.setter
    def streak_minutes(self, minutes: int) -> None:
        self._qs.setValue("stats/streak_minutes", max(1, min(600, int(minutes))))

    @property
    def streak_rest_days(self) -> int:
        """Days a week that may be missed without breaking a streak (0 or 1, default 1)."""
        return self._get_int("stats/rest_days", 1, 0, 1)

    @streak_rest_days.setter
    def streak_rest_days(self, days: int) -> None:
        self._qs.setValue("stats/rest_days", 1 if days else 0)

    def sync(self) -> None:
        """Write pending changes to disk."""
        self._write_pending()
        self._qs.sync()
