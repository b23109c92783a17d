"""resource library and planner

Revision ID: 0002_library_planner
Revises: 0001_initial
Create Date: 2026-11-21 23:19:50.458516
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002_library_planner"
down_revision: str | None = "0001_initial"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:

    op.create_table(
        "availability",
        sa.Column("weekday", sa.Integer(), nullable=False),
        sa.Column("minutes", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("weekday", name=op.f("pk_availability")),
    )
    op.create_table(
        "active_timer",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("roadmap_id", sa.Integer(), nullable=True),
        sa.Column("step_key", sa.String(length=80), nullable=True),
        sa.Column("first_started_at", sa.DateTime(), nullable=False),
        sa.Column("running_since", sa.DateTime(), nullable=True),
        sa.Column("accumulated_seconds", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["roadmap_id"],
            ["roadmaps.id"],
            name=op.f("fk_active_timer_roadmap_id_roadmaps"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_active_timer")),
    )
    op.create_table(
        "plan_blocks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("start_time", sa.Time(), nullable=True),
        sa.Column("minutes", sa.Integer(), nullable=False),
        sa.Column("roadmap_id", sa.Integer(), nullable=True),
        sa.Column("step_key", sa.String(length=80), nullable=True),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("done", sa.Boolean(), nullable=False),
        sa.Column("auto", sa.Boolean(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["roadmap_id"],
            ["roadmaps.id"],
            name=op.f("fk_plan_blocks_roadmap_id_roadmaps"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plan_blocks")),
    )
    with op.batch_alter_table("plan_blocks", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_plan_blocks_day"), ["day"], unique=False)
        batch_op.create_index(batch_op.f("ix_plan_blocks_roadmap_id"), ["roadmap_id"], unique=False)

    op.create_table(
        "resource_tags",
        sa.Column("resource_id", sa.Integer(), nullable=False),
        sa.Column("tag", sa.String(length=100), nullable=False),
        sa.ForeignKeyConstraint(
            ["resource_id"],
            ["resources.id"],
            name=op.f("fk_resource_tags_resource_id_resources"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("resource_id", "tag", name=op.f("pk_resource_tags")),
    )
    with op.batch_alter_table("resource_tags", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_resource_tags_tag"), ["tag"], unique=False)

    op.create_table(
        "study_sessions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("roadmap_id", sa.Integer(), nullable=True),
        sa.Column("step_key", sa.String(length=80), nullable=True),
        sa.Column("started_at", sa.DateTime(), nullable=False),
        sa.Column("minutes", sa.Integer(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("source", sa.String(length=8), nullable=False),
        sa.ForeignKeyConstraint(
            ["roadmap_id"],
            ["roadmaps.id"],
            name=op.f("fk_study_sessions_roadmap_id_roadmaps"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_study_sessions")),
    )
    with op.batch_alter_table("study_sessions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_study_sessions_roadmap_id"), ["roadmap_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_study_sessions_started_at"), ["started_at"], unique=False
        )

    with op.batch_alter_table("resources", schema=None) as batch_op:
        batch_op.add_column(sa.Column("url_key", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("local_path", sa.Text(), nullable=True))
        batch_op.add_column(
            sa.Column("status", sa.String(length=16), server_default="to_do", nullable=False)
        )
        batch_op.add_column(sa.Column("rating", sa.Integer(), server_default="0", nullable=False))
        batch_op.add_column(sa.Column("note_md", sa.Text(), server_default="", nullable=False))
        batch_op.add_column(
            sa.Column("origin", sa.String(length=16), server_default="bundled", nullable=False)
        )
        batch_op.add_column(
            sa.Column(
                "added_at",
                sa.DateTime(),
                server_default=sa.text("(CURRENT_TIMESTAMP)"),
                nullable=False,
            )
        )
        batch_op.add_column(sa.Column("finished_at", sa.DateTime(), nullable=True))
        batch_op.create_index(batch_op.f("ix_resources_url_key"), ["url_key"], unique=False)

    with op.batch_alter_table("step_resources", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("user_linked", sa.Boolean(), server_default="0", nullable=False)
        )

    _backfill_library()


def _backfill_library() -> None:
    """Give existing resources their de-duplication key; every existing link is the roadmap's.

    Existing resources keep origin 'bundled' (the column's server default): before this
    revision only roadmap files could add resources.
    """
    from roadmap_desktop.core.library import normalize_url

    conn = op.get_bind()
    rows = conn.execute(sa.text("SELECT id, url FROM resources WHERE url IS NOT NULL")).all()
    if rows:
        conn.execute(
            sa.text("UPDATE resources SET url_key = :key WHERE id = :id"),
            [{"id": rid, "key": normalize_url(url)} for rid, url in rows],
        )
    conn.execute(sa.text("UPDATE step_resources SET user_linked = 0"))


def downgrade() -> None:

    with op.batch_alter_table("step_resources", schema=None) as batch_op:
        batch_op.drop_column("user_linked")

    with op.batch_alter_table("resources", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_resources_url_key"))
        batch_op.drop_column("finished_at")
        batch_op.drop_column("added_at")
        batch_op.drop_column("origin")
        batch_op.drop_column("note_md")
        batch_op.drop_column("rating")
        batch_op.drop_column("status")
        batch_op.drop_column("local_path")
        batch_op.drop_column("url_key")

    with op.batch_alter_table("study_sessions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_study_sessions_started_at"))
        batch_op.drop_index(batch_op.f("ix_study_sessions_roadmap_id"))

    op.drop_table("study_sessions")
    with op.batch_alter_table("resource_tags", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_resource_tags_tag"))

    op.drop_table("resource_tags")
    with op.batch_alter_table("plan_blocks", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_plan_blocks_roadmap_id"))
        batch_op.drop_index(batch_op.f("ix_plan_blocks_day"))

    op.drop_table("plan_blocks")
    op.drop_table("active_timer")
    op.drop_table("availability")
