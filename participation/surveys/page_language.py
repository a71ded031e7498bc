"""The language a resident reads a questionnaire in, for one request, and the ``tr`` filter.

The content language of a survey page (``content_language``), in this order:

1. ``lang`` in the query string (a language link, a QR code) or in the posted form (the
   page's hidden field), when it is one of the survey's languages;
2. the resident's interface language (``core.i18n.current_language``: it remembers the
   interface's own languages in the session), or its primary subtag ("fr-x-falc" reads a
   survey that has only "fr" in French);
3. the survey's default language.

Nothing else (no session key of its own): the public pages are cached under their path with
query string and ``current_language()`` (``core.pagecache``), so the content language must
follow from those two. A survey language the interface lacks (Romani) therefore travels in
the URL: the language links, the form's hidden field and the thank-you redirect carry it.

Templates show a text with ``{{ question|tr('help') }}``: the translation of the page's
language, else the default language's text (string by string fallback).
"""
from __future__ import annotations

from flask import current_app, has_request_context, request, url_for

from participation.core.i18n import current_language
from participation.surveys.blueprint import bp
from participation.surveys.models import Survey
from participation.surveys.translations import (
    clean_tag,
    default_language,
    direction,
    html_lang,
    language_name,
    survey_languages,
    target_of,
    text_map,
)


def content_language(survey: Survey) -> str:
    """The tag the survey's texts are shown in on this request (order: module docstring)."""
    tags = survey_languages(survey)
    asked = clean_tag(request.values.get("lang", ""))
    if asked in tags:
        return asked
    current = current_language()
    for tag in (current, current.split("-")[0]):
        if tag in tags:
            return tag
    return tags[0]


def use_language(survey: Survey, tag: str | None = None) -> str:
    """Set the request's survey language (``tag`` or ``content_language``) for ``tr`` and
    return it; one query for the language's texts. Kept on the request object, not on ``g``
    (an application context can outlive a request: a test's, a CLI's)."""
    tag = tag or content_language(survey)
    request.survey_language = tag
    request.survey_texts = {} if tag == default_language(survey) else text_map(survey.id, tag)
    return tag


def shown_title(survey: Survey) -> str:
    """The survey's title in its content language for this request (a link to it on the
    quartier page reads as the survey itself will), else its default language's."""
    tag = content_language(survey)
    if tag == default_language(survey):
        return survey.title
    return text_map(survey.id, tag).get(("survey", "title")) or survey.title


def page_language() -> str | None:
    """The survey language ``use_language`` set on this request, or None."""
    return getattr(request, "survey_language", None) if has_request_context() else None


def language_arg() -> dict:
    """``{"lang": tag}`` for a redirect after a survey page when its language would not
    follow otherwise (a language the interface lacks, or other than the interface's), else
    ``{}``."""
    tag = page_language()
    return {"lang": tag} if tag and tag != current_language() else {}


@bp.app_template_filter("tr")
def translated(obj, field: str = "label") -> str:
    """``obj``'s ``field`` in the request's survey language, else its own (default) text."""
    texts = getattr(request, "survey_texts", None) if has_request_context() else None
    own = getattr(obj, field, "") or ""
    return (texts or {}).get((target_of(obj), field)) or own


def language_links(survey: Survey, tag: str) -> list[dict]:
    """The page's choice of the survey's languages: ``{tag, name, lang, dir, url, current}``
    each named in its own language ("العربية", "Türkçe"), the link keeping the page's other
    query arguments (``autre=1``; one named like a view argument or ``lang`` gives way)."""
    names = current_app.config["LANGUAGES"]
    args = {k: v for k, v in request.args.items() if k != "lang"}
    endpoint = request.endpoint if request.method == "GET" else {
        "surveys.answer_post": "surveys.answer"}.get(request.endpoint, request.endpoint)
    return [{"tag": t, "name": names.get(t) or language_name(t, t), "lang": html_lang(t),
             "dir": direction(t), "current": t == tag,
             "url": url_for(endpoint, **(args | (request.view_args or {}) | {"lang": t}))}
            for t in survey_languages(survey)]


def asked_language(survey: Survey) -> str:
    """``?lang=`` when it is one of the survey's languages, else the default language: what
    a printed questionnaire is in (chosen explicitly, never from the printer's browser)."""
    asked = clean_tag(request.args.get("lang", ""))
    return asked if asked in survey_languages(survey) else default_language(survey)


def public_url(endpoint: str, **values) -> str:
    """Absolute address for print and QR codes: PUBLIC_BASE_URL when the app is proxied,
    else this host."""
    base = current_app.config.get("PUBLIC_BASE_URL") or ""
    if base:
        return base.rstrip("/") + url_for(endpoint, **values)
    return url_for(endpoint, _external=True, **values)


def page_context(survey: Survey) -> dict:
    """What a survey page's template needs: ``survey_lang`` (tag), ``survey_lang_attr``,
    ``survey_dir`` and ``survey_languages`` (the links, only when there is a choice)."""
    tag = page_language() or use_language(survey)
    links = language_links(survey, tag)
    return {"survey_lang": tag, "survey_lang_attr": html_lang(tag),
            "survey_dir": direction(tag), "survey_languages": links if len(links) > 1 else []}
