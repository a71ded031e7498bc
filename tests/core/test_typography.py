"""French typography (``core.typography``): no-break spaces where French puts them, in every
French page's text, never in what a person typed nor in English pages."""
from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

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


# What residents type that could end or change a marked text: lone guillemets and quotes,
# the marks' own characters (bidi isolates pasted from a phone, the escape character
# followed by a digit), each next to a sign the typography would otherwise space.
AWKWARD = ["il a dit « pas de bus : jamais", "le bus » passe : une fois par heure",
           'le "city stade : cassé', "l'arrêt du bus ' trop loin !", "« Des médecins : vite",
           "\u2068Ahmed\u2069 dit : merci !", "fin \u2069 : encore ?", "code \ue0681 : oui !",
           "\u2069\u2068 ; » « \" '"]
MARKS = st.sampled_from(["«", "»", '"', "'", "\u2068", "\u2069", "\ue068", "0", "1", "2", " ",
                         ":", "!", "?", ";", "%", "&amp;", "\n", "\u00a0", "\u202f", "a"])


@pytest.mark.parametrize("typed", AWKWARD)
def test_marked_words_stay_as_typed_whatever_they_hold(typed):
    """A product sentence quoting a person's words: the sentence typeset, the words exactly
    as typed, no mark left (in text, in an HTML page's text and its attributes)."""
    from markupsafe import escape

    from participation.core.typography import said, unmark

    sentence = "Vous avez dit : « " + said(typed) + " » ; merci !"
    assert french(sentence) == f"Vous avez dit{NB}: «{NB}{typed}{NB}»{NNB}; merci{NNB}!"
    assert unmark(said(typed)) == typed and french(said(typed)) == typed
    page = f'<p title="{escape(said(typed))}">Oui ! {escape(said(typed))} !</p>'
    assert french_html(page) == f'<p title="{escape(typed)}">Oui{NNB}! {escape(typed)}{NNB}!</p>'


@given(st.lists(MARKS, max_size=12).map("".join).filter(bool))
def test_any_characters_in_marked_words_come_back_as_typed(typed):
    """The same for any text made of the characters that matter (hypothesis)."""
    from participation.core.typography import said, unmark

    assert french("Citation : « " + said(typed) + " »") == f"Citation{NB}: «{NB}{typed}{NB}»"
    assert unmark(f"a {said(typed)} b {said(typed)}") == f"a {typed} b {typed}"


@pytest.mark.parametrize("line, printed", [
    ("Citations : « il a dit « pas de bus : jamais » (Habitante)",
     f"Citations{NB}: « il a dit « pas de bus : jamais » (Habitante)"),
    ("Citations : « le bus » passe : une fois » !",
     f"Citations{NB}: « le bus » passe : une fois »{NNB}!"),
    ("Citations : « le \"city stade : cassé » « Oui ! »",
     f"Citations{NB}: «{NB}le \"city stade : cassé{NB}» «{NB}Oui !{NB}»"),
    ("Citation : « Des médecins : vite", f"Citation{NB}: « Des médecins : vite"),
    ("Nouveau : « bus », « parc » !\nFin : « a « b » ; c",
     f"Nouveau{NB}: «{NB}bus{NB}», «{NB}parc{NB}»{NNB}!\nFin{NB}: « a « b »{NNB}; c"),
    ("« Des médecins : vite — 2 contributions", "« Des médecins : vite — 2 contributions"),
])
def test_unmarked_quotes_with_a_lone_guillemet_stay_as_typed(line, printed):
    """A text that is not marked (a coordinator's validated draft quoting residents): each
    line's quotes as typed even when a person's words hold a lone guillemet (from the
    line's first « to its last », kept as it is: which guillemet is the product's cannot be
    told); lines whose guillemets are paired keep each pair apart, spaced."""
    assert french(line) == printed and french(printed) == printed
