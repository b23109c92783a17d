"""Sync budgets (issue 15), measured against baselines from the same run.

    python benchmarks/sync.py [--ops 100000]

Prints, as JSON lines:
- merge: a new computer merging OPS operations (status changes, ticks, note versions, tags,
  plan blocks) of another one. `engine_s` is parsing + joining + deriving values (budget ≤ 2 s),
  `round_s` the whole sync round including writing the rows; the baseline is `json.loads` of
  the same lines (the least any reader of plain-JSON journals must do).
- idle: a round with nothing new (budget ≤ 5 ms, median of 50); baseline: one read-only
  transaction running `SELECT 1` plus listing the folder.
- journal: bytes written for 1,000 typical edits made through the services, synced once and
  synced every 10 edits; baseline: the size of a full backup bundle of the same database.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from sqlalchemy import select, text  # noqa: E402

from roadmap_desktop.core.db import Database, open_database  # noqa: E402
from roadmap_desktop.core.models import (  # noqa: E402
    Phase,
    Resource,
    ResourceTag,
    Roadmap,
    Step,
    StepStatus,
    Topic,
)
from roadmap_desktop.core.sync import journal  # noqa: E402
from roadmap_desktop.core.sync.crdt import materialize  # noqa: E402
from roadmap_desktop.core.sync.engine import RoundEngine  # noqa: E402
from roadmap_desktop.core.sync.hlc import Clock  # noqa: E402
from roadmap_desktop.core.sync.registry import BY_NAME  # noqa: E402
from roadmap_desktop.services import study  # noqa: E402
from roadmap_desktop.services.backup_bundle import export_bundle  # noqa: E402
from roadmap_desktop.services.sync import sync_round  # noqa: E402

STEPS = 2000


def make_source(path: Path) -> tuple[Database, int]:
    """A database with one roadmap of STEPS steps of 4 topics and 200 resources."""
    db = open_database(path)
    with db.transaction() as session:
        roadmap = Roadmap(slug="bench", title="Bench")
        session.add(roadmap)
        session.flush()
        phase = Phase(
            roadmap_id=roadmap.id, key="p", position=0, title="P", start_week=1, end_week=9
        )
        session.add(phase)
        session.flush()
        for n in range(STEPS):
            step = Step(
                roadmap_id=roadmap.id, phase_id=phase.id, key=f"s{n}", position=n, title=f"Step {n}"
            )
            step.topics = [Topic(key=f"t{k}", position=k, text=f"Topic {k}") for k in range(4)]
            session.add(step)
        for n in range(200):
            session.add(
                Resource(
                    title=f"Res {n}",
                    url=f"https://example.org/{n}",
                    url_key=f"https://example.org/{n}",
                )
            )
        rid = roadmap.id
    return db, rid


def synthetic_files(folder: Path, device: str, count: int) -> list[bytes]:
    """COUNT operations of a device in files of 10,000, as that device would write them."""
    ops = []
    heads: dict[int, str] = {}
    ms = 1_800_000_000_000
    statuses = [s.value for s in StepStatus]
    for n in range(count):
        ms += 1
        step = n * 7919 % STEPS
        kind = n % 10
        op: dict[str, object] = {"t": [ms, 0]}
        if kind < 4:
            op.update(e="progress", k=["bench", f"s{step}"], l=True, f={"status": statuses[n % 4]})
        elif kind < 7:
            op.update(
                e="tick",
                k=["bench", f"s{step}", f"t{n % 4}"],
                l=n % 3 != 0,
                f={"ticked_at": "2026-12-01T10:00:00"},
            )
        elif kind < 9:
            vid = f"{ms}.0.{device}.note"
            parent = heads.get(step)
            note = f"note {n} for step {step}\nwith a second line\n"
            op.update(
                e="progress",
                k=["bench", f"s{step}"],
                l=True,
                x={"note": [vid, [parent] if parent else [], note]},
            )
            heads[step] = vid
        else:
            op.update(
                e="plan_block",
                k=[f"b{n:08d}"],
                l=True,
                f={
                    "day": "2026-12-01",
                    "minutes": 30,
                    "roadmap": ["bench"],
                    "step": f"s{step}",
                    "title": "",
                    "done": False,
                    "auto": False,
                    "position": 0,
                    "created_at": "2026-12-01T10:00:00",
                    "start_time": None,
                },
            )
        ops.append(op)
    blobs = []
    for seq, start in enumerate(range(0, count, 10_000), start=1):
        data = journal.encode_journal(device, "Bench", seq, "bench", ops[start : start + 10_000])
        target = journal.device_dir(folder, device) / "journal" / journal.journal_name(seq)
        journal.write_atomic(target, data)
        blobs.append(data)
    return blobs


def bench_merge(tmp: Path, count: int) -> dict[str, object]:
    folder = tmp / "shared-merge"
    folder.mkdir()
    source, _rid = make_source(tmp / "source.sqlite3")
    sync_round(source, folder)  # the roadmap travels first
    blobs = synthetic_files(folder, "00000000000000ff", count)
    t = time.perf_counter()
    for data in blobs:
        for line in data.split(b"\n")[:-1]:
            json.loads(line)
    baseline = time.perf_counter() - t
    target = open_database(tmp / "target.sqlite3")
    with target.reading() as session:
        session.execute(text("SELECT 1"))
        gc.disable()  # as sync_round does
        t = time.perf_counter()
        engine = RoundEngine(session, BY_NAME, Clock("00000000000000ee"), "T", bootstrap=False)
        parsed = [
            journal.parse_journal(data, "00000000000000ff", seq)
            for seq, data in enumerate(blobs, start=1)
        ]
        parse_s = time.perf_counter() - t
        for item in parsed:
            engine.ingest(item.ops, "00000000000000ff", item.name)
        join_s = time.perf_counter() - t - parse_s
        for entity, key in engine.touched:
            spec = BY_NAME[entity]
            materialize(engine.states[(entity, key)], spec.rules, spec.defaults)
        engine_s = time.perf_counter() - t
        gc.enable()
    t = time.perf_counter()
    report = sync_round(target, folder)
    round_s = time.perf_counter() - t
    with target.reading() as session:
        done = session.execute(
            text("SELECT count(*) FROM step_progress WHERE status = 'done'")
        ).scalar()
    result = {
        "bench": "merge",
        "ops": count,
        "baseline_json_loads_s": round(baseline, 3),
        "engine_s": round(engine_s, 3),
        "of_which_parse_s": round(parse_s, 3),
        "of_which_join_s": round(join_s, 3),
        "engine_ratio": round(engine_s / baseline, 2),
        "engine_budget_s": 2.0,
        "round_s": round(round_s, 3),
        "round_ratio": round(round_s / baseline, 2),
        "received": report.received,
        "records_written": report.merged,
        "steps_done_after": done,
        "problems": len(report.problems),
    }
    idle = bench_idle(target, folder)
    source.close()
    target.close()
    return {**result, **idle}


def bench_idle(db: Database, folder: Path) -> dict[str, object]:
    sync_round(db, folder)
    times, base = [], []
    for _ in range(50):
        t = time.perf_counter()
        report = sync_round(db, folder)
        times.append(time.perf_counter() - t)
        assert report.idle
        t = time.perf_counter()
        with db.reading() as session:
            session.execute(text("SELECT 1"))
        list(journal.scan(folder))
        base.append(time.perf_counter() - t)
    idle, floor = statistics.median(times), statistics.median(base)
    return {
        "idle_ms": round(idle * 1000, 2),
        "idle_baseline_ms": round(floor * 1000, 2),
        "idle_ratio": round(idle / floor, 2),
        "idle_budget_ms": 5.0,
    }


def typical_edits(db: Database, rid: int, count: int, every: int, folder: Path) -> int:
    """COUNT edits through the services (status, note lines, ticks, tags), a round every EVERY."""
    written = 0
    for n in range(count):
        step = f"s{n * 31 % STEPS}"
        kind = n % 4
        if kind == 0:
            study.set_step_status(db, rid, step, [StepStatus.IN_PROGRESS, StepStatus.DONE][n % 2])
        elif kind == 1:
            study.save_note(db, rid, step, f"A thought about {step}, number {n}.\nAnother line.\n")
        elif kind == 2:
            study.set_topic_ticked(db, rid, step, f"t{n % 4}", n % 3 != 0)
        else:
            with db.transaction() as session:
                res = session.scalar(select(Resource).where(Resource.title == f"Res {n % 200}"))
                assert res is not None
                res.tags.append(ResourceTag(tag=f"tag{n}"))
        if (n + 1) % every == 0:
            written += sync_round(db, folder).sent
    return written + sync_round(db, folder).sent


def journal_bytes(db: Database, device: str, after_seq: int) -> int:
    """Bytes of the journal files written after AFTER_SEQ (from sync_files: pruning may have
    removed the files themselves)."""
    with db.reading() as session:
        return int(
            session.execute(
                text(
                    "SELECT coalesce(sum(size), 0) FROM sync_files WHERE device = :d AND seq > :s"
                ),
                {"d": device, "s": after_seq},
            ).scalar_one()
        )


def bench_journal(tmp: Path) -> dict[str, object]:
    result: dict[str, object] = {"bench": "journal", "edits": 1000}
    for every in (1000, 10):
        folder = tmp / f"shared-j{every}"
        folder.mkdir()
        db, rid = make_source(tmp / f"j{every}.sqlite3")
        sync_round(db, folder)
        with db.reading() as session:
            meta = dict(session.execute(text("SELECT key, value FROM sync_meta")).tuples().all())
        result[f"ops_round_every_{every}"] = typical_edits(db, rid, 1000, every, folder)
        size = journal_bytes(db, meta["device_id"], int(meta["seq"]))
        result[f"bytes_round_every_{every}"] = size
        if every == 10:
            bundle = len(json.dumps(export_bundle(db)).encode("utf-8"))
            result["baseline_bundle_bytes"] = bundle
            result["ratio_to_bundle"] = round(size / bundle, 3)
        db.close()
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ops", type=int, default=100_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        print(json.dumps(bench_merge(tmp, args.ops)))
        print(json.dumps(bench_journal(tmp)))
    return 0


if __name__ == "__main__":
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    sys.exit(main())
