"""Command line: global options, the GUI by default, and the list, import, export, export-ics,
backup-export, backup-import, backups, restore and sync commands.

Commands that write (import, backup-import, restore) take the data folder's lock first, the one
the window holds (core/folder_lock.py), so they refuse while the window is open on that folder.
"""

from __future__ import annotations

import argparse
import sys
import typing
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from roadmap_desktop import APP_NAME, __version__

if TYPE_CHECKING:
    from datetime import date, tzinfo

    from roadmap_desktop.services.startup import Store

COMMANDS = (
    "list",
    "export",
    "import",
    "backup-export",
    "backup-import",
    "backups",
    "restore",
    "export-ics",
    "sync",
)


def _common_options() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--data-dir",
        type=Path,
        default=argparse.SUPPRESS,
        metavar="DIR",
        help="use DIR for the database, settings, backups and logs "
        "(default: the per-user data folder, or $ROADMAP_DESKTOP_DATA_DIR)",
    )
    return common


def _add_window_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--smoke",
        action="store_true",
        help="start the real window against the data folder (a temporary one if "
        "none is given), print startup timings as JSON and exit",
    )
    parser.add_argument(
        "--theme",
        choices=("system", "light", "dark"),
        default=None,
        help="colour scheme for this run (default: the saved choice, or system)",
    )


class _NotForTheWindow(Exception):
    """The arguments are not a plain window start: the full parser takes them."""


class _WindowParser(argparse.ArgumentParser):
    def error(self, message: str) -> typing.NoReturn:
        raise _NotForTheWindow(message)


def window_args(argv: list[str]) -> argparse.Namespace | None:
    """The options of a plain window start, parsed without building every command's parser
    (8 ms, on the way to the first frame); None for anything else (a command, --help,
    --version, a mistake), which the full parser handles and explains."""
    if any(a in COMMANDS or a in ("-h", "--help", "--version") for a in argv):
        return None
    parser = _WindowParser(prog="roadmap-desktop", parents=[_common_options()], add_help=False)
    _add_window_options(parser)
    try:
        args = parser.parse_args(argv)
    except _NotForTheWindow:
        return None
    args.command = None
    return args


def build_parser() -> argparse.ArgumentParser:
    """The argument parser; global options are accepted before or after a subcommand."""
    common = _common_options()
    parser = argparse.ArgumentParser(
        prog="roadmap-desktop",
        parents=[common],
        description=f"{APP_NAME}: an offline study tracker. Without a command, opens the window.",
    )
    parser.add_argument("--version", action="version", version=f"{APP_NAME} {__version__}")
    _add_window_options(parser)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.add_parser("list", parents=[common], help="list roadmaps: slug, title and progress")
    export = sub.add_parser(
        "export", parents=[common], help="print a roadmap with progress and notes"
    )
    export.add_argument("--roadmap", required=True, metavar="SLUG")
    export.add_argument(
        "--format",
        choices=("json", "markdown"),
        default="json",
        help="json (documented in docs/roadmap-format.md) or markdown (checkboxes and notes; "
        "imports back with `import`)",
    )
    export.add_argument(
        "-o", "--output", type=Path, metavar="FILE", help="write to FILE instead of standard output"
    )
    imp = sub.add_parser(
        "import",
        parents=[common],
        help="import a Markdown curriculum, a folder or .zip of Markdown lessons, or a roadmap "
        "YAML file; prints what it did (or would do)",
    )
    imp.add_argument("path", type=Path, metavar="PATH")
    target = imp.add_mutually_exclusive_group()
    target.add_argument("--as", dest="as_slug", metavar="SLUG", help="import as a new roadmap SLUG")
    target.add_argument(
        "--update",
        dest="update_slug",
        metavar="SLUG",
        help="merge into the roadmap SLUG by step keys, keeping all progress",
    )
    imp.add_argument("--dry-run", action="store_true", help="only print what the import would do")
    backup_export = sub.add_parser(
        "backup-export",
        parents=[common],
        help="write everything (roadmaps, progress, notes, library, plans, study time) as "
        "one JSON bundle (docs/bundle-format.md)",
    )
    backup_export.add_argument(
        "-o", "--output", type=Path, required=True, metavar="FILE", help="the bundle to write"
    )
    backup_import = sub.add_parser(
        "backup-import",
        parents=[common],
        help="merge a bundle written by backup-export into this data folder",
    )
    backup_import.add_argument("bundle", type=Path, metavar="FILE")
    sub.add_parser(
        "backups",
        parents=[common],
        help="list the automatic backups: number, date, size, roadmaps, %% done and notes",
    )
    restore = sub.add_parser(
        "restore",
        parents=[common],
        help="replace the database by a verified automatic backup (the current one is kept "
        "in the backups folder); refuses while the window is open",
    )
    restore.add_argument(
        "backup",
        metavar="BACKUP",
        help="a number from `backups` (1 = newest), a file name or a path",
    )
    ics = sub.add_parser(
        "export-ics",
        parents=[common],
        help="write the planned study blocks of a date range as an .ics calendar file",
    )
    ics.add_argument("--from", dest="date_from", required=True, type=_iso_date, metavar="DATE")
    ics.add_argument("--to", dest="date_to", required=True, type=_iso_date, metavar="DATE")
    ics.add_argument(
        "-o",
        "--output",
        type=Path,
        metavar="FILE",
        help="write to FILE (an existing FILE is kept as FILE.bak) instead of standard output",
    )
    ics.add_argument(
        "--tz",
        metavar="ZONE",
        help="time zone of the planned times, e.g. Europe/Berlin (default: the system's)",
    )
    sync = sub.add_parser(
        "sync",
        parents=[common],
        help="send this computer's changes to the sync folder and merge the other computers' "
        "(docs/sync.md); the folder is remembered after the first use",
    )
    sync.add_argument(
        "--folder", type=Path, metavar="DIR", help="the shared folder your sync tool keeps in step"
    )
    return parser


def _iso_date(text: str) -> date:
    """A YYYY-MM-DD argument as a date; argparse reports anything else."""
    import re
    from datetime import date

    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            return date.fromisoformat(text)
    except ValueError:
        pass
    raise argparse.ArgumentTypeError(f"{text!r} is not a valid date; use YYYY-MM-DD")


def main(argv: list[str] | None = None) -> int:
    """Entry point for `roadmap-desktop` and `python -m roadmap_desktop`."""
    args = window_args(sys.argv[1:] if argv is None else argv) or build_parser().parse_args(argv)
    if args.command is None:
        from roadmap_desktop.app import run_gui

        return run_gui(args)
    from roadmap_desktop.core.errors import UserFacingError

    try:
        return _run_command(args)
    except UserFacingError as exc:
        print(f"roadmap-desktop: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        # `roadmap-desktop export | head`: the reader left; stop quietly like other tools do.
        import os

        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0


def _data_dir(args: argparse.Namespace) -> Path:
    from roadmap_desktop.paths import default_data_dir

    return getattr(args, "data_dir", None) or default_data_dir()


def _open_store(data_dir: Path, *, backup: bool) -> Store:
    """open_store with a progress line on stderr when an upgrade takes longer than a moment."""
    from roadmap_desktop.cli_progress import StderrProgress
    from roadmap_desktop.services.startup import open_store

    progress = StderrProgress(sys.stderr)
    try:
        return open_store(data_dir, backup=backup, progress=progress)
    finally:
        progress.finish()


@contextmanager
def _writing_store(args: argparse.Namespace, *, backup: bool = True) -> Iterator[Store]:
    """The store, opened under the data folder's lock (refused while the window holds it)."""
    from roadmap_desktop.core.folder_lock import FolderLock
    from roadmap_desktop.paths import prepare_data_dir

    folder = prepare_data_dir(_data_dir(args))
    with FolderLock(folder):
        store = _open_store(folder, backup=backup)
        try:
            yield store
        finally:
            store.db.close()


def _run_command(args: argparse.Namespace) -> int:

    if args.command in ("backups", "restore"):
        from roadmap_desktop.cli_backups import run_backups_command

        return run_backups_command(args, _data_dir(args))
    if args.command == "export-ics":
        return _export_ics(args)
    if args.command == "import":
        return _import(args)
    if args.command == "backup-import":
        return _backup_import(args)
    if args.command == "sync":
        return _sync(args)
    store = _open_store(_data_dir(args), backup=False)
    try:
        if args.command == "list":
            from roadmap_desktop.services.queries import list_roadmaps

            for summary in list_roadmaps(store.db):
                print(
                    f"{summary.slug}\t{summary.title}\t{summary.percent}% "
                    f"({summary.steps_finished}/{summary.steps_total} steps)"
                )
            return 0
        if args.command == "backup-export":
            from roadmap_desktop.services.backup_bundle import export_bundle

            bundle = export_bundle(store.db)
            import json

            _write_new_file(args.output, json.dumps(bundle, indent=1, ensure_ascii=False) + "\n")
            print(
                f"{len(bundle['roadmaps'])} roadmaps, {len(bundle['resources'])} resources, "
                f"{len(bundle['plan_blocks'])} plan blocks and {len(bundle['study_sessions'])} "
                f"study sessions written to {args.output}"
            )
            return 0
        from roadmap_desktop.services.export import export_roadmap
        from roadmap_desktop.services.queries import roadmap_id_for

        roadmap_id_for(store.db, args.roadmap)  # an unknown slug: an error naming the known ones
        if args.format == "markdown":
            from roadmap_desktop.exporters.markdown_roadmap import export_markdown

            text = export_markdown(store.db, args.roadmap)
        else:
            import json

            document = export_roadmap(store.db, args.roadmap)
            text = json.dumps(document, indent=2, ensure_ascii=False) + "\n"
        if args.output:
            _write_new_file(args.output, text)
        else:
            sys.stdout.write(text)
        return 0
    finally:
        store.db.close()


def _import(args: argparse.Namespace) -> int:
    """Parse first (bad input writes nothing, not even a data folder), then preview or apply."""
    from roadmap_desktop.importers.lesson_folder import parse_curriculum_path
    from roadmap_desktop.services.curriculum import apply_import, preview_import

    curriculum = parse_curriculum_path(args.path)
    if args.dry_run:
        store = _open_store(_data_dir(args), backup=False)
        try:
            plan = preview_import(
                store.db, curriculum, as_slug=args.as_slug, update_slug=args.update_slug
            )
        finally:
            store.db.close()
        print(f"Dry run of importing {args.path}: nothing was written.")
    else:
        with _writing_store(args) as store:
            plan, _ = apply_import(
                store.db, curriculum, as_slug=args.as_slug, update_slug=args.update_slug
            )
        print(f"Imported {args.path}.")
    for line in plan.summary_lines():
        print(f"  {line}")
    return 0


def _backup_import(args: argparse.Namespace) -> int:
    from roadmap_desktop.core.errors import UserFacingError
    from roadmap_desktop.importers.json_bundle import parse_bundle
    from roadmap_desktop.services.backup_bundle import import_bundle

    try:
        data = args.bundle.read_bytes()
    except OSError as exc:
        raise UserFacingError(f"Cannot read {args.bundle}: {exc.strerror or exc}") from exc
    parse_bundle(data, args.bundle.name)  # a bad file is reported before anything is opened
    with _writing_store(args) as store:
        report = import_bundle(store.db, data, args.bundle.name)
    print(f"Merged {args.bundle}:")
    for line in report.summary_lines():
        print(f"  {line}")
    return 0


def _sync(args: argparse.Namespace) -> int:
    """One sync round; the folder given once is kept in the data folder's settings. It writes,
    so it takes the data folder's lock like import (refused while the window is open)."""
    from roadmap_desktop.services.sync import prepare_folder, sync_round
    from roadmap_desktop.settings import Settings

    with _writing_store(args, backup=False) as store:
        settings = Settings(store.data_dir)
        chosen = args.folder or (Path(settings.sync_folder) if settings.sync_folder else None)
        if chosen is None:
            print(
                "roadmap-desktop: no sync folder yet; give one with --folder DIR",
                file=sys.stderr,
            )
            return 2
        folder = prepare_folder(chosen)
        report = sync_round(store.db, folder)
        if str(folder) != settings.sync_folder:
            settings.sync_folder = str(folder)
            settings.sync()
        print(f"Synced with {folder}:")
        for line in report.summary_lines():
            print(f"  {line}")
        return 0


def _export_ics(args: argparse.Namespace) -> int:
    from roadmap_desktop.core.errors import UserFacingError

    if args.date_from > args.date_to:
        raise UserFacingError(
            f"--from {args.date_from.isoformat()} is after --to {args.date_to.isoformat()}."
        )
    tz = _time_zone(args.tz)
    from roadmap_desktop.services.planner import export_ics_range

    store = _open_store(_data_dir(args), backup=False)
    try:
        data = export_ics_range(store.db, args.date_from, args.date_to, tz)
    finally:
        store.db.close()
    if args.output:
        _write_new_file(args.output, data)
        count = data.count(b"BEGIN:VEVENT")
        print(f"{count} plan block{'s' if count != 1 else ''} written to {args.output}")
    else:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    return 0


def _time_zone(name: str | None) -> tzinfo:
    """The named zone, or the system's; an unknown name is the user's error."""
    from roadmap_desktop.core.planner import local_timezone

    if not name:
        return local_timezone()
    from zoneinfo import ZoneInfo

    from roadmap_desktop.core.errors import UserFacingError

    try:
        return ZoneInfo(name)
    except (KeyError, ValueError, OSError) as exc:  # ZoneInfoNotFoundError is a KeyError
        raise UserFacingError(
            f"Unknown time zone {name!r}; use a name like Europe/Berlin."
        ) from exc


def _write_new_file(target: Path, text: str | bytes) -> None:
    """Write atomically; an existing file is kept beside as FILE.bak rather than lost."""
    from roadmap_desktop.core.errors import UserFacingError

    tmp = target.with_name(target.name + ".tmp")
    try:
        if isinstance(text, bytes):
            tmp.write_bytes(text)
        else:
            tmp.write_text(text, encoding="utf-8")
        if target.exists():
            target.replace(target.with_name(target.name + ".bak"))
        tmp.replace(target)
    except OSError as exc:
        raise UserFacingError(f"Cannot write {target}: {exc.strerror or exc}") from exc
