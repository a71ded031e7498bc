"""Public home (pick your quartier) and staff pages for the territory and its tree."""
from __future__ import annotations

from flask import (
    Blueprint,
    Response,
    abort,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from participation.core.auth import (
    COORDINATOR,
    FACILITATOR,
    get_scoped_or_404,
    has_role,
    public,
    role_required,
)
from participation.core.errors import DomainError, ImportRejected
from participation.core.pagecache import cached_page
from participation.core.registry import open_items_for, staff_menu_entry
from participation.core.uploads import read_text
from participation.core.urls import db_id
from participation.extensions import db
from participation.territory import services
from participation.territory.forms import (
    AvenantForm,
    ChallengeForm,
    CommuneForm,
    ContractForm,
    QuartierForm,
    TreeImportForm,
)
from participation.territory.home_page import home_context
from participation.territory.models import Challenge, Contract, Quartier, Territory

bp = Blueprint("territory", __name__)
staff_menu_entry("territory.overview", _l("Territoire, quartiers et enjeux"), FACILITATOR)


@bp.get("/")
@public
@cached_page(args=("q", "departement", "page"))
def home():
    """Residents pick where they live by the names they use, or search for it in a region or
    the nation (``home_page``), then see what is open there."""
    quartier_id = request.args.get("quartier", type=db_id)
    if quartier_id:
        return redirect(url_for("territory.quartier_page", quartier_id=quartier_id))
    return render_template("territory/home.html", **home_context(request.args))


@bp.get("/quartiers/<int:quartier_id>")
@public
@cached_page()
def quartier_page(quartier_id: int):
    quartier = db.get_or_404(Quartier, quartier_id)
    return render_template("territory/quartier.html", quartier=quartier,
                           items=open_items_for(quartier))


def _territory() -> Territory:
    return db.session.get(Territory, current_user.territory_id)


@bp.get("/territory/")
@role_required(FACILITATOR)
def overview():
    territory = _territory()
    return render_template("territory/overview.html", territory=territory,
                           commune_form=CommuneForm(), contract_form=ContractForm())


@bp.post("/territory/communes")
@role_required(COORDINATOR)
def add_commune():
    territory = _territory()
    form = CommuneForm()
    if form.validate_on_submit():
        try:
            services.add_commune(territory, form.name.data, form.insee_code.data)
            flash(_("Commune ajoutée."), "success")
            return redirect(url_for("territory.overview"))
        except DomainError as exc:
            form.name.errors.append(exc.message)
    return render_template("territory/overview.html", territory=territory,
                           commune_form=form, contract_form=ContractForm()), 422


@bp.post("/territory/contracts")
@role_required(COORDINATOR)
def add_contract():
    territory = _territory()
    form = ContractForm()
    if form.validate_on_submit():
        contract = services.create_contract(territory, form.name.data, form.start_year.data,
                                            form.end_year.data, form.midterm_year.data)
        flash(_("Contrat créé avec l'arbre d'enjeux du cadre national."), "success")
        return redirect(url_for("territory.tree", contract_id=contract.id))
    return render_template("territory/overview.html", territory=territory,
                           commune_form=CommuneForm(), contract_form=form), 422


def _quartier_form(territory: Territory, quartier: Quartier | None = None) -> QuartierForm:
    form = QuartierForm(obj=quartier) if quartier else QuartierForm()
    form.communes.choices = [(c.id, c.name) for c in territory.communes]
    if quartier and request.method == "GET":
        form.communes.data = [c.id for c in quartier.communes]
    if not isinstance(form.resident_names.data, str | None):
        # filled from the model (a list of QuartierName), not typed: show one name per line
        form.resident_names.data = "\n".join(n.name for n in form.resident_names.data)
    return form


def _names(form: QuartierForm) -> list[str]:
    return (form.resident_names.data or "").splitlines()


@bp.route("/territory/quartiers/new", methods=["GET", "POST"])
@role_required(COORDINATOR)
def new_quartier():
    territory = _territory()
    form = _quartier_form(territory)
    if form.validate_on_submit():
        try:
            services.create_quartier(territory, form.code.data, form.name.data, form.kind.data,
                                     form.population.data, form.communes.data or [],
                                     _names(form))
            flash(_("Quartier créé."), "success")
            return redirect(url_for("territory.overview"))
        except DomainError as exc:
            getattr(form, exc.field or "code").errors.append(exc.message)
    status = 422 if form.errors else 200
    return render_template("territory/quartier_form.html", form=form, quartier=None), status


@bp.route("/territory/quartiers/<int:quartier_id>/edit", methods=["GET", "POST"])
@role_required(COORDINATOR)
def edit_quartier(quartier_id: int):
    quartier = get_scoped_or_404(Quartier, quartier_id)
    form = _quartier_form(quartier.territory, quartier)
    del form.code  # the official code identifies the quartier; it is not edited
    if form.validate_on_submit():
        services.update_quartier(quartier, form.name.data, form.kind.data,
                                 form.population.data, form.communes.data or [], _names(form))
        flash(_("Quartier enregistré."), "success")
        return redirect(url_for("territory.overview"))
    status = 422 if form.errors else 200
    return render_template("territory/quartier_form.html", form=form,
                           quartier=quartier), status


def _contract(contract_id: int) -> Contract:
    return get_scoped_or_404(Contract, contract_id)


def _challenge_form(contract: Contract, node: Challenge | None = None) -> ChallengeForm:
    form = ChallengeForm(obj=node) if node else ChallengeForm()
    nodes = services.current_tree(contract)
    form.parent_id.choices = [(0, _("— Aucun (premier niveau) —"))] + [
        (n.id, "\u2003" * n.depth + n.label) for n in nodes if node is None or n.id != node.id
    ]
    if node is not None and request.method == "GET":
        form.parent_id.data = node.parent_id or 0
    return form


@bp.route("/territory/contracts/<int:contract_id>/tree", methods=["GET", "POST"])
@role_required(FACILITATOR)
def tree(contract_id: int):
    """The tree in force; coordinators add nodes here."""
    contract = _contract(contract_id)
    form = _challenge_form(contract)
    if request.method == "POST":
        if not has_role(current_user, COORDINATOR):
            abort(403)
        if form.validate_on_submit():
            parent = db.session.get(Challenge, form.parent_id.data) if form.parent_id.data else None
            try:
                services.add_challenge(contract, form.code.data.strip(), form.name.data.strip(),
                                       parent, form.colour.data, form.keywords.data or "")
                flash(_("Enjeu ajouté."), "success")
                return redirect(url_for("territory.tree", contract_id=contract.id))
            except DomainError as exc:
                getattr(form, exc.field or "code").errors.append(exc.message)
    return render_template("territory/tree.html", contract=contract,
                           nodes=services.current_tree(contract), form=form,
                           import_form=TreeImportForm(), avenant_form=AvenantForm(),
                           import_errors=None), 422 if form.errors else 200


@bp.route("/territory/challenges/<int:challenge_id>/edit", methods=["GET", "POST"])
@role_required(COORDINATOR)
def edit_challenge(challenge_id: int):
    node = get_scoped_or_404(Challenge, challenge_id)
    if not node.is_current:
        abort(404)
    form = _challenge_form(node.contract, node)
    if form.validate_on_submit():
        try:
            services.update_challenge(
                node, code=form.code.data.strip(), name=form.name.data.strip(),
                colour=form.colour.data, keywords=form.keywords.data or "",
                parent_id=form.parent_id.data or None)
            flash(_("Enjeu enregistré."), "success")
            return redirect(url_for("territory.tree", contract_id=node.contract_id))
        except DomainError as exc:
            getattr(form, exc.field or "code").errors.append(exc.message)
    return render_template("territory/challenge_form.html", form=form, node=node), \
        422 if form.errors else 200


@bp.post("/territory/challenges/<int:challenge_id>/retire")
@role_required(COORDINATOR)
def retire_challenge(challenge_id: int):
    node = get_scoped_or_404(Challenge, challenge_id)
    contract_id = node.contract_id
    services.retire_challenge(node)
    flash(_("Enjeu retiré de l'arbre en vigueur ; les contributions gardent leur étiquette."),
          "success")
    return redirect(url_for("territory.tree", contract_id=contract_id))


@bp.post("/territory/contracts/<int:contract_id>/import")
@role_required(COORDINATOR)
def import_tree(contract_id: int):
    contract = _contract(contract_id)
    form = TreeImportForm()
    errors = None
    if form.validate_on_submit():
        try:
            content = read_text(form.file.data.read())
            count = services.import_tree_csv(contract, content, form.label.data)
            flash(_("%(n)s enjeux importés : nouvelle version de l'arbre.", n=count), "success")
            return redirect(url_for("territory.tree", contract_id=contract.id))
        except ImportRejected as exc:
            errors = exc
    return render_template("territory/tree.html", contract=contract,
                           nodes=services.current_tree(contract),
                           form=_challenge_form(contract), import_form=form,
                           avenant_form=AvenantForm(), import_errors=errors), 422


@bp.get("/territory/contracts/<int:contract_id>/tree.csv")
@role_required(FACILITATOR)
def export_tree(contract_id: int):
    contract = _contract(contract_id)
    return Response("\ufeff" + services.export_tree_csv(contract), mimetype="text/csv",
                    headers={"Content-Disposition": "attachment; filename=enjeux.csv"})


@bp.post("/territory/contracts/<int:contract_id>/avenant")
@role_required(COORDINATOR)
def avenant(contract_id: int):
    contract = _contract(contract_id)
    form = AvenantForm()
    if form.validate_on_submit():
        version = services.start_avenant(contract, form.label.data)
        flash(_("Version %(v)s ouverte : les enjeux modifiés seront copiés.", v=version),
              "success")
    else:
        flash(_("Donnez un nom à l'avenant."), "error")
    return redirect(url_for("territory.tree", contract_id=contract.id))
