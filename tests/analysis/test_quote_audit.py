"""Every quote printed is a real contribution's words, signed only with consent (issue #13,
item 4), on the demo and on a small set written here: the drafts (the validation form as
rendered), the challenge pages, the words page, the section's HTML, DOCX and ODT files
(tests/analysis/quote_audit.py reads them back and checks them)."""
from __future__ import annotations

import re
from datetime import date

import pytest
from sqlalchemy import select

from participation.contributions.services import record_contribution
from participation.extensions import db
from participation.territory.models import Challenge
from tests import factories
from tests.analysis.quote_audit import Audit, docx_lines, odt_lines, squash

THREE_COLUMNS = "Propositions des habitants pour y remédier"


def _challenge_page(webapp, audit: Audit, challenge_id: int) -> None:
    """A challenge's page: its quotes (signed under them), its rows' answers, the three
    columns' texts, and the "Citations" line of the draft in the validation form."""
    page = webapp.get(f"/analysis/challenge/{challenge_id}")
    where = f"challenge {challenge_id}"
    for quote in page.html.select("blockquote"):
        footer = quote.find("footer")
        signature = footer.get_text(" ").strip().lstrip("—").strip() if footer else ""
        if footer:
            footer.extract()
        audit.line(where, quote.get_text(" ") + (f" — {signature}" if signature else ""))
    for item in page.html.select("table.said-rows ul.said li"):
        audit.line(where + " rows", item.get_text(" "))
    for item in page.html.select(".analysis-three li"):
        if "empty" not in (item.get("class") or []):
            audit.check(where + " three columns", item.get_text(" "))
    drafts = [f for f in page.forms.values() if (f.action or "").endswith("/draft")]
    for form in drafts:
        for line in form["text"].value.splitlines():
            if line.startswith("Citations"):
                audit.line(where + " draft", line)


def _words_page(webapp, audit: Audit) -> None:
    """The words page: each group's verbatims, the examples of answers set aside."""
    page = webapp.get("/analysis/words")
    for item in page.html.select("details li"):
        audit.line("words page", item.get_text(" "))
    for hint in page.html.select("#base-part"):
        audit.line("words page examples", hint.get_text(" "))


def _quote_lines(where: str, lines: list[str], audit: Audit) -> None:
    """The lines of the section that print quotes: those opening on a « (the quotes block,
    the forces/faiblesses cells) but a label followed by ":" (a survey question's
    "« Question » : moyenne …"), and the "Citations" lines of the validated texts."""
    for line in lines:
        text = squash(line)
        label = text.startswith("«") and squash(text.split("»", 1)[-1]).startswith(":")
        if text.startswith("Citations") or text.startswith("«") and not label:
            audit.line(where, text)


def _section(webapp, audit: Audit) -> None:
    """The section as HTML (the three columns' cells too), DOCX and ODT."""
    page = webapp.get("/exports/section.html")
    _quote_lines("section HTML", page.html.get_text("\n").splitlines(), audit)
    for table in page.html.select("table"):
        header = [squash(th.get_text(" ")) for th in table.select("thead th")]
        if header[:1] == [THREE_COLUMNS]:
            for cell in table.select("tbody td"):
                for line in cell.get_text("\n").splitlines():
                    if squash(line):
                        audit.check("section HTML three columns", line)
    _quote_lines("section DOCX", docx_lines(webapp.get("/exports/section.docx").body), audit)
    _quote_lines("section ODT", odt_lines(webapp.get("/exports/section.odt").body), audit)


def audit_territory(webapp, territory_id: int, challenge_ids) -> Audit:
    """Every output's quotes for a signed-in coordinator of the territory."""
    audit = Audit.of(territory_id)
    for challenge_id in challenge_ids:
        _challenge_page(webapp, audit, challenge_id)
    _words_page(webapp, audit)
    _section(webapp, audit)
    return audit


def _quoted_challenges(territory_id: int) -> list[int]:
    """The current challenges of the territory that carry a contribution."""
    from participation.contributions.models import ContributionChallenge

    return sorted(db.session.scalars(select(Challenge.id).join(
        ContributionChallenge, ContributionChallenge.challenge_id == Challenge.id).where(
        Challenge.territory_id == territory_id).distinct()))


def test_the_demo_quotes_residents_exactly_and_signs_only_with_consent(
        demo_db, webapp, web_login):
    web_login("coordinator", demo_db)
    audit = audit_territory(webapp, demo_db.id, _quoted_challenges(demo_db.id))
    print("quotes checked", dict(audit.seen), "signed", len(audit.signed))
    assert not audit.faults, audit.faults[:10]
    # the demo prints quotes in every output
    assert {"challenge", "challenge rows", "challenge three columns", "challenge draft",
            "words page", "section HTML", "section HTML three columns", "section DOCX",
            "section ODT"} <= {where for where, n in audit.seen.items() if n}


CONSENTED = "Il manque un médecin le samedi matin, on attend des semaines."
SIGNATURE = "Habitante — Cité Pasteur, 40-59 ans"
UNSIGNED = ["Il manque un médecin le samedi matin, on attend des semaines.",
            "Pas de médecin  le samedi :\nil faut aller à Hazebrouck en bus.",
            "Appelez-moi au 06 99 88 77 66, il manque un médecin généraliste.",
            "Un médecin. " + "Les délais pour un rendez-vous chez le médecin sont trop longs "
            "et les urgences sont loin du quartier, il faut prendre deux bus " * 3]


def _small_set(territory, quartier):
    """Santé, five residents' texts about a doctor: one signed with consent (and its
    consent record, to withdraw it), the same words unsigned, spaces and a line break, a
    phone number (masked everywhere), a text too long to quote whole."""
    from participation.privacy.consent import record_consent
    from tests.privacy.test_consent import TEXT

    health = factories.challenge(territory, "S2")
    signed = record_contribution(territory.id, CONSENTED, kind="constat", challenge_ids=[
        health.id], quartier_id=quartier.id, said_on=date(2025, 5, 2), attribution={
        "consent": True, "age_band": "40-59 ans", "place_name": "Cité Pasteur", "sex": "f"})
    consent = record_consent(territory.id, "quote", TEXT, "2024-06", phone="06 12 34 56 78",
                             source_table="contribution", source_id=signed.id, commit=True)
    for text in UNSIGNED:
        record_contribution(territory.id, text, kind="constat", challenge_ids=[health.id],
                            quartier_id=quartier.id, said_on=date(2025, 5, 1))
    db.session.commit()
    return health, consent


def _draft(webapp, health):
    page = webapp.get(f"/analysis/challenge/{health.id}")
    return next(f for f in page.forms.values() if (f.action or "").endswith("/draft"))


def _audited(webapp, territory, health) -> Audit:
    audit = audit_territory(webapp, territory.id, [health.id])
    assert not audit.faults, audit.faults
    return audit


@pytest.mark.usefixtures("low_minimum")
def test_a_small_set_quoted_exactly_signed_with_consent_until_withdrawn(
        territory, quartier, webapp, web_login):
    health, consent = _small_set(territory, quartier)
    web_login("coordinator")
    audit = _audited(webapp, territory, health)
    assert {"challenge", "challenge draft", "challenge three columns", "section HTML",
            "section DOCX", "section ODT"} <= set(audit.seen)
    assert SIGNATURE in audit.signed  # the consented quote is signed on the page and draft
    _draft(webapp, health).submit().follow()  # validated as drafted
    before, audit = audit, _audited(webapp, territory, health)
    for output in ("section HTML", "section DOCX", "section ODT"):  # + the draft's quotes
        assert audit.seen[output] > before.seen[output], output
    section = webapp.get("/exports/section.html").html.get_text(" ")
    assert SIGNATURE in squash(section)  # the validated draft's signed quote
    from tests.formfill import form_to

    path = f"/privacy/retrait/{_token(consent)}"
    form_to(webapp.get(path), path).submit()
    _audited(webapp, territory, health)  # the validated text no longer signs it
    from participation.exports.services import section_texts

    stored = section_texts(territory.id)["theme-S2"]
    assert CONSENTED in stored and SIGNATURE not in stored  # nor keeps it stored
    assert SIGNATURE not in squash(webapp.get("/exports/section.html").html.get_text(" "))
    assert CONSENTED in squash(webapp.get("/exports/section.html").html.get_text(" "))


def _token(consent) -> str:
    from participation.privacy.consent import withdrawal_token

    return withdrawal_token(consent)


@pytest.mark.usefixtures("low_minimum")
@pytest.mark.parametrize("change, message", [
    (lambda line: re.sub(r"« (\w+)", r"« \1s", line, count=1),
     "n’est le texte d’aucune contribution"),
    # the first quote signed by someone it is not (one quote per row since said_rows: the
    # draft's one quote may already be signed, with consent)
    (lambda line: re.sub(r"»( \([^)]*\))?", "» (Habitant — Foch, 25-39 ans)", line, count=1),
     "sans l’accord de la personne"),
])
def test_a_draft_misquoting_or_signing_without_consent_is_refused(
        territory, quartier, webapp, web_login, change, message):
    """The coordinator edits the draft: a quote's words changed, or a quote signed by a person
    who did not consent: refused with a French message, the text as typed kept, nothing saved."""
    from participation.exports.services import section_texts

    health, _consent = _small_set(territory, quartier)
    web_login("coordinator")
    form = _draft(webapp, health)
    lines = form["text"].value.splitlines()
    citations = next(i for i, line in enumerate(lines) if line.startswith("Citations"))
    lines[citations] = change(lines[citations])
    assert lines[citations] != form["text"].value.splitlines()[citations]
    form["text"] = "\n".join(lines)
    page = form.submit(status=422)
    assert message in squash(page.html.get_text(" "))
    kept = next(f for f in page.forms.values() if (f.action or "").endswith("/draft"))
    assert kept["text"].value == "\n".join(lines)
    assert section_texts(territory.id) == {}


@pytest.mark.usefixtures("low_minimum")
def test_a_block_text_misquoting_on_the_section_page_is_refused(
        territory, quartier, webapp, web_login):
    """The section page's "Modifier le texte" of the challenge's block: a quote whose words
    no resident wrote, signed: refused with the French messages, the text as typed shown
    again in its open form, nothing saved; the same words as written are saved."""
    from participation.exports.services import section_texts

    _small_set(territory, quartier)
    web_login("coordinator")
    page = webapp.get("/exports/section")
    form = next(f for f in page.forms.values() if f.get("key", default=None) is not None
                and f["key"].value == "theme-S2")
    typed = "Citations : « Il manque un médecin le dimanche. » (" + SIGNATURE + ")"
    form["text"] = typed
    refused = form.submit(status=422)
    assert "n’est le texte d’aucune contribution" in squash(refused.html.get_text(" "))
    again = next(f for f in refused.forms.values() if f.get("key", default=None) is not None
                 and f["key"].value == "theme-S2")
    assert again["text"].value == typed and section_texts(territory.id) == {}
    again["text"] = f"Citations : « {CONSENTED} » ({SIGNATURE})"
    again.submit().follow()
    assert section_texts(territory.id)["theme-S2"] == f"Citations : « {CONSENTED} » ({SIGNATURE})"


NAMED = ["Il manque un médecin, Mr Martin du 12 rue Pasteur attend depuis des mois.",
         "Mme Dupont la gardienne dit qu'il manque un médecin le samedi.",
         "Il manque un médecin : monsieur jean martin, appartement 12, doit aller en bus.",
         "Il manque un médecin généraliste, Madame Haddad au 3 bis avenue Foch aussi."]


@pytest.mark.usefixtures("low_minimum")
def test_quotes_of_texts_naming_a_person_are_their_masked_words(territory, quartier, webapp,
                                                                web_login):
    """Every text names a neighbour or an address (``privacy.mentions``): whichever is
    quoted, on the challenge page, its draft, the words page or the section's three files,
    is an exact substring of the masked text, and no name nor house number is printed."""
    health = factories.challenge(territory, "S2")
    for text in NAMED:
        record_contribution(territory.id, text, kind="constat", challenge_ids=[health.id],
                            quartier_id=quartier.id, said_on=date(2025, 5, 1))
    db.session.commit()
    web_login("coordinator")
    audit = _audited(webapp, territory, health)
    assert {"challenge", "section HTML", "section DOCX", "section ODT"} <= set(audit.seen)
    outputs = [webapp.get(f"/analysis/challenge/{health.id}").text,
               webapp.get("/analysis/words").text, webapp.get("/exports/section.html").text,
               "\n".join(docx_lines(webapp.get("/exports/section.docx").body))]
    for leak in ("Martin", "martin", "Dupont", "Haddad", "12 rue", "3 bis avenue",
                 "appartement 12"):
        assert [leak in text for text in outputs] == [False] * len(outputs), leak
