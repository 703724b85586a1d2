"""``python -m geo synth``: a complete data folder with synthetic enterprises and parcels, for benchmarks only.

The folder holds every shipped table as it is, plus N enterprises and M 载体 parcels that are
clearly not real: each row has ``synthetic=true``, a name starting 【合成】 / [SYNTHETIC], no credit
code (a made-up code could be a real firm's), and cites the synthetic source ``synthetic-benchmark``.
Points lie only inside 兰州市 and 白银市 (most around the parks' points, the rest spread over the
two cities), and each row's park is computed as an import computes it. Load it with
``LANBAI_DATA_DIR=DIR``; :attr:`geo.load.Catalogue.is_synthetic` is then true so every view says so,
and the write path refuses synthetic rows into a store that is not synthetic.
"""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import shapely

from .enterprise_parks import assign_parks
from .enterprise_schema import PARCEL_STATUSES, PARCEL_TYPES
from .errors import AtlasError
from .load import SYNTHETIC_MARKER, read_geojson_table
from .schema import TABLES

SYNTHETIC_SOURCE = "synthetic-benchmark"
MARKER = SYNTHETIC_MARKER
CITY_CODES = ("620100", "620400")  # 兰州市, 白银市
NEAR_PARK_SHARE = 0.7
NEAR_PARK_KM = 2.0
_KM_PER_DEG = 111.0
_MAX_ROWS = 2_000_000


class SynthError(AtlasError):
    """The synthetic folder cannot be written (bad counts, a non-empty target, no shipped data)."""


def catalogue_is_synthetic(cat) -> bool:
    """Whether a catalogue holds synthetic rows (then every view must say the data are synthetic)."""
    return bool(cat.is_synthetic)


def folder_is_synthetic(data_dir: Path | str) -> bool:
    """Whether a data folder was written by :func:`write_synthetic_folder` (its marker file is there)."""
    return (Path(data_dir) / MARKER).exists()


def write_synthetic_folder(
    out: Path | str, enterprises: int, parcels: int, *, data_dir: Path | str, seed: int = 12, force: bool = False
) -> dict[str, int]:
    """Copy the data folder ``data_dir`` to ``out`` and add synthetic enterprises and parcels.

    Parameters
    ----------
    out : the new folder (must not exist, or be empty, unless ``force``)
    enterprises, parcels : how many synthetic rows of each (0 … 2,000,000)
    data_dir : the real data folder to copy
    seed : the random generator's seed (the same seed writes the same folder)
    force : replace an existing non-empty ``out``

    Returns
    -------
    dict with the row counts written per table.
    """
    for what, count in (("enterprises", enterprises), ("parcels", parcels)):
        if not isinstance(count, int) or not 0 <= count <= _MAX_ROWS:
            raise SynthError(f"--{what} must be a whole number from 0 to {_MAX_ROWS:,}")
    out, data_dir = Path(out), Path(data_dir)
    if not (data_dir / TABLES["sites"].filename).is_file():
        raise SynthError(f"{data_dir} is not a data folder (no {TABLES['sites'].filename})")
    if out.exists() and any(out.iterdir()) and not force:
        raise SynthError(f"{out} exists and is not empty (use --force to replace it)")
    if out.exists():
        shutil.rmtree(out)
    shutil.copytree(data_dir, out, ignore=shutil.ignore_patterns("changes", ".*"))
    (out / MARKER).write_text(
        "Synthetic benchmark data written by `python -m geo synth`: NOT REAL.\n合成的基准测试数据，并非真实数据。\n",
        encoding="utf-8",
    )
    _add_source(out)
    rng = np.random.default_rng(seed)
    sites = pd.read_csv(out / TABLES["sites"].filename, dtype=str, keep_default_na=False)
    outlines = read_geojson_table(TABLES["outlines"], out / TABLES["outlines"].filename)
    cities = _cities(out)
    codes = pd.read_csv(out / TABLES["industry_codes"].filename, dtype=str, keep_default_na=False)
    divisions = codes.loc[codes["level"] == "大类", "code"].to_numpy()
    ent = _enterprises(rng, enterprises, sites, cities, divisions)
    par = _parcels(rng, parcels, sites, cities, divisions)
    for frame in (ent, par):
        frame[["site_id", "site_method"]] = assign_parks(frame, sites, outlines)[["site_id", "site_method"]]
    _append(out, "enterprises", ent)
    _append(out, "parcels", par)
    return {"enterprises": enterprises, "parcels": parcels}


def _add_source(out: Path) -> None:
    with (out / TABLES["sources"].filename).open("a", newline="", encoding="utf-8") as f:
        row = {c: "" for c in TABLES["sources"].column_names}
        row.update(
            id=SYNTHETIC_SOURCE,
            kind="geodata",
            title_zh="【合成】基准测试数据（非真实）",
            title_en="[SYNTHETIC] benchmark data (not real)",
            issuer="python -m geo synth",
            note="Random rows for load and query benchmarks; no row describes a real firm or parcel",
        )
        csv.writer(f, lineterminator="\n").writerow([row[c] for c in TABLES["sources"].column_names])


def _cities(out: Path):
    areas = read_geojson_table(TABLES["areas"], out / TABLES["areas"].filename)
    polygons = areas.loc[areas["code"].isin(CITY_CODES)].geometry
    if polygons.empty:
        raise SynthError("the areas table has no outline of 兰州市 or 白银市 to place synthetic points in")
    return shapely.union_all(list(polygons))


def _points(rng, n: int, sites: pd.DataFrame, cities) -> tuple[np.ndarray, np.ndarray]:
    """N points inside the two cities: most near a park's point, the rest anywhere in the cities."""
    parks = sites[sites["kind"].isin(("park", "zone")) & (sites["lat"] != "")]
    park_lat, park_lon = parks["lat"].astype(float).to_numpy(), parks["lon"].astype(float).to_numpy()
    lat, lon = np.empty(0), np.empty(0)
    x0, y0, x1, y1 = cities.bounds
    shapely.prepare(cities)
    while len(lat) < n:
        k = max(n - len(lat), 1000)
        near = rng.random(k) < NEAR_PARK_SHARE if len(parks) else np.zeros(k, bool)
        pick = rng.integers(0, max(len(parks), 1), k)
        jitter = rng.normal(0, NEAR_PARK_KM / _KM_PER_DEG, (k, 2))
        cand_lat = np.where(near, park_lat[pick] + jitter[:, 0] if len(parks) else 0, rng.uniform(y0, y1, k))
        cand_lon = np.where(near, park_lon[pick] + jitter[:, 1] if len(parks) else 0, rng.uniform(x0, x1, k))
        inside = shapely.contains_xy(cities, cand_lon, cand_lat)
        lat, lon = np.concatenate([lat, cand_lat[inside]]), np.concatenate([lon, cand_lon[inside]])
    return lat[:n].round(6), lon[:n].round(6)


def _located(rng, n: int, sites, cities) -> dict:
    lat, lon = _points(rng, n, sites, cities)
    return dict(
        lat=[f"{v:.6f}" for v in lat],
        lon=[f"{v:.6f}" for v in lon],
        geometry_quality="approximate",
        location_method="estimate",
        error_km=np.round(rng.uniform(0.05, 2.0, n), 2).astype(str),
        geometry_source_id=SYNTHETIC_SOURCE,
        geometry_source="random point (synthetic)",
        synthetic="true",
        site_id="",
        site_method="",
    )


def _enterprises(rng, n: int, sites, cities, divisions) -> pd.DataFrame:
    numbers = [f"{i:06d}" for i in range(1, n + 1)]
    second = np.where(rng.random(n) < 0.3, rng.choice(divisions, n), "")
    first = rng.choice(divisions, n)
    frame = pd.DataFrame(
        dict(
            id=[f"syn-ent-{i}" for i in numbers],
            name_zh=[f"【合成】企业{i}" for i in numbers],
            name_en=[f"[SYNTHETIC] Enterprise {i}" for i in numbers],
            industry_codes=[f"{a}|{b}" if b else a for a, b in zip(first, second, strict=False)],
            employees=rng.integers(5, 5000, n).astype(str),
            visibility="internal",
            **_located(rng, n, sites, cities),
        )
    )
    return frame.reindex(columns=TABLES["enterprises"].column_names, fill_value="")


def _parcels(rng, n: int, sites, cities, divisions) -> pd.DataFrame:
    numbers = [f"{i:05d}" for i in range(1, n + 1)]
    kinds = rng.choice(PARCEL_TYPES, n)
    priced = rng.random(n) < 0.5
    frame = pd.DataFrame(
        dict(
            id=[f"syn-pc-{i}" for i in numbers],
            name_zh=[f"【合成】载体{i}" for i in numbers],
            name_en=[f"[SYNTHETIC] Parcel {i}" for i in numbers],
            type=kinds,
            area_m2=np.round(np.exp(rng.uniform(np.log(300), np.log(300_000), n))).astype(int).astype(str),
            status=rng.choice(PARCEL_STATUSES, n),
            price=np.where(priced, np.round(rng.uniform(5, 60, n), 1).astype(str), ""),
            price_unit=np.where(priced, "元/m²/月", ""),
            power_kva=rng.choice(["", "250", "630", "1000", "2500", "10000"], n),
            water=rng.choice(["yes", "no", ""], n),
            gas=rng.choice(["yes", "no", ""], n),
            steam=rng.choice(["yes", "no", ""], n),
            industry_codes=rng.choice(divisions, n),
            checked_on="2026-01-01",
            valid_until="2026-12-31",
            source="synthetic",
            **_located(rng, n, sites, cities),
        )
    )
    return frame.reindex(columns=TABLES["parcels"].column_names, fill_value="")


def _append(out: Path, table: str, frame: pd.DataFrame) -> None:
    path = out / TABLES[table].filename
    text = path.read_text(encoding="utf-8-sig")
    if text and not text.endswith("\n"):
        path.write_text(text + "\n", encoding="utf-8")
    frame.to_csv(path, mode="a", header=False, index=False, lineterminator="\n")


def synthetic_refusals(store, changeset) -> list:
    """The write path's refusal of synthetic rows into a store of real data (a folder without the marker)."""
    from .changesets import LocatedProblem

    data_dir = getattr(store, "data_dir", None)
    if data_dir is not None and folder_is_synthetic(data_dir):
        return []
    return [
        LocatedProblem(
            changeset.file or change.table,
            change.line,
            "synthetic",
            "a synthetic row (synthetic=true) belongs only in a benchmark folder written by "
            "`python -m geo synth`; this store holds real data",
            change.table,
        )
        for change in changeset.changes
        if change.op != "remove" and str((change.after or {}).get("synthetic", "")).strip().lower() == "true"
    ]
