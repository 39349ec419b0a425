"""The format registry, and the doccano and CoNLL-2003 exports checked against what the
other tools read."""

from __future__ import annotations

import json
from pathlib import Path

from annotator import ops
from annotator.core import ArticleDraft, EntitySpan, StatementSpan
from annotator.io import formats
from annotator.io.validate import SCHEMAS, kind_of, record_errors, validate_jsonl
from annotator.storage import open_database
from annotator.storage import queries as q

TEXT = ("Kremlin spokesman Dmitry Peskov said the reports were baseless. "
        "He added that Moscow would respond.\nPutin warned of war.")


def _db(tmp_path: Path):  # type: ignore[no-untyped-def]
    db = open_database(tmp_path / "f.db")
    peskov = (TEXT.index("Dmitry Peskov"), TEXT.index("Dmitry Peskov") + 13)
    said = TEXT.index("said")
    he = TEXT.index("He added")
    with db.transaction() as s:
        article = q.add_article(s, ArticleDraft(
            text=TEXT, source="TASS",
            entities=(EntitySpan(0, 7, "ORG"), EntitySpan(*peskov, "PERSON"),
                      EntitySpan(TEXT.index("Moscow"), TEXT.index("Moscow") + 6, "GPE"),
                      EntitySpan(TEXT.index("Putin"), TEXT.index("Putin") + 5, "PERSON")),
            statements=(
                StatementSpan(TEXT.index("the reports"), TEXT.index(". He"), speaker_start=peskov[0],
                              speaker_end=peskov[1], speaker_entity=1, cue_start=said,
                              cue_end=said + 4),
                StatementSpan(TEXT.index("Moscow would"), TEXT.index(".\nPutin"), speaker_start=he,
                              speaker_end=he + 2, speaker_entity=1))))
        first, second = q.article_statements(s, article)
        alice = q.get_or_create_annotator(s, "alice").id
        q.set_label(s, first.id, alice, "denial")
        q.set_label(s, second.id, alice, "warning")
    return db


def test_the_registry_is_what_the_cli_validate_and_dispatch_use():
    from annotator.cli.main import export_command

    choices = next(p for p in export_command.params if p.name == "fmt").type.choices
    assert list(choices) == formats.written() == ["statements", "spans", "doccano", "conll",
                                                  "label-studio", "brat", "spacy"]
    assert SCHEMAS == {"statements": "statement.schema.json", "spans": "spans.schema.json",
                       "doccano": "doccano.schema.json"}
    assert all(formats.get(k).title and formats.get(k).hint for k in formats.written())
    assert formats.import_filter() == "Articles (*.txt *.jsonl *.json *.conll *.html *.htm)"


def test_doccano_export_holds_statements_speakers_cues_and_entities(tmp_path: Path):
    db = _db(tmp_path)
    out = tmp_path / "doccano.jsonl"
    summary = ops.export(db, format="doccano", output=out)
    (record,) = [json.loads(line) for line in out.read_text().splitlines()]
    assert summary.records == 1 and kind_of(record) == "doccano" and record_errors(record) == []
    assert validate_jsonl(out).ok
    spans = {e["id"]: (TEXT[e["start_offset"]:e["end_offset"]], e["label"])
             for e in record["entities"]}
    assert ("the reports were baseless", "denial") in spans.values()
    assert ("Moscow would respond", "warning") in spans.values()
    assert ("said", "CUE") in spans.values() and ("He", "SPEAKER") in spans.values()
    assert ("Dmitry Peskov", "PERSON") in spans.values() and ("Putin", "PERSON") in spans.values()
    links = {(spans[r["from_id"]][0], r["type"], spans[r["to_id"]][0]) for r in record["relations"]}
    assert links == {("Dmitry Peskov", "SPEAKER", "the reports were baseless"),
                     ("said", "CUE", "the reports were baseless"),
                     ("He", "SPEAKER", "Moscow would respond")}
    # The speaker that is an entity is that entity, not a second span over it.
    assert sum(1 for text, _ in spans.values() if text == "Dmitry Peskov") == 1
    assert record["annotator"] == "alice" and len(record["article"]["content_hash"]) == 64


def test_conll_export_reads_back_with_spacys_own_converter(tmp_path: Path):
    from spacy.training.converters import conll_ner_to_docs

    db = _db(tmp_path)
    out = tmp_path / "entities.conll"
    summary = ops.export(db, format="conll", output=out)
    assert summary.paths == [str(out)]
    content = out.read_text(encoding="utf-8")
    assert content.startswith("-DOCSTART- -X- O O\n\n")
    assert "Dmitry -X- -X- B-PERSON\nPeskov -X- -X- I-PERSON" in content
    (doc,) = conll_ner_to_docs(content, n_sents=0)
    assert [(e.text, e.label_) for e in doc.ents] == [
        ("Kremlin", "ORG"), ("Dmitry Peskov", "PERSON"), ("Moscow", "GPE"), ("Putin", "PERSON")]
    assert [s.text for s in doc.sents][-1] == "Putin warned of war ."  # sentences kept
    # An article per document.
    with db.transaction() as s:
        q.add_article(s, ArticleDraft(text="Zelensky spoke in Kyiv.", entities=(
            EntitySpan(0, 8, "PERSON"), EntitySpan(18, 22, "GPE"))))
    ops.export(db, format="conll", output=out, include_unlabelled=True)
    docs = conll_ner_to_docs(out.read_text(encoding="utf-8"), n_sents=0)
    assert [[(e.text, e.label_) for e in d.ents] for d in docs][1] == [
        ("Zelensky", "PERSON"), ("Kyiv", "GPE")]
    # It needs a file to write to.
    import pytest

    from annotator.core.errors import InputError

    with pytest.raises(InputError, match="writes a file"):
        ops.export(db, format="conll")


def test_validate_checks_what_records_mean_with_file_line_and_field(tmp_path: Path):
    from annotator.io.validate import meaning_errors

    db = _db(tmp_path)
    good = tmp_path / "good.jsonl"
    ops.export(db, format="statements", output=good)
    records = [json.loads(line) for line in good.read_text().splitlines()]
    scheme = ["warning", "claim", "denial", "report"]
    assert all(meaning_errors(r, "statements", scheme) == [] for r in records)
    bad = dict(records[0], label="rumour", end=records[0]["end"] + 3)
    bad["entities"] = [{"text": "Moscow", "start": 0, "end": 6, "label": "GPE"}]
    errors = meaning_errors(bad, "statements", scheme)
    assert any(e.startswith("label: 'rumour' is not a label of the scheme") for e in errors)
    assert any(e.startswith("text: ") and "spans" in e for e in errors)
    assert any(e.startswith("entities/0: the text at 0-6") for e in errors)
    spans = tmp_path / "spans.jsonl"
    ops.export(db, format="spans", output=spans)
    record = json.loads(spans.read_text().splitlines()[0])
    record["spans"][0]["end"] = len(record["text"]) + 5
    record["tokens"][1]["text"] = "Kremlin"
    errors = meaning_errors(record, "spans", scheme)
    assert any(e.startswith("spans/0: offsets") and "outside the text" in e for e in errors)
    assert any(e.startswith("tokens/1: the text at") for e in errors)
    doccano = tmp_path / "d.jsonl"
    ops.export(db, format="doccano", output=doccano)
    record = json.loads(doccano.read_text())
    record["relations"][0]["to_id"] = 99
    assert meaning_errors(record, "doccano", scheme) == ["relations/0/to_id: there is no entity 99"]
    # From the command line: file, line and field, and the exit status.
    import subprocess
    import sys

    (tmp_path / "bad.jsonl").write_text(good.read_text().splitlines()[0] + "\n"
                                        + json.dumps(bad) + "\n", encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "annotator", "validate",
                             str(tmp_path / "bad.jsonl")], capture_output=True, text=True)
    assert result.returncode == 1
    assert f"{tmp_path / 'bad.jsonl'}:2: label: 'rumour' is not a label" in result.stderr
    assert "Traceback" not in result.stderr


def test_import_labels_given_another_kind_of_file_says_which_kind_and_writes_nothing(tmp_path):
    import pytest

    from annotator.core.errors import InputError

    db = _db(tmp_path)
    spans = tmp_path / "spans.jsonl"
    ops.export(db, format="spans", output=spans)
    other = open_database(tmp_path / "other.db")
    with pytest.raises(InputError, match="this is a spans file, not a statements export"):
        ops.import_labels(other, spans)
    doccano = tmp_path / "d.jsonl"
    ops.export(db, format="doccano", output=doccano)
    with pytest.raises(InputError, match=r"d.jsonl:1: this is a doccano file"):
        ops.import_labels(db, doccano)


def _read_ann(path: Path) -> tuple[dict[str, tuple[str, list[tuple[int, int]], str]], list, list]:
    """A .ann file as brat reads it: T lines (type, fragments, text), R lines, notes."""
    spans, relations, notes = {}, [], []
    for line in path.read_text(encoding="utf-8").splitlines():
        ident, rest = line.split("\t", 1)
        if ident.startswith("T"):
            head, text = rest.split("\t")
            kind, offsets = head.split(" ", 1)
            spans[ident] = (kind, [tuple(map(int, f.split())) for f in offsets.split(";")], text)
        elif ident.startswith("R"):
            kind, a, b = rest.split(" ")
            relations.append((kind, a.removeprefix("Arg1:"), b.removeprefix("Arg2:")))
        elif ident.startswith("#"):
            notes.append(rest)
    return spans, relations, notes


def test_brat_export_is_standoff_brat_reads(tmp_path: Path):
    import pytest

    from annotator.core.errors import InputError

    db = _db(tmp_path)
    with db.transaction() as s:
        article = q.article_ids(s)[0]
        first = q.article_statements(s, article)[0]
        q.set_note(s, first.id, q.get_or_create_annotator(s, "alice").id, "a flat\ndenial")
    out = tmp_path / "brat"
    summary = ops.export(db, format="brat", output=out)
    assert summary.paths == [str(out)] and summary.records == 1
    (txt,) = (out / "alice").glob("*.txt")
    assert txt.read_text(encoding="utf-8") == TEXT  # exactly: offsets count in it
    spans, relations, notes = _read_ann(txt.with_suffix(".ann"))
    for kind, fragments, shown in spans.values():
        assert " ".join(TEXT[a:b] for a, b in fragments) == shown
    by_text = {shown: (ident, kind) for ident, (kind, _, shown) in spans.items()}
    assert by_text["the reports were baseless"][1] == "denial"
    assert by_text["Moscow would respond"][1] == "warning"
    assert by_text["Dmitry Peskov"][1] == "PERSON" and by_text["He"][1] == "SPEAKER"
    assert {(k, spans[a][2], spans[b][2]) for k, a, b in relations} == {
        ("SPEAKER", "Dmitry Peskov", "the reports were baseless"),
        ("CUE", "said", "the reports were baseless"),
        ("SPEAKER", "He", "Moscow would respond")}
    assert notes == [f"AnnotatorNotes {by_text['the reports were baseless'][0]}\ta flat denial"]
    conf = (out / "annotation.conf").read_text()
    assert "[entities]" in conf and "PERSON" in conf and "denial" in conf and "SPEAKER\tArg1" in conf
    # Again into the same folder: replaced. Into a file name or a foreign folder: refused.
    ops.export(db, format="brat", output=out)
    assert sorted(p.name for p in out.iterdir()) == ["alice", "annotation.conf"]
    with pytest.raises(InputError, match="writes a folder"):
        ops.export(db, format="brat", output=tmp_path / "x.ann")
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "notes.txt").write_text("keep me")
    with pytest.raises(InputError, match="holds other files"):
        ops.export(db, format="brat", output=tmp_path / "mine")
    assert (tmp_path / "mine" / "notes.txt").read_text() == "keep me"


def test_a_brat_span_across_a_line_break_is_fragments(tmp_path: Path):
    from annotator.io.export_brat import _fragments

    text = "First line ends\nsecond line"
    assert _fragments(text, 6, 22) == "6 15;16 22"
    assert _fragments(text, 0, 5) == "0 5"


def test_label_studio_tasks_and_their_labelling_configuration(tmp_path: Path):
    import xml.etree.ElementTree as ET

    db = _db(tmp_path)
    out = tmp_path / "tasks.json"
    summary = ops.export(db, format="label-studio", output=out, include_unlabelled=True)
    assert summary.paths == [str(out), str(tmp_path / "tasks.config.xml")]
    (task,) = json.loads(out.read_text(encoding="utf-8"))
    assert task["data"]["text"] == TEXT and len(task["data"]["content_hash"]) == 64
    config = ET.fromstring((tmp_path / "tasks.config.xml").read_text())
    controls = {c.get("name"): {label.get("value") for label in c} for c in config.iter("Labels")}
    assert all(c.get("toName") == "text" for c in config.iter("Labels"))
    assert config.find("Text").get("name") == "text"
    assert {r.get("value") for r in config.iter("Relation")} == {"SPEAKER", "CUE"}

    def check(result: list[dict]) -> dict[str, tuple[str, str]]:
        regions = {r["id"]: r for r in result if r["type"] == "labels"}
        for r in regions.values():  # what Label Studio checks on import
            value = r["value"]
            assert TEXT[value["start"]:value["end"]] == value["text"]
            assert r["to_name"] == "text" and set(value["labels"]) <= controls[r["from_name"]]
        for r in result:
            if r["type"] == "relation":
                assert r["from_id"] in regions and r["to_id"] in regions
                assert r["labels"][0] in {"SPEAKER", "CUE"}
        return {r["value"]["text"]: (r["from_name"], r["value"]["labels"][0])
                for r in regions.values()}

    (annotation,) = task["annotations"]
    labelled = check(annotation["result"])
    assert labelled["the reports were baseless"] == ("statement", "denial")
    assert labelled["Dmitry Peskov"] == ("entity", "PERSON") and labelled["He"] == ("mention", "SPEAKER")
    assert task["meta"] == {"annotators": ["alice"]} and annotation["ground_truth"] is False
    (prediction,) = task["predictions"]
    predicted = check(prediction["result"])
    assert predicted["the reports were baseless"][0] == "statement"


def test_a_doccano_export_imports_with_its_statements_and_labels_and_round_trips(tmp_path):
    db = _db(tmp_path)
    with db.transaction() as s:  # a second annotator: two lines for one article
        first = q.article_statements(s, q.article_ids(s)[0])[0]
        q.set_label(s, first.id, q.get_or_create_annotator(s, "bob").id, "claim")
    out = tmp_path / "doccano.jsonl"
    ops.export(db, format="doccano", output=out)
    other = open_database(tmp_path / "other.db")
    summary = ops.import_articles(other, [out])
    assert (summary.imported, summary.duplicates, summary.labels) == (1, 0, 3), summary.as_dict()
    again = tmp_path / "again.jsonl"
    ops.export(other, format="doccano", output=again)

    def comparable(path: Path) -> list[dict]:
        return [{k: r[k] for k in ("text", "entities", "relations", "annotator")}
                for r in map(json.loads, path.read_text(encoding="utf-8").splitlines())]

    assert comparable(again) == comparable(out)
    with other.session() as s:
        (article,) = [q.get_article(s, a) for a in q.article_ids(s)]
    assert article.source == "TASS" and article.text == TEXT
    # Importing it once more adds nothing and changes nothing.
    summary = ops.import_articles(other, [out])
    assert (summary.imported, summary.labels) == (0, 0)
    assert comparable(tmp_path / "again.jsonl") == comparable(out)


def test_a_doccano_file_with_broken_annotations_is_one_problem_per_line(tmp_path):
    path = tmp_path / "broken.jsonl"
    path.write_text("\n".join([
        json.dumps({"text": "The mayor said the bridge is safe.",
                    "entities": [{"id": 1, "start_offset": 15, "end_offset": 99, "label": "claim"}],
                    "relations": []}),
        json.dumps({"text": "The port said it would reopen.",
                    "entities": [{"id": 1, "start_offset": 14, "end_offset": 29, "label": "claim"}],
                    "relations": [{"id": 0, "from_id": 7, "to_id": 1, "type": "SPEAKER"}]}),
        json.dumps({"text": "The union said it would strike.",
                    "entities": [{"id": 1, "start_offset": 15, "end_offset": 30, "label": "rumour"}],
                    "relations": []}),
    ]) + "\n", encoding="utf-8")
    db = open_database(tmp_path / "b.db")
    summary = ops.import_articles(db, [path])
    assert [p.where for p in summary.failed] == [f"{path}:1", f"{path}:2"]
    assert "not a span of the text" in summary.failed[0].message
    assert "not in the record" in summary.failed[1].message
    assert summary.imported == 1 and summary.labels == 0
    assert any("'rumour' is not a label" in w for w in summary.warnings)


def test_label_studio_tasks_import_with_their_labels_and_round_trip(tmp_path: Path):
    db = _db(tmp_path)
    out = tmp_path / "tasks.json"
    ops.export(db, format="label-studio", output=out)
    other = open_database(tmp_path / "other.db")
    summary = ops.import_articles(other, [out])
    assert (summary.imported, summary.labels) == (1, 2), summary.as_dict()
    again = tmp_path / "again.json"
    ops.export(other, format="label-studio", output=again)

    def comparable(path: Path) -> list:
        return [(t["data"]["text"], t["annotations"][0]["result"], t["meta"])
                for t in json.loads(path.read_text(encoding="utf-8"))]

    assert comparable(again) == comparable(out)


def test_a_brat_export_imports_with_its_labels_and_round_trips(tmp_path: Path):
    db = _db(tmp_path)
    out = tmp_path / "brat"
    ops.export(db, format="brat", output=out)
    other = open_database(tmp_path / "other.db")
    summary = ops.import_articles(other, [out])
    assert (summary.imported, summary.labels, summary.failed) == (1, 2, []), summary.as_dict()
    again = tmp_path / "again"
    ops.export(other, format="brat", output=again)

    def anns(folder: Path) -> list[str]:
        return sorted(p.read_text(encoding="utf-8") for p in folder.rglob("*.ann"))

    assert anns(again) == anns(out)
    with other.session() as s:
        (article,) = [q.get_article(s, a) for a in q.article_ids(s)]
    assert article.text == TEXT


def test_conll_imports_its_entities_detects_statements_and_round_trips(tmp_path: Path):
    db = _db(tmp_path)
    out = tmp_path / "entities.conll"
    ops.export(db, format="conll", output=out)
    other = open_database(tmp_path / "other.db")
    summary = ops.import_articles(other, [out])
    assert (summary.imported, summary.failed) == (1, []), summary.as_dict()
    with other.session() as s:
        (article_id,) = q.article_ids(s)
        text = q.get_article(s, article_id).text
        entities = [(text[e.start:e.end], e.label) for e in q.article_entities(s, article_id)]
        statements = [text[st.start:st.end] for st in q.article_statements(s, article_id)]
    assert text.splitlines()[0] == "Kremlin spokesman Dmitry Peskov said the reports were baseless ."
    assert entities == [("Kremlin", "ORG"), ("Dmitry Peskov", "PERSON"), ("Moscow", "GPE"),
                        ("Putin", "PERSON")]  # the file's, not the pipeline's
    assert any("the reports were baseless" in st for st in statements)  # detected
    again = tmp_path / "again.conll"
    ops.export(other, format="conll", output=again, include_unlabelled=True)
    assert again.read_text(encoding="utf-8") == out.read_text(encoding="utf-8")


def test_a_conll_line_with_a_tag_that_is_not_iob_is_one_problem(tmp_path: Path):
    path = tmp_path / "bad.conll"
    path.write_text("-DOCSTART- -X- O O\n\nPeskov B-PERSON\nsaid O\nno X-MISC\n", encoding="utf-8")
    summary = ops.import_articles(open_database(tmp_path / "b.db"), [path])
    assert [(p.where, "not an IOB tag" in p.message) for p in summary.failed] == [
        (f"{path}:5", True)]
