"""Thin Streamlit glue shared by the pages (state, pickers, map showing, downloads)."""
