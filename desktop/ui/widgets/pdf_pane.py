"""A PDF shown from memory (a ``QPdfDocument`` over a ``QBuffer``, never a temporary file), and
printing such a document page by page into a ``QPrinter``."""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRect, QSize, Qt
from PySide6.QtGui import QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QVBoxLayout, QWidget

PRINT_DPI = 200  # pages are rendered at this resolution for the printer


class PdfPane(QWidget):
    """A multi-page view of PDF bytes; ``load(data)`` replaces, ``clear()`` forgets them.

    The document is created before the view (both children of this widget): children are
    deleted in creation order, so the document's last signals still reach a living view.
    """

    def __init__(self, parent: QWidget | None = None, *, name: str = "pdfPane",
                 accessible_name: str = "PDF-Vorschau") -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.document = QPdfDocument(self)
        self.view = QPdfView(self)
        self.view.setObjectName(f"{name}View")
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.view.setDocument(self.document)
        self.setFocusProxy(self.view)
        self.setAccessibleName(accessible_name)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view)
        self._buffer: QBuffer | None = None
        self._data = b""

    def setAccessibleName(self, name: str) -> None:
        super().setAccessibleName(name)
        self.view.setAccessibleName(name)

    @property
    def data(self) -> bytes:
        """The bytes shown (empty when nothing is)."""
        return self._data

    def load(self, data: bytes) -> bool:
        """Shows ``data``; False (and nothing shown) if it is not a readable PDF."""
        self.clear()
        buffer = QBuffer(self)
        buffer.setData(QByteArray(data))
        buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self._buffer = buffer
        self.document.load(buffer)
        if (self.document.status() == QPdfDocument.Status.Error
                or self.document.pageCount() == 0):
            self.clear()
            return False
        self._data = data
        return True

    def page_count(self) -> int:
        return self.document.pageCount()

    def clear(self) -> None:
        self.document.close()
        if self._buffer is not None:
            self._buffer.close()
            self._buffer.setData(QByteArray())
            self._buffer.deleteLater()
            self._buffer = None
        self._data = b""


def print_document(document: QPdfDocument, printer: QPrinter) -> int:
    """Renders every page of ``document`` into ``printer`` (no temporary file); returns the
    number of pages printed. Each page is scaled to the printable area, keeping its shape."""
    pages = document.pageCount()
    if pages == 0:
        return 0
    painter = QPainter()
    if not painter.begin(printer):
        return 0
    try:
        for page in range(pages):
            if page > 0:
                printer.newPage()
            points = document.pagePointSize(page)
            size = QSize(max(1, round(points.width() / 72 * PRINT_DPI)),
                         max(1, round(points.height() / 72 * PRINT_DPI)))
            image = document.render(page, size)
            area = painter.viewport()
            scaled = size.scaled(area.size(), Qt.AspectRatioMode.KeepAspectRatio)
            painter.drawImage(QRect(area.x(), area.y(), scaled.width(), scaled.height()),
                              image)
    finally:
        painter.end()
    return pages
