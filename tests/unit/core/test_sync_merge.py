"""Merge rules of the sync engine: clocks, joins in any order, three-way notes, journal files."""

from __future__ import annotations

import json
import random
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from roadmap_desktop.core.sync.crdt import Rule, join, join_op, materialize, op_to_state
from roadmap_desktop.core.sync.hlc import Clock
from roadmap_desktop.core.sync.journal import encode_journal, ignored, parse_journal
from roadmap_desktop.core.sync.textmerge import merge_texts, merged_text, root_id

RULES = {"status": Rule.LWW, "first": Rule.LOG, "tags": Rule.SET, "note": Rule.TEXT}
DEFAULTS = {"status": "todo", "first": None, "tags": [], "note": ""}


def test_clock_never_goes_back_and_passes_what_it_saw() -> None:
    now = [1000]
    clock = Clock("b", now=lambda: now[0])
    first = clock.tick()
    now[0] = 500  # the wall clock jumped back
    second = clock.tick()
    assert second > first
    clock.observe(10**13, 4)  # a device whose clock runs far ahead
    assert clock.tick() > [10**13, 4, "a"]


def test_a_later_stamp_wins_and_equal_times_fall_back_to_the_device() -> None:
    state: dict[str, Any] = {}
    join(state, op_to_state({"e": "x", "k": [1], "t": [5, 0], "f": {"status": "a"}}, "d1", ""))
    join(state, op_to_state({"e": "x", "k": [1], "t": [5, 0], "f": {"status": "b"}}, "d2", ""))
    join(state, op_to_state({"e": "x", "k": [1], "t": [4, 9], "f": {"status": "c"}}, "d9", ""))
    assert materialize(state, RULES, DEFAULTS).values["status"] == "b"


def test_log_fields_keep_the_first_write() -> None:
    state: dict[str, Any] = {}
    join(state, op_to_state({"t": [9, 0], "f": {"first": "late"}}, "d1", ""), {"first"})
    join(state, op_to_state({"t": [2, 0], "f": {"first": "early"}}, "d2", ""), {"first"})
    assert materialize(state, RULES, DEFAULTS).values["first"] == "early"


def test_a_tombstone_removes_the_record_until_a_later_write_of_existence() -> None:
    state: dict[str, Any] = {}
    join(state, op_to_state({"t": [1, 0], "l": True, "f": {"status": "done"}}, "a", ""))
    join(state, op_to_state({"t": [3, 0], "l": False}, "b", ""))
    join(state, op_to_state({"t": [2, 0], "f": {"status": "todo"}}, "a", ""))
    assert not materialize(state, RULES, DEFAULTS).live
    join(state, op_to_state({"t": [4, 0], "l": True}, "a", ""))
    assert materialize(state, RULES, DEFAULTS).live


def test_set_elements_merge_one_by_one() -> None:
    state: dict[str, Any] = {}
    join(state, op_to_state({"t": [1, 0], "s": {"tags": {"x": True, "y": True}}}, "a", ""))
    join(state, op_to_state({"t": [2, 0], "s": {"tags": {"x": False}}}, "b", ""))
    join(state, op_to_state({"t": [2, 1], "s": {"tags": {"z": True}}}, "c", ""))
    assert materialize(state, RULES, DEFAULTS).values["tags"] == ["y", "z"]


def test_three_way_merge_keeps_both_sides_edits() -> None:
    base = "one\ntwo\nthree\nfour\n"
    merged, clash = merge_texts(base, "ONE\ntwo\nthree\nfour\n", "one\ntwo\nthree\nFOUR\n", "", "")
    assert merged == "ONE\ntwo\nthree\nFOUR\n" and not clash


def test_overlapping_edits_keep_both_texts_between_markers() -> None:
    merged, clash = merge_texts("a line", "my words", "your words", "Laptop", "Desktop")
    assert clash
    assert "my words" in merged and "your words" in merged
    assert "<<<<<<< Laptop" in merged and ">>>>>>> Desktop" in merged


def test_equal_starting_texts_are_one_version() -> None:
    versions = {
        root_id("same"): [[], "same", [1, 0, "a"], "A"],
        "2.0.b.note": [[root_id("same")], "same\nmore", [2, 0, "b"], "B"],
    }
    assert merged_text(versions) == ("same\nmore", False)


def test_a_version_waits_for_its_missing_ancestor_instead_of_conflicting() -> None:
    root = root_id("a\n")
    versions = {
        root: [[], "a\n", [1, 0, "x"], "X"],
        "v2": [["v1"], "a\nb\nc\n", [3, 0, "x"], "X"],  # v1 is still on its way
    }
    assert merged_text(versions) == ("a\n", False)
    versions["v1"] = [[root], "a\nb\n", [2, 0, "x"], "X"]
    assert merged_text(versions) == ("a\nb\nc\n", False)


# --- joins in any order ------------------------------------------------------------------------

words = st.sampled_from(["alpha", "beta", "gamma", "delta"])
op_strategy = st.fixed_dictionaries(
    {
        "t": st.tuples(st.integers(0, 50), st.integers(0, 3)).map(list),
        "dev": st.sampled_from(["d1", "d2", "d3"]),
    },
    optional={
        "l": st.booleans(),
        "f": st.fixed_dictionaries({}, optional={"status": words, "first": words}),
        "s": st.fixed_dictionaries({"tags": st.dictionaries(words, st.booleans(), max_size=3)}),
    },
)


@settings(max_examples=300, deadline=None)
@given(st.lists(op_strategy, min_size=1, max_size=12), st.randoms(use_true_random=False))
def test_any_order_and_any_repetition_gives_the_same_record(
    ops: list[dict[str, Any]], rnd: random.Random
) -> None:
    deltas = [op_to_state(op, op["dev"], "") for op in ops]
    one: dict[str, Any] = {}
    for delta in deltas:
        join(one, delta, {"first"})
    shuffled = deltas + rnd.sample(deltas, k=len(deltas) // 2)
    rnd.shuffle(shuffled)
    two: dict[str, Any] = {}
    for delta in shuffled:
        join(two, json.loads(json.dumps(delta)), {"first"})
    assert materialize(one, RULES, DEFAULTS) == materialize(two, RULES, DEFAULTS)


@settings(max_examples=300, deadline=None)
@given(st.lists(op_strategy, min_size=1, max_size=12))
def test_the_fast_join_of_an_operation_equals_the_general_join(ops: list[dict[str, Any]]) -> None:
    general: dict[str, Any] = {}
    fast: dict[str, Any] = {}
    for op in ops:
        join(general, op_to_state(op, op["dev"], "N"), {"first"})
        join_op(fast, op, [op["t"][0], op["t"][1], op["dev"]], "N", frozenset({"first"}))
    assert fast == general


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.lists(st.integers(0, 9), min_size=1, max_size=3), min_size=2, max_size=4),
    st.randoms(use_true_random=False),
)
def test_concurrent_note_edits_lose_no_line(edits: list[list[int]], rnd: random.Random) -> None:
    """Devices each add their own lines to the same starting note; every line survives, in any
    order of arrival."""
    base = "shared start\n"
    root = root_id(base)
    versions = {root: [[], base, [1, 0, "d0"], "D0"]}
    added = []
    for device, positions in enumerate(edits):
        lines = base.splitlines(True)
        for n, pos in enumerate(positions):
            line = f"device {device} line {n}\n"
            lines.insert(min(pos, len(lines)), line)
            added.append(line.strip())
        versions[f"v{device}"] = [[root], "".join(lines), [10 + device, 0, f"d{device}"], ""]
    items = list(versions.items())
    rnd.shuffle(items)
    text, _clash = merged_text(dict(items))
    assert text == merged_text(versions)[0]
    for line in added:
        assert line in text


def test_sync_tools_temporary_and_conflict_files_are_ignored() -> None:
    for name in (
        ".syncthing.0000000001.jsonl.tmp",
        "0000000001.sync-conflict-20261202-120000-ABC.jsonl",
        "0000000001 (conflicted copy).jsonl",
        "~$note",
        ".dropbox.cache",
        "desktop.ini",
        ".DS_Store",
    ):
        assert ignored(name), name
    assert not ignored("0000000001.jsonl")


def test_a_journal_file_is_read_line_by_line_and_a_half_line_waits() -> None:
    ops = [{"e": "x", "k": [n], "t": [n, 0], "f": {"status": "s"}} for n in range(3)]
    data = encode_journal("00000000000000aa", "Laptop", 7, "1.0", ops)
    whole = parse_journal(data, "00000000000000aa", 7)
    assert whole.complete and whole.ops == ops and whole.name == "Laptop"
    cut = data[: data.index(b"\n", data.index(b"\n") + 1) + 5]  # header, one op, a bit more
    partial = parse_journal(cut, "00000000000000aa", 7)
    assert not partial.complete and not partial.problem and len(partial.ops) == 1


def test_a_newer_format_is_reported_not_guessed_at() -> None:
    data = b'{"format":"roadmap-desktop/sync-journal","version":9,"device":"d","seq":1}\n'
    parsed = parse_journal(data, "d", 1)
    assert parsed.newer and "newer" in parsed.problem and not parsed.ops


def test_a_damaged_line_makes_the_file_skipped_with_a_message() -> None:
    data = encode_journal("d", "", 1, "1.0", [{"e": "x", "k": [1], "t": [1, 0]}])
    damaged = data.replace(b'{"e"', b'{"e\x00', 1)
    parsed = parse_journal(damaged, "d", 1)
    assert parsed.problem == "line 2 is damaged"


def test_a_missing_final_line_break_is_kept_when_only_one_side_dropped_it() -> None:
    base = "line one\nline two\n"
    typed = "line one\nline two\nline three"  # still typing the last line
    other = "line ONE\nline two\n"
    assert merge_texts(base, typed, other, "a", "b") == ("line ONE\nline two\nline three", False)
    assert merge_texts(base, other, typed, "a", "b") == ("line ONE\nline two\nline three", False)
    # and a break added on one side stays when the other side did not touch the ending
    assert merge_texts("x\ny", "x\ny\n", "X\ny", "a", "b") == ("X\ny\n", False)
