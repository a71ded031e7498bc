"""Which answers the contracts' three columns quote as French text, and what they say of the
others (issue #13, tester t28coord: the section's DOCX listed « نحتاج طبيب في الحي » and
« akşam otobüs yok » under « Propositions des habitants », and « Médecin !! », « docteur »,
« un toubib » as if they were proposals or manquements).

A column (``summary.three_columns``) quotes an answer when it is

- in French: an answer in another language (``languages.other_language``) is not French
  text, and no French rendering of it exists in the product, so it is left out and the
  column says how many were (under the minimum, "moins de 5": a language may single someone
  out, ``core.smallcounts``);
- a statement, not a fragment: at least ``MIN_TERMS`` content words (``text.terms``: "Pas
  de médecin traitant dans le quartier", "des rdv plus rapides") or one with other words
  than determiners ("Rien pour les jeunes."), never one noun alone ("docteur", "Médecin
  !!", "un toubib", "des médecins"), which names a need the table of
  what residents said counts (``said_rows``) but proposes or reports nothing a contract can
  quote. The column says how many such answers it left out.
"""
from __future__ import annotations

import pandas as pd
from flask_babel import gettext as _
from flask_babel import ngettext

from participation.analysis import languages, nouns
from participation.analysis import text as tx
from participation.core import smallcounts

MIN_TERMS = 2  # content words of an answer the columns quote


def fragment(text: str) -> bool:
    """True when ``text`` holds fewer than ``MIN_TERMS`` distinct content words
    (``text.terms``) and no other word but determiners (the tagger of ``nouns``; without it,
    at most two words): "docteur", "Médecin !!", "un toubib", "des médecins"; not "Rien pour
    les jeunes." nor "pas assez de médecins", which say something of their noun."""
    text = str(text)
    if len(set(tx.terms(text))) >= MIN_TERMS:
        return False
    tagged = nouns.tagged([text])[0]
    if not tagged:
        return len(tx.WORD_RE.findall(text)) <= 2
    said = [w for w, pos, *_ in tagged if pos != "DET" and any(ch.isalnum() for ch in w)]
    return len(said) <= 1


def quoted(text: str) -> bool:
    """True when a column may quote ``text``: French (``languages.other_language``) and no
    fragment (``fragment``)."""
    return not languages.other_language(str(text)) and not fragment(text)


def left_out(frame: pd.DataFrame, masks: dict[str, pd.Series]) -> dict[str, dict[str, int]]:
    """Per column (``masks``: key -> boolean mask of ``frame``, ``summary.three_masks``), the
    contributions it does not quote: {"languages": in another language, "fragments":
    fragments in French}."""
    other = frame["text"].map(lambda t: languages.other_language(str(t))).astype(bool)
    short = frame["text"].map(fragment).astype(bool) & ~other
    return {key: {"languages": int((mask & other).sum()), "fragments": int((mask & short).sum())}
            for key, mask in masks.items()}


def notes(counts: dict[str, int], minimum: int) -> list[str]:
    """The sentences saying what a column left out (``counts``: one ``left_out`` value), a
    count under ``minimum`` written "moins de"."""
    found = []
    if counts["languages"]:
        found.append(_("Moins de %(n)s réponses dans d’autres langues ne sont pas citées : le "
                       "produit n’en a pas de traduction française.", n=minimum)
                     if smallcounts.hidden(counts["languages"], minimum) else
                     ngettext("%(num)s réponse dans une autre langue n’est pas citée : le "
                              "produit n’en a pas de traduction française.",
                              "%(num)s réponses dans d’autres langues ne sont pas citées : le "
                              "produit n’en a pas de traduction française.",
                              counts["languages"]))
    if counts["fragments"]:
        found.append(_("Moins de %(n)s réponses d’un seul mot ne sont pas citées : elles sont "
                       "comptées dans le tableau des besoins.", n=minimum)
                     if smallcounts.hidden(counts["fragments"], minimum) else
                     ngettext("%(num)s réponse d’un seul mot n’est pas citée : elle est "
                              "comptée dans le tableau des besoins.",
                              "%(num)s réponses d’un seul mot ne sont pas citées : elles sont "
                              "comptées dans le tableau des besoins.", counts["fragments"]))
    return found
