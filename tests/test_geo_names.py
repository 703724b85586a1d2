import pytest

from geo.errors import UnknownNameError


@pytest.mark.parametrize("name", ["zone-a", "甲高新区", "Zone A", "zone a", "甲区", "A区"])
def test_site_found_by_id_name_english_alias(cat, name):
    assert cat.names.resolve(name, "site").id == "zone-a"


def test_area_found_by_code_and_name(cat):
    assert cat.names.resolve("620102", "area").id == "620102"
    assert cat.names.resolve("城关区", "area").id == "620102"


def test_unknown_name_suggests_closest(cat):
    with pytest.raises(UnknownNameError) as info:
        cat.names.resolve("甲高新", "site")
    assert "甲高新区" in info.value.suggestions
    assert "unknown site '甲高新'" in str(info.value)


def test_resolve_any_prefers_sites_then_landmarks(cat):
    assert cat.names.resolve_any("空港").kind == "landmark"
    assert cat.names.resolve_any("甲一园").kind == "site"
    with pytest.raises(UnknownNameError):
        cat.names.resolve_any("月球")
