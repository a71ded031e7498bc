"""Importing answers from a CSV: a Google Forms export (question labels as headers) here, a
KoboToolbox / ODK export (``kobo_import``) or the platform's own template.

All or nothing: one wrong line and nothing is stored; the refusal names every wrong line of
the file at once (line, column, the value as written, the French reason) together with the
values outside the choice lists met on the rows that would be stored (``unlisted``), so that
one correction of the file and one decision per value are enough (the faults used to come in
two rounds: the wrong lines first, then, once corrected, the unlisted values). Rows the import
skips (already stored, met twice in the file, rejected in review) are not read at all (no
refusal, no value in the unlisted list), and a value outside the list in an answer dropped
because its question does not apply is not listed nor counted either.

The **report** (``answers_report.new_report``) is also the preview shown before anything is
stored (web "Vérifier seulement", CLI ``--dry-run``): columns matched, ignored and treated as
personal data, rows left out and why, rows to add and already present, and the rows to add
per quartier with the question that gives it (``quartier_link.preview_counts``).

Google Forms: ``Horodateur`` / ``Timestamp`` first (see ``formats`` for the date forms), then
one column per question headed by its label (spelling differences of a spreadsheet round trip
are tolerated, ``csv_read.norm``). Two questions with the same label (« Précisez : ») take the
columns with that header in order. A column whose header asks for contact data but matches no
question (Google's own « Adresse e-mail ») is set aside, never stored as an answer. A contact
column of a personal question goes to the separate contact table only for the rows whose file
carries a consent answer, or on the coordinator's audited declaration that consent was
collected outside the file (``import_consent``, docs/surveys.md); the other rows keep their
answers without their contact, and the report counts them. Each line's identity is a hash of
the line: re-importing adds nothing, into this survey or any other of the territory
(``reimport``).
"""
from __future__ import annotations

import hashlib

from flask_babel import gettext as _
from flask_babel import ngettext

from participation.core.errors import ImportRejected
from participation.extensions import db
from participation.surveys import collection_tools, duplicates
from participation.surveys.answer_values import cell_value_memo, snapshots
from participation.surveys.answering import condition_plan, split_applicable
from participation.surveys.answers_header import (
    DATE_HEADERS,
    TIMESTAMP_HEADERS,
    column_orders,
    map_header,
)
from participation.surveys.answers_report import cell_problem, new_report, rejected
from participation.surveys.bulk import contribution_counts
from participation.surveys.csv_read import (
    check_shape,
    decode,
    drop_stray_columns,
    norm,
    read_rows,
    separator_name,
)
from participation.surveys.export_metadata import (
    ZONE_NOTE,
    parse_instant,
)
from participation.surveys.import_consent import (
    audit_declaration,
    column_reason,
    consent_columns,
    row_cells,
    settle,
)
from participation.surveys.models import Survey
from participation.surveys.quartier_link import preview_counts, quartier_question
from participation.surveys.reimport import drop_erased, held_elsewhere, stored_identities
from participation.surveys.unlisted import keep_only, undecided

MAX_ROWS = 100_000


def _row_values(row: list[str], columns: dict, orders: dict, cache: dict,
                where: tuple[list[str], int]) -> tuple[dict, list[tuple[str, int]]]:
    """Values and problems ``(message, question id)``. ``cache``: the option lookups, under
    "memo" the cells already read, under "unlisted" the values outside the choice lists;
    ``where``: the header and the line number."""
    values, problems = {}, []
    header, line = where
    for i, question in columns.items():
        raw = row[i] if i < len(row) else ""
        if not raw.strip():
            continue
        try:
            values[question.id] = cell_value_memo(cache.setdefault("memo", {}), question, raw,
                                                  orders.get(i, True), cache=cache,
                                                  where=(header[i], line))
        except ValueError as exc:
            problems.append((cell_problem(header[i], str(exc)), question.id))
    return values, problems


def _google_row(row: list[str], line: int, read: dict, report: dict) -> dict:
    """One data row: its date and values; every problem of the line (the date and each
    wrong cell) goes to ``report["errors"]``. ``read``: header, columns, orders, cache."""
    header = read["header"]
    try:
        submitted_at = parse_instant(row[0], read["orders"][0])
    except ValueError as exc:
        submitted_at = None
        report["errors"].append((line, cell_problem(header[0], str(exc))))
    values, problems = _row_values(row, read["columns"], read["orders"], read["cache"],
                                   (header, line))
    report["errors"].extend((line, p, qid) for p, qid in problems)
    return {"line": line, "submitted_at": submitted_at, "values": values}


def parse_google_rows(survey: Survey, rows: list[list[str]], report: dict,
                      known: set[str] | None = None) -> list[dict]:
    """Rows as ``{line, submitted_at, values, external_id}``. A row whose identity is in
    ``known`` (stored before) or met on an earlier line of the file is
    ``{line, external_id, skipped: True}``, not read. Problems go to ``report["errors"]``
    (``store_rows`` refuses with all of them); a file whose first column is not the
    timestamp raises ``ImportRejected`` at once (no row can be dated)."""
    columns, errors = map_header(survey, rows, report)
    if errors and norm(rows[0][0]) not in DATE_HEADERS:
        raise ImportRejected(_("Les en-têtes ne correspondent pas au questionnaire."), errors)
    report["errors"].extend(errors)
    read = {"header": rows[0], "columns": columns, "cache": {"unlisted": report["unlisted"]},
            "orders": column_orders(rows, columns, extra=[0], errors=report["errors"]),
            "consent": consent_columns(rows[0], columns)}
    report["consent"]["columns"] = [rows[0][i] for i in read["consent"]]
    compared = duplicates.plan(columns, read["consent"])
    report["duplicates"]["kinds"] = compared["kinds"]
    parsed, seen = [], set(known or ())
    for line, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        identity = "csv:" + hashlib.sha1("\x1f".join(row).encode()).hexdigest()
        seen_row = {"sig": duplicates.signature(compared, row),
                    "meta": duplicates.google_meta(rows[0], row)}
        if identity in seen:
            parsed.append({"line": line, "external_id": identity, "skipped": True} | seen_row)
            continue
        seen.add(identity)
        parsed.append(_google_row(row, line, read, report) | seen_row | {
            "external_id": identity, "consent": row_cells(row, read["consent"])})
    report["notes"].append(str(ZONE_NOTE))
    return parsed


def _drop_not_applicable(survey: Survey, rows: list[dict], report: dict) -> dict[int, set]:
    """Answers to a question whose display condition does not hold for the row are left out
    (``answering.split_applicable``: the phone form's rule), and the report says how many.
    Returns ``{line: ids of every question that does not apply to the row}``."""
    dropped, lines, left = 0, 0, {}
    # plain snapshots (id, name, options) instead of ORM questions: attribute access per row
    # and question was a quarter of a 10,000-row import
    snaps = {q.id: q for q in snapshots(survey)}
    plan = [(snaps[q.id], ast) for q, ast in condition_plan(survey.questions)]
    if all(ast is None for _q, ast in plan):
        return left
    for row in rows:
        given = row["values"]
        row["values"], left[row["line"]] = split_applicable(list(snaps.values()), given, plan)
        n = len(given) - len(row["values"])
        dropped, lines = dropped + n, lines + bool(n)
    if dropped:
        report["notes"].append(ngettext(
            "%(num)s réponse à une question qui ne s'appliquait pas (condition d'affichage non "
            "remplie) n'est pas comptée (%(rows)s ligne(s)).",
            "%(num)s réponses à des questions qui ne s'appliquaient pas (condition d'affichage "
            "non remplie) ne sont pas comptées (%(rows)s ligne(s)).", dropped, rows=lines))
    return left


def _settle(report: dict, fresh: list[dict], not_applying: dict[int, set]) -> None:
    """What a cell of a question that does not apply holds is not read, as on the phone
    form: its problem (``report["errors"]`` entries ``(line, message, question id)``) and
    its value outside the choice list are forgotten, and so are the values of the rows not
    stored (``unlisted.keep_only``). Only when the row's other answers are settled: a
    problem or a value still to decide in a question that applies may change which apply
    (then everything of the row is reported, the file being refused or asked about anyway).
    """
    state = report["unlisted"]
    unsure: dict[int, set] = {}
    for line, qid in [*state["pending"], *((e[0], e[2]) for e in report["errors"]
                                          if len(e) > 2)]:
        unsure.setdefault(line, set()).add(qid)
    ignored = {}
    for row in fresh:
        skipped = not_applying.get(row["line"], set())
        ignored[row["line"]] = skipped if unsure.get(row["line"], set()) <= skipped else set()
    report["errors"] = [e for e in report["errors"]
                        if len(e) < 3 or e[2] not in ignored.get(e[0], ())]
    keep_only(state, ignored)


def _contacts(survey: Survey, fresh: list[dict], report: dict) -> None:
    """Keep the contacts of the rows that consent, drop the others' (``import_consent``);
    the personal questions' columns go first in the report's personal list, with what
    becomes of them."""
    state = report["consent"]
    settle({q.id for q in snapshots(survey) if q.personal}, fresh, state)
    report["personal"][:0] = [(title, column_reason(state)) for title in state["contacts"]]


def store_rows(survey: Survey, rows: list[dict], report: dict, dry_run: bool = False,
               known: dict[str, int] | None = None, commit: bool = True) -> dict:
    """Store every new row as a Response (channel "import"); fill added, skipped and
    elsewhere. Rows marked ``skipped`` by the parser, or whose identity is stored in any
    survey of the territory or met earlier, are not stored and their values outside the
    choice lists are not counted (``unlisted.keep_only``); ``report["elsewhere"]``: the
    other surveys holding some (``reimport.held_elsewhere``). A likely duplicate of another
    line (``duplicates``: one person's answers sent twice, compared with the lines already
    stored too) is set aside unless the coordinator kept it, named among the lines left
    out. ``ImportRejected`` with every
    problem of ``report["errors"]`` (``rejected``). ``known``: ``stored_identities``, when
    the caller read them already; ``commit`` False: the caller commits (a questionnaire and
    its answers in one transaction, ``import_preview``)."""
    known = stored_identities(survey) if known is None else known
    fresh = [r for r in rows if not r.get("skipped") and r["external_id"] not in known]
    fresh = list({r["external_id"]: r for r in fresh}.values())
    stored = [r for r in rows if r["external_id"] in known]  # not a line met twice here
    kept = duplicates.set_aside(drop_erased(survey, fresh, report), stored, report)
    report.update(rows=len(rows) - len(fresh) + len(kept), added=len(kept),
                  skipped=len(rows) - len(fresh), elsewhere=held_elsewhere(survey, rows, known))
    fresh = kept
    _settle(report, fresh, _drop_not_applicable(survey, fresh, report))
    _contacts(survey, fresh, report)
    if report["errors"]:
        raise rejected(report)
    report["asked"] = bool(undecided(report["unlisted"])) or report["duplicates"]["asked"]
    report["free_texts"] = contribution_counts(survey, fresh)
    if dry_run or report["asked"]:  # a preview, or values outside the choice lists to decide
        question = quartier_question(survey)
        report["quartier"] = question.label if question is not None else None
        report["quartiers"] = preview_counts(survey, fresh)
        return report
    from participation.surveys.bulk import insert_responses

    insert_responses(survey, fresh, collected_with=report.get("tool"))
    if report["consent"]["counts"].get("declared"):
        audit_declaration(survey, report["consent"])
    if commit:
        db.session.commit()
    return report


def _score(survey: Survey, dates: bool = True):
    """How many header cells a separator gives that the survey recognises (``dates``: a
    date column's header counts too; it does not say the file's columns are questions)."""
    from participation.surveys.kobo_import import known_header

    labels = {norm(x) for q in snapshots(survey) for x in q.labels}
    labels |= DATE_HEADERS if dates else set()

    def score(header: list[str]) -> int:
        return sum(1 for h in header if norm(h) in labels or known_header(survey, h))

    return score


def read_answers(survey: Survey, content: bytes,
                 report: dict | None = None) -> tuple[list[list[str]], str]:
    """Rows of a CSV, a spreadsheet or an ODK Central ZIP (``sheet_read``), and the CSV
    separator ("" for a spreadsheet). ``ImportRejected`` for an empty or too long file, or
    one whose rows are not as wide as its header (``csv_read.check_shape``)."""
    from participation.surveys.sheet_read import answer_table, filled_span

    table = answer_table(content)
    if table is not None and report is not None and table[1]:
        report["notes"].append(table[1])
    if table is not None and not isinstance(table[0], bytes):
        rows, sep = filled_span(table[0]), ""
        rows = drop_stray_columns(rows) if rows else rows
    else:
        text = decode(table[0] if table is not None else content)
        rows, sep = read_rows(text, _score(survey))
    if not rows or not any(c.strip() for c in rows[0]):
        raise ImportRejected(_("Le fichier est vide."), [(1, _("aucun en-tête"))])
    if len(rows) > MAX_ROWS:
        raise ImportRejected(_("Fichier trop long."), [(MAX_ROWS, _("trop de lignes"))])
    check_shape(rows, spreadsheet=not sep)
    return rows, sep


def _with_separator(exc: ImportRejected, sep: str, recognised: int) -> ImportRejected:
    if sep and not recognised:
        exc.errors.append((1, _("séparateur supposé : %(s)s (aucun séparateur ne donne des "
                                "en-têtes qui correspondent aux questions)",
                                s=separator_name(sep))))
    return exc


def import_google_csv(survey: Survey, content: bytes, dry_run: bool = False) -> dict:
    report = new_report(preview=dry_run)
    rows, _sep = read_answers(survey, content, report)
    report["tool"] = report["detected"] = collection_tools.detect(rows[0])
    known = stored_identities(survey)
    parsed = parse_google_rows(survey, rows, report, known)
    return store_rows(survey, parsed, report, dry_run, known)


def import_answers_csv(survey: Survey, content: bytes, dry_run: bool = False,
                       decisions: dict | None = None, ask: bool = False,
                       commit: bool = True, consent_outside: str | None = None,
                       tool: str | None = None, doubles: dict | None = None) -> dict:
    """Google Forms export (labels as headers) or KoboToolbox/ODK export (names, _uuid):
    the report (``new_report``), or ``ImportRejected`` and nothing stored. ``decisions``:
    what becomes of each value outside the choice lists (``unlisted``); ``ask``: store
    nothing while one of them has no decision (the report's ``asked`` is then True);
    ``commit`` False: stored in the caller's transaction (``store_rows``);
    ``consent_outside``: the coordinator's « where and how » consent to keep contacts was
    collected outside the file (``import_consent``; None: only the file's consent counts);
    ``tool``: how the answers were collected (``collection_tools.TOOLS``, the coordinator's
    choice; else detected from the header), the report's "tool", kept with each response;
    ``doubles``: what becomes of each likely duplicate submission (``duplicates``:
    ``{line: action}``; None: nothing chosen yet, each is set aside, and with ``ask`` the
    import stops to show them)."""
    from participation.surveys.kobo_import import is_kobo, parse_kobo_rows

    report = new_report(decisions, ask, preview=dry_run, duplicates=doubles)
    report["consent"]["declared"] = consent_outside or None
    rows, sep = read_answers(survey, content, report)
    report["detected"] = collection_tools.detect(rows[0])
    report["tool"] = collection_tools.chosen(tool, report["detected"])
    known = stored_identities(survey)
    try:
        if norm(rows[0][0]) not in TIMESTAMP_HEADERS and is_kobo(survey, rows[0]):
            parsed = parse_kobo_rows(survey, rows, report, known)
        else:
            parsed = parse_google_rows(survey, rows, report, known)
        return store_rows(survey, parsed, report, dry_run, known, commit)
    except ImportRejected as exc:
        raise _with_separator(exc, sep, _score(survey, dates=False)(rows[0])) from None
