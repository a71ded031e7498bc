"""Draws by lot in the database: freeze the list, publish it, draw with the announced seed,
store the result, re-check it later (``flask council verify-draw``)."""
from __future__ import annotations

import json

from flask_babel import gettext as _

from participation.core.errors import DomainError
from participation.core.locking import lock_row
from participation.core.models import utcnow
from participation.council import draw as algo
from participation.council.models import College, Council, Draw, DrawEntry
from participation.council.services import candidacies
from participation.exports.cells import inert
from participation.extensions import db


def _college(council: Council, college_id: int) -> College:
    college = next((c for c in council.colleges if c.id == college_id), None)
    if college is None:
        raise DomainError(_("Choisissez un collège."), field="college_id")
    return college


def _public_sex(sex: str | None, parity: bool) -> str:
    """Only "f" and "h" matter for parity; nothing else about a person is published."""
    return sex if parity and sex in ("f", "h") else ""


def _new_draw(council: Council, college: College, seats: int, substitutes: int,
              announcement: str, entries: list[DrawEntry], source: str) -> Draw:
    if seats < 1 or substitutes < 0:
        raise DomainError(_("Le nombre de sièges doit être d'au moins un."), field="seats")
    if not entries:
        raise DomainError(_("Il n'y a aucune candidature à tirer au sort dans ce collège."),
                          field="college_id")
    draw = Draw(council=council, college=college, source=source, seats=seats,
                substitutes=substitutes, parity=college.parity, entries=entries,
                seed_announcement=announcement.strip() or None)
    draw.fingerprint = algo.fingerprint([{"number": e.number, "sex": e.sex} for e in entries])
    db.session.add(draw)
    db.session.commit()
    return draw


def prepare_draw(council: Council, college_id: int, seats: int, substitutes: int,
                 announcement: str = "") -> Draw:
    """Freeze the candidacies of a collège into a published, numbered list (before the seed)."""
    college = _college(council, college_id)
    entries = [DrawEntry(number=c.number, sex=_public_sex(c.sex, college.parity),
                         candidacy_id=c.id) for c in candidacies(council, college.id)]
    return _new_draw(council, college, seats, substitutes, announcement, entries,
                     "candidatures")


def prepare_draw_from_list(council: Council, college_id: int, seats: int, substitutes: int,
                           content: str, announcement: str = "") -> Draw:
    """Freeze an imported list (a landlord's households): all lines or nothing."""
    college = _college(council, college_id)
    rows = algo.parse_households_csv(content)
    entries = [DrawEntry(number=i, sex=_public_sex(sex, college.parity), label=ref)
               for i, (ref, sex) in enumerate(rows, start=1)]
    return _new_draw(council, college, seats, substitutes, announcement, entries, "liste")


def draw_inputs(draw: Draw, with_result: bool = True) -> dict:
    """The JSON the public downloads and feeds to ``verify_draw.py`` (and opens in a
    spreadsheet: the council's name goes through ``exports.cells.inert``; the fingerprint
    covers the candidates only)."""
    data = algo.build_inputs(
        [(e.number, e.sex) for e in draw.entries], draw.seats, draw.substitutes, draw.parity,
        seed=draw.seed, draw_id=draw.id, council=inert(draw.council.name),
        college=draw.college.kind)
    if with_result and draw.result_json:
        data["result"] = json.loads(draw.result_json)
    return data


class DrawAlreadyDone(DomainError):
    """The draw took place meanwhile (another seed was posted first)."""


def run_stored_draw(draw: Draw, seed: str) -> dict:
    """Draw with the seed announced (e.g. dice thrown in public); once only: the draw row is
    locked and re-read first, so of several seeds posted at once one draws, the others get
    "déjà eu lieu"."""
    draw = lock_row(Draw, draw.id)
    if draw.drawn_at is not None:
        db.session.rollback()
        raise DrawAlreadyDone(_("Ce tirage a déjà eu lieu : voici son résultat, la graine "
                                "envoyée n'a pas servi."), field="seed")
    seed = algo.normalise_seed(seed)
    if not seed:
        raise DomainError(_("Saisissez la graine annoncée (par exemple les chiffres des dés)."),
                          field="seed")
    draw.seed = seed
    result = algo.run_draw(draw_inputs(draw, with_result=False))
    ranks = {n: i for i, n in enumerate(result["seats"] + result["substitutes"], start=1)}
    seats = set(result["seats"])
    for entry in draw.entries:
        entry.rank = ranks.get(entry.number)
        entry.outcome = ("siege" if entry.number in seats
                         else "suppleant" if entry.number in ranks else "non_retenu")
    draw.result_json = json.dumps(result)
    draw.drawn_at = utcnow()
    db.session.commit()
    return result


def verify_stored_draw(draw: Draw) -> list[str]:
    """Re-run a stored draw; an empty list means the stored result is exactly reproduced."""
    if draw.drawn_at is None:
        return [_("Ce tirage n'a pas encore eu lieu.")]
    inputs = draw_inputs(draw)
    problems = []
    if inputs["fingerprint"] != draw.fingerprint:
        problems.append(_("La liste a changé depuis sa publication (empreinte %(a)s, "
                          "recalculée %(b)s).", a=draw.fingerprint, b=inputs["fingerprint"]))
    problems.extend(algo.check(inputs))
    result = json.loads(draw.result_json)
    stored = {e.number: e.outcome for e in draw.entries}
    if [n for n in result["seats"] if stored.get(n) != "siege"] or \
            sum(1 for o in stored.values() if o == "siege") != len(result["seats"]):
        problems.append(_("Les sièges enregistrés ne correspondent pas au résultat."))
    return problems


def ranked_substitutes(draw: Draw) -> list[DrawEntry]:
    return sorted((e for e in draw.entries if e.outcome == "suppleant"), key=lambda e: e.rank)


def parity_shortfall(draw: Draw) -> bool:
    """True when a parity draw could not seat women and men within one seat of each other
    (not enough candidates of one sex)."""
    if not draw.parity or not draw.result_json:
        return False
    sexes = {e.number: e.sex for e in draw.entries}
    return not algo.parity_ok([sexes[n] for n in json.loads(draw.result_json)["seats"]])
