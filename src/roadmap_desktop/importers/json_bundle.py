"""Read a bundle (docs/bundle-format.md) into validated, typed values; nothing is written.

Errors name the file and the place inside it, e.g. `backup.json: roadmaps[0].phases[2].weeks:
must be [start, end] week numbers`.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, date, datetime, time
from typing import Any

from roadmap_desktop.core.errors import ImportFormatError
from roadmap_desktop.core.formats import BUNDLE_FORMAT, BUNDLE_VERSION
from roadmap_desktop.core.library import COSTS, MAX_RATING, RESOURCE_KINDS, RESOURCE_STATUSES
from roadmap_desktop.core.library import safe_url as _safe_url
from roadmap_desktop.core.value_bounds import unstorable_value
from roadmap_desktop.importers.bundle_values import (
    Bundle,
    BundleBlock,
    BundlePhase,
    BundleProgress,
    BundleResource,
    BundleRoadmap,
    BundleSession,
    BundleStep,
    BundleTimer,
)

__all__ = [
    "Bundle",
    "BundleBlock",
    "BundleFormatError",
    "BundlePhase",
    "BundleProgress",
    "BundleResource",
    "BundleRoadmap",
    "BundleSession",
    "BundleStep",
    "BundleTimer",
    "parse_bundle",
]

MAX_BUNDLE_BYTES = 200 * 1024 * 1024
_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{1,63}$")
_KEY = re.compile(r"^[a-z0-9][a-z0-9-]{0,119}$")
STEP_KINDS = ("topic", "project", "exercise", "milestone")
STEP_STATUSES = ("todo", "in_progress", "done", "skipped")
ORIGINS = ("bundled", "imported", "custom")


class BundleFormatError(ImportFormatError):
    """A bundle file is not valid; the message names the place inside it."""


def parse_bundle(data: bytes | dict[str, Any], name: str) -> Bundle:
    """Validate a bundle given as JSON bytes or an already parsed dictionary."""
    if isinstance(data, bytes):
        if len(data) > MAX_BUNDLE_BYTES:
            raise BundleFormatError(name, f"larger than {MAX_BUNDLE_BYTES // 2**20} MB")
        try:
            raw = json.loads(data.decode("utf-8-sig"))
        except UnicodeDecodeError as exc:
            raise BundleFormatError(name, f"not UTF-8 text (byte {exc.start})") from None
        except json.JSONDecodeError as exc:
            raise BundleFormatError(name, f"not valid JSON: {exc.msg}", line=exc.lineno) from None
        except RecursionError:
            raise BundleFormatError(name, "not valid JSON: nested too deeply") from None
        except ValueError:  # Python refuses integers of more than 4,300 digits
            raise BundleFormatError(
                name, "a number has thousands of digits; no bundle value is that large"
            ) from None
    else:
        raw = data
    problem = unstorable_value(raw)
    if problem is not None:
        where, what = problem
        raise BundleFormatError(name, f"{where}: {what}" if where else what)
    return _Reader(name).bundle(raw)


class _Reader:
    """Walks the parsed JSON; every check fails with the file and the path inside it."""

    def __init__(self, name: str) -> None:
        self.name = name

    def fail(self, where: str, problem: str) -> BundleFormatError:
        return BundleFormatError(self.name, f"{where}: {problem}" if where else problem)

    def obj(self, value: Any, where: str) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self.fail(where, "must be an object")
        return value

    def items(self, obj: dict[str, Any], key: str, where: str) -> list[Any]:
        value = obj.get(key, [])
        if not isinstance(value, list):
            raise self.fail(f"{where}.{key}".lstrip("."), "must be a list")
        return value

    def text(self, obj: dict[str, Any], key: str, where: str, *, empty: bool = True) -> str:
        value = obj.get(key, "" if empty else None)
        if not isinstance(value, str) or (not empty and not value.strip()):
            raise self.fail(f"{where}.{key}", "must be text" + ("" if empty else ", not empty"))
        return value

    def opt_text(self, obj: dict[str, Any], key: str, where: str) -> str | None:
        value = obj.get(key)
        if value is not None and not isinstance(value, str):
            raise self.fail(f"{where}.{key}", "must be text or null")
        return value

    def number(self, obj: dict[str, Any], key: str, where: str, low: float, high: float) -> int:
        value = obj.get(key)
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise self.fail(f"{where}.{key}", f"must be a whole number from {low} to {high}")
        return value

    def flag(self, obj: dict[str, Any], key: str, where: str) -> bool:
        value = obj.get(key, False)
        if not isinstance(value, bool):
            raise self.fail(f"{where}.{key}", "must be true or false")
        return value

    def choice(self, obj: dict[str, Any], key: str, where: str, choices: tuple[str, ...]) -> str:
        value = obj.get(key)
        if value not in choices:
            raise self.fail(f"{where}.{key}", f"must be one of {', '.join(choices)}")
        return str(value)

    def key(
        self, obj: dict[str, Any], name: str, where: str, pattern: re.Pattern[str] = _KEY
    ) -> str:
        value = obj.get(name)
        if not isinstance(value, str) or not pattern.match(value):
            raise self.fail(f"{where}.{name}", "must be lowercase letters, digits and '-'")
        return value

    def instant(self, obj: dict[str, Any], key: str, where: str) -> datetime | None:
        value = obj.get(key)
        if value is None:
            return None
        try:
            parsed = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
        except ValueError:
            raise self.fail(f"{where}.{key}", "must be an ISO 8601 time") from None
        if parsed.tzinfo is not None:
            try:
                parsed = parsed.astimezone(UTC).replace(tzinfo=None)
            except (OverflowError, ValueError):
                raise self.fail(f"{where}.{key}", "is out of range") from None
        if not 1970 <= parsed.year <= 2200:
            raise self.fail(f"{where}.{key}", "is out of range (1970–2200)")
        return parsed

    def day(self, obj: dict[str, Any], key: str, where: str) -> date:
        try:
            return date.fromisoformat(str(obj.get(key)))
        except ValueError:
            raise self.fail(f"{where}.{key}", "must be a date YYYY-MM-DD") from None

    def bundle(self, raw: Any) -> Bundle:
        from roadmap_desktop.importers.card_bundle import read_cards  # uses this reader

        top = self.obj(raw, "")
        if top.get("format") != BUNDLE_FORMAT:
            raise self.fail(
                "format", f"must be {BUNDLE_FORMAT!r}: this is not a Roadmap Desktop bundle"
            )
        version = top.get("format_version")
        if not isinstance(version, int) or isinstance(version, bool) or version < 1:
            raise self.fail("format_version", "must be a whole number")
        if version > BUNDLE_VERSION:
            raise self.fail(
                "format_version",
                f"is {version}, but this app reads up to {BUNDLE_VERSION}; "
                "a newer Roadmap Desktop is needed",
            )
        resources = tuple(
            self.resource(r, f"resources[{i}]")
            for i, r in enumerate(self.items(top, "resources", ""))
        )
        ids = [r.id for r in resources]
        if len(set(ids)) != len(ids):
            raise self.fail("resources", "two resources share an id")
        roadmaps = tuple(
            self.roadmap(r, f"roadmaps[{i}]", set(ids))
            for i, r in enumerate(self.items(top, "roadmaps", ""))
        )
        slugs = [r.slug for r in roadmaps]
        if len(set(slugs)) != len(slugs):
            raise self.fail("roadmaps", "two roadmaps share a slug")
        timer_raw = top.get("active_timer")
        return Bundle(
            roadmaps=roadmaps,
            resources=resources,
            plan_blocks=tuple(
                self.block(b, f"plan_blocks[{i}]")
                for i, b in enumerate(self.items(top, "plan_blocks", ""))
            ),
            study_sessions=tuple(
                self.session(s, f"study_sessions[{i}]")
                for i, s in enumerate(self.items(top, "study_sessions", ""))
            ),
            availability=tuple(
                (
                    self.number(
                        self.obj(a, f"availability[{i}]"), "weekday", f"availability[{i}]", 0, 6
                    ),
                    self.number(a, "minutes", f"availability[{i}]", 0, 24 * 60),
                )
                for i, a in enumerate(self.items(top, "availability", ""))
            ),
            timer=None if timer_raw is None else self.timer(timer_raw, "active_timer"),
            cards=read_cards(self, top),
        )

    def resource(self, raw: Any, where: str) -> BundleResource:
        obj = self.obj(raw, where)
        url = self.opt_text(obj, "url", where)
        if url is not None and not _safe_url(url):
            raise self.fail(f"{where}.url", "must be an http:// or https:// address")
        cost = obj.get("cost")
        if cost is not None and cost not in COSTS:
            raise self.fail(f"{where}.cost", "must be free, paid or null")
        tags = self.items(obj, "tags", where)
        if not all(isinstance(t, str) and t.strip() for t in tags):
            raise self.fail(f"{where}.tags", "must be a list of texts")
        return BundleResource(
            id=self.number(obj, "id", where, 1, 10**12),
            title=self.text(obj, "title", where, empty=False)[:300],
            url=url,
            local_path=self.opt_text(obj, "local_path", where),
            kind=self.choice(obj, "kind", where, RESOURCE_KINDS),
            author=self.text(obj, "author", where)[:200],
            cost=cost,
            status=self.choice(obj, "status", where, RESOURCE_STATUSES),
            rating=self.number(obj, "rating", where, 0, MAX_RATING),
            note=self.text(obj, "note", where),
            origin=self.text(obj, "origin", where)[:16] or "user",
            added_at=self.instant(obj, "added_at", where),
            finished_at=self.instant(obj, "finished_at", where),
            tags=tuple(dict.fromkeys(t[:100] for t in tags)),
        )

    def step(self, raw: Any, where: str, ids: set[int]) -> BundleStep:
        obj = self.obj(raw, where)
        effort = obj.get("effort_hours")
        if (
            isinstance(effort, bool)
            or not isinstance(effort, int | float)
            or not 0 < effort <= 10_000
        ):
            raise self.fail(f"{where}.effort_hours", "must be a positive number")
        topics = []
        for i, t in enumerate(self.items(obj, "topics", where)):
            t_obj = self.obj(t, f"{where}.topics[{i}]")
            topics.append(
                (
                    self.key(t_obj, "key", f"{where}.topics[{i}]"),
                    self.text(t_obj, "text", f"{where}.topics[{i}]", empty=False),
                )
            )
        if len({k for k, _ in topics}) != len(topics):
            raise self.fail(f"{where}.topics", "two topics share a key")
        links = []
        for i, link in enumerate(self.items(obj, "resources", where)):
            l_obj = self.obj(link, f"{where}.resources[{i}]")
            rid = self.number(l_obj, "id", f"{where}.resources[{i}]", 1, 10**12)
            if rid not in ids:
                raise self.fail(
                    f"{where}.resources[{i}].id", f"names no resource of the bundle: {rid}"
                )
            links.append((rid, self.flag(l_obj, "user_linked", f"{where}.resources[{i}]")))
        return BundleStep(
            key=self.key(obj, "key", where),
            title=self.text(obj, "title", where, empty=False)[:200],
            kind=self.choice(obj, "kind", where, STEP_KINDS),
            effort_hours=float(effort),
            body=self.text(obj, "body", where),
            topics=tuple(topics),
            links=tuple(dict.fromkeys(links)),
        )

    def roadmap(self, raw: Any, where: str, ids: set[int]) -> BundleRoadmap:
        obj = self.obj(raw, where)
        phases = []
        for i, p in enumerate(self.items(obj, "phases", where)):
            pw = f"{where}.phases[{i}]"
            p_obj = self.obj(p, pw)
            weeks = p_obj.get("weeks")
            if not (
                isinstance(weeks, list)
                and len(weeks) == 2
                and all(isinstance(w, int) and not isinstance(w, bool) for w in weeks)
                and 1 <= weeks[0] <= weeks[1] <= 520
            ):
                raise self.fail(
                    f"{pw}.weeks", "must be [start, end] week numbers, 1 ≤ start ≤ end ≤ 520"
                )
            steps = tuple(
                self.step(s, f"{pw}.steps[{j}]", ids)
                for j, s in enumerate(self.items(p_obj, "steps", pw))
            )
            phases.append(
                BundlePhase(
                    self.key(p_obj, "key", pw),
                    self.text(p_obj, "title", pw, empty=False)[:200],
                    self.text(p_obj, "summary", pw),
                    (weeks[0], weeks[1]),
                    steps,
                )
            )
        archived = tuple(
            self.step(s, f"{where}.archived_steps[{j}]", ids)
            for j, s in enumerate(self.items(obj, "archived_steps", where))
        )
        keys = [s.key for p in phases for s in p.steps] + [s.key for s in archived]
        if len(set(keys)) != len(keys):
            raise self.fail(where, "two steps share a key")
        if len({p.key for p in phases}) != len(phases):
            raise self.fail(where, "two phases share a key")
        schedule_raw = obj.get("schedule")
        schedule = None
        if schedule_raw is not None:
            s_obj = self.obj(schedule_raw, f"{where}.schedule")
            hours = s_obj.get("weekly_hours")
            if (
                isinstance(hours, bool)
                or not isinstance(hours, int | float)
                or not 0 < hours <= 168
            ):
                raise self.fail(f"{where}.schedule.weekly_hours", "must be a number of hours")
            schedule = (self.day(s_obj, "start_date", f"{where}.schedule"), float(hours))
        questions = []
        for i, q in enumerate(self.items(obj, "questions", where)):
            qw = f"{where}.questions[{i}]"
            q_obj = self.obj(q, qw)
            questions.append(
                (
                    self.key(q_obj, "key", qw),
                    self.opt_text(q_obj, "step", qw),
                    self.text(q_obj, "prompt", qw),
                    self.text(q_obj, "answer", qw),
                )
            )
        if len({q[0] for q in questions}) != len(questions):
            raise self.fail(f"{where}.questions", "two questions share a key")
        progress = []
        for i, p in enumerate(self.items(obj, "progress", where)):
            pw = f"{where}.progress[{i}]"
            p_obj = self.obj(p, pw)
            progress.append(
                BundleProgress(
                    self.key(p_obj, "step", pw),
                    self.choice(p_obj, "status", pw, STEP_STATUSES),
                    self.instant(p_obj, "started_at", pw),
                    self.instant(p_obj, "done_at", pw),
                    self.text(p_obj, "note", pw),
                    self.instant(p_obj, "note_updated_at", pw),
                )
            )
        ticks = []
        for i, t in enumerate(self.items(obj, "ticks", where)):
            tw = f"{where}.ticks[{i}]"
            t_obj = self.obj(t, tw)
            at = self.instant(t_obj, "ticked_at", tw)
            if at is None:
                raise self.fail(f"{tw}.ticked_at", "is missing")
            ticks.append((self.key(t_obj, "step", tw), self.key(t_obj, "topic", tw), at))
        groups, picks = self.groups(obj, where, set(keys))
        return BundleRoadmap(
            slug=self.key(obj, "slug", where, _SLUG),
            title=self.text(obj, "title", where, empty=False)[:200],
            summary=self.text(obj, "summary", where),
            origin=self.choice(obj, "origin", where, ORIGINS),
            source_ref=self.text(obj, "source_ref", where),
            content_version=self.number(obj, "content_version", where, 1, 10**9),
            content_hash=self.text(obj, "content_hash", where)[:64],
            position=self.number(obj, "position", where, -(10**9), 10**9),
            schedule=schedule,
            phases=tuple(phases),
            archived=archived,
            questions=tuple(questions),
            progress=tuple({p.step: p for p in progress}.values()),
            ticks=tuple({(s, t): (s, t, at) for s, t, at in ticks}.values()),
            groups=groups,
            picks=picks,
        )

    def groups(
        self, obj: dict[str, Any], where: str, step_keys: set[str]
    ) -> tuple[tuple[tuple[str, str, tuple[str, ...]], ...], tuple[tuple[str, str, datetime], ...]]:
        """A roadmap's "choose one of" groups and picks (both optional: bundles written before
        groups existed have neither)."""
        groups = []
        grouped: set[str] = set()
        for i, g in enumerate(self.items(obj, "groups", where)):
            gw = f"{where}.groups[{i}]"
            g_obj = self.obj(g, gw)
            options = []
            for j, member in enumerate(self.items(g_obj, "steps", gw)):
                if not isinstance(member, str) or member not in step_keys:
                    raise self.fail(f"{gw}.steps[{j}]", f"names no step of the roadmap: {member!r}")
                if member in grouped:
                    raise self.fail(f"{gw}.steps[{j}]", f"the step {member!r} is in two groups")
                grouped.add(member)
                options.append(member)
            if len(options) < 2:
                raise self.fail(f"{gw}.steps", "a group needs at least 2 steps")
            groups.append(
                (self.key(g_obj, "key", gw), self.text(g_obj, "title", gw)[:200], tuple(options))
            )
        if len({g[0] for g in groups}) != len(groups):
            raise self.fail(f"{where}.groups", "two groups share a key")
        picks = {}
        for i, p in enumerate(self.items(obj, "picks", where)):
            pw = f"{where}.picks[{i}]"
            p_obj = self.obj(p, pw)
            at = self.instant(p_obj, "picked_at", pw)
            if at is None:
                raise self.fail(f"{pw}.picked_at", "is missing")
            group = self.key(p_obj, "group", pw)
            picks[group] = (group, self.key(p_obj, "step", pw), at)
        return tuple(groups), tuple(picks.values())

    def block(self, raw: Any, where: str) -> BundleBlock:
        obj = self.obj(raw, where)
        start = obj.get("start_time")
        try:
            start_time = time.fromisoformat(start) if start is not None else None
        except (TypeError, ValueError):
            raise self.fail(f"{where}.start_time", "must be a time HH:MM or null") from None
        roadmap, step = self.opt_text(obj, "roadmap", where), self.opt_text(obj, "step", where)
        if (roadmap is None) != (step is None):
            raise self.fail(where, "roadmap and step go together")
        return BundleBlock(
            day=self.day(obj, "day", where),
            start_time=start_time,
            minutes=self.number(obj, "minutes", where, 1, 24 * 60),
            roadmap=roadmap,
            step=step,
            title=self.text(obj, "title", where)[:200],
            done=self.flag(obj, "done", where),
            auto=self.flag(obj, "auto", where),
            position=self.number(obj, "position", where, -(10**9), 10**9),
            created_at=self.instant(obj, "created_at", where),
        )

    def session(self, raw: Any, where: str) -> BundleSession:
        obj = self.obj(raw, where)
        started = self.instant(obj, "started_at", where)
        if started is None:
            raise self.fail(f"{where}.started_at", "is missing")
        return BundleSession(
            roadmap=self.opt_text(obj, "roadmap", where),
            step=self.opt_text(obj, "step", where),
            started_at=started,
            minutes=self.number(obj, "minutes", where, 1, 24 * 60),
            note=self.text(obj, "note", where),
            source=self.choice(obj, "source", where, ("timer", "manual")),
        )

    def timer(self, raw: Any, where: str) -> BundleTimer:
        obj = self.obj(raw, where)
        first = self.instant(obj, "first_started_at", where)
        if first is None:
            raise self.fail(f"{where}.first_started_at", "is missing")
        return BundleTimer(
            roadmap=self.opt_text(obj, "roadmap", where),
            step=self.opt_text(obj, "step", where),
            first_started_at=first,
            running_since=self.instant(obj, "running_since", where),
            accumulated_seconds=self.number(obj, "accumulated_seconds", where, 0, 10**9),
        )
