"""Blind mode, the agreement view and a lead's adjudication, in the real window."""

from __future__ import annotations

from PySide6.QtCore import Qt

from annotator import ops
from annotator.gui import create_main_window
from annotator.storage import queries as q


def _two_annotators_disagree(db, articles) -> list[int]:  # type: ignore[no-untyped-def]
    with db.transaction() as s:
        ids = [st.id for st in q.article_statements(s, articles["one"])]
        alice = q.get_or_create_annotator(s, "alice").id
        bob = q.get_or_create_annotator(s, "bob").id
        for sid, a, b in zip(ids, ["denial", "warning", "claim"], ["denial", "claim", "report"]):
            q.set_label(s, sid, alice, a)
            q.set_label(s, sid, bob, b)
    return ids


def test_annotators_are_blind_and_leads_see_every_vote(qtbot, db, articles):
    _two_annotators_disagree(db, articles)
    bob = create_main_window(db, "bob")
    qtbot.addWidget(bob)
    assert bob.control.bundle.votes == {}
    assert set(bob.control.bundle.labels.values()) <= {"denial", "claim", "report"}
    assert not bob.detail.votes.isVisibleTo(bob)
    ops.set_lead(db, name="lena")
    lena = create_main_window(db, "lena")
    qtbot.addWidget(lena)
    assert "(lead)" in lena.windowTitle()
    assert lena.detail.votes.isVisibleTo(lena)
    assert lena.detail.votes.text() == "alice: denial, bob: denial"


def test_agreement_view_shows_figures_and_pictures(qtbot, db, articles):
    _two_annotators_disagree(db, articles)
    window = create_main_window(db, "alice")
    qtbot.addWidget(window)
    window.dialogs.show_agreement()
    dialog = window.agreement_dialog
    qtbot.waitUntil(lambda: dialog.report is not None, timeout=10_000)
    assert dialog.report.statements == 3 and dialog.report.percent == 1 / 3
    assert "33.3%" in dialog.summary.text()
    assert dialog.pairs.item(0, 0).text() == "alice / bob"
    assert dialog.matrix.report is dialog.report and dialog.outlets.report is dialog.report
    image = dialog.matrix.grab().toImage()
    colours = {image.pixelColor(x, y).name() for x in range(0, image.width(), 7)
               for y in range(0, image.height(), 7)}
    assert len(colours) > 3  # a heat map was drawn, not an empty widget


def test_a_lead_settles_disagreements_with_the_keyboard(qtbot, db, articles):
    ids = _two_annotators_disagree(db, articles)
    ops.set_lead(db, name="lena")
    window = create_main_window(db, "lena")
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.dialogs.show_review()
    dialog = window.review_dialog
    qtbot.waitExposed(dialog)
    qtbot.waitUntil(lambda: "settled" in dialog.status.text())  # loaded in a worker
    assert [i["statement_id"] for i in dialog.items] == ids[1:]  # the two disagreements
    model = dialog.table.model()
    assert model.data(model.index(0, 2)) == "alice: warning, bob: claim"
    dialog.rationale.setText("a conditional threat")
    qtbot.keyClick(dialog.table, Qt.Key.Key_1)
    qtbot.keyClick(dialog.table, Qt.Key.Key_2)
    with db.session() as s:
        gold = {i["statement_id"]: (i["gold"], i["rationale"]) for i in q.review_items(s)}
    assert gold == {ids[1]: ("warning", "a conditional threat"), ids[2]: ("claim", None)}
    assert dialog.status.text() == "2 of 2 settled"
    assert [model.data(model.index(r, 3)) for r in range(2)] == ["warning", "claim"]
    # 0 takes a gold label back; the row shows it at once, without reloading the list.
    qtbot.keyClick(dialog.table, Qt.Key.Key_K)
    loads = dialog.loading
    qtbot.keyClick(dialog.table, Qt.Key.Key_0)
    assert model.data(model.index(0, 3)) == "" and dialog.status.text() == "1 of 2 settled"
    assert dialog.loading is loads
    qtbot.waitUntil(lambda: window.control.idle)  # the settled labels are written
    task = dialog.reload()  # what the database says agrees (waited on by its state: a pool
    qtbot.waitUntil(lambda: not task.is_pending())  # thread may finish before a connect)
    assert [i["gold"] for i in dialog.items] == [None, "claim"]


def test_the_review_shows_each_statement_in_its_paragraph_and_opens_it(qtbot, db, articles):
    from tests.gui.conftest import TEXT_ONE

    ids = _two_annotators_disagree(db, articles)
    with db.transaction() as s:
        q.set_note(s, ids[1], q.get_or_create_annotator(s, "bob").id,
                   "a claim about the future, not a threat")
    ops.set_lead(db, name="lena")
    window = create_main_window(db, "lena")
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.control.open_article(articles["two"])  # away from the article under review
    qtbot.waitUntil(lambda: window.control.article_id == articles["two"])
    window.dialogs.show_review()
    dialog = window.review_dialog
    qtbot.waitUntil(lambda: "settled" in dialog.status.text())
    qtbot.waitUntil(lambda: "Votes" in dialog.context.toPlainText())
    shown = dialog.context.toPlainText()
    # The whole paragraph around the statement, every vote in full with its note.
    assert TEXT_ONE.split("\n")[0] in shown
    assert "alice: Warning" in shown and "bob: Claim — a claim about the future, not a threat" in shown
    assert "Not settled yet." in shown
    model = dialog.table.model()
    assert model.data(model.index(0, 2), Qt.ItemDataRole.ToolTipRole) == "alice: warning\nbob: claim"
    qtbot.keyClick(dialog.table, Qt.Key.Key_J)  # the next one: its own paragraph
    qtbot.waitUntil(lambda: "Putin warned" in dialog.context.toPlainText())
    # A double-click opens the article at that statement in the window.
    rect = dialog.table.visualRect(model.index(1, 0))
    qtbot.mouseClick(dialog.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(dialog.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: window.control.statement_id == ids[2])
    assert window.control.article_id == articles["one"]


def test_only_leads_can_review(qtbot, window):
    window.dialogs.show_review()
    assert "Only leads" in window.status_saved.text()
    assert not hasattr(window, "review_dialog")


def test_a_hand_made_statement_is_private_until_a_lead_shares_it(qtbot, db, articles):
    from tests.gui.conftest import TEXT_ONE
    from tests.gui.test_editing import select
    from tests.gui.test_labelling import key, settle
    from PySide6.QtWidgets import QApplication

    def opened(name: str):  # type: ignore[no-untyped-def]
        win = create_main_window(db, name)
        qtbot.addWidget(win)
        win.show()
        qtbot.waitExposed(win)
        win.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is win)  # its shortcuts work
        win.statement_table.setFocus()
        qtbot.waitUntil(lambda: win.control.idle and win.control.bundle is not None)
        return win

    alice = opened("alice")
    assert alice.control.bundle.article.text == TEXT_ONE
    start = TEXT_ONE.index("The weather was mild.")
    select(alice, start, start + len("The weather was mild."))
    key(qtbot, alice, Qt.Key.Key_4)  # made by hand, labelled "report"
    qtbot.waitUntil(lambda: any(s.origin == "manual" for s in alice.control.bundle.statements))
    made = next(s for s in alice.control.bundle.statements if s.origin == "manual")
    assert made.private_to == alice.control.annotator.id
    alice.control.set_current(made.id)
    assert "private until a lead shares it" in alice.detail.origin.text()

    def texts(window) -> set[str]:  # type: ignore[no-untyped-def]
        return {TEXT_ONE[s.start:s.end] for s in window.control.bundle.statements}

    alice.close()
    bob = opened("bob")
    bob.control.open_article(articles["one"])
    qtbot.waitUntil(lambda: bob.control.article_id == articles["one"] and bob.control.idle)
    assert "The weather was mild." not in texts(bob)  # blind: not his to see yet
    # Only a lead may share it.
    qtbot.keyClick(bob.statement_table, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier
                   | Qt.KeyboardModifier.ShiftModifier)
    assert "Only leads" in bob.status_saved.text()
    ops.set_lead(db, name="lena")
    lena = opened("lena")
    lena.control.open_article(articles["one"], made.id)
    qtbot.waitUntil(lambda: lena.control.statement_id == made.id)
    assert "The weather was mild." in texts(lena)
    qtbot.keyClick(lena.statement_table, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier
                   | Qt.KeyboardModifier.ShiftModifier)
    settle(qtbot, lena)
    assert "shared" in lena.status_saved.text()
    bob.activateWindow()
    bob.control.open_article(articles["one"], fresh=True)
    qtbot.waitUntil(lambda: "The weather was mild." in texts(bob))


def test_the_progress_view_draws_the_figures_and_agreement_only_for_leads(qtbot, db, articles):
    _two_annotators_disagree(db, articles)
    ops.set_lead(db, name="lena")
    lena = create_main_window(db, "lena")
    qtbot.addWidget(lena)
    lena.dialogs.show_progress()
    dialog = lena.progress_dialog
    qtbot.waitUntil(lambda: dialog.progress is not None, timeout=10_000)
    assert [name for name, _, _ in dialog.annotators.rows] == ["alice", "bob"]
    assert dialog.annotators.rows[0][2] == "3 labelled"
    assert dict((n, t) for n, _, t in dialog.labels.rows)["Warning"] == "1"
    assert [n for n, _, _ in dialog.outlets.rows] == ["TASS"]
    assert dialog.agreement.rows and "33%" in dialog.agreement.rows[0][2]
    assert "Agreement per outlet" in dialog.numbers.toPlainText()
    image = dialog.grab().toImage()
    assert len({image.pixelColor(x, y).name() for x in range(0, image.width(), 9)
                for y in range(0, image.height(), 9)}) > 4  # bars were drawn
    alice = create_main_window(db, "alice")
    qtbot.addWidget(alice)
    alice.dialogs.show_progress()
    mine = alice.progress_dialog
    qtbot.waitUntil(lambda: mine.progress is not None, timeout=10_000)
    assert "Agreement per outlet" not in mine.numbers.toPlainText()  # blind: leads only
    assert not mine.agreement.isVisibleTo(mine)
