"""A challenge's year on year enters the section only as the coordinator decided (issue #13,
items 4 and 5).

A coordinator tester found the evolution blocks in the section (HTML, DOCX, ODT) without
having validated them, and "Modifier le texte" replaced their sentence but never their
table. Now the challenge's page asks: the text and the table, the text alone, or nothing;
the choice holds for the figures read, and new figures take the block out until read again.
"""
from __future__ import annotations

import io
from datetime import date

import pytest
from docx import Document

from participation.contributions.services import record_contribution
from tests import factories
from tests.formfill import form_to, text_of
from tests.reading import plain

# 2022: base 15 (6 doctors, 4 buses, 5 French lessons); 2023: base 20 (9, 6, 5 pitches)
SAID = {2022: [("un médecin", 6), ("pas de bus le dimanche", 4),
               ("des cours de français", 5)],
        2023: [("un médecin", 9), ("pas de bus le dimanche", 6), ("un terrain de foot", 5)]}
TITLE = "S2 · {name} : évolution de 2022 à 2023"
DOCTORS = ["Un médecin", "6 sur 15 (40 %)", "9 sur 20 (45 %)", "+5"]


def _seed(territory, quartier):
    return factories.yearly_contributions(territory, quartier, "S2", SAID)


def _choose(webapp, health, choice: str) -> str:
    """Submit the evolution form of the challenge's page as rendered; the page after."""
    page = webapp.get(f"/analysis/challenge/{health.id}")
    form = form_to(page, f"/analysis/challenge/{health.id}/evolution")
    form["choice"] = choice
    return plain(text_of(form.submit().follow()))


def _docx(webapp) -> tuple[list[str], list[list[str]], list[str]]:
    """(headings, table rows, paragraphs) of the section's DOCX."""
    doc = Document(io.BytesIO(webapp.get("/exports/section.docx").body))
    return ([plain(p.text) for p in doc.paragraphs if p.style.name.startswith("Heading")],
            [[plain(c.text) for c in row.cells] for t in doc.tables for row in t.rows],
            [plain(p.text) for p in doc.paragraphs])


def _section(webapp) -> str:
    return plain(text_of(webapp.get("/exports/section")))


@pytest.mark.forms("analysis/summary.html#2")
def test_the_evolution_enters_the_section_only_as_validated(webapp, web_login, territory,
                                                            quartier):
    health = _seed(territory, quartier)
    title = TITLE.format(name=health.name)
    web_login("coordinator")
    page = plain(text_of(webapp.get(f"/analysis/challenge/{health.id}")))
    assert "6 sur 15 (40 %) 9 sur 20 (45 %) +5" in page  # the page shows it to be read
    assert "Pas encore validée : la section ne reprend pas cette évolution." in page
    # not validated: neither in the section page, nor in its files; the page says why
    section = _section(webapp)
    assert f"« {title} » n’entre pas dans la section tant que vous ne l’avez pas relue" \
        in section
    headings, cells, _paragraphs = _docx(webapp)
    assert title not in headings and DOCTORS not in cells
    # validated with its table
    assert "le texte et le tableau entrent dans la section" in _choose(webapp, health,
                                                                       "tableau")
    headings, cells, paragraphs = _docx(webapp)
    assert title in headings and DOCTORS in cells
    assert "Nouveau en 2023 : « un terrain de foot »." in paragraphs
    # the text alone: the sentences, no table
    assert "sans le tableau" in _choose(webapp, health, "texte")
    headings, cells, paragraphs = _docx(webapp)
    assert title in headings and DOCTORS not in cells
    assert "Nouveau en 2023 : « un terrain de foot »." in paragraphs
    # kept out
    assert "la section ne la reprend pas" in _choose(webapp, health, "exclu")
    headings, cells, paragraphs = _docx(webapp)
    assert title not in headings and "Nouveau en 2023 : « un terrain de foot »." \
        not in paragraphs
    assert f"« {title} » : exclue de la section." in _section(webapp)


@pytest.mark.forms("analysis/summary.html#2")
def test_new_figures_take_a_validated_evolution_out_until_read_again(
        webapp, web_login, territory, quartier):
    health = _seed(territory, quartier)
    title = TITLE.format(name=health.name)
    web_login("coordinator")
    _choose(webapp, health, "tableau")
    assert DOCTORS in _docx(webapp)[1]
    # one more doctor in 2023: 10 of 21 (48 %), +8 points; the validated 9 of 20 is gone
    record_contribution(territory.id, "un médecin", quartier_id=quartier.id,
                        said_on=date(2023, 6, 14), challenge_ids=[health.id])
    headings, cells, _paragraphs = _docx(webapp)
    assert title not in headings
    assert not [row for row in cells if row and row[0] == "Un médecin"]
    assert "ses chiffres ont changé depuis votre validation" in _section(webapp)
    listed = webapp.get("/exports/section").html.find(id="textes-a-relire")
    assert listed is not None, "the section's list of texts to read again leaves it out"
    assert (f"{title} : validée avec d’autres chiffres, elle n’entre plus dans la section"
            in plain(" ".join(listed.get_text().split())))
    page = plain(text_of(webapp.get(f"/analysis/challenge/{health.id}")))
    assert "Les chiffres ont changé depuis votre validation" in page
    _choose(webapp, health, "tableau")  # read again, validated again
    assert ["Un médecin", "6 sur 15 (40 %)", "10 sur 21 (48 %)", "+8"] in _docx(webapp)[1]


@pytest.mark.forms("analysis/summary.html#2")
def test_an_edited_text_keeps_the_table_the_coordinator_chose(webapp, web_login, territory,
                                                              quartier):
    """"Modifier le texte" replaces the sentences; the table follows the choice made on the
    challenge's page (the tester could not remove it before)."""
    health = _seed(territory, quartier)
    web_login("coordinator")
    _choose(webapp, health, "tableau")
    page = webapp.get("/exports/section")
    form = next(f for f in page.forms.values()
                if f.action.endswith("/exports/section/text")
                and f["key"].value == "evolution-S2")
    form["text"] = "Les médecins restent le premier besoin."
    form.submit()
    _headings, cells, paragraphs = _docx(webapp)
    assert "Les médecins restent le premier besoin." in paragraphs and DOCTORS in cells
    _choose(webapp, health, "texte")
    _headings, cells, paragraphs = _docx(webapp)
    assert "Les médecins restent le premier besoin." in paragraphs and DOCTORS not in cells


def test_a_choice_without_figures_is_refused(webapp, web_login, territory, quartier):
    """A hand-built POST (bad input): no choice, or figures not given, keeps nothing."""
    health = _seed(territory, quartier)
    web_login("coordinator")
    page = webapp.get(f"/analysis/challenge/{health.id}")
    form = form_to(page, f"/analysis/challenge/{health.id}/evolution")
    after = plain(text_of(form.submit().follow()))  # nothing chosen
    assert "Choisissez ce que la section reprend." in after
    form["choice"] = "tableau"
    form["digest"] = "pas un chiffre"
    assert "Le formulaire a expiré, recommencez." in plain(text_of(form.submit().follow()))
    assert "Pas encore validée" in plain(text_of(webapp.get(
        f"/analysis/challenge/{health.id}")))


def test_reviewed_keeps_an_evolution_only_with_its_validated_figures(app):
    """``section_evolution.reviewed`` on a model: the choice holds for the digest it was made
    on; an evolution block without figures' digest (kept by an older version) never enters."""
    from participation.exports import section_evolution

    def model():
        theme = {"key": "theme-S2", "challenge_id": 7, "tables": [], "paragraphs": []}
        evo = {"key": "evolution-S2", "title": "S2 : évolution", "paragraphs": ["x"],
               "tables": [{"rows": [["Bus"]]}],
               "review": {"challenge_id": 7, "digest": "0123456789abcdef"}}
        old = {"key": "evolution-S3", "title": "S3", "paragraphs": [], "tables": []}
        return {"blocks": [theme, evo, old]}

    keys = lambda m: [b["key"] for b in m["blocks"]]  # noqa: E731
    assert keys(section_evolution.reviewed(model(), {})) == ["theme-S2"]
    text_only = section_evolution.reviewed(model(),
                                           {"choix:evolution-S2": "texte 0123456789abcdef"})
    assert keys(text_only) == ["theme-S2", "evolution-S2"]
    assert text_only["blocks"][1]["tables"] == []
    stale = section_evolution.reviewed(model(),
                                       {"choix:evolution-S2": "tableau fedcba9876543210"})
    assert keys(stale) == ["theme-S2"]
    assert stale["blocks"][0]["evolution_review"]["state"] == "change"


@pytest.mark.forms("analysis/summary.html#2")
def test_no_need_named_by_five_says_so_instead_of_an_empty_table(webapp, web_login,
                                                                 territory, quartier):
    """Five residents' needs each year (bases 5 and 5), each named once: no row reaches 5,
    the page and the section say no figure per need is published (no empty table)."""
    health = factories.challenge(territory, "S2")
    said = {2022: ["un médecin", "un bus", "une piscine", "un parc", "des bancs"],
            2023: ["une crèche", "un marché", "des arbres", "un stade", "une école"]}
    for year, texts in said.items():
        for text in texts:
            record_contribution(territory.id, text, quartier_id=quartier.id,
                                said_on=date(year, 6, 14), challenge_ids=[health.id])
    web_login("coordinator")
    sentence = ("Aucun besoin n’est nommé par au moins 5 habitants, ni en 2022 ni en 2023 : "
                "aucun chiffre par besoin n’est publié.")
    page = webapp.get(f"/analysis/challenge/{health.id}")
    assert sentence in plain(text_of(page))
    assert not page.html.find(id="evolution").find_next("table")
    _choose(webapp, health, "tableau")
    headings, cells, paragraphs = _docx(webapp)
    assert TITLE.format(name=health.name) in headings and sentence in paragraphs
    assert not [row for row in cells if row and row[0] == "Besoin"]
