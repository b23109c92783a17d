"""A plain window start is parsed without building every command's parser, with the same result."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from roadmap_desktop.cli import COMMANDS, build_parser, window_args


def _subcommands(parser: argparse.ArgumentParser) -> set[str]:
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return set(sub.choices)


def test_the_command_list_names_every_subcommand() -> None:
    assert set(COMMANDS) == _subcommands(build_parser())


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["--smoke"],
        ["--data-dir", "/tmp/x"],
        ["--data-dir=/tmp/x", "--theme", "dark", "--smoke"],
        ["--theme=light"],
    ],
)
def test_a_window_start_parses_as_the_full_parser_does(argv: list[str]) -> None:
    fast = window_args(argv)
    assert fast is not None
    assert vars(fast) == vars(build_parser().parse_args(argv))
    if "--data-dir" in " ".join(argv):
        assert fast.data_dir == Path("/tmp/x")


@pytest.mark.parametrize(
    "argv",
    [
        ["list"],
        ["--data-dir", "/tmp/x", "export", "--roadmap", "a"],
        ["--help"],
        ["-h"],
        ["--version"],
        ["--theme", "purple"],  # a mistake: the full parser explains it
        ["--no-such-option"],
        ["stray"],
    ],
)
def test_anything_else_goes_to_the_full_parser(argv: list[str]) -> None:
    assert window_args(argv) is None


def test_a_mistake_is_still_explained_by_the_full_parser(capsys) -> None:  # type: ignore[no-untyped-def]
    from roadmap_desktop.cli import main

    with pytest.raises(SystemExit) as exit_info:
        main(["--theme", "purple"])
    assert exit_info.value.code == 2
    assert "invalid choice: 'purple'" in capsys.readouterr().err
