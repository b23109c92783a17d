"""Calendar export: plan blocks as an iCalendar (.ics) file that calendar apps import cleanly.

Each block becomes one VEVENT whose UID (block-<id>@roadmap-desktop) never changes, so importing
a newer export into the same calendar updates the events instead of duplicating them. Timed
blocks are written in local time with a TZID and a matching VTIMEZONE (for a named zone such as
Europe/Berlin); with an unnamed fixed-offset zone they are written in UTC, which every app reads
correctly. Blocks without a start time become all-day events that do not mark the day as busy.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import Protocol

from icalendar import Calendar, Event, Timezone

PRODID = "-//Roadmap Desktop//Study planner//EN"
UID_DOMAIN = "roadmap-desktop"
DONE_CATEGORY = "Done"


class IcsBlock(Protocol):
    """What the exporter needs of a block (services.planner.BlockRow fits)."""

    @property
    def id(self) -> int: ...
    @property
    def day(self) -> date: ...
    @property
    def start_time(self) -> time | None: ...
    @property
    def minutes(self) -> int: ...
    @property
    def title(self) -> str: ...
    @property
    def done(self) -> bool: ...
    @property
    def roadmap_title(self) -> str: ...
    @property
    def phase_title(self) -> str: ...


def block_uid(block_id: int) -> str:
    """The stable UID of a block's event."""
    return f"block-{block_id}@{UID_DOMAIN}"


def zone_name(tz: tzinfo) -> str | None:
    """The IANA name of a zone (zoneinfo or pytz), None for unnamed fixed offsets."""
    name = getattr(tz, "key", None) or getattr(tz, "zone", None)
    return name if isinstance(name, str) and name else None


def block_interval(block: IcsBlock, tz: tzinfo) -> tuple[datetime, datetime]:
    """Aware start and end of a timed block; the end is minutes of real time later (DST-safe)."""
    if block.start_time is None:
        raise ValueError("an untimed block has no interval")
    start = datetime.combine(block.day, block.start_time).replace(tzinfo=tz)
    end = (start.astimezone(UTC) + timedelta(minutes=block.minutes)).astimezone(tz)
    return start, end


def _description(block: IcsBlock) -> str:
    lines = []
    if block.done:
        lines.append("Done ✓")
    if block.roadmap_title:
        lines.append(f"Roadmap: {block.roadmap_title}")
    if block.phase_title:
        lines.append(f"Phase: {block.phase_title}")
    lines.append(f"Planned: {block.minutes} min")
    return "\n".join(lines)


def _event(block: IcsBlock, tz: tzinfo, named: bool, stamp: datetime) -> Event:
    event = Event()
    event.add("uid", block_uid(block.id))
    event.add("dtstamp", stamp)
    event.add("last-modified", stamp)
    event.add("summary", block.title)
    if block.start_time is None:
        event.add("dtstart", block.day)
        event.add("dtend", block.day + timedelta(days=1))
        event.add("transp", "TRANSPARENT")
    else:
        start, end = block_interval(block, tz)
        if not named:
            start, end = start.astimezone(UTC), end.astimezone(UTC)
        event.add("dtstart", start)
        event.add("dtend", end)
        event.add("transp", "OPAQUE")
    event.add("description", _description(block))
    event.add("categories", ["Study", DONE_CATEGORY] if block.done else ["Study"])
    event.add("status", "CONFIRMED")
    return event


def export_ics(
    blocks: Iterable[IcsBlock],
    tz: tzinfo,
    *,
    stamp: datetime | None = None,
    calendar_name: str = "Study plan",
) -> bytes:
    """An iCalendar document (UTF-8, CRLF lines) with one VEVENT per block.

    tz is the zone the blocks' local days and times belong to; stamp (default now) becomes the
    events' DTSTAMP and LAST-MODIFIED so a re-import is recognised as newer.
    """
    items = list(blocks)
    moment = (stamp or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", calendar_name)
    name = zone_name(tz)
    timed = [b.day for b in items if b.start_time is not None]
    if name and timed:
        calendar.add("x-wr-timezone", name)
        calendar.add_component(
            Timezone.from_tzinfo(
                tz,
                tzid=name,
                first_date=date(min(timed).year, 1, 1),
                last_date=date(min(max(timed).year + 1, 9999), 1, 1),
            )
        )
    for block in items:
        calendar.add_component(_event(block, tz, name is not None, moment))
    return bytes(calendar.to_ical())
