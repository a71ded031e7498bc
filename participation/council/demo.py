"""Demo: the conseil citoyen of Pasteur-Foch being re-formed (seed 003 lines 1196-1232),
with its charte de bienveillance, a dozen candidacies, a verifiable draw and one meeting.

Every name below is invented for the demo.
"""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select

from participation.council import draws, meetings, members, services
from participation.council.models import Council
from participation.council.services import CandidacyInput, CouncilSpec
from participation.extensions import db
from participation.territory.models import Quartier

NAME = "Conseil citoyen Pasteur-Foch"
CHARTER = """Charte de bienveillance du conseil citoyen Pasteur-Foch

1. Secret des échanges : ce qui est dit en séance sur une personne reste dans la salle.
2. Discrétion : chacun parle en son nom, sans rapporter la vie des voisins.
3. Respect : on écoute jusqu'au bout, on ne se moque pas, on parle de faits et de propositions.
4. Ouverture : le conseil est ouvert à tous les habitants, quelle que soit leur langue.
5. Engagement : prévenir en cas d'absence et, si besoin, donner pouvoir à un autre membre."""
# (collège, name, sex, age band, resident name, structure, motivation, public name)
CANDIDATES = [
    ("habitants", "Nadia Demo-Amrani", "f", "40-59 ans", "Cité Pasteur", "",
     "Que la parole des habitants soit entendue", "Nadia A."),
    ("habitants", "Jean Demo-Lefebvre", "h", "60-74 ans", "Résidences Pasteur et Foch", "",
     "J'ai connu l'ancien conseil, je veux qu'il revive", "Jean L."),
    ("habitants", "Aïcha Demo-Benali", "f", "25-39 ans", "Maisons des années 60", "",
     "Un conseil citoyen des enfants", ""),
    ("habitants", "Kevin Demo-Dupont", "h", "15-24 ans", "Cité Pasteur", "",
     "Des activités pour les jeunes", "Kevin D."),
    ("habitants", "Sylvie Demo-Martin", "f", "60-74 ans", "Maisons mitoyennes des années 80",
     "", "Les espaces verts et les bancs", "Sylvie M."),
    ("habitants", "Mehmet Demo-Yilmaz", "h", "40-59 ans", "Résidences Pasteur et Foch", "",
     "Les horaires du bus", ""),
    ("habitants", "Fatou Demo-Diop", "f", "25-39 ans", "Cité Pasteur", "",
     "Un médecin dans le quartier", "Fatou D."),
    ("habitants", "Paul Demo-Vandenberghe", "h", "25-39 ans", "Maisons des années 60", "",
     "La sécurité aux abords de l'école", ""),
    ("habitants", "Chantal Demo-Lemaire", "f", "75 ans et +", "Résidences Pasteur et Foch",
     "", "Rompre l'isolement des aînés", ""),
    ("acteurs_locaux", "Hélène Demo-Roussel", "f", "", "", "Centre social Pasteur",
     "Relier le conseil aux ateliers du centre social", "Hélène R."),
    ("acteurs_locaux", "Karim Demo-Haddad", "h", "", "", "Association des locataires",
     "Porter les demandes des locataires", "Karim H."),
    ("acteurs_locaux", "Marie Demo-Petit", "f", "", "", "Pharmacie du quartier",
     "Santé et prévention", ""),
]
SEEDS = {"habitants": "3 5 1 6 2 4", "acteurs_locaux": "6 6 2"}
AGENDA = ["Adoption de la charte de bienveillance",
          "Avis du conseil citoyen sur la programmation du contrat de ville",
          "Proposition : créer un conseil citoyen des enfants"]


def load_council_demo(territory) -> None:
    """Idempotent: does nothing if the demo council exists."""
    if db.session.scalar(select(Council.id).where(Council.territory_id == territory.id,
                                                  Council.name == NAME)):
        return
    quartier = db.session.scalar(select(Quartier).where(Quartier.territory_id == territory.id)
                                 .order_by(Quartier.id))
    council = services.create_council(territory.id, CouncilSpec(
        name=NAME, quartier_ids=[quartier.id], habitants_seats=6, acteurs_seats=2,
        charter_title="Charte de bienveillance", charter_text=CHARTER))
    council.charter.adopted_on = date(2024, 9, 15)
    services.set_candidacies_open(council, True)
    for i, (college, name, sex, age, place, structure, why, _p) in enumerate(CANDIDATES):
        services.submit_candidacy(council, CandidacyInput(
            college_kind=college, name=name, phone=f"06 00 00 00 {i:02d}", consent=True,
            sex=sex, age_band=age, quartier_id=quartier.id if place else None,
            place_name=place, structure_name=structure, motivation=why,
            availability="En soirée", source="papier" if i % 3 == 0 else "web"))
    for college in council.colleges:
        _draw_and_seat(council, college)
    _load_meeting(council)


def _draw_and_seat(council: Council, college) -> None:
    d = draws.prepare_draw(council, college.id, college.seats, 3,
                           "Dés lancés en public à la table de quartier du 5 octobre 2024.")
    draws.run_stored_draw(d, SEEDS[college.kind])
    d.created_at, d.drawn_at = datetime(2024, 9, 20, 10, 0), datetime(2024, 10, 5, 18, 0)
    db.session.commit()
    public = {name: p for _c, name, *_rest, p in CANDIDATES}
    for member in members.seat_drawn_members(d, date(2024, 10, 5)):
        members.accept_charter(member, date(2024, 10, 5), public.get(member.name, ""))


def _load_meeting(council: Council) -> None:
    chair = next(m for m in council.active_members if m.public_name)
    meeting = meetings.create_meeting(
        council, datetime(2024, 11, 14, 18, 30), "Centre social Pasteur, salle polyvalente",
        AGENDA, convened_on=date(2024, 11, 4), chair_name=chair.public_name)
    people = meetings.members_in_office(meeting)
    rows = {m.id: ("present", None) for m in people}
    rows[people[-1].id] = ("represente", people[0].id)
    rows[people[-2].id] = ("excuse", None)
    meetings.record_attendance(meeting, rows, secretary_id=people[1].id)
    voters = meetings.quorum(meeting)["voters"]
    meetings.record_vote(meeting.items[0], voters, 0, 0, "La charte de bienveillance est "
                         "adoptée.")
    meetings.record_vote(meeting.items[1], voters - 1, 0, 1, "Avis favorable, avec la "
                         "demande d'un médecin et d'un médiateur de quartier.",
                         contribution_kind="perception")
    meetings.record_vote(meeting.items[2], voters, 0, 0, "Le conseil propose de créer un "
                         "conseil citoyen des enfants avec les écoles du quartier.",
                         contribution_kind="proposition")
