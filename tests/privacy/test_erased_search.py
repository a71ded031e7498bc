"""A search on /privacy/personne after an erasure lists nothing erased as if still held
(testers of last session): a record still found but holding no personal data is said apart,
« Déjà effacé », with what erased it and when, read from the audit log, never its data
(``participation.privacy.erased``). Walked through the rendered page's forms."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select

from participation.contributions.models import Contribution
from participation.core.clock import PARIS
from participation.core.personal_data import PERSONAL_TABLES
from participation.council.models import CandidateContact
from participation.extensions import db
from participation.privacy.demo import DEMO_PHONE
from participation.privacy.models import ConsentRecord
from participation.privacy.retention import purge
from tests.formfill import form_to, text_of
from tests.privacy.test_erasure import EMAIL, PHONE_TYPED, _plant

PERSON = "/privacy/personne"
MONTHS = ("janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.",
          "nov.", "déc.")  # as the page's date filter writes them in French


def _search(webapp, **who):
    form = form_to(webapp.get(PERSON), PERSON)
    for key, value in who.items():
        form[key] = value
    return form.submit()


def _erased_lines(page) -> list[str]:
    return [" ".join(li.get_text().split()) for li in page.html.select("section.erased li")]


def _withdraw_all(webapp, page):
    """Click every « Retirer ce consentement » button the page shows, one after the other."""
    while True:
        buttons = [f for f in page.forms.values() if f.action.endswith("/retirer")]
        if not buttons:
            return page
        assert "Consentement retiré" in text_of(buttons[0].submit().follow())
        search = form_to(page, PERSON, contains="Rechercher</button>")  # not a request's
        page = _search(webapp, **{k: search[k].value for k in ("phone", "email")})


def test_a_candidate_who_withdrew_is_said_erased_not_listed(webapp, web_login, demo,
                                                            pinned_clock):
    contact = db.session.scalars(select(CandidateContact).where(
        CandidateContact.name == "Nadia Demo-Amrani").order_by(CandidateContact.id)).first()
    pinned_clock.move_to(datetime(2027, 3, 12, 10, 0, tzinfo=PARIS))
    web_login("coordinator", demo)
    before = _search(webapp, phone=contact.phone)
    assert "Nadia Demo-Amrani" in text_of(before)
    after = _withdraw_all(webapp, before)
    text = text_of(after)
    assert "Nadia Demo-Amrani" not in text and "Que la parole des habitants" not in text
    # the proof of her consent is still held (its keyed hashes), and only it
    assert "1 enregistrement." in text and "Retiré le 12 mars 2027" in text
    assert _erased_lines(after) == [
        "Conseil citoyen : coordonnées des candidats — 1 enregistrement — effacé le "
        "12 mars 2027 (retrait du consentement)"]


def test_rows_blanked_by_withdrawals_are_neither_listed_nor_offered(webapp, web_login, demo,
                                                                   pinned_clock):
    planted = _plant(demo)  # one row of every registered table, each tied to a consent
    pinned_clock.move_to(datetime(2027, 3, 12, 10, 0, tzinfo=PARIS))
    web_login("coordinator", demo)
    after = _withdraw_all(webapp, _search(webapp, phone=PHONE_TYPED, email=EMAIL))
    text = text_of(after)
    assert "Personne (données effacées)" not in text and "Membre (données effacées)" not in text
    proofs = len(db.session.scalars(select(ConsentRecord.id).where(
        ConsentRecord.text == "Texte de test").order_by(ConsentRecord.id)).all())
    assert f"{proofs} enregistrements." in text  # the consent proofs, nothing else
    headings = {h.get_text() for h in after.html.select("article.person-set h4")}
    assert headings == {"Preuves de consentement"}
    # every planted row said erased on the day of the withdrawal (the planted consent proof
    # too: the withdrawal of the consent pointing to it blanked it)
    assert sorted(_erased_lines(after)) == sorted(
        f"{PERSONAL_TABLES[table].label} — 1 enregistrement — effacé le 12 mars 2027 (retrait "
        "du consentement)" for table in planted)


def test_a_purged_attribution_is_said_purged(webapp, web_login, demo, pinned_clock):
    quote = db.session.scalars(select(Contribution).where(
        Contribution.territory_id == demo.id, Contribution.attribution_consent.is_(True))
        .order_by(Contribution.id)).first()
    said_on = quote.said_on
    pinned_clock.move_to(datetime(said_on.year + 3, said_on.month, said_on.day, 4, 0,
                                  tzinfo=PARIS))
    assert purge(date(said_on.year + 3, said_on.month, said_on.day))["contribution"] >= 1
    web_login("coordinator", demo)
    page = _search(webapp, phone=DEMO_PHONE)
    text = text_of(page)
    assert "Cité Pasteur" not in text and "40-59 ans" not in text
    day = f"{said_on.day} {MONTHS[said_on.month - 1]} {said_on.year + 3}"
    assert _erased_lines(page) == [
        f"Attribution des citations (contributions) — 1 enregistrement — effacé le {day} "
        "(fin de la durée de conservation)"]
