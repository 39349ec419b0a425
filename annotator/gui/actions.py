"""Every command of the window in one table: its id, text, keys, menu and handler. The
table builds the menus, the tooltips (text and keys) and the `?` shortcut sheet, so a key
is declared once and shown everywhere it works.

Keys are window shortcuts; in a text field (note, filter, speaker) they are text, never a
command (``gui/keys.py`` hands every key typed there to the field).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu

from annotator.core.models import REJECT, LabelType


@dataclass(frozen=True)
class Command:
    id: str  # the QAction's objectName
    text: str
    keys: tuple[str, ...]
    menu: str
    handler: str  # a method of the window, or of one of its parts ("control.undo")
    args: tuple[Any, ...] = ()
    checkable: bool = False
    separator_before: bool = False


MENUS = ("&File", "&Edit", "&Label", "&Go", "&Team", "&View", "&Help")

COMMANDS: tuple[Command, ...] = (
    Command("actionImportFiles", "&Import files…", ("Ctrl+O",), "&File", "importer.pick_files"),
    Command("actionImportFolder", "Import &folder…", ("Ctrl+Shift+O",), "&File",
            "importer.pick_folder"),
    Command("actionExport", "&Export…", ("Ctrl+E",), "&File", "dialogs.show_export"),
    Command("actionSwitchAnnotator", "&Switch annotator…", ("Ctrl+Shift+A",), "&File",
            "dialogs.switch_annotator"),
    Command("actionQuit", "&Quit", ("Ctrl+Q",), "&File", "close", separator_before=True),
    Command("actionUndo", "&Undo", ("Ctrl+Z",), "&Edit", "control.undo"),
    Command("actionRedo", "&Redo", ("Ctrl+Shift+Z", "Ctrl+Y"), "&Edit", "control.redo"),
    # the label keys of the project's scheme come here (label_commands)
    Command("actionAccept", "&Accept suggestion", ("Return", "Enter"), "&Label",
            "control.accept_suggestion"),
    Command("actionClear", "&Clear label", ("0", "Delete"), "&Label", "control.clear_label"),
    Command("actionSkip", "&Not a statement (skip)", ("S",), "&Label", "control.skip"),
    Command("actionBounds", "Set statement &bounds to selection", ("B",), "&Label",
            "editing.set_bounds", separator_before=True),
    Command("actionDeleteStatement", "&Delete statement", ("Ctrl+Delete",), "&Label",
            "editing.delete_statement"),
    Command("actionSpeakerSpan", "Set the &speaker to the selection", ("Shift+B",), "&Label",
            "editing.set_speaker"),
    Command("actionEntity", "Set the &entity type of the selection (then its letter)…", ("E",),
            "&Label", "entity_palette.open", separator_before=True),
    Command("actionPropagate", "Give this label to its &variants in other outlets", ("V",),
            "&Label", "control.propagate_label", separator_before=True),
    Command("actionUnlink", "&Unlink from its variants", ("Ctrl+U",), "&Label",
            "control.unlink_current"),
    Command("actionNextStatement", "&Next statement", ("J", "Down"), "&Go",
            "control.move_statement", (1,)),
    Command("actionPrevStatement", "&Previous statement", ("K", "Up"), "&Go",
            "control.move_statement", (-1,)),
    Command("actionNextVariant", "Open the next &variant (other outlet)", ("Shift+V",), "&Go",
            "editing.next_variant"),
    Command("actionHideUnlikely", "&Hide unlikely candidates", ("H",), "&Go",
            "editing.hide_unlikely", checkable=True),
    Command("actionNextArticle", "Next &article", ("N", "Ctrl+Right"), "&Go",
            "control.move_article", (1,)),
    Command("actionPrevArticle", "Previous a&rticle", ("P", "Ctrl+Left"), "&Go",
            "control.move_article", (-1,)),
    Command("actionProgress", "&Progress…", ("Ctrl+Shift+P",), "&Team", "dialogs.show_progress"),
    Command("actionAgreement", "&Agreement…", ("Ctrl+Shift+G",), "&Team", "dialogs.show_agreement"),
    Command("actionReview", "&Review disagreements…", ("Ctrl+Shift+R",), "&Team",
            "dialogs.show_review"),
    Command("actionShare", "&Share this hand-made statement with everyone (leads)",
            ("Ctrl+Shift+S",), "&Team", "dialogs.share_statement"),
    Command("actionRetrain", "Re&train suggestions now", ("Ctrl+Shift+T",), "&Team",
            "dialogs.retrain", separator_before=True),
    Command("actionSuggestionModel", "Suggestions from the &model (leads)", (), "&Team",
            "dialogs.toggle_model", checkable=True),
    Command("actionShortcuts", "&Keyboard shortcuts", ("?",), "&Help", "dialogs.show_shortcuts"),
)


def label_commands(types: Sequence[LabelType]) -> tuple[Command, ...]:
    """One command per label of the scheme (its key from the scheme), "Not a statement"
    aside: it has its own command (S)."""
    return tuple(Command(f"actionLabel_{t.key}", t.name, (t.shortcut,), "&Label", "editing.label",
                         (t.key,)) for t in types if t.key != REJECT)


def commands(types: Sequence[LabelType]) -> tuple[Command, ...]:
    """The whole table, label keys in place (after Redo, before Accept)."""
    at = next(i for i, c in enumerate(COMMANDS) if c.id == "actionAccept")
    return COMMANDS[:at] + label_commands(types) + COMMANDS[at:]


def _handler(window: Any, command: Command) -> Callable[..., object]:
    owner, name = window, command.handler
    while "." in name:  # "control.undo": a method of one of the window's parts
        part, name = name.split(".", 1)
        owner = getattr(owner, part)
    func = getattr(owner, name)
    if command.checkable:
        return lambda checked=False: func(bool(checked), *command.args)
    return lambda _checked=False: func(*command.args)


def build(window: QMainWindow, table: Sequence[Command]) -> tuple[dict[str, QAction],
                                                                  dict[str, QMenu],
                                                                  list[tuple[str, str]]]:
    """Menus and actions of ``window`` from ``table``: (actions by id, menus by title, the
    shortcut sheet's rows)."""
    menus = {title: window.menuBar().addMenu(title) for title in MENUS}
    actions: dict[str, QAction] = {}
    sheet: list[tuple[str, str]] = []
    for command in table:
        menu = menus[command.menu]
        if command.separator_before:
            menu.addSeparator()
        action = QAction(command.text, window)
        action.setObjectName(command.id)
        action.setShortcuts([QKeySequence(k) for k in command.keys])
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        keys = ", ".join(command.keys)
        action.setToolTip(f"{command.text} ({keys})" if keys else command.text)
        action.setCheckable(command.checkable)
        action.triggered.connect(_handler(window, command))
        menu.addAction(action)
        window.addAction(action)
        actions[command.id] = action
        if command.keys:
            sheet.append((" / ".join(command.keys), command.text.replace("&", "")))
    return actions, menus, sheet
