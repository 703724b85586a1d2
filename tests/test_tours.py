"""geo.tours: the shipped tours are valid and truthful; broken files say what is wrong, and where."""

import re
import shutil
from pathlib import Path

import pytest

from geo import filters as geo_filters
from geo import load_catalogue
from geo import queries as q
from geo.tours import TourError, load_tour, load_tours, tours_folder, validate_tours

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = ROOT / "data" / "tours"
CHAIN_TOURS = {
    "chain-new-materials": "chain-new-materials",
    "chain-biomedicine": "chain-biomedicine",
    "chain-equipment": "chain-equipment",
}

GOOD_STEP = """
  - caption: {zh: 白银高新区, en: Baiyin High-tech Zone}
    center: [36.53, 104.21]
    zoom: 10
    sites: [by-hitech]
    sources: [by-plan-2024]
"""


@pytest.fixture(scope="module")
def cat():
    return load_catalogue()


def write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def tour_text(*steps: str) -> str:
    return "title: {zh: 测试, en: Test}\nsteps:" + "".join(steps or (GOOD_STEP,))


def problems_of(cat, tmp_path, text: str) -> list[str]:
    path = write(tmp_path, "broken.yaml", text)
    with pytest.raises(TourError) as info:
        load_tour(cat, path)
    return [str(p) for p in info.value.problems]


# ---------------------------------------------------------------- shipped tours


def test_shipped_tours_are_valid(cat):
    assert validate_tours(cat, SHIPPED) == []
    tours = load_tours(cat, SHIPPED)
    assert {"lanbai-overview", "baiyin-1z6p", *CHAIN_TOURS} <= set(tours.ids)
    assert tours.ids[:2] == ["lanbai-overview", "baiyin-1z6p"]  # ordered by their `order`
    for tour in tours.tours:
        assert tour.title.zh and tour.title.en
        for step in tour.steps:
            assert step.caption.zh and step.caption.en and step.sources, (tour.id, step.number)


def test_default_folder_is_data_tours(cat, monkeypatch):
    monkeypatch.delenv("LANBAI_TOURS_DIR", raising=False)
    assert tours_folder(cat) == SHIPPED


def test_overview_tour_covers_both_cities_zones_new_area_and_the_four_areas(cat):
    tour = load_tours(cat, SHIPPED).get("lanbai-overview")
    shown = {s for step in tour.steps for s in step.sites}
    areas = {a for step in tour.steps for a in step.areas}
    m = cat.memberships[cat.memberships["role_class"] == "member"]  # the four areas, not the partners
    pilot_areas = set(m.loc[m["group_id"] == "lanbai-pilot-zone", "member_id"])
    assert {"620100", "620400"} <= areas
    assert {"lz-hitech", "by-hitech", "lz-new-area"} | pilot_areas <= shown
    assert any(set(step.sites) == pilot_areas for step in tour.steps)


def test_baiyin_tour_visits_the_core_then_each_park(cat):
    tour = load_tours(cat, SHIPPED).get("baiyin-1z6p")
    members = cat.memberships[cat.memberships["group_id"] == "by-1z6p"]
    parks = list(members.loc[members["role_class"] == "member", "member_id"])
    singles = [step.sites[0] for step in tour.steps if len(step.sites) <= 2]
    assert singles[0] == "by-hitech" and singles[1:] == parks


def test_baiyin_park_captions_name_exactly_the_parks_industries(cat):
    """Each park step names every industry the plan ties to the park, and no other top-level one."""
    tour = load_tours(cat, SHIPPED).get("baiyin-1z6p")
    top = cat.industries[(cat.industries["system"] == "baiyin-4+5+1") & (cat.industries["parent_id"] == "")]
    for step in tour.steps:
        if len(step.sites) > 2:
            continue
        linked = set(q.industries_of_site(cat, step.sites[0])["id"])
        for _, ind in top.iterrows():
            for lang, text in (("zh", step.caption.zh), ("en", step.caption.en.lower())):
                label = ind["name_zh"] if lang == "zh" else ind["name_en"].lower()
                assert (label in text) == (ind["id"] in linked), (step.number, lang, label)


def test_chain_tours_highlight_only_sites_hosting_the_chain(cat):
    tours = load_tours(cat, SHIPPED)
    for tour_id, chain in CHAIN_TOURS.items():
        hosting = set(geo_filters.SiteQuery((geo_filters.IndustryFilter((chain,)),)).run(cat)["id"])
        for step in tours.get(tour_id).steps:
            assert set(step.sites) <= hosting, (tour_id, step.number, set(step.sites) - hosting)
            orgs = set(q.orgs_for_industry(cat, chain)["id"])
            assert set(step.organizations) <= orgs, (tour_id, step.number, set(step.organizations) - orgs)


def test_names_resolve_to_ids(cat, tmp_path):
    path = write(tmp_path, "names.yaml", tour_text(GOOD_STEP.replace("[by-hitech]", "[白银高新区, 银东工业园]")))
    assert load_tour(cat, path).steps[0].sites == ("by-hitech", "by-yindong")


def test_center_may_name_a_place(cat, tmp_path):
    path = write(tmp_path, "place.yaml", tour_text(GOOD_STEP.replace("[36.53, 104.21]", "兰州中川国际机场")))
    assert load_tour(cat, path).steps[0].center == pytest.approx((36.515, 103.62))


def test_center_defaults_to_the_highlighted_sites(cat, tmp_path):
    path = write(tmp_path, "nocenter.yaml", tour_text(GOOD_STEP.replace("    center: [36.53, 104.21]\n", "")))
    hitech = cat.sites.set_index("id").geometry["by-hitech"]
    assert load_tour(cat, path).steps[0].center == pytest.approx((hitech.y, hitech.x))


# ---------------------------------------------------------------- broken files


def test_bad_yaml_names_file_line_and_step(cat, tmp_path):
    broken = GOOD_STEP.replace("en: Baiyin High-tech Zone}", "en: Baiyin High-tech Zone")
    [problem] = problems_of(cat, tmp_path, tour_text(GOOD_STEP, broken))
    assert problem.startswith("broken.yaml, line ") and ", step 2" in problem and "not valid YAML" in problem


def test_unknown_site_is_named_with_suggestions(cat, tmp_path):
    [problem] = problems_of(cat, tmp_path, tour_text(GOOD_STEP, GOOD_STEP.replace("[by-hitech]", "[银东园]")))
    assert problem.startswith("broken.yaml, step 2, sites: unknown site '银东园'")
    assert "银东工业园" in problem


def test_missing_caption(cat, tmp_path):
    step = GOOD_STEP.replace("  - caption: {zh: 白银高新区, en: Baiyin High-tech Zone}\n    center", "  - center")
    [problem] = problems_of(cat, tmp_path, tour_text(step))
    assert problem.startswith("broken.yaml, step 1, caption: missing")


def test_caption_needs_both_languages(cat, tmp_path):
    [problem] = problems_of(cat, tmp_path, tour_text(GOOD_STEP.replace(", en: Baiyin High-tech Zone", "")))
    assert problem == "broken.yaml, step 1, caption.en: missing or empty"


@pytest.mark.parametrize(
    "zoom, message", [("25", "25 is out of range (5 to 18)"), ("2", "2 is out of range"), ("near", "must be a number")]
)
def test_bad_zoom(cat, tmp_path, zoom, message):
    [problem] = problems_of(cat, tmp_path, tour_text(GOOD_STEP.replace("zoom: 10", f"zoom: {zoom}")))
    assert problem.startswith("broken.yaml, step 1, zoom: ") and message in problem


def test_swapped_lat_lon_says_how_to_fix_it(cat, tmp_path):
    [problem] = problems_of(cat, tmp_path, tour_text(GOOD_STEP.replace("[36.53, 104.21]", "[104.21, 36.53]")))
    assert problem.startswith("broken.yaml, step 1, center: ")
    assert "swapped" in problem and "[36.53, 104.21]" in problem


def test_center_outside_gansu(cat, tmp_path):
    [problem] = problems_of(cat, tmp_path, tour_text(GOOD_STEP.replace("[36.53, 104.21]", "[31.2, 121.5]")))
    assert problem.startswith("broken.yaml, step 1, center: ") and "outside Gansu" in problem


def test_typo_in_a_field_name_is_caught(cat, tmp_path):
    problems = problems_of(cat, tmp_path, tour_text(GOOD_STEP.replace("center:", "centre:")))
    assert "broken.yaml, step 1, centre: unknown field — did you mean 'center'?" in problems


def test_unknown_source_and_layer(cat, tmp_path):
    text = tour_text(GOOD_STEP.replace("[by-plan-2024]", "[by-plan]") + "    layers: [rivers]\n")
    problems = problems_of(cat, tmp_path, text)
    assert any(p.startswith("broken.yaml, step 1, sources: unknown source 'by-plan'") for p in problems)
    assert any(p.startswith("broken.yaml, step 1, layers: unknown layer 'rivers'") for p in problems)


def test_every_problem_of_a_file_is_reported_together(cat, tmp_path):
    bad = GOOD_STEP.replace("zoom: 10", "zoom: 30").replace("[by-hitech]", "[nowhere]")
    problems = problems_of(cat, tmp_path, tour_text(GOOD_STEP, bad))
    assert len(problems) == 2 and all("step 2" in p for p in problems)


def test_not_utf8_and_not_a_mapping(cat, tmp_path):
    path = tmp_path / "gbk.yaml"
    path.write_bytes(tour_text().encode("gb18030"))
    with pytest.raises(TourError, match="gbk.yaml: not UTF-8"):
        load_tour(cat, path)
    assert problems_of(cat, tmp_path, "- just a list\n") == [
        "broken.yaml: the file must hold a mapping with 'title' and 'steps'"
    ]


def test_a_broken_file_does_not_stop_the_other_tours(cat, tmp_path):
    folder = tmp_path / "tours"
    shutil.copytree(SHIPPED, folder)
    write(folder, "zz-broken.yaml", tour_text(GOOD_STEP.replace("zoom: 10", "zoom: 99")))
    tours = load_tours(cat, folder)
    assert set(load_tours(cat, SHIPPED).ids) == set(tours.ids)
    assert [str(p) for p in tours.problems] == ["zz-broken.yaml, step 1, zoom: 99 is out of range (5 to 18)"]
    assert list(tours.problems_by_file()) == ["zz-broken.yaml"]
    assert validate_tours(cat, folder) == list(tours.problems)


def test_missing_folder_is_a_problem_not_an_exception(cat, tmp_path):
    tours = load_tours(cat, tmp_path / "nowhere")
    assert tours.tours == () and "tour folder not found" in str(tours.problems[0])


def test_location_errors_quoted_in_captions_match_the_data(cat):
    """A caption that states a location error ('±10 km') states the error of a site it highlights."""
    errors = cat.sites.set_index("id")["error_km"]
    for tour in load_tours(cat, SHIPPED).tours:
        for step in tour.steps:
            for km in re.findall(r"±(\d+(?:\.\d+)?) km", step.caption.en):
                assert float(km) in {errors[s] for s in step.sites}, (tour.id, step.number, km)
