"""Progress counts a "choose one of" group once: as the picked option, else as one option."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from roadmap_desktop.core import progress
from roadmap_desktop.core.db import open_database
from roadmap_desktop.core.enums import StepStatus
from roadmap_desktop.services import alternatives, overview_math, planner, stats, study
from roadmap_desktop.services.queries import (
    roadmap_id_for,
    roadmap_overview,
    roadmap_summary,
    step_detail,
    step_rows,
)

TODAY = date(2026, 11, 20)
OPTIONS = ("python", "go", "rust")
STEPS = ("intro", "compare", *OPTIONS, "project")
RANK = {StepStatus.DONE: 4, StepStatus.IN_PROGRESS: 3, StepStatus.TODO: 1, StepStatus.SKIPPED: 0}

facts_st = st.builds(
    progress.StepFacts,
    st.sampled_from(list(StepStatus)),
    st.floats(0.5, 80),
    st.integers(0, 3),
    st.integers(0, 3),
).map(lambda f: replace(f, topics_done=min(f.topics_done, f.topics_total)))


@given(st.lists(facts_st, min_size=2, max_size=8), st.data())
def test_a_picked_group_counts_as_its_picked_step(facts, data) -> None:
    keys = [f"s{i}" for i in range(len(facts))]
    by_key = dict(zip(keys, facts, strict=True))
    members = data.draw(st.lists(st.sampled_from(keys), min_size=2, unique=True))
    picked = data.draw(st.sampled_from(members))
    counted = progress.counted(by_key, [(members, picked)])
    replaced = [f for k, f in by_key.items() if k not in members or k == picked]
    assert list(counted.values()) == replaced
    assert progress.completion(counted.values()) == progress.completion(replaced)
    assert progress.remaining_hours(counted.values()) == progress.remaining_hours(replaced)


@given(st.lists(facts_st, min_size=2, max_size=6))
def test_without_a_pick_the_option_worked_on_most_counts(options) -> None:
    keys = [f"o{i}" for i in range(len(options))]
    counted = progress.counted(dict(zip(keys, options, strict=True)), [(keys, None)])
    (kept,) = counted
    rank = [2 if RANK[f.status] == 1 and f.topics_done else RANK[f.status] for f in options]
    assert keys.index(kept) == rank.index(max(rank))  # the first of the most advanced


def test_a_pick_of_a_step_outside_the_group_is_no_pick() -> None:
    todo, done = progress.StepFacts(StepStatus.TODO, 5), progress.StepFacts(StepStatus.DONE, 9)
    counted = progress.counted({"a": todo, "b": done, "c": todo}, [(("a", "b"), "c")])
    assert counted == {"b": done, "c": todo}


actions = st.lists(
    st.one_of(
        st.tuples(st.just("status"), st.sampled_from(STEPS), st.sampled_from(list(StepStatus))),
        st.tuples(st.just("tick"), st.sampled_from(("python", "go")), st.integers(0, 2)),
        st.tuples(st.just("pick"), st.sampled_from(OPTIONS)),
    ),
    max_size=7,
)


def _run(db, rid: int, steps) -> None:  # type: ignore[no-untyped-def]
    for action in steps:
        if action[0] == "status":
            study.set_step_status(db, rid, action[1], action[2])
        elif action[0] == "tick":
            topics = step_detail(db, rid, action[1]).topics
            study.set_topic_ticked(db, rid, action[1], topics[action[2] % len(topics)].key, True)
        else:
            alternatives.choose_alternative(db, rid, action[1])


def _chosen(db, rid: int) -> str:
    group = step_detail(db, rid, "python").group
    assert group is not None
    if group.picked:
        return group.picked
    ranked = []
    for key in OPTIONS:
        detail = step_detail(db, rid, key)
        rank = RANK[detail.status]
        ranked.append(2 if rank == 1 and any(t.done for t in detail.topics) else rank)
    return OPTIONS[ranked.index(max(ranked))]


@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(actions)
def test_progress_with_a_group_equals_the_roadmap_with_only_the_chosen_step(
    tmp_path_factory, load_spec, sync, steps
) -> None:
    spec = load_spec("choice.yaml")
    folder = tmp_path_factory.mktemp("groups")
    grouped, plain = open_database(folder / "a.sqlite3"), open_database(folder / "b.sqlite3")
    try:
        sync(grouped, spec)
        rid = roadmap_id_for(grouped, "choice")
        study.set_schedule(grouped, rid, date(2026, 11, 2), 6)
        _run(grouped, rid, steps)
        chosen = _chosen(grouped, rid)
        # The same roadmap without the group and without the options not chosen, and the same
        # progress on the steps it has.
        phases = list(spec.phases)
        phases[1] = replace(
            phases[1],
            groups=(),
            steps=tuple(s for s in phases[1].steps if s.key not in OPTIONS or s.key == chosen),
        )
        sync(plain, replace(spec, phases=tuple(phases), content_hash=""))
        pid = roadmap_id_for(plain, "choice")
        study.set_schedule(plain, pid, date(2026, 11, 2), 6)
        for key in ("intro", "compare", chosen, "project"):
            detail = step_detail(grouped, rid, key)
            study.set_step_status(plain, pid, key, detail.status)
            for topic in detail.topics:
                study.set_topic_ticked(plain, pid, key, topic.key, topic.done)

        a, b = roadmap_overview(grouped, rid, TODAY), roadmap_overview(plain, pid, TODAY)
        assert a.completion == b.completion
        assert a.remaining_hours == b.remaining_hours
        assert a.current_phase == b.current_phase
        assert a.projected_finish == b.projected_finish
        for pa, pb in zip(a.phases, b.phases, strict=True):
            assert (pa.completion, pa.hours_total, pa.steps_finished, pa.steps_counted) == (
                pb.completion,
                pb.hours_total,
                pb.steps_finished,
                pb.steps_counted,
            )
        sa, sb = roadmap_summary(grouped, rid), roadmap_summary(plain, pid)
        assert (sa.percent, sa.steps_total, sa.steps_finished, sa.total_hours) == (
            sb.percent,
            sb.steps_total,
            sb.steps_finished,
            sb.total_hours,
        )
        pa_, pb_ = (
            planner.schedule_projection(grouped, rid, TODAY),
            planner.schedule_projection(plain, pid, TODAY),
        )
        assert pa_ == pb_
        backlog_a = [s.step_key for s in planner.backlog(grouped, rid, today=TODAY)]
        assert backlog_a == [s.step_key for s in planner.backlog(plain, pid, today=TODAY)]
        va = stats.stats_view(grouped, rid, TODAY, UTC)
        vb = stats.stats_view(plain, pid, TODAY, UTC)
        assert [(p.steps_total, p.steps_finished) for p in va.phases] == [
            (p.steps_total, p.steps_finished) for p in vb.phases
        ]
        assert va.burn_up == vb.burn_up
    finally:
        grouped.close()
        plain.close()


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(actions)
def test_patched_overview_with_a_group_equals_a_fresh_read(db, load_spec, sync, steps) -> None:
    spec = load_spec("choice.yaml")
    sync(db, replace(spec, content_hash=""))
    rid = roadmap_id_for(db, "choice")
    overview = roadmap_overview(db, rid, TODAY)
    for action in steps:
        if action[0] == "pick":
            _, change = alternatives.choose_alternative(db, rid, action[1])
            keys = change.step_keys
        else:
            _run(db, rid, [action])
            keys = frozenset({action[1]})
        overview = overview_math.with_steps(overview, step_rows(db, rid, keys), TODAY)
        assert overview == roadmap_overview(db, rid, TODAY)
        weekly, start, logged = planner.schedule_pace(db, rid, TODAY)
        assert overview_math.projection(overview, weekly, start, TODAY, logged=logged) == (
            planner.schedule_projection(db, rid, TODAY)
        )
        assert progress.percent(overview.completion) == roadmap_summary(db, rid).percent


def test_options_not_chosen_are_kept_dimmed_and_the_pick_can_change(db, load_spec, sync) -> None:
    sync(db, load_spec("choice.yaml"))
    rid = roadmap_id_for(db, "choice")
    study.set_step_status(db, rid, "rust", StepStatus.DONE)  # work on an option not chosen later
    alternatives.choose_alternative(db, rid, "go")
    rows = {s.key: s for p in roadmap_overview(db, rid, TODAY).phases for s in p.steps}
    assert [k for k in OPTIONS if rows[k].not_chosen] == ["python", "rust"]
    assert rows["rust"].status == StepStatus.DONE  # kept, just not counted
    phase = roadmap_overview(db, rid, TODAY).phases[1]
    assert (phase.steps_counted, phase.steps_finished, phase.hours_total) == (3, 0, 33)
    alternatives.choose_alternative(db, rid, "rust")
    phase = roadmap_overview(db, rid, TODAY).phases[1]
    assert (phase.steps_counted, phase.steps_finished, phase.hours_total) == (3, 1, 63)


def test_without_a_pick_a_group_counts_once_as_its_first_option(db, load_spec, sync) -> None:
    sync(db, load_spec("choice.yaml"))
    rid = roadmap_id_for(db, "choice")
    phase = roadmap_overview(db, rid, TODAY).phases[1]
    assert (phase.steps_counted, phase.hours_total) == (3, 1 + 30 + 12)
    assert roadmap_summary(db, rid).steps_total == 4
    assert roadmap_summary(db, rid).total_hours == 2 + 1 + 30 + 12
