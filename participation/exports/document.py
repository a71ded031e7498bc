"""The participation section as a document, written in the contract's language.

The document's language is chosen explicitly when exporting (the export form's select, the
CLI's ``--language``), by default the contract's (``Contract.language``, French unless set):
never the language of the screen, so an English browser still downloads a French section
for a French contract. Everything the model holds is built under ``force_locale``; in French
the text gets French typography (``core.typography``: no-break spaces before ``! ? : ;``
and inside « »), never the residents' words (issue #13), which stay as written.
"""
from __future__ import annotations

from base64 import b64encode

from flask import current_app, render_template
from flask_babel import force_locale

from participation.analysis.charts import image_png
from participation.core import typography
from participation.core.memo import memo

PRINT_CSS = """
body { font: 11pt/1.45 Georgia, "Times New Roman", serif; max-width: 48rem; margin: 1.5rem auto;
  padding: 0 1rem; color: #111; }
h1 { font-size: 1.7rem; } h2 { font-size: 1.3rem; border-bottom: 1px solid #999; }
h2, h3 { break-after: avoid; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; }
th, td { border: 1px solid #666; padding: .3rem .45rem; vertical-align: top; text-align: left; }
caption { text-align: left; font-style: italic; padding: .25rem 0; }
img { max-width: 100%; height: auto; }
@page { size: A4; margin: 2cm; }
"""
FORMATS = {
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"),
    "odt": ("application/vnd.oasis.opendocument.text", "odt"),
    "html": ("text/html", "html"),  # Flask adds the charset
}


def document_language(territory, asked: str | None = None) -> str:
    """``asked`` when it is one of ``DOCUMENT_LANGUAGES``, else the contract's language, else the
    default locale (fr)."""
    languages = current_app.config["DOCUMENT_LANGUAGES"]
    if asked in languages:
        return asked
    contract = territory.current_contract
    language = getattr(contract, "language", None)
    return language if language in languages else current_app.config["BABEL_DEFAULT_LOCALE"]


def typeset(model: dict, fix=typography.french) -> dict:
    """French typography (or another ``fix`` of a string) on every text of the section model
    (in place; returns it). The residents' words (``typography.said``) are kept as written."""
    model["title"], model["subtitle"] = fix(model["title"]), fix(model["subtitle"])
    for block in model["blocks"]:
        block["title"] = fix(block["title"])
        block["paragraphs"] = [fix(p) for p in block["paragraphs"]]
        for tab in block["tables"]:
            tab["caption"] = fix(tab.get("caption") or "")
            tab["header"] = [fix(str(h)) for h in tab["header"]]
            tab["rows"] = [[fix(str(c)) for c in row] for row in tab["rows"]]
        for image in block["images"]:
            image["alt"] = fix(image["alt"])
    return model


def section_model(territory, language: str) -> dict:
    """The section model (``exports.section.build_section``) written in ``language``."""
    from participation.exports.section import build_section
    from participation.exports.services import section_texts

    with force_locale(language):
        model = build_section(territory, section_texts(territory.id))
    model["language"] = language
    return typeset(model, typography.french if language == "fr" else typography.unmark)


def section_document(territory, fmt: str, language: str) -> bytes:
    """The section as a DOCX, ODT or standalone HTML file (images inline) in ``language``.

    Raises KeyError for an unknown ``fmt``."""
    from participation.exports import render
    from participation.exports.services import section_texts

    renderer = {"docx": render.to_docx, "odt": render.to_odt, "html": _html}[fmt]

    def build() -> bytes:
        model = section_model(territory, language)
        with force_locale(language):
            return renderer(model)

    texts = tuple(sorted(section_texts(territory.id).items()))
    with force_locale(language):  # the key holds the document's language
        return memo(territory.id, f"section.{fmt}", build, texts)


def _html(model: dict) -> bytes:
    for block in model["blocks"]:
        for image in block["images"]:
            image["src"] = "data:image/png;base64," + b64encode(image_png(image)).decode()
    html = render_template("exports/section_print.html", model=model)
    # A standalone file: its print styles travel inside it (templates stay CSP-clean).
    return html.replace("</head>", f"<style>{PRINT_CSS}</style>\n</head>", 1).encode()
