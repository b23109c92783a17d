""" "choose one of" groups: step_groups and step_group_members (content), group_picks (progress)

Revision ID: 0007_alternatives
Revises: 0006_sync
Create Date: 2026-12-03 03:30:00

New tables only, so the downgrade drops them: the steps, their progress and every other table
are untouched either way (a pick is lost on downgrade; the step statuses stay). A roadmap that
had groups loses its content hash on the way down, so the next content sync (a bundled
roadmap at start, or the same file imported again) writes its groups back after an upgrade.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007_alternatives"
down_revision: str | None = "0006_sync"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "step_groups",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("roadmap_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=80), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["roadmap_id"],
            ["roadmaps.id"],
            name=op.f("fk_step_groups_roadmap_id_roadmaps"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_step_groups")),
        sa.UniqueConstraint("roadmap_id", "key", name=op.f("uq_step_groups_roadmap_id_key")),
    )
    op.create_table(
        "step_group_members",
        sa.Column("roadmap_id", sa.Integer(), nullable=False),
        sa.Column("step_key", sa.String(length=80), nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["group_id"],
            ["step_groups.id"],
            name=op.f("fk_step_group_members_group_id_step_groups"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["roadmap_id"],
            ["roadmaps.id"],
            name=op.f("fk_step_group_members_roadmap_id_roadmaps"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("roadmap_id", "step_key", name=op.f("pk_step_group_members")),
    )
    op.create_index(
        op.f("ix_step_group_members_group_id"), "step_group_members", ["group_id"], unique=False
    )
    op.create_table(
        "group_picks",
        sa.Column("roadmap_id", sa.Integer(), nullable=False),
        sa.Column("group_key", sa.String(length=80), nullable=False),
        sa.Column("step_key", sa.String(length=80), nullable=False),
        sa.Column("picked_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["roadmap_id"],
            ["roadmaps.id"],
            name=op.f("fk_group_picks_roadmap_id_roadmaps"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("roadmap_id", "group_key", name=op.f("pk_group_picks")),
    )


def downgrade() -> None:
    op.execute(
        "UPDATE roadmaps SET content_hash = '' "
        "WHERE id IN (SELECT DISTINCT roadmap_id FROM step_groups)"
    )
    op.drop_table("group_picks")
    op.drop_index(op.f("ix_step_group_members_group_id"), table_name="step_group_members")
    op.drop_table("step_group_members")
    op.drop_table("step_groups")
