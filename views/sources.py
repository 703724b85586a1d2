"""Builders for the Data & sources page (no Streamlit here): sources and what cites them,
location quality, the validation report's rows, licences, catalogue downloads and the words of
the import check. The checks themselves (validation report, upload check) are in geo/checking.py.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import plotly.express as px
import plotly.graph_objects as go

from geo import exports
from geo.load import Catalogue
from geo.markup import html_text, md_text
from geo.schema import TABLES
from geo.summary import summarise
from views.i18n import METHOD_LABELS, city_label, kind_label, name, tr
from views.offline import STATIC_DIR
from views.sources_labels import LABELS, TABLE_LABELS  # noqa: F401  (the page reads them here)

MANIFEST = STATIC_DIR / "vendor" / "MANIFEST.json"
FACT_TABLES = tuple(n for n, t in TABLES.items() if t.fact)
POINT_TABLES = ("sites", "organizations")  # the located things the atlas is about
MAX_UPLOAD_MB = 20
# The uploader itself takes any file up to this size, so wrong types and files over MAX_UPLOAD_MB
# reach :func:`upload_refusal` and are refused in the page's language (Streamlit's own refusal is an
# English hover text); only a file over this ceiling meets that, and the limits caption states ours.
UPLOADER_CEILING_MB = 5 * MAX_UPLOAD_MB


def table_label(table: str, lang: str = "zh") -> str:
    return f"{tr(TABLE_LABELS, table, lang)} ({table})" if lang == "zh" else table


def _columns(df: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Rename ``col_*`` label keys to their text in ``lang``."""
    return df.rename(columns={c: tr(LABELS, f"col_{c}", lang) for c in df.columns})


# --------------------------------------------------------------- sources


def citation_counts(cat: Catalogue) -> pd.DataFrame:
    """Per source id: facts citing it, locations taking their coordinate from it, and layer features.

    Returns
    -------
    pandas.DataFrame
        Indexed by source id, columns ``facts``, ``locations``, ``features`` (ints, 0 when none).
    """
    facts = pd.concat([cat.table(t)["source_id"] for t in FACT_TABLES])
    locations = pd.concat([cat.table(t)["geometry_source_id"] for t in ("sites", "organizations", "landmarks")])
    features = pd.concat([cat.areas["source_id"], cat.rivers["source_id"]])
    counts = pd.DataFrame(
        {
            "facts": facts.value_counts(),
            "locations": locations[locations != ""].value_counts(),
            "features": features.value_counts(),
        }
    )
    return counts.reindex(cat.sources["id"]).fillna(0).astype(int)


def source_table(cat: Catalogue, lang: str, documents: bool) -> pd.DataFrame:
    """The documents (``documents=True``) or every other source, with what cites each."""
    src = cat.sources[(cat.sources["kind"] == "document") == documents]
    counts = citation_counts(cat)
    out = src[["id", "kind", "title_zh", "title_en", "issuer", "date", "doc_no", "licence", "url", "note"]].copy()
    for col in ("facts", "locations", "features"):
        out[col] = out["id"].map(counts[col]).astype(int)
    if documents:
        out = out.drop(columns=["kind", "url", "locations", "features"])
    return _columns(out.reset_index(drop=True), lang)


# --------------------------------------------------------------- location quality


def placed_counts(cat: Catalogue) -> dict[str, tuple[int, int]]:
    """(placed, total) per located table, straight from :func:`geo.summary.summarise`."""
    summary = summarise(cat)
    return {t: summary.located(t) for t in POINT_TABLES}


def method_table(cat: Catalogue, lang: str) -> pd.DataFrame:
    """Rows, median and max error per table and location method (geo.summary's figures)."""
    loc = summarise(cat).locations
    loc = loc[loc["table"].isin(POINT_TABLES)].copy()
    out = pd.DataFrame(
        {
            "table": loc["table"].map(lambda t: table_label(t, lang)),
            "method": loc["location_method"].map(lambda m: tr(METHOD_LABELS, m, lang)),
            "rows": loc["rows"],
            "median": loc["median_error_km"],
            "max": loc["max_error_km"],
        }
    )
    return _columns(out.reset_index(drop=True), lang)


def _points(cat: Catalogue) -> pd.DataFrame:
    frames = [pd.DataFrame(cat.table(t).drop(columns="geometry")).assign(table=t) for t in POINT_TABLES]
    return pd.concat(frames, ignore_index=True)


def estimated_locations(cat: Catalogue, lang: str) -> pd.DataFrame:
    """Every placed site and organization, largest error first, with its coordinate's source."""
    pts = _points(cat)
    pts = pts[pts["location_method"] != "unknown"].sort_values(["error_km", "table"], ascending=[False, True])
    out = pd.DataFrame(
        {
            "table": pts["table"].map(lambda t: table_label(t, lang)),
            "name": [html_text(name(r, lang)) for r in pts.to_dict("records")],  # plotly hovers are HTML-like
            "kind": pts["kind"].map(lambda k: kind_label(k, lang)),
            "method": pts["location_method"].map(lambda m: tr(METHOD_LABELS, m, lang)),
            "error": pts["error_km"],
            "geom_source": pts["geometry_source_id"],
            "geom_source_text": pts["geometry_source"],
        }
    )
    return _columns(out.reset_index(drop=True), lang)


def unlocated(cat: Catalogue, lang: str) -> pd.DataFrame:
    """Every site and organization without a location, shown as unknown, with the source naming it."""
    pts = _points(cat)
    pts = pts[pts["location_method"] == "unknown"]
    out = pd.DataFrame(
        {
            "table": pts["table"].map(lambda t: table_label(t, lang)),
            "name": [html_text(name(r, lang)) for r in pts.to_dict("records")],  # plotly hovers are HTML-like
            "kind": pts["kind"].map(lambda k: kind_label(k, lang)),
            "city": pts["city"].map(lambda c: city_label(c, lang)),
            "location": tr(LABELS, "unknown_location", lang),
            "source": pts["source_id"],
            "quote": pts["quote"],
        }
    )
    return _columns(out.reset_index(drop=True), lang)


def error_chart(cat: Catalogue, lang: str) -> go.Figure:
    """One dot per placed site/organization: its error in km, coloured by location method."""
    pts = _points(cat)
    pts = pts[pts["location_method"] != "unknown"]
    df = pd.DataFrame(
        {
            "error_km": pts["error_km"],
            "table": pts["table"].map(lambda t: tr(TABLE_LABELS, t, lang)),
            "method": pts["location_method"].map(lambda m: tr(METHOD_LABELS, m, lang)),
            "name": [html_text(name(r, lang)) for r in pts.to_dict("records")],  # plotly hovers are HTML-like
        }
    )
    fig = px.strip(
        df,
        x="error_km",
        y="table",
        color="method",
        hover_name="name",
        labels={"error_km": tr(LABELS, "col_error", lang), "table": "", "method": tr(LABELS, "col_method", lang)},
    )
    fig.update_layout(height=260, margin=dict(l=10, r=10, t=30, b=10), title=tr(LABELS, "error_chart", lang))
    return fig


# --------------------------------------------------------------- validation


def problems_frame(problems, lang: str) -> pd.DataFrame:
    """Problems as rows: table, line (file line, header = 1), column, message."""
    rows = [{"table": p.table, "line": p.row, "column": p.column or "", "problem": p.message} for p in problems]
    df = pd.DataFrame(rows, columns=["table", "line", "column", "problem"]).astype({"line": "Int64"})
    return _columns(df, lang)


def rows_per_table(cat: Catalogue, lang: str) -> pd.DataFrame:
    counts = summarise(cat).counts
    return _columns(
        pd.DataFrame({"table": counts["table"].map(lambda t: table_label(t, lang)), "rows": counts["rows"]}), lang
    )


# --------------------------------------------------------------- licences


def geodata_licences(cat: Catalogue, lang: str) -> pd.DataFrame:
    """Every non-document source that gives geometry: what it is used for, its licence and notes."""
    counts = citation_counts(cat)
    used = set(cat.areas["source_id"]) | set(cat.rivers["source_id"]) | set(counts.index[counts["locations"] > 0])
    src = cat.sources[cat.sources["id"].isin(used)]
    purposes = []
    for sid in src["id"]:
        words = [tr(LABELS, "used_boundaries", lang)] if sid in set(cat.areas["source_id"]) else []
        words += [tr(LABELS, "used_river", lang)] if sid in set(cat.rivers["source_id"]) else []
        if counts.at[sid, "locations"]:
            words.append(tr(LABELS, "used_points", lang, n=int(counts.at[sid, "locations"])))
        purposes.append("; ".join(words))
    out = pd.DataFrame(
        {
            "id": src["id"].values,
            "title_zh": src["title_zh"].values,
            "title_en": src["title_en"].values,
            "used_for": purposes,
            "licence": src["licence"].replace("", "—").values,
            "url": src["url"].values,
            "note": src["note"].values,
        }
    )
    return _columns(out, lang)


def vendored_libraries(lang: str, manifest: Path = MANIFEST) -> pd.DataFrame | None:
    """The JS/CSS libraries under ``static/vendor`` (from its MANIFEST.json), one row per package
    version; None when the manifest is missing or unreadable."""
    try:
        entries = json.loads(Path(manifest).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    rows = pd.DataFrame(
        [
            {
                "package": e.get("package", "?"),
                "version": e.get("version", "?"),
                "licence": e.get("licence", "?"),
                "bytes": int(e.get("bytes", 0)),
            }
            for e in entries.values()
        ]
    )
    if rows.empty:
        return None
    out = rows.groupby(["package", "version", "licence"], as_index=False).agg(
        files=("bytes", "size"), bytes=("bytes", "sum")
    )
    return _columns(out, lang)


# --------------------------------------------------------------- downloads

DOWNLOADS = {  # format -> (file name, media type)
    "gpkg": ("lanbai-atlas.gpkg", exports.MEDIA_TYPES["gpkg"]),
    "xlsx": ("lanbai-atlas.xlsx", exports.MEDIA_TYPES["xlsx"]),
    "csv": ("lanbai-atlas-csv.zip", "application/zip"),
    "geojson": ("lanbai-atlas-geojson.zip", "application/zip"),
}


def catalogue_download(cat: Catalogue, fmt: str) -> bytes:
    """The whole catalogue as one download (:func:`geo.exports.catalogue_bytes`); ``fmt`` one of :data:`DOWNLOADS`."""
    if fmt not in DOWNLOADS:
        raise ValueError(f"unknown download format {fmt!r}; choose one of {', '.join(DOWNLOADS)}")
    return exports.catalogue_bytes(cat, fmt)


# --------------------------------------------------------------- import check


def upload_refusal(file_name: str, size_bytes: int, lang: str) -> str | None:
    """Why an upload is refused before it is read (wrong type, too big), in ``lang``; None if it is not.

    The file name is shown as plain text (escaped for markdown): it comes from the visitor.
    """
    shown = md_text(file_name)
    if Path(file_name).suffix.lower() != ".csv":
        return tr(LABELS, "import_wrong_type", lang, file=shown, mb=MAX_UPLOAD_MB)
    if size_bytes > MAX_UPLOAD_MB * 1024 * 1024:
        return tr(LABELS, "import_too_big", lang, file=shown, size=size_bytes / 1024 / 1024, mb=MAX_UPLOAD_MB)
    return None
