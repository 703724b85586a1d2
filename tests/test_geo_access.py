"""The role matrix at the geo level: each role × each table and export → what it may see; 0 leaks."""

import pytest

from geo.access import visible_catalogue
from geo.accounts import ROLES
from geo.cli import main
from geo.exports import export_catalogue
from geo.load import load_catalogue
from geo.schema import TABLES
from tests.fixtures import base_rows, write_dataset

INTERNAL_ROWS = {"sites": "park-a1", "organizations": "org-e", "indicators": "i2", "industries": "a-re"}
# What every internal row (or a row pointing at one) says that nothing public says.
SECRETS = (
    "park-a1",
    "甲一园",
    "Park A1",
    "org-e",
    "乙公司",
    "Company B",
    "强度达到2.25%",
    "a-re",
    "稀土新材料",
    "孵化大厦",
    "Incubation tower",
    "发挥力量",
)
STAFF_ROLES = [r for r in ROLES if r != "public"]
# Rows public may see: internal rows go, and so does every row that points at one.
PUBLIC_KEYS = {
    "sites": {"zone-a", "zone-b", "centre-x"},
    "memberships": set(),  # zone-a / park-a1
    "industries": {"chain-mat", "a-mat", "b-bio"},
    "site_industries": {("zone-b", "a-mat"), ("zone-a", "b-bio")},
    "organizations": {"org-u"},
    "org_industries": set(),  # org-u / a-re
    "indicators": {"i1"},
    "projects": set(),  # p1 is in park-a1
}


@pytest.fixture
def full(tmp_path):
    rows = base_rows()
    for table, key in INTERNAL_ROWS.items():
        for row in rows[table]:
            row["visibility"] = "internal" if row["id"] == key else ""
    return load_catalogue(write_dataset(tmp_path / "data", rows), check_quotes=False)


def _keys(cat, table):
    df = cat.table(table)
    if TABLES[table].key:
        return set(df[TABLES[table].key])
    first, second = [c.name for c in TABLES[table].columns if c.references][:2]
    return set(zip(df[first], df[second], strict=True))


@pytest.mark.parametrize("table", sorted(PUBLIC_KEYS))
def test_public_sees_only_public_rows_and_nothing_pointing_at_internal_ones(full, table):
    assert _keys(visible_catalogue(full, "public"), table) == PUBLIC_KEYS[table]


@pytest.mark.parametrize("role", STAFF_ROLES)
@pytest.mark.parametrize("table", sorted(TABLES))
def test_staff_roles_see_every_row(full, role, table):
    assert len(visible_catalogue(full, role).table(table)) == len(full.table(table))


def test_chain_lists_and_untouched_tables(full):
    public = visible_catalogue(full, "public")
    assert public.industries.set_index("id").at["a-mat", "chain_ids"] == ["chain-mat"]
    for table in ("sources", "landmarks", "areas", "rivers"):
        assert len(public.table(table)) == len(full.table(table))


def test_internal_columns_are_emptied_for_public_only(full):
    public = visible_catalogue(full, "public", internal_columns={"organizations": ("note", "quote")})
    assert set(public.organizations["quote"]) == {""}
    assert "甲大学" in set(visible_catalogue(full, "internal", {"organizations": ("quote",)}).organizations["quote"])


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "gpkg", "geojson"])
def test_a_public_export_leaks_nothing(full, tmp_path, fmt):
    out = tmp_path / ("out." + fmt if fmt in ("xlsx", "gpkg") else "out")
    written = export_catalogue(full, fmt, out, role="public")
    text = b"".join(p.read_bytes() for p in written)
    if fmt == "xlsx":
        import pandas as pd

        text = "".join(df.to_csv() for df in pd.read_excel(out, sheet_name=None).values()).encode()
    assert [s for s in SECRETS if s.encode() in text] == []
    assert b"zone-a" in text


def test_a_staff_export_has_the_internal_rows(full, tmp_path):
    written = export_catalogue(full, "csv", tmp_path / "out", role="internal")
    assert b"org-e" in b"".join(p.read_bytes() for p in written)


def test_unknown_roles_are_refused(full):
    with pytest.raises(Exception, match="unknown role"):
        visible_catalogue(full, "guest")


@pytest.mark.parametrize("role, expected", [("public", False), ("internal", True), ("admin", True)])
def test_cli_role_option(tmp_path, capsys, role, expected):
    rows = base_rows()
    rows["organizations"][1]["visibility"] = "internal"
    data = write_dataset(tmp_path / "data", rows)
    assert main(["--data-dir", str(data), "orgs", "--role", role, "--format", "csv"]) == 0
    assert ("org-e" in capsys.readouterr().out) is expected
    out = tmp_path / f"export-{role}"
    assert main(["--data-dir", str(data), "export", "--format", "csv", "--out", str(out), "--role", role]) == 0
    assert (b"org-e" in (out / "organizations.csv").read_bytes()) is expected


def test_enterprise_rows_are_internal_unless_marked_public():
    """Enterprise details are staff-only by default: an empty visibility cell is internal for them."""
    import pandas as pd

    from geo.access import is_internal

    firms = pd.DataFrame({"id": ["a", "b", "c"], "visibility": ["", "public", "internal"]})
    assert list(is_internal(firms, "enterprises")) == [True, False, True]
    assert list(is_internal(firms, "sites")) == [False, False, True]
    assert is_internal(firms.drop(columns="visibility"), "enterprises").all()


def test_a_public_session_sees_no_enterprise_that_is_not_marked_public():
    from geo.access import visible_catalogue
    from geo.load import load_catalogue

    cat = load_catalogue()
    shown = visible_catalogue(cat, "public").enterprises
    assert len(cat.enterprises) > 0
    assert set(shown["visibility"].fillna("")) <= {"public"}
