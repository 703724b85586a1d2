"""Helpers shared by the ``python -m geo`` command modules.

:mod:`geo.cli` builds the parser from the command modules (:mod:`geo.change_cli`,
:mod:`geo.reports.cli`); they all import their shared pieces from here, so no command module
imports another and there is no import cycle.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from pathlib import Path

import pandas as pd

from .exports import flat, spreadsheet_safe


def out_path(text: str) -> Path:
    """Check an ``--out`` value: not empty (an empty one would silently mean the current folder).

    Parameters
    ----------
    text : str
        The value given on the command line.

    Returns
    -------
    pathlib.Path
        The path to write.
    """
    if not text.strip():
        raise argparse.ArgumentTypeError("must name a file or folder, not be empty")
    return Path(text)


def add_force(parser: argparse.ArgumentParser) -> None:
    """Add ``--force`` (replace existing files of the same name) to ``parser``."""
    parser.add_argument("--force", action="store_true", help="replace existing files of the same name")


def add_format(parser: argparse.ArgumentParser) -> None:
    """Add ``--format table|json|csv`` and ``--lang zh|en`` to a listing command."""
    parser.add_argument("--format", choices=["table", "json", "csv"], default="table")
    parser.add_argument("--lang", choices=["zh", "en"], default="zh", help="language of the description line")


def one_line_errors(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    """Make ``parser`` answer a bad argument with one line on stderr and exit 2.

    argparse prints the usage and then the error; the atlas's commands print one line.

    Parameters
    ----------
    parser : argparse.ArgumentParser
        The parser (or sub-parser) to change.

    Returns
    -------
    argparse.ArgumentParser
        The same parser, for chaining.
    """

    def error(message: str):
        print(f"error: {parser.prog}: {one_line(message)}", file=sys.stderr)
        raise SystemExit(2)

    parser.error = error  # type: ignore[method-assign]
    return parser


def fail(message: str, code: int) -> int:
    """Print ``message`` as one line on stderr and return ``code`` (the command's exit code)."""
    print(one_line(message), file=sys.stderr, flush=True)
    return code


def resolve_chain_noted(cat, typed: str):
    """The industry or chain ``typed`` names (:meth:`geo.names.Resolver.resolve_chain`).

    When ``typed`` was only part of one chain's name, say on stderr which chain it was taken for
    (stdout stays the answer: a CSV stays a CSV). A part of several chains' names raises
    :class:`~geo.errors.AmbiguousNameError` listing them (the command exits 2).
    """
    match = cat.names.resolve_chain(typed)
    if cat.names.find(typed, "industry") is None:
        print(
            f"{typed!r} is part of the name of one chain: {match.name_zh} / {match.name_en} ({match.id})",
            file=sys.stderr,
        )
    return match


def one_line(text: str) -> str:
    """Join the non-blank lines of ``text`` with '; '."""
    return "; ".join(line.strip() for line in str(text).splitlines() if line.strip())


def emit(df: pd.DataFrame, fields: list[str], args: argparse.Namespace, title: str) -> int:
    """Print rows as a table (with the query's description), a JSON list, or CSV.

    Parameters
    ----------
    df : pandas.DataFrame
        The rows.
    fields : list of str
        The columns to print, in order; those ``df`` lacks are left out.
    args : argparse.Namespace
        The parsed command line (``args.format``).
    title : str
        The description line printed above a table.

    Returns
    -------
    int
        The exit code, 0.
    """
    out = df[[f for f in fields if f in df.columns]]
    if args.format != "json":
        out = flat(out)
    if args.format == "json":
        print(json.dumps(_records(out), ensure_ascii=False, indent=1, allow_nan=False))
    elif args.format == "csv":
        sys.stdout.write(spreadsheet_safe(out).to_csv(index=False))
    else:
        print(f"{title} — {len(out)}")
        if len(out):
            print(out.to_string(index=False, max_colwidth=40))
    return 0


def _records(df: pd.DataFrame) -> list[dict]:
    records = []
    for row in df.to_dict(orient="records"):
        records.append({k: _jsonable(v) for k, v in row.items()})
    return records


def _jsonable(value):
    """A JSON value: lists as lists, numpy scalars as Python ones, missing and non-finite numbers as null."""
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None  # NaN and ±Infinity are not JSON
    return value
