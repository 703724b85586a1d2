"""``python -m geo change …``, ``python -m geo history`` and ``export --as-of``.

:mod:`geo.cli` calls :func:`register` and :func:`add_as_of`, wraps its ``export`` with
:func:`export_as_of` and dispatches to :data:`HANDLERS`.

::

    python -m geo change propose TABLE FILE --reason TEXT [--author NAME] [--crs EPSG:CODE] [--datum wgs84|gcj02|bd09] [--key id|name]
    python -m geo change show ID [--format table|json]
    python -m geo change list [--status proposed|published|rejected] [--format table|json]
    python -m geo change approve ID [--reviewer NAME]
    python -m geo change reject ID --reason TEXT
    python -m geo change revert ID --reason TEXT
    python -m geo history [--table T] [--format table|json]
    python -m geo export --format ... --out PATH [--as-of ID]

``propose`` prints the change id and a diff summary, or exits 1 listing every located problem with
nothing stored; a refused or conflicting approval also exits 1. Bad arguments: one line, exit 2.

The writing verbs (propose, approve, reject, revert) take ``--role ROLE``: the role ``geo`` checks
the action against (proposing and reverting need ``maintainer``, approving and rejecting
``reviewer``). It defaults to ``admin``, the local operator (:data:`geo.accounts.LOCAL_OPERATOR`):
whoever runs the command on the data folder can edit its files anyway. A refused role, or
``LANBAI_MAINTENANCE=off``, exits 1 with one line and writes nothing.
"""

from __future__ import annotations

import argparse
import getpass
import json
import sys

from .accounts import LOCAL_OPERATOR, ROLES
from .changesets import STATUSES, ChangeRecord, ChangeRefusedError
from .cli_common import one_line_errors as _one_line_errors  # one error line, exit 2 (nested verbs too)
from .errors import ActionRefusedError
from .import_readers import DATUMS
from .imports import KEYS, propose_file
from .publish import StoreWriteError
from .schema import TABLES
from .settings import settings


def _format(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--format", choices=["table", "json"], default="table")


def _role(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--role", choices=ROLES, default=LOCAL_OPERATOR, help="the role the action is checked against (default: admin)"
    )


def register(sub) -> None:
    """Add ``change`` and ``history`` to the ``python -m geo`` sub-parsers ``sub``."""
    change = _one_line_errors(sub.add_parser("change", help="propose, review, publish and undo changes to the data"))
    verbs = change.add_subparsers(dest="verb", required=True)
    p = _one_line_errors(verbs.add_parser("propose", help="check a file and store it as a proposed change"))
    p.add_argument("table", choices=list(TABLES))
    p.add_argument("file")
    p.add_argument("--reason", required=True)
    p.add_argument("--author", help="who proposes it (default: your login name)")
    p.add_argument("--crs", help="the file's coordinate reference system, e.g. EPSG:4526 (when the file lacks one)")
    p.add_argument("--datum", choices=DATUMS, default="wgs84", help="coordinates on a Chinese map datum are shifted")
    p.add_argument("--key", choices=KEYS, default="id", help="match rows by id, or by name through the resolver")
    _role(p)
    s = _one_line_errors(verbs.add_parser("show", help="one change, cell by cell"))
    s.add_argument("id", type=int)
    _format(s)
    li = _one_line_errors(verbs.add_parser("list", help="changes, newest last"))
    li.add_argument("--status", choices=STATUSES)
    _format(li)
    a = _one_line_errors(verbs.add_parser("approve", help="publish a proposed change"))
    a.add_argument("id", type=int)
    a.add_argument("--reviewer", help="who approves (default: your login name)")
    _role(a)
    r = _one_line_errors(verbs.add_parser("reject", help="reject a proposed change"))
    r.add_argument("id", type=int)
    r.add_argument("--reason", required=True)
    r.add_argument("--reviewer", help="who rejects (default: your login name)")
    _role(r)
    v = _one_line_errors(verbs.add_parser("revert", help="propose the inverse of a published change"))
    v.add_argument("id", type=int)
    v.add_argument("--reason", required=True)
    v.add_argument("--author", help="who proposes the undo (default: your login name)")
    _role(v)
    h = _one_line_errors(sub.add_parser("history", help="published changes, oldest first"))
    h.add_argument("--table", choices=list(TABLES))
    _format(h)


def add_as_of(export: argparse.ArgumentParser) -> None:
    """Add ``--as-of ID`` to the ``export`` command's parser."""
    export.add_argument("--as-of", type=int, help="export the data as they were right after this change")


def _user(name: str | None) -> str:
    return name or settings().user or getpass.getuser()


def _store(args):
    from .stores import open_store  # issue 11: PostGIS when LANBAI_DATABASE_URL is set (and no --data-dir)

    return open_store(args.data_dir)


def cmd_change(cat, args) -> int:
    """Run a ``change`` verb on the data folder's store; return the exit code."""
    store = _store(args)
    try:
        return _VERBS[args.verb](store, args)
    except ChangeRefusedError as exc:
        print(f"REFUSED: {exc}")
        return 1
    except (StoreWriteError, ActionRefusedError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1


def _propose(store, args) -> int:
    record = propose_file(
        store,
        args.table,
        args.file,
        reason=args.reason,
        author=_user(args.author),
        crs=args.crs,
        datum=args.datum,
        key=args.key,
        role=args.role,
    )
    changeset = record.changeset
    print(f"change {record.id} proposed by {record.changeset.author}: {changeset.summary()}")
    for note in changeset.notes:
        print(f"  note: {note}")
    for warning in record.warnings:
        print(f"  WARNING: {warning}")
    print(_diff_text(record, limit=20))
    return 0


def _show(store, args) -> int:
    record = store.get(args.id)
    if args.format == "json":
        print(json.dumps(record.as_dict(), ensure_ascii=False, indent=1))
        return 0
    print(_head(record))
    cs = record.changeset
    print(f"  reason: {cs.reason}\n  source: {cs.source_id or '-'}\n  file: {cs.file or '-'}")
    if record.review_reason:
        print(f"  review: {record.review_reason}")
    for note in cs.notes:
        print(f"  note: {note}")
    for warning in record.warnings:
        print(f"  WARNING: {warning}")
    print(_diff_text(record))
    return 0


def _list(store, args) -> int:
    return _records(store.list(args.status), args.format)


def _approve(store, args) -> int:
    record = store.approve(args.id, _user(args.reviewer), role=args.role)
    print(f"change {record.id} published by {record.reviewer}: {record.changeset.summary()}")
    return 0


def _reject(store, args) -> int:
    record = store.reject(args.id, _user(args.reviewer), args.reason, role=args.role)
    print(f"change {record.id} rejected by {record.reviewer}: {record.review_reason}")
    return 0


def _revert(store, args) -> int:
    record = store.revert(args.id, _user(args.author), args.reason, role=args.role)
    print(f"change {record.id} proposed: undo of change {args.id} ({record.changeset.summary()}); it needs approval")
    return 0


def cmd_history(cat, args) -> int:
    """Print the published changes; return the exit code."""
    return _records(_store(args).history(args.table), args.format)


def _records(records: list[ChangeRecord], fmt: str) -> int:
    if fmt == "json":
        print(json.dumps([r.as_dict() for r in records], ensure_ascii=False, indent=1))
        return 0
    print(f"{len(records)} change(s)")
    for record in records:
        print(_head(record))
        print(f"    why: {record.changeset.reason}")
    return 0


def _head(record: ChangeRecord) -> str:
    cs = record.changeset
    reviewed = f", {record.status} by {record.reviewer} {record.reviewed}" if record.reviewer else ""
    undo = f", undoes {record.reverts}" if record.reverts else ""
    return f"#{record.id} [{record.status}] {cs.created} by {cs.author}{reviewed}{undo} — {cs.summary()}"


def _diff_text(record: ChangeRecord, limit: int | None = None) -> str:
    """Each row's change, cell by cell (before → after); geometry changes are named, not printed."""
    lines = []
    changes = record.changeset.changes
    for change in changes[:limit]:
        where = f" (file line {change.line})" if change.line else ""
        lines.append(f"  {dict(add='+', change='~', remove='-')[change.op]} {change.table} {change.key}{where}")
        for column, before, after in change.cells():
            if column == "geometry":
                lines.append(f"      geometry: {_geom(before)} → {_geom(after)}")
            elif change.op == "change":
                lines.append(f"      {column}: {before!r} → {after!r}")
    if limit is not None and len(changes) > limit:
        lines.append(f"  … and {len(changes) - limit} more rows (python -m geo change show {record.id})")
    return "\n".join(lines)


def _geom(mapping) -> str:
    return mapping["type"] if mapping else "none"


def export_as_of(plain_export):
    """Wrap the ``export`` handler so it exports the catalogue as of a published change with ``--as-of``."""

    def cmd_export(cat, args) -> int:
        if getattr(args, "as_of", None) is not None:
            cat = _store(args).catalogue_as_of(args.as_of)
        return plain_export(cat, args)

    return cmd_export


_VERBS = {"propose": _propose, "show": _show, "list": _list, "approve": _approve, "reject": _reject, "revert": _revert}
HANDLERS = {"change": cmd_change, "history": cmd_history}
