"""Coordinators translate an exercise: its title, each group's name and four prompts, language
by language, with how many texts each language still lacks (``johari/translations.py``).

Routes of the ``johari`` blueprint (imported at the end of ``views``).
"""
from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_wtf import FlaskForm

from participation.core.auth import COORDINATOR, get_scoped_or_404, role_required
from participation.johari.models import JohariExercise
from participation.johari.translations import (
    entries,
    languages,
    missing_counts,
    save_translations,
    translation_rows,
)
from participation.johari.views import bp
from participation.surveys.translations import direction, language_name


@bp.route("/<int:exercise_id>/traductions", methods=["GET", "POST"])
@role_required(COORDINATOR)
def translations(exercise_id: int):
    """``?langue=ar``: the texts to translate into Arabic (the first other language by
    default); a save stores every posted text or, one refused, none."""
    exercise = get_scoped_or_404(JohariExercise, exercise_id)
    others = languages()
    language = request.args.get("langue") if request.args.get("langue") in others \
        else others[0]
    form, errors = FlaskForm(), {}
    if form.validate_on_submit():
        errors = save_translations(exercise, language, request.form)
        if not errors:
            flash(_("Traductions enregistrées (%(name)s).", name=language_name(language)),
                  "success")
            return redirect(url_for("johari.translations", exercise_id=exercise.id,
                                    langue=language))
    rows = translation_rows(exercise, language, request.form if errors else None)
    return render_template(
        "johari/translations.html", exercise=exercise, form=form, language=language,
        targets=[(tag, language_name(tag)) for tag in others], rows=rows, errors=errors,
        missing=missing_counts(exercise), total=len(entries(exercise)),
        dir_attr=direction(language)), 400 if errors else 200
