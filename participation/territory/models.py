"""Territory, Commune, Contract, Challenge (versioned tree), Quartier and resident names."""
from __future__ import annotations

from sqlalchemy import Column, ForeignKey, Integer, String, Table, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from participation.core.data_version import new_token
from participation.core.models import Base, TerritoryScoped, TimestampMixin

QUARTIER_KINDS = ("qpv", "veille", "fragile", "hors_qpv")


class Territory(TimestampMixin, Base):
    __tablename__ = "territory"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    # Changes with every write to the territory's data (core.data_version): cached analyses
    # are keyed by it.
    data_version: Mapped[str] = mapped_column(String(32), default=new_token, server_default="")
    communes: Mapped[list[Commune]] = relationship(
        back_populates="territory", order_by="Commune.name", cascade="all, delete-orphan"
    )
    contracts: Mapped[list[Contract]] = relationship(
        back_populates="territory", order_by="Contract.start_year", cascade="all, delete-orphan"
    )
    quartiers: Mapped[list[Quartier]] = relationship(
        back_populates="territory", order_by="Quartier.name", cascade="all, delete-orphan"
    )

    @property
    def territory_id(self) -> int:
        return self.id

    @property
    def current_contract(self) -> Contract | None:
        return self.contracts[-1] if self.contracts else None


class Commune(TerritoryScoped, Base):
    __tablename__ = "commune"
    __table_args__ = (UniqueConstraint("territory_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    insee_code: Mapped[str | None] = mapped_column(String(5))
    territory: Mapped[Territory] = relationship(back_populates="communes")


class Contract(TerritoryScoped, TimestampMixin, Base):
    """A contrat de ville; ``tree_version`` goes up by one with each avenant."""

    __tablename__ = "contract"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    start_year: Mapped[int] = mapped_column(Integer)
    end_year: Mapped[int] = mapped_column(Integer)
    midterm_year: Mapped[int | None] = mapped_column(Integer)
    tree_version: Mapped[int] = mapped_column(Integer, default=1)
    tree_version_label: Mapped[str | None] = mapped_column(String(200))
    # The language the contract is written in: the participation section is exported in it
    # (never in the screen's language), French unless the territory says otherwise.
    language: Mapped[str] = mapped_column(String(10), default="fr", server_default="fr")
    territory: Mapped[Territory] = relationship(back_populates="contracts")
    challenges: Mapped[list[Challenge]] = relationship(
        back_populates="contract", cascade="all, delete-orphan", order_by="Challenge.position"
    )

    @property
    def period(self) -> str:
        return f"{self.start_year}-{self.end_year}"


class Challenge(TerritoryScoped, Base):
    """A node of a contract's challenge tree (pilier, objectif stratégique, opérationnel...).

    Nodes are versioned: a node lives from ``version_from`` until ``version_until`` (exclusive,
    None while current). An avenant that changes a node already used retires it and creates a
    successor (``replaces_id``), so contributions tagged before keep the node they were tagged
    with.
    """

    __tablename__ = "challenge"

    id: Mapped[int] = mapped_column(primary_key=True)
    # indexed: every page reading a contract's tree asks for its challenges (issue #16)
    contract_id: Mapped[int] = mapped_column(ForeignKey("contract.id", ondelete="CASCADE"),
                                             index=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("challenge.id"))
    replaces_id: Mapped[int | None] = mapped_column(ForeignKey("challenge.id"))
    code: Mapped[str] = mapped_column(String(40))
    name: Mapped[str] = mapped_column(String(300))
    colour: Mapped[str] = mapped_column(String(7), default="#1f5f8b")
    keywords: Mapped[str] = mapped_column(Text, default="")
    position: Mapped[int] = mapped_column(Integer, default=0)
    version_from: Mapped[int] = mapped_column(Integer, default=1)
    version_until: Mapped[int | None] = mapped_column(Integer)

    contract: Mapped[Contract] = relationship(back_populates="challenges")
    parent: Mapped[Challenge | None] = relationship(
        remote_side=[id], foreign_keys=[parent_id], back_populates="children"
    )
    children: Mapped[list[Challenge]] = relationship(
        foreign_keys=[parent_id], back_populates="parent", order_by="Challenge.position"
    )

    @property
    def is_current(self) -> bool:
        return self.version_until is None

    @property
    def keyword_list(self) -> list[str]:
        return [k.strip() for k in self.keywords.split(",") if k.strip()]

    @property
    def label(self) -> str:
        return f"{self.code} · {self.name}"


quartier_commune = Table(
    "quartier_commune",
    Base.metadata,
    Column("quartier_id", ForeignKey("quartier.id", ondelete="CASCADE"), primary_key=True),
    Column("commune_id", ForeignKey("commune.id", ondelete="CASCADE"), primary_key=True),
)


class Quartier(TerritoryScoped, TimestampMixin, Base):
    __tablename__ = "quartier"
    __table_args__ = (UniqueConstraint("territory_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(20), default="qpv")
    population: Mapped[int | None] = mapped_column(Integer)
    territory: Mapped[Territory] = relationship(back_populates="quartiers")
    communes: Mapped[list[Commune]] = relationship(
        secondary=quartier_commune, order_by="Commune.name"
    )
    resident_names: Mapped[list[QuartierName]] = relationship(
        back_populates="quartier", cascade="all, delete-orphan", order_by="QuartierName.name"
    )

    @property
    def commune_names(self) -> str:
        return ", ".join(c.name for c in self.communes)


class QuartierName(Base):
    """A name residents use for (part of) a quartier: "cité des Pâtures", "résidence Danvers"."""

    __tablename__ = "quartier_name"
    __table_args__ = (UniqueConstraint("quartier_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    quartier_id: Mapped[int] = mapped_column(ForeignKey("quartier.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(200))
    quartier: Mapped[Quartier] = relationship(back_populates="resident_names")

    @property
    def territory_id(self) -> int:
        return self.quartier.territory_id
