"""kill -9 during writes: no acknowledged write is lost and the file never fails its check.

    python benchmarks/kill_writes.py                # 50 runs
    python benchmarks/kill_writes.py --runs 10 --max-ms 800

Each run starts a writer process on one data folder (the real `open_store`, the real services):
it saves notes on the bundled roadmap's steps in a loop, each save one transaction, and prints
"step counter" after each commit returns (an acknowledged write). After a random delay the
writer is killed with SIGKILL. The folder is then opened again as the app would: the database
must pass `PRAGMA integrity_check`, and every step's note must hold its last acknowledged
counter or a later one. Prints the totals and exits 1 on any loss or failed check.
"""

from __future__ import annotations

import argparse
import json
import random
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

WRITER = r"""
import sys
from pathlib import Path
from roadmap_desktop.services import study
from roadmap_desktop.services.queries import roadmap_id_for, roadmap_overview
from roadmap_desktop.services.startup import open_store

store = open_store(Path(sys.argv[1]), backup=False)
db = store.db
slug = "backend-developer-24-weeks"
rid = roadmap_id_for(db, slug)
import datetime
keys = [s.key for p in roadmap_overview(db, rid, datetime.date.today()).phases for s in p.steps]
counter = int(sys.argv[2])
print("ready", flush=True)
while True:
    counter += 1
    key = keys[counter % len(keys)]
    study.save_note(db, rid, key, f"note {counter} " + "x" * (counter % 300))
    sys.stdout.write(f"{key} {counter}\n")
    sys.stdout.flush()
"""


def _stored(db_path: Path) -> tuple[str, dict[str, int]]:
    conn = sqlite3.connect(db_path)
    try:
        check = conn.execute("PRAGMA integrity_check").fetchone()[0]
        notes = {
            key: int(note.split()[1])
            for key, note in conn.execute(
                "SELECT step_key, note_md FROM step_progress WHERE note_md LIKE 'note %'"
            )
        }
    finally:
        conn.close()
    return str(check), notes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--min-ms", type=int, default=300)
    parser.add_argument("--max-ms", type=int, default=1500)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)
    acknowledged_total = lost = failed_checks = 0
    with tempfile.TemporaryDirectory(prefix="kill-writes-") as tmp:
        folder = Path(tmp)
        counter = 0
        for run in range(args.runs):
            proc = subprocess.Popen(
                [sys.executable, "-c", WRITER, str(folder), str(counter)],
                stdout=subprocess.PIPE,
                text=True,
            )
            assert proc.stdout is not None
            assert proc.stdout.readline().strip() == "ready", "the writer did not start"
            time.sleep(rng.uniform(args.min_ms, args.max_ms) / 1000)
            proc.send_signal(signal.SIGKILL)
            proc.wait()
            last: dict[str, int] = {}
            run_acks = 0
            for line in proc.stdout.read().splitlines():
                parts = line.split()
                if len(parts) == 2 and parts[1].isdigit():  # a torn last line is not acked
                    last[parts[0]] = int(parts[1])
                    run_acks += 1
            proc.stdout.close()
            acknowledged_total += run_acks
            check, notes = _stored(folder / "roadmap.sqlite3")
            if check != "ok":
                failed_checks += 1
            missing = [k for k, n in last.items() if notes.get(k, -1) < n]
            lost += len(missing)
            counter = max([counter, *last.values(), *notes.values()]) + 1
            print(
                f"run {run + 1:3}: {run_acks:5} acknowledged, check {check}, "
                f"lost {len(missing)}, steps touched {len(last)}",
                flush=True,
            )
    summary = {
        "runs": args.runs,
        "acknowledged_writes": acknowledged_total,
        "lost": lost,
        "integrity_failures": failed_checks,
    }
    print(json.dumps(summary))
    return 1 if lost or failed_checks else 0


if __name__ == "__main__":
    sys.exit(main())
