"""Alembic environment: runs the package's migrations on the connection the app hands over."""

from alembic import context
from sqlalchemy import create_engine

from roadmap_desktop.core.models import Base

config = context.config
target_metadata = Base.metadata


def run_migrations() -> None:
    """Migrate on the given connection, or on a URL when run from the alembic command line."""
    connection = config.attributes.get("connection")
    if connection is None:
        engine = create_engine(config.get_main_option("sqlalchemy.url") or "sqlite://")
        with engine.begin() as conn:
            _run(conn)
        engine.dispose()
    else:
        _run(connection)


def _run(connection) -> None:  # type: ignore[no-untyped-def]
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,  # SQLite cannot ALTER most things; batch mode recreates tables
        # core/db.py reports each revision applied as progress of the upgrade
        on_version_apply=config.attributes.get("on_version_apply", ()),
    )
    with context.begin_transaction():
        context.run_migrations()


run_migrations()
