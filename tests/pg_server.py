"""A throwaway PostGIS cluster for the tests, started once per session with scripts/postgis.sh.

Each store test gets its own database, copied from a template that holds the migrated schema and
the test data set (CREATE DATABASE … TEMPLATE is fast). Without PostgreSQL 15 + PostGIS the tests
skip with the reason — except in CI (``CI=true``), where they fail: CI must run them.
"""

from __future__ import annotations

import itertools
import os
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

import psycopg
import pytest

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "scripts" / "postgis.sh"
TEMPLATE = "lanbai_template"


class Server:
    """One cluster in a temporary folder on a free port."""

    def __init__(self):
        self.folder = Path(tempfile.mkdtemp(prefix="lanbai-pg-"))
        self.folder.chmod(0o755)  # as root the server runs as `postgres`, which must reach the cluster folder
        self.port = _free_port()
        self.url = ""
        self._numbers = itertools.count(1)
        self.template_ready = False

    def start(self) -> None:
        done = subprocess.run(
            [str(SCRIPT), "start", str(self.folder / "cluster"), str(self.port)],
            capture_output=True,
            text=True,
            timeout=180,
        )
        if done.returncode != 0:
            raise RuntimeError(f"scripts/postgis.sh start failed ({done.returncode}): {done.stderr.strip()[-800:]}")
        self.url = done.stdout.strip().splitlines()[-1]

    def stop(self) -> None:
        subprocess.run([str(SCRIPT), "stop", str(self.folder / "cluster")], capture_output=True, timeout=120)

    def restart(self) -> None:
        self.start()

    def database_url(self, name: str) -> str:
        return self.url.rsplit("/", 1)[0] + "/" + name

    def new_database(self, template: str | None = TEMPLATE) -> str:
        """A fresh database (copied from the template, or empty with PostGIS only); returns its URL."""
        name = f"t{os.getpid()}_{next(self._numbers)}"
        with psycopg.connect(self.url, autocommit=True) as conn:
            conn.execute(f"CREATE DATABASE {name}" + (f" TEMPLATE {template}" if template else ""))
        return self.database_url(name)

    def cleanup(self) -> None:
        self.stop()
        shutil.rmtree(self.folder, ignore_errors=True)


_SERVER: Server | None = None
_FAILED = ""


def server() -> Server:
    """The session's cluster, started on first use; skip (locally) or fail (CI) when it cannot start."""
    global _SERVER, _FAILED
    if _SERVER is None and not _FAILED:
        candidate = Server()
        try:
            candidate.start()
            _SERVER = candidate
        except (RuntimeError, OSError, subprocess.TimeoutExpired) as exc:
            _FAILED = str(exc)
            shutil.rmtree(candidate.folder, ignore_errors=True)
    if _SERVER is None:
        reason = f"PostGIS cannot start here: {_FAILED}"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    return _SERVER


def stop_server() -> None:
    global _SERVER
    if _SERVER is not None:
        _SERVER.cleanup()
        _SERVER = None


@pytest.fixture(scope="session", autouse=True)
def _postgis_cluster_teardown():
    """Stops the cluster at the end of the session if a test started it."""
    yield
    stop_server()


@pytest.fixture
def postgis():
    return server()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
