"""sync through a shared folder: global ids for resources, plan blocks, sessions; sync tables

Revision ID: 0006_sync
Revises: 0004_search
Create Date: 2026-12-02 18:50:00
"""

import hashlib
import uuid
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006_sync"
down_revision: str | None = "0004_search"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _resource_uid(url_key: str | None, title: str | None, kind: str | None) -> str:
    # Same rule as models._resource_uid: URL, else title and kind, else random.
    if url_key:
        seed = "url:" + url_key
    elif title:
        seed = f"title:{title.casefold()}:{kind or 'other'}"
    else:
        return uuid.uuid4().hex
    return hashlib.sha1(seed.encode("utf-8")).hexdigest()[:32]


def upgrade() -> None:
    for table in ("resources", "plan_blocks", "study_sessions"):
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column("uid", sa.String(length=32), nullable=True))
            batch.create_index(op.f(f"ix_{table}_uid"), ["uid"], unique=False)
    conn = op.get_bind()
    rows = conn.execute(sa.text("SELECT id, url_key, title, kind FROM resources")).all()
    # One executemany per table: a statement per row took a second for 20,000 resources.
    uids = [
        {"uid": _resource_uid(url_key, title, kind), "id": row_id}
        for row_id, url_key, title, kind in rows
    ]
    if uids:
        conn.execute(sa.text("UPDATE resources SET uid = :uid WHERE id = :id"), uids)
    for table in ("plan_blocks", "study_sessions"):
        ids = conn.execute(sa.text(f"SELECT id FROM {table}")).scalars().all()
        if ids:
            conn.execute(
                sa.text(f"UPDATE {table} SET uid = :uid WHERE id = :id"),
                [{"uid": uuid.uuid4().hex, "id": row_id} for row_id in ids],
            )
    op.create_table(
        "sync_meta",
        sa.Column("key", sa.String(length=40), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_sync_meta")),
    )
    op.create_table(
        "sync_records",
        sa.Column("entity", sa.String(length=40), nullable=False),
        sa.Column("key", sa.Text(), nullable=False),
        sa.Column("state", sa.Text(), nullable=False),
        sa.Column("shadow", sa.Text(), nullable=True),
        sa.Column("pending", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("entity", "key", name=op.f("pk_sync_records")),
    )
    op.create_index(op.f("ix_sync_records_pending"), "sync_records", ["pending"], unique=False)
    op.create_table(
        "sync_files",
        sa.Column("device", sa.String(length=40), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("lines", sa.Integer(), nullable=False),
        sa.Column("done", sa.Boolean(), nullable=False),
        sa.Column("problem", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("device", "seq", name=op.f("pk_sync_files")),
    )
    op.create_table(
        "sync_dirty",
        sa.Column("tbl", sa.String(length=64), nullable=False),
        sa.Column("n", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("tbl", name=op.f("pk_sync_dirty")),
    )


def downgrade() -> None:
    conn = op.get_bind()
    triggers = conn.execute(
        sa.text(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'sync_dirty_%'"
        )
    ).all()
    for (name,) in triggers:  # installed by the sync engine; they write to sync_dirty
        op.execute(f'DROP TRIGGER IF EXISTS "{name}"')
    for table in ("sync_dirty", "sync_files", "sync_records", "sync_meta"):
        op.drop_table(table)
    # A batch rebuild renames tables under the search index's triggers, which SQLite refuses:
    # take the index away for the rebuild and build it again afterwards.
    from roadmap_desktop.core import search_index

    search_index.drop(conn)
    for table in ("study_sessions", "plan_blocks", "resources"):
        with op.batch_alter_table(table) as batch:
            batch.drop_index(op.f(f"ix_{table}_uid"))
            batch.drop_column("uid")
    search_index.install(conn)
