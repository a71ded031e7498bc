"""The code version every shared analysis key and residents' cached page holds
(``core.codeversion``): it changes with the code, never with its byproducts, is the
installed package's, and a new release never reads an older one's entries (the shared
memo's fixtures and servers come from tests/core/test_shared_memo.py)."""
from __future__ import annotations

from participation import create_app
from participation.config import TestConfig
from participation.core import memo
from participation.extensions import db
from tests.core.test_shared_memo import (  # noqa: F401 (shared_redis: a fixture)
    REDIS_URL,
    _server,
    shared_redis,
)


def _tree(root, po: bytes = b"msgid", mo: bytes = b"\xde\x12\x04\x95", code: bytes = b"X = 1\n"):
    """A package (a module, a data file, a compiled module) and a translation directory."""
    from pathlib import Path

    package, catalogue = Path(root, "participation"), Path(root, "translations")
    (package / "analysis" / "__pycache__").mkdir(parents=True, exist_ok=True)
    Path(root, "templates").mkdir(exist_ok=True)
    Path(root, "templates", "base.html").write_text("<html lang=\"fr\">")
    (catalogue / "fr" / "LC_MESSAGES").mkdir(parents=True, exist_ok=True)
    (package / "analysis" / "drafts.py").write_bytes(code)
    (package / "analysis" / "words.csv").write_text("mot\nmédecin\n")
    (package / "analysis" / "__pycache__" / "drafts.cpython-311.pyc").write_bytes(b"\x00")
    (catalogue / "fr" / "LC_MESSAGES" / "messages.po").write_bytes(po)
    (catalogue / "fr" / "LC_MESSAGES" / "messages.mo").write_bytes(mo)
    return package, (catalogue,)


def _digest(package, catalogues, version: str = "0.1.0") -> str:
    """The code version of a tree of ``_tree``: its package and templates folder."""
    from participation.core.codeversion import source_digest

    return source_digest((package, package.parent / "templates"), catalogues, version)


def test_the_code_version_changes_with_the_code_not_with_its_byproducts(tmp_path):
    """A digest of the package's files, its templates, its compiled catalogues and its
    version: the same files give the same version wherever they are installed; a changed
    module, data file, template or compiled catalogue, a renamed module or another version
    give another; compiled modules and the catalogues' sources (.po) do not count."""

    first = _digest(*_tree(tmp_path / "a"))
    assert len(first) == 16 and _digest(*_tree(tmp_path / "b")) == first
    package, catalogues = _tree(tmp_path / "c")
    (package / "analysis" / "__pycache__" / "drafts.cpython-311.pyc").write_bytes(b"\x01")
    _tree(tmp_path / "c", po=b"msgid changed")
    assert _digest(package, catalogues) == first
    assert _digest(*_tree(tmp_path / "d", code=b"X = 2\n")) != first
    assert _digest(*_tree(tmp_path / "e", mo=b"\xde\x12\x04\x96")) != first
    assert _digest(*_tree(tmp_path / "f"), "0.2.0") != first
    package, catalogues = _tree(tmp_path / "g")
    (package / "analysis" / "words.csv").write_text("mot\nmédecins\n")
    assert _digest(package, catalogues) != first
    package, catalogues = _tree(tmp_path / "h")
    (package / "analysis" / "drafts.py").rename(package / "analysis" / "quotes.py")
    assert _digest(package, catalogues) != first
    package, catalogues = _tree(tmp_path / "i")
    (tmp_path / "i" / "templates" / "base.html").write_text("<html lang=fr>")
    assert _digest(package, catalogues) != first


def test_the_running_code_version_is_the_installed_packages(app, monkeypatch):
    """The app's version is the digest of the package it runs from, its templates, static
    files and translations, read when an app starts (a bare pytest compiles stale catalogues
    after the first app: read again here); the residents' page cache keys its pages with
    it too."""
    from pathlib import Path

    import participation
    from participation.core import codeversion, pagecache

    codeversion.code_version.cache_clear()
    translations = Path(app.config["BABEL_TRANSLATION_DIRECTORIES"])
    folders = [Path(app.root_path, f).resolve() for f in (app.template_folder, app.static_folder)]
    assert codeversion.app_code_version(app) == codeversion.source_digest(
        (Path(participation.__file__).parent, *folders), (translations,),
        codeversion._installed_version())
    started = create_app(TestConfig.as_dict() | {
        "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"]})
    assert pagecache.CODE_VERSION == codeversion.app_code_version(started)
    with started.app_context():
        db.engine.dispose()
    with app.test_request_context():
        key = pagecache.page_key("/?", "fr", "", "token")
        monkeypatch.setattr(pagecache, "CODE_VERSION", "0123456789abcdef")  # another release
        assert pagecache.page_key("/?", "fr", "", "token") != key


def test_another_release_never_reads_this_ones_entries(app, shared_redis, territory,  # noqa: F811 (the fixture)
                                                       monkeypatch):
    """Two releases sharing a Redis (a rolling deployment): the new one computes its own
    results, each release finds its own, and an erasure deletes both releases' entries."""
    from participation.core import sharedmemo

    client, prefix = shared_redis
    old = _server(app, REDIS_URL, prefix)
    monkeypatch.setattr(sharedmemo, "app_code_version", lambda _app: "0123456789abcdef")
    new = _server(app, REDIS_URL, prefix)
    tid, calls = territory.id, []

    def on(server):
        with server.test_request_context():
            return memo.memo(tid, "test.release", lambda: calls.append(1) or len(calls))

    assert (on(old), on(new)) == (1, 2)  # the new release computed its own
    names = sorted(n.decode() for n in client.scan_iter(prefix + "e:*"))
    versions = {n[len(prefix) + 2:].split(":")[0] for n in names}
    assert versions == {"0123456789abcdef", old.extensions["pdq_shared_memo"].code_version}
    third = _server(app, REDIS_URL, prefix)  # another server of the new release
    assert on(third) == 2 and len(calls) == 2  # found in Redis under its version
    with new.test_request_context():
        memo.forget()
    assert list(client.scan_iter(prefix + "e:*")) == []
    for server in (old, new, third):
        with server.app_context():
            db.session.remove()
            db.engine.dispose()
