"""The timeline with many phases: it scrolls sideways and phase labels never overlap."""

from hypothesis import given, settings
from hypothesis import strategies as st

from roadmap_desktop.services.snapshots import PhaseRow
from roadmap_desktop.ui.roadmap.phase_model import PhaseModel
from roadmap_desktop.ui.roadmap.timeline_view import MIN_WEEK_PX, TimelineView


def _phase(i: int, start: int, length: int) -> PhaseRow:
    return PhaseRow(
        key=f"p{i}",
        title=f"A phase with a long title number {i}",
        start_week=start,
        end_week=start + length - 1,
        summary_md="",
        steps=(),
        completion=0.0,
        hours_total=0.0,
        steps_finished=0,
    )


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.integers(1, 60), st.integers(1, 6)), min_size=1, max_size=60))
def test_labels_never_overlap(qapp, ranges) -> None:  # type: ignore[no-untyped-def]
    model = PhaseModel()
    model.set_phases(tuple(_phase(i, s, n) for i, (s, n) in enumerate(ranges)), 0)
    view = TimelineView(model)
    view.resize(view.sizeHint())
    rects = [view.label_rect(r, 16) for r in range(model.rowCount())]
    shown = [r for r in rects if r.width() > 0]
    assert shown  # the last label along the axis always has room
    for i, a in enumerate(shown):
        for b in shown[i + 1 :]:
            assert not a.intersects(b)


def test_fifty_phases_scroll_sideways_at_a_readable_width(window, qtbot):
    model = window.page.phase_model
    model.set_phases(tuple(_phase(i, 1 + 4 * i, 4) for i in range(50)), 0)
    timeline = window.page.timeline
    assert timeline.sizeHint().width() >= 200 * MIN_WEEK_PX
    bar = window.page.timeline_scroller.horizontalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0)  # after the layout pass
    assert all(timeline.label_rect(r, 16).width() >= 4 * MIN_WEEK_PX - 8 for r in range(50))
