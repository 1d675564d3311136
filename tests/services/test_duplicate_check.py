"""The duplicate check at intake on a real vault: CaseService.duplicate_candidates and the
person_keys it reads (kept current by create and update)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from sqlalchemy import func, select

from desktop.domain.cases import AliasInput, CaseInput, PersonInput
from desktop.domain.dates import PartialDate
from desktop.domain.enums import CaseStatus, CaseTrack, District, IntakeSource
from desktop.services.cases import CaseChanges
from desktop.services.read_models import CaseDetail, DuplicateView
from desktop.services.workspace import Workspace
from desktop.storage import orm
from tests.support import FAST_KDF, MemoryKeyring, new_workspace


@pytest.fixture
def workspace(tmp_path):
    ws = new_workspace(tmp_path, District.KOELN)
    yield ws
    ws.close()


def create(ws: Workspace, family: str, given: str, birth: PartialDate | None = None,
           aliases: tuple[AliasInput, ...] = ()) -> CaseDetail:
    return ws.cases.create(CaseInput(
        person=PersonInput(family, given, birth_date=birth, nationalities=("SY",)),
        district=District.KOELN, track=CaseTrack.CASE_MANAGEMENT,
        intake_source=IntakeSource.POLICE_REPORT, intake_date=date(2026, 3, 2),
        aliases=aliases))


def check(ws: Workspace, family: str, given: str, birth: PartialDate | None = None,
          aliases: tuple[AliasInput, ...] = ()) -> list[DuplicateView]:
    return ws.cases.duplicate_candidates(PersonInput(family, given, birth_date=birth), aliases)


def by_case(found: list[DuplicateView]) -> dict[str, DuplicateView]:
    return {view.case_id: view for view in found}


def test_transliterated_given_name_is_found_with_its_reasons(workspace):
    existing = create(workspace, "Haddad", "Muhammad", PartialDate(1990, 5, 3))
    create(workspace, "Jovanović", "Dragan", PartialDate(1990, 5, 3))  # no name in common

    [view] = check(workspace, "Haddad", "Mohammed", PartialDate(1990, 5, 3))

    assert view.case_id == existing.id
    assert view.file_number == existing.file_number
    assert view.name == "Haddad, Muhammad"
    assert view.birth_date == "03.05.1990"
    assert view.status is CaseStatus.INTAKE
    assert view.score >= 90
    assert view.strength == "hoch"
    assert "Familienname gleich" in view.reasons
    assert "Vorname als Transliteration gleich (Mohammed/Muhammad)" in view.reasons
    assert "Geburtsdatum gleich (03.05.1990)" in view.reasons


def test_an_alias_with_the_article_is_found(workspace):
    existing = create(workspace, "Darwish", "Omar", PartialDate(1988),
                      aliases=(AliasInput("Al-Haddad", "Mohamed"),))

    found = by_case(check(workspace, "Haddad", "Mohammed", PartialDate(1988, 7, 1)))

    view = found[existing.id]
    assert view.name == "Darwish, Omar"
    assert view.reasons == (
        "Alias Mohamed Al-Haddad passt",
        "Familienname bis auf den Artikel al-/el- gleich (Haddad/Al-Haddad)",
        "Vorname als Transliteration gleich (Mohammed/Mohamed)",
        "Geburtsdatum passt (01.07.1988 / 00.00.1988)")
    assert view.strength == "mittel"


def test_a_new_alias_is_checked_too(workspace):
    existing = create(workspace, "Yılmaz", "Yusuf", PartialDate(1995, 1, 1))

    assert check(workspace, "Unbekannt", "Mann") == []
    found = check(workspace, "Unbekannt", "Mann", aliases=(AliasInput("Yilmaz", "Youssef"),))

    assert [v.case_id for v in found] == [existing.id]
    assert found[0].reasons[0] == "Neu angegebener Alias Youssef Yilmaz passt"


def test_swapped_names_are_found(workspace):
    existing = create(workspace, "Hamdan", "Karim", PartialDate(1979, 11, 2))

    [view] = check(workspace, "Karim", "Hamdan", PartialDate(1979, 11, 2))

    assert view.case_id == existing.id
    assert view.reasons[0].startswith("Vor- und Familienname vertauscht")


def test_a_partial_birth_date_fits_a_full_one(workspace):
    existing = create(workspace, "Şahin", "Ayşe", PartialDate(1990, 4, 12))

    [view] = check(workspace, "Sahin", "Ayse", PartialDate(1990))

    assert view.case_id == existing.id
    assert view.reasons == ("Familienname gleich (Schreibweise: Sahin/Şahin)",
                            "Vorname gleich (Schreibweise: Ayse/Ayşe)",
                            "Geburtsdatum passt (00.00.1990 / 12.04.1990)")


def test_weak_matches_are_left_out_and_the_limit_holds(workspace):
    create(workspace, "Haddad", "Fatima", PartialDate(1960, 2, 2))  # only the family name
    for i in range(3):
        create(workspace, "Haddad", "Mohammed", PartialDate(1990 + i))

    found = check(workspace, "Haddad", "Mohammed", PartialDate(1990, 5, 3))
    assert found[0].birth_date == "00.00.1990"
    assert len(found) == 3
    assert "Haddad, Fatima" not in {v.name for v in found}
    assert len(workspace.cases.duplicate_candidates(
        PersonInput("Haddad", "Mohammed"), limit=2)) == 2


def test_keys_follow_an_edit(workspace):
    detail = create(workspace, "Mansour", "Tarek", PartialDate(1985, 6, 6))
    assert [v.case_id for v in check(workspace, "Mansour", "Tarek")] == [detail.id]

    person = PersonInput("Benali", "Tarek", birth_date=PartialDate(1985, 6, 6),
                         nationalities=("SY",))
    workspace.cases.update(detail.id, detail.version, CaseChanges(
        person=person, track=detail.track, intake_source=detail.intake_source,
        intake_date=detail.intake_date, aliases=(AliasInput("Bin Ali", "Tarik"),),
        caseworker_id=detail.caseworker.id if detail.caseworker else None))

    assert check(workspace, "Mansour", "Tarek") == []
    assert [v.case_id for v in check(workspace, "Benali", "Tarek")] == [detail.id]
    assert [v.case_id for v in check(workspace, "Bin Ali", "Tarik")] == [detail.id]

    # dropping the alias drops its keys
    updated = workspace.cases.get(detail.id)
    workspace.cases.update(updated.id, updated.version, CaseChanges(
        person=replace(person, family_name="Benali"), track=detail.track,
        intake_source=detail.intake_source, intake_date=detail.intake_date,
        caseworker_id=detail.caseworker.id if detail.caseworker else None))
    with workspace.open_vault.unit_of_work(write=False) as uow:
        keys = set(uow.session.execute(select(orm.PersonBlockingKey.key)).scalars())
    assert keys
    assert not any("tarik" in k for k in keys)


def test_soft_deleted_cases_are_not_candidates(workspace):
    gone = create(workspace, "Nasser", "Walid", PartialDate(1999, 9, 9))
    kept = create(workspace, "Nasser", "Walid", PartialDate(1999, 9, 9))
    with workspace.open_vault.unit_of_work() as uow:
        uow.session.get(orm.Case, gone.id).deleted_at = orm.utcnow()

    assert [v.case_id for v in check(workspace, "Nasser", "Walid")] == [kept.id]


def test_a_name_without_letters_finds_nothing(workspace):
    create(workspace, "Haddad", "Mohammed")
    assert check(workspace, "---", "") == []


def test_the_check_writes_nothing(workspace):
    create(workspace, "Haddad", "Mohammed")
    with workspace.open_vault.unit_of_work(write=False) as uow:
        before = uow.session.execute(select(func.count()).select_from(orm.AuditEvent)).scalar()
    assert check(workspace, "Haddad", "Muhammad")
    with workspace.open_vault.unit_of_work(write=False) as uow:
        after = uow.session.execute(select(func.count()).select_from(orm.AuditEvent)).scalar()
    assert after == before


def test_the_demo_loader_writes_the_keys_refresh_would_write(tmp_path):
    """The bulk path (demo data) and the unit-of-work path give every person the same keys,
    so a demo person is found by a transliterated spelling."""
    from desktop.services.demo import create_demo_vault
    from desktop.storage.blocking_keys import person_keys

    ws = create_demo_vault(tmp_path / "demo.fallakte", 60, kdf=FAST_KDF,
                           keyring=MemoryKeyring().store(), today=date(2026, 5, 15))
    try:
        with ws.open_vault.unit_of_work(write=False) as uow:
            session = uow.session
            persons = session.execute(select(orm.Person)).scalars().all()
            stored: dict[str, set[str]] = {}
            for person_id, key in session.execute(
                    select(orm.PersonBlockingKey.person_id, orm.PersonBlockingKey.key)):
                stored.setdefault(person_id, set()).add(key)
            assert len(persons) == 60
            for person in persons:
                aliases = [(a.family_name, a.given_names) for a in person.aliases]
                assert stored[person.id] == set(person_keys(
                    person.family_name, person.given_names, person.birth_name, aliases))
            case = session.execute(select(orm.Case)).scalars().first()
            family, given = case.person.family_name, case.person.given_names
        found = ws.cases.duplicate_candidates(PersonInput(family.upper(), given.upper()),
                                              limit=100)
        assert case.id in {view.case_id for view in found}
    finally:
        ws.close()
