"""Coordinators list, filter, re-tag and follow up contributions; residents see the replies."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import format_date
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select

from participation.analysis.frames import VALIDATED_ORIGINS
from participation.contributions import exports as _exports  # noqa: F401  (registers them)
from participation.contributions import services
from participation.contributions.forms import ContributionForm, FollowUpForm, LinkForm, RetagForm
from participation.contributions.models import (
    AUTHOR_ROLES,
    KINDS,
    LINK_KINDS,
    SOURCE_FORMATS,
    STATUSES,
    Contribution,
    ContributionLink,
)
from participation.core.auth import (
    COORDINATOR,
    FACILITATOR,
    get_scoped_or_404,
    public,
    role_required,
)
from participation.core.errors import DomainError
from participation.core.pagecache import cached_page
from participation.core.redirects import safe_next
from participation.core.registry import quartier_section, staff_menu_entry
from participation.core.urls import db_id
from participation.extensions import db
from participation.territory.models import Quartier, Territory
from participation.territory.services import current_tree

bp = Blueprint("contributions", __name__, url_prefix="/contributions")
staff_menu_entry("contributions.index", _l("Contributions"), COORDINATOR)
staff_menu_entry("contributions.new", _l("Saisir une contribution"), FACILITATOR)
PER_PAGE = 50
LABELS = {"kinds": KINDS, "roles": AUTHOR_ROLES, "formats": SOURCE_FORMATS,
          "statuses": STATUSES, "link_kinds": LINK_KINDS}


@quartier_section
def _replies_section(quartier: Quartier) -> list[dict]:
    if not services.public_replies(quartier.id):
        return []
    return [{"title": _("Vous avez dit, nous avons fait"),
             "url": url_for("contributions.public_replies", quartier_id=quartier.id),
             "text": _("Ce que sont devenues les propositions des habitants.")}]


def _tree_choices() -> list[tuple[int, str]]:
    territory = db.session.get(Territory, current_user.territory_id)
    contract = territory.current_contract
    if contract is None:
        return []
    return [(n.id, "\u2003" * n.depth + n.label) for n in current_tree(contract)]


def _quartiers() -> list[Quartier]:
    return list(db.session.scalars(select(Quartier).where(
        Quartier.territory_id == current_user.territory_id).order_by(Quartier.name)))


@bp.get("/")
@role_required(COORDINATOR)
def index():
    """Every contribution of the territory, filtered by kind, role, format, quartier, challenge."""
    args = request.args
    filters = {k: args.get(k) for k in ("kind", "author_role", "source_format", "status", "q")}
    filters["quartier_id"] = args.get("quartier_id", type=db_id)
    filters["challenge_id"] = args.get("challenge_id", type=db_id)
    filters["untagged"] = args.get("untagged") == "1"
    page = db.paginate(services.filtered(current_user.territory_id, filters),
                       page=args.get("page", 1, type=db_id), per_page=PER_PAGE, error_out=False)
    return render_template("contributions/index.html", page=page, filters=filters,
                           quartiers=_quartiers(), tree=_tree_choices(), labels=LABELS)


@bp.route("/new", methods=["GET", "POST"])
@role_required(FACILITATOR)
def new():
    """Type in something said at a meeting, on the phone, on a post-it..."""
    form = ContributionForm()
    quartiers = _quartiers()
    form.quartier_id.choices = [(0, _("— Non précisé —"))] + [(q.id, q.name) for q in quartiers]
    form.challenges.choices = _tree_choices()
    form.place_name.choices = [("", "—")] + [(n.name, n.name) for q in quartiers
                                             for n in q.resident_names]
    if form.validate_on_submit():
        try:
            services.record_contribution(
                current_user.territory_id, form.text.data, kind=form.kind.data,
                author_role=form.author_role.data, source_format=form.source_format.data,
                quartier_id=form.quartier_id.data or None, said_on=form.said_on.data,
                challenge_ids=form.challenges.data or [], created_by_id=current_user.id,
                attribution={"consent": form.attribution_consent.data,
                             "age_band": form.age_band.data, "sex": form.sex.data,
                             "place_name": form.place_name.data})
            flash(_("Contribution enregistrée."), "success")
            return redirect(url_for("contributions.new"))
        except DomainError as exc:
            getattr(form, exc.field or "text").errors.append(exc.message)
    return render_template("contributions/new.html", form=form), 422 if form.errors else 200


def _link_choices(contribution: Contribution) -> list[tuple[int, str]]:
    """The other contributions of the territory, named by their text (then quartier and date),
    newest first, for the link select: [(0, placeholder), (id, "« text… » — quartier, date")].
    Ids are values only, never shown (issue #11, item 6)."""
    others = db.session.scalars(select(Contribution).where(
        Contribution.territory_id == contribution.territory_id,
        Contribution.id != contribution.id).order_by(
        Contribution.said_on.desc(), Contribution.id.desc())).all()
    return [(0, _("— Choisir une contribution —"))] + [(c.id, _link_label(c)) for c in others]


def _link_label(c: Contribution) -> str:
    """"« text cut at 90 characters » — quartier, 3 mars 2026" (quartier left out if none)."""
    text = c.text if len(c.text) <= 90 else c.text[:89].rstrip() + "…"
    where = ", ".join(x for x in (c.quartier.name if c.quartier else "",
                                  format_date(c.said_on, "long")) if x)
    return _("« %(text)s » — %(where)s", text=" ".join(text.split()), where=where)


def _detail(contribution: Contribution, status: int = 200, **forms):
    retag = forms.get("retag") or RetagForm()
    retag.challenges.choices = _tree_choices()
    unconfirmed = [t for t in contribution.tags if t.challenge.is_current and not _validated(t)]
    if "retag" not in forms:  # a suggestion nobody confirmed comes unticked (issue #13)
        retag.challenges.data = [t.challenge_id for t in contribution.tags if _validated(t)]
    follow = forms.get("follow") or FollowUpForm(obj=contribution)
    link = forms.get("link") or LinkForm()
    link.target_id.choices = _link_choices(contribution)
    return render_template("contributions/detail.html", c=contribution, retag_form=retag,
                           follow_form=follow, link_form=link, labels=LABELS,
                           unconfirmed=unconfirmed), status


def _validated(tag) -> bool:
    """Whether a person set or confirmed the tag (``analysis.frames.tags_frame``'s
    ``reviewed``): a stored suggestion nobody confirmed is not, and the tag form does not
    tick it, so saving never confirms it unseen (a coordinator tester's correction to
    Éducation was saved Santé, Égalité and Éducation)."""
    return tag.origin in VALIDATED_ORIGINS or tag.tagged_by_id is not None


@bp.get("/<int:contribution_id>")
@role_required(COORDINATOR)
def detail(contribution_id: int):
    return _detail(get_scoped_or_404(Contribution, contribution_id))


@bp.post("/<int:contribution_id>/tags")
@role_required(COORDINATOR)
def tags(contribution_id: int):
    """Correct the challenges of a contribution (the human in the tagging loop)."""
    contribution = get_scoped_or_404(Contribution, contribution_id)
    form = RetagForm()
    form.challenges.choices = _tree_choices()
    if form.validate_on_submit():
        services.retag(contribution, form.challenges.data or [], current_user.id)
        flash(_("Enjeux enregistrés."), "success")
        return redirect(safe_next(request.form.get("next"), url_for(
            "contributions.detail", contribution_id=contribution.id)))
    return _detail(contribution, 422, retag=form)


@bp.post("/<int:contribution_id>/follow-up")
@role_required(COORDINATOR)
def follow_up(contribution_id: int):
    contribution = get_scoped_or_404(Contribution, contribution_id)
    form = FollowUpForm()
    if form.validate_on_submit():
        services.set_follow_up(contribution, form.status.data, form.public_reply.data)
        flash(_("Suivi enregistré."), "success")
        return redirect(url_for("contributions.detail", contribution_id=contribution.id))
    return _detail(contribution, 422, follow=form)


@bp.post("/<int:contribution_id>/links")
@role_required(COORDINATOR)
def add_link(contribution_id: int):
    contribution = get_scoped_or_404(Contribution, contribution_id)
    form = LinkForm()
    form.target_id.choices = _link_choices(contribution)
    if form.validate_on_submit():
        target = db.session.get(Contribution, form.target_id.data)
        try:
            if target is None or target.territory_id != contribution.territory_id:
                raise DomainError(_("Cette contribution n'existe pas ou plus."),
                                  field="target_id")
            services.link_contributions(contribution, target, form.kind.data)
            flash(_("Lien ajouté."), "success")
            return redirect(url_for("contributions.detail", contribution_id=contribution.id))
        except DomainError as exc:
            form.target_id.errors.append(exc.message)
    return _detail(contribution, 422, link=form)


@bp.post("/links/<int:link_id>/delete")
@role_required(COORDINATOR)
def delete_link(link_id: int):
    link = db.get_or_404(ContributionLink, link_id)
    source = get_scoped_or_404(Contribution, link.from_id)
    services.unlink(link)
    flash(_("Lien supprimé."), "success")
    return redirect(url_for("contributions.detail", contribution_id=source.id))


@bp.get("/quartier/<int:quartier_id>/vous-avez-dit")
@public
@cached_page()
def public_replies(quartier_id: int):
    """'Vous avez dit, nous avons fait': what became of what residents said. Kept rendered
    (``core.pagecache``): a public reply written or changed bumps the data version
    (``quiet_writes(Contribution, unless=...)``), a resident's new contribution does not."""
    quartier = db.get_or_404(Quartier, quartier_id)
    return render_template("contributions/public_replies.html", quartier=quartier,
                           items=services.public_replies(quartier.id), labels=LABELS)
