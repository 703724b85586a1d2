"""ui.tables.arrow: a cached frame is converted to Arrow once, to exactly what st.dataframe would send."""

import pandas as pd
import pyarrow as pa
import pytest
from streamlit import dataframe_util

from geo.load import load_catalogue
from ui.tables import arrow
from views import profile as profile_view


@pytest.fixture(scope="module")
def tables():
    _, tabs = profile_view.site_report(load_catalogue(), "by-hitech", "zh")
    return tabs


def test_a_frame_is_converted_once_to_the_bytes_streamlit_would_send(tables):
    for part, frame in tables.items():
        table = arrow(frame)
        assert isinstance(table, pa.Table) and arrow(frame) is table, part
        sent = dataframe_util.convert_arrow_table_to_arrow_bytes(table)
        assert sent == dataframe_util.convert_pandas_df_to_arrow_bytes(frame), part  # the same message


def test_a_frame_arrow_cannot_take_goes_to_streamlit_as_it_is():
    mixed = pd.DataFrame({"value": [1, "two", 3.0]})  # Streamlit fixes such columns itself
    assert arrow(mixed) is mixed
    with pytest.raises(TypeError):
        arrow([1, 2])  # type: ignore[arg-type]
