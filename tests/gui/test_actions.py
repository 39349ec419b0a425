"""The window's commands come from one table: menus, tooltips and the ? sheet agree with
it, and no key is bound to two commands."""

from __future__ import annotations

from collections import Counter

from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QMenu

from annotator.gui import actions


def test_every_command_is_in_its_menu_with_its_keys_in_tooltip_and_sheet(window):
    table = actions.commands(window.control.types)
    sheet = dict((what, keys) for keys, what in window.shortcuts)
    for command in table:
        action = window.actions_by_id[command.id]
        menu = next(m for m in window.menuBar().findChildren(QMenu) if m.title() == command.menu)
        assert action in menu.actions(), command.id
        assert [k.toString() for k in action.shortcuts()] == \
            [QKeySequence(k).toString() for k in command.keys]
        for key in command.keys:
            assert key in action.toolTip()
        if command.keys:
            assert sheet[command.text.replace("&", "")] == " / ".join(command.keys)
    labels = [c for c in table if c.id.startswith("actionLabel_")]
    assert [c.keys for c in labels] == [("1",), ("2",), ("3",), ("4",)]


def test_no_key_does_two_things(window):
    keys = Counter(QKeySequence(k).toString() for c in actions.commands(window.control.types)
                   for k in c.keys)
    assert [k for k, n in keys.items() if n > 1] == []
