"""A tiny, valid data set written from inline rows, for unit tests of geo/."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from geo.schema import TABLES

DOC = "doc-a"


def _box(x0, y0, x1, y1):
    return {"type": "Polygon", "coordinates": [[[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]]}


def _loc(lat, lon, err=1):
    return dict(
        lat=lat,
        lon=lon,
        geometry_quality="approximate",
        location_method="estimate",
        error_km=err,
        geometry_source_id="geo-src",
        geometry_source="test",
    )


NOLOC = dict(
    lat="",
    lon="",
    geometry_quality="unknown",
    location_method="unknown",
    error_km="",
    geometry_source_id="",
    geometry_source="",
)


def base_rows() -> dict[str, list[dict]]:
    """Two cities' worth of sites, industries, orgs; every reference resolves."""
    return {
        "sources": [
            dict(id=DOC, kind="document", title_zh="文件甲", title_en="Doc A", seed_file="doc-a.txt"),
            dict(id="geo-src", kind="geodata", title_zh="坐标", title_en="Coordinates"),
            dict(id="vocab", kind="vocabulary", title_zh="词表", title_en="Vocabulary"),
        ],
        "sites": [
            dict(
                id="zone-a",
                name_zh="甲高新区",
                name_en="Zone A",
                aliases="甲区|A区",
                kind="zone",
                city="兰州",
                source_id=DOC,
                quote="甲高新区为核心",
                **_loc(36.06, 103.84),
            ),
            dict(
                id="park-a1",
                name_zh="甲一园",
                name_en="Park A1",
                kind="park",
                parent_id="zone-a",
                city="兰州",
                source_id=DOC,
                quote="甲一园",
                **_loc(36.10, 103.90),
            ),
            dict(
                id="zone-b",
                name_zh="乙高新区",
                name_en="Zone B",
                kind="zone",
                city="白银",
                source_id=DOC,
                quote="乙高新区",
                **_loc(36.54, 104.17),
            ),
            dict(
                id="centre-x",
                name_zh="某中心",
                name_en="Centre X",
                kind="center",
                city="兰州",
                source_id=DOC,
                quote="某中心",
                **NOLOC,
            ),
        ],
        "memberships": [
            dict(
                group_id="zone-a", member_id="park-a1", role="park", source_id=DOC, quote="甲一园", role_class="member"
            )
        ],
        "industries": [
            dict(
                id="chain-mat",
                name_zh="新材料",
                name_en="New materials",
                system="chain",
                category="chain",
                source_id="vocab",
            ),
            dict(
                id="a-mat",
                name_zh="新材料产业",
                name_en="New materials industry",
                system="sys-a",
                category="emerging",
                chain_ids="chain-mat",
                source_id=DOC,
                quote="新材料产业",
            ),
            dict(
                id="a-re",
                name_zh="稀土新材料",
                name_en="Rare-earth materials",
                system="sys-a",
                category="emerging",
                parent_id="a-mat",
                chain_ids="chain-mat",
                source_id=DOC,
                quote="稀土新材料",
            ),
            dict(
                id="b-bio",
                name_zh="生物医药",
                name_en="Biomedicine",
                system="sys-b",
                category="leading",
                source_id=DOC,
                quote="生物医药",
            ),
        ],
        "site_industries": [
            dict(
                site_id="zone-b",
                industry_id="a-mat",
                role="依托",
                source_id=DOC,
                quote="新材料产业",
                role_class="hosts",
            ),
            dict(
                site_id="park-a1",
                industry_id="a-re",
                role="依托",
                source_id=DOC,
                quote="稀土新材料",
                role_class="hosts",
            ),
            dict(
                site_id="zone-a", industry_id="b-bio", role="主导", source_id=DOC, quote="生物医药", role_class="hosts"
            ),
        ],
        "organizations": [
            dict(
                id="org-u",
                name_zh="甲大学",
                name_en="University A",
                kind="university",
                site_id="zone-a",
                city="兰州",
                source_id=DOC,
                quote="甲大学",
                **_loc(36.05, 103.85),
            ),
            dict(
                id="org-e",
                name_zh="乙公司",
                name_en="Company B",
                kind="enterprise",
                site_id="zone-b",
                city="白银",
                source_id=DOC,
                quote="乙公司",
                **NOLOC,
            ),
        ],
        "org_industries": [
            dict(org_id="org-u", industry_id="a-re", role="发挥力量", source_id=DOC, quote="甲大学", role_class="hosts")
        ],
        "indicators": [
            dict(
                id="i1",
                scope_id="zone-b",
                indicator_zh="高新技术企业数",
                indicator_en="High-tech enterprises",
                value="177",
                unit="家",
                qualifier="以上",
                year="2027",
                kind="target",
                source_id=DOC,
                quote="高新技术企业达到177家以上",
            ),
            dict(
                id="i2",
                scope_id="620100",
                indicator_zh="研发投入强度",
                indicator_en="R&D intensity",
                value="2.25",
                unit="%",
                qualifier="",
                year="2020",
                kind="actual",
                source_id=DOC,
                quote="强度达到2.25%",
            ),
        ],
        "projects": [
            dict(
                id="p1",
                name_zh="孵化大厦",
                name_en="Incubation tower",
                site_id="park-a1",
                year="2018",
                source_id=DOC,
                quote="孵化大厦",
            )
        ],
        "landmarks": [
            dict(
                id="lm-air",
                name_zh="机场",
                name_en="Airport",
                aliases="空港",
                kind="transport",
                city="兰州",
                **_loc(36.515, 103.62),
            )
        ],
        "areas": [
            dict(
                code="620000",
                name_zh="甘肃省",
                name_en="Gansu",
                level="province",
                parent_code="",
                source_id="geo-src",
                geometry=_box(92.5, 32.5, 108.5, 42.5),
            ),
            dict(
                code="620100",
                name_zh="兰州市",
                name_en="Lanzhou",
                level="city",
                parent_code="620000",
                source_id="geo-src",
                geometry=_box(103.0, 35.5, 104.5, 37.0),
            ),
            dict(
                code="620102",
                name_zh="城关区",
                name_en="Chengguan District",
                level="county",
                parent_code="620100",
                source_id="geo-src",
                geometry=_box(103.8, 36.0, 103.95, 36.2),
            ),
        ],
        "rivers": [
            dict(
                name_zh="黄河",
                name_en="Yellow River",
                source_id="geo-src",
                geometry={"type": "LineString", "coordinates": [[103.0, 36.0], [104.2, 36.6]]},
            )
        ],
        **investor_rows(),
    }


VALID_CREDIT_CODE = "914403001922038216"  # a published code whose GB 32100-2015 check character is right


def investor_rows() -> dict[str, list[dict]]:
    """One valid row of each issue-12 table: an enterprise and a parcel in zone-b, codes and their chain."""
    return {
        "enterprises": [
            dict(
                id="ent-e",
                name_zh="乙公司",
                name_en="Company B",
                credit_code=VALID_CREDIT_CODE,
                industry_codes="2614",
                site_id="zone-b",
                site_method="document",
                org_id="org-e",
                visibility="public",
                source_id=DOC,
                quote="乙公司",
                **_loc(36.54, 104.17),
            )
        ],
        "parcels": [
            dict(
                id="pc-1",
                name_zh="乙高新区标准厂房1号",
                type="standard_factory",
                area_m2="3000",
                status="for_lease",
                price="12",
                price_unit="元/m²/月",
                power_kva="800",
                water="yes",
                site_id="zone-b",
                site_method="document",
                checked_on="2026-01-15",
                valid_until="2026-12-31",
                source_id=DOC,
                **_loc(36.541, 104.171),
            )
        ],
        "industry_codes": [
            dict(code="C", level="门类", name_zh="制造业", name_en="Manufacturing", source_id="vocab"),
            dict(
                code="26",
                level="大类",
                name_zh="化学原料和化学制品制造业",
                name_en="Manufacture of raw chemical materials and chemical products",
                parent="C",
                source_id="vocab",
            ),
        ],
        "code_chains": [dict(prefix="26", chain_id="chain-mat", source_id="vocab", note="test mapping")],
    }


DOC_TEXT = (
    "甲高新区为核心,甲一园、乙高新区、某中心。新材料产业,稀土新材料,生物医药,甲大学,乙公司。"
    "高新技术企业达到177家以上,强度达到2.25%。孵化大厦。"
)


def write_dataset(folder: Path, rows: dict[str, list[dict]] | None = None) -> Path:
    """Write the tables (CSV, GeoJSON) into ``folder``; returns it."""
    rows = base_rows() if rows is None else rows
    folder.mkdir(parents=True, exist_ok=True)
    for name, table in TABLES.items():
        data = rows.get(name, [])
        path = folder / table.filename
        if table.filename.endswith(".geojson"):
            feats = [
                {
                    "type": "Feature",
                    "geometry": r["geometry"],
                    "properties": {k: v for k, v in r.items() if k != "geometry"},
                }
                for r in data
            ]
            path.write_text(
                json.dumps({"type": "FeatureCollection", "features": feats}, ensure_ascii=False), encoding="utf-8"
            )
            continue
        with path.open("w", newline="", encoding="utf-8") as f:
            columns = [c.name for c in table.columns if not c.may_be_absent or any(c.name in r for r in data)]
            writer = csv.DictWriter(f, fieldnames=columns, lineterminator="\n")
            writer.writeheader()
            for r in data:
                writer.writerow({k: r.get(k, "") for k in columns})
    return folder


def write_seeds(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "README.md").write_text("seeds", encoding="utf-8")
    (folder / "doc-a.txt").write_text(DOC_TEXT, encoding="utf-8")
    return folder
