"""Targets and achieved figures: which can be compared, the gaps between them, and how to group them.

The documents state targets and achievements for different scopes (a high-tech zone, a
city, the pilot zone), years and units, often with a qualifier (以上, 突破, 近, 多 …).
Two figures are only set against each other when that means something:

- a **gap** pairs a target and an actual of the SAME indicator (same wording), scope and
  unit; when their years differ the gap says so ("2022 target vs 2020 actual"), it is never
  presented as progress within one year;
- a **comparison across scopes** needs the same indicator, unit, year and kind;
- everything else that looks alike (same words, but another scope, unit or definition) is
  listed as *related but not comparable*, with the reasons.

No Streamlit here: the page and the tests call these functions.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

import pandas as pd

from .i18n import QUALIFIERS, UNIT_EN, field_text, figure_text, join_names, number_text, tr, unit_label  # noqa: F401 (re-exported)
from .load import Catalogue

KINDS = ("target", "actual")
KIND_LABELS = {"target": ("目标", "target"), "actual": ("实绩", "actual")}

#: Why two figures cannot be set side by side: code -> (zh, en).
REASONS: dict[str, tuple[str, str]] = {
    "scope": ("范围不同", "different scope"),
    "unit": ("单位不同", "different unit"),
    "definition": ("指标口径不同", "different definition (wording)"),
    "year": ("年份不同", "different year"),
    "year_unknown": ("年份未注明", "year not stated"),
    "kind": ("目标与实绩", "a target and an actual"),
}

#: Qualifiers that make a figure approximate (a gap computed from it is approximate too).
APPROXIMATE = {"近", "多", "余", "突破", "以上", "零的突破", "1-2", "三分之一", "翻了两番多"}
#: Units where a smaller number is better (a rank): no "share of target" for them.
RANK_UNITS = {"位"}


# ------------------------------------------------------------------ labels


def year_text(year, lang: str = "zh") -> str:
    """Write a figure's year: '2022年' / '2022', or that the document does not state it."""
    if year is None or pd.isna(year):
        return "年份未注明" if lang == "zh" else "year not stated"
    return f"{int(year)}年" if lang == "zh" else str(int(year))


def kind_text(kind: str, lang: str = "zh") -> str:
    """Name a figure's kind: target (目标) or actual (实绩)."""
    return tr(KIND_LABELS, kind, lang)


def value_text(row, lang: str = "zh") -> str:
    """Write a figure row as the document states it, qualifier kept: '近200家', '400家以上', '突破500亿元'.

    Parameters
    ----------
    row : mapping or pandas.Series
        An indicators row (value, unit, qualifier, value_max, value_text).
    lang : {"zh", "en"}
        The language.

    Returns
    -------
    str
        The figure, written by :func:`geo.i18n.figure_text`.
    """
    return figure_text(
        row.get("value"),
        row.get("unit", ""),
        row.get("qualifier", ""),
        lang,
        value_max=row.get("value_max"),
        words=row.get("value_text", ""),
    )


def indicator_name(row, lang: str = "zh") -> str:
    """Give a figure row's indicator in ``lang``."""
    return field_text(row, "indicator", lang)


# ------------------------------------------------------------ comparability


def indicator_key(text: str) -> str:
    """The indicator's wording, normalised (case, width, white space): equal keys = same definition."""
    return "".join(unicodedata.normalize("NFKC", str(text)).casefold().split())


def related_key(text: str) -> str:
    """Looser than :func:`indicator_key`: bracketed parts dropped, to find look-alikes."""
    return re.sub(r"\([^)]*\)", "", indicator_key(text))


def _year(row):
    year = row["year"]
    return None if year is None or pd.isna(year) else int(year)


def differences(a, b) -> tuple[str, ...]:
    """Reason codes (see :data:`REASONS`) why figures ``a`` and ``b`` are not the same quantity.

    Kind is not a reason here: a target and an actual of the same quantity are what a gap needs.
    """
    reasons = []
    if a["scope_id"] != b["scope_id"]:
        reasons.append("scope")
    if a["unit"] != b["unit"]:
        reasons.append("unit")
    if indicator_key(a["indicator_zh"]) != indicator_key(b["indicator_zh"]):
        reasons.append("definition")
    ya, yb = _year(a), _year(b)
    if ya is None or yb is None:
        reasons.append("year_unknown")
    elif ya != yb:
        reasons.append("year")
    return tuple(reasons)


def can_gap(target, actual) -> bool:
    """A target and an actual make a gap when indicator, scope and unit agree (years may differ)."""
    if target["kind"] != "target" or actual["kind"] != "actual":
        return False
    return not {"scope", "unit", "definition"} & set(differences(target, actual))


def can_compare_across_scopes(a, b) -> bool:
    """Two scopes' figures can stand side by side only for the same indicator, unit, known year and kind."""
    return a["kind"] == b["kind"] and set(differences(a, b)) <= {"scope"}


# --------------------------------------------------------------------- gaps


@dataclass(frozen=True)
class Gap:
    """A target and an actual of the same indicator, scope and unit."""

    target_id: str
    actual_id: str
    scope_id: str
    indicator_zh: str
    indicator_en: str
    unit: str
    target_value: float
    actual_value: float
    target_year: int | None
    actual_year: int | None
    target_qualifier: str = ""
    actual_qualifier: str = ""

    @property
    def remaining(self) -> float:
        """Target minus actual, in the unit (negative: the actual is past the target)."""
        return self.target_value - self.actual_value

    @property
    def share(self) -> float | None:
        """Actual as a share of the target (None for ranks or a zero target)."""
        if self.unit in RANK_UNITS or self.target_value == 0:
            return None
        return self.actual_value / self.target_value

    @property
    def same_year(self) -> bool:
        """Tell whether the target and the actual are of the same (known) year."""
        return self.target_year is not None and self.target_year == self.actual_year

    @property
    def approximate(self) -> bool:
        """A qualifier (以上, 近, 多 …) makes one of the two numbers a bound or an estimate."""
        return bool({self.target_qualifier, self.actual_qualifier} & APPROXIMATE)

    def years_text(self, lang: str = "zh") -> str:
        """'2022年目标 vs 2020年实绩' — the years are always said, and a mismatch is flagged."""
        t, a = year_text(self.target_year, lang), year_text(self.actual_year, lang)
        if lang == "zh":
            text = f"{t}目标 vs {a}实绩"
            return text if self.same_year else text + "（年份不同，非同年进度）"
        text = f"{t} target vs {a} actual"
        return text if self.same_year else text + " (different years: not progress within one year)"


def find_gaps(indicators: pd.DataFrame) -> list[Gap]:
    """Every target–actual pair of the same indicator, scope and unit, most recent actual first."""
    targets = indicators[indicators["kind"] == "target"]
    actuals = indicators[indicators["kind"] == "actual"]
    gaps = []
    for _, t in targets.iterrows():
        for _, a in actuals.iterrows():
            if can_gap(t, a):
                gaps.append(
                    Gap(
                        t["id"],
                        a["id"],
                        t["scope_id"],
                        t["indicator_zh"],
                        t["indicator_en"],
                        t["unit"],
                        float(t["value"]),
                        float(a["value"]),
                        _year(t),
                        _year(a),
                        str(t["qualifier"] or ""),
                        str(a["qualifier"] or ""),
                    )
                )
    return sorted(gaps, key=lambda g: (g.scope_id, g.indicator_zh, -(g.actual_year or 0), g.target_id))


def progress(indicators: pd.DataFrame) -> list[Gap]:
    """Each numeric target against its LATEST comparable actual (same indicator, scope and unit).

    The one progress rule the Targets page and the reports share. A target without a comparable
    actual, or either figure without a number, has no progress (it is not listed). The latest
    actual is the one of the latest stated year; undated actuals count only when no dated one exists.
    """
    latest: dict[str, Gap] = {}
    for gap in find_gaps(indicators):
        if pd.isna(gap.target_value) or pd.isna(gap.actual_value):
            continue
        best = latest.get(gap.target_id)
        if best is None or (gap.actual_year or 0) > (best.actual_year or 0):
            latest[gap.target_id] = gap
    return sorted(latest.values(), key=lambda g: (g.scope_id, g.indicator_zh, g.target_year or 0, g.target_id))


@dataclass(frozen=True)
class Mismatch:
    """Two figures that look alike (similar wording, a target and an actual) but cannot be compared."""

    target_id: str
    actual_id: str
    reasons: tuple[str, ...]

    def reasons_text(self, lang: str = "zh") -> str:
        """List why the two figures cannot be compared, in ``lang``."""
        return join_names((tr(REASONS, r, lang) for r in self.reasons), lang)


def incomparable_pairs(indicators: pd.DataFrame) -> list[Mismatch]:
    """Targets and actuals with similar wording that are NOT a gap (other scope, unit or definition)."""
    targets = indicators[indicators["kind"] == "target"]
    actuals = indicators[indicators["kind"] == "actual"]
    found = []
    for _, t in targets.iterrows():
        for _, a in actuals.iterrows():
            if related_key(t["indicator_zh"]) == related_key(a["indicator_zh"]) and not can_gap(t, a):
                found.append(Mismatch(t["id"], a["id"], differences(t, a)))
    return found


# ----------------------------------------------------------------- grouping


def unit_groups(indicators: pd.DataFrame) -> list[tuple[str, pd.DataFrame]]:
    """The figures split by unit (a chart never mixes units), largest group first."""
    groups = [(unit, df.reset_index(drop=True)) for unit, df in indicators.groupby("unit", sort=False)]
    return sorted(groups, key=lambda g: (-len(g[1]), g[0]))


def series_key(row) -> str:
    """The identity of a comparable series: indicator wording, unit, kind and year."""
    year = _year(row)
    return "|".join(
        [indicator_key(row["indicator_zh"]), str(row["unit"]), str(row["kind"]), "" if year is None else str(year)]
    )


def cross_scope_groups(indicators: pd.DataFrame) -> list[pd.DataFrame]:
    """Group the figures that may stand side by side across scopes.

    A group has the same indicator, unit, kind and (known) year, stated for at least two scopes.
    """
    dated = indicators[indicators["year"].notna()]
    groups = []
    for _, df in dated.groupby(dated.apply(series_key, axis=1), sort=True):
        if df["scope_id"].nunique() >= 2:
            groups.append(df.reset_index(drop=True))
    return groups


# --------------------------------------------------------------------- map


def located_scopes(cat: Catalogue) -> dict[str, str]:
    """Scopes that can be drawn: scope id -> 'site' (a site with a point) or 'area' (a polygon)."""
    out = {row["id"]: "site" for _, row in cat.sites.iterrows() if row.geometry is not None}
    out.update(
        {
            row["code"]: "area"
            for _, row in cat.areas.iterrows()
            if row.geometry is not None and not row.geometry.is_empty
        }
    )
    return out


@dataclass(frozen=True)
class Series:
    """One indicator stated with the same unit, kind and year for one or more scopes."""

    key: str
    indicator_zh: str
    indicator_en: str
    unit: str
    kind: str
    year: int | None
    ids: tuple[str, ...]

    def label(self, lang: str = "zh") -> str:
        """Name the series: indicator · kind · year · unit."""
        name = self.indicator_zh if lang == "zh" else self.indicator_en
        return f"{name} · {kind_text(self.kind, lang)} · {year_text(self.year, lang)} · {unit_label(self.unit, lang)}"


def map_series(cat: Catalogue) -> list[Series]:
    """Every series with a figure for at least one scope that can be drawn on the map."""
    located = located_scopes(cat)
    df = cat.indicators
    out = []
    for key, group in df.groupby(df.apply(series_key, axis=1), sort=False):
        if not group["scope_id"].isin(located).any():
            continue
        first = group.iloc[0]
        out.append(
            Series(
                key,
                first["indicator_zh"],
                first["indicator_en"],
                first["unit"],
                first["kind"],
                _year(first),
                tuple(group["id"]),
            )
        )
    return sorted(out, key=lambda s: (s.kind != "target", s.indicator_zh, s.year or 0))  # targets first


def series_of(cat: Catalogue, indicator_id: str) -> str | None:
    """The series key of one indicator row (None for an unknown id)."""
    row = cat.indicators.loc[cat.indicators["id"] == indicator_id]
    return None if row.empty else series_key(row.iloc[0])


def series_figures(cat: Catalogue, key: str) -> pd.DataFrame:
    """The rows of one series, with ``located`` = 'site' / 'area' / '' (cannot be drawn)."""
    df = cat.indicators
    rows = df[df.apply(series_key, axis=1) == key].copy()
    located = located_scopes(cat)
    rows["located"] = rows["scope_id"].map(lambda s: located.get(s, ""))
    return rows.reset_index(drop=True)


def involving_scopes(pairs: list, indicators: pd.DataFrame, scopes) -> list:
    """The gaps or mismatches with a figure in one of ``scopes`` (all of them when ``scopes`` is empty)."""
    if not scopes:
        return list(pairs)
    scope_of = dict(zip(indicators["id"], indicators["scope_id"], strict=True))
    return [p for p in pairs if {scope_of.get(p.target_id), scope_of.get(p.actual_id)} & set(scopes)]
