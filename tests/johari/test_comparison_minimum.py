"""A challenge is shared or discordant only on enough confirmed post-its (issue #13, item 3):
shared when two groups or more wrote at least one post-it a person tagged on it, discordant
when a single group wrote at least two, "à confirmer" for a lone post-it of a lone group
(``comparison.MIN_POSTITS``, ``MIN_ALONE``). A hand-built exercise, read on the comparison
page as a facilitator reads it, its conclusions prefilled from it."""
from __future__ import annotations

from datetime import date

from participation.extensions import db
from participation.johari import services
from tests import factories
from tests.formcheck import pick_form
from tests.reading import section_text

# challenge code -> post-its of each group: [(quadrant, text)]
EXERCISE = {
    # 5 and 6 post-its, both groups with some in the public zone: shared, "partage"
    "S5": {"habitants": [("publique", f"Les halls sont sales {n}") for n in range(3)]
           + [("aveugle", f"Les poubelles débordent {n}") for n in range(2)],
           "partenaires": [("publique", f"La propreté des halls {n}") for n in range(4)]
           + [("inconnue", f"Le ramassage des encombrants {n}") for n in range(2)]},
    # 5 and 5 in different zones: shared, "discordance" (regards différents)
    "L4": {"habitants": [("inconnue", f"Un bus le soir {n}") for n in range(5)],
           "partenaires": [("aveugle", f"Le réseau de bus {n}") for n in range(5)]},
    # residents 6, partners none: raised by the residents only, "constats des habitants"
    "S1": {"habitants": [("cachee", f"L'aide aux devoirs {n}") for n in range(6)]},
    # one post-it of one group: not enough to conclude, "à confirmer"
    "S2": {"habitants": [("inconnue", "Le raccourci derrière l'école le soir")]},
    # partners 3, residents none: "constats des partenaires"
    "S4": {"partenaires": [("publique", f"L'emploi des jeunes {n}") for n in range(3)]},
}


def _exercise(territory, quartier, facilitator):
    """The post-its of ``EXERCISE``, each with the one challenge a facilitator tapped (the
    tagger's suggestions removed: only a person's tag counts)."""
    exercise = services.create_exercise(territory.id, "Johari de la rue Pasteur", quartier.id,
                                        date(2024, 6, 27))
    for code, groups in EXERCISE.items():
        challenge = factories.challenge(territory, code)
        for slug, entries in groups.items():
            group = exercise.group(slug)
            for postit in services.add_postits(group, entries, f"{code}-{slug}"):
                postit.contribution.tags.clear()
                services.toggle_challenge(postit, challenge.id, facilitator.id)
    db.session.commit()
    return exercise


_section = section_text


def test_shared_and_discordant_need_enough_postits_of_each_group(territory, quartier, webapp,
                                                                 web_login):
    facilitator = web_login("facilitator")
    exercise = _exercise(territory, quartier, facilitator)
    name = {code: factories.challenge(territory, code).name for code in EXERCISE}
    page = webapp.get(f"/johari/{exercise.id}/comparaison")
    headings = [" ".join(h.get_text().split()) for h in page.html.select("h2")]
    assert "Enjeux partagés (2)" in headings and "Enjeux discordants (2)" in headings
    assert "Enjeux à confirmer (1)" in headings
    shared = _section(page, "Enjeux partagés")
    assert "chacun avec au moins un post-it vérifié" in shared
    assert name["S5"] in shared and name["L4"] in shared and name["S2"] not in shared
    # the post-its that support it, each group's in its zone
    assert "Les halls sont sales 0" in shared and "La propreté des halls 3" in shared
    discordant = _section(page, "Enjeux discordants")
    assert name["S1"] in discordant and "L'aide aux devoirs 5" in discordant
    assert name["S4"] in discordant and "L'emploi des jeunes 2" in discordant
    assert "au moins 2 post-its vérifiés" in discordant
    few = _section(page, "Enjeux à confirmer")
    assert name["S2"] in few and name["S4"] not in few
    assert "Le raccourci derrière l'école le soir" in few


def test_prefilled_conclusions_differ_and_quote_their_postits(territory, quartier, webapp,
                                                               web_login):
    facilitator = web_login("facilitator")
    exercise = _exercise(territory, quartier, facilitator)
    name = {code: factories.challenge(territory, code).name for code in EXERCISE}
    form = pick_form(webapp.get(f"/johari/{exercise.id}/comparaison"), field="partage")
    # two post-its of each group that raised it, first written first
    assert form["partage"].value == (
        f"- {name['S5']} : Habitants et Partenaires le placent dans la même zone (zone "
        "publique) : « Les halls sont sales 0 » ; « Les halls sont sales 1 » ; « La propreté "
        "des halls 0 » ; « La propreté des halls 1 »")
    assert form["discordance"].value == (
        f"- {name['L4']} : regards différents (Habitants le place en zone inconnue ; "
        "Partenaires le place en zone aveugle) : « Un bus le soir 0 » ; « Un bus le soir 1 » "
        "; « Le réseau de bus 0 » ; « Le réseau de bus 1 »")
    assert form["constats_habitants"].value == (
        f"- {name['S1']} : « L'aide aux devoirs 0 » ; « L'aide aux devoirs 1 » ; « L'aide "
        "aux devoirs 2 »")
    assert form["constats_partenaires"].value == (
        f"- {name['S4']} : « L'emploi des jeunes 0 » ; « L'emploi des jeunes 1 » ; « L'emploi "
        "des jeunes 2 »")
    written = [form[k].value for k in ("partage", "discordance", "constats_habitants",
                                       "constats_partenaires")]
    assert len(set(written)) == 4
    # saved as prefilled, then the block of the section reads them
    page = form.submit().follow()
    assert "Conclusions enregistrées." in page.html.get_text()
    db.session.refresh(exercise)
    assert exercise.conclusions["partage"].startswith(f"- {name['S5']} : ")
