"""The Johari comparison counts validated tags only (issue #13 item 3, tester 2b): a
suggestion nobody confirmed is shown apart, "à vérifier dans la file", never as shared."""
import pytest

from participation.extensions import db
from participation.johari import reports
from participation.johari.models import JohariExercise
from tests.reading import section_text


@pytest.fixture
def demo(demo_db):
    return db.session.scalars(db.select(JohariExercise)).one()


_section = section_text


def test_demo_comparison_counts_the_confirmed_tags_only(demo, webapp, web_login, demo_db):
    # The demo's facilitator confirmed the post-its behind the two shared points of the
    # contract's conclusion (seed 003 lines 715-719): TH01 (commerces) and TH08 (mobilité),
    # two post-its each, one per group; every other tag is a suggestion to check.
    data = reports.compare_exercise(demo)
    codes = {data.challenges[v.challenge_id].code for v in data.result.shared}
    assert codes == {"TH01", "TH08"}
    assert data.result.discordant == [] and data.result.few == []
    web_login("coordinator", demo_db)
    page = webapp.get(f"/johari/{demo.id}/comparaison")
    shared = _section(page, "Enjeux partagés")
    assert "Un réseau de bus" in shared
    assert "Les moyens de déplacements" in shared
    # the tester's two: still in the review queue / a keyword match, shown apart
    assert "Le périmètre précis du quartier" not in shared
    assert "Quartier à la fois collectif et individuel" not in shared
    to_check = _section(page, "Suggestions à vérifier dans la file")
    assert "Le périmètre précis du quartier" in to_check
    assert "Quartier à la fois collectif et individuel" in to_check
    assert page.html.find("h2", string=lambda s: s and s.startswith("Enjeux partagés")) \
        .get_text(strip=True) == "Enjeux partagés (2)"


def test_prefilled_conclusions_differ(demo, webapp, web_login, demo_db):
    data = reports.compare_exercise(demo)
    drafts = reports.draft_conclusions(data)
    written = [text for text in drafts.values() if text]
    assert written and len(set(written)) == len(written)
