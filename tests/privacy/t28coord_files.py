"""A hand-made ODK Central export (coordinator tester t28coord, inputs/odk_central_besoins.csv):
two questions of free text, a contact column and a consent column, imported through the
rendered results page as a coordinator does (« Vérifier seulement », then « Importer ce
fichier »)."""
from __future__ import annotations

import csv
import io

from participation.surveys import services
from tests.formfill import text_of
from tests.surveys.consent_files import _importer, _preview

HEADER = ["SubmissionDate", "besoins-manque", "besoins-changer", "contact", "consentement",
          "meta-instanceID", "KEY", "SubmitterName"]
KARIMA = ("Je m'appelle Karima Benali, appelez moi au 06 12 34 56 78 pour le conseil citoyen",
          "je veux participer au conseil citoyen", "karima.benali@example.org", "oui")
# the same person twice (the tablet sent the submission again), her phone as the contact
BUS = ("le bus 2 passe plus apres 20h, pour rentrer du boulot c galere", "bus le soir",
       "0611223355", "oui")
ROWS = [
    ("un medecin generaliste, on attend 3 semaines", "des bus le soir apres 19h", "", ""),
    ("pas de docteur depuis que le dr Lefebvre est parti a la retraite",
     "la maison medicale promise", "", ""),
    BUS, BUS, KARIMA,
]
CONSENT_TEXT = ("Consentement donné dans le fichier importé (colonne « consentement » : "
                "« oui »).")


def odk_file(rows=ROWS) -> bytes:
    """The ODK Central CSV of ``rows`` ((manque, changer, contact, consentement)), one
    submission a minute from 2026-09-18 19:00 UTC."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(HEADER)
    for n, (manque, changer, contact, consent) in enumerate(rows):
        uuid = f"uuid:00000000-0000-4000-8000-{n:012d}"
        writer.writerow([f"2026-09-18T19:{n:02d}:00.000Z", manque, changer, contact, consent,
                         uuid, uuid, "Tablette Maison de quartier"])
    return out.getvalue().encode("utf-8")


def besoins_survey(territory):
    """The questionnaire the export answers: two long texts and a personal contact."""
    survey = services.create_survey(territory.id, "Besoins Pasteur-Foch")
    services.add_question(survey, "long_text", "Qu'est-ce qui manque dans le quartier ?",
                          name="manque")
    services.add_question(survey, "long_text", "Que faudrait-il changer ?", name="changer")
    services.add_question(survey, "short_text", "Vos coordonnées", personal=True,
                          name="contact")
    return survey


def import_odk(webapp, survey, rows=ROWS) -> str:
    """The coordinator's import of ``odk_file(rows)``: the page after « Importer ». The
    preview names the submission sent again (same answers, same contact: surveys/
    duplicates.py) and would keep one; the coordinator keeps both (« Garder les deux »), so
    that the person has two stored submissions, as imports stored them before duplicates
    were named."""
    form = _importer(_preview(webapp, survey, odk_file(rows), "besoins.csv"))
    for name in [name for name in form.fields if (name or "").startswith("doublon-")]:
        form[name].select(text="Garder les deux")
    return text_of(form.submit().follow())
