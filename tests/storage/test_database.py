from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from annotator.core.errors import DatabaseLocationError, DatabaseOpenError, SchemaTooNewError
from annotator.storage import default_database_path, open_database, resolve_url
from annotator.storage.database import table_names


def test_new_sqlite_file_is_owner_only_with_wal_and_foreign_keys(tmp_path: Path):
    path = tmp_path / "new.db"
    with open_database(path) as db:
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        with db.session() as s:
            conn = s.connection()
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert {"articles", "statements", "labels", "label_history"} <= set(table_names(db))


def test_default_database_lives_in_the_user_data_folder():
    path = default_database_path()
    assert path.name == "annotator.db"
    assert str(path).startswith(os.environ["XDG_DATA_HOME"])  # isolated by conftest
    with open_database() as db:
        assert db.url == "sqlite:///" + str(path)
    assert path.exists() and stat.S_IMODE(path.parent.stat().st_mode) == 0o700


def test_environment_variable_chooses_the_database(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("ANNOTATOR_DB", str(tmp_path / "env.db"))
    assert resolve_url() == "sqlite:///" + str(tmp_path / "env.db")
    assert resolve_url(tmp_path / "x.db") == "sqlite:///" + str(tmp_path / "x.db")  # --db wins


def test_postgres_urls_use_psycopg3():
    assert resolve_url("postgresql://u@h/db") == "postgresql+psycopg://u@h/db"
    assert resolve_url("sqlite:////tmp/a.db") == "sqlite:////tmp/a.db"


def test_a_file_that_is_not_a_database_is_refused_untouched(tmp_path: Path):
    path = tmp_path / "notes.db"
    path.write_bytes(b"shopping list\n")
    with pytest.raises(DatabaseOpenError, match="not a database file"):
        open_database(path)
    assert path.read_bytes() == b"shopping list\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.db"]


def test_a_missing_folder_is_refused_and_nothing_is_created(tmp_path: Path):
    with pytest.raises(DatabaseLocationError, match="does not exist"):
        open_database(tmp_path / "nope" / "a.db")
    assert not (tmp_path / "nope").exists()


def test_a_directory_is_refused(tmp_path: Path):
    with pytest.raises(DatabaseLocationError, match="is a directory"):
        open_database(tmp_path)


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write anywhere")
def test_a_read_only_folder_is_refused(tmp_path: Path):
    folder = tmp_path / "ro"
    folder.mkdir(mode=0o500)
    with pytest.raises(DatabaseLocationError):
        open_database(folder / "a.db")


def test_an_unwritable_location_is_refused(tmp_path: Path):
    # /proc refuses new files even to root.
    with pytest.raises(DatabaseLocationError, match="Cannot create"):
        open_database("/proc/annotator-test.db")


def test_a_database_of_another_program_is_refused_untouched(tmp_path: Path):
    import sqlite3

    path = tmp_path / "other.db"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE recipes (name TEXT)")
    before = path.read_bytes()
    with pytest.raises(DatabaseOpenError, match="another program"):
        open_database(path)
    assert path.read_bytes() == before


def test_a_newer_schema_is_refused_with_a_clear_error(db_url: str):
    with open_database(db_url) as db, db.transaction() as s:
        s.connection().exec_driver_sql("UPDATE alembic_version SET version_num = '9999'")
    with pytest.raises(SchemaTooNewError, match="newer version of annotator"):
        open_database(db_url)


def test_an_unreachable_server_is_one_sentence():
    with pytest.raises(DatabaseOpenError) as info:
        open_database("postgresql://nobody@127.0.0.1:1/none")
    assert "Cannot open the database" in str(info.value) and "\n" not in str(info.value)


def test_an_unknown_driver_is_refused():
    with pytest.raises(DatabaseOpenError, match="No database driver"):
        open_database("oracle+nothing://x/y")


def test_passwords_never_appear_in_messages():
    with pytest.raises(DatabaseOpenError) as info:
        open_database("postgresql://nobody:s3cret@127.0.0.1:1/none")
    assert "s3cret" not in str(info.value)
