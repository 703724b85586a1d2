"""Links back to the live atlas, and their QR codes."""

from __future__ import annotations

import io
from urllib.parse import urlencode

from ..settings import settings


def _base(base_url: str | None) -> str:
    return (base_url if base_url is not None else settings().public_base_url).rstrip("/")


def profile_url(site_id: str, lang: str, base_url: str | None = None) -> str:
    """``<LANBAI_BASE_URL>/profile?site=<id>&lang=<lang>``: the live profile of one site."""
    return f"{_base(base_url)}/profile?{urlencode({'site': site_id, 'lang': lang})}"


def chain_url(chain_id: str, lang: str, base_url: str | None = None) -> str:
    """``<LANBAI_BASE_URL>/chains?chain=<id>&lang=<lang>``: the live chain page."""
    return f"{_base(base_url)}/chains?{urlencode({'chain': chain_id, 'lang': lang})}"


def qr_matrix(url: str) -> list[list[bool]]:
    """The QR code's modules (True = dark), quiet zone included."""
    import qrcode

    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, box_size=10, border=4)
    code.add_data(url)
    code.make(fit=True)
    return code.get_matrix()


def qr_png(url: str, box_size: int = 10) -> bytes:
    """The QR code of ``url`` as a black-on-white PNG, ``box_size`` pixels per module."""
    import qrcode

    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, box_size=box_size, border=4)
    code.add_data(url)
    code.make(fit=True)
    out = io.BytesIO()
    code.make_image(fill_color="black", back_color="white").save(out, format="PNG")
    return out.getvalue()
