"""What learning candidates' edges from annotators' edits adds, on the hand-annotated
paragraphs of bench/data (issue 12, "learning from edits").

    python bench/bench_boundaries.py

For each direction (learn on the dev paragraphs, score on the test ones, and the other way
round) and each team convention:

- ``as annotated``: annotators move every candidate that matches a gold attribution to the
  gold content's exact span (the convention detection was written to);
- ``with "that" and the stop``: the team's guideline differs from detection's: an indirect
  statement starts at its "that" and ends with the sentence's full stop, when they are
  there — the kind of house rule a team has and detection cannot know.

It imports the learning paragraphs into a fresh SQLite database, plays the edits through
``ops`` (so the history holds them, as the window's would), runs ``annotator train``'s
boundary learning, imports the scoring paragraphs, and counts the matched candidates whose
start, end and both edges are exactly where the gold puts them: without the model (a
database that learnt nothing) and with it.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench_detect import DEFAULT, dice, read  # noqa: E402

from annotator import ops  # noqa: E402
from annotator.storage import open_database, queries  # noqa: E402

TEST = DEFAULT.with_name("attribution_test.txt")


def gold_spans(text: str, gold, convention: str) -> list[tuple[int, int]]:  # type: ignore[no-untyped-def]
    spans = []
    for content, _, _ in gold:
        start = text.find(content)
        end = start + len(content)
        if convention == "that+stop":
            if text[:start].endswith("that "):
                start -= len("that ")
            if text[end:end + 1] == ".":
                end += 1
        spans.append((start, end))
    return spans


def load(db, items, folder: Path) -> dict[str, list]:  # type: ignore[no-untyped-def]
    folder.mkdir(parents=True)
    for i, (text, _) in enumerate(items):
        (folder / f"{i:03}.txt").write_text(text + "\n", encoding="utf-8")
    ops.import_articles(db, [folder])
    with db.session() as s:
        return {queries.get_article(s, a).text.strip(): list(queries.article_statements(s, a))
                for a in queries.article_ids(s)}


def matches(candidates, spans):  # type: ignore[no-untyped-def]
    """(candidate, gold span) for each gold span its best candidate matches (Dice ≥ 0.5)."""
    out = []
    for span in spans:
        best = max(candidates, default=None, key=lambda c: dice(span, (c.start, c.end)))
        if best is not None and dice(span, (best.start, best.end)) >= 0.5:
            out.append((best, span))
    return out


def exact(db, items, folder: Path, convention: str) -> dict[str, float]:  # type: ignore[no-untyped-def]
    stored = load(db, items, folder)
    counts = {"matched": 0, "start": 0, "end": 0, "both": 0}
    for text, gold in items:
        for candidate, span in matches(stored[text.strip()], gold_spans(text, gold, convention)):
            counts["matched"] += 1
            counts["start"] += candidate.start == span[0]
            counts["end"] += candidate.end == span[1]
            counts["both"] += (candidate.start, candidate.end) == span
    return counts


def run(learn, score, convention: str, work: Path) -> tuple[dict, dict, object]:  # type: ignore[no-untyped-def,type-arg]
    baseline = exact(open_database(str(work / "baseline.db")), score, work / "b", convention)
    db = open_database(str(work / "taught.db"))
    stored = load(db, learn, work / "learn")
    alice = ops.annotator(db, "alice")
    for text, gold in learn:
        for candidate, span in matches(stored[text.strip()], gold_spans(text, gold, convention)):
            ops.set_label(db, statement_id=candidate.id, label="claim", annotator_id=alice.id)
            if (candidate.start, candidate.end) != span:
                ops.update_statement(db, statement_id=candidate.id, annotator_id=alice.id,
                                     start=span[0], end=span[1])
    summary = ops.train_boundaries(db)
    taught = exact(db, score, work / "score", convention)
    return baseline, taught, summary


def main() -> None:
    dev, test = read(DEFAULT), read(TEST)
    print(f"{'learn → score':<14} {'convention':<26} {'matched':>7}  "
          f"{'both edges right: rules → learnt':>34}  model")
    for (name, learn, score) in (("dev → test", dev, test), ("test → dev", test, dev)):
        for convention, title in (("as-annotated", "as annotated"),
                                  ("that+stop", 'with "that" and the stop')):
            with tempfile.TemporaryDirectory() as folder:
                baseline, taught, summary = run(learn, score, convention, Path(folder))
            n = baseline["matched"]
            model = "; ".join([f"{edge} learnt" for edge in summary.stored]  # type: ignore[attr-defined]
                              + list(summary.kept.values()))  # type: ignore[attr-defined]
            print(f"{name:<14} {title:<26} {n:>7}  "
                  f"{baseline['both'] / n:>15.1%} → {taught['both'] / max(1, taught['matched']):<6.1%}"
                  f"  (start {baseline['start']}→{taught['start']}, end "
                  f"{baseline['end']}→{taught['end']})  {model}")


if __name__ == "__main__":
    main()
