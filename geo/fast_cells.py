"""Whole-column screening of cells, so the one cell parser runs only where a cell may be wrong.

:func:`geo.cells.parse_cell` reads one cell at a time; on a 100,000-row table that is millions of
Python calls. :func:`suspect_cells` marks, for a whole column at once, every cell that *might* fail
(too long, a control character, empty but required, not one of the choices, not a number of the
column's grammar, not finite, out of range, an integer too long for Int64). Cells it does not mark
pass the parser by construction; marked cells are read by the parser, which gives the message — so
validation says exactly what it said before, only faster. :func:`float_values` types a float column
the same way: all at once when every cell is a plain number in range, cell by cell otherwise.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .cells import _CONTROL, _FLOAT, _INT
from .schema import Column

_INT_DIGITS = 18  # up to 18 digits always fits Int64; longer ones go to the exact parser


def suspect_cells(column: Column, values: pd.Series) -> np.ndarray:
    """A boolean array: True where ``parse_cell(column, value)`` may raise (False: it surely does not)."""
    if not all(isinstance(v, str) for v in values.head(1)):
        return np.ones(len(values), dtype=bool)
    text = values.astype(str)
    if not all(type(v) is str for v in values.tolist()):  # a non-text cell: the parser says so
        return np.ones(len(values), dtype=bool)
    empty = (text == "").to_numpy()
    bad = (text.str.len() > column.length_limit).to_numpy() | text.str.contains(_CONTROL.pattern, regex=True).to_numpy()
    if column.required:
        bad |= empty
    if column.choices:
        bad |= ~empty & ~text.isin(column.choices).to_numpy()
    if column.dtype in ("float", "int"):
        bad |= ~empty & _not_a_number(column, text)
    return bad


def _not_a_number(column: Column, text: pd.Series) -> np.ndarray:
    grammar = (_INT if column.dtype == "int" else _FLOAT).pattern.removesuffix(r"\Z")
    shaped = text.str.fullmatch(grammar).fillna(False).to_numpy(dtype=bool)
    numbers = np.full(len(text), np.nan)
    if shaped.any():
        numbers[shaped] = np.asarray(text[shaped].tolist(), dtype=float)
    bad = ~shaped | ~np.isfinite(numbers)
    if column.dtype == "int":
        bad |= text.str.lstrip("+-").str.len().to_numpy() > _INT_DIGITS
    with np.errstate(invalid="ignore"):
        if column.low is not None:
            bad |= (numbers <= column.low) if column.low_open else (numbers < column.low)
        if column.high is not None:
            bad |= numbers > column.high
    return bad


def float_values(column: Column, values: pd.Series) -> np.ndarray | None:
    """The column as floats (empty = nan) when every cell passes the parser, else None (read cell by cell)."""
    if column.dtype != "float" or suspect_cells(column, values).any():
        return None
    text = values.astype(str)
    return np.asarray(text.where(text != "", "nan").tolist(), dtype=float)


def number_cells(values: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """(readable, numbers): which cells are finite numbers of the float grammar, and their values (else nan)."""
    text = values.astype(str)
    shaped = text.str.fullmatch(_FLOAT.pattern.removesuffix(r"\Z")).fillna(False).to_numpy(dtype=bool)
    numbers = np.full(len(text), np.nan)
    if shaped.any():
        numbers[shaped] = np.asarray(text[shaped].tolist(), dtype=float)
    return shaped & np.isfinite(numbers), numbers
