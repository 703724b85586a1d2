"""The maintenance page's labels (key -> (zh, en)), read with :func:`views.i18n.tr`."""

from __future__ import annotations

LABELS: dict[str, tuple[str, str]] = {
    "intro": (
        "上传 → 检查 → 提交（附理由）→ 审核发布；每个已发布的修改都留有记录，可撤销，可导出任一时点的数据。",
        "Upload → check → propose with a reason → review and publish; every published change is kept, "
        "can be undone, and the data can be exported as they were after any change.",
    ),
    "tab_upload": ("上传与检查", "Upload & check"),
    "tab_edit": ("小修改", "Small fix"),
    "tab_review": ("审核队列", "Review queue"),
    "tab_history": ("历史与撤销", "History & undo"),
    "off": (
        "本部署为只读：数据维护已关闭（LANBAI_MAINTENANCE=off）。",
        "This deployment is read-only: maintenance is switched off (LANBAI_MAINTENANCE=off).",
    ),
    "who_may": (
        "数据维护需要登录：**维护员**可上传并提交修改，**审核员**可审核、发布或驳回修改。"
        "请在侧边栏展开“登录”，输入账号和密码。当前身份：{role}。",
        "Maintenance needs a login: a **maintainer** uploads and proposes changes, a **reviewer** approves, "
        "publishes or rejects them. Open “Log in” in the sidebar and enter your account and password. "
        "You are: {role}.",
    ),
    "refused_role": (
        "此操作需要{needed}或更高权限；当前身份：{role}。",
        "This needs the role {needed} or higher; you are {role}.",
    ),
    "refused_off": (
        "数据维护已关闭（LANBAI_MAINTENANCE=off），未写入任何内容。",
        "Maintenance is switched off (LANBAI_MAINTENANCE=off); nothing was written.",
    ),
    "refused": ("未通过：{n} 个问题，未写入任何内容。", "Refused: {n} problem(s); nothing was written."),
    "conflict": (
        "冲突：这些行在提交后已被修改，未写入任何内容。",
        "Conflict: these rows changed since the proposal; nothing was written.",
    ),
    "failed": ("未完成，未写入任何内容：{message}", "Not done, nothing was written: {message}"),
    "table": ("数据表", "Table"),
    "file": (
        "文件（CSV、Excel、GeoJSON、压缩的 Shapefile 或 GeoPackage）",
        "File (CSV, Excel, GeoJSON, zipped Shapefile or GeoPackage)",
    ),
    "crs": (
        "坐标参考系（文件未声明时填写，如 EPSG:4526）",
        "Coordinate reference system (when the file has none, e.g. EPSG:4526)",
    ),
    "datum": ("坐标基准", "Coordinate datum"),
    "datum_wgs84": ("WGS-84 / CGCS2000", "WGS-84 / CGCS2000"),
    "datum_gcj02": ("GCJ-02（高德、腾讯）", "GCJ-02 (Gaode, Tencent)"),
    "datum_bd09": ("BD-09（百度）", "BD-09 (Baidu)"),
    "key": ("按何匹配行", "Match rows by"),
    "key_id": ("编号", "id"),
    "key_name": ("名称（经名称解析）", "name (through the resolver)"),
    "repair": ("自动修复自相交的轮廓（make_valid）", "Repair self-intersecting outlines (make_valid)"),
    "upload_first": ("选择一个文件开始。", "Choose a file to begin."),
    "checking": ("正在检查 {file} …", "Checking {file} …"),
    "stage_read": ("读取文件", "Reading the file"),
    "stage_rows": ("匹配行", "Matching rows"),
    "stage_validate": ("校验整个数据集", "Validating the whole catalogue"),
    "checked": ("检查完成", "Checked"),
    "problems": (
        "发现 {n} 个问题（文件、行、列），不能提交：",
        "{n} problem(s) found (file, row, column); it cannot be proposed:",
    ),
    "ok": ("检查通过：{summary}", "The check passed: {summary}"),
    "nothing": ("没有变化：每一行都与现有数据相同。", "Nothing changes: every row is as stored."),
    "warnings": ("提醒", "Warnings"),
    "matches": ("名称匹配（请确认）", "Name matches (please confirm)"),
    "matches_ok": ("我已核对以上名称匹配", "I have checked the name matches above"),
    "notes": ("说明", "Notes"),
    "rows": ("变更的行", "Rows changed"),
    "cells": ("逐单元格对比", "Cell by cell"),
    "geometry": ("几何：修改前后", "Geometry before and after"),
    "reason": ("理由（必填）", "Reason (required)"),
    "propose": ("提交审核", "Propose for review"),
    "proposed": ("已提交修改 #{id}，等待审核。", "Change #{id} proposed; it awaits review."),
    "need_reason": ("请填写理由。", "Please give a reason."),
    "need_matches": ("请先确认名称匹配。", "Please confirm the name matches first."),
    "edit_intro": (
        "在表格中直接修改单元格、添加或删除行；修改同样经过检查和审核，不直接写入文件。",
        "Edit cells, add or delete rows in the table; the fix goes through the same check and review, "
        "never straight into the files.",
    ),
    "edit_none": ("尚未修改。", "Nothing edited yet."),
    "queue_empty": ("没有待审核的修改。", "No change awaits review."),
    "queue_pick": ("待审核的修改", "Change to review"),
    "approve": ("批准并发布", "Approve and publish"),
    "reject": ("驳回", "Reject"),
    "reject_reason": ("驳回理由", "Reason for rejecting"),
    "approved": ("修改 #{id} 已发布。", "Change #{id} is published."),
    "rejected": ("修改 #{id} 已驳回。", "Change #{id} is rejected."),
    "reviewers_only": ("只有审核员可以批准或驳回。", "Only a reviewer may approve or reject."),
    "self_approval": (
        "本部署不允许批准自己提交的修改（LANBAI_ALLOW_SELF_APPROVAL=0）：请另一位审核员批准。",
        "Here nobody may approve their own proposal (LANBAI_ALLOW_SELF_APPROVAL=0): another reviewer must.",
    ),
    "review_refused": ("未完成：{message}", "Not done: {message}"),
    "all_changes": ("全部修改", "All changes"),
    "history_empty": ("尚无已发布的修改。", "No change has been published yet."),
    "history_pick": ("已发布的修改", "Published change"),
    "revert_reason": ("撤销理由", "Reason for undoing"),
    "revert": ("撤销（提交反向修改）", "Undo (propose the inverse)"),
    "reverted": (
        "已提交修改 #{id}：撤销修改 #{of}，等待审核。",
        "Change #{id} proposed: it undoes change #{of}; it awaits review.",
    ),
    "as_of": ("导出某次修改之后的数据", "Export the data as they were after a change"),
    "as_of_format": ("格式", "Format"),
    "as_of_download": ("下载修改 #{id} 之后的数据（{fmt}）", "Download the data after change #{id} ({fmt})"),
}
