"""Street collection without network: device tokens, survey versions, offline receipts.

- ``SurveyDevice``: a bearer token issued by a facilitator for ONE survey; only its SHA-256
  is stored. A coordinator revokes it; a revoked token adds nothing.
- ``SurveyVersion``: the definition (questions, options, conditions, bounds, required rules)
  a device cached, keyed by its hash, so an answer keeps the version it was collected with.
- ``OfflineReceipt``: one per answer collected offline, unique on the client-generated UUID
  (the idempotency key: re-sending stores nothing twice, even from two tabs at once). It holds
  the survey version, the channel/mode, the device, and the non-personal answers to questions
  removed since that version (reported, never silently dropped).
"""
from __future__ import annotations

import json
from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from participation.core.models import Base, TerritoryScoped, utcnow
from participation.core.pageversion import quiet_writes
from participation.surveys.models import Response, Survey


class SurveyDevice(TerritoryScoped, Base):
    __tablename__ = "survey_device"

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("survey.id", ondelete="CASCADE"),
                                           index=True)
    label: Mapped[str] = mapped_column(String(120))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"))
    last_used_at: Mapped[datetime | None] = mapped_column(DateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime)
    revoked_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"))
    survey: Mapped[Survey] = relationship()

    @property
    def revoked(self) -> bool:
        return self.revoked_at is not None


class SurveyVersion(Base):
    __tablename__ = "survey_version"
    __table_args__ = (UniqueConstraint("survey_id", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("survey.id", ondelete="CASCADE"),
                                           index=True)
    version: Mapped[str] = mapped_column(String(20))
    definition: Mapped[str] = mapped_column(Text)  # JSON, see definition.survey_definition
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    @property
    def definition_dict(self) -> dict:
        return json.loads(self.definition)


class OfflineReceipt(Base):
    __tablename__ = "survey_offline_receipt"

    id: Mapped[int] = mapped_column(primary_key=True)
    client_uuid: Mapped[str] = mapped_column(String(36), unique=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("survey.id", ondelete="CASCADE"),
                                           index=True)
    response_id: Mapped[int] = mapped_column(
        ForeignKey("survey_response.id", ondelete="CASCADE"), unique=True)
    mode: Mapped[str] = mapped_column(String(20))
    survey_version: Mapped[str] = mapped_column(String(20), default="")
    device_id: Mapped[int | None] = mapped_column(
        ForeignKey("survey_device.id", ondelete="SET NULL"), index=True)
    source: Mapped[str] = mapped_column(String(10), default="sync")  # sync | file
    received_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    # [{"question": label, "values": [..]}] for questions removed since survey_version
    removed_answers: Mapped[str] = mapped_column(Text, default="")
    response: Mapped[Response] = relationship()

    @property
    def removed_list(self) -> list[dict]:
        return json.loads(self.removed_answers) if self.removed_answers else []


# No cached public page shows offline collection:
# writing them keeps the cached pages (core/pagecache.py).
for _model in (SurveyDevice, SurveyVersion, OfflineReceipt):
    quiet_writes(_model)
