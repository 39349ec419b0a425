from __future__ import annotations

import json
import stat
from pathlib import Path

from tests.cli.test_cli import run
from tests.io.test_export import make_db


def test_export_to_stdout_pipes_jsonl(tmp_path: Path):
    make_db(tmp_path / "a.db").close()
    result = run("export", "--db", str(tmp_path / "a.db"), "--label", "warning")
    assert result.returncode == 0, result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["label"] for r in records] == ["warning"]


def test_export_to_a_file_then_validate_then_import_labels(tmp_path: Path):
    make_db(tmp_path / "a.db").close()
    out = tmp_path / "spans.jsonl"
    result = run("export", "--db", str(tmp_path / "a.db"), "--format", "spans", "-o", str(out))
    assert result.returncode == 0 and "exported 3 records" in result.stderr
    assert stat.S_IMODE(out.stat().st_mode) & 0o044  # an ordinary file, readable as usual
    assert run("validate", str(out)).stdout.strip().endswith("3 spans records, all valid.")
    statements = tmp_path / "st.jsonl"
    run("export", "--db", str(tmp_path / "a.db"), "-o", str(statements))
    again = run("import-labels", str(statements), "--db", str(tmp_path / "a.db"))
    assert again.returncode == 0 and "restored 0, unchanged 4" in again.stdout


def test_validate_fails_with_line_numbers(tmp_path: Path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"schema_version": "1"}\nnot json\n')
    result = run("validate", str(bad))
    assert result.returncode == 1
    assert f"{bad}:1:" in result.stderr and f"{bad}:2: is not JSON" in result.stderr


def test_bad_export_requests_are_one_sentence(tmp_path: Path):
    make_db(tmp_path / "a.db").close()
    spacy = run("export", "--db", str(tmp_path / "a.db"), "--format", "spacy")
    assert spacy.returncode == 1 and "give -o FILE.spacy, or -o FOLDER" in spacy.stderr
    label = run("export", "--db", str(tmp_path / "a.db"), "--label", "rumour")
    assert label.returncode == 1 and "Unknown label rumour" in label.stderr
    folder = run("export", "--db", str(tmp_path / "a.db"), "-o", str(tmp_path / "no" / "x.jsonl"))
    assert folder.returncode == 1 and "folder does not exist" in folder.stderr
    into_folder = run("export", "--db", str(tmp_path / "a.db"), "-o", str(tmp_path))
    assert into_folder.returncode == 1 and "it is a folder" in into_folder.stderr
    assert all("Traceback" not in r.stderr for r in (spacy, label, folder, into_folder))
