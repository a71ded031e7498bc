"""The section model rendered as DOCX (python-docx) and ODT (odfpy): real headings, tables
and images, so the contract's editors can rework it in Word or LibreOffice."""
from __future__ import annotations

import re
from io import BytesIO
from xml.sax.saxutils import escape

from docx import Document
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from docx.shared import Cm, Pt
from odf import draw, style, svg, table, text
from odf.opendocument import OpenDocumentText
from PIL import Image

IMAGE_WIDTH_CM = 15.0


def to_docx(model: dict) -> bytes:
    doc = Document()
    doc.core_properties.title = model["title"]
    doc.core_properties.language = model.get("language", "fr")
    doc.add_heading(model["title"], level=1)
    doc.add_paragraph(model["subtitle"])
    for block in model["blocks"]:
        doc.add_heading(block["title"], level=block.get("level", 2))
        for paragraph in block["paragraphs"]:
            doc.add_paragraph(paragraph)
        for tab in block["tables"]:
            _docx_table(doc, tab)
        for image in block["images"]:
            _docx_image(doc, image)
    buffer = BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def _docx_image(doc, image: dict) -> None:
    """The chart, its alt text (every figure, ``charts.alt_text``) as the picture's
    description read by screen readers: the chart's title is in the picture and its figures
    in the table beside it, so nothing is printed twice."""
    doc.add_picture(BytesIO(image["png"]), width=Cm(IMAGE_WIDTH_CM))
    doc.inline_shapes[-1]._inline.docPr.set("descr", image["alt"])
    doc.paragraphs[-1].paragraph_format.space_after = Pt(8)


def column_widths(tab: dict, total_cm: float = 16.0) -> list[float]:
    """Column widths (cm) following the longest line of each column (between 6 and 40
    characters), so "Trafic de produits illicites" is not wrapped three times while "%"
    takes a quarter of the page."""
    columns = list(zip(tab["header"], *tab["rows"], strict=True))
    need = [min(max(6, *(len(line) for cell in col for line in str(cell).split("\n"))), 40)
            for col in columns]
    return [total_cm * n / sum(need) for n in need]


def _docx_table(doc, tab: dict) -> None:
    """A caption kept with its table, the header row bold and repeated on every page a long
    table runs over (``w:tblHeader``), fixed column widths (``column_widths``), some space
    after the table. The table is written as one ``w:tbl`` element (``table_xml``): built
    cell by cell through python-docx it took about a second for the demo's section."""
    if tab.get("caption"):
        caption = doc.add_paragraph(tab["caption"])
        caption.style = doc.styles["Caption"]
        caption.paragraph_format.space_before = Pt(10)
        caption.paragraph_format.keep_with_next = True
    doc.element.body._insert_tbl(parse_xml(table_xml(tab, doc.styles["Table Grid"].style_id)))
    doc.add_paragraph().paragraph_format.space_after = Pt(2)


# Characters XML 1.0 cannot hold (control characters other than tab, line feed, return).
XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _runs_xml(value, bold: bool) -> str:
    """One ``w:p`` holding the value as one run, each line break a ``w:br`` (as python-docx's
    ``cell.text`` writes it), bold for the header."""
    lines = XML_INVALID.sub("", str(value)).replace("\r", "\n").split("\n")
    texts = "<w:br/>".join(f'<w:t xml:space="preserve">{escape(line)}</w:t>' for line in lines)
    props = "<w:rPr><w:b/></w:rPr>" if bold else ""
    return f"<w:p><w:r>{props}{texts}</w:r></w:p>"


def table_xml(tab: dict, style_id: str = "TableGrid") -> str:
    """The ``w:tbl`` of a table of the section model (``header``, ``rows``: lists of cell
    values): the style ``style_id``, fixed layout, columns of ``column_widths`` (16 cm in
    all, in twentieths of a point), the header row bold and marked ``w:tblHeader``."""
    twips = [int(Cm(width).twips) for width in column_widths(tab)]
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in twips)

    def row(values, header: bool = False) -> str:
        cells = "".join(f'<w:tc><w:tcPr><w:tcW w:w="{w}" w:type="dxa"/></w:tcPr>'
                        f"{_runs_xml(value, header)}</w:tc>"
                        for w, value in zip(twips, values, strict=True))
        props = '<w:trPr><w:tblHeader w:val="true"/></w:trPr>' if header else ""
        return f"<w:tr>{props}{cells}</w:tr>"

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
    styles["in_cell"] = _paragraph_style(doc, "Table_20_Contents", "Table Contents", "0cm",
                                         "0.05cm")
    grid = style.Style(name="Grid", family="table")
    grid.addElement(style.TableProperties(width="17cm", align="margins",
                                          marginbottom="0.4cm"))
    doc.automaticstyles.addElement(grid)
    styles["table"] = grid
    cell = style.Style(name="Cell", family="table-cell")
    cell.addElement(style.TableCellProperties(border="0.5pt solid #000000", padding="0.1cm"))
    doc.automaticstyles.addElement(cell)
    strong = style.Style(name="Strong", family="text")
    strong.addElement(style.TextProperties(fontweight="bold"))
    doc.automaticstyles.addElement(strong)
    frame = style.Style(name="Frame", family="graphic")
    doc.automaticstyles.addElement(frame)
    styles.update({"cell": cell, "strong": strong, "frame": frame})
    return styles


def to_odt(model: dict) -> bytes:
    doc = OpenDocumentText()
    styles = _odt_styles(doc)
    doc.text.addElement(text.H(outlinelevel=1, stylename=styles[1], text=model["title"]))
    doc.text.addElement(text.P(stylename=styles["body"], text=model["subtitle"]))
    for number, block in enumerate(model["blocks"]):
        level = block.get("level", 2)
        doc.text.addElement(text.H(outlinelevel=level, stylename=styles[level],
                                   text=block["title"]))
        for paragraph in block["paragraphs"]:
            doc.text.addElement(text.P(stylename=styles["body"], text=paragraph))
        for index, tab in enumerate(block["tables"]):
            _odt_table(doc, tab, styles, f"T{number}_{index}")
        for index, image in enumerate(block["images"]):
            _odt_image(doc, image, styles, f"I{number}_{index}")
    buffer = BytesIO()
    doc.write(buffer)
    return buffer.getvalue()


def _odt_table(doc, tab: dict, styles: dict, name: str) -> None:
    if tab.get("caption"):
        doc.text.addElement(text.P(stylename=styles["caption"], text=tab["caption"]))
    grid = table.Table(name=name, stylename=styles["table"])
    for position, width in enumerate(column_widths(tab, 17.0)):
        column = style.Style(name=f"{name}_C{position}", family="table-column")
        column.addElement(style.TableColumnProperties(columnwidth=f"{width:.2f}cm"))
        doc.automaticstyles.addElement(column)
        grid.addElement(table.TableColumn(stylename=column))
    header = table.TableHeaderRows()
    header.addElement(_odt_row(tab["header"], styles, bold=True))
    grid.addElement(header)
    for row in tab["rows"]:
        grid.addElement(_odt_row(row, styles))
    doc.text.addElement(grid)


def _odt_row(values, styles: dict, bold: bool = False):
    row = table.TableRow()
    for value in values:
        cell = table.TableCell(stylename=styles["cell"], valuetype="string")
        for line in str(value).split("\n") or [""]:
            paragraph = text.P(stylename=styles["in_cell"])
            paragraph.addElement(text.Span(stylename=styles["strong"], text=line) if bold
                                 else text.Span(text=line))
            cell.addElement(paragraph)
        row.addElement(cell)
    return row


def _odt_image(doc, image: dict, styles: dict, name: str) -> None:
    with Image.open(BytesIO(image["png"])) as picture:
        width, height = picture.size
    href = doc.addPicture(f"Pictures/{name}.png", "image/png", image["png"])
    frame = draw.Frame(stylename=styles["frame"], width=f"{IMAGE_WIDTH_CM}cm",
                       height=f"{IMAGE_WIDTH_CM * height / width:.2f}cm", anchortype="as-char",
                       name=name)
    frame.addElement(draw.Image(href=href))
    frame.addElement(svg.Desc(text=image["alt"]))
    paragraph = text.P(stylename=styles["body"])
    paragraph.addElement(frame)
    doc.text.addElement(paragraph)
