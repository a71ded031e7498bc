"""People never read an internal field name (issue #11: "Publique : …" in an error summary).

Every visible field of every form class is given a label in its declaration (WTForms would
otherwise make one from the attribute name, e.g. ``publique`` -> "Publique"), and the error
summary gives a hidden field's error without a label.
"""
from __future__ import annotations

import importlib
import pkgutil

from bs4 import BeautifulSoup
from flask import render_template_string
from flask_wtf import FlaskForm
from wtforms import HiddenField, StringField
from wtforms.fields.core import UnboundField

import participation


def _form_classes() -> list[type]:
    for module in pkgutil.walk_packages(participation.__path__, "participation."):
        importlib.import_module(module.name)
    found, todo = [], list(FlaskForm.__subclasses__())
    while todo:
        cls = todo.pop()
        found.append(cls)
        todo.extend(cls.__subclasses__())
    return found


def test_every_visible_field_is_declared_with_a_label():
    classes = _form_classes()
    assert len(classes) >= 40
    unlabelled = [
        f"{cls.__module__}.{cls.__name__}.{name}"
        for cls in classes for name in dir(cls)
        if isinstance(field := getattr(cls, name, None), UnboundField)
        and not issubclass(field.field_class, HiddenField)
        and not field.args and "label" not in field.kwargs]
    assert unlabelled == []


class _Form(FlaskForm):
    token = HiddenField()
    name = StringField("Nom et prénom")


def test_error_summary_names_the_label_and_hides_hidden_fields(app):
    with app.test_request_context():
        form = _Form(meta={"csrf": False})
        form.token.errors = ["Ce formulaire a déjà été envoyé."]
        form.name.errors = ["Ce champ est obligatoire."]
        html = render_template_string(
            '{% from "_macros/forms.html" import error_summary %}{{ error_summary(form) }}',
            form=form)
    items = [" ".join(li.get_text().split()) for li in BeautifulSoup(html, "html.parser")("li")]
    assert sorted(items) == ["Ce formulaire a déjà été envoyé.",
                             "Nom et prénom : Ce champ est obligatoire."]
