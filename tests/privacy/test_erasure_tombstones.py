"""An erased resident never comes back with the next re-import (tester t26coord, defect 1).

After erasing Nadia Bouchareb (06 71 82 93 04) with « Les effacer aussi », « Vérifier
seulement » with the Kobo re-export said « 1 réponse à ajouter »: her line 6, with her
contact; the volunteers' Excel sheet did the same. The erasure now leaves keyed hashes of the
submissions and contacts it erased (``privacy.tombstones``) and every import path skips them,
naming them in its preview. Files: tests/privacy/data/t26coord/README.txt. Walked as the DPO
and the coordinator do: the rendered forms of /privacy/personne and the results page.
"""
from __future__ import annotations

from pathlib import Path

import pytest
from babel.dates import format_date
from sqlalchemy import func, select

from participation.contributions.models import Contribution
from participation.extensions import db
from participation.privacy.models import ErasureTombstone
from participation.surveys.imports import import_xlsform
from participation.surveys.models import Answer, Response, SurveyContact
from tests.conftest import pinned_instant
from tests.formfill import form_to, text_of
from tests.formfill import text_of as _words
from tests.privacy.erasing import ERASE_WORDS, KEEP_WORDS, confirm
from tests.surveys.consent_files import _importer, _preview
from tests.surveys.test_unlisted_values import _choose

DATA = Path(__file__).parent / "data" / "t26coord"
KOBO, REEXPORT = "kobo_cadre_vie_2026-05-20.csv", "kobo_cadre_vie_2026-06-30_reexport.csv"
PAPER = "questionnaires_papier_saisie_benevole_v2.xlsx"
PERSON, ERASE = "/privacy/personne", "/privacy/personne/effacer"
NADIA_UUID = "bf5f85e2-31d0-6d9c-18be-e0745ec0c260"


def _file(name: str) -> bytes:
    return (DATA / name).read_bytes()


def _imported(webapp, survey, name: str) -> str:
    """« Vérifier seulement » then the preview's « Importer ce fichier »: the page after.
    The volunteer's « 40-59 » (paper sheet, line 22) is counted as « 40-59 ans »."""
    form = _importer(_preview(webapp, survey, _file(name), name))
    if "Que faire de « 40-59 » ?" in " ".join(form.html.get_text().split()):
        _choose(form, "40-59", "comptée comme le choix « 40-59 ans »")
    return _words(form.submit().follow())


def _erase(webapp, words: str, phone: str = "06 71 82 93 04", name: str = "") -> str:
    """The DPO's search by ``phone`` (and ``name``), every person found ticked, confirmed."""
    search = form_to(webapp.get(PERSON), PERSON)
    search["phone"], search["name"] = phone, name
    form = form_to(search.submit(), ERASE)
    for field in form.fields.get("sets", []):
        field.checked = True
    confirm(form, words)
    return text_of(form.submit().follow())


def _held(digits: str) -> list[str]:
    """Contacts and answers whose text holds ``digits`` (the phone's, without separators)."""
    texts = [*db.session.scalars(select(SurveyContact.value).order_by(SurveyContact.id)),
             *db.session.scalars(select(Answer.text).where(Answer.text.is_not(None))
                                 .order_by(Answer.id))]
    return [t for t in texts if digits in "".join(ch for ch in t if ch.isdigit())]


@pytest.fixture
def cadre_de_vie(territory, webapp, web_login):
    """The Kobo form, its first export and the paper sheet imported by the coordinator:
    59 + 45 responses."""
    survey = import_xlsform(territory.id, _file("kobo_xlsform_cadre_vie_2026.xlsx"))
    web_login("coordinator")
    assert "59 réponses ajoutées" in _imported(webapp, survey, KOBO)
    assert "45 réponses ajoutées" in _imported(webapp, survey, PAPER)
    return survey


@pytest.mark.forms("privacy/person.html#4", "surveys/results.html#1",
                   "surveys/import_preview.html")
def test_erased_response_is_not_imported_again(webapp, territory, cadre_de_vie):
    """Nadia erased with her words: her Kobo response (line 6, her contact) and her paper
    one (line 10, her phone in a text) go; the re-export (70 lines: 60 of the first export,
    10 new; line 12 rejected in review) then adds the 10 new ones only, and names line 6;
    the paper sheet again adds nothing and names line 10. Her phone is nowhere after."""
    survey = cadre_de_vie
    assert len(_held("0671829304")) == 2  # her Kobo contact, her paper answer
    erased = _erase(webapp, ERASE_WORDS)
    # defect 5, per kind: her Kobo and her paper response; their answers: Kobo line 6, 9
    # questions answered (her name and phone are contacts, apart), « manques » 3 choices
    # (+2); paper line 10, 10 answered, « manques » 3 choices (+2): 11 + 12 = 23
    # 5 contributions made of her texts are erased; the one holding her phone (paper line
    # 10) is a record found by it, counted among « Données effacées », so 4 here
    assert db.session.scalar(select(func.count(Contribution.id)).where(
        Contribution.erased_at.is_not(None))) == 5
    assert ("Effacé aussi : 2 réponses au questionnaire « Enquête cadre de vie – printemps "
            "2026 », 23 réponses aux questions, 4 contributions.") in erased
    assert db.session.scalar(select(func.count(Response.id))) == 59 + 45 - 2
    day = format_date(pinned_instant().date(), "long", locale="fr")  # « 30 novembre 2026 »

    preview = _words(_preview(webapp, survey, _file(REEXPORT), REEXPORT))
    assert "70 lignes lues : 10 réponses à ajouter, 58 déjà présentes, 2 lignes écartées" \
        in preview
    assert (f"Ligne 6 : réponse effacée à la demande de la personne le {day}, non "
            "réimportée") in preview
    assert "Ligne 12 : soumission rejetée" in preview
    paper = _words(_preview(webapp, survey, _file(PAPER), PAPER))
    assert "45 lignes lues : 0 réponse à ajouter, 44 déjà présentes, 1 ligne écartée" in paper
    assert (f"Ligne 10 : réponse effacée à la demande de la personne le {day}, non "
            "réimportée") in paper

    done = _imported(webapp, survey, REEXPORT)
    # the message after the import names each line set aside with its reason (tester
    # t28coord: « 2 lignes écartées » alone said neither which nor why)
    assert "10 réponses ajoutées, 58 déjà présentes, 2 lignes écartées" in done
    assert (f"Ligne 6 : réponse effacée à la demande de la personne le {day}, non "
            "réimportée.") in done
    assert "Ligne 12 : soumission rejetée (_validation_status = " in done
    assert _held("0671829304") == []
    assert db.session.scalar(select(func.count(Response.id))) == 59 + 45 - 2 + 10
    assert db.session.scalar(select(func.count(Response.id)).where(
        Response.external_id.like(f"%{NADIA_UUID}%"))) == 0


def test_tombstones_hold_no_personal_data(webapp, territory, cadre_de_vie):
    """What the erasure leaves is keyed hashes: her two submissions and her phone, none of
    them readable (no phone, no uuid, no name in any column)."""
    _erase(webapp, ERASE_WORDS)
    rows = db.session.execute(select(ErasureTombstone.kind, ErasureTombstone.key)
                              .order_by(ErasureTombstone.kind, ErasureTombstone.key)).all()
    assert sorted(kind for kind, _key in rows) == ["contact", "submission", "submission"]
    for _kind, key in rows:
        assert len(key) == 64 and set(key) <= set("0123456789abcdef")
        assert "671829304" not in key and NADIA_UUID[:8] not in key


def test_contact_erased_answers_kept_never_comes_back(webapp, territory, cadre_de_vie):
    """Erased keeping her words anonymous: her responses stay (« déjà présentes »: 59 of the
    re-export's 69 read), and neither her contact nor her phone is stored again."""
    survey = cadre_de_vie
    _erase(webapp, KEEP_WORDS)
    assert _held("0671829304") == []
    preview = _words(_preview(webapp, survey, _file(REEXPORT), REEXPORT))
    assert "70 lignes lues : 10 réponses à ajouter, 59 déjà présentes, 1 ligne écartée" \
        in preview
    _imported(webapp, survey, REEXPORT)
    assert _held("0671829304") == []


def test_cli_import_skips_the_erased_line(webapp, territory, cadre_de_vie, runner, tmp_path):
    """``flask surveys import-answers ID reexport.csv``: line 6 named, not stored."""
    _erase(webapp, ERASE_WORDS)
    path = tmp_path / REEXPORT
    path.write_bytes(_file(REEXPORT))
    result = runner.invoke(args=["surveys", "import-answers", str(cadre_de_vie.id), str(path)])
    assert result.exit_code == 0, result.output
    assert "ligne 6 : réponse effacée à la demande de la personne le" in result.output
    assert _held("0671829304") == []


def test_offline_entry_erased_is_not_stored_again(webapp, web_login, territory, quartier):
    """A tablet interview whose « Autre » text holds her phone, synchronised, erased with
    her words; the device sends its queue again: « déjà », with the reason, nothing stored."""
    from tests.surveys.helpers import opt, q, survey_with_condition
    from tests.surveys.test_offline_sync import _activate, _item, _sync

    survey = survey_with_condition(territory, quartier)
    web_login("facilitator")
    token = _activate(webapp, survey)
    canal = q(survey, "canal")
    fields = [["place", "Marché"], [f"q{q(survey, 'info').id}", opt(q(survey, "info"), "oui")],
              [f"q{canal.id}_autre", "Nadia, rappelez-la au 06 71 82 93 04"],
              [f"q{q(survey, 'note').id}", "4"]]
    items = [_item(survey, fields)]
    assert _sync(webapp, survey, token, items)["stored"] == 1
    web_login("coordinator")
    _erase(webapp, ERASE_WORDS)
    assert db.session.scalar(select(func.count(Response.id))) == 0
    again = _sync(webapp, survey, token, items)
    assert (again["stored"], again["already"]) == (0, 1)
    assert again["items"][0]["message"].startswith(
        "Réponse effacée à la demande de la personne le ")
    assert db.session.scalar(select(func.count(Response.id))) == 0
