"""full-text search index over steps, topics, notes, resources, questions, cards and roadmaps

Revision ID: 0004_search
Revises: 0003_review
Create Date: 2026-12-02 18:40:00

The index's table and triggers are generated from core/search_index.KINDS, the one list of
what is indexed; `install` drops and rebuilds them, so a later migration that adds an indexed
table calls it again. The cards table (0003_review) exists already when this runs. The
index is filled in parts, each reported to the `progress` callback the caller may hand over
in the Alembic config's attributes (core/db.py), inside the upgrade's one transaction.
"""

from collections.abc import Sequence

from alembic import op

from roadmap_desktop.core import search_index

revision: str = "0004_search"
down_revision: str | None = "0003_review"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    config = op.get_context().config
    progress = config.attributes.get("progress") if config is not None else None
    search_index.install(op.get_bind(), progress)


def downgrade() -> None:
    search_index.drop(op.get_bind())
