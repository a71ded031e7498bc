"""Street collection without network: the installable facilitator pages, their service worker,
manifest and definition, the bearer-token sync API, devices, and the file import.

Pages live under ``/surveys/<id>/offline/`` so the service worker served at
``/surveys/<id>/offline/sw.js`` controls them without ``Service-Worker-Allowed``.
"""
from __future__ import annotations

import hashlib
import json
from datetime import datetime
from pathlib import Path
from urllib.parse import urlencode

from flask import (
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import format_datetime
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, select
from werkzeug.datastructures import MultiDict

from participation.contributions.models import AGE_BANDS, SEXES
from participation.core import clock
from participation.core.audit import record_audit
from participation.core.auth import (
    COORDINATOR,
    FACILITATOR,
    get_scoped_or_404,
    public,
    role_required,
)
from participation.core.errors import DomainError
from participation.core.urls import db_id
from participation.extensions import csrf, db, limiter
from participation.surveys import devices as devices_module
from participation.surveys import street as street_module
from participation.surveys.blueprint import bp
from participation.surveys.definition import remember_version
from participation.surveys.forms import OfflineImportForm
from participation.surveys.models import PLACES, Survey
from participation.surveys.offline_models import OfflineReceipt, SurveyDevice
from participation.surveys.page_language import use_language
from participation.surveys.responses import consent_text
from participation.surveys.sync import Context, sync_batch
from participation.surveys.translations import default_language

MODES = {"entretien": "entretien", "papier": "papier", "micro-trottoir": "micro_trottoir"}
STATIC_FILES = ("style.css", "js/offline.js", "js/condition-eval.js", "js/survey-conditions.js",
                "js/paper-entry.js", "icon.svg")


def _asset_version() -> str:
    """Hash of the static files the worker caches: a new deploy gives a new worker."""
    digest = hashlib.sha256()
    root = Path(current_app.static_folder)
    for name in STATIC_FILES:
        digest.update((root / name).read_bytes())
    return digest.hexdigest()[:8]


def _scope(survey: Survey) -> str:
    return url_for("surveys.offline_worker", survey_id=survey.id).rsplit("/", 1)[0] + "/"


def _offline_urls(survey: Survey) -> list[str]:
    pages = [url_for("surveys.offline_page", survey_id=survey.id, mode=m) for m in MODES]
    return pages + [url_for("surveys.offline_definition", survey_id=survey.id),
                    url_for("surveys.offline_manifest", survey_id=survey.id)] + [
        url_for("static", filename=name) for name in STATIC_FILES]


@bp.get("/surveys/<int:survey_id>/offline/<any('entretien', 'papier', 'micro-trottoir'):mode>")
@role_required(FACILITATOR)
def offline_page(survey_id: int, mode: str):
    """The facilitator's page that keeps working without network once opened."""
    survey = get_scoped_or_404(Survey, survey_id)
    definition = remember_version(survey)
    # the survey's texts in its default language; the interview's ``lang`` field says so
    survey_lang = use_language(survey, default_language(survey))
    return render_template(
        "surveys/offline.html", survey=survey, mode=mode, channel=MODES[mode],
        survey_lang=survey_lang,
        version=definition["survey"]["version"], place_choices=PLACES,
        street_questions=street_module.open_questions(survey), age_bands=AGE_BANDS,
        sexes=SEXES, consent_text=consent_text(), blank=MultiDict(), scope=_scope(survey))


@bp.get("/surveys/<int:survey_id>/offline/definition.json")
@role_required(FACILITATOR)
def offline_definition(survey_id: int):
    """Questions, options, conditions, bounds, required rules and the survey version."""
    return jsonify(remember_version(get_scoped_or_404(Survey, survey_id)))


@bp.get("/surveys/<int:survey_id>/offline/sw.js")
@role_required(FACILITATOR)
def offline_worker(survey_id: int):
    """The versioned service worker (asset hash + survey version) for this survey's pages."""
    survey = get_scoped_or_404(Survey, survey_id)
    version = f"{_asset_version()}-{remember_version(survey)['survey']['version']}"
    body = render_template("surveys/offline_sw.js", survey=survey, version=version,
                           urls=json.dumps(_offline_urls(survey)),
                           pages=json.dumps([url_for("surveys.offline_page",
                                                     survey_id=survey.id, mode=m)
                                             for m in MODES]))
    return current_app.response_class(body, mimetype="text/javascript",
                                      headers={"Cache-Control": "no-cache"})


@bp.get("/surveys/<int:survey_id>/offline/manifest.webmanifest")
@role_required(FACILITATOR)
def offline_manifest(survey_id: int):
    survey = get_scoped_or_404(Survey, survey_id)
    base = url_for("surveys.offline_page", survey_id=survey.id, mode="entretien")
    manifest = {
        "name": _("Saisie hors ligne — %(title)s", title=survey.title),
        "short_name": _("Saisie hors ligne"), "lang": "fr", "display": "standalone",
        "start_url": base, "scope": _scope(survey),
        "background_color": "#ffffff", "theme_color": "#1f5f8b",
        "icons": [{"src": url_for("static", filename="icon.svg"), "sizes": "any",
                   "type": "image/svg+xml", "purpose": "any"}]}
    return current_app.response_class(json.dumps(manifest, ensure_ascii=False),
                                      mimetype="application/manifest+json")


def _refusal(message: str, status: int):
    return jsonify({"error": message}), status


@bp.post("/surveys/<int:survey_id>/offline/sync")
@public
@csrf.exempt
@limiter.limit("120/minute")
def offline_sync(survey_id: int):
    """JSON batch from a device, authenticated by its bearer token (no cookie, no CSRF).

    401/403 ``{"error": French}`` for a missing, unknown, revoked or foreign token; 400 for a
    payload that is not a batch; else 200 with the per-item outcomes (``sync.sync_batch``).
    """
    survey = db.session.get(Survey, survey_id)
    if survey is None:
        return _refusal(_("Ce questionnaire n'existe plus."), 404)
    try:
        device = devices_module.authenticate(
            devices_module.bearer(request.headers.get("Authorization")), survey)
    except devices_module.DeviceRefused as exc:
        return _refusal(exc.message, exc.status)
    try:
        result = sync_batch(Context(survey, device.created_by_id, device.id),
                            request.get_json(silent=True))
    except DomainError as exc:
        _audit_sync(device, {"survey_id": survey.id, "error": "unreadable"}, 0)
        return _refusal(exc.message, 400)
    _audit_sync(device, {"survey_id": survey.id} | {
        k: result[k] for k in ("stored", "already", "refused")}, result["stored"])
    return jsonify(result)


def _audit_sync(device: SurveyDevice, details: dict, stored: int) -> None:
    """Every use of a device key is audited (actor: the facilitator it was issued to)."""
    device.last_used_at = clock.now()
    record_audit("device_sync", target=f"survey_device:{device.id}",
                 territory_id=device.territory_id, count=stored,
                 actor=devices_module.device_actor(device), details=details)
    db.session.commit()


def _device_counts(survey: Survey) -> dict[int, int]:
    return dict(db.session.execute(
        select(OfflineReceipt.device_id, func.count(OfflineReceipt.id))
        .where(OfflineReceipt.survey_id == survey.id).group_by(OfflineReceipt.device_id)).all())


def _removed_reports(survey: Survey) -> list[OfflineReceipt]:
    return list(db.session.scalars(select(OfflineReceipt).where(
        OfflineReceipt.survey_id == survey.id, OfflineReceipt.removed_answers != "")
        .order_by(OfflineReceipt.received_at.desc())))


@bp.get("/surveys/<int:survey_id>/devices")
@role_required(FACILITATOR)
def devices(survey_id: int):
    """The survey's devices (who issued them, last sync, answers stored, revoked or not)."""
    survey = get_scoped_or_404(Survey, survey_id)
    return render_template("surveys/devices.html", survey=survey,
                           devices=devices_module.devices_of(survey),
                           counts=_device_counts(survey), removed=_removed_reports(survey),
                           can_revoke=current_user.role in (COORDINATOR, "admin"))


@bp.post("/surveys/<int:survey_id>/devices")
@role_required(FACILITATOR)
def device_new(survey_id: int):
    """Issue a token; it travels to the offline page in the URL fragment (never to a log)."""
    survey = get_scoped_or_404(Survey, survey_id)
    mode = request.form.get("mode") if request.form.get("mode") in MODES else "entretien"
    device, token = devices_module.issue_device(survey, request.form.get("label", ""),
                                                current_user)
    page = url_for("surveys.offline_page", survey_id=survey.id, mode=mode)
    fragment = urlencode({"appareil": token, "nom": device.label})
    return redirect(f"{page}#{fragment}")


@bp.post("/surveys/<int:survey_id>/devices/revoke")
@role_required(COORDINATOR)
def device_revoke(survey_id: int):
    survey = get_scoped_or_404(Survey, survey_id)
    device = db.session.get(SurveyDevice, request.form.get("device_id", type=db_id) or 0)
    if device is None or device.survey_id != survey.id:
        flash(_("Appareil introuvable."), "error")
    else:
        devices_module.revoke_device(device, current_user)
        flash(_("Appareil « %(label)s » révoqué : il ne peut plus envoyer de réponses.",
                label=device.label), "success")
    return redirect(url_for("surveys.devices", survey_id=survey.id))


def _mode_names() -> dict[str, str]:
    return {"entretien": _("Entretien sur tablette"), "papier": _("Saisie papier"),
            "micro_trottoir": _("Micro-trottoir")}


def _describe_items(payload) -> dict[str, str]:
    """{uuid: "Feuille n° 3 · Saisie papier · École · 12/06/2026 10:30"} for the import report:
    what a facilitator recognises an answer by (sheet number, mode, place, collection time),
    never the raw UUID. Items of any shape are tolerated (the report covers bad ones too)."""
    items = payload.get("items") if isinstance(payload, dict) else None
    described = {}
    for item in items if isinstance(items, list) else []:
        if not isinstance(item, dict):
            continue
        pairs = item.get("fields") if isinstance(item.get("fields"), list) else []
        values = {str(p[0]): str(p[1]).strip() for p in reversed(pairs)
                  if isinstance(p, list | tuple) and len(p) == 2}
        parts = [_("Feuille n° %(num)s", num=values["sheet"])] if values.get("sheet") else []
        parts.append(_mode_names().get(item.get("mode"), str(item.get("mode") or "")))
        parts += [values[k] for k in ("batch_label", "place") if values.get(k)]
        try:
            parts.append(format_datetime(datetime.fromisoformat(str(item.get("collected_at"))),
                                         "short"))
        except ValueError:
            pass
        described[str(item.get("uuid"))] = " · ".join(p for p in parts if p)
    return described


def _read_upload(form: OfflineImportForm) -> dict:
    try:
        return json.loads(form.file.data.read().decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise DomainError(_("Fichier illisible : choisissez le fichier exporté depuis la "
                            "page de saisie hors ligne (.json).")) from exc


@bp.route("/surveys/<int:survey_id>/offline/import", methods=["GET", "POST"])
@role_required(FACILITATOR)
def offline_import(survey_id: int):
    """Import the file a device exported: same idempotency, same per-item report."""
    survey = get_scoped_or_404(Survey, survey_id)
    form, result, error, described = OfflineImportForm(), None, None, {}
    if form.validate_on_submit():
        try:
            payload = _read_upload(form)
            described = _describe_items(payload)
            if isinstance(payload, dict) and payload.get("survey_id") not in (None, survey.id):
                raise DomainError(_("Ce fichier contient les réponses d'un autre "
                                    "questionnaire."))
            result = sync_batch(Context(survey, current_user.id, source="file"), payload)
            record_audit("offline_import", target=f"survey:{survey.id}",
                         count=result["stored"], details={k: result[k] for k in
                                                          ("stored", "already", "refused")},
                         commit=True)
        except DomainError as exc:
            error = exc.message
    return render_template("surveys/offline_import.html", survey=survey, form=form,
                           result=result, error=error, described=described), \
        400 if error else 200
