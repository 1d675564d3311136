"""The preview of an attachment, from memory only: PDFs through QtPdf (``PdfPane``: a
``QPdfDocument`` reading a ``QBuffer``, never a temporary file), images through
``QImage.fromData``, text in a read-only editor; anything else gets a hint to export it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QPixmap, QResizeEvent
from PySide6.QtWidgets import (
    QLabel,
    QPlainTextEdit,
    QScrollArea,
    QStackedWidget,
    QWidget,
)

from desktop.domain import attachments as rules
from desktop.services.read_models import AttachmentView
from desktop.ui.widgets.pdf_pane import PdfPane

NOTHING_SELECTED = "Keine Anlage ausgewählt."
NO_PREVIEW = "Keine Vorschau – Exportieren, um die Datei zu öffnen."
LOADING = "Vorschau lädt …"
BROKEN_PDF = "Die PDF-Datei lässt sich nicht anzeigen. Exportieren, um sie zu öffnen."
BROKEN_IMAGE = "Das Bild lässt sich nicht anzeigen. Exportieren, um es zu öffnen."
TEXT_LIMIT = 1_000_000  # characters shown of a text file


def decode_text(data: bytes) -> tuple[str, bool]:
    """The text of ``data`` (UTF-8, else Windows-1252; never fails) and whether it was cut."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    text = "".join(c if c.isprintable() or c in "\t\n\r" else "\ufffd" for c in text
                   [:TEXT_LIMIT])
    return text, len(data) > TEXT_LIMIT


class AttachmentPreview(QStackedWidget):
    """Shows one attachment's bytes; ``clear()`` drops them from every widget."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("attachmentPreview")
        self.setAccessibleName("Vorschau der Anlage")
        self.message = QLabel(NOTHING_SELECTED, self)
        self.message.setObjectName("attachmentPreviewMessage")
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setWordWrap(True)

        self.image_label = QLabel(self)
        self.image_label.setObjectName("attachmentImage")
        self.image_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.image_scroll = QScrollArea(self)
        self.image_scroll.setObjectName("attachmentImageScroll")
        self.image_scroll.setWidget(self.image_label)
        self.image_scroll.setWidgetResizable(True)
        self.image_scroll.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self._image = QImage()

        self.pdf_view = PdfPane(self, name="attachmentPdfView")
        self.document = self.pdf_view.document

        self.text = QPlainTextEdit(self)
        self.text.setObjectName("attachmentText")
        self.text.setAccessibleName("Textvorschau der Anlage")
        self.text.setReadOnly(True)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByKeyboard
                                          | Qt.TextInteractionFlag.TextSelectableByMouse)

        for widget in (self.message, self.image_scroll, self.pdf_view, self.text):
            self.addWidget(widget)
        self.show_message(NOTHING_SELECTED)

    # --- public ----------------------------------------------------------------------------
    @property
    def kind(self) -> str:
        """What is shown: ``message``, ``image``, ``pdf`` or ``text``."""
        current = self.currentWidget()
        if current is self.image_scroll:
            return "image"
        if current is self.pdf_view:
            return "pdf"
        return "text" if current is self.text else "message"

    def show_message(self, text: str) -> None:
        self._drop()
        self.message.setText(text)
        self.message.setAccessibleName(text)
        self.setCurrentWidget(self.message)

    def show_content(self, view: AttachmentView, data: bytes) -> None:
        """Shows ``data`` (the bytes of ``view``) as its media type allows."""
        if view.media_type == rules.PDF:
            self._show_pdf(view, data)
        elif view.media_type in rules.IMAGE_TYPES:
            self._show_image(view, data)
        elif view.media_type == rules.TEXT:
            self._show_text(view, data)
        else:
            self.show_message(NO_PREVIEW)

    def clear(self) -> None:
        self.show_message(NOTHING_SELECTED)

    # --- kinds -----------------------------------------------------------------------------
    def _show_pdf(self, view: AttachmentView, data: bytes) -> None:
        self._drop()
        if not self.pdf_view.load(data):
            self.show_message(BROKEN_PDF)
            return
        self.pdf_view.setAccessibleName(f"PDF-Vorschau: {view.filename}, "
                                        f"{self.document.pageCount()} Seiten")
        self.setCurrentWidget(self.pdf_view)

    def _show_image(self, view: AttachmentView, data: bytes) -> None:
        self._drop()
        image = QImage.fromData(data)
        if image.isNull():
            self.show_message(BROKEN_IMAGE)
            return
        self._image = image
        self.image_label.setAccessibleName(
            f"Bildvorschau: {view.filename}, {image.width()} × {image.height()} Pixel")
        self.image_scroll.setAccessibleName(self.image_label.accessibleName())
        self.setCurrentWidget(self.image_scroll)
        self._scale_image()

    def _show_text(self, view: AttachmentView, data: bytes) -> None:
        self._drop()
        text, cut = decode_text(data)
        if cut:
            text += "\n\n[… gekürzt – Exportieren, um die ganze Datei zu öffnen.]"
        self.text.setPlainText(text)
        self.text.setAccessibleName(f"Textvorschau: {view.filename}")
        self.setCurrentWidget(self.text)

    # --- helpers ---------------------------------------------------------------------------
    def _drop(self) -> None:
        """Forgets the previous content in every widget (nothing of it stays in memory)."""
        self.pdf_view.clear()
        self._image = QImage()
        self.image_label.clear()
        self.text.clear()

    def _scale_image(self) -> None:
        if self._image.isNull():
            return
        width = max(1, self.image_scroll.viewport().width() - 8)
        image = self._image
        if image.width() > width:
            image = image.scaledToWidth(width, Qt.TransformationMode.SmoothTransformation)
        self.image_label.setPixmap(QPixmap.fromImage(image))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._scale_image()
