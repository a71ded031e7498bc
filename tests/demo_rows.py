"""The demo data of the suite, loaded once per session and then restored from its rows
(issue #16: loading it for every test was the suite's largest cost). A pytest plugin of
tests/conftest.py (``pytest_plugins``).

``load_once(name, kept, load)`` runs a loader on an empty database the first time of the
session and keeps every table's rows; later tests get those rows inserted back. ``demo_db``
is the whole demo through it; feature conftests load their own sets the same way
(tests/johari/conftest.py). ``pytest_collection_modifyitems`` sets ``demo_db`` up before a
test's other fixtures, so that it can be restored instead of loaded again."""
from __future__ import annotations

import pytest
from sqlalchemy import literal, select, text

from participation.extensions import db


@pytest.fixture(scope="session")
def _kept_rows() -> dict:
    """Per loaded data set ("demo"...), every table's rows just after its first load of the
    session (``load_once``)."""
    return {}


def _restore_rows(rows: dict) -> None:
    """Insert the kept rows, parents first; on PostgreSQL move each id sequence past them;
    then new version tokens (``_fresh_versions``).

    Straight on the session's connection: no ORM event fires per table (core/pageversion.py
    would insert the ``page_version`` row the kept rows hold, before the restore does)."""
    connection = db.session.connection()
    for table in db.metadata.sorted_tables:
        if rows.get(table.name):
            connection.execute(table.insert(), rows[table.name])
    if db.engine.dialect.name == "postgresql":
        moves = []
        for table in db.metadata.sorted_tables:
            keys = list(table.primary_key.columns)
            if rows.get(table.name) and len(keys) == 1:
                top = max(row[keys[0].name] for row in rows[table.name])
                if isinstance(top, int):  # setval(NULL, …) is a no-op for a non-serial key
                    moves.append(f"""setval(pg_get_serial_sequence('"{table.name}"', """
                                 f"'{keys[0].name}'), {int(top)})")
        if moves:
            connection.execute(text("SELECT " + ", ".join(moves)))
    _fresh_versions()
    db.session.commit()


def _fresh_versions() -> None:
    """New data-version tokens for every territory and the public pages, as a real load
    gives: a result cached by an earlier test of the same kept rows is never served."""
    from participation.core import data_version, pageversion

    data_version.bump(db.session)
    pageversion.bump(db.session.connection())


def _database_is_empty() -> bool:
    with db.engine.connect() as connection:
        return not any(connection.execute(select(literal(1)).select_from(table).limit(1))
                       .scalar() for table in db.metadata.sorted_tables)


def _keep_rows(rows: dict) -> None:
    with db.engine.connect() as connection:
        for table in db.metadata.sorted_tables:
            rows[table.name] = [dict(row) for row in connection.execute(table.select()).mappings()]


def load_once(name: str, kept: dict, load) -> None:
    """``load()`` (it commits its rows) on an empty database the first time of the session,
    keeping every table's rows under ``kept[name]``; later, on an empty database, those rows
    are inserted back instead (a fraction of a second against 10-60 s); over rows a test made
    first ``load()`` runs for real again (their ids would collide)."""
    db.session.remove()
    empty = _database_is_empty()
    if name in kept and empty:
        _restore_rows(kept[name])
        return
    load()
    db.session.commit()
    if empty:
        _keep_rows(kept.setdefault(name, {}))


@pytest.fixture(scope="session")
def _demo_printed() -> dict:
    """``{"output": text}``: what ``flask demo load`` printed the last time ``demo_db`` ran
    it for real in this session (this xdist worker)."""
    return {}


@pytest.fixture
def demo_db(runner, _kept_rows, _demo_printed):
    """The whole demo (``flask demo load``, every feature's loader) in the test database.

    Loaded for real by the first test of the session that asks, then restored from the kept
    rows (``load_once``; the demo load was the suite's largest cost, issue #16); it is set up
    before the test's other fixtures (``pytest_collection_modifyitems``). Returns the demo
    territory."""
    from participation.territory.models import Territory

    def load():
        result = runner.invoke(args=["demo", "load"])
        assert result.exit_code == 0, result.output
        _demo_printed["output"] = result.output

    load_once("demo", _kept_rows, load)
    return db.session.scalar(db.select(Territory).where(Territory.slug == "coeur-de-flandre"))


@pytest.fixture
def demo_first_load(demo_db, _demo_printed) -> str:
    """For the tests of ``flask demo load`` itself: the database as the command left it on an
    empty database, and what that run printed (its exit code was 0: ``demo_db``).

    The command ran for real on an empty database once in this worker (``load_once``: the
    first test that needed the demo) and its rows are restored here: each of these tests used
    to run that first load again (20-40 s each, 5 tests; issue #16). A test then runs the
    command again itself to check that a second run changes nothing."""
    return _demo_printed["output"]


def pytest_collection_modifyitems(items):
    """``demo_db`` (``demo_first_load`` too, through it) is set up first, right after the
    autouse fixtures (the app context and the pinned clock): a test's other fixtures
    (``territory``, ``auth``...) write their rows after the demo's, so the demo is restored
    from the kept rows (0.3 s) instead of loaded for real over them (30-60 s on this
    machine, issue #16)."""
    for item in items:
        names = getattr(item, "fixturenames", None)
        if not names or "demo_db" not in names or "_app_context" not in names:
            continue
        names.remove("demo_db")
        after = max(names.index(n) for n in ("_app_context", "pinned_clock") if n in names)
        names.insert(after + 1, "demo_db")
