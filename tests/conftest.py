"""Shared test setup: Qt runs offscreen, and nothing touches the user's real data folder."""

import os
from collections.abc import Callable
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture(autouse=True)
def _isolated_default_data_dir(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Code that falls back to the default data folder lands in a temporary one."""
    monkeypatch.setenv("ROADMAP_DESKTOP_DATA_DIR", str(tmp_path_factory.mktemp("default-data")))


OldDatabaseFn = Callable[..., Path]
UPGRADE_SLUG = "upgrade-test"


def _upgrade_spec(steps: int):  # type: ignore[no-untyped-def]
    from roadmap_desktop.core.roadmap_format import PhaseSpec, RoadmapSpec, StepSpec, TopicSpec

    per_phase = 50
    phases = []
    for p in range((steps + per_phase - 1) // per_phase):
        count = min(per_phase, steps - p * per_phase)
        phases.append(
            PhaseSpec(
                key=f"p{p}",
                title=f"Phase {p + 1}",
                start_week=p + 1,
                end_week=p + 1,
                summary="",
                steps=tuple(
                    StepSpec(
                        key=f"p{p}-s{s}",
                        # the last step is the one the tests look for
                        title="Quokka indexing trick"
                        if p * per_phase + s == steps - 1
                        else f"Step {p}.{s} on caching",
                        kind="topic",
                        effort_hours=1.0,
                        body=f"Guide text {p}.{s}: read, write, measure and repeat.",
                        topics=(TopicSpec("t0", f"Topic {p}.{s} of the step"),),
                    )
                    for s in range(count)
                ),
            )
        )
    return RoadmapSpec(
        slug=UPGRADE_SLUG,
        title="Upgrade test",
        content_version=1,
        summary="Steps written before the search index existed",
        source="test",
        phases=tuple(phases),
    )


@pytest.fixture
def old_database() -> OldDatabaseFn:
    """Makes `folder/roadmap.sqlite3` at schema 0003_review (before the search index), with a
    roadmap of `steps` steps (the last titled "Quokka indexing trick"), each with a topic, and
    `notes` notes (one on that last step: "Zebrafish vacuum"). Written by today's code and
    taken back down by the real migrations."""

    def make(folder: Path, *, steps: int = 50, notes: int = 10) -> Path:
        from alembic import command
        from sqlalchemy import create_engine, event

        from roadmap_desktop.core.content_sync import sync_roadmap
        from roadmap_desktop.core.db import _configure_connection, alembic_config, open_database
        from roadmap_desktop.core.models import Origin

        folder.mkdir(parents=True, exist_ok=True)
        path = folder / "roadmap.sqlite3"
        db = open_database(path)
        spec = _upgrade_spec(steps)
        with db.transaction() as session:
            sync_roadmap(session, spec, origin=Origin.IMPORTED)
            keys = [step.key for step in spec.all_steps()]
            rows = [(f"Note {i} on step {key}", key) for i, key in enumerate(keys[: notes - 1])]
            rows.append(("# Zebrafish vacuum\n\nThe trick written long ago.", keys[-1]))
            session.connection().exec_driver_sql(
                "INSERT INTO step_progress (roadmap_id, step_key, status, note_md) "
                "SELECT r.id, ?, 'in_progress', ? FROM roadmaps r WHERE r.slug = ?",
                [(key, text, UPGRADE_SLUG) for text, key in rows],
            )
        db.close()
        engine = create_engine(f"sqlite:///{path}")
        event.listen(engine, "connect", _configure_connection)
        with engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA foreign_keys = OFF")
            conn.commit()
            with conn.begin():
                command.downgrade(alembic_config(conn), "0003_review")
        engine.dispose()
        return path

    return make
