"""Analyses kept by what they are computed from (``analysis.kept``, ``core.memo``): after one
new answer only what holds it is computed again (the grouping of the theme it was tagged
with, the tables of what was said); on the words page a need said under two themes is counted
once; an erasure leaves no kept copy."""
from __future__ import annotations

from datetime import date

from participation.analysis import grouping
from participation.contributions.services import record_contribution
from participation.core.memo import content_store, digest, forget, store
from tests import factories
from tests.formfill import form_to, text_of
from tests.privacy.erasing import confirm
from tests.privacy.test_consent import _quoted


def _answers(territory, quartier):
    """Santé: 3 x "un médecin" (Santé only) and 2 x "un médecin" tagged Santé and Lien
    social; Lien social: 2 x "des bancs"; 7 answers in all."""
    health, social = factories.challenge(territory, "S2"), factories.challenge(territory, "L1")
    for i in range(5):
        record_contribution(territory.id, "un médecin", quartier_id=quartier.id,
                            said_on=date(2024, 6, 1),
                            challenge_ids=[health.id] if i < 3 else [health.id, social.id])
    for _i in range(2):
        record_contribution(territory.id, "des bancs", quartier_id=quartier.id,
                            said_on=date(2024, 6, 1), challenge_ids=[social.id])
    return health, social


def _group_row(page, label: str) -> list[str]:
    """The words page's row of a group: label, answers, share."""
    row = next(tr for tr in page.html.select("tr")
               if tr.th and tr.th.summary and tr.th.summary.get_text().strip() == label)
    return [label] + [td.get_text().strip() for td in row("td")]


def test_a_need_said_under_two_themes_counts_once_on_the_words_page(
        webapp, web_login, territory, quartier):
    _answers(territory, quartier)
    web_login("coordinator")
    page = webapp.get("/analysis/words")
    # 5 answers say "médecin" (3 Santé, 2 Santé and Lien social): once each; base 7 answers
    assert _group_row(page, "Un médecin") == ["Un médecin", "5", "71\u202f%"]


def _read(monkeypatch) -> list[list[str]]:
    """Record the texts of every ``grouping.group_answers`` (the grouping by meaning a
    year on year follows) and ``need_rows.need_rows`` (the rows of what was said) call."""
    from participation.analysis import need_rows

    calls = []

    def recorder(real):
        def counted(texts, *args, **kwargs):
            calls.append(sorted(str(t) for t in texts))
            return real(texts, *args, **kwargs)
        return counted

    for module, name in ((grouping, "group_answers"), (need_rows, "need_rows")):
        monkeypatch.setattr(module, name, recorder(getattr(module, name)))
    return calls


def test_a_new_answer_recomputes_only_what_holds_it(webapp, web_login, territory, quartier,
                                                    monkeypatch):
    health, _social = _answers(territory, quartier)
    forget()  # kept by content: the same answers of an earlier test would be found
    calls = _read(monkeypatch)
    web_login("coordinator")
    webapp.get("/analysis/words")
    webapp.get("/exports/section")
    first = len(calls)
    assert first
    webapp.get(f"/analysis/challenge/{health.id}")
    webapp.get("/analysis/words")
    webapp.get("/exports/section")
    # the challenge page's grouping is the section's; the table of what its residents said
    # is read once (the page's 5 answers), then every page is found kept
    assert 1 <= len(calls[first:]) <= 2 and all(call == ["un médecin"] * 5
                                                for call in calls[first:])
    record_contribution(territory.id, "un médecin le samedi", quartier_id=quartier.id,
                        said_on=date(2024, 6, 2), challenge_ids=[health.id])
    before = len(calls)
    page = webapp.get("/analysis/words")
    assert _group_row(page, "Un médecin") == ["Un médecin", "6", "75\u202f%"]  # 6 of 8, once
    assert "un médecin le samedi" in text_of(webapp.get(f"/analysis/challenge/{health.id}"))
    assert "un médecin le samedi" in text_of(webapp.get("/exports/section"))
    # only what holds the new answer is computed again; Lien social's rows were kept
    assert calls[before:] and all("un médecin le samedi" in call for call in calls[before:])


def test_an_erasure_keeps_no_copy_of_what_it_erased(webapp, web_login, territory):
    _quoted(territory)  # "Rien pour les jeunes.", quoted with consent: Homme — Cité Pasteur
    web_login("coordinator")
    assert "Cité Pasteur" in text_of(webapp.get("/exports/section"))
    kept = repr([*content_store().items.values(), *store().items.values()])
    assert "Cité Pasteur" in kept and "Rien pour les jeunes." in kept
    form = form_to(webapp.get("/privacy/personne"), "/privacy/personne")
    form["phone"] = "06 12 34 56 78"
    form = form_to(form.submit(), "/privacy/personne/effacer")
    confirm(form)
    form.submit().follow()
    assert not content_store().items and not store().items
    section = text_of(webapp.get("/exports/section"))
    assert "Rien pour les jeunes." in section and "Cité Pasteur" not in section


def test_digest_follows_every_cell():
    import pandas as pd

    frame = pd.DataFrame({"id": [1, 2], "text": ["un bus", "des bancs"]})
    same = pd.DataFrame({"id": [1, 2], "text": ["un bus", "des bancs"]}, index=[7, 9])
    assert digest(frame) == digest(same)  # the index says nothing
    edited = frame.assign(text=["un bus", "des bancs !"])
    assert digest(frame) != digest(edited)
    assert digest(frame) != digest(frame.rename(columns={"text": "texte"}))
    assert digest(frame["text"]) != digest(frame["text"].head(1))
