"""What a role may see: the one place internal rows and fields are taken out of the catalogue.

Every path that shows or writes data for a session (pages, downloads, exports, reports, tours)
asks :func:`visible_catalogue` for the catalogue of the session's role, and works on that only;
so a public session cannot reach an internal row through any of them. A row is internal when its
``visibility`` cell says so (empty: public). Rows that point at an internal row (a project in an
internal site, an organization's industry links …) go with it, so no trace of it is left to a
public reader; an industry's chain list drops internal industries. Internal fields (contacts and
similar, named in :data:`INTERNAL_COLUMNS`) are emptied for roles that may not see them.
"""

from __future__ import annotations

import weakref
from dataclasses import replace

import pandas as pd

from .accounts import can, role_rank
from .cells import split_list
from .load import Catalogue
from .schema import LIST_SEPARATOR, TABLES

INTERNAL = "internal"
# Table → columns only staff see. None of today's columns hold contacts or 招商 notes (the notes are
# the data's provenance, public); a layer that brings such columns names them here.
INTERNAL_COLUMNS: dict[str, tuple[str, ...]] = {"parcels": ("contact",)}
# Tables whose rows are staff-only unless marked public: enterprise details are internal by default.
INTERNAL_BY_DEFAULT = ("enterprises",)
# Catalogues this module already filtered with the default internal columns (id → catalogue): filtering
# one of them again gives the same rows, so visible_catalogue hands it back as it is (idempotent and cheap).
_FILTERED: weakref.WeakValueDictionary[int, Catalogue] = weakref.WeakValueDictionary()


def visible_catalogue(
    cat: Catalogue, role: str, internal_columns: dict[str, tuple[str, ...]] | None = None
) -> Catalogue:
    """The catalogue as ``role`` may see it.

    Parameters
    ----------
    cat : the full catalogue
    role : one of :data:`geo.accounts.ROLES` (``public`` for anonymous sessions)
    internal_columns : table → columns only internal roles see; :data:`INTERNAL_COLUMNS` by default

    Returns
    -------
    Catalogue
        ``cat`` itself for roles that see internal data; otherwise a copy without internal rows,
        the rows that refer to them, and internal columns' values.
    """
    if not isinstance(cat, Catalogue):
        raise TypeError("visible_catalogue needs a Catalogue")
    role_rank(role)  # an unknown role is an error, never a silent default
    if can(role, "see_internal") or (internal_columns is None and _FILTERED.get(id(cat)) is cat):
        return cat
    tables = {name: cat.table(name) for name in TABLES if cat.table(name) is not None}
    tables = _without_internal_rows(tables)
    for name, columns in (INTERNAL_COLUMNS if internal_columns is None else internal_columns).items():
        present = [c for c in columns if c in tables[name].columns]
        if present:
            tables[name] = tables[name].copy()
            tables[name][present] = ""
    visible = replace(cat, **tables)
    if internal_columns is None:
        _FILTERED[id(visible)] = visible
    return visible


def is_internal(df: pd.DataFrame, table: str = "") -> pd.Series:
    """True for the rows marked internal, and in :data:`INTERNAL_BY_DEFAULT` tables every row not marked public."""
    if "visibility" not in df.columns:
        return pd.Series(table in INTERNAL_BY_DEFAULT, index=df.index)
    marks = df["visibility"].fillna("").astype(str).str.strip()
    return marks != "public" if table in INTERNAL_BY_DEFAULT else marks == INTERNAL


def _without_internal_rows(tables: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """Drop internal rows, then every row whose reference names a dropped key, until nothing changes."""
    out = {name: df[~is_internal(df, name)] for name, df in tables.items()}
    while True:
        keys = {name: set(out[name][TABLES[name].key].astype(str)) for name in out if TABLES[name].key}
        changed = False
        for name, df in out.items():
            keep = pd.Series(True, index=df.index)
            for column in (c for c in TABLES[name].columns if c.references and c.name in df.columns):
                if column.dtype == "list":
                    continue
                targets = str(column.references).split("|")
                known = set().union(*(keys.get(t, set()) for t in targets))
                values = df[column.name].fillna("").astype(str)
                keep &= (values == "") | values.isin(known)
            if not keep.all():
                out[name], changed = df[keep], True
        if not changed:
            break
    return _lists_without_dropped(out, tables)


def _lists_without_dropped(out: dict[str, pd.DataFrame], full: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """List references (an industry's chain_ids) keep only the keys still visible."""
    for name, df in out.items():
        for column in (c for c in TABLES[name].columns if c.dtype == "list" and c.references and c.name in df.columns):
            name_of_target = str(column.references)
            key = str(TABLES[name_of_target].key)
            dropped = set(full[name_of_target][key].astype(str)) - set(out[name_of_target][key].astype(str))
            if dropped:
                df = df.copy()
                df[column.name] = df[column.name].map(lambda v, gone=dropped: _list_without(v, gone))
                out[name] = df
    return out


def _list_without(value, dropped: set[str]):
    if isinstance(value, list):
        return [v for v in value if v not in dropped]
    return LIST_SEPARATOR.join(v for v in split_list(str(value or "")) if v not in dropped)
