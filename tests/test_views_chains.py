"""views/chains.py without Streamlit: tables, gap findings, the chain map."""

import re

import pytest

from geo import chains as geo_chains
from geo import load_catalogue
from geo import queries as q
from tests.fixtures import base_rows, write_dataset
from views import chains as ch
from views.i18n import role_label
from views.maps import Legend, MapOptions
from views.offline import asset_links


def catalogue_with(tmp_path, change) -> object:
    """The tiny test data set after ``change(rows)``."""
    rows = base_rows()
    change(rows)
    return load_catalogue(write_dataset(tmp_path / "changed", rows))


@pytest.fixture(scope="module")
def shipped():
    return load_catalogue()


# ------------------------------------------------------------------ tables


def test_hosts_are_the_industry_filter_answer(cat):
    assert geo_chains.hosts_by_chain(cat) == {"chain-mat": ["park-a1", "zone-b"]}
    assert geo_chains.hosts_by_chain(cat, city="白银") == {"chain-mat": ["zone-b"]}


def test_chain_sites_keep_each_tie_with_its_quote(cat):
    sites = geo_chains.chain_sites(cat, "chain-mat")
    assert list(sites["site_id"]) == ["park-a1", "zone-b"]  # in the sites table's order
    assert dict(zip(sites["site_id"], sites["industry_id"], strict=False)) == {"park-a1": "a-re", "zone-b": "a-mat"}
    assert list(sites["quote"]) == ["稀土新材料", "新材料产业"] and set(sites["role"]) == {"依托"}
    assert sites.crs.to_epsg() == 4326 and sites.geometry.notna().all()


def test_chain_units_are_orgs_for_industry(cat, shipped):
    units = geo_chains.chain_units(cat, "chain-mat")
    assert list(units["org_id"]) == ["org-u"] and units["quote"].iloc[0] == "甲大学"
    for chain in geo_chains.chain_vocabulary(shipped)["id"]:
        assert set(geo_chains.chain_units(shipped, chain)["org_id"]) == set(q.orgs_for_industry(shipped, chain)["id"])


def test_chain_industries_say_how_each_is_mapped(cat):
    industries = geo_chains.chain_industries(cat, "chain-mat")
    assert dict(zip(industries["id"], industries["direct"], strict=False)) == {"a-mat": True, "a-re": True}
    assert dict(zip(industries["id"], industries["parent_zh"], strict=False)) == {"a-mat": "", "a-re": "新材料产业"}


def test_chain_industries_include_children_mapped_through_their_parent(tmp_path):
    def child_without_chain(rows):
        rows["industries"][2]["chain_ids"] = ""  # a-re keeps its parent a-mat, which is mapped

    industries = geo_chains.chain_industries(catalogue_with(tmp_path, child_without_chain), "chain-mat")
    assert dict(zip(industries["id"], industries["direct"], strict=False)) == {"a-mat": True, "a-re": False}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_display_tables_are_translated_and_sourced(cat, lang):
    sites = ch.site_rows(geo_chains.chain_sites(cat, "chain-mat"), lang)
    units = ch.unit_rows(geo_chains.chain_units(cat, "chain-mat"), lang, cat)
    quote, source = ("原文", "来源") if lang == "zh" else ("Quote", "Source")
    assert list(sites.iloc[:, 0]) == (["甲一园", "乙高新区"] if lang == "zh" else ["Park A1", "Zone B"])
    assert sites[quote].tolist() == ["稀土新材料", "新材料产业"] and set(sites[source]) == {"doc-a"}
    assert units.iloc[0, 0] == ("甲大学" if lang == "zh" else "University A")
    placed = "所在园区" if lang == "zh" else "Placed at"
    assert units[placed].iloc[0] == ("甲高新区" if lang == "zh" else "Zone A")
    assert role_label("依托", "en") == "relies on (依托)" and role_label("依托", "zh") == "依托"


def test_summaries_count_sites_cities_and_units(cat):
    [summary] = geo_chains.summaries(cat)
    assert summary == geo_chains.ChainSummary(
        "chain-mat", sites=2, located=2, cities=("兰州", "白银"), units=1, research=1, industries=2
    )
    table = ch.summary_rows(cat, "en")
    assert table.iloc[0].tolist() == ["New materials", 2, 2, "Lanzhou, Baiyin", 1, 1, 2]


# -------------------------------------------------------------------- gaps


def test_a_park_hosting_one_chain_is_a_finding(cat):
    gaps = geo_chains.find_gaps(cat, ["chain-mat"])
    assert gaps == [
        geo_chains.Gap("single_chain_site", "chain-mat", site_id="park-a1"),
        geo_chains.Gap("single_chain_site", "chain-mat", site_id="zone-b"),
    ]
    assert ch.gap_text(cat, gaps[0], "zh") == "园区“甲一园”只承载一条产业链（新材料）。"
    assert ch.gap_text(cat, gaps[1], "en") == "zone “Zone B” hosts one chain only (New materials)."


def test_a_chain_with_no_unit_and_one_city(tmp_path):
    def lanzhou_only_no_units(rows):
        rows["site_industries"] = [r for r in rows["site_industries"] if r["site_id"] != "zone-b"]
        rows["org_industries"] = []

    cat = catalogue_with(tmp_path, lanzhou_only_no_units)
    kinds = [(g.kind, g.detail) for g in geo_chains.find_gaps(cat, ["chain-mat"])]
    assert ("one_city", "兰州") in kinds and ("no_unit", "") in kinds
    texts = [ch.gap_text(cat, g, "en") for g in geo_chains.find_gaps(cat, ["chain-mat"])]
    assert "“New materials”: hosted in Lanzhou only." in texts


def test_a_chain_without_institutes(tmp_path):
    def enterprise_only(rows):
        rows["org_industries"] = [
            dict(
                org_id="org-e",
                industry_id="a-mat",
                role="发挥力量",
                source_id="doc-a",
                quote="乙公司",
                role_class="hosts",
            )
        ]

    cat = catalogue_with(tmp_path, enterprise_only)
    assert geo_chains.Gap("no_research", "chain-mat") in geo_chains.find_gaps(cat, ["chain-mat"])


def test_a_chain_with_no_site_or_no_located_site(tmp_path):
    def unlocated_hosts(rows):
        for site in rows["sites"]:
            if site["id"] in ("park-a1", "zone-b"):
                site.update(
                    lat="",
                    lon="",
                    geometry_quality="unknown",
                    location_method="unknown",
                    error_km="",
                    geometry_source_id="",
                    geometry_source="",
                )

    cat = catalogue_with(tmp_path, unlocated_hosts)
    gap = geo_chains.Gap("no_located_site", "chain-mat")
    assert gap in geo_chains.find_gaps(cat, ["chain-mat"])
    assert "甲一园" in ch.gap_text(cat, gap, "zh") and "乙高新区" in ch.gap_text(cat, gap, "zh")

    def no_hosts(rows):
        rows["site_industries"] = [r for r in rows["site_industries"] if r["industry_id"] == "b-bio"]

    cat = catalogue_with(tmp_path / "b", no_hosts)
    assert geo_chains.find_gaps(cat, ["chain-mat"])[0] == geo_chains.Gap("no_site", "chain-mat")


def test_shipped_chains_gaps(shipped):
    gaps = set(geo_chains.find_gaps(shipped, list(geo_chains.chain_vocabulary(shipped)["id"])))
    assert geo_chains.Gap("no_site", "chain-future") in gaps
    assert geo_chains.Gap("no_unit", "chain-services") in gaps
    assert geo_chains.Gap("one_city", "chain-nonferrous", detail="白银") in gaps
    assert geo_chains.Gap("single_chain_site", "chain-nonferrous", site_id="by-yinxi") in gaps
    assert not any(g.kind == "one_city" and g.chain_id == "chain-new-materials" for g in gaps)


# --------------------------------------------------------------------- map


def test_chain_map_lights_hosts_and_dims_the_rest(cat):
    built = ch.chain_map(cat, MapOptions(lang="zh"), chain_ids=("chain-mat",))
    html = built.map.get_root().render()
    assert html.count('"markerColor": "red"') == 2  # park-a1 and zone-b
    assert html.count("L.circleMarker(") == 1  # zone-a, dimmed (centre-x has no location)
    assert "产业链：新材料" in html  # the tooltip says which chosen chains a site hosts
    [legend] = [e for e in built.map._children.values() if isinstance(e, Legend)]
    assert "承载所选产业链" in legend.html and "其他园区" in legend.html
    assert built.site_for_tooltip("甲高新区\n…") == "zone-a"  # a dimmed site still opens its profile
    assert all(link.startswith("/app/static/") for link in asset_links(built.map))


def test_chain_map_without_chains_shows_every_site(cat):
    html = ch.chain_map(cat, MapOptions(lang="en")).map.get_root().render()
    assert "L.circleMarker(" not in html and len(re.findall(r"\bL\.marker\(", html)) == 3


def test_unlocated_hosts_are_listed(tmp_path):
    def unlocated_park(rows):
        rows["sites"][1].update(
            lat="",
            lon="",
            geometry_quality="unknown",
            location_method="unknown",
            error_km="",
            geometry_source_id="",
            geometry_source="",
        )

    cat = catalogue_with(tmp_path, unlocated_park)
    assert list(geo_chains.unlocated_hosts(cat, ("chain-mat",))["id"]) == ["park-a1"]
    assert geo_chains.unlocated_hosts(cat, ()).empty
