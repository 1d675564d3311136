"""The obstacles to removal (Vollzugshindernisse) of the "Aufenthalt" tab: list, form (with
end date and "ausgeräumt") and a button that marks the selected one resolved or open again."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QCheckBox, QPushButton, QWidget

from desktop.domain.residence import ObstacleInput, ObstacleKind
from desktop.services.read_models import ObstacleView
from desktop.services.residence import ResidenceService
from desktop.ui.models.residence_models import ObstaclesModel
from desktop.ui.pages.residence_section import ResidenceSection, line_edit
from desktop.ui.widgets.combos import enum_combo
from desktop.ui.widgets.date_edit import DateEdit

RESOLVE_TEXT = "Ausgeräumt"
REOPEN_TEXT = "Wieder offen"


class ObstaclesSection(ResidenceSection):
    """Obstacles: kind, since, until, description, resolved."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__("Vollzugshindernisse", ObstaclesModel(), "obstacles", "Hindernis",
                         parent)
        self.kind = enum_combo(ObstacleKind, self)
        self.kind.setObjectName("obstacleKind")
        self.since = DateEdit(self, optional=True)
        self.since.setObjectName("obstacleSince")
        self.until = DateEdit(self, optional=True)
        self.until.setObjectName("obstacleUntil")
        self.description = line_edit(self, "obstacleDescription", 2000)
        self.resolved = QCheckBox("Hindernis ausgeräu&mt", self)
        self.resolved.setObjectName("obstacleResolved")
        self.field("&Hindernis", "kind", self.kind, "Hindernis")
        self.field("&Seit", "since", self.since, "Seit")
        self.field("Bis", "until", self.until, "Bis")
        self.field("Beschreib&ung", "description", self.description, "Beschreibung")
        self.field("Stand", "resolved", self.resolved, "Stand")
        self.resolve_button = QPushButton(RESOLVE_TEXT, self)
        self.resolve_button.setObjectName("obstacleResolveButton")
        self.action_row.insertWidget(1, self.resolve_button)
        self.finish_form((self.resolve_button,))
        self.update_resolve_button()

    def update_resolve_button(self) -> None:
        """"Ausgeräumt" for an open obstacle, "Wieder offen" for a resolved one."""
        obstacle: ObstacleView | None = self.selected()
        reopen = obstacle is not None and obstacle.resolved
        self.resolve_button.setText(REOPEN_TEXT if reopen else RESOLVE_TEXT)
        self.resolve_button.setToolTip(
            "Das ausgewählte Hindernis wieder als bestehend vermerken" if reopen
            else "Das ausgewählte Hindernis als ausgeräumt vermerken")
        self.resolve_button.setEnabled(not self._busy and self._has_case
                                       and self.editing is None and obstacle is not None)

    def toggled_input(self, obstacle: ObstacleView) -> ObstacleInput:
        """``obstacle`` resolved, or open again if it was resolved."""
        return ObstacleInput(obstacle.kind, obstacle.description, obstacle.since,
                             obstacle.until, resolved=not obstacle.resolved)

    def _update_edit_actions(self) -> None:
        super()._update_edit_actions()
        self.update_resolve_button()

    # --- ResidenceSection ------------------------------------------------------------------
    def read(self) -> ObstacleInput:
        return ObstacleInput(self.kind.value(), self.description.text(), self.since.value(),
                             self.until.value(), self.resolved.isChecked())

    def input_of(self, item: ObstacleView) -> ObstacleInput:
        return ObstacleInput(item.kind, item.description, item.since, item.until,
                             item.resolved)

    def fill(self, data: ObstacleInput) -> None:
        self.kind.set_value(data.kind)
        self.since.setValue(data.since)
        self.until.setValue(data.until)
        self.description.setText(data.description)
        self.resolved.setChecked(data.resolved)

    def reset(self) -> None:
        self.fill(ObstacleInput(self.kind.member_at(0)))

    def describe(self, item: ObstacleView) -> str:
        return item.kind.label

    def has_text(self) -> bool:
        return bool(self.description.text().strip())

    def add_call(self, residence: ResidenceService) -> Callable[..., Any]:
        return residence.add_obstacle

    def update_call(self, residence: ResidenceService) -> Callable[..., Any]:
        return residence.update_obstacle

    def delete_call(self, residence: ResidenceService) -> Callable[..., Any]:
        return residence.delete_obstacle
