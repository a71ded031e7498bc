"""Rules of a Johari exercise: create it, collect post-its once, tag them, conclude.

Every post-it is also a Contribution (kind "perception"), so the analyses read it with what
was said in every other format; the PostIt row keeps the group and the quadrant.
"""
from __future__ import annotations

import secrets
from collections.abc import Iterable
from datetime import date

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from participation.contributions.models import ContributionChallenge
from participation.contributions.services import record_contribution
from participation.core import clock
from participation.core.errors import DomainError, Problems
from participation.core.i18n import in_language
from participation.extensions import db
from participation.johari import translations
from participation.johari.models import (
    CONCLUSION_HEADINGS,
    POSTIT_MAX,
    QUADRANTS,
    JohariExercise,
    JohariGroup,
    JohariSubmission,
    PostIt,
)
from participation.territory.models import Challenge, Quartier

# The residents' poster (seed 003 lines 648-665) and the partners' questions (lines 695-702).
# Each exercise keeps its own editable French copy; the catalogues translate these defaults
# into the residents' languages when a group is made (``translations.default_translations``).
RESIDENT_PROMPTS = {
    "publique": _l("Qu'est ce que nous connaissons de notre quartier ?"),
    "aveugle": _l("Qu'est ce que je ne connais pas de mon quartier ?"),
    "cachee": _l("Qu'est ce que je suis le seul à connaître de mon quartier ?"),
    "inconnue": _l("Qu'est ce que nous ne connaissons pas de notre quartier ?"),
}
PARTNER_PROMPTS = {
    "publique": _l("Une chose connue du quartier d'intervention par les partenaires et moi ?"),
    "aveugle": _l("Qu'est-ce que les partenaires pensent du quartier d'intervention ?"),
    "cachee": _l("Une chose que je sais du quartier d'intervention mais que les partenaires "
                 "ne savent pas ?"),
    "inconnue": _l("Qu'est-ce que moi et les partenaires ne connaissons pas du quartier "
                   "d'intervention ?"),
}
ELECTED_PROMPTS = {
    "publique": _l("Une chose connue du quartier par les habitants, les partenaires et moi ?"),
    "aveugle": _l("Qu'est-ce que les habitants et les partenaires pensent du quartier ?"),
    "cachee": _l("Une chose que je sais du quartier mais que les habitants et les "
                 "partenaires ne savent pas ?"),
    "inconnue": _l("Qu'est-ce que ni moi ni les autres ne connaissons du quartier ?"),
}
# slug: (name, stored in French and shown to participants, author role of its
#        contributions, default prompts)
GROUP_KINDS = {
    "habitants": (_l("Habitants"), "habitant", RESIDENT_PROMPTS),
    "partenaires": (_l("Partenaires"), "partenaire", PARTNER_PROMPTS),
    "elus": (_l("Élus"), "elu", ELECTED_PROMPTS),
    "jeunes": (_l("Jeunes"), "habitant", RESIDENT_PROMPTS),
}
DEFAULT_GROUPS = ("habitants", "partenaires")


def new_token() -> str:
    """A one-time token for a post-it form (a second POST with it stores nothing)."""
    return secrets.token_urlsafe(24)


def create_exercise(territory_id: int, title: str, quartier_id: int, held_on: date,
                    event_id: int | None = None, is_open: bool = True,
                    groups: Iterable[str] = DEFAULT_GROUPS) -> JohariExercise:
    """A new exercise with its groups, each with the default prompts of its kind."""
    quartier = db.session.get(Quartier, quartier_id)
    if quartier is None or quartier.territory_id != territory_id:
        raise DomainError(_("Quartier inconnu pour ce territoire."), field="quartier_id")
    if not (title or "").strip():
        raise DomainError(_("Donnez un titre à l'exercice."), field="title")
    exercise = JohariExercise(territory_id=territory_id, title=title.strip(),
                              quartier_id=quartier_id, held_on=held_on, event_id=event_id,
                              is_open=is_open)
    db.session.add(exercise)
    for slug in groups:
        _new_group(exercise, slug)
    db.session.commit()
    return exercise


def update_exercise(exercise: JohariExercise, title: str, quartier_id: int, held_on: date,
                    event_id: int | None, is_open: bool) -> None:
    quartier = db.session.get(Quartier, quartier_id)
    if quartier is None or quartier.territory_id != exercise.territory_id:
        raise DomainError(_("Quartier inconnu pour ce territoire."), field="quartier_id")
    exercise.title, exercise.quartier_id, exercise.held_on = title.strip(), quartier_id, held_on
    exercise.event_id, exercise.is_open = event_id, is_open
    db.session.commit()


def _new_group(exercise: JohariExercise, slug: str) -> JohariGroup:
    if slug not in GROUP_KINDS:
        raise DomainError(_("Groupe inconnu."), field="kind")
    if exercise.group(slug) is not None:
        raise DomainError(_("Ce groupe participe déjà à l'exercice."), field="kind")
    name, role, prompts = GROUP_KINDS[slug]
    source = translations.SOURCE_LANGUAGE
    group = JohariGroup(slug=slug, name=in_language(name, source), author_role=role,
                        position=len(exercise.groups),
                        **{f"prompt_{q}": in_language(prompts[q], source) for q in QUADRANTS})
    exercise.groups.append(group)
    db.session.flush()
    translations.default_translations(group, name, prompts)
    return group


def add_group(exercise: JohariExercise, slug: str) -> JohariGroup:
    """Add élus or jeunes (or back a default group) to an exercise."""
    group = _new_group(exercise, slug)
    db.session.commit()
    return group


def update_prompts(group: JohariGroup, prompts: dict[str, str]) -> list[str]:
    """Store the group's four French prompts; the translations of a prompt whose text changed
    are removed (they translate another question). Returns the quadrants changed."""
    before = {f"prompt_{q}": group.prompt(q) for q in QUADRANTS}
    for quadrant in QUADRANTS:
        text = (prompts.get(quadrant) or "").strip()
        if not text:
            raise DomainError(_("Chaque zone a besoin d'une question."), field=quadrant)
        setattr(group, f"prompt_{quadrant}", text[:300])
    changed = translations.forget_changed(group, before)
    db.session.commit()
    return [field.removeprefix("prompt_") for field in changed]


def save_conclusions(exercise: JohariExercise, conclusions: dict[str, str]) -> None:
    for key in CONCLUSION_HEADINGS:
        setattr(exercise, key, (conclusions.get(key) or "").strip())
    db.session.commit()


# A post-it is a few words about the quartier ("Le périmètre précis du quartier"); its
# suggestion counts at once in the groups' comparison, so it must be clearer than the analyses'
# ``tagging.MIN_SCORE``: on the 65 post-its of the Hazebrouck windows (seed 003), the scores
# under 0.9 were all vague post-its given an unrelated challenge by meaning alone. An
# untagged post-it is listed for the facilitator to tag.
POSTIT_MIN_SCORE = 0.9


def suggested_challenges(territory_id: int, texts: list[str]) -> list[list[int]]:
    """Per text, the challenges the analyses' tagger suggests, best first (words, meaning and
    the coordinators' corrections: ``analysis.tagging``), as for every other contribution but
    from ``POSTIT_MIN_SCORE``; an empty list when nothing is near enough."""
    import pandas as pd

    from participation.analysis import autotag, tagging

    if not texts:
        return []
    found = tagging.suggest(pd.Series(texts), autotag.territory_model(territory_id),
                            min_score=POSTIT_MIN_SCORE)
    per_text = found.groupby("doc")["challenge_id"].agg(list)
    return [[int(c) for c in per_text.get(i, [])] for i in range(len(texts))]


def _check_entries(exercise: JohariExercise, entries: list[tuple[str, str]]) -> None:
    """``FormInvalid`` with every problem of the post-its at once (each box too long, an
    unknown zone); a closed exercise or no post-it at all: that one message."""
    if not exercise.is_open:
        raise DomainError(_("Cet exercice est clos : il ne reçoit plus de post-its."))
    if not entries:
        raise DomainError(_("Écrivez au moins un post-it."), field="text")
    problems = Problems()
    for quadrant, text in entries:
        if quadrant not in QUADRANTS:
            problems.add(_("Choisissez une zone de la fenêtre."), "quadrant")
        elif len(text) > POSTIT_MAX:
            problems.add(_("Un post-it fait au plus %(max)s caractères.", max=POSTIT_MAX),
                         quadrant)
    problems.check()


def _claim_token(group: JohariGroup, token: str) -> bool:
    """Record the form token; False when it was already used (double click, retry)."""
    if not token or len(token) > 64:
        raise DomainError(_("Le formulaire a expiré. Rechargez la page."))
    if db.session.scalar(select(JohariSubmission.id).where(JohariSubmission.token == token)):
        return False
    db.session.add(JohariSubmission(token=token, group_id=group.id))
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        return False
    return True


def add_postits(group: JohariGroup, entries: Iterable[tuple[str, str]], token: str,
                entered_by_id: int | None = None, said_on: date | None = None) -> list[PostIt]:
    """Store the post-its of one form, once: a second POST of the same token stores nothing.

    ``entries`` are (quadrant, text); empty texts are skipped. Challenges are suggested by the
    analyses' tagger (``suggested_challenges``, origin "suggested"), to be corrected by a
    facilitator.
    """
    exercise = group.exercise
    entries = [(q, (t or "").strip()) for q, t in entries if (t or "").strip()]
    _check_entries(exercise, entries)
    if not _claim_token(group, token):
        return []
    suggested = suggested_challenges(exercise.territory_id, [t for _, t in entries])
    postits = []
    for (quadrant, text), challenge_ids in zip(entries, suggested, strict=True):
        contribution = record_contribution(
            exercise.territory_id, text, kind="perception", author_role=group.author_role,
            source_format="johari", source_type="johari_postit",
            source_label=f"{exercise.title} — {group.name}", quartier_id=exercise.quartier_id,
            said_on=said_on or clock.local_today(), created_by_id=entered_by_id, origin="suggested",
            challenge_ids=challenge_ids, commit=False)
        postit = PostIt(group=group, quadrant=quadrant, contribution=contribution,
                        entered_by_id=entered_by_id)
        db.session.add(postit)
        db.session.flush()
        contribution.source_id = postit.id
        postits.append(postit)
    db.session.commit()
    return postits


def toggle_challenge(postit: PostIt, challenge_id: int, user_id: int) -> bool:
    """One tap: remove the challenge if the post-it has it, add it otherwise. True if added.

    The other tags keep their origin: a suggestion left alone stays "suggested".
    """
    contribution = postit.contribution
    tag = next((t for t in contribution.tags if t.challenge_id == challenge_id), None)
    if tag is not None:
        contribution.tags.remove(tag)
        db.session.commit()
        return False
    challenge = db.session.get(Challenge, challenge_id)
    if (challenge is None or challenge.territory_id != contribution.territory_id
            or not challenge.is_current):
        raise DomainError(_("Enjeu inconnu pour ce territoire."), field="challenges")
    contribution.tags.append(ContributionChallenge(challenge=challenge, origin="manual",
                                                   tagged_by_id=user_id))
    db.session.commit()
    return True


def delete_postit(postit: PostIt) -> None:
    db.session.delete(postit.contribution)
    db.session.delete(postit)
    db.session.commit()


def open_exercises(quartier_id: int) -> list[JohariExercise]:
    return list(db.session.scalars(select(JohariExercise).where(
        JohariExercise.quartier_id == quartier_id, JohariExercise.is_open.is_(True))
        .order_by(JohariExercise.held_on.desc())))
