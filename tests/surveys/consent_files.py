"""Answers files with contacts for the import consent tests (``test_import_consent_*``).

The Hazebrouck questionnaire (seed 003) with a KoboToolbox export (XML names, ";") and its
Google Forms export (112 rows, 26 of them with a contact in « Commentaire : numéro de
téléphone et Nom/prénom », expected.json ``contacts_given``), with and without a consent
column, walked through the rendered preview of the results page as a coordinator does.
"""
from __future__ import annotations

import csv
import io

from participation.surveys.imports import import_xlsform
from tests.formfill import form_to
from tests.reading import plain, table_rows
from tests.surveys.test_hazebrouck import FIXTURES
from tests.surveys.test_kobo import HEADER

# test_kobo's submission, with its contact, free text, consent and identity to fill in
ROW = ("2023-06-05T08:30:00.000+02:00;2023-06-05T08:35:51.000+02:00;oui;oui;{contact};"
       "{manques};tapage trafic other;1;0;1;0;0;0;1;les rodéos;oui;other;Par une voisine;oui;"
       "6;{consent}10{n};5b1c7a4e-1111-4c2a-9a57-0c6f1f3c000{n};2023-06-05T06:36:02;;;submitted_via_web;"
       ";vGk3;;{n}")

KOBO = [("Nadia 06 11 22 33 44", "yes"), ("Karim 06 22 33 44 55", ""),
        ("Léa 06 33 44 55 66", "no"), ("", "")]  # (contact, consentement) of lines 2 to 5

TICKED = "J'accepte que mes coordonnées soient conservées pour être recontacté(e)"

DECLARED = "fiches papier signées, classées au centre social"



def _kobo(consent_column: bool, manques: str = "des bancs") -> bytes:
    """Four Kobo submissions (``KOBO``), with or without the « consentement » column."""
    header = HEADER.replace(";_id;", ";consentement;_id;") if consent_column else HEADER
    rows = [ROW.format(contact=contact, manques=manques, n=n,
                       consent=f"{consent};" if consent_column else "")
            for n, (contact, consent) in enumerate(KOBO, 1)]
    return ("\n".join([header, *rows]) + "\n").encode("utf-8")



def _google(ticked: int | None) -> bytes:
    """The Hazebrouck Google Forms export; ``ticked``: a consent checkbox column added, ticked
    (Google writes the box's label) on the first ``ticked`` rows with a contact."""
    rows = list(csv.reader(io.StringIO((FIXTURES / "reponses-google-forms.csv").read_text())))
    if ticked is not None:
        rows[0].append(TICKED)
        given = 0
        for row in rows[1:]:
            tick = bool(row[3].strip()) and given < ticked
            given += tick
            row.append(TICKED if tick else "")
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue().encode("utf-8")



def _survey(territory):
    return import_xlsform(territory.id, (FIXTURES / "questionnaire.xlsx").read_bytes())



def _preview(webapp, survey, content: bytes, name: str):
    """The results page's rendered import form, « Vérifier seulement » ticked: the preview
    (a coordinator signed in)."""
    upload = form_to(webapp.get(f"/surveys/{survey.id}/results"), "/import-answers")
    upload["file"] = (name, content)
    upload["dry_run"] = True
    return upload.submit(status=200)



def _importer(preview):
    """The preview's own « Importer ce fichier » form (the file kept on the server)."""
    return form_to(preview, "/import-answers", contains="Importer ce fichier")



def _cells(page, table_id: str) -> list[list[str]]:
    return table_rows(page.html.find("table", id=table_id))



def _items(page, list_id: str) -> list[str]:
    return [" ".join(plain(li.get_text(" ")).split())
            for li in page.html.find("ul", id=list_id).find_all("li")]
