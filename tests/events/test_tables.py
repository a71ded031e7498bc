"""Tables record contributions; the results page prints the contracts' layouts."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from participation.contributions.models import Contribution, ContributionLink
from participation.events import results, tables
from participation.extensions import db
from tests import factories
from tests.events.conftest import make_event


def _setup(territory, quartier, kind="table_citoyenne"):
    event = make_event(territory, days=-1, kind=kind, title="Tables citoyennes",
                       quartier_ids=[quartier.id])
    codes = [c.code for c in territory.current_contract.challenges if c.parent_id is None]
    sante, mobilite = (factories.challenge(territory, c) for c in codes[:2])
    t1 = tables.save_table(event, "Table 1", "Sami", 30, [sante.id])
    t2 = tables.save_table(event, "Table 2", "Inès", 24, [mobilite.id])
    return event, t1, t2, sante, mobilite


def _say(webapp, url: str, text: str, kind: str, **fields) -> object:
    """Fill the table page's form as rendered and save one statement; return the next page."""
    form = webapp.get(url).forms[1]  # forms[0] is the header's logout form
    form["text"], form["kind"] = text, kind
    for name, value in fields.items():
        form[name] = value
    response = form.submit()
    assert response.status_int == 302, response.text
    return response.follow()


@pytest.mark.forms("events/table.html")
def test_facilitator_records_from_the_table_page(webapp, web_login, territory, quartier):
    event, t1, _t2, sante, _m = _setup(territory, quartier)
    web_login("facilitator")
    url = f"/events/{event.id}/tables/{t1.id}"
    form = webapp.get(url).forms[1]
    assert "question" not in form.fields and "commune_id" not in form.fields
    _say(webapp, url, "Pénurie de médecin traitant", "constat")
    manque = db.session.scalar(select(Contribution))
    assert manque.source_format == "table_citoyenne" and manque.quartier_id == quartier.id
    assert manque.source_label == "Tables citoyennes — Table 1"
    assert [c.id for c in manque.challenges] == [sante.id]  # the table's theme, kept
    page = _say(webapp, url, "Implanter une maison médicale", "proposition",
                answers_id=str(manque.id))
    link = db.session.scalar(select(ContributionLink))
    assert link.to_id == manque.id and link.kind == "repond"
    row = page.html.select("#dit tbody tr")[0]
    assert [td.get_text(strip=True) for td in row.select("td")] == [
        "Implanter une maison médicale", "Pénurie de médecin traitant", ""]


@pytest.mark.forms("events/table.html")
def test_table_ronde_form_asks_the_question(webapp, web_login, territory, quartier):
    event, t1, _t2, _s, _m = _setup(territory, quartier, kind="table_ronde")
    web_login("facilitator")
    url = f"/events/{event.id}/tables/{t1.id}"
    _say(webapp, url, "Améliorer le cadre de vie", "defi", question="defis")
    saved = db.session.scalar(select(Contribution))
    assert saved.kind == "defi"
    assert {q["key"]: [c.text for c in q["items"]] for q in results.four_questions(event)}[
        "defis"] == ["Améliorer le cadre de vie"]


@pytest.mark.forms("events/table.html")
def test_reunion_publique_form_asks_the_commune(webapp, web_login, territory, quartier):
    event, t1, _t2, _s, _m = _setup(territory, quartier, kind="reunion_publique")
    bailleul = territory.communes[0]
    web_login("facilitator")
    url = f"/events/{event.id}/tables/{t1.id}"
    page = _say(webapp, url, "Logements mal isolés", "constat", commune_id=str(bailleul.id))
    saved = db.session.scalar(select(Contribution))
    grid = results.forces_faiblesses(event)
    assert [c.text for c in grid[0]["themes"][0][1]["faiblesses"][bailleul.name]] == [
        "Logements mal isolés"]
    assert saved.text in page.html.select_one("#dit").get_text()


def test_results_three_columns_and_headline(client, auth, territory, quartier):
    event, t1, t2, sante, mobilite = _setup(territory, quartier)
    manque = tables.record_table_contribution(t1, "Pénurie de médecin traitant", "constat")
    prop = tables.record_table_contribution(t1, "Maison médicale", "proposition",
                                            answers_id=manque.id)
    tables.record_table_contribution(t1, "Poste de téléconsultation", "mobilisation",
                                     "partenaire", answers_id=prop.id)
    tables.record_table_contribution(t1, "Complexité de doctolib", "constat")
    both = tables.record_table_contribution(t2, "Abris de bus", "proposition",
                                            challenge_ids=[sante.id, mobilite.id])
    assert results.headline(event) == "2 tables citoyennes · 2 thématiques · 54 participants"
    blocks = results.three_columns(event)
    assert [b["challenge"].id for b in blocks] == [sante.id, mobilite.id]
    rows = blocks[0]["rows"]
    assert [[c.text for c in rows[0][k]] for k in results.COLUMNS] == [
        ["Maison médicale"], ["Pénurie de médecin traitant"], ["Poste de téléconsultation"]]
    assert [c.text for c in rows[1]["constat"]] == ["Complexité de doctolib"]
    assert rows[1]["proposition"] == [] and rows[2]["proposition"] == [both]
    auth.login("coordinator")
    page = client.get(f"/events/{event.id}/results").get_data(as_text=True)
    assert "Propositions des habitants pour y remédier" in page
    assert "Mobilisation des partenaires en réponse aux besoins" in page
    assert "2 tables citoyennes · 2 thématiques · 54 participants" in page


def test_link_to_another_event_is_refused(territory, quartier):
    import pytest

    from participation.core.errors import DomainError

    event, t1, _t2, _s, _m = _setup(territory, quartier)
    other = make_event(territory, title="Autre")
    ot = tables.save_table(other, "T", "", None, [])
    foreign = tables.record_table_contribution(ot, "Ailleurs", "constat")
    with pytest.raises(DomainError, match="pas de cet événement"):
        tables.record_table_contribution(t1, "Réponse", "proposition", answers_id=foreign.id)


def test_table_ronde_four_questions(client, auth, territory, quartier):
    event, t1, _t2, _s, _m = _setup(territory, quartier, kind="table_ronde")
    tables.record_table_contribution(t1, "Améliorer le cadre de vie", "defi", question="defis")
    tables.record_table_contribution(t1, "Les structures de proximité", "atout")
    tables.record_table_contribution(t1, "Annualiser la consultation", "proposition",
                                     question="participation")
    grouped = {q["key"]: [c.text for c in q["items"]] for q in results.four_questions(event)}
    assert grouped == {"defis": ["Améliorer le cadre de vie"],
                       "atouts": ["Les structures de proximité"], "solutions": [],
                       "participation": ["Annualiser la consultation"]}
    auth.login("coordinator")
    page = client.get(f"/events/{event.id}/results").get_data(as_text=True)
    assert "2 tables rondes" in page and "Participation citoyenne" in page


def test_forces_faiblesses_grid_split_by_commune(client, auth, territory, quartier):
    event, t1, _t2, sante, _m = _setup(territory, quartier, kind="reunion_publique")
    hazebrouck, bailleul = territory.communes[1], territory.communes[0]
    tables.record_table_contribution(t1, "Un quartier bien desservi", "atout",
                                     commune_id=hazebrouck.id)
    tables.record_table_contribution(t1, "Logements mal isolés", "constat",
                                     commune_id=bailleul.id)
    grid = results.forces_faiblesses(event)
    assert grid[0]["quartier"].id == quartier.id
    challenge, cells = grid[0]["themes"][0]
    assert challenge.id == sante.id
    assert [c.text for c in cells["forces"][hazebrouck.name]] == ["Un quartier bien desservi"]
    assert [c.text for c in cells["faiblesses"][bailleul.name]] == ["Logements mal isolés"]
    auth.login("coordinator")
    page = client.get(f"/events/{event.id}/results").get_data(as_text=True)
    assert "Forces" in page and "Logements mal isolés" in page


def test_tables_page_adds_a_table(client, auth, territory, quartier):
    event = make_event(territory, kind="table_citoyenne")
    auth.login("facilitator")
    response = client.post(f"/events/{event.id}/tables",
                           data={"name": "Table santé", "facilitator": "Sami",
                                 "participants": "12"})
    assert response.status_code == 302
    assert event.tables[0].participants == 12


@pytest.mark.forms("events/table.html")
def test_a_statement_answers_only_what_was_said_at_its_own_table(webapp, web_login, territory,
                                                                 quartier):
    event, t1, t2, _s, _m = _setup(territory, quartier)
    web_login("facilitator")
    long_text = "Les médecins partent à la retraite et personne ne reprend les cabinets du quartier"
    _say(webapp, f"/events/{event.id}/tables/{t1.id}", long_text, "constat")
    _say(webapp, f"/events/{event.id}/tables/{t2.id}", "Pas de bus le dimanche", "constat")
    options = [text for _v, _s, text in
               webapp.get(f"/events/{event.id}/tables/{t2.id}").forms[1]["answers_id"].options]
    assert options[1:] == ["Constat / manquement · Pas de bus le dimanche"] or \
        [o.split(" · ")[1] for o in options[1:]] == ["Pas de bus le dimanche"]
    first = webapp.get(f"/events/{event.id}/tables/{t1.id}").forms[1]["answers_id"].options
    shown = first[1][2].split(" · ")[1]
    assert shown.endswith(" …") and long_text.startswith(shown[:-2])  # cut between words
    assert len(shown) <= 70


def test_table_columns_carry_their_names_for_a_phone(webapp, web_login, territory, quartier):
    event, t1, _t2, _s, _m = _setup(territory, quartier)
    web_login("facilitator")
    page = _say(webapp, f"/events/{event.id}/tables/{t1.id}", "Un médecin", "constat")
    labels = [td["data-label"] for td in page.html.select("#dit tbody tr")[0].select("td")]
    assert labels == [th.get_text(strip=True) for th in page.html.select("#dit thead th")]


@pytest.mark.forms("events/table.html")
def test_a_remark_at_a_table_of_several_themes_gets_only_the_themes_ticked(
        webapp, web_login, territory, quartier):
    """A table on health and transport: its remarks were stored with both themes, confirmed,
    whatever they said (fresh tester: "faire venir un medecin generaliste" counted under six
    themes). Now nothing is ticked: the facilitator ticks the remark's own theme, or leaves
    it to the review queue."""
    event, _t1, _t2, sante, mobilite = _setup(territory, quartier)
    both = tables.save_table(event, "Table 3", "Léa", 12, [sante.id, mobilite.id])
    web_login("facilitator")
    url = f"/events/{event.id}/tables/{both.id}"
    page = webapp.get(url)
    boxes = page.forms[1].fields["challenge_ids"]
    assert not [b for b in boxes if b.checked]
    assert page.html.select_one("#themes-hint") is not None
    form = page.forms[1]
    form["text"], form["kind"] = "faire venir un medecin generaliste", "proposition"
    next(b for b in form.fields["challenge_ids"] if b._value == str(sante.id)).checked = True
    assert form.submit().status_int == 302
    _say(webapp, url, "les bus passent pas le dimanche", "constat")
    medecin, bus = db.session.scalars(select(Contribution).order_by(Contribution.id)).all()
    assert [c.id for c in medecin.challenges] == [sante.id]
    # nobody chose its theme: only suggestions, not confirmed, waiting in the review queue
    assert all(t.origin == "suggested" and t.tagged_by_id is None for t in bus.tags)
    web_login("coordinator")
    assert "les bus passent pas le dimanche" in webapp.get("/analysis/review").text


def test_a_table_of_one_theme_ticks_it(webapp, web_login, territory, quartier):
    event, t1, _t2, sante, _m = _setup(territory, quartier)
    web_login("facilitator")
    boxes = webapp.get(f"/events/{event.id}/tables/{t1.id}").forms[1].fields["challenge_ids"]
    assert [b._value for b in boxes if b.checked] == [str(sante.id)]
