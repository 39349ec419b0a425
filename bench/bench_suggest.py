"""Suggestion quality: the learnt model against the rules and the majority label.

    python bench/bench_suggest.py [--repeats 20] [--speed]

Data: bench/data/labelled_statements.jsonl (150 statements written for the project and
labelled by the guidelines) and, when ../shared/corpus/seeds is there, the 59 seed
statements labelled by hand (tests/nlp/seed_expectations.py LABELS). Prints
- model selection: cross-validated accuracy of candidate feature sets and C;
- a learning curve: accuracy on 50 held-out statements after 25, 50, 100, 150 training
  labels (mean over --repeats random splits), next to the rules and the majority label;
- with --speed: training on 1,000 labels and scoring 100,000 candidates, in seconds.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "nlp"))

from annotator.core.labels import suggest_label  # noqa: E402
from annotator.core.lexicon import default_lexicon  # noqa: E402
from annotator.core.models import SuggestionInput  # noqa: E402
from annotator.suggest import cross_validate, fit  # noqa: E402


def own_data() -> list[SuggestionInput]:
    from annotator.nlp import load_pipeline

    nlp = load_pipeline().nlp
    lexicon = default_lexicon()
    out = []
    for n, line in enumerate((ROOT / "bench" / "data" / "labelled_statements.jsonl")
                             .read_text(encoding="utf-8").splitlines()):
        row = json.loads(line)
        lemma = nlp(row["cue"])[0].lemma_.lower()
        rule, _ = suggest_label(lemma, row["text"], lexicon)
        out.append(SuggestionInput(n, row["text"], row["cue"], row["speaker_type"],
                                   row["origin"], rule, row["label"], "single"))
    return out


def seed_data() -> list[SuggestionInput]:
    seeds = ROOT.parent / "shared" / "corpus" / "seeds"
    if not seeds.is_dir():
        return []
    from seed_expectations import EXPECTED, LABELS

    from annotator import ops
    from annotator.storage import open_database
    from annotator.storage import queries as q

    folder = Path(tempfile.mkdtemp())
    db = open_database(folder / "seeds.db")
    ops.import_articles(db, [seeds])
    out = []
    with db.session() as s:
        by_origin = {q.get_article(s, i).meta["origin"]: i for i in q.article_ids(s)}
        for name, cases in EXPECTED.items():
            article_id = by_origin[name]
            text = q.get_article(s, article_id).text
            types = {e.id: e.label for e in q.article_entities(s, article_id)}
            statements = q.article_statements(s, article_id)
            for (first, last, _), label in zip(cases, LABELS[name]):
                found = [st for st in statements
                         if first in text[st.start:st.end] and last in text[st.start:st.end]]
                if not found:
                    continue
                st = found[0]
                cue = text[st.cue_start:st.cue_end] if st.cue_start is not None else None
                out.append(SuggestionInput(10_000 + st.id, text[st.start:st.end], cue,
                                           types.get(st.speaker_entity_id), st.origin,
                                           st.suggested_label, label, "single"))
    db.close()
    return out


def selection(data: list[SuggestionInput]) -> None:
    print("model selection (5-fold cross-validation on all labelled statements):")
    for chars in (False, True):
        for c in (1.0, 4.0, 16.0):
            m = cross_validate(data, chars=chars, c=c)
            print(f"  words{'+chars' if chars else '      '} C={c:<5} accuracy {m['accuracy']:.3f}"
                  f"  ECE {m['ece']:.3f} (uncalibrated {m['ece_uncalibrated']:.3f})")
    m = cross_validate(data)
    print(f"  rules {m['rules_accuracy']:.3f}   majority label {m['majority_accuracy']:.3f}")


def curve(data: list[SuggestionInput], repeats: int) -> None:
    print(f"learning curve (50 held-out statements, mean of {repeats} splits):")
    print("  labels   model   rules   majority")
    for n in (25, 50, 100, 150):
        scores: dict[str, list[float]] = {"model": [], "rules": [], "majority": []}
        for r in range(repeats):
            rng = random.Random(r)
            shuffled = data[:]
            rng.shuffle(shuffled)
            test, train = shuffled[:50], shuffled[50:50 + n]
            if len({x.label for x in train}) < 2:
                continue
            metrics = cross_validate(train)
            model = fit(train, temperature=metrics["temperature"],
                        rule_weight=metrics["rule_weight"])
            got = [label for label, _ in model.suggest(test)]
            common = Counter(x.label for x in train).most_common(1)[0][0]
            scores["model"].append(sum(g == x.label for g, x in zip(got, test)) / len(test))
            scores["rules"].append(sum(x.rule_label == x.label for x in test) / len(test))
            scores["majority"].append(sum(common == x.label for x in test) / len(test))
        print(f"  {n:>6}   {statistics.mean(scores['model']):.3f}   "
              f"{statistics.mean(scores['rules']):.3f}   {statistics.mean(scores['majority']):.3f}")


def speed(data: list[SuggestionInput]) -> None:
    rng = random.Random(0)
    labelled = [data[rng.randrange(len(data))] for _ in range(1000)]
    labelled = [SuggestionInput(i, x.content + f" {rng.randrange(10**6)}", x.cue, x.speaker_type,
                                x.origin, x.rule_label, x.label) for i, x in enumerate(labelled)]
    t = time.perf_counter()
    metrics = cross_validate(labelled)
    model = fit(labelled, temperature=metrics["temperature"], rule_weight=metrics["rule_weight"])
    trained = time.perf_counter() - t
    candidates = [SuggestionInput(i, data[i % len(data)].content, data[i % len(data)].cue)
                  for i in range(100_000)]
    t = time.perf_counter()
    model.suggest(candidates)
    scored = time.perf_counter() - t
    print(f"train on 1,000 labels (5-fold CV + final fit): {trained:.1f} s; "
          f"score 100,000 candidates: {scored:.1f} s")


def speed_db(data: list[SuggestionInput], url: str | None) -> None:
    """`ops.train` end to end: 100,000 statements in 10,000 articles, 1,000 of them labelled;
    trains (cross-validation + final fit), stores the model, re-scores 99,000 candidates."""
    from annotator import ops
    from annotator.core.models import ArticleDraft, StatementSpan
    from annotator.storage import open_database, queries as q

    db = open_database(url or str(Path(tempfile.mkdtemp()) / "speed.db"))
    rng = random.Random(1)
    drafts = []
    for a in range(10_000):
        parts, spans, at = [], [], 0
        for _ in range(10):
            x = data[rng.randrange(len(data))]
            sentence = f"Officials {x.cue or 'said'} {x.content} ({rng.randrange(10**6)})."
            start = at + len(f"Officials {x.cue or 'said'} ")
            spans.append(StatementSpan(start, start + len(x.content), origin=x.origin,
                                       suggested_label=x.rule_label, suggested_score=0.5))
            parts.append(sentence)
            at += len(sentence) + 1
        drafts.append(ArticleDraft(text=" ".join(parts), source="bench", statements=tuple(spans)))
    with db.transaction() as s:
        q.add_articles(s, drafts)
    truth = {}
    with db.session() as s:
        ids = [st.id for a in q.article_ids(s)[:100] for st in q.article_statements(s, a)]
    by_content = {x.content: x.label for x in data}
    with db.session() as s:
        for x in next(q.candidate_inputs(s, chunk=100_000)):
            truth[x.statement_id] = by_content.get(x.content)
    with db.transaction() as s:
        alice = q.get_or_create_annotator(s, "alice").id
        for sid in ids:
            q.set_label(s, sid, alice, truth[sid])
    t = time.perf_counter()
    summary = ops.train(db)
    seconds = time.perf_counter() - t
    print(f"ops.train on {summary.examples:,} labels, re-scoring {summary.rescored:,} candidates "
          f"({db.engine.dialect.name}): {seconds:.1f} s (cross-validated accuracy "
          f"{summary.metrics['accuracy']:.3f})")
    db.close()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeats", type=int, default=20)
    parser.add_argument("--speed", action="store_true")
    parser.add_argument("--speed-db", action="store_true", help="ops.train end to end")
    parser.add_argument("--db", help="database URL for --speed-db (default: a new SQLite file)")
    args = parser.parse_args()
    data = own_data() + seed_data()
    print(f"{len(data)} labelled statements: {dict(Counter(x.label for x in data))}")
    selection(data)
    curve(data, args.repeats)
    if args.speed:
        speed(data)
    if args.speed_db:
        speed_db(data, args.db)


if __name__ == "__main__":
    main()
