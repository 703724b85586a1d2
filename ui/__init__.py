"""The thin Streamlit glue shared by the pages.

- ``ui.state``: view state in session keys, mirrored to the URL (``init``, ``push_to_url``, ``get``,
  ``lang``, ``open_site`` — the click handler pages pass to ``mapview.show``).
- ``ui.sidebar``: the shared sidebar and footer, drawn once by the router.
- ``ui.mapview``: ``cached_map(builder, ...)``, ``show(built, key, on_click=...)`` (never navigates),
  ``download(built, key)`` (the offline HTML), ``options()``, ``tianditu_key()``.
- ``ui.downloads``: download widgets (tables, profiles, chain briefs, every profile, a map).
- ``ui.data``: the catalogue of the session's role, read once per store version (``catalogue``,
  ``catalogue_or_stop``, ``visible_tours``, ``problems``), ``derived`` (per version and role), ``clear_caches``.
- ``ui.session`` / ``ui.login``: who is looking (``role``, ``may``, ``visible``) and the sidebar login.
- ``ui.tables``: ``table(df, lang, title="", note="", count=False, **dataframe_kwargs)``, the one table helper.

Builders (data in, a map, chart, table or text out) live in ``views/`` and never import Streamlit.
Import names in pages: geo modules by their own name (``from geo import queries, targets``); a
``views`` builder module as ``<name>_view`` (``from views import targets as targets_view``); ui modules
by their own name (``from ui import mapview, state``).
"""
