"""The undo stack: plain data, no Qt."""

from __future__ import annotations

from annotator.core.models import RemovedLabel, Statement
from annotator.core.undo import LabelEdit, StatementEdit, StatementPresence, UndoStack, describe


def test_no_op_edits_are_not_recorded_and_a_new_edit_clears_redo():
    stack = UndoStack()
    stack.push(LabelEdit(1, 1, "claim", "claim"))
    stack.push(StatementEdit(1, 1, (("start", 0),), (("start", 0),)))
    assert not stack.can_undo()
    first, second = LabelEdit(1, 1, None, "claim"), LabelEdit(1, 2, None, "report")
    stack.push(first)
    stack.push(second)
    assert stack.undo() == second and stack.next_redo() == second
    stack.push(LabelEdit(1, 3, None, "denial"))
    assert not stack.can_redo() and stack.next_undo() == LabelEdit(1, 3, None, "denial")


def test_the_oldest_edits_go_past_the_limit():
    stack = UndoStack(limit=3)
    for n in range(5):
        stack.push(LabelEdit(1, n, None, "claim"))
    undone = [stack.undo() for _ in range(4)]
    assert [e.statement_id for e in undone if e] == [4, 3, 2] and undone[-1] is None


def test_each_kind_of_edit_names_itself_for_the_menu():
    statement = Statement(7, 1, 0, 10)
    assert describe(LabelEdit(1, 7, None, "claim")) == "label"
    assert describe(StatementEdit(1, 7, (("end", 9), ("start", 0)), (("end", 12), ("start", 2)))) == "bounds"
    assert describe(StatementEdit(1, 7, (("speaker_start", None),), (("speaker_start", 3),))) == "speaker"
    assert describe(StatementPresence(1, 7, statement, made=True)) == "new statement"
    assert describe(StatementPresence(1, 7, statement, made=False,
                                      labels=(RemovedLabel("alice", "claim"),))) == "deleted statement"
