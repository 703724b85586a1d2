"""Labels of the schema's coded values in Chinese and English, shared by the app and the reports."""
from __future__ import annotations

KIND_LABELS: dict[str, tuple[str, str]] = {
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

METHOD_LABELS: dict[str, tuple[str, str]] = {
    "sourced": ("公开坐标", "published coordinate"),
    "derived": ("换算坐标", "converted coordinate"),
    "anchor": ("以所在城镇定位", "placed at the town it lies in"),
    "estimate": ("据描述估计", "estimated from descriptions"),
    "unknown": ("未知", "unknown"),
}

QUALITY_LABELS: dict[str, tuple[str, str]] = {
    "official": ("官方位置", "Official location"),
    "approximate": ("位置为估计", "Approximate location"),
    "schematic": ("示意位置", "Schematic location"),
    "unknown": ("位置未知", "Location unknown"),
}

CITY_EN = {"兰州": "Lanzhou", "白银": "Baiyin"}

# The documents' words for a tie (a site or unit to an industry). English glosses the word and keeps
# it after the gloss, 'relies on (依托)', because the word itself is what the source says.
ROLE_EN: dict[str, str] = {
    "依托": "relies on", "服务": "serves", "西部陶都": "“ceramics capital of the west”", "主导": "leading",
    "特色": "distinctive", "集群": "cluster", "重点发展": "key development", "适时引入": "to introduce in time",
    "产业链": "industry chain", "整合升级": "integration and upgrading", "领域": "field", "重点领域": "key field",
    "成果转化": "transfer of results", "国家新材料产业基地": "national new-materials base",
    "产业转移园区": "industry-transfer park", "中以共建": "co-built with Israel", "首位产业": "first industry",
    "示范基地": "demonstration base", "优势产业": "strength", "战略性新兴产业": "strategic emerging industry",
    "产业园": "industrial park", "发挥力量": "drawn on", "产业发展重点": "development focus",
    "产业研究院": "industry research institute", "产业研究院领域": "research-institute field",
    "研究院": "research institute", "协同创新工作站": "collaborative innovation workstation", "集聚": "clustered",
    "大数据应用产业集群": "big-data application cluster",
    "打造基地": "to build into a base (goal)", "攻克关键核心技术": "to master key core technologies (goal)",
    "创新型企业集群": "to grow innovative enterprise clusters (goal)", "定位": "positioning (goal)",
    "数字经济创新基地": "digital-economy innovation base", "鲲鹏计算产业园": "Kunpeng computing park",
}
# A link's role class: what kind of tie the document's words make (geo.schema.ROLE_CLASSES).
ROLE_CLASS_LABELS: dict[str, tuple[str, str]] = {
    "hosts": ("承载", "hosts"), "goal": ("目标定位", "goal"), "partner": ("合作", "partner"),
    "planned": ("计划", "planned"), "member": ("成员", "member"), "lead": ("引领", "lead"),
}
