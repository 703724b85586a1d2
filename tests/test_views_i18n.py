"""views/i18n.py: the shared glosses and lists, in both languages."""

from geo.load import load_catalogue
from views.i18n import ROLE_EN, join_names, role_label


def test_role_glosses_keep_the_documents_word():
    assert role_label("依托", "en") == "relies on (依托)" and role_label("依托", "zh") == "依托"
    assert role_label("发挥力量", "en") == "drawn on (发挥力量)"
    assert role_label("未收录的词", "en") == "未收录的词"  # no gloss: the word as written
    assert {"依托", "服务", "西部陶都", "主导", "首位产业", "集聚"} <= set(ROLE_EN)


def test_names_are_listed_the_way_each_language_lists_them():
    assert join_names(["兰州", "白银"], "zh") == "兰州、白银"
    assert join_names(iter(["Lanzhou", "Baiyin"]), "en") == "Lanzhou, Baiyin"
    assert join_names([], "en") == ""


def test_every_role_in_the_shipped_data_has_an_english_gloss():
    cat = load_catalogue()
    roles = set(cat.site_industries["role"]) | set(cat.org_industries["role"])
    assert roles - set(ROLE_EN) == set()
