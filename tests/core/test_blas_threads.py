"""A process that creates the app runs its BLAS on ``BLAS_THREADS`` threads (1 by default):
the analyses multiply small matrices on 2 cores shared by the workers' request threads, where
OpenBLAS's second thread only waits, spinning (core/runtime.py ``limit_blas_threads``;
bench/README.md, "Analyses and the participation section", 2026-11-30)."""
from __future__ import annotations

from threadpoolctl import threadpool_info, threadpool_limits

from participation import create_app
from participation.config import TestConfig
from participation.extensions import db


def _blas_threads() -> set[int]:
    return {pool["num_threads"] for pool in threadpool_info() if pool["user_api"] == "blas"}


def _started(app, **config):
    started = create_app(TestConfig.as_dict() | {
        "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"], **config})
    with started.app_context():
        db.engine.dispose()


def test_the_app_leaves_one_blas_thread(app):
    assert "BLAS_THREADS" not in TestConfig.as_dict()  # the default, as in production
    with threadpool_limits(limits=2, user_api="blas"):  # as OpenBLAS starts on 2 cores
        _started(app)
        assert _blas_threads() == {1}


def test_zero_leaves_the_librarys_choice(app):
    with threadpool_limits(limits=2, user_api="blas"):
        before = _blas_threads()
        _started(app, BLAS_THREADS=0)
        assert _blas_threads() == before
