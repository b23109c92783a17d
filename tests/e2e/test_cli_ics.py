"""`roadmap-desktop export-ics`, run as a real subprocess against a prepared data folder."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from roadmap_desktop.services import planner
from roadmap_desktop.services.queries import roadmap_id_for, roadmap_overview
from roadmap_desktop.services.startup import open_store

ROADMAP = "backend-developer-24-weeks"
MONDAY = date(2026, 11, 16)
BERLIN = ZoneInfo("Europe/Berlin")


def run_cli(*args: str | Path) -> subprocess.CompletedProcess[str]:
    """`python -m roadmap_desktop ARGS`; the default data folder points at a throwaway place."""
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "PYTHONIOENCODING": "utf-8",
        "ROADMAP_DESKTOP_DATA_DIR": str(Path(os.devnull) / "never-used"),
    }
    return subprocess.run(
        [sys.executable, "-m", "roadmap_desktop", *map(str, args)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=120,
    )


@pytest.fixture
def planned(tmp_path: Path) -> tuple[Path, dict[str, int], str]:
    """A data folder with a timed step block, an all-day free block and one outside the range."""
    folder = tmp_path / "data"
    store = open_store(folder, backup=False)
    try:
        rid = roadmap_id_for(store.db, ROADMAP)
        step = roadmap_overview(store.db, rid, MONDAY).phases[0].steps[0]
        timed, _ = planner.add_block(
            store.db, MONDAY, 90, roadmap_id=rid, step_key=step.key, start_time=time(18, 30)
        )
        all_day, _ = planner.add_block(store.db, MONDAY + timedelta(days=6), 45, title="Review")
        outside, _ = planner.add_block(store.db, MONDAY + timedelta(days=7), 30, title="Later")
        ids = {"timed": timed, "all_day": all_day, "outside": outside}
    finally:
        store.db.close()
    return folder, ids, step.title


def _export(folder: Path, target: Path, first: str, last: str) -> subprocess.CompletedProcess[str]:
    return run_cli(
        "export-ics",
        "--data-dir",
        folder,
        "--from",
        first,
        "--to",
        last,
        "-o",
        target,
        "--tz",
        "Europe/Berlin",
    )


def _events(path: Path) -> dict[str, object]:
    calendar = Calendar.from_ical(path.read_bytes())
    return {str(event["UID"]): event for event in calendar.walk("VEVENT")}


def test_export_ics_writes_the_range_field_by_field(planned, tmp_path: Path) -> None:
    folder, ids, step_title = planned
    target = tmp_path / "week.ics"
    done = _export(folder, target, "2026-11-16", "2026-11-22")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"2 plan blocks written to {target}"
    events = _events(target)
    assert set(events) == {
        f"block-{ids['timed']}@roadmap-desktop",
        f"block-{ids['all_day']}@roadmap-desktop",
    }
    timed = events[f"block-{ids['timed']}@roadmap-desktop"]
    assert str(timed["SUMMARY"]) == step_title
    assert timed["DTSTART"].params["TZID"] == "Europe/Berlin"
    assert timed["DTSTART"].dt == datetime(2026, 11, 16, 18, 30, tzinfo=BERLIN)
    assert timed["DTEND"].dt == datetime(2026, 11, 16, 20, 0, tzinfo=BERLIN)
    assert "Backend" in str(timed["DESCRIPTION"])
    all_day = events[f"block-{ids['all_day']}@roadmap-desktop"]
    assert all_day["DTSTART"].dt == date(2026, 11, 22)
    assert str(all_day["SUMMARY"]) == "Review"
    calendar = Calendar.from_ical(target.read_bytes())
    assert [str(z["TZID"]) for z in calendar.walk("VTIMEZONE")] == ["Europe/Berlin"]


def test_a_second_export_keeps_the_uids_and_the_old_file_as_bak(planned, tmp_path) -> None:
    folder, _ids, _title = planned
    target = tmp_path / "plan.ics"
    assert _export(folder, target, "2026-11-16", "2026-11-22").returncode == 0
    first = target.read_bytes()
    done = _export(folder, target, "2026-11-16", "2026-11-23")
    assert done.returncode == 0, done.stderr
    backup = target.with_name("plan.ics.bak")
    assert backup.read_bytes() == first
    assert set(_events(backup)) < set(_events(target))  # same UIDs plus the later block
    assert len(_events(target)) == 3


def test_export_ics_to_standard_output(planned) -> None:
    folder, _ids, _title = planned
    done = run_cli("export-ics", "--data-dir", folder, "--from", "2026-11-22", "--to", "2026-11-22")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("BEGIN:VCALENDAR")
    assert "SUMMARY:Review" in done.stdout


@pytest.mark.parametrize(
    ("first", "last", "message"),
    [
        ("2026-13-01", "2026-12-01", "argument --from: '2026-13-01' is not a valid date"),
        ("2026-11-01", "next week", "argument --to: 'next week' is not a valid date"),
        ("20261101", "2026-12-01", "use YYYY-MM-DD"),
        ("2026-12-01", "2026-11-01", "--from 2026-12-01 is after --to 2026-11-01"),
        ("1969-12-31", "2026-11-01", "outside the supported range"),
    ],
)
def test_bad_dates_are_explained(tmp_path: Path, first: str, last: str, message: str) -> None:
    target = tmp_path / "out.ics"
    done = _export(tmp_path / "data", target, first, last)
    assert done.returncode == 2
    assert message in done.stderr
    assert not target.exists()


def test_an_unknown_time_zone_is_explained(tmp_path: Path) -> None:
    done = run_cli(
        "export-ics", "--data-dir", tmp_path, "--from", "2026-11-16", "--to", "2026-11-22",
        "--tz", "Mars/Olympus",
    )  # fmt: skip
    assert done.returncode == 2 and "Unknown time zone 'Mars/Olympus'" in done.stderr
