"""The full-text index: one FTS5 table kept in step with the data by SQLite triggers.

Every searchable thing is listed once, in KINDS. A kind says which rows make its documents
(`columns` + `source`, keyed by `key`) and which writes change them (`watches`). From that one
list come the table's triggers, the full rebuild and the drift check the tests use, so every
write path — services, undo, imports, bundle restore, and any added later — keeps the index in
step in its own transaction without knowing it exists.

A document's rowid is `code << 40 | key`: the kind is in the high bits, so one kind's documents
are a rowid range (FTS5 seeks rowid ranges instead of scanning) and a trigger can find a
document from the source row alone.

To index a new table (cards, say): add an IndexedKind below with a new code, and in the
migration that creates the table call `install(connection)` after creating it; `install` drops
and rebuilds the index and its triggers from KINDS. Kinds whose tables do not exist yet are
skipped, so migrations can run in any order.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Protocol

TABLE = "search_index"
KEY_BITS = 40
TOKENIZER = "unicode61 remove_diacritics 2"
# Prefix indexes for 2- and 3-letter prefixes: the first keystrokes are the costly ones.
PREFIXES = "2 3"
COLUMNS = ("title", "body", "extra")
# bm25 weights for COLUMNS: a title match ranks far above a match in long body text.
WEIGHTS = (10.0, 1.0, 4.0)


class Connection(Protocol):
    """What the index needs of a connection: SQLAlchemy's Connection has it."""

    def exec_driver_sql(self, statement: str, parameters: Any = ..., /) -> Any: ...


@dataclass(frozen=True)
class Watch:
    """A write that changes a kind's documents.

    `keys` is a SELECT of the document keys the written row affects, naming the row `{row}`
    (OLD or NEW); `columns` limits updates to those columns (empty: inserts and deletes only).
    """

    table: str
    keys: str
    columns: tuple[str, ...] = ()


@dataclass(frozen=True)
class IndexedKind:
    """One sort of searchable document and how the data makes it."""

    name: str
    code: int
    key: str  # SQL expression of the document key in `source`
    columns: str  # SQL for title, body, extra
    source: str  # FROM … WHERE … (always with a WHERE)
    tables: tuple[str, ...]  # tables the kind needs; skipped until they all exist
    watches: tuple[Watch, ...]

    @property
    def low(self) -> int:
        """The first rowid of this kind's range."""
        return self.code << KEY_BITS

    @property
    def high(self) -> int:
        """The last rowid of this kind's range."""
        return ((self.code + 1) << KEY_BITS) - 1


def _own(column: str = "id") -> str:
    return f"SELECT {{row}}.{column} AS doc_key"


_WATCH_STEP_ROW = ("title", "body_md", "archived", "key", "roadmap_id")

KINDS: tuple[IndexedKind, ...] = (
    IndexedKind(
        name="roadmap",
        code=1,
        key="r.id",
        columns="r.title, r.summary_md, ''",
        source="FROM roadmaps r WHERE 1",
        tables=("roadmaps",),
        watches=(Watch("roadmaps", _own(), ("title", "summary_md")),),
    ),
    IndexedKind(
        name="step",
        code=2,
        key="s.id",
        columns="s.title, s.body_md, ''",
        source="FROM steps s WHERE s.archived = 0",
        tables=("steps",),
        watches=(Watch("steps", _own(), ("title", "body_md", "archived")),),
    ),
    IndexedKind(
        name="topic",
        code=3,
        key="t.id",
        columns="'', '', t.text",
        source="FROM topics t JOIN steps s ON s.id = t.step_id WHERE s.archived = 0",
        tables=("topics", "steps"),
        watches=(
            Watch("topics", _own(), ("text", "step_id")),
            Watch(
                "steps", "SELECT id AS doc_key FROM topics WHERE step_id = {row}.id", ("archived",)
            ),
        ),
    ),
    IndexedKind(
        name="note",
        code=4,
        key="s.id",  # a note is found by its step, so a hit opens the step in place
        columns="'', p.note_md, ''",
        source=(
            "FROM step_progress p JOIN steps s "
            "ON s.roadmap_id = p.roadmap_id AND s.key = p.step_key "
            "WHERE p.note_md <> '' AND s.archived = 0"
        ),
        tables=("step_progress", "steps"),
        watches=(
            Watch(
                "step_progress",
                "SELECT id AS doc_key FROM steps "
                "WHERE roadmap_id = {row}.roadmap_id AND key = {row}.step_key",
                ("note_md", "step_key", "roadmap_id"),
            ),
            Watch("steps", _own(), ("archived", "key", "roadmap_id")),
        ),
    ),
    IndexedKind(
        name="resource",
        code=5,
        key="r.id",
        columns=(
            "r.title, r.note_md, "
            "trim(r.author || ' ' || coalesce(r.url, '') || ' ' || coalesce(r.local_path, '') "
            "|| ' ' || coalesce((SELECT group_concat(tag, ' ') FROM resource_tags "
            "WHERE resource_id = r.id), ''))"
        ),
        source="FROM resources r WHERE 1",
        tables=("resources", "resource_tags"),
        watches=(
            Watch("resources", _own(), ("title", "note_md", "author", "url", "local_path")),
            Watch("resource_tags", _own("resource_id"), ("tag", "resource_id")),
        ),
    ),
    IndexedKind(
        name="question",
        code=6,
        key="q.id",
        columns="q.prompt_md, q.answer_md, ''",
        source="FROM practice_questions q WHERE 1",
        tables=("practice_questions",),
        watches=(Watch("practice_questions", _own(), ("prompt_md", "answer_md")),),
    ),
)

KIND_BY_NAME = {kind.name: kind for kind in KINDS}
KIND_BY_CODE = {kind.code: kind for kind in KINDS}


def decode(rowid: int) -> tuple[IndexedKind, int]:
    """The kind and source key of a document rowid."""
    return KIND_BY_CODE[rowid >> KEY_BITS], rowid & ((1 << KEY_BITS) - 1)


def _documents(kind: IndexedKind, keys: str | None = None) -> str:
    restrict = f" AND {kind.key} IN ({keys})" if keys else ""
    return (
        f"SELECT ({kind.code} << {KEY_BITS}) + {kind.key}, {kind.columns} {kind.source}{restrict}"
    )


def _insert(kind: IndexedKind, keys: str | None = None) -> str:
    return f"INSERT INTO {TABLE}(rowid, {', '.join(COLUMNS)}) {_documents(kind, keys)}"


def _trigger_sql(kind: IndexedKind, watch: Watch, event: str) -> tuple[str, str]:
    rows = {"INSERT": ("NEW",), "DELETE": ("OLD",), "UPDATE": ("OLD", "NEW")}[event]
    keys = " UNION ".join(watch.keys.format(row=row) for row in rows)
    name = f"{TABLE}_{kind.name}_{watch.table}_{event[0].lower()}"
    timing = f"AFTER {event}"
    when = ""
    if event == "UPDATE":
        timing += f" OF {', '.join(watch.columns)}"
        changed = " OR ".join(f"OLD.{c} IS NOT NEW.{c}" for c in watch.columns)
        when = f" WHEN {changed}"
    body = (
        f"DELETE FROM {TABLE} WHERE rowid IN "
        f"(SELECT ({kind.code} << {KEY_BITS}) + doc_key FROM ({keys})); "
        f"{_insert(kind, f'SELECT doc_key FROM ({keys})')};"
    )
    return name, f"CREATE TRIGGER {name} {timing} ON {watch.table}{when} BEGIN {body} END"


def trigger_statements(kinds: Iterable[IndexedKind] = KINDS) -> dict[str, str]:
    """CREATE TRIGGER statements by trigger name, for the given kinds."""
    found: dict[str, str] = {}
    for kind in kinds:
        for watch in kind.watches:
            events = ("INSERT", "DELETE", "UPDATE") if watch.columns else ("INSERT", "DELETE")
            for event in events:
                name, sql = _trigger_sql(kind, watch, event)
                found[name] = sql
    return found


def _existing_tables(conn: Connection) -> set[str]:
    rows = conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
    return {str(row[0]) for row in rows}


def available_kinds(conn: Connection) -> tuple[IndexedKind, ...]:
    """The kinds whose tables exist in this database."""
    tables = _existing_tables(conn)
    return tuple(kind for kind in KINDS if set(kind.tables) <= tables)


def drop(conn: Connection) -> None:
    """Remove the index table and every trigger that feeds it."""
    rows = conn.exec_driver_sql(
        "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE ?", (f"{TABLE}_%",)
    ).fetchall()
    for (name,) in rows:
        conn.exec_driver_sql(f'DROP TRIGGER IF EXISTS "{name}"')
    conn.exec_driver_sql(f"DROP TABLE IF EXISTS {TABLE}")


def install(conn: Connection) -> None:
    """(Re)create the index table and its triggers for the kinds that exist, then fill it."""
    drop(conn)
    conn.exec_driver_sql(
        f"CREATE VIRTUAL TABLE {TABLE} USING fts5({', '.join(COLUMNS)}, "
        f"tokenize = '{TOKENIZER}', prefix = '{PREFIXES}')"
    )
    kinds = available_kinds(conn)
    for sql in trigger_statements(kinds).values():
        conn.exec_driver_sql(sql)
    fill(conn, kinds)


def fill(conn: Connection, kinds: Iterable[IndexedKind] | None = None) -> None:
    """Write every document of the given kinds (all that exist by default) into the index."""
    for kind in available_kinds(conn) if kinds is None else kinds:
        conn.exec_driver_sql(_insert(kind))
    conn.exec_driver_sql(f"INSERT INTO {TABLE}({TABLE}) VALUES ('optimize')")


def rebuild(conn: Connection) -> None:
    """Empty the index and write it again from the data (triggers untouched)."""
    conn.exec_driver_sql(f"DELETE FROM {TABLE}")
    fill(conn)


def is_installed(conn: Connection) -> bool:
    """True when the index table and exactly the expected triggers exist."""
    rows = conn.exec_driver_sql(
        "SELECT type, name FROM sqlite_master WHERE name LIKE ?", (f"{TABLE}%",)
    ).fetchall()
    tables = {str(name) for kind, name in rows if kind == "table"}
    triggers = {str(name) for kind, name in rows if kind == "trigger"}
    if TABLE not in tables:
        return False
    return triggers == set(trigger_statements(available_kinds(conn)))


def ensure_installed(conn: Connection) -> bool:
    """Install the index when it or a trigger is missing (a migration rebuilt a watched
    table, say); returns True when it had to."""
    if is_installed(conn):
        return False
    install(conn)
    return True


def drift(conn: Connection) -> tuple[set[int], set[int], set[int]]:
    """How the index differs from the data: rowids missing, stale (text differs) and extra."""
    expected: dict[int, tuple[str, ...]] = {}
    for kind in available_kinds(conn):
        for row in conn.exec_driver_sql(_documents(kind)).fetchall():
            expected[int(row[0])] = tuple(str(v) for v in row[1:])
    actual = {
        int(row[0]): tuple(str(v) for v in row[1:])
        for row in conn.exec_driver_sql(
            f"SELECT rowid, {', '.join(COLUMNS)} FROM {TABLE}"
        ).fetchall()
    }
    missing = set(expected) - set(actual)
    extra = set(actual) - set(expected)
    stale = {rowid for rowid in set(expected) & set(actual) if expected[rowid] != actual[rowid]}
    return missing, stale, extra
