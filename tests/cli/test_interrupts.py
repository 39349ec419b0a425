"""Stopping `annotator import --processes 2` midway: Ctrl+C exits promptly with the workers
gone and the database consistent; a killed parent takes its spaCy workers with it."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from annotator.storage import open_database
from annotator.storage import queries as q

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")]


def _children(pid: int) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                after_name = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(after_name[1]) == pid and after_name[0] != "Z":
                found.append(int(entry))
    return found


def _alive(pids: list[int]) -> list[int]:
    alive = []
    for pid in pids:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if state != "Z":
            alive.append(pid)
    return alive


def _start_import(tmp_path: Path) -> tuple[subprocess.Popen[str], list[int], Path]:
    rng = random.Random(5)
    words = ("the minister said that prices would rise while officials warned of a strike "
             "and the mayor denied reports").split()
    source = tmp_path / "many.jsonl"
    with source.open("w", encoding="utf-8") as fh:
        for i in range(3000):
            body = " ".join(rng.choice(words) for _ in range(200))
            fh.write(json.dumps({"text": f"Article {i}. {body}."}) + "\n")
    db = tmp_path / "a.db"
    process = subprocess.Popen(
        [sys.executable, "-m", "annotator", "import", str(source), "--processes", "2",
         "--db", str(db)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        # A test runner started in the background may ignore SIGINT; a user's shell does not.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    deadline = time.monotonic() + 120
    workers: list[int] = []
    while time.monotonic() < deadline and len(workers) < 2:
        time.sleep(0.2)
        workers = _children(process.pid)
    assert len(workers) >= 2, "the import never started its workers"
    while time.monotonic() < deadline:  # until some articles are stored
        time.sleep(0.5)
        if db.exists():
            with open_database(db) as database, database.session() as s:
                if q.stats(s).articles:
                    break
    return process, workers, db


def _wait_gone(pids: list[int], seconds: float = 30) -> list[int]:
    deadline = time.monotonic() + seconds
    while _alive(pids) and time.monotonic() < deadline:
        time.sleep(0.1)
    return _alive(pids)


def test_ctrl_c_stops_the_workers_and_exits_with_the_database_consistent(tmp_path: Path):
    process, workers, db = _start_import(tmp_path)
    process.send_signal(signal.SIGINT)
    try:
        _, err = process.communicate(timeout=60)
    except subprocess.TimeoutExpired:
        process.kill()
        pytest.fail("the import hung after Ctrl+C")
    assert process.returncode == 130, err
    assert "interrupted" in err and "Traceback" not in err
    assert _wait_gone(workers) == []
    with open_database(db) as database, database.session() as s:
        for article_id in q.article_ids(s):
            article = q.get_article(s, article_id)
            statements = q.article_statements(s, article_id)
            assert all(0 <= st.start < st.end <= len(article.text) for st in statements)
        assert q.stats(s).articles < 3000


def test_killing_the_import_takes_its_workers_with_it(tmp_path: Path):
    process, workers, _ = _start_import(tmp_path)
    process.kill()
    process.communicate(timeout=60)
    assert _wait_gone(workers) == [], "spaCy workers outlived their parent"
