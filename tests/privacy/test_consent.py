"""Consent: the exact text and version kept, withdrawal from a signed link or by a coordinator."""
import pytest
from sqlalchemy import select

from participation.accounts.models import User
from participation.contributions.models import Contribution
from participation.contributions.services import record_contribution
from participation.core.audit import AuditEvent
from participation.core.errors import DomainError
from participation.extensions import db
from participation.privacy.consent import record_consent, withdrawal_token, withdrawal_url
from participation.privacy.models import ConsentRecord
from tests import factories

TEXT = "J'accepte que ma parole soit citée avec mon lieu de vie et ma tranche d'âge."


def _quoted(territory):
    contribution = record_contribution(territory.id, "Rien pour les jeunes.", attribution={
        "consent": True, "age_band": "15-24 ans", "place_name": "Cité Pasteur", "sex": "h"})
    consent = record_consent(territory.id, "quote", TEXT, "2024-06", phone="06 12 34 56 78",
                             source_table="contribution", source_id=contribution.id,
                             commit=True)
    return contribution, consent


def test_consent_keeps_exact_text_version_and_no_clear_contact(territory):
    _contribution, consent = _quoted(territory)
    stored = db.session.get(ConsentRecord, consent.id)
    assert (stored.text, stored.text_version, stored.purpose) == (TEXT, "2024-06", "quote")
    assert stored.given_at is not None and stored.active
    assert "0612345678" not in (stored.phone_key or "") and len(stored.phone_key) == 64


@pytest.mark.parametrize("kwargs, message", [
    ({"purpose": "marketing"}, "Finalité de consentement inconnue"),
    ({"text": "  "}, "texte exact du consentement"),
    ({"source_table": "inconnue"}, "Table non déclarée"),
])
def test_consent_refuses_incomplete_records(territory, kwargs, message):
    args = {"purpose": "recontact", "text": TEXT, "version": "v1"} | kwargs
    source = args.pop("source_table", None)
    with pytest.raises(DomainError, match=message):
        record_consent(territory.id, args["purpose"], args["text"], args["version"],
                       email="a@example.org", source_table=source, source_id=1)


def test_withdrawal_link_shows_the_text_then_withdraws_and_erases(app, client, territory):
    contribution, consent = _quoted(territory)
    with app.test_request_context():
        url = withdrawal_url(consent)
    path = url.split("localhost", 1)[-1]
    page = client.get(path).get_data(as_text=True)
    assert "Citation attribuée" in page and "Retirer mon accord" in page
    assert 'aria-describedby="texte-accord"' in page and 'id="texte-accord"' in page
    done = client.post(path).get_data(as_text=True)
    assert "votre accord est retiré" in done
    db.session.expire_all()
    assert db.session.get(ConsentRecord, consent.id).withdrawn_by == "link"
    erased = db.session.get(Contribution, contribution.id)
    assert erased.place_name is None and erased.attribution == ""
    assert erased.text == "Rien pour les jeunes."
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "consent_withdrawn"))
    assert event.count == 1
    assert "déjà été retiré" in client.get(path).get_data(as_text=True)


def test_forged_withdrawal_token_is_404(client, territory):
    _quoted(territory)
    assert client.get("/privacy/retrait/forged-token").status_code == 404


def test_coordinator_withdraws_at_the_persons_request(client, auth, territory):
    contribution, consent = _quoted(territory)
    auth.login("coordinator")
    response = client.post(f"/privacy/consentements/{consent.id}/retirer",
                           follow_redirects=True)
    assert "Consentement retiré" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(ConsentRecord, consent.id).withdrawn_by == "coordinator"
    assert db.session.get(Contribution, contribution.id).age_band is None


def test_public_withdrawal_page_is_rate_limited(app, limited_client, territory):
    _contribution, consent = _quoted(territory)
    with app.test_request_context():
        token = withdrawal_token(consent)
    codes = [limited_client.post(f"/privacy/retrait/{token}").status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]


def test_role_changes_and_deactivation_are_audited(client, auth, territory):
    auth.login("coordinator")
    partner = factories.user(territory, role="partner")
    client.post(f"/accounts/users/{partner.id}/active")
    partner = db.session.get(User, partner.id)
    partner.role = "facilitator"
    db.session.commit()
    actions = db.session.scalars(select(AuditEvent.action).where(
        AuditEvent.target == f"user:{partner.id}")).all()
    assert "user_deactivated" in actions and "role_changed" in actions
