"""Members over time and meetings: the Arques shape (16 present, 5 proxies, 21 / 0 / 0)."""
from __future__ import annotations

from datetime import date, datetime

import pytest

from participation.contributions.models import Contribution
from participation.core.errors import DomainError
from participation.council import draws, meetings, members
from participation.extensions import db
from tests.council.conftest import fill
from tests.reading import plain


@pytest.fixture
def seated(council):
    fill(council, 8, 8, 0)
    d = draws.prepare_draw(council, council.colleges[0].id, 8, 8)
    draws.run_stored_draw(d, "5 5 2 6")
    return members.seat_drawn_members(d, date(2024, 1, 15))


def test_seated_members_keep_parity_and_accept_the_charter(council, seated):
    assert len(seated) == 8 and sorted(m.sex for m in seated) == ["f"] * 4 + ["h"] * 4
    assert seated[0].name.startswith("Personne")
    members.accept_charter(seated[0], date(2024, 1, 15), public_name="Awa B.")
    assert (seated[0].charter_version, seated[0].public_name) == (1, "Awa B.")


def test_a_resigning_member_gets_a_substitute_of_the_same_sex(council, seated):
    for leaver in (seated[0], seated[1]):
        members.end_membership(leaver, "demission", date(2025, 3, 1))
        proposal = members.propose_substitute(leaver)
        assert proposal.candidacy.sex == leaver.sex
        new = members.replace_member(leaver, proposal, date(2025, 3, 10))
        assert new.replaces_id == leaver.id
    active = council.active_members
    assert len(active) == 8 and sorted(m.sex for m in active) == ["f"] * 4 + ["h"] * 4
    with pytest.raises(DomainError, match="plus en fonction"):
        members.end_membership(seated[0], "demission")


def test_turnover_per_year(council, seated):
    members.end_membership(seated[0], "demission", date(2025, 3, 1))
    members.end_membership(seated[1], "fin_mandat", date(2025, 6, 1))
    rows = {r["year"]: r for r in members.turnover(council, until=date(2026, 1, 1))}
    assert (rows[2024]["joined"], rows[2024]["at_end"]) == (8, 8)
    assert (rows[2025]["at_start"], rows[2025]["left"], rows[2025]["at_end"]) == (8, 2, 6)
    assert rows[2025]["rate"] == 25


def _meeting_of_29(council):
    """29 members in office as in Arques; 16 present, 5 represented, 5 excused, 3 absent."""
    college = council.colleges[0].id
    people = [members.add_member(council, college, f"Membre {i}", "f" if i % 2 else "h",
                                 started_on=date(2024, 1, 1)) for i in range(29)]
    meeting = meetings.create_meeting(council, datetime(2024, 2, 26, 17, 30), "Centre social",
                                      ["Avis sur le contrat de ville", "Fête de quartier"])
    rows = {m.id: ("present", None) for m in people[:16]}
    rows |= {m.id: ("represente", people[i].id) for i, m in enumerate(people[16:21])}
    rows |= {m.id: ("excuse", None) for m in people[21:26]}
    rows |= {m.id: ("absent", None) for m in people[26:]}
    return meeting, people, rows


def test_the_arques_record(council):
    meeting, people, rows = _meeting_of_29(council)
    meetings.record_attendance(meeting, rows, secretary_id=people[2].id)
    q = meetings.quorum(meeting)
    assert (q["present"], q["represente"], q["excuse"], q["absent"]) == (16, 5, 5, 3)
    assert q["reached"] and q["voters"] == 21
    meetings.record_vote(meeting.items[0], 21, 0, 0, "Avis favorable",
                         contribution_kind="perception")
    contribution = db.session.get(Contribution, meeting.items[0].contribution_id)
    assert contribution.author_role == "conseil_citoyen"
    assert contribution.source_format == "conseil_citoyen"
    refused = r"total des votes \(20\).*16 présents \+ 5 pouvoirs = 21"
    with pytest.raises(DomainError, match=refused):
        meetings.record_vote(meeting.items[1], 20, 0, 0)
    printed = meetings.minutes(meeting)
    assert ("Membre 16", "Membre 0") in printed["proxies"] and len(printed["roll"]) == 29
    assert meetings.attendance_rates(council)[people[0].id]["rate"] == 100


def test_a_second_proxy_to_the_same_holder_is_refused(council):
    meeting, people, rows = _meeting_of_29(council)
    rows[people[17].id] = ("represente", people[0].id)
    with pytest.raises(DomainError, match="Membre 0 détient déjà 1 pouvoir"):
        meetings.record_attendance(meeting, rows)


def test_no_proxy_to_an_absent_member(council):
    meeting, people, rows = _meeting_of_29(council)
    rows[people[16].id] = ("represente", people[27].id)
    with pytest.raises(DomainError, match="pas présent"):
        meetings.record_attendance(meeting, rows)


def test_no_vote_without_quorum(council):
    meeting, people, rows = _meeting_of_29(council)
    meetings.record_attendance(meeting, {m.id: ("absent", None) for m in people[:20]}
                               | {m.id: ("present", None) for m in people[20:]})
    with pytest.raises(DomainError, match="quorum"):
        meetings.record_vote(meeting.items[0], 9, 0, 0)


def test_public_minutes_show_only_consented_names(council):
    meeting, people, rows = _meeting_of_29(council)
    members.accept_charter(people[0], public_name="Awa B.") if council.charter else None
    meetings.record_attendance(meeting, rows)
    public = meetings.minutes(meeting, public=True)
    assert "Awa B." in public["roll"] and "Membre 1" not in public["roll"]
    assert public["roll"] == ["Awa B.", "28 autres membres"]


def test_quorum_rule_is_configurable(council):
    meeting, people, rows = _meeting_of_29(council)
    rows = {m.id: ("absent", None) for m in people}
    rows |= {m.id: ("present", None) for m in people[:12]}
    rows |= {m.id: ("represente", people[i].id) for i, m in enumerate(people[12:15])}
    meetings.record_attendance(meeting, rows)
    assert not meetings.quorum(meeting)["reached"]  # 12 present < 15 required (50 % of 29)
    council.quorum_counts_proxies = True
    assert meetings.quorum(meeting)["reached"]  # 12 + 3 represented = 15


def test_the_arras_kind_of_figures(council):
    """47 members in 2019, 28 in 2022: the turnover table shows the slide year by year."""
    college = council.colleges[0].id
    people = [members.add_member(council, college, f"Conseiller {i}",
                                 started_on=date(2019, 3, 1)) for i in range(47)]
    for i, year in enumerate([2020] * 6 + [2021] * 7 + [2022] * 6):
        members.end_membership(people[i], "demission", date(year, 6, 1))
    rows = {r["year"]: r for r in members.turnover(council, until=date(2022, 12, 31))}
    assert [rows[y]["at_end"] for y in (2019, 2020, 2021, 2022)] == [47, 41, 34, 28]
    assert rows[2021]["rate"] == round(100 * 7 / 41)


def test_a_late_meeting_keeps_its_paris_day_on_every_page(client, council):
    """``held_at`` is Paris wall-clock time: a meeting at 23:30 on 1 December is shown on
    1 December (the date filter used to read it as UTC and show 2 December)."""
    meeting = meetings.create_meeting(council, datetime(2026, 12, 1, 23, 30), "Centre social",
                                      ["Bilan de l'année"])
    for url in (f"/conseil/{council.id}", f"/conseil/seance/{meeting.id}"):
        page = plain(client.get(url).get_data(as_text=True))
        assert "Séance du 1 déc. 2026" in page or "Séance du 1 décembre 2026" in page, url
        assert "2 déc" not in page, url
