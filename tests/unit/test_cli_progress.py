"""The command line's progress line: silent for quick work, one line per stage and tenth."""

from __future__ import annotations

import io

from roadmap_desktop.cli_progress import StderrProgress


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_work_shorter_than_half_a_second_prints_nothing() -> None:
    clock, out = Clock(), io.StringIO()
    progress = StderrProgress(out, clock=clock)
    clock.now += 0.4
    progress("Preparing search", 0.5)
    progress.finish()
    assert out.getvalue() == ""


def test_a_log_gets_a_line_per_stage_and_per_tenth() -> None:
    clock, out = Clock(), io.StringIO()
    progress = StderrProgress(out, clock=clock)
    progress("Upgrading your database", None)  # before half a second: not shown
    clock.now += 0.6
    progress("Upgrading your database", None)
    for fraction in (0.0, 0.03, 0.07, 0.12, 0.5, 0.55, 1.0):
        progress("Preparing search", fraction)
    progress("Checking your database", None)
    progress("Checking your database", None)
    progress.finish()
    assert out.getvalue().splitlines() == [
        "Upgrading your database…",
        "Preparing search… 0 %",
        "Preparing search… 12 %",
        "Preparing search… 50 %",
        "Preparing search… 100 %",
        "Checking your database…",
    ]


def test_a_terminal_gets_one_line_rewritten_in_place() -> None:
    clock, out = Clock(), Terminal()
    progress = StderrProgress(out, clock=clock)
    clock.now += 1
    progress("Preparing search", 0.4)
    progress("Preparing search", 0.41)
    progress("Checking your database", None)
    progress.finish()
    assert out.getvalue() == (
        "\rPreparing search… 40 %\rPreparing search… 41 %\rChecking your database…\n"
    )
