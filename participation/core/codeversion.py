"""The version of the code that computes what is kept across releases (``core.sharedmemo``,
``core.pagecache``).

An analysis or a page kept in Redis must never be served by a release that computes it
otherwise: the key of every shared analysis and every stored page holds
``app_code_version(app)``, a digest of what decides them, read from the files the running
process loads, so it changes by itself with every release whose code, templates or wording
changed (no prefix to change by hand, issue #13):

- every file of the ``participation`` package (its modules and the data they read, e.g. the
  demo's questionnaire), wherever it is installed (a checkout or a ``pip install``: the
  files are those of the installed package), ``__pycache__`` and compiled ``.pyc`` left
  out (they follow the sources and differ between Python builds);
- every file of the app's template and static folders (a page's HTML, its CSS and scripts);
- the compiled catalogues (``*.mo``) of the app's translation directories
  (``BABEL_TRANSLATION_DIRECTORIES``): the section's sentences are kept translated;
- the installed distribution's version (``parole-de-quartier``, "" when not installed).

Computed once per process and set of directories (``functools.cache``): about 2.3 MB of
modules, templates, static files and 5 catalogues read, about 30 ms at start (2-core
server, 2026-11-30).
"""
from __future__ import annotations

import hashlib
from functools import cache
from importlib import metadata
from pathlib import Path

DISTRIBUTION = "parole-de-quartier"
SKIPPED_DIRS = {"__pycache__"}
SKIPPED_SUFFIXES = {".pyc", ".pyo"}
LENGTH = 16  # hex characters of the digest kept in a key (64 bits)


def _files(root: Path, suffixes: frozenset[str] | None) -> list[Path]:
    """The files under ``root`` (sorted by their path relative to it) that take part in the
    digest: any suffix but ``SKIPPED_SUFFIXES`` when ``suffixes`` is None, else only those."""
    found = []
    for path in root.rglob("*"):
        relative = path.relative_to(root)
        if not path.is_file() or SKIPPED_DIRS & set(relative.parts[:-1]) \
                or path.suffix in SKIPPED_SUFFIXES:
            continue
        if suffixes is None or path.suffix in suffixes:
            found.append(path)
    return sorted(found, key=lambda p: p.relative_to(root).as_posix())


def source_digest(sources: tuple[Path, ...], catalogues: tuple[Path, ...] = (),
                  version: str = "") -> str:
    """``LENGTH`` hex characters of a BLAKE2b over ``version``, then each file of each
    directory of ``sources`` and the ``*.mo`` files of each directory of ``catalogues``: its
    root's position, its path relative to it and its bytes (a renamed, added or removed file
    changes it too). A missing directory counts as empty. Deterministic: same files, same
    digest."""
    digest = hashlib.blake2b(version.encode(), digest_size=LENGTH // 2)
    roots = [(Path(d), None) for d in sources] + [(Path(d), frozenset({".mo"}))
                                                   for d in catalogues]
    for index, (root, suffixes) in enumerate(roots):
        if not root.is_dir():
            continue
        for path in _files(root, suffixes):
            name = f"{index}:{path.relative_to(root).as_posix()}"
            digest.update(b"\0" + name.encode() + b"\0")
            digest.update(path.read_bytes())
    return digest.hexdigest()


def _installed_version() -> str:
    """The installed distribution's version, "" when the code runs from a checkout that was
    never installed."""
    try:
        return metadata.version(DISTRIBUTION)
    except metadata.PackageNotFoundError:
        return ""


@cache
def code_version(folders: tuple[str, ...] = (), catalogues: tuple[str, ...] = ()) -> str:
    """``source_digest`` of the loaded ``participation`` package and ``folders``, the
    ``*.mo`` files under ``catalogues`` (directories) and the installed version; once per
    process."""
    package = Path(__file__).resolve().parent.parent
    return source_digest((package, *(Path(f) for f in folders)),
                         tuple(Path(c) for c in catalogues), _installed_version())


def app_code_version(app) -> str:
    """``code_version`` of ``app``: its template and static folders, its translation
    directories (``BABEL_TRANSLATION_DIRECTORIES``, separated by ";" as Flask-Babel reads
    them), relative ones under ``app.root_path``."""
    dirs = (app.config.get("BABEL_TRANSLATION_DIRECTORIES") or "translations").split(";")
    folders = [f for f in (app.template_folder, app.static_folder) if f]
    return code_version(tuple(str(Path(app.root_path, f).resolve()) for f in folders),
                        tuple(str(Path(app.root_path, d.strip())) for d in dirs if d.strip()))
