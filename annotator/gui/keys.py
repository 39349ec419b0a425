"""Keys typed into a text field are text.

The window's label keys (1–4, Enter, S, J, K, …) are window-wide shortcuts, and Qt offers a
key to the shortcuts before the widget that has focus; a note, a rationale or a filter would
lose its Enter or its digits to them. This filter claims every plain key for the focused text
field (Ctrl/Alt shortcuts, Escape and the function keys still act), and Escape in a field of
the main window hands the keys back to the statement list.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

_COMMAND = (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
            | Qt.KeyboardModifier.MetaModifier)
_PASS = {Qt.Key.Key_Escape, Qt.Key.Key_Tab, Qt.Key.Key_Backtab} | {
    getattr(Qt.Key, f"Key_F{n}") for n in range(1, 13)}


def is_text_field(widget: QWidget | None) -> bool:
    if isinstance(widget, QLineEdit | QAbstractSpinBox):
        return widget.isEnabled() and not getattr(widget, "isReadOnly", lambda: False)()
    if isinstance(widget, QTextEdit | QPlainTextEdit):
        return not widget.isReadOnly()
    return isinstance(widget, QComboBox) and widget.isEditable()


class TextFieldKeys(QObject):
    """Installed on the application by the main window (and gone with it)."""

    def __init__(self, home: QWidget, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._home = home  # where Escape in a text field of the window returns the keys

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        kind = event.type()
        if kind not in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress):
            return False
        focus = QApplication.focusWidget()
        if watched is not focus or not is_text_field(focus):
            return False
        key = event.key()  # type: ignore[attr-defined]
        if kind == QEvent.Type.KeyPress:
            if key == Qt.Key.Key_Escape and focus.window() is self._home.window():
                self._home.setFocus(Qt.FocusReason.ShortcutFocusReason)
                return True
            return False
        if event.modifiers() & _COMMAND or key in _PASS:  # type: ignore[attr-defined]
            return False
        event.accept()  # the field takes the key: no shortcut fires
        return True
