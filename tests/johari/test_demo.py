"""Slice 6: the Hazebrouck exercise of the demo, every post-it of Annexe 3 (seed 003)."""
import pytest

from participation.extensions import db
from participation.johari import reports
from participation.johari.models import JohariExercise, JohariGroup, PostIt

# Counted by hand in seed 003, lines 2625-2757 (commentary bullets are not post-its).
ANNEX_COUNTS = {
    "habitants": {"publique": 7, "aveugle": 7, "cachee": 7, "inconnue": 9},
    "partenaires": {"publique": 9, "aveugle": 8, "cachee": 9, "inconnue": 9},
}


@pytest.fixture
def demo(demo_db):
    return db.session.scalars(db.select(JohariExercise)).one()


def test_every_annex_postit_is_in_its_group_and_quadrant(demo):
    rows = db.session.execute(
        db.select(JohariGroup.slug, PostIt.quadrant, db.func.count())
        .join(PostIt.group).group_by(JohariGroup.slug, PostIt.quadrant)).all()
    counts = {}
    for slug, quadrant, n in rows:
        counts.setdefault(slug, {})[quadrant] = n
    assert counts == ANNEX_COUNTS
    texts = {p.text for p in reports.load_postits(demo)}
    assert "Les moyens de déplacements" in texts and "La lutte contre l'illettrisme" in texts


def test_demo_load_is_idempotent(demo, runner):
    runner.invoke(args=["demo", "load"])
    assert db.session.scalar(db.select(db.func.count()).select_from(PostIt)) == 65
    assert db.session.scalar(db.select(db.func.count()).select_from(JohariExercise)) == 1


def test_commerces_and_mobility_are_shared_as_in_the_contract(demo):
    """Seed 003 lines 715-719: commerces de proximité and the mobility brake are shared."""
    data = reports.compare_exercise(demo)
    shared = {data.challenges[v.challenge_id].code: v for v in data.result.shared}
    mobility, rights = shared["TH08"], shared["TH01"]
    texts = {g: [data.postits[i].text for ids in quads.values() for i in ids]
             for g, quads in mobility.by_group.items()}
    assert texts == {"habitants": ["Un réseau de bus"],
                     "partenaires": ["Les moyens de déplacements"]}
    assert "commerce" in rights.keywords
    commerce = [data.postits[i].text for i in rights.postit_ids]
    assert "Les commerces et structures présents : CANM, bibliothèque, friagerie, " \
           "boulangerie, etc." in commerce
    assert "Les commerces de proximités abordables aux habitants" in commerce


def test_contract_conclusions_are_the_facilitators(demo):
    assert demo.partage.startswith("- Les commerces de proximité semblent insuffisants")
    assert "besoin de diagnostic actualisé" in demo.constats_partenaires
    assert "sentiment d'insécurité" in demo.constats_habitants
    assert "vision du quartier au sens large" in demo.discordance
