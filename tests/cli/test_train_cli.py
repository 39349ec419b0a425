"""`annotator train` as a user runs it."""

from __future__ import annotations

import json
from pathlib import Path

from annotator.storage import open_database
from tests.cli.test_cli import run
from tests.suggest.test_training import _project


def test_train_prints_the_comparison_and_stores_a_model(tmp_path: Path):
    path = tmp_path / "a.db"
    with open_database(path) as db:
        _project(db)
    result = run("train", "--db", str(path))
    assert result.returncode == 0, result.stderr
    assert "labelled statements: 80 (80 single)" in result.stdout
    assert "cross-validated accuracy (5 folds): model" in result.stdout
    assert "most common label" in result.stdout and "expected calibration error" in result.stdout
    assert "stored model v1; re-scored 20 unlabelled statements" in result.stdout
    data = json.loads(run("train", "--db", str(path), "--json").stdout)
    assert data["version"] == 2 and data["metrics"]["per_label"]["denial"]["support"] == 40
    off = run("train", "--off", "--db", str(path))
    assert off.returncode == 0 and "switched off (20 suggestions changed)" in off.stdout


def test_train_without_labels_keeps_the_rules(tmp_path: Path):
    result = run("train", "--db", str(tmp_path / "empty.db"))
    assert result.returncode == 0
    assert "kept the rules: 0 labelled statements are fewer than the 30 needed" in result.stdout
