"""The CLI as a user runs it: a real subprocess, real exit codes, real stderr."""

from __future__ import annotations

import json
import re
import os
import subprocess
import sys
from pathlib import Path

import pytest

from annotator.storage import open_database
from annotator.storage import queries as q

COMMANDS = [[], ["db"], ["db", "upgrade"], ["stats"], ["history"]]


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "annotator", *args], capture_output=True,
                          text=True, env={**os.environ, **(env or {})}, timeout=120)


def test_version():
    result = run("--version")
    assert result.returncode == 0
    from annotator import __version__

    assert __version__ in result.stdout


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c) or "annotator")
def test_every_command_has_help(command: list[str]):
    result = run(*command, "--help")
    assert result.returncode == 0, result.stderr
    assert "Usage:" in result.stdout and len(result.stdout.splitlines()) > 3


def test_stats_json_on_a_fresh_database_is_all_zeros(tmp_path: Path):
    result = run("stats", "--json", "--db", str(tmp_path / "fresh.db"))
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {
        "articles": 0, "entities": 0, "statements": 0, "labels": 0,
        "labels_per_label": {"warning": 0, "claim": 0, "denial": 0, "report": 0,
                             "not_statement": 0},
        "labels_per_annotator": {},
        "progress": {"annotators": [], "labels_per_label": {
            "warning": 0, "claim": 0, "denial": 0, "report": 0, "not_statement": 0},
            "labels_per_outlet": {}, "labels_per_hour": [], "agreement_per_outlet": {}},
    }


def test_stats_counts_labels_per_annotator(tmp_path: Path):
    from annotator.core import ArticleDraft, StatementSpan

    path = tmp_path / "a.db"
    with open_database(path) as db, db.transaction() as s:
        article = q.add_article(s, ArticleDraft(text="Peskov said no.",
                                                statements=(StatementSpan(0, 15),)))
        statement = q.article_statements(s, article)[0]
        q.set_label(s, statement.id, q.get_or_create_annotator(s, "alice").id, "denial")
    result = run("stats", "--json", "--db", str(path))
    data = json.loads(result.stdout)
    assert (data["articles"], data["statements"], data["labels"]) == (1, 1, 1)
    assert data["labels_per_label"]["denial"] == 1 and data["labels_per_annotator"] == {"alice": 1}
    text = run("stats", "--db", str(path)).stdout
    assert "alice" in text and "denial" in text


def test_db_option_before_the_command_and_env_var_work(tmp_path: Path):
    assert run("--db", str(tmp_path / "a.db"), "stats").returncode == 0
    assert (tmp_path / "a.db").exists()
    assert run("stats", env={"ANNOTATOR_DB": str(tmp_path / "b.db")}).returncode == 0
    assert (tmp_path / "b.db").exists()


def test_db_upgrade_reports_the_revision(tmp_path: Path):
    result = run("db", "upgrade", "--db", str(tmp_path / "a.db"))
    assert result.returncode == 0
    from annotator.storage.migrate import head_revision

    assert f"schema {head_revision()}" in result.stdout


def _not_a_db(tmp_path: Path) -> str:
    (tmp_path / "x.db").write_text("hello")
    return str(tmp_path / "x.db")


def _newer(tmp_path: Path) -> str:
    path = tmp_path / "new.db"
    with open_database(path) as db, db.transaction() as s:
        s.connection().exec_driver_sql("UPDATE alembic_version SET version_num = '9999'")
    return str(path)


@pytest.mark.parametrize("make_db, expected", [
    (lambda p: "postgresql://nobody@127.0.0.1:1/x", "Cannot open the database"),
    (_not_a_db, "not a database file"),
    (_newer, "newer version of annotator"),
    (lambda p: str(p / "missing" / "a.db"), "does not exist"),
    (lambda p: "/proc/annotator.db", "Cannot create"),
    (lambda p: "nosuchdriver://x", "No database driver"),
], ids=["unreachable", "not-a-database", "newer-schema", "missing-folder", "read-only", "driver"])
def test_bad_databases_give_one_sentence_and_no_traceback(tmp_path: Path, make_db, expected):
    result = run("stats", "--db", make_db(tmp_path))
    assert result.returncode == 1
    assert result.stdout == ""
    assert re.match(r"annotator: error \[E\d{3}\]: ", result.stderr) and expected in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "missing").exists()


def test_history_prints_every_kind_of_change_and_filters(tmp_path: Path):
    path = tmp_path / "h.db"
    db = open_database(str(path))
    with db.transaction() as s:
        from annotator.core import ArticleDraft, StatementSpan

        article = q.add_article(s, ArticleDraft(text="Peskov said the reports were baseless.",
                                                statements=(StatementSpan(12, 38),)))
        statement = q.article_statements(s, article)[0].id
        alice = q.get_or_create_annotator(s, "alice")
        q.set_label(s, statement, alice.id, "denial")
        q.update_statement(s, statement, annotator_id=alice.id, start=16, end=38)
    db.close()
    text = run("history", "--db", str(path))
    assert text.returncode == 0, text.stderr
    lines = text.stdout.splitlines()
    assert len(lines) == 2
    assert "alice" in lines[0] and "label" in lines[0] and "∅ → denial" in lines[0]
    assert "bounds" in lines[1] and f"statement {statement}" in lines[1] and "12–38 → 16–38" in lines[1]
    as_json = run("history", "--db", str(path), "--json", "--action", "bounds")
    records = [json.loads(line) for line in as_json.stdout.splitlines()]
    assert [(r["action"], r["annotator"], r["before"], r["after"]) for r in records] == [
        ("bounds", "alice", {"start": 12, "end": 38}, {"start": 16, "end": 38})]
    nobody = run("history", "--db", str(path), "--annotator", "bob")
    assert nobody.returncode == 1 and "no annotator named 'bob'" in nobody.stderr
    assert "Traceback" not in nobody.stderr


def test_stats_shows_progress_per_outlet_and_per_hour(tmp_path: Path):
    path = tmp_path / "p.db"
    db = open_database(str(path))
    with db.transaction() as s:
        from annotator.core import ArticleDraft, StatementSpan

        article = q.add_article(s, ArticleDraft(text="Peskov said the reports were baseless.",
                                                source="TASS", statements=(StatementSpan(12, 38),)))
        statement = q.article_statements(s, article)[0].id
        for name, label in (("alice", "denial"), ("bob", "claim")):
            q.set_label(s, statement, q.get_or_create_annotator(s, name).id, label)
    db.close()
    text = run("stats", "--db", str(path))
    assert text.returncode == 0, text.stderr
    assert "labels per outlet:" in text.stdout and "TASS" in text.stdout
    assert "labels per hour" in text.stdout
    assert "agreement per outlet, by week" in text.stdout and "0% (1)" in text.stdout
    as_json = json.loads(run("stats", "--db", str(path), "--json").stdout)
    assert as_json["labels"] == 2  # what it had before is all there
    assert as_json["progress"]["labels_per_outlet"]["TASS"]["denial"] == 1
    assert sum(h["labels"] for h in as_json["progress"]["labels_per_hour"]) == 2


def test_errors_carry_their_code_and_a_bug_keeps_its_traceback_in_the_log(tmp_path: Path,
                                                                          monkeypatch):
    import platformdirs
    from click.testing import CliRunner

    from annotator import ops
    from annotator.cli.main import cli
    from annotator.core import errors

    nobody = run("history", "--db", str(tmp_path / "h.db"), "--annotator", "bob")
    assert nobody.stderr.startswith(f"annotator: error [{errors.NotFoundError.code}]: ")
    codes = [c.code for c in vars(errors).values()
             if isinstance(c, type) and issubclass(c, errors.AnnotatorError)]
    assert len(codes) == len(set(codes))  # no code stands for two kinds of error
    assert errors.INTERNAL not in codes and errors.NO_WINDOW not in codes

    def broken(db):  # type: ignore[no-untyped-def]
        raise RuntimeError("the counter fell over")

    monkeypatch.setattr(ops, "stats", broken)
    monkeypatch.setattr(platformdirs, "user_log_path", lambda *a, **k: tmp_path / "logs")
    result = CliRunner().invoke(cli, ["stats", "--db", str(tmp_path / "s.db")])
    assert result.exit_code == 70
    assert "annotator: internal error [E900]: RuntimeError: the counter fell over." in result.output
    log = tmp_path / "logs" / "annotator.log"
    assert str(log) in result.output and "Traceback" not in result.output
    assert "RuntimeError: the counter fell over" in log.read_text() and "Traceback" in log.read_text()
