"""``python -m geo db …`` and ``python -m geo user …``, registered into :mod:`geo.cli`.

::

    python -m geo db init                 create or upgrade the PostGIS schema (versioned migrations)
    python -m geo db load DIR [--author NAME]   folder → database, recorded as one published change
    python -m geo db dump DIR [--force]   database → folder
    python -m geo db check                validate the database contents; exit 1 listing every problem
    python -m geo user add NAME --role R [--password-stdin]
    python -m geo user passwd NAME [--password-stdin]
    python -m geo user list [--format table|json]
    python -m geo user disable NAME

``db`` commands use ``--url`` or ``LANBAI_DATABASE_URL``. ``user`` commands keep accounts in the
database when a URL is set, else in the accounts file (``LANBAI_ACCOUNTS_FILE``). A password is
read from the terminal without echo (twice), or one line from stdin with ``--password-stdin``; it
is never printed or logged. Neither command loads the catalogue first (``db init`` runs on an
empty database).
"""

from __future__ import annotations

import getpass
import json
import sys

from .accounts import ROLES, AccountError, account_book
from .cli_common import fail, one_line_errors
from .db_transfer import dump_folder, load_folder
from .errors import AtlasError, DataValidationError, StoreUnavailableError
from .quotes import default_seeds_dir
from .settings import settings
from .stores import DATABASE_URL_ENV, database_url


def register(sub) -> None:
    """Add ``db`` and ``user`` to ``python -m geo``."""
    db = one_line_errors(sub.add_parser("db", help="the shared PostGIS store: init, load, dump, check"))
    verbs = db.add_subparsers(dest="verb", required=True)
    init = one_line_errors(verbs.add_parser("init", help="create or upgrade the schema"))
    load = one_line_errors(verbs.add_parser("load", help="make the database hold a data folder's tables"))
    load.add_argument("folder")
    load.add_argument("--author", help="who loads (default: your login name)")
    dump = one_line_errors(verbs.add_parser("dump", help="write the database's tables into a folder"))
    dump.add_argument("folder")
    dump.add_argument("--force", action="store_true", help="replace table files already there")
    check = one_line_errors(verbs.add_parser("check", help="validate the database contents"))
    for verb in (init, load, dump, check):
        verb.add_argument("--url", help=f"database URL (default: {DATABASE_URL_ENV})")

    user = one_line_errors(sub.add_parser("user", help="accounts and roles"))
    user_verbs = user.add_subparsers(dest="verb", required=True)
    add = one_line_errors(user_verbs.add_parser("add", help="a new account"))
    add.add_argument("name")
    add.add_argument("--role", choices=ROLES, required=True)
    add.add_argument("--password-stdin", action="store_true", help="read the password from stdin")
    passwd = one_line_errors(user_verbs.add_parser("passwd", help="set an account's password"))
    passwd.add_argument("name")
    passwd.add_argument("--password-stdin", action="store_true", help="read the password from stdin")
    listing = one_line_errors(user_verbs.add_parser("list", help="every account (never a password)"))
    listing.add_argument("--format", choices=["table", "json"], default="table")
    disable = one_line_errors(user_verbs.add_parser("disable", help="refuse the account's later logins"))
    disable.add_argument("name")


def run(args) -> int:
    """Run a ``db`` or ``user`` command; errors are one line (exit 1: the store, 2: the request)."""
    try:
        return (_DB if args.command == "db" else _USER)[args.verb](args) or 0
    except StoreUnavailableError as exc:
        return fail(f"error: {exc}", 1)
    except DataValidationError as exc:
        for problem in exc.problems:
            print(f"  - {problem}", file=sys.stderr)
        return fail(f"error: not a valid data set — {len(exc.problems)} problem(s); nothing was written", 1)
    except (AtlasError, ValueError) as exc:
        return fail(f"error: {exc}", 2)
    except OSError as exc:
        return fail(f"error: {exc.strerror or exc}{f' ({exc.filename})' if exc.filename else ''}", 1)


def _pg_store(args):
    from .pg_store import PostgisStore

    url = getattr(args, "url", None) or database_url()
    if not url:
        raise AtlasError(f"no database: pass --url or set {DATABASE_URL_ENV}")
    return PostgisStore(url)


def _init(args) -> int:
    store = _pg_store(args)
    applied = store.migrate()
    print(f"schema version {store.schema_version()}: " + (f"applied {', '.join(applied)}" if applied else "up to date"))
    return 0


def _load(args) -> int:
    author = args.author or settings().user or getpass.getuser()
    record = load_folder(_pg_store(args), args.folder, author, seeds_dir=default_seeds_dir())
    if record is None:
        print("the database already holds these tables; nothing to load")
    else:
        print(f"loaded {args.folder} as change {record.id}: {record.changeset.summary()}")
    return 0


def _dump(args) -> int:
    written = dump_folder(_pg_store(args), args.folder, force=args.force)
    print(f"wrote {len(written)} tables to {args.folder}")
    return 0


def _check(args) -> int:
    from .validate import check_tables

    findings = check_tables(_pg_store(args).read_unchecked(), seeds_dir=default_seeds_dir())
    for problem in findings:
        print(f"database table {problem}")
    blocking = [p for p in findings if p.blocking]
    print(
        f"{len(blocking)} problem(s), {len(findings) - len(blocking)} warning(s)"
        + ("" if blocking else ": the database contents are valid")
    )
    return 1 if blocking else 0


def _book(args):
    return account_book(_pg_store(args) if database_url() else None)


def _password(args) -> str:
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass("password: ")
    if getpass.getpass("again: ") != first:
        raise AccountError("the two passwords differ; nothing was changed")
    return first


def _user_add(args) -> int:
    account = _book(args).add(args.name, args.role, _password(args))
    print(f"added {account.name} ({account.role})")
    return 0


def _user_passwd(args) -> int:
    _book(args).set_password(args.name, _password(args))
    print(f"password of {args.name} changed")
    return 0


def _user_list(args) -> int:
    accounts = [a.public_view() for a in _book(args).list()]
    if args.format == "json":
        print(json.dumps(accounts, ensure_ascii=False, indent=1))
        return 0
    for a in accounts:
        print(f"{a['name']}\t{a['role']}\t{'disabled' if a['disabled'] else 'active'}\t{a['created']}")
    return 0


def _user_disable(args) -> int:
    _book(args).disable(args.name)
    print(f"{args.name} is disabled")
    return 0


_DB = {"init": _init, "load": _load, "dump": _dump, "check": _check}
_USER = {"add": _user_add, "passwd": _user_passwd, "list": _user_list, "disable": _user_disable}
# Commands that run without loading the catalogue first (geo/cli.py dispatches them before loading).
CATALOGUE_FREE = {"db": run, "user": run}
