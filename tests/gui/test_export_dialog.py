from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import Qt

from annotator.io.validate import validate_jsonl
from tests.gui.test_labelling import key


def test_export_dialog_writes_a_valid_filtered_file(qtbot, window, tmp_path: Path):
    key(qtbot, window, Qt.Key.Key_3)
    key(qtbot, window, Qt.Key.Key_1)
    key(qtbot, window, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    dialog = window.export_dialog
    assert dialog.isVisible()
    dialog.labels.findItems("denial", Qt.MatchFlag.MatchExactly)[0].setSelected(True)
    target = tmp_path / "denials.jsonl"
    dialog.path.setText(str(target))
    _export(qtbot, dialog)
    records = [json.loads(line) for line in target.read_text().splitlines()]
    assert [r["label"] for r in records] == ["denial"] and validate_jsonl(target).ok
    assert "Exported 1 records" in dialog.message.text()


def test_spacy_format_from_the_dialog(qtbot, window, tmp_path: Path):
    key(qtbot, window, Qt.Key.Key_2)
    window.dialogs.show_export()
    dialog = window.export_dialog
    dialog.format.setCurrentIndex(dialog.format.findData("spacy"))
    assert dialog.path.text().endswith(".spacy")
    dialog.path.setText(str(tmp_path / "train.spacy"))
    _export(qtbot, dialog)
    assert (tmp_path / "train.spacy").exists() and (tmp_path / "train.statements.spacy").exists()
    # The hint explains the folder form, which a large project wants.
    assert dialog.hint.isVisibleTo(dialog) and "folder" in dialog.hint.text()
    dialog.path.setText(str(tmp_path / "corpus"))
    _export(qtbot, dialog)
    assert [p.name for p in sorted((tmp_path / "corpus").iterdir())] == ["articles", "statements"]
    assert "corpus/articles" in dialog.message.text()
    dialog.format.setCurrentIndex(0)
    assert "folder" not in dialog.hint.text() and "statement" in dialog.hint.text()


def test_the_dialog_lists_every_format_of_the_registry_with_its_suffix(qtbot, window, tmp_path):
    from annotator.io import formats

    window.dialogs.show_export()
    dialog = window.export_dialog
    keys = [dialog.format.itemData(i) for i in range(dialog.format.count())]
    assert keys == formats.written() and {"doccano", "conll"} <= set(keys)
    dialog.format.setCurrentIndex(keys.index("conll"))
    assert dialog.path.text().endswith(".conll")
    assert "IOB" in dialog.hint.text()
    dialog.path.setText(str(tmp_path / "entities.conll"))
    dialog.unlabelled.setChecked(True)
    _export(qtbot, dialog)
    assert (tmp_path / "entities.conll").read_text().startswith("-DOCSTART- -X- O O")


def test_the_cancel_button_stops_a_running_export(qtbot, window, tmp_path: Path, monkeypatch):
    import time

    from annotator import ops
    from annotator.exporting import ExportSummary

    def waits_until_cancelled(db, *, progress, cancelled, **options):  # type: ignore[no-untyped-def]
        progress(0, 10)
        while not cancelled():
            time.sleep(0.01)
        return ExportSummary(options["format"], cancelled=True)

    monkeypatch.setattr(ops, "export", waits_until_cancelled)
    window.dialogs.show_export()
    dialog = window.export_dialog
    task = dialog.start()
    qtbot.waitUntil(lambda: dialog.cancel_button.text() == "Cancel")
    with qtbot.waitSignal(task.finished, timeout=10_000):
        qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    assert dialog.summary.cancelled and "no file was written" in dialog.message.text()
    assert dialog.run_button.isEnabled() and dialog.isVisible()


def test_the_dialog_reopens_with_the_last_exports_format_and_file(qtbot, window, tmp_path: Path):
    key(qtbot, window, Qt.Key.Key_2)
    window.dialogs.show_export()
    dialog = window.export_dialog
    dialog.format.setCurrentIndex(1)  # spans
    dialog.path.setText(str(tmp_path / "tasks.jsonl"))
    _export(qtbot, dialog)
    dialog.close()
    window.dialogs.show_export()
    again = window.export_dialog
    assert again is not dialog
    assert again.format.currentData() == "spans"
    assert again.path.text() == str(tmp_path / "tasks.jsonl")


def _export(qtbot, dialog) -> None:  # type: ignore[no-untyped-def]
    """Start the export and wait until its outcome is shown (a task on the pool may end
    before anyone could connect to its signal, so this waits on its state)."""
    task = dialog.start()
    qtbot.waitUntil(lambda: not task.is_pending(), timeout=60_000)
