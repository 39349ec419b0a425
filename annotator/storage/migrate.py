"""Alembic migrations, run on open. SQLite files are backed up before they are upgraded."""

from __future__ import annotations

import os
import sqlite3
from datetime import datetime, timezone
from pathlib import Path

from typing import TYPE_CHECKING

from sqlalchemy import Connection, inspect, text
from sqlalchemy.exc import SQLAlchemyError

from annotator.core.errors import DatabaseOpenError, MigrationError, SchemaTooNewError

if TYPE_CHECKING:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

SCRIPT_LOCATION = "annotator.storage:migrations"
# The newest migration. Opening a database that is already there needs nothing else:
# Alembic (a fifth of a second to import) is loaded only to upgrade or to judge an
# unknown revision. tests/storage/test_migrations.py checks this is Alembic's head.
HEAD = "0011"
# Any fixed 64-bit number: serialises concurrent first opens of one PostgreSQL database.
_PG_MIGRATION_LOCK = 0x616E6E6F74617465


def alembic_config(connection: Connection | None = None) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", SCRIPT_LOCATION)
    config.attributes["connection"] = connection
    return config


def script_directory() -> ScriptDirectory:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config())


def head_revision() -> str:
    head = script_directory().get_current_head()
    assert head is not None
    return head


def current_revision(conn: Connection) -> str | None:
    """The revision Alembic recorded in the database (None: not an annotator database yet)."""
    if not inspect(conn).has_table("alembic_version"):
        return None
    return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def check_revision(conn: Connection) -> str | None:
    """The database's revision; a revision this program does not know means a newer schema."""
    current = current_revision(conn)
    if current is not None and current != HEAD and not _is_known(current):
        raise SchemaTooNewError(
            f"The database was written by a newer version of annotator (schema {current}); "
            "upgrade annotator to open it."
        )
    return current


def upgrade_to_head(conn: Connection, *, sqlite_path: Path | None = None) -> bool:
    """Bring the schema to head inside one transaction. Returns True when it changed."""
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PG_MIGRATION_LOCK})
    current = check_revision(conn)
    if current == HEAD:
        conn.commit()
        return False
    if current is None:
        foreign = [t for t in inspect(conn).get_table_names() if t != "alembic_version"]
        if foreign:
            raise DatabaseOpenError(
                "The database already holds tables of another program "
                f"({', '.join(sorted(foreign)[:5])}); give annotator its own database."
            )
    elif sqlite_path is not None:
        backup_sqlite(sqlite_path, current)
    from alembic import command
    from alembic.util import CommandError

    try:
        command.upgrade(alembic_config(conn), "head")
        conn.commit()
    except (SQLAlchemyError, CommandError) as exc:
        conn.rollback()
        raise MigrationError(
            f"Upgrading the database schema failed and was rolled back: {exc}."
        ) from exc
    return True


def backup_sqlite(path: Path, revision: str) -> Path:
    """Copy the database (consistently, through SQLite's backup API) next to itself."""
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S")
    target = path.with_name(f"{path.name}.{revision}-{stamp}.bak")
    os.close(os.open(target, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600))
    src = sqlite3.connect(path)
    dst = sqlite3.connect(target)
    try:
        with dst:
            src.backup(dst)
    finally:
        src.close()
        dst.close()
    return target


def _is_known(revision: str) -> bool:
    from alembic.util import CommandError

    try:
        return script_directory().get_revision(revision) is not None
    except CommandError:
        return False
