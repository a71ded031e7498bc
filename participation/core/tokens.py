"""One-time form tokens: a resident's answer is stored once, however often it is sent.

The form page carries ``issue_form_token(purpose)`` in a hidden field (signed, nothing written
on GET). The view that stores the answer calls ``consume_form_token(token, purpose)`` *in the
same transaction* as its insert, then ``commit``. The token's nonce goes into a table with a
unique key, so a double click, a browser retry or a replayed request commits nothing new and
gets ``TokenAlreadyUsed`` carrying ``result_ref`` of the first submission (to show the same
thank-you page)::

    try:
        used = consume_form_token(form.form_token.data, "survey:12")
    except TokenAlreadyUsed as dup:
        return redirect(thanks_url(dup.result_ref))
    response = Response(...); db.session.add(response); db.session.flush()
    used.result_ref = f"survey_response:{response.id}"
    db.session.commit()
"""
from __future__ import annotations

import secrets
from datetime import datetime

from flask import current_app
from flask_babel import gettext as _
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import DateTime, String, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, mapped_column

from participation.core import clock
from participation.core.errors import DomainError
from participation.core.models import Base
from participation.core.pageversion import quiet_writes
from participation.extensions import db

MAX_AGE = 7 * 24 * 3600  # a form left open on a phone for days is still accepted
SALT = "form-token"


class UsedFormToken(Base):
    __tablename__ = "used_form_token"

    nonce: Mapped[str] = mapped_column(String(64), primary_key=True)
    purpose: Mapped[str] = mapped_column(String(80))
    used_at: Mapped[datetime] = mapped_column(DateTime, default=clock.now, index=True)
    result_ref: Mapped[str] = mapped_column(String(80), default="")


class TokenAlreadyUsed(DomainError):
    """The form was already submitted; ``result_ref`` names what the first submission stored."""

    def __init__(self, result_ref: str):
        super().__init__(_("Votre réponse a déjà été enregistrée."))
        self.result_ref = result_ref


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=SALT)


def issue_form_token(purpose: str) -> str:
    """A fresh signed token for one submission of the form ``purpose`` (e.g. "survey:12")."""
    return _serializer().dumps({"n": secrets.token_urlsafe(24), "p": purpose})


def _nonce(token: str, purpose: str) -> str:
    try:
        data = _serializer().loads(token or "", max_age=MAX_AGE)
    except SignatureExpired as exc:
        raise DomainError(_("Ce formulaire a expiré : rechargez la page."), field="form_token") \
            from exc
    except BadSignature as exc:
        raise DomainError(_("Formulaire invalide : rechargez la page."), field="form_token") \
            from exc
    if data.get("p") != purpose:
        raise DomainError(_("Formulaire invalide : rechargez la page."), field="form_token")
    return data["n"]


def consume_form_token(token: str, purpose: str) -> UsedFormToken:
    """Spend the token in the current transaction (flushed, not committed).

    Raises ``TokenAlreadyUsed`` (after rolling back) when it was spent before, including by a
    concurrent request that committed first; ``DomainError`` when invalid or expired.
    """
    nonce = _nonce(token, purpose)
    earlier = db.session.get(UsedFormToken, nonce)
    if earlier is not None:
        raise TokenAlreadyUsed(earlier.result_ref)
    used = UsedFormToken(nonce=nonce, purpose=purpose, used_at=clock.now())
    db.session.add(used)
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        ref = db.session.scalar(select(UsedFormToken.result_ref).where(
            UsedFormToken.nonce == nonce)) or ""
        raise TokenAlreadyUsed(ref) from None
    return used


def purge_used_tokens(older_than: datetime) -> int:
    """Forget spent tokens past their validity (they can no longer be replayed anyway)."""
    rows = db.session.scalars(select(UsedFormToken).where(
        UsedFormToken.used_at < older_than)).all()
    for row in rows:
        db.session.delete(row)
    return len(rows)


# No cached public page shows used one-time tokens:
# writing them keeps the cached pages (core/pagecache.py).
quiet_writes(UsedFormToken)
