"""The words of a year-on-year table (``years.evolution``), the same on the challenge's page
and in the section of the contract (issue #13, item 5): what is counted, each year's base as
a share's base ("sur 10 réponses qui expriment un besoin"), the answers no row could read.
Two tables: residents' needs ("besoins") and what they value in their quartier ("atouts")."""
from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import ngettext

from participation.core import smallcounts


def bases_sentence(evo: dict) -> str:
    """What the table counts, with the two years' bases (``evo["bases"]``)."""
    values = {"a": evo["bases"][evo["previous"]], "y1": evo["previous"],
              "b": evo["bases"][evo["last"]], "y2": evo["last"]}
    if evo.get("part") == "atouts":
        return _("Atouts écrits par les habitants (ce qu’ils apprécient dans leur quartier) : "
                 "%(a)s en %(y1)s, %(b)s en %(y2)s. Un atout compte ceux de son année qui le "
                 "nomment.", **values)
    return _("Manques et propositions écrits par les habitants : %(a)s en %(y1)s, %(b)s en "
             "%(y2)s (ni les atouts ni les engagements des partenaires). Un besoin compte "
             "celles de son année qui le nomment.", **values)


def base_of(evo: dict, year: int) -> str:
    """The base of ``year``'s shares, said ("sur 10 réponses qui expriment un besoin")."""
    n = int(evo["bases"][year])
    if evo.get("part") == "atouts":
        return ngettext("sur %(num)s réponse qui nomme un atout",
                        "sur %(num)s réponses qui nomment un atout", n)
    return ngettext("sur %(num)s réponse qui exprime un besoin",
                    "sur %(num)s réponses qui expriment un besoin", n)


def header(evo: dict) -> list[str]:
    """The table's header row: what a row is, each year with its shares' base
    (``base_of``), the change."""
    first = _("Atout") if evo.get("part") == "atouts" else _("Besoin")
    return [first, *(f"{y} ({base_of(evo, y)})" for y in (evo["previous"], evo["last"])),
            _("Évolution (points)")]


def caption(evo: dict) -> str:
    """The table's caption."""
    if evo.get("part") == "atouts":
        return _("Atouts cités en %(y1)s et en %(y2)s (nombre sur la base de l’année, part)",
                 y1=evo["previous"], y2=evo["last"])
    return _("Besoins exprimés en %(y1)s et en %(y2)s (nombre sur la base de l’année, part)",
             y1=evo["previous"], y2=evo["last"])


def none_published(evo: dict, minimum: int) -> str:
    """Said when no row reaches ``minimum`` either year."""
    values = {"n": minimum, "y1": evo["previous"], "y2": evo["last"]}
    if evo.get("part") == "atouts":
        return _("Aucun atout n’est nommé par au moins %(n)s habitants, ni en %(y1)s ni en "
                 "%(y2)s : aucun chiffre par atout n’est publié.", **values)
    return _("Aucun besoin n’est nommé par au moins %(n)s habitants, ni en %(y1)s ni en "
             "%(y2)s : aucun chiffre par besoin n’est publié.", **values)


def unread(evo: dict, minimum: int) -> list[str]:
    """Per year with answers in another language (``evo["other_languages"]``), how many of
    the year's base (``evo["bases"]``) they are, in the base and counted in no row: nothing
    reliable in the product reads them (``languages``). A number under ``minimum`` is
    written "moins de 5", as every count of what people said (``core.smallcounts``: a
    language may single someone out); it is said as a part of the base printed above ("7 en
    2026"), never as a count of answers of its own (tester t28coord read « 7 en 2026 » then
    « moins de 5 réponses … ne sont pas comptées » as a contradiction)."""
    found = []
    for y, n in sorted(evo.get("other_languages", {}).items()):
        base = int(evo.get("bases", {}).get(y, n))
        if smallcounts.hidden(n, minimum):
            found.append(_("En %(y)s, moins de %(n)s des %(base)s réponses sont écrites dans "
                           "d’autres langues : comptées dans la base, elles ne le sont dans "
                           "aucune ligne, aucun outil fiable du produit ne les lisant.",
                           y=y, n=minimum, base=base))
        elif n:
            found.append(ngettext(
                "En %(y)s, %(num)s des %(base)s réponses est écrite dans une autre langue : "
                "comptée dans la base, elle ne l’est dans aucune ligne, aucun outil fiable du "
                "produit ne la lisant.",
                "En %(y)s, %(num)s des %(base)s réponses sont écrites dans d’autres langues : "
                "comptées dans la base, elles ne le sont dans aucune ligne, aucun outil fiable "
                "du produit ne les lisant.", int(n), y=y, base=base))
    return found
