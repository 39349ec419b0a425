"""Commands given a typo or nothing to work on: one sentence and a fitting exit status,
never a silent success (and never a new empty database at a mistyped path)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator import ops
from annotator.core import ArticleDraft, StatementSpan
from annotator.storage import open_database
from annotator.storage import queries as q
from tests.cli.test_cli import run


@pytest.fixture
def project(tmp_path: Path) -> Path:
    path = tmp_path / "project.db"
    with open_database(path) as db:
        with db.transaction() as s:
            article = q.add_article(s, ArticleDraft(
                text="The mayor said the bridge is safe.", source="Post",
                statements=(StatementSpan(15, 33, suggested_label="report"),)))
            statement = q.article_statements(s, article)[0].id
        ops.set_label(db, statement_id=statement, annotator="alice", label="claim")
    return path


def test_merging_a_mistyped_file_creates_nothing(project: Path, tmp_path: Path):
    result = run("merge", str(tmp_path / "typo.db"), "--db", str(project))
    assert result.returncode == 1
    assert "There is no database file" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "typo.db").exists()


def test_merging_something_that_is_not_an_annotator_database_is_refused(project: Path,
                                                                        tmp_path: Path):
    empty = tmp_path / "empty.db"
    empty.touch()  # an empty file is a valid, empty SQLite database
    result = run("merge", str(empty), "--db", str(project))
    assert result.returncode == 1 and "is not an annotator database" in result.stderr
    assert empty.stat().st_size == 0


def test_exporting_an_annotator_who_does_not_exist_says_so(project: Path, tmp_path: Path):
    out = tmp_path / "out.jsonl"
    result = run("export", "--annotator", "alcie", "-o", str(out), "--db", str(project))
    assert result.returncode == 1
    assert "There is no annotator 'alcie'" in result.stderr and "alice" in result.stderr
    assert not out.exists()
    result = run("export", "--source", "Psot", "--db", str(project))
    assert result.returncode == 1 and "There is no outlet 'Psot'" in result.stderr


def test_lead_of_an_unknown_name_is_refused_unless_asked_to_add_them(project: Path):
    result = run("lead", "nobdy", "--db", str(project))
    assert result.returncode == 1 and "There is no annotator named 'nobdy'" in result.stderr
    assert "--new" in result.stderr
    with open_database(project) as db:
        assert ops.annotator_names(db) == ["alice"]
    result = run("lead", "carol", "--new", "--db", str(project))
    assert result.returncode == 0 and "added as a new annotator" in result.stdout
    assert run("lead", "alice", "--db", str(project)).returncode == 0


def test_import_labels_whose_articles_are_all_missing_fails(project: Path, tmp_path: Path):
    labels = tmp_path / "labels.jsonl"
    assert run("export", "-o", str(labels), "--db", str(project)).returncode == 0
    result = run("import-labels", str(labels), "--db", str(tmp_path / "other.db"))
    assert result.returncode == 1
    assert "none of the labelled articles is in this database" in result.stderr


def test_validate_gives_one_line_per_bad_record(tmp_path: Path):
    path = tmp_path / "bad.jsonl"
    path.write_text(json.dumps({"text": "x"}) + "\n" + json.dumps({"a": 1}) + "\n",
                    encoding="utf-8")
    result = run("validate", str(path))
    assert result.returncode == 1
    lines = [line for line in result.stderr.splitlines() if line.startswith(f"{path}:") and "not valid" not in line]
    assert len(lines) == 2
    assert lines[0].startswith(f"{path}:1: (record): missing ") and "label" in lines[0]
    assert "2 bad lines" in result.stderr


def test_validate_reads_a_file_with_a_byte_order_mark(tmp_path: Path, project: Path):
    out = tmp_path / "labels.jsonl"
    assert run("export", "-o", str(out), "--db", str(project)).returncode == 0
    out.write_bytes(b"\xef\xbb\xbf" + out.read_bytes())
    result = run("validate", str(out))
    assert result.returncode == 0, result.stderr


def test_importing_a_web_address_says_pages_are_not_fetched(tmp_path: Path):
    result = run("import", "https://example.com/news/1", "--db", str(tmp_path / "a.db"))
    assert result.returncode == 1
    assert "https://example.com/news/1: is a web address" in result.stderr
