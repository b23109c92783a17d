"""cards and the review log (FSRS spaced repetition)

Revision ID: 0003_review
Revises: 0002_library_planner
Create Date: 2026-12-02 18:45:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003_review"
down_revision: str | None = "0002_library_planner"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "cards",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.String(length=32), nullable=False),
        sa.Column("roadmap_id", sa.Integer(), nullable=False),
        sa.Column("step_key", sa.String(length=80), nullable=True),
        sa.Column("question_key", sa.String(length=80), nullable=True),
        sa.Column("origin", sa.String(length=16), nullable=False),
        sa.Column("front_md", sa.Text(), nullable=False),
        sa.Column("back_md", sa.Text(), nullable=False),
        sa.Column("edited", sa.Boolean(), nullable=False),
        sa.Column("suspended", sa.Boolean(), nullable=False),
        sa.Column("archived", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("state", sa.Integer(), nullable=False),
        sa.Column("step", sa.Integer(), nullable=True),
        sa.Column("stability", sa.Float(), nullable=True),
        sa.Column("difficulty", sa.Float(), nullable=True),
        sa.Column("due", sa.DateTime(), nullable=False),
        sa.Column("last_review", sa.DateTime(), nullable=True),
        sa.Column("reps", sa.Integer(), nullable=False),
        sa.Column("lapses", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["roadmap_id"],
            ["roadmaps.id"],
            name=op.f("fk_cards_roadmap_id_roadmaps"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cards")),
        sa.UniqueConstraint(
            "roadmap_id", "question_key", name=op.f("uq_cards_roadmap_id_question_key")
        ),
        sa.UniqueConstraint("uid", name=op.f("uq_cards_uid")),
    )
    with op.batch_alter_table("cards", schema=None) as batch_op:
        batch_op.create_index(
            "ix_cards_due", ["due", "state", "suspended", "archived"], unique=False
        )
        batch_op.create_index(
            "ix_cards_step",
            ["roadmap_id", "step_key", "due", "state", "suspended", "archived"],
            unique=False,
        )

    op.create_table(
        "review_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("card_id", sa.Integer(), nullable=False),
        sa.Column("reviewed_at", sa.DateTime(), nullable=False),
        sa.Column("rating", sa.Integer(), nullable=False),
        sa.Column("state", sa.Integer(), nullable=False),
        sa.Column("elapsed_days", sa.Float(), nullable=False),
        sa.Column("scheduled_days", sa.Float(), nullable=False),
        sa.Column("duration_ms", sa.Integer(), nullable=True),
        sa.Column("prev_step", sa.Integer(), nullable=True),
        sa.Column("prev_stability", sa.Float(), nullable=True),
        sa.Column("prev_difficulty", sa.Float(), nullable=True),
        sa.Column("prev_due", sa.DateTime(), nullable=False),
        sa.Column("prev_last_review", sa.DateTime(), nullable=True),
        sa.Column("prev_lapses", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["card_id"],
            ["cards.id"],
            name=op.f("fk_review_log_card_id_cards"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_review_log")),
    )
    with op.batch_alter_table("review_log", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_review_log_card_id"), ["card_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_review_log_reviewed_at"), ["reviewed_at"], unique=False
        )

    # Every practice question already stored becomes a new card (content syncs do this from
    # now on; a roadmap whose file is unchanged is not synced again).
    op.execute(
        """
        INSERT INTO cards (uid, roadmap_id, step_key, question_key, origin, front_md, back_md,
                           edited, suspended, archived, created_at, state, due, reps, lapses)
        SELECT lower(hex(randomblob(16))), q.roadmap_id, q.step_key, q.key,
               CASE r.origin WHEN 'bundled' THEN 'bundled' ELSE 'imported' END,
               q.prompt_md, q.answer_md, 0, 0,
               CASE WHEN EXISTS (SELECT 1 FROM steps s WHERE s.roadmap_id = q.roadmap_id
                                 AND s.key = q.step_key AND s.archived = 1) THEN 1 ELSE 0 END,
               CURRENT_TIMESTAMP, 0, CURRENT_TIMESTAMP, 0, 0
        FROM practice_questions q JOIN roadmaps r ON r.id = q.roadmap_id
        ORDER BY q.roadmap_id, q.position
        """
    )


def downgrade() -> None:
    op.drop_table("review_log")
    op.drop_table("cards")
