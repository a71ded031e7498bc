"""The section model rendered as DOCX (python-docx) and ODT (odfpy): real headings, tables
and images, so the contract's editors can rework it in Word or LibreOffice."""
from __future__ import annotations

from io import BytesIO

from docx import Document
from docx.shared import Cm
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
            doc.add_picture(BytesIO(image["png"]), width=Cm(IMAGE_WIDTH_CM))
            doc.add_paragraph(image["alt"]).style = doc.styles["Caption"]
    buffer = BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def _docx_table(doc, tab: dict) -> None:
    if tab.get("caption"):
        doc.add_paragraph(tab["caption"]).style = doc.styles["Caption"]
    grid = doc.add_table(rows=1, cols=len(tab["header"]))
    grid.style = doc.styles["Table Grid"]
    for cell, value in zip(grid.rows[0].cells, tab["header"], strict=True):
        cell.text = str(value)
        for run in cell.paragraphs[0].runs:
            run.bold = True
    for row in tab["rows"]:
        cells = grid.add_row().cells
        for cell, value in zip(cells, row, strict=True):
            cell.text = str(value)


def _odt_styles(doc: OpenDocumentText) -> dict:
    styles = {}
    for level in (1, 2, 3):
        heading = style.Style(name=f"Heading_20_{level}", displayname=f"Heading {level}",
                              family="paragraph", defaultoutlinelevel=str(level))
        heading.addElement(style.TextProperties(fontsize=f"{20 - 3 * level}pt",
                                                fontweight="bold"))
        doc.styles.addElement(heading)
        styles[level] = heading
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
    doc.text.addElement(text.P(text=model["subtitle"]))
    for number, block in enumerate(model["blocks"]):
        level = block.get("level", 2)
        doc.text.addElement(text.H(outlinelevel=level, stylename=styles[level],
                                   text=block["title"]))
        for paragraph in block["paragraphs"]:
            doc.text.addElement(text.P(text=paragraph))
        for index, tab in enumerate(block["tables"]):
            _odt_table(doc, tab, styles, f"T{number}_{index}")
        for index, image in enumerate(block["images"]):
            _odt_image(doc, image, styles, f"I{number}_{index}")
    buffer = BytesIO()
    doc.write(buffer)
    return buffer.getvalue()


def _odt_table(doc, tab: dict, styles: dict, name: str) -> None:
    if tab.get("caption"):
        doc.text.addElement(text.P(text=tab["caption"]))
    grid = table.Table(name=name)
    grid.addElement(table.TableColumn(numbercolumnsrepeated=len(tab["header"])))
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
            paragraph = text.P()
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
    paragraph = text.P()
    paragraph.addElement(frame)
    doc.text.addElement(paragraph)
    doc.text.addElement(text.P(text=image["alt"]))
