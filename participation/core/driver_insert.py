"""INSERT statements (and a SELECT of one value) run straight on the database driver, inside
the session's transaction.

A resident's quick answer (``surveys.quick_answer``) writes five to seven small statements.
Through ``Connection.execute`` each cost 40 to 60 µs of Python (execution context, parameter
processing, result object, events) against 4 to 9 µs for SQLite to run it on the driver's
cursor (measured 2026-11-29 on the shared 2-core machine): about a tenth of the answer's
CPU. ``DriverInsert`` keeps what SQLAlchemy would do and drops the rest:

- the SQL is compiled by SQLAlchemy once per dialect (``insert(table).values(...)``, with
  ``RETURNING`` when asked), in the driver's own parameter style;
- each value goes through its column type's bind processor for that dialect (SQLite's
  dates and times written as SQLAlchemy writes them);
- the columns not given that have a Python-side default get it, as SQLAlchemy's insert
  would (``default.arg(None)`` for callables: SQLAlchemy's wrapper of a function without
  argument ignores the context);
- it runs on the DBAPI cursor of the SQLAlchemy connection given, so in its transaction;
  errors are the driver's (``IntegrityError`` of the driver module: see ``integrity_errors``).

Not seen by SQLAlchemy's ``before_cursor_execute`` events, nor by the ORM's change tracking
(``core.pagecache`` and ``core.data_version`` listen to flushes and ORM statements): use it
only for rows whose writes need neither (see the caller's docstring).
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence

from sqlalchemy import Table, bindparam, insert
from sqlalchemy.engine import Connection


class DriverInsert:
    """``INSERT INTO table (keys + defaulted columns) VALUES (...) [RETURNING returning]``."""

    def __init__(self, table: Table, keys: Sequence[str], returning: str | None = None):
        self.table, self.returning = table, returning
        given = set(keys)
        defaulted = [c for c in table.columns if c.default is not None and c.name not in given
                     and not c.default.is_sequence and not c.default.is_clause_element]
        self.keys = list(keys)
        self.defaults = [(c.name, c.default.arg, c.default.is_callable) for c in defaulted]
        self.columns = self.keys + [name for name, _arg, _call in self.defaults]
        self._by_dialect: dict[str, tuple] = {}

    def _prepared(self, dialect) -> tuple[str, list, bool]:
        """(SQL, [(name, bind processor or None)] in parameter order, positional?)."""
        found = self._by_dialect.get(dialect.name)
        if found is None:
            columns = self.table.c
            stmt = insert(self.table).values({name: bindparam(name, type_=columns[name].type)
                                              for name in self.columns})
            if self.returning:
                stmt = stmt.returning(columns[self.returning])
            compiled = stmt.compile(dialect=dialect)
            order = list(compiled.positiontup) if compiled.positional else self.columns
            processors = [(name, columns[name].type.dialect_impl(dialect).bind_processor(
                dialect)) for name in order]
            found = (compiled.string, processors, compiled.positional)
            self._by_dialect[dialect.name] = found
        return found

    def _parameters(self, row: dict, processors: list, positional: bool):
        values = dict(row)
        for name, arg, is_callable in self.defaults:
            values[name] = arg(None) if is_callable else arg
        out = [(name, process(values[name]) if process else values[name])
               for name, process in processors]
        return tuple(value for _name, value in out) if positional else dict(out)

    def one(self, connection: Connection, row: dict):
        """Insert ``row`` (``{key: value}``, every key given); returns the ``returning``
        column of the new row, else None."""
        sql, processors, positional = self._prepared(connection.dialect)
        cursor = connection.connection.cursor()
        try:
            cursor.execute(sql, self._parameters(row, processors, positional))
            return cursor.fetchone()[0] if self.returning else None
        finally:
            cursor.close()

    def many(self, connection: Connection, rows: Iterable[dict]) -> None:
        """Insert every row of ``rows`` in one ``executemany`` (no ``returning``)."""
        sql, processors, positional = self._prepared(connection.dialect)
        params = [self._parameters(row, processors, positional) for row in rows]
        if not params:
            return
        cursor = connection.connection.cursor()
        try:
            cursor.executemany(sql, params)
        finally:
            cursor.close()


class DriverQuery:
    """A SELECT of one value compiled once per dialect and run on the driver's cursor of a
    SQLAlchemy connection (its transaction); the parameters are given as they are (ids,
    strings: no bind processor needed)."""

    def __init__(self, stmt) -> None:
        self.stmt = stmt
        self._by_dialect: dict[str, tuple] = {}

    def scalar(self, connection: Connection, params: dict):
        """The first column of the first row, or None."""
        dialect = connection.dialect
        found = self._by_dialect.get(dialect.name)
        if found is None:
            compiled = self.stmt.compile(dialect=dialect)
            found = (compiled.string, compiled.positiontup if compiled.positional else None)
            self._by_dialect[dialect.name] = found
        sql, order = found
        cursor = connection.connection.cursor()
        try:
            cursor.execute(sql, tuple(params[name] for name in order) if order else params)
            row = cursor.fetchone()
        finally:
            cursor.close()
        return None if row is None else row[0]


class DriverConnection:
    """``with DriverConnection(engine) as connection:`` one pooled DBAPI connection of
    ``engine`` (``engine.raw_connection()``), outside the ORM session, for ``DriverInsert``
    and ``DriverQuery`` (it has the ``dialect`` and ``connection`` they use of a SQLAlchemy
    ``Connection``). The caller commits (``commit``); at the end of the block the connection
    goes back to the pool, whose reset rolls back whatever was not committed (an error).

    Why: a transaction through the ORM session (``session.connection()`` to begin, then
    ``session.commit()``) costs about 100 to 130 µs of Python around SQLite's own commit,
    against 13 µs for the pool's checkout, commit and return (measured 2026-11-30): the
    quick answer's writes need none of the session's bookkeeping (see ``surveys.quick_answer``).
    The driver's transaction rules are the ORM's: pysqlite begins before the first INSERT,
    psycopg before the first statement."""

    def __init__(self, engine) -> None:
        self.engine, self.dialect = engine, engine.dialect
        self.connection = None

    def __enter__(self) -> DriverConnection:
        self.connection = self.engine.raw_connection()
        return self

    def __exit__(self, *_exc) -> None:
        self.connection.close()
        self.connection = None

    def commit(self) -> None:
        self.connection.commit()

    def rollback(self) -> None:
        self.connection.rollback()


class SessionConnection:
    """The ORM session's connection with the ``DriverConnection`` interface (``dialect``,
    ``connection``, ``commit`` and ``rollback`` of the session; nothing done at the end of
    the block: the session's owner closes it)."""

    def __init__(self, session) -> None:
        self.session, self.dialect = session, session.connection().dialect

    @property
    def connection(self):
        """The session's DBAPI connection (a new transaction's after a rollback)."""
        return self.session.connection().connection

    def __enter__(self) -> SessionConnection:
        return self

    def __exit__(self, *_exc) -> None:
        return None

    def commit(self) -> None:
        self.session.commit()

    def rollback(self) -> None:
        self.session.rollback()


def writer_for(session, engine) -> DriverConnection | SessionConnection:
    """Where a request writes its driver statements: ``session``'s connection when the
    session already holds one in this request (a snapshot just loaded, a person signed in):
    a second connection per request thread could empty the pool, each thread holding one
    while it waits for another; else a ``DriverConnection`` of ``engine``. ``session``: a
    ``Session`` or a ``scoped_session`` (its current session)."""
    if (session() if callable(session) else session).in_transaction():
        return SessionConnection(session)
    return DriverConnection(engine)


def integrity_errors(connection: Connection) -> tuple[type[Exception], ...]:
    """The driver's ``IntegrityError`` (PEP 249) of ``connection``'s dialect."""
    return (connection.dialect.loaded_dbapi.IntegrityError,)
