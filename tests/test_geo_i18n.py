"""One bilingual vocabulary: the app and the reports use the same helpers and tables."""

from __future__ import annotations

import geo.i18n as I
import geo.labels
import views.i18n as V
from geo.reports import labels as RL


def test_app_and_reports_share_one_set_of_helpers():
    for helper in ("tr", "name", "kind_label", "role_label", "city_label", "join_names", "figure_text"):
        assert getattr(V, helper) is getattr(I, helper)
    assert RL.tr is I.tr and RL.SYSTEM_LABELS is I.SYSTEM_LABELS and RL.KIND_LABELS is geo.labels.KIND_LABELS
    assert not hasattr(RL, "name") and not hasattr(RL, "role_label") and not hasattr(RL, "city_label")
    assert V.LANGS is I.LANGS


def test_the_lanzhou_city_system_is_named_as_the_document_names_it():
    # "力争在高端装备制造、新能源…等领域攻克一批“卡脖子”技术": key technology fields, not key industries
    assert I.tr(I.SYSTEM_LABELS, "lanzhou-city", "zh") == "兰州市关键技术领域"
    assert I.system_label("lanzhou-city", "en", short=True) == "Lanzhou city"


def test_tr_shows_an_unknown_key_and_fills_placeholders():
    table = {"n": ("{k} 个", "{k} items")}
    assert I.tr(table, "n", "en", k=3) == "3 items" and I.tr(table, "missing", "en") == "missing"


def test_name_falls_back_to_chinese():
    assert I.name({"name_zh": "白银", "name_en": ""}, "en") == "白银"
    assert I.name({"name_zh": "白银", "name_en": "Baiyin"}, "en") == "Baiyin"


def test_role_and_city_labels():
    assert I.role_label("依托", "en") == "relies on (依托)" and I.role_label("依托", "zh") == "依托"
    assert I.city_label("兰州", "en") == "Lanzhou"
