"""GB/T 4754-2017 codes as the atlas reads them, and the code → chain mapping.

A code is a 门类 letter (``C``) or 2–4 digits (大类 ``39``, 中类 ``398``, 小类 ``3985``). The atlas
ships the levels it can state accurately (data/industry_codes.csv); a longer code is accepted when
its shipped prefix is known — ``3985`` is read as part of 大类 ``39`` — so an import from a register
that gives 小类 codes is not refused for a level the atlas does not list.
"""

from __future__ import annotations

import re

import pandas as pd

_CODE = re.compile(r"(?:[A-T]|[0-9]{2,4})\Z")


def known_prefix(code: str, known: set[str]) -> str | None:
    """The longest shipped code that ``code`` is or starts with (a letter must be shipped itself)."""
    if not _CODE.match(code):
        return None
    for end in range(len(code), 1 if code.isdigit() else 0, -1):
        if code[:end] in known:
            return code[:end]
    return None


def code_problem(code: str, known: set[str]) -> str | None:
    """Why ``code`` is not a GB/T 4754-2017 code the atlas can place, or None."""
    if not _CODE.match(code):
        return f"{code!r} is not a GB/T 4754-2017 code (a 门类 letter A–T, or 2–4 digits: 大类 39, 中类 398, 小类 3985)"
    if known_prefix(code, known) is None:
        return f"{code!r} is not a known GB/T 4754-2017 code (no shipped 门类/大类 starts it)"
    return None


def chains_of_codes(codes, mapping: pd.DataFrame) -> set[str]:
    """The chain ids a list of codes maps to (every mapped prefix of each code counts)."""
    by_prefix: dict[str, set[str]] = {}
    for prefix, chain in zip(mapping["prefix"], mapping["chain_id"], strict=False):
        by_prefix.setdefault(prefix, set()).add(chain)
    found: set[str] = set()
    for code in codes:
        for end in range(1, len(code) + 1):
            found |= by_prefix.get(code[:end], set())
    return found


def codes_for_chains(chain_ids, mapping: pd.DataFrame) -> list[str]:
    """Every code prefix mapped to one of ``chain_ids``."""
    wanted = set(chain_ids)
    return sorted({p for p, c in zip(mapping["prefix"], mapping["chain_id"], strict=False) if c in wanted})


def matches_prefixes(code_lists: pd.Series, prefixes: list[str]) -> pd.Series:
    """Rows whose list of codes has a code starting with one of ``prefixes`` (vectorised over all codes)."""
    if not prefixes or code_lists.empty:
        return pd.Series(False, index=code_lists.index)
    codes = code_lists.map(lambda v: v if isinstance(v, list) else split_codes(v)).explode()
    hits = codes.astype(str).str.startswith(tuple(prefixes)) & codes.notna()
    return hits.groupby(level=0).any().reindex(code_lists.index, fill_value=False)


def split_codes(text) -> list[str]:
    """The codes of a ``|``-separated cell."""
    return [c.strip() for c in str(text or "").split("|") if c.strip()]
