"""The wizard for a new case (Falleingang) by intake source.

Steps: (1) Quelle – source, intake date, reference, the MiStra Nr. 42 flag; (2) Angaben der
Quelle – the fields that source brings (domain/intake.py); (3) Person – with the fields MiStra
Nr. 42 requires marked *; (4) Fall – district, track, ABH, Merkmale, Sachverhalt; (5) Prüfen –
everything at a glance, then "Fall anlegen". "Weiter" (Alt+W) checks the steps so far with the
domain rules and shows problems at the fields; "Zurück" (Alt+Z); Strg+Enter goes on, and on
the last step creates the case.

Opened with ``open()``; emits ``sig_created(CaseDetail)`` after the case was saved. Problems
the service finds are shown at the fields (on their step) and the dialog stays open with all
input kept.

"Fall anlegen" first runs the duplicate check. If it finds existing cases, the panel
"Mögliche Dubletten" shows them inside the dialog with their reasons; the caseworker then
creates the case anyway or opens an existing one (``sig_open_case(case_id)``, and the dialog
closes without creating anything). Changing a person field after the warning hides it, and
the next "Fall anlegen" checks again.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from functools import partial

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.cases import CaseInput, ValidationError, validate_case
from desktop.domain.enums import District, IntakeSource
from desktop.errors import InvalidInputError
from desktop.services.read_models import CaseDetail, DuplicateView, PartnerRef
from desktop.ui.context import AppContext
from desktop.ui.widgets.case_form import CaseForm
from desktop.ui.widgets.duplicates_panel import DuplicatesPanel
from desktop.ui.widgets.intake_details_form import PREFIX, IntakeDetailsForm
from desktop.ui.widgets.intake_steps import SourceChoice, review_text
from desktop.ui.widgets.question_box import question_box

_LAST_DISTRICT_KEY = "create_case/district"  # a district code: UI state, no case data

STEP_TITLES = ("Quelle", "Angaben der Quelle", "Person", "Fall", "Prüfen")
SOURCE, DETAILS, PERSON, CASE, REVIEW = range(5)
_SOURCE_KEYS = frozenset({"intake_source", "intake_date", "intake_reference"})
_CASE_KEYS = frozenset({"district", "track", "responsible_abh_id", "caseworker_id", "flags",
                        "summary"})


def step_of(key: str) -> int:
    """The step that shows the problem ``key``."""
    if key in _SOURCE_KEYS:
        return SOURCE
    if key.startswith(PREFIX) or key == "intake_details":
        return DETAILS
    if key in _CASE_KEYS:
        return CASE
    return PERSON


def _page(*widgets: QWidget) -> QScrollArea:
    inner = QWidget()
    layout = QVBoxLayout(inner)
    for widget in widgets:
        layout.addWidget(widget)
    layout.addStretch(1)
    scroll = QScrollArea()
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QFrame.Shape.NoFrame)
    scroll.setWidget(inner)
    return scroll


class CreateCaseDialog(QDialog):
    """See module docstring. Esc asks before throwing typed input away."""

    sig_created = Signal(object)  # CaseDetail
    sig_open_case = Signal(str)  # the id of an existing case the caseworker chose instead

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("createCaseDialog")
        self.setWindowTitle("Neuen Fall anlegen")
        self._ctx = ctx
        self._busy = False
        self._confirm: QMessageBox | None = None
        self._warned: tuple | None = None  # the person fields the shown warning is about

        self.step_label = QLabel(self)
        self.step_label.setObjectName("stepLabel")
        self.step_label.setStyleSheet("font-weight: bold;")
        self.form = CaseForm(self, wizard=True)
        self.form.hide()  # its group boxes live on the steps
        self.source = SourceChoice(self)
        self.details = IntakeDetailsForm(self)
        self.review = QPlainTextEdit(self)
        self.review.setObjectName("reviewText")
        self.review.setReadOnly(True)
        self.review.setTabChangesFocus(True)
        self.review.setAccessibleName("Zusammenfassung des neuen Falls")
        review_hint = QLabel("Bitte prüfen. „Fall anlegen“ sucht zuerst nach vorhandenen "
                             "Fällen derselben Person (Dubletten).", self)
        review_hint.setWordWrap(True)
        self.steps = QStackedWidget(self)
        for widgets in ((self.source, self.form.intake_box), (self.details,),
                        (self.form.person_box, self.form.alias_box),
                        (self.form.case_box, self.form.flags_box, self.form.summary_box),
                        (review_hint, self.review)):
            self.steps.addWidget(_page(*widgets))
        self.duplicates = DuplicatesPanel(self)  # made here: Tab goes steps → panel → buttons

        self.status_label = QLabel(self)
        self.status_label.setObjectName("createStatus")
        self.back_button = QPushButton("&Zurück", self)
        self.back_button.setObjectName("backButton")
        self.next_button = QPushButton("&Weiter", self)
        self.next_button.setObjectName("nextButton")
        self.next_button.setToolTip("Weiter (Alt+W oder Strg+Enter)")
        self.create_button = QPushButton("Fall anlegen", self)
        self.create_button.setObjectName("createButton")
        self.create_button.setToolTip("Fall anlegen (Strg+Enter)")
        self.cancel_button = QPushButton("Abbrechen", self)
        self.cancel_button.setToolTip("Abbrechen (Esc)")
        for button in (self.back_button, self.next_button, self.create_button,
                       self.cancel_button):
            # Enter in a field must not create the case by accident; Strg+Enter does.
            button.setAutoDefault(False)
            button.setDefault(False)
        self.back_button.clicked.connect(self._on_back)
        self.next_button.clicked.connect(self._on_next)
        self.create_button.clicked.connect(self._on_create)
        self.cancel_button.clicked.connect(self.reject)

        hint = QLabel("Pflichtfeld: *  ·  Alt+W weiter, Alt+Z zurück, Strg+Enter weiter bzw. "
                      "Fall anlegen, Esc bricht ab.", self)
        hint.setStyleSheet("color: palette(placeholder-text);")
        hint.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(self.status_label, 1)
        for button in (self.back_button, self.next_button, self.create_button,
                       self.cancel_button):
            row.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.step_label)
        layout.addWidget(self.steps, 1)
        layout.addWidget(self.form.error_summary)
        layout.addWidget(self.details.error_summary)
        layout.addWidget(self.duplicates)
        layout.addWidget(hint)
        layout.addLayout(row)

        self.duplicates.sig_create_anyway.connect(self._on_create_anyway)
        self.duplicates.sig_open_case.connect(self._on_open_existing)
        self.form.sig_changed.connect(self._on_form_changed)
        self.source.sig_source_changed.connect(self._on_source_changed)
        self.source.sig_mistra_changed.connect(self._on_mistra_changed)

        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
            shortcut.activated.connect(self._on_ctrl_enter)

        self.form.clear(district=self._default_district())
        self._on_source_changed(self.source.source())
        self.form.mark_clean()
        self.go_to(SOURCE)
        self.resize(820, 680)
        ctx.session.sig_locked.connect(self._on_locked)
        ctx.runner.run(ctx.workspace.partners.foreigners_authorities,
                       on_success=self._on_authorities, owner=self, label="Behörden laden")

    # --- public ----------------------------------------------------------------------------
    @property
    def busy(self) -> bool:
        return self._busy

    @property
    def step(self) -> int:
        return self.steps.currentIndex()

    def has_input(self) -> bool:
        return self.form.is_dirty() or self.details.is_dirty()

    def discard(self) -> None:
        """Closes without asking (the input is thrown away)."""
        self._close_confirm()
        self._reset_warning()
        self._clear_all()
        super().reject()

    def case_input(self) -> CaseInput:
        """Everything typed so far, with the source's details (intake date must be set)."""
        return replace(self.form.case_input(), intake_details=self.details.details())

    def problems(self) -> dict[str, str]:
        """What the form and the domain rules find wrong, over all steps."""
        problems = self.form.local_problems()
        if problems:  # unreadable dates: the rules need readable values first
            return problems
        try:
            validate_case(self.case_input(), self._ctx_today())
        except ValidationError as error:
            problems.update(error.problems)
        return problems

    def go_to(self, step: int) -> None:
        """Shows ``step`` and puts the focus on its first field."""
        self.steps.setCurrentIndex(step)
        self.step_label.setText(f"Schritt {step + 1} von {len(STEP_TITLES)}: "
                                f"{STEP_TITLES[step]}")
        last = step == REVIEW
        self.back_button.setEnabled(step > SOURCE and not self._busy)
        self.next_button.setVisible(not last)
        self.create_button.setVisible(last)
        if last:
            self.review.setPlainText(self._review_text())
        first: QWidget = {SOURCE: self.source.buttons[self.source.source()],
                          DETAILS: self.details.first_field(),
                          PERSON: self.form.family_name, CASE: self.form.district,
                          REVIEW: self.review}[step]
        first.setFocus(Qt.FocusReason.OtherFocusReason)

    # --- QDialog ---------------------------------------------------------------------------
    def reject(self) -> None:
        if self._busy:
            return  # the case is being saved; closing now would hide the result
        if not self.has_input():
            super().reject()
            return
        if self._confirm is not None:
            return
        box = question_box(self, QMessageBox.Icon.Question, "Eingaben verwerfen?",
                           "Die Eingaben für den neuen Fall gehen verloren.",
                           name="discardInputBox", yes="Verwerfen",
                           yes_role=QMessageBox.ButtonRole.DestructiveRole,
                           no="Weiter bearbeiten", default_yes=False,
                           on_answer=self._on_confirm_finished)
        self._confirm = box
        box.open()

    def done(self, result: int) -> None:
        self._close_confirm()
        super().done(result)

    # --- steps -----------------------------------------------------------------------------
    def _on_next(self) -> None:
        if self._busy or self.step == REVIEW:
            return
        if self._check_up_to(self.step):
            self.go_to(self.step + 1)

    def _on_back(self) -> None:
        if not self._busy and self.step > SOURCE:
            self.go_to(self.step - 1)

    def _on_ctrl_enter(self) -> None:
        if self.step == REVIEW:
            self._on_create()
        else:
            self._on_next()

    def _check_up_to(self, step: int) -> bool:
        """Shows the problems of the steps up to ``step`` (on the first such step)."""
        problems = {k: v for k, v in self.problems().items() if step_of(k) <= step}
        self._show_problems(problems)
        return not problems

    def _show_problems(self, problems: dict[str, str]) -> None:
        if not problems:
            self.form.errors.clear()
            self.details.errors.clear()
            return
        first = min(step_of(k) for k in problems)
        if first != self.step:
            self.go_to(first)
        if first == DETAILS:
            self.form.errors.clear()
            self.details.show_problems(problems)
        else:
            self.details.errors.clear()
            self.form.errors.show({k: v for k, v in problems.items() if step_of(k) == first})

    def _on_source_changed(self, source: IntakeSource) -> None:
        self.form.intake_source.set_value(source)
        self.details.set_source(source)

    def _on_mistra_changed(self, on: bool) -> None:
        self.details.set_mistra(on)
        self.form.set_mistra_required(on)

    # --- slots -----------------------------------------------------------------------------
    def _on_confirm_finished(self, box: QMessageBox, discard: bool) -> None:
        if box is self._confirm:
            self._confirm = None
            if discard:
                self.discard()

    def _on_authorities(self, partners: list[PartnerRef]) -> None:
        self.form.set_authorities(partners)

    def _on_create(self) -> None:
        """Runs the duplicate check; the case is created if it finds nothing."""
        if self._busy or self.step != REVIEW:
            return
        if self.duplicates.isVisible():
            self.duplicates.table.setFocus()  # the choice is made in the panel
            return
        if not self._check_up_to(REVIEW):
            return
        data = self.case_input()
        self._set_busy(True, "Mögliche Dubletten werden gesucht …")
        self._ctx.runner.run(self._ctx.workspace.cases.duplicate_candidates, data.person,
                             data.aliases,
                             on_success=partial(self._on_candidates, self._person_state()),
                             on_error=self._on_create_failed, owner=self,
                             label="Dubletten prüfen")

    def _on_candidates(self, checked: tuple, candidates: list[DuplicateView]) -> None:
        if checked != self._person_state():
            # Changed while the check ran: the next "Fall anlegen" checks again.
            self._set_busy(False)
            return
        if not candidates:
            self._create()
            return
        self._set_busy(False)
        self._warned = checked
        self.create_button.setEnabled(False)
        count = len(candidates)
        self.status_label.setText("1 möglicher vorhandener Fall" if count == 1
                                  else f"{count} mögliche vorhandene Fälle")
        self.duplicates.show_candidates(candidates)

    def _on_create_anyway(self) -> None:
        if self._busy or self._warned != self._person_state():
            return
        if self._check_up_to(REVIEW):
            self._create()

    def _on_open_existing(self, case_id: str) -> None:
        if self._busy:
            return
        self.sig_open_case.emit(case_id)
        self.discard()  # nothing is created; no typed data stays in a hidden dialog

    def _on_form_changed(self) -> None:
        if self._warned is not None and self._warned != self._person_state():
            self._reset_warning()
            self.status_label.setText("Personalien geändert: „Fall anlegen“ prüft erneut "
                                      "auf Dubletten.")

    def _create(self) -> None:
        data = self.case_input()
        self._set_busy(True, "Fall wird angelegt …")
        self._ctx.runner.run(self._ctx.workspace.cases.create, data,
                             on_success=self._on_created, on_error=self._on_create_failed,
                             owner=self, label="Fall anlegen")

    def _on_created(self, detail: CaseDetail) -> None:
        self._set_busy(False)
        self._reset_warning()
        self._ctx.settings.setValue(_LAST_DISTRICT_KEY, detail.district.value)
        self.sig_created.emit(detail)
        self._clear_all()  # no case data stays behind in a hidden dialog
        self.accept()

    def _on_create_failed(self, error: BaseException) -> None:
        self._set_busy(False)
        if isinstance(error, InvalidInputError):
            self._show_problems(error.problems)
        else:
            self._ctx.errors.show(error, self)

    def _on_locked(self) -> None:
        self._busy = False
        self.discard()

    # --- helpers ---------------------------------------------------------------------------
    def _review_text(self) -> str:
        try:
            data = self.case_input()
        except (ValueError, InvalidInputError):  # unreadable dates: the check shows them
            return "Die Angaben sind noch unvollständig."
        return review_text(data, self.form.responsible_abh.currentText())

    def _ctx_today(self) -> date:
        return date.today()  # noqa: DTZ011 - the same local day as the service's clock

    def _clear_all(self) -> None:
        self.form.clear()
        self.details.clear()
        self.review.clear()
        self.source.mistra.setChecked(False)
        self.source.set_source(IntakeSource.POLICE_REPORT)
        self.form.mark_clean()
        self.details.clear()
        self.go_to(SOURCE)

    def _close_confirm(self) -> None:
        box, self._confirm = self._confirm, None
        if box is not None:
            box.done(QMessageBox.StandardButton.Cancel)
            box.deleteLater()

    def _set_busy(self, busy: bool, text: str = "") -> None:
        self._busy = busy
        self.create_button.setEnabled(not busy and self._warned is None)
        self.cancel_button.setEnabled(not busy)
        self.back_button.setEnabled(not busy and self.step > SOURCE)
        self.duplicates.set_enabled(not busy)
        self.status_label.setText(text if busy else "")

    def _reset_warning(self) -> None:
        self._warned = None
        self.duplicates.reset()
        self.create_button.setEnabled(not self._busy)

    def _person_state(self) -> tuple:
        """The fields the duplicate check reads, as typed (names, birth date, aliases)."""
        form = self.form
        aliases = tuple(tuple(w.text() for w in form.aliases.row_widgets(i))
                        for i in range(form.aliases.row_count()))
        return (form.family_name.text(), form.given_names.text(), form.birth_name.text(),
                form.birth_date.text(), aliases)

    def _default_district(self) -> District:
        """The vault's district if it records one, else the last one used, else Düsseldorf."""
        own = getattr(self._ctx.session.workspace, "district", None)
        if isinstance(own, District):
            return own
        try:
            return District(str(self._ctx.settings.value(_LAST_DISTRICT_KEY, "DUS")))
        except ValueError:
            return District.DUESSELDORF
