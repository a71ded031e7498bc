"""Survey, Question, Option, Response, Answer, the consented Contact kept apart, paper batches.

A response's answers never hold personal data: answers to questions flagged ``personal`` go to
``SurveyContact``, created only when the resident ticked the consent box, with the consent text
and version they saw.
"""
from __future__ import annotations

from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from participation.core import clock
from participation.core.models import Base, TerritoryScoped, TimestampMixin, utcnow
from participation.core.pageversion import quiet_writes
from participation.territory.models import Challenge, Quartier

STATUSES = {"draft": _l("Brouillon"), "open": _l("Ouvert"), "closed": _l("Clos")}
QUESTION_TYPES = {
    "single": _l("Choix unique"),
    "multiple": _l("Choix multiple"),
    "yes_no": _l("Oui / non"),
    "scale": _l("Échelle"),
    "number": _l("Nombre"),
    "short_text": _l("Texte court"),
    "long_text": _l("Texte long"),
    "date": _l("Date"),
    "ranking": _l("Classement"),
}
CHOICE_TYPES = ("single", "multiple", "yes_no", "ranking")
TEXT_TYPES = ("short_text", "long_text")
NUMERIC_TYPES = ("scale", "number")
CHANNELS = {
    "web": _l("En ligne"),
    "entretien": _l("Entretien sur tablette"),
    "papier": _l("Questionnaire papier"),
    "import": _l("Import"),
    "micro_trottoir": _l("Micro-trottoir"),
}
PLACES = ("Sortie d'école", "Centre social", "Marché", "Porte-à-porte", "Commerces",
          "Événement", "Autre lieu")
CONSENT_VERSION = "2024-1"

survey_quartier = Table(
    "survey_quartier",
    Base.metadata,
    Column("survey_id", ForeignKey("survey.id", ondelete="CASCADE"), primary_key=True),
    # indexed alone: a quartier's page asks which surveys are open there (issue #16)
    Column("quartier_id", ForeignKey("quartier.id", ondelete="CASCADE"), primary_key=True,
           index=True),
)
question_challenge = Table(
    "survey_question_challenge",
    Base.metadata,
    Column("question_id", ForeignKey("survey_question.id", ondelete="CASCADE"),
           primary_key=True),
    Column("challenge_id", ForeignKey("challenge.id", ondelete="CASCADE"), primary_key=True),
)


class Survey(TerritoryScoped, TimestampMixin, Base):
    __tablename__ = "survey"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    title: Mapped[str] = mapped_column(String(300))
    intro: Mapped[str] = mapped_column(Text, default="")
    # Language tags of the questionnaire's content, the default first ("fr, ar, tr"); the
    # other languages' texts are ``Translation`` rows (participation/surveys/translations.py)
    languages: Mapped[str] = mapped_column(String(100), default="fr")
    # Message shown on the thank-you page above the next meetings ("" = none)
    thanks: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(10), default="draft")
    opens_at: Mapped[datetime | None] = mapped_column(DateTime)
    closes_at: Mapped[datetime | None] = mapped_column(DateTime)
    form_id: Mapped[str | None] = mapped_column(String(100))
    # the XLSForm's settings.version when imported (reimport.same_form); None otherwise
    form_version: Mapped[str | None] = mapped_column(String(100))
    quartiers: Mapped[list[Quartier]] = relationship(secondary=survey_quartier,
                                                     order_by="Quartier.name")
    questions: Mapped[list[Question]] = relationship(
        back_populates="survey", order_by="Question.position", cascade="all, delete-orphan")

    def is_open(self, now: datetime | None = None) -> bool:
        """Open now? ``opens_at``/``closes_at`` are typed by the coordinator as Paris wall-clock
        times (``datetime-local`` fields), so they compare with ``clock.local_now()``; the
        survey closes at ``closes_at`` itself."""
        now = now or clock.local_now()
        if self.status != "open":
            return False
        if self.opens_at and now < self.opens_at:
            return False
        return not (self.closes_at and now >= self.closes_at)


class Question(Base):
    __tablename__ = "survey_question"
    __table_args__ = (UniqueConstraint("survey_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("survey.id", ondelete="CASCADE"),
                                           index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    name: Mapped[str] = mapped_column(String(60))
    type: Mapped[str] = mapped_column(String(20))
    label: Mapped[str] = mapped_column(Text)
    help: Mapped[str] = mapped_column(Text, default="")
    required: Mapped[bool] = mapped_column(Boolean, default=False)
    personal: Mapped[bool] = mapped_column(Boolean, default=False)
    min_value: Mapped[float | None] = mapped_column(Float)
    max_value: Mapped[float | None] = mapped_column(Float)
    # a number question that takes whole numbers only (XLSForm ``integer``; ``decimal`` else)
    whole_number: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    min_label: Mapped[str | None] = mapped_column(String(100))
    max_label: Mapped[str | None] = mapped_column(String(100))
    min_choices: Mapped[int | None] = mapped_column(Integer)
    max_choices: Mapped[int | None] = mapped_column(Integer)
    has_other: Mapped[bool] = mapped_column(Boolean, default=False)
    # Display condition as written (XLSForm ``relevant``, a group's joined by "and") and its
    # AST as JSON: the one form every channel evaluates (surveys/conditions.py)
    relevant: Mapped[str] = mapped_column(Text, default="")
    relevant_ast: Mapped[str] = mapped_column(Text, default="")
    # Legacy single condition, rewritten into ``relevant`` by migration conds_7c3d1e9a4b20 and
    # always NULL since; kept because dropping a foreign-key column rebuilds the table on SQLite
    condition_question_id: Mapped[int | None] = mapped_column(
        ForeignKey("survey_question.id", ondelete="SET NULL"))
    condition_op: Mapped[str | None] = mapped_column(String(10))
    condition_value: Mapped[str | None] = mapped_column(String(100))
    contribution_kind: Mapped[str] = mapped_column(String(20), default="constat")
    # Coding frame for free text: one "Libellé : mot, mot" per line (see docs/surveys.md)
    codebook: Mapped[str] = mapped_column(Text, default="")
    # XLSForm constraint_message / required_message: shown instead of the generic error
    constraint_message: Mapped[str] = mapped_column(Text, default="")
    required_message: Mapped[str] = mapped_column(Text, default="")

    survey: Mapped[Survey] = relationship(back_populates="questions")
    options: Mapped[list[Option]] = relationship(
        back_populates="question", order_by="Option.position", cascade="all, delete-orphan")
    challenges: Mapped[list[Challenge]] = relationship(secondary=question_challenge)

    @property
    def territory_id(self) -> int:
        return self.survey.territory_id

    @property
    def is_choice(self) -> bool:
        return self.type in CHOICE_TYPES

    @property
    def condition(self) -> dict | None:
        """The display condition's AST (``surveys.conditions``), None when always shown."""
        import json

        return json.loads(self.relevant_ast) if self.relevant_ast else None

    @property
    def condition_words(self) -> str:
        """The display condition in French words (``condition_text.describe``)."""
        from participation.surveys.condition_text import describe

        return describe(self)


class Option(Base):
    __tablename__ = "survey_option"
    __table_args__ = (UniqueConstraint("question_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    question_id: Mapped[int] = mapped_column(
        ForeignKey("survey_question.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    name: Mapped[str] = mapped_column(String(60))
    label: Mapped[str] = mapped_column(String(300))
    # Profile question "quartier": the option stands for a quartier (by a resident name)
    quartier_id: Mapped[int | None] = mapped_column(
        ForeignKey("quartier.id", ondelete="SET NULL"))
    question: Mapped[Question] = relationship(back_populates="options")


class Batch(TimestampMixin, Base):
    """A pile of paper questionnaires typed in; ``verifies_id`` marks a second keying."""

    __tablename__ = "survey_batch"

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("survey.id", ondelete="CASCADE"),
                                           index=True)
    label: Mapped[str] = mapped_column(String(200))
    collected_on: Mapped[date] = mapped_column(Date)
    place: Mapped[str] = mapped_column(String(200), default="")
    verifies_id: Mapped[int | None] = mapped_column(
        ForeignKey("survey_batch.id", ondelete="CASCADE"), index=True)
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"))
    survey: Mapped[Survey] = relationship()
    responses: Mapped[list[Response]] = relationship(
        back_populates="batch", order_by="Response.sheet_number")

    @property
    def territory_id(self) -> int:
        return self.survey.territory_id


class Response(Base):
    __tablename__ = "survey_response"
    __table_args__ = (UniqueConstraint("batch_id", "sheet_number"),
                      UniqueConstraint("survey_id", "external_id"))

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("survey.id", ondelete="CASCADE"),
                                           index=True)
    token: Mapped[str] = mapped_column(String(64), unique=True)
    channel: Mapped[str] = mapped_column(String(20), default="web")
    place: Mapped[str | None] = mapped_column(String(200))
    quartier_id: Mapped[int | None] = mapped_column(
        ForeignKey("quartier.id", ondelete="SET NULL"), index=True)
    submitted_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    batch_id: Mapped[int | None] = mapped_column(
        ForeignKey("survey_batch.id", ondelete="CASCADE"), index=True)
    sheet_number: Mapped[int | None] = mapped_column(Integer)
    external_id: Mapped[str | None] = mapped_column(String(100))
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"))
    # Language tag the questionnaire was shown in ("ar"); None when unknown (paper, imports)
    language: Mapped[str | None] = mapped_column(String(35))
    # An import's collection tool (``collection_tools.TOOLS``: "kobocollect", "google_forms"…),
    # detected from the file or chosen in the import form; None for other channels
    collected_with: Mapped[str | None] = mapped_column(String(30))

    survey: Mapped[Survey] = relationship()
    batch: Mapped[Batch | None] = relationship(back_populates="responses")
    answers: Mapped[list[Answer]] = relationship(back_populates="response",
                                                 cascade="all, delete-orphan")
    contacts: Mapped[list[SurveyContact]] = relationship(back_populates="response",
                                                         cascade="all, delete-orphan")


class Translation(Base):
    """One text of a survey in one other language: ``target`` names what it translates
    ("survey", "q<question id>", "o<option id>"), ``field`` which text ("title", "intro",
    "thanks"; "label", "help", "min_label", "max_label", "constraint_message",
    "required_message"; an option's "label"). The question/option keys only cascade deletes:
    answers never point here, so a translation never changes what an answer means."""

    __tablename__ = "survey_translation"
    __table_args__ = (UniqueConstraint("survey_id", "target", "field", "language"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("survey.id", ondelete="CASCADE"),
                                           index=True)
    question_id: Mapped[int | None] = mapped_column(
        ForeignKey("survey_question.id", ondelete="CASCADE"), index=True)
    option_id: Mapped[int | None] = mapped_column(
        ForeignKey("survey_option.id", ondelete="CASCADE"), index=True)
    target: Mapped[str] = mapped_column(String(20))
    field: Mapped[str] = mapped_column(String(30))
    language: Mapped[str] = mapped_column(String(35))
    text: Mapped[str] = mapped_column(Text)


class Answer(Base):
    """One value: a chosen option (with its rank), an "Autre" text, a text, a number, a date."""

    __tablename__ = "survey_answer"

    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(
        ForeignKey("survey_response.id", ondelete="CASCADE"), index=True)
    question_id: Mapped[int] = mapped_column(
        ForeignKey("survey_question.id", ondelete="CASCADE"), index=True)
    option_id: Mapped[int | None] = mapped_column(
        ForeignKey("survey_option.id", ondelete="CASCADE"))
    rank: Mapped[int | None] = mapped_column(Integer)
    is_other: Mapped[bool] = mapped_column(Boolean, default=False)
    text: Mapped[str | None] = mapped_column(Text)
    number: Mapped[float | None] = mapped_column(Float)
    date_value: Mapped[date | None] = mapped_column(Date)
    response: Mapped[Response] = relationship(back_populates="answers")


class SurveyContact(Base):
    """Personal data given with explicit consent, apart from the answers (RGPD)."""

    __tablename__ = "survey_contact"

    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(
        ForeignKey("survey_response.id", ondelete="CASCADE"), index=True)
    question_id: Mapped[int] = mapped_column(
        ForeignKey("survey_question.id", ondelete="CASCADE"))
    value: Mapped[str] = mapped_column(Text)
    consent_text: Mapped[str] = mapped_column(Text)
    consent_version: Mapped[str] = mapped_column(String(20))
    # The language tag consent_text was shown in (core/i18n.py)
    consent_language: Mapped[str] = mapped_column(String(20), default="fr", server_default="fr")
    consented_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    response: Mapped[Response] = relationship(back_populates="contacts")


# No cached public page shows answers and paper batches:
# writing them keeps the cached pages (core/pagecache.py).
for _model in (Response, Answer, SurveyContact, Batch):
    quiet_writes(_model)
