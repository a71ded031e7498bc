"""A submission is imported once in a territory, whichever survey and path receives it.

A submission's identity is the ``Response.external_id`` its reader gives it: the export's own
id for KoboToolbox / ODK (``kobo_import._identity``: ``_uuid``, ``meta/instanceID``,
``KEY``…), a hash of the line for Google Forms (``answers_import.parse_google_rows``:
timestamp and answers). It used to be looked up in the receiving survey only, so importing an
export again through « Importer un questionnaire XLSForm » (a new survey) stored every
response a second time, in a second identical survey, and the analyses counted every text
twice (coordinator tester, session 25). Now every path (answers import of the results page,
questionnaire import, ``flask surveys import-answers`` / ``import-form``, their previews and
``--dry-run``) reads the identities of the whole territory (``stored_identities``): a
submission stored in any survey of the territory is « déjà présente » and never stored again;
the report names the survey that holds it (``held_elsewhere``), and the questionnaire import
is refused while its answers are held by another survey (``refuse_duplicate``): its preview
offers to add the new answers to that survey instead (``views_import.import_into``).
A questionnaire imported again without answers is only warned about (``same_form``): a
coordinator may mean to adapt a copy.

An erased submission is not « déjà présente »: the erasure deleted it. Its identity, and the
phones and e-mails erased with it, are buried as keyed hashes (``privacy.tombstones``), and
every path above skips a row whose identity or a contact written in it is buried, naming it
among the lines left out (``drop_erased``, tester t26coord: a routine re-import brought an
erased resident back with her contact).
"""
from __future__ import annotations

from collections import Counter

from flask_babel import format_date, ngettext
from flask_babel import gettext as _
from sqlalchemy import func, or_, select

from participation.core.errors import ImportRejected
from participation.extensions import db
from participation.privacy.masking import contacts_in
from participation.privacy.tombstones import erased_on, graves
from participation.surveys.models import Response, Survey


def stored_identities(survey: Survey) -> dict[str, int]:
    """``{external_id: id of the survey holding it}`` for every response of the territory
    of ``survey`` that has one (imported or synchronised), ``survey``'s own included."""
    return dict(db.session.execute(
        select(Response.external_id, Response.survey_id)
        .join(Survey, Survey.id == Response.survey_id)
        .where(Survey.territory_id == survey.territory_id,
               Response.external_id.is_not(None))).all())


def held_elsewhere(survey: Survey, rows: list[dict], known: dict[str, int]) -> list[dict]:
    """The other surveys of the territory already holding submissions of ``rows`` (the
    parsed file: ``{external_id, ...}``): ``[{"id", "title", "count"}]``, most first;
    ``count`` is the number of distinct submissions of the file it holds (a line repeated in
    the file counts once)."""
    counts = Counter(known[identity] for identity in {r["external_id"] for r in rows}
                     if known.get(identity, survey.id) != survey.id)
    if not counts:
        return []
    titles = dict(db.session.execute(select(Survey.id, Survey.title)
                                     .where(Survey.id.in_(counts))).all())
    return [{"id": sid, "title": titles[sid], "count": n}
            for sid, n in sorted(counts.items(), key=lambda item: (-item[1], item[0]))]


def same_form(survey: Survey) -> list[dict]:
    """The other surveys of ``survey``'s territory made from the same form: the same XLSForm
    ``form_id`` (settings sheet) or the same title, case and spaces aside:
    ``[{"id", "title", "form_id", "version", "responses"}]``, oldest first; ``version``: the
    XLSForm's ``settings.version`` kept at its import (None before it was kept). Two
    versions of a form are the same form: the warning says which version each is."""
    same = [func.lower(func.trim(Survey.title)) == survey.title.strip().lower()]
    if survey.form_id:
        same.append(Survey.form_id == survey.form_id)
    responses = (select(func.count(Response.id)).where(Response.survey_id == Survey.id)
                 .scalar_subquery())
    rows = db.session.execute(
        select(Survey.id, Survey.title, Survey.form_id, Survey.form_version, responses)
        .where(Survey.territory_id == survey.territory_id, Survey.id != survey.id,
               or_(*same)).order_by(Survey.id)).all()
    return [{"id": r[0], "title": r[1], "form_id": r[2], "version": r[3], "responses": r[4]}
            for r in rows]


def held_lines(held: list[dict], total: int) -> list[str]:
    """Each survey of ``held_elsewhere`` as a French phrase, ``total`` being the file's
    submissions read (``report["rows"]``)."""
    return [ngettext("%(num)s réponse du fichier sur %(total)s est déjà dans le "
                     "questionnaire « %(t)s » (n° %(id)s) : elle n'est pas importée à nouveau",
                     "%(num)s réponses du fichier sur %(total)s sont déjà dans le "
                     "questionnaire « %(t)s » (n° %(id)s) : elles ne sont pas importées à "
                     "nouveau", h["count"], total=total, t=h["title"], id=h["id"])
            for h in held]


def same_form_lines(same: list[dict], version: str | None = None) -> list[str]:
    """Each survey of ``same_form`` as a French warning, saying whether the file being
    imported (its ``settings.version``: ``version``) is the same version of the form."""
    lines = []
    for s in same:
        line = ngettext("Un questionnaire du même formulaire existe déjà : « %(t)s » (n° %(id)s, "
                        "identifiant du formulaire « %(f)s », version « %(v)s », %(num)s "
                        "réponse).",
                        "Un questionnaire du même formulaire existe déjà : « %(t)s » (n° %(id)s, "
                        "identifiant du formulaire « %(f)s », version « %(v)s », %(num)s "
                        "réponses).", s["responses"], t=s["title"], id=s["id"],
                        f=s["form_id"] or "—", v=s.get("version") or "—")
        if version and version == s.get("version"):
            line += " " + _("Ce fichier est la même version du formulaire.")
        elif version:
            line += " " + _("Ce fichier est la version « %(v)s » du formulaire.", v=version)
        lines.append(line)
    return lines


def refuse_duplicate(found: dict) -> None:
    """``ImportRejected`` when the answers of a questionnaire import (``found``:
    ``import_preview.summary``) are held by another survey: importing would make a second
    survey of the same submissions; the preview offers to add them to that survey.
    ``exc.held`` is True (``views_import.import_confirm`` tells it from other refusals)."""
    answers = found.get("answers") or {}
    held = answers.get("elsewhere") or []
    if held:
        lines = held_lines(held, answers.get("rows", 0))
        exc = ImportRejected(" ".join([
            _("Ces réponses ont déjà été importées :"), "; ".join(lines) + ".",
            _("Un second questionnaire n'est pas créé : ajoutez les nouvelles réponses au "
              "questionnaire qui les contient (« Ajouter les nouvelles réponses à… » sur "
              "l'aperçu), ou annulez.")]), [])
        exc.held = True  # the web confirmation shows a new preview when held since its own
        raise exc


def _written_contacts(values: dict) -> set[str]:
    """The normalised phones and e-mails written in a parsed row's values (a contact
    question's cell, a free text; a list holds choices and « Autre » texts)."""
    found: set[str] = set()
    for value in values.values():
        for item in value if isinstance(value, list | tuple) else [value]:
            found |= contacts_in(item)
    return found


def drop_erased(survey: Survey, rows: list[dict], report: dict) -> list[dict]:
    """``rows`` (parsed, to be stored) without those an erasure buried: the submission's
    identity, or a phone or e-mail written in it (``privacy.tombstones``). Each one left
    out goes to ``report["left_out"]`` with the day of the erasure, and its problems are
    forgotten (it is not read)."""
    buried = graves(survey.territory_id)
    if not buried:
        return rows
    kept, dropped = [], set()
    for row in rows:
        day = erased_on(buried, row["external_id"], _written_contacts(row.get("values", {})))
        if day is None:
            kept.append(row)
            continue
        dropped.add(row["line"])
        report["left_out"].append((row["line"], _(
            "réponse effacée à la demande de la personne le %(day)s, non réimportée",
            day=format_date(day, "long"))))
    report["left_out"].sort(key=lambda item: item[0])
    report["errors"] = [e for e in report["errors"] if e[0] not in dropped]
    return kept
