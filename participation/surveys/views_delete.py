"""Deleting a questionnaire (coordinators and administrators): a confirmation page that says
exactly what goes, then ``deletion.delete_survey`` in one transaction."""
from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField
from wtforms.validators import DataRequired

from participation.core.auth import COORDINATOR, get_scoped_or_404, role_required
from participation.surveys.blueprint import bp
from participation.surveys.deletion import Footprint, delete_survey, footprint
from participation.surveys.models import Survey


class DeleteSurveyForm(FlaskForm):
    # the counts the page showed: another response arriving meanwhile refuses the deletion
    shown = HiddenField()
    confirm = BooleanField(
        _l("Je supprime définitivement ce questionnaire et tout ce qu’il a apporté"),
        validators=[DataRequired(_l("Cochez la case pour confirmer la suppression."))])


def _signature(found: Footprint) -> str:
    return f"{found.responses}-{found.contributions}-{found.contacts}-{found.batches}"


@bp.route("/surveys/<int:survey_id>/delete", methods=["GET", "POST"])
@role_required(COORDINATOR)
def delete(survey_id: int):
    """GET: what deleting the survey takes away (``deletion.footprint``) and the form;
    POST: deleted when the box is ticked and the counts are still those shown, else the
    page again with the reason (422), nothing deleted."""
    survey = get_scoped_or_404(Survey, survey_id)
    found, form = footprint(survey), DeleteSurveyForm()
    if form.is_submitted() and form.validate():
        if form.shown.data == _signature(found):
            title, gone = survey.title, delete_survey(survey)
            flash(_("Questionnaire « %(title)s » supprimé : %(responses)s, %(contributions)s, "
                    "%(contacts)s.", title=title, **_phrases(gone)), "success")
            return redirect(url_for("surveys.index"))
        form.confirm.errors = [_("Le questionnaire a changé depuis l’affichage de cette page "
                                 "(réponses ou contributions ajoutées) : relisez ce qui sera "
                                 "supprimé, puis confirmez à nouveau.")]
    elif form.is_submitted() and form.csrf_token.errors:
        form.confirm.errors = [_("Le formulaire a expiré, recommencez.")]
    form.shown.data = _signature(found)
    form.confirm.data = False
    return render_template("surveys/delete.html", survey=survey, found=found, form=form,
                           phrases=_phrases(found)), 422 if form.is_submitted() else 200


def _phrases(found: Footprint) -> dict[str, str]:
    return {"responses": ngettext("%(num)s réponse", "%(num)s réponses", found.responses),
            "contributions": ngettext("%(num)s contribution", "%(num)s contributions",
                                      found.contributions),
            "contacts": ngettext("%(num)s coordonnée de contact",
                                 "%(num)s coordonnées de contact", found.contacts)}
