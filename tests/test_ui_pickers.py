"""ui.pickers.top_matches: the search behind pickers over large tables (never a 100,000-option list)."""

import pandas as pd
import pytest

from ui.pickers import SEARCH_THRESHOLD, top_matches

LABELS = pd.Series(
    {"e-1": "白银有色集团", "e-2": "甘肃白银银光化工", "e-3": "兰州大学科技园", "e-4": "Baiyin Copper"}, dtype=object
)


def test_matches_label_or_id_case_insensitive_those_starting_with_it_first():
    assert top_matches(LABELS, "白银") == ["e-1", "e-2"]
    assert top_matches(LABELS, "baiyin") == ["e-4"]
    assert top_matches(LABELS, "E-3") == ["e-3"]


def test_at_most_limit_and_an_empty_query_gives_the_first():
    many = pd.Series({f"id-{i}": f"企业{i:06d}" for i in range(150_000)}, dtype=object)
    assert len(many) > SEARCH_THRESHOLD
    assert top_matches(many, "", limit=5) == [f"id-{i}" for i in range(5)]
    assert top_matches(many, "企业00012", limit=3) == ["id-120", "id-121", "id-122"]
    assert top_matches(many, "no such firm") == []


def test_search_text_is_not_a_pattern():
    assert top_matches(LABELS, ".*") == []
    with pytest.raises(ValueError):
        top_matches(LABELS, "x", limit=0)
