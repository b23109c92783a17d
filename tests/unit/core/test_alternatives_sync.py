"""Content sync merges "choose one of" groups by key; the learner's pick is progress and stays."""

from __future__ import annotations

from dataclasses import replace

from sqlalchemy import select

from roadmap_desktop.core.enums import StepStatus
from roadmap_desktop.core.models import GroupPick, StepGroup, StepGroupMember
from roadmap_desktop.core.roadmap_format import GroupSpec
from roadmap_desktop.services import alternatives, study
from roadmap_desktop.services.queries import roadmap_id_for, step_detail


def _groups(db, rid: int) -> dict[str, tuple[int, str, tuple[str, ...]]]:
    with db.reading() as session:
        out = {}
        for group in session.scalars(select(StepGroup).where(StepGroup.roadmap_id == rid)):
            out[group.key] = (group.id, group.title, tuple(m.step_key for m in group.members))
        return out


def _with_groups(spec, phase_index: int, groups: tuple[GroupSpec, ...], version: int = 2):
    phases = list(spec.phases)
    phases[phase_index] = replace(phases[phase_index], groups=groups)
    return replace(spec, phases=tuple(phases), content_version=version, content_hash="")


def test_a_roadmap_with_a_group_is_stored_with_its_options_in_order(db, load_spec, sync) -> None:
    sync(db, load_spec("choice.yaml"))
    rid = roadmap_id_for(db, "choice")
    ((_, title, options),) = _groups(db, rid).values()
    assert (title, options) == ("Choose one language", ("python", "go", "rust"))
    group = step_detail(db, rid, "go").group
    assert group is not None and group.picked is None
    assert group.options == (("python", "Python"), ("go", "Go"), ("rust", "Rust"))
    assert step_detail(db, rid, "compare").group is None


def test_an_update_merges_groups_by_key_and_keeps_the_pick(db, load_spec, sync) -> None:
    spec = load_spec("choice.yaml")
    sync(db, spec)
    rid = roadmap_id_for(db, "choice")
    ((group_id, _, _),) = _groups(db, rid).values()
    alternatives.choose_alternative(db, rid, "go")
    study.set_step_status(db, rid, "go", StepStatus.IN_PROGRESS)
    # Renamed, reordered, one option more: same group row, same pick.
    update = _with_groups(
        spec, 1, (GroupSpec("lang", "Pick your language", ("rust", "go", "python", "compare")),)
    )
    sync(db, update)
    assert _groups(db, rid) == {
        "lang": (group_id, "Pick your language", ("rust", "go", "python", "compare"))
    }
    group = step_detail(db, rid, "python").group
    assert group is not None and group.picked == "go"
    assert step_detail(db, rid, "go").status == StepStatus.IN_PROGRESS


def test_a_removed_group_keeps_the_pick_which_counts_again_when_it_returns(
    db, load_spec, sync
) -> None:
    spec = load_spec("choice.yaml")
    sync(db, spec)
    rid = roadmap_id_for(db, "choice")
    alternatives.choose_alternative(db, rid, "rust")
    sync(db, _with_groups(spec, 1, (), version=2))
    assert _groups(db, rid) == {}
    assert step_detail(db, rid, "rust").group is None
    with db.reading() as session:
        assert session.get(GroupPick, (rid, "lang")).step_key == "rust"  # progress is kept
    sync(db, replace(spec, content_version=3, content_hash=""))
    group = step_detail(db, rid, "python").group
    assert group is not None and group.picked == "rust"


def test_a_step_moves_from_one_group_to_another(db, load_spec, sync) -> None:
    spec = load_spec("choice.yaml")
    sync(db, spec)
    rid = roadmap_id_for(db, "choice")
    split = _with_groups(
        spec,
        1,
        (
            GroupSpec("lang", "Choose one language", ("python", "go")),
            GroupSpec("extra", "Or a project", ("rust", "project")),
        ),
    )
    sync(db, split)
    assert {k: v[2] for k, v in _groups(db, rid).items()} == {
        "lang": ("python", "go"),
        "extra": ("rust", "project"),
    }
    with db.reading() as session:
        assert len(session.scalars(select(StepGroupMember)).all()) == 4


def test_a_pick_of_an_option_no_longer_in_the_group_counts_as_no_pick(db, load_spec, sync) -> None:
    spec = load_spec("choice.yaml")
    sync(db, spec)
    rid = roadmap_id_for(db, "choice")
    alternatives.choose_alternative(db, rid, "rust")
    sync(db, _with_groups(spec, 1, (GroupSpec("lang", "Choose", ("python", "go")),)))
    group = step_detail(db, rid, "go").group
    assert group is not None and group.picked is None


def test_undo_puts_the_previous_pick_back(db, load_spec, sync) -> None:
    sync(db, load_spec("choice.yaml"))
    rid = roadmap_id_for(db, "choice")
    first, change = alternatives.choose_alternative(db, rid, "go")
    assert first.step_key is None
    assert change.step_keys == {"python", "go", "rust"} and change.roadmap_id == rid
    second, _ = alternatives.choose_alternative(db, rid, "rust")
    assert second.step_key == "go"
    alternatives.restore_pick(db, rid, second)
    assert step_detail(db, rid, "go").group.picked == "go"  # type: ignore[union-attr]
    alternatives.restore_pick(db, rid, first)
    assert step_detail(db, rid, "go").group.picked is None  # type: ignore[union-attr]


def test_choosing_a_step_in_no_group_is_refused_and_changes_nothing(db, load_spec, sync) -> None:
    import pytest

    from roadmap_desktop.core.errors import NotFoundError

    sync(db, load_spec("choice.yaml"))
    rid = roadmap_id_for(db, "choice")
    with pytest.raises(NotFoundError, match="not one of a group's options"):
        alternatives.choose_alternative(db, rid, "compare")
    with db.reading() as session:
        assert session.scalars(select(GroupPick)).all() == []
