"""The preview's rows per quartier follow the choices made on the page for the values outside
the choice lists: « Recalculer l'aperçu avec ces choix » (a plain submit, no JavaScript)
shows the preview again with them, nothing imported; « Importer » then stores what the
recomputed preview said. Both previews: answers into an existing survey (results page) and a
questionnaire with its answers (/surveys/ import). Counts written by hand from the rows.
"""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from participation.extensions import db
from participation.surveys import quartier_link
from participation.surveys.models import Response
from tests import factories
from tests.formfill import form_to
from tests.reading import plain, table_rows
from tests.surveys.helpers import equipements_survey
from tests.surveys.test_quartier_link import ROW_QUARTIERS, _kobo_csv, _quartiers, _xlsform
from tests.surveys.test_unlisted_values import GOOGLE, _choose


def _by_quartier(page) -> list[list[str]]:
    return table_rows(page.html.find("table", id="by-quartier"))


def _stored_by_quartier(survey) -> dict:
    return dict(db.session.execute(
        select(Response.quartier_id, func.count(Response.id))
        .where(Response.survey_id == survey.id).group_by(Response.quartier_id)).all())


@pytest.mark.forms("surveys/results.html#1", "surveys/import_preview.html")
def test_answers_preview_counts_follow_the_mapping(webapp, web_login, territory):
    """GOOGLE (test_unlisted_values): Haut-de-ville on lines 2 and 4, Bas-de-ville on line
    5, « Bas ville » (no choice) on lines 3 and 6. Before a choice: Haut 2, Bas 1, Non
    précisé 2 (base 5); « Bas ville » counted as « Bas-de-ville »: Bas 3, Haut 2."""
    survey = equipements_survey(territory)
    haut = factories.quartier(territory, name="Haut-de-ville", names=())
    bas = factories.quartier(territory, name="Bas-de-ville", names=())
    question = next(q for q in survey.questions if q.name == "quartier")
    options = {o.name: o.id for o in question.options}
    quartier_link.set_mapping(survey, question, {options["haut"]: haut.id,
                                                 options["bas"]: bas.id})
    web_login("coordinator")
    upload = form_to(webapp.get(f"/surveys/{survey.id}/results"), "/import-answers")
    upload["file"] = ("reponses.csv", GOOGLE)
    upload["dry_run"] = True
    preview = upload.submit(status=200)
    assert _by_quartier(preview) == [["Bas-de-ville", "1"], ["Haut-de-ville", "2"],
                                     ["Non précisé", "2"]]
    form = form_to(preview, "/import-answers", contains="Recalculer")
    _choose(form, "Bas ville", "comptée comme le choix « Bas-de-ville »")
    _choose(form, "Atelier couturee", "comptée comme le choix « Atelier couture »")
    again = form.submit(name="action", value="recalculer", status=200)
    assert "Aperçu recalculé avec vos choix : rien n'a encore été importé." in \
        " ".join(plain(again.html.get_text(" ")).split())
    assert _by_quartier(again) == [["Bas-de-ville", "3"], ["Haut-de-ville", "2"]]
    assert db.session.scalar(select(func.count(Response.id))) == 0
    form = form_to(again, "/import-answers", contains="Importer ce fichier")
    assert form["hl-2"].value == "choix:bas"  # the choice made is kept on the new preview
    form.submit(status=302).follow()
    assert _stored_by_quartier(survey) == {bas.id: 3, haut.id: 2}


@pytest.mark.forms("surveys/index.html#2", "surveys/import_questionnaire.html#1")
def test_questionnaire_preview_counts_follow_the_mapping(webapp, web_login, territory):
    """test_quartier_link's 10 Kobo rows with rows 1 and 6 (« cite_pres ») written « pres »,
    a name no choice has. Before a choice: Les Prés du Bourg 3 (cite_pres row 2, res_lys
    rows 3 and 9), Pasteur-Foch 3 (rows 4, 7, 10), Non précisé 4 (« autre » row 5, blank
    row 8, « pres » rows 1 and 6); « pres » counted as « Cite des Pres »: 5, 3, 2 (base 10).
    """
    pres, pasteur = _quartiers(territory)
    rows = ["pres" if i in (0, 5) else q for i, q in enumerate(ROW_QUARTIERS)]
    web_login("coordinator")
    upload = form_to(webapp.get("/surveys/"), "/surveys/import")
    upload["file"] = ("form.xlsx", _xlsform())
    upload["answers"] = ("kobo.csv", _kobo_csv(rows))
    preview = upload.submit().follow()
    assert _by_quartier(preview) == [["Les Prés du Bourg", "3"], ["Pasteur-Foch", "3"],
                                     ["Non précisé", "4"]]
    form = form_to(preview, "/confirm")
    _choose(form, "pres", "comptée comme le choix « Cite des Pres »")
    recomputed = form.submit(name="action", value="recalculer").follow()
    assert _by_quartier(recomputed) == [["Les Prés du Bourg", "5"], ["Pasteur-Foch", "3"],
                                        ["Non précisé", "2"]]
    assert db.session.scalar(select(func.count(Response.id))) == 0
    form = form_to(recomputed, "/confirm")
    form.submit().follow()
    survey = db.session.scalar(select(Response.survey_id).limit(1))
    counts = dict(db.session.execute(
        select(Response.quartier_id, func.count(Response.id))
        .where(Response.survey_id == survey).group_by(Response.quartier_id)).all())
    assert counts == {pres.id: 5, pasteur.id: 3, None: 2}
