"""Johari exercises: staff set-up and fast entry; residents' post-it page (no account).

Staff pages live under /johari; the page a QR code opens is /johari/<id>/<group>.
"""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select

from participation.contributions.models import Contribution
from participation.core.auth import COORDINATOR, FACILITATOR, get_scoped_or_404, role_required
from participation.core.errors import DomainError
from participation.core.formerrors import attach_problems
from participation.core.redirects import safe_next
from participation.core.registry import staff_menu_entry
from participation.core.urls import db_id
from participation.extensions import db
from participation.johari import exports as _exports  # noqa: F401  (registers them)
from participation.johari import services
from participation.johari.forms import (
    QUADRANT_KEYS,
    ExerciseForm,
    FastEntryForm,
    GroupForm,
    PromptsForm,
)
from participation.johari.models import (
    QUADRANT_HINTS,
    QUADRANT_LABELS,
    QUADRANTS,
    JohariExercise,
    PostIt,
)
from participation.territory.models import Quartier

bp = Blueprint("johari", __name__, url_prefix="/johari")
staff_menu_entry("johari.index", _l("Fenêtres de Johari"), FACILITATOR)
LABELS = {"quadrants": QUADRANT_LABELS, "hints": QUADRANT_HINTS, "keys": QUADRANT_KEYS,
          "kinds": {k: v[0] for k, v in services.GROUP_KINDS.items()}}


def _quartier_choices() -> list[tuple[int, str]]:
    return [(q.id, q.name) for q in db.session.scalars(select(Quartier).where(
        Quartier.territory_id == current_user.territory_id).order_by(Quartier.name))]


def _event_choices() -> list[tuple[int, str]]:
    """The territory's events by title and date (people pick a title, never a number)."""
    from participation.events.models import Event  # an exercise may be held at an event

    return [(0, _("— Aucun —"))] + [
        (e.id, f"{e.title} ({e.starts_at:%d/%m/%Y})") for e in db.session.scalars(
            select(Event).where(Event.territory_id == current_user.territory_id)
            .order_by(Event.starts_at.desc()))]


def form_error(form, exc: DomainError, default: str) -> None:
    """Show every message of a service next to its field (``core.formerrors``), else next
    to ``default``."""
    attach_problems(form, exc, default)


@bp.get("/")
@role_required(FACILITATOR)
def index():
    exercises = db.session.scalars(select(JohariExercise).where(
        JohariExercise.territory_id == current_user.territory_id)
        .order_by(JohariExercise.held_on.desc())).all()
    return render_template("johari/index.html", exercises=exercises)


@bp.route("/new", methods=["GET", "POST"])
@role_required(COORDINATOR)
def new():
    """A new exercise starts with residents and partners and the contract's wording."""
    form = ExerciseForm()
    form.quartier_id.choices = _quartier_choices()
    form.event_id.choices = _event_choices()
    if form.validate_on_submit():
        try:
            exercise = services.create_exercise(
                current_user.territory_id, form.title.data, form.quartier_id.data,
                form.held_on.data, form.event_id.data or None, form.is_open.data)
            flash(_("Exercice créé."), "success")
            return redirect(url_for("johari.detail", exercise_id=exercise.id))
        except DomainError as exc:
            form_error(form, exc, "title")
    return render_template("johari/form.html", form=form), 422 if form.errors else 200


@bp.route("/<int:exercise_id>/edit", methods=["GET", "POST"])
@role_required(COORDINATOR)
def edit(exercise_id: int):
    exercise = get_scoped_or_404(JohariExercise, exercise_id)
    form = ExerciseForm(obj=exercise)
    form.quartier_id.choices = _quartier_choices()
    form.event_id.choices = _event_choices()
    if not form.is_submitted():
        form.event_id.data = exercise.event_id or 0
    if form.validate_on_submit():
        try:
            services.update_exercise(exercise, form.title.data, form.quartier_id.data,
                                     form.held_on.data, form.event_id.data or None,
                                     form.is_open.data)
            flash(_("Exercice enregistré."), "success")
            return redirect(url_for("johari.detail", exercise_id=exercise.id))
        except DomainError as exc:
            form_error(form, exc, "title")
    return render_template("johari/form.html", form=form, exercise=exercise), (
        422 if form.errors else 200)


@bp.get("/<int:exercise_id>")
@role_required(FACILITATOR)
def detail(exercise_id: int):
    exercise = get_scoped_or_404(JohariExercise, exercise_id)
    form = GroupForm()
    present = {g.slug for g in exercise.groups}
    form.kind.choices = [(k, str(v)) for k, v in LABELS["kinds"].items() if k not in present]
    counts = {g.id: len(g.postits) for g in exercise.groups}
    event = _held_at(exercise)
    return render_template("johari/detail.html", exercise=exercise, group_form=form,
                           counts=counts, labels=LABELS, event=event)


def _held_at(exercise: JohariExercise):
    """The event the exercise is held at (an events.models.Event), or None."""
    from participation.events.models import Event

    return db.session.get(Event, exercise.event_id) if exercise.event_id else None


@bp.post("/<int:exercise_id>/groups")
@role_required(COORDINATOR)
def add_group(exercise_id: int):
    exercise = get_scoped_or_404(JohariExercise, exercise_id)
    try:
        group = services.add_group(exercise, request.form.get("kind", ""))
        flash(_("Groupe « %(name)s » ajouté.", name=group.name), "success")
    except DomainError as exc:
        flash(exc.message, "error")
    return redirect(url_for("johari.detail", exercise_id=exercise.id))


@bp.route("/<int:exercise_id>/groups/<slug>/questions", methods=["GET", "POST"])
@role_required(COORDINATOR)
def prompts(exercise_id: int, slug: str):
    """Each group reads its own wording of the four questions."""
    exercise = get_scoped_or_404(JohariExercise, exercise_id)
    group = exercise.group(slug) or abort(404)
    form = PromptsForm(data={q: group.prompt(q) for q in QUADRANTS})
    if form.validate_on_submit():
        try:
            changed = services.update_prompts(group, {q: form[q].data for q in QUADRANTS})
            flash(_("Questions enregistrées."), "success")
            if changed:
                flash(_("Les questions modifiées s'affichent en français dans les autres "
                        "langues jusqu'à leur nouvelle traduction (page « Traductions »)."),
                      "info")
            return redirect(url_for("johari.detail", exercise_id=exercise.id))
        except DomainError as exc:
            form_error(form, exc, "publique")
    return render_template("johari/prompts.html", form=form, exercise=exercise, group=group,
                           labels=LABELS), 422 if form.errors else 200


def _entry_form(exercise: JohariExercise) -> FastEntryForm:
    form = FastEntryForm()
    form.group.choices = [(g.slug, g.name) for g in exercise.groups]
    form.quadrant.choices = [(q, str(QUADRANT_LABELS[q])) for q in QUADRANTS]
    if request.method == "GET":
        form.token.data = services.new_token()
        form.group.data = request.args.get("groupe") or exercise.groups[0].slug
        # No zone until the facilitator picks one: a post-it typed without choosing was
        # filed as « Zone publique » (field tester, 2026-11-30); after each post-it the
        # zone just used stays picked (the redirect's ``zone``), shown in the flash.
        zone = request.args.get("zone")
        form.quadrant.data = zone if zone in QUADRANTS else None
    return form


@bp.route("/<int:exercise_id>/saisie", methods=["GET", "POST"])
@role_required(FACILITATOR)
def entry(exercise_id: int):
    """Type paper post-its in fast: a key (1-4) picks the zone, Enter adds the post-it."""
    exercise = get_scoped_or_404(JohariExercise, exercise_id)
    if not exercise.groups:
        abort(404)
    form = _entry_form(exercise)
    if form.validate_on_submit():
        try:
            group = exercise.group(form.group.data)
            if group is None:
                raise DomainError(_("Groupe inconnu pour cet exercice."), field="group")
            stored = services.add_postits(group, [(form.quadrant.data, form.text.data)],
                                          form.token.data, current_user.id, exercise.held_on)
            if stored:
                flash(_("Post-it ajouté : %(zone)s, %(group)s.",
                        zone=QUADRANT_LABELS[form.quadrant.data], group=group.name), "success")
            return redirect(url_for("johari.entry", exercise_id=exercise.id,
                                    groupe=group.slug, zone=form.quadrant.data))
        except DomainError as exc:
            form_error(form, exc, "text")
    recent = db.session.scalars(select(PostIt).join(PostIt.contribution).where(
        PostIt.group_id.in_([g.id for g in exercise.groups]),
        Contribution.erased_at.is_(None)).order_by(PostIt.id.desc()).limit(10)).all()
    from participation.johari.reports import tag_reasons

    return render_template("johari/entry.html", form=form, exercise=exercise, recent=recent,
                           labels=LABELS, reasons=tag_reasons(recent)), (
        422 if form.errors else 200)


@bp.get("/<int:exercise_id>/postits")
@role_required(FACILITATOR)
def postits(exercise_id: int):
    """The post-its of one group with their suggested challenges, each removable in one tap."""
    from participation.johari.reports import tag_reasons, window

    exercise = get_scoped_or_404(JohariExercise, exercise_id)
    windows = window(exercise)
    slug = request.args.get("groupe")
    shown = next((w for w in windows if w["group"].slug == slug), windows[0] if windows else None)
    reasons = tag_reasons([p for cell in shown["cells"].values() for p in cell]) if shown else {}
    return render_template("johari/postits.html", exercise=exercise, windows=windows,
                           shown=shown, labels=LABELS, reasons=reasons)


@bp.get("/postits/<int:postit_id>")
@role_required(FACILITATOR)
def postit(postit_id: int):
    """One post-it and the whole challenge tree: one tap adds or removes a challenge."""
    from participation.territory.models import Territory
    from participation.territory.services import current_tree

    postit = get_scoped_or_404(PostIt, postit_id)
    contract = db.session.get(Territory, postit.territory_id).current_contract
    tagged = {t.challenge_id for t in postit.contribution.tags}
    return render_template("johari/postit.html", p=postit, tagged=tagged,
                           tree=current_tree(contract) if contract else [],
                           back=_back(postit, request.args.get("next", "")), labels=LABELS)


def _toggle(postit_id: int, challenge_id: int | None):
    postit = get_scoped_or_404(PostIt, postit_id)
    try:
        if challenge_id is None:
            raise DomainError(_("Choisissez un enjeu."))
        added = services.toggle_challenge(postit, challenge_id, current_user.id)
        flash(_("Enjeu ajouté.") if added else _("Enjeu retiré."), "success")
    except DomainError as exc:
        db.session.rollback()
        flash(exc.message, "error")
    return redirect(_back(postit))


@bp.post("/postits/<int:postit_id>/enjeux")
@role_required(FACILITATOR)
def toggle_challenge(postit_id: int):
    """The tree of one post-it: one tap adds or removes a challenge."""
    return _toggle(postit_id, request.form.get("challenge_id", type=db_id))


@bp.post("/postits/enjeux")
@role_required(FACILITATOR)
def untag():
    """A chip of a list: ``tag`` is "<post-it id>:<challenge id>"; one tap removes it."""
    postit_id, _sep, challenge_id = request.form.get("tag", "").partition(":")
    if not (postit_id.isdigit() and challenge_id.isdigit()):
        abort(400)
    return _toggle(int(postit_id), int(challenge_id))


@bp.post("/postits/<int:postit_id>/delete")
@role_required(FACILITATOR)
def delete_postit(postit_id: int):
    postit = get_scoped_or_404(PostIt, postit_id)
    back = _back(postit)
    services.delete_postit(postit)
    flash(_("Post-it supprimé."), "success")
    return redirect(back)


def _back(postit: PostIt, target: str | None = None) -> str:
    """Where to go after a correction: a local path given by the page, else the post-its of
    its group (the page its chips are on, which then needs no ``next`` in each link)."""
    target = request.form.get("next", "") if target is None else target
    return safe_next(target, url_for("johari.postits", exercise_id=postit.group.exercise_id,
                                     groupe=postit.group.slug))


# Routes of the same blueprint kept in their own modules
from participation.johari import printables, public, views_translations  # noqa: E402,F401
