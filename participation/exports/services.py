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
    if not spec.personal:  # residents' free texts: their phones and e-mails masked
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


FIGURE = re.compile(r"\d+(?:[,.]\d+)?")  # "62", "41,5", "12.5"
QUOTE = re.compile(r"«[^»]*»")  # a resident's words: their digits are no figure


def stale(saved: str | None, computed: str) -> tuple[str, str] | None:
    """(figures now, figures then) when the figures of the text computed now (``computed``)
    differ from those of the computed text read when a text was saved (``saved``), quotes
    « … » left out: "13 habitants sur 41" and "12 habitants sur 40" (the words from the
    first figure that moved to the last, when they are on one line and the figures as
    many), else every figure of each, "13, 41, 7" and "12, 40". None when they are the same
    or ``saved`` is None (saved before its computed text was kept: nothing to compare)."""
    if saved is None:
        return None
    then_text, now_text = QUOTE.sub("«»", saved), QUOTE.sub("«»", computed or "")
    then, now = list(FIGURE.finditer(then_text)), list(FIGURE.finditer(now_text))
    if [m.group() for m in then] == [m.group() for m in now]:
        return None
    moved = [i for i, (t, n) in enumerate(zip(then, now, strict=False)) if t.group() != n.group()]
    if len(then) == len(now):
        spans = (_span(now_text, now[moved[0]], now[moved[-1]]),
                 _span(then_text, then[moved[0]], then[moved[-1]]))
        if "\n" not in spans[0] + spans[1]:
            return spans
    return (", ".join(m.group() for m in now) or "—",
            ", ".join(m.group() for m in then) or "—")


def _span(text: str, first: re.Match, last: re.Match) -> str:
    """``text`` from the ``first`` figure to the ``last``; one figure alone with the word
    after it ("68 avis", not "68")."""
    end = last.end()
    if first is last:
        word = NEXT_WORD.match(text, end)
        end = word.end() if word else end
    return text[first.start():end]


NEXT_WORD = re.compile(r"\s+[^\s\d·,;:.«»]+")


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
