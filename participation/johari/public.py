"""The residents' side: the page a group's QR code opens (no account, no JavaScript), the
thank-you page, and the open exercises listed on the public quartier page.

Routes of the ``johari`` blueprint (imported at the end of ``views``).
"""
from __future__ import annotations

from flask import abort, redirect, render_template, request, url_for
from flask_babel import gettext as _

from participation.core.auth import public as public_endpoint
from participation.core.errors import DomainError
from participation.core.registry import quartier_section
from participation.core.resent import already_sent, remember_sent
from participation.core.security import honeypot_tripped
from participation.extensions import db, limiter
from participation.johari import services
from participation.johari.forms import PostItsForm
from participation.johari.models import QUADRANTS, JohariExercise
from participation.johari.translations import group_texts, translated
from participation.johari.views import LABELS, bp, form_error
from participation.territory.models import Quartier


@quartier_section
def _open_section(quartier: Quartier) -> list[dict]:
    """Residents of the quartier see the open exercises' residents' pages."""
    items = []
    for exercise in services.open_exercises(quartier.id):
        title = translated(exercise, "title")
        for group in exercise.groups:
            if group.author_role == "habitant":
                items.append({"title": _("Fenêtre de Johari : %(title)s", title=title),
                              "url": url_for("johari.public", exercise_id=exercise.id,
                                             slug=group.slug),
                              "text": _("Déposez vos post-its (%(group)s).",
                                        group=translated(group, "name"))})
    return items


def _public_group(exercise_id: int, slug: str):
    exercise = db.get_or_404(JohariExercise, exercise_id)
    return exercise, exercise.group(slug) or abort(404)


@bp.route("/<int:exercise_id>/<slug>", methods=["GET", "POST"])
@public_endpoint
@limiter.limit("30 per minute", methods=["POST"])
def public(exercise_id: int, slug: str):
    """The page a group's QR code opens: the four questions, no account, no JavaScript."""
    exercise, group = _public_group(exercise_id, slug)
    form = PostItsForm()
    texts = group_texts(group)
    form.use_prompts(texts)
    if request.method == "GET":
        form.token.data = services.new_token()
    elif honeypot_tripped(form):  # a bot: thanked, nothing kept
        return redirect(url_for("johari.thanks", exercise_id=exercise.id, slug=slug))
    elif form.validate_on_submit():
        texts_sent = [form[q].data or "" for q in QUADRANTS]
        if already_sent("johari", group.id, texts_sent):  # Back, then « Envoyer » again
            return redirect(url_for("johari.thanks", exercise_id=exercise.id, slug=slug,
                                    deja=1))
        try:
            services.add_postits(group, [(q, form[q].data) for q in QUADRANTS],
                                 form.token.data)
            remember_sent("johari", group.id, texts_sent)
            return redirect(url_for("johari.thanks", exercise_id=exercise.id, slug=slug))
        except DomainError as exc:
            form_error(form, exc, "publique")
    return render_template("johari/public.html", form=form, exercise=exercise, group=group,
                           texts=texts, labels=LABELS), 422 if form.errors else 200


@bp.get("/<int:exercise_id>/<slug>/merci")
@public_endpoint
def thanks(exercise_id: int, slug: str):
    exercise, group = _public_group(exercise_id, slug)
    return render_template("johari/thanks.html", exercise=exercise, group=group,
                           already=request.args.get("deja") == "1")
