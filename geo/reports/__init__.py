"""Meeting-ready exports of the atlas.

Meeting-ready exports: the site profile sheet (一园一册) and the industry-chain brief as PDF and
PowerPoint, a static map image drawn without online tiles, and a map as one offline HTML file.

No Streamlit here: the app, the command line (``python -m geo profile`` / ``chain-brief``) and a
notebook call the same functions. Heavy libraries (matplotlib, reportlab, python-pptx) are imported
by the modules that need them, not by this package, so ``python -m geo validate`` stays quick.

The flow is data -> sheet -> file::

    from geo import load_catalogue
    from geo.reports import profile, sheet, pdf
    cat = load_catalogue()
    doc = sheet.profile_sheet(cat, profile.site_profile(cat, "by-hitech"), lang="zh")
    pdf_bytes = pdf.render(doc)
"""
