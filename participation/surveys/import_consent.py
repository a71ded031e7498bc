"""Consent for the contact data of an imported answers file (Kobo, ODK, Google Forms, Excel).

The project's rule (docs/privacy.md, docs/surveys.md "Contacts of an import"): personal data
only with consent, stored apart. A column of a personal question (name, phone, e-mail,
address: ``personal``) is kept, in ``survey_contact``, only for the rows whose file carries a
clear consent answer; every other row keeps its answers and loses its contact, and the
preview, the report and the CLI say how many, and why, in French (nothing silently dropped).

- **Consent column** (``is_consent_header``): a header (or its Kobo/ODK last path segment,
  or the label of the question it names) that records consent: « Consentement », « RGPD »,
  « J'accepte que mes coordonnées soient conservées », « Acceptez-vous d'être
  recontacté(e) ? », XLSForm names ``consent``, ``consentement``, ``q_rgpd``,
  ``accord_contact``… (the usual name of a Kobo ``acknowledge`` consent box, which the
  questionnaire import skips: not a question). A column of a personal question is never one.
- **Answer** (``verdict``), read as Google Forms (the ticked box's label), Kobo/ODK (choice
  name ``yes``/``oui``/``1``, label « Oui », an ``acknowledge`` « OK ») and Excel
  (``1``/``VRAI``/``x``) write it: « oui », « yes », « true », « 1 », « j'accepte »,
  « d'accord », « je souhaite être recontacté(e) »… is ``given``; « non », « no », « 0 »,
  « je refuse »… ``refused``; an empty
  cell ``empty``; anything else ``unclear`` (not taken as consent); no consent column:
  ``none``. Several consent columns: one refusal refuses, else one clear yes gives.
- **Consent collected outside the file** (paper sheets, orally at the door): only on the
  coordinator's explicit choice with a free text saying where and how (``declared``), never
  by default; it covers the rows with no consent answer (``none``, ``empty``), never a
  refusal nor an unclear answer, and is recorded in the audit log (``audit_declaration``).
"""
from __future__ import annotations

import re
import unicodedata

from flask_babel import force_locale, ngettext
from flask_babel import gettext as _

from participation.privacy.masking import mask_contacts

_ACCEPT = (r"(je |j')?(accepte|acceptez|autoris|consens)|(etes-vous |je suis |vous etes )?"
           r"d'accord|ok pour|(souhaitez|voulez)-vous etre (re)?contact|"
           r"(pouvons-nous|peut-on|pouvez-vous) vous (re)?contact")
CONSENT_LABEL = re.compile(
    r"\bconsent|\brgpd\b|\bgdpr\b|\bopt[ -]?in\b|^(" + _ACCEPT + r").*("
    r"contact|coordonn|rappel|donnees|conserv|joindre|numero|telephone|mail)")
# a field name (``_``-separated words): a word starting "consent", "rgpd", "gdpr" or
# "recontact", or an agreement word ("accord", "ok", "accept…") with a contact word after it
CONSENT_NAME = re.compile(r"(^|.*_)(consent|rgpd|gdpr|recontact)\w*|"
                          r"(^|.*_)(accord|ok|accept)\w*_?\w*(contact|coordonn)\w*")
GIVEN = re.compile(r"(oui|yes|y|true|vrai|1|1\.0|x|ok|okay|d'accord|j'accepte|j accepte|"
                   r"accepte|i agree|agree|i consent|je consens|j'autorise|consent|je veux bien|"
                   r"je souhaite etre (re)?contact\w*)\b")
REFUSED = re.compile(r"(non|no|n|false|faux|0|0\.0|je refuse|refuse|je n'accepte pas|"
                     r"pas d'accord|i do not|i don't)\b")
NOT_KEPT = ("none", "empty", "refused", "unclear")
MAX_ROWS_SHOWN = 200  # rows listed one by one in the preview; the counts cover every row
MAX_DECLARATION = 500  # characters of the coordinator's « where and how »


def _plain(text: str) -> str:
    """Lower case, accents stripped, curly apostrophes straight, spaces collapsed."""
    text = unicodedata.normalize("NFKD", (text or "").replace("\u2019", "'"))
    return " ".join(text.encode("ascii", "ignore").decode().lower().split())


def is_consent_header(title: str, labels=()) -> bool:
    """True when a column header, its last ``/`` (Kobo) or ``-`` (ODK Central) path segment
    or one of ``labels`` (those of the question it names) records consent to keep contact
    data (module docstring)."""
    tail = (title or "").split("/")[-1]
    names = {_plain(tail).replace("-", "_"), _plain(tail.split("-")[-1])}
    if any(CONSENT_NAME.fullmatch(name) for name in names):
        return True
    return any(CONSENT_LABEL.search(_plain(text)) for text in (title, tail, *labels))


def answer_verdict(raw: str) -> str:
    """One cell: ``given``, ``refused``, ``empty`` or ``unclear`` (module docstring)."""
    text = _plain(raw).strip(" .!")
    if not text:
        return "empty"
    if REFUSED.match(text):
        return "refused"
    return "given" if GIVEN.match(text) else "unclear"


def verdict(cells: list[str] | None) -> str:
    """A row's consent from its consent cells (``None``: the file has no consent column)."""
    if cells is None:
        return "none"
    found = {answer_verdict(c) for c in cells}
    for kind in ("refused", "given", "unclear"):
        if kind in found:
            return kind
    return "empty"


def row_cells(row: list[str], columns: list[int]) -> list[str] | None:
    """The row's cells in the consent ``columns``; None when the file has none."""
    if not columns:
        return None
    return [row[i] if i < len(row) else "" for i in columns]


def consent_columns(header: list[str], questions: dict) -> list[int]:
    """The indexes of the consent columns of ``header``; ``questions``: column index -> the
    question snapshot it is read as (its labels count; a personal one is never a consent
    column)."""
    found = []
    for i, title in enumerate(header):
        question = questions.get(i)
        if question is not None and question.personal:
            continue
        if is_consent_header(title, question.labels if question is not None else ()):
            found.append(i)
    return found


def new_state() -> dict:
    """The report's ``consent`` part: ``columns`` (consent headers), ``contacts`` (headers of
    the personal questions' columns), ``declared`` (the coordinator's « where and how », or
    None), ``rows`` ``[line, answer as written or None, status]`` for each row to add that
    holds a contact (status: ``given``, ``declared`` or one of ``NOT_KEPT``), ``counts``
    ``{status: rows}``."""
    return {"columns": [], "contacts": [], "declared": None, "rows": [], "counts": {}}


def _shown(cells: list[str] | None) -> str | None:
    """The consent answer as the preview quotes it: the cells joined, cut at 60 characters,
    any phone or e-mail masked (never shown nor kept in the preview's JSON)."""
    if cells is None:
        return None
    return mask_contacts(" / ".join(c.strip() for c in cells if c.strip())[:60])


def _record(state: dict, cells: list[str] | None, status: str) -> dict:
    """The consent stored with the row's contacts (``survey_contact.consent_text``, written
    in French: its ``consent_language`` is "fr"; ``consent_version`` says which kind)."""
    with force_locale("fr"):
        if status == "declared":
            return {"text": _("Consentement recueilli hors du fichier importé, déclaré à "
                              "l'import : %(how)s", how=state["declared"]),
                    "version": "import-declare"}
        return {"text": _("Consentement donné dans le fichier importé (colonne « %(c)s » : "
                          "« %(v)s »).", c=" / ".join(state["columns"])[:200],
                          v=_shown(cells) or ""),
                "version": "import-fichier"}


def settle(personal: set[int], rows: list[dict], state: dict) -> None:
    """Decide each row's contacts: ``rows`` (``{line, values, consent}``: ``consent`` the
    cells of ``row_cells``) to be stored; ``personal``: the ids of the personal questions.
    A row whose consent is not ``given`` (nor ``declared``) loses its personal values (its
    other answers stay); a kept row gets ``contact_consent`` (``_record``). Fills
    ``state["rows"]`` and ``state["counts"]``. The few distinct consent answers of a file
    are read once (``read``: masking 30,000 answers one by one took 1.3 s)."""
    read: dict = {}  # consent cells -> (status, as shown); (cells, status) -> its record
    for row in rows:
        held = [qid for qid in personal if row["values"].get(qid)]
        if not held:
            continue
        cells = row.get("consent")
        key = tuple(cells) if cells is not None else None
        if key not in read:
            read[key] = (verdict(cells), _shown(cells))
        status, shown = read[key]
        if status in ("none", "empty") and state["declared"]:
            status = "declared"
        if status in NOT_KEPT:
            for qid in held:
                row["values"].pop(qid)
        else:
            if (key, status) not in read:
                read[(key, status)] = _record(state, cells, status)
            row["contact_consent"] = read[(key, status)]
        state["rows"].append([row["line"], shown, status])
        state["counts"][status] = state["counts"].get(status, 0) + 1


def column_reason(state: dict) -> str:
    """What becomes of a personal question's column, for the preview's column list."""
    if state["columns"]:
        return _("coordonnées gardées à part pour les lignes dont la colonne « %(c)s » donne "
                 "le consentement, non conservées pour les autres",
                 c=" / ".join(state["columns"]))
    if state["declared"]:
        return _("coordonnées gardées à part : consentement recueilli hors du fichier "
                 "(déclaré à l'import)")
    return _("coordonnées non conservées : le fichier n'a pas de colonne de consentement")


def status_text(status: str) -> str:
    """One row's outcome in words (the preview's table, the CLI)."""
    return {
        "given": _("consentement donné dans le fichier : coordonnées gardées à part"),
        "declared": _("consentement recueilli hors du fichier : coordonnées gardées à part"),
        "none": _("pas de consentement dans le fichier : coordonnées non conservées"),
        "empty": _("réponse de consentement vide : coordonnées non conservées"),
        "refused": _("consentement refusé : coordonnées non conservées"),
        "unclear": _("réponse de consentement non reconnue (ni oui ni non) : coordonnées "
                     "non conservées"),
    }[status]


# each outcome's count as a sentence (``ngettext``: the msgids must be literal)
PHRASES = {
    "given": lambda n: ngettext(
        "%(num)s coordonnée gardée à part : consentement donné dans le fichier",
        "%(num)s coordonnées gardées à part : consentement donné dans le fichier", n),
    "declared": lambda n: ngettext(
        "%(num)s coordonnée gardée à part : consentement recueilli hors du fichier",
        "%(num)s coordonnées gardées à part : consentement recueilli hors du fichier", n),
    "none": lambda n: ngettext(
        "%(num)s coordonnée non conservée : pas de consentement dans le fichier",
        "%(num)s coordonnées non conservées : pas de consentement dans le fichier", n),
    "empty": lambda n: ngettext(
        "%(num)s coordonnée non conservée : réponse de consentement vide",
        "%(num)s coordonnées non conservées : réponse de consentement vide", n),
    "refused": lambda n: ngettext(
        "%(num)s coordonnée non conservée : consentement refusé",
        "%(num)s coordonnées non conservées : consentement refusé", n),
    "unclear": lambda n: ngettext(
        "%(num)s coordonnée non conservée : réponse de consentement non reconnue",
        "%(num)s coordonnées non conservées : réponse de consentement non reconnue", n),
}


def count_lines(state: dict) -> list[str]:
    """The counts in French, one sentence per outcome met, in ``PHRASES`` order, e.g. "12
    coordonnées non conservées : pas de consentement dans le fichier" (a count is of rows:
    one person's name and phone are one « coordonnées »)."""
    counts = state["counts"]
    return [phrase(counts[status]) for status, phrase in PHRASES.items()
            if counts.get(status)]


def report_lines(state: dict) -> list[str]:
    """The consent part of the CLI report: the columns, each row with a contact, the
    counts."""
    if not state["contacts"]:
        return []
    lines = [_("Coordonnées (colonnes %(c)s) ; consentement : %(w)s",
               c=", ".join(f"« {h} »" for h in state["contacts"]),
               w=", ".join(f"« {h} »" for h in state["columns"])
               or _("aucune colonne dans le fichier"))]
    lines += [_("  - ligne %(n)s : %(why)s", n=line, why=status_text(status))
              for line, _answer, status in state["rows"]]
    return lines + [f"  {line}" for line in count_lines(state)]


def declaration_from(form) -> tuple[str | None, str | None]:
    """The preview's « Le consentement a été recueilli hors du fichier » (``consent_outside``
    ticked, ``consent_how`` its where and how) as ``(declaration, None)``, ``(None, None)``
    when not ticked (the default), ``(None, French error)`` when ticked without a text or
    with one over ``MAX_DECLARATION`` characters. A phone or e-mail typed in it is masked
    (it goes to the audit log)."""
    if form.get("consent_outside") != "1":
        return None, None
    how = " ".join((form.get("consent_how") or "").split())
    if not how:
        return None, _("Dites où et comment le consentement a été recueilli hors du fichier "
                       "(par exemple : « fiches papier signées, classées au centre social »), "
                       "ou décochez la case : rien n'a été importé.")
    if len(how) > MAX_DECLARATION:
        return None, _("La description du consentement dépasse %(n)s caractères : rien n'a "
                       "été importé.", n=MAX_DECLARATION)
    return mask_contacts(how), None


def audit_declaration(survey, state: dict) -> None:
    """Record in the audit log (``core.audit``, action ``import_consent``) that contacts of
    an import were kept on the coordinator's declaration: the survey, how many rows, the
    declaration (phones and e-mails masked, never a resident's contact); in the import's
    transaction."""
    from participation.core.audit import record_audit

    record_audit("import_consent", target=f"survey:{survey.id}",
                 territory_id=survey.territory_id, count=state["counts"].get("declared", 0),
                 details={"declaration": state["declared"], "survey": survey.title[:120],
                          "columns": state["contacts"]})


def texts_line(free_texts: list[dict] | None) -> str | None:
    """How many free texts to add hold contact details (``bulk.contribution_counts``'s
    ``contacts``: a phone, an e-mail, a person named with a title or a postal address, what
    ``privacy.masking.mask_contacts`` masks), and what is done with them (kept as typed for
    the privacy search and erasure, masked in the analyses, the exports and the pages); None
    when none does."""
    found = sum(q.get("contacts", 0) for q in free_texts or ())
    if not found:
        return None
    return ngettext(
        "%(num)s texte libre contient des coordonnées (téléphone, e-mail, nom ou adresse) : "
        "masquées dans les analyses et les exports, gardées telles quelles pour retrouver et "
        "effacer les données d'une personne",
        "%(num)s textes libres contiennent des coordonnées (téléphone, e-mail, nom ou "
        "adresse) : masquées dans les analyses et les exports, gardées telles quelles pour "
        "retrouver et effacer les données d'une personne", found)
