"""The words of the Data & sources page (zh, en): tabs, headings, column headers, table names,
the import check's messages. Used by :mod:`views.sources` and ``app_pages/sources.py``."""

from __future__ import annotations

LABELS: dict[str, tuple[str, str]] = {
    "tab_sources": ("来源文件", "Sources"),
    "tab_quality": ("数据质量", "Data quality"),
    "tab_validation": ("校验报告", "Validation"),
    "tab_licences": ("许可", "Licences"),
    "tab_downloads": ("下载", "Downloads"),
    "tab_import": ("导入检查（维护）", "Import check (maintainers)"),
    "documents": ("政策文件", "Policy documents"),
    "other_sources": ("地理数据与其他来源", "Geodata and other sources"),
    "sources_caption": (
        "“引用事实数”为各表以该来源为 source_id 的行数；“引用位置数”为以其为坐标来源的园区、单位与参考点数；"
        "“图层要素数”为行政区划与河流要素数。",
        "'Facts citing' counts rows of every table whose source_id is the source; 'locations citing' "
        "counts sites, organizations and landmarks whose coordinate comes from it; 'layer features' "
        "counts boundary and river features.",
    ),
    "col_id": ("编号", "ID"),
    "col_kind": ("类型", "Kind"),
    "col_title_zh": ("中文标题", "Title (zh)"),
    "col_title_en": ("英文标题", "Title (en)"),
    "col_issuer": ("发布单位", "Issuer"),
    "col_date": ("日期", "Date"),
    "col_doc_no": ("文号", "Doc. no."),
    "col_licence": ("许可", "Licence"),
    "col_note": ("说明", "Notes"),
    "col_url": ("网址", "URL"),
    "col_facts": ("引用事实数", "Facts citing"),
    "col_locations": ("引用位置数", "Locations citing"),
    "col_features": ("图层要素数", "Layer features"),
    "col_table": ("表", "Table"),
    "col_line": ("行", "Line"),
    "col_column": ("列", "Column"),
    "col_problem": ("问题", "Problem"),
    "col_name": ("名称", "Name"),
    "col_method": ("定位方式", "Location method"),
    "col_rows": ("条数", "Rows"),
    "col_median": ("误差中位数（公里）", "Median error (km)"),
    "col_max": ("最大误差（公里）", "Max error (km)"),
    "col_error": ("误差（公里）", "Error (km)"),
    "col_geom_source": ("坐标来源", "Coordinate source"),
    "col_geom_source_text": ("坐标依据", "Coordinate basis"),
    "col_city": ("城市", "City"),
    "col_location": ("位置", "Location"),
    "col_source": ("来源", "Source"),
    "col_quote": ("原文", "Quote"),
    "col_package": ("程序库", "Library"),
    "col_version": ("版本", "Version"),
    "col_files": ("文件数", "Files"),
    "col_bytes": ("字节", "Bytes"),
    "col_used_for": ("用途", "Used for"),
    "placed": ("{table}已定位", "{table} placed"),
    "unplaced_help": ("{n} 条位置未知", "{n} without a location"),
    "by_method": ("按定位方式", "By location method"),
    "error_chart": ("定位误差分布", "Location error distribution"),
    "estimated": (
        "已定位条目（位置为估计，附误差与坐标来源）",
        "Placed entries (estimated, with error and coordinate source)",
    ),
    "unlocated": ("位置未知的条目（未上图）", "Entries with unknown location (not on the maps)"),
    "unknown_location": ("位置未知", "location unknown"),
    "valid": ("数据有效：全部 {tables} 张表通过校验，无问题。", "Valid: all {tables} tables pass every check."),
    "invalid": ("发现 {n} 个问题：", "{n} problem(s) found:"),
    "quotes_checked": ("引文已与来源文件逐条核对（{dir}）。", "Quotes checked against the source documents ({dir})."),
    "quotes_unchecked": (
        "未找到来源文件，引文未核对（设置 LANBAI_SEEDS）。",
        "Source documents not found: quotes NOT checked (set LANBAI_SEEDS).",
    ),
    "rows_per_table": ("各表行数", "Rows per table"),
    "cli_summary": ("摘要（与 `python -m geo validate` 输出相同）", "Summary (as printed by `python -m geo validate`)"),
    "geodata_licences": ("边界、河流与坐标数据的许可", "Licences of boundaries, river and coordinates"),
    "basemap_licences": (
        "底图图层的许可（铁路、火车站、地名）",
        "Licences of the basemap layers (railways, stations, place names)",
    ),
    "basemap_rule": (
        "规则：只有许可允许在政府产品中再发布的图层才随附；许可未知的图层随附但默认关闭，并注明“许可未知”。",
        "Rule: a layer ships only where its licence allows redistribution in a government product; a layer "
        "whose licence is unknown ships switched off and says “licence unknown”.",
    ),
    "vendor_licences": ("随应用提供的地图程序库（离线使用）", "Map libraries shipped with the app (for offline use)"),
    "no_manifest": ("未找到 static/vendor/MANIFEST.json。", "static/vendor/MANIFEST.json not found."),
    "used_boundaries": ("行政区划边界", "administrative boundaries"),
    "used_river": ("黄河线", "Yellow River line"),
    "used_points": ("{n} 个点位坐标", "{n} point coordinates"),
    "downloads_intro": (
        "下载全部 {n} 张表（含来源与原文）。GeoJSON 仅含有坐标的空间图层；CSV 为 UTF-8（带 BOM，Excel 可直接打开）。",
        "Download all {n} tables (with sources and quotes). GeoJSON holds only the located spatial "
        "layers; CSV is UTF-8 with a BOM so Excel opens it directly.",
    ),
    "dl_gpkg": ("GeoPackage（全部图层）", "GeoPackage (all layers)"),
    "dl_xlsx": ("Excel（全部工作表）", "Excel (all sheets)"),
    "dl_csv": ("CSV 压缩包", "CSV zip"),
    "dl_geojson": ("GeoJSON 压缩包", "GeoJSON zip"),
    "import_intro": (
        "上传某一张表的 CSV，按数据结构校验并与现有数据交叉核对引用。本页只做检查，不会修改 data/ 中的任何文件。",
        "Upload the CSV of one table: it is checked against the schema and cross-checked against the "
        "shipped data. This page only checks; nothing in data/ is changed.",
    ),
    "import_in_database": (
        "共享数据库模式下，请用 python -m geo change propose 导入：它会检查文件并把改动交给审核。",
        "In the shared-database mode, import with python -m geo change propose: it checks the file and "
        "queues the change for review.",
    ),
    "import_apply": (
        "应用修改：维护员登录后在“数据维护”页上传 `{file}` 并提交审核（或 `python -m geo change propose`）。",
        "To apply a change: log in as a maintainer and propose `{file}` on the Maintenance page "
        "(or `python -m geo change propose`); a reviewer publishes it.",
    ),
    "import_table": ("表", "Table"),
    "import_file": ("CSV 文件", "CSV file"),
    "import_ok": (
        "{file}：{rows} 行，符合数据结构，引用均可解析。",
        "{file}: {rows} rows, valid against the schema; every reference resolves.",
    ),
    "import_bad": (
        "{file}：发现 {n} 个问题（行号为文件行号，表头为第 1 行）：",
        "{file}: {n} problem(s) (line numbers are file lines; the header is line 1):",
    ),
    "import_limits": ("只接受 CSV 文件（.csv），每个不超过 {mb} MB。", "CSV files (.csv) only, at most {mb} MB each."),
    "import_wrong_type": (
        "未检查“{file}”：只接受 CSV 文件（.csv），每个不超过 {mb} MB。",
        "“{file}” was not checked: only CSV files (.csv) are accepted, at most {mb} MB each.",
    ),
    "import_too_big": (
        "未检查“{file}”：文件大小 {size:.1f} MB，超过上限 {mb} MB。",
        "“{file}” was not checked: it is {size:.1f} MB, over the limit of {mb} MB.",
    ),
    "import_changes": (
        "与现有数据相比：新增 {added} 行，删除 {removed} 行，修改 {changed} 行。",
        "Compared with the shipped data: {added} added, {removed} removed, {changed} changed.",
    ),
}

TABLE_LABELS = {
    "sources": ("来源", "sources"),
    "sites": ("园区", "sites"),
    "memberships": ("组成关系", "memberships"),
    "industries": ("产业", "industries"),
    "site_industries": ("园区产业", "site industries"),
    "organizations": ("单位", "organizations"),
    "org_industries": ("单位产业", "organization industries"),
    "indicators": ("指标", "indicators"),
    "projects": ("项目", "projects"),
    "landmarks": ("参考点", "landmarks"),
    "areas": ("行政区划", "areas"),
    "rivers": ("河流", "rivers"),
    "railways": ("铁路（底图）", "railways (basemap)"),
    "stations": ("火车站（底图）", "stations (basemap)"),
    "towns": ("地名（底图）", "towns (basemap)"),
}
