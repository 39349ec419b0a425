"""Regression: PySide6-Essentials 6.12.0 drops a reference to None on every Qt method that
returns nothing. On Python < 3.12 the interpreter aborts (``none_dealloc``) after ~5,000 calls.
pyproject.toml pins PySide6 below 6.12 there; this test fails if a leaking build is installed."""

from __future__ import annotations

import sys

import pytest


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="None is immortal from Python 3.12")
def test_void_qt_calls_do_not_leak_references_to_none(qapp):
    from PySide6.QtCore import QObject
    from PySide6.QtGui import QTextCharFormat, QTextCursor, QTextDocument

    obj = QObject()
    document = QTextDocument("x" * 100)
    cursor = QTextCursor(document)
    fmt = QTextCharFormat()
    before = sys.getrefcount(None)
    for i in range(5_000):
        obj.setObjectName("a")
        cursor.setPosition(i % 50)
        cursor.mergeCharFormat(fmt)
        obj.setProperty("p", i)
    after = sys.getrefcount(None)
    # 20,000 void calls; a leaking build loses ~20,000 references. Allow small unrelated noise.
    assert after >= before - 100, f"None refcount fell by {before - after} over 20,000 Qt calls"
