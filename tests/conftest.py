"""Test configuration: headless Qt, isolated user folders, a database fixture per backend."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

# Set before anything imports Qt: GUI tests always run headless.
os.environ["QT_QPA_PLATFORM"] = "offscreen"

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "seeds"
PG_URL = os.environ.get("ANNOTATOR_TEST_DATABASE_URL")


@pytest.fixture(autouse=True)
def _isolated_user_folders(tmp_path_factory: pytest.TempPathFactory,
                           monkeypatch: pytest.MonkeyPatch) -> None:
    """Never touch the user's real data, settings or database."""
    home = tmp_path_factory.mktemp("home")
    for var, sub in (("HOME", ""), ("XDG_DATA_HOME", "data"), ("XDG_CONFIG_HOME", "config"),
                     ("XDG_CACHE_HOME", "cache"), ("XDG_STATE_HOME", "state")):
        monkeypatch.setenv(var, str(home / sub))
    monkeypatch.delenv("ANNOTATOR_DB", raising=False)


def _pg_schema_url(base: str, schema: str) -> str:
    sep = "&" if "?" in base else "?"
    return f"{base}{sep}options=-csearch_path%3D{schema}"


@pytest.fixture
def pg_url() -> Iterator[str]:
    """A PostgreSQL URL whose search_path is a fresh schema, dropped afterwards."""
    if not PG_URL:
        pytest.skip("ANNOTATOR_TEST_DATABASE_URL is not set")
    import psycopg

    schema = "t_" + uuid.uuid4().hex[:12]
    conninfo = PG_URL.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(conninfo, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    try:
        yield _pg_schema_url(PG_URL, schema)
    finally:
        with psycopg.connect(conninfo, autocommit=True) as conn:
            conn.execute(f"DROP SCHEMA {schema} CASCADE")


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The same test against a real SQLite file and, when configured, PostgreSQL."""
    if request.param == "sqlite":
        return str(tmp_path / "annotator.db")
    return request.getfixturevalue("pg_url")


@pytest.fixture
def db(db_url: str):  # type: ignore[no-untyped-def]
    from annotator.storage import open_database

    database = open_database(db_url)
    yield database
    database.close()


@pytest.fixture(scope="session")
def seeds() -> Path:
    if not SEEDS.is_dir():
        pytest.skip(f"the shared seed corpus is not at {SEEDS}")
    return SEEDS
