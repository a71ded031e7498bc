"""App-wide commands: ``flask translate extract|update|compile``."""
from __future__ import annotations

import subprocess
import sys

import click
from flask import Flask
from flask.cli import AppGroup

from participation.config import ROOT

translate_cli = AppGroup("translate", help="Extract, update and compile translations.")
POT = ROOT / "translations" / "messages.pot"
TRANSLATIONS = ROOT / "translations"


def _pybabel(*args: str) -> None:
    cmd = [sys.executable, "-m", "babel.messages.frontend", *args]
    if subprocess.call(cmd, cwd=ROOT):
        raise click.ClickException("pybabel failed: " + " ".join(args))


@translate_cli.command("extract")
def extract() -> None:
    """Collect every _()/_l() string into translations/messages.pot (templates/_macros too)."""
    # --ignore-dirs: pybabel skips directories starting with "_" by default, which left the
    # strings of templates/_macros/ out of every catalogue.
    _pybabel("extract", "-F", "babel.cfg", "-k", "_l", "-k", "lazy_gettext", "--no-location",
             "--ignore-dirs", ".* __pycache__", "--sort-output", "-o", str(POT), ".")


@translate_cli.command("update")
def update() -> None:
    """Extract, then merge new strings into every language's messages.po."""
    extract.callback()
    _pybabel("update", "-i", str(POT), "-d", str(TRANSLATIONS), "--no-fuzzy-matching")


@translate_cli.command("compile")
def compile_() -> None:
    """Compile messages.po into messages.mo (done by make run and make test)."""
    _pybabel("compile", "-d", str(TRANSLATIONS))


@translate_cli.command("init")
@click.argument("lang")
def init(lang: str) -> None:
    """Start a new language (e.g. ar, tr)."""
    _pybabel("init", "-i", str(POT), "-d", str(TRANSLATIONS), "-l", lang)


def register_core_cli(app: Flask) -> None:
    from participation.core.backup import backup_command

    app.cli.add_command(translate_cli)
    app.cli.add_command(backup_command)
