"""The one escaping rule: text from the data, a URL or an upload is never markup.

Every place text reaches a markup language goes through one of these three functions:

- :func:`html_text` for HTML: map tooltips, popups, legends, labels, Leaflet layer names (the
  layer control inserts them as HTML) and so the offline HTML download;
- :func:`md_text` for Streamlit markdown (``st.markdown``, ``st.caption``, ``st.warning`` …):
  a link or an image in a value must show as its characters, not as a link or a fetch;
- :func:`pdf_text` for reportlab ``Paragraph`` markup (an HTML-like mini language).

Plain-text outputs (CSV, xlsx, pptx text frames, ``st.dataframe`` cells) need none of them.
"""
from __future__ import annotations

import html
import re
from xml.sax.saxutils import escape as _xml_escape

# Every ASCII punctuation character CommonMark lets a backslash escape, minus none: escaping one
# that is not special renders it unchanged, so escaping all of them is safe and needs no list of
# which ones Streamlit's markdown (GFM, LaTeX "$", ":red[...]" directives, autolinks) treats specially.
_MD_SPECIAL = re.compile(r"""([!"#$%&'()*+,\-./:;<=>?@\[\\\]^_`{|}~])""")
_LINE_BREAKS = re.compile(r"[\r\n\u2028\u2029]+")


def html_text(text) -> str:
    """``text`` as HTML text: ``& < > " '`` escaped, and ````` and ``$`` too.

    folium puts tooltips into JavaScript template literals, where `` ` `` and ``${`` would
    end the literal or interpolate; as entities they are inert everywhere.
    """
    return html.escape(str(text)).replace("`", "&#96;").replace("$", "&#36;")


def md_text(text) -> str:
    """``text`` as Streamlit markdown that shows exactly these characters.

    Every ASCII punctuation character is backslash-escaped (so ``[x](url)``, ``![x](url)``,
    ``**``, ``$…$``, ``<b>``, bare ``https://`` autolinks and ``:red[…]`` stay literal) and line
    breaks become spaces (a value cannot start a heading, list or code block).
    """
    return _MD_SPECIAL.sub(r"\\\1", _LINE_BREAKS.sub(" ", str(text)))


def pdf_text(text) -> str:
    """``text`` for a reportlab ``Paragraph`` (``& < >`` escaped: its markup is XML-like)."""
    return _xml_escape(str(text))
