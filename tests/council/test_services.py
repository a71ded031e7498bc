"""Councils, candidacies, invitations and stored draws."""
from __future__ import annotations

import pytest

from participation.core.errors import DomainError, ImportRejected
from participation.council import draws, services
from participation.council.models import Candidacy, CandidateContact
from participation.council.services import CandidacyInput, CouncilSpec
from participation.extensions import db
from tests.council.conftest import apply, fill


def test_council_has_two_colleges_parity_and_charter(council):
    assert [(c.kind, c.seats, c.parity) for c in council.colleges] == [
        ("habitants", 8, True), ("acteurs_locaux", 4, False)]
    assert council.charter.version == 1 and "discrétion" in council.charter.text
    services.add_charter_version(council, "Charte de bienveillance", "Secret des échanges.")
    assert council.charter.version == 2


def test_youth_council_needs_an_age_range(territory, quartier):
    with pytest.raises(DomainError) as exc:
        services.create_council(territory.id, CouncilSpec(
            name="Conseil des jeunes", quartier_ids=[quartier.id], kind="jeunes"))
    assert "tranche d'âge" in exc.value.message
    youth = services.create_council(territory.id, CouncilSpec(
        name="Conseil des jeunes", quartier_ids=[quartier.id], kind="jeunes", age_min=11,
        age_max=17))
    services.set_candidacies_open(youth, True)
    with pytest.raises(DomainError, match="11-17 ans"):
        apply(youth, age=25)
    assert apply(youth, age=14).age == 14


def test_candidacy_numbers_contact_apart_and_one_time_token(council):
    first = apply(council, token="abc")
    again, created = services.submit_candidacy(council, CandidacyInput(
        college_kind="habitants", name="Autre", phone="06 00 00 00 00", consent=True, sex="h",
        token="abc"))
    assert again.id == first.id and not created
    second = apply(council, sex="h")
    assert (first.number, second.number) == (1, 2)
    assert db.session.query(Candidacy).count() == 2
    contact = db.session.scalar(db.select(CandidateContact).where(
        CandidateContact.candidacy_id == first.id))
    assert contact.phone.startswith("+336")  # normalised, so erasure by phone finds it
    from participation.privacy.models import ConsentRecord
    proof = db.session.scalar(db.select(ConsentRecord).where(
        ConsentRecord.source_id == contact.id))
    assert proof.purpose == "council" and "tirage au sort" in proof.text


@pytest.mark.parametrize("change, message", [
    ({"consent": False}, "Sans votre accord"),
    ({"phone": ""}, "téléphone ou un e-mail"),
    ({"sex": ""}, "parité"),
])
def test_candidacy_rules(council, change, message):
    data = dict(college_kind="habitants", name="Awa", phone="06 12 34 56 78", consent=True,
                sex="f")
    data.update(change)
    with pytest.raises(DomainError, match=message):
        services.submit_candidacy(council, CandidacyInput(**data))


def test_acteur_local_applies_for_its_structure(council):
    with pytest.raises(DomainError, match="structure"):
        apply(council, "acteurs_locaux", structure_name="")
    assert apply(council, "acteurs_locaux", structure_name="Centre social").structure_name


def test_closed_council_refuses_web_but_accepts_paper(council):
    services.set_candidacies_open(council, False)
    with pytest.raises(DomainError, match="closes"):
        apply(council)
    assert apply(council, source="papier").source == "papier"


def test_invitation_from_survey_becomes_a_candidacy(council, territory):
    invitation = services.invite_from_survey(territory.id, "Mme B., 06 12 34 56 78")
    candidacy = apply(council, invitation_token=invitation.token)
    assert candidacy.source == "enquete" and invitation.used_at is not None
    assert services.find_invitation(invitation.token) is None
    with pytest.raises(DomainError):
        services.invite_from_survey(territory.id, "  ")


def test_draw_8_habitants_and_4_acteurs_from_30(council):
    fill(council)
    habitants, acteurs = council.colleges
    d1 = draws.prepare_draw(council, habitants.id, 8, 6, "Dés lancés en public")
    d2 = draws.prepare_draw(council, acteurs.id, 4, 2)
    assert len(d1.entries) + len(d2.entries) == 30
    r1 = draws.run_stored_draw(d1, "6 2 5 1 3 4")
    draws.run_stored_draw(d2, "2 2 4 1 6 3")
    sexes = {e.number: e.sex for e in d1.entries}
    seated = [sexes[n] for n in r1["seats"]]
    assert seated.count("f") == 4 and seated.count("h") == 4
    assert draws.verify_stored_draw(d1) == [] and draws.verify_stored_draw(d2) == []
    with pytest.raises(DomainError, match="déjà eu lieu"):
        draws.run_stored_draw(d1, "1")


def test_verify_detects_a_tampered_entry(council):
    fill(council, 6, 6, 0)
    d = draws.prepare_draw(council, council.colleges[0].id, 8, 2)
    draws.run_stored_draw(d, "42")
    d.entries[0].sex = "h" if d.entries[0].sex == "f" else "f"
    db.session.commit()
    assert any("La liste a changé" in p for p in draws.verify_stored_draw(d))


def test_draw_from_a_landlord_list(council):
    with pytest.raises(ImportRejected) as exc:
        draws.prepare_draw_from_list(council, council.colleges[0].id, 3, 1,
                                     "reference;sexe\nA;F\nA;H\n")
    assert exc.value.errors[0][0] == 3
    d = draws.prepare_draw_from_list(council, council.colleges[0].id, 3, 1,
                                     "reference;sexe\nLOG-A;F\nLOG-B;H\nLOG-C;F\nLOG-D;H\nLOG-E;\n")
    result = draws.run_stored_draw(d, "1234")
    assert len(result["seats"]) == 3 and draws.verify_stored_draw(d) == []
    assert "LOG-" not in str(draws.draw_inputs(d))  # household references are never published
