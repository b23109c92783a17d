"""The full-text index: FTS5 tables kept in step with the data by SQLite triggers.

Every searchable thing is listed once, in KINDS. A kind says which rows make its documents
(`columns` + `source`, keyed by `key`) and which writes change them (`watches`). From that one
list come the index tables (`search_<kind>`, one per kind, all with the columns title, body,
extra), their triggers, the full rebuild and the drift check the tests use, so every write path
— services, undo, imports, bundle restore, and any added later — keeps the index in step in its
own transaction without knowing it exists. A document's rowid is its key, so a trigger finds
it from the source row alone. One table per kind keeps ranking per kind cheap: bm25 reads the
statistics of the table it ranks, not of every kind.

To index a new table: add an IndexedKind below, and in the migration that creates
the table call `install(connection)` after creating it; `install` drops and rebuilds every
index table and trigger from KINDS. Kinds whose tables do not exist yet are skipped, so
migrations can run in any order.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Protocol

from roadmap_desktop.core.work_progress import PREPARING_SEARCH, Progress

PREFIX = "search_"  # every index table and trigger, and nothing else, starts with this
TOKENIZER = "unicode61 remove_diacritics 2"
# No prefix indexes: with ranking bounded (core/search.py) they made no measurable difference
# to keystroke times and cost a quarter more space and build time (benchmarks/search.py).
COLUMNS = ("title", "body", "extra")
# bm25 weights for COLUMNS: a title match ranks far above a match in long body text.
WEIGHTS = (10.0, 1.0, 4.0)
# Documents written per statement by a full build: ~20 ms each, so progress moves smoothly;
# the build as a whole costs the same as one statement per kind (benchmarks/search.py).
FILL_CHUNK = 2_000


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
    key: str  # SQL expression of the document key in `source`
    columns: str  # SQL for title, body, extra
    source: str  # FROM … WHERE … (always with a WHERE)
    tables: tuple[str, ...]  # tables the kind needs; skipped until they all exist
    watches: tuple[Watch, ...]

    @property
    def table(self) -> str:
        """The FTS5 table holding this kind's documents."""
        return f"{PREFIX}{self.name}"


def _own(column: str = "id") -> str:
    return f"SELECT {{row}}.{column} AS doc_key"


_WATCH_STEP_ROW = ("title", "body_md", "archived", "key", "roadmap_id")

KINDS: tuple[IndexedKind, ...] = (
    IndexedKind(
        name="roadmap",
        key="r.id",
        columns="r.title, r.summary_md, ''",
        source="FROM roadmaps r WHERE 1",
        tables=("roadmaps",),
        watches=(Watch("roadmaps", _own(), ("title", "summary_md")),),
    ),
    IndexedKind(
        name="step",
        key="s.id",
        columns="s.title, s.body_md, ''",
        source="FROM steps s WHERE s.archived = 0",
        tables=("steps",),
        watches=(Watch("steps", _own(), ("title", "body_md", "archived")),),
    ),
    IndexedKind(
        name="topic",
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
        key="s.id",  # a note is found by its step, so a hit opens the step in place
        # A note's first line is its headline ("# Index tricks"): it ranks as a title.
        columns=("substr(p.note_md, 1, instr(p.note_md || char(10), char(10)) - 1), p.note_md, ''"),
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
        key="q.id",
        columns="q.prompt_md, q.answer_md, ''",
        source="FROM practice_questions q WHERE 1",
        tables=("practice_questions",),
        watches=(Watch("practice_questions", _own(), ("prompt_md", "answer_md")),),
    ),
    IndexedKind(
        name="card",
        key="c.id",
        columns="c.front_md, c.back_md, ''",
        # Only cards that open in a live step's Questions section: not archived cards, not
        # those of a step the learner deleted (archived) or that is gone. A question's card
        # left as the roadmap wrote it repeats the question, which is indexed already: only
        # the learner's own cards and the question cards they edited are documents.
        source=(
            "FROM cards c WHERE c.archived = 0 AND (c.question_key IS NULL OR c.edited = 1) "
            "AND (c.step_key IS NULL OR EXISTS (SELECT 1 FROM steps s "
            "WHERE s.roadmap_id = c.roadmap_id AND s.key = c.step_key AND s.archived = 0))"
        ),
        tables=("cards", "steps"),
        watches=(
            Watch(
                "cards",
                _own(),
                ("front_md", "back_md", "archived", "edited", "question_key", "step_key"),
            ),
            Watch(
                "steps",
                "SELECT id AS doc_key FROM cards "
                "WHERE roadmap_id = {row}.roadmap_id AND step_key = {row}.key",
                ("archived", "key", "roadmap_id"),
            ),
        ),
    ),
)

KIND_BY_NAME = {kind.name: kind for kind in KINDS}


RANGE = "?range"  # _documents/_insert: the keys from the first parameter to the second


def _documents(kind: IndexedKind, keys: str | None = None) -> str:
    """The documents of a kind; `keys` a SELECT of the keys to keep, or `?` `?` for a range."""
    if keys == RANGE:
        restrict = f" AND {kind.key} BETWEEN ? AND ?"
    else:
        restrict = f" AND {kind.key} IN ({keys})" if keys else ""
    return f"SELECT {kind.key}, {kind.columns} {kind.source}{restrict}"


def _insert(kind: IndexedKind, keys: str | None = None) -> str:
    return f"INSERT INTO {kind.table}(rowid, {', '.join(COLUMNS)}) {_documents(kind, keys)}"


def _trigger_sql(kind: IndexedKind, watch: Watch, event: str) -> tuple[str, str]:
    rows = {"INSERT": ("NEW",), "DELETE": ("OLD",), "UPDATE": ("OLD", "NEW")}[event]
    keys = " UNION ".join(watch.keys.format(row=row) for row in rows)
    name = f"{kind.table}_{watch.table}_{event[0].lower()}"
    timing = f"AFTER {event}"
    when = ""
    if event == "UPDATE":
        timing += f" OF {', '.join(watch.columns)}"
        changed = " OR ".join(f"OLD.{c} IS NOT NEW.{c}" for c in watch.columns)
        when = f" WHEN {changed}"
    body = (
        f"DELETE FROM {kind.table} WHERE rowid IN (SELECT doc_key FROM ({keys})); "
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


def _index_objects(conn: Connection) -> list[tuple[str, str, str]]:
    """(type, name, sql) of the index tables and triggers (shadow tables left out)."""
    rows = conn.exec_driver_sql(
        "SELECT type, name, sql FROM sqlite_master WHERE substr(name, 1, ?) = ? "
        "AND (type = 'trigger' OR sql LIKE 'CREATE VIRTUAL TABLE%')",
        (len(PREFIX), PREFIX),
    ).fetchall()
    return [(str(kind), str(name), str(sql)) for kind, name, sql in rows]


def drop(conn: Connection) -> None:
    """Remove every index table and every trigger that feeds one."""
    objects = _index_objects(conn)
    for kind, name, _ in objects:
        if kind == "trigger":  # first: a trigger cannot outlive the table it writes to
            conn.exec_driver_sql(f'DROP TRIGGER IF EXISTS "{name}"')
    for kind, name, _ in objects:
        if kind == "table":  # its shadow tables go with it
            conn.exec_driver_sql(f'DROP TABLE IF EXISTS "{name}"')


def _create_table_sql(kind: IndexedKind) -> str:
    return (
        f"CREATE VIRTUAL TABLE {kind.table} USING fts5({', '.join(COLUMNS)}, "
        f"tokenize = '{TOKENIZER}')"
    )


def install(conn: Connection, progress: Progress | None = None) -> None:
    """(Re)create the index tables and triggers for the kinds that exist, then fill them."""
    drop(conn)
    kinds = available_kinds(conn)
    for kind in kinds:
        conn.exec_driver_sql(_create_table_sql(kind))
    for sql in trigger_statements(kinds).values():
        conn.exec_driver_sql(sql)
    fill(conn, kinds, progress)


def fill(
    conn: Connection,
    kinds: Iterable[IndexedKind] | None = None,
    progress: Progress | None = None,
    chunk: int = FILL_CHUNK,
) -> None:
    """Write every document of the given kinds (all that exist by default) into the index.

    Writes `chunk` documents per statement, by key range, and reports the fraction written
    after each (as PREPARING_SEARCH); all in the caller's transaction, so a build that is cut
    short (a crash, kill -9) leaves nothing behind.
    """
    kinds = available_kinds(conn) if kinds is None else tuple(kinds)
    keys = {
        kind.name: [
            row[0]
            for row in conn.exec_driver_sql(
                f"SELECT {kind.key} {kind.source} ORDER BY {kind.key}"
            ).fetchall()
        ]
        for kind in kinds
    }
    total, done = sum(len(found) for found in keys.values()), 0
    if progress:
        progress(PREPARING_SEARCH, 0.0)
    for kind in kinds:
        found = keys[kind.name]
        for start in range(0, len(found), max(1, chunk)):
            part = found[start : start + max(1, chunk)]
            conn.exec_driver_sql(_insert(kind, RANGE), (part[0], part[-1]))
            done += len(part)
            if progress:
                progress(PREPARING_SEARCH, done / total)
    if progress and not total:
        progress(PREPARING_SEARCH, 1.0)


def rebuild(conn: Connection, progress: Progress | None = None) -> None:
    """Write the whole index again from the data: its tables and triggers dropped and made
    anew (a third faster than deleting every document from FTS5 tables), then filled."""
    install(conn, progress)


def is_installed(conn: Connection) -> bool:
    """True when exactly the index tables and triggers KINDS makes today exist."""
    kinds = available_kinds(conn)
    wanted = {kind.table: _create_table_sql(kind) for kind in kinds}
    wanted.update(trigger_statements(kinds))
    found = {name: sql for _, name, sql in _index_objects(conn)}
    return {k: " ".join(v.split()) for k, v in found.items()} == {
        k: " ".join(v.split()) for k, v in wanted.items()
    }


def ensure_installed(conn: Connection, progress: Progress | None = None) -> bool:
    """Install the index when a table or trigger is missing or out of date (a migration
    rebuilt a watched table, say); returns True when it had to."""
    if is_installed(conn):
        return False
    install(conn, progress)
    return True


def drift(conn: Connection) -> dict[str, tuple[set[int], set[int], set[int]]]:
    """How the index differs from the data, by kind: keys missing, stale (text differs) and
    extra. Only kinds that differ are listed."""
    found = {}
    for kind in available_kinds(conn):
        expected = {
            int(row[0]): tuple(str(v) for v in row[1:])
            for row in conn.exec_driver_sql(_documents(kind)).fetchall()
        }
        actual = {
            int(row[0]): tuple(str(v) for v in row[1:])
            for row in conn.exec_driver_sql(
                f"SELECT rowid, {', '.join(COLUMNS)} FROM {kind.table}"
            ).fetchall()
        }
        missing = set(expected) - set(actual)
        extra = set(actual) - set(expected)
        stale = {key for key in set(expected) & set(actual) if expected[key] != actual[key]}
        if missing or stale or extra:
            found[kind.name] = (missing, stale, extra)
    return found
