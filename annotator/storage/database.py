"""Opening a database: URL resolution, SQLite set-up, migrations on open, clear errors."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import platformdirs
from sqlalchemy import Connection, Engine, create_engine, event, inspect
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from annotator.core.errors import DatabaseLocationError, DatabaseOpenError, DatabaseUnavailableError
from annotator.storage import migrate

ENV_VAR = "ANNOTATOR_DB"
SQLITE_MAGIC = b"SQLite format 3\x00"


def default_database_path() -> Path:
    """The embedded default: a SQLite file in the platform's user data directory."""
    return platformdirs.user_data_path("annotator", appauthor=False) / "annotator.db"


def resolve_url(db: str | os.PathLike[str] | None = None) -> str:
    """A SQLAlchemy URL from ``--db`` (URL or path), else ``$ANNOTATOR_DB``, else the default."""
    if db is None or str(db) == "":
        db = os.environ.get(ENV_VAR) or default_database_path()
    text = str(db)
    if "://" not in text:
        return "sqlite:///" + str(Path(text).expanduser().resolve())
    if text.startswith("postgresql://") or text.startswith("postgres://"):
        # psycopg 3 is the driver we install; SQLAlchemy's default would be psycopg2.
        return "postgresql+psycopg://" + text.split("://", 1)[1]
    return text


def display_url(url: str) -> str:
    """The URL without its password, for messages."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return url


class Database:
    """An open, migrated database. Sessions come from :meth:`session` and :meth:`transaction`."""

    def __init__(self, engine: Engine, url: str) -> None:
        self.engine = engine
        self.url = url
        self._readers = sessionmaker(engine, expire_on_commit=False)
        writer = engine.execution_options(sqlite_begin="IMMEDIATE")
        self._writers = sessionmaker(writer, expire_on_commit=False)
        self._local = threading.local()
        self._held: list[Connection] = []
        self._held_lock = threading.Lock()

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    @property
    def display_url(self) -> str:
        return display_url(self.url)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A read transaction (deferred on SQLite, so readers never wait for writers)."""
        with self._guard(), self._readers.begin() as session:
            yield session

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """A write transaction, committed on exit; on SQLite it takes the write lock at once
        (BEGIN IMMEDIATE) so two writers queue instead of failing half-way."""
        with self._guard(), self._writers.begin() as session:
            yield session

    @contextmanager
    def reads(self) -> Iterator[Session]:
        """A session for a few reads at one round trip each. On PostgreSQL it runs on this
        thread's autocommit connection (see :meth:`statement`): no pool ping, no BEGIN, no
        COMMIT, so a window far from its server pays a quarter of the round trips; the
        reads do not share one snapshot. On SQLite it is :meth:`session`."""
        if self.is_sqlite:
            with self.session() as session:
                yield session
            return
        with self.statement() as conn, Session(bind=conn, expire_on_commit=False) as session:
            yield session

    @contextmanager
    def statement(self) -> Iterator[Connection]:
        """A connection in autocommit that this thread keeps open, for one-statement writes
        that must cost a single round trip (no BEGIN, no COMMIT, no pool ping). A failed
        call drops the connection; the next one connects again."""
        conn: Connection | None = getattr(self._local, "conn", None)
        if conn is None or conn.closed or conn.invalidated:
            with self._guard():  # the server may be away: the same clear error as any call
                conn = self.engine.connect().execution_options(isolation_level="AUTOCOMMIT")
            self._local.conn = conn
            with self._held_lock:
                self._held.append(conn)
        try:
            with self._guard():
                yield conn
        except (SQLAlchemyError, DatabaseUnavailableError):
            self._local.conn = None
            with self._held_lock:
                if conn in self._held:
                    self._held.remove(conn)
            try:
                conn.close()
            except SQLAlchemyError:
                pass
            raise

    @contextmanager
    def _guard(self) -> Iterator[None]:
        try:
            yield
        except DBAPIError as exc:
            if exc.connection_invalidated or _is_disconnect(exc):
                raise DatabaseUnavailableError(
                    f"The database {self.display_url} is not reachable: {_first_line(exc.orig)}."
                ) from exc
            raise

    def close(self) -> None:
        with self._held_lock:
            held, self._held = self._held, []
        for conn in held:
            try:
                conn.close()
            except SQLAlchemyError:
                pass
        self.engine.dispose()

    def __enter__(self) -> Database:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def open_database(db: str | os.PathLike[str] | None = None, *, upgrade: bool = True,
                  existing: bool = False) -> Database:
    """Open (creating if needed) and migrate the database named by ``db``. With
    ``existing``, only an annotator database that is already there is opened (a merge
    source: a mistyped name must not become a new, empty database).

    Raises a :class:`~annotator.core.errors.AnnotatorError` with one clear sentence when the
    database cannot be used; in that case nothing was written.
    """
    url = resolve_url(db)
    created: Path | None = None
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise DatabaseOpenError(f"{url!r} is neither a database URL nor a file path.") from None
    if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
        path = Path(parsed.database)
        if existing and not path.is_file():
            raise DatabaseOpenError(f"There is no database file {path}.")
        created = _prepare_sqlite_file(path, is_default=db is None and ENV_VAR not in os.environ)
    try:
        engine = _create_engine(url)
        try:
            with engine.connect() as conn:
                if existing and migrate.current_revision(conn) is None:
                    raise DatabaseOpenError(f"{display_url(url)} is not an annotator database "
                                            "(it holds none of annotator's tables).")
                if upgrade:
                    migrate.upgrade_to_head(conn, sqlite_path=_sqlite_path(parsed))
                else:
                    migrate.check_revision(conn)
                if engine.dialect.name == "sqlite":
                    # Persistent in the file; only once we know the file is ours, and
                    # outside a transaction (the driver connection is in autocommit).
                    conn.connection.driver_connection.execute("PRAGMA journal_mode = WAL")
        except BaseException:
            engine.dispose()
            raise
    except BaseException:
        if created is not None:
            _remove_sqlite_files(created)
        raise
    return Database(engine, url)


def _create_engine(url: str) -> Engine:
    try:
        engine = create_engine(url, pool_pre_ping=not url.startswith("sqlite"))
    except NoSuchModuleError:
        raise DatabaseOpenError(
            f"No database driver for {display_url(url)}; use sqlite:/// or postgresql://."
        ) from None
    except (ArgumentError, ImportError) as exc:
        raise DatabaseOpenError(f"Cannot use {display_url(url)}: {_first_line(exc)}.") from None
    if engine.dialect.name == "sqlite":
        _configure_sqlite(engine)
    return _checked(engine, url)


def _checked(engine: Engine, url: str) -> Engine:
    try:
        with engine.connect():
            pass
    except SQLAlchemyError as exc:
        engine.dispose()
        reason = _first_line(getattr(exc, "orig", None) or exc)
        if "file is not a database" in reason:
            raise DatabaseOpenError(f"{display_url(url)} is not a database file.") from None
        raise DatabaseOpenError(f"Cannot open the database {display_url(url)}: {reason}.") from None
    return engine


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record):  # type: ignore[no-untyped-def]
        # We emit BEGIN ourselves (below) so DDL and reads are transactional too.
        dbapi_conn.isolation_level = None
        cursor = dbapi_conn.cursor()
        cursor.execute("PRAGMA busy_timeout = 30000")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn):  # type: ignore[no-untyped-def]
        mode = conn.get_execution_options().get("sqlite_begin", "")
        conn.exec_driver_sql(f"BEGIN {mode}".strip())


def _prepare_sqlite_file(path: Path, *, is_default: bool) -> Path | None:
    """Check the file is usable before SQLite touches it; create it owner-only if new.

    Returns the path when this call created the file (so a failed open can remove it).
    """
    if path.is_dir():
        raise DatabaseLocationError(f"{path} is a directory, not a database file.")
    if path.exists():
        try:
            with path.open("rb") as fh:
                head = fh.read(len(SQLITE_MAGIC))
        except OSError as exc:
            raise DatabaseLocationError(f"Cannot read {path}: {exc.strerror}.") from None
        if head and head != SQLITE_MAGIC:
            raise DatabaseOpenError(f"{path} is not a database file.")
        if not os.access(path, os.W_OK):
            raise DatabaseLocationError(f"{path} is read-only; annotator needs to write to it.")
        return None
    if is_default:
        try:
            path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        except OSError as exc:
            raise DatabaseLocationError(
                f"Cannot create the data folder {path.parent}: {exc.strerror}.") from None
    if not path.parent.is_dir():
        raise DatabaseLocationError(f"Cannot create {path}: the folder {path.parent} does not exist.")
    try:
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    except OSError as exc:
        raise DatabaseLocationError(f"Cannot create {path}: {exc.strerror}.") from None
    os.close(fd)
    return path


def _remove_sqlite_files(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(str(path) + suffix).unlink(missing_ok=True)


def _sqlite_path(parsed) -> Path | None:  # type: ignore[no-untyped-def]
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    return Path(parsed.database)


def _is_disconnect(exc: DBAPIError) -> bool:
    text = str(exc.orig).lower()
    return any(s in text for s in ("server closed", "connection refused", "terminating connection",
                                    "disk i/o error", "unable to open database"))


def _first_line(exc: object) -> str:
    text = str(exc).strip().splitlines()
    return text[0].rstrip(".") if text else type(exc).__name__


def table_names(db: Database) -> list[str]:
    return sorted(inspect(db.engine).get_table_names())
