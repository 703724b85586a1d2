"""Accounts and roles: argon2 hashes, what each role may do, limited failed logins, expiring sessions."""

import json

import pytest

from geo.accounts import (
    ACTIONS,
    ANONYMOUS,
    ROLES,
    AccountError,
    Authenticator,
    DatabaseAccountBook,
    FileAccountBook,
    LoginRefusedError,
    can,
)

PASSWORD = "correct horse battery"


@pytest.fixture
def book(tmp_path):
    return FileAccountBook(tmp_path / "accounts.json")


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


def test_role_matrix_of_actions():
    expected = {
        "public": set(),
        "internal": {"see_internal"},
        "maintainer": {"see_internal", "propose"},
        "reviewer": {"see_internal", "propose", "publish"},
        "admin": set(ACTIONS),
    }
    assert {role: {a for a in ACTIONS if can(role, a)} for role in ROLES} == expected
    with pytest.raises(AccountError):
        can("root", "publish")


def test_the_file_keeps_argon2_hashes_only_and_is_private(book):
    book.add("ann", "reviewer", PASSWORD)
    text = book.path.read_text()
    assert PASSWORD not in text and json.loads(text)[0]["password_hash"].startswith("$argon2id$")
    assert book.path.stat().st_mode & 0o077 == 0
    assert [a.public_view() for a in book.list()] == [
        {"name": "ann", "role": "reviewer", "disabled": False, "created": book.get("ann").created}
    ]


@pytest.mark.parametrize(
    "name, role, password",
    [
        ("ann", "reviewer", PASSWORD),  # duplicate
        ("bad name", "reviewer", PASSWORD),
        ("bob", "root", PASSWORD),
        ("bob", "reviewer", "short"),
    ],
)
def test_bad_account_requests_are_refused(book, name, role, password):
    book.add("ann", "reviewer", PASSWORD)
    with pytest.raises(AccountError):
        book.add(name, role, password)
    assert [a.name for a in book.list()] == ["ann"]


def test_login_gives_a_session_that_expires(book):
    book.add("ann", "maintainer", PASSWORD)
    clock = Clock()
    auth = Authenticator(book, session_s=3600, clock=clock)
    session = auth.login("ann", PASSWORD)
    assert (session.name, session.role) == ("ann", "maintainer") and len(session.token) >= 32
    assert auth.session(session.token) == session
    clock.now += 3600
    assert auth.session(session.token) is ANONYMOUS
    assert auth.session(None) is ANONYMOUS and ANONYMOUS.role == "public"


def test_five_failures_lock_the_name_for_a_minute(book):
    book.add("ann", "reviewer", PASSWORD)
    clock = Clock()
    auth = Authenticator(book, max_failures=5, lockout_s=60, clock=clock)
    for _ in range(5):
        with pytest.raises(LoginRefusedError, match="wrong name or password"):
            auth.login("ann", "guess")
    with pytest.raises(LoginRefusedError, match="too many failed logins.*60 s"):
        auth.login("ann", PASSWORD)  # even the right password, while locked
    clock.now += 59
    with pytest.raises(LoginRefusedError, match="too many"):
        auth.login("ann", PASSWORD)
    clock.now += 1.5
    assert auth.login("ann", PASSWORD).role == "reviewer"


def test_unknown_names_and_disabled_accounts_are_refused(book):
    book.add("ann", "internal", PASSWORD)
    auth = Authenticator(book, clock=Clock())
    with pytest.raises(LoginRefusedError, match="wrong name or password"):
        auth.login("nobody", PASSWORD)
    book.disable("ann")
    with pytest.raises(LoginRefusedError, match="disabled"):
        auth.login("ann", PASSWORD)


def test_a_new_password_replaces_the_old(book):
    book.add("ann", "admin", PASSWORD)
    book.set_password("ann", "another long password")
    auth = Authenticator(book, clock=Clock())
    with pytest.raises(LoginRefusedError):
        auth.login("ann", PASSWORD)
    assert auth.login("ann", "another long password").role == "admin"


def test_accounts_live_in_the_database_for_the_postgis_store(tmp_path):
    from tests.pg_helpers import postgis_store

    store = postgis_store(tmp_path)
    book = DatabaseAccountBook(store)
    book.add("ann", "reviewer", PASSWORD)
    book.disable("ann")
    [account] = book.list()
    assert (account.name, account.role, account.disabled) == ("ann", "reviewer", True)
    assert PASSWORD not in str(store._query("SELECT * FROM accounts"))
