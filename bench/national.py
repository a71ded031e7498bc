"""Load a generated national year into PostgreSQL: the scale rehearsal of issue #16.

    python bench/national.py --database-url postgresql://user:pw@127.0.0.1:5432/db --scale 1.0

``--scale 1.0`` is the nation: 1,514 QPV in 450 territories (one contract each), about 1.5
million survey responses (12 million answers), 300,000 contributions with their tags, events
and tables citoyennes, Johari windows (``bench/national_data.py`` says what and how much).
``--scale 0.1`` loads the first 45 territories, ``--territories 1`` only the first one (the
"demo-sized" database the HTTP bench compares with). Territory *k* is the same in every
scale: generated from ``(seed, k)`` only.

Steps: ``flask db upgrade`` (the real schema), then in ONE transaction: foreign keys, unique
constraints and secondary indexes of the loaded tables are dropped, every row is sent with
``COPY … FROM STDIN`` (psycopg), the constraints and indexes are rebuilt (so they are
checked once, as pg_restore does), sequences moved past the given ids, new cache version
tokens written; then ``VACUUM ANALYZE``. An error rolls everything back. The database must
be empty of territories (``--replace`` empties it first). Every staff user gets the password
``--password`` (coordinator: ``coordination@nat-001.example``).
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import psycopg
from sqlalchemy import Integer

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import national_data as nd  # noqa: E402

FLUSH_ROWS = 400_000


def libpq_url(url: str) -> str:
    """``postgresql+psycopg://…`` or ``postgres://…`` -> a libpq URL for psycopg."""
    for prefix in ("postgresql+psycopg://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql://" + url[len(prefix):]
    return url


def migrate(url: str) -> None:
    """Run the project's migrations on ``url`` (``flask db upgrade``)."""
    env = os.environ | {"DATABASE_URL": url, "FLASK_APP": "wsgi.py",
                        "SECRET_KEY": os.environ.get("SECRET_KEY", "national-bench"),
                        "PYTHONPATH": str(ROOT), "EMAIL_BACKEND": "disabled",
                        "SMS_BACKEND": "disabled"}
    subprocess.run([sys.executable, "-m", "flask", "db", "upgrade"], cwd=ROOT, env=env,
                   check=True, capture_output=True)


def metadata():
    """The models' tables (``sqlalchemy.MetaData``), imported through the app factory."""
    from participation import create_app
    from participation.extensions import db

    create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://", "SECRET_KEY": "x",
                "EMAIL_BACKEND": "disabled", "SMS_BACKEND": "disabled"})
    return db.metadata


class Loader:
    """Buffers generated frames per table and COPYs them in chunks of ``FLUSH_ROWS``."""

    def __init__(self, conn: psycopg.Connection, tables):
        self.conn, self.tables = conn, tables
        self.buffers: dict[str, list[pd.DataFrame]] = {}
        self.counts: dict[str, int] = {}

    def add(self, rows: dict[str, list[pd.DataFrame]]) -> None:
        for name, frames in rows.items():
            self.buffers.setdefault(name, []).extend(frames)
            if sum(len(f) for f in self.buffers[name]) >= FLUSH_ROWS:
                self.flush(name)

    def flush(self, name: str | None = None) -> None:
        for table in [name] if name else list(self.buffers):
            frames = [f for f in self.buffers.pop(table, []) if len(f)]
            if frames:
                self._copy(table, pd.concat(frames, ignore_index=True))

    def _copy(self, name: str, frame: pd.DataFrame) -> None:
        """COPY one frame (text format: tab-separated, ``\\N`` for NULL; the generated
        texts hold no tab, newline or backslash)."""
        frame = with_defaults(self.tables[name], frame)
        body = frame.to_csv(sep="\t", na_rep="\\N", header=False, index=False,
                            quoting=3, date_format="%Y-%m-%d %H:%M:%S")
        columns = ", ".join(f'"{c}"' for c in frame.columns)
        with self.conn.cursor().copy(f'COPY "{name}" ({columns}) FROM STDIN') as copy:
            copy.write(body.encode())
        self.counts[name] = self.counts.get(name, 0) + len(frame)


def with_defaults(table, frame: pd.DataFrame) -> pd.DataFrame:
    """Add the NOT NULL columns the generator left out, from the models' Python defaults
    (scalars as they are; callables such as ``utcnow`` -> the rehearsal's fixed instant),
    and write integer columns that hold NULLs (floats in pandas) as integers.

    Raises ValueError naming a NOT NULL column with neither a value nor a default."""
    extra = {}
    for column in table.columns:
        if column.name in frame.columns or column.nullable or column.server_default is not None:
            continue
        default = column.default
        if default is None:
            raise ValueError(f"{table.name}.{column.name}: NOT NULL and not generated")
        extra[column.name] = default.arg if default.is_scalar else nd.STAMP
    frame = frame.assign(**extra) if extra else frame
    integers = [c.name for c in table.columns if c.name in frame.columns
                and isinstance(c.type, Integer) and frame[c.name].dtype.kind == "f"]
    return frame.astype({c: "Int64" for c in integers}) if integers else frame


CONSTRAINTS_SQL = """
SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid), contype
FROM pg_constraint WHERE contype IN ('f', 'u') AND conrelid::regclass::text = ANY(%s)
ORDER BY contype DESC, conname"""
INDEXES_SQL = """
SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid)
FROM pg_index i WHERE i.indrelid::regclass::text = ANY(%s) AND NOT i.indisprimary
AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)"""


def drop_constraints(conn: psycopg.Connection, tables: list[str]) -> list[str]:
    """Drop FKs, unique constraints and secondary indexes of ``tables``; returns the SQL
    that rebuilds them (indexes and unique constraints first, then foreign keys)."""
    quoted = [f'"{t}"' if t == "user" else t for t in tables]
    constraints = conn.execute(CONSTRAINTS_SQL, [quoted]).fetchall()
    indexes = conn.execute(INDEXES_SQL, [quoted]).fetchall()
    for table, name, _, _ in constraints:  # 'f' sorts before 'u' in DESC: FKs go first
        conn.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
    for name, _ in indexes:
        conn.execute(f"DROP INDEX {name}")
    rebuild = [definition for _, definition in indexes]
    rebuild += [f'ALTER TABLE {t} ADD CONSTRAINT "{n}" {d}' for t, n, d, kind in constraints
                if kind == "u"]
    rebuild += [f'ALTER TABLE {t} ADD CONSTRAINT "{n}" {d}' for t, n, d, kind in constraints
                if kind == "f"]
    return rebuild


def load(conn: psycopg.Connection, tables, counts, seed: int, password_hash: str,
         progress: bool = True) -> dict[str, int]:
    """Generate every territory and COPY it; returns rows per table."""
    loader, ids = Loader(conn, tables), nd.IdCounter()
    started = time.perf_counter()
    for k in range(len(counts)):
        loader.add(nd.territory_rows(counts, k, seed, ids, password_hash))
        if progress and (k + 1) % 25 == 0:
            print(f"  {k + 1}/{len(counts)} territories, {time.perf_counter() - started:.0f} s",
                  flush=True)
    loader.flush()
    for table in loader.counts:
        if "id" in tables[table].columns:
            conn.execute(f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), "
                         f'(SELECT max(id) FROM "{table}"))')
    return loader.counts


def fresh_versions(conn: psycopg.Connection) -> None:
    """New version tokens for the loaded data: cached analyses (``core.data_version``: one per
    territory) and cached public pages (``core.pagecache``: the ``page_version`` row) are
    keyed by them, so nothing cached from a previous load is ever served."""
    conn.execute("UPDATE territory SET data_version = md5(random()::text || id::text)")
    if conn.execute("SELECT to_regclass('page_version')").fetchone()[0]:
        conn.execute("INSERT INTO page_version (id, token, changed_at) VALUES "
                     "(1, md5(random()::text), now() AT TIME ZONE 'UTC') ON CONFLICT (id) DO "
                     "UPDATE SET token = EXCLUDED.token, changed_at = EXCLUDED.changed_at")


def empty_or_replace(conn: psycopg.Connection, tables, replace: bool) -> None:
    """Refuse a database holding territories, unless ``replace``: then empty every table."""
    if not conn.execute("SELECT count(*) FROM territory").fetchone()[0]:
        return
    if not replace:
        raise SystemExit("The database already holds territories: use --replace to empty it "
                         "first (every row of every table is deleted).")
    names = ", ".join(f'"{t}"' for t in tables if t != "alembic_version")
    conn.execute(f"TRUNCATE {names} RESTART IDENTITY CASCADE")


def parse(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL"),
                        help="PostgreSQL URL (default: $DATABASE_URL)")
    parser.add_argument("--scale", type=float, default=1.0,
                        help="share of the nation's 450 territories (1.0 = the nation)")
    parser.add_argument("--territories", type=int, help="number of territories (overrides "
                        "--scale)")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--password", default="national-bench-2026",
                        help="password of every generated staff user")
    parser.add_argument("--replace", action="store_true", help="empty the database first")
    parser.add_argument("--no-migrate", action="store_true")
    args = parser.parse_args(argv)
    if not args.database_url or not libpq_url(args.database_url).startswith("postgresql://"):
        parser.error("--database-url must be a postgresql:// URL")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    from werkzeug.security import generate_password_hash

    started = time.perf_counter()
    if not args.no_migrate:
        migrate(args.database_url)
    tables = metadata().tables
    counts = nd.plan(args.scale, args.seed, args.territories)
    print(f"{len(counts)} territories, {int(counts.sum())} QPV (seed {args.seed})", flush=True)
    password_hash = generate_password_hash(args.password, method="scrypt")
    with psycopg.connect(libpq_url(args.database_url)) as conn:
        empty_or_replace(conn, tables, args.replace)
        loaded = [t for t in tables if t != "alembic_version"]
        rebuild = drop_constraints(conn, loaded)
        rows = load(conn, tables, counts, args.seed, password_hash)
        copied = time.perf_counter()
        for statement in rebuild:
            conn.execute(statement)
        fresh_versions(conn)
        conn.commit()
        indexed = time.perf_counter()
    with psycopg.connect(libpq_url(args.database_url), autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE")
        size = conn.execute("SELECT pg_size_pretty(pg_database_size(current_database()))"
                            ).fetchone()[0]
    report(rows, started, copied, indexed, size)
    return 0


def report(rows: dict[str, int], started: float, copied: float, indexed: float,
           size: str) -> None:
    """Rows per table and the time of each phase."""
    for table, count in sorted(rows.items(), key=lambda item: -item[1]):
        print(f"{table:<28}{count:>12,}")
    end = time.perf_counter()
    print(f"migrate + generate + COPY: {copied - started:.0f} s; constraints and indexes: "
          f"{indexed - copied:.0f} s; VACUUM ANALYZE: {end - indexed:.0f} s; "
          f"total {end - started:.0f} s; database size {size}")


if __name__ == "__main__":
    sys.exit(main())
