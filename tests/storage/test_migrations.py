"""Migrations: every revision upgrades with data intact; head equals the ORM models."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine, text

from annotator.storage import migrate, open_database
from annotator.storage import queries as q
from annotator.storage.database import resolve_url
from annotator.storage.schema import Base


def _engine(db_url: str):
    return create_engine(resolve_url(db_url))


def _upgrade_to(db_url: str, revision: str) -> None:
    engine = _engine(db_url)
    with engine.connect() as conn:
        command.upgrade(migrate.alembic_config(conn), revision)
        conn.commit()
    engine.dispose()


def test_revisions_form_one_line_from_0001():
    revisions = list(migrate.script_directory().walk_revisions())
    assert revisions[-1].revision == "0001" and revisions[-1].down_revision is None
    assert len(migrate.script_directory().get_heads()) == 1
    # Opening an up-to-date database trusts this constant instead of loading Alembic.
    assert migrate.HEAD == migrate.head_revision()


def test_opening_an_up_to_date_database_does_not_load_alembic(tmp_path):
    import subprocess
    import sys

    open_database(tmp_path / "a.db").close()
    code = ("import sys; from annotator.storage import open_database; "
            f"open_database({str(tmp_path / 'a.db')!r}).close(); "
            "print(any(m == 'alembic' or m.startswith('alembic.') for m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_first_revision_filled_with_data_upgrades_to_head_without_loss(db_url: str):
    _upgrade_to(db_url, "0001")
    engine = _engine(db_url)
    with engine.begin() as conn:
        conn.execute(text(
            "INSERT INTO articles (id, content_hash, text, meta, imported_at) "
            "VALUES (1, 'h1', 'Peskov said no.', '{}', CURRENT_TIMESTAMP)"))
        conn.execute(text("INSERT INTO entities (id, article_id, start, \"end\", label, origin) "
                          "VALUES (1, 1, 0, 6, 'PERSON', 'model')"))
        conn.execute(text(
            "INSERT INTO statements (id, article_id, start, \"end\", origin, speaker_entity_id) "
            "VALUES (1, 1, 0, 15, 'indirect', 1)"))
        conn.execute(text("INSERT INTO annotators (id, name, is_lead, created_at) "
                          "VALUES (1, 'alice', false, CURRENT_TIMESTAMP)"))
        conn.execute(text(
            "INSERT INTO labels (statement_id, annotator_id, label, created_at, updated_at, "
            "time_spent_ms) VALUES (1, 1, 'denial', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, 900)"))
        conn.execute(text(
            "INSERT INTO label_history (statement_id, annotator_id, old_label, new_label, "
            "changed_at) VALUES (1, 1, NULL, 'denial', CURRENT_TIMESTAMP)"))
    engine.dispose()

    with open_database(db_url) as db:  # opening migrates to head
        assert migrate.head_revision() == _current(db_url)
        with db.session() as s:
            stats = q.stats(s)
            label = q.get_label(s, 1, 1)
            statement = q.article_statements(s, 1)[0]
            history = q.label_history(s)
    assert (stats.articles, stats.entities, stats.statements, stats.labels) == (1, 1, 1, 1)
    assert label is not None and label.label == "denial" and label.time_spent_ms == 900
    assert statement.speaker_entity_id == 1
    assert [(h.old_label, h.new_label) for h in history] == [(None, "denial")]


def test_sqlite_file_is_backed_up_before_an_upgrade(tmp_path: Path):
    path = tmp_path / "a.db"
    _upgrade_to(str(path), "0001")
    open_database(path).close()
    backups = list(tmp_path.glob("a.db.0001-*.bak"))
    assert len(backups) == 1
    assert backups[0].stat().st_mode & 0o777 == 0o600
    import sqlite3

    with sqlite3.connect(backups[0]) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone() == ("0001",)


def test_opening_an_up_to_date_database_changes_nothing(tmp_path: Path):
    path = tmp_path / "a.db"
    open_database(path).close()
    open_database(path).close()
    assert list(tmp_path.glob("*.bak")) == []


def test_head_schema_matches_the_models(db_url: str):
    open_database(db_url).close()
    engine = _engine(db_url)
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}),
                                Base.metadata)
    engine.dispose()
    assert diff == []


def test_downgrade_to_base_and_back_up(db_url: str):
    open_database(db_url).close()
    engine = _engine(db_url)
    with engine.connect() as conn:
        command.downgrade(migrate.alembic_config(conn), "base")
        command.upgrade(migrate.alembic_config(conn), "head")
        conn.commit()
    engine.dispose()
    assert _current(db_url) == migrate.head_revision()


def _current(db_url: str) -> str | None:
    engine = _engine(db_url)
    with engine.connect() as conn:
        revision = migrate.current_revision(conn)
    engine.dispose()
    return revision


def test_a_failing_migration_rolls_back(tmp_path: Path, monkeypatch):
    """A migration that breaks half-way leaves the database at its old revision."""
    import shutil
    import sqlite3

    from annotator.core.errors import MigrationError

    path = tmp_path / "a.db"
    _upgrade_to(str(path), "0001")
    scripts = tmp_path / "migrations"
    shutil.copytree(Path(migrate.__file__).parent / "migrations", scripts,
                    ignore=shutil.ignore_patterns("__pycache__"))
    broken = scripts / "versions" / "0002_append_only_history.py"
    source = broken.read_text()
    body = 'op.execute("CREATE TABLE half_done (x INTEGER)")\n    op.execute("NOT SQL")\n'
    broken.write_text(source.replace("def upgrade() -> None:\n",
                                     "def upgrade() -> None:\n    " + body, 1))
    monkeypatch.setattr(migrate, "SCRIPT_LOCATION", str(scripts))

    with pytest.raises(MigrationError, match="rolled back"):
        open_database(path)
    assert _current(str(path)) == "0001"
    with sqlite3.connect(path) as conn:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert "half_done" not in tables
