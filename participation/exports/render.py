"""The section model rendered as DOCX (python-docx) and ODT (odfpy): real headings, tables
and images, so the contract's editors can rework it in Word or LibreOffice."""
from __future__ import annotations

import re
from io import BytesIO, StringIO
from xml.sax.saxutils import escape

from docx import Document
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Pt
from odf import style
from odf.namespaces import DRAWNS, FONS, OFFICENS, STYLENS, SVGNS, TABLENS, TEXTNS, XLINKNS
from odf.opendocument import OpenDocumentText
from PIL import Image

from participation.analysis.charts import image_png

IMAGE_WIDTH_CM = 15.0


def to_docx(model: dict) -> bytes:
    """The section model as a DOCX: title, subtitle, then per block its heading (level 2 or
    3), paragraphs, tables (``_docx_table``) and charts (``_docx_image``).

    Text is written as WordprocessingML strings and parsed once per run of blocks between
    two pictures (python-docx builds each paragraph and cell through several XPath look-ups:
    about 1.5 s for the demo's section, against about 0.1 s this way); pictures go through
    python-docx, which stores the image part and its relationship."""
    doc = Document()
    doc.core_properties.title = model["title"]
    doc.core_properties.language = model.get("language", "fr")
    styles = {name: doc.styles[name].style_id for name in
              ("Heading 1", "Heading 2", "Heading 3", "Caption", "Table Grid")}
    chunks = [_p_xml(model["title"], styles["Heading 1"]), _p_xml(model["subtitle"])]
    for block in model["blocks"]:
        chunks.append(_p_xml(block["title"], styles[f"Heading {block.get('level', 2)}"]))
        chunks += [_p_xml(paragraph) for paragraph in block["paragraphs"]]
        chunks += [_docx_table(tab, styles) for tab in block["tables"]]
        for image in block["images"]:
            _append_xml(doc, chunks)
            _docx_image(doc, image)
    _append_xml(doc, chunks)
    buffer = BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def _append_xml(doc, chunks: list[str]) -> None:
    """Parse the WordprocessingML ``chunks`` (body children) once and append them to the
    document's body, before its section properties; empties ``chunks``."""
    if not chunks:
        return
    parsed = parse_xml(f"<w:body {nsdecls('w')}>{''.join(chunks)}</w:body>")
    body = doc.element.body
    end = body.find(qn("w:sectPr"))
    for child in list(parsed):
        if end is None:
            body.append(child)
        else:
            end.addprevious(child)
    chunks.clear()


def _p_xml(value, style_id: str | None = None, properties: str = "") -> str:
    """A ``w:p`` of one run (line breaks as ``w:br``, as python-docx's ``add_paragraph``
    writes them), with its style and further paragraph properties (already in schema
    order after ``w:pStyle``)."""
    style = f'<w:pStyle w:val="{escape(style_id)}"/>' if style_id else ""
    props = f"<w:pPr>{style}{properties}</w:pPr>" if style or properties else ""
    return f"<w:p>{props}{_run_xml(value)}</w:p>" if value != "" else f"<w:p>{props}</w:p>"


def _docx_image(doc, image: dict) -> None:
    """The chart, its alt text (every figure, ``charts.alt_text``) as the picture's
    description read by screen readers: the chart's title is in the picture and its figures
    in the table beside it, so nothing is printed twice."""
    doc.add_picture(BytesIO(image_png(image)), width=Cm(IMAGE_WIDTH_CM))
    doc.inline_shapes[-1]._inline.docPr.set("descr", image["alt"])
    doc.paragraphs[-1].paragraph_format.space_after = Pt(8)


# Width of one character of the tables' font at 10 pt, bold headers included, and a cell's
# left and right margins (cm): a column is never narrower than its longest word (at most
# LONG_WORD characters; longer ones may break), so "Pour" or "Membres" never break letter by
# letter (found by a tester on the council's tables).
CHAR_CM, PADDING_CM, LONG_WORD = 0.28, 0.45, 12
TABLE_HALF_POINTS = 20  # tables in 10 pt, the body in 11


def column_widths(tab: dict, total_cm: float = 16.0) -> list[float]:
    """Column widths (cm) summing to ``total_cm``: each column first gets room for its longest
    word (``CHAR_CM``, ``PADDING_CM``), the rest of the page is shared after the longest line
    of each column (between 6 and 40 characters), so "Trafic de produits illicites" is not
    wrapped three times while "%" takes little room. A table that gives ``weights`` (one a
    column) is shared in those proportions instead (the forces/faiblesses quotes)."""
    if tab.get("weights"):
        return [total_cm * w / sum(tab["weights"]) for w in tab["weights"]]
    columns = list(zip(tab["header"], *tab["rows"], strict=True))
    need = [min(max(6, *(len(line) for cell in col for line in str(cell).split("\n"))), 40)
            for col in columns]
    floor = [PADDING_CM + CHAR_CM * min(LONG_WORD, max(
        [len(word) for cell in col for word in str(cell).split()] or [1])) for col in columns]
    if sum(floor) >= total_cm:
        return [total_cm * f / sum(floor) for f in floor]
    rest = total_cm - sum(floor)
    return [f + rest * n / sum(need) for f, n in zip(floor, need, strict=True)]


def _docx_table(tab: dict, styles: dict[str, str]) -> str:
    """A caption kept with its table (10 pt before it), the table (``table_xml``), then an
    empty paragraph of 2 pt after it: WordprocessingML for ``to_docx``. ``styles``: style
    name -> id in the document."""
    caption = _p_xml(tab["caption"], styles["Caption"],
                     '<w:keepNext/><w:spacing w:before="200"/>') if tab.get("caption") else ""
    return caption + table_xml(tab, styles["Table Grid"]) + _p_xml("", None,
                                                                   '<w:spacing w:after="40"/>')


# Characters XML 1.0 cannot hold (control characters other than tab, line feed, return).
XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _run_xml(value, bold: bool = False, half_points: int | None = None) -> str:
    """One ``w:r`` holding the value, each line break a ``w:br`` (as python-docx's
    ``cell.text`` and ``add_paragraph`` write it), bold or not, in the paragraph's size or
    ``half_points`` (WordprocessingML's unit: 20 = 10 pt)."""
    lines = XML_INVALID.sub("", str(value)).replace("\r", "\n").split("\n")
    texts = "<w:br/>".join(f'<w:t xml:space="preserve">{escape(line)}</w:t>' for line in lines)
    size = f'<w:sz w:val="{half_points}"/>' if half_points else ""
    props = f"<w:rPr>{'<w:b/>' if bold else ''}{size}</w:rPr>" if bold or size else ""
    return f"<w:r>{props}{texts}</w:r>"


def table_xml(tab: dict, style_id: str = "TableGrid") -> str:
    """The ``w:tbl`` of a table of the section model (``header``, ``rows``: lists of cell
    values): the style ``style_id``, fixed layout, columns of ``column_widths`` (16 cm in
    all, in twentieths of a point), the header row bold and marked ``w:tblHeader``; every row
    ``w:cantSplit``, so a row never breaks across two pages (a header repeated above one
    orphan cell, "dans l'immeuble" or "%)", found by a tester)."""
    twips = [int(Cm(width).twips) for width in column_widths(tab)]
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in twips)

    def row(values, header: bool = False) -> str:
        cells = "".join(f'<w:tc><w:tcPr><w:tcW w:w="{w}" w:type="dxa"/></w:tcPr>'
                        f"<w:p>{_run_xml(value, header, TABLE_HALF_POINTS)}</w:p></w:tc>"
                        for w, value in zip(twips, values, strict=True))
        flag = '<w:tblHeader w:val="true"/>' if header else ""
        return f'<w:tr><w:trPr><w:cantSplit w:val="true"/>{flag}</w:trPr>{cells}</w:tr>'


    return (f"<w:tbl {nsdecls('w')}><w:tblPr><w:tblStyle w:val=\"{escape(style_id)}\"/>"
            '<w:tblW w:type="auto" w:w="0"/><w:tblLayout w:type="fixed"/>'
            '<w:tblLook w:firstColumn="1" w:firstRow="1" w:lastColumn="0" w:lastRow="0" '
            'w:noHBand="0" w:noVBand="1" w:val="04A0"/></w:tblPr>'
            f"<w:tblGrid>{grid}</w:tblGrid>{row(tab['header'], True)}"
            + "".join(row(values) for values in tab["rows"]) + "</w:tbl>")


def _paragraph_style(doc, name: str, display: str, before: str, after: str,
                     keep: bool = False, **text_properties) -> style.Style:
    """A named paragraph style with its spacing (cm) and text properties."""
    found = style.Style(name=name, displayname=display, family="paragraph")
    found.addElement(style.ParagraphProperties(
        margintop=before, marginbottom=after, **({"keepwithnext": "always"} if keep else {})))
    if text_properties:
        found.addElement(style.TextProperties(**text_properties))
    doc.styles.addElement(found)
    return found


def _odt_styles(doc: OpenDocumentText) -> dict:
    """Headings (kept with what follows), body text and captions with space between
    paragraphs (LibreOffice's default paragraph has none), bordered cells."""
    styles = {}
    for level in (1, 2, 3):
        heading = style.Style(name=f"Heading_20_{level}", displayname=f"Heading {level}",
                              family="paragraph", defaultoutlinelevel=str(level))
        heading.addElement(style.ParagraphProperties(
            margintop=f"{0.7 - 0.15 * level:.2f}cm", marginbottom="0.2cm",
            keepwithnext="always"))
        heading.addElement(style.TextProperties(fontsize=f"{20 - 3 * level}pt",
                                                fontweight="bold"))
        doc.styles.addElement(heading)
        styles[level] = heading
    styles["body"] = _paragraph_style(doc, "Text_20_body", "Text body", "0cm", "0.25cm")
    styles["caption"] = _paragraph_style(doc, "Caption", "Caption", "0.3cm", "0.15cm",
                                         keep=True, fontstyle="italic")
    # cells in the DOCX's table size: ``column_widths`` measures words at 10 pt, and
    # LibreOffice's default 12 pt broke "Hommes" as "Homme/s" (found by a tester)
    styles["in_cell"] = _paragraph_style(doc, "Table_20_Contents", "Table Contents", "0cm",
                                         "0.05cm", fontsize=f"{TABLE_HALF_POINTS / 2:g}pt")
    grid = style.Style(name="Grid", family="table")
    grid.addElement(style.TableProperties(width="17cm", align="margins",
                                          marginbottom="0.4cm"))
    doc.automaticstyles.addElement(grid)
    styles["table"] = grid
    row = style.Style(name="Row", family="table-row")  # a row never breaks across pages
    row.addElement(style.TableRowProperties(keeptogether="always"))  # ODF 1.2, 17.17.7
    doc.automaticstyles.addElement(row)
    cell = style.Style(name="Cell", family="table-cell")
    cell.addElement(style.TableCellProperties(border="0.5pt solid #000000", padding="0.1cm"))
    doc.automaticstyles.addElement(cell)
    strong = style.Style(name="Strong", family="text")
    strong.addElement(style.TextProperties(fontweight="bold"))
    doc.automaticstyles.addElement(strong)
    frame = style.Style(name="Frame", family="graphic")
    doc.automaticstyles.addElement(frame)
    styles.update({"cell": cell, "strong": strong, "frame": frame,
                   "automatic": doc.automaticstyles})
    return styles


def to_odt(model: dict) -> bytes:
    """The section model as an ODT: title, subtitle, then per block its heading, paragraphs,
    tables (``_odt_table``) and charts (``_odt_image``), with the styles of ``_odt_styles``.

    The styles, pictures, manifest and metadata go through odfpy; the body is written as
    OpenDocument XML strings (``content_xml``): odfpy builds and serialises each element in
    Python, with a grammar check per attribute (about 1 s for the demo's section)."""
    doc = OpenDocumentText()
    styles = _odt_styles(doc)
    chunks = [_odt_h(model["title"], 1), _odt_p(model["subtitle"], "Text_20_body")]
    for number, block in enumerate(model["blocks"]):
        chunks.append(_odt_h(block["title"], block.get("level", 2)))
        chunks += [_odt_p(paragraph, "Text_20_body") for paragraph in block["paragraphs"]]
        chunks += [_odt_table(doc, tab, f"T{number}_{index}")
                   for index, tab in enumerate(block["tables"])]
        chunks += [_odt_image(doc, image, f"I{number}_{index}")
                   for index, image in enumerate(block["images"])]
    body = "".join(chunks)
    doc.contentxml = lambda: content_xml(styles["automatic"], body)
    buffer = BytesIO()
    doc.write(buffer)
    return buffer.getvalue()


NAMESPACES = {"office": OFFICENS, "style": STYLENS, "text": TEXTNS, "table": TABLENS,
              "draw": DRAWNS, "fo": FONS, "xlink": XLINKNS, "svg": SVGNS}


def content_xml(automatic, body: str) -> bytes:
    """``content.xml``: the document's automatic styles (odfpy elements, serialised by odfpy)
    and the body ``body`` (``office:text`` children, OpenDocument XML)."""
    out = StringIO()
    out.write("<?xml version='1.0' encoding='UTF-8'?>\n<office:document-content ")
    out.write(" ".join(f'xmlns:{prefix}="{uri}"' for prefix, uri in NAMESPACES.items()))
    out.write(' office:version="1.2"><office:automatic-styles>')
    for element in automatic.childNodes:
        element.toXml(2, out)
    out.write(f"</office:automatic-styles><office:body><office:text>{body}"
              "</office:text></office:body></office:document-content>")
    return out.getvalue().encode("utf-8")


def _odt_text(value) -> str:
    return escape(XML_INVALID.sub("", str(value)))


def _odt_h(value, level: int) -> str:
    return (f'<text:h text:style-name="Heading_20_{level}" text:outline-level="{level}">'
            f"{_odt_text(value)}</text:h>")


def _odt_p(value, style_name: str) -> str:
    return f'<text:p text:style-name="{style_name}">{_odt_text(value)}</text:p>'


def _odt_table(doc, tab: dict, name: str) -> str:
    """A caption, then the table: a column style per column (``column_widths`` of 17 cm,
    automatic styles of ``doc``), the header row in ``table:table-header-rows`` (repeated on
    each page) in bold, each line of a cell its own paragraph."""
    caption = _odt_p(tab["caption"], "Caption") if tab.get("caption") else ""
    columns = []
    for position, width in enumerate(column_widths(tab, 17.0)):
        column = style.Style(name=f"{name}_C{position}", family="table-column")
        column.addElement(style.TableColumnProperties(columnwidth=f"{width:.2f}cm"))
        doc.automaticstyles.addElement(column)
        columns.append(f'<table:table-column table:style-name="{name}_C{position}"/>')
    header = _odt_row(tab["header"], bold=True)
    rows = "".join(_odt_row(row) for row in tab["rows"])
    return (f'{caption}<table:table table:name="{name}" table:style-name="Grid">'
            f"{''.join(columns)}<table:table-header-rows>{header}</table:table-header-rows>"
            f"{rows}</table:table>")


def _odt_row(values, bold: bool = False) -> str:
    def cell(value) -> str:
        lines = "".join(
            '<text:p text:style-name="Table_20_Contents">'
            + (f'<text:span text:style-name="Strong">{_odt_text(line)}</text:span>' if bold
               else f"<text:span>{_odt_text(line)}</text:span>") + "</text:p>"
            for line in str(value).split("\n"))
        return ('<table:table-cell table:style-name="Cell" office:value-type="string">'
                f"{lines}</table:table-cell>")

    return (f'<table:table-row table:style-name="Row">{"".join(cell(value) for value in values)}'
            "</table:table-row>")


def _odt_image(doc, image: dict, name: str) -> str:
    """The chart as a picture of ``doc`` in a frame 15 cm wide, its alt text (every figure)
    as the frame's description, in a body paragraph."""
    png = image_png(image)
    with Image.open(BytesIO(png)) as picture:
        width, height = picture.size
    href = doc.addPicture(f"Pictures/{name}.png", "image/png", png)
    return ('<text:p text:style-name="Text_20_body"><draw:frame draw:style-name="Frame" '
            f'draw:name="{name}" text:anchor-type="as-char" svg:width="{IMAGE_WIDTH_CM}cm" '
            f'svg:height="{IMAGE_WIDTH_CM * height / width:.2f}cm">'
            f'<draw:image xlink:href="{escape(href)}" xlink:type="simple" xlink:show="embed" '
            f'xlink:actuate="onLoad"/><svg:desc>{_odt_text(image["alt"])}</svg:desc>'
            "</draw:frame></text:p>")
