"""Every staff page of the demo survey renders (coordinator and facilitator)."""
from __future__ import annotations

from sqlalchemy import select

from participation.extensions import db
from participation.surveys.models import Survey
from participation.territory.models import Territory
from tests import factories
from tests.reading import plain


def test_every_page_renders_with_the_demo(demo_db, client):
    survey = db.session.scalar(select(Survey))
    territory = db.session.get(Territory, survey.territory_id)
    user = factories.user(territory, "coordinator")
    client.post("/accounts/login", data={"email": user.email, "password": factories.PASSWORD})
    question = survey.questions[0]
    paths = ["/surveys/", f"/surveys/{survey.id}", f"/surveys/{survey.id}/questions/new",
             f"/surveys/questions/{question.id}", f"/surveys/questions/{survey.questions[6].id}",
             f"/surveys/{survey.id}/preview", f"/surveys/{survey.id}/results",
             f"/surveys/{survey.id}/results?q=medecin", f"/surveys/{survey.id}/print",
             "/surveys/entry", f"/surveys/{survey.id}/entry", f"/surveys/{survey.id}/interview",
             f"/surveys/{survey.id}/street", f"/surveys/{survey.id}/form.xlsx", "/"]
    for path in paths:
        response = client.get(path)
        assert response.status_code == 200, path
    results = client.get(f"/surveys/{survey.id}/results").get_data(as_text=True)
    assert "112 avis récoltés" in results and "26 personnes ont laissé" in results
    # a narrow no-break space before % (core.typography)
    assert "70\u202f%" in results and "Base : 64 personnes" in plain(results)
    assert "06 " not in results
    printed = client.get(f"/surveys/{survey.id}/print").get_data(as_text=True)
    assert "N° de feuille" in printed
    assert "se passe dans votre quartier ? » est « Oui »)" in plain(printed)  # the condition
