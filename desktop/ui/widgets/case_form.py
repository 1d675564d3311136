"""The form for a case's intake and person data, shared by the create dialog and the case page.

Left column: Falleingang and Merkmale; right column: Person and Aliaspersonalien; below:
Sachverhalt. The focus order follows that reading order. Field names are those of the
services' ``InvalidInputError.problems`` so that errors appear at the fields.

With ``wizard=True`` the form lays nothing out: the create wizard places its group boxes
(``intake_box``, ``case_box``, ``flags_box``, ``person_box``, ``alias_box``, ``summary_box``) on
its steps and drives the source through its own radio buttons.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import (
    QBoxLayout,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.cases import AliasInput, CaseInput, PersonInput
from desktop.domain.enums import CaseTrack, District, IntakeSource
from desktop.domain.intake import MISTRA_PERSON_FIELDS, describe_details
from desktop.errors import InvalidInputError
from desktop.services.cases import CaseChanges
from desktop.services.read_models import CaseDetail, PartnerRef
from desktop.ui.widgets.alias_editor import AliasEditor
from desktop.ui.widgets.combos import PartnerCombo, enum_combo
from desktop.ui.widgets.country_combo import CountryCombo
from desktop.ui.widgets.date_edit import DateEdit
from desktop.ui.widgets.field_errors import FieldErrors
from desktop.ui.widgets.flags_editor import FlagsEditor
from desktop.ui.widgets.nationality_picker import NationalityPicker
from desktop.ui.widgets.partial_date_edit import PartialDateEdit

MISSING_INTAKE_DATE = "Das Eingangsdatum fehlt."

# What each source brings: label and placeholder of its reference, a hint, the ABH label.
SOURCE_FIELDS: dict[IntakeSource, tuple[str, str, str, str]] = {
    IntakeSource.POLICE_REPORT: (
        "Zeichen der Polizei", "Vorgangsnummer der Polizeibehörde",
        "Meldung einer Kreispolizeibehörde oder des LKA (ggf. über Dezernat 20).",
        "Zuständige ABH"),
    IntakeSource.PRESS_REPORT: (
        "Pressequelle", "Medium, Datum und Titel des Berichts",
        "Bericht in der Presse; Personalien sind oft unvollständig.", "Zuständige ABH"),
    IntakeSource.ABH_SUBMISSION: (
        "Zeichen der ABH", "Aktenzeichen der vorlegenden Ausländerbehörde",
        "Vorlage einer Ausländerbehörde; bitte die vorlegende ABH wählen.", "Vorlegende ABH"),
    IntakeSource.FACILITY_REPORT: (
        "Zeichen der Unterkunft", "Unterkunft und Zeichen der Meldung",
        "Meldung einer Landesaufnahmeeinrichtung oder kommunalen Unterkunft.",
        "Zuständige ABH"),
    IntakeSource.PROACTIVE: (
        "Anlass / Bezug", "optional",
        "Fall, den die RRK selbst aufgegriffen hat (proaktive Akquise).", "Zuständige ABH"),
}


def _line(parent: QWidget, name: str, max_length: int = 200) -> QLineEdit:
    edit = QLineEdit(parent)
    edit.setObjectName(name)
    edit.setMaxLength(max_length)
    return edit


class CaseForm(QWidget):
    """All editable data of a case; ``errors`` shows service problems at the fields."""

    sig_changed = Signal()

    def __init__(self, parent: QWidget | None = None, *, district_editable: bool = True,
                 today: Callable[[], date] = date.today, wizard: bool = False) -> None:
        super().__init__(parent)
        self._today = today
        self._labels: dict[str, tuple[QLabel, str]] = {}  # person rows: label, its text
        self._clean_state: tuple | None = None
        self.error_summary = QLabel()  # placed by the owner (see below)
        self.error_summary.setObjectName("formErrorSummary")
        self.errors = FieldErrors(self.error_summary, self)

        # Person and intake side by side when there is room, stacked (person first) when the
        # form is narrow, e.g. in the detail panel next to the case list.
        columns = QBoxLayout(QBoxLayout.Direction.RightToLeft)
        columns.setSpacing(16)
        self._columns = columns
        left = QVBoxLayout()
        right = QVBoxLayout()
        columns.addLayout(left, 1)
        columns.addLayout(right, 1)

        # --- Falleingang (left) ---
        intake = QGroupBox("Eingang" if wizard else "Falleingang", self)
        self.intake_box = intake
        form = self._form(intake)
        self.intake_source = enum_combo(IntakeSource, intake)
        self.intake_source.setObjectName("intake_source")
        self.intake_source.setAccessibleName("Fallquelle")
        self.source_hint = QLabel(intake)
        self.source_hint.setWordWrap(True)
        self.source_hint.setObjectName("sourceHint")
        self.source_hint.setStyleSheet("color: palette(placeholder-text);")
        self.intake_date = DateEdit(intake, today=today)
        self.intake_date.setObjectName("intake_date")
        self.intake_reference = _line(intake, "intake_reference")
        self.district = enum_combo(District, intake)
        self.district.setObjectName("district")
        self.district.setEnabled(district_editable)
        if not district_editable:
            self.district.setToolTip("Die Bezirksregierung ist durch das Aktenzeichen "
                                     "festgelegt.")
        self.track = enum_combo(CaseTrack, intake)
        self.track.setObjectName("track")
        self.responsible_abh = PartnerCombo(intake)
        self.responsible_abh.setObjectName("responsible_abh")
        self.responsible_abh.setToolTip("Die für die Person zuständige Ausländerbehörde")
        self._reference_label = QLabel(intake)
        self._abh_label = QLabel(intake)
        if wizard:
            self.intake_source.hide()  # the wizard's radio buttons set it
        else:
            self._add(form, "Fall&quelle", "intake_source", self.intake_source, "Fallquelle")
        form.addRow("", self.source_hint)
        self._add(form, "&Eingangsdatum", "intake_date", self.intake_date, "Eingangsdatum")
        self._add(form, self._reference_label, "intake_reference", self.intake_reference,
                  "Zeichen der Quelle")
        if wizard:  # district, track and ABH are a step of their own
            self.case_box = QGroupBox("Fall", self)
            form = self._form(self.case_box)
        else:
            self.case_box = intake
        self._add(form, "&Bezirksregierung", "district", self.district, "Bezirksregierung")
        self._add(form, "Fall&gruppe", "track", self.track, "Fallgruppe")
        self._add(form, self._abh_label, "responsible_abh_id", self.responsible_abh,
                  "Zuständige Ausländerbehörde")
        self.details_label = QLabel(intake)  # the source's details, read only (case page)
        self.details_label.setObjectName("intakeDetails")
        self.details_label.setWordWrap(True)
        self.details_label.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self.details_label.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.details_label.setAccessibleName("Angaben der Quelle")
        if wizard:
            self.details_label.hide()
        else:
            form.addRow("Angaben der Quelle", self.details_label)
        left.addWidget(intake)

        flags_box = QGroupBox("Merkmale", self)
        self.flags_box = flags_box
        flags_layout = QVBoxLayout(flags_box)
        self.flags = FlagsEditor(flags_box)
        flags_layout.addWidget(self.errors.bind("flags", self.flags, "Merkmale"))
        left.addWidget(flags_box)
        left.addStretch(1)

        # --- Person (right) ---
        person = QGroupBox("Person", self)
        self.person_box = person
        form = self._form(person)
        self.family_name = _line(person, "family_name")
        self.given_names = _line(person, "given_names")
        self.birth_name = _line(person, "birth_name")
        self.birth_date = PartialDateEdit(person)
        self.birth_date.setObjectName("birth_date")
        self.birth_place = _line(person, "birth_place")
        self.birth_country = CountryCombo(person)
        self.birth_country.setObjectName("birth_country")
        self.nationalities = NationalityPicker(person)
        self.nationalities.setObjectName("nationalities")
        self.azr_number = _line(person, "azr_number", 14)
        self.azr_number.setPlaceholderText("6 bis 14 Ziffern")
        self.languages = _line(person, "languages", 2000)
        self.languages.setPlaceholderText("z. B. ar, fr")
        self.languages.setAccessibleName("Sprachen")
        self.address = QPlainTextEdit(person)
        self.address.setObjectName("address")
        self.address.setTabChangesFocus(True)
        lines = self.address.fontMetrics().lineSpacing() * 3
        self.address.setFixedHeight(lines + 2 * self.address.frameWidth() + 8)
        self.address.setPlaceholderText("Anschrift oder Unterkunft")
        self.address.setAccessibleName("Anschrift / Unterkunft")
        self._add(form, "&Familienname *", "family_name", self.family_name, "Familienname")
        self._add(form, "&Vornamen", "given_names", self.given_names, "Vornamen")
        self._add(form, "Geburts&name", "birth_name", self.birth_name, "Geburtsname")
        self._add(form, "Geburts&datum", "birth_date", self.birth_date, "Geburtsdatum")
        self._add(form, "Geburts&ort", "birth_place", self.birth_place, "Geburtsort")
        self._add(form, "Geburts&staat", "birth_country", self.birth_country, "Geburtsstaat")
        self._add(form, "Staats&angehörigkeiten", "nationalities", self.nationalities,
                  "Staatsangehörigkeiten")
        self._add(form, "A&ZR-Nummer", "azr_number", self.azr_number, "AZR-Nummer")
        self._add(form, "Spra&chen", "languages", self.languages, "Sprachen")
        # the label keeps to the height of one text line, at the top of the three-line field
        self._labels["address"] = (self.errors.add_row(
            form, "Anschrift / &Unterkunft", "address", self.address, "Anschrift / Unterkunft",
            anchor=self.languages), "Anschrift / &Unterkunft")
        right.addWidget(person)

        alias_box = QGroupBox("Aliaspersonalien", self)
        self.alias_box = alias_box
        alias_layout = QVBoxLayout(alias_box)
        self.aliases = AliasEditor(alias_box)
        alias_layout.addWidget(self.errors.bind("aliases", self.aliases, "Aliaspersonalien"))
        right.addWidget(alias_box)
        right.addStretch(1)

        # --- Sachverhalt (below) ---
        summary_box = QGroupBox("Sac&hverhalt", self)
        self.summary_box = summary_box
        summary_layout = QVBoxLayout(summary_box)
        self.summary = QPlainTextEdit(summary_box)
        self.summary.setObjectName("summary")
        self.summary.setTabChangesFocus(True)
        self.summary.setPlaceholderText("Kurz: was ist bekannt, was ist zu tun?")
        self.summary.setMinimumHeight(80)
        self.summary.setAccessibleName("Sachverhalt")
        summary_layout.addWidget(self.errors.bind("summary", self.summary, "Sachverhalt"))

        if wizard:
            # The wizard places the boxes; no layout of ours keeps an item of them.
            for column in (left, right):
                for box in (intake, self.case_box, flags_box, person, alias_box):
                    column.removeWidget(box)
        outer = QVBoxLayout(self)  # owned by the form (a parentless layout would be deleted
        outer.setContentsMargins(0, 0, 0, 0)  # by Python, possibly after the form)
        outer.addLayout(columns)
        if not wizard:
            outer.addWidget(summary_box, 1)
        # error_summary is placed by the owner, outside the scroll area, near its buttons.

        self.intake_source.currentIndexChanged.connect(self._on_source_changed)
        for signal in (self.intake_source.currentIndexChanged, self.intake_date.sig_changed,
                       self.intake_reference.textChanged, self.district.currentIndexChanged,
                       self.track.currentIndexChanged, self.responsible_abh.currentIndexChanged,
                       self.family_name.textChanged, self.given_names.textChanged,
                       self.birth_name.textChanged, self.birth_date.sig_changed,
                       self.birth_place.textChanged, self.birth_country.sig_changed,
                       self.nationalities.sig_changed,
                       self.azr_number.textChanged, self.languages.textChanged,
                       self.address.textChanged, self.aliases.sig_changed,
                       self.flags.sig_changed, self.summary.textChanged):
            signal.connect(self._on_changed)
        self._on_source_changed()
        self.mark_clean()

    WIDE_ENOUGH = 900  # px of available width; below this the two columns are stacked

    def follow_width_of(self, viewport: QWidget) -> None:
        """Lays the columns out by the width of ``viewport`` (the scroll area around us)."""
        self._viewport = viewport
        viewport.installEventFilter(self)
        self._apply_width(viewport.width())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is getattr(self, "_viewport", None) and event.type() == QEvent.Type.Resize:
            self._apply_width(watched.width())
        return super().eventFilter(watched, event)

    def _apply_width(self, width: int) -> None:
        direction = (QBoxLayout.Direction.RightToLeft if width >= self.WIDE_ENOUGH
                     else QBoxLayout.Direction.BottomToTop)
        if self._columns.direction() != direction:
            self._columns.setDirection(direction)

    # --- building --------------------------------------------------------------------------
    @staticmethod
    def _form(box: QGroupBox) -> QFormLayout:
        form = QFormLayout(box)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        form.setVerticalSpacing(6)
        return form

    def _add(self, form: QFormLayout, label: str | QLabel, name: str, widget: QWidget,
             title: str) -> None:
        anchor = widget.search if isinstance(widget, NationalityPicker) else None
        row_label = self.errors.add_row(form, label, name, widget, title, anchor=anchor)
        if isinstance(label, str):
            self._labels[name] = (row_label, label)
        widget.setAccessibleName(title)

    def set_mistra_required(self, required: bool) -> None:
        """Marks the person fields MiStra Nr. 42 needs with "*" (or takes the marks away)."""
        for name in MISTRA_PERSON_FIELDS:
            label, text = self._labels[name]
            base = text.removesuffix(" *")
            label.setText(f"{base} *" if required or text.endswith(" *") else base)

    # --- values ----------------------------------------------------------------------------
    def check_locally(self) -> bool:
        """Shows ``local_problems()`` at the fields; true if there are none (errors cleared)."""
        problems = self.local_problems()
        if problems:
            self.errors.show(problems)
            return False
        self.errors.clear()
        return True

    def local_problems(self) -> dict[str, str]:
        """Problems found before asking the service (missing or unreadable dates)."""
        problems: dict[str, str] = {}
        if self.intake_date.value() is None:
            problems["intake_date"] = MISSING_INTAKE_DATE
        birth_date_error = self.birth_date.error()
        if birth_date_error:
            problems["birth_date"] = birth_date_error
        problems.update(self.aliases.date_problems())
        return problems

    def person_input(self) -> PersonInput:
        return PersonInput(
            family_name=self.family_name.text(), given_names=self.given_names.text(),
            birth_name=self.birth_name.text(), birth_date=self.birth_date.value(),
            birth_place=self.birth_place.text(), birth_country=self.birth_country.value(),
            nationalities=self.nationalities.value(),
            azr_number=self.azr_number.text(), languages=self.languages.text(),
            address=self.address.toPlainText())

    def case_input(self) -> CaseInput:
        """The form's data; raises ``InvalidInputError`` for what ``local_problems`` reports
        about the intake date (callers check ``local_problems`` first)."""
        intake_date = self.intake_date.value()
        if intake_date is None:
            raise InvalidInputError({"intake_date": MISSING_INTAKE_DATE})
        return CaseInput(
            person=self.person_input(), district=self.district.value(),
            track=self.track.value(), intake_source=self.intake_source.value(),
            intake_date=intake_date, intake_reference=self.intake_reference.text(),
            flags=self.flags.value(), aliases=self.aliases.value(),
            responsible_abh_id=self.responsible_abh.current_id(),
            summary=self.summary.toPlainText())

    def case_changes(self, caseworker_id: str | None) -> CaseChanges:
        data = self.case_input()
        return CaseChanges(
            person=data.person, track=data.track, intake_source=data.intake_source,
            intake_date=data.intake_date, intake_reference=data.intake_reference,
            flags=data.flags, aliases=data.aliases,
            responsible_abh_id=data.responsible_abh_id, caseworker_id=caseworker_id,
            summary=data.summary)

    def set_authorities(self, partners: list[PartnerRef]) -> None:
        was_clean = not self.is_dirty()
        self.responsible_abh.set_partners(partners)
        if was_clean:
            self.mark_clean()

    def set_detail(self, detail: CaseDetail) -> None:
        """Fills the form from a case and marks it clean."""
        person = detail.person
        self.errors.clear()
        self.intake_source.set_value(detail.intake_source)
        self.intake_date.setValue(detail.intake_date)
        self.intake_reference.setText(detail.intake_reference)
        self.district.set_value(detail.district)
        self.track.set_value(detail.track)
        self.responsible_abh.set_current(detail.responsible_abh)
        self.family_name.setText(person.family_name)
        self.given_names.setText(person.given_names)
        self.birth_name.setText(person.birth_name)
        self.birth_date.setValue(person.birth_date)
        self.birth_place.setText(person.birth_place)
        self.birth_country.set_value(person.birth_country)
        self.nationalities.setValue(person.nationalities)
        self.azr_number.setText(person.azr_number)
        self.languages.setText(person.languages)
        self.address.setPlainText(person.address)
        self.aliases.setValue([AliasInput(a.family_name, a.given_names, a.birth_date)
                               for a in person.aliases])
        self.flags.setValue(detail.active_flags)
        self.summary.setPlainText(detail.summary)
        lines = describe_details(detail.intake_source, dict(detail.intake_details))
        self.details_label.setText("\n".join(f"{label}: {value}" for label, value in lines)
                                   or "keine erfasst")
        self.mark_clean()

    def clear(self, district: District = District.DUESSELDORF) -> None:
        """Back to an empty form (no case data left in any field or undo history)."""
        self.errors.clear()
        self.intake_source.setCurrentIndex(0)
        self.intake_date.clear_value()
        for edit in (self.intake_reference, self.family_name, self.given_names,
                     self.birth_name, self.birth_place, self.azr_number, self.languages):
            edit.setText("")
        self.district.set_value(district)
        self.track.setCurrentIndex(0)
        self.responsible_abh.set_current(None)
        self.birth_date.setValue(None)
        self.birth_country.set_value("")
        self.nationalities.setValue(())
        self.details_label.clear()
        self.aliases.setValue(())
        self.flags.setValue(frozenset())
        self.address.setPlainText("")
        self.summary.setPlainText("")
        self.mark_clean()

    # --- dirty tracking --------------------------------------------------------------------
    def state(self) -> tuple:
        """Everything the user can change, comparable (texts rather than parsed values)."""
        aliases = tuple(tuple(w.text() for w in self.aliases.row_widgets(i))
                        for i in range(self.aliases.row_count()))
        aliases = tuple(a for a in aliases if any(part.strip() for part in a))
        return (self.intake_source.currentIndex(), self.intake_date.value(),
                self.intake_reference.text(), self.district.currentIndex(),
                self.track.currentIndex(), self.responsible_abh.current_id(),
                self.family_name.text(), self.given_names.text(), self.birth_name.text(),
                self.birth_date.text(), self.birth_place.text(), self.birth_country.value(),
                self.nationalities.value(),
                self.azr_number.text(), self.languages.text(), self.address.toPlainText(),
                aliases, self.flags.value(),
                self.summary.toPlainText())

    def mark_clean(self) -> None:
        self._clean_state = self.state()

    def is_dirty(self) -> bool:
        return self.state() != self._clean_state

    def focus_first(self) -> None:
        self.family_name.setFocus(Qt.FocusReason.OtherFocusReason)

    # --- slots -----------------------------------------------------------------------------
    def _on_source_changed(self, *_args: object) -> None:
        source = self.intake_source.value() or IntakeSource.POLICE_REPORT
        label, placeholder, hint, abh_label = SOURCE_FIELDS[source]
        self._reference_label.setText(label)
        self.intake_reference.setPlaceholderText(placeholder)
        self.intake_reference.setAccessibleName(label)
        self.source_hint.setText(hint)
        self._abh_label.setText(abh_label)

    def _on_changed(self, *_args: object) -> None:
        self.sig_changed.emit()
