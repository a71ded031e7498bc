"""Rules for territories, contracts, the versioned challenge tree and quartiers."""
from __future__ import annotations

import csv
import io
import re

from flask_babel import gettext as _
from sqlalchemy import func, select

from participation.core.errors import DomainError, ImportRejected
from participation.exports.cells import restore
from participation.exports.csvtext import csv_text
from participation.extensions import db
from participation.territory.defaults import NATIONAL_TREE
from participation.territory.models import (
    Challenge,
    Commune,
    Contract,
    Quartier,
    QuartierName,
    Territory,
)

COLOUR_RE = re.compile(r"^#[0-9a-fA-F]{6}$")


def current_tree(contract: Contract) -> list[Challenge]:
    """The challenges in force, depth-first in tree order."""
    nodes = db.session.scalars(
        select(Challenge)
        .where(Challenge.contract_id == contract.id, Challenge.version_until.is_(None))
        .order_by(Challenge.position, Challenge.code)
    ).all()
    children: dict[int | None, list[Challenge]] = {}
    for node in nodes:
        children.setdefault(node.parent_id, []).append(node)
    ordered: list[Challenge] = []

    def walk(parent_id: int | None, depth: int) -> None:
        for node in children.get(parent_id, []):
            node.depth = depth
            ordered.append(node)
            walk(node.id, depth + 1)

    walk(None, 0)
    return ordered


def _insert_tree(contract: Contract, rows: list[tuple[str, str, str, str, str]],
                 version: int, previous: dict[str, Challenge]) -> list[Challenge]:
    by_code: dict[str, Challenge] = {}
    for position, (code, parent_code, name, colour, keywords) in enumerate(rows):
        node = Challenge(
            contract=contract, territory_id=contract.territory_id, code=code, name=name,
            colour=colour or "#1f5f8b", keywords=keywords or "", position=position,
            version_from=version, parent=by_code.get(parent_code) if parent_code else None,
            replaces_id=previous[code].id if code in previous else None,
        )
        db.session.add(node)
        by_code[code] = node
    db.session.flush()
    return list(by_code.values())


def create_contract(territory: Territory, name: str, start_year: int, end_year: int,
                    midterm_year: int | None = None, with_default_tree: bool = True) -> Contract:
    contract = Contract(territory=territory, name=name, start_year=start_year,
                        end_year=end_year, midterm_year=midterm_year, tree_version=1)
    db.session.add(contract)
    db.session.flush()
    if with_default_tree:
        _insert_tree(contract, NATIONAL_TREE, 1, {})
    db.session.commit()
    return contract


def _line_problem(code: str, parent: str, name: str, colour: str, seen: set) -> str | None:
    if not code or not name:
        return _("le code et le nom sont obligatoires")
    if code in seen:
        return _("le code %(code)s apparaît deux fois", code=code)
    if parent and parent not in seen:
        return _("le parent %(code)s n'est pas défini sur une ligne précédente", code=parent)
    if colour and not COLOUR_RE.match(colour):
        return _("la couleur %(colour)s n'est pas au format #RRGGBB", colour=colour)
    return None


def _delimiter(content: str) -> str:
    first = content.splitlines()[0] if content else ""
    return max(";,\t", key=first.count)


def parse_tree_csv(content: str) -> list[tuple[str, str, str, str, str]]:
    """Read ``code;parent;name;colour;keywords`` lines; refuse the file whole on any bad line.

    The first line is a header. ``;``, ``,`` or tab separate cells. A parent must be defined
    on an earlier line.
    """
    content = content.lstrip("\ufeff")
    reader = csv.reader(io.StringIO(content), delimiter=_delimiter(content))
    rows, errors, seen = [], [], set()
    header = next(reader, None)
    if not header or len(header) < 3:
        raise ImportRejected(_("Le fichier est vide ou n'a pas d'en-tête."), [(1, _("En-tête"))])
    for line_no, raw in enumerate(reader, start=2):
        if not any(cell.strip() for cell in raw):
            continue
        cells = [restore(c.strip()) for c in raw]
        code, parent, name, colour, keywords = (cells + [""] * 5)[:5]
        problem = _line_problem(code, parent, name, colour, seen)
        if problem:
            errors.append((line_no, problem))
            continue
        seen.add(code)
        rows.append((code, parent, name, colour, keywords))
    if errors:
        raise ImportRejected(_("Le fichier a été refusé : rien n'a été importé."), errors)
    if not rows:
        raise ImportRejected(_("Le fichier ne contient aucun enjeu."), [(2, _("aucune ligne"))])
    return rows


def import_tree_csv(contract: Contract, content: str, label: str | None = None) -> int:
    """Replace the tree in force by the file's, as a new version (an avenant).

    Nodes already in force are retired, not deleted: contributions keep their tags. A node
    whose code is kept points to the node it replaces.
    """
    rows = parse_tree_csv(content)
    previous = {c.code: c for c in current_tree(contract)}
    new_version = contract.tree_version + 1
    for node in previous.values():
        node.version_until = new_version
    contract.tree_version = new_version
    contract.tree_version_label = label or _("Import du %(n)s", n=new_version)
    _insert_tree(contract, rows, new_version, previous)
    db.session.commit()
    return len(rows)


def export_tree_csv(contract: Contract) -> str:
    """The tree in force as ";" CSV text (``exports.csvtext``: inert, quoted cells)."""
    return csv_text([["code", "parent", "nom", "couleur", "mots_cles"],
                     *([node.code, node.parent.code if node.parent else "", node.name,
                        node.colour, node.keywords] for node in current_tree(contract))])


def start_avenant(contract: Contract, label: str) -> int:
    """Open a new version of the tree; nodes changed from now on are copied, not edited."""
    contract.tree_version += 1
    contract.tree_version_label = label
    db.session.commit()
    return contract.tree_version


def _check_code_free(contract: Contract, code: str, exclude: Challenge | None = None) -> None:
    for node in current_tree(contract):
        if node.code == code and node is not exclude:
            raise DomainError(_("Le code %(code)s est déjà utilisé.", code=code), field="code")


def add_challenge(contract: Contract, code: str, name: str, parent: Challenge | None,
                  colour: str = "#1f5f8b", keywords: str = "") -> Challenge:
    _check_code_free(contract, code)
    if parent is not None and (parent.contract_id != contract.id or not parent.is_current):
        raise DomainError(_("Cet enjeu parent n'est plus en vigueur."), field="parent_id")
    siblings = parent.children if parent else []
    node = Challenge(contract=contract, territory_id=contract.territory_id, code=code,
                     name=name, parent=parent, colour=colour, keywords=keywords,
                     position=(max((s.position for s in siblings), default=-1) + 1),
                     version_from=contract.tree_version)
    db.session.add(node)
    db.session.commit()
    return node


def _is_used(node: Challenge) -> bool:
    from participation.contributions.models import ContributionChallenge

    count = db.session.scalar(
        select(func.count()).select_from(ContributionChallenge)
        .where(ContributionChallenge.challenge_id == node.id)
    )
    return bool(count)


def update_challenge(node: Challenge, **values) -> Challenge:
    """Edit a node. A node from an earlier version that is already used is retired and
    replaced by a copy, so that old contributions keep exactly what they were tagged with."""
    contract = node.contract
    if "code" in values:
        _check_code_free(contract, values["code"], exclude=node)
    if node.version_from < contract.tree_version and _is_used(node):
        successor = Challenge(
            contract=contract, territory_id=node.territory_id, code=node.code, name=node.name,
            colour=node.colour, keywords=node.keywords, position=node.position,
            parent_id=node.parent_id, replaces_id=node.id, version_from=contract.tree_version,
        )
        db.session.add(successor)
        db.session.flush()
        for child in list(node.children):
            if child.is_current:
                child.parent_id = successor.id
        node.version_until = contract.tree_version
        node = successor
    for key, value in values.items():
        setattr(node, key, value)
    db.session.commit()
    return node


def retire_challenge(node: Challenge) -> None:
    """Take a node (and its subtree) out of the tree in force; tags on it are kept."""
    for child in node.children:
        if child.is_current:
            retire_challenge(child)
    if node.version_from == node.contract.tree_version and not _is_used(node):
        db.session.delete(node)
    else:
        node.version_until = node.contract.tree_version
    db.session.commit()


def create_quartier(territory: Territory, code: str, name: str, kind: str,
                    population: int | None, commune_ids: list[int],
                    resident_names: list[str]) -> Quartier:
    code = code.strip().upper()
    exists = db.session.scalar(
        select(Quartier.id).where(Quartier.territory_id == territory.id, Quartier.code == code)
    )
    if exists:
        raise DomainError(_("Un quartier porte déjà le code %(code)s.", code=code), field="code")
    quartier = Quartier(territory=territory, code=code, name=name.strip(), kind=kind,
                        population=population)
    _apply_quartier_links(quartier, territory, commune_ids, resident_names)
    db.session.add(quartier)
    db.session.commit()
    return quartier


def update_quartier(quartier: Quartier, name: str, kind: str, population: int | None,
                    commune_ids: list[int], resident_names: list[str]) -> Quartier:
    quartier.name, quartier.kind, quartier.population = name.strip(), kind, population
    _apply_quartier_links(quartier, quartier.territory, commune_ids, resident_names)
    db.session.commit()
    return quartier


def _apply_quartier_links(quartier: Quartier, territory: Territory, commune_ids: list[int],
                          resident_names: list[str]) -> None:
    quartier.communes = [c for c in territory.communes if c.id in set(commune_ids)]
    wanted = []
    for name in resident_names:
        name = name.strip()
        if name and name.casefold() not in {w.casefold() for w in wanted}:
            wanted.append(name)
    kept = {n.name: n for n in quartier.resident_names}
    quartier.resident_names = [kept.get(n) or QuartierName(name=n) for n in wanted]


def add_commune(territory: Territory, name: str, insee_code: str | None = None) -> Commune:
    name = name.strip()
    if any(c.name.casefold() == name.casefold() for c in territory.communes):
        raise DomainError(_("Cette commune existe déjà."), field="name")
    commune = Commune(territory=territory, name=name, insee_code=insee_code or None)
    db.session.add(commune)
    db.session.commit()
    return commune


def resident_name_choices(territory_id: int | None = None) -> list[tuple[int, str, Quartier]]:
    """Every name residents use (and the official names), for a resident to pick from."""
    stmt = select(Quartier).order_by(Quartier.name)
    if territory_id is not None:
        stmt = stmt.where(Quartier.territory_id == territory_id)
    result = []
    for quartier in db.session.scalars(stmt):
        for rn in quartier.resident_names:
            result.append((quartier.id, rn.name, quartier))
        result.append((quartier.id, quartier.name, quartier))
    return sorted(result, key=lambda r: r[1].casefold())
