"""The window, the comparison with the conclusions, the poster and the QR codes.

Routes of the ``johari`` blueprint (imported at the end of ``views``).
"""
from __future__ import annotations

import io

import segno
from flask import (
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _

from participation.core.auth import FACILITATOR, get_scoped_or_404, public, role_required
from participation.core.i18n import current_language
from participation.extensions import db
from participation.johari import reports, services
from participation.johari.forms import ConclusionsForm
from participation.johari.models import CONCLUSION_HEADINGS, JohariExercise
from participation.johari.translations import group_texts
from participation.johari.views import LABELS, bp


def public_url(exercise_id: int, slug: str, lang: str | None = None) -> str:
    """The absolute address a QR code points to (PUBLIC_BASE_URL when the app is proxied),
    with ``?lang=`` for a poster printed in another language than French."""
    values = {"exercise_id": exercise_id, "slug": slug} | ({"lang": lang} if lang else {})
    base = current_app.config.get("PUBLIC_BASE_URL") or ""
    if base:
        return base.rstrip("/") + url_for("johari.public", **values)
    return url_for("johari.public", **values, _external=True)


def _poster_language() -> str | None:
    """The language a poster or its QR code is printed in, when it is not French."""
    tag = request.args.get("lang") or current_language()
    return tag if tag in current_app.config["LANGUAGES"] and tag != "fr" else None


@bp.get("/<int:exercise_id>/fenetre")
@role_required(FACILITATOR)
def window(exercise_id: int):
    """The 2×2 window per group, readable on a phone, printable on A3."""
    exercise = get_scoped_or_404(JohariExercise, exercise_id)
    return render_template("johari/window.html", exercise=exercise,
                           window=reports.window(exercise), labels=LABELS)


@bp.route("/<int:exercise_id>/comparaison", methods=["GET", "POST"])
@role_required(FACILITATOR)
def comparison(exercise_id: int):
    """Where the groups' views meet or differ, and the facilitator's conclusions beside it.

    Empty headings are pre-filled with a draft written from the computed comparison.
    """
    exercise = get_scoped_or_404(JohariExercise, exercise_id)
    data = reports.compare_exercise(exercise)
    form = ConclusionsForm(data=exercise.conclusions)
    if form.validate_on_submit():
        services.save_conclusions(exercise, {k: form[k].data for k in CONCLUSION_HEADINGS})
        flash(_("Conclusions enregistrées."), "success")
        return redirect(url_for("johari.comparison", exercise_id=exercise.id))
    draft = reports.draft_conclusions(data)
    drafted = []
    for key in CONCLUSION_HEADINGS:
        if not form[key].data and draft[key]:
            form[key].data = draft[key]
            drafted.append(key)
    return render_template("johari/comparison.html", exercise=exercise, data=data, form=form,
                           min_postits=data.min_postits, min_alone=reports.cmp.MIN_ALONE,
                           drafted=drafted, labels=LABELS), 422 if form.errors else 200


@bp.get("/<int:exercise_id>/affiche")
@role_required(FACILITATOR)
def poster(exercise_id: int):
    """The prompts poster: each group's four questions and the QR code to its page."""
    exercise = get_scoped_or_404(JohariExercise, exercise_id)
    lang = _poster_language()
    urls = {g.slug: public_url(exercise.id, g.slug, lang) for g in exercise.groups}
    texts = {g.id: group_texts(g) for g in exercise.groups}
    return render_template("johari/poster.html", exercise=exercise, urls=urls, labels=LABELS,
                           texts=texts, lang=lang)


@bp.get("/<int:exercise_id>/bloc")
@role_required(FACILITATOR)
def block(exercise_id: int):
    """The window and the conclusions as the participation section includes them."""
    exercise = get_scoped_or_404(JohariExercise, exercise_id)
    return render_template("johari/block.html", johari=reports.block_context(exercise),
                           labels=LABELS)


@bp.get("/<int:exercise_id>/<slug>/qr.<ext>")
@public
def qr_code(exercise_id: int, slug: str, ext: str):
    """The QR code of a group's page, SVG for print or PNG for documents."""
    exercise = db.get_or_404(JohariExercise, exercise_id)
    if exercise.group(slug) is None or ext not in ("svg", "png"):
        abort(404)
    qr = segno.make(public_url(exercise.id, slug, _poster_language()), error="m")
    out = io.BytesIO()
    if ext == "svg":
        qr.save(out, kind="svg", scale=4, border=2, xmldecl=False,
                title=_("QR code de la page des post-its"))
        mimetype = "image/svg+xml"
    else:
        qr.save(out, kind="png", scale=10, border=2)
        mimetype = "image/png"
    return Response(out.getvalue(), mimetype=mimetype,
                    headers={"Cache-Control": "public, max-age=3600"})
