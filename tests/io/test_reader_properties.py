"""Property tests of every reader, the way trusted parsers are fuzzed: whatever a file holds,
no exception escapes the import, every stored article's entities and statements slice its
text exactly, and a bad record never keeps a good one out. On SQLite and PostgreSQL.

A bounded number of examples in CI; set ANNOTATOR_FUZZ_EXAMPLES for more (the full run of
20,000 inputs per backend is bench/fuzz_import.py)."""

from __future__ import annotations

import json
import os
import tempfile
import uuid
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotator.importing import import_articles
from annotator.storage import queries as q

EXAMPLES = int(os.environ.get("ANNOTATOR_FUZZ_EXAMPLES", "25"))
SETTINGS = settings(max_examples=EXAMPLES, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.function_scoped_fixture,
                                           HealthCheck.too_slow, HealthCheck.data_too_large])

# Text as scraped pages hold it: any code point (surrogates excepted; they come in through
# JSON escapes below), control characters, quotes, long runs without full stops.
_CHARS = st.characters(codec=None, exclude_categories=["Cs"])
_WORDS = st.sampled_from(["said", "told", "warned", "“", "”", '"', "''", "according to", "the",
                          "minister", "\n", "\n\n", ",", ".", "—", "denied", "Peskov", "date",
                          "title:", "\x00", "\ufeff", "🚀", "<p>", "</p>", "<script>", "&amp;"])
_TEXT = st.one_of(st.text(_CHARS, max_size=300),
                  st.lists(st.one_of(_WORDS, st.text(_CHARS, max_size=8)), max_size=120)
                  .map(" ".join))
_ESCAPES = st.sampled_from([r"\udabc", r"\ud800", r"\udfff", r"\u0000", r"\u001f", r"\ufffe"])
_SCALARS = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), _TEXT)
_JSON = st.recursive(_SCALARS, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=8), inner, max_size=4)),
    max_leaves=12)
_FIELDS = ["text", "data", "title", "source", "url", "published", "language", "meta", "date"]


@st.composite
def jsonl_lines(draw) -> bytes:  # type: ignore[no-untyped-def]
    """One line: a plausible record with hostile values, or raw junk."""
    kind = draw(st.sampled_from(["record", "record", "escaped", "nested", "junk", "bytes"]))
    if kind == "record":
        record = {k: draw(_JSON) for k in draw(st.lists(st.sampled_from(_FIELDS), max_size=6))}
        if draw(st.booleans()):
            record["text"] = draw(_TEXT)
        return json.dumps(record, allow_nan=True).encode()
    if kind == "escaped":  # escapes json.dumps would never write: lone surrogates, NUL
        field = draw(st.sampled_from(["text", "data", "title", "published", "source"]))
        value = draw(_TEXT).replace("\\", "").replace('"', "") + draw(_ESCAPES)
        return f'{{"{field}": "x {value} said the minister", "meta": {{"k": "{draw(_ESCAPES)}"}}}}'.encode()
    if kind == "nested":
        depth = draw(st.integers(1, 3000))
        return ("[" * depth + "]" * depth).encode() if draw(st.booleans()) else \
            ('{"text": "a", "n": ' + "9" * draw(st.integers(1, 6000)) + "}").encode()
    if kind == "junk":
        return draw(_TEXT).encode("utf-8", "surrogatepass")
    return draw(st.binary(max_size=200))


def _check(db, folder: Path, good: str) -> None:  # type: ignore[no-untyped-def]
    summary = import_articles(db, [folder])  # no exception may escape
    assert summary.imported + summary.duplicates + len(summary.failed) >= 1
    with db.session() as s:
        found = q.article_ids(s, text=good[:40])
        assert found, "the good record was kept out by a bad one"
        for article_id in q.article_ids(s):
            text = q.get_article(s, article_id).text
            for entity in q.article_entities(s, article_id):
                assert 0 <= entity.start < entity.end <= len(text)
            for statement in q.article_statements(s, article_id):
                assert 0 <= statement.start < statement.end <= len(text)
                for a, b in ((statement.speaker_start, statement.speaker_end),
                             (statement.cue_start, statement.cue_end)):
                    assert (a is None) == (b is None)
                    assert a is None or 0 <= a < b <= len(text)


def _good() -> str:
    return f"Good {uuid.uuid4().hex}: the council said on Monday it would vote against it."


@pytest.mark.slow
@SETTINGS
@given(lines=st.lists(jsonl_lines(), max_size=6), bom=st.booleans(), at=st.integers(0, 6))
def test_jsonl_reader(db, lines: list[bytes], bom: bool, at: int):
    good = _good()
    lines.insert(min(at, len(lines)), json.dumps({"text": good}).encode())
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "fuzz.jsonl"
        path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + b"\n".join(lines))
        _check(db, Path(folder), good)


@pytest.mark.slow
@SETTINGS
@given(body=st.one_of(_TEXT, st.binary(max_size=400).map(lambda b: b.decode("latin-1"))),
       header=st.booleans(), long_run=st.integers(0, 2000))
def test_txt_reader(db, body: str, header: bool, long_run: int):
    good = _good()
    with tempfile.TemporaryDirectory() as folder:
        text = ("title: x\nsource: " + "s" * 300 + "\n\n" if header else "") + body \
            + " word said" * long_run
        (Path(folder) / "fuzz.txt").write_bytes(text.encode("utf-8", "surrogatepass"))
        (Path(folder) / "good.txt").write_text(good, encoding="utf-8")
        _check(db, Path(folder), good)


_TAGS = st.sampled_from(["<html>", "<body>", "<article>", "<p>", "</p>", "<div>", "</div>",
                         "<script>", "</script>", "<title>", "</title>", "<!--", "-->",
                         "<meta name='date' content='2024-13-45'>", "<table><tr><td>", "<br>",
                         "<![CDATA[", "]]>", "<" * 50, "&#0;", "&#xD800;", "<h1>"])


@pytest.mark.slow
@SETTINGS
@given(parts=st.lists(st.one_of(_TAGS, _TEXT), max_size=40), nesting=st.integers(0, 3000))
def test_html_reader(db, parts: list[str], nesting: int):
    good = _good()
    with tempfile.TemporaryDirectory() as folder:
        page = "<div>" * nesting + "".join(parts) + "</div>" * nesting
        (Path(folder) / "fuzz.html").write_text(page, encoding="utf-8", errors="surrogatepass")
        (Path(folder) / "good.txt").write_text(good, encoding="utf-8")
        _check(db, Path(folder), good)
