"""views/sankey.py without Streamlit: the chain diagram's nodes, links, hovers, gap node and figure."""

import pytest

from geo import load_catalogue
from tests.test_views_chains import catalogue_with
from views import sankey as sk


@pytest.fixture(scope="module")
def shipped():
    return load_catalogue()


def test_sankey_through_document_industries(cat):
    data = sk.sankey_data(cat, ["chain-mat"], "zh")
    assert data.node_ids() == ["chain:chain-mat", "ind:a-mat", "site:park-a1", "site:zone-b", "unit:org-u"]
    assert data.names() == ["新材料", "新材料产业 · sys-a", "甲一园", "乙高新区", "甲大学"]
    # a-re (a child of a-mat) is rolled up into a-mat; the chain's link is as wide as what leaves a-mat
    assert data.edges() == {
        ("chain:chain-mat", "ind:a-mat"),
        ("ind:a-mat", "site:park-a1"),
        ("ind:a-mat", "site:zone-b"),
        ("ind:a-mat", "unit:org-u"),
    }
    widths = {
        (data.nodes[link["source"]]["id"], data.nodes[link["target"]]["id"]): link["value"] for link in data.links
    }
    assert widths[("chain:chain-mat", "ind:a-mat")] == 3
    hover = next(link["hover"] for link in data.links if data.nodes[link["target"]]["id"] == "site:park-a1")
    assert "依托" in hover and "doc-a" in hover and "稀土新材料" in hover


def test_sankey_through_sites(cat):
    data = sk.sankey_data(cat, ["chain-mat"], "en", via="site")
    assert data.node_ids("industry") == []
    assert data.names("site") == ["Park A1", "Zone B"] and data.names("unit") == ["University A"]
    assert data.edges() == {
        ("chain:chain-mat", "site:park-a1"),
        ("chain:chain-mat", "site:zone-b"),
        ("site:park-a1", "unit:org-u"),
        ("site:zone-b", "unit:org-u"),
    }


def test_sankey_unit_without_a_host_hangs_from_the_chain(tmp_path):
    def no_hosts(rows):
        rows["site_industries"] = []

    data = sk.sankey_data(catalogue_with(tmp_path, no_hosts), ["chain-mat"], "zh", via="site")
    assert data.edges() == {("chain:chain-mat", "unit:org-u")}


def test_sankey_rejects_unknown_layout(cat):
    with pytest.raises(ValueError, match="via"):
        sk.sankey_data(cat, ["chain-mat"], "zh", via="city")


def test_sankey_figure_escapes_and_fits_its_labels(cat, shipped):
    fig = sk.sankey_figure(sk.sankey_data(cat, ["chain-mat"], "en"), "New <b>materials</b>")
    assert list(fig.data[0].node.label)[:2] == ["New materials", "New materials industry · sys-a"]
    assert "&lt;b&gt;" in fig.layout.title.text
    both = sk.sankey_data(shipped, ["chain-biomedicine", "chain-new-materials"], "en")
    assert "unit:org-lz-cheezheng" in both.node_ids("unit") and "site:by-hitech" in both.node_ids("site")
    assert len(both.node_ids("site")) == len(set(both.node_ids("site")))  # a site shared by two chains: one node
    long = [n for n in both.nodes if len(n["name"]) > sk.LONG_LABEL]
    assert long and all(n["label"].endswith("…") and len(n["label"]) == sk.LONG_LABEL for n in long)
    assert sk.sankey_figure(both).layout.height >= 24 * len(both.node_ids("site") + both.node_ids("unit"))


def test_sankey_leads_empty_branches_to_a_gap_node(tmp_path, shipped):
    def no_units_no_parks(rows):
        rows["site_industries"] = []
        rows["org_industries"] = []

    cat = catalogue_with(tmp_path, no_units_no_parks)
    data = sk.sankey_data(cat, ["chain-mat"], "en")
    assert data.edges() == {("chain:chain-mat", "ind:a-mat"), ("ind:a-mat", sk.GAP_NODE)}
    assert data.names("gap") == ["(no site or unit named)"]
    assert sk.sankey_data(cat, ["chain-mat"], "zh", via="site").edges() == {("chain:chain-mat", sk.GAP_NODE)}
    future = sk.sankey_data(shipped, ["chain-future"], "zh")
    assert future.edges() == {("chain:chain-future", "ind:by-ind-future"), ("ind:by-ind-future", sk.GAP_NODE)}
    for via in ("industry", "site"):  # only what has nothing else behind it leads to the gap node
        edges = sk.sankey_data(shipped, ["chain-nonferrous", "chain-new-materials"], "zh", via=via).edges()
        for source, target in edges:
            if target == sk.GAP_NODE:
                assert [t for s, t in edges if s == source] == [sk.GAP_NODE]
    assert sk.GAP_NODE not in edge_targets(
        sk.sankey_data(catalogue_with(tmp_path / "full", lambda rows: None), ["chain-mat"], "zh")
    )


def edge_targets(data) -> set[str]:
    return {target for _, target in data.edges()}
