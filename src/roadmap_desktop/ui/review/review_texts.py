"""The Review page's words: counts, next due time, the end-of-session summary."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from roadmap_desktop.services.review_values import ReviewCounts

RATING_NAMES = {1: "Again", 2: "Hard", 3: "Good", 4: "Easy"}


def counts_text(counts: ReviewCounts) -> str:
    """ "12 due · 3 new · 5 done today"."""
    return f"{counts.due} due · {counts.new} new · {counts.done_today} done today"


def _local(value: datetime) -> datetime:
    return value.replace(tzinfo=UTC).astimezone()


def next_due_text(upcoming: datetime | None, now: datetime) -> str:
    """When the next card comes due, in the learner's words and local time."""
    if upcoming is None:
        return (
            "No cards are waiting. Questions come due as you start steps: mark a step "
            "In Progress, or include every step in Review Options."
        )
    if upcoming <= now:
        return "More cards are due now."
    when, today = _local(upcoming), _local(now).date()
    clock = when.strftime("%H:%M")
    if upcoming - now < timedelta(hours=1):
        minutes = max(1, round((upcoming - now).total_seconds() / 60))
        return f"The next card is due in {minutes} min ({clock})."
    if when.date() == today:
        return f"The next card is due today at {clock}."
    if when.date() == today + timedelta(days=1):
        return f"The next card is due tomorrow at {clock}."
    return f"The next card is due on {when.strftime('%a %d %b')} at {clock}."


def summary_text(
    ratings: list[int], started: datetime | None, now: datetime, *, quiz: str = ""
) -> str:
    """The end-of-session summary (rich text)."""
    title = f"Quiz on “{quiz}” done" if quiz else "Session complete"
    if not ratings:
        return f"<h2>{title}</h2><p>No cards were answered.</p>"
    minutes = max(1, round((now - started).total_seconds() / 60)) if started else 1
    parts = " · ".join(
        f"{RATING_NAMES[r]} {ratings.count(r)}" for r in (1, 2, 3, 4) if ratings.count(r)
    )
    remembered = sum(1 for r in ratings if r > 1) / len(ratings)
    answers = "answer" if len(ratings) == 1 else "answers"
    return (
        f"<h2>{title}</h2><p>{len(ratings)} {answers} in {minutes} min — {parts}.<br>"
        f"You remembered {remembered:.0%}.</p>"
    )
