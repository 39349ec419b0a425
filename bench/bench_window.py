"""The annotation window's speed targets (issue 4), offscreen.

    python bench/bench_window.py keypress        # label keypress → committed, vs ops.set_label
    python bench/bench_window.py open            # open a 600-word and a 10,000-word article
    python bench/bench_window.py startup [--articles 100000]

Targets: keypress committed < 5 ms median on SQLite; opening a 600-word article < 30 ms and a
10,000-word article with 1,000 entities < 200 ms, scrolling smooth; first article shown
< 1.5 s on a database of 100,000 articles, spaCy not imported.
"""

from __future__ import annotations

import argparse
import os
import random
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("XDG_CONFIG_HOME", tempfile.mkdtemp())
sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import seed_sentences  # noqa: E402
from harness import compare, measure, report  # noqa: E402

from annotator.core import ArticleDraft, EntitySpan, StatementSpan  # noqa: E402
from annotator.storage import open_database  # noqa: E402
from annotator.storage import queries as q  # noqa: E402

TYPES = ["PERSON", "ORG", "GPE", "NORP", "DATE"]


def synthetic_article(words: int, entities: int, statements: int, seed: int = 0) -> ArticleDraft:
    rng = random.Random(seed)
    pool = seed_sentences()
    parts, count = [], 0
    while count < words:
        sentence = rng.choice(pool)
        parts.append(sentence)
        count += len(sentence.split())
    text = "\n".join(" ".join(parts[i:i + 3]) for i in range(0, len(parts), 3)) + f" ({seed})"
    starts = sorted(rng.sample(range(0, len(text) - 20), entities))
    ents, last = [], -1
    for s in starts:
        if s > last:
            ents.append(EntitySpan(s, s + 8, rng.choice(TYPES)))
            last = s + 8
    step = max(1, len(text) // (statements + 1))
    stmts = tuple(StatementSpan(i * step, i * step + step // 2, speaker_entity=None,
                                suggested_label="report") for i in range(1, statements + 1))
    return ArticleDraft(text=text, title=f"Synthetic {seed}", source="Bench", entities=tuple(ents),
                        statements=stmts)


def _window(db):  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QApplication

    from annotator.gui import create_main_window

    window = create_main_window(db, "bench")
    window.show()
    QApplication.processEvents()
    return window


def keypress(runs: int, url: str | None = None, training: bool = False) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    from annotator import ops

    db = open_database(url or Path(tempfile.mkdtemp()) / "k.db")
    with db.transaction() as s:
        q.add_article(s, synthetic_article(600, 60, 300, seed=random.randrange(10**9)))
    if training:
        _training_in_the_background(db)
    window = _window(db)
    table = window.statement_table
    keys = [Qt.Key.Key_1, Qt.Key.Key_2, Qt.Key.Key_3, Qt.Key.Key_4]
    counter = {"n": 0}
    statement_ids = [s.id for s in window.control.statements.statements]

    def press() -> None:
        counter["n"] += 1
        if counter["n"] % 250 == 0:  # keep statements to label: move back to the top
            window.control.set_current(statement_ids[0])
        QTest.keyClick(table, keys[counter["n"] % 4])

    def bare() -> None:
        counter["n"] += 1
        ops.set_label(db, statement_id=statement_ids[counter["n"] % len(statement_ids)],
                      annotator="bench2", label=["warning", "claim"][counter["n"] % 2])

    a, b, ratio = compare((f"label keypress in the window ({db.engine.dialect.name})", press),
                          ("ops.set_label alone", bare), runs=runs)
    window.close()  # stops its database worker
    report(a, b, ratio=ratio)


def _training_in_the_background(db) -> None:  # type: ignore[no-untyped-def]
    """What the window's trainer does, without pause, on the same database: 1,000 labelled
    statements and 10,000 candidates, retrained (and all re-scored) again and again, as the
    window does it (a child process waited for on a thread), sharing the write lock."""
    import threading

    from annotator import ops

    rng = random.Random(3)
    words = ["budget", "warned", "denied", "false", "strike", "said", "plan", "vote", "would",
             "never", "respond", "report", "claims", "soon", "tax", "if", "not", "council"]
    drafts = []
    for a in range(1_100):
        sentences = [" ".join(rng.choice(words) for _ in range(12)) + "." for _ in range(10)]
        text = " ".join(sentences)
        spans, at = [], 0
        for sentence in sentences:
            spans.append(StatementSpan(at, at + len(sentence) - 1, suggested_label="report"))
            at += len(sentence) + 1
        drafts.append(ArticleDraft(text=text, source="Bench", statements=tuple(spans)))
    with db.transaction() as s:
        q.add_articles(s, drafts)
        who = q.get_or_create_annotator(s, "trainer").id
        labels = ["warning", "claim", "denial", "report"]
        for article_id in q.article_ids(s)[1:101]:
            for st in q.article_statements(s, article_id):
                q.set_label(s, st.id, who, rng.choice(labels))
    stop = threading.Event()

    def loop() -> None:
        while not stop.is_set():
            summary = ops.train_in_child(db, min_labels=10)  # as the window does
            print(f"  (background: model v{summary.version}, re-scored {summary.rescored:,})",
                  file=sys.stderr)

    threading.Thread(target=loop, daemon=True).start()
    time.sleep(3)  # let it get going


def open_article(runs: int) -> None:
    from PySide6.QtWidgets import QApplication

    db = open_database(Path(tempfile.mkdtemp()) / "o.db")
    with db.transaction() as s:
        small = q.add_article(s, synthetic_article(600, 60, 12, seed=1))
        large = q.add_article(s, synthetic_article(10_000, 1_000, 120, seed=2))
    window = _window(db)
    control = window.control

    def opener(article_id: int):  # type: ignore[no-untyped-def]
        def run() -> None:
            control.open_article(article_id)
            QApplication.processEvents()
        return run

    report(measure("open 600-word article, 60 entities", opener(small), runs=runs),
           measure("open 10,000-word article, 1,000 entities", opener(large), runs=max(5, runs // 4)))
    control.open_article(large)
    bar = window.view.verticalScrollBar()
    positions = list(range(bar.minimum(), bar.maximum(), max(1, bar.pageStep() // 3)))
    index = {"i": 0}

    def scroll_frame() -> None:
        bar.setValue(positions[index["i"] % len(positions)])
        index["i"] += 1
        window.view.viewport().repaint()

    report(measure("scroll + repaint one frame (10,000 words)", scroll_frame, runs=200))


def startup(articles: int) -> None:
    path = Path(tempfile.mkdtemp()) / f"start-{articles}.db"
    open_database(path).close()
    draft = synthetic_article(600, 60, 12, seed=3)
    conn = sqlite3.connect(path)
    with conn:
        rows = ((f"{i:064x}", draft.text + f" #{i}", f"Synthetic {i}", "Bench") for i in range(articles))
        conn.executemany("INSERT INTO articles (content_hash, text, title, source, meta, imported_at)"
                         " VALUES (?, ?, ?, ?, '{}', CURRENT_TIMESTAMP)", rows)
        conn.executemany("INSERT INTO entities (article_id, start, \"end\", label, origin) "
                         "VALUES (?, ?, ?, ?, 'model')",
                         ((a, e.start, e.end, e.label) for a in range(1, articles + 1, 97)
                          for e in draft.entities))
        conn.executemany("INSERT INTO statements (article_id, start, \"end\", origin) "
                         "VALUES (?, ?, ?, 'model')",
                         ((a, s.start, s.end) for a in range(1, articles + 1) for s in draft.statements))
    conn.close()
    code = (
        "import time; t0 = time.perf_counter()\n"
        "import sys\n"
        "from annotator.storage import open_database\n"
        "from annotator.gui import create_main_window\n"
        "from PySide6.QtWidgets import QApplication\n"
        f"db = open_database({str(path)!r})\n"
        "w = create_main_window(db, 'bench'); w.show()\n"
        "while not w.view.toPlainText(): QApplication.processEvents()\n"
        "QApplication.processEvents()\n"
        "print(f'{time.perf_counter() - t0:.3f}', 'spacy' in sys.modules)\n")
    times = []
    for _ in range(3):
        start = time.perf_counter()
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                             env={**os.environ}).stdout.split()
        wall = time.perf_counter() - start
        times.append((float(out[0]), wall, out[1]))
    for inside, wall, spacy in times:
        print(f"{articles:,} articles: first article shown after {inside:.3f} s in-process "
              f"({wall:.3f} s including interpreter start); spaCy imported: {spacy}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("what", choices=["keypress", "open", "startup"])
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--db", help="database URL for keypress (default: a new SQLite file)")
    parser.add_argument("--training", action="store_true",
                        help="keypress: with the suggestion model retraining in the background")
    args = parser.parse_args()
    {"keypress": lambda: keypress(args.runs, args.db, args.training), "open": lambda: open_article(args.runs),
     "startup": lambda: startup(args.articles)}[args.what]()


if __name__ == "__main__":
    main()
