"""Startup benchmark: `roadmap-desktop --smoke` against a bare PySide6 window, in the same run.

Runs both alternately (N rounds, fresh and warm data folders) and prints medians and the ratio
app / bare for the first frame; data_ready is reported beside it. Machines are noisy, so only
the ratios within one run are meaningful.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ENV = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}


def _timings(command: list[str]) -> dict[str, float]:
    out = subprocess.run(command, capture_output=True, text=True, timeout=120, env=ENV, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=9)
    args = parser.parse_args()
    bare, fresh_ff, fresh_ready, warm_ff, warm_ready = [], [], [], [], []
    with tempfile.TemporaryDirectory() as warm_dir:
        _timings([sys.executable, "-m", "roadmap_desktop", "--smoke", "--data-dir", warm_dir])
        for _ in range(args.rounds):
            bare.append(_timings([sys.executable, str(HERE / "bare_window.py")])["first_frame_ms"])
            with tempfile.TemporaryDirectory() as fresh_dir:
                t = _timings(
                    [sys.executable, "-m", "roadmap_desktop", "--smoke", "--data-dir", fresh_dir]
                )
            fresh_ff.append(t["first_frame_ms"])
            fresh_ready.append(t["data_ready_ms"])
            t = _timings(
                [sys.executable, "-m", "roadmap_desktop", "--smoke", "--data-dir", warm_dir]
            )
            warm_ff.append(t["first_frame_ms"])
            warm_ready.append(t["data_ready_ms"])
    base = statistics.median(bare)
    rows = [
        ("bare PySide6 window, first frame", base),
        ("app first frame, existing data", statistics.median(warm_ff)),
        ("app data ready, existing data", statistics.median(warm_ready)),
        ("app first frame, first run", statistics.median(fresh_ff)),
        ("app data ready, first run", statistics.median(fresh_ready)),
    ]
    print(f"{'measure (median of ' + str(args.rounds) + ')':<40} {'ms':>8} {'× bare':>8}")
    for name, value in rows:
        print(f"{name:<40} {value:8.0f} {value / base:8.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
