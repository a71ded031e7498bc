"""Team pages of the conseil citoyen: councils, charter, candidacies, draws by lot.

Members and meetings are in ``meeting_views``, residents' pages in ``public``; all share
this blueprint. Team URLs start with /council, public ones are short (/conseil, /tirage).
"""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_login import current_user
from sqlalchemy import select

from participation.core.auth import COORDINATOR, FACILITATOR, get_scoped_or_404, role_required
from participation.core.errors import DomainError, ImportRejected
from participation.core.formerrors import attach_problems
from participation.core.registry import staff_menu_entry
from participation.core.uploads import read_text
from participation.council import draws, members, naming, services
from participation.council import exports as _exports  # noqa: F401  (registers them)
from participation.council.forms import CharterForm, CouncilForm, DrawForm, SeedForm
from participation.council.models import (
    CANDIDACY_SOURCES,
    COLLEGE_KINDS,
    COUNCIL_KINDS,
    Candidacy,
    Council,
    Draw,
    Invitation,
    Meeting,
)
from participation.council.services import CouncilSpec
from participation.extensions import db
from participation.territory.models import Quartier

bp = Blueprint("council", __name__)
staff_menu_entry("council.index", _l("Conseil citoyen"), FACILITATOR)
LABELS = {"kinds": COUNCIL_KINDS, "colleges": COLLEGE_KINDS}


@bp.app_template_filter("sex_label")
def sex_label(code: str | None) -> str:
    """The stored code of a person's sex ("f", "h", "autre") as people read it ("Femme"…);
    "—" when not given. Codes never reach a page."""
    from participation.contributions.models import SEXES

    return str(SEXES.get(code or "", "—"))


@bp.app_template_filter("draw_title")
def draw_title_filter(draw: Draw, with_council: bool = True) -> str:
    """A draw as people name it (council, rank and date in words); see ``naming``."""
    return naming.draw_title(draw, with_council)


def attach_error(form, exc: DomainError, fallback: str) -> None:
    """Show every message of a service next to its field (``core.formerrors``; a message
    of no field, or of a field the form does not show, next to ``fallback``)."""
    attach_problems(form, exc, fallback)


@bp.get("/council/")
@role_required(FACILITATOR)
def index():
    councils = db.session.scalars(select(Council).where(
        Council.territory_id == current_user.territory_id).order_by(Council.name)).all()
    return render_template("council/index.html", councils=councils, labels=LABELS)


@bp.route("/council/new", methods=["GET", "POST"])
@role_required(COORDINATOR)
def new():
    """Set up a council: quartiers, collèges and seats, mandate, quorum, charter."""
    form = CouncilForm()
    form.quartier_ids.choices = [(q.id, q.name) for q in db.session.scalars(select(Quartier).where(
        Quartier.territory_id == current_user.territory_id).order_by(Quartier.name))]
    if form.validate_on_submit():
        spec = CouncilSpec(**{k: v for k, v in form.data.items()
                              if k in CouncilSpec.__dataclass_fields__ and v is not None})
        try:
            council = services.create_council(current_user.territory_id, spec)
            flash(_("Conseil créé."), "success")
            return redirect(url_for("council.detail", council_id=council.id))
        except DomainError as exc:
            attach_error(form, exc, "name")
    return render_template("council/new.html", form=form), 422 if form.errors else 200


@bp.get("/council/<int:council_id>")
@role_required(FACILITATOR)
def detail(council_id: int):
    council = get_scoped_or_404(Council, council_id)
    all_draws = db.session.scalars(select(Draw).where(Draw.council_id == council.id)
                                   .order_by(Draw.id)).all()
    # every meeting, latest first: where votes are recorded and decisions become
    # contributions (fresh tester: past meetings were reachable only by typing their address)
    meetings = db.session.scalars(select(Meeting).where(Meeting.council_id == council.id)
                                  .order_by(Meeting.held_at.desc(), Meeting.id.desc())).all()
    return render_template("council/detail.html", council=council, labels=LABELS,
                           candidacies=services.candidacies(council), draws=all_draws,
                           turnover=members.turnover(council), meetings=meetings)


@bp.post("/council/<int:council_id>/candidacies-open")
@role_required(COORDINATOR)
def toggle_candidacies(council_id: int):
    council = get_scoped_or_404(Council, council_id)
    services.set_candidacies_open(council, not council.accepts_candidacies)
    flash(_("Candidatures ouvertes.") if council.accepts_candidacies
          else _("Candidatures closes."), "success")
    return redirect(url_for("council.detail", council_id=council.id))


@bp.route("/council/<int:council_id>/charter", methods=["GET", "POST"])
@role_required(COORDINATOR)
def charter(council_id: int):
    """A new version of the charter; members then accept it again."""
    council = get_scoped_or_404(Council, council_id)
    form = CharterForm(obj=council.charter)
    if form.validate_on_submit():
        services.add_charter_version(council, form.title.data, form.text.data)
        flash(_("Charte enregistrée (version %(v)s).", v=council.charter.version), "success")
        return redirect(url_for("council.detail", council_id=council.id))
    return render_template("council/charter.html", council=council, form=form), \
        422 if form.errors else 200


@bp.get("/council/<int:council_id>/candidacies")
@role_required(FACILITATOR)
def candidacies(council_id: int):
    """Contacts are shown to coordinators only."""
    council = get_scoped_or_404(Council, council_id)
    return render_template("council/candidacies.html", council=council,
                           items=services.candidacies(council), sources=CANDIDACY_SOURCES)


@bp.post("/council/candidacies/<int:candidacy_id>/withdraw")
@role_required(COORDINATOR)
def withdraw(candidacy_id: int):
    """A candidate withdraws or asks for erasure: their contact details are deleted."""
    candidacy = get_scoped_or_404(Candidacy, candidacy_id)
    services.withdraw_candidacy(candidacy)
    flash(_("Candidature n° %(n)s retirée, coordonnées effacées.", n=candidacy.number),
          "success")
    return redirect(url_for("council.candidacies", council_id=candidacy.council_id))


@bp.get("/council/invitations")
@role_required(COORDINATOR)
def invitations():
    """Survey respondents who would like to join: to call, with their link to apply."""
    items = db.session.scalars(select(Invitation).where(
        Invitation.territory_id == current_user.territory_id)
        .order_by(Invitation.created_at.desc())).all()
    return render_template("council/invitations.html", items=items)


@bp.route("/council/<int:council_id>/draws/new", methods=["GET", "POST"])
@role_required(COORDINATOR)
def new_draw(council_id: int):
    """Freeze and publish the list to draw from, before the seed is known."""
    council = get_scoped_or_404(Council, council_id)
    form = DrawForm()
    form.college_id.choices = [(c.id, c.label) for c in council.colleges]
    if request.method == "GET":
        form.seats.data = council.colleges[0].seats
    if form.validate_on_submit():
        try:
            draw = _prepare(council, form)
            flash(_("Liste publiée : annoncez maintenant la graine."), "success")
            return redirect(url_for("council.draw", draw_id=draw.id))
        except ImportRejected as exc:
            form.file.errors = [exc.message] + [_("ligne %(n)s : %(m)s", n=n, m=m)
                                                for n, m in exc.errors if n]
        except DomainError as exc:
            attach_error(form, exc, "college_id")
    return render_template("council/draw_new.html", council=council, form=form), \
        422 if form.errors else 200


def _prepare(council: Council, form: DrawForm) -> Draw:
    args = (council, form.college_id.data, form.seats.data, form.substitutes.data)
    if form.source.data == "liste":
        upload = form.file.data
        if not upload:
            raise DomainError(_("Choisissez le fichier CSV de la liste."), field="file")
        content = read_text(upload.read())
        return draws.prepare_draw_from_list(*args, content, form.announcement.data)
    return draws.prepare_draw(*args, form.announcement.data)


@bp.route("/council/draws/<int:draw_id>", methods=["GET", "POST"])
@role_required(COORDINATOR)
def draw(draw_id: int):
    """Type in the seed drawn in public; the result is computed and published at once."""
    d = get_scoped_or_404(Draw, draw_id)
    form = SeedForm()
    if form.validate_on_submit():
        try:
            draws.run_stored_draw(d, form.seed.data)
            flash(_("Tirage effectué et publié."), "success")
            return redirect(url_for("council.draw", draw_id=d.id))
        except draws.DrawAlreadyDone as exc:
            flash(exc.message, "error")
            return render_template("council/draw.html", draw=d, form=form, problems=[],
                                   shortfall=draws.parity_shortfall(d)), 409
        except DomainError as exc:
            attach_error(form, exc, "seed")
    problems = draws.verify_stored_draw(d) if d.drawn_at else []
    return render_template("council/draw.html", draw=d, form=form, problems=problems,
                           shortfall=draws.parity_shortfall(d)), 422 if form.errors else 200


@bp.post("/council/draws/<int:draw_id>/seat")
@role_required(COORDINATOR)
def seat(draw_id: int):
    d = get_scoped_or_404(Draw, draw_id)
    try:
        seated = members.seat_drawn_members(d)
        flash(ngettext("%(num)s membre installé.", "%(num)s membres installés.", len(seated)),
              "success")
    except DomainError as exc:
        flash(exc.message, "error")
    return redirect(url_for("council.members_page", council_id=d.council_id))


from participation.council import meeting_views, public  # noqa: E402,F401  (routes on bp)
