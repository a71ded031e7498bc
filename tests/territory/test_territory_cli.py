"""``flask territory create``: a real intercommunality starts with its territory, contract and
the national tree, then its first coordinator (``flask users create``) logs in and finds them
(found missing by a fresh tester following docs/deployment.md on 2026-11-30)."""
from sqlalchemy import func, select

from participation.extensions import db
from participation.territory.defaults import NATIONAL_TREE
from participation.territory.models import Challenge, Contract, Territory


def _create(runner, *extra):
    return runner.invoke(args=["territory", "create", "--slug", "cc-flandre-lys",
                               "--name", "CC Flandre Lys", *extra])


def test_a_new_territory_then_its_first_coordinator_logs_in(runner, webapp):
    result = _create(runner, "--start-year", "2024", "--end-year", "2030")
    assert result.exit_code == 0, result.output
    territory = db.session.scalar(select(Territory).where(Territory.slug == "cc-flandre-lys"))
    contract = db.session.scalar(select(Contract).where(Contract.territory_id == territory.id))
    assert (territory.name, contract.name, contract.period, contract.midterm_year) == (
        "CC Flandre Lys", "Contrat de ville CC Flandre Lys", "2024-2030", 2027)
    challenges = db.session.scalar(select(func.count(Challenge.id)).where(
        Challenge.contract_id == contract.id))
    assert challenges == len(NATIONAL_TREE)  # 15 lines: 3 pillars and 12 challenges
    result = runner.invoke(args=["users", "create", "--email", "ops@cc-flandre-lys.fr",
                                 "--name", "Ops", "--role", "coordinator", "--territory",
                                 "cc-flandre-lys", "--password", "Tr0p-fac1le-pas-du-tout"])
    assert result.exit_code == 0, result.output
    form = webapp.get("/accounts/login").forms[0]
    form["email"], form["password"] = "ops@cc-flandre-lys.fr", "Tr0p-fac1le-pas-du-tout"
    assert form.submit().status_int == 302
    page = webapp.get("/territory/")
    assert "CC Flandre Lys" in page.text and "Contrat de ville CC Flandre Lys" in page.text
    tree = webapp.get(f"/territory/contracts/{contract.id}/tree")
    assert "Mobilité" in tree.text and "Santé" in tree.text  # the national tree is there


def test_bad_options_are_refused_and_nothing_is_written(runner):
    cases = [("--slug", "CC Flandre"), ("--slug", "cc--lys"), ("--name", "  ")]
    for option, value in cases:
        args = ["territory", "create", "--slug", "cc-lys", "--name", "CC Lys"]
        args[args.index(option) + 1] = value
        result = runner.invoke(args=args)
        assert result.exit_code != 0 and "Error:" in result.output, (value, result.output)
    result = runner.invoke(args=["territory", "create", "--slug", "cc-lys", "--name", "CC Lys",
                                 "--start-year", "2030", "--end-year", "2024"])
    assert "Years must be in order" in result.output
    assert db.session.scalar(select(func.count(Territory.id))) == 0
    assert _create(runner).exit_code == 0
    again = _create(runner)
    assert again.exit_code != 0 and "already exists" in again.output
    assert db.session.scalar(select(func.count(Territory.id))) == 1
