"""The report's static map draws a site's outline (issue 10): in its colour, where the outline is."""

import io

import numpy as np
from PIL import Image

from geo.reports.outline_drawing import OUTLINE_COLOUR
from geo.reports.profile import site_profile
from geo.reports.sheet import profile_points
from geo.reports.staticmap import points_from, render_map
from tests.test_geo_outline_queries import catalogue

RGB = tuple(int(OUTLINE_COLOUR[i : i + 2], 16) for i in (1, 3, 5))


def outline_pixels(png: bytes) -> int:
    image = np.asarray(Image.open(io.BytesIO(png)).convert("RGB")).astype(int)
    return int((np.abs(image - np.array(RGB)).sum(axis=2) < 30).sum())


def test_the_profile_map_draws_the_outline_only_when_the_site_has_one(tmp_path):
    with_outline, _ = catalogue(tmp_path / "a")
    plain, _ = catalogue(tmp_path / "b", outline=False)
    points = profile_points(with_outline, site_profile(with_outline, "zone-b"), "en")
    assert [p.site_id for p in points if p.role == "focus"] == ["zone-b"]
    drawn = render_map(with_outline, points, "en", size=(4, 3), dpi=80)
    assert outline_pixels(drawn) > 100
    assert (
        outline_pixels(
            render_map(
                plain, points_from(plain.sites[plain.sites["id"] == "zone-b"], "focus", "en"), "en", size=(4, 3), dpi=80
            )
        )
        == 0
    )
