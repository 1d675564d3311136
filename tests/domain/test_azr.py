"""AZR checklist: labels and the open-items rule."""

from __future__ import annotations

from datetime import date

import pytest

from desktop.domain.azr import AzrItem, AzrStatus, open_items, validate_check


def test_labels_are_german():
    assert AzrItem.DULDUNG_RECORDED.label == \
        "Aussetzung der Abschiebung (Duldung) im AZR korrekt erfasst"
    assert AzrItem.OBLIGATION_RECORDED.label == "Ausreisepflicht im AZR korrekt erfasst"
    assert AzrItem.DEPARTURE_RECORDED.label == "Ausreise/Abschiebung im AZR korrekt erfasst"
    assert AzrItem.IDENTITY_RECORDED.label == "Personalien/Aliaspersonalien im AZR abgeglichen"
    assert [s.label for s in AzrStatus] == [
        "nicht geprüft", "korrekt", "fehlerhaft – Korrektur veranlasst", "entfällt"]


def test_open_items_are_unchecked_missing_or_incorrect():
    statuses = {AzrItem.DULDUNG_RECORDED: AzrStatus.CORRECT,
                AzrItem.OBLIGATION_RECORDED: AzrStatus.INCORRECT,
                AzrItem.DEPARTURE_RECORDED: AzrStatus.NOT_APPLICABLE}
    assert open_items(statuses) == [AzrItem.OBLIGATION_RECORDED, AzrItem.IDENTITY_RECORDED]
    assert open_items({}) == list(AzrItem)
    assert open_items(dict.fromkeys(AzrItem, AzrStatus.CORRECT)) == []


@pytest.mark.parametrize(("note", "checked_on", "field"), [
    ("x" * 2001, date(2026, 3, 1), "note"),
    ("a\x00b", date(2026, 3, 1), "note"),
    ("", date(2026, 3, 11), "checked_on"),
    ("", date(1980, 1, 1), "checked_on"),
])
def test_validation(note, checked_on, field):
    assert field in validate_check(note, checked_on, date(2026, 3, 10))


def test_valid_check_has_no_problems():
    assert validate_check("Zeile 1\nZeile 2", date(2026, 3, 10), date(2026, 3, 10)) == {}
