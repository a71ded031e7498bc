"""Shared fixtures: the app from the factory (temp SQLite, or DATABASE_URL), client, auth,
factories. Tables are created once per session and emptied after each test; the demo data is
loaded once per session and then restored from its rows (tests/demo_rows.py, ``demo_db``,
``load_once``).

Every test runs with the clock pinned by time-machine (``pinned_clock``, autouse): at
``PDQ_TEST_CLOCK`` when set (ISO 8601; without an offset it is Paris wall-clock time, e.g.
``2026-03-29T01:59``), else at ``PINNED_CLOCK``. .ci/run replays the time-sensitive suites at
several such instants (night, noon, last minute, both daylight-saving changes)."""
from __future__ import annotations

import os
import tempfile
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import text
from threadpoolctl import threadpool_limits

from participation import create_app
from participation.config import TestConfig
from participation.core import versionread
from participation.core.clock import PARIS
from participation.extensions import db
from tests import factories
from tests.formcheck import SubmitRecorder

pytest_plugins = ["tests.demo_rows", "tests.ordered_reads"]

PINNED_CLOCK = "2026-11-24T10:00"  # a Tuesday morning in Paris (winter time)
# One BLAS thread per test process: the suite's products are small (texts × keywords,
# texts × reviewed texts) and its two xdist workers share two cores with other jobs, where
# OpenBLAS's second thread only waits, spinning (suggesting 20 texts on the demo model: 55 ms
# CPU instead of 135; same results, OpenBLAS never splits a dot product between threads).
threadpool_limits(limits=1, user_api="blas")


def pinned_instant() -> datetime:
    """The instant tests run at: ``PDQ_TEST_CLOCK`` or ``PINNED_CLOCK``, aware Europe/Paris.

    A value without an offset is Paris wall-clock time; one with an offset (the repeated hour
    of the autumn change: ``2026-10-25T02:30+01:00``) is converted to Paris time."""
    moment = datetime.fromisoformat(os.environ.get("PDQ_TEST_CLOCK") or PINNED_CLOCK)
    return moment.astimezone(PARIS) if moment.tzinfo else moment.replace(tzinfo=PARIS)


@pytest.fixture(autouse=True)
def pinned_clock(time_machine):
    """Pin the clock for every test (time-machine patches ``datetime.now``, ``date.today``,
    ``time.time``): the test starts at ``pinned_instant()`` and time runs on from there, so
    durations inside a test stay real. A test moves it with
    ``pinned_clock.move_to(datetime(..., tzinfo=PARIS))`` or ``pinned_clock.shift(timedelta)``.
    """
    time_machine.move_to(pinned_instant(), tick=True)
    return time_machine


def _database_uri(tmpdir: Path) -> str:
    """A SQLite file of this session, or DATABASE_URL; under pytest-xdist (``-n 2``) each
    worker gets a PostgreSQL schema of its own (``_worker_schema``)."""
    url = os.environ.get("DATABASE_URL")
    if url:
        from participation.config import _database_url

        worker = os.environ.get("PYTEST_XDIST_WORKER")
        return _worker_schema(_database_url(), worker) if worker else _database_url()
    return f"sqlite:///{tmpdir / 'test.sqlite'}"


def _worker_schema(url: str, worker: str) -> str:
    """``url`` with the search path set to a fresh schema ``pdq_test_<worker>`` (dropped
    and created again), so that parallel workers never see each other's rows; servers the
    tests start get the same URL (``app.config``)."""
    from urllib.parse import quote

    from sqlalchemy import create_engine

    schema = f"pdq_test_{worker}"
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    engine.dispose()
    separator = "&" if "?" in url else "?"
    return f"{url}{separator}options={quote(f'-csearch_path={schema}')}"


def _compile_stale_translations(app) -> None:
    """``make test`` compiles the catalogs first; a bare ``pytest`` does it here when a .po is
    newer than its .mo, so French plurals (0 and 1 singular) are the same in both; the
    catalogs Flask-Babel may have read already are dropped (the browser tests' live server
    serves this same app)."""
    import subprocess
    import sys

    root = Path(app.config["BABEL_TRANSLATION_DIRECTORIES"])
    stale = [po for po in root.glob("*/LC_MESSAGES/messages.po")
             if not po.with_suffix(".mo").exists()
             or po.with_suffix(".mo").stat().st_mtime < po.stat().st_mtime]
    if stale:
        subprocess.run([sys.executable, "-m", "babel.messages.frontend", "-q", "compile",
                        "-d", str(root)], check=True, capture_output=True)
        from flask_babel import get_domain

        with app.app_context():
            get_domain().cache.clear()


@pytest.fixture(scope="session")
def app():
    tmpdir = Path(tempfile.mkdtemp(prefix="pdq-test-"))
    overrides = TestConfig.as_dict() | {"SQLALCHEMY_DATABASE_URI": _database_uri(tmpdir)}
    app = create_app(overrides)
    _compile_stale_translations(app)
    with app.app_context():
        db.drop_all()
        db.create_all()
    yield app
    with app.app_context():
        db.session.remove()
        versionread.close_idle_connections()  # else left open to the garbage collector
        db.drop_all()
        db.engine.dispose()


# PostgreSQL: every id sequence a test moved starts again from its start value (the
# ``RESTART IDENTITY`` of a TRUNCATE), in one statement.
RESTART_USED_SEQUENCES = """SELECT setval(format('%I.%I', schemaname, sequencename)::regclass,
    start_value, false) FROM pg_sequences
    WHERE schemaname = current_schema() AND last_value IS NOT NULL"""


def _non_empty_tables() -> set[str]:
    """Names of the tables holding a row, in one query."""
    probes = " UNION ALL ".join(f"""SELECT '{t.name}' WHERE EXISTS (SELECT 1 FROM "{t.name}")"""
                                for t in db.metadata.sorted_tables)
    return set(db.session.execute(text(probes)).scalars())


def _empty_tables() -> None:
    """Delete every row, children first, from the tables that hold any (a TRUNCATE of all
    ~90 tables took 1-3 s a test on PostgreSQL, issue #16); on PostgreSQL the id sequences
    start again as after ``TRUNCATE ... RESTART IDENTITY``."""
    db.session.rollback()
    filled = _non_empty_tables()
    for table in reversed(db.metadata.sorted_tables):
        if table.name in filled:
            db.session.execute(text(f'DELETE FROM "{table.name}"'))
    if db.engine.dialect.name == "postgresql":
        db.session.execute(text(RESTART_USED_SEQUENCES))
    db.session.commit()


@pytest.fixture(autouse=True)
def _app_context(app):
    with app.app_context():
        yield
        db.session.remove()
        _empty_tables()
        db.session.remove()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def territory():
    return factories.territory()


@pytest.fixture
def quartier(territory):
    return factories.quartier(territory)


class Auth:
    """Log a staff user of a given role in through the real login form."""

    def __init__(self, client, territory):
        self.client, self.territory = client, territory

    def login(self, role: str = "coordinator", territory=None):
        user = factories.user(territory or self.territory, role=role)
        response = self.client.post("/accounts/login", data={
            "email": user.email, "password": factories.PASSWORD})
        assert response.status_code == 302, response.data
        return user

    def logout(self):
        return self.client.post("/accounts/logout")


@pytest.fixture
def auth(client, territory):
    return Auth(client, territory)


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "forms(*keys): submits these POST forms as rendered, keys like "
        "'events/table.html#1' (see tests/core/test_rendered_forms.py)")


@pytest.fixture(scope="session")
def _form_recorders(app):
    """The recorder of the running test (a one-item list), fed by Flask's signals."""
    from flask import has_request_context, request, request_started, template_rendered

    current: list[SubmitRecorder] = []

    def on_render(sender, template, context, **extra):
        if current and has_request_context():
            current[0].rendered.append((request.method, template.name))

    def on_request(sender, **extra):
        if current:
            current[0].requests.append(request.method)

    template_rendered.connect(on_render, app)
    request_started.connect(on_request, app)
    yield current
    template_rendered.disconnect(on_render, app)
    request_started.disconnect(on_request, app)


@pytest.fixture(autouse=True)
def _forms_mark_is_honoured(request):
    """A test marked ``forms(...)`` must really submit each marked template's form (see
    tests/formcheck.py); unmarked tests record nothing."""
    marks = [k for m in request.node.iter_markers("forms") for k in m.args]
    if not marks:
        yield None
        return
    recorders = request.getfixturevalue("_form_recorders")
    recorder = SubmitRecorder()
    recorders[:] = [recorder]
    try:
        yield recorder
    finally:
        recorders.clear()
    via_webtest = "webapp" in request.fixturenames
    if not via_webtest and "live_server" not in request.fixturenames:
        pytest.fail("marked forms(...) but uses neither webapp nor a browser", pytrace=False)
    unmet = recorder.unmet(marks, via_webtest)
    if unmet:
        how = "submitted through WebTest" if via_webtest else "rendered then POSTed"
        pytest.fail(f"marked forms({', '.join(unmet)}) but no such form was {how}",
                    pytrace=False)


def _recording_testapp(app, recorder):
    import webtest

    class RecordingTestApp(webtest.TestApp):
        """Tags each response with the names of the templates rendered to build it."""

        def do_request(self, req, status=None, expect_errors=None):
            start = len(recorder.rendered) if recorder else 0
            res = super().do_request(req, status=status, expect_errors=expect_errors)
            res.templates = frozenset(
                name for _, name in (recorder.rendered[start:] if recorder else []))
            return res

    return RecordingTestApp(app, extra_environ={"REMOTE_ADDR": "127.0.0.1"})


def _watch_unrendered_fields(monkeypatch) -> list[str]:
    """While a rendered form is submitted, note every validated field that failed although the
    browser did not send it: a field validated but not rendered (issue #11, the table page).

    Fields a browser may rightly omit (checkboxes, radios, multi-selects, files) are skipped.
    Returns the list the notes go to (``"TableContributionForm.question: …"``).
    """
    from flask import has_request_context, request
    from wtforms import fields as f
    from wtforms.form import Form as WTForm

    omissible = (f.BooleanField, f.RadioField, f.SelectMultipleField, f.FileField,
                 f.SubmitField, f.FormField, f.FieldList)
    notes: list[str] = []
    validate = WTForm.validate

    def watching_validate(self, *args, **kwargs):
        ok = validate(self, *args, **kwargs)
        if not ok and has_request_context() and request.environ.get("pdq.rendered_submit"):
            sent = set(request.form) | set(request.files)
            notes.extend(f"{type(self).__name__}.{field.name}: {field.errors}"
                         for field in self if field.errors and field.name not in sent
                         and not isinstance(field, omissible))
        return ok

    monkeypatch.setattr(WTForm, "validate", watching_validate)
    return notes


@pytest.fixture
def webapp(app, monkeypatch, _forms_mark_is_honoured):
    """A WebTest browser on the WSGI app with CSRF on: pages are loaded and their forms filled
    and submitted as rendered (``page.forms[...]``, ``form["field"] = …``, ``form.submit()``).

    Every ``form.submit()`` fails the test if the app validated a field the page did not render.
    In a test marked ``forms(...)``, each submit also records the templates of the page it came
    from (tests/formcheck.py)."""
    from webtest.forms import Form

    recorder = _forms_mark_is_honoured
    unrendered = _watch_unrendered_fields(monkeypatch)
    submit = Form.submit

    def recording_submit(self, *args, **kwargs):
        if recorder is not None:
            recorder.submitted.append((getattr(self.response, "templates", frozenset()),
                                       self.action))
        env = kwargs.pop("extra_environ", {}) | {"pdq.rendered_submit": True}
        try:
            return submit(self, *args, extra_environ=env, **kwargs)
        finally:  # said even when WebTest raises on the error status
            assert not unrendered, f"fields validated but not rendered: {unrendered}"

    monkeypatch.setattr(Form, "submit", recording_submit)
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        yield _recording_testapp(app, recorder)
    finally:
        app.config["WTF_CSRF_ENABLED"] = False


def _login_form(page):
    return next(f for f in page.forms.values() if "password" in f.fields)


@pytest.fixture
def web_login(webapp, territory):
    """Log a staff user in through the rendered login form of ``webapp``; returns the user."""

    def login(role: str = "coordinator", territory_=None):
        user = factories.user(territory_ or territory, role=role)
        form = _login_form(webapp.get("/accounts/login"))
        form["email"], form["password"] = user.email, factories.PASSWORD
        assert form.submit().status_int == 302
        return user

    return login
