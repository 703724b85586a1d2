"""Row rules of the investor's tables that column declarations cannot say (issue 12).

Every check reads the raw text tables, works on whole columns (an import of 100,000 rows is
checked in well under a second) and yields located :class:`Problem`s, like :mod:`geo.validate`:
the credit code's GB 32100-2015 check character and its uniqueness, known GB/T 4754-2017 codes,
a source for every real row and every figure, synthetic rows marked as such, parcel dates,
prices and outlines, and points far from the park their row states (a GCJ-02 shift, typically).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import numpy as np
import pandas as pd
import shapely

from .credit_code import credit_code_problem
from .enterprise_schema import FIGURE_SOURCES
from .errors import Problem
from .industry_code_rules import code_problem
from .schema import GANSU_BOUNDS, MAX_TEXT_CHARS

Raw = dict[str, pd.DataFrame]
SYNTHETIC_PREFIXES = ("【合成】", "[SYNTHETIC]")
_DATE = re.compile(r"\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])\Z")
_EARTH_KM = 6371.0088


def enterprise_problems(raw: Raw) -> list[Problem]:
    """Every broken rule of the enterprises, parcels and code tables present in ``raw``."""
    problems: list[Problem] = []
    known = _known_codes(raw)
    for name in ("enterprises", "parcels"):
        df = raw.get(name)
        if df is None or df.empty:
            continue
        problems += _synthetic_rows(name, df)
        problems += _sources(name, df)
        if known is not None and "industry_codes" in df.columns:
            problems += _codes(name, df, known)
        problems += _far_from_park(name, df, raw)
    if raw.get("enterprises") is not None and not raw["enterprises"].empty:
        problems += _credit_codes(raw["enterprises"])
        problems += _figures(raw["enterprises"])
    if raw.get("parcels") is not None and not raw["parcels"].empty:
        problems += _parcels(raw["parcels"])
    if known is not None and "code_chains" in raw and "prefix" in raw["code_chains"].columns:
        problems += _codes_of(raw["code_chains"], "code_chains", "prefix", known)
    return problems


def _line(index) -> int:
    return int(index) + 2


def _known_codes(raw: Raw) -> set[str] | None:
    codes = raw.get("industry_codes")
    if codes is None or "code" not in codes.columns:
        return None
    return set(codes["code"])


def _is_synthetic(df: pd.DataFrame) -> pd.Series:
    return df["synthetic"] == "true" if "synthetic" in df.columns else pd.Series(False, index=df.index)


def _synthetic_rows(name: str, df: pd.DataFrame) -> Iterator[Problem]:
    """A synthetic row says so in its name, so no view can pass it off as a real firm or parcel."""
    if "name_zh" not in df.columns:
        return
    synthetic = _is_synthetic(df)
    marked = df["name_zh"].str.startswith(SYNTHETIC_PREFIXES)
    for index in df.index[synthetic & ~marked]:
        yield Problem(
            name,
            _line(index),
            "name_zh",
            f"a synthetic row's name starts with {SYNTHETIC_PREFIXES[0]} or {SYNTHETIC_PREFIXES[1]}",
        )
    for index in df.index[~synthetic & marked]:
        yield Problem(
            name, _line(index), "synthetic", "the name says synthetic but the row is not marked synthetic=true"
        )


def _sources(name: str, df: pd.DataFrame) -> Iterator[Problem]:
    if "source_id" not in df.columns:
        return
    for index in df.index[(df["source_id"] == "") & ~_is_synthetic(df)]:
        yield Problem(name, _line(index), "source_id", "a real row needs the id of its source")


def _codes(name: str, df: pd.DataFrame, known: set[str]) -> Iterator[Problem]:
    cells = df["industry_codes"]
    for index in df.index[cells != ""]:
        for code in (c.strip() for c in cells[index].split("|")):
            message = code_problem(code, known) if code else None
            if message:
                yield Problem(name, _line(index), "industry_codes", message)


def _codes_of(df: pd.DataFrame, name: str, column: str, known: set[str]) -> Iterator[Problem]:
    for index, code in df[column].items():
        message = code_problem(code, known) if code else None
        if message:
            yield Problem(name, _line(index), column, message)


def _credit_codes(df: pd.DataFrame) -> Iterator[Problem]:
    if "credit_code" not in df.columns:
        return
    codes = df["credit_code"]
    filled = codes[codes != ""]
    for index, code in filled.items():
        message = credit_code_problem(code)
        if message:
            yield Problem("enterprises", _line(index), "credit_code", message)
    repeated = filled[filled.duplicated(keep="first")]
    if repeated.empty:
        return
    first_lines = {code: _line(i) for i, code in filled[~filled.duplicated(keep="first")].items()}
    for index, code in repeated.items():
        yield Problem(
            "enterprises",
            _line(index),
            "credit_code",
            f"统一社会信用代码 {code} is already used on line {first_lines[code]}: one firm, one row",
        )


def _figures(df: pd.DataFrame) -> Iterator[Problem]:
    for column, source in FIGURE_SOURCES.items():
        if column in df.columns and source in df.columns:
            for index in df.index[(df[column] != "") & (df[source] == "") & ~_is_synthetic(df)]:
                yield Problem("enterprises", _line(index), source, f"{column} needs the id of its source")


def _parcels(df: pd.DataFrame) -> Iterator[Problem]:
    for column in ("checked_on", "valid_until"):
        if column in df.columns:
            cells = df[column]
            bad = (cells != "") & ~cells.str.match(_DATE.pattern)
            for index in df.index[bad]:
                yield Problem("parcels", _line(index), column, f"{cells[index]!r} is not a date YYYY-MM-DD")
    if {"checked_on", "valid_until"} <= set(df.columns):
        both = (
            (df["valid_until"] != "")
            & df["checked_on"].str.match(_DATE.pattern)
            & df["valid_until"].str.match(_DATE.pattern)
        )
        for index in df.index[both & (df["valid_until"] < df["checked_on"])]:
            yield Problem("parcels", _line(index), "valid_until", "is before checked_on")
    if {"price", "price_unit"} <= set(df.columns):
        for index in df.index[(df["price"] != "") & (df["price_unit"] == "")]:
            yield Problem("parcels", _line(index), "price_unit", "a price needs its unit (元/m²/月, 万元/亩 …)")
    if "outline_wkt" in df.columns:
        yield from _outlines(df)


def _outlines(df: pd.DataFrame) -> Iterator[Problem]:
    cells = df["outline_wkt"]
    readable = (cells != "") & (cells.str.len() <= MAX_TEXT_CHARS) & cells.str.isascii()  # else: a cell check says why
    for index in df.index[readable]:
        try:
            geom = shapely.from_wkt(cells[index])
        except Exception as exc:  # GEOS raises its own and decoding errors for garbage
            yield Problem("parcels", _line(index), "outline_wkt", f"is not WKT ({type(exc).__name__})")
            continue
        if geom.geom_type not in ("Polygon", "MultiPolygon"):
            yield Problem(
                "parcels", _line(index), "outline_wkt", f"a parcel outline is a polygon, not a {geom.geom_type}"
            )
        elif not geom.is_valid:
            yield Problem("parcels", _line(index), "outline_wkt", f"invalid polygon ({shapely.is_valid_reason(geom)})")
        elif not shapely.box(*GANSU_BOUNDS).contains(geom):
            yield Problem(
                "parcels", _line(index), "outline_wkt", "lies outside Gansu (projected coordinates or swapped axes?)"
            )


def _far_from_park(name: str, df: pd.DataFrame, raw: Raw) -> Iterator[Problem]:
    """A point farther from its stated park than both their errors allow is wrong: often GCJ-02 declared WGS-84."""
    sites = raw.get("sites")
    needed = {"site_id", "lat", "lon", "error_km"}
    if sites is None or not needed <= set(df.columns) or not {"id", "lat", "lon", "error_km"} <= set(sites.columns):
        return
    rows = df[(df["site_id"] != "") & (df["lat"] != "") & (df["lon"] != "")]
    if rows.empty:
        return
    parks = sites.set_index("id")[["lat", "lon", "error_km"]]
    parks = parks[~parks.index.duplicated()].apply(pd.to_numeric, errors="coerce")
    park = parks.reindex(rows["site_id"])
    lat, lon = (
        pd.to_numeric(rows["lat"], errors="coerce").to_numpy(),
        pd.to_numeric(rows["lon"], errors="coerce").to_numpy(),
    )
    own_error = pd.to_numeric(rows["error_km"], errors="coerce").fillna(0).to_numpy()
    km = haversine_km(lat, lon, park["lat"].to_numpy(), park["lon"].to_numpy())
    allowed = own_error + park["error_km"].fillna(0).to_numpy()
    far = np.nan_to_num(km, nan=0.0) > allowed
    for index, distance, limit, site in zip(rows.index[far], km[far], allowed[far], rows["site_id"][far], strict=False):
        yield Problem(
            name,
            _line(index),
            "lat",
            f"lies {distance:.2f} km from its park {site!r}, farther than their errors allow ({limit:g} km): "
            "coordinates on a Chinese map datum (GCJ-02 from 高德/腾讯, BD-09 from 百度) declared WGS-84? "
            "Import them with --datum gcj02 (or bd09), or correct the park",
        )


def haversine_km(lat1, lon1, lat2, lon2) -> np.ndarray:
    """Great-circle distance in km between arrays of points in degrees."""
    lat1, lon1, lat2, lon2 = (np.radians(np.asarray(a, dtype=float)) for a in (lat1, lon1, lat2, lon2))
    with np.errstate(invalid="ignore"):  # non-finite input gives nan, which no comparison passes
        return _haversine(lat1, lon1, lat2, lon2)


def _haversine(lat1, lon1, lat2, lon2) -> np.ndarray:
    a = np.sin((lat2 - lat1) / 2) ** 2 + np.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2
    return 2 * _EARTH_KM * np.arcsin(np.sqrt(np.clip(a, 0, 1)))
