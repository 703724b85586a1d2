"""Accounts, roles, logins and sessions — the domain the login UI and every page's checks build on.

Roles, each including the ones before it: ``public`` (anonymous, the default: public rows only),
``internal`` (staff: internal rows and fields too), ``maintainer`` (proposes changes), ``reviewer``
(publishes them), ``admin`` (manages accounts). Accounts live in the store: the ``accounts`` table
of the PostGIS store, or a JSON file beside the data for the embedded store (``LANBAI_ACCOUNTS_FILE``,
default ``<project>/.accounts.json``, outside git). Only argon2 hashes are kept; a password is never
logged, echoed or stored. Failed logins are limited per name (5 → 60 s locked, by default); a login
gives a :class:`Session` whose token expires.
"""

from __future__ import annotations

import functools
import json
import math
import os
import re
import secrets
import threading
import time
from dataclasses import asdict, dataclass, replace
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from .changesets import now_iso
from .errors import ActionRefusedError, AtlasError
from .settings import settings

ROLES = ("public", "internal", "maintainer", "reviewer", "admin")
# What a role may do: the lowest role allowed each action (roles are cumulative).
ACTIONS = {"see_internal": "internal", "propose": "maintainer", "publish": "reviewer", "manage_accounts": "admin"}
NAME_PATTERN = re.compile(r"^[A-Za-z0-9_.@-]{1,64}$")
MIN_PASSWORD_CHARS = 10
# Who calls the store directly (Python, or the command line on the data folder): they can edit the files
# anyway, so they act with every right unless they say otherwise (``python -m geo change … --role``).
LOCAL_OPERATOR = "admin"
ACCOUNTS_FILE_ENV = "LANBAI_ACCOUNTS_FILE"
DEFAULT_ACCOUNTS_FILE = Path(__file__).resolve().parents[1] / ".accounts.json"
_HASHER = PasswordHasher()


class AccountError(AtlasError):
    """An account request is wrong: unknown or duplicate name, bad role, a password too short."""


class LoginRefusedError(AtlasError):
    """A login is refused: wrong name or password, a disabled account, or too many failures (locked).

    ``reason`` is ``wrong``, ``disabled`` or ``locked`` (with ``wait_s``), so a UI can say it in its language.
    """

    def __init__(self, message: str, reason: str = "wrong", wait_s: int = 0):
        super().__init__(message)
        self.reason, self.wait_s = reason, wait_s


@dataclass(frozen=True)
class Account:
    """One person: a name, a role, the argon2 hash of their password, and whether they may log in."""

    name: str
    role: str
    password_hash: str
    disabled: bool = False
    created: str = ""

    def public_view(self) -> dict:
        """What ``user list`` shows: never the hash."""
        return {"name": self.name, "role": self.role, "disabled": self.disabled, "created": self.created}


def role_rank(role: str) -> int:
    """The role's place in :data:`ROLES` (higher includes lower)."""
    if role not in ROLES:
        raise AccountError(f"unknown role {role!r}; roles: {', '.join(ROLES)}")
    return ROLES.index(role)


def can(role: str, action: str) -> bool:
    """Whether ``role`` may do ``action`` (one of :data:`ACTIONS`)."""
    if action not in ACTIONS:
        raise AccountError(f"unknown action {action!r}; actions: {', '.join(ACTIONS)}")
    return role_rank(role) >= role_rank(ACTIONS[action])


def require(role: str, action: str) -> None:
    """Refuse ``action`` unless maintenance is on and ``role`` may do it.

    Raises
    ------
    ActionRefusedError
        Maintenance is off (``LANBAI_MAINTENANCE=off``), or ``role`` is below :data:`ACTIONS` [action].
    AccountError
        Unknown role or action.
    """
    if not can(role, action):
        needed = ACTIONS[action]
        raise ActionRefusedError(f"{action} needs the role {needed} or higher; this is {role}", action, role, needed)
    if not settings().maintenance:
        raise ActionRefusedError("maintenance is switched off here (LANBAI_MAINTENANCE=off)", action, role)


class AccountBook:
    """Accounts kept in a store; subclasses supply :meth:`_all` and :meth:`_put`."""

    def _all(self) -> dict[str, Account]:
        raise NotImplementedError

    def _put(self, account: Account) -> None:
        raise NotImplementedError

    def add(self, name: str, role: str, password: str) -> Account:
        """A new account; the password is hashed with argon2 and then forgotten."""
        name = _checked_name(name)
        role_rank(role)
        if name in self._all():
            raise AccountError(f"an account named {name!r} already exists")
        account = Account(name, role, _HASHER.hash(_checked_password(password)), created=now_iso())
        self._put(account)
        return account

    def get(self, name: str) -> Account:
        """The account named ``name``."""
        found = self._all().get(str(name))
        if found is None:
            raise AccountError(f"no account named {name!r}")
        return found

    def list(self) -> list[Account]:
        """Every account, by name."""
        return sorted(self._all().values(), key=lambda a: a.name)

    def set_password(self, name: str, password: str) -> Account:
        """Replace the password (``user passwd``)."""
        account = replace(self.get(name), password_hash=_HASHER.hash(_checked_password(password)))
        self._put(account)
        return account

    def set_role(self, name: str, role: str) -> Account:
        """Give the account another role."""
        role_rank(role)
        account = replace(self.get(name), role=role)
        self._put(account)
        return account

    def disable(self, name: str) -> Account:
        """Refuse every later login of the account (it is kept for the history)."""
        account = replace(self.get(name), disabled=True)
        self._put(account)
        return account


class FileAccountBook(AccountBook):
    """Accounts in a JSON file (the embedded store): written whole, atomically, readable by its owner only."""

    def __init__(self, path: Path | str | None = None):
        self.path = Path(path or settings().accounts_file or DEFAULT_ACCOUNTS_FILE)
        self._lock = threading.Lock()

    def _all(self) -> dict[str, Account]:
        if not self.path.exists():
            return {}
        try:
            entries = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise AccountError(f"{self.path}: not a readable accounts file ({exc})") from None
        return {e["name"]: Account(**e) for e in entries}

    def _put(self, account: Account) -> None:
        with self._lock:
            accounts = {**self._all(), account.name: account}
            text = json.dumps([asdict(a) for a in sorted(accounts.values(), key=lambda a: a.name)], indent=1)
            temporary = self.path.with_name(f".{self.path.name}.tmp")
            self.path.parent.mkdir(parents=True, exist_ok=True)
            descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
                handle.write(text)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(temporary, self.path)


class DatabaseAccountBook(AccountBook):
    """Accounts in the PostGIS store's ``accounts`` table."""

    def __init__(self, store):
        self.store = store

    def _all(self) -> dict[str, Account]:
        rows = self.store._query("SELECT name, role, password_hash, disabled, created FROM accounts")
        return {r[0]: Account(*r) for r in rows}

    def _put(self, account: Account) -> None:
        self.store._query(
            "INSERT INTO accounts (name, role, password_hash, disabled, created) VALUES (%s, %s, %s, %s, %s)"
            " ON CONFLICT (name) DO UPDATE SET role = excluded.role, password_hash = excluded.password_hash,"
            " disabled = excluded.disabled",
            (account.name, account.role, account.password_hash, account.disabled, account.created),
        )


def account_book(store=None) -> AccountBook:
    """The accounts of ``store``: its table for a PostGIS store, else the accounts file."""
    if store is not None and hasattr(store, "_query"):
        return DatabaseAccountBook(store)
    return FileAccountBook()


@dataclass(frozen=True)
class Session:
    """Who is looking, as what role, until when (``expires`` in the clock's seconds); anonymous = public."""

    name: str
    role: str
    expires: float
    token: str = ""

    def expired(self, now: float) -> bool:
        """Whether the session has run out at ``now``."""
        return now >= self.expires


ANONYMOUS = Session("", "public", float("inf"))


class Authenticator:
    """Logins with a per-name limit on failures, and sessions that expire.

    Parameters
    ----------
    book : AccountBook
    max_failures, lockout_s : after ``max_failures`` failed logins a name is locked for ``lockout_s``.
    session_s : how long a session lasts.
    clock : seconds (monotonic); injectable for tests.
    """

    def __init__(
        self,
        book: AccountBook,
        max_failures: int = 5,
        lockout_s: float = 60.0,
        session_s: float = 8 * 3600,
        clock=time.monotonic,
    ):
        self.book, self.max_failures, self.lockout_s, self.session_s = book, max_failures, lockout_s, session_s
        self.clock = clock
        self._failures: dict[str, list[float]] = {}
        self._sessions: dict[str, Session] = {}
        self._lock = threading.Lock()

    def login(self, name: str, password: str) -> Session:
        """A session for a right name and password.

        Raises
        ------
        LoginRefusedError
            Wrong name or password (one message for both), a disabled account, or a locked name.
        """
        name, now = str(name or "").strip(), self.clock()
        with self._lock:
            recent = [t for t in self._failures.get(name, []) if now - t < self.lockout_s]
            self._failures[name] = recent
            if len(recent) >= self.max_failures:
                wait = math.ceil(self.lockout_s - (now - recent[-self.max_failures]))
                raise LoginRefusedError(f"too many failed logins for this name; try again in {wait} s", "locked", wait)
        account = self._verified(name, str(password or ""))
        if account is None:
            with self._lock:
                self._failures.setdefault(name, []).append(now)
            raise LoginRefusedError("wrong name or password")
        if account.disabled:
            raise LoginRefusedError("this account is disabled", "disabled")
        with self._lock:
            self._failures.pop(name, None)
            session = Session(account.name, account.role, now + self.session_s, secrets.token_urlsafe(32))
            self._sessions[session.token] = session
        return session

    def session(self, token: str | None) -> Session:
        """The session of ``token``, or the anonymous public session when it is unknown or expired."""
        with self._lock:
            found = self._sessions.get(str(token or ""))
            if found is not None and found.expired(self.clock()):
                del self._sessions[found.token]
                found = None
        return found or ANONYMOUS

    def identity_login(self, email: str) -> Session:
        """A session for someone an identity provider vouched for (``st.login``).

        Their account is the one named by their e-mail address (see :func:`account_for_identity`).

        Raises
        ------
        LoginRefusedError
            No account for that address (reason ``no_account``), or a disabled one.
        """
        account = account_for_identity(self.book, email)
        if account is None:
            raise LoginRefusedError("no account for this identity", "no_account")
        if account.disabled:
            raise LoginRefusedError("this account is disabled", "disabled")
        with self._lock:
            session = Session(account.name, account.role, self.clock() + self.session_s, secrets.token_urlsafe(32))
            self._sessions[session.token] = session
        return session

    def logout(self, token: str) -> None:
        """End the session of ``token``."""
        with self._lock:
            self._sessions.pop(str(token or ""), None)

    def _verified(self, name: str, password: str) -> Account | None:
        try:
            account = self.book.get(name)
        except AccountError:
            _burn(password)  # an unknown name costs as much as a known one: no name probing by timing
            return None
        try:
            _HASHER.verify(account.password_hash, password)
        except (VerificationError, InvalidHashError):
            return None
        return account


def account_for_identity(book: AccountBook, email: str) -> Account | None:
    """The account an identity provider's e-mail address maps to, or None.

    It is the account named by that address (``python -m geo user add ann@bureau.example --role internal``),
    compared without regard to case.

    Returns None for an empty or unknown address; the provider's word is the only proof, so no password is asked.
    """
    wanted = str(email or "").strip().lower()
    if not wanted or "@" not in wanted:
        return None
    return next((a for a in book.list() if a.name.lower() == wanted), None)


@functools.cache
def _dummy_hash() -> str:
    """A hash to verify against when the name is unknown; made on first use, not on import (it is slow by design)."""
    return _HASHER.hash("not a password of anyone")


def _burn(password: str) -> None:
    try:
        _HASHER.verify(_dummy_hash(), password)
    except VerificationError:
        pass


def _checked_name(name: str) -> str:
    name = str(name or "").strip()
    if not NAME_PATTERN.match(name):
        raise AccountError("an account name is 1–64 letters, digits or _ . @ -")
    return name


def _checked_password(password: str) -> str:
    if len(str(password or "")) < MIN_PASSWORD_CHARS:
        raise AccountError(f"a password needs at least {MIN_PASSWORD_CHARS} characters")
    return str(password)
