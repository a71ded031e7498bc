"""The kind of the contributions a free-text question collects, read from its wording.

A question asking what residents like ("Qu'aimez-vous dans votre quartier ?", "Les points
forts / atouts du quartier") collects atouts; one asking what they would change or propose
("Qu'aimeriez-vous améliorer ?", "Vos idées") collects propositions; anything else
(including "Que vous manque-t-il ?") collects constats / manquements, the default. Used when
a question is created without an explicit kind (imports of XLSForm, Kobo, Google Forms,
the CLI); the question builder's select still lets a coordinator choose. The section's
"Forces et faiblesses" draw on these kinds (analysis.summary.forces_faiblesses).
"""
from __future__ import annotations

import re

from participation.core.textsearch import fold

# Folded (lower case, no accent) patterns; a question matching both reads as a constat.
ATOUT = re.compile(r"\b(qu ?est-ce qu(e|i) vous (aime|plai)|qu ?aimez|vous aimez|vous plait|"
                   r"appreci|points? forts?|atouts?|forces? du|ce qui va bien|fiers?|"
                   r"qualites? du|avantages? du|le mieux|le plus agreable)")
PROPOSITION = re.compile(r"\b(amelior|propos|idees?|suggestions?|souhait|aimeriez|"
                         r"faudrait|changer|que faire|priorites?)")


def kind_for_question(label: str | None, default: str = "constat") -> str:
    """ "atout", "proposition" or ``default`` for a question's wording (see module doc)."""
    text = fold(label or "").replace("'", " ").replace("’", " ")
    atout, proposition = bool(ATOUT.search(text)), bool(PROPOSITION.search(text))
    if atout and not proposition:
        return "atout"
    if proposition and not atout:
        return "proposition"
    return default
