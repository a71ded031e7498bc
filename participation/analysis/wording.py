"""Defaults of the analyses' generated text (``summary``, ``drafts``, ``quoting``).

``DEFAULT_MIN_COUNT``: no figure is published for a group smaller than this many people
(small groups identify people; the app's own minimum is ``core.smallcounts.min_count()``,
which callers pass). ``WORDING``: the French wording of the generated text; views pass the
translated one (``frames.wording()``), with the same keys and ``%(name)s`` placeholders.
"""
from __future__ import annotations

DEFAULT_MIN_COUNT = 5
WORDING = {"unknown": "Non précisé", "others": "Autres (groupes de moins de %(n)s)",
           "habitante": "Habitante", "count": "%(label)s (%(count)s contributions)",
           "sentence": "%(n)s %(who)s sur %(total)s %(verb)s « %(label)s »%(where)s.",
           "few": "Moins de %(min)s personnes %(verb)s « %(label)s ».",
           "residents": "habitants", "people": "personnes", "mostly": ", surtout à %(place)s",
           "verb_say": "évoquent", "verb_strength": "citent comme point fort",
           "verb_weakness": "relèvent comme point faible", "verb_proposal": "proposent",
           "unshared": "%(n)s réponses, chacune sur un besoin qu’aucune autre ne nomme : aucun "
                       "n’est partagé par deux habitants.",
           "unshared_few": "Moins de %(min)s réponses, chacune sur un besoin qu’aucune autre ne "
                           "nomme : aucun n’est partagé par deux habitants."}
