"""What was typed in a questionnaire, kept across a language switch (Post/Redirect/Get).

A language button of a survey form (``langue:<tag>``, ``interface:<tag>``) posts the typed
answers. Answering that POST with the page itself left the POST in the browser's history:
"Back" then showed the browser's "resubmit the form?" page (testers, fault 5). Now the POST
keeps the typed answers as a **draft** and redirects (303) to the form's GET address with
``?brouillon=<key>`` (a random key, nothing personal in the URL or the logs); the GET renders
the draft, in the survey language and interface language the button asked for (kept in the
draft: a ``?lang=`` would also set the interface of a public page). Back goes to the page
before the switch, as after any link.

Where a draft lives (``DRAFT_SECONDS``, one hour):

- the answers on the server, in the page cache's store (``core.pagecache.cache``: Redis
  when ``CACHE_REDIS_URL``/``REDIS_URL`` is set, shared by every worker; in process else,
  which a single worker shares), under ``pdq-brouillon:<key>`` with the survey's id;
- the answers to **personal** questions (a name, a phone number: no consent is given yet)
  never on the server: in the resident's own signed session cookie, under ``SESSION_DRAFT``
  (one draft at a time, dropped once an answer is stored).

The same draft carries a **sent** form that stored nothing (testers: Back after the
thank-you page asked to resubmit whenever the form had needed a second round): a wrong
answer, a condition opening new questions, a browser that already answered. Its POST keeps
the typed answers with the page's state (``save_draft``'s ``state``: the error messages,
the ids of the newly shown questions, the "already answered" notice) and redirects 303 to
the form's GET, which shows them. The error messages of personal questions (they may quote
what was typed) stay in the session with those answers.

A key of another survey, an expired or unknown key: the form comes back blank (nothing
typed is lost that was not already gone with the hour).
"""
from __future__ import annotations

import secrets
from dataclasses import dataclass, field

from flask import session
from werkzeug.datastructures import MultiDict

from participation.core.pagecache import cache
from participation.surveys.models import Survey

QUERY = "brouillon"
PREFIX = "pdq-brouillon:"
SESSION_DRAFT = "brouillon_personnel"
DRAFT_SECONDS = 3600
DROPPED = ("csrf_token",)


@dataclass
class Draft:
    """A loaded draft: ``data`` the typed pairs, ``languages`` ``[survey language, interface
    language, remembered]``, ``errors`` ``{question id | "consent" | "place" | "form":
    message}``, ``newly`` the ids of the questions the answers newly show, ``already`` the
    "this browser already answered" notice."""

    data: MultiDict
    languages: list
    errors: dict = field(default_factory=dict)
    newly: list = field(default_factory=list)
    already: bool = False


def _personal_fields(survey: Survey) -> tuple[str, ...]:
    """Field names (``q<id>`` and ``q<id>_…``) of the survey's personal questions."""
    return tuple(f"q{q.id}" for q in survey.questions if q.personal)


def _is_personal(name: str, fields: tuple[str, ...]) -> bool:
    return any(name == f or name.startswith(f + "_") for f in fields)


def save_draft(survey: Survey, form, skipped: tuple[str, ...],
               languages: tuple[str | None, str | None, bool], state: dict | None = None) -> str:
    """Keep ``form``'s pairs (``skipped``: prefixes of the language buttons, not kept) and
    ``languages``: the survey language and the interface language to show them in (None:
    the usual choice), and whether the interface is remembered; ``state``: the sent page's
    ``errors`` (``{question id or name: message}``), ``newly`` (question ids) and
    ``already`` (bool), all optional. Returns the new key."""
    key, state = secrets.token_urlsafe(16), state or {}
    fields = _personal_fields(survey)
    pairs = [(k, v) for k, v in form.items(multi=True)
             if not k.startswith(skipped) and k not in DROPPED]
    errors = list((state.get("errors") or {}).items())  # pairs: a JSON session keeps int ids
    secret = [e for e in errors if _is_personal(f"q{e[0]}", fields)]
    cache.set(PREFIX + key, {"survey": survey.id, "languages": list(languages),
                             "pairs": [p for p in pairs if not _is_personal(p[0], fields)],
                             "errors": [e for e in errors if e not in secret],
                             "newly": list(state.get("newly") or ()),
                             "already": bool(state.get("already"))},
              timeout=DRAFT_SECONDS)
    personal = [p for p in pairs if _is_personal(p[0], fields)]
    if personal or secret:
        session[SESSION_DRAFT] = {"key": key, "pairs": personal, "errors": secret}
    else:
        session.pop(SESSION_DRAFT, None)
    return key


def load_draft(survey: Survey, key: str | None) -> Draft | None:
    """The draft ``key`` of ``survey``, the personal answers (and their errors) from the
    session added back; None when there is none."""
    entry = cache.get(PREFIX + key) if key else None
    if not isinstance(entry, dict) or entry.get("survey") != survey.id:
        return None
    pairs, errors = list(entry["pairs"]), list(entry.get("errors") or ())
    personal = session.get(SESSION_DRAFT) or {}
    if personal.get("key") == key:
        pairs += [tuple(p) for p in personal["pairs"]]
        errors += [tuple(e) for e in personal.get("errors") or ()]
    return Draft(MultiDict(pairs), entry["languages"], dict(errors),
                 list(entry.get("newly") or ()), bool(entry.get("already")))


def forget_personal() -> None:
    """Drop the personal answers of a draft once the answer is stored (only when one is
    there: an untouched session writes no cookie)."""
    if SESSION_DRAFT in session:
        session.pop(SESSION_DRAFT)
