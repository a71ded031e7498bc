"""A service's problems shown on the WTForms form that sent the input: each message next
to its field (the ``_macros/forms.html`` macros tie it with ``aria-describedby``) and, through
``form.errors``, in the page's error summary (``error_summary``: role="alert", a link to each
field), all at once (GOV.UK / DSFR error-summary pattern; field test s27).
"""
from __future__ import annotations

from participation.core.errors import DomainError, problems_of


def attach_problems(form, exc: DomainError, fallback: str | None = None) -> None:
    """Add every problem of ``exc`` (``errors.problems_of``: all those of a ``FormInvalid``)
    to ``form``, in place: on its field when the form has it, else (no field, or one the
    form does not show) on ``fallback``, else among the form's own errors
    (``form.form_errors``: the summary gives them without a link). A field that already
    shows an error (WTForms' own check of the same input, "Ce champ est obligatoire.")
    keeps that one message: the service's would say it twice."""
    checked = {name for name, field in form._fields.items() if field.errors}
    for name, message in problems_of(exc):
        own = bool(name) and name in form
        target = name if own else (fallback if fallback and fallback in form else None)
        if target is None:  # no field of this form: the summary says it, without a link
            if message not in form.form_errors:
                form.form_errors.append(message)
        elif not (own and target in checked) and message not in form[target].errors:
            form[target].errors = list(form[target].errors) + [message]
