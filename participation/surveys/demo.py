"""Demo: the Hazebrouck flash survey (seed 003) with its 112 answers, from demo_data/, in
French with Arabic, Turkish, English and easy-read French translations."""
from __future__ import annotations

from datetime import date
from pathlib import Path

from sqlalchemy import select

from participation.extensions import db
from participation.surveys.answers_import import import_answers_csv
from participation.surveys.demo_translations import translate_demo
from participation.surveys.imports import import_xlsform
from participation.surveys.models import Batch, Survey
from participation.territory.models import Quartier

DATA = Path(__file__).resolve().parent / "demo_data"
FORM_ID = "hazebrouck_flash_2023"
# The flash survey was asked at the door (seed 003): its file has no consent column; the
# residents agreed to be called back when they gave their number to the interviewer, which
# the coordination declares as a coordinator does on the import preview (``import_consent``).
CONSENT = "accord oral noté par les enquêteurs au porte-à-porte, juin 2023"


def load_demo_surveys(territory) -> None:
    """Idempotent: import the questionnaire once, its answers once, closed as in 2023."""
    if db.session.scalar(select(Survey.id).where(Survey.territory_id == territory.id,
                                                 Survey.form_id == FORM_ID)):
        return
    quartier = db.session.scalar(select(Quartier).where(Quartier.territory_id == territory.id)
                                 .order_by(Quartier.id))
    survey = import_xlsform(territory.id, (DATA / "questionnaire.xlsx").read_bytes(),
                            quartier_ids=[quartier.id] if quartier else ())
    needs = next(q for q in survey.questions if q.name == "manques")
    needs.codebook = (DATA / "codebook-manques.txt").read_text(encoding="utf-8")
    translate_demo(survey)  # Arabic, Turkish, English, easy-read French (issue 15)
    survey.status = "closed"
    db.session.commit()
    import_answers_csv(survey, (DATA / "reponses-google-forms.csv").read_bytes(),
                       consent_outside=CONSENT)
    # An empty paper batch, ready for a facilitator to try the keyboard entry
    db.session.add(Batch(survey_id=survey.id, label="Sortie d'école Pasteur (papier)",
                         collected_on=date(2023, 6, 5), place="Sortie d'école"))
    db.session.commit()
