"""Configuration read from the environment.

Everything a deployment changes comes from environment variables; the defaults give a working
single-machine install (SQLite under ``instance/``).
"""
from __future__ import annotations

import os
import secrets
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
INSTANCE = Path(os.environ.get("INSTANCE_PATH", ROOT / "instance"))


def _secret_key() -> str:
    """Use SECRET_KEY if set, else a key generated once into instance/secret_key."""
    if os.environ.get("SECRET_KEY"):
        return os.environ["SECRET_KEY"]
    INSTANCE.mkdir(parents=True, exist_ok=True)
    path = INSTANCE / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()


def _database_url() -> str:
    url = os.environ.get("DATABASE_URL")
    if not url:
        INSTANCE.mkdir(parents=True, exist_ok=True)
        return f"sqlite:///{INSTANCE / 'participation.sqlite'}"
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://"):]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://"):]
    return url


class Config:
    # "production" (default: console message backends refused, SQL parameters hidden) or
    # "development" (`make run`); see docs/security.md.
    APP_ENV = os.environ.get("APP_ENV", "production")
    SECRET_KEY = None  # filled in create_app so tests can override without touching disk
    SQLALCHEMY_DATABASE_URI = None
    SQLALCHEMY_ENGINE_OPTIONS: dict = {"pool_pre_ping": True}
    BABEL_DEFAULT_LOCALE = "fr"
    BABEL_DEFAULT_TIMEZONE = "Europe/Paris"
    BABEL_TRANSLATION_DIRECTORIES = str(ROOT / "translations")
    # The resident's languages (BCP 47 tag -> name in that language), in the switch's order;
    # see participation/core/i18n.py and docs/languages.md.
    LANGUAGES = {"fr": "Français", "fr-x-falc": "Français facile à lire", "en": "English",
                 "ar": "العربية", "tr": "Türkçe"}
    RTL_LANGUAGES = {"ar"}
    # Languages a contract's documents (the participation section) are written in.
    DOCUMENT_LANGUAGES = {"fr": "Français", "en": "English"}
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    # Secure cookies when served over HTTPS: SESSION_COOKIE_SECURE=1 or an https base URL
    SESSION_COOKIE_SECURE = os.environ.get("SESSION_COOKIE_SECURE", "0") == "1" or \
        os.environ.get("PUBLIC_BASE_URL", "").startswith("https://")
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_SECURE = SESSION_COOKIE_SECURE
    PERMANENT_SESSION_LIFETIME = 8 * 3600
    # Public forms (residents): per client address; login has its own 10/minute
    PUBLIC_SUBMIT_LIMIT = os.environ.get("PUBLIC_SUBMIT_LIMIT", "20/minute;200/hour")
    # Per-account lockout after repeated failed logins
    # werkzeug's scrypt at its defaults (N=2**15, r=8, p=1: 32 MB and ~0.1-0.6 s a hash on
    # the 2-core machine), salted; every stored password and the unknown-address dummy use it.
    PASSWORD_HASH_METHOD = "scrypt"
    LOGIN_LOCKOUT_FAILURES = int(os.environ.get("LOGIN_LOCKOUT_FAILURES", "5"))
    LOGIN_LOCKOUT_MINUTES = int(os.environ.get("LOGIN_LOCKOUT_MINUTES", "15"))
    # Registre des traitements: who is responsible and whom residents write to
    PRIVACY_CONTROLLER = os.environ.get("PRIVACY_CONTROLLER", "")
    PRIVACY_CONTACT = os.environ.get("PRIVACY_CONTACT", "")
    # Withdrawal links (or requests) per contact, whatever the address asking: the public
    # form cannot flood a phone (privacy.withdrawal_requests)
    WITHDRAWAL_CONTACT_LIMIT = os.environ.get("WITHDRAWAL_CONTACT_LIMIT", "3/day")
    WTF_CSRF_TIME_LIMIT = None
    RATELIMIT_STORAGE_URI = None  # filled by load_config: see ratelimit_storage()
    RATELIMIT_ENABLED = os.environ.get("RATELIMIT_ENABLED", "1") == "1"
    # Keys of the counts in a shared storage: one prefix per deployment sharing a Redis
    RATELIMIT_KEY_PREFIX = os.environ.get("RATELIMIT_KEY_PREFIX", "pdq")
    # Redis down: counted in each process meanwhile (limits still apply), never a 500; a
    # Redis slower than 0.2 s counts as down (``load_config``)
    RATELIMIT_IN_MEMORY_FALLBACK_ENABLED = True
    MAX_CONTENT_LENGTH = 16 * 1024 * 1024
    # Reverse proxies in front of gunicorn (nginx: 1). The client address (rate limits, audit
    # log) is then read from the last X-Forwarded-For entry the proxies added; with 0 the
    # header is ignored, as a client could forge it (docs/deployment.md).
    TRUSTED_PROXIES = int(os.environ.get("TRUSTED_PROXIES", "0"))
    PUBLIC_BASE_URL = os.environ.get("PUBLIC_BASE_URL", "")
    # Residents' public pages kept rendered (core/pagecache.py): on Redis when
    # CACHE_REDIS_URL or REDIS_URL is set (shared by every worker and app server), else in
    # each process. The data version invalidates them; the timeout only frees memory.
    PAGE_CACHE = os.environ.get("PAGE_CACHE", "1") == "1"
    PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "3600"))
    PAGE_CACHE_PREFIX = os.environ.get("PAGE_CACHE_PREFIX", "pdq-pages:")
    CACHE_REDIS_URL = os.environ.get("CACHE_REDIS_URL") or os.environ.get("REDIS_URL") or None
    # Up to this many quartiers the home page lists them all; beyond (a region, the nation)
    # it offers a search and a list by department (territory/home_page.py).
    HOME_LIST_MAX_QUARTIERS = int(os.environ.get("HOME_LIST_MAX_QUARTIERS", "60"))
    # No figure is published for fewer people than this (small groups identify people)
    ANALYSIS_MIN_COUNT = int(os.environ.get("ANALYSIS_MIN_COUNT", "5"))
    # Analyses and section kept per territory until its data changes (core.memo); 0: off.
    ANALYSIS_CACHE_SIZE = int(os.environ.get("ANALYSIS_CACHE_SIZE", "64"))
    # Parts of them (groupings, a challenge's summary, a survey's results) kept by the digest
    # of their input, so a new answer recomputes only what it changed (core.memo); 0: off.
    ANALYSIS_CONTENT_CACHE_SIZE = int(os.environ.get("ANALYSIS_CONTENT_CACHE_SIZE", "512"))
    # Both shared through Redis when CACHE_REDIS_URL/REDIS_URL is set (core/sharedmemo.py):
    # key prefix (one per deployment sharing a Redis), lifetime, largest value shared (bytes,
    # larger ones stay in process), Redis timeout and pause after a failure, how often an
    # in-process hit reads the generation again (seconds; 0: on every hit).
    ANALYSIS_SHARED_PREFIX = os.environ.get("ANALYSIS_SHARED_PREFIX", "pdq-memo:")
    ANALYSIS_SHARED_SECONDS = int(os.environ.get("ANALYSIS_SHARED_SECONDS", "86400"))
    ANALYSIS_SHARED_MAX_BYTES = int(os.environ.get("ANALYSIS_SHARED_MAX_BYTES", "8388608"))
    ANALYSIS_SHARED_TIMEOUT = float(os.environ.get("ANALYSIS_SHARED_TIMEOUT", "0.2"))
    ANALYSIS_SHARED_RETRY_SECONDS = float(os.environ.get("ANALYSIS_SHARED_RETRY_SECONDS", "30"))
    # A cold entry is computed by one process at a time: the others wait for it (at most this)
    ANALYSIS_SHARED_LOCK_SECONDS = float(os.environ.get("ANALYSIS_SHARED_LOCK_SECONDS", "30"))
    ANALYSIS_SHARED_RECHECK_SECONDS = float(
        os.environ.get("ANALYSIS_SHARED_RECHECK_SECONDS", "1"))
    # Without Redis, the same kept results shared by every process of the machine and kept
    # across restarts in this folder (core/diskmemo.py; empty: in each process only): its
    # busy timeout (s), lifetime of an entry (s) and size limit (bytes).
    ANALYSIS_DISK_CACHE = os.environ.get("ANALYSIS_DISK_CACHE", str(INSTANCE / "analysis-cache"))
    ANALYSIS_DISK_TIMEOUT = float(os.environ.get("ANALYSIS_DISK_TIMEOUT", "1"))
    ANALYSIS_DISK_SECONDS = int(os.environ.get("ANALYSIS_DISK_SECONDS", str(7 * 86400)))
    ANALYSIS_DISK_MAX_BYTES = int(os.environ.get("ANALYSIS_DISK_MAX_BYTES", str(512 * 2**20)))
    # What coordinators looked at is computed again by a thread of each web process once
    # their territory's data stayed unchanged this many seconds (analysis/warming.py; -1:
    # off), or this long after the first change; looked for every EVERY seconds, for what
    # was looked at in the last HOURS, at most ITEMS pages per territory.
    ANALYSIS_WARM_DELAY = float(os.environ.get("ANALYSIS_WARM_DELAY", "2"))
    ANALYSIS_WARM_LONGEST = float(os.environ.get("ANALYSIS_WARM_LONGEST", "30"))
    ANALYSIS_WARM_EVERY = float(os.environ.get("ANALYSIS_WARM_EVERY", "1"))
    ANALYSIS_WARM_HOURS = float(os.environ.get("ANALYSIS_WARM_HOURS", "8"))
    ANALYSIS_WARM_ITEMS = int(os.environ.get("ANALYSIS_WARM_ITEMS", "24"))
    # Suggested challenges of residents' free texts, scored in batches by a thread of each web
    # worker this many seconds after an answer (analysis/pending.py); -1: only by
    # ``flask analysis suggest-pending`` (cron or a worker of its own).
    SUGGESTIONS_DELAY = float(os.environ.get("SUGGESTIONS_DELAY", "0.5"))
    # Threads of OpenBLAS (numpy's matrix products) in each process (core/runtime.py): the
    # analyses' matrices are small and the 2 cores are shared by the workers' threads.
    BLAS_THREADS = int(os.environ.get("BLAS_THREADS", "1"))


def ratelimit_storage(environ=os.environ) -> str:
    """Where rate-limit counts live: ``RATELIMIT_STORAGE_URI``, else ``REDIS_URL`` (shared by
    every worker and server), else ``memory://``, which counts per process: right for one
    process only (``shared_limits_problem`` refuses it for several gunicorn workers)."""
    return environ.get("RATELIMIT_STORAGE_URI") or environ.get("REDIS_URL") or "memory://"


def shared_limits_problem(workers: int, environ=os.environ) -> str | None:
    """Why a server of ``workers`` processes must not start, or None.

    With ``memory://`` each worker keeps its own counts: with 2 workers, 60 of 100 requests
    passed a 30/minute limit (finding 12 of issue #17). Limits switched off
    (``RATELIMIT_ENABLED=0``, benchmarks) need no storage."""
    if workers <= 1 or environ.get("RATELIMIT_ENABLED", "1") != "1":
        return None
    if ratelimit_storage(environ).startswith("memory://"):
        return (f"{workers} workers share no rate-limit counts with memory://: set REDIS_URL "
                "(or RATELIMIT_STORAGE_URI=redis://host:6379/0), or run one worker.")
    return None


def load_config(overrides: dict | None = None) -> dict:
    """Merge Config, the environment and explicit overrides into one mapping."""
    values = {k: getattr(Config, k) for k in dir(Config) if k.isupper()}
    overrides = dict(overrides or {})
    if "SECRET_KEY" not in overrides:
        values["SECRET_KEY"] = _secret_key()
    values["RATELIMIT_STORAGE_URI"] = ratelimit_storage()
    if "SQLALCHEMY_DATABASE_URI" not in overrides:
        values["SQLALCHEMY_DATABASE_URI"] = _database_url()
    values.update(overrides)
    if str(values["RATELIMIT_STORAGE_URI"]).startswith(("redis://", "rediss://")):
        values.setdefault("RATELIMIT_STORAGE_OPTIONS", {
            "socket_timeout": 0.2, "socket_connect_timeout": 0.2})
    uri = values["SQLALCHEMY_DATABASE_URI"]
    if uri.startswith("sqlite"):
        values["SQLALCHEMY_ENGINE_OPTIONS"] = {"connect_args": {"timeout": 30}}
    # SQL errors name their statement but never the values (residents' words and contacts)
    # outside development (security finding 6).
    values["SQLALCHEMY_ENGINE_OPTIONS"] = dict(values["SQLALCHEMY_ENGINE_OPTIONS"]) | {
        "hide_parameters": values.get("APP_ENV") != "development"}
    return values


class TestConfig:
    """Overrides used by the test-suite (see tests/conftest.py)."""

    TESTING = True
    WTF_CSRF_ENABLED = False
    RATELIMIT_ENABLED = False
    SECRET_KEY = "test-secret"
    SERVER_NAME = None
    CACHE_REDIS_URL = None  # pages cached in process: tests never share a Redis
    ANALYSIS_DISK_CACHE = None  # nor a folder: each test's analyses computed from its data
    ANALYSIS_WARM_DELAY = None  # pages looked at remembered, no thread: tests call tick()
    # The same scrypt and code paths at N=2**10 (~15 ms, not ~0.6 s): the suite creates and
    # checks hundreds of passwords (issue #16); tests/accounts checks production's strength.
    PASSWORD_HASH_METHOD = "scrypt:1024:8:1"
    SUGGESTIONS_DELAY = None  # suggestions drained when the response closes, in its thread

    @classmethod
    def as_dict(cls) -> dict:
        return {k: getattr(cls, k) for k in dir(cls) if k.isupper()}
