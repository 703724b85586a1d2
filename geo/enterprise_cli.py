"""``python -m geo enterprises``, ``parcels`` and ``synth``, registered into :mod:`geo.cli`.

::

    python -m geo enterprises [--industry NAME]... [--site NAME] [--in-area NAME] [--within-km K --of NAME]
                              [--format table|json|csv] [--lang zh|en]
    python -m geo parcels [--industry NAME]... [--site NAME] [--type T] [--status S] [--min-area M2]
                          [--max-area M2] [--min-power-kva KVA] [--utility water|gas|steam]... [--format ...]
    python -m geo synth --enterprises N --parcels M --out DIR [--seed S] [--force]

``--industry`` takes a chain or industry name (any of several) or a GB/T 4754-2017 code (``39``, ``C``);
``--type`` and ``--status`` take a key or its zh/en label (标准厂房, 可租). ``synth`` writes a benchmark
folder of clearly synthetic rows (see :mod:`geo.synth`); load it with ``LANBAI_DATA_DIR=DIR``.
"""

from __future__ import annotations

import argparse

from . import cli_common as core
from . import enterprise_queries as eq
from .enterprise_queries import PARK_METHOD_LABELS
from .settings import settings
from .synth import write_synthetic_folder

ENTERPRISE_FIELDS = [
    "id",
    "name_zh",
    "name_en",
    "credit_code",
    "industry_codes",
    "chains",
    "site_id",
    "site_method",
    "lat",
    "lon",
    "error_km",
    "location_method",
    "distance_km",
    "employees",
    "source_id",
    "synthetic",
]
PARCEL_FIELDS = [
    "id",
    "name_zh",
    "name_en",
    "type",
    "status",
    "area_m2",
    "area_mu",
    "price",
    "price_unit",
    "power_kva",
    "water",
    "gas",
    "steam",
    "site_id",
    "site_method",
    "lat",
    "lon",
    "distance_km",
    "checked_on",
    "valid_until",
    "source_id",
    "synthetic",
]


def register(sub) -> None:
    """Add ``enterprises``, ``parcels`` and ``synth`` to ``python -m geo``."""
    e = sub.add_parser("enterprises", help="enterprises by chain, park, area and distance")
    _place_filters(e)
    core.add_format(e)
    p = sub.add_parser("parcels", help="载体 (land, factory buildings, offices) by chain, park, type, status, area")
    _place_filters(p)
    p.add_argument("--type", action="append", default=[], help="land, standard_factory, office, warehouse (or 土地 …)")
    p.add_argument("--status", action="append", default=[], help="for_lease, for_sale, transferred … (or 可租 …)")
    p.add_argument("--min-area", type=float, help="smallest area in m²")
    p.add_argument("--max-area", type=float, help="largest area in m²")
    p.add_argument("--min-power-kva", type=float, help="least power supply in kVA")
    p.add_argument("--utility", action="append", default=[], choices=eq.UTILITIES, help="needed utility (repeatable)")
    core.add_format(p)
    s = sub.add_parser("synth", help="write a data folder with synthetic enterprises and parcels (benchmarks only)")
    s.add_argument("--enterprises", type=int, required=True)
    s.add_argument("--parcels", type=int, required=True)
    s.add_argument("--out", type=core.out_path, required=True)
    s.add_argument("--seed", type=int, default=12)
    core.add_force(s)


def _place_filters(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--industry",
        action="append",
        default=[],
        help="chain, industry or GB/T 4754-2017 code (repeatable: any of them)",
    )
    parser.add_argument("--site", help="a park or zone (with its parks)")
    parser.add_argument("--in-area", help="county/district or city name or code")
    parser.add_argument("--within-km", type=float)
    parser.add_argument("--of", help="the site, organization, landmark or area the distance is measured from")


def cmd_enterprises(cat, args) -> int:
    """Print the enterprises the filters find."""
    found = eq.enterprises(
        cat, industry=args.industry, site=args.site, in_area=args.in_area, within_km=args.within_km, of=args.of
    )
    return core.emit(_shown(found.rows, args.lang), ENTERPRISE_FIELDS, args, found.describe(args.lang))


def cmd_parcels(cat, args) -> int:
    """Print the 载体 parcels the 找地 filters find."""
    found = eq.parcels(
        cat,
        industry=args.industry,
        site=args.site,
        type=args.type,
        status=args.status,
        min_area=args.min_area,
        max_area=args.max_area,
        min_power_kva=args.min_power_kva,
        utilities=args.utility,
        in_area=args.in_area,
        within_km=args.within_km,
        of=args.of,
    )
    return core.emit(_shown(found.rows, args.lang), PARCEL_FIELDS, args, found.describe(args.lang))


def _shown(rows, lang: str):
    """The park method in words in a table (``none`` reads 无园区 / no park); keys stay in json and csv."""
    if "site_method" not in rows.columns:
        return rows
    at = 0 if lang == "zh" else 1
    out = rows.copy()
    out["site_method"] = out["site_method"].map(lambda m: PARK_METHOD_LABELS.get(m, ("", ""))[at] if m else "")
    return out


def cmd_synth(cat, args) -> int:
    """Write the synthetic benchmark folder."""
    source = args.data_dir or settings().data_dir
    counts = write_synthetic_folder(
        args.out, args.enterprises, args.parcels, data_dir=source, seed=args.seed, force=args.force
    )
    print(
        f"wrote {args.out}: {counts['enterprises']} synthetic enterprises, {counts['parcels']} synthetic parcels "
        f"(benchmarks only; load with LANBAI_DATA_DIR={args.out})"
    )
    return 0


HANDLERS = {"enterprises": cmd_enterprises, "parcels": cmd_parcels, "synth": cmd_synth}
