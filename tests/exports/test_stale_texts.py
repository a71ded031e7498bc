"""A coordinator's text saved over figures that have changed since is flagged (tester
t25coord: "62 avis récoltés" edited, printed above "base : 68"; a draft validated at "12
habitants sur 40" kept while the draft became "13 sur 41", the page still saying "Validé").
The staff pages say which figures moved and show the computed text to compare; the section
keeps the coordinator's text (the coordinator decides)."""
from __future__ import annotations

from datetime import date

import pytest

from participation.contributions.services import record_contribution
from tests import factories
from tests.formfill import form_to, text_of


def _said(territory, quartier, challenge, count: int, start: int = 0) -> None:
    """``count`` contributions typed in ("saisie", one session) about ``challenge``."""
    for i in range(start, start + count):
        record_contribution(territory.id, f"Pas de bus le dimanche ({i})",
                            quartier_id=quartier.id, challenge_ids=[challenge.id],
                            said_on=date(2024, 3, 4))


def test_an_edited_block_over_changed_figures_is_flagged(webapp, web_login, territory,
                                                         quartier):
    mobility = factories.challenge(territory, "L4")
    _said(territory, quartier, mobility, 5)
    web_login("coordinator")
    page = webapp.get("/exports/section")
    form = form_to(page, "/exports/section/text", contains='value="format-saisie"')
    assert form["text"].value.startswith("5 contributions recueillies")
    form["text"] = "5 contributions recueillies lors de nos permanences."
    form.submit().follow()
    assert "Textes à relire" not in text_of(webapp.get("/exports/section"))  # same figures
    _said(territory, quartier, mobility, 1, start=5)  # a 6th contribution
    page = text_of(webapp.get("/exports/section"))
    assert ("Les chiffres ont changé depuis l’enregistrement de ce texte : 6 contributions au "
            "lieu de 5 contributions. Relisez le texte.") in page
    assert "Textes à relire : leurs chiffres ont changé" in page
    assert "6 contributions recueillies" in page  # the computed text, to compare
    # the section keeps the coordinator's words until the coordinator decides
    assert "5 contributions recueillies lors de nos permanences." in text_of(
        webapp.get("/exports/section.html"))


@pytest.mark.forms("analysis/summary.html#1")
def test_a_validated_draft_over_changed_figures_is_flagged(webapp, web_login, territory,
                                                           quartier):
    mobility = factories.challenge(territory, "L4")
    _said(territory, quartier, mobility, 5)
    web_login("coordinator")
    page = webapp.get(f"/analysis/challenge/{mobility.id}")
    form = form_to(page, f"/analysis/challenge/{mobility.id}/draft")
    # the draft: "5 habitants sur 5 évoquent « pas de bus le dimanche »…"
    assert "5 habitants sur 5 évoquent" in form["text"].value
    assert "Texte validé" in text_of(form.submit().follow())
    page = text_of(webapp.get(f"/analysis/challenge/{mobility.id}"))
    assert "Validé : la section du contrat reprend ce texte." in page
    assert "Les chiffres ont changé" not in page
    _said(territory, quartier, mobility, 1, start=5)  # a 6th: 6 of the 6 say it
    page = text_of(webapp.get(f"/analysis/challenge/{mobility.id}"))
    assert ("Les chiffres ont changé depuis la validation : « pas de bus le dimanche » : 6 "
            "sur 6 au lieu de 5 sur 5. Relisez le texte.") in page
    assert "Validé : la section du contrat reprend ce texte." not in page
    assert "Validé avec d’anciens chiffres" in page
    # the computed draft of now, to compare with the validated text still in the form
    assert "pour comparer : Ce qu'il faut retenir : 6 habitants sur 6 évoquent" in page
    assert "5 habitants sur 5 évoquent" in text_of(webapp.get("/exports/section.html"))


@pytest.mark.forms("analysis/summary.html#1")
def test_the_section_page_lists_every_stale_validated_draft(webapp, web_login, territory,
                                                            quartier):
    """Tester s26: a draft validated at "5 habitants sur 5", then a 6th contribution: the
    challenge's page said so, the section's staff page did not, and the coordinator
    exported the old figures. Now the section page lists it with the link to read it
    again, which leads to the notice of the challenge's page; validated again, the list is
    gone."""
    mobility = factories.challenge(territory, "L4")
    _said(territory, quartier, mobility, 5)
    web_login("coordinator")
    page = webapp.get(f"/analysis/challenge/{mobility.id}")
    form_to(page, f"/analysis/challenge/{mobility.id}/draft").submit().follow()
    assert "Textes à relire" not in text_of(webapp.get("/exports/section"))  # same figures
    _said(territory, quartier, mobility, 1, start=5)
    section = webapp.get("/exports/section")
    listed = section.html.find(id="textes-a-relire")
    assert listed is not None, "no list of texts to read again"
    assert (f"L4 · {mobility.name} : « pas de bus le dimanche » : 6 sur 6 au lieu de 5 sur 5 "
            "— relire et valider à nouveau le texte de l’enjeu") in " ".join(
        listed.get_text().split())
    challenge_page = section.click(description="relire et valider à nouveau le texte de "
                                               "l’enjeu")
    assert challenge_page.request.path == f"/analysis/challenge/{mobility.id}"
    assert ("Les chiffres ont changé depuis la validation : « pas de bus le dimanche » : 6 "
            "sur 6 au lieu de 5 sur 5.") in text_of(challenge_page)
    form = form_to(challenge_page, f"/analysis/challenge/{mobility.id}/draft")
    form["text"] = form["generated"].value  # the coordinator takes the draft of now
    form.submit().follow()
    assert "Textes à relire" not in text_of(webapp.get("/exports/section"))


def test_stale_compares_figures_not_quotes(app):
    """Figures as the text says them; a quote's digits and unchanged figures say nothing."""
    from participation.exports.services import stale

    with app.test_request_context("/"):
        assert stale("12 habitants sur 40 «»", "13 habitants sur 41 « bus 99 »") == (
            "« bus 99 » : 13 sur 41 au lieu de 12 sur 40")
        assert stale("62 avis récoltés.", "68 avis récoltés.") == "68 avis au lieu de 62 avis"
        assert stale("62 avis récoltés.", "62 avis récoltés.\nEn 2 langues.") == (
            "62 avis, 2 langues au lieu de 62 avis")
        assert stale("5 sur 5 «»", "5 sur 5 « (1) »") is None
        assert stale(None, "13 sur 41") is None  # saved before the computed text was kept


def test_stale_names_each_changed_figure_with_its_need(app):
    """Tester t26coord's validated draft (the saved text keeps no quoted words): the warning
    printed both whole sentences with empty quotes « ». It names only the figures that
    changed, "N sur M au lieu de N' sur M'", each with the need it counts as quoted now."""
    from participation.exports.services import stale

    then = ("Ce qu'il faut retenir : 32 habitants sur 60 évoquent «», surtout à Pasteur-Foch. "
            "6 habitants sur 60 évoquent «».\nPoints forts : 9 habitants sur 60 évoquent «».")
    now = ("Ce qu'il faut retenir : 30 habitants sur 58 évoquent « Le calme », surtout à "
           "Pasteur-Foch. 6 habitants sur 58 évoquent « Le parc ».\nPoints forts : 9 "
           "habitants sur 60 évoquent « Le marché ».")
    with app.test_request_context("/"):
        assert stale(then, now) == ("« Le calme » : 30 sur 58 au lieu de 32 sur 60 ; "
                                    "« Le parc » : 6 sur 58 au lieu de 6 sur 60")
