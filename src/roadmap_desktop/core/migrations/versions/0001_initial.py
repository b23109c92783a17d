"""initial schema

Revision ID: 0001_initial
Revises: (none)
Create Date: 2026-11-21 22:59:40.764831
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001_initial"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:

    op.create_table(
        "resources",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("url", sa.Text(), nullable=True),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("author", sa.String(length=200), nullable=False),
        sa.Column("cost", sa.String(length=8), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_resources")),
    )
    with op.batch_alter_table("resources", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_resources_url"), ["url"], unique=False)

    op.create_table(
        "roadmaps",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(length=64), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("summary_md", sa.Text(), nullable=False),
        sa.Column(
            "origin",
            sa.Enum("bundled", "imported", "custom", name="origin", native_enum=False, length=16),
            nullable=False,
        ),
        sa.Column("source_ref", sa.Text(), nullable=False),
        sa.Column("content_version", sa.Integer(), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_roadmaps")),
        sa.UniqueConstraint("slug", name=op.f("uq_roadmaps_slug")),
    )
    op.create_table(
        "phases",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("roadmap_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=80), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("summary_md", sa.Text(), nullable=False),
        sa.Column("start_week", sa.Integer(), nullable=False),
        sa.Column("end_week", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["roadmap_id"],
            ["roadmaps.id"],
            name=op.f("fk_phases_roadmap_id_roadmaps"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_phases")),
        sa.UniqueConstraint("roadmap_id", "key", name=op.f("uq_phases_roadmap_id_key")),
    )
    op.create_table(
        "practice_questions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("roadmap_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=80), nullable=False),
        sa.Column("step_key", sa.String(length=80), nullable=True),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("prompt_md", sa.Text(), nullable=False),
        sa.Column("answer_md", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["roadmap_id"],
            ["roadmaps.id"],
            name=op.f("fk_practice_questions_roadmap_id_roadmaps"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_practice_questions")),
        sa.UniqueConstraint("roadmap_id", "key", name=op.f("uq_practice_questions_roadmap_id_key")),
    )
    op.create_table(
        "roadmap_progress",
        sa.Column("roadmap_id", sa.Integer(), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("weekly_hours", sa.Float(), nullable=False),
        sa.ForeignKeyConstraint(
            ["roadmap_id"],
            ["roadmaps.id"],
            name=op.f("fk_roadmap_progress_roadmap_id_roadmaps"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("roadmap_id", name=op.f("pk_roadmap_progress")),
    )
    op.create_table(
        "step_progress",
        sa.Column("roadmap_id", sa.Integer(), nullable=False),
        sa.Column("step_key", sa.String(length=80), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "todo",
                "in_progress",
                "done",
                "skipped",
                name="stepstatus",
                native_enum=False,
                length=16,
            ),
            nullable=False,
        ),
        sa.Column("started_at", sa.DateTime(), nullable=True),
        sa.Column("done_at", sa.DateTime(), nullable=True),
        sa.Column("note_md", sa.Text(), nullable=False),
        sa.Column("note_updated_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["roadmap_id"],
            ["roadmaps.id"],
            name=op.f("fk_step_progress_roadmap_id_roadmaps"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("roadmap_id", "step_key", name=op.f("pk_step_progress")),
    )
    op.create_table(
        "topic_ticks",
        sa.Column("roadmap_id", sa.Integer(), nullable=False),
        sa.Column("step_key", sa.String(length=80), nullable=False),
        sa.Column("topic_key", sa.String(length=120), nullable=False),
        sa.Column("ticked_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["roadmap_id"],
            ["roadmaps.id"],
            name=op.f("fk_topic_ticks_roadmap_id_roadmaps"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("roadmap_id", "step_key", "topic_key", name=op.f("pk_topic_ticks")),
    )
    op.create_table(
        "steps",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("roadmap_id", sa.Integer(), nullable=False),
        sa.Column("phase_id", sa.Integer(), nullable=True),
        sa.Column("key", sa.String(length=80), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "topic",
                "project",
                "exercise",
                "milestone",
                name="stepkind",
                native_enum=False,
                length=16,
            ),
            nullable=False,
        ),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("body_md", sa.Text(), nullable=False),
        sa.Column("estimated_hours", sa.Float(), nullable=False),
        sa.Column("archived", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["phase_id"], ["phases.id"], name=op.f("fk_steps_phase_id_phases"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["roadmap_id"],
            ["roadmaps.id"],
            name=op.f("fk_steps_roadmap_id_roadmaps"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_steps")),
        sa.UniqueConstraint("roadmap_id", "key", name=op.f("uq_steps_roadmap_id_key")),
    )
    with op.batch_alter_table("steps", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_steps_phase_id"), ["phase_id"], unique=False)

    op.create_table(
        "step_resources",
        sa.Column("step_id", sa.Integer(), nullable=False),
        sa.Column("resource_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["resource_id"],
            ["resources.id"],
            name=op.f("fk_step_resources_resource_id_resources"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["step_id"],
            ["steps.id"],
            name=op.f("fk_step_resources_step_id_steps"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("step_id", "resource_id", name=op.f("pk_step_resources")),
    )
    with op.batch_alter_table("step_resources", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_step_resources_resource_id"), ["resource_id"], unique=False
        )

    op.create_table(
        "topics",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("step_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=120), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["step_id"], ["steps.id"], name=op.f("fk_topics_step_id_steps"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_topics")),
        sa.UniqueConstraint("step_id", "key", name=op.f("uq_topics_step_id_key")),
    )


def downgrade() -> None:

    op.drop_table("topics")
    with op.batch_alter_table("step_resources", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_step_resources_resource_id"))

    op.drop_table("step_resources")
    with op.batch_alter_table("steps", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_steps_phase_id"))

    op.drop_table("steps")
    op.drop_table("topic_ticks")
    op.drop_table("step_progress")
    op.drop_table("roadmap_progress")
    op.drop_table("practice_questions")
    op.drop_table("phases")
    op.drop_table("roadmaps")
    with op.batch_alter_table("resources", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_resources_url"))

    op.drop_table("resources")
