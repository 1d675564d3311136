"""The head of an open case: Aktenzeichen, name, status badge, district, track, Merkmale."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from desktop.domain.cases import display_name
from desktop.domain.enums import CaseFlag, CaseStatus
from desktop.services.read_models import CaseDetail

# Badge colours (background, text); readable and distinct also for red-green weakness.
STATUS_COLOURS: dict[CaseStatus, tuple[str, str]] = {
    CaseStatus.INTAKE: ("#dbe9fb", "#0b3d91"),
    CaseStatus.ACTIVE: ("#d7f0dc", "#0f5323"),
    CaseStatus.DORMANT: ("#ececec", "#3c3c3c"),
    CaseStatus.CLOSED: ("#3c4043", "#ffffff"),
}
FLAG_STYLE = ("background: #fff4d6; color: #5c4200; border: 1px solid #e0c46c; "
              "border-radius: 8px; padding: 1px 8px;")
EMPHASISED_FLAGS = (CaseFlag.DANGER_POTENTIAL, CaseFlag.MEDIA_INTEREST)


def _plain(label: QLabel) -> QLabel:
    label.setTextFormat(Qt.TextFormat.PlainText)  # names are user text, never markup
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class CaseHeader(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("caseHeader")
        self.file_number = _plain(QLabel(self))
        self.file_number.setObjectName("headerFileNumber")
        font = QFont(self.file_number.font())
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.35)
        self.file_number.setFont(font)
        self.name = _plain(QLabel(self))
        self.name.setObjectName("headerName")
        name_font = QFont(self.name.font())
        name_font.setPointSizeF(name_font.pointSizeF() * 1.2)
        self.name.setFont(name_font)
        self.status = QLabel(self)
        self.status.setObjectName("headerStatus")
        self.status.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.details = _plain(QLabel(self))
        self.details.setObjectName("headerDetails")
        self.details.setWordWrap(True)
        self._flag_row = QHBoxLayout()
        self._flag_row.setSpacing(6)
        self._flag_labels: list[QLabel] = []

        top = QHBoxLayout()
        top.setSpacing(12)
        top.addWidget(self.file_number)
        top.addWidget(self.status)
        top.addWidget(self.name, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 8)
        layout.setSpacing(4)
        layout.addLayout(top)
        layout.addWidget(self.details)
        layout.addLayout(self._flag_row)
        self.clear()

    def set_detail(self, detail: CaseDetail) -> None:
        self.file_number.setText(detail.file_number)
        self.name.setText(display_name(detail.person.family_name, detail.person.given_names))
        background, colour = STATUS_COLOURS[detail.status]
        self.status.setText(detail.status.label)
        self.status.setStyleSheet(f"background: {background}; color: {colour}; "
                                  "border-radius: 8px; padding: 2px 10px; font-weight: bold;")
        self.status.show()
        parts = [f"Bezirksregierung {detail.district.label}", detail.track.label]
        if detail.caseworker is not None:
            parts.append(f"Sachbearbeitung: {detail.caseworker.display_name}")
        if detail.responsible_abh is not None:
            parts.append(f"ABH: {detail.responsible_abh.label}")
        self.details.setText("  ·  ".join(parts))
        self._set_flags(sorted(detail.active_flags, key=list(CaseFlag).index))

    def clear(self) -> None:
        for label in (self.file_number, self.name, self.status, self.details):
            label.clear()
        self.status.setStyleSheet("")
        self.status.hide()
        self._set_flags([])

    def flag_texts(self) -> list[str]:
        return [label.text() for label in self._flag_labels]

    def _set_flags(self, flags: list[CaseFlag]) -> None:
        for label in self._flag_labels:
            self._flag_row.removeWidget(label)
            label.clear()
            label.hide()
            label.deleteLater()
        self._flag_labels = []
        while self._flag_row.count():  # the stretch
            self._flag_row.takeAt(0)
        for flag in flags:
            label = QLabel(flag.label, self)
            label.setObjectName("headerFlag")
            style = FLAG_STYLE + (" font-weight: bold;" if flag in EMPHASISED_FLAGS else "")
            label.setStyleSheet(style)
            self._flag_row.addWidget(label)
            self._flag_labels.append(label)
        self._flag_row.addStretch(1)
