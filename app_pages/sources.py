"""Data & sources (数据与来源): the documents and geodata every fact cites, location quality,
the validation report, licences, downloads of the whole catalogue, and an import check
for maintainers (it only checks; changes are applied by editing data/)."""

import functools

import streamlit as st

from geo import checking
from geo.markup import md_text
from geo.quotes import default_seeds_dir
from geo.schema import TABLES
from geo.summary import summarise
from ui import state
from ui.data import catalogue
from ui.tables import table
from views import basemap_licences as basemap_licences_view
from views import sources as sources_view
from views.i18n import t, tr

lang = state.lang()
cat = catalogue()


def lab(key: str, **fmt) -> str:
    return tr(sources_view.LABELS, key, lang, **fmt)


@st.cache_data(show_spinner=False)
def built(builder: str, lang: str, **kwargs):
    """A views.sources table or chart of the shipped catalogue, built once per language."""
    return getattr(sources_view, builder)(catalogue(), lang, **kwargs)


@st.cache_data(show_spinner=False)
def validation(data_dir: str, seeds_dir: str | None) -> checking.ValidationReport:
    """The shipped data's validation report, computed once per data folder."""
    return checking.validate_folder(data_dir, seeds_dir)


st.title(t("page_sources", lang))
tabs = st.tabs(
    [lab(k) for k in ("tab_sources", "tab_quality", "tab_validation", "tab_licences", "tab_downloads", "tab_import")]
)

with tabs[0]:
    st.caption(lab("sources_caption"))
    st.subheader(lab("documents"))
    table(built("source_table", lang, documents=True), lang)
    st.subheader(lab("other_sources"))
    table(built("source_table", lang, documents=False), lang)

with tabs[1]:
    for col, (name, (placed, total)) in zip(
        st.columns(len(sources_view.POINT_TABLES)), sources_view.placed_counts(cat).items(), strict=False
    ):
        col.metric(
            lab("placed", table=tr(sources_view.TABLE_LABELS, name, lang).capitalize()),
            f"{placed} / {total}",
            help=lab("unplaced_help", n=total - placed),
        )
    st.subheader(lab("by_method"))
    table(built("method_table", lang), lang)
    st.plotly_chart(built("error_chart", lang), config={"displayModeBar": False})
    st.subheader(lab("estimated"))
    table(built("estimated_locations", lang), lang)
    st.subheader(lab("unlocated"))
    table(built("unlocated", lang), lang)

with tabs[2]:
    seeds = default_seeds_dir()
    report = validation(str(cat.data_dir), str(seeds) if seeds else None)
    if report.valid:
        st.success(lab("valid", tables=len(cat.table_names)))
        st.caption(lab("rows_per_table"))
        table(built("rows_per_table", lang), lang)
        with st.expander(lab("cli_summary")):
            st.code(summarise(cat).as_text(), language=None)
    else:
        st.error(lab("invalid", n=len(report.problems)))
        table(sources_view.problems_frame(report.problems, lang), lang)
    st.caption(lab("quotes_checked", dir=report.seeds_dir) if report.seeds_dir else lab("quotes_unchecked"))

with tabs[3]:
    st.subheader(lab("geodata_licences"))
    table(built("geodata_licences", lang), lang)
    st.subheader(lab("basemap_licences"))
    st.caption(lab("basemap_rule"))
    table(basemap_licences_view.basemap_licence_table(cat, lang), lang)
    st.subheader(lab("vendor_licences"))
    libraries = sources_view.vendored_libraries(lang)
    if libraries is None:
        st.warning(lab("no_manifest"))
    else:
        table(libraries, lang)

with tabs[4]:
    st.markdown(lab("downloads_intro", n=len(cat.table_names)))
    for col, (fmt, (file_name, mime)) in zip(
        st.columns(len(sources_view.DOWNLOADS)), sources_view.DOWNLOADS.items(), strict=False
    ):
        # Built only when clicked (a callable), so the page does not export on every rerun.
        col.download_button(
            lab(f"dl_{fmt}"),
            functools.partial(sources_view.catalogue_download, cat, fmt),
            file_name=file_name,
            mime=mime,
            on_click="ignore",
            key=f"download_{fmt}",
        )

with tabs[5]:
    st.markdown(lab("import_intro"))
    upload = st.file_uploader(lab("import_file"), max_upload_size=sources_view.UPLOADER_CEILING_MB)
    st.caption(lab("import_limits", mb=sources_view.MAX_UPLOAD_MB))
    refusal = sources_view.upload_refusal(upload.name, upload.size, lang) if upload is not None else None
    if refusal:
        st.error(refusal)
        upload = None
    guess = checking.guess_table(upload.name) if upload is not None else None
    chosen = st.selectbox(
        lab("import_table"),
        checking.CSV_TABLES,
        index=checking.CSV_TABLES.index(guess or "sites"),
        format_func=lambda n: sources_view.table_label(n, lang),
    )
    if upload is not None and cat.data_dir is None:  # the shared PostGIS store: no folder to compare with
        st.info(lab("import_in_database"))
    elif upload is not None and cat.data_dir is not None:
        check = checking.check_upload(upload.getvalue(), upload.name, chosen, cat.data_dir, default_seeds_dir())
        if check.valid:
            st.success(lab("import_ok", file=md_text(upload.name), rows=check.rows))
        else:
            st.error(lab("import_bad", file=md_text(upload.name), n=len(check.problems)))
            table(sources_view.problems_frame(check.problems, lang), lang)
        st.caption(lab("import_changes", added=check.added, removed=check.removed, changed=check.changed))
    st.info(lab("import_apply", file=TABLES[chosen].filename))
