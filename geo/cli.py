"""``python -m geo``: validate the data and ask the atlas questions from a shell.

Every command resolves names the way the app does; bad arguments and unknown names
print one clear line on stderr and exit 2, invalid data or a failing system call exits 1,
Ctrl-C prints "interrupted" and exits 130, SIGTERM prints "terminated" and exits 143 — never
a traceback. Both signals unwind the command, so exports remove their temporary files.
"""

from __future__ import annotations

import argparse
import signal
import threading
from contextlib import contextmanager
from pathlib import Path

import pandas as pd

from . import access_cli, change_cli, db_cli, enterprise_cli
from . import queries as q
from .cli_common import add_force, emit, fail, one_line_errors, out_path, resolve_chain_noted
from .cli_common import add_format as _add_format
from .errors import AtlasError, DataValidationError
from .exports import FORMATS, export_catalogue
from .filters import SiteQuery, SiteSearch, build_filters
from .load import Catalogue, load_catalogue
from .quotes import default_seeds_dir
from .reports import cli as reports_cli
from .stores import open_catalogue
from .summary import summarise

__all__ = ["HANDLERS", "add_force", "build_parser", "emit", "main", "one_line_errors", "out_path"]

SITE_FIELDS = [
    "id",
    "name_zh",
    "name_en",
    "aliases",
    "kind",
    "parent_id",
    "city",
    "lat",
    "lon",
    "geometry_quality",
    "location_method",
    "error_km",
    "source_id",
    "quote",
]
INDUSTRY_FIELDS = ["id", "name_zh", "name_en", "system", "category", "role", "source_id", "quote"]
TARGET_FIELDS = [
    "scope",
    "scope_id",
    "indicator",
    "indicator_en",
    "value",
    "unit",
    "qualifier",
    "year",
    "kind",
    "source_id",
    "quote",
]
PROJECT_FIELDS = ["id", "name_zh", "name_en", "site_id", "year", "source_id", "quote"]


def build_parser() -> argparse.ArgumentParser:
    """Build the ``python -m geo`` parser: this module's commands, then each command module's.

    Returns
    -------
    argparse.ArgumentParser
        The parser; every sub-parser answers a bad argument with one line and exit 2.
    """
    parser = argparse.ArgumentParser(prog="python -m geo", description="Lanbai Atlas data tools")
    parser.add_argument("--data-dir", type=Path, help="data folder (default: the shipped data/)")
    sub = parser.add_subparsers(dest="command", required=True)

    v = sub.add_parser("validate", help="check every table; exit 1 listing every problem")
    v.add_argument("--seeds", type=Path, help="folder of the source documents, to check quotes")

    s = sub.add_parser("sites", help="sites filtered by industry, city, distance and area")
    s.add_argument("--industry", action="append", default=[], help="industry or chain (repeatable: any of them)")
    s.add_argument(
        "--include-goals",
        action="store_true",
        help="also count goal and planned links (打造成为…), not only hosting ones (依托, 主导 …)",
    )
    s.add_argument("--city", choices=["兰州", "白银"])
    s.add_argument("--within-km", type=float)
    s.add_argument("--of", help="the site, organization, landmark or area the distance is measured from")
    s.add_argument("--in-area", help="county/district or city name or code")
    _add_format(s)

    i = sub.add_parser("industries", help="industries of a site")
    i.add_argument("--site", required=True)
    _add_format(i)

    o = sub.add_parser("orgs", help="organizations behind an industry and/or at a site")
    o.add_argument("--industry")
    o.add_argument("--site")
    _add_format(o)

    t = sub.add_parser("targets", help="targets and achieved figures")
    t.add_argument("--scope", help="a site (e.g. 白银高新区) or an area (e.g. 兰州市)")
    t.add_argument("--kind", choices=["target", "actual"])
    t.add_argument("--year", type=int)
    _add_format(t)

    p = sub.add_parser("projects", help="named projects, optionally of one site (and its parks)")
    p.add_argument("--site")
    _add_format(p)

    e = sub.add_parser("export", help="write every table as gpkg, geojson, csv or xlsx")
    e.add_argument("--format", required=True, choices=FORMATS)
    e.add_argument(
        "--out",
        required=True,
        type=out_path,
        help="the file (gpkg, xlsx) or the folder (csv, geojson; new or existing) to write",
    )
    add_force(e)
    change_cli.add_as_of(e)
    for module in COMMAND_MODULES:
        module.register(sub)
    for one in (parser, *sub.choices.values()):
        one_line_errors(one)
    return parser


class Terminated(BaseException):
    """SIGTERM arrived: raised like KeyboardInterrupt so every ``finally`` (temporary files) runs."""


def main(argv: list[str] | None = None) -> int:
    """Run ``python -m geo`` with ``argv``; return the exit code (see the module's docstring)."""
    with _signals_unwind():
        try:
            args = build_parser().parse_args(argv)
            return _run(args)
        except KeyboardInterrupt:
            return _fail("interrupted", 130)
        except Terminated:
            return _fail("terminated", 143)


def _run(args) -> int:
    try:
        if args.command == "validate":
            return _validate(args)
        if args.command in db_cli.CATALOGUE_FREE:
            return db_cli.CATALOGUE_FREE[args.command](args)
        cat = open_catalogue(args.data_dir)
        return HANDLERS[args.command](cat, args) or 0
    except DataValidationError as exc:
        first = f"; the first: {exc.problems[0]}" if exc.problems else ""
        return _fail(
            f"error: the data set is not valid — {len(exc.problems)} problem(s){first}"
            " (python -m geo validate lists them all)",
            1,
        )
    except (AtlasError, ValueError) as exc:
        return _fail(f"error: {exc}", 2)
    except BrokenPipeError:
        raise  # the reader (`| head`) left: python -m geo stops quietly
    except OSError as exc:
        where = f" ({exc.filename})" if exc.filename else ""
        return _fail(f"error: {exc.strerror or exc}{where}", 1)
    except Exception as exc:  # a bug: still one line, never a traceback
        return _fail(f"error: unexpected {type(exc).__name__}: {exc} — please report this", 1)


_fail = fail


@contextmanager
def _signals_unwind():
    """Turn Ctrl-C and SIGTERM into KeyboardInterrupt / Terminated in the command.

    A second signal while it unwinds is ignored so cleaning up is not cut short. Signals the caller
    set to be ignored stay ignored; handlers can only be set from the main thread.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def unwind(signum, frame):
        for sig in previous:
            signal.signal(sig, signal.SIG_IGN)
        raise KeyboardInterrupt if signum == signal.SIGINT else Terminated

    previous = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}
    previous = {sig: h for sig, h in previous.items() if h is not None and h != signal.SIG_IGN}
    for sig in previous:
        signal.signal(sig, unwind)
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def _validate(args) -> int:
    seeds = args.seeds or default_seeds_dir()
    try:
        cat = load_catalogue(args.data_dir, seeds_dir=seeds)
    except DataValidationError as exc:
        print(f"INVALID: {len(exc.problems)} problem(s)")
        for problem in exc.problems:
            print(f"  - {problem}")
        _print_warnings(exc.warnings)
        return 1
    print(summarise(cat).as_text())
    _print_warnings(cat.warnings)
    print(
        "quotes: checked against " + str(seeds)
        if seeds
        else "quotes: NOT checked (source documents not found; set LANBAI_SEEDS)"
    )
    return _validate_tours(cat)


def _print_warnings(warnings: list) -> None:
    """Warnings do not block loading, but a person should look at each."""
    if warnings:
        print(f"warnings: {len(warnings)} (they do not block loading)")
        for warning in warnings:
            print(f"  - {warning}")


def _validate_tours(cat: Catalogue) -> int:
    from .tours import load_tours, tours_folder

    if not tours_folder(cat).is_dir():
        print("tours: none (no tours folder)")
        return 0
    loaded = load_tours(cat)
    if loaded.problems:
        print(f"INVALID tours: {len(loaded.problems)} problem(s)")
        for problem in loaded.problems:
            print(f"  - {problem}")
        return 1
    print(f"tours: {len(loaded.tours)} valid")
    return 0


def _cmd_sites(cat: Catalogue, args) -> int:
    if (args.within_km is None) != (args.of is None):
        raise q.InvalidQueryError("--within-km and --of go together")
    query = SiteQuery(
        build_filters(
            cat,
            SiteSearch(
                industry=tuple(resolve_chain_noted(cat, name).id for name in args.industry),
                include_goals=args.include_goals,
                city=args.city or "",
                within_km=args.within_km,
                of=args.of,
                in_area=args.in_area or "",
            ),
        )
    )
    result = query.run(cat)
    fields = SITE_FIELDS + [c for c in ("matched_industries", "distance_km") if c in result.columns]
    return emit(result, fields, args, query.describe(cat, args.lang))


def _cmd_industries(cat: Catalogue, args) -> int:
    site = cat.names.resolve(args.site, "site")
    df = q.industries_of_site(cat, site.id)
    title = f"{site.name_zh}的产业" if args.lang == "zh" else f"Industries of {site.name_en}"
    return emit(df, INDUSTRY_FIELDS + ["chain_ids"], args, title)


def _cmd_orgs(cat: Catalogue, args) -> int:
    df, words = cat.organizations, []
    if args.industry:
        ind = resolve_chain_noted(cat, args.industry)
        df = q.orgs_for_industry(cat, ind.id)
        words.append(ind.name_zh if args.lang == "zh" else ind.name_en)
    if args.site:
        site = cat.names.resolve(args.site, "site")
        at_site = set(q.orgs_at_site(cat, site.id)["id"])
        df = df[df["id"].isin(at_site)]
        words.append(site.name_zh if args.lang == "zh" else site.name_en)
    head = "单位" if args.lang == "zh" else "Organizations"
    fields = (
        [c for c in SITE_FIELDS if c != "parent_id"] + ["site_id"] + (["role", "link_quote"] if args.industry else [])
    )
    return emit(df, fields, args, head + (": " + " / ".join(words) if words else ""))


def _cmd_targets(cat: Catalogue, args) -> int:
    scopes: tuple[str, ...] = ()
    if args.scope:
        scopes = (cat.names.resolve_any(args.scope, ("site", "area")).id,)
    query = q.IndicatorQuery(scopes, args.kind, args.year)
    df = indicator_table(cat, query.run(cat))
    return emit(df, TARGET_FIELDS, args, query.describe(cat, args.lang))


def indicator_table(cat: Catalogue, df: pd.DataFrame) -> pd.DataFrame:
    out = df.copy()
    out["scope"] = out["scope_id"].map(lambda s: q.scope_name(cat, s, "zh"))
    return out.rename(columns={"indicator_zh": "indicator"})


def _cmd_projects(cat: Catalogue, args) -> int:
    site_id = cat.names.resolve(args.site, "site").id if args.site else None
    query = q.ProjectQuery(site_id)
    return emit(query.run(cat), PROJECT_FIELDS, args, query.describe(cat, args.lang))


def _cmd_export(cat: Catalogue, args) -> int:
    written = export_catalogue(cat, args.format, args.out, force=args.force)
    print(f"wrote {len(written)} file(s): " + ", ".join(str(p) for p in written))
    return 0


# The command modules: each has ``register(subparsers)`` and ``HANDLERS`` (command name -> function).
COMMAND_MODULES = (reports_cli, change_cli, enterprise_cli, db_cli, access_cli)  # access_cli last: it adds --role
HANDLERS: dict = {
    "sites": _cmd_sites,
    "industries": _cmd_industries,
    "orgs": _cmd_orgs,
    "targets": _cmd_targets,
    "projects": _cmd_projects,
    "export": change_cli.export_as_of(_cmd_export),
}
for _module in (reports_cli, change_cli, enterprise_cli):
    HANDLERS.update(_module.HANDLERS)
HANDLERS = access_cli.with_roles(HANDLERS)
