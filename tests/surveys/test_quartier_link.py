"""Imported answers are linked to their quartier (coordinator tester 23, defect 1).

An XLSForm whose quartier question lists the territory's quartiers under the names residents
use (with or without accents) is recognised at import; Kobo answers then count in their
quartier; the platform's own form.xlsx round trip keeps the mapping; and a coordinator can
map a question after the fact on the "Quartier des réponses" page, which re-links the stored
responses and their contributions. Every count below is written by hand from the CSV rows.
"""
from __future__ import annotations

import pytest
from pyxform.xls2xform import xls2xform_convert
from sqlalchemy import func, select

from participation.contributions.models import Contribution
from participation.core import data_version
from participation.extensions import db
from participation.surveys import quartier_link, services
from participation.surveys.answers_import import import_answers_csv
from participation.surveys.imports import import_xlsform
from participation.surveys.models import Response, Survey
from participation.surveys.responses import quartier_from
from participation.surveys.snapshot import survey_snapshot
from participation.territory.services import create_quartier
from tests.formfill import form_to
from tests.reading import plain
from tests.workbooks import xlsx

SURVEY_SHEET = [
    ("type", "name", "label", "required"),
    ("start", "start", None, None),
    ("end", "end", None, None),
    ("select_one quartier", "quartier", "Dans quel quartier habitez-vous ?", "yes"),
    ("select_one age", "age", "Votre âge", None),
    ("text", "ameliorer", "Qu'aimeriez-vous améliorer dans votre quartier ?", None),
]
# resident names without accents or in capitals, one official name, one choice of no quartier
QUARTIER_CHOICES = [("cite_pres", "Cite des Pres"), ("res_lys", "RÉSIDENCE LYS"),
                    ("cite_pasteur", "Cité Pasteur"), ("res_pf", "Pasteur-Foch"),
                    ("autre", "Autre quartier")]
AGE_CHOICES = [("moins25", "Moins de 25 ans"), ("plus25", "25 ans et plus")]
HEADER = "start;end;quartier;age;ameliorer;_id;_uuid;_submission_time;_index"
# quartier of each row: 3 cite_pres + 2 res_lys = 5 in Les Prés du Bourg; 2 cite_pasteur +
# 1 res_pf = 3 in Pasteur-Foch; 1 autre + 1 blank = 2 "Non précisé"; 10 rows in all
ROW_QUARTIERS = ["cite_pres", "cite_pres", "res_lys", "cite_pasteur", "autre", "cite_pres",
                 "res_pf", "", "res_lys", "cite_pasteur"]
# a free text on every row but the 8th (blank): contributions are 5 in Les Prés du Bourg,
# 3 in Pasteur-Foch, 1 "Non précisé"
TEXTS = ["plus de medecins", "un parc", "des bancs", "un médecin", "la propreté", "des jeux",
         "le bus", "", "moins de bruit", "un marché"]


def _quartiers(territory):
    pres = create_quartier(territory, "QN05999X", "Les Prés du Bourg", "qpv", 900,
                           [territory.communes[0].id], ["Cité des Prés", "Résidence Lys"])
    pasteur = create_quartier(territory, "QN05938M", "Pasteur-Foch", "qpv", 1200,
                              [territory.communes[0].id],
                              ["Cité Pasteur", "Résidences Pasteur et Foch"])
    return pres, pasteur


def _xlsform(choices=QUARTIER_CHOICES) -> bytes:
    return xlsx({"survey": SURVEY_SHEET, "choices": [
        ("list_name", "name", "label"), *(("quartier", name, label) for name, label in choices),
        *(("age", name, label) for name, label in AGE_CHOICES)], "settings": [
        ("form_title", "form_id"), ("Diagnostic en marchant 2025", "diag_2025")]})


def _kobo_csv(quartiers=ROW_QUARTIERS) -> bytes:
    lines = [HEADER]
    for i, (quartier, text) in enumerate(zip(quartiers, TEXTS, strict=True)):
        lines.append(f"2025-05-10T10:{i:02d}:00.000+02:00;2025-05-10T10:{i:02d}:40.000+02:00;"
                     f"{quartier};moins25;{text};{100 + i};uuid-{i:04d};"
                     f"2025-05-10T10:{i:02d}:50;{i + 1}")
    return ("\n".join(lines) + "\n").encode("utf-8")


def _upload_form(webapp, name: str, content: bytes):
    page = webapp.get("/surveys/")
    form = next(f for f in page.forms.values() if f.action.endswith("/surveys/import"))
    form["file"] = (name, content)
    preview = form.submit().follow()  # the preview, then « Importer »
    return form_to(preview, "/confirm").submit().follow()


def _upload_answers(webapp, survey_id: int, content: bytes, dry_run: bool = False):
    page = webapp.get(f"/surveys/{survey_id}/results")
    form = next(f for f in page.forms.values() if f.action.endswith("/import-answers"))
    form["file"] = ("kobo.csv", content)
    if dry_run:
        form["dry_run"] = True
        return form.submit()
    return form.submit().follow()


def _counts(model, survey_id: int) -> dict:
    """Quartier id (None: "Non précisé") -> rows of ``model`` for the survey's responses."""
    if model is Response:
        stmt = select(Response.quartier_id, func.count()).where(Response.survey_id == survey_id)
        return dict(db.session.execute(stmt.group_by(Response.quartier_id)).all())
    title = db.session.get(Survey, survey_id).title
    stmt = select(Contribution.quartier_id, func.count()).where(
        Contribution.source_type == "survey_answer", Contribution.source_label == title)
    return dict(db.session.execute(stmt.group_by(Contribution.quartier_id)).all())


def _text(page) -> str:
    return plain(page.html.get_text())


def _rows(page, selector: str) -> dict[str, str]:
    """Choice -> its quartier cell of the "Quartier des réponses" table."""
    return {plain(tr.th.text): plain(tr.td.text) for tr in page.html.select(selector)}


def _analysis_line(webapp, quartier) -> str:
    """The quartier's line of /analysis/ "Par quartier" (its contributions; a count under
    the publication threshold of 5 is printed "moins de 5")."""
    page = webapp.get("/analysis/")
    item = next(li for li in page.html.select("li") if li.a and li.a.text == quartier.name)
    return " ".join(plain(item.get_text()).split())


def _map_on_page(webapp, survey, quartiers: list):
    """On "Quartier des réponses": choose the quartier question, give its first choices the
    ``quartiers`` (the others left "Non précisé"), save; the page after saving."""
    page = webapp.get(f"/surveys/{survey.id}/quartier")
    chooser = next(f for f in page.forms.values() if "question" in f.fields)
    chooser["question"].select(text="Dans quel quartier habitez-vous ?")
    form = next(f for f in chooser.submit().forms.values() if "options-0" in f.fields)
    for i, quartier in enumerate(quartiers):
        form[f"options-{i}"].select(text=f"{quartier.name} ({quartier.code})")
    return form.submit().follow()


def _last_survey() -> Survey:
    return db.session.scalars(select(Survey).order_by(Survey.id.desc())).first()


def test_fold_ignores_accents_case_punctuation():
    assert quartier_link.fold("Cité des Prés") == quartier_link.fold("cite des  PRES !")
    assert quartier_link.fold("Pasteur-Foch") == "pasteur foch"
    assert quartier_link.fold("Cœur") == "coeur"


def test_tester_case_kobo_answers_count_in_their_quartier(webapp, web_login, territory):
    """The tester's questionnaire: resident names as choice labels, some without accents."""
    pres, pasteur = _quartiers(territory)
    web_login("coordinator")
    edit = _upload_form(webapp, "questionnaire_2025.xlsx", _xlsform())
    assert "Question du quartier reconnue : « Dans quel quartier habitez-vous ? » (4 choix " \
           "sur 5 reliés à un quartier" in _text(edit)
    rows = _rows(edit, "#quartier ~ table tbody tr")
    assert rows["Cite des Pres"] == "Les Prés du Bourg (QN05999X)"
    assert rows["RÉSIDENCE LYS"] == "Les Prés du Bourg (QN05999X)"
    assert rows["Pasteur-Foch"] == "Pasteur-Foch (QN05938M)"
    assert rows["Autre quartier"].startswith("Non précisé — « Autre quartier » ne correspond "
                                             "à aucun quartier du territoire")
    survey = _last_survey()
    preview = _upload_answers(webapp, survey.id, _kobo_csv(), dry_run=True)
    assert "Question qui donne le quartier des réponses : « Dans quel quartier habitez-vous " \
           "? »." in _text(preview)
    assert _rows(preview, "#quartier ~ table tbody tr") == {
        "Les Prés du Bourg": "5", "Pasteur-Foch": "3", "Non précisé": "2"}
    assert _counts(Response, survey.id) == {}  # a preview stores nothing
    _upload_answers(webapp, survey.id, _kobo_csv())
    assert _counts(Response, survey.id) == {pres.id: 5, pasteur.id: 3, None: 2}
    assert _counts(Contribution, survey.id) == {pres.id: 5, pasteur.id: 3, None: 1}
    assert _analysis_line(webapp, pres) == "Les Prés du Bourg (Bailleul) — 5"
    assert not webapp.get(f"/surveys/{survey.id}/results").html.select("#detail-quartier")


def test_platform_form_round_trip_keeps_the_quartier(webapp, web_login, territory):
    """/surveys/N/form.xlsx re-imported as a new survey, then answers: they count in their
    quartier, a choice mapped by hand (a label naming no quartier) included."""
    pres, pasteur = _quartiers(territory)
    web_login("coordinator")
    _upload_form(webapp, "q.xlsx", _xlsform())
    first = _last_survey()
    question = quartier_link.quartier_question(first)
    autre = question.options[-1]
    mapping = {o.id: o.quartier_id for o in question.options} | {autre.id: pasteur.id}
    quartier_link.set_mapping(first, question, mapping)
    exported = webapp.get(f"/surveys/{first.id}/form.xlsx").body
    _upload_form(webapp, "form.xlsx", exported)
    again = _last_survey()
    assert again.id != first.id
    assert [o.quartier_id for o in quartier_link.quartier_question(again).options] == [
        pres.id, pres.id, pasteur.id, pasteur.id, pasteur.id]
    _upload_answers(webapp, again.id, _kobo_csv())
    # "autre" now counts in Pasteur-Foch: 3 + 1; the blank row alone stays "Non précisé"
    assert _counts(Response, again.id) == {pres.id: 5, pasteur.id: 4, None: 1}


def test_profile_question_round_trips(webapp, web_login, territory, tmp_path):
    """A survey built in the platform with its "Quartier" profile question (options named
    after the resident names, ``cite_des_pres``...) exported (pyxform still converts it, the
    ``pdq_quartier`` column included) and re-imported."""
    pres, pasteur = _quartiers(territory)
    user = web_login("coordinator")
    survey = Survey(territory_id=user.territory_id, slug="profil", title="Profil")
    db.session.add(survey)
    db.session.commit()
    from participation.surveys.profiles import add_profile_question

    built = add_profile_question(survey, "quartier")
    exported = webapp.get(f"/surveys/{survey.id}/form.xlsx").body
    (tmp_path / "form.xlsx").write_bytes(exported)
    xls2xform_convert(xlsform_path=str(tmp_path / "form.xlsx"),
                      xform_path=str(tmp_path / "form.xml"))
    assert "Cité des Prés" in (tmp_path / "form.xml").read_text()
    _upload_form(webapp, "form.xlsx", exported)
    again = quartier_link.quartier_question(_last_survey())
    assert [(o.label, o.quartier_id) for o in again.options] == [
        (o.label, o.quartier_id) for o in built.options]
    assert {o.quartier_id for o in again.options} == {pres.id, pasteur.id}


@pytest.mark.forms("surveys/quartier.html")
def test_after_the_fact_mapping_relinks_responses(webapp, web_login, territory):
    """Choices named after streets (no quartier name): nothing recognised, answers "Non
    précisé"; the coordinator maps the question through the rendered page; the stored
    responses and their contributions are re-linked and the data version changes."""
    pres, pasteur = _quartiers(territory)
    streets = [(f"rue_{i}", f"Rue {i}") for i in range(5)]
    names = dict(zip([name for name, _label in QUARTIER_CHOICES], (n for n, _l in streets),
                     strict=True)) | {"": ""}
    web_login("coordinator")
    edit = _upload_form(webapp, "rues.xlsx", _xlsform(streets))
    assert "Aucune question n'a été reconnue comme le quartier des réponses" in _text(edit)
    survey = _last_survey()
    _upload_answers(webapp, survey.id, _kobo_csv([names[q] for q in ROW_QUARTIERS]))
    assert _counts(Response, survey.id) == {None: 10}
    assert _analysis_line(webapp, pres) == "Les Prés du Bourg (Bailleul) — 0"
    results = webapp.get(f"/surveys/{survey.id}/results")
    assert " ".join(_text(results).split()).count(
        "Pas de détail par quartier : 0 réponse sur 10 est reliée à un quartier") == 1
    before = data_version.current(db.session, territory.id)
    # Rue 0, Rue 1 -> Les Prés du Bourg; Rue 2, Rue 3 -> Pasteur-Foch; Rue 4 left unmapped
    done = _map_on_page(webapp, survey, [pres, pres, pasteur, pasteur])
    assert "8 réponses sur 10 sont reliées à un quartier" in _text(done)
    assert _counts(Response, survey.id) == {pres.id: 5, pasteur.id: 3, None: 2}
    assert _counts(Contribution, survey.id) == {pres.id: 5, pasteur.id: 3, None: 1}
    assert data_version.current(db.session, territory.id) != before
    assert _analysis_line(webapp, pres) == "Les Prés du Bourg (Bailleul) — 5"
    results = webapp.get(f"/surveys/{survey.id}/results")
    assert not results.html.select("#detail-quartier")
    age = results.html.select_one("section.result details table")  # "Votre âge" per quartier
    by_group = {tr.th.text: plain(tr.select("td")[-1].text) for tr in age.select("tbody tr")}
    assert by_group == {"Les Prés du Bourg": "5", "Pasteur-Foch": "moins de 5"}
    rows = _rows(done, "table tbody tr")
    assert rows["Rue 3"] == "Pasteur-Foch (QN05938M)"
    assert rows["Rue 4"].startswith("Non précisé — « Rue 4 » ne correspond à aucun quartier")


def test_codes_names_and_a_shared_name(territory):
    """A choice named by its QPV code (label "Le haut") is its quartier; a resident name two
    quartiers share maps to neither and is named; a question of the same names that is
    not single-choice, or another list, is not the quartier question."""
    pres, pasteur = _quartiers(territory)
    create_quartier(territory, "QN05777Z", "Le Moulin", "qpv", 500,
                    [territory.communes[0].id], ["Cité Pasteur"])  # shared with Pasteur-Foch
    choices = [("QN05999X", "Le haut"), ("pasteur_foch", "Là-bas"), ("cp", "Cite Pasteur"),
               ("autre", "Ailleurs")]
    survey = import_xlsform(territory.id, _xlsform(choices))
    question, rows = quartier_link.describe(survey)
    assert question.name == "quartier"
    assert [row.quartier.id if row.quartier else None for row in rows] == [
        pres.id, pasteur.id, None, None]
    assert plain(rows[2].message) == (
        "« Cite Pasteur » est un nom de plusieurs quartiers du territoire : choisissez son "
        "quartier, sinon ses réponses restent « Non précisé ».")
    assert all(o.quartier_id is None for q in survey.questions if q is not question
               for o in q.options)


@pytest.mark.forms("surveys/quartier.html")
def test_a_survey_imported_before_is_proposed_and_relinked(webapp, web_login, territory):
    """A survey imported before its quartier question was recognised (its options carry no
    quartier): the page proposes the question with each choice's match; saved as rendered,
    the stored responses count in their quartier."""
    pres, pasteur = _quartiers(territory)
    survey = import_xlsform(territory.id, _xlsform())
    for option in quartier_link.quartier_question(survey).options:
        option.quartier_id = None
    db.session.commit()
    import_answers_csv(survey, _kobo_csv())
    assert _counts(Response, survey.id) == {None: 10}
    web_login("coordinator")
    page = webapp.get(f"/surveys/{survey.id}/quartier")
    assert "Aucune question de ce questionnaire ne donne le quartier" in _text(page)
    form = next(f for f in page.forms.values() if "options-0" in f.fields)
    assert [form[f"options-{i}"].value for i in range(5)] == [
        str(pres.id), str(pres.id), str(pasteur.id), str(pasteur.id), ""]
    form.submit().follow()
    assert _counts(Response, survey.id) == {pres.id: 5, pasteur.id: 3, None: 2}
    assert _counts(Contribution, survey.id) == {pres.id: 5, pasteur.id: 3, None: 1}


@pytest.mark.forms("surveys/edit.html#6")
def test_quartier_profile_refused_when_an_imported_question_gives_it(webapp, web_login,
                                                                      territory):
    """Adding the "Quartier" profile question to a survey whose imported question already
    gives the quartier would split the answers between two questions: refused, said why."""
    _quartiers(territory)
    web_login("coordinator")
    _upload_form(webapp, "q.xlsx", _xlsform())
    survey = _last_survey()
    page = webapp.get(f"/surveys/{survey.id}")
    form = next(f for f in page.forms.values() if f.action.endswith("/profile"))
    form.select("key", text="Quartier (noms utilisés par les habitants)")
    page = form.submit().follow()
    assert "Ce questionnaire a déjà une question qui donne le quartier des réponses : « Dans " \
           "quel quartier habitez-vous ? » (voir « Quartier des réponses »)." in _text(page)
    db.session.expire_all()
    assert [q.name for q in survey.questions] == ["quartier", "age", "ameliorer"]


def test_question_page_links_to_the_quartier_mapping(webapp, web_login, territory):
    """The quartier question's edit page says it gives the quartier and links to its
    mapping; another single-choice question only links."""
    _quartiers(territory)
    web_login("coordinator")
    _upload_form(webapp, "q.xlsx", _xlsform())
    survey = _last_survey()
    quartier, age = survey.questions[0], survey.questions[1]
    page = webapp.get(f"/surveys/questions/{quartier.id}")
    assert "Cette question donne le quartier des réponses." in _text(page)
    mapping = page.click(description="Relier ses choix aux quartiers")
    assert mapping.request.path_qs == f"/surveys/{survey.id}/quartier?question={quartier.id}"
    page = webapp.get(f"/surveys/questions/{age.id}")
    assert "Cette question donne le quartier" not in _text(page)
    assert page.html.find("a", href=f"/surveys/{survey.id}/quartier?question={age.id}")


@pytest.mark.parametrize("label, name, expected", [
    ("Cité des Prés", "", "pres"), ("cite des pres", "", "pres"),
    ("CITÉ DES PRÈS", "", "pres"),  # a wrong accent folds away too
    ("La Cité des Prés", "", "pres"), ("Prés du Bourg", "", "pres"),
    ("Quartier Pasteur-Foch", "", "pasteur"), ("QPV Pasteur Foch (Hazebrouck)", "", "pasteur"),
    ("Le quartier des Prés du Bourg", "", "pres"), ("qn05999x", "", "pres"),
    ("Là-haut", "QN05938M", "pasteur"), ("Là-haut", "residence_lys", "pres"),
    ("Autre quartier", "autre", None), ("Quartier", "", None), ("Pasteur", "", None)])
def test_choice_spellings(territory, label, name, expected):
    """Each spelling of a choice against the quartiers' names, codes and resident names."""
    pres, pasteur = _quartiers(territory)
    keys = quartier_link.quartier_keys(territory.id)
    found = quartier_link.match_option(keys, label, name)
    assert found == {"pres": pres.id, "pasteur": pasteur.id, None: None}[expected]


@pytest.mark.forms("surveys/quartier.html")
def test_a_resident_answering_after_the_mapping_gets_the_quartier(webapp, web_login,
                                                                    territory):
    """The residents' answer path reads a snapshot of the survey (``surveys.snapshot``, kept
    per page version): a resident's answer before the mapping is re-linked, and the snapshot
    the next answer reads gives the mapped quartier at once."""
    pres, _pasteur = _quartiers(territory)
    survey = services.create_survey(territory.id, "Rues")
    services.add_question(survey, "single", "Où habitez-vous ?", ["Rue haute", "Rue basse"],
                          name="rue")
    services.set_status(survey, "open")
    rue = survey.questions[0]
    haute = rue.options[0].id
    form = form_to(webapp.get(f"/s/{survey.slug}"), f"/s/{survey.slug}")
    form[f"q{rue.id}"] = str(haute)
    assert form.submit().status_int == 302
    before = survey_snapshot(survey.slug)
    assert quartier_from(before, {rue.id: {"options": [haute]}}) is None
    web_login("coordinator")
    page = webapp.get(f"/surveys/{survey.id}/quartier")
    chooser = next(f for f in page.forms.values() if "question" in f.fields)
    page = chooser.submit()  # the only single-choice question
    form = next(f for f in page.forms.values() if "options-0" in f.fields)
    form["options-0"].select(text=f"{pres.name} ({pres.code})")
    form.submit().follow()
    assert db.session.scalars(select(Response.quartier_id)).all() == [pres.id]
    assert quartier_from(survey_snapshot(survey.slug), {rue.id: {"options": [haute]}}) == pres.id
