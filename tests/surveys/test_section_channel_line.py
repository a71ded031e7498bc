"""The survey block's channel line and headline are protected with the bases the questions
print (``surveys.section_collection``). Every response is in the block's figures, as on the
results page (field test s27: a street answer left out of the section made the bus
question's base 5 there and 7 on the results page). Read as a reader reads the section's
HTML page.

By hand:
- 80 online, 28 paper, 4 micro-trottoir: the street is asked only the open question; the
  choice question's base is 108 = 80 + 28, the open question's 112 = the headline, so the
  street's 4 = 112 - 108 is printed by the bases whatever the line says: the line prints it
  as counted and hides nothing else for it. Oui 72 (67 %), Non 36 (33 %) of 108 (numbers
  0 to 107 divisible by 3 say "Non": 36); the open question over 112 (28 each of 4 needs).
- 80 online, 28 paper, 6 micro-trottoir, 3 imported: headline 117, the choice base 111 =
  80 + 28 + 3, so the street's 6 = 117 - 111 is printed by the bases; line by line the 6 was
  the cell hidden beside « Import (moins de 5) » (117 - 80 - 28 - 6 = 3). The 28 is hidden
  instead: paper + import = 117 - 80 - 6 = 31, import anywhere from 1 to 4.
"""
from __future__ import annotations

from participation.extensions import db
from participation.surveys import services
from participation.surveys.responses import build_response
from tests.reading import plain
from tests.surveys.helpers import opt, q

NEEDS = ["Un médecin", "Des bancs", "Un bus le soir", "Des jeux"]


def _survey(territory, quartier, channels: list[tuple[str, int]]):
    survey = services.create_survey(territory.id, "Vivre à Foch", quartier_ids=[quartier.id])
    services.add_question(survey, "single", "Êtes-vous satisfait du quartier ?",
                          ["Oui", "Non"], option_names=["oui", "non"], name="satisf")
    services.add_question(survey, "long_text", "Que manque-t-il ?", name="manque")
    services.set_status(survey, "open")
    satisf, manque = q(survey, "satisf"), q(survey, "manque")
    number = 0
    for channel, count in channels:
        for _i in range(count):
            values = {manque.id: {"text": NEEDS[number % 4]}}
            if channel != "micro_trottoir":  # the street is asked the open questions only
                said = "non" if number % 3 == 0 else "oui"
                values[satisf.id] = {"options": [int(opt(satisf, said))]}
            db.session.add(build_response(survey, values, channel=channel))
            number += 1
    db.session.commit()
    return survey


def _block(webapp, survey) -> str:
    page = webapp.get("/exports/section")
    section = page.html.select_one(f"#bloc-enquete-{survey.id}")
    return " ".join(plain(p.get_text(" ")) for p in section.find_all("p", recursive=False))


def _tables(webapp) -> list[list[list[str]]]:
    page = webapp.get("/exports/section")
    return [[[plain(c.get_text(strip=True)) for c in tr.find_all(["th", "td"])]
             for tr in table.select("tbody tr")] for table in page.html.select("table")]


def test_a_few_street_interviews_are_in_every_base_and_counted_in_the_line(
        webapp, web_login, territory, quartier):
    survey = _survey(territory, quartier, [("web", 80), ("papier", 28),
                                           ("micro_trottoir", 4)])
    web_login("coordinator")
    block = _block(webapp, survey)
    assert block == ("112 avis récoltés. Canaux de recueil : En ligne (80), Questionnaire "
                     "papier (28), Micro-trottoir (4).")
    tables = _tables(webapp)
    assert [["Oui", "72", "67 %", "108"], ["Non", "36", "33 %", "108"]] in tables
    needs = next(t for t in tables if t and t[0][0] in NEEDS)
    assert {row[3] for row in needs} == {"112"} and {row[1] for row in needs} == {"28"}
    results = webapp.get(f"/surveys/{survey.id}/results")
    assert "Base : 108 personnes" in plain(results.html.get_text(" "))
    assert "Base : 112 personnes" in plain(results.html.get_text(" "))


def test_a_channel_a_base_gives_back_is_not_the_one_hidden(webapp, web_login, territory,
                                                          quartier):
    survey = _survey(territory, quartier, [("web", 80), ("papier", 28),
                                           ("micro_trottoir", 6), ("import", 3)])
    web_login("coordinator")
    block = _block(webapp, survey)
    assert block.startswith("117 avis récoltés.")
    assert "Canaux de recueil : En ligne (80), Questionnaire papier (non publié), " \
        "Micro-trottoir (6), Import (moins de 5)." in block
    tables = _tables(webapp)
    assert any(row[3] == "111" for table in tables for row in table if len(row) == 4)
