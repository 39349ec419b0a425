"""The session rules the window follows, without Qt (this file never imports PySide6)."""

from __future__ import annotations

import sys

from annotator.session import Progress, Session, kept_in_view, next_unlabelled, step


def test_moving_stops_at_the_ends_and_starts_at_the_top():
    order = [10, 11, 12]
    assert step(order, 11, 1) == 12 and step(order, 12, 1) == 12
    assert step(order, 10, -1) == 10 and step(order, None, 1) == 10
    assert step([], None, 1) is None


def test_a_label_key_moves_to_the_next_unlabelled_wrapping_round():
    labels = {10: "claim", 12: "denial"}
    order = [10, 11, 12, 13]
    assert next_unlabelled(order, labels.get, 11) == 13
    labels[13] = "report"
    assert next_unlabelled(order, labels.get, 12) == 11  # wraps to the top
    labels[11] = "warning"
    assert next_unlabelled(order, labels.get, 12) is None  # all done
    assert next_unlabelled(order, {}.get) == 10


def test_a_filter_keeps_the_current_statement_or_the_next_one_shown():
    order = [1, 2, 3, 4]
    assert kept_in_view(order, {1, 2, 3, 4}, 3) == 3
    assert kept_in_view(order, {1, 4}, 3) == 4
    assert kept_in_view(order, {1}, 3) == 1  # wraps
    assert kept_in_view(order, set(), 3) is None


def test_progress_is_counted_once_then_kept_label_by_label():
    progress = Progress()
    progress.label_changed(None, "claim")  # not counted yet: nothing to adjust
    assert progress.figures == (0, 0)
    progress.set_count(5, 20)
    progress.label_changed(None, "claim")
    progress.label_changed("claim", "denial")  # relabelling does not count twice
    progress.label_changed("warning", None)
    progress.label_changed(None, "report")
    assert progress.figures == (6, 20)
    progress.recount()  # an import: counted again, the old figure shown meanwhile
    assert progress.counted is None and progress.figures == (6, 20)


def test_undo_finds_a_statement_deleted_and_put_back_twice():
    session = Session()
    session.restored(5, 8)  # deleted, put back as 8
    session.restored(8, 9)  # and again as 9
    assert session.resolve(5) == 9 and session.resolve(8) == 9 and session.resolve(7) == 7
    session.made(8)  # SQLite handed 8 out again for a new statement: not an alias any more
    assert session.resolve(8) == 8
    session.aliases[1], session.aliases[2] = 2, 1  # never loops, whatever is stored
    assert session.resolve(1) in (1, 2)


def test_another_annotator_starts_with_their_own_undo_and_progress():
    from annotator.core.undo import LabelEdit

    session = Session()
    session.undo.push(LabelEdit(1, 2, None, "claim"))
    session.progress.set_count(3, 9)
    session.switched()
    assert session.undo.undo() is None and session.progress.counted is None


def test_the_session_runs_without_qt():
    import subprocess

    check = ("import sys, annotator.session, annotator.outbox; "
             "assert 'PySide6' not in sys.modules, 'Qt was imported'")
    subprocess.run([sys.executable, "-c", check], check=True)
