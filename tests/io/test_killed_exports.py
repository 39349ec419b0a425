"""Exports killed at the worst moments (os._exit inside the rename sequence, as kill -9
would): the next export cleans up, puts back what it must, and a spacy file pair is never
left mixed for good."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from annotator import ops
from annotator.io.atomic import atomic_paths, recover
from tests.io.test_export import make_db

DIE = textwrap.dedent("""
    import os, sys
    from pathlib import Path
    from annotator import ops
    from annotator.storage import open_database

    url, fmt, target, die_at = sys.argv[1], sys.argv[2], Path(sys.argv[3]), int(sys.argv[4])
    real, calls = os.replace, []

    def dying(a, b):
        calls.append(b)
        if len(calls) == die_at:
            os._exit(9)  # no clean-up runs, as with kill -9
        real(a, b)

    os.replace = dying
    with open_database(url) as db:
        ops.export(db, format=fmt, output=target)
""")


def _killed_export(db_path: Path, fmt: str, target: Path, die_at: int) -> None:
    result = subprocess.run([sys.executable, "-c", DIE, str(db_path), fmt, str(target),
                             str(die_at)], capture_output=True, text=True, timeout=300,
                            cwd=Path(__file__).resolve().parents[2])
    assert result.returncode == 9, result.stderr


@pytest.fixture
def project(tmp_path: Path):  # type: ignore[no-untyped-def]
    path = tmp_path / "project.db"
    db = make_db(path)
    yield path, db
    db.close()


def _hidden(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


def test_a_spacy_pair_killed_between_its_renames_is_completed_by_the_next_export(project,
                                                                                 tmp_path):
    from annotator.nlp.export_spacy import export_ids, statements_file

    path, db = project
    out = tmp_path / "out"
    out.mkdir()
    target = out / "train.spacy"
    ops.export(db, format="spacy", output=target)
    first = export_ids(target)
    assert len(first) == 1 and export_ids(statements_file(target)) == first
    # Renames: the journal, the articles file, then the statements file: die before the last.
    _killed_export(path, "spacy", target, die_at=3)
    mixed_articles, mixed_statements = export_ids(target), export_ids(statements_file(target))
    assert mixed_articles != mixed_statements  # a reader can tell the pair does not match
    assert any(name.endswith(".swap") for name in _hidden(out))
    done = recover([target, statements_file(target)])
    assert any(line.startswith("completed") for line in done)
    assert export_ids(target) == export_ids(statements_file(target)) == mixed_articles
    assert _hidden(out) == []


def test_the_next_export_cleans_up_after_a_killed_one(project, tmp_path):
    from annotator.nlp.export_spacy import export_ids, statements_file

    path, db = project
    out = tmp_path / "out"
    out.mkdir()
    target = out / "train.spacy"
    ops.export(db, format="spacy", output=target)
    _killed_export(path, "spacy", target, die_at=3)
    ops.export(db, format="spacy", output=target)
    assert _hidden(out) == []
    ids = export_ids(target)
    assert len(ids) == 1 and export_ids(statements_file(target)) == ids


def test_a_killed_statements_export_leaves_a_partial_file_that_the_next_one_removes(
        project, tmp_path):
    path, db = project
    target = tmp_path / "labels.jsonl"
    ops.export(db, format="statements", output=target)
    before = target.read_bytes()
    _killed_export(path, "statements", target, die_at=1)
    assert target.read_bytes() == before  # the earlier export is untouched
    assert [n for n in _hidden(tmp_path) if n.endswith(".partial")]
    ops.export(db, format="statements", output=target)
    assert [n for n in _hidden(tmp_path) if n.startswith(".labels")] == []


def test_a_folder_export_killed_between_its_renames_gets_its_previous_folder_back(
        project, tmp_path):
    path, db = project
    out = tmp_path / "out"
    out.mkdir()
    target = out / "corpus"
    ops.export(db, format="spacy", output=target)
    before = sorted(p.relative_to(target) for p in target.rglob("*"))
    _killed_export(path, "spacy", target, die_at=2)  # the old folder moved aside, no new one
    assert not target.exists() and any(n.endswith(".old") for n in _hidden(out))
    recover([target])
    assert sorted(p.relative_to(target) for p in target.rglob("*")) == before
    assert _hidden(out) == []


def test_leftovers_of_a_writer_still_running_are_left_alone(tmp_path):
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        target = tmp_path / "x.jsonl"
        live = tmp_path / f".x.jsonl.{sleeper.pid}.abc.partial"
        live.write_text("half")
        dead = tmp_path / ".x.jsonl.999999999.abc.partial"
        dead.write_text("half")
        recover([target])
        assert live.exists() and not dead.exists()
    finally:
        sleeper.kill()
        sleeper.wait()


def test_a_pair_that_fails_before_its_renames_leaves_neither_file(tmp_path):
    a, b = tmp_path / "a.spacy", tmp_path / "a.statements.spacy"
    with pytest.raises(RuntimeError):
        with atomic_paths([a, b]) as (ta, tb):
            ta.write_text("new a")
            raise RuntimeError
    assert list(tmp_path.iterdir()) == []
    with atomic_paths([a, b]) as (ta, tb):
        ta.write_text("A")
        tb.write_text("B")
    assert (a.read_text(), b.read_text()) == ("A", "B") and _hidden(tmp_path) == []
    assert oct(os.stat(a).st_mode & 0o777) != "0o600"
