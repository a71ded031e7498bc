"""French typography (``core.typography``): no-break spaces where French puts them, in every
French page's text, never in what a person typed nor in English pages."""
from __future__ import annotations

import pytest

from participation.core.typography import french, french_html
from tests.surveys.test_bases import mixed  # noqa: F401  (a survey: the section has a block)

NB, NNB = "\u00a0", "\u202f"


@pytest.mark.parametrize("typed, printed", [
    ("Merci !", f"Merci{NNB}!"), ("Merci!", f"Merci{NNB}!"), ("Vraiment ?!", f"Vraiment{NNB}?!"),
    ("Ordre du jour : budget", f"Ordre du jour{NB}: budget"), ("a ; b", f"a{NNB}; b"),
    ("« Bonjour »", f"«{NB}Bonjour{NB}»"), ("«Bonjour»", f"«{NB}Bonjour{NB}»"),
    ("Rendez-vous à 12:30", "Rendez-vous à 12:30"), ("https://x.fr/?q=1", "https://x.fr/?q=1"),
    ("Tom &amp; Jerry !", f"Tom &amp; Jerry{NNB}!"), (f"Déjà{NB}:", f"Déjà{NB}:"),
    ("5 sur 22 (27 %)", f"5 sur 22 (27{NNB}%)"), ("41%, 12,5 %", f"41{NNB}%, 12,5{NNB}%"),
    ("1 234 habitants", f"1{NNB}234 habitants"), (f"12{NB}345 678", f"12{NNB}345{NNB}678"),
    ("en 2023 2024", "en 2023 2024"), ("T1 123", "T1 123"), ("a%20b 1%2F", "a%20b 1%2F"),
    ("3 et 250", "3 et 250"),
])
def test_french_spacing(typed, printed):
    assert french(typed) == printed
    assert french(printed) == printed  # applying it twice changes nothing


def test_only_text_between_tags_changes():
    html = ('<p title="Note : x">Oui !</p><textarea name="t">Non !</textarea>'
            '<script>a ? b : c;</script><pre>x : y</pre><select><option>Oui ?</option>'
            '</select><b>Fin</b> !')
    assert french_html(html) == (f'<p title="Note : x">Oui{NNB}!</p><textarea name="t">Non !'
                                 f'</textarea><script>a ? b : c;</script><pre>x : y</pre>'
                                 f'<select><option>Oui ?</option></select><b>Fin</b>{NNB}!')


def test_french_pages_get_it_english_pages_do_not(client, territory, quartier):
    from tests.events.conftest import make_event

    event = make_event(territory, quartier_ids=[quartier.id], title="Grand barbecue !")
    french_page = client.get(f"/events/{event.id}").get_data(as_text=True)
    assert f"Grand barbecue{NNB}!" in french_page
    english = client.get(f"/events/{event.id}", headers={"Accept-Language": "en"})
    assert "Grand barbecue !" in english.get_data(as_text=True)


@pytest.mark.usefixtures("mixed")
def test_a_form_gives_back_what_was_typed(webapp, web_login):
    """A textarea holds the text as typed: saving the rendered form again changes nothing."""
    from participation.exports.models import SectionText
    from participation.extensions import db

    web_login("coordinator")
    typed = "Bilan : très bien ! « Merci » ?"
    for _round in range(2):
        page = webapp.get("/exports/section")
        form = next(f for f in page.forms.values() if "text" in f.fields)
        if _round == 0:
            form["text"] = typed
        assert _round == 0 or form["text"].value == typed
        form.submit().follow()
        assert db.session.scalars(db.select(SectionText.text)).one() == typed


def test_french_prepositions_before_a_place_and_a_name():
    from participation.core.typography import at_place, of_name

    assert at_place("Centre social") == "au centre social"
    assert at_place("Salle des fêtes") == "à la salle des fêtes"
    assert at_place("École Jules Ferry") == "à l’école Jules Ferry"
    assert at_place("Espace Flandre") == "à l’espace Flandre"
    assert at_place("le CANM") == "au CANM" and at_place("la mairie") == "à la mairie"
    assert at_place("Hazebrouck") == "à Hazebrouck"
    assert of_name("Awa") == "d’Awa" and of_name("Nadia") == "de Nadia"
    assert of_name("Éric") == "d’Éric"
    assert at_place("Centre social", "en") == "at Centre social"
    assert of_name("Awa", "en") == "Awa"


def test_a_sign_after_another_and_a_space_keeps_its_own_space():
    """A question's label ending in "?" followed by ": message" (the form's error line) keeps
    the no-break space before ":" (Chromium test of 2026-11-30); a run without spaces stays
    one group."""
    from participation.core.typography import NBSP, NNBSP, french

    assert french("Combien d'enfants vivent chez vous ? : Indiquez un nombre") == (
        f"Combien d'enfants vivent chez vous{NNBSP}?{NBSP}: Indiquez un nombre")
    assert french("Des médecins !!!") == f"Des médecins{NNBSP}!!!"
    assert french("Vraiment ?!") == f"Vraiment{NNBSP}?!"
