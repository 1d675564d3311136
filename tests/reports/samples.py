"""Synthetic letters and summaries for the report tests, the golden files and the benchmark."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from desktop.domain.letter_texts import DEFAULT_TEMPLATES, template_paragraphs
from desktop.domain.letters import (
    LetterContent,
    LetterDraft,
    Letterhead,
    LetterKind,
    Recipient,
    fill_draft,
)
from desktop.domain.summary import (
    CaseSummary,
    SummaryCustody,
    SummaryDuldung,
    SummaryJournalEntry,
    SummaryMeasure,
    SummaryObstacle,
    SummaryPerson,
)

LETTER_DATE = date(2026, 3, 2)

LETTERHEAD = Letterhead(
    authority="Bezirksregierung Düsseldorf",
    department="Dezernat 21 – Regionale Rückkehrkoordinationsstelle",
    street="Beispielallee 1", postcode="40000", city="Düsseldorf",
    phone="0211 0000-0", email="rrk@beispiel.invalid")

RECIPIENT = Recipient(
    name="Stadt Musterstadt – Ausländerbehörde", department="z. Hd. Frau Erika Mustermann",
    street="Musterstraße 1", postcode="12345", city="Musterstadt")

# Obviously fictitious names ("example", "test", "sample" in their languages).
INTERNATIONAL_NAMES = (
    "Ayşe Örnekoğlu", "Çağrı Deneme", "Đorđe Primjerić", "Šćepan Žrtvić", "Zażółć Przykładowa",
    "Łucja Gęśla", "Ștefan Exemplu", "Țurcan Mostrăescu", "Nguyễn Văn Mẫu", "Trần Thị Thử",
    "Παράδειγμα Δοκιμή", "Ελένη Υπόδειγμα", "Пример Тестов", "Ёлка Образцова", "Ђорђе Узорић",
)

PERSON_VALUES = {
    "person.name": "Testperson Beispiel",
    "person.family_name": "Beispiel",
    "person.given_names": "Testperson",
    "person.birth_date": "01.01.1990",
    "person.nationality": "Fiktivien",
    "case.abh_reference": "ABH-0815/26",
    "custody.facility": "JVA Musterstadt",
    "custody.release_date": "15.05.2026",
}


def letter(kind: LetterKind = LetterKind.INSTRUCTION, *, draft: bool = False,
           values: dict[str, str] | None = None, **changes: object) -> LetterContent:
    """A complete letter of ``kind`` from its default template (final unless ``draft``)."""
    template = DEFAULT_TEMPLATES[kind]
    deadline = (LETTER_DATE + timedelta(days=template.deadline_days)
                if template.deadline_days else None)
    content = LetterContent(
        kind=kind, letterhead=LETTERHEAD, recipient=RECIPIENT,
        file_number="RRK-DUS-2026-00042", letter_date=LETTER_DATE,
        subject=template.subject, paragraphs=template_paragraphs(template),
        signature_name="Max Beispielmann", their_reference="ABH-0815/26",
        contact_name="Max Beispielmann", contact_phone="0211 0000-1234",
        contact_email="max.beispielmann@beispiel.invalid",
        salutation=template.salutation, reply_deadline=deadline, draft=draft,
        enclosures=("Kopie der Haftmitteilung",) if kind == LetterKind.CUSTODY_NOTICE else ())
    filled = fill_draft(LetterDraft(content, values if values is not None else PERSON_VALUES))
    return replace(filled, **changes)  # type: ignore[arg-type]


def long_letter() -> LetterContent:
    """A status request long enough for two pages."""
    base = letter(LetterKind.STATUS_REQUEST)
    extra = tuple(f"Absatz {n}: " + "Dieser Text dient nur als Füllung für den Test. " * 6
                  for n in range(1, 9))
    return replace(base, paragraphs=base.paragraphs + extra)


def summary() -> CaseSummary:
    return CaseSummary(
        file_number="RRK-DUS-2026-00042", status="Aktiv", track="Fallmanagement",
        prepared_on=LETTER_DATE, caseworker="Max Beispielmann",
        authority="Bezirksregierung Düsseldorf",
        person=SummaryPerson(
            name="Testperson Beispiel", birth_date="01.01.1990", nationalities=("Fiktivien",),
            aliases=("Alias Decknamovic",), address="Musterweg 7, 12345 Musterstadt",
            languages=("Deutsch", "Fiktivisch")),
        flags=("Mehrfach-/Intensivtäter", "Besonderes Gefahrenpotenzial"),
        obstacles=(
            SummaryObstacle("Gesundheitlich", "Diagnose Beispielkrankheit (fiktiv)",
                            since=date(2025, 11, 1)),
            SummaryObstacle("Haft", "Strafhaft wegen Beispieldelikt", since=date(2025, 6, 1),
                            custody=True),
        ),
        duldung=SummaryDuldung("§ 60a Abs. 2 S. 1 AufenthG", date(2026, 1, 1), date(2026, 6, 30)),
        custody=SummaryCustody("JVA Musterstadt", since=date(2025, 6, 1),
                               expected_release=date(2026, 5, 15), two_thirds=date(2026, 2, 1)),
        measures=(SummaryMeasure("Passersatzbeschaffung einleiten", "ABH", date(2026, 3, 31)),),
        journal=(SummaryJournalEntry(date(2026, 2, 20), "Anruf", "Rückfrage JVA",
                                     "Vertraulicher Vermerk: Gesprächsinhalt Beispiel"),),
    )
