"""A data folder with internal rows for the role tests: the shipped data plus an internal site (with an
industry link), an enterprise that is internal by default, and a parcel whose contact is internal.

The marked strings (:data:`SECRETS`) must appear nowhere a public session can reach, and in what staff see.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd

from geo.accounts import FileAccountBook

ROOT = Path(__file__).resolve().parents[1]
SECRET_SITE_ID = "zz-secret-park"
SECRET_SITE = "机密测试园区"
SECRET_SITE_EN = "Confidential Test Park"
SECRET_FIRM = "机密测试企业有限公司"
SECRET_CONTACT = "13900001234"
SECRETS = (SECRET_SITE, SECRET_SITE_EN, SECRET_FIRM, SECRET_CONTACT, SECRET_SITE_ID)
PASSWORD = "a long enough password"
ROLES = ("public", "internal", "maintainer", "reviewer", "admin")


def _append(folder: Path, filename: str, row: dict, template_id: str | None = None, key: str = "id") -> None:
    path = folder / filename
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    base = df[df[key] == template_id].iloc[0].to_dict() if template_id else {c: "" for c in df.columns}
    for column in row:
        if column not in df.columns:
            df[column] = ""
    df = pd.concat([df, pd.DataFrame([{**base, **row}])], ignore_index=True).fillna("")
    df.to_csv(path, index=False, encoding="utf-8", lineterminator="\n")


def write_role_data(folder: Path) -> Path:
    """The shipped data copied to ``folder`` with the internal rows added; returns ``folder``."""
    shutil.copytree(ROOT / "data", folder)
    _append(
        folder,
        "sites.csv",
        dict(
            id=SECRET_SITE_ID,
            name_zh=SECRET_SITE,
            name_en=SECRET_SITE_EN,
            aliases="",
            lat="36.545",
            lon="104.255",
            note="",
            visibility="internal",
        ),
        "by-yindong",
    )
    industries = pd.read_csv(folder / "site_industries.csv", dtype=str, keep_default_na=False)
    link = industries[industries["site_id"] == "by-hitech"].iloc[0].to_dict()
    _append(folder, "site_industries.csv", {**link, "site_id": SECRET_SITE_ID}, key="site_id")
    _append(
        folder,
        "enterprises.csv",
        dict(id="ent-zz-secret", name_zh=SECRET_FIRM, name_en="", aliases="", org_id="", visibility=""),
        "ent-by-bnmc",
    )
    _append(
        folder,
        "parcels.csv",
        dict(
            id="pc-zz-1",
            name_zh="白银高新区标准厂房测试1号",
            type="standard_factory",
            area_m2="3000",
            status="for_lease",
            contact=SECRET_CONTACT,
            lat="36.505",
            lon="104.181",
            geometry_quality="approximate",
            location_method="estimate",
            error_km="1",
            site_id="by-hitech",
            site_method="document",
            checked_on="2026-01-15",
            valid_until="2026-12-31",
            source_id="by-plan-2024",
            geometry_source_id="gazetteer",
            geometry_source="test row: a point near 白银高新区",
            note="test row",
        ),
    )
    return folder


def write_accounts(path: Path) -> Path:
    """One account per role above public, named after its role, all with :data:`PASSWORD`."""
    book = FileAccountBook(path)
    for role in ROLES[1:]:
        book.add(role, role, PASSWORD)
    return path
