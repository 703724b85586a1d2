"""Labels of the schema's coded values: kept importable; the one vocabulary is :mod:`geo.i18n`."""

from __future__ import annotations

from .i18n import (  # noqa: F401 (re-exported)
    CITY_EN,
    KIND_LABELS,
    METHOD_LABELS,
    QUALITY_LABELS,
    ROLE_CLASS_LABELS,
    ROLE_EN,
)
