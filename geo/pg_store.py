"""The shared store: the catalogue, the change records and the review queue in PostgreSQL + PostGIS.

Same interface and workflow as the folder store (:class:`geo.workflow.WorkflowStore`). Writers
serialise on the one ``atlas_state`` row (``SELECT … FOR UPDATE``) inside one transaction, so
a publish — every changed table and the record — commits whole or not at all, and a second
reviewer publishing the same change waits, then finds it already published.

Reads are validated: ``atlas_state.version`` is bumped by a trigger on every statement that
changes a catalogue table (the atlas, QGIS or psql alike), so :meth:`version` is one cheap query;
when the contents change, they are read and checked with the atlas's validator. If an outside edit
breaks them, the store keeps serving the last valid contents and lists the problems in
:attr:`PostgisStore.problems` for maintainers.
"""

from __future__ import annotations

import json
import threading
from contextlib import contextmanager

import psycopg
from psycopg.conninfo import conninfo_to_dict

from .changesets import ChangeRecord, Raw
from .errors import DataValidationError, Problem, StoreUnavailableError
from .load import Catalogue, build_catalogue
from .pg_migrate import latest_version, migrate, schema_version
from .pg_tables import read_tables, write_table
from .quotes import default_seeds_dir
from .store import ChangeSettings
from .validate import find_problems
from .workflow import WorkflowStore

AUTO = "auto"
CONNECT_TIMEOUT_S = 5


class PostgisStore(WorkflowStore):
    """The catalogue in a PostGIS database.

    Parameters
    ----------
    url : str
        A libpq URL, e.g. ``postgresql://atlas@db.example:5432/lanbai`` (``LANBAI_DATABASE_URL``).
    settings : ChangeSettings, optional
        Self-approval and the import size limit; from the environment by default.
    seeds_dir : path or None
        Source documents to check quotes of proposals against; found automatically by default.
    """

    data_dir = None

    def __init__(self, url: str, settings: ChangeSettings | None = None, seeds_dir=AUTO):
        if not str(url or "").startswith(("postgresql://", "postgres://")):
            raise StoreUnavailableError("a database URL must start with postgresql://")
        self.url = url
        self.settings = settings or ChangeSettings.from_env()
        self.seeds_dir = default_seeds_dir() if seeds_dir == AUTO else seeds_dir
        self._local = threading.local()
        self._valid: tuple[str, Raw] | None = None  # the last valid contents and their version
        self._checked_version = ""
        self._built: tuple[str, Catalogue] | None = None  # the catalogue typed from ``_valid`` and its version
        self.problems: list[Problem] = []  # what is wrong with the database contents now (empty: valid)

    # -- connection -----------------------------------------------------------------------------
    @property
    def where(self) -> str:
        """The server and database, for messages (never the password)."""
        parts = conninfo_to_dict(self.url)
        return f"{parts.get('host', 'localhost')}:{parts.get('port', 5432)}/{parts.get('dbname', '')}"

    @contextmanager
    def _connection(self):
        """The calling thread's connection, opened on first use and reopened after a failure.

        Errors of the server going away become :class:`StoreUnavailableError`.
        """
        conn = getattr(self._local, "conn", None)
        try:
            if conn is None or conn.closed or conn.broken:
                conn = self._local.conn = psycopg.connect(self.url, autocommit=True, connect_timeout=CONNECT_TIMEOUT_S)
            yield conn
        except (psycopg.OperationalError, psycopg.InterfaceError) as exc:
            self._drop(conn)
            first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise StoreUnavailableError(
                f"the atlas database at {self.where} is not reachable ({first}); it is tried again on the next request"
            ) from None

    def _drop(self, conn) -> None:
        self._local.conn = None
        if conn is not None:
            try:
                conn.close()
            except psycopg.Error:
                pass

    def close(self) -> None:
        """Close the calling thread's connection (the next call opens a new one)."""
        self._drop(getattr(self._local, "conn", None))

    def _query(self, sql: str, params=None) -> list[tuple]:
        with self._connection() as conn:
            cursor = conn.execute(sql, params)
            return cursor.fetchall() if cursor.description else []

    # -- schema ---------------------------------------------------------------------------------
    def migrate(self) -> list[str]:
        """Create or upgrade the schema (``python -m geo db init``); returns the migrations applied."""
        with self._connection() as conn:
            return migrate(conn)

    def schema_version(self) -> int:
        """The highest migration applied to the database (0: never initialised)."""
        with self._connection() as conn:
            return schema_version(conn)

    def _require_schema(self) -> None:
        if getattr(self._local, "schema_ok", False):
            return
        found = self.schema_version()
        if found < latest_version():
            raise StoreUnavailableError(
                f"the database at {self.where} has atlas schema version {found}, "
                f"not {latest_version()}: run `python -m geo db init`"
            )
        self._local.schema_ok = True

    # -- reading --------------------------------------------------------------------------------
    def version(self) -> str:
        """The ``atlas_state`` counter: one indexed row, bumped by every change to a catalogue table."""
        self._require_schema()
        return f"pg:{self._query('SELECT version FROM atlas_state')[0][0]}"

    def read_raw(self) -> Raw:
        """The database contents if they are valid, else the last valid contents (see :attr:`problems`).

        Raises
        ------
        DataValidationError
            The contents are not valid and this store has never seen valid ones (e.g. an empty database).
        """
        version = self.version()
        if self._valid is not None and version in (self._valid[0], self._checked_version):
            return _copied(self._valid[1])
        raw = self.read_unchecked()
        problems = find_problems(raw)
        self._checked_version, self.problems = version, problems
        if not problems:
            self._valid = (version, raw)
        elif self._valid is None:
            raise DataValidationError(problems)
        return _copied(self._valid[1])

    def catalogue(self) -> Catalogue:
        """The typed catalogue of the last valid contents, built once per version of them.

        While the version is unchanged (one cheap query) the catalogue built last is returned as is:
        a warm call neither reads, validates nor types the tables again.
        """
        version = self.version()
        valid, built = self._valid, self._built
        if valid is not None and built is not None and built[0] == valid[0]:
            if version in (valid[0], self._checked_version):
                return built[1]
        raw = self.read_raw()  # validated: only valid contents come back
        valid_version = self._valid[0] if self._valid is not None else version
        built = self._built
        if built is not None and built[0] == valid_version:
            return built[1]
        typed = build_catalogue(raw, None)
        self._built = (valid_version, typed)
        return typed

    def read_unchecked(self) -> Raw:
        """The tables exactly as stored, valid or not (``db check``, ``db load``)."""
        self._require_schema()
        with self._connection() as conn:
            return read_tables(conn)

    def data_label(self, table: str) -> str:
        """How a table is named in located problems."""
        return f"database table {table}"

    # -- storage primitives ---------------------------------------------------------------------
    @contextmanager
    def _locked(self):
        """One transaction holding the writers' lock; re-entrant in a thread (approve → check)."""
        if getattr(self._local, "in_transaction", False):
            yield
            return
        self._require_schema()
        with self._connection() as conn, conn.transaction():
            conn.execute("SELECT version FROM atlas_state FOR UPDATE")
            self._local.in_transaction = True
            try:
                yield
            finally:
                self._local.in_transaction = False

    def _records(self) -> list[ChangeRecord]:
        rows = self._query("SELECT record::text FROM changes ORDER BY id")
        return [ChangeRecord.from_json(text) for (text,) in rows]

    def _save_record(self, record: ChangeRecord) -> None:
        changeset = record.changeset
        with self._connection() as conn, conn.transaction():
            conn.execute(
                "INSERT INTO changes (id, status, author, reason, created, reviewer, reviewed, sequence, reverts, record)"
                " VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s) ON CONFLICT (id) DO UPDATE SET status = excluded.status,"
                " reviewer = excluded.reviewer, reviewed = excluded.reviewed, sequence = excluded.sequence,"
                " record = excluded.record",
                (
                    record.id,
                    record.status,
                    changeset.author,
                    changeset.reason,
                    changeset.created,
                    record.reviewer or None,
                    record.reviewed or None,
                    record.sequence,
                    record.reverts,
                    record.to_json(),
                ),
            )
            conn.execute("DELETE FROM change_rows WHERE change_id = %s", (record.id,))
            with conn.cursor() as cursor:
                cursor.executemany(
                    "INSERT INTO change_rows (change_id, n, table_name, op, row_key, before, after)"
                    " VALUES (%s, %s, %s, %s, %s, %s, %s)",
                    [
                        (record.id, n, c.table, c.op, c.key, _json(c.before), _json(c.after))
                        for n, c in enumerate(changeset.changes, start=1)
                    ],
                )

    def _publish(self, record: ChangeRecord, new_raw: Raw) -> None:
        """Every changed table and the record, inside the transaction :meth:`_locked` holds."""
        if not getattr(self._local, "in_transaction", False):
            raise RuntimeError("_publish runs inside _locked()")
        with self._connection() as conn:
            for name in record.changeset.tables:
                write_table(conn, name, new_raw[name])
            self._save_record(record)

    def publish_directly(self, record: ChangeRecord, new_raw: Raw) -> None:
        """Write a record already marked published and its tables in one transaction (``db load``)."""
        with self._locked():
            self._publish(record, new_raw)

    def next_ids(self) -> tuple[int, int]:
        """(next change id, next publish sequence)."""
        row = self._query("SELECT coalesce(max(id), 0) + 1, coalesce(max(sequence), 0) + 1 FROM changes")[0]
        return int(row[0]), int(row[1])


def _copied(raw: Raw) -> Raw:
    return {name: df.copy() for name, df in raw.items()}


def _json(value) -> str | None:
    return None if value is None else json.dumps(value, ensure_ascii=False)
