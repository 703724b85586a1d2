"""The app's own UI labels; the shared vocabulary and its helpers are :mod:`geo.i18n`, re-exported here.

A page with labels of its own keeps them in a dict of the same shape (key -> (zh, en)) and
reads them with :func:`tr`.
"""

from __future__ import annotations

from geo.i18n import (  # noqa: F401 (re-exported)
    CITY_EN,
    KIND_LABELS,
    LANGS,
    METHOD_LABELS,
    QUALITY_LABELS,
    ROLE_CLASS_LABELS,
    ROLE_EN,
    SYSTEM_LABELS,
    city_label,
    figure_text,
    join_names,
    kind_label,
    name,
    punctuation,
    role_label,
    system_label,
    tr,
)

LABELS: dict[str, tuple[str, str]] = {
    "app_title": ("兰白自创区空间图集", "Lanbai Innovation Zone Atlas"),
    "app_subtitle": (
        "兰州白银国家自主创新示范区 · 兰白科技创新改革试验区",
        "Lanzhou–Baiyin National Independent Innovation Demonstration Zone · Pilot Zone",
    ),
    "page_overview": ("总览", "Overview"),
    "page_baiyin": ("白银一区六园", "Baiyin: one zone, six parks"),
    "page_lanzhou": ("兰州园区", "Lanzhou parks"),
    "page_chains": ("产业链", "Industry chains"),
    "page_spatial": ("空间筛选", "Spatial search"),
    "page_profile": ("园区档案", "Site profile"),
    "page_targets": ("目标", "Targets"),
    "page_tour": ("演示", "Presentation"),
    "page_sources": ("数据与来源", "Data & sources"),
    "page_maintain": ("数据维护", "Maintenance"),
    "page_enterprises": ("企业与载体", "Enterprises & sites available"),
    "page_compare": ("园区对比", "Compare sites"),
    "language": ("语言 / Language", "Language / 语言"),
    "basemap": ("底图", "Basemap"),
    "basemap_vector": ("矢量底图（离线）", "Vector basemap (offline)"),
    "basemap_osm": ("OpenStreetMap（需联网）", "OpenStreetMap (online)"),
    "basemap_tianditu": ("天地图（需联网与密钥）", "Tianditu (online, key)"),
    "basemap_gaode": ("高德地图（需联网，GCJ-02）", "Gaode (online, GCJ-02)"),
    "tianditu_missing_key": (
        "未设置天地图密钥（在 .streamlit/secrets.toml 或环境变量中设置 TIANDITU_KEY），已改用离线矢量底图。",
        "No Tianditu key is set (TIANDITU_KEY in .streamlit/secrets.toml or the environment); "
        "showing the offline vector basemap.",
    ),
    "chains": ("产业链筛选", "Industry chains"),
    "city": ("城市", "City"),
    "all": ("全部", "All"),
    "site": ("园区", "Site"),
    "source": ("来源", "Source"),
    "quote": ("原文", "Quote"),
    "location": ("位置", "Location"),
    "approximate": ("位置为估计", "approximate location"),
    "error_km": ("误差约 ±{km:g} 公里", "error about ±{km:g} km"),
    "no_location": ("位置未知，未上图", "location unknown, not on the map"),
    "open_profile": ("打开档案", "Open profile"),
    "url_chain_ambiguous": (
        "链接中的“{value}”是多条产业链名称的一部分：{chains}。请在上方选择其中一条。",
        "“{value}” in the link is part of the name of several chains: {chains}. Pick one above.",
    ),
    "url_invalid": ("链接参数无效，已忽略：{value}", "Ignored an invalid link parameter: {value}"),
    "url_too_many": (
        "链接参数 {value} 的值过多，只保留前 {n} 个（重复的值已去除）。",
        "The link parameter {value} has too many values; only the first {n} are kept (repeats removed).",
    ),
    "page_error": (
        "页面出错了，未能完整显示。请刷新页面，或回到总览重新打开；若问题仍在，请把链接告诉数据维护人员。",
        "Something went wrong and this page could not be shown in full. Reload the page or open it "
        "again from the Overview; if it keeps happening, please send the link to the data maintainers.",
    ),
    "data_error": (
        "数据加载失败，请联系数据维护人员。",
        "The data could not be loaded; please tell the data maintainers.",
    ),
    "footer": (
        "数据来自五份公开政策文件及其注明的公开地理数据；位置多为估计，误差见各条目。",
        "Data from five public policy documents and the public geodata each row names; most locations are estimates, with their error shown.",
    ),
    "login": ("登录", "Log in"),
    "logout": ("退出登录", "Log out"),
    "login_name": ("账号", "Account"),
    "login_password": ("密码", "Password"),
    "login_as": ("已登录：{name}（{role}）", "Logged in: {name} ({role})"),
    "login_refused_wrong": ("登录失败：账号或密码错误。", "Login refused: wrong name or password."),
    "login_refused_disabled": ("登录失败：该账号已停用。", "Login refused: this account is disabled."),
    "login_refused_locked": (
        "登录失败次数过多，请 {wait} 秒后再试。",
        "Too many failed logins for this name; try again in {wait} s.",
    ),
    "login_expired": ("登录已过期，请重新登录。", "Your login has expired; please log in again."),
    "role_public": ("公众", "public"),
    "role_internal": ("内部", "internal staff"),
    "role_maintainer": ("维护员", "maintainer"),
    "role_reviewer": ("审核员", "reviewer"),
    "role_admin": ("管理员", "admin"),
    "download": ("下载", "Download"),
    "industries": ("产业", "Industries"),
    "organizations": ("单位", "Organizations"),
    "projects": ("项目", "Projects"),
    "indicators": ("指标", "Indicators"),
    "role": ("角色", "Role"),
    "kind": ("类型", "Kind"),
    "name": ("名称", "Name"),
    "distance_km": ("距离（公里）", "Distance (km)"),
    "legend": ("图例", "Legend"),
    "layer_areas": ("行政区划", "Administrative areas"),
    "layer_river": ("黄河", "Yellow River"),
    "layer_sites": ("园区", "Sites"),
    "layer_orgs": ("高校院所与企业", "Universities, institutes, firms"),
    "layer_links": ("一区引领、六园联动", "Lead-and-link structure"),
    "layer_uncertainty": ("位置误差范围", "Location uncertainty"),
    "layer_schematic_extent": (
        "示意范围（按核准面积画圆，非边界）",
        "Schematic extent (a circle of the approved area, not a boundary)",
    ),
    "layer_dimmed": ("其他园区（暗显）", "Other sites (dimmed)"),
    "legend_dimmed": ("其他园区", "other site"),
    "legend_error": ("虚线圆：位置误差范围", "dashed circle: location error"),
}


def t(key: str, lang: str = "zh", **fmt) -> str:
    """The label ``key`` in ``lang``; formatting arguments fill its placeholders."""
    return tr(LABELS, key, lang, **fmt)


def accuracy_text(row, lang: str = "zh") -> str:
    """'位置为估计，误差约 ±5 公里（据描述估计）' — or that the location is unknown."""
    get = row.get if hasattr(row, "get") else lambda k, d=None: getattr(row, k, d)
    method = get("location_method", "unknown")
    if method == "unknown" or get("lat") is None or get("lat") != get("lat"):
        return t("no_location", lang)
    err = get("error_km")
    sep = punctuation("comma", lang)
    parts = [t("approximate", lang)] if get("geometry_quality") == "approximate" else []
    if err == err and err is not None:
        parts.append(t("error_km", lang, km=float(err)))
    return sep.join(parts) + f" ({tr(METHOD_LABELS, method, lang)})"
