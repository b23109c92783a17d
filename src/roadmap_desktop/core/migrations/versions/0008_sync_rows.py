"""sync_rows and sync_rowkeys: row-level change tracking for the big synced tables

Revision ID: 0008_sync_rows
Revises: 0007_alternatives
Create Date: 2026-12-03 08:30:00

Cards and the review log can hold hundreds of thousands of rows; a round that compared them
whole after each answer took seconds while holding the write lock. The sync engine's triggers
now note each written row of those tables in `sync_rows`, and `sync_rowkeys` remembers each
row's stable key (so a deleted row's key is known). New tables only: the downgrade drops them
with the triggers that write to them, and clears the trigger list so the next round of the
older version installs its own triggers again.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008_sync_rows"
down_revision: str | None = "0007_alternatives"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "sync_rows",
        sa.Column("tbl", sa.String(length=64), nullable=False),
        sa.Column("rid", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("tbl", "rid", name=op.f("pk_sync_rows")),
    )
    op.create_table(
        "sync_rowkeys",
        sa.Column("entity", sa.String(length=40), nullable=False),
        sa.Column("rid", sa.Integer(), nullable=False),
        sa.Column("key", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("entity", "rid", name=op.f("pk_sync_rowkeys")),
    )


def downgrade() -> None:
    conn = op.get_bind()
    triggers = conn.execute(
        sa.text(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'sync_dirty_%'"
            " AND sql LIKE '%sync_rows%'"
        )
    ).all()
    for (name,) in triggers:
        op.execute(f'DROP TRIGGER IF EXISTS "{name}"')
    op.execute("DELETE FROM sync_meta WHERE key IN ('triggers', 'rowkeys')")
    op.drop_table("sync_rowkeys")
    op.drop_table("sync_rows")
