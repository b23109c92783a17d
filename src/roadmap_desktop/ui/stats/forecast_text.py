"""The Stats page's sentences: the forecast with its explanation, calibration and streaks."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from roadmap_desktop.core.stats_math import Streaks
from roadmap_desktop.services.stats_values import CalibrationRow, ForecastView


def short_date(day: date, today: date | None = None) -> str:
    """'14 Jun', with the year when it is not this year's."""
    this_year = (today or date.today()).year
    return f"{day.day} {day:%b}" + (f" {day.year}" if day.year != this_year else "")


def forecast_text(view: ForecastView, today: date | None = None) -> tuple[str, str]:
    """('At your pace: 14 Jun (9 May – 2 Aug) · planned: 13 May', the tooltip explaining it)."""
    planned = (
        f"planned: <b>{short_date(view.planned_finish, today)}</b>" if view.planned_finish else ""
    )
    weeks = "".join(
        f"<br>&nbsp;&nbsp;week of {short_date(first, today)}: {done:.1f} h of steps done, "
        f"{logged:.1f} h logged"
        for first, done, logged in view.weeks
    )
    if view.remaining_hours <= 0:
        return "Everything in scope is finished.", "No estimated hours are left."
    forecast = view.forecast
    if forecast is None:
        text = f"At your pace: not yet — {view.reason.rstrip('.').lower()}."
        if planned:
            text += f" · {planned}"
        tip = (
            "The forecast uses your actual pace: the hours of steps you finish and the hours "
            "you log each full week. It appears once there are two full weeks of study "
            f"with some progress.{weeks and '<br>Weeks so far:' + weeks}"
        )
        return text, tip
    text = (
        f"At your pace: <b>{short_date(forecast.finish, today)}</b> "
        f"({short_date(forecast.early, today)} – {short_date(forecast.late, today)})"
    )
    if planned:
        text += f" · {planned}"
    text += f"<br>{view.remaining_hours:.0f} h of estimated work left"
    factor = (
        f"your logged hours divided by {view.calibration:.2f}, your ratio of logged to "
        "estimated hours on finished steps"
        if view.calibration_applied and view.calibration
        else "your logged hours"
    )
    tip = (
        f"<b>How this is worked out</b><br>Your pace is {forecast.mean_pace:.1f} estimated hours "
        f"a week: for each of the last {forecast.weeks_used} full weeks, the average of the "
        f"estimated hours of the steps you finished and {factor}.{weeks}<br>"
        f"At that pace the {view.remaining_hours:.0f} hours left take until "
        f"{short_date(forecast.finish, today)}. The range is where 60% of outcomes fall "
        "(20th to 80th percentile) if your weeks keep varying as they did "
        f"(± {forecast.spread:.1f} h a week)."
    )
    if view.planned_finish:
        tip += (
            "<br>The planned date assumes your availability (or the roadmap's weekly hours) "
            "from today on, as in the header."
        )
    return text, tip


def calibration_text(rows: Sequence[CalibrationRow], per_roadmap: bool) -> str:
    """'You take 1.3× the estimates (Basics 1.1×, Data 1.5×)' or what is missing."""
    rows = [r for r in rows if r.ratio is not None]
    if not rows:
        return "Finish steps you logged time on to compare your time with the estimates."
    estimated = sum(r.estimated_hours for r in rows)
    logged = sum(r.logged_hours for r in rows)
    overall = logged / estimated
    steps = sum(r.steps for r in rows)
    parts = ", ".join(f"{r.title} {r.ratio:.1f}×" for r in rows[:5] if r.ratio is not None)
    more = f" and {len(rows) - 5} more" if len(rows) > 5 else ""
    kind = "roadmap" if per_roadmap else "phase"
    return (
        f"You take <b>{overall:.1f}×</b> the estimates: {logged:.0f} h logged for "
        f"{estimated:.0f} h estimated on {steps} finished "
        f"{'step' if steps == 1 else 'steps'}.<br>By {kind}: {parts}{more}."
    )


def streak_text(streaks: Streaks) -> str:
    """'Streak: 5 days · longest 12 days'."""

    def days(n: int) -> str:
        return f"{n} {'day' if n == 1 else 'days'}"

    return f"Streak: <b>{days(streaks.current)}</b> · longest {days(streaks.longest)}"
