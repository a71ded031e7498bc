"""Filling WebTest forms as a person reads them: forms found by where they post, checkboxes
and radio buttons ticked by their visible label (never by a database id)."""
from __future__ import annotations

from urllib.parse import urlsplit


def form_to(page, action: str, index: int = 0, contains: str | None = None):
    """The ``index``-th POST form of ``page`` whose action path is ``action`` (or ends with
    it); ``contains`` keeps only forms whose HTML holds that text (a button's label...).
    Raises AssertionError when there is none, listing the actions found."""
    found = [f for f in page.forms.values()
             if f.method.lower() == "post" and _path(f.action, page).endswith(action)
             and (contains is None or contains in str(f.html))]
    unique = list({id(f): f for f in found}.values())  # forms are indexed by number and id
    assert len(unique) > index, (action, [f.action for f in page.forms.values()])
    return unique[index]


def _path(action: str, page) -> str:
    return urlsplit(action or page.request.path).path


def tick(form, label: str, on: bool = True) -> None:
    """Tick (or untick) the checkbox or radio button whose <label> text is ``label``."""
    control = _labelled(form, label)
    name, value = control["name"], control.get("value", "on")
    if control.get("type") == "radio":
        form[name] = value if on else None
        return
    for position, field in enumerate(form.fields.get(name, [])):
        if getattr(field, "_value", None) == value:
            form.set(name, on, index=position)
            return
    raise AssertionError(f"no checkbox named {name!r} with value {value!r}")


def _labelled(form, label: str):
    html = form.html
    for tag in html.find_all("label"):
        if " ".join(tag.get_text().split()) == label and tag.get("for"):
            control = html.find(id=tag["for"])
            if control is not None:
                return control
    labels = [" ".join(t.get_text().split()) for t in html.find_all("label")]
    raise AssertionError(f"no label {label!r} in the form; labels: {labels}")


def text_of(page) -> str:
    """The page as a person reads it: tags dropped, entities decoded, spaces collapsed
    (non-breaking spaces included)."""
    return " ".join(page.html.get_text(" ").split())
