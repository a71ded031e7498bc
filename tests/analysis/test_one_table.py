"""What residents said about a challenge is one table: its page, its draft and the section's
text validated from it print the same rows, counts, base and labels (issue #13, deliverables
3 and 4: "14 habitants sur 60 demandent un médecin" read on the page must be read the same in
the draft and in the section).

The case, 25 contributions about Santé written for this test, every figure counted by hand:

- residents (20): "médecin généraliste" first in 7 answers (4 "Pas de médecin généraliste",
  one of them signed with consent; 2 "un médecin généraliste dans le quartier", proposals;
  1 "Il manque un medecin generaliste", typed without accents); the pharmacie de garde first
  in 5 (3 "La pharmacie de garde est trop loin", 2 proposals "pharmacie de garde le
  dimanche": the noun never written without its complement names the need with it,
  ``need_complements``, tester t28coord);
  the centre de PMI in 5 atouts; a dentist in 2 proposals; "rien" (no need);
- partners (5): "La CPAM tient une permanence", their commitment, no need of residents.

Base: the residents' answers expressing something, 20 - 1 ("rien") = 19. Rows: médecin
généraliste 7 (7 / 19 = 36.8 %, 37 %), pharmacie de garde 5 (26 %), centre de PMI 5 (26 %),
dentist 2 (under the minimum of 5: not shown); 7 + 5 + 5 + 2 = 19, each answer in one row.
"""
from __future__ import annotations

from datetime import date

import pandas as pd

from participation.analysis import drafts, quoting, said_rows
from participation.contributions.services import record_contribution
from tests import factories
from tests.formfill import form_to
from tests.reading import plain

SAID = ([("Pas de médecin généraliste", "constat", "habitant")] * 4
        + [("un médecin généraliste dans le quartier", "proposition", "habitant")] * 2
        + [("Il manque un medecin generaliste", "constat", "habitant")]
        + [("La pharmacie de garde est trop loin", "constat", "habitant")] * 3
        + [("pharmacie de garde le dimanche", "proposition", "habitant")] * 2
        + [("Le centre de PMI est très apprécié", "atout", "habitant")] * 5
        + [("un dentiste", "proposition", "habitant")] * 2
        + [("rien", "constat", "habitant")]
        + [("La CPAM tient une permanence", "mobilisation", "partenaire")] * 5)
SIGNED = 0  # the first "Pas de médecin généraliste": its author consented to be named
# one quartier: no "surtout à" (it would say nothing, tester t27coord)
DOCTOR = "7 habitants sur 19 évoquent « médecin généraliste »."
PHARMACY = "5 habitants sur 19 évoquent « pharmacie de garde »."
DENTIST = "Moins de 5 personnes évoquent « un dentiste »."
# every answer of the row writes the same: the sentence names its need, the quote gives
# the answer (« le centre de PMI est très apprécié » was quoted whole, repeating the quote)
PMI = "5 habitants sur 19 citent comme point fort « le centre de PMI »."
ROWS = [("Médecin généraliste", "7", "37 %"), ("Le centre de PMI est très apprécié", "5",
                                               "26 %"), ("Pharmacie de garde", "5", "26 %"),
        # the dentist's 2: 19 - 7 - 5 - 5, under the minimum
        ("Autres réponses (chaque besoin nommé par moins de 5 réponses)", "moins de 5", "")]


def _frame() -> pd.DataFrame:
    return pd.DataFrame([{"id": i + 1, "text": text, "kind": kind, "author_role": role,
                          "quartier": "Pasteur-Foch", "commune": "Hazebrouck", "year": 2024,
                          "source_format": "enquete", "attribution_consent": i == SIGNED,
                          "sex": "f" if i == SIGNED else None, "place_name": None,
                          "age_band": "40-59 ans" if i == SIGNED else None}
                         for i, (text, kind, role) in enumerate(SAID)])


def test_the_table_and_the_draft_read_the_same_rows():
    frame = _frame()
    said = said_rows.said_rows(frame, frozenset({"pasteur", "foch", "hazebrouck"}))
    table = said["groups"]
    assert (said["base"], said["without_need"], said["residents"]) == (19, 1, 20)
    assert table["count"].tolist() == [7, 5, 5, 2] and table["count"].sum() == said["base"]
    by_row = {row.group: sorted(row.answers) for row in table.itertuples()}
    assert by_row["medecin generaliste"] == list(range(7))  # the unaccented one included
    assert by_row["pharmacie de garde"] == list(range(7, 12)) and by_row["dentiste"] == [17, 18]
    draft = drafts.draft_takeaways(frame, 5, said=said, subject="Santé")
    assert draft == {"retenir": [DOCTOR, PHARMACY, DENTIST], "forts": [PMI], "faibles": [],
                     "pistes": []}


def test_quotes_come_from_the_rows_exact_and_signed_only_with_consent():
    frame = _frame()
    said = said_rows.said_rows(frame)
    quotes = quoting.draft_quotes(frame, {"habitant": "Habitant"},
                                  groups=said_rows.quoted_groups(said))
    shown = {frame["text"][a] for answers in said["groups"]["answers"][:3] for a in answers}
    assert len(quotes) == 3
    for quote in quotes:
        text, _sep, signature = quote[2:].partition(" »")
        assert text in shown  # an exact contribution of one of the three biggest rows
        assert signature in ("", " (Habitante, 40-59 ans)")
        assert not signature or text == SAID[SIGNED][0]


def _record(territory, quartier):
    health = factories.challenge(territory, "S2")
    for i, (text, kind, role) in enumerate(SAID):
        record_contribution(territory.id, text, kind=kind, author_role=role,
                            challenge_ids=[health.id], quartier_id=quartier.id,
                            source_format="enquete", said_on=date(2024, 6, 1),
                            attribution={"consent": True, "sex": "f", "age_band": "40-59 ans"}
                            if i == SIGNED else None)
    return health


def test_the_page_the_draft_and_the_section_print_the_same_figures(
        territory, quartier, webapp, web_login):
    health = _record(territory, quartier)
    web_login("coordinator")
    page = webapp.get(f"/analysis/challenge/{health.id}")
    text = plain(page.text)
    assert "Part calculée sur 19 réponses d’habitants qui expriment quelque chose" in text
    table = page.html.find("table", class_="said-rows")
    assert [th.get_text(strip=True) for th in table.find("thead").find_all("th")] == [
        "Ce que les réponses nomment en premier", "Réponses", "Part (sur 19)"]
    rows = [(plain((tr.find("summary") or tr.find("th")).get_text(strip=True)),
             *(plain(td.get_text(strip=True)) for td in tr.find_all("td")))
            for tr in table.find("tbody").find_all("tr")]
    assert rows == ROWS
    assert DOCTOR in text and PMI in text
    download = page.click(description=r"Télécharger ce tableau \(CSV\)")
    lines = download.body.decode("utf-8-sig").splitlines()
    assert lines == ["Ce que les réponses nomment en premier;Réponses;Part (%);Base",
                     "Médecin généraliste;7;37;19", "Le centre de PMI est très apprécié;5;26;19",
                     "Pharmacie de garde;5;26;19",
                     "Autres réponses (chaque besoin nommé par moins de 5 réponses);moins de 5;;19"]
    form = form_to(page, f"/analysis/challenge/{health.id}/draft")
    assert plain(form["text"].value).startswith(
        f"Ce qu'il faut retenir : {DOCTOR} {PHARMACY} {DENTIST}")
    page = form.submit().follow()  # validated as the page drafted it
    assert "Validé : la section" in plain(page.text)
    section = plain(webapp.get("/exports/section").text)
    assert DOCTOR in section and PHARMACY in section and PMI in section
