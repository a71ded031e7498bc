"""Reading a posted questionnaire and rendering it again: shared by residents' page,
the coordinator's preview and the facilitator's tablet interview."""
from __future__ import annotations

from urllib.parse import urlencode

from flask import current_app, redirect, render_template, request, session
from flask_babel import force_locale
from flask_babel import gettext as _
from werkzeug.datastructures import MultiDict

from participation.core.i18n import SESSION_KEY, babel_locale
from participation.core.pagecache import volatile
from participation.surveys.answering import newly_shown, read_answers, visible_questions
from participation.surveys.form_drafts import QUERY, load_draft, save_draft
from participation.surveys.models import Survey
from participation.surveys.page_language import page_context, page_language, use_language
from participation.surveys.responses import consent_text, new_token
from participation.surveys.translations import survey_languages

# the form's language buttons (templates/surveys/_language.html ``language_buttons``): a
# submit named ``langue:<tag>`` posts the typed answers, which come back in that language;
# the header's interface languages on the same page post ``interface:<tag>``
SWITCH, INTERFACE = "langue:", "interface:"


def _shown_ids(raw: str) -> set[int]:
    return {int(x) for x in (raw or "").split(",") if x.strip().isdigit()}


def read_submission(survey: Survey, data) -> tuple[dict, dict, list, list]:
    """Values, errors, the questions now on the page and those it newly shows (messages in
    the page's survey language: ``page_language.use_language``). A submission with no answer
    at all is refused (``errors["form"]``): an empty response would count as one more
    person in every base ("11 avis récoltés" for 9 people, fresh tester)."""
    if page_language() is None:
        use_language(survey)
    questions = survey.questions
    values, errors = read_answers(questions, data)
    newly = newly_shown(questions, values, _shown_ids(data.get("shown", "")))
    shown = visible_questions(questions, values)
    for question in newly:  # not yet on the resident's page: no error for them yet
        errors.pop(question.id, None)
    personal_given = any(q.personal and q.id in values for q in shown)
    if personal_given and not data.get("consent"):
        errors["consent"] = _("Cochez la case pour que nous gardions vos coordonnées, "
                              "ou effacez-les.")
    if not values and not errors and not newly:
        errors["form"] = _("Votre réponse est vide : répondez à au moins une question "
                           "avant d'envoyer.")
    return values, errors, shown, newly


def render_form(survey: Survey, *, action: str, data=None, errors=None, shown=None,
                newly=(), token: str | None = None, **extra):
    data = data if data is not None else MultiDict()
    shown = shown if shown is not None else visible_questions(survey.questions, {})
    token = token or data.get("token") or volatile("survey_token", new_token())
    return render_template("surveys/answer.html", survey=survey, data=data,
                           errors=errors or {}, shown=shown, newly=newly, action=action,
                           token=token,
                           consent_text=consent_text(), **page_context(survey), **extra)




def is_language_switch(form) -> bool:
    """True when the post is a press of one of the form's language buttons (the survey's
    languages, or the header's interface languages)."""
    return any(key.startswith((SWITCH, INTERFACE)) for key in form)


def _asked(survey: Survey, form) -> tuple[str | None, str | None]:
    """``(survey language, interface language)`` a language button asks for: a survey
    language button sets both (the interface when it has that language); an interface one
    sets the interface, and the survey's texts when the survey has it (else they stay)."""
    tags, interface = survey_languages(survey), current_app.config["LANGUAGES"]
    for key in form:
        for prefix in (SWITCH, INTERFACE):
            tag = key[len(prefix):] if key.startswith(prefix) else None
            if tag and (tag in tags or (prefix == INTERFACE and tag in interface)):
                content = tag if tag in tags else form.get("lang") or None
                return (content if content in tags else None,
                        tag if tag in interface else None)
    return None, None


def switched_form(survey: Survey, *, remember: bool, target: str):
    """A press of a language button (``langue:<tag>``, or the header's ``interface:<tag>``):
    the typed answers and the languages asked kept as a draft (``form_drafts``) and a 303
    redirect to ``target`` (the form's GET address) with ``?brouillon=<key>``; nothing
    stored. Post/Redirect/Get: "Back" then shows the page before the
    switch, never the browser's "resubmit?" page. The interface follows when it has that
    language: remembered in the session when ``remember`` (a resident's public page, as
    ``?lang=`` is, ``core.i18n``), else for the draft's page only (staff pages)."""
    content, interface = _asked(survey, request.form)
    if remember and interface is not None:
        session[SESSION_KEY] = interface
    key = save_draft(survey, request.form, (SWITCH, INTERFACE),
                     (content, interface, remember))
    return _to_draft(target, key)


def _to_draft(target: str, key: str):
    """303 to ``target`` with ``brouillon=<key>`` added to its query."""
    return redirect(f"{target}{'&' if '?' in target else '?'}{urlencode({QUERY: key})}",
                    code=303)


def sent_form(survey: Survey, *, target: str, errors: dict, newly=(), already: bool = False,
              token: str | None = None):
    """A sent form that stored nothing (wrong or missing answers, questions newly opened by
    a condition, a browser that already answered, a refused answer): the typed answers,
    ``errors``, the ``newly`` shown questions and the ``already`` notice kept as a draft
    (``form_drafts``) and a 303 to ``target`` (the form's GET address) with
    ``?brouillon=<key>``, whose page shows them in the same survey language.
    Post/Redirect/Get: after the answer is sent, Back shows that page, never the browser's
    "resubmit?" page. ``token``: a new one-time token for the next send (after a refused
    answer), else the form's own is kept (a replay of it is still stored once)."""
    data = MultiDict(request.form)
    if token is not None:
        data.setlist("token", [token])
    key = save_draft(survey, data, (SWITCH, INTERFACE), (page_language(), None, False),
                     {"errors": errors, "newly": [q.id for q in newly], "already": already})
    return _to_draft(target, key)


def draft_form(survey: Survey, **page):
    """The form with the draft named by ``?brouillon=`` (``switched_form``, ``sent_form``):
    what was typed, the questions its answers show, the sent page's errors, new questions
    and notice, in the languages of the draft (back to an earlier switch's page, its
    languages again: remembered when its switch remembered); None when the request names
    no draft of this survey (the caller renders its page)."""
    draft = load_draft(survey, request.args.get(QUERY))
    if draft is None:
        return None
    content, interface, remember = draft.languages
    if remember and interface is not None:
        session[SESSION_KEY] = interface
    use_language(survey, content if content in survey_languages(survey) else None)
    _values, _errors, shown, _newly = read_submission(survey, draft.data)
    newly = [q for q in survey.questions if q.id in draft.newly]
    page = page | {"data": draft.data, "shown": shown, "errors": draft.errors,
                   "newly": newly}
    if draft.already:
        page["already"] = True
    if interface is None:
        return render_form(survey, **page)
    with force_locale(babel_locale(interface)):
        return render_form(survey, **page)
