"""The thin Streamlit glue shared by the pages: URL state, sidebar, map showing, downloads, cached data, tables.

Builders (data in, a map, chart, table or text out) live in ``views/`` and never import Streamlit.
"""
