"""The minutes PDF in the conference editor: a recipient profile (the full minutes, or for the
Ausländerbehörde, the police, the social services — they see only what they may), the
preview rendered by the service on the worker, and "Als PDF speichern …" (warned: the copy
is not encrypted; the service writes it and audits the export)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.summary import SummaryProfile
from desktop.errors import UserFacingError
from desktop.services.conferences import ConferenceStatus, ConferenceView
from desktop.ui.context import AppContext
from desktop.ui.dialogs.pdf_dialog import ask_pdf_target
from desktop.ui.widgets.pdf_pane import PdfPane

FULL = "vollständig (wird festgeschrieben)"


class MinutesPreview(QWidget):
    """``set_conference(view)`` says which minutes; ``refresh()`` renders the chosen profile.
    ``sig_shown(pages)`` after a preview is shown."""

    sig_shown = Signal(int)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("minutesPreview")
        self._ctx = ctx
        self._view: ConferenceView | None = None
        self._seq = 0
        self.profile = QComboBox(self)
        self.profile.setObjectName("minutesProfile")
        self.profile.addItem(FULL, None)
        for profile in SummaryProfile:
            self.profile.addItem(f"für {profile.label}", profile.value)
        self.refresh_button = QPushButton("Vorschau &aktualisieren", self)
        self.refresh_button.setObjectName("minutesRefresh")
        self.save_button = QPushButton("Als &PDF speichern …", self)
        self.save_button.setObjectName("minutesSavePdf")
        self.save_button.setToolTip("Das Protokoll für den gewählten Empfänger unverschlüsselt "
                                    "als PDF speichern; wird protokolliert")
        self.pane = PdfPane(self, name="minutesPdf", accessible_name="Vorschau des Protokolls")
        self.status = QLabel(self)
        self.status.setObjectName("minutesPreviewStatus")
        self.status.setWordWrap(True)
        row = QHBoxLayout()
        label = QLabel("Empfän&ger:", self)
        label.setBuddy(self.profile)
        row.addWidget(label)
        row.addWidget(self.profile, 1)
        row.addWidget(self.refresh_button)
        row.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.pane, 1)
        layout.addWidget(self.status)
        self.profile.currentIndexChanged.connect(lambda _i: self.refresh())
        self.refresh_button.clicked.connect(self.refresh)
        self.save_button.clicked.connect(self.ask_save)

    def set_conference(self, view: ConferenceView | None) -> None:
        self._view = view
        self.setEnabled(view is not None)

    def selected_profile(self) -> SummaryProfile | None:
        value = self.profile.currentData()
        return SummaryProfile(value) if value else None

    def show_frozen(self) -> None:
        """The full (frozen) minutes: the first profile, rendered."""
        if self.profile.currentIndex() == 0:
            self.refresh()
        else:
            self.profile.setCurrentIndex(0)  # renders through currentIndexChanged

    def refresh(self) -> None:
        """Renders the chosen profile on the worker; only the latest request is shown."""
        view = self._view
        if view is None or self._ctx.session.workspace is None:
            return
        profile = self.selected_profile()
        caption = ("Abgeschlossenes Protokoll" if profile is None
                   and view.status == ConferenceStatus.FINAL
                   else "Entwurf (Stand der letzten Speicherung)" if profile is None
                   else f"Fassung {self.profile.currentText()}")
        self.status.setText("Vorschau wird erstellt …")
        self._seq += 1
        seq = self._seq

        def shown(data: bytes) -> None:
            if seq != self._seq:
                return
            if self.pane.load(data):
                self.status.setText(f"{caption} – {self.pane.page_count()} Seite(n)")
                self.sig_shown.emit(self.pane.page_count())
            else:
                self.status.setText("Die Vorschau lässt sich nicht anzeigen.")

        self._ctx.runner.run(self._ctx.workspace.conferences.minutes_pdf, view.id, profile,
                             owner=self, label="Protokoll erstellen", on_success=shown,
                             on_error=self._on_failed)

    def ask_save(self) -> None:
        view = self._view
        if view is None:
            return
        profile = self.selected_profile()
        name = f"Protokoll_{view.starts_at:%Y-%m-%d}" + (f"_{profile.value}" if profile else "")
        ask_pdf_target(self, "Protokoll als PDF speichern", f"{name}.pdf",
                       "Das Protokoll verlässt damit den verschlüsselten Tresor.",
                       lambda path: self.save_to(path, profile))

    def save_to(self, path: Path, profile: SummaryProfile | None) -> None:
        if self._view is None:
            return
        self._ctx.runner.run(
            self._ctx.workspace.conferences.export_minutes, self._view.id, path,
            profile=profile, overwrite=True, owner=self, label="Protokoll speichern",
            on_success=lambda written: self.status.setText(
                f"Gespeichert unter {written}. Die Datei ist nicht verschlüsselt."),
            on_error=self._on_failed)

    def clear(self) -> None:
        self._seq += 1
        self.pane.clear()
        self.status.clear()

    def _on_failed(self, error: BaseException) -> None:
        if isinstance(error, UserFacingError):
            self.status.setText(error.message)
        else:
            self._ctx.errors.show(error, self)
