"""Read one table cell as its column's type: the single parser of validation and loading.

:func:`geo.validate.find_problems` reports every :class:`~geo.errors.CellError` this module
raises, and :func:`geo.load.build_catalogue` types the same cells with the same function,
so whatever passes validation is exactly what the loader reads. Numbers are plain ASCII
(``2027``, ``-3.5``, ``1e3``): no full-width digits, no ``_`` separators, finite, and within
the range declared on the column; text has no control characters and a bounded length.
"""

from __future__ import annotations

import math
import re
import unicodedata

import geopandas as gpd
import pandas as pd

from .errors import CellError
from .schema import CRS, LIST_SEPARATOR, Column

_INT = re.compile(r"[+-]?[0-9]+\Z")
_FLOAT = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?\Z")
# Every C0 control but tab, and DEL: invisible in an editor, they make equal-looking ids differ.
_CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f]")
# Whole numbers must fit the loader's Int64 column even where a column declares no range.
_INT64 = 2**63 - 1
_SHOWN_CHARS = 40


def parse_cell(column: Column, text: str):
    """The typed value of one stripped text cell.

    Parameters
    ----------
    column : the cell's column declaration (type, required, choices, range, length)
    text : the cell as read from the file, surrounding white space removed

    Returns
    -------
    str, float, int, list[str] or None
        ``float`` columns give ``nan`` when empty, ``int`` columns ``None``, ``list`` columns ``[]``.

    Raises
    ------
    CellError
        Saying what is wrong with the cell, without its location (the caller knows it).
    """
    if not isinstance(text, str):
        raise CellError(f"{text!r} is not text", "value")
    _check_text(column, text)
    if not text:
        if column.required:
            raise CellError("is empty but required", "empty")
        return {"float": math.nan, "int": None, "list": []}.get(column.dtype, "")
    if column.choices and text not in column.choices:
        raise CellError(f"{shown(text)} is not one of: {', '.join(column.choices)}", "choice")
    if column.dtype in ("float", "int"):
        value = parse_number(text, whole=column.dtype == "int")
        _check_range(column, text, value)
        if column.dtype == "int" and abs(value) > _INT64:
            raise CellError(f"{shown(text)} is too large a whole number", "range")
        return value
    if column.dtype == "list":
        return split_list(text)
    return text


def parse_number(text: str, *, whole: bool = False) -> float | int:
    """A finite ASCII number (``whole``: an integer); :class:`CellError` says why not."""
    pattern = _INT if whole else _FLOAT
    if pattern.match(text):
        value = int(text) if whole else float(text)
        if not whole and not math.isfinite(value):
            raise CellError(f"{shown(text)} is not a finite number (too large)", "number")
        return value
    raise CellError(_number_message(text, whole), "number")


def split_list(text: str) -> list[str]:
    """The values of a ``|``-separated list cell, each stripped, empty ones dropped."""
    return [part.strip() for part in str(text or "").split(LIST_SEPARATOR) if part.strip()]


def strip_controls(text: str) -> str:
    """``text`` without control characters (to match a key that carries one by mistake)."""
    return _CONTROL.sub("", text)


def shown(text: str) -> str:
    """The cell quoted for a message, cut short: a 100,000-character paste is not echoed back."""
    if len(text) <= _SHOWN_CHARS:
        return repr(text)
    return repr(text[:_SHOWN_CHARS]) + f"… ({len(text)} characters)"


def _check_text(column: Column, text: str) -> None:
    control = _CONTROL.search(text)
    if control:
        char = control.group()
        name = unicodedata.name(char, "") or {"\x00": "NUL"}.get(char, "control character")
        raise CellError(
            f"contains a control character (U+{ord(char):04X} {name}) at character "
            f"{control.start() + 1}: {shown(text)}; delete it",
            "control",
        )
    limit = column.length_limit
    if len(text) > limit:
        raise CellError(f"is longer than {limit} characters ({len(text)}): {shown(text)}", "length")


def _number_message(text: str, whole: bool) -> str:
    kind = "a whole number" if whole else "a number"
    ascii_form = unicodedata.normalize("NFKC", text)
    if ascii_form != text and (_INT if whole else _FLOAT).match(ascii_form):
        return f"{shown(text)} uses full-width or non-ASCII characters; write it as {ascii_form!r}"
    if "_" in text and (_INT if whole else _FLOAT).match(text.replace("_", "")):
        return f"{shown(text)} has '_' separators; write the digits only ({text.replace('_', '')!r})"
    if text.strip("+-").lower() in ("nan", "inf", "infinity"):
        return f"{shown(text)} is not a finite number"
    return f"{shown(text)} is not {kind}"


def _check_range(column: Column, text: str, value: float) -> None:
    low, high = column.low, column.high
    too_low = low is not None and (value <= low if column.low_open else value < low)
    too_high = high is not None and value > high
    if not (too_low or too_high):
        return
    if low is not None:
        lower = f"greater than {_num(low)}" if column.low_open else f"at least {_num(low)}"
        accepted = f"{lower} and at most {_num(high)}" if high is not None else lower
    else:
        assert high is not None  # too_high holds, so there is an upper bound
        accepted = f"at most {_num(high)}"
    raise CellError(f"{shown(text)} is out of range: {column.name} must be {accepted}", "range")


def _num(value: float) -> str:
    return f"{value:g}"


def with_points(df: pd.DataFrame) -> gpd.GeoDataFrame:
    """``df`` (typed lat/lon columns) as a GeoDataFrame of points in EPSG:4326; rows without both are None."""
    has_point = df["lat"].notna() & df["lon"].notna()
    geometry = gpd.points_from_xy(df["lon"].where(has_point), df["lat"].where(has_point))
    gdf = gpd.GeoDataFrame(df, geometry=geometry, crs=CRS)
    gdf.loc[~has_point, "geometry"] = None
    return gdf
