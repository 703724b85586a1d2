"""The atlas's one bilingual vocabulary: Chinese (default) and English, for the app and the reports.

One :func:`name`, one translation helper :func:`tr`, one label table per concept (kinds,
location methods, location qualities, roles, role classes, cities, industry systems) and one way
to write a figure with its qualifier and unit, :func:`figure_text`. A table maps a key to
``(zh, en)``; a page or report keeps its own words in a table of the same shape and reads them
with :func:`tr`.
"""

from __future__ import annotations

import math

LANGS = ("zh", "en")

Labels = dict[str, tuple[str, str]]

#: A site's or unit's kind (geo.schema SITE_KINDS / ORG_KINDS).
KIND_LABELS: Labels = {
    "program": ("示范区/试验区", "programme"),
    "zone": ("开发区/新区", "zone"),
    "park": ("园区", "park"),
    "platform": ("平台", "platform"),
    "center": ("中心", "centre"),
    "cluster": ("集聚区", "cluster"),
    "university": ("高校", "university"),
    "institute": ("科研院所", "institute"),
    "enterprise": ("企业", "enterprise"),
    "fund": ("基金", "fund"),
    "incubator": ("孵化载体", "incubator"),
    "hospital": ("医院", "hospital"),
    "transport": ("交通枢纽", "transport hub"),
    "reference": ("参考点", "reference point"),
}

#: How a location was found (geo.schema LOCATION_METHODS).
METHOD_LABELS: Labels = {
    "sourced": ("公开坐标", "published coordinate"),
    "derived": ("换算坐标", "converted coordinate"),
    "anchor": ("以所在城镇定位", "placed at the town it lies in"),
    "estimate": ("据描述估计", "estimated from descriptions"),
    "unknown": ("未知", "unknown"),
}

#: How good a location is (geometry_quality).
QUALITY_LABELS: Labels = {
    "official": ("官方位置", "Official location"),
    "approximate": ("位置为估计", "Approximate location"),
    "schematic": ("示意位置", "Schematic location"),
    "unknown": ("位置未知", "Location unknown"),
}

#: The two cities.
CITY_LABELS: Labels = {"兰州": ("兰州", "Lanzhou"), "白银": ("白银", "Baiyin")}
CITY_EN = {zh: en for zh, (_, en) in CITY_LABELS.items()}

#: The documents' words for a tie (a site or unit to an industry), glossed in English. English keeps
#: the word after the gloss, 'relies on (依托)', because the word itself is what the source says.
ROLE_EN: dict[str, str] = {
    "依托": "relies on",
    "服务": "serves",
    "西部陶都": "“ceramics capital of the west”",
    "主导": "leading",
    "特色": "distinctive",
    "集群": "cluster",
    "重点发展": "key development",
    "适时引入": "to introduce in time",
    "产业链": "industry chain",
    "整合升级": "integration and upgrading",
    "领域": "field",
    "重点领域": "key field",
    "成果转化": "transfer of results",
    "国家新材料产业基地": "national new-materials base",
    "产业转移园区": "industry-transfer park",
    "中以共建": "co-built with Israel",
    "首位产业": "first industry",
    "示范基地": "demonstration base",
    "优势产业": "strength",
    "战略性新兴产业": "strategic emerging industry",
    "产业园": "industrial park",
    "发挥力量": "drawn on",
    "产业发展重点": "development focus",
    "产业研究院": "industry research institute",
    "产业研究院领域": "research-institute field",
    "研究院": "research institute",
    "协同创新工作站": "collaborative innovation workstation",
    "集聚": "clustered",
    "大数据应用产业集群": "big-data application cluster",
    "打造基地": "to build into a base (goal)",
    "攻克关键核心技术": "to master key core technologies (goal)",
    "创新型企业集群": "to grow innovative enterprise clusters (goal)",
    "定位": "positioning (goal)",
    "数字经济创新基地": "digital-economy innovation base",
    "鲲鹏计算产业园": "Kunpeng computing park",
}

#: A link's role class: what kind of tie the document's words make (geo.schema.ROLE_CLASSES).
ROLE_CLASS_LABELS: Labels = {
    "hosts": ("承载", "hosts"),
    "goal": ("目标定位", "goal"),
    "partner": ("合作", "partner"),
    "planned": ("计划", "planned"),
    "member": ("成员", "member"),
    "lead": ("引领", "lead"),
}

#: A member's role in a group of sites (site_members.role).
MEMBER_ROLE_LABELS: Labels = {
    "lead": ("引领", "lead"),
    "park": ("园区", "park"),
    "area": ("片区", "area"),
    "high-tech zone": ("高新区", "high-tech zone"),
    "引领": ("引领", "leads (引领)"),
    "联动": ("联动", "linked park (联动)"),
    "合作": ("合作", "partner (合作)"),
    "科研支撑": ("科研支撑", "research support (科研支撑)"),
    "深度合作": ("深度合作", "deep cooperation (深度合作)"),
}

#: An industry system (industries.system): full name and short name in each language.
#: 'lanzhou-city' lists the fields where Lanzhou means to master key technologies ("力争在高端装备制造、
#: 新能源…等领域攻克一批“卡脖子”技术", category key-tech), hence 关键技术领域, not 重点产业.
SYSTEMS: dict[str, tuple[tuple[str, str], tuple[str, str]]] = {
    "baiyin-4+5+1": (("白银“4+5+1”产业体系", "白银4+5+1"), ("Baiyin “4+5+1” industry system", "Baiyin 4+5+1")),
    "lanzhou-hitech-1+1+3": (
        ("兰州高新区“一主一特三集群”", "兰州高新区1+1+3"),
        ("Lanzhou Hi-tech Zone “1+1+3”", "Lanzhou HTZ 1+1+3"),
    ),
    "lanzhou-new-area": (("兰州新区优势产业", "兰州新区"), ("Lanzhou New Area strengths", "Lanzhou New Area")),
    "lanzhou-city": (("兰州市关键技术领域", "兰州市"), ("Lanzhou city key technology fields", "Lanzhou city")),
    "lanbai-pilot-2018": (
        ("兰白试验区2018年工作要点", "兰白试验区2018"),
        ("Lanbai Pilot Zone 2018 work points", "Lanbai pilot 2018"),
    ),
    "chain": (("跨市产业链", "产业链"), ("cross-city chain", "chain")),
}
#: The systems' full names as a label table.
SYSTEM_LABELS: Labels = {key: (zh[0], en[0]) for key, (zh, en) in SYSTEMS.items()}


def tr(labels: Labels, key, lang: str = "zh", **fmt) -> str:
    """Read ``key`` from a label table in ``lang``, filling its placeholders.

    Parameters
    ----------
    labels : dict
        key -> (zh, en).
    key : object
        The key; one the table lacks is shown as it is (never hidden).
    lang : {"zh", "en"}
        The language.
    **fmt
        Values for the label's ``{placeholders}``.

    Returns
    -------
    str
        The label.
    """
    pair = labels.get(str(key))
    if pair is None:
        return str(key)
    text = pair[0] if lang == "zh" else pair[1]
    return text.format(**fmt) if fmt else text


def name(row, lang: str = "zh") -> str:
    """Give a row's display name (``name_zh`` or ``name_en``; English falls back to Chinese).

    Parameters
    ----------
    row : mapping, pandas.Series or namedtuple
        A row with ``name_zh`` and ``name_en``.
    lang : {"zh", "en"}
        The language.

    Returns
    -------
    str
        The name.
    """
    get = row.get if hasattr(row, "get") else lambda k, d=None: getattr(row, k, d)
    return str(get("name_zh" if lang == "zh" else "name_en", "") or get("name_zh", "") or "")


def field_text(row, field: str, lang: str = "zh") -> str:
    """Give a row's ``{field}_zh`` or ``{field}_en`` (English falls back to Chinese): titles, indicators."""
    get = row.get if hasattr(row, "get") else lambda k, d=None: getattr(row, k, d)
    return str(get(f"{field}_{'zh' if lang == 'zh' else 'en'}", "") or get(f"{field}_zh", "") or "")


def punctuation(mark: str, lang: str = "zh") -> str:
    """Write a mark the way ``lang`` writes it: ``colon`` '：' / ': ', ``comma`` '，' / ', ', ``list`` '、' / ', '."""
    return tr(_PUNCTUATION, mark, lang)


def bracketed(text: str, lang: str = "zh") -> str:
    """Add a bracketed aside to what precedes it: '（12）' in Chinese, ' (12)' in English."""
    return f"（{text}）" if lang == "zh" else f" ({text})"


_PUNCTUATION: Labels = {"colon": ("：", ": "), "comma": ("，", ", "), "list": ("、", ", "), "space": ("", " ")}


def kind_label(kind: str, lang: str = "zh") -> str:
    """Name a site's or unit's kind ('park' -> '园区')."""
    return tr(KIND_LABELS, kind, lang)


def role_label(role: str, lang: str = "zh") -> str:
    """Give a tie's role as the document writes it; in English glossed with the word kept ('relies on (依托)')."""
    role = "" if role is None or role != role else str(role)
    return role if lang == "zh" or role not in ROLE_EN else f"{ROLE_EN[role]} ({role})"


def city_label(city: str, lang: str = "zh") -> str:
    """Name a city ('兰州' -> 'Lanzhou')."""
    return tr(CITY_LABELS, city, lang)


def system_label(system: str, lang: str = "zh", short: bool = False) -> str:
    """Name an industry system, in full or short."""
    names = SYSTEMS.get(str(system))
    return names[0 if lang == "zh" else 1][1 if short else 0] if names else str(system)


def join_names(names, lang: str = "zh") -> str:
    """List names the way each language lists them (、 or a comma)."""
    return punctuation("list", lang).join(names)


# ------------------------------------------------------------------ figures

#: How a qualifier reads: where it sits in Chinese, and the English words.
#: "before" = 近200家, "after_value" = 200多家, "after_unit" = 400家以上, "note" = 1家（零的突破）.
QUALIFIERS: dict[str, tuple[str, str]] = {
    "以上": ("after_unit", "or more"),
    "突破": ("before", "over"),
    "近": ("before", "nearly"),
    "多": ("after_value", "more than"),
    "余": ("after_value", "more than"),
    "约": ("before", "about"),
    "达到": ("before", "reaching"),
    "达": ("before", "reaching"),
    "第": ("before", "rank"),
    "累计": ("before", "cumulative"),
    "连续": ("before", "consecutive"),
    "零的突破": ("note", "a first"),
    "三分之一": ("note", "one third"),
}

#: English of each unit (the stored unit is the Chinese one; grouping is by it).
UNIT_EN: dict[str, str] = {
    "%": "%",
    "个百分点": "percentage points",
    "亿元": "× 100 million yuan",
    "万元": "× 10,000 yuan",
    "万平方米": "× 10,000 m²",
    "平方公里": "km²",
    "万人": "× 10,000 people",
    "人": "people",
    "名": "people",
    "家": "entities",
    "个": "items",
    "项": "items",
    "件": "pieces",
    "条": "lines",
    "届": "editions",
    "位": "rank",
    "倍": "times",
    "share": "share of 1",
}
#: Units counted in tens of thousands or hundreds of millions: English writes the whole amount.
_SCALED = {"亿元": (1e8, "yuan"), "万元": (1e4, "yuan"), "万人": (1e4, "people"), "万平方米": (1e4, "m²")}


def unit_label(unit: str, lang: str = "zh") -> str:
    """Name a unit: '亿元' in Chinese, '× 100 million yuan' in English."""
    return str(unit) if lang == "zh" else UNIT_EN.get(str(unit), str(unit))


def number_text(value: float) -> str:
    """Write a number: 1.97 -> '1.97', 400.0 -> '400', 65634 -> '65,634'."""
    return f"{value:,.4f}".rstrip("0").rstrip(".") if value != int(value) else f"{int(value):,}"


def figure_text(value, unit: str, qualifier: str = "", lang: str = "zh", *, value_max=None, words: str = "") -> str:
    """Write a figure with its qualifier and unit: '突破500亿元' / 'over 50 billion yuan'.

    Parameters
    ----------
    value : float or None
        The number (None or NaN for a qualitative target).
    unit : str
        The stored (Chinese) unit: 亿元, 家, % …
    qualifier : str, optional
        以上, 突破, 近, 多, 约 … (see :data:`QUALIFIERS`); an unknown one is kept as a note.
    lang : {"zh", "en"}
        The language.
    value_max : float, optional
        The upper end of a range (value–value_max).
    words : str, optional
        The document's own words for the figure (翻了两番多, 1-2个): Chinese shows exactly those
        words; English writes the figure and quotes the words after it.

    Returns
    -------
    str
        The figure as a reader of ``lang`` expects it.
    """
    words, qualifier, unit = _text(words), _text(qualifier), _text(unit)
    if _missing(value):
        if lang == "zh":
            return words
        return f"qualitative target (“{words}”)" if words else "qualitative target"
    if lang == "zh":
        return words or _figure_zh(float(value), unit, qualifier, value_max)
    text = _figure_en(float(value), unit, qualifier, value_max)
    return f"{text} (“{words}”)" if words else text


def _text(value) -> str:
    return "" if _missing(value) else str(value)


def _missing(value) -> bool:
    if value is None or (isinstance(value, str) and value == ""):
        return True
    try:
        return bool(value != value) or (isinstance(value, float) and math.isnan(value))
    except (TypeError, ValueError):  # pd.NA
        return True


def _figure_zh(value: float, unit: str, qualifier: str, value_max) -> str:
    number = number_text(value) + ("" if _missing(value_max) else f"–{number_text(float(value_max))}")
    gap = " " if unit.isascii() and unit.isalpha() else ""  # 400家, but 0.33 share
    place = QUALIFIERS.get(qualifier, ("note", ""))[0]
    return {
        "": f"{number}{gap}{unit}",
        "before": f"{qualifier}{number}{gap}{unit}",
        "after_value": f"{number}{qualifier}{gap}{unit}",
        "after_unit": f"{number}{gap}{unit}{qualifier}",
        "note": f"{number}{gap}{unit}（{qualifier}）",
    }["" if not qualifier else place]


def _figure_en(value: float, unit: str, qualifier: str, value_max) -> str:
    amount = _amount_en(value, unit)
    if not _missing(value_max):
        high = _amount_en(float(value_max), unit)
        amount = (
            f"{amount.split(' ', 1)[0]}–{high}"
            if amount.split(" ", 1)[1:] == high.split(" ", 1)[1:]
            else f"{amount}–{high}"
        )
    if not qualifier:
        return amount
    place, english = QUALIFIERS.get(qualifier, ("note", ""))
    if not english:  # a qualifier without an English gloss: the document's word, quoted
        return f"{amount} (“{qualifier}”)"
    if place == "after_unit":
        return f"{amount} {english}"
    if place == "note":
        return f"{amount} ({english})"
    return f"{english} {amount}"


def _amount_en(value: float, unit: str) -> str:
    if unit in _SCALED:
        factor, what = _SCALED[unit]
        whole = value * factor
        for size, word in ((1e9, "billion"), (1e6, "million")):
            if whole >= size:
                return f"{number_text(round(whole / size, 4))} {word} {what}"
        return f"{number_text(whole)} {what}"
    if unit == "%":
        return f"{number_text(value)}%"
    if unit == "位":
        return f"no. {number_text(value)}"
    return f"{number_text(value)} {UNIT_EN.get(unit, unit)}".strip()
