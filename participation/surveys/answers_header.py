"""What each column of an answers file is (``answers_import``, ``kobo_import``): the date
column first (Google Forms' « Horodateur », a paper sheet's « Date de passage »…), the
questions by their labels, the consent column, contact columns without a question (set
aside) and Google's own columns (ignored); and each date column's day-first order, decided
on the whole column (``formats``). Moved from ``answers_import`` unchanged."""
from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext

from participation.core.errors import ImportRejected
from participation.surveys.answer_values import snapshots
from participation.surveys.csv_read import norm
from participation.surveys.export_metadata import GOOGLE_TIME, PAPER_TIME
from participation.surveys.formats import AmbiguousColumn, day_first
from participation.surveys.import_consent import is_consent_header
from participation.surveys.models import Survey
from participation.surveys.personal import label_is_personal

TIMESTAMP_HEADERS = {"horodateur", "timestamp", "horodatage", "marque temporelle"}
# A spreadsheet of paper questionnaires typed by a volunteer dates each sheet in its first
# column under a header of its own (coordinator tester, 2026-11-30: « Date de passage »
# refused with Google's « Horodateur »). Checked after the Kobo shape: a Kobo form may have a
# first question named "date".
PAPER_DATE_HEADERS = {"date", "date de passage", "date de saisie", "date de l'entretien",
                      "date de réponse", "date de la réponse", "date du questionnaire",
                      "date de collecte", "date de l'enquête", "date d'enquête"}
DATE_HEADERS = TIMESTAMP_HEADERS | PAPER_DATE_HEADERS
GOOGLE_EXTRA = {"score", "note", "total"}  # quiz columns Google adds
CONSENT_ROLE = _l("consentement aux coordonnées : lu pour garder ou non les coordonnées de "
                  "la ligne")



def column_orders(rows: list[list[str]], columns: dict, extra=(),
                  errors: list | None = None) -> dict[int, bool]:
    """Day-first flag of every date column, decided on the whole column (``formats``); an
    ambiguous column is an error of line 1: added to ``errors`` when given (the column is
    then read day first, as French writes it), else raised as ``ImportRejected``."""
    orders, found = {}, []
    wanted = [i for i, q in columns.items() if q.type == "date"] + list(extra)
    for i in wanted:
        try:
            orders[i] = day_first(r[i] for r in rows[1:] if i < len(r))
        except AmbiguousColumn as exc:
            found.append((1, _("colonne « %(c)s » : %(msg)s", c=rows[0][i][:60], msg=str(exc))))
    if errors is not None:
        errors.extend(found)
    elif found:
        raise ImportRejected(_("Aucune réponse n'a été importée."), found)
    return orders


def _by_label(survey: Survey) -> dict[str, list]:
    found: dict[str, list] = {}
    for question in snapshots(survey):
        for label in dict.fromkeys(norm(x) for x in question.labels):
            found.setdefault(label, []).append(question)
    return found


def _map_column(i: int, title: str, state: dict, report: dict, errors: list) -> None:
    key = norm(title)
    if i in state["empty"] and key not in state["labels"]:
        report["ignored"].append((title, _("colonne vide (ajoutée par le tableur ?)")))
        return
    candidates, rank = state["labels"].get(key, []), state["seen"].get(key, 0)
    state["seen"][key] = rank + 1
    if rank < len(candidates):
        question = candidates[rank]
        state["columns"][i] = question
        report["matched"].append((title, question.name))
        if question.personal:
            report["consent"]["contacts"].append(title)
    elif candidates:
        errors.append((1, ngettext(
            "colonne « %(c)s » : %(n)s colonnes portent cet intitulé mais le questionnaire "
            "n'a que %(num)s question ainsi intitulée",
            "colonne « %(c)s » : %(n)s colonnes portent cet intitulé mais le questionnaire "
            "n'a que %(num)s questions ainsi intitulées", len(candidates), c=title[:80],
            n=rank + 1)))
    elif is_consent_header(title):
        report["matched"].append((title, str(CONSENT_ROLE)))
    elif label_is_personal(title):
        report["personal"].append((title, _("données personnelles sans question "
                                            "correspondante : non enregistrées")))
    elif key in GOOGLE_EXTRA:
        report["ignored"].append((title, _("colonne ajoutée par Google Forms")))
    else:
        errors.append((1, _("colonne « %(c)s » : aucune question n'a cet intitulé ; "
                            "supprimez la colonne ou corrigez l'intitulé", c=title[:80])))


def map_header(survey: Survey, rows: list[list[str]], report: dict) -> tuple[dict, list]:
    header = rows[0] if rows else []
    empty = {i for i in range(len(header))
             if not any(i < len(r) and r[i].strip() for r in rows[1:])}
    state = {"labels": _by_label(survey), "seen": {}, "columns": {}, "empty": empty}
    errors = []
    if not header or norm(header[0]) not in DATE_HEADERS:
        errors.append((1, _("la première colonne doit être la date de chaque réponse : "
                            "« Horodateur » (ou « Timestamp ») d'un export Google Forms, ou "
                            "« Date » (ou « Date de passage », « Date de saisie ») d'une "
                            "saisie de questionnaires papier")))
    for i, title in enumerate(header):
        if i == 0 and norm(title) in DATE_HEADERS:
            role = GOOGLE_TIME if norm(title) in TIMESTAMP_HEADERS else PAPER_TIME
            report["matched"].append((title, str(role)))
            continue
        _map_column(i, title, state, report, errors)
    return state["columns"], errors
