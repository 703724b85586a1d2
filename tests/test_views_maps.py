"""views/maps.py's shared map primitives without Streamlit: marker colours, lit and dimmed sites,
selection halos and legends, on the tiny test data set (zone-a, park-a1, zone-b located; centre-x not)."""

import folium
import pytest

from tests.test_views_baiyin import EVIL, parse_markers, parse_rings
from views.map_layers import add_dimmed_sites, add_halos, add_lit_sites, add_sites, lit_legend
from views.maps import DIM_COLOUR, HIGHLIGHT_COLOUR, SITE_STYLE, BuiltMap, Legend, MapOptions, swatch


def empty_map() -> tuple[folium.Map, BuiltMap]:
    m = folium.Map(tiles=None)
    return m, BuiltMap(m)


def colours(m: folium.Map) -> dict[str, str]:
    """Shown site name -> marker colour."""
    return {marker["name"]: marker["colour"] for marker in parse_markers(m.get_root().render())}


def dimmed_dots(m: folium.Map) -> int:
    return m.get_root().render().count("L.circleMarker(")


# ------------------------------------------------------------------ colours


def test_no_kind_is_drawn_in_the_highlight_colour():
    assert all(colour != HIGHLIGHT_COLOUR for colour, _ in SITE_STYLE.values())
    assert SITE_STYLE["zone"][0] == "darkred"


def test_zones_are_red_only_when_highlighted(cat):
    m, built = empty_map()
    add_sites(m, built, cat.sites, MapOptions(), highlight={"zone-b"})
    assert colours(m) == {"甲高新区": "darkred", "甲一园": SITE_STYLE["park"][0], "乙高新区": HIGHLIGHT_COLOUR}
    assert built.click_index == {"甲高新区": "zone-a", "甲一园": "park-a1", "乙高新区": "zone-b"}


def test_a_tooltip_function_replaces_the_default_tooltip(cat):
    m, built = empty_map()
    add_sites(
        m, built, cat.sites, MapOptions(lang="en"), tooltip=lambda row: f"<b>{row['name_en']}</b><br>\n#{row['id']}"
    )
    page = m.get_root().render()
    assert "#zone-a" in page and "#park-a1" in page
    assert built.site_for_tooltip("Zone A\n#zone-a") == "zone-a"


# ------------------------------------------------------------------ lit and dimmed


def test_dimmed_sites_are_grey_dots_that_still_open_their_profile(cat):
    m, built = empty_map()
    add_dimmed_sites(m, built, cat.sites, MapOptions(), "others")
    assert dimmed_dots(m) == 3 and parse_markers(m.get_root().render()) == []  # centre-x has no location
    assert DIM_COLOUR in m.get_root().render()
    assert built.site_for_tooltip("甲一园\n园区") == "park-a1"


def test_a_name_shown_twice_gets_its_id_so_each_click_finds_its_site(cat):
    sites = cat.sites.copy()
    sites.loc[sites["id"] == "zone-b", "name_zh"] = "甲高新区"  # the same name as zone-a
    m, built = empty_map()
    add_dimmed_sites(m, built, sites, MapOptions(), "others")
    assert built.click_index == {"甲高新区": "zone-a", "甲一园": "park-a1", "甲高新区 [zone-b]": "zone-b"}


def test_lit_sites_are_red_and_the_rest_dimmed(cat):
    m, built = empty_map()
    add_lit_sites(
        m, built, cat.sites, ["park-a1", "centre-x"], MapOptions(), layer="hits", extra_text={"park-a1": "extra line"}
    )
    assert colours(m) == {"甲一园": HIGHLIGHT_COLOUR}
    assert dimmed_dots(m) == 2  # zone-a and zone-b
    assert "extra line" in m.get_root().render()
    assert set(built.click_index.values()) == {"zone-a", "park-a1", "zone-b"}


# ------------------------------------------------------------------ halos


def test_halos_ring_the_chosen_located_sites_only(cat):
    m, _ = empty_map()
    add_halos(m, cat.sites, ["zone-b", "centre-x"], MapOptions(), "selection")
    assert parse_rings(m.get_root().render()) == [(36.54, 104.17)]


# ------------------------------------------------------------------ legends


def test_legend_escapes_its_labels():
    legend = Legend([(swatch("#123456"), EVIL), (swatch("#654321", "ring"), "`${x}`")])
    assert EVIL not in legend.html and "&lt;img" in legend.html
    assert "${x}" not in legend.html
    assert "background:#123456" in legend.html and "dashed #654321" in legend.html


@pytest.mark.parametrize("shape", ["dot", "square", "ring", "halo", "line"])
def test_every_swatch_shape_is_an_inline_box_of_its_colour(shape):
    html = swatch("#abcdef", shape)
    assert html.startswith('<span style="display:inline-block;') and "#abcdef" in html


def test_lit_legend_names_lit_dimmed_extra_and_error_items():
    legend = lit_legend("result", "en", (swatch("#000", "ring"), "centre"))
    assert legend.html.split("<br>")[1:] == [
        f"{swatch(DIM_COLOUR)} other site",
        f"{swatch('#000', 'ring')} centre",
        f"{swatch('#555', 'ring')} dashed circle: location error",
    ]
    assert "其他园区" in lit_legend("结果", "zh").html


# ------------------------------------------------------------------ one owner of the click index, one legend


def test_the_built_map_owns_its_click_index():
    built = BuiltMap(folium.Map(tiles=None))
    assert built.clickable("甲园", "a") == "甲园"
    assert built.clickable("甲园", "a") == "甲园"  # the same site again: the same label
    assert built.clickable("甲园", "b") == "甲园 [b]"  # another site of that name: made unique
    assert built.site_for_tooltip("甲园 [b]\n园区") == "b"
    built.not_clickable("a")
    assert built.click_index == {"甲园 [b]": "b"} and built.site_for_tooltip("甲园") is None


def test_no_builder_writes_the_click_index_by_hand():
    import ast
    from pathlib import Path

    views = Path(__file__).resolve().parent.parent / "views"
    for path in views.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            targets = node.targets if isinstance(node, ast.Assign) else [getattr(node, "target", None)]
            for target in targets:
                while isinstance(target, ast.Subscript):
                    target = target.value
                is_index = isinstance(target, ast.Attribute) and target.attr == "click_index"
                assert not is_index or path.name == "maps.py", f"{path.name}:{node.lineno} writes click_index"


def test_a_colour_scale_is_the_same_legend_with_its_title_escaped():
    from views import legends, targets

    scale = Legend.scale("<b>GDP</b> (亿元)", ("#fff", "#f00"), "0", "1,000")
    assert isinstance(scale, legends.Legend) and Legend is legends.Legend
    assert "&lt;b&gt;GDP&lt;/b&gt; (亿元)" in scale.html and "<b>" not in scale.html
    assert "linear-gradient(to right,#fff,#f00)" in scale.html and "<span>1,000</span>" in scale.html
    assert not hasattr(targets, "Legend") or targets.Legend is Legend  # no second legend class
