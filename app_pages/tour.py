"""Presentation (演示): a guided map tour for meetings, read from data/tours/*.yaml.

← / → (or the buttons) move between steps; ?tour=<id>&step=<n> reopens a step. A broken tour
file shows its problems here and the other tours still work.
"""

from typing import cast

import streamlit as st

from geo import tours
from geo.markup import md_text
from ui import mapview, state
from ui.data import catalogue, visible_tours
from views import tour as tour_view
from views.i18n import t, tr

LABELS = {
    "tour": ("演示路线", "Tour"),
    "present": ("全屏演示", "Full-screen presentation"),
    "present_help": (
        "隐藏侧栏与页眉，地图放大；地图左上角按钮可让地图本身全屏。",
        "Hides the sidebar and header and enlarges the map; the map's top-left button makes the map itself full screen.",
    ),
    "prev": ("上一步", "Previous"),
    "next": ("下一步", "Next"),
    "step_of": ("第 {n} 步，共 {total} 步", "Step {n} of {total}"),
    "jump": ("跳到", "Go to step"),
    "keys": ("键盘 ← → 切换步骤", "Keyboard ← → move between steps"),
    "broken": ("演示文件 {file} 有错误，未载入：", "Tour file {file} has errors and was not loaded:"),
    "no_tours": ("没有可用的演示路线（data/tours/*.yaml）。", "No usable tour (data/tours/*.yaml)."),
    "unknown_tour": (
        "链接中的演示路线不存在：{id}，已打开第一条。",
        "The link names an unknown tour: {id}; opened the first one.",
    ),
    "bad_step": (
        "链接中的步骤 {step} 超出范围（共 {total} 步），已调整。",
        "Step {step} in the link is out of range ({total} steps); adjusted.",
    ),
    "unlocated": ("位置未知，未上图：", "Location unknown, not on the map: "),
    "accuracy": ("位置精度", "Location accuracy"),
}


def move(delta: int, total: int) -> None:
    st.session_state["step"] = min(max(int(st.session_state.get("step", 1)) + delta, 1), total)


def restart() -> None:
    st.session_state["step"] = 1


lang = state.lang()
cat = catalogue()
present = bool(st.session_state.get("tour_present"))  # the toggle below; read first to drop the title
if not present:
    st.title(t("page_tour", lang))
tour_set = visible_tours()
for file, problems in tour_set.problems_by_file().items():
    st.error(tr(LABELS, "broken", lang, file=md_text(file)) + "\n" + "\n".join(f"- {md_text(p)}" for p in problems))
if not tour_set.tours:
    st.warning(tr(LABELS, "no_tours", lang))
    st.stop()

if state.get("tour") not in tour_set.ids:
    if state.get("tour"):
        st.warning(tr(LABELS, "unknown_tour", lang, id=md_text(state.get("tour"))))
    st.session_state["tour"] = tour_set.ids[0]
tour = cast(tours.Tour, tour_set.get(state.get("tour")))  # its id was checked against tour_set.ids above
total = len(tour.steps)
if not 1 <= int(state.get("step")) <= total:
    st.warning(tr(LABELS, "bad_step", lang, step=state.get("step"), total=total))
    st.session_state["step"] = min(max(int(state.get("step")), 1), total)
step = tour.step(state.get("step"))

top_left, top_right = st.columns([3, 1])
top_left.selectbox(
    tr(LABELS, "tour", lang),
    tour_set.ids,
    key="tour",
    on_change=restart,
    format_func=lambda i: cast(tours.Tour, tour_set.get(i)).title.get(lang),  # i is one of tour_set.ids
)
present = top_right.toggle(tr(LABELS, "present", lang), key="tour_present", help=tr(LABELS, "present_help", lang))
if present:
    st.html(tour_view.PRESENT_CSS)

st.header(md_text(tour.title.get(lang)))
if tour.description.get(lang) and not present:
    st.caption(md_text(tour.description.get(lang)))

prev_col, indicator_col, next_col = st.columns([1, 4, 1], vertical_alignment="center")
prev_col.button(
    tr(LABELS, "prev", lang),
    key="tour_prev",
    shortcut="Left",
    on_click=move,
    args=(-1, total),
    disabled=step.number <= 1,
    width="stretch",
)
next_col.button(
    tr(LABELS, "next", lang),
    key="tour_next",
    shortcut="Right",
    on_click=move,
    args=(1, total),
    disabled=step.number >= total,
    width="stretch",
)
with indicator_col:
    st.markdown(
        f"**{tr(LABELS, 'step_of', lang, n=step.number, total=total)}**"
        + (f" · {md_text(step.title.get(lang))}" if step.title.get(lang) else "")
    )
    st.progress(step.number / total)

map_col, text_col = st.columns([3, 1]) if present else (st.container(), st.container())
with map_col:
    built = mapview.cached_map(
        tour_view.tour_map,
        step.center,
        step.zoom,
        sites=step.sites,
        areas=step.areas,
        organizations=step.organizations,
        layers=step.layers,
    )
    mapview.show(built, key=f"tour-{tour.id}", height=680 if present else 520, on_click=state.open_site)
with text_col:
    st.markdown(f"### {md_text(step.caption.get(lang))}")
    st.caption(md_text(tour_view.sources_text(cat, step, lang)))
    missing = tour_view.unlocated(cat, step, lang)
    if missing:
        st.caption(tr(LABELS, "unlocated", lang) + md_text(("、" if lang == "zh" else ", ").join(missing)))
    with st.expander(tr(LABELS, "accuracy", lang)):
        st.markdown("\n".join(f"- {md_text(line)}" for line in tour_view.approximate(cat, step, lang)) or "—")
    st.caption(tr(LABELS, "keys", lang))

if not present:
    st.select_slider(
        tr(LABELS, "jump", lang),
        options=list(range(1, total + 1)),
        key="step",
        format_func=lambda n: md_text(f"{n} · {tour.steps[n - 1].title.get(lang)}".rstrip(" ·")),
    )
