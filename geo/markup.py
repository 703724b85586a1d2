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

# What markdown (CommonMark + GFM as Streamlit renders it, with LaTeX "$" and ":red[...]" directives)
# treats specially inside a line: these are always backslash-escaped. Other punctuation is special only
# at a line's start (lists, headings) or in autolinks (scheme ":", "www."), handled by the patterns below;
# ids, file names and messages are full of it, so it is left alone elsewhere.
_MD_SPECIAL = re.compile(r"([\\`*_\[\]()<>!$~|@])")
_MD_LINE_START = re.compile(r"^(\s*)([-+#=]|\d+[.)])")  # a list item, heading or rule if a value starts a line
_MD_AUTOLINK = re.compile(r"(?i)(?<![a-z])(https?|ftp|mailto|www)([:.])")  # GFM links a bare http://host or www.host
_LINE_BREAKS = re.compile(r"[\r\n\u2028\u2029]+")


def html_text(text) -> str:
    """``text`` as HTML text: ``& < > " '`` escaped, and ````` and ``$`` too.

    folium puts tooltips into JavaScript template literals, where `` ` `` and ``${`` would
    end the literal or interpolate; as entities they are inert everywhere.
    """
    return html.escape(str(text)).replace("`", "&#96;").replace("$", "&#36;")


def md_text(text) -> str:
    """``text`` as Streamlit markdown that shows exactly these characters.

    Markdown's specials are backslash-escaped (so ``[x](url)``, ``![x](url)``, ``**``, ``$…$``,
    ``<b>``, bare ``https://``/``www.``/e-mail autolinks and ``:red[…]`` stay literal) and line
    breaks become spaces (a value cannot start a block).
    """
    text = _MD_SPECIAL.sub(r"\\\1", _LINE_BREAKS.sub(" ", str(text)))
    text = _MD_LINE_START.sub(lambda m: f"{m.group(1)}{m.group(2)[:-1]}\\{m.group(2)[-1]}", text)
    return _MD_AUTOLINK.sub(r"\1\\\2", text)


def pdf_text(text) -> str:
    """``text`` for a reportlab ``Paragraph`` (``& < >`` escaped: its markup is XML-like)."""
    return _xml_escape(str(text))
