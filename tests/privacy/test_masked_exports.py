"""A phone or an e-mail a resident writes in free text (a text question, an « Autre : » box, a
post-it) is masked in every default export and document (participation/privacy/masking.py):
contributions CSV/JSON/XLSX, the survey's results.csv, the section, the public « Vous avez dit »
page; the stored text is unchanged, and the export with personal data (a reason and a
confirmation) keeps it."""
from __future__ import annotations

import csv
import io
import json
from datetime import date

import openpyxl
import pytest
from sqlalchemy import select

from participation.contributions.models import Contribution
from participation.contributions.services import record_contribution
from participation.core.memo import forget
from participation.extensions import db
from participation.privacy.masking import mask_contacts
from participation.surveys import services
from tests import factories
from tests.formfill import form_to, text_of

PHONE, EMAIL = "appelez moi 06 44 55 66 77", "ecrivez a yasmina.b@example.fr"
PHONE_MASKED, EMAIL_MASKED = "appelez moi [téléphone masqué]", "ecrivez a [e-mail masqué]"


@pytest.mark.parametrize(("typed", "shown"), [
    ("appelez moi 06 44 55 66 77", "appelez moi [téléphone masqué]"),
    ("au 0644556677 le soir", "au [téléphone masqué] le soir"),
    ("+33 6 44 55 66 77", "[téléphone masqué]"),
    ("tel. 06.44.55.66.77.", "tel. [téléphone masqué]."),
    ("06-44-55-66-77 ou 0033 1 44 55 66 77", "[téléphone masqué] ou [téléphone masqué]"),
    ("+33 (0)6 44 55 66 77", "[téléphone masqué]"),
    ("ecrivez a yasmina.b@example.fr.", "ecrivez a [e-mail masqué]."),
    ("(Jean-Marc.Dupont+asso@mairie-exemple.gouv.fr)", "([e-mail masqué])"),
    # not contacts: a bus line, a year, an hour, an amount, a 14-digit SIRET
    ("le bus 12 en 2022 à 10h30, 1 234 567 890 €", "le bus 12 en 2022 à 10h30, 1 234 567 890 €"),
    ("SIRET 01234567891234", "SIRET 01234567891234"),
])
def test_phones_and_emails_are_masked_in_any_format(typed, shown):
    assert mask_contacts(typed) == shown


def _survey(territory):
    survey = services.create_survey(territory.id, "Le quartier")
    idea = services.add_question(survey, "long_text", "Une idée pour le quartier ?", name="idee")
    venue = services.add_question(survey, "single", "Comment venez-vous ?", ["Vélo", "Bus"],
                                  has_other=True, name="venue")
    services.set_status(survey, "open")
    return survey, idea, venue


def _answer(webapp, survey, idea, venue):
    """A resident answers through the public form, consent box left unticked."""
    form = form_to(webapp.get(f"/s/{survey.slug}"), f"/s/{survey.slug}")
    form[f"q{idea.id}"] = PHONE
    form[f"q{venue.id}_autre"] = EMAIL
    assert form.submit().status_int == 302


def _rows(body: bytes) -> list[dict]:
    return list(csv.DictReader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))


def _default_downloads(webapp) -> dict[str, bytes]:
    index = webapp.get("/exports/")
    return {fmt: index.click(href=f"/exports/contributions.{fmt}$").body
            for fmt in ("csv", "json", "xlsx")}


def test_contacts_typed_by_a_resident_are_masked_in_default_exports(webapp, web_login,
                                                                   territory):
    survey, idea, venue = _survey(territory)
    _answer(webapp, survey, idea, venue)
    web_login("coordinator")
    page = webapp.get(f"/surveys/{survey.id}/results")
    read = [" ".join(li.get_text(" ").split()) for li in page.html.select("details li")]
    assert PHONE_MASKED in read and EMAIL_MASKED in read and "yasmina" not in page.text
    results = _rows(page.click(href="results.csv").body)
    assert [(r["Une idée pour le quartier ?"], r["Comment venez-vous ?"]) for r in results] == [
        (PHONE_MASKED, f"Autre : {EMAIL_MASKED}")]
    files = _default_downloads(webapp)
    assert sorted(r["texte"] for r in _rows(files["csv"])) == [PHONE_MASKED, EMAIL_MASKED]
    assert sorted(r["texte"] for r in json.loads(files["json"])) == [PHONE_MASKED,
                                                                       EMAIL_MASKED]
    sheet = openpyxl.load_workbook(io.BytesIO(files["xlsx"])).active
    texts = [c.value for c in next(sheet.iter_cols(min_col=3, max_col=3, min_row=2))]
    assert sorted(texts) == [PHONE_MASKED, EMAIL_MASKED]
    section = webapp.get("/exports/section.html").text
    assert "44 55 66 77" not in section and "yasmina" not in section
    # stored as typed: the privacy search and erasure still find it
    assert sorted(db.session.scalars(select(Contribution.text))) == [PHONE, EMAIL]


def test_the_personal_export_keeps_the_contacts(webapp, web_login, territory):
    survey, idea, venue = _survey(territory)
    _answer(webapp, survey, idea, venue)
    web_login("coordinator")
    form = next(f for f in webapp.get("/exports/").forms.values()
                if f.action.endswith("/contributions_attribuees"))
    form["contributions_attribuees-fmt"] = "csv"
    form["contributions_attribuees-reason"] = "Rappeler les habitants qui l'ont demandé"
    form["contributions_attribuees-confirm"] = True
    rows = _rows(form.submit().body)
    assert sorted(r["texte"] for r in rows) == [PHONE, EMAIL]


def test_public_replies_page_masks_the_contacts(webapp, territory, quartier):
    contribution = Contribution(territory_id=territory.id, quartier_id=quartier.id, text=PHONE,
                                public_reply="Un banc a été posé.")
    db.session.add(contribution)
    db.session.commit()
    page = webapp.get(f"/contributions/quartier/{quartier.id}/vous-avez-dit")
    said = page.html.select_one("p.said").get_text(" ", strip=True)
    assert " ".join(said.split()) == f"Vous avez dit « {PHONE_MASKED} »"
    assert "44 55 66 77" not in page.text


def test_quotes_of_the_analyses_and_the_section_are_masked(webapp, web_login, territory,
                                                           quartier):
    """Every answer of the theme holds a contact, so whichever is quoted is masked; the draft
    quotes are exact substrings of the masked texts (``analysis.quoting``)."""
    health = factories.challenge(territory, "S2")
    for text in [f"Il manque un médecin, {PHONE}"] * 3 + [f"Il manque un médecin, {EMAIL}"] * 2:
        record_contribution(territory.id, text, quartier_id=quartier.id,
                            said_on=date(2024, 6, 1), challenge_ids=[health.id])
    forget()
    web_login("coordinator")
    for url in (f"/analysis/challenge/{health.id}", "/exports/section"):
        page = text_of(webapp.get(url))
        assert "[téléphone masqué]" in page or "[e-mail masqué]" in page, url
        assert "44 55 66 77" not in page and "yasmina" not in page, url
