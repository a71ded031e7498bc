"""Coordinators translate a questionnaire: every text with its translation, language by
language, and how many texts each language still lacks (``translations.py``)."""
from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_wtf import FlaskForm

from participation.core.auth import COORDINATOR, get_scoped_or_404, role_required
from participation.surveys.blueprint import bp
from participation.surveys.models import Survey
from participation.surveys.translations import (
    direction,
    entries,
    html_lang,
    language_name,
    missing_counts,
    save_translations,
    survey_languages,
    translation_rows,
)


@bp.route("/surveys/<int:survey_id>/traductions", methods=["GET", "POST"])
@role_required(COORDINATOR)
def translations(survey_id: int):
    """``?langue=ar``: the texts to translate into Arabic (the first other language by
    default); a save stores every posted text or, one refused, none."""
    survey = get_scoped_or_404(Survey, survey_id)
    others = survey_languages(survey)[1:]
    language = request.args.get("langue") if request.args.get("langue") in others else (
        others[0] if others else None)
    form, errors = FlaskForm(), {}
    if language and form.validate_on_submit():
        errors = save_translations(survey, language, request.form)
        if not errors:
            flash(_("Traductions enregistrées (%(name)s).", name=language_name(language)),
                  "success")
            return redirect(url_for("surveys.translations", survey_id=survey.id,
                                    langue=language))
    rows = translation_rows(survey, language, request.form if errors else None) \
        if language else []
    return render_template(
        "surveys/translations.html", survey=survey, form=form, language=language,
        targets=[(tag, language_name(tag)) for tag in others], rows=rows, errors=errors,
        missing=missing_counts(survey), total=len(entries(survey)),
        default=language_name(survey_languages(survey)[0]), lang_attr=html_lang(language or ""),
        dir_attr=direction(language or "")), 400 if errors else 200
