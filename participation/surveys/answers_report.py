"""The report of an answers import (``answers_import``): what the preview and the CLI show
and what a refusal carries. Lists hold ``(column, detail)`` / ``(line, why)``; every phrase
is French through ``gettext``/``ngettext`` (the web pages render the same lists)."""
from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import ngettext

from participation.core.errors import ImportRejected
from participation.core.punctuation import both, label_colon, labelled
from participation.surveys.duplicates import kept_lines
from participation.surveys.duplicates import new_state as duplicate_state
from participation.surveys.import_consent import new_state as consent_state
from participation.surveys.import_consent import report_lines as consent_lines
from participation.surveys.import_consent import texts_line
from participation.surveys.reimport import held_lines
from participation.surveys.unlisted import new_state
from participation.surveys.unlisted import report_lines as unlisted_lines


def count_phrases(report: dict) -> dict[str, str]:
    """Each count of an import report as French reads it (``ngettext``: "1 ligne écartée",
    "0 déjà présente", "112 réponses ajoutées"), by key: rows, added, to_add, skipped, out,
    ignored, personal."""
    out, rows = len(report["left_out"]), report.get("rows", 0) + len(report["left_out"])
    return {
        "rows": ngettext("%(num)s ligne lue", "%(num)s lignes lues", rows),
        "added": ngettext("%(num)s réponse ajoutée", "%(num)s réponses ajoutées",
                          report["added"]),
        "to_add": ngettext("%(num)s réponse à ajouter", "%(num)s réponses à ajouter",
                           report["added"]),
        "skipped": ngettext("%(num)s déjà présente", "%(num)s déjà présentes",
                            report["skipped"]),
        "out": ngettext("%(num)s ligne écartée", "%(num)s lignes écartées", out),
        "ignored": ngettext("%(num)s colonne ignorée", "%(num)s colonnes ignorées",
                            len(report.get("ignored", ()))),
        "personal": ngettext("%(num)s colonne de données personnelles",
                             "%(num)s colonnes de données personnelles",
                             len(report.get("personal", ()))),
        "unlisted": ngettext("%(num)s valeur absente de la liste des choix",
                             "%(num)s valeurs absentes de la liste des choix",
                             len(report["unlisted"]["found"]) if "unlisted" in report else 0),
    }


def new_report(decisions: dict | None = None, ask: bool = False, preview: bool = False,
               duplicates: dict | None = None) -> dict:
    """The import's report and preview; lists hold ``(column, detail)`` / ``(line, why)``;
    ``errors``: every ``(line, message)`` that refuses the file
    (``answers_import.store_rows`` raises them all at once); ``unlisted``: the values
    outside the choice lists and the coordinator's decisions (``unlisted.new_state``);
    ``consent``: the contact columns and each row's consent (``import_consent.new_state``);
    ``asked``: True when the import stopped to ask about them; ``elsewhere``: the other
    surveys of the territory holding rows of the file (``reimport.held_elsewhere``);
    ``duplicates``: the likely duplicate submissions and the coordinator's choices
    (``duplicates.new_state``; ``duplicates`` the choices posted, None when none were)."""
    return {"rows": 0, "added": 0, "skipped": 0, "elsewhere": [], "matched": [],
            "ignored": [], "personal": [], "left_out": [], "notes": [], "asked": False,
            "errors": [],
            "unlisted": new_state(decisions, ask, preview), "consent": consent_state(),
            "duplicates": duplicate_state(duplicates, ask)}


def cell_problem(column: str, message: str) -> str:
    """A wrong cell as the refusal lists it: its column's header, then the reader's French
    message, which quotes the value as written ("colonne « Âge » : « 130 » est hors des
    bornes de la question (de 0 à 120)")."""
    return _("colonne « %(c)s » : %(msg)s", c=column[:80], msg=message)


def rejected(report: dict) -> ImportRejected:
    """Every problem of the file in one refusal, by line (header problems, line 1, first);
    the report rides along (``exc.report``: the unlisted values, to decide at the same
    time)."""
    exc = ImportRejected(_("Aucune réponse n'a été importée."),
                         [(e[0], e[1]) for e in sorted(report["errors"], key=lambda e: e[0])])
    exc.report = report
    return exc


def left_out_lines(left_out: list) -> list[str]:
    """Every line left out (``report["left_out"]``: ``(line, why)``) as sentences, the lines
    of one reason together: « Lignes 6 et 9 : réponse effacée à la demande de la personne le
    30 novembre 2026, non réimportée » (messages after an import: a count alone, « 2 lignes
    écartées », said no reason)."""
    by_reason: dict[str, list[int]] = {}
    for line, why in left_out:
        by_reason.setdefault(str(why), []).append(int(line))
    return [labelled(ngettext("Ligne %(lines)s", "Lignes %(lines)s", len(lines),
                              lines=both([str(n) for n in sorted(lines)])), why)
            for why, lines in by_reason.items()]


def report_lines(report: dict, dry_run: bool = False) -> list[str]:
    """The report as text lines (CLI; the web page renders the same lists)."""
    lines = [_("Colonnes lues : %(c)s", c=", ".join(f"{h} → {q}" for h, q in report["matched"])
               or "—")]
    for key, title in (("ignored", _("Colonnes ignorées")),
                       ("personal", _("Colonnes de données personnelles"))):
        lines += [label_colon(title)] + [f"  - {labelled(h, why)}" for h, why in report[key]] \
            if report[key] else []
    if report["left_out"]:
        lines += [_("Lignes écartées :")] + [_("  - ligne %(n)s : %(why)s", n=n, why=why)
                                             for n, why in report["left_out"]]
    lines += kept_lines(report)
    lines += consent_lines(report["consent"])
    in_texts = texts_line(report.get("free_texts"))
    lines += [f"  {in_texts}"] if in_texts else []
    lines += [f"  {note}" for note in report["notes"]]
    lines += unlisted_lines(list(report["unlisted"]["found"].values()))
    if report.get("quartiers"):
        lines.append(_("Réponses à ajouter par quartier : %(c)s", c=", ".join(
            f"{name} {n}" for name, n in report["quartiers"])))
    lines += held_lines(report["elsewhere"], report["rows"])
    counts = count_phrases(report)
    lines.append(", ".join(counts[k] for k in ("added", "skipped", "out"))
                 + (_(" (essai, rien n'est enregistré)") if dry_run else ""))
    return lines
