"""A question's codebook counts answers in every script: an Arabic keyword ("طبيب") counts
the Arabic answers holding it, and only those (folding it to ASCII once emptied it, and the
empty keyword matched every answer). Read on the rendered results page."""
from __future__ import annotations

from bs4 import BeautifulSoup

from participation.surveys import services
from participation.surveys.responses import submit_response

# 5 answers per kind: no count is hidden under the small-numbers rule
TEXTS = (["نحتاج إلى طبيب أطفال في الحي"] * 5 + ["Il manque un médecin"] * 5
         + ["Plus de bus le soir"] * 5 + ["Mahallede park yok, Yıldız parkı kirli"] * 5)


def test_an_arabic_keyword_counts_the_arabic_answers_only(webapp, web_login, territory):
    survey = services.create_survey(territory.id, "Besoins")
    need = services.add_question(survey, "long_text", "Que vous manque-t-il ?", name="manques",
                                 codebook="Santé : طبيب, médecin\nParcs : yildiz parki")
    services.set_status(survey, "open")
    for i, text in enumerate(TEXTS):
        submit_response(survey, {need.id: {"text": text}}, f"tok-need-{i}")
    web_login("coordinator")
    soup = BeautifulSoup(webapp.get(f"/surveys/{survey.id}/results").text, "html.parser")
    rows = {cells[0]: cells for cells in (
        [c.get_text(" ", strip=True) for c in tr.find_all(["th", "td"])]
        for tr in soup.find_all("tr")) if cells}
    # 10 of the 20 answers speak of a doctor (5 Arabic, 5 French), 5 of the Yıldız park
    assert rows["Santé"] == ["Santé", "10", "50\u202f%", "20"]
    assert rows["Parcs"] == ["Parcs", "5", "25\u202f%", "20"]
