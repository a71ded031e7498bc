"""The review queue (``/analysis/review``): the contributions nobody has tagged or confirmed
yet, each accepted or corrected in one tap. Its routes on ``views.bp``; moved unchanged from
``analysis/views.py``."""
from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import ngettext
from flask_login import current_user

from participation.analysis import frames, queue, services
from participation.analysis.views import _contract, bp
from participation.contributions.models import Contribution
from participation.core.auth import COORDINATOR, get_scoped_or_404, role_required
from participation.core.errors import DomainError
from participation.core.urls import db_id
from participation.extensions import db
from participation.privacy.masking import mask_contacts
from participation.territory.services import current_tree

REVIEW_ORDERS = {"recentes": "recent", "incertaines": "uncertain"}


@bp.get("/review")
@role_required(COORDINATOR)
def review():
    """Contributions nobody has tagged or confirmed yet (latest first, or the least certain
    suggestions first with ``?ordre=incertaines``), with the reasons of each suggestion."""
    contract = _contract()
    order = REVIEW_ORDERS.get(request.args.get("ordre", ""), "recent")
    start = max(request.args.get("debut", 0, type=int), 0)
    source = request.args.get("source", "")[:300]
    page, pending, found = queue.review_page(current_user.territory_id, order, start=start,
                                             source=source)
    names = {c.id: c for c in current_tree(contract)} if contract else {}
    return render_template("analysis/review.html", page=page.to_dict("records"),
                           pending=pending, suggestions=found, names=names,
                           labels=frames.labels(), order=order, start=start,
                           distinct=page.attrs["distinct"], size=queue.PAGE_SIZE,
                           sources=page.attrs["sources"], source=source)


def _excerpt(text: str, length: int = 60) -> str:
    """The start of a contribution, to name it to people (never its database id), the
    phones and e-mails in it masked before it is cut (``privacy.masking``: "rappelez moi
    au 06 1…" showed half a number)."""
    text = " ".join((mask_contacts(text) or "").split())
    return text if len(text) <= length else text[:length - 1].rstrip() + "…"


@bp.post("/review/<int:contribution_id>")
@role_required(COORDINATOR)
def review_save(contribution_id: int):
    """One tap: accept the first suggested challenge (``queue.accepted``; with one more
    suggestion when its « + » button, ``also``, was pressed), or save the coordinator's
    correction, which replaces the suggestions."""
    contribution = get_scoped_or_404(Contribution, contribution_id)
    action = request.form.get("action")
    ids = [] if action == "none" else request.form.getlist("challenge_ids", type=db_id)
    also = request.form.get("also", type=db_id) if action == "accept" else None
    ids += [also] if also is not None else []
    try:
        count = services.review(queue.same_text(contribution, _order_arg().get("source", "")),
                                action == "accept", ids,
                                current_user.id)
    except DomainError as error:
        db.session.rollback()
        flash(error.message, "error")
        return redirect(url_for("analysis.review", **_order_arg()))
    flash(_review_message(contribution.text, bool(ids), count), "success")
    return redirect(url_for("analysis.review", _anchor=f"c{contribution_id}", **_order_arg()))


def _review_message(text: str, tagged: bool, count: int) -> str:
    """What the coordinator's decision did, naming the text (never a database id)."""
    if tagged:
        return ngettext("Enjeux enregistrés pour « %(text)s ».",
                        "Enjeux enregistrés pour les %(num)s contributions « %(text)s ».",
                        count, text=_excerpt(text))
    return ngettext("« %(text)s » : aucun enjeu, la contribution sort de la file.",
                    "« %(text)s » : aucun enjeu, les %(num)s contributions sortent de la file.",
                    count, text=_excerpt(text))


def _order_arg() -> dict[str, str]:
    """The queue's order and source the coordinator was reviewing in (hidden fields of its
    forms), to come back to the same queue."""
    order, source = request.form.get("ordre", ""), request.form.get("source", "")[:300]
    args = {"ordre": order} if order in REVIEW_ORDERS and order != "recentes" else {}
    return args | ({"source": source} if source else {})
