"""The ``db`` and ``user`` commands, driven exactly as the README shows them."""

import io
import json

import pytest

from geo.cli import main
from geo.settings import reload as settings_reload
from tests.fixtures import write_dataset
from tests.pg_helpers import empty_postgis_store

PASSWORD = "correct horse battery"


def run(capsys, *args, stdin: str | None = None, monkeypatch=None):
    if stdin is not None:
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture
def url(monkeypatch):
    address = empty_postgis_store().url
    monkeypatch.setenv("LANBAI_DATABASE_URL", address)
    settings_reload()
    return address


def test_init_load_check_dump(url, tmp_path, capsys):
    code, out, err = run(capsys, "db", "check")
    assert code == 1 and "schema version 0" in err and "db init" in err
    assert run(capsys, "db", "init")[:2] == (
        0,
        "schema version 6: applied 0001_catalogue.sql, 0002_accounts.sql, 0003_visibility.sql, "
        "0004_investor_tables.sql, 0005_basemap_layers.sql, 0006_query_indexes.sql\n",
    )
    assert run(capsys, "db", "init")[1] == "schema version 6: up to date\n"
    data = write_dataset(tmp_path / "data")
    code, out, _ = run(capsys, "db", "load", str(data), "--author", "ann")
    assert code == 0 and out.startswith(f"loaded {data} as change 1: sources: +3")
    code, out, _ = run(capsys, "db", "check")
    assert code == 0 and "the database contents are valid" in out
    code, out, _ = run(capsys, "db", "dump", str(tmp_path / "dump"))
    assert code == 0 and (tmp_path / "dump" / "sites.csv").read_bytes() == (data / "sites.csv").read_bytes()
    code, _, err = run(capsys, "db", "dump", str(tmp_path / "dump"))
    assert code == 2 and "pass --force" in err
    code, out, _ = run(capsys, "change", "list", "--format", "json")  # the change commands use the database too
    assert code == 0 and [r["id"] for r in json.loads(out)] == [1]


def test_check_lists_located_problems_of_an_outside_edit(url, tmp_path, capsys):
    import psycopg

    run(capsys, "db", "init")
    run(capsys, "db", "load", str(write_dataset(tmp_path / "data")))
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("UPDATE sites SET lat = '50.0' WHERE id = 'zone-a'")
    code, out, _ = run(capsys, "db", "check")
    assert code == 1 and "database table sites line 2 column" in out and "1 problem(s)" in out


def test_a_missing_database_is_one_line(monkeypatch, capsys):
    monkeypatch.setenv("LANBAI_DATABASE_URL", "postgresql://nobody@127.0.0.1:1/none")
    settings_reload()
    code, out, err = run(capsys, "db", "check")
    assert code == 1 and "is not reachable" in err and len(err.strip().splitlines()) == 1


def test_db_needs_a_url(monkeypatch, capsys):
    monkeypatch.delenv("LANBAI_DATABASE_URL", raising=False)
    assert run(capsys, "db", "init")[2] == "error: no database: pass --url or set LANBAI_DATABASE_URL\n"


def test_user_commands_never_show_a_password(tmp_path, monkeypatch, capsys):
    monkeypatch.delenv("LANBAI_DATABASE_URL", raising=False)
    monkeypatch.setenv("LANBAI_ACCOUNTS_FILE", str(tmp_path / "accounts.json"))
    settings_reload()
    code, out, err = run(
        capsys,
        "user",
        "add",
        "ann",
        "--role",
        "reviewer",
        "--password-stdin",
        stdin=PASSWORD + "\n",
        monkeypatch=monkeypatch,
    )
    assert (code, out) == (0, "added ann (reviewer)\n")
    code, out, err = run(
        capsys,
        "user",
        "add",
        "ann",
        "--role",
        "admin",
        "--password-stdin",
        stdin=PASSWORD + "\n",
        monkeypatch=monkeypatch,
    )
    assert code == 2 and "already exists" in err
    code, out, err = run(
        capsys, "user", "add", "bob", "--role", "admin", "--password-stdin", stdin="short\n", monkeypatch=monkeypatch
    )
    assert code == 2 and "at least 10 characters" in err and "short" not in err.replace("characters", "")
    assert run(
        capsys, "user", "passwd", "ann", "--password-stdin", stdin="a new long password\n", monkeypatch=monkeypatch
    )[:2] == (0, "password of ann changed\n")
    assert run(capsys, "user", "disable", "ann")[:2] == (0, "ann is disabled\n")
    code, out, err = run(capsys, "user", "list", "--format", "json")
    assert json.loads(out)[0] == {
        "name": "ann",
        "role": "reviewer",
        "disabled": True,
        "created": json.loads(out)[0]["created"],
    }
    assert PASSWORD not in out + err and "argon2" not in out


def test_user_accounts_go_to_the_database_when_a_url_is_set(url, capsys, monkeypatch):
    run(capsys, "db", "init")
    assert (
        run(
            capsys,
            "user",
            "add",
            "ann",
            "--role",
            "internal",
            "--password-stdin",
            stdin=PASSWORD + "\n",
            monkeypatch=monkeypatch,
        )[0]
        == 0
    )
    assert run(capsys, "user", "list")[1].startswith("ann\tinternal\tactive\t")
