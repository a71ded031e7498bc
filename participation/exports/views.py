"""Data downloads (anonymised unless asked and logged) and the participation section."""
from __future__ import annotations

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select

from participation.analysis import citations, pending, warming
from participation.analysis.charts import image_png
from participation.core.auth import COORDINATOR, role_required
from participation.core.errors import DomainError
from participation.core.registry import staff_menu_entry
from participation.exports import document, services, writers
from participation.exports.document import document_language
from participation.exports.forms import (
    PersonalExportForm,
    SectionDownloadForm,
    SectionTextForm,
)
from participation.exports.models import ExportLog
from participation.exports.registry import EXPORTS
from participation.exports.section import build_section
from participation.exports.stale_texts import mark_stale
from participation.extensions import db
from participation.privacy.redaction import staff_text_warning
from participation.territory.models import Territory

bp = Blueprint("exports", __name__, url_prefix="/exports")
pending.drain_before(bp)  # the section counts suggested tags: none left queued
staff_menu_entry("exports.index", _l("Exports de données"), COORDINATOR)
staff_menu_entry("exports.section", _l("Section participation du contrat"), COORDINATOR)


def _download(body: bytes, mimetype: str, filename: str) -> Response:
    """A file to keep, sent as built: never typeset again by ``core.templating`` (the HTML
    section is typeset once, by ``document.section_model``, the residents' words kept)."""
    response = Response(body, mimetype=mimetype, headers={
        "Content-Disposition": f'attachment; filename="{filename}"',
        "Cache-Control": "no-store"})
    response.typeset = True
    return response


def _index(forms: dict | None = None, status: int = 200):
    logs = db.session.scalars(select(ExportLog).where(
        ExportLog.territory_id == current_user.territory_id)
        .order_by(ExportLog.created_at.desc()).limit(20)).all()
    forms = forms or {}
    personal = {n: forms.get(n) or PersonalExportForm(prefix=n)
                for n, s in EXPORTS.items() if s.personal}
    return render_template("exports/index.html", exports=EXPORTS, personal=personal,
                           logs=logs), status


@bp.get("/")
@role_required(COORDINATOR)
def index():
    """Every export the features declared; personal ones behind an explicit request."""
    return _index()


@bp.get("/<name>.<fmt>")
@role_required(COORDINATOR)
def download(name: str, fmt: str):
    """An anonymised export: no personal column, logged like every export."""
    spec = EXPORTS.get(name)
    if spec is None or spec.personal or fmt not in writers.FORMATS:
        abort(404)
    if request.args.get("sep", ";") not in writers.SEPARATORS:
        abort(400)  # a hand-typed ?sep= (the page offers ";" and ",")
    body, mimetype, filename = services.run_export(
        current_user.territory_id, name, fmt, current_user.id, sep=request.args.get("sep", ";"))
    return _download(body, mimetype, filename)


@bp.post("/<name>")
@role_required(COORDINATOR)
def download_personal(name: str):
    """Personal data, only with a confirmation and a reason, recorded in the export log."""
    spec = EXPORTS.get(name)
    if spec is None or not spec.personal:
        abort(404)
    form = PersonalExportForm(prefix=name)
    if not form.validate_on_submit():
        return _index({name: form}, 400)
    try:
        body, mimetype, filename = services.run_export(
            current_user.territory_id, name, form.fmt.data, current_user.id, personal=True,
            reason=form.reason.data)
    except DomainError as error:
        form.reason.errors.append(error.message)
        return _index({name: form}, 400)
    return _download(body, mimetype, filename)


def _territory() -> Territory:
    return db.session.get(Territory, current_user.territory_id)


@bp.get("/section")
@role_required(COORDINATOR)
def section():
    """The participation section, print-ready, with each block's text editable."""
    warming.note("exports.section")  # computed again after each change
    return _section_page(services.section_texts(current_user.territory_id))


@warming.warmer("exports.section")
def _section_model(texts: dict[str, str] | None = None) -> dict:
    """The section page's model for the saved ``texts`` (read when None): the section
    (``build_section``, kept per data version) with its stale texts marked, written in the
    document's language (``document_language``: the contract's, what the download gives by
    default), never the screen's: a Turkish screen showed a French section with Turkish
    months, formats and table headers (tester s28). ``model["language"]``: its tag."""
    tid = current_user.territory_id
    texts = services.section_texts(tid) if texts is None else texts
    language = document_language(_territory())
    with force_locale(language):
        model = build_section(_territory(), texts)
        mark_stale(model, texts, tid)
    model["language"] = language
    return model


def _section_page(texts: dict[str, str], typed: tuple[str, str] | None = None):
    """The section page from the saved ``texts``; ``typed``: (block key, text) of a text
    refused, shown again in its block's open form (nothing lost)."""
    model = _section_model(texts)
    for block in model["blocks"]:
        for index, image in enumerate(block["images"]):
            image["src"] = url_for("exports.section_image", key=block["key"], position=index)
    download = SectionDownloadForm(formdata=None, lang=document_language(_territory()))
    download.lang.choices = list(current_app.config["DOCUMENT_LANGUAGES"].items())
    return render_template("exports/section.html", model=model,
                           texts=texts | dict([typed] if typed else []),
                           reopened=typed[0] if typed else None,
                           form=SectionTextForm(), download=download)


@bp.get("/section.<fmt>")
@role_required(COORDINATOR)
def section_file(fmt: str):
    """The section as a DOCX, ODT or HTML file to paste into the contract, in the language
    asked (``?lang=``) or the contract's — never the screen's."""
    if fmt not in document.FORMATS:
        abort(404)
    territory = _territory()
    language = document.document_language(territory, request.args.get("lang"))
    mimetype, ext = document.FORMATS[fmt]
    warming.note("exports.document", fmt, language)  # computed again after each change
    body = _document(fmt, language)
    return _download(body, mimetype, f"section-participation-{language}.{ext}")


@warming.warmer("exports.document")
def _document(fmt: str, language: str) -> bytes:
    """The section's file in ``fmt`` and ``language`` (``document.section_document``, kept
    per data version and saved texts)."""
    return document.section_document(_territory(), fmt, language)


@bp.get("/section/download")
@role_required(COORDINATOR)
def section_download():
    """The download form of the section page: format and language chosen explicitly."""
    form = SectionDownloadForm(request.args)
    form.lang.choices = list(current_app.config["DOCUMENT_LANGUAGES"].items())
    if not form.validate():
        abort(400)
    return redirect(url_for("exports.section_file", fmt=form.fmt.data, lang=form.lang.data))


@bp.post("/section/text")
@role_required(COORDINATOR)
def section_text():
    """Save a coordinator's wording of one block; refused (422, the page again with the text
    as typed, a French message per fault) when a quote of a "Citations" line is no
    contribution's words or is signed without consent (``analysis.citations``)."""
    form = SectionTextForm()
    if form.validate_on_submit():
        found = citations.faults(form.text.data, citations.published(current_user.territory_id))
        if found:  # refused, the text as typed shown again in its block
            for fault in found:
                flash(fault, "error")
            return _section_page(services.section_texts(current_user.territory_id),
                                 (form.key.data, form.text.data)), 422
        try:
            services.save_section_text(current_user.territory_id, form.key.data,
                                       form.text.data, current_user.id,
                                       generated=form.generated.data)
            flash(_("Texte enregistré."), "success")
            warning = staff_text_warning(form.text.data)
            if warning:
                flash(warning, "warning")
        except DomainError as error:
            flash(error.message, "error")
    else:
        flash(_("Le texte est trop long."), "error")
    return redirect(url_for("exports.section", _anchor=f"bloc-{form.key.data}"))


@bp.get("/section/image/<key>/<position>.png")
@role_required(COORDINATOR)
def section_image(key: str, position: str):
    """The images of the section's HTML page (the same PNG as in the DOCX and ODT)."""
    with force_locale(document_language(_territory())):  # as the page (``_section_model``)
        model = build_section(_territory())
    block = next((b for b in model["blocks"] if b["key"] == key), None)
    if block is None or not position.isdigit() or int(position) >= len(block["images"]):
        abort(404)
    return Response(image_png(block["images"][int(position)]), mimetype="image/png")
