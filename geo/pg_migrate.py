"""Versioned migrations of the PostGIS store: ``geo/migrations/NNNN_name.sql``, applied once each, in order.

``schema_version`` records which have run. :func:`migrate` applies the missing ones in one
transaction under an advisory lock, so two servers starting at once never apply one twice.
"""

from __future__ import annotations

from pathlib import Path

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
_LOCK_ID = 20261111  # pg_advisory_xact_lock key: serialises concurrent ``db init``


def migration_files() -> list[tuple[int, Path]]:
    """(number, file) of every shipped migration, in order."""
    files = sorted(MIGRATIONS_DIR.glob("[0-9][0-9][0-9][0-9]_*.sql"))
    return [(int(path.name[:4]), path) for path in files]


def latest_version() -> int:
    """The number of the newest shipped migration."""
    return max((n for n, _ in migration_files()), default=0)


def schema_version(conn) -> int:
    """The highest applied migration (0: a database the atlas has never initialised)."""
    exists = conn.execute("SELECT to_regclass('schema_version') IS NOT NULL").fetchone()[0]
    if not exists:
        return 0
    return conn.execute("SELECT coalesce(max(version), 0) FROM schema_version").fetchone()[0]


def migrate(conn) -> list[str]:
    """Apply every migration the database lacks; returns the names applied (empty: up to date)."""
    applied = []
    with conn.transaction():
        conn.execute(f"SELECT pg_advisory_xact_lock({_LOCK_ID})")
        conn.execute(
            "CREATE TABLE IF NOT EXISTS schema_version (version integer PRIMARY KEY, "
            "name text NOT NULL, applied timestamptz NOT NULL DEFAULT now())"
        )
        done = {row[0] for row in conn.execute("SELECT version FROM schema_version")}
        for number, path in migration_files():
            if number in done:
                continue
            conn.execute(path.read_text(encoding="utf-8"))
            conn.execute("INSERT INTO schema_version (version, name) VALUES (%s, %s)", (number, path.name))
            applied.append(path.name)
    return applied
