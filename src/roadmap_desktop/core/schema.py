"""The schema revision this app writes, kept in a constant so startup needs no Alembic import."""

# Must equal Alembic's head revision; tests/unit/core/test_migrations.py checks it.
SCHEMA_HEAD = "0009_session_step_index"
