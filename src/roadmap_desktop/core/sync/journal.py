"""The shared folder's files: each device's journal, snapshots and device card, in plain JSON.

    <folder>/devices/<device id>/device.json            name, app version, last seen, progress
    <folder>/devices/<device id>/journal/<seq>.jsonl    operations, one per line, never rewritten
    <folder>/devices/<device id>/snapshots/<seq>.json   merged state as of a point

A device writes only below its own directory, always to a temporary name first, fsynced and
renamed into place. Anything else in the folder (sync tools' temporary and conflict copies,
desktop.ini, .DS_Store…) is ignored: only names of exactly our patterns are read.
"""

from __future__ import annotations

import contextlib
import fnmatch
import json
import os
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

JOURNAL_FORMAT = "roadmap-desktop/sync-journal"
SNAPSHOT_FORMAT = "roadmap-desktop/sync-snapshot"
FORMAT_VERSION = 1

DEVICE_RE = re.compile(r"^[0-9a-f]{16}$")
JOURNAL_RE = re.compile(r"^(\d{10})\.jsonl$")
SNAPSHOT_RE = re.compile(r"^(\d{10})\.json$")
# Names sync tools leave behind; anything not matching our patterns is skipped anyway, these
# are listed so docs/sync.md and the tests can name them.
IGNORED = (
    ".syncthing.*.tmp",
    "*.sync-conflict-*",
    "* (conflicted copy)*",
    "~$*",
    ".dropbox*",
    "desktop.ini",
    ".DS_Store",
    ".tmp-*",
)


def ignored(name: str) -> bool:
    """True for a file name a sync tool or this app uses for temporary or conflict copies."""
    return any(fnmatch.fnmatchcase(name, pattern) for pattern in IGNORED)


def device_dir(folder: Path, device: str) -> Path:
    """Where one device keeps its files."""
    return folder / "devices" / device


def journal_name(seq: int) -> str:
    """The file name of a journal file."""
    return f"{seq:010d}.jsonl"


def write_atomic(target: Path, data: bytes) -> None:
    """Write under a temporary name, fsync, rename into place, fsync the directory."""
    target.parent.mkdir(parents=True, exist_ok=True)
    temp = target.with_name(f".tmp-{target.name}")
    with temp.open("wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(temp, target)
    with contextlib.suppress(OSError):  # not possible on every platform (Windows)
        dir_fd = os.open(target.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)


_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def dumps(value: Any) -> str:
    """Compact JSON, UTF-8 text kept readable (one shared encoder: this runs per operation)."""
    return _ENCODER.encode(value)


def encode_journal(device: str, name: str, seq: int, app: str, ops: list[dict[str, Any]]) -> bytes:
    """A journal file: a header line, one line per operation, an end line with the count."""
    header = {
        "format": JOURNAL_FORMAT,
        "version": FORMAT_VERSION,
        "device": device,
        "name": name,
        "seq": seq,
        "app": app,
    }
    lines = [dumps(header), *(dumps(op) for op in ops), dumps({"end": len(ops)})]
    return ("\n".join(lines) + "\n").encode("utf-8")


@dataclass(frozen=True)
class FileEntry:
    """A journal file found in the folder."""

    device: str
    seq: int
    size: int
    path: Path


def scan(folder: Path) -> Iterator[FileEntry]:
    """Every journal file of every device (our own included), by name only."""
    devices = folder / "devices"
    try:
        device_dirs = list(os.scandir(devices))
    except OSError:
        return
    for entry in device_dirs:
        if not DEVICE_RE.match(entry.name) or not entry.is_dir():
            continue
        try:
            files = list(os.scandir(os.path.join(entry.path, "journal")))
        except OSError:
            continue
        for item in files:
            match = JOURNAL_RE.match(item.name)
            if match is None or ignored(item.name):
                continue
            with contextlib.suppress(OSError):
                yield FileEntry(entry.name, int(match[1]), item.stat().st_size, Path(item.path))


@dataclass
class ParsedJournal:
    """What could be read of a journal file."""

    ops: list[dict[str, Any]] = field(default_factory=list)  # complete lines, in order
    name: str = ""
    complete: bool = False  # the end line is there and the count matches
    problem: str = ""  # set when the file cannot be used (damaged, newer format)
    newer: bool = False


def parse_journal(data: bytes, device: str, seq: int) -> ParsedJournal:
    """Parse a journal file; a last line without its newline is left for later."""
    result = ParsedJournal()
    lines = data.split(b"\n")
    lines.pop()  # after the last newline: empty, or a line still being written
    if not lines:
        return result
    try:
        header = json.loads(lines[0])
    except ValueError:
        result.problem = "its first line is not JSON"
        return result
    if not isinstance(header, dict) or header.get("format") != JOURNAL_FORMAT:
        result.problem = "it is not a Roadmap Desktop journal"
        return result
    version = header.get("version")
    if not isinstance(version, int) or version > FORMAT_VERSION:
        result.problem = (
            f"it was written by a newer Roadmap Desktop (journal format {version}); "
            "it is kept and will be read once this app is updated"
        )
        result.newer = True
        return result
    if header.get("device") != device or header.get("seq") != seq:
        result.problem = "its header names another device or file number"
        return result
    result.name = str(header.get("name") or "")
    body = lines[1:]
    try:  # one parse for the whole file; line by line only to name a damaged line
        items = json.loads(b"[" + b",".join(body) + b"]") if body else []
    except ValueError:
        items = None
    if items is not None and all(isinstance(item, dict) for item in items):
        if items and "end" in items[-1] and all("end" not in item for item in items[:-1]):
            result.ops = items[:-1]
            result.complete = items[-1]["end"] == len(result.ops)
            if not result.complete:
                result.problem = "its operation count does not match"
            return result
        if all("end" not in item for item in items):
            result.ops = items
            return result
    for number, raw in enumerate(body, start=2):
        try:
            item = json.loads(raw)
        except ValueError:
            result.problem = f"line {number} is damaged"
            return result
        if not isinstance(item, dict):
            result.problem = f"line {number} is not an operation"
            return result
        if "end" in item:
            result.complete = item["end"] == len(result.ops)
            if not result.complete:
                result.problem = "its operation count does not match"
            return result
        result.ops.append(item)
    return result


def read_json(path: Path) -> Any:
    """A JSON file's content; None when missing, unreadable or damaged."""
    try:
        return json.loads(path.read_bytes())
    except (OSError, ValueError):
        return None


def read_devices(folder: Path) -> dict[str, dict[str, Any]]:
    """Every device card in the folder, by device id."""
    found: dict[str, dict[str, Any]] = {}
    try:
        entries = list(os.scandir(folder / "devices"))
    except OSError:
        return found
    for entry in entries:
        if DEVICE_RE.match(entry.name):
            card = read_json(Path(entry.path) / "device.json")
            if isinstance(card, dict):
                found[entry.name] = card
    return found


def write_device(folder: Path, device: str, card: Mapping[str, Any]) -> None:
    """Replace this device's card (the one file a device rewrites, always atomically)."""
    data = json.dumps(dict(card), ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    write_atomic(device_dir(folder, device) / "device.json", data.encode("utf-8"))


def snapshots(folder: Path) -> list[tuple[str, int, Path]]:
    """Every snapshot in the folder: (device, seq, path)."""
    found: list[tuple[str, int, Path]] = []
    try:
        entries = list(os.scandir(folder / "devices"))
    except OSError:
        return found
    for entry in entries:
        if not DEVICE_RE.match(entry.name):
            continue
        try:
            files = list(os.scandir(os.path.join(entry.path, "snapshots")))
        except OSError:
            continue
        for item in files:
            match = SNAPSHOT_RE.match(item.name)
            if match and not ignored(item.name):
                found.append((entry.name, int(match[1]), Path(item.path)))
    return found
