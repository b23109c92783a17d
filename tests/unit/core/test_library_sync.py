"""Resources in the database: the 0002 backfill, content updates keep the learner's links."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from pathlib import Path

from sqlalchemy import create_engine, event, select

from roadmap_desktop.core.db import _configure_connection, alembic_config, open_database
from roadmap_desktop.core.library import normalize_url
from roadmap_desktop.core.models import Resource, Step, StepResource
from roadmap_desktop.core.roadmap_format import ResourceSpec, RoadmapSpec
from roadmap_desktop.core.schema import SCHEMA_HEAD
from roadmap_desktop.services import library as lib
from roadmap_desktop.services.queries import step_detail


def _migrate_to(path: Path, revision: str) -> None:
    from alembic import command

    engine = create_engine(f"sqlite:///{path}")
    event.listen(engine, "connect", _configure_connection)
    try:
        with engine.begin() as conn:
            command.upgrade(alembic_config(conn), revision)
    finally:
        engine.dispose()


def test_upgrade_to_0002_backfills_url_keys_and_keeps_resources_bundled(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    _migrate_to(path, "0001_initial")
    conn = sqlite3.connect(path)
    with conn:
        conn.execute(
            "INSERT INTO roadmaps (id, slug, title, summary_md, origin, source_ref, "
            "content_version, content_hash, position) "
            "VALUES (1, 'old', 'Old', '', 'bundled', '', 1, '', 0)"
        )
        conn.execute(
            "INSERT INTO steps (id, roadmap_id, key, position, kind, title, body_md, "
            "estimated_hours, archived) VALUES (1, 1, 's', 0, 'topic', 'S', '', 1, 0)"
        )
        conn.executemany(
            "INSERT INTO resources (id, title, url, kind, author) VALUES (?, ?, ?, 'docs', '')",
            [
                (1, "MDN", "HTTPS://Developer.Mozilla.org/en-US/docs/Web/HTTP/?utm_source=x"),
                (2, "Notes", None),
            ],
        )
        conn.execute("INSERT INTO step_resources VALUES (1, 1, 0)")
    conn.close()

    open_database(path).close()

    conn = sqlite3.connect(path)
    try:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone() == (SCHEMA_HEAD,)
        rows = conn.execute(
            "SELECT id, url_key, origin, status, rating, note_md, added_at IS NOT NULL "
            "FROM resources ORDER BY id"
        ).fetchall()
        links = conn.execute("SELECT step_id, resource_id, user_linked FROM step_resources")
        assert links.fetchall() == [(1, 1, 0)]
    finally:
        conn.close()
    assert rows == [
        (1, "https://developer.mozilla.org/en-US/docs/Web/HTTP", "bundled", "to_do", 0, "", 1),
        (2, None, "bundled", "to_do", 0, "", 1),
    ]
    assert rows[0][1] == normalize_url("https://developer.mozilla.org/en-US/docs/Web/HTTP")


def test_synced_resources_are_bundled_and_keyed(tiny) -> None:
    with tiny.db.reading() as session:
        rows = session.execute(
            select(Resource.title, Resource.origin, Resource.url_key).order_by(Resource.id)
        ).all()
    assert [tuple(r) for r in rows] == [
        ("MDN HTTP guide", "bundled", "https://developer.mozilla.org/en-US/docs/Web/HTTP"),
        ("Pro Git", "bundled", "https://git-scm.com/book/en/v2"),
        ("Use The Index, Luke", "bundled", "https://use-the-index-luke.com"),
        ("SQL notes", "bundled", None),
    ]


def _with_resource(spec: RoadmapSpec, step_key: str, resource: ResourceSpec) -> RoadmapSpec:
    phases = tuple(
        replace(
            phase,
            steps=tuple(
                replace(s, resources=(*s.resources, resource)) if s.key == step_key else s
                for s in phase.steps
            ),
        )
        for phase in spec.phases
    )
    return replace(spec, phases=phases, content_version=spec.content_version + 1, content_hash="x")


def test_bundled_resources_join_the_learners_copy_by_normalised_url(
    tiny, tiny_spec: RoadmapSpec, sync
) -> None:
    mine, _ = lib.add_resource(
        tiny.db,
        lib.ResourceDraft(title="My Flask bookmark", url="https://Flask.palletsprojects.com/"),
    )
    spec = _with_resource(
        tiny_spec,
        "api-project",
        ResourceSpec(
            title="Flask docs",
            kind="docs",
            url="https://flask.palletsprojects.com?utm_source=roadmap",
        ),
    )
    sync(tiny.db, spec)
    [linked] = step_detail(tiny.db, tiny.roadmap_id, "api-project").resources
    assert linked.id == mine
    assert lib.library_row(tiny.db, mine).title == "My Flask bookmark"  # the learner's copy wins
    assert lib.library_row(tiny.db, mine).origin == "user"


def test_a_content_update_keeps_the_learners_links(tiny, tiny_v2_spec: RoadmapSpec, sync) -> None:
    rid = tiny.roadmap_id
    book, _ = lib.add_resource(
        tiny.db, lib.ResourceDraft(title="HTTP: The Definitive Guide", kind="book")
    )
    lib.link_step(tiny.db, book, rid, "http")
    mdn = step_detail(tiny.db, rid, "http").resources[0].id
    lib.link_step(tiny.db, mdn, rid, "sql")  # a bundled resource, linked by the learner elsewhere

    sync(tiny.db, tiny_v2_spec)

    assert [r.title for r in lib.step_resources(tiny.db, rid, "http")] == [
        "MDN HTTP guide",
        "HTTP: The Definitive Guide",
    ]
    assert [r.title for r in lib.step_resources(tiny.db, rid, "sql")] == [
        "Use The Index, Luke",
        "MDN HTTP guide",
    ]
    links = {(link.step_key, link.user_linked) for link in lib.step_links(tiny.db, book)}
    assert links == {("http", True)}


def test_a_roadmap_link_that_the_learner_also_made_is_kept_once(
    tiny, tiny_spec: RoadmapSpec, sync
) -> None:
    rid = tiny.roadmap_id
    pro_git = step_detail(tiny.db, rid, "git").resources[0].id
    lib.link_step(tiny.db, pro_git, rid, "http")  # the learner's
    spec = _with_resource(
        tiny_spec,
        "http",
        ResourceSpec(title="Pro Git", kind="book", url="https://git-scm.com/book/en/v2/"),
    )
    sync(tiny.db, spec)
    with tiny.db.reading() as session:
        rows = session.execute(
            select(StepResource.resource_id, StepResource.user_linked, StepResource.position)
            .join(Step)
            .where(Step.key == "http")
            .order_by(StepResource.position)
        ).all()
    assert [tuple(r) for r in rows] == [(1, False, 0), (pro_git, True, 1)]


def test_a_removed_step_with_the_learners_links_is_archived(
    tiny, tiny_v2_spec: RoadmapSpec, sync
) -> None:
    rid = tiny.roadmap_id
    own, _ = lib.add_resource(tiny.db, lib.ResourceDraft(title="Git cheat sheet"))
    lib.link_step(tiny.db, own, rid, "git")  # git is removed in v2 and has no other progress

    report = sync(tiny.db, tiny_v2_spec)

    assert report.archived_steps == ["git"]
    assert report.removed_steps == []
    assert [r.id for r in lib.step_resources(tiny.db, rid, "git")][-1] == own


def test_a_removed_step_with_only_roadmap_links_is_still_deleted(
    tiny, tiny_v2_spec: RoadmapSpec, sync
) -> None:
    report = sync(tiny.db, tiny_v2_spec)
    assert report.removed_steps == ["git"]
    pro_git = lib.find_duplicate(tiny.db, "https://git-scm.com/book/en/v2")
    assert pro_git is not None  # the resource stays in the library, unlinked
    assert pro_git.used_in == ()


def test_a_linkless_bundled_copy_gains_the_url_another_roadmap_gives(
    tiny, tiny_spec: RoadmapSpec, sync
) -> None:
    # tiny.yaml names "SQL notes" (article) without a link; now a roadmap gives it one.
    spec = _with_resource(
        tiny_spec,
        "api-project",
        ResourceSpec(title="sql NOTES", kind="article", url="https://notes.example/sql"),
    )
    sync(tiny.db, spec)
    rows = [r for r in lib.library_rows(tiny.db) if r.title.casefold() == "sql notes"]
    assert [(r.title, r.url) for r in rows] == [("SQL notes", "https://notes.example/sql")]
    assert rows[0].used_in == ("Tiny roadmap › Relational databases", "Tiny roadmap › Build an API")


def test_a_linkless_spec_joins_the_one_linked_resource_of_that_title(
    tiny, tiny_spec: RoadmapSpec, sync
) -> None:
    spec = _with_resource(tiny_spec, "sql", ResourceSpec(title="pro git", kind="book"))
    sync(tiny.db, spec)
    [pro_git] = [r for r in lib.library_rows(tiny.db) if r.title.casefold() == "pro git"]
    assert pro_git.used_in == (
        "Tiny roadmap › Version control with Git",
        "Tiny roadmap › Relational databases",
    )


def test_the_learners_linkless_resource_is_not_given_a_url(
    tiny, tiny_spec: RoadmapSpec, sync
) -> None:
    mine, _ = lib.add_resource(tiny.db, lib.ResourceDraft(title="Clean Code", kind="book"))
    spec = _with_resource(
        tiny_spec,
        "git",
        ResourceSpec(title="Clean Code", kind="book", url="https://cleancode.example"),
    )
    sync(tiny.db, spec)
    assert lib.library_row(tiny.db, mine).url is None
    copy = lib.find_duplicate(tiny.db, "https://cleancode.example")
    assert copy is not None and copy.id != mine and copy.origin == "bundled"


def test_bundled_roadmaps_share_one_copy_of_each_resource(tmp_path: Path) -> None:
    from roadmap_desktop.services.startup import open_store

    store = open_store(tmp_path / "data", backup=False)
    try:
        rows = lib.library_rows(store.db)
    finally:
        store.db.close()
    keys = [normalize_url(r.url) for r in rows if r.url]
    assert len(keys) == len(set(keys))
    titles = [(r.title.casefold(), r.kind) for r in rows]
    ddia = [r for r in rows if r.title == "Designing Data-Intensive Applications"]
    assert len(ddia) == 1 and ddia[0].url == "https://dataintensive.net/"
    assert len(ddia[0].roadmap_slugs) >= 2
    assert len(titles) > 50
