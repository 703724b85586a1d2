"""views.baiyin without Streamlit: the 一区六园 structure, the park × industry matrix and the map,
each checked against the shipped data (memberships, site_industries, org_industries)."""

from __future__ import annotations

import dataclasses
import html
import re

import pytest

from geo import plan as geo_plan
from geo.load import load_catalogue
from views import baiyin as by
from views.maps import CATEGORY_COLOURS, HIGHLIGHT_COLOUR, SITE_STYLE, MapOptions

EVIL = "<img src=x onerror=alert(1)>"


# ------------------------------------------------------------ helpers shared with the AppTest files


def parse_markers(script: str) -> list[dict]:
    """Every L.marker of a rendered folium script: var, lat, lon, colour, tooltip HTML and the shown name."""
    coords = {
        m: (float(a), float(b))
        for m, a, b in re.findall(r"var (marker_\w+) = L\.marker\(\s*\[([-\d.]+), ([-\d.]+)\]", script)
    }
    colours = dict(re.findall(r'var (icon_\w+) = L\.AwesomeMarkers\.icon\(\s*\{[^}]*?"markerColor": "(\w+)"', script))
    icons = dict(re.findall(r"(marker_\w+)\.setIcon\((icon_\w+)\)", script))
    tips = dict(re.findall(r"(marker_\w+)\.bindTooltip\(\s*`<div>\s*(.*?)\s*</div>`", script, flags=re.S))
    out = []
    for var, (lat, lon) in coords.items():
        tip = tips.get(var, "")
        shown = re.search(r"<b>(.*?)</b>", tip)
        out.append(
            dict(
                var=var,
                lat=lat,
                lon=lon,
                colour=colours.get(icons.get(var)),
                tooltip=tip,
                name=html.unescape(shown.group(1)) if shown else "",
            )
        )
    return out


def parse_lines(script: str) -> list[tuple[tuple[float, float], tuple[float, float]]]:
    """Every two-point L.polyline: ((lat, lon) start, (lat, lon) end)."""
    found = re.findall(r"L\.polyline\(\s*\[\[([-\d.]+), ([-\d.]+)\], \[([-\d.]+), ([-\d.]+)\]\]", script)
    return [((float(a), float(b)), (float(c), float(d))) for a, b, c, d in found]


def parse_rings(script: str) -> list[tuple[float, float]]:
    """Centres of the selection rings (L.circleMarker)."""
    return [(float(a), float(b)) for a, b in re.findall(r"L\.circleMarker\(\s*\[([-\d.]+), ([-\d.]+)\]", script)]


def assert_highlighted(script: str, cat, ids, on_map, lang: str = "zh") -> None:
    """Exactly the located sites in ``ids`` carry a ring and a red marker; the zones on the map that
    are not chosen keep their own colour (dark red), so red always means "chosen"."""
    sites = cat.sites.set_index("id")
    chosen = [s for s in ids if sites.geometry[s] is not None]
    assert sorted(parse_rings(script)) == sorted(point(cat, s) for s in chosen)
    zones = [s for s in on_map if sites.at[s, "kind"] == "zone" and sites.geometry[s] is not None and s not in chosen]
    col = "name_zh" if lang == "zh" else "name_en"
    colours = {m["name"]: m["colour"] for m in parse_markers(script)}
    assert {n for n, c in colours.items() if c == "red"} == {sites.at[s, col] for s in chosen}
    assert all(colours[sites.at[s, col]] == SITE_STYLE["zone"][0] != "red" for s in zones)


def point(cat, site_id: str) -> tuple[float, float]:
    geom = cat.sites.set_index("id").geometry[site_id]
    return (geom.y, geom.x)


def located_names(frame, lang: str) -> set[str]:
    col = "name_zh" if lang == "zh" else "name_en"
    return set(frame.loc[frame.geometry.notna(), col])


# ------------------------------------------------------------ fixtures


@pytest.fixture(scope="module")
def shipped():
    return load_catalogue()


@pytest.fixture(scope="module")
def plan(shipped):
    return geo_plan.read_plan(shipped)


@pytest.fixture(scope="module")
def rendered(shipped):
    built = by.baiyin_map(shipped, MapOptions(lang="zh"))
    return built, built.map.get_root().render()


# ------------------------------------------------------------ structure


def test_rows_are_the_core_the_six_parks_with_their_parts_and_the_parks_also_named(shipped, plan):
    m = shipped.memberships[shipped.memberships["group_id"] == "by-1z6p"]
    lead = m.loc[m["role_class"] == "lead", "member_id"].tolist()
    parks = m.loc[m["role_class"] == "member", "member_id"].tolist()
    assert lead == ["by-hitech"] and len(parks) == 6
    parts = shipped.sites.loc[shipped.sites["parent_id"].isin(parks), "id"].tolist()
    rows = list(plan.rows)
    assert rows[0] == "by-hitech" and set(rows) == {*lead, *parks, *parts, "by-agri-park", "by-1z6p"}
    assert rows.index("by-yinxi") == rows.index("by-xiqu") + 1  # a part follows its park
    assert plan.core == "by-hitech" and list(plan.parks) == parks


def test_columns_are_the_ten_top_level_industries_of_the_system(shipped, plan):
    ind = shipped.industries
    expected = ind.loc[(ind["system"] == "baiyin-4+5+1") & (ind["parent_id"] == ""), "id"].tolist()
    assert len(expected) == 10
    assert list(by.role_matrix(plan).columns) == expected
    assert plan.industries["category"].value_counts().to_dict() == {"traditional": 4, "emerging": 5, "future": 1}


def test_matrix_cells_are_exactly_the_site_industries_rows(shipped, plan):
    matrix = by.role_matrix(plan)
    links = shipped.site_industries
    links = links[links["site_id"].isin(matrix.index) & links["industry_id"].isin(matrix.columns)]
    expected = links.groupby(["site_id", "industry_id"])["role"].agg(lambda r: " / ".join(dict.fromkeys(r))).to_dict()
    filled = {(s, i): matrix.at[s, i] for s in matrix.index for i in matrix.columns if matrix.at[s, i]}
    assert filled == expected
    # The plan: 新材料产业。依托白银高新区核心区、银东工业园、西区经济开发区、平川经济开发区、刘川工业集中区
    assert set(matrix.index[matrix["by-ind-new-materials"].str.contains("依托")]) == {
        "by-hitech",
        "by-yindong",
        "by-xiqu",
        "by-pingchuan",
        "by-liuchuan",
    }
    assert matrix.at["by-hitech", "by-ind-ceramics"] == "西部陶都"
    assert matrix.at["by-1z6p", "by-ind-services"] == "服务"


def test_hosts_follow_the_data_in_row_order(shipped, plan):
    for industry in plan.industries["id"]:
        linked = set(shipped.site_industries.loc[shipped.site_industries["industry_id"] == industry, "site_id"])
        assert plan.hosts(industry) == [s for s in plan.rows if s in linked]


def test_units_are_the_orgs_tied_to_the_parks_industries(shipped, plan):
    for site in ("by-yindong", "by-pingchuan", "by-agri-park", "by-yinxi"):
        hosting = shipped.site_industries[shipped.site_industries["role_class"] == "hosts"]
        industries = set(hosting.loc[hosting["site_id"] == site, "industry_id"]) & set(plan.industries["id"])
        oi = shipped.org_industries
        expected = set(
            zip(
                oi.loc[oi["industry_id"].isin(industries), "org_id"],
                oi.loc[oi["industry_id"].isin(industries), "industry_id"],
                strict=False,
            )
        )
        units = plan.units_of(site)
        assert set(zip(units["id"], units["industry_id"], strict=False)) == expected
    assert set(plan.units_of("by-agri-park")["id"]) == {"org-by-kejin-ion-beam-institute", "org-by-agri-sci-institute"}
    assert plan.units_of("by-1z6p").empty


def test_tables_carry_source_and_quote_and_unknown_locations(plan):
    inds = by.park_industries(plan, "by-xiqu", "en")
    assert {"Source", "Quote", "Role"} <= set(inds.columns) and (inds["Quote"] != "").all()
    units = by.park_units(plan, "by-yindong", "zh")
    assert (units["位置"] == "位置未知，未上图").any() and (units["原文"].str.contains("单位力量")).all()
    assert any(line.startswith("银西产业园") for line in by.unlocated(plan, "zh"))


def test_styler_colours_cells_by_category_and_marks_the_selection(plan):
    styler = by.matrix_styler(plan, "zh", park="by-huining", industry="by-ind-biomedicine")
    ctx = styler._compute().ctx
    rows, cols = plan.rows, list(plan.industries["id"])
    css = {(rows[i], cols[j]): dict(props) for (i, j), props in ctx.items()}
    new_materials = css[("by-hitech", "by-ind-new-materials")]
    assert new_materials["color"] == CATEGORY_COLOURS["emerging"]
    assert css[("by-hitech", "by-ind-nonferrous")]["color"] == CATEGORY_COLOURS["traditional"]
    assert css[("by-huining", "by-ind-future")]["color"] == HIGHLIGHT_COLOUR  # selected row
    assert css[("by-jingtai", "by-ind-biomedicine")]["color"] == HIGHLIGHT_COLOUR  # selected column
    assert ("by-jingtai", "by-ind-future") not in css or not css[("by-jingtai", "by-ind-future")].get("color")


def test_the_same_view_styles_the_matrix_the_same_way_each_time(plan):
    """A rerun sends the same message for the same view, so the browser's message cache can keep it
    (pandas gives every new Styler a random id, which made each rerun re-send the whole matrix)."""
    first, again = (by.matrix_styler(plan, "zh", park="by-huining").to_html() for _ in range(2))
    assert first == again
    assert first != by.matrix_styler(plan, "zh", park="by-jingtai").to_html()


# ------------------------------------------------------------ map


def test_map_has_every_located_site_and_baiyin_org(shipped, plan, rendered):
    built, page = rendered
    sites = shipped.sites[shipped.sites["id"].isin(plan.rows)]
    orgs = plan.orgs()
    markers = parse_markers(page)
    assert len(markers) == sites.geometry.notna().sum() + orgs.geometry.notna().sum() == 10
    assert {m["name"] for m in markers} == located_names(sites, "zh") | located_names(orgs, "zh")
    assert "by-yinxi" not in built.click_index.values()  # no location: listed, not drawn
    assert set(built.click_index.values()) == set(sites.loc[sites.geometry.notna(), "id"])


def test_map_draws_a_line_from_the_core_to_each_of_the_six_parks(shipped, plan, rendered):
    _, page = rendered
    lines = parse_lines(page)
    core = point(shipped, "by-hitech")
    parks = plan.parks
    ends = [e for p in parks for e in geo_plan.link_ends(plan, p)]
    # 会宁工业集中区 has two parts 60 km apart and no point of its own: one line to each part.
    assert len(parks) == 6 and len(lines) == 7
    assert set(geo_plan.link_ends(plan, "by-huining")) == {"by-huining-xicheng", "by-huining-guocheng"}
    assert sorted(lines) == sorted((core, point(shipped, e)) for e in ends)


def test_park_tooltips_colour_industries_by_category_and_name_units(shipped, rendered):
    _, page = rendered
    tip = next(m["tooltip"] for m in parse_markers(page) if m["name"] == "银东工业园")
    assert f"color:{CATEGORY_COLOURS['traditional']}'>■ 循环化工" in tip
    assert f"color:{CATEGORY_COLOURS['emerging']}'>■ 新材料" in tip
    assert "甘肃稀土新材料股份有限公司" in tip and "by-plan-2024" in tip
    # The tooltip's text (what a click reports) starts with the name alone.
    assert re.sub(r"<[^>]+>", "", tip).splitlines()[0] == "银东工业园"


def test_highlight_rings_and_reddens_exactly_those_markers(shipped, plan, rendered):
    rows = plan.rows
    assert_highlighted(rendered[1], shipped, (), rows)
    chosen = tuple(plan.hosts("by-ind-ceramics"))
    assert chosen == ("by-hitech", "by-pingchuan", "by-liuchuan", "by-jingtai")
    page = by.baiyin_map(shipped, MapOptions(), highlight=chosen).map.get_root().render()
    assert_highlighted(page, shipped, chosen, rows)
    assert len(parse_rings(page)) == 4


def test_english_map_uses_english_names(shipped):
    page = by.baiyin_map(shipped, MapOptions(lang="en")).map.get_root().render()
    names = {m["name"] for m in parse_markers(page)}
    assert "Yindong Industrial Park" in names and "银东工业园" not in names
    assert "relies on (依托)" in page


def test_names_are_escaped_in_the_map_html(shipped):
    sites = shipped.sites.copy()
    sites.loc[sites["id"] == "by-yindong", ["name_zh", "name_en"]] = EVIL
    orgs = shipped.organizations.copy()
    orgs.loc[orgs["id"] == "org-by-gansu-rare-earth", "name_zh"] = "`${alert(2)}`"
    evil = dataclasses.replace(shipped, sites=sites, organizations=orgs)
    built = by.baiyin_map(evil, MapOptions(lang="zh"))
    page = built.map.get_root().render()
    assert EVIL not in page and "<img" not in page
    assert html.escape(EVIL) in page
    assert "${alert(2)}" not in page and "&#96;&#36;{alert(2)}&#96;" in page
    assert built.click_index[EVIL] == "by-yindong"  # the click text (unescaped) still opens the park


def test_map_links_are_local(rendered):
    _, page = rendered
    links = re.findall(r'<(?:script|link)[^>]+(?:src|href)="([^"]+)"', page)
    assert links and all(link.startswith("/app/static/") for link in links)
