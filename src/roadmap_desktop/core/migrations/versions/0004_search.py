"""full-text search index over steps, topics, notes, resources, questions, cards and roadmaps

Revision ID: 0004_search
Revises: 0003_review
Create Date: 2026-12-02 18:40:00

The index's table and triggers are generated from core/search_index.KINDS, the one list of
what is indexed; `install` drops and rebuilds them, so a later migration that adds an indexed
table calls it again. The cards table (0003_review) exists already when this runs.
"""

from collections.abc import Sequence

from alembic import op

from roadmap_desktop.core import search_index

revision: str = "0004_search"
down_revision: str | None = "0003_review"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    search_index.install(op.get_bind())


def downgrade() -> None:
    search_index.drop(op.get_bind())
