"""Calendar export: the .ics is parsed back with icalendar and checked field by field."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

from icalendar import Calendar

from roadmap_desktop.exporters.ics import block_uid, export_ics
from roadmap_desktop.services import planner
from roadmap_desktop.services.planner_values import BlockRow

BERLIN = ZoneInfo("Europe/Berlin")
MONDAY = date(2026, 11, 16)
STAMP = datetime(2026, 11, 20, 9, 30, tzinfo=UTC)


def _row(block_id: int, **fields: object) -> BlockRow:
    values: dict[str, object] = {
        "id": block_id,
        "day": MONDAY,
        "start_time": time(18, 0),
        "minutes": 90,
        "roadmap_id": 1,
        "step_key": "sql",
        "title": "Relational databases",
        "phase_index": 1,
        "done": False,
        "auto": False,
        "roadmap_title": "Backend developer",
        "phase_title": "Data",
    }
    values.update(fields)
    return BlockRow(**values)  # type: ignore[arg-type]


def _events(data: bytes) -> dict[str, object]:
    calendar = Calendar.from_ical(data)
    return {str(event["UID"]): event for event in calendar.walk("VEVENT")}


def test_the_calendar_header() -> None:
    calendar = Calendar.from_ical(export_ics([_row(1)], BERLIN, stamp=STAMP))
    assert calendar["VERSION"] == "2.0"
    assert "Roadmap Desktop" in str(calendar["PRODID"])
    assert str(calendar["X-WR-TIMEZONE"]) == "Europe/Berlin"
    (zone,) = calendar.walk("VTIMEZONE")
    assert str(zone["TZID"]) == "Europe/Berlin"


def test_a_timed_block_is_local_time_with_its_zone() -> None:
    event = _events(export_ics([_row(7)], BERLIN, stamp=STAMP))["block-7@roadmap-desktop"]
    start, end = event["DTSTART"], event["DTEND"]
    assert start.params["TZID"] == "Europe/Berlin"
    assert start.dt == datetime(2026, 11, 16, 18, 0, tzinfo=BERLIN)
    assert getattr(start.dt.tzinfo, "key", str(start.dt.tzinfo)) == "Europe/Berlin"
    assert end.dt == datetime(2026, 11, 16, 19, 30, tzinfo=BERLIN)
    assert str(event["SUMMARY"]) == "Relational databases"
    description = str(event["DESCRIPTION"])
    assert "Roadmap: Backend developer" in description and "Phase: Data" in description
    assert "Planned: 90 min" in description
    assert event["DTSTAMP"].dt == STAMP
    assert str(event["TRANSP"]) == "OPAQUE"
    assert [str(c) for c in event["CATEGORIES"].cats] == ["Study"]


def test_an_untimed_block_is_an_all_day_event_that_does_not_block_the_day() -> None:
    event = _events(export_ics([_row(3, start_time=None)], BERLIN, stamp=STAMP))[block_uid(3)]
    assert event["DTSTART"].dt == MONDAY and not isinstance(event["DTSTART"].dt, datetime)
    assert event["DTEND"].dt == MONDAY + timedelta(days=1)
    assert event["DTSTART"].params.get("VALUE") == "DATE"
    assert str(event["TRANSP"]) == "TRANSPARENT"


def test_only_untimed_blocks_need_no_vtimezone() -> None:
    calendar = Calendar.from_ical(export_ics([_row(3, start_time=None)], BERLIN, stamp=STAMP))
    assert calendar.walk("VTIMEZONE") == []


def test_done_blocks_are_marked() -> None:
    event = _events(export_ics([_row(4, done=True)], BERLIN, stamp=STAMP))[block_uid(4)]
    assert [str(c) for c in event["CATEGORIES"].cats] == ["Study", "Done"]
    assert str(event["DESCRIPTION"]).startswith("Done ✓")
    assert str(event["SUMMARY"]) == "Relational databases"


def test_a_free_block_has_no_roadmap_lines() -> None:
    row = _row(5, roadmap_id=None, step_key=None, title="Dentist", roadmap_title="", phase_title="")
    event = _events(export_ics([row], BERLIN, stamp=STAMP))[block_uid(5)]
    assert str(event["SUMMARY"]) == "Dentist"
    assert str(event["DESCRIPTION"]) == "Planned: 90 min"


def test_uids_are_stable_across_exports() -> None:
    rows = [_row(1), _row(2, start_time=None)]
    first = export_ics(rows, BERLIN, stamp=STAMP)
    changed = [_row(1, minutes=30, day=MONDAY + timedelta(days=1)), _row(2, start_time=None)]
    second = export_ics(changed, BERLIN, stamp=STAMP + timedelta(days=1))
    assert set(_events(first)) == set(_events(second)) == {block_uid(1), block_uid(2)}
    moved = _events(second)[block_uid(1)]
    assert moved["DTSTART"].dt == datetime(2026, 11, 17, 18, 0, tzinfo=BERLIN)
    assert moved["DTSTAMP"].dt > _events(first)[block_uid(1)]["DTSTAMP"].dt


def test_an_end_after_the_spring_forward_gap_is_real_minutes_later() -> None:
    row = _row(9, day=date(2026, 3, 29), start_time=time(1, 30), minutes=60)
    event = _events(export_ics([row], BERLIN, stamp=STAMP))[block_uid(9)]
    start, end = event["DTSTART"].dt, event["DTEND"].dt
    assert end.replace(tzinfo=None) == datetime(2026, 3, 29, 3, 30)
    assert end.astimezone(UTC) - start.astimezone(UTC) == timedelta(minutes=60)


def test_an_unnamed_zone_is_written_in_utc() -> None:
    plus_two = timezone(timedelta(hours=2))
    data = export_ics([_row(1)], plus_two, stamp=STAMP)
    event = _events(data)[block_uid(1)]
    assert event["DTSTART"].dt == datetime(2026, 11, 16, 16, 0, tzinfo=UTC)
    assert "TZID" not in event["DTSTART"].params
    assert b"DTSTART:20261116T160000Z" in data
    assert Calendar.from_ical(data).walk("VTIMEZONE") == []


def test_lines_end_with_crlf_and_the_file_is_utf8() -> None:
    data = export_ics([_row(1, title="Café ✓ — joins")], BERLIN, stamp=STAMP)
    assert b"\r\n" in data and b"\n" not in data.replace(b"\r\n", b"")
    assert str(_events(data)[block_uid(1)]["SUMMARY"]) == "Café ✓ — joins"


def test_an_empty_export_is_still_a_calendar() -> None:
    calendar = Calendar.from_ical(export_ics([], BERLIN, stamp=STAMP))
    assert calendar.walk("VEVENT") == []


def test_the_service_exports_the_range_with_step_titles(tiny) -> None:
    db, rid = tiny.db, tiny.roadmap_id
    inside, _ = planner.add_block(
        db, MONDAY, 60, roadmap_id=rid, step_key="http", start_time=time(7, 0)
    )
    edge, _ = planner.add_block(db, MONDAY + timedelta(days=6), 30, title="Review")
    planner.add_block(db, MONDAY + timedelta(days=7), 30, title="Next week")
    events = _events(planner.export_ics_range(db, MONDAY, MONDAY + timedelta(days=6), BERLIN))
    assert set(events) == {block_uid(inside), block_uid(edge)}
    http = events[block_uid(inside)]
    assert str(http["SUMMARY"]) == "How HTTP works"
    assert "Roadmap: Tiny roadmap" in str(http["DESCRIPTION"])
    assert "Phase: Basics" in str(http["DESCRIPTION"])
    assert http["DTSTART"].dt == datetime(2026, 11, 16, 7, 0, tzinfo=BERLIN)
