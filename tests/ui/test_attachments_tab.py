"""The "Anlagen" tab: adding through the file dialog and by dropping files, previews of a PDF,
an image and text from memory, export after a warning, deletion that asks, and lock."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from PySide6.QtCore import QMimeData, QPointF, QSize, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QFileDialog, QMessageBox, QPushButton

from desktop.domain import attachments as rules
from desktop.services.demo_attachments import demo_pdf, demo_png
from desktop.services.read_models import AttachmentView
from desktop.ui.models.attachments_model import AttachmentsModel
from desktop.ui.pages.case_detail import CaseDetailPanel
from desktop.ui.widgets.attachment_preview import NO_PREVIEW, NOTHING_SELECTED, decode_text

TIMEOUT = 10000


def view(name: str, media_type: str, size: int = 1234, note: str = "") -> AttachmentView:
    return AttachmentView(f"id-{name}", "c1", name, media_type, size, "0" * 64, note,
                          datetime(2026, 3, 2, 9, 30, tzinfo=UTC), "Anna Beispiel", 1)


def test_model_passes_the_model_tester(qtmodeltester):
    model = AttachmentsModel()
    model.set_attachments([view("a.pdf", rules.PDF, note="Zeile 1\nZeile 2"),
                           view("b.bin", rules.OCTET, 3 * 1024 * 1024)])
    qtmodeltester.check(model)
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in range(6)] == [
        "Name", "Art", "Größe", "Hinzugefügt am", "Von", "Notiz"]
    assert model.data(model.index(0, 1)) == "PDF"
    assert model.data(model.index(1, 2)) == "3 MB"
    assert model.data(model.index(0, 5)) == "Zeile 1 …"
    assert model.row_of("id-b.bin") == 1
    model.clear()
    qtmodeltester.check(model)


def test_text_is_decoded_safely():
    assert decode_text("Grüße".encode()) == ("Grüße", False)
    assert decode_text("Grüße".encode("cp1252"))[0] == "Grüße"
    assert decode_text(b"a\x1bb")[0] == "a\ufffdb"


@pytest.fixture
def panel(unlocked_ctx, qtbot):
    widget = CaseDetailPanel(unlocked_ctx)
    qtbot.addWidget(widget)
    widget.resize(1200, 900)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


@pytest.fixture
def case_id(unlocked_ctx, qtbot, panel) -> str:
    [row] = unlocked_ctx.workspace.cases.search("Haddad")
    with qtbot.waitSignal(panel.sig_loaded, timeout=TIMEOUT):
        panel.load(row.id)
    panel.tabs.setCurrentWidget(panel.attachments_tab)
    return row.id


def reload(tab, qtbot) -> None:
    with qtbot.waitSignal(tab.sig_shown, timeout=TIMEOUT):
        tab.reload()


def select(tab, qtbot, name: str) -> None:
    row = next(i for i, a in enumerate(tab.model.attachments()) if a.filename == name)
    with qtbot.waitSignal(tab.sig_previewed, timeout=TIMEOUT):
        tab.view.selectRow(row)


def shown_box(tab, name: str) -> QMessageBox:
    [box] = [b for b in tab.findChildren(QMessageBox, name) if b.isVisible()]
    return box


def button(box: QMessageBox, text: str) -> QPushButton:
    return next(b for b in box.buttons() if b.text() == text)


def test_the_tab_is_there_with_accessible_controls(panel, case_id):
    tab = panel.attachments_tab
    assert panel.tabs.tabText(panel.tabs.indexOf(tab)) == "Anlagen"
    assert tab.view.accessibleName() == "Anlagen des Falls"
    for control in (tab.add_button, tab.export_button, tab.delete_button, tab.rename_button,
                    tab.note_button):
        assert control.accessibleName()
        assert control.toolTip()
    assert tab.add_button.isEnabled()
    assert not tab.export_button.isEnabled()  # nothing selected
    assert tab.preview.message.text() == NOTHING_SELECTED


def test_add_through_the_file_dialog(unlocked_ctx, panel, case_id, qtbot, tmp_path):
    tab = panel.attachments_tab
    first, second = tmp_path / "Schreiben.txt", tmp_path / "leer.txt"
    first.write_text("Hallo aus Köln")
    second.write_bytes(b"")
    qtbot.mouseClick(tab.add_button, Qt.MouseButton.LeftButton)
    dialog = tab.findChild(QFileDialog, "attachmentOpenDialog")
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible)
    assert dialog.windowModality() == Qt.WindowModality.WindowModal  # open(), no exec()
    assert dialog.fileMode() == QFileDialog.FileMode.ExistingFiles
    with qtbot.waitSignal(tab.sig_shown, timeout=TIMEOUT):
        dialog.filesSelected.emit([str(first), str(second)])
        dialog.close()
    assert [a.filename for a in tab.model.attachments()] == ["Schreiben.txt"]
    assert "Hinzugefügt: Schreiben.txt" in tab.status.text()
    assert "leer.txt" in tab.status.text()
    assert "leer" in tab.status.text()
    assert unlocked_ctx.workspace.attachments.of_case(case_id)[0].media_type == rules.TEXT


def test_dropping_files_adds_them(unlocked_ctx, panel, case_id, qtbot, tmp_path):
    tab = panel.attachments_tab
    image = tmp_path / "foto.png"
    image.write_bytes(demo_png())
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(image))])
    event = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime,
                       Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    with qtbot.waitSignal(tab.sig_shown, timeout=TIMEOUT):
        tab.dropEvent(event)
    assert [a.media_type for a in tab.model.attachments()] == [rules.PNG]


def test_preview_of_a_pdf_an_image_text_and_other_files(unlocked_ctx, panel, case_id, qtbot):
    tab = panel.attachments_tab
    service = unlocked_ctx.workspace.attachments
    service.add(case_id, "Bescheid.pdf", demo_pdf("Test", ["Zeile"]))
    service.add(case_id, "foto.png", demo_png(80, 50))
    service.add(case_id, "notiz.txt", "Grüße\nZweite Zeile".encode())
    service.add(case_id, "daten.bin", b"\x00\x01\x02")
    reload(tab, qtbot)

    select(tab, qtbot, "Bescheid.pdf")
    assert tab.preview.kind == "pdf"
    assert tab.preview.document.pageCount() == 1
    assert not tab.preview.document.render(0, QSize(100, 140)).isNull()
    assert "Bescheid.pdf" in tab.preview.pdf_view.accessibleName()

    select(tab, qtbot, "foto.png")
    assert tab.preview.kind == "image"
    pixmap = tab.preview.image_label.pixmap()
    assert not pixmap.isNull()
    assert pixmap.width() <= 80
    assert tab.preview.document.pageCount() == 0  # the PDF was dropped

    select(tab, qtbot, "notiz.txt")
    assert tab.preview.kind == "text"
    assert tab.preview.text.toPlainText() == "Grüße\nZweite Zeile"
    assert tab.preview.text.isReadOnly()

    select(tab, qtbot, "daten.bin")
    assert tab.preview.kind == "message"
    assert tab.preview.message.text() == NO_PREVIEW
    assert tab.preview.text.toPlainText() == ""


def test_export_warns_then_writes_the_chosen_file(unlocked_ctx, panel, case_id, qtbot,
                                                  tmp_path):
    tab = panel.attachments_tab
    data = demo_png(40, 20)
    unlocked_ctx.workspace.attachments.add(case_id, "foto.png", data)
    reload(tab, qtbot)
    select(tab, qtbot, "foto.png")
    qtbot.mouseClick(tab.export_button, Qt.MouseButton.LeftButton)
    box = tab.findChild(QMessageBox, "attachmentExportBox")
    assert box is not None
    assert "NICHT verschlüsselt" in box.text()
    qtbot.mouseClick(button(box, "Speicherort wählen …"), Qt.MouseButton.LeftButton)
    dialog = tab.findChild(QFileDialog, "attachmentSaveDialog")
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible)
    assert dialog.acceptMode() == QFileDialog.AcceptMode.AcceptSave
    assert dialog.selectedFiles()[0].endswith("foto.png")
    target = tmp_path / "export" / "Foto.png"
    target.parent.mkdir()
    with qtbot.waitSignal(tab.sig_exported, timeout=TIMEOUT) as signal:
        dialog.selectFile(str(target))
        dialog.accept()
    assert signal.args == [str(target)]
    assert target.read_bytes() == data
    assert "Exportiert nach" in tab.status.text()


def test_export_can_be_cancelled_at_the_warning(unlocked_ctx, panel, case_id, qtbot):
    tab = panel.attachments_tab
    unlocked_ctx.workspace.attachments.add(case_id, "a.txt", b"abc")
    reload(tab, qtbot)
    select(tab, qtbot, "a.txt")
    tab.export_button.click()
    box = tab.findChild(QMessageBox, "attachmentExportBox")
    button(box, "Abbrechen").click()
    qtbot.waitUntil(lambda: tab.findChild(QFileDialog, "attachmentSaveDialog") is None
                    and tab._popup is None)


def test_delete_asks_first(unlocked_ctx, panel, case_id, qtbot):
    tab = panel.attachments_tab
    unlocked_ctx.workspace.attachments.add(case_id, "a.txt", b"abc")
    reload(tab, qtbot)
    select(tab, qtbot, "a.txt")
    tab.view.setFocus()
    qtbot.keyClick(tab.view, Qt.Key.Key_Delete)
    box = shown_box(tab, "attachmentDeleteBox")
    assert "a.txt" in box.text()
    button(box, "Abbrechen").click()
    qtbot.waitUntil(lambda: tab._popup is None)
    assert len(unlocked_ctx.workspace.attachments.of_case(case_id)) == 1

    tab.delete_button.click()
    box = shown_box(tab, "attachmentDeleteBox")
    with qtbot.waitSignal(tab.sig_changed, timeout=TIMEOUT):
        button(box, "Anlage löschen").click()
    qtbot.waitUntil(lambda: tab.model.rowCount() == 0, timeout=TIMEOUT)
    assert unlocked_ctx.workspace.attachments.of_case(case_id) == []
    assert tab.preview.kind == "message"
    # the panel reloads the Verlauf, which now says so
    qtbot.waitUntil(lambda: any(e.subject == "Anlage gelöscht: a.txt"
                                for e in panel.journal_tab.model.entries()), timeout=TIMEOUT)


def test_clear_on_lock_empties_list_and_preview(unlocked_ctx, panel, case_id, qtbot):
    tab = panel.attachments_tab
    unlocked_ctx.workspace.attachments.add(case_id, "notiz.txt", b"geheime Notiz")
    reload(tab, qtbot)
    select(tab, qtbot, "notiz.txt")
    assert tab.preview.kind == "text"
    panel.clear()
    assert tab.model.rowCount() == 0
    assert tab.preview.kind == "message"
    assert tab.preview.text.toPlainText() == ""
    assert not tab.add_button.isEnabled()
