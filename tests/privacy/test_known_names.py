"""A name the territory holds is masked in residents' words when written without a title
(task s27erase, defect 2).

« Nadia Bouchareb 06 12 34 56 78 s'occupe du jardin » showed « Nadia Bouchareb [téléphone
masqué] … » in the review queue and the default exports: names are masked after a title
only. Nadia applied to the council citoyen with her consent: her full name is known, and
masked wherever a resident writes it, in either order and any case. A name that is a street
or a place of the territory (« rue Jean Jaurès », the usual name « Cité Louise Michel ») and
a first name alone stay. Walked as people do: the candidacies through the public form, the
queue and the export as the coordinator opens them.
"""
from __future__ import annotations

import csv
import io

import pytest

from participation.contributions.services import record_contribution
from participation.council import services as council_services
from participation.council.services import CouncilSpec
from participation.extensions import db
from participation.privacy.known_names import KnownNames, full_name
from participation.territory.models import QuartierName
from tests.formfill import form_to

SAID = {
    "Nadia Bouchareb 06 12 34 56 78 s'occupe du jardin":
        "[nom masqué] [téléphone masqué] s'occupe du jardin",
    "bouchareb NADIA a les clés du local": "[nom masqué] a les clés du local",
    "Jean Jaurès est venu à la réunion": "[nom masqué] est venu à la réunion",
    # a street, a place of the territory and a first name alone stay
    "Le jardin rue Jean Jaurès est sale, Nadia y passe":
        "Le jardin rue Jean Jaurès est sale, Nadia y passe",
    "À la Cité Louise Michel il manque un banc": "À la Cité Louise Michel il manque un banc",
}
CANDIDATES = (("Nadia Bouchareb", "06 12 34 56 78"), ("Jean Jaurès", "06 22 33 44 55"),
              ("Louise Michel", "06 33 44 55 66"))


@pytest.fixture
def said(territory, quartier):
    db.session.add(QuartierName(quartier_id=quartier.id, name="Cité Louise Michel"))
    for text in SAID:
        record_contribution(territory.id, text, quartier_id=quartier.id)
    council = council_services.create_council(territory.id, CouncilSpec(
        name="Conseil citoyen", quartier_ids=[quartier.id], habitants_seats=8,
        acteurs_seats=4, charter_title="Charte", charter_text="Bienveillance."))
    council_services.set_candidacies_open(council, True)
    return council


def _apply(webapp, council, name: str, phone: str) -> None:
    url = f"/conseil/{council.id}/candidater"
    form = form_to(webapp.get(url), url)
    form["college"], form["name"], form["phone"] = "habitants", name, phone
    form["sex"], form["availability"], form["consent"] = "f", "le soir", True
    assert form.submit().status_int in (302, 303)


def _queue(webapp) -> list[str]:
    page = webapp.get("/analysis/review")
    return sorted(" ".join(p.get_text().split()) for p in page.html.select("ol.review p.text"))


@pytest.mark.forms("council/apply.html#1")
def test_known_names_are_masked_in_the_queue_and_the_export(webapp, web_login, said):
    web_login("coordinator")
    assert "Nadia Bouchareb [téléphone masqué] s'occupe du jardin" in _queue(webapp)  # before
    for name, phone in CANDIDATES:
        _apply(webapp, said, name, phone)
    assert _queue(webapp) == sorted(SAID.values())
    body = webapp.get("/exports/").click(href="/exports/contributions.csv$").body
    rows = csv.DictReader(io.StringIO(body.decode("utf-8-sig")), delimiter=";")
    assert sorted(row["texte"] for row in rows) == sorted(SAID.values())


def test_a_full_name_is_two_words_or_more_without_title_nor_contact():
    assert full_name("Mme Nadia BOUCHAREB 06 12 34 56 78 nadia@example.org") == (
        "nadia", "bouchareb")
    assert full_name("Nadia") is None and full_name("06 12 34 56 78") is None
    known = KnownNames({("nadia", "bouchareb"), ("louise", "michel")},
                       places=["Cité Louise Michel"])
    text = "Nadia-Bouchareb, Bouchareb  Nadia et Nadia, puis Louise Michel"
    assert [text[a:b] for a, b in known.spans(text)] == ["Nadia-Bouchareb", "Bouchareb  Nadia"]


def test_a_texts_spans_are_kept_per_known_names_and_forgotten_at_an_erasure():
    """The analyses mask the same texts again after each new answer: a text's spans are
    computed once per set of known names (``mentions.mention_spans``, kept by
    ``known.key``), equal to the spans computed afresh; other names give the text's spans
    for those names, never the ones kept for the former; an erasure empties them."""
    from participation.analysis import textcache
    from participation.core.forgetting import forget_in_process
    from participation.privacy import known_names, mentions

    text = "Nadia Bouchareb et Mme Dupont du 12 rue Pasteur"
    nadia = KnownNames({("nadia", "bouchareb")})
    assert nadia.key == KnownNames({("bouchareb", "nadia")}).key != KnownNames(set()).key
    forget_in_process()
    token = known_names._KNOWN.set(KnownNames(set()))
    try:
        before = mentions._SPANS.misses
        first = mentions.mention_spans(text)
        assert mentions.mention_spans(text) == first
        assert mentions._SPANS.misses == before + 1  # computed once, then reused
        assert [text[a:b] for a, b, _kind in first] == ["Mme Dupont", "12 rue Pasteur"]
        known_names._KNOWN.set(nadia)  # one more consented name: computed for it
        spans = mentions.mention_spans(text)
        assert spans == mentions._mention_spans(text, nadia) != first
        assert [text[a:b] for a, b, _kind in spans][0] == "Nadia Bouchareb"
        assert mentions._SPANS.misses == before + 2
        assert text in textcache.kept_texts()
        forget_in_process()
        assert text not in textcache.kept_texts()
        assert mentions.mention_spans(text) == spans
        assert mentions._SPANS.misses == before + 3
    finally:
        known_names._KNOWN.reset(token)
