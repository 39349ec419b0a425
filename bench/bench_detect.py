"""Statement detection scored on hand-annotated news paragraphs (bench/data/attribution_dev.txt).

    python bench/bench_detect.py [--file bench/data/attribution_dev.txt] [--misses]

The paragraphs were written and annotated by hand for annotator (content | speaker | cue per
attribution) before the rules they score. A gold attribution is found when a candidate's
content overlaps it with a Dice coefficient of at least 0.5 (on characters); the speaker is
right when the candidate's speaker phrase or resolved entity and the gold speaker overlap.
Precision counts every candidate that matches no gold attribution as a false positive.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

from annotator.nlp import analyse, load_pipeline

DEFAULT = Path(__file__).resolve().parent / "data" / "attribution_dev.txt"


def read(path: Path) -> list[tuple[str, list[tuple[str, str, str]]]]:
    items = []
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        lines = [line for line in block.strip().splitlines() if not line.startswith("#")]
        if not lines:
            continue
        gold = [tuple(part.strip() for part in line.split(" | ")) for line in lines[1:]]
        items.append((lines[0], gold))
    return items


def dice(a: tuple[int, int], b: tuple[int, int]) -> float:
    overlap = max(0, min(a[1], b[1]) - max(a[0], b[0]))
    return 2 * overlap / ((a[1] - a[0]) + (b[1] - b[0]))


def score(path: Path, show_misses: bool = False) -> dict[str, float]:
    nlp = load_pipeline().nlp
    found = gold_total = predicted = matched_predictions = speaker_right = 0
    by_kind: Counter[str] = Counter()
    for text, gold in read(path):
        doc = nlp(text)
        ents, candidates = analyse(doc)
        predicted += len(candidates)
        used: set[int] = set()
        for content, speaker, cue in gold:
            gold_total += 1
            start = text.find(content)
            if start < 0:
                sys.exit(f"{path}: gold content not in its paragraph: {content!r}")
            span = (start, start + len(content))
            best = max(range(len(candidates)), default=None,
                       key=lambda i: dice(span, (candidates[i].start, candidates[i].end)))
            if best is None or dice(span, (candidates[best].start, candidates[best].end)) < 0.5:
                if show_misses:
                    print(f"MISS  {content!r} ({cue})\n      in {text!r}")
                continue
            found += 1
            used.add(best)
            c = candidates[best]
            names = [text[c.speaker_start:c.speaker_end]] if c.speaker_start is not None else []
            if c.speaker_entity is not None:
                e = ents[c.speaker_entity]
                names.append(text[e.start:e.end])
            if any(n and (n in speaker or speaker in n) for n in names):
                speaker_right += 1
            elif show_misses:
                print(f"SPEAKER {names} for {speaker!r}: {content!r}")
            by_kind[getattr(c, "kind", "-")] += 1
        matched_predictions += len(used)
        if show_misses:
            for i, c in enumerate(candidates):
                if i not in used:
                    print(f"EXTRA {text[c.start:c.end]!r}\n      in {text!r}")
    precision = matched_predictions / predicted if predicted else 0.0
    recall = found / gold_total if gold_total else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"gold": gold_total, "predicted": predicted, "precision": round(precision, 3),
            "recall": round(recall, 3), "f1": round(f1, 3),
            "speaker": round(speaker_right / found, 3) if found else 0.0,
            "found_by_kind": dict(by_kind)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--file", type=Path, default=DEFAULT)
    parser.add_argument("--misses", action="store_true")
    args = parser.parse_args()
    print(score(args.file, args.misses))


if __name__ == "__main__":
    main()
