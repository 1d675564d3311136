"""What each recipient profile of the Fallübersicht may see."""

from __future__ import annotations

from desktop.domain.summary import Section, SummaryProfile, redact, visible_sections
from tests.reports.samples import summary


def test_abh_sees_everything() -> None:
    assert redact(summary(), SummaryProfile.ABH) == summary()
    assert visible_sections(SummaryProfile.ABH) == frozenset(Section)


def test_police_see_flags_and_custody_but_no_health_details_or_journal_text() -> None:
    police = redact(summary(), SummaryProfile.POLICE)
    assert police.flags == summary().flags
    assert police.custody == summary().custody
    assert police.person.aliases == summary().person.aliases
    assert [o.kind for o in police.obstacles] == ["Gesundheitlich", "Haft"]
    assert all(o.description == "" for o in police.obstacles)
    assert [(e.subject, e.text) for e in police.journal] == [("Rückfrage JVA", "")]
    assert police.measures == summary().measures


def test_social_services_see_no_criminal_background_or_enforcement_plans() -> None:
    social = redact(summary(), SummaryProfile.SOCIAL)
    assert social.flags == ()
    assert social.custody is None
    assert [o.kind for o in social.obstacles] == ["Gesundheitlich"]
    assert social.obstacles[0].description == ""
    assert social.person.aliases == ()
    assert social.measures == ()
    assert social.journal == ()
    assert social.duldung == summary().duldung
    assert social.person.name == summary().person.name
