"""Meeting-ready exports: the profile sheet and chain brief as PDF and PowerPoint, the static map,
the CJK font (found, covering every character drawn, a clear error when missing), the QR link,
and the `python -m geo profile` / `chain-brief` commands."""

import io
import re

import pytest
from PIL import Image
from pptx import Presentation
from pypdf import PdfReader

from geo.cli import main
from geo.load import load_catalogue
from geo.reports import export, fonts
from geo.reports.profile import chain_brief, site_profile
from geo.reports.qr import chain_url, profile_url, qr_matrix, qr_png
from geo.reports.sheet import chain_brief_sheet, profile_sheet
from geo.reports.staticmap import MapPoint, render_map
from geo.settings import reload as settings_reload

CAT = load_catalogue()
FONT = fonts.find_cjk_font()


def squash(text: str) -> str:
    """Text without white space: table cells wrap lines anywhere."""
    return re.sub(r"\s+", "", text)


def pdf_text(data: bytes) -> str:
    return squash("".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages))


def pptx_text(data: bytes) -> str:
    parts = []
    for slide in Presentation(io.BytesIO(data)).slides:
        for shape in slide.shapes:
            if shape.has_text_frame:
                parts.append(shape.text_frame.text)
            if shape.has_table:
                parts += [cell.text for row in shape.table.rows for cell in row.cells]
    return squash("".join(parts))


@pytest.fixture(scope="module")
def hitech_zh():
    sheet = profile_sheet(CAT, site_profile(CAT, "by-hitech"), "zh", font=FONT)
    return sheet, export.render_sheet(sheet, "pdf", FONT), export.render_sheet(sheet, "pptx", FONT)


# ---------------------------------------------------------------------- fonts


def test_the_chosen_font_covers_every_character_drawn(hitech_zh):
    sheet, _, _ = hitech_zh
    assert FONT.missing(sheet.texts()) == {}
    # traditional characters (lz-hitech-2021 quotes) and the English sheet too
    for site, lang in (("lz-hitech", "zh"), ("lz-hitech", "en"), ("by-agri-park", "en")):
        other = profile_sheet(CAT, site_profile(CAT, site), lang, with_map=False)
        assert FONT.missing(other.texts()) == {}, site


def test_missing_font_is_a_clear_error_naming_the_debian_package(monkeypatch):
    monkeypatch.setattr(fonts, "KNOWN_FONTS", ())
    monkeypatch.setattr(fonts, "_font_manager_entries", lambda: [])
    with pytest.raises(fonts.FontNotFoundError, match="fonts-noto-cjk"):
        fonts.find_cjk_font()
    with pytest.raises(fonts.FontNotFoundError):
        export.profile_bytes(CAT, "by-hitech", "zh", "pdf")


def test_a_font_without_chinese_is_not_taken(monkeypatch, tmp_path):
    latin = next((path for path, _ in fonts._font_manager_entries() if "DejaVuSans.ttf" in path), None)
    if latin is None:
        pytest.skip("matplotlib's DejaVu Sans not found")
    monkeypatch.setattr(fonts, "KNOWN_FONTS", (fonts.Candidate(latin, 0, "fonts-dejavu-core"),))
    monkeypatch.setattr(fonts, "_font_manager_entries", lambda: [(latin, 0)])
    with pytest.raises(fonts.FontNotFoundError):
        fonts.find_cjk_font()


def test_a_character_the_font_lacks_is_reported_not_drawn_as_a_box():
    private = "\ue000"  # a private-use code point no font maps
    with pytest.raises(fonts.MissingGlyphsError, match="U\\+E000"):
        FONT.check(["兰州", f"园区{private}"], "a test")
    with pytest.raises(fonts.MissingGlyphsError, match="the map"):
        render_map(CAT, [MapPoint(104.2, 36.5, f"坏{private}名", "focus", 5)], "zh", font=FONT)


def test_the_pdf_font_is_a_truetype_subset_with_the_characters():
    from fontTools.ttLib import TTFont

    subset = TTFont(io.BytesIO(fonts.truetype_subset(FONT.path, FONT.index, "白银高新区")))
    assert "glyf" in subset and "CFF " not in subset
    assert {ord(c) for c in "白银高新区A"} <= set(subset.getBestCmap())


def test_fallback_font_wenquanyi_works_when_installed(monkeypatch):
    wqy = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"
    if not fonts._usable(wqy, 0):
        pytest.skip("fonts-wqy-microhei is not installed")
    monkeypatch.setattr(fonts, "KNOWN_FONTS", (fonts.Candidate(wqy, 0, "fonts-wqy-microhei"),))
    font = fonts.find_cjk_font()
    assert not font.cff and font.family.startswith("WenQuanYi")
    sheet = profile_sheet(CAT, site_profile(CAT, "by-yindong"), "zh", font=font, with_map=False)
    assert "银东工业园" in pdf_text(export.render_sheet(sheet, "pdf", font))


def test_documents_made_one_after_another_keep_their_own_glyphs():
    """Each document embeds its own subset; a second one must not reuse the first one's glyphs."""
    first = export.profile_bytes(CAT, "by-jingtai", "zh", "pdf", font=FONT)
    second = export.chain_brief_bytes(CAT, "chain-biomedicine", "zh", "pdf", font=FONT)
    for data in (first, second):
        assert "\x00" not in "".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    assert "景泰工业集中区" in pdf_text(first) and "生物医药" in pdf_text(second)


# --------------------------------------------------------------------- the map


def test_static_map_is_a_png_with_the_site_drawn():
    png = render_map(
        CAT,
        [
            MapPoint(104.26, 36.54, "银东工业园", "focus", 6),
            MapPoint(104.21, 36.53, "白银高新技术产业开发区", "parent", 5),
        ],
        "zh",
        font=FONT,
        dpi=80,
    )
    image = Image.open(io.BytesIO(png)).convert("RGB")
    assert image.size == (640, 480)
    reds = sum(1 for r, g, b in image.get_flattened_data() if r > 180 and g < 80 and b < 80)
    assert reds > 50  # the red star of the site


# ----------------------------------------------------------------- PDF and PPTX


def test_profile_pdf_holds_the_name_sources_and_quotes(hitech_zh):
    sheet, pdf, _ = hitech_zh
    assert pdf.startswith(b"%PDF")
    text = pdf_text(pdf)
    assert "白银高新技术产业开发区" in text
    for _, fact in sheet.facts.iterrows():
        assert squash(fact["来源"]) in text
        assert squash(fact["原文"]) in text, fact["原文"]
    assert squash(profile_url("by-hitech", "zh")) in text
    assert "±3公里" in text  # the location's accuracy, stated


def test_profile_pptx_holds_the_name_sources_and_quotes(hitech_zh):
    sheet, _, pptx = hitech_zh
    text = pptx_text(pptx)
    assert "白银高新技术产业开发区" in text
    for _, fact in sheet.facts.iterrows():
        assert squash(fact["来源"]) in text and squash(fact["原文"]) in text
    slides = Presentation(io.BytesIO(pptx)).slides
    pictures = [shape for slide in slides for shape in slide.shapes if shape.shape_type == 13]
    assert len(pictures) == 2  # the QR code and the map
    ea = (
        slides[0]
        .shapes[1]
        .text_frame.paragraphs[0]
        .runs[0]
        ._r.rPr.find("{http://schemas.openxmlformats.org/drawingml/2006/main}ea")
    )
    assert ea is not None and ea.get("typeface")


def test_english_profile_has_english_labels_and_the_chinese_name_too():
    data = export.profile_bytes(CAT, "by-yindong", "en", "pdf", font=FONT)
    text = pdf_text(data)
    assert squash("Yindong Industrial Park") in text and "银东工业园" in text
    assert squash("Sources and quotes") in text and squash("Location accuracy") in text
    assert squash("error about ±6 km") in text


def test_site_without_location_still_exports_and_says_so():
    sheet = profile_sheet(CAT, site_profile(CAT, "lb-yunchuang-park"), "zh", font=FONT)
    assert sheet.map_png is None and "位置未知" in sheet.map_caption
    assert "云创智谷创新创业园" in pdf_text(export.render_sheet(sheet, "pdf", FONT))


def test_chain_brief_covers_both_cities_in_pdf_and_pptx():
    brief = chain_brief(CAT, "chain-new-materials")
    assert set(brief.sites["city"]) >= {"兰州", "白银"}
    sheet = chain_brief_sheet(CAT, brief, "zh", font=FONT)
    pdf, pptx = export.render_sheet(sheet, "pdf", FONT), export.render_sheet(sheet, "pptx", FONT)
    for text in (pdf_text(pdf), pptx_text(pptx)):
        assert "新材料" in text
        for _, site in brief.sites.iterrows():
            assert site["name_zh"] in text
        for _, unit in brief.units.iterrows():
            assert squash(unit["name_zh"]) in text
        assert squash(chain_url("chain-new-materials", "zh")) in text


# ---------------------------------------------------------------------- QR link


def test_qr_payload_is_the_live_profile_url(monkeypatch):
    monkeypatch.setenv("LANBAI_BASE_URL", "https://atlas.example.gov.cn/lanbai/")
    settings_reload()
    url = profile_url("by-hitech", "en")
    assert url == "https://atlas.example.gov.cn/lanbai/profile?site=by-hitech&lang=en"
    assert (
        chain_url("chain-biomedicine", "zh")
        == "https://atlas.example.gov.cn/lanbai/chains?chain=chain-biomedicine&lang=zh"
    )
    sheet = profile_sheet(CAT, site_profile(CAT, "by-hitech"), "en", with_map=False)
    assert sheet.url == url


def test_qr_image_encodes_the_url_module_by_module():
    url = profile_url("by-hitech", "zh", base_url="http://intranet:8501")
    image = Image.open(io.BytesIO(qr_png(url, box_size=4))).convert("L")
    matrix = qr_matrix(url)
    assert image.size == (len(matrix) * 4, len(matrix) * 4)
    sampled = [[image.getpixel((x * 4 + 2, y * 4 + 2)) < 128 for x in range(len(matrix))] for y in range(len(matrix))]
    assert sampled == matrix


# ---------------------------------------------------------------- the commands


def run_cli(capsys, *args):
    try:
        code = main(list(args))
    except SystemExit as exc:  # argparse errors
        code = exc.code
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_profile_writes_a_pdf_atomically(capsys, tmp_path):
    out = tmp_path / "yindong.pdf"
    code, stdout, _ = run_cli(
        capsys, "profile", "--site", "银东工业园", "--lang", "en", "--format", "pdf", "--out", str(out)
    )
    assert code == 0 and "wrote" in stdout
    assert out.read_bytes().startswith(b"%PDF")
    assert [p.name for p in tmp_path.iterdir()] == ["yindong.pdf"]  # no temporary file left


def test_cli_chain_brief_writes_a_pptx(capsys, tmp_path, dataset_dir):
    out = tmp_path / "brief.pptx"
    code, _, _ = run_cli(
        capsys,
        "--data-dir",
        str(dataset_dir),
        "chain-brief",
        "--industry",
        "新材料",
        "--format",
        "pptx",
        "--out",
        str(out),
    )
    assert code == 0
    assert "甲一园" in pptx_text(out.read_bytes())


def test_cli_all_writes_one_file_per_site_with_progress(capsys, tmp_path, dataset_dir, cat):
    out = tmp_path / "profiles"
    code, stdout, err = run_cli(
        capsys, "--data-dir", str(dataset_dir), "profile", "--all", "--format", "pdf", "--out", str(out)
    )
    assert code == 0
    assert sorted(p.name for p in out.iterdir()) == sorted(f"profile-{s}-zh.pdf" for s in cat.sites["id"])
    assert f"[{len(cat.sites)}/{len(cat.sites)}]" in err


@pytest.mark.parametrize(
    "args,message",
    [
        (["profile", "--site", "nowhere", "--format", "pdf", "--out", "x.pdf"], "unknown site 'nowhere'"),
        (["profile", "--format", "pdf", "--out", "x.pdf"], "one of the arguments --site --all is required"),
        (["profile", "--site", "甲一园", "--all", "--format", "pdf", "--out", "x"], "not allowed with"),
        (["profile", "--site", "甲一园", "--format", "doc", "--out", "x.doc"], "invalid choice"),
        (["profile", "--site", "甲一园", "--lang", "fr", "--format", "pdf", "--out", "x.pdf"], "invalid choice"),
        (["chain-brief", "--industry", "不存在的产业", "--format", "pdf", "--out", "x.pdf"], "unknown industry"),
        (["chain-brief", "--format", "pdf", "--out", "x.pdf"], "--industry"),
    ],
)
def test_cli_bad_arguments_print_one_line_and_exit_2(capsys, tmp_path, dataset_dir, monkeypatch, args, message):
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    code, _, err = run_cli(capsys, "--data-dir", str(dataset_dir), *args)
    assert code == 2
    assert len(err.strip().splitlines()) == 1 and message in err
    assert list(work.iterdir()) == []  # nothing written, not even half a file


def test_cli_profile_refuses_a_folder_as_the_file(capsys, tmp_path, dataset_dir):
    (tmp_path / "out").mkdir()
    code, _, err = run_cli(
        capsys,
        "--data-dir",
        str(dataset_dir),
        "profile",
        "--site",
        "甲一园",
        "--format",
        "pdf",
        "--out",
        str(tmp_path / "out"),
    )
    assert code == 2 and "is a folder" in err


# ------------------------------------------------------------ long exports


def test_all_profiles_zip_reports_progress(cat):
    import zipfile

    seen = []
    data = export.all_profiles_zip(
        cat, "en", "pdf", progress=lambda done, total, what: seen.append((done, total, what))
    )
    names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    assert sorted(names) == sorted(f"profile-{s}-en.pdf" for s in cat.sites["id"])
    n = len(cat.sites)
    assert [s[0] for s in seen] == list(range(n + 1)) and all(total == n for _, total, _ in seen)
    assert [what for _, _, what in seen[:-1]] == list(cat.sites["id"])


def test_a_failed_export_leaves_no_half_files(cat, tmp_path, monkeypatch):
    real = export.profile_bytes

    def second_fails(c, site_id, *args, **kwargs):
        if site_id == cat.sites["id"].iloc[1]:
            raise fonts.MissingGlyphsError(FONT, {"\ue000": "x"}, "a test")
        return real(c, site_id, *args, **kwargs)

    monkeypatch.setattr(export, "profile_bytes", second_fails)
    with pytest.raises(export.ExportError, match=cat.sites["id"].iloc[1]):
        export.write_all_profiles(cat, tmp_path / "out", "zh", "pdf")
    assert [p.name for p in (tmp_path / "out").iterdir()] == [f"profile-{cat.sites['id'].iloc[0]}-zh.pdf"]
