"""pydeck builders (views/deck.py), their data (geo/deck_data.py) and the server-side hexagons (geo/hexbin.py).

The 100,000 points here are SYNTHETIC, generated in the test around Lanzhou–Baiyin and never
written anywhere: they measure the payload, they are not data.
"""

from __future__ import annotations

import json
from functools import cache

import numpy as np
import pandas as pd
import pytest

from geo.deck_data import latest_gaps, link_arcs
from geo.errors import InvalidQueryError
from geo.hexbin import cell_ids, hex_bins, in_cell
from geo.load import load_catalogue
from views import deck as D
from views import deck_links as DL

PAYLOAD_GOAL = 2_000_000  # bytes of deck JSON per render (issue 12)


@cache
def shipped():
    return load_catalogue(check_quotes=False)


def synthetic_points(n: int, seed: int = 12) -> pd.DataFrame:
    """``n`` clearly synthetic rows scattered over the two cities (ids say so)."""
    rng = np.random.default_rng(seed)
    return pd.DataFrame(
        {
            "id": [f"synthetic-{i}" for i in range(n)],
            "label": [f"synthetic {i}" for i in range(n)],
            "lon": rng.normal(103.95, 0.3, n),
            "lat": rng.normal(36.2, 0.25, n),
        }
    )


def layers(deck) -> list[dict]:
    return json.loads(deck.to_json())["layers"]


def layer(deck, layer_id: str) -> dict:
    return next(spec for spec in layers(deck) if spec["id"] == layer_id)


def all_decks():
    cat = shipped()
    gaps = pd.DataFrame(
        [
            dict(
                scope_id="by-hitech",
                indicator="x|家",
                indicator_zh="x",
                indicator_en="x",
                unit="家",
                target_value=10.0,
                actual_value=4.0,
                target_year=2025,
                actual_year=2023,
                approximate=False,
                lon=104.18,
                lat=36.5,
                scope_zh="白银高新区",
                scope_en="Baiyin",
            )
        ]
    )
    return {
        "points": D.points_deck(cat, synthetic_points(50)),
        "bins": D.points_deck(cat, synthetic_points(6_000)),
        "arcs": DL.arcs_deck(cat),
        "columns": DL.columns_deck(cat, gaps, "x|家"),
    }


# ------------------------------------------------------------------ every deck


@pytest.mark.parametrize("name", ["points", "bins", "arcs", "columns"])
def test_every_deck_is_offline_and_every_layer_has_a_unique_id(name):
    deck = all_decks()[name]
    spec = json.loads(deck.to_json())
    ids = [item["id"] for item in spec["layers"]]
    assert deck.map_provider is None and "mapProvider" not in spec
    # pydeck's sentinel: Streamlit draws no basemap; map_style=None would make it fetch a CARTO style
    assert spec["mapStyle"] == "__MAP_STYLE__"
    assert all(ids) and len(set(ids)) == len(ids)
    assert ids[:2] == [D.AREAS_LAYER, D.RIVERS_LAYER]  # the offline basemap under everything
    assert {item["@@type"] for item in spec["layers"][:2]} == {"GeoJsonLayer"}


def test_the_tooltip_is_a_text_template_so_data_cannot_inject_markup():
    hostile = "<img src=x onerror=alert(1)>{id}`${x}`"
    rows = pd.DataFrame({"id": ["e1"], "label": [hostile], "lon": [104.1], "lat": [36.1]})
    deck = D.points_deck(shipped(), rows)
    assert deck._tooltip == D.TOOLTIP and "html" not in deck._tooltip  # Streamlit sends this as the tooltip
    assert layer(deck, D.POINTS_LAYER)["data"][0]["tooltip"] == hostile  # innerText shows it as it is


def test_string_options_are_quoted_literals_not_expressions():
    spec = layer(all_decks()["points"], D.POINTS_LAYER)
    assert spec["radiusUnits"] == "meters"  # "'meters'" is a literal; a bare meters would be a name lookup
    assert spec["getPosition"] == "@@=[lon, lat]"


def test_basemap_is_simplified_in_metres():
    coarse, fine = D.basemap_layers(shipped(), 2_000), D.basemap_layers(shipped(), 0)
    size = [len(json.dumps(layer_.data)) for layer_ in (coarse[0], fine[0])]
    assert 0 < size[0] < size[1]
    with pytest.raises(InvalidQueryError):
        D.basemap_layers(shipped(), -1)


# ------------------------------------------------------------------ points or bins


def test_few_rows_are_points_with_their_ids():
    deck = D.points_deck(shipped(), synthetic_points(50))
    spec = layer(deck, D.POINTS_LAYER)
    assert spec["@@type"] == "ScatterplotLayer" and spec["pickable"]
    assert [row["id"] for row in spec["data"]] == [f"synthetic-{i}" for i in range(50)]
    assert {row["kind"] for row in spec["data"]} == {"point"}


def test_rows_without_a_point_are_not_drawn_and_other_column_names_work():
    rows = pd.DataFrame({"code": ["a", "b"], "name": ["A", "B"], "x": [104.1, None], "y": [36.1, None]})
    deck = D.points_deck(shipped(), rows, id_col="code", label_col="name", lon_col="x", lat_col="y")
    assert [row["id"] for row in layer(deck, D.POINTS_LAYER)["data"]] == ["a"]


def test_a_missing_column_is_refused():
    with pytest.raises(InvalidQueryError, match="label"):
        D.points_deck(shipped(), pd.DataFrame({"id": [], "lon": [], "lat": []}))


def test_many_rows_are_binned_on_the_server_and_every_row_is_counted():
    rows = synthetic_points(6_000)
    spec = layer(D.points_deck(shipped(), rows, max_points=5_000), D.BINS_LAYER)
    assert spec["@@type"] == "ColumnLayer" and spec["diskResolution"] == 6
    assert sum(row["count"] for row in spec["data"]) == 6_000
    assert not any(item["id"] == D.POINTS_LAYER for item in layers(D.points_deck(shipped(), rows, max_points=5_000)))


def test_100k_points_stay_under_2_mb():
    rows = synthetic_points(100_000)
    deck = D.points_deck(shipped(), rows)
    size = D.payload_bytes(deck)
    print(f"payload at 100,000 synthetic points: {size:,} bytes")
    assert size <= PAYLOAD_GOAL
    assert sum(row["count"] for row in layer(deck, D.BINS_LAYER)["data"]) == 100_000
    inline = D.payload_bytes(D.points_deck(shipped(), rows.head(20_000), max_points=20_000))
    assert inline > size  # a fifth of the points drawn one by one already weighs more than all of them binned


def test_bins_grow_until_they_fit_max_bins():
    rows = synthetic_points(20_000)
    small = hex_bins(rows["lon"], rows["lat"], radius_m=200, max_bins=300)
    assert len(small) <= 300 and small["radius_m"].iloc[0] > 200 and small["count"].sum() == 20_000


def test_a_clicked_bin_lists_exactly_its_rows():
    rows = synthetic_points(3_000)
    bins = hex_bins(rows["lon"], rows["lat"], radius_m=2_000)
    top = bins.iloc[0]
    mask = in_cell(rows["lon"], rows["lat"], top["bin_id"])
    assert mask.sum() == top["count"]
    assert set(cell_ids(rows["lon"], rows["lat"], top["radius_m"])[mask]) == {top["bin_id"]}
    with pytest.raises(InvalidQueryError):
        in_cell(rows["lon"], rows["lat"], "not-a-cell")


def test_hexagon_centres_are_near_their_points():
    rows = pd.DataFrame({"lon": [104.18, 104.1801], "lat": [36.5, 36.5001]})
    bins = hex_bins(rows["lon"], rows["lat"], radius_m=1_000)
    assert len(bins) == 1 and abs(bins["lon"][0] - 104.18) < 0.02 and abs(bins["lat"][0] - 36.5) < 0.02


# ------------------------------------------------------------------ arcs


def test_baiyin_hitech_leads_its_six_parks():
    arcs = link_arcs(shipped(), kinds=("lead",))
    lead = arcs.links
    assert set(lead["from_id"]) == {"by-hitech"}
    assert set(lead["to_id"]) == {"by-yindong", "by-xiqu", "by-pingchuan", "by-liuchuan", "by-jingtai", "by-huining"}
    assert lead.loc[lead["to_id"] == "by-huining", "via_parts"].all()  # 会宁 has no point: drawn to its two parts


def test_partners_outside_gansu_are_skipped_and_counted():
    arcs = link_arcs(shipped(), kinds=("partner",))
    assert {"bj-zhongguancun", "xa-hitech", "sh-zhangjiang"} <= set(arcs.skipped_ids["partner"])
    assert arcs.skipped["partner"] >= 3
    assert ("by-hitech", "lz-hitech") in set(zip(arcs.links["from_id"], arcs.links["to_id"], strict=True))


def test_arcs_deck_rows_point_at_sites():
    spec = layer(all_decks()["arcs"], D.ARCS_LAYER)
    assert spec["@@type"] == "ArcLayer" and spec["pickable"]
    assert {row["kind"] for row in spec["data"]} == {"site"}
    assert set(shipped().sites["id"]) >= {row["id"] for row in spec["data"]}


def test_unknown_arc_kind_is_refused():
    with pytest.raises(InvalidQueryError):
        link_arcs(shipped(), kinds=("friends",))


# ------------------------------------------------------------------ target vs actual


def _figure(id_, kind, value, year, unit="家", scope="by-hitech", words="高新技术企业数"):
    return dict(
        id=id_,
        scope_id=scope,
        indicator_zh=words,
        indicator_en="High-tech enterprises",
        value=value,
        unit=unit,
        qualifier="",
        year=year,
        kind=kind,
        source_id="s",
        quote="q",
        note="",
        value_max=None,
        value_text="",
    )


def test_latest_gaps_pair_the_most_recent_comparable_actual_only():
    figures = pd.DataFrame(
        [
            _figure("t", "target", 100.0, 2025),
            _figure("a1", "actual", 40.0, 2020),
            _figure("a2", "actual", 60.0, 2022),
            _figure("a3", "actual", 90.0, 2023, unit="个"),
            _figure("a4", "actual", 70.0, 2023, scope="lz-hitech"),
        ]
    )
    gaps, unlocated = latest_gaps(shipped(), figures)
    assert unlocated == 0
    assert gaps[["scope_id", "target_value", "actual_value", "actual_year"]].values.tolist() == [
        ["by-hitech", 100.0, 60.0, 2022]
    ]  # not the other unit (个), not the other zone


def test_columns_deck_draws_target_and_actual_side_by_side():
    figures = pd.DataFrame([_figure("t", "target", 100.0, 2025), _figure("a", "actual", 50.0, 2022)])
    gaps, _ = latest_gaps(shipped(), figures)
    deck = DL.columns_deck(shipped(), gaps, gaps["indicator"][0], lang="en")
    target, actual = layer(deck, D.TARGET_LAYER), layer(deck, D.ACTUAL_LAYER)
    assert target["@@type"] == actual["@@type"] == "ColumnLayer"
    assert target["data"][0]["value"] == 2 * actual["data"][0]["value"]
    assert actual["data"][0]["lon"] > target["data"][0]["lon"]
    assert "target 100 家 (2025)" in target["data"][0]["tooltip"]
    with pytest.raises(InvalidQueryError):
        DL.columns_deck(shipped(), gaps, "no such indicator")


def test_the_shipped_data_has_no_comparable_pair_yet():
    # Truth first: no target in data/ has an actual of the same wording, scope and unit today.
    gaps, _ = latest_gaps(shipped())
    assert gaps.empty


# ------------------------------------------------------------------ selection


def test_picked_reads_streamlits_selection_event():
    event = {
        "selection": {
            "indices": {"points": [3]},
            "objects": {"points": [{"id": "e-42", "kind": "point", "tooltip": "x"}]},
        }
    }
    assert D.picked(event) == D.Picked("points", "e-42", "point")
    assert D.picked(event["selection"]) == D.Picked("points", "e-42", "point")
    assert D.selected_id(event) == "e-42"
    assert D.selected_id(event, layer=D.BINS_LAYER) is None


@pytest.mark.parametrize(
    "event",
    [
        None,
        {},
        {"selection": {"indices": {}, "objects": {}}},
        {"selection": {"objects": {"points": [{"kind": "point"}]}}},
        {"selection": {"objects": {"points": []}}},
    ],
)
def test_nothing_picked(event):
    assert D.picked(event) is None and D.selected_id(event) is None


def test_a_bin_pick_names_the_cell():
    event = {"selection": {"objects": {"bins": [{"id": "1000:3:-4", "kind": "bin", "count": 7}]}}}
    assert D.picked(event) == D.Picked("bins", "1000:3:-4", "bin")
