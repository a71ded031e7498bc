"""Page "Quartier des réponses" of a survey: which single-choice question gives the quartier
of its responses and which quartier each of its choices stands for (``quartier_link``).

Saving re-links the survey's stored responses and their contributions at once, so a
questionnaire imported before its quartier question was recognised (or with a choice named
differently from every quartier) is counted in every per-quartier figure afterwards.
"""
from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import select

from participation.core.auth import COORDINATOR, get_scoped_or_404, role_required
from participation.core.urls import db_id
from participation.extensions import db
from participation.surveys import quartier_link
from participation.surveys.blueprint import bp
from participation.surveys.forms import QuartierMapForm
from participation.surveys.models import Question, Survey
from participation.territory.models import Quartier


def _candidates(survey: Survey) -> list[Question]:
    """The questions that may give the quartier: single choice, not personal data."""
    return [q for q in survey.questions if q.type == "single" and not q.personal]


def _chosen(survey: Survey, current: Question | None) -> Question | None:
    """The question of ``?question=`` when it is a candidate, else the current one, else the
    one whose choices look the most like the territory's quartiers (``propose``)."""
    wanted = request.args.get("question", type=db_id)
    found = next((q for q in _candidates(survey) if q.id == wanted), current)
    if found is None:
        proposal = quartier_link.propose(_candidates(survey),
                                         quartier_link.quartier_keys(survey.territory_id))
        found = proposal.question if proposal is not None else None
    return found


def _proposed(survey: Survey, question: Question) -> list[int | None]:
    """Each choice's quartier as stored, or, for a question not yet the quartier question,
    as its name matches the territory's quartiers (``quartier_link.match_option``)."""
    if any(o.quartier_id for o in question.options):
        return [o.quartier_id for o in question.options]
    keys = quartier_link.quartier_keys(survey.territory_id)
    return [quartier_link.match_option(keys, o.label, o.name) or None for o in question.options]


def _map_form(survey: Survey, question: Question) -> QuartierMapForm:
    """The form with one select per choice (label: the choice; "Non précisé" first)."""
    form = QuartierMapForm(data={"options": _proposed(survey, question)})
    quartiers = db.session.scalars(select(Quartier).where(
        Quartier.territory_id == survey.territory_id).order_by(Quartier.name))
    choices = [("", _("Non précisé"))] + [(q.id, f"{q.name} ({q.code})") for q in quartiers]
    for entry, option in zip(form.options, question.options, strict=False):
        entry.choices, entry.label.text = choices, option.label
    return form


def _saved_message(counts: dict) -> str:
    linked = sum(n for qid, n in counts.items() if qid is not None)
    total = sum(counts.values())
    return ngettext("Quartier des réponses enregistré : %(num)s réponse sur %(total)s est "
                    "reliée à un quartier.",
                    "Quartier des réponses enregistré : %(num)s réponses sur %(total)s sont "
                    "reliées à un quartier.", linked, total=total)


@bp.route("/surveys/<int:survey_id>/quartier", methods=["GET", "POST"])
@role_required(COORDINATOR)
def quartier_map(survey_id: int):
    """The quartier question and its choices' quartiers; ``?question=ID`` picks another
    single-choice question to map. Saving re-links the stored responses."""
    survey = get_scoped_or_404(Survey, survey_id)
    current, rows = quartier_link.describe(survey)
    question = _chosen(survey, current)
    form = _map_form(survey, question) if question is not None else None
    if form is not None and form.validate_on_submit():
        here = url_for("surveys.quartier_map", survey_id=survey.id, question=question.id)
        if len(form.options.data) != len(question.options):  # edited in another tab
            flash(_("Les choix de cette question ont changé entre-temps : rien n'est "
                    "enregistré, vérifiez-les à nouveau."), "error")
            return redirect(here)
        mapping = dict(zip([o.id for o in question.options], form.options.data, strict=True))
        counts = quartier_link.set_mapping(survey, question, mapping)
        flash(_saved_message(counts), "success")
        return redirect(here)
    return render_template("surveys/quartier.html", survey=survey, current=current, rows=rows,
                           question=question, form=form, candidates=_candidates(survey)), \
        400 if form is not None and form.errors else 200
