"""The minimal failing inputs of a fuzzing run (issue 17), kept as regression cases: each
is one clear problem (file and line) or a warning, the good records of the same file are
imported, and a file imports the same way on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from pathlib import Path

from annotator.importing import import_articles
from annotator.io.readers import InputProblem, RawArticle, read_inputs
from annotator.storage import queries as q

GOOD = {"text": "The mayor said the new bridge would open in the spring, despite delays."}


def _read(*paths) -> tuple[list[RawArticle], list[InputProblem]]:
    items = list(read_inputs(paths))
    return ([i for i in items if isinstance(i, RawArticle)],
            [i for i in items if isinstance(i, InputProblem)])


def _jsonl(path: Path, *lines: str | bytes) -> Path:
    path.write_bytes(b"\n".join(x if isinstance(x, bytes) else x.encode() for x in lines) + b"\n")
    return path


def _stored(db) -> list:  # type: ignore[no-untyped-def]
    with db.session() as s:
        ids = q.article_ids(s)
        return [q.get_article(s, i) for i in ids]


def test_deeply_nested_json_is_one_problem_and_the_next_line_imports(tmp_path: Path):
    path = _jsonl(tmp_path / "deep.jsonl", "[" * 1000 + "]" * 1000,
                  '{"text": "ok", "meta": ' + '{"a": ' * 1000 + "1" + "}" * 1000 + "}",
                  json.dumps(GOOD))
    articles, problems = _read(path)
    assert [p.where for p in problems] == [f"{path}:1", f"{path}:2"]
    assert "nested too deeply" in problems[0].message
    assert [a.text for a in articles] == [GOOD["text"]]


def test_an_integer_of_more_digits_than_python_reads_is_one_problem(tmp_path: Path):
    path = _jsonl(tmp_path / "digits.jsonl", '{"text": "x y z", "n": ' + "7" * 5000 + "}",
                  json.dumps(GOOD))
    articles, problems = _read(path)
    assert len(problems) == 1 and problems[0].where == f"{path}:1"
    assert "number too long" in problems[0].message and len(articles) == 1


def test_a_byte_order_mark_does_not_cost_the_first_record(tmp_path: Path):
    path = _jsonl(tmp_path / "bom.jsonl", b"\xef\xbb\xbf" + json.dumps(GOOD).encode(),
                  json.dumps({"text": "Second record, the council said on Friday."}))
    articles, problems = _read(path)
    assert problems == [] and len(articles) == 2


def test_lone_surrogates_are_replaced_and_stored_on_both_backends(tmp_path: Path, db):
    path = _jsonl(tmp_path / "surrogates.jsonl",
                  r'{"text": "Bad \udabc char, the minister said on Monday.", '
                  r'"published": "2024-\udabc", "meta": {"k\udabc": ["\ud800"]}}',
                  r'{"data": "Older doccano \udfff record, officials said."}',
                  json.dumps(GOOD))
    summary = import_articles(db, [path])
    assert (summary.imported, summary.failed) == (3, [])
    assert any("lone surrogates" in w for w in summary.warnings)
    texts = {a.text: a for a in _stored(db)}
    bad = texts["Bad \ufffd char, the minister said on Monday."]  # same length: offsets hold
    assert bad.published == "2024-\ufffd" and bad.meta["k\ufffd"] == ["\ufffd"]


def test_nul_characters_and_overlong_fields_import_on_both_backends(tmp_path: Path, db):
    record = {"text": "The union said it would strike on Monday if talks fail.",
              "title": "Strike\u0000 looms", "source": "S" * 300, "language": "en-" + "x" * 40,
              "published": "2024-01-01T00:00:00+00:00 and much more text here",
              "meta": {"note\u0000": "a\u0000b", "nested": [{"deep": "\u0000"}], "inf": 1e400}}
    path = _jsonl(tmp_path / "fields.jsonl", json.dumps(record))
    summary = import_articles(db, [path])
    assert (summary.imported, summary.failed) == (1, [])
    said = " ".join(summary.warnings)
    assert "source cut to 200 characters" in said and "language cut to 16" in said
    assert "published cut to 40" in said and "NUL" in said
    (article,) = _stored(db)
    assert article.title == "Strike looms" and article.source == "S" * 200
    assert article.meta["note"] == "ab" and article.meta["nested"] == [{"deep": ""}]
    assert article.meta["inf"] == "inf"


def test_metadata_nested_too_deep_to_store_is_refused_with_its_line(tmp_path: Path):
    deep: object = "leaf"
    for _ in range(40):
        deep = [deep]
    path = _jsonl(tmp_path / "meta.jsonl", json.dumps({**GOOD, "meta": {"x": deep}}))
    articles, problems = _read(path)
    assert articles == [] and problems[0].where == f"{path}:1"
    assert "nested more than" in problems[0].message


def test_an_html_page_with_too_much_text_gets_the_proper_message(tmp_path: Path, monkeypatch):
    from annotator.io import html

    monkeypatch.setattr(html, "PAGE_SECONDS", 120.0)  # a big page; the bound is tested below
    body = "".join(f"<p>Paragraph {i} of a very long page, the spokesman said again.</p>"
                   for i in range(18_000))
    page = tmp_path / "huge.html"
    page.write_text(f"<html><body><article>{body}</article></body></html>", encoding="utf-8")
    articles, problems = _read(page)
    assert articles == [] and len(problems) == 1
    assert "is too long" in problems[0].message and "limit is 1,000,000" in problems[0].message


def test_a_page_that_keeps_the_extractor_busy_is_skipped_not_waited_for(monkeypatch,
                                                                         tmp_path: Path):
    from annotator.io import html

    page = tmp_path / "slow.html"
    page.write_text("<html><body><p>Never mind.</p></body></html>", encoding="utf-8")
    monkeypatch.setattr(html, "PAGE_SECONDS", 0.0)  # no page can be extracted in no time
    articles, problems = _read(page)
    assert articles == [] and "could not be extracted within" in problems[0].message
    monkeypatch.undo()
    good = tmp_path / "good.html"
    good.write_text("<html><head><title>Bridge</title></head><body><article><p>The mayor said "
                    "on Monday that the new bridge would open next spring, despite the delays "
                    "that have plagued the project.</p></article></body></html>", encoding="utf-8")
    articles, problems = _read(good)  # a fresh extractor serves the next page
    assert problems == [] and "new bridge" in articles[0].text


def test_a_web_address_is_not_mangled_into_a_path(tmp_path: Path):
    articles, problems = _read("https://example.com/news/1")
    assert articles == [] and problems[0].where == "https://example.com/news/1"
    assert "does not fetch" in problems[0].message


def test_a_file_name_that_is_not_utf8_is_reported_readably(tmp_path: Path):
    name = "bad-\udcff.jsonl"  # how Python spells the byte 0xff in a file name
    path = tmp_path / name
    try:
        _jsonl(path, "{oops")
    except (UnicodeEncodeError, OSError):
        import pytest

        pytest.skip("this file system does not take such names")
    articles, problems = _read(tmp_path)
    assert "\ufffd" in problems[0].where
    str(problems[0]).encode("utf-8")  # printable
