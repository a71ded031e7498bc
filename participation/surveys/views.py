"""Residents answer at /s/<slug>: no account, no JavaScript needed, stored once per token.

Conditions are evaluated on the server: when an answer opens a question that was not on the
page, the page comes back with that question added and every typed answer kept (through a
303 to the form's address with a draft, ``form_pages.sent_form``: Back after the thank-you
page never asks to resubmit).
"""
from __future__ import annotations

import time

from flask import Response, current_app, redirect, render_template, request, url_for
from flask_babel import format_datetime
from flask_babel import gettext as _
from sqlalchemy import or_, select
from sqlalchemy.orm import selectinload

from participation.core.auth import public
from participation.core.errors import DomainError
from participation.core.memo import LRU
from participation.core.pagecache import cached_page, volatile_kind
from participation.core.registry import open_items_for, quartier_section
from participation.core.security import HONEYPOT_FIELD
from participation.core.timeslots import time_boundaries
from participation.events.services import events_for_survey
from participation.extensions import db, limiter
from participation.privacy.public_names import public_prose
from participation.surveys import (  # noqa: F401
    section,
    views_delete,
    views_entry,
    views_import,
    views_offline,
    views_quartier,
    views_results,
    views_staff,
    views_translations,
)
from participation.surveys.blueprint import bp
from participation.surveys.form_drafts import forget_personal
from participation.surveys.form_pages import (
    draft_form,
    is_language_switch,
    read_submission,
    render_form,
    sent_form,
    switched_form,
)
from participation.surveys.models import Question, Survey, survey_quartier
from participation.surveys.page_language import (
    language_arg,
    page_context,
    page_language,
    shown_title,
)
from participation.surveys.quick_answer import plain_survey, store_if_valid
from participation.surveys.responses import (
    SurveyClosed,
    check_open,
    existing,
    new_token,
    submit_response,
)
from participation.territory.models import Quartier


@quartier_section
def _open_surveys(quartier: Quartier) -> list[dict]:
    linked = select(survey_quartier.c.survey_id).where(
        survey_quartier.c.quartier_id == quartier.id)
    unlinked = ~Survey.quartiers.any()
    surveys = db.session.scalars(select(Survey).where(
        Survey.territory_id == quartier.territory_id, Survey.status == "open",
        or_(Survey.id.in_(linked), unlinked)).order_by(Survey.title))
    return [{"title": shown_title(s), "url": url_for("surveys.answer", slug=s.slug),
             "text": _("Questionnaire : quelques minutes pour donner votre avis.")}
            for s in surveys if s.is_open()]


volatile_kind("survey_token", new_token)
# Answer POSTs per IP address: a public venue's Wi-Fi (community centre, school gate) puts a
# whole room behind one address; a replay is absorbed by the one-time token and a bot by the
# honeypot (docs/security.md, "Public forms")
ANSWER_LIMIT = "120/minute"


@time_boundaries
def _survey_boundaries():
    """Open surveys open and close by themselves at ``opens_at``/``closes_at``."""
    rows = db.session.execute(select(Survey.opens_at, Survey.closes_at).where(
        Survey.status == "open"))
    return [moment for row in rows for moment in row]


def _get(slug: str) -> Survey:
    """The survey with its questions, options and tags in three queries (no lazy loads)."""
    questions = selectinload(Survey.questions)
    return db.first_or_404(select(Survey).where(Survey.slug == slug).options(
        questions.selectinload(Question.options), questions.selectinload(Question.challenges),
        selectinload(Survey.quartiers)))


def _closed(survey: Survey, message: str):
    items = [i for q in survey.quartiers for i in open_items_for(q)]
    return render_template("surveys/closed.html", survey=survey, message=message,
                           items=items, **page_context(survey))


# "This browser already answered": a cookie set on the thank-you redirect, scoped to the
# survey's URL. A second response from the same browser is stored only when the resident says
# it is another person (``autre=1``: a shared tablet), never by pressing Back and sending.
ANSWERED_COOKIE = "repondu_{id}"
ANSWERED_MAX_AGE = 180 * 24 * 3600  # seconds: a questionnaire stays open a few months at most
THANKS_KEPT = 64  # redirects kept per process (survey, again, mount point, language, second)


def _answered_here(survey: Survey) -> bool:
    return request.cookies.get(ANSWERED_COOKIE.format(id=survey.id)) == "1"


def _another_person() -> bool:
    return (request.values.get("autre") or "") == "1"


def _thanks_redirect(survey_id: int, slug: str, again: bool = False) -> Response:
    """The redirect to the thank-you page, with the "answered" cookie. Built by Flask once
    per survey, language, mount point and second, then copied (its URLs and cookie cost a
    fifth of a quick answer's CPU); the cookie's ``Expires`` is written to the second, so
    the copy is the very response Flask would build. Ids, not the survey: after the answer's
    commit its attributes are expired (reading them would load the survey and its questions
    again). The answer is in: the personal answers of a language switch's draft, kept in the
    session (``form_drafts``), are dropped."""
    forget_personal()
    key = (survey_id, slug, again, request.script_root, tuple(language_arg().items()),
           int(time.time()))
    kept = current_app.extensions.setdefault("pdq_thanks_redirects", LRU(THANKS_KEPT))
    found = kept.get(key)
    if found is None:
        built = _build_thanks_redirect(survey_id, slug, again)
        found = (built.get_data(), built.status_code, list(built.headers.items()))
        kept.put(key, found)
    body, status, headers = found
    return Response(body, status=status, headers=headers)


def _build_thanks_redirect(survey_id: int, slug: str, again: bool) -> Response:
    response = redirect(url_for("surveys.thanks", slug=slug, deja=1 if again else None,
                                **language_arg()))
    response.set_cookie(ANSWERED_COOKIE.format(id=survey_id), "1", max_age=ANSWERED_MAX_AGE,
                        path=url_for("surveys.answer", slug=slug), httponly=True,
                        samesite="Lax")
    return response


def _answered_cookies(slug: str) -> str:
    """The page varies with the "already answered" cookie (``ANSWERED_COOKIE``)."""
    return ",".join(sorted(name for name, value in request.cookies.items()
                           if name.startswith("repondu_") and value == "1"))


@bp.get("/s/<slug>")
@public
@cached_page(args=("autre",), vary=_answered_cookies)
def answer(slug: str):
    """The questionnaire as a resident sees it (conditional questions appear on submit).

    A browser that already answered is told so first, with the choice to answer for another
    person (``?autre=1``). ``?brouillon=`` brings back what was typed before a language
    switch (``form_pages.draft_form``; that address bypasses the page cache)."""
    survey = _get(slug)
    try:
        check_open(survey)
    except SurveyClosed as exc:
        return _closed(survey, exc.message)
    if _answered_here(survey) and not _another_person():
        return render_template("surveys/already.html", survey=survey,
                               **page_context(survey))
    page = {"action": url_for("surveys.answer_post", slug=slug), "another": _another_person()}
    return draft_form(survey, **page) or render_form(survey, **page)


@bp.post("/s/<slug>")
@public
@limiter.limit(ANSWER_LIMIT)
def answer_post(slug: str):
    """Store the answer once per one-time token: a plain valid answer by the quick path
    (``quick_answer``: the survey's snapshot, a few Core inserts), anything else (errors,
    conditions opening questions, replays, closed survey, bots) by the full path below.
    A language button of the form brings the same answers back in that language, nothing
    stored, through a redirect (``form_pages.switched_form``)."""
    if is_language_switch(request.form):
        return _switched(slug)
    quick = plain_survey(slug, request.form)
    if quick is not None and not (_answered_here(quick) and not _another_person()) \
            and store_if_valid(quick, request.form) is not None:
        return _thanks_redirect(quick.id, slug)
    survey = _get(slug)
    token = request.form.get("token", "")
    if request.form.get(HONEYPOT_FIELD, "").strip():
        return redirect(url_for("surveys.thanks", slug=slug))  # a bot: thanked, nothing kept
    if token and existing(token):
        return _thanks_redirect(survey.id, slug, again=True)
    if not survey.is_open():
        return answer(slug)
    values, errors, _shown, newly = read_submission(survey, request.form)
    already = _answered_here(survey) and not _another_person()
    if errors or newly or already:
        # a browser that already answered: nothing stored, the answers kept, and a choice
        return sent_form(survey, target=_form_address(slug, already), errors=errors,
                         newly=newly, already=already)
    survey_id = survey.id
    try:
        submit_response(survey, values, token, consent=bool(request.form.get("consent")),
                        language=page_language())
    except SurveyClosed as exc:
        return _closed(survey, exc.message)
    except DomainError as exc:
        return sent_form(survey, target=_form_address(slug), errors={"form": exc.message},
                         token=new_token())
    return _thanks_redirect(survey_id, slug)


def _form_address(slug: str, another: bool = False) -> str:
    """The form's GET address for the redirect after a POST (``autre=1`` kept, or set for
    a browser that already answered: its page offers to send for another person)."""
    return url_for("surveys.answer", slug=slug,
                   autre=1 if another or _another_person() else None)


def _switched(slug: str):
    survey = _get(slug)
    if not survey.is_open():
        return answer(slug)
    return switched_form(survey, remember=True, target=_form_address(slug))


@bp.get("/s/<slug>/merci")
@public
@cached_page(args=("deja",))
def thanks(slug: str):
    """Thank-you page pointing to what else is open in the survey's quartiers."""
    survey = _get(slug)
    tid = survey.territory_id  # the staff's texts: known names masked (privacy.public_names)
    events = [{"title": public_prose(e.title, tid),
               "url": url_for("events.public", event_id=e.id),
               "when": format_datetime(e.starts_at, "EEEE d MMMM y, HH:mm", rebase=False),
               "place": public_prose(e.place, tid)}
              for e in events_for_survey(survey.id)]
    skip = {url_for("surveys.answer", slug=slug)} | {e["url"] for e in events}
    items = [i for q in survey.quartiers for i in open_items_for(q) if i["url"] not in skip]
    return render_template("surveys/thanks.html", survey=survey, items=items, events=events,
                           again=request.args.get("deja") == "1", **page_context(survey))
