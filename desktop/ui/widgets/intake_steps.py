"""Parts of the create wizard: the choice of the intake source and the summary to check.

``SourceChoice`` offers the five sources as radio buttons (arrow keys move between them) and
the flag "Mitteilung der Justiz (MiStra Nr. 42)". ``review_text`` writes a case as plain
German lines for the last step.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QGroupBox,
    QLabel,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.cases import CaseInput
from desktop.domain.dates import format_date
from desktop.domain.enums import IntakeSource
from desktop.domain.intake import MISTRA_LABEL, MISTRA_TYPICAL, describe_details
from desktop.domain.nationalities import nationality_name

_MNEMONIC_LABELS = {
    IntakeSource.POLICE_REPORT: "&Polizeimeldung",
    IntakeSource.PRESS_REPORT: "P&ressebericht",
    IntakeSource.ABH_SUBMISSION: "Vorlage einer Ausländer&behörde",
    IntakeSource.FACILITY_REPORT: "Meldung einer &Unterkunft",
    IntakeSource.PROACTIVE: "Proaktive A&kquise",
}


class SourceChoice(QGroupBox):
    """The source (one of five) and the MiStra Nr. 42 flag."""

    sig_source_changed = Signal(object)  # IntakeSource
    sig_mistra_changed = Signal(bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Quelle des Falls", parent)
        self.group = QButtonGroup(self)
        self.group.setExclusive(True)
        self.buttons: dict[IntakeSource, QRadioButton] = {}
        layout = QVBoxLayout(self)
        for source in IntakeSource:
            button = QRadioButton(_MNEMONIC_LABELS[source], self)
            button.setObjectName(f"source_{source.value}")
            button.setAccessibleName(source.label)
            self.group.addButton(button)
            self.buttons[source] = button
            layout.addWidget(button)
            button.toggled.connect(lambda on, s=source: self._on_toggled(on, s))
        self.mistra = QCheckBox("Mitteilung der &Justiz (MiStra Nr. 42)", self)
        self.mistra.setObjectName("mistra42")
        self.mistra.setAccessibleName(MISTRA_LABEL)
        self.mistra.setToolTip("Dann sind die Personalien nach MiStra Nr. 42 Pflicht: "
                               "Familien-, Geburts- und Vornamen, vollständiges Geburtsdatum, "
                               "Geburtsort und -staat, Staatsangehörigkeit, Anschrift.")
        self.mistra_hint = QLabel(self)
        self.mistra_hint.setWordWrap(True)
        self.mistra_hint.setStyleSheet("color: palette(placeholder-text);")
        layout.addSpacing(8)
        layout.addWidget(self.mistra)
        layout.addWidget(self.mistra_hint)
        self.mistra.toggled.connect(self.sig_mistra_changed)
        self.sig_source_changed.connect(self._on_source)
        self.set_source(IntakeSource.POLICE_REPORT)

    def source(self) -> IntakeSource:
        for source, button in self.buttons.items():
            if button.isChecked():
                return source
        return IntakeSource.POLICE_REPORT

    def set_source(self, source: IntakeSource) -> None:
        self.buttons[source].setChecked(True)
        self._on_source(source)

    def focus_choice(self) -> None:
        self.buttons[self.source()].setFocus()

    def _on_toggled(self, on: bool, source: IntakeSource) -> None:
        if on:
            self.sig_source_changed.emit(source)

    def _on_source(self, source: IntakeSource) -> None:
        self.mistra_hint.setText(
            "Bei dieser Quelle ist eine Mitteilung der Justiz üblich." if source in
            MISTRA_TYPICAL else "Bei dieser Quelle ist eine Mitteilung der Justiz selten.")


def _one_line(text: str) -> str:
    return " / ".join(line.strip() for line in text.splitlines() if line.strip())


def review_text(data: CaseInput, abh: str) -> str:
    """The case as the last step shows it (plain text, German)."""
    person = data.person
    birth = person.birth_date.format() if person.birth_date else "unbekannt"
    lines = [
        "Eingang",
        f"  Quelle: {data.intake_source.label}",
        f"  Eingangsdatum: {format_date(data.intake_date)}",
        f"  Zeichen der Quelle: {data.intake_reference.strip() or '—'}",
    ]
    details = describe_details(data.intake_source, dict(data.intake_details or ()))
    lines += [f"  {label}: {value.strip()}" for label, value in details if value.strip()]
    lines += [
        "", "Person",
        f"  Familienname: {person.family_name.strip()}",
        f"  Vornamen: {person.given_names.strip() or '—'}",
        f"  Geburtsname: {person.birth_name.strip() or '—'}",
        f"  Geburtsdatum: {birth}",
        f"  Geburtsort: {person.birth_place.strip() or '—'}",
        f"  Geburtsstaat: {nationality_name(person.birth_country) or 'unbekannt'}",
        "  Staatsangehörigkeiten: "
        + (", ".join(nationality_name(c) for c in person.nationalities) or "keine angegeben"),
        f"  AZR-Nummer: {person.azr_number.strip() or '—'}",
        f"  Anschrift: {_one_line(person.address) or '—'}",
    ]
    lines += [f"  Alias: {a.family_name} {a.given_names}".rstrip() for a in data.aliases]
    lines += [
        "", "Fall",
        f"  Bezirksregierung: {data.district.label}",
        f"  Fallgruppe: {data.track.label}",
        f"  Zuständige ABH: {abh}",
        "  Merkmale: " + (", ".join(f.label for f in sorted(data.flags)) or "keine"),
        f"  Sachverhalt: {data.summary.strip() or '—'}",
    ]
    return "\n".join(lines)
