"""Write ``data/railways.geojson`` and ``data/stations.geojson`` from ``../shared/reference/basemap/``.

Run from the project root::

    .venv/bin/python scripts/copy_basemap_layers.py [path/to/basemap]

What is kept (see README "Basemap layers and their licences"): only the features whose producer
is named — VMAP0/DCW railway segments (``source = vmap0_diva``, source id ``vmap0-diva-rails``)
and the heywhale / 12306 station list (``heywhale_12306_geocoded``, source id
``heywhale-stations``). The 2 high-speed lines and 3 HSR stations (``hsr_yeshan``) come from a
layer whose origin is not stated anywhere, so they are left out. Both kept layers have an
unknown licence: they ship switched off on every map and the Data page says "licence unknown".
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SOURCE = ROOT.parent / "shared" / "reference" / "basemap"
KEPT = {"vmap0_diva": "vmap0-diva-rails", "heywhale_12306_geocoded": "heywhale-stations"}
RAILWAY_FIELDS = ("class", "status", "tracks", "src_id")
STATION_FIELDS = ("type", "bureau", "address", "prefecture", "lon_gcj02", "lat_gcj02")


def _copy(source: Path, name: str, fields: tuple[str, ...], name_field: bool) -> int:
    doc = json.loads((source / f"{name}.geojson").read_text(encoding="utf-8"))
    features = []
    for feature in doc["features"]:
        props = feature["properties"]
        if props["source"] not in KEPT:
            continue
        kept = {"name_zh": props.get("name") or ""} if name_field else {}
        kept.update({f: "" if props.get(f) is None else str(props[f]) for f in fields})
        kept["source_id"] = KEPT[props["source"]]
        features.append({"type": "Feature", "geometry": feature["geometry"], "properties": kept})
    out = {"type": "FeatureCollection", "features": features}
    text = json.dumps(out, ensure_ascii=False, separators=(",", ":")).replace(
        '{"type":"Feature"', '\n{"type":"Feature"'
    )
    (ROOT / "data" / f"{name}.geojson").write_text(text + "\n", encoding="utf-8")
    return len(features)


def main(argv: list[str]) -> int:
    source = Path(argv[0]) if argv else DEFAULT_SOURCE
    print("railways:", _copy(source, "railways", RAILWAY_FIELDS, name_field=False))
    print("stations:", _copy(source, "stations", STATION_FIELDS, name_field=True))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
