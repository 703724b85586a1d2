"""Find a site, industry, organization, area or landmark by id, name or alias.

Matching ignores case, white space and the difference between full-width and
ASCII brackets. An unknown name raises :class:`UnknownNameError` with the closest
known names, so a typo at the command line or in a link gets a useful answer.
"""

from __future__ import annotations

import difflib
import unicodedata
from dataclasses import dataclass

import pandas as pd

from .errors import AmbiguousNameError, UnknownNameError

KINDS = ("site", "industry", "organization", "area", "landmark")
_TABLE_OF = {
    "site": "sites",
    "industry": "industries",
    "organization": "organizations",
    "area": "areas",
    "landmark": "landmarks",
}
_KIND_ZH = {"site": "园区", "industry": "产业", "organization": "单位", "area": "行政区", "landmark": "地点"}


def normalise_name(text: str) -> str:
    """Casefold, drop white space, and fold full-width forms (（）→ ())."""
    return "".join(unicodedata.normalize("NFKC", str(text)).casefold().split())


@dataclass(frozen=True)
class Match:
    """A name resolved to one row: its kind, id and both names."""

    kind: str
    id: str
    name_zh: str
    name_en: str


class Resolver:
    """Name look-up over one catalogue."""

    def __init__(self, catalogue):
        self._index: dict[str, dict[str, Match]] = {kind: {} for kind in KINDS}
        self._display: dict[str, list[str]] = {kind: [] for kind in KINDS}
        self._chain_names: dict[str, tuple[Match, list[str]]] = {}  # chain id -> (match, its names)
        for kind in KINDS:
            self._add_table(kind, catalogue.table(_TABLE_OF[kind]))

    def _add_table(self, kind: str, df: pd.DataFrame) -> None:
        key = "code" if kind == "area" else "id"
        for row in df.itertuples(index=False):
            match = Match(kind, str(getattr(row, key)), row.name_zh, row.name_en)
            names = [match.id, row.name_zh, row.name_en, *(getattr(row, "aliases", None) or [])]
            for name in names:
                # The first row to claim a name keeps it: ids and canonical names win over aliases.
                self._index[kind].setdefault(normalise_name(name), match)
            if kind == "industry" and getattr(row, "system", "") == "chain":
                self._chain_names[match.id] = (match, [normalise_name(n) for n in names[1:]])
            self._display[kind] += [row.name_zh, row.name_en]

    def find(self, name: str, kind: str) -> Match | None:
        """The match of ``name`` among ``kind``, or None."""
        return self._index[kind].get(normalise_name(name))

    def resolve(self, name: str, kind: str) -> Match:
        """The match of ``name`` among ``kind``; raises UnknownNameError with suggestions."""
        if kind not in KINDS:
            raise ValueError(f"kind must be one of {KINDS}")
        found = self.find(name, kind)
        if found is None:
            raise UnknownNameError(kind, name, self.suggest(name, kind))
        return found

    def resolve_any(self, name: str, kinds: tuple[str, ...] = ("site", "organization", "landmark", "area")) -> Match:
        """The first kind (in order) that knows ``name``: how a "place" is found."""
        for kind in kinds:
            found = self.find(name, kind)
            if found is not None:
                return found
        suggestions = sorted({s for k in kinds for s in self.suggest(name, k)})[:6]
        raise UnknownNameError("place", name, suggestions)

    def chain_candidates(self, partial: str) -> list[Match]:
        """Chains whose name or an alias contains ``partial`` ('数据' -> 大数据与数字经济), in vocabulary order."""
        key = normalise_name(partial)
        if not key:
            return []
        return [match for match, names in self._chain_names.values() if any(key in n for n in names)]

    def resolve_chain(self, name: str) -> Match:
        """The industry or chain ``name`` names; a partial name gives the one chain it is part of.

        The one rule for a chain typed by a person, used by the command line and the app:
        an id, name or alias of any industry (chain or document industry) is that industry;
        otherwise a part of a chain's name or alias ('数据' -> 大数据与数字经济) is that chain
        when only one chain has it.

        Parameters
        ----------
        name : str
            What the person typed.

        Returns
        -------
        Match
            The industry or chain (kind ``industry``).

        Raises
        ------
        AmbiguousNameError
            The partial name is part of several chains' names ('能': 先进装备制造, 节能环保,
            新能源); its message lists them with their ids.
        UnknownNameError
            No industry has the name and no chain's name contains it (with suggestions).
        """
        found = self.find(name, "industry")
        if found is not None:
            return found
        candidates = self.chain_candidates(name)
        if len(candidates) == 1:
            return candidates[0]
        if candidates:
            raise AmbiguousNameError("chain", str(name), candidates)
        raise UnknownNameError("industry", name, self.suggest(name, "industry"))

    def suggest(self, name: str, kind: str, n: int = 5) -> list[str]:
        """Suggest up to ``n`` known names of ``kind`` close to ``name``."""
        candidates = self._display[kind]
        close = difflib.get_close_matches(name, candidates, n=n, cutoff=0.4)
        if not close:
            close = [c for c in candidates if name and (name in c or c in name)][:n]
        return close


def name_kind_label(kind: str, lang: str = "zh") -> str:
    """Name what a name can resolve to ('site' -> '园区'); not a site's kind (see geo.i18n.kind_label)."""
    return _KIND_ZH[kind] if lang == "zh" else kind
