"""Privacy pages: a person's data (access, export, erasure), consents, retention settings,
and the public withdrawal page reached from the link in a message."""
from __future__ import annotations

from flask import Blueprint, Response, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_login import current_user

from participation.core.audit import record_audit
from participation.core.auth import ADMIN, COORDINATOR, get_scoped_or_404, public, role_required
from participation.core.errors import DomainError
from participation.core.personal_data import PERSONAL_TABLES, discover_registrations
from participation.core.registry import staff_menu_entry
from participation.core.security import public_submission_limit
from participation.privacy import hooks, registrations  # noqa: F401 (registers the tables)
from participation.privacy import person as person_services
from participation.privacy.access import stored
from participation.privacy.consent import (
    consent_from_token,
    consents_of,
    withdraw_consent,
)
from participation.privacy.forms import (
    EraseForm,
    ExportForm,
    PersonForm,
    WithdrawForm,
    retention_form,
)
from participation.privacy.models import (
    PURPOSES,
    WITHDRAWN_BY,
    ConsentRecord,
    WithdrawalRequest,
)
from participation.privacy.retention import retention_keys, retention_months, set_retention
from participation.privacy.texts import WITHDRAWAL_EFFECTS
from participation.privacy.withdrawal_requests import mark_handled, open_requests

discover_registrations()
bp = Blueprint("privacy", __name__, url_prefix="/privacy")
# a value stored by a person or the team, shown as stored (``privacy.access.Stored``)
bp.add_app_template_filter(stored, "stored")
staff_menu_entry("privacy.person", _l("Données d'une personne (accès, effacement)"),
                 COORDINATOR)
staff_menu_entry("privacy.registre", _l("Registre des traitements"), COORDINATOR)
staff_menu_entry("privacy.retention", _l("Durées de conservation"), ADMIN)
staff_menu_entry("privacy.audit_log", _l("Journal d'audit"), ADMIN)
LABELS = {"purposes": PURPOSES, "withdrawn_by": WITHDRAWN_BY, "effects": WITHDRAWAL_EFFECTS}
# What erased a record the search still finds (``privacy.erased``), by audit action.
ERASED_HOW = {"erasure": _l("effacement demandé sur cette page"),
              "purge": _l("fin de la durée de conservation"),
              "consent_withdrawn": _l("retrait du consentement")}


def _erase_form(form: PersonForm, holdings=None) -> EraseForm:
    """The erase form carrying the looked-up person's values (``obj=form`` would copy the
    fields themselves, i.e. their HTML, into the hidden inputs), the set found by the
    phone or e-mail typed ticked, no set found by the name alone (``privacy.sets``)."""
    ticked = [s.key for s in holdings.sets if s.by_contact] if holdings else []
    erase_form = EraseForm(formdata=None, data={
        **{name: form[name].data for name in ("phone", "email", "name")}, "sets": ticked})
    return _with_sets(erase_form, holdings)


def _with_sets(erase_form: EraseForm, holdings) -> EraseForm:
    """``erase_form`` whose checkboxes are the person sets of ``holdings``."""
    sets = holdings.sets if holdings else []
    erase_form.sets.choices = [(s.key, person_services.set_label(i, s))
                               for i, s in enumerate(sets, 1)]
    return erase_form


def _person_page(form: PersonForm, holdings=None, status: int = 200,
                 erase_form: EraseForm | None = None):
    """The access page: the search form, then (``holdings``) what is held, one section per
    person set with its export forms, and the erase form; ``erase_form`` brings back a
    refused erasure with its error."""
    consents = []
    if holdings is not None:
        consents = consents_of(current_user.territory_id, holdings.phone, holdings.email)
    sets = [(s, person_services.holdings_records(s, person_services.mentions_of(holdings, [s])))
            for s in holdings.sets] if holdings else []
    return render_template(
        "privacy/person.html", form=form,
        erase_form=_with_sets(erase_form, holdings) if erase_form else _erase_form(form,
                                                                                  holdings),
        holdings=holdings, consents=consents, tables=PERSONAL_TABLES, sets=sets,
        records=[r for _s, records in sets for r in records], labels=LABELS,
        erased_how=ERASED_HOW, requests=open_requests(current_user.territory_id)), status


def _access(phone: str | None, email: str | None, name: str | None = None):
    """Everything held about the person, the access being audited (DomainError if no
    phone, e-mail nor name is given)."""
    holdings = person_services.find_person(current_user.territory_id, phone, email, name)
    record_audit("person_access", target="person", count=holdings.total,
                 details={"tables": sorted(holdings.rows)}, commit=True)
    return holdings


@bp.route("/personne", methods=["GET", "POST"])
@role_required(COORDINATOR)
def person():
    """Right of access: everything held about a person, found by phone, e-mail or name."""
    form = PersonForm()
    if not form.validate_on_submit():
        return _person_page(form, status=422 if form.errors else 200)
    try:
        holdings = _access(form.phone.data, form.email.data, form.name.data)
    except DomainError as exc:
        form.phone.errors.append(exc.message)
        return _person_page(form, status=422)
    return _person_page(form, holdings)


@bp.post("/personne/export.<fmt>")
@role_required(COORDINATOR)
def export_person(fmt: str):
    """Download everything held about one person set of the search (JSON or CSV); the
    export is audited."""
    if fmt not in ("json", "csv"):
        abort(404)
    form = ExportForm()
    if not form.validate_on_submit():
        return _person_page(form, status=422)
    try:
        content, mimetype = person_services.export_person(
            current_user.territory_id, form.phone.data, form.email.data, fmt, form.name.data,
            form.person.data)
    except DomainError as exc:
        form.phone.errors.append(exc.message)
        return _person_page(form, status=422)
    return Response(content, mimetype=mimetype, headers={
        "Content-Disposition": f"attachment; filename=donnees-personne.{fmt}",
        "Cache-Control": "no-store"})


@bp.post("/personne/effacer")
@role_required(COORDINATOR)
def erase_person():
    """Right to erasure: erase the data of the person sets ticked, and their answers and
    contributions when the coordinator chose so (else they stay, anonymous). Nothing
    ticked, no choice, the box unticked or a stale set: the same page again with the
    reason, nothing erased."""
    form = EraseForm()
    if not form.validate_on_submit():
        return _refused_erasure(form)
    try:
        counts = person_services.erase_person(
            current_user.territory_id, form.phone.data, form.email.data, form.name.data,
            form.sets.data, words=form.words.data == "erase")
    except DomainError as exc:
        form.sets.errors = [*form.sets.errors, exc.message]
        return _refused_erasure(form)
    words = counts.pop("words", None)
    flash(ngettext("Données effacées : %(num)s enregistrement.",
                   "Données effacées : %(num)s enregistrements.", sum(counts.values())),
          "success")
    if words is not None:
        flash(words_erased(words), "success")
    return redirect(url_for("privacy.person"))


def words_erased(words) -> str:
    """What « their words too » erased, per kind, as a DPO relates it to the person
    (tester t26coord: « 27 » could not be): « Effacé aussi : 2 réponses au questionnaire
    « … », 25 réponses aux questions, 2 contributions. »; ``words``: the erasure's
    ``Counter`` (``person.erase_person``)."""
    parts = [ngettext("%(num)s réponse au questionnaire « %(t)s »",
                      "%(num)s réponses au questionnaire « %(t)s »", n, t=key[1])
             for key, n in sorted(words.items(), key=str) if isinstance(key, tuple)]
    if words.get("answers"):
        parts.append(ngettext("%(num)s réponse à une question", "%(num)s réponses aux questions",
                              words["answers"]))
    if words.get("contributions"):
        parts.append(ngettext("%(num)s contribution", "%(num)s contributions",
                              words["contributions"]))
    if not parts:
        return _("Aucune réponse ni contribution n'était à effacer.")
    return _("Effacé aussi : %(what)s.", what=", ".join(parts))


def _refused_erasure(form: EraseForm):
    """The erasure was refused (by the form or the service): the same person's data
    again, with the erase form showing why (nothing erased, nothing to type again)."""
    search = PersonForm(formdata=None, data={"phone": form.phone.data,
                                             "email": form.email.data, "name": form.name.data})
    try:
        holdings = _access(form.phone.data, form.email.data, form.name.data)
    except DomainError as exc:
        search.phone.errors = [exc.message]
        return _person_page(search, status=422)
    return _person_page(search, holdings, status=422, erase_form=form)


@bp.post("/consentements/<int:consent_id>/retirer")
@role_required(COORDINATOR)
def withdraw_by_coordinator(consent_id: int):
    """A coordinator withdraws a consent at the person's request (phone call, letter)."""
    consent = get_scoped_or_404(ConsentRecord, consent_id)
    try:
        withdraw_consent(consent, by="coordinator")
        flash(_("Consentement retiré ; les données qu'il couvrait sont effacées."), "success")
    except DomainError as exc:
        flash(exc.message, "error")
    return redirect(url_for("privacy.person"))


@bp.post("/demandes-de-retrait/<int:withdrawal_request_id>/traitee")
@role_required(COORDINATOR)
def handle_withdrawal_request(withdrawal_request_id: int):
    """The team handled a resident's withdrawal request from the public page (audited)."""
    row = get_scoped_or_404(WithdrawalRequest, withdrawal_request_id)
    if row.handled_at is None:
        mark_handled(row)
    flash(_("Demande de retrait marquée comme traitée."), "success")
    return redirect(url_for("privacy.person"))


@bp.route("/retrait/<token>", methods=["GET", "POST"])
@public
@public_submission_limit()
def withdraw(token: str):
    """Public page from the link in a message: withdraw a consent without an account."""
    consent = consent_from_token(token)
    if consent is None:
        abort(404)
    form = WithdrawForm()
    done = False
    if form.validate_on_submit() and consent.active:
        withdraw_consent(consent, by="link")
        done = True
    return render_template("privacy/withdraw.html", consent=consent, form=form, done=done,
                           labels=LABELS)


def _retention_labels() -> dict[str, str]:
    labels: dict[str, list[str]] = {}
    for entry in PERSONAL_TABLES.values():
        labels.setdefault(entry.retention_key, []).append(str(entry.label))
    return {k: " ; ".join(v) for k, v in labels.items()}


@bp.route("/conservation", methods=["GET", "POST"])
@role_required(ADMIN)
def retention():
    """The territory's retention periods, one per kind of personal data."""
    keys = retention_keys()
    form_class = retention_form(keys, _retention_labels())
    current = retention_months(current_user.territory_id)
    form = form_class(data=current)
    if form.validate_on_submit():
        try:
            set_retention(current_user.territory_id, {k: form[k].data for k in keys})
            flash(_("Durées de conservation enregistrées."), "success")
            return redirect(url_for("privacy.retention"))
        except DomainError as exc:
            form[exc.field].errors.append(exc.message)
    return render_template("privacy/retention.html", form=form, keys=keys,
                           defaults=keys), 422 if form.errors else 200


from participation.privacy import views_admin  # noqa: E402,F401
