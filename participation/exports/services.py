"""Running an export: anonymised by default, personal data only on request, always logged."""
from __future__ import annotations

import re

from flask_babel import gettext as _
from sqlalchemy import select

from participation.core import clock
from participation.core.audit import record_audit
from participation.core.errors import DomainError
from participation.exports import writers
from participation.exports.models import ExportLog, SectionText
from participation.exports.registry import EXPORTS
from participation.extensions import db
from participation.privacy.known_names import known_names_of
from participation.privacy.masking import mask_frame


def run_export(territory_id: int, name: str, fmt: str, user_id: int | None,
               personal: bool = False, reason: str | None = None,
               sep: str = ";") -> tuple[bytes, str, str]:
    """Build the file of an export and record who took it: (bytes, mimetype, filename).

    An export holding personal data is refused unless ``personal`` is asked explicitly with
    a reason (the RGPD record of processing needs one). Any other export has the phone
    numbers and e-mails written in its text cells masked (``privacy.masking``).
    """
    spec = EXPORTS.get(name)
    if spec is None:
        raise DomainError(_("Export inconnu."), field="name")
    if fmt not in writers.FORMATS or (spec.personal and fmt == "json"):
        raise DomainError(_("Format de fichier inconnu."), field="fmt")
    reason = (reason or "").strip() or None
    if spec.personal and not (personal and reason):
        raise DomainError(_("Cet export contient des données personnelles : cochez la "
                            "confirmation et indiquez pourquoi vous en avez besoin."),
                          field="reason")
    if sep not in (";", ","):
        raise DomainError(_("Séparateur inconnu."), field="sep")
    frame = spec.func(territory_id)
    if not spec.personal:  # residents' free texts: their phones, e-mails and names masked
        with known_names_of(territory_id):
            frame = mask_frame(frame)
    body = writers.write(frame, fmt, sep=sep, sheet=name)
    db.session.add(ExportLog(territory_id=territory_id, user_id=user_id, name=name, fmt=fmt,
                             personal=spec.personal, reason=reason, row_count=len(frame)))
    if spec.personal:
        record_audit("export_personal", territory_id=territory_id, count=len(frame),
                     target=f"export:{name}", details={"format": fmt, "reason": reason})
    db.session.commit()
    mimetype, ext = writers.FORMATS[fmt]
    return body, mimetype, f"{name}-{clock.local_today().isoformat()}.{ext}"


def section_texts(territory_id: int) -> dict[str, str]:
    rows = db.session.scalars(select(SectionText).where(
        SectionText.territory_id == territory_id)).all()
    return {row.key: row.text for row in rows}


def _paragraphs(text: str | None) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def save_section_text(territory_id: int, key: str, value: str, user_id: int,
                      generated: str | None = None, computed: str | None = None) -> None:
    """Keep a coordinator's wording of a block; an empty text goes back to the generated one.

    ``generated`` is the computed text the edit form was filled with: saved unchanged, it is
    not kept as a wording (the block keeps following the contributions). The computed text
    read (``computed``, else ``generated``) is kept with it, without the residents' quoted
    words « … » (``QUOTE``: only its figures are compared): ``stale`` tells when its figures
    have changed since."""
    if generated is not None and _paragraphs(value) == _paragraphs(generated):
        value = ""
    key = (key or "").strip()[:80]
    if not key:
        raise DomainError(_("Bloc inconnu."), field="key")
    row = db.session.scalar(select(SectionText).where(
        SectionText.territory_id == territory_id, SectionText.key == key))
    if row is None:
        row = SectionText(territory_id=territory_id, key=key)
        db.session.add(row)
    row.text, row.updated_by_id = (value or "").strip(), user_id
    # only its figures are ever compared (``stale``): residents' quoted words are not kept
    row.generated = QUOTE.sub("«»", computed if computed is not None else (generated or "")) \
        if computed is not None or generated is not None else None
    db.session.commit()


def section_snapshots(territory_id: int) -> dict[str, str]:
    """{key: the computed text read when that text was saved} (``SectionText.generated``;
    texts saved before it was kept are left out)."""
    rows = db.session.execute(select(SectionText.key, SectionText.generated).where(
        SectionText.territory_id == territory_id, SectionText.generated.is_not(None))).all()
    return dict(rows)


QUOTE = re.compile(r"«[^»]*»")  # a resident's words: their digits are no figure
# a figure of the text: "30 habitants sur 58" (a count over its base), else "68 avis"
UNIT = re.compile(r"(?P<n>\d+(?:[,.]\d+)?)(?:\s+(?P<who>[^\s\d·,;:.«»]+))?\s+sur\s+"
                  r"(?P<m>\d+(?:[,.]\d+)?)|(?P<one>\d+(?:[,.]\d+)?)(?P<word>\s+[^\s\d·,;:.«»]+)?")


def _units(text: str) -> list[tuple[str, str]]:
    """The figures of ``text`` outside its quotes « … », in order, as (figure as the warning
    prints it: "30 sur 58" for a count over its base, "68 avis" for one figure with the word
    after it; the resident's words quoted after it in the same sentence, « … », or "")."""
    units: list[tuple[str, str]] = []
    plain = QUOTE.sub(lambda m: "«" + " " * (len(m.group()) - 2) + "»", text)
    for found in UNIT.finditer(plain):
        if found.group("m"):
            figure = f"{found.group('n')} sur {found.group('m')}"
        else:
            figure = found.group("one") + (found.group("word") or "")
        rest = re.split(r"[.\n]|\d", plain[found.end():], maxsplit=1)[0]
        quote = QUOTE.search(text, found.end(), found.end() + len(rest))
        units.append((figure, quote.group() if quote else ""))
    return units


def stale(saved: str | None, computed: str) -> str | None:
    """The figures that changed between the computed text read when a text was saved
    (``saved``, kept without its quotes) and the one computed now (``computed``), as the
    warning prints them: each changed figure "« Le parc » : 30 sur 58 au lieu de 32 sur 60"
    (a count over its base, with the residents' words quoted after it now), "68 avis au lieu
    de 62 avis", joined by " ; "; when a figure appeared or went, every figure of each text
    ("62 avis, 2 langues au lieu de 62 avis"). None when the figures are the same or
    ``saved`` is None (saved before its computed text was kept: nothing to compare).
    Tester t26coord read the whole sentences with empty quotes instead."""
    if saved is None:
        return None
    then, now = _units(saved), _units(computed or "")
    if [f for f, _q in then] == [f for f, _q in now]:
        return None
    if len(then) != len(now):
        return _("%(now)s au lieu de %(then)s", now=", ".join(f for f, _q in now) or "—",
                 then=", ".join(f for f, _q in then) or "—")
    return " ; ".join(
        _("%(label)s : %(now)s au lieu de %(then)s", label=quote, now=figure, then=before)
        if quote.strip("« »") else _("%(now)s au lieu de %(then)s", now=figure, then=before)
        for (figure, quote), (before, _q) in zip(now, then, strict=True) if figure != before)


def scrub_quotes(territory_id: int) -> int:
    """After an erasure (a person's, a consent withdrawn, the retention purge): each stored
    text of the territory rewritten as the section prints it (``analysis.citations.kept``),
    so no erased words nor withdrawn signature stays stored in a validated draft. Returns
    how many texts changed; commits."""
    from participation.analysis import citations

    rows = [row for row in db.session.scalars(select(SectionText).where(
        SectionText.territory_id == territory_id)) if "«" in (row.text or "")]
    published = citations.published(territory_id) if rows else []
    changed = 0
    for row in rows:
        text = citations.kept(row.text, published)
        if text != row.text:
            row.text, changed = text, changed + 1
    db.session.commit()
    return changed


# A coordinator's decision on a year-on-year block (``section_evolution.evolution_blocks``):
# kept as a ``SectionText`` of its own under "choix:<block key>", text "<choice> <digest>", so
# the section's files (kept by the section's texts, ``document.section_document``) follow it.
EVOLUTION_CHOICES = ("tableau", "texte", "exclu")  # table and text; text only; nothing
CHOICE_PREFIX = "choix:"


def save_evolution_choice(territory_id: int, block_key: str, choice: str, digest: str,
                          user_id: int) -> None:
    """Keep what the coordinator decided for the evolution block ``block_key``
    ("evolution-<code>") after reading the table whose figures ``years.digest`` gives:
    ``choice`` one of ``EVOLUTION_CHOICES``. Raises DomainError on an unknown choice or a
    digest that is not 16 hex digits."""
    digest = (digest or "").strip()
    if choice not in EVOLUTION_CHOICES:
        raise DomainError(_("Choix inconnu."), field="choice")
    if len(digest) != 16 or any(c not in "0123456789abcdef" for c in digest):
        raise DomainError(_("Le formulaire a expiré, recommencez."), field="digest")
    save_section_text(territory_id, CHOICE_PREFIX + block_key, f"{choice} {digest}", user_id)


def evolution_choice(texts: dict[str, str], block_key: str) -> tuple[str | None, str | None]:
    """(choice, digest) the coordinator saved for ``block_key`` in the section's ``texts``
    (``section_texts``); (None, None) when nothing was decided."""
    said = (texts.get(CHOICE_PREFIX + block_key) or "").split()
    return (said[0], said[1]) if len(said) == 2 and said[0] in EVOLUTION_CHOICES \
        else (None, None)
