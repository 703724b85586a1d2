"""Words of the exports in Chinese (default) and English.

The coded values' words (kinds, location methods, roles, systems) and the helpers that read them
(:func:`geo.i18n.tr`, :func:`geo.i18n.name` …) come from :mod:`geo.i18n`, which the app uses too,
so a sheet says what the page says.
"""

from __future__ import annotations

import math

from ..i18n import (  # noqa: F401 (re-exported)
    CITY_EN,
    KIND_LABELS,
    MEMBER_ROLE_LABELS,
    METHOD_LABELS,
    QUALITY_LABELS,
    ROLE_EN,
    SYSTEM_LABELS,
    tr,
)

LABELS: dict[str, tuple[str, str]] = {
    "atlas": ("兰白自创区空间图集", "Lanbai Innovation Zone Atlas"),
    "profile_kicker": ("园区档案 · 一园一册", "Site profile"),
    "brief_kicker": ("产业链简报", "Industry-chain brief"),
    "map": ("位置图", "Map"),
    "location": ("位置精度", "Location accuracy"),
    "structure": ("上级与成员", "Parent and members"),
    "industries": ("产业与定位", "Industries and their role"),
    "units": ("相关单位", "Organizations"),
    "projects": ("项目", "Projects"),
    "indicators": ("目标与实绩", "Targets and actuals"),
    "facts": ("来源与原文", "Sources and quotes"),
    "hosts": ("承载园区", "Sites hosting the chain"),
    "members_of_chain": ("各文件中的对应产业", "The documents' industries in this chain"),
    "notes": ("要点", "Key points"),
    "scan": ("扫码打开在线档案", "Scan to open the live profile"),
    "scan_chain": ("扫码打开在线产业链页面", "Scan to open the live chain page"),
    "generated": (
        "生成日期 {date} · 数据来自五份公开政策文件及注明的公开地理数据",
        "Generated {date} · data from five public policy documents and the public geodata named",
    ),
    "none": ("（无记录）", "(none recorded)"),
    "page": ("第 {n} 页", "page {n}"),
    "continued": ("（续）", " (continued)"),
    # columns
    "col_name": ("名称", "Name"),
    "col_kind": ("类型", "Kind"),
    "col_relation": ("关系", "Relation"),
    "col_role": ("定位/角色", "Role"),
    "col_industry": ("产业", "Industry"),
    "col_system": ("产业体系", "Industry system"),
    "col_chains": ("所属产业链", "Chains"),
    "col_tie": ("关联方式", "How tied"),
    "col_site": ("园区", "Site"),
    "col_city": ("城市", "City"),
    "col_year": ("年份", "Year"),
    "col_indicator": ("指标", "Indicator"),
    "col_value": ("数值", "Value"),
    "col_type": ("目标/实绩", "Target/actual"),
    "col_progress": ("进度（最新可比实绩）", "Progress (latest comparable actual)"),
    "progress_cell": ("{year}{value}，达目标的{share}", "{year}: {value}, {share} of the target"),
    "col_fact": ("事项", "Fact"),
    "col_source": ("来源", "Source"),
    "col_quote": ("原文", "Quote"),
    "col_location": ("位置", "Location"),
    "col_parent_industry": ("上级产业", "Parent industry"),
    "error_km": ("误差约 ±{km:g} 公里", "error about ±{km:g} km"),
    "part_of": ("上级：{parent}", "part of {parent}"),
    # relations and ties
    "rel_parent": ("上级", "parent"),
    "rel_child": ("下属园区", "part of this site"),
    "rel_member": ("成员", "member"),
    "rel_group": ("所属组合", "belongs to"),
    "rel_partner": ("合作伙伴", "partner"),
    "tie_partner": ("{role}：{site}", "{role}: {site}"),
    "tie_at": ("位于{site}", "located at {site}"),
    "tie_industry": ("{role}：{industry}", "{role}: {industry}"),
    "target": ("目标", "target"),
    "actual": ("实绩", "actual"),
    "year_unknown": ("未注明", "not stated"),
    # facts
    "fact_site": ("{name}：名称与类型", "{name}: name and kind"),
    "fact_location": ("{name}：位置依据", "{name}: location basis"),
    "fact_member": ("{group} — {member}（{role}）", "{group} — {member} ({role})"),
    "fact_industry": ("{site} — {industry}（{role}）", "{site} — {industry} ({role})"),
    "fact_unit": ("{unit} — {tie}", "{unit} — {tie}"),
    "fact_project": ("项目：{name}", "Project: {name}"),
    "fact_indicator": ("{indicator} {year}：{value}", "{indicator} {year}: {value}"),
    "fact_chain_member": (
        "文件所列产业：{industry}（本图集归入{chain}）",
        "Industry named by the document: {industry} (grouped by the atlas under {chain})",
    ),
    # accuracy
    "acc_unknown": (
        "位置未知：没有找到公开坐标或位置描述，地图上不标出。",
        "Location unknown: no public coordinate or location description was found, so it is not on the map.",
    ),
    "acc_known": ("{quality}（{method}），误差约 ±{km:g} 公里。", "{quality} ({method}), error about ±{km:g} km."),
    "acc_known_noerr": ("{quality}（{method}），误差未知。", "{quality} ({method}), error not known."),
    "acc_basis": ("坐标依据：{source} — {detail}", "Basis of the coordinate: {source} — {detail}"),
    "acc_chain": (
        "园区位置多为估计：地图上的虚线圆为误差范围，各园区的位置精度见“承载园区”表。",
        "Most site positions are estimates: dashed circles on the map show their error; each site's "
        "accuracy is in the hosting-sites table.",
    ),
    "acc_parent_map": ("地图显示其上级{parent}及相关园区。", "The map shows its parent, {parent}, and related sites."),
    "map_attribution": (
        "底图：{areas}；黄河：{river}。园区位置多为估计，虚线圆为误差范围。",
        "Basemap: {areas}; Yellow River: {river}. Most site positions are estimates; dashed circles show their error.",
    ),
    "no_map": (
        "该园区及其上级、成员均无已知位置，无法绘制地图。",
        "Neither this site nor its parent or members has a known location, so there is no map.",
    ),
    # legend
    "leg_focus": ("本园区", "This site"),
    "leg_parent": ("上级", "Parent"),
    "leg_related": ("下属/成员园区", "Parks and members"),
    "leg_host": ("承载园区", "Hosting site"),
    "leg_unit": ("相关单位", "Organization"),
    "leg_error": ("位置误差范围", "Location error"),
    "leg_river": ("黄河", "Yellow River"),
    "leg_outline": ("园区边界", "Site outline"),
    "north": ("北", "N"),
    # chain brief
    "brief_counts": (
        "{sites} 个园区承载该产业链（兰州 {lz}，白银 {by}），{units} 家相关单位。",
        "{sites} sites host the chain (Lanzhou {lz}, Baiyin {by}); {units} organizations are tied to it.",
    ),
    "brief_unlocated": ("位置未知、未上图的园区：{names}。", "Sites with no known location, not on the map: {names}."),
    "brief_no_research": ("没有高校或科研院所与该产业链关联。", "No university or institute is tied to this chain."),
    "brief_research": ("关联的高校与科研院所：{names}。", "Universities and institutes tied to it: {names}."),
}

# views/profile.py reads ``RL.pick(table, key, lang)``: the same helper as geo.i18n.tr.
pick = tr


def blank(value) -> bool:
    """Tell whether ``value`` is blank: None, NaN, pandas NA or ''."""
    if value is None or isinstance(value, str):
        return value is None or value == ""
    try:
        return bool(value != value) or (isinstance(value, float) and math.isnan(value))
    except (TypeError, ValueError):  # pd.NA: comparing it gives NA, which has no truth value
        return True


def number(value) -> str:
    """Write a number plainly: 12.0 -> '12', 3.25 -> '3.25'; blank -> ''."""
    return "" if blank(value) else f"{float(value):g}"
