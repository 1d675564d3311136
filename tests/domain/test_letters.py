"""Letter kinds, placeholders, default text modules, drafts and the checks before finalising."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop.domain.letter_texts import (
    DEFAULT_TEMPLATES,
    DEFAULT_TEXT_MODULES,
    LEGAL_BASIS_INSTRUCTION,
    modules_by_key,
    modules_for,
    template_paragraphs,
)
from desktop.domain.letters import (
    PLACEHOLDERS,
    LetterContent,
    LetterDraft,
    Letterhead,
    LetterKind,
    PlaceholderError,
    Recipient,
    check_letter,
    draft_problems,
    escape_braces,
    fill,
    fill_draft,
    missing_placeholders,
    placeholders,
    standard_values,
    template_problems,
    unknown_placeholders,
)

HEAD = Letterhead("Bezirksregierung Düsseldorf", "Dezernat 21", "Beispielallee 1", "40000",
                  "Düsseldorf", "0211 0000-0", "rrk@beispiel.invalid")
ABH = Recipient("Stadt Musterstadt – Ausländerbehörde", "z. Hd. Frau Beispiel", "Musterstraße 1",
                "12345", "Musterstadt")
TODAY = date(2026, 3, 2)


def content(kind: LetterKind = LetterKind.INSTRUCTION, **changes: object) -> LetterContent:
    base = LetterContent(
        kind=kind, letterhead=HEAD, recipient=ABH, file_number="RRK-DUS-2026-00042",
        letter_date=TODAY, subject="Weisung", paragraphs=("Text.",),
        signature_name="Max Beispielmann", reply_deadline=TODAY + timedelta(days=14))
    return replace(base, **changes)  # type: ignore[arg-type]


def test_kinds_have_the_cli_codes_and_german_labels() -> None:
    assert [k.value for k in LetterKind] == [
        "proposal", "instruction", "status_request", "custody_notice", "free"]
    assert [k.label for k in LetterKind] == [
        "Vorschlag", "Weisung", "Sachstandsanfrage", "Mitteilung Haftentlassung",
        "Freies Schreiben"]
    assert LetterKind("instruction") is LetterKind.INSTRUCTION


def test_fill_replaces_placeholders_and_keeps_escaped_braces() -> None:
    values = {"person.name": "Testperson Beispiel", "deadline": "16.03.2026"}
    template = "Betrifft {person.name}; Antwort bis {deadline}. {{kein Platzhalter}}"
    assert fill(template, values) == (
        "Betrifft Testperson Beispiel; Antwort bis 16.03.2026. {kein Platzhalter}")
    assert fill("{ person.name }", values) == "Testperson Beispiel"


def test_values_are_inserted_literally() -> None:
    assert fill("{person.name}", {"person.name": "{deadline} <b>&"}) == "{deadline} <b>&"


def test_missing_value_is_an_error_never_a_blank() -> None:
    template = "{person.name} bis {deadline}, Az. {case.abh_reference}"
    assert missing_placeholders(template, {"person.name": "X", "deadline": "  "}) == [
        "deadline", "case.abh_reference"]
    with pytest.raises(PlaceholderError) as error:
        fill(template, {"person.name": "X"})
    assert error.value.missing == ["deadline", "case.abh_reference"]
    assert "Platzhalter ohne Wert: {deadline}, {case.abh_reference}." in str(error.value)


def test_unknown_and_malformed_placeholders_are_errors() -> None:
    assert unknown_placeholders("{person.name} {person.shoe_size}") == ["person.shoe_size"]
    with pytest.raises(PlaceholderError, match=r"Unbekannte Platzhalter: \{person.shoe_size\}"):
        fill("{person.shoe_size}", {"person.shoe_size": "44"})
    with pytest.raises(PlaceholderError, match="geschweifte Klammer"):
        fill("eine { offene Klammer", {})
    with pytest.raises(PlaceholderError, match="geschweifte Klammer"):
        fill("eine } schließende", {})
    problems = template_problems("{x} und {deadline} und }", {})
    assert problems == ["Platzhalter ohne Wert: {deadline}.", "Unbekannte Platzhalter: {x}.",
                        "Einzelne geschweifte Klammer im Text; für eine Klammer „{{“ bzw. "
                        "„}}“ schreiben."]


def test_placeholders_are_listed_once_in_order() -> None:
    assert placeholders("{deadline} {person.name} {deadline}") == ["deadline", "person.name"]


@given(st.text())
def test_escaped_free_text_fills_to_itself(text: str) -> None:
    assert fill(escape_braces(text), {}) == text


def test_default_modules_use_only_known_placeholders() -> None:
    for module in DEFAULT_TEXT_MODULES:
        assert unknown_placeholders(module.body) == [], module.key
        assert template_problems(module.body, dict.fromkeys(PLACEHOLDERS, "x")) == []
    for template in DEFAULT_TEMPLATES.values():
        assert unknown_placeholders(template.subject) == []
        assert set(template.module_keys) <= set(modules_by_key())
        assert all(modules_by_key()[key].fits(template.kind) for key in template.module_keys)


def test_every_kind_has_a_template_and_modules() -> None:
    for kind in LetterKind:
        assert DEFAULT_TEMPLATES[kind].kind == kind
        assert modules_for(kind)
        assert template_paragraphs(DEFAULT_TEMPLATES[kind])


def test_instruction_names_its_legal_basis_and_a_deadline() -> None:
    template = DEFAULT_TEMPLATES[LetterKind.INSTRUCTION]
    text = " ".join((template.subject, *template_paragraphs(template)))
    assert LEGAL_BASIS_INSTRUCTION == "§ 9 Abs. 2 und 3 OBG NRW, § 18 ZustAVO"
    assert LEGAL_BASIS_INSTRUCTION in template.subject
    assert "§ 9 Abs. 2 und 3 OBG NRW" in text
    assert "§ 18 ZustAVO" in text
    assert "{deadline}" in text
    assert template.deadline_days is not None


def test_a_complete_instruction_passes() -> None:
    assert check_letter(content()) == {}


@pytest.mark.parametrize("recipient", [
    None,
    Recipient("Stadt Musterstadt – Ausländerbehörde"),
    Recipient("Stadt Musterstadt", street="Musterstraße 1", postcode="", city="Musterstadt"),
])
def test_instruction_without_address_is_refused(recipient: Recipient | None) -> None:
    problems = check_letter(content(recipient=recipient))
    assert problems == {"recipient": "Eine Weisung braucht die vollständige Anschrift der "
                                     "Ausländerbehörde (Name, Straße, Postleitzahl, Ort)."}


def test_instruction_without_deadline_is_refused() -> None:
    assert check_letter(content(reply_deadline=None)) == {
        "reply_deadline": "Eine Weisung braucht eine Frist für die Antwort."}
    assert "reply_deadline" not in check_letter(
        content(LetterKind.STATUS_REQUEST, reply_deadline=None))


def test_other_checks() -> None:
    problems = check_letter(content(
        subject="  ", paragraphs=("", " "), file_number="", signature_name="",
        reply_deadline=TODAY, letterhead=replace(HEAD, authority="")))
    assert set(problems) == {"subject", "paragraphs", "file_number", "signature_name",
                             "reply_deadline", "letterhead"}
    assert problems["reply_deadline"] == (
        "Die Antwortfrist muss nach dem Datum des Schreibens liegen.")
    assert check_letter(content(LetterKind.FREE, recipient=None)) == {
        "recipient": "Bitte einen Empfänger wählen."}
    assert "recipient" in check_letter(content(LetterKind.PROPOSAL, recipient=Recipient("X")))
    assert "subject" in check_letter(content(subject="x" * 301))


def test_draft_fills_standard_values_and_reports_missing_ones_per_field() -> None:
    template = DEFAULT_TEMPLATES[LetterKind.INSTRUCTION]
    draft = LetterDraft(content(subject=template.subject,
                                paragraphs=template_paragraphs(template)),
                        {"person.name": "Testperson Beispiel"})
    problems = draft_problems(draft)
    assert problems["subject"] == "Platzhalter ohne Wert: {person.birth_date}."
    assert "{case.abh_reference}" in problems["paragraphs.0"]
    assert "paragraphs.3" not in problems  # {deadline} comes from the letter itself
    with pytest.raises(PlaceholderError):
        fill_draft(draft)
    complete = replace(draft, values={
        "person.name": "Testperson Beispiel", "person.birth_date": "01.01.1990",
        "person.nationality": "Fiktivien", "case.abh_reference": "ABH-1"})
    assert draft_problems(complete) == {}
    filled = fill_draft(complete)
    assert filled.paragraphs[-1] == ("Bitte berichten Sie mir bis zum 16.03.2026 über die "
                                     "veranlassten Maßnahmen.")
    assert "{" not in " ".join(filled.paragraphs)


def test_standard_values_leave_out_blanks() -> None:
    values = standard_values(content(reply_deadline=None, recipient=None))
    assert "deadline" not in values
    assert "recipient.name" not in values
    assert values["date"] == "02.03.2026"
    assert values["authority.name"] == "Bezirksregierung Düsseldorf"


def test_addresses() -> None:
    assert ABH.address_lines() == ["Stadt Musterstadt – Ausländerbehörde",
                                   "z. Hd. Frau Beispiel", "Musterstraße 1", "12345 Musterstadt"]
    assert HEAD.return_address() == (
        "Bezirksregierung Düsseldorf · Beispielallee 1 · 40000 Düsseldorf")
