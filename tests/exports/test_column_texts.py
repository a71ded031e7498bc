"""The contract's three columns quote French statements only (issue #13, tester t28coord:
the DOCX listed « نحتاج طبيب في الحي » and « akşam otobüs yok » under « Propositions des
habitants », and « Médecin !! », « docteur », « un toubib » verbatim).

The case, the tester's answers on one challenge, counted by hand:
- propositions (7): 5 in French with at least two content words (« des rdv plus rapides »,
  « une maison de santé dans le quartier »…), « akşam otobüs yok » (Turkish) and
  « حافلات في الليل » (Arabic): 5 quoted, « moins de 5 » in other languages said;
- manquements (8): « Pas de médecin traitant dans le quartier », « pas de docteur depuis que
  le médecin est parti », « trouver un médecin traitant c'est impossible » quoted; the
  fragments « Médecin !! », « docteur », « un toubib », « des médecins », « medecins »
  (one content word each): 5, said as such.
"""
from __future__ import annotations

from datetime import date

from participation.contributions.services import record_contribution
from tests import factories
from tests.reading import plain

PROPOSALS = ["des rdv plus rapides", "une maison de santé dans le quartier",
             "un bus le soir après 19h", "des bancs et de l'ombre l'été",
             "une permanence france services", "akşam otobüs yok", "حافلات في الليل"]
QUOTED_LACKS = ["Pas de médecin traitant dans le quartier",
                "pas de docteur depuis que le médecin est parti",
                "trouver un médecin traitant c'est impossible"]
FRAGMENTS = ["Médecin !!", "docteur", "un toubib", "des médecins", "medecins"]


def _record(territory, quartier):
    health = factories.challenge(territory, "S2")
    said = [(t, "proposition") for t in PROPOSALS] + [
        (t, "constat") for t in QUOTED_LACKS + FRAGMENTS]
    for text, kind in said:
        record_contribution(territory.id, text, kind=kind, author_role="habitant",
                            challenge_ids=[health.id], quartier_id=quartier.id,
                            source_format="enquete", said_on=date(2026, 9, 14))
    return health


def _column(page, heading: str) -> list[str]:
    section = next(s for s in page.html.select("div.analysis-three section")
                   if heading in s.find("h3").get_text())
    return [plain(li.get_text(strip=True)) for li in section.select("ul li")], [
        plain(p.get_text(" ", strip=True)) for p in section.select("p.hint")]


def test_columns_quote_french_statements_and_say_what_they_left_out(
        territory, quartier, webapp, web_login):
    health = _record(territory, quartier)
    web_login("coordinator")
    page = webapp.get(f"/analysis/challenge/{health.id}")
    quoted, notes = _column(page, "Propositions des habitants")
    assert quoted == PROPOSALS[:5]
    assert notes == ["Moins de 5 réponses dans d’autres langues ne sont pas citées : le "
                     "produit n’en a pas de traduction française."]
    quoted, notes = _column(page, "Manquements")
    assert quoted == QUOTED_LACKS
    assert notes == ["5 réponses d’un seul mot ne sont pas citées : elles sont comptées dans "
                     "le tableau des besoins."]
    section = plain(webapp.get("/exports/section").text)
    assert "akşam otobüs yok" not in section and "un toubib" not in section
    assert "« Manquements / dysfonctionnements relevés par les habitants » : 5 réponses d’un " \
           "seul mot ne sont pas citées" in section
