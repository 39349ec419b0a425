"""Learning from edits: where annotators move candidates' edges. A team that always
starts indirect statements at "that" and ends them with the full stop teaches the next
import to do so; a few edits teach nothing; the history, not the statement, says where
detection had put a candidate. Both backends."""

from __future__ import annotations

from pathlib import Path

from annotator import ops
from annotator.storage import queries as q

SPEAKERS = ["The mayor", "A spokeswoman for the port", "The finance minister", "Union leaders",
            "The head of the agency", "Two senior aides", "The opposition leader",
            "A lawyer for the family"]
VERBS = ["said", "told reporters", "argued", "insisted", "claimed"]
CONTENTS = ["the budget for the harbour was balanced at last",
            "the ferry service would resume in the spring",
            "nobody had been told about the closure",
            "the contract was signed before the vote",
            "the new bridge would cost twice as much",
            "the inquiry had found no evidence of fraud"]


def _write(folder: Path, sentences: list[str]) -> list[str]:
    folder.mkdir(parents=True, exist_ok=True)
    for i, sentence in enumerate(sentences):
        (folder / f"{i:03}.txt").write_text(sentence + "\n", encoding="utf-8")
    return sentences


def _sentences(count: int, offset: int = 0) -> list[str]:
    out = []
    for n in range(offset, offset + count):
        speaker = SPEAKERS[n % len(SPEAKERS)]
        verb = VERBS[(n // len(SPEAKERS)) % len(VERBS)]
        content = CONTENTS[(n * 5 + 1) % len(CONTENTS)]
        that = " that" if n % 2 == 0 else ""
        out.append(f"{speaker} {verb}{that} {content}.")
    return out


def _candidates(db) -> dict[str, list]:  # type: ignore[no-untyped-def]
    """Each article's text and its stored candidates."""
    with db.session() as s:
        return {q.get_article(s, a).text.strip(): list(q.article_statements(s, a))
                for a in q.article_ids(s)}


def _review(db, texts: set[str]) -> int:  # type: ignore[no-untyped-def]
    """alice labels each of these articles' candidates and moves its start back over
    "that" and its end over the full stop, as her team's guidelines say. Returns how
    many candidates she moved."""
    alice = ops.annotator(db, "alice")
    moved = 0
    for text, statements in _candidates(db).items():
        if text not in texts:
            continue
        for st in statements:
            start, end = st.start, st.end
            if text[:start].endswith("that "):
                start -= len("that ")
            if text[end:end + 1] == ".":
                end += 1
            ops.set_label(db, statement_id=st.id, label="claim", annotator_id=alice.id)
            if (start, end) != (st.start, st.end):
                ops.update_statement(db, statement_id=st.id, annotator_id=alice.id,
                                     start=start, end=end)
                moved += 1
    return moved


def _bounds_of(db, texts: list[str]) -> dict[str, list[str]]:  # type: ignore[no-untyped-def]
    found = _candidates(db)
    return {t: [t[s.start:s.end] for s in found[t]] for t in texts}


def test_a_few_edits_leave_detection_alone(db, tmp_path):
    ops.import_articles(db, [_write_folder(tmp_path / "a", _sentences(8))])
    assert 0 < _review(db, set(_sentences(8))) < 12
    summary = ops.train_boundaries(db)
    assert summary.stored == [] and "12 are needed" in summary.kept["end"]
    from annotator.detecting import load_boundaries

    assert load_boundaries(db) is None
    new = _sentences(6, offset=40)
    ops.import_articles(db, [_write_folder(tmp_path / "b", new)])
    for text, contents in _bounds_of(db, new).items():
        assert all(not c.endswith(".") and not c.startswith("that ") for c in contents), text


def _write_folder(folder: Path, sentences: list[str]) -> Path:
    _write(folder, sentences)
    return folder


def test_the_teams_edges_are_learnt_and_applied_at_the_next_import(db, tmp_path):
    taught = _sentences(40)
    ops.import_articles(db, [_write_folder(tmp_path / "a", taught)])
    assert _review(db, set(taught)) >= 30
    with db.session() as s:  # where detection had put them is in the history
        examples = q.boundary_examples(s)
    assert len(examples) >= 40
    assert all(e.detected != e.chosen for e in examples
               if e.text[e.chosen[1] - 1:e.chosen[1]] == "." and
               e.text[e.detected[1] - 1:e.detected[1]] != ".")
    summary = ops.train_boundaries(db)
    assert set(summary.stored) == {"start", "end"}, summary.kept
    for edge in ("start", "end"):
        m = summary.metrics[edge]
        assert m["accuracy"] > m["detection_accuracy"]

    new = [f"{speaker} {verb}{that} {content}." for speaker, verb, that, content in [
        ("The harbour master", "said", " that", "the storm had damaged three boats"),
        ("A council member", "told the meeting", "", "the school would close in June"),
        ("The chief executive", "insisted", " that", "the company had paid every tax it owed"),
    ]]
    summary_import = ops.import_articles(db, [_write_folder(tmp_path / "b", new)])
    assert summary_import.bounds_moved >= 4
    found = _bounds_of(db, new)
    assert found[new[0]] == ["that the storm had damaged three boats."]
    assert found[new[1]] == ["the school would close in June."]
    assert found[new[2]] == ["that the company had paid every tax it owed."]


def test_a_model_the_edits_no_longer_support_is_removed(db, tmp_path):
    taught = _sentences(40)
    ops.import_articles(db, [_write_folder(tmp_path / "a", taught)])
    _review(db, set(taught))
    assert ops.train_boundaries(db).stored
    # The team changes its mind: the edges go back where detection put them.
    alice = ops.annotator(db, "alice")
    with db.session() as s:
        detected = {sid: bounds for sid, bounds in q.first_bounds(
            s, [st.id for sts in _candidates(db).values() for st in sts]).items()}
    for sid, (start, end) in detected.items():
        ops.update_statement(db, statement_id=sid, annotator_id=alice.id, start=start, end=end)
    summary = ops.train_boundaries(db)
    assert summary.stored == []
    from annotator.detecting import load_boundaries

    assert load_boundaries(db) is None
