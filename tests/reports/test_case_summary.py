"""The Fallübersicht PDF leaves out what the recipient profile must not see."""

from __future__ import annotations

from dataclasses import replace

import pytest

from desktop.domain.summary import SummaryJournalEntry, SummaryPerson, SummaryProfile
from desktop.reports.case_summary import render_case_summary
from tests.reports.pdftext import metadata, page_texts
from tests.reports.samples import summary

HEALTH = "Diagnose Beispielkrankheit"
CRIMINAL = ("Mehrfach-/Intensivtäter", "Gefahrenpotenzial", "JVA Musterstadt", "Strafhaft",
            "Haft")
JOURNAL_TEXT = "Vertraulicher Vermerk"


def text_of(profile: SummaryProfile) -> str:
    return "\n".join(page_texts(render_case_summary(summary(), profile)))


def test_abh_summary_has_every_section() -> None:
    text = text_of(SummaryProfile.ABH)
    for fragment in ("Fallübersicht RRK-DUS-2026-00042", "Testperson Beispiel", "Alias Decknamovic",
                     HEALTH, *CRIMINAL, JOURNAL_TEXT, "Passersatzbeschaffung einleiten",
                     "§ 60a Abs. 2 S. 1 AufenthG", "15.05.2026"):
        assert fragment in text, fragment


def test_police_summary_leaves_out_health_details_and_journal_text() -> None:
    text = text_of(SummaryProfile.POLICE)
    assert HEALTH not in text
    assert JOURNAL_TEXT not in text
    assert "Gesundheitlich" in text
    assert "Rückfrage JVA" in text
    assert "Mehrfach-/Intensivtäter" in text
    assert "JVA Musterstadt" in text


def test_social_summary_leaves_out_criminal_background_and_plans() -> None:
    text = text_of(SummaryProfile.SOCIAL)
    for fragment in (HEALTH, *CRIMINAL, JOURNAL_TEXT, "Rückfrage JVA", "Passersatzbeschaffung",
                     "Alias Decknamovic", "Merkmale"):
        assert fragment not in text, fragment
    assert "Testperson Beispiel" in text
    assert "Gesundheitlich" in text
    assert "§ 60a Abs. 2 S. 1 AufenthG" in text


@pytest.mark.parametrize("profile", list(SummaryProfile))
def test_footer_names_recipient_date_and_page(profile: SummaryProfile) -> None:
    pdf = render_case_summary(summary(), profile)
    text = page_texts(pdf)[-1]
    assert f"für {profile.label}" in text
    assert "Stand 02.03.2026" in text
    assert "Seite 1 von 1" in text
    info = metadata(pdf)
    assert info["Title"] == "Fallübersicht – Az. RRK-DUS-2026-00042"
    assert "Testperson" not in repr(info)


def test_empty_sections_say_so_and_markup_prints_literally() -> None:
    bare = replace(summary(), obstacles=(), measures=(), journal=(), duldung=None, custody=None,
                   person=SummaryPerson(name="<b>Ali & Co"))
    text = "\n".join(page_texts(render_case_summary(bare, SummaryProfile.ABH)))
    assert "<b>Ali & Co" in text
    assert text.count("keine") >= 4


def test_long_summary_counts_pages() -> None:
    journal = tuple(SummaryJournalEntry(summary().prepared_on, "Vermerk", f"Eintrag {n}",
                                        "Beispieltext " * 30) for n in range(40))
    pages = page_texts(render_case_summary(replace(summary(), journal=journal),
                                           SummaryProfile.ABH))
    assert len(pages) >= 2
    assert f"Seite {len(pages)} von {len(pages)}" in pages[-1]
