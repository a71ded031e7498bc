"""The coordinator's decision on a challenge's year on year (issue #13, items 4 and 5): the
evolution table shown on the challenge's page enters the section of the contract only once
validated as it reads (with its table, or as text only), and can be kept out of it.

The choice is kept with the figures it was made on (``years.digest``): when answers change
them, the section leaves the block out again until the coordinator reads it anew
(``exports.section_evolution.reviewed``).
"""
from __future__ import annotations

from flask import abort, flash, redirect, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from participation.analysis import years
from participation.analysis.forms import EvolutionForm
from participation.analysis.views import bp
from participation.core.auth import COORDINATOR, get_scoped_or_404, has_role, role_required
from participation.core.errors import DomainError
from participation.exports.services import (
    evolution_choice,
    save_evolution_choice,
    section_texts,
)
from participation.territory.models import Challenge

DONE = {"tableau": _l("Évolution validée : le texte et le tableau entrent dans la section."),
        "texte": _l("Évolution validée : le texte entre dans la section, sans le tableau."),
        "exclu": _l("Évolution exclue : la section ne la reprend pas.")}
# Per table of a year on year (``years.PARTS``): where the challenge summary keeps it
# (``summary.challenge_summary``) and the key of its block in the section
# (``exports.section_evolution.evolution_blocks``).
RESULT_KEYS = {"besoins": "evolution", "atouts": "evolution_atouts"}
BLOCK_KEYS = {"besoins": "evolution-{code}", "atouts": "evolution-atouts-{code}"}


def evolution_form(scope: str, key: str, result: dict) -> dict:
    """``{"evolution_forms": {part: {"form", "state"}}}``: for a coordinator on a challenge
    of the current tree, per table of its year on year that has figures (``RESULT_KEYS``),
    the form and what the section does with it now ("tableau", "texte", "exclu", "change"
    when validated on other figures, "nouveau" when never decided). Else no form."""
    shown = {part: result.get(name) for part, name in RESULT_KEYS.items()
             if result.get(name)}
    if scope != "challenge" or not shown or not has_role(current_user, COORDINATOR):
        return {"evolution_forms": {}}
    node = get_scoped_or_404(Challenge, int(key))
    if not node.is_current:
        return {"evolution_forms": {}}
    texts = section_texts(current_user.territory_id)
    return {"evolution_forms": {part: _decided(evo, texts, BLOCK_KEYS[part].format(
        code=node.code)) for part, evo in shown.items()}}


def _decided(evo: dict, texts: dict[str, str], block_key: str) -> dict:
    """{"form": an ``EvolutionForm`` holding the figures' ``years.digest`` and the choice
    saved for ``block_key`` (when it still holds), "state": as ``evolution_form``}."""
    figures = years.digest(evo)
    choice, saved = evolution_choice(texts, block_key)
    state = "nouveau" if choice is None else (
        choice if saved == figures or choice == "exclu" else "change")
    form = EvolutionForm(formdata=None, digest=figures,
                         choice=choice if state in ("tableau", "texte", "exclu") else None)
    return {"form": form, "state": state}


@bp.post("/challenge/<int:challenge_id>/evolution", defaults={"part": "besoins"})
@bp.post("/challenge/<int:challenge_id>/evolution/<any(atouts):part>")
@role_required(COORDINATOR)
def validate_evolution(challenge_id: int, part: str):
    """Keep the coordinator's choice for one table of the challenge's year on year (``part``:
    "besoins", the needs, or "atouts"), with the figures the page showed (the form's
    ``digest``)."""
    node = get_scoped_or_404(Challenge, challenge_id)
    if not node.is_current:
        abort(404)
    form = EvolutionForm()
    if form.validate_on_submit():
        try:
            save_evolution_choice(current_user.territory_id,
                                  BLOCK_KEYS[part].format(code=node.code),
                                  form.choice.data, form.digest.data, current_user.id)
            flash(str(DONE[form.choice.data]), "success")
        except DomainError as error:
            flash(error.message, "error")
    else:
        flash(" ".join(map(str, form.choice.errors)) or _("Le formulaire a expiré, recommencez."),
              "error")
    return redirect(url_for("analysis.summary_page", scope="challenge", key=challenge_id,
                            _anchor="evolution-atouts" if part == "atouts" else "evolution"))
