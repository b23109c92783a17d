"""Three real data folders syncing through copies of a shared folder that a simulated sync tool
keeps in step: random edits offline, files delivered late, twice, half-written and out of
order, clocks a day apart. All devices converge; no edit is lost except by a later edit of the
same field on another device; no line of a note is lost.

SYNC_EXAMPLES=2000 runs a longer search (the default keeps the suite quick).
"""

from __future__ import annotations

import os
import shutil
import time
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, rule
from sqlalchemy import select, text

from roadmap_desktop.core.content_sync import sync_roadmap
from roadmap_desktop.core.db import Database, open_database
from roadmap_desktop.core.models import (
    Availability,
    Origin,
    PlanBlock,
    Resource,
    ResourceTag,
    StepProgress,
    StepStatus,
    StudySession,
)
from roadmap_desktop.core.roadmap_format import load_roadmap_file
from roadmap_desktop.core.sync.entities import TableAccess
from roadmap_desktop.core.sync.registry import BY_NAME, ENTITIES
from roadmap_desktop.services import study
from roadmap_desktop.services.queries import roadmap_id_for
from roadmap_desktop.services.sync import sync_round

FIXTURE = Path(__file__).resolve().parents[2] / "fixtures" / "tiny.yaml"
STEPS = ["http", "git", "sql"]
TOPICS = {"git": ["commits", "branches"], "sql": ["joins", "indexes"]}
STATUSES = [StepStatus.TODO, StepStatus.IN_PROGRESS, StepStatus.DONE, StepStatus.SKIPPED]
SKEW_MS = [0, 24 * 3600 * 1000, -24 * 3600 * 1000]  # clocks a day apart
EXAMPLES = int(os.environ.get("SYNC_EXAMPLES", "12"))
DEVICES = 3


def projection(db: Database) -> dict[str, Any]:
    """Everything sync carries, by stable keys (row ids differ between computers)."""
    with db.reading() as session:
        access = TableAccess(session, BY_NAME)
        return {e.name: access.read(e) for e in ENTITIES}


class Devices(RuleBasedStateMachine):
    """Three computers, each with its own copy of the shared folder."""

    def __init__(self) -> None:
        super().__init__()
        self.root = Path(f"/tmp/sync-devices-{os.getpid()}-{time.monotonic_ns()}")
        self.dbs: list[Database] = []
        self.folders: list[Path] = []
        self.tokens: set[str] = set()
        self.counter = 0
        # field → {device: last value it wrote} since devices were last in step
        self.writes: dict[tuple[str, ...], dict[int, Any]] = {}

    @initialize()
    def start(self) -> None:
        for n in range(DEVICES):
            folder = self.root / f"folder{n}"
            folder.mkdir(parents=True)
            self.folders.append(folder)
            self.dbs.append(open_database(self.root / f"data{n}.sqlite3"))
        with self.dbs[0].transaction() as session:
            sync_roadmap(
                session, load_roadmap_file(FIXTURE), origin=Origin.CUSTOM, source_ref="test"
            )
        self.everyone_in_step()

    def teardown(self) -> None:
        try:
            if self.dbs:
                self.everyone_in_step()
                self.check()
        finally:
            for db in self.dbs:
                db.close()
            shutil.rmtree(self.root, ignore_errors=True)

    # --- the simulated sync tool ----------------------------------------------------------

    def _files(self, n: int) -> dict[str, Path]:
        base = self.folders[n]
        return {
            str(p.relative_to(base)): p
            for p in base.rglob("*")
            if p.is_file() and not p.name.startswith(".tmp-")
        }

    def _copy(self, src: Path, dst: Path, cut: float = 1.0) -> None:
        data = src.read_bytes()
        dst.parent.mkdir(parents=True, exist_ok=True)
        dst.write_bytes(data[: int(len(data) * cut)])

    def exchange_all(self) -> None:
        """The sync tool catches up: every file everywhere, deletions too."""
        for src in range(DEVICES):
            own = self._files(src)
            for dst in range(DEVICES):
                if dst == src:
                    continue
                for rel, path in own.items():
                    if rel.startswith(f"devices/{self._device(src)}/"):
                        self._copy(path, self.folders[dst] / rel)
                for rel, path in self._files(dst).items():
                    if rel.startswith(f"devices/{self._device(src)}/") and rel not in own:
                        path.unlink()

    def _device(self, n: int) -> str:
        with self.dbs[n].reading() as session:
            return str(
                session.execute(
                    text("SELECT value FROM sync_meta WHERE key = 'device_id'")
                ).scalar_one_or_none()
            )

    def sync(self, n: int) -> None:
        now = int(time.time() * 1000) + SKEW_MS[n]
        report = sync_round(self.dbs[n], self.folders[n], now_ms=now)
        assert not [p for p in report.problems if "newer" in p]

    def everyone_in_step(self) -> None:
        for _ in range(2):
            for n in range(DEVICES):
                self.sync(n)
            self.exchange_all()
        for n in range(DEVICES):
            self.sync(n)

    # --- edits ----------------------------------------------------------------------------

    def _rid(self, n: int) -> int:
        return roadmap_id_for(self.dbs[n], "tiny")

    def _wrote(self, field: tuple[str, ...], n: int, value: Any) -> None:
        self.writes.setdefault(field, {})[n] = value

    @rule(n=st.integers(0, DEVICES - 1), step=st.sampled_from(STEPS), s=st.sampled_from(STATUSES))
    def set_status(self, n: int, step: str, s: StepStatus) -> None:
        study.set_step_status(self.dbs[n], self._rid(n), step, s)
        self._wrote(("status", step), n, s)

    @rule(
        n=st.integers(0, DEVICES - 1),
        step=st.sampled_from(STEPS),
        at_top=st.booleans(),
    )
    def add_note_line(self, n: int, step: str, at_top: bool) -> None:
        self.counter += 1
        token = f"token-{self.counter}-from-{n}"
        self.tokens.add(token)
        with self.dbs[n].reading() as session:
            row = session.get(StepProgress, (self._rid(n), step))
            note = row.note_md if row is not None else ""
        lines = note.splitlines(True)
        lines.insert(0 if at_top else len(lines), token + "\n")
        study.save_note(self.dbs[n], self._rid(n), step, "".join(lines))

    @rule(
        n=st.integers(0, DEVICES - 1),
        step=st.sampled_from(sorted(TOPICS)),
        which=st.integers(0, 1),
        on=st.booleans(),
    )
    def tick(self, n: int, step: str, which: int, on: bool) -> None:
        topic = TOPICS[step][which]
        study.set_topic_ticked(self.dbs[n], self._rid(n), step, topic, on)
        self._wrote(("tick", step, topic), n, on)

    @rule(n=st.integers(0, DEVICES - 1), day=st.integers(0, 6), minutes=st.integers(0, 240))
    def availability(self, n: int, day: int, minutes: int) -> None:
        with self.dbs[n].transaction() as session:
            session.merge(Availability(weekday=day, minutes=minutes))
        self._wrote(("availability", str(day)), n, minutes)

    @rule(n=st.integers(0, DEVICES - 1), tag=st.sampled_from(["x", "y", "z"]), on=st.booleans())
    def tag(self, n: int, tag: str, on: bool) -> None:
        with self.dbs[n].transaction() as session:
            res = session.scalar(select(Resource).where(Resource.title == "Pro Git"))
            assert res is not None
            have = {t.tag for t in res.tags}
            if on and tag not in have:
                res.tags.append(ResourceTag(tag=tag))
            elif not on and tag in have:
                res.tags = [t for t in res.tags if t.tag != tag]
        self._wrote(("tag", tag), n, on)

    @rule(n=st.integers(0, DEVICES - 1), minutes=st.integers(15, 90), remove=st.booleans())
    def plan(self, n: int, minutes: int, remove: bool) -> None:
        with self.dbs[n].transaction() as session:
            blocks = session.scalars(select(PlanBlock).order_by(PlanBlock.id)).all()
            if remove and blocks:
                session.delete(blocks[0])
            else:
                session.add(
                    PlanBlock(
                        day=date(2026, 12, 1) + timedelta(days=minutes % 7),
                        minutes=minutes,
                        roadmap_id=self._rid(n),
                        step_key="git",
                        created_at=datetime(2026, 12, 1, 10, 0),
                    )
                )

    @rule(n=st.integers(0, DEVICES - 1), minutes=st.integers(5, 120), remove=st.booleans())
    def study_session(self, n: int, minutes: int, remove: bool) -> None:
        with self.dbs[n].transaction() as session:
            rows = session.scalars(select(StudySession).order_by(StudySession.id)).all()
            if remove and rows:
                session.delete(rows[-1])
            else:
                session.add(
                    StudySession(
                        roadmap_id=self._rid(n),
                        step_key="http",
                        started_at=datetime(2026, 12, 1, 8, 0) + timedelta(minutes=minutes),
                        minutes=minutes,
                        note=f"session of device {n}",
                    )
                )

    # --- syncing and the sync tool --------------------------------------------------------

    @rule(n=st.integers(0, DEVICES - 1))
    def sync_one(self, n: int) -> None:
        self.sync(n)

    @rule(
        src=st.integers(0, DEVICES - 1),
        dst=st.integers(0, DEVICES - 1),
        pick=st.integers(0, 50),
        cut=st.sampled_from([1.0, 1.0, 0.3, 0.9]),
    )
    def deliver(self, src: int, dst: int, pick: int, cut: float) -> None:
        """The sync tool brings one file over: possibly only part of it, possibly again."""
        if src == dst:
            return
        mine = f"devices/{self._device(src)}/"
        files = sorted(rel for rel in self._files(src) if rel.startswith(mine))
        if not files:
            return
        rel = files[pick % len(files)]
        self._copy(self.folders[src] / rel, self.folders[dst] / rel, cut)

    @rule()
    def converge(self) -> None:
        self.everyone_in_step()
        self.check()

    # --- what must hold -------------------------------------------------------------------

    def check(self) -> None:
        views = [projection(db) for db in self.dbs]
        for other in views[1:]:
            for entity in ENTITIES:
                assert other[entity.name] == views[0][entity.name], entity.name
        view = views[0]
        notes = "".join(v["note"] for v in view["progress"].values())
        for token in self.tokens:
            assert token in notes, f"{token} lost"
        for field, by_device in self.writes.items():
            final = self._final(view, field)
            if len(by_device) == 1:  # no other device wrote it since the last convergence
                assert final == next(iter(by_device.values())), (field, final, by_device)
            else:  # concurrent writes: one of the devices' last values, never an older one
                assert final in by_device.values(), (field, final, by_device)
        self.writes.clear()

    def _final(self, view: dict[str, Any], field: tuple[str, ...]) -> Any:
        kind = field[0]
        if kind == "status":
            row = view["progress"].get(("tiny", field[1]))
            return StepStatus(row["status"]) if row else StepStatus.TODO
        if kind == "tick":
            return ("tiny", field[1], field[2]) in view["tick"]
        if kind == "availability":
            row = view["availability"].get((int(field[1]),))
            return row["minutes"] if row else None
        tags = next(v["tags"] for v in view["resource"].values() if v["title"] == "Pro Git")
        return field[1] in tags


Devices.TestCase.settings = settings(
    max_examples=EXAMPLES,
    stateful_step_count=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
TestDevices = Devices.TestCase
