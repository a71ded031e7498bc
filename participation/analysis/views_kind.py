"""The review queue's "Nature" form: the coordinator changes a contribution's kind (an
imported "Qu'aimeriez-vous améliorer ?" answer filed as a proposition that names a lack),
for the texts the queue shows as one (``queue.same_text``); ``contributions.kind_changes``
audits it and the drafts and the section follow."""
from __future__ import annotations

from flask import flash, redirect, request, url_for
from flask_babel import ngettext

from participation.analysis import queue
from participation.analysis.views import bp
from participation.analysis.views_review import _excerpt, _order_arg
from participation.contributions.kind_changes import set_kind
from participation.contributions.models import KINDS, Contribution
from participation.core.auth import COORDINATOR, get_scoped_or_404, role_required
from participation.core.errors import DomainError
from participation.extensions import db


@bp.post("/review/<int:contribution_id>/kind")
@role_required(COORDINATOR)
def review_kind(contribution_id: int):
    """Give the posted ``kind`` (one of ``KINDS``) to the contribution and the ones saying
    the same words in the queue; they stay in the queue for their challenges. An unknown
    kind: a French message, nothing changed."""
    contribution = get_scoped_or_404(Contribution, contribution_id)
    group = queue.same_text(contribution, _order_arg().get("source", ""))
    kind = request.form.get("kind", "")
    try:
        set_kind(group, kind)
    except DomainError as error:
        db.session.rollback()
        flash(error.message, "error")
        return redirect(url_for("analysis.review", **_order_arg()))
    flash(ngettext("« %(text)s » : nature « %(kind)s ».",
                   "« %(text)s » : nature « %(kind)s » pour les %(num)s contributions.",
                   len(group), text=_excerpt(contribution.text), kind=KINDS[kind]), "success")
    return redirect(url_for("analysis.review", _anchor=f"c{contribution_id}", **_order_arg()))
