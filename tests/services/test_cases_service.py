"""CaseService on a real (encrypted) vault: file numbers, validation, optimistic locking, the
status workflow, flags, search, filters, audit, measures, journal."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from desktop.domain.cases import AliasInput, CaseInput, PersonInput
from desktop.domain.dates import PartialDate
from desktop.domain.enums import (
    CaseFlag,
    CaseOutcome,
    CaseStatus,
    CaseTrack,
    District,
    IntakeSource,
    JournalKind,
    MeasureOwner,
    MeasureStatus,
    ReminderKind,
    Role,
)
from desktop.errors import InvalidInputError, NotFoundError, StaleDataError
from desktop.services.cases import CaseChanges, CaseService, MeasureInput, ReminderInput
from desktop.services.read_models import CaseDetail, CaseQuery, CaseSort
from desktop.services.workspace import VaultService, Workspace
from desktop.storage import orm
from desktop.storage.keyslots import KeyFile
from tests.support import FAST_KDF, PASSPHRASE, MemoryKeyring, new_workspace

TODAY = date.today()  # noqa: DTZ011 - the clock CaseService uses by default
YEAR = TODAY.year


@pytest.fixture
def workspace(tmp_path):
    ws = new_workspace(tmp_path, District.DUESSELDORF)
    yield ws
    ws.close()


@pytest.fixture
def cases(workspace: Workspace) -> CaseService:
    return workspace.cases


def case_input(family: str = "Müller", given: str = "Hans", *,
               district: District = District.DUESSELDORF, intake: date = TODAY,
               flags: frozenset[CaseFlag] = frozenset(), aliases: tuple[AliasInput, ...] = (),
               nationalities: tuple[str, ...] = ("TR",), azr: str = "",
               caseworker_id: str | None = None) -> CaseInput:
    return CaseInput(
        person=PersonInput(family_name=family, given_names=given,
                           birth_date=PartialDate(1990), nationalities=nationalities,
                           azr_number=azr),
        district=district, track=CaseTrack.CASE_MANAGEMENT,
        intake_source=IntakeSource.POLICE_REPORT, intake_date=intake, flags=flags,
        aliases=aliases, caseworker_id=caseworker_id)


def changes_of(detail: CaseDetail, **overrides) -> CaseChanges:
    """The detail as it is, with ``overrides`` (what the edit dialog would send)."""
    person = detail.person
    unchanged = CaseChanges(
        person=PersonInput(family_name=person.family_name, given_names=person.given_names,
                           birth_date=person.birth_date, nationalities=person.nationalities,
                           azr_number=person.azr_number, languages=person.languages,
                           address=person.address),
        track=detail.track, intake_source=detail.intake_source,
        intake_date=detail.intake_date, intake_reference=detail.intake_reference,
        flags=detail.active_flags,
        aliases=tuple(AliasInput(a.family_name, a.given_names, a.birth_date)
                      for a in person.aliases),
        responsible_abh_id=detail.responsible_abh.id if detail.responsible_abh else None,
        caseworker_id=detail.caseworker.id if detail.caseworker else None,
        summary=detail.summary)
    return replace(unchanged, **overrides)


def search(cases: CaseService, text: str) -> list[str]:
    return [row.name for row in cases.rows(cases.query_ids(CaseQuery(search=text)))]


# --- file numbers -------------------------------------------------------------------------

def test_file_numbers_count_up_from_one(cases: CaseService) -> None:
    first = cases.create(case_input())
    second = cases.create(case_input("Şahin", "Ayşe"))
    assert first.file_number == f"RRK-DUS-{YEAR}-00001"
    assert second.file_number == f"RRK-DUS-{YEAR}-00002"
    assert first.status == CaseStatus.INTAKE
    assert cases.count() == 2


def test_file_numbers_run_per_district_and_year(cases: CaseService) -> None:
    last_year = date(YEAR - 1, 6, 1)
    made = [cases.create(case_input(district=d, intake=i)).file_number for d, i in (
        (District.DUESSELDORF, TODAY), (District.DUESSELDORF, last_year),
        (District.KOELN, TODAY), (District.DUESSELDORF, TODAY),
        (District.DUESSELDORF, last_year), (District.MUENSTER, last_year))]
    assert made == [f"RRK-DUS-{YEAR}-00001", f"RRK-DUS-{YEAR - 1}-00001",
                    f"RRK-KLN-{YEAR}-00001", f"RRK-DUS-{YEAR}-00002",
                    f"RRK-DUS-{YEAR - 1}-00002", f"RRK-MST-{YEAR - 1}-00001"]


def test_find_by_file_number(cases: CaseService) -> None:
    created = cases.create(case_input())
    assert cases.find_by_file_number(created.file_number.lower()) == created.id
    with pytest.raises(InvalidInputError) as bad:
        cases.find_by_file_number("DUS-1")
    assert "file_number" in bad.value.problems
    with pytest.raises(NotFoundError):
        cases.find_by_file_number(f"RRK-ARN-{YEAR}-00099")


# --- validation and optimistic locking ----------------------------------------------------

def test_validation_names_every_wrong_field(cases: CaseService) -> None:
    bad = CaseInput(
        person=PersonInput(family_name="  ", nationalities=("TR", "ZZ"), azr_number="12ab",
                           birth_date=PartialDate(YEAR + 1)),
        district=District.ARNSBERG, track=CaseTrack.VOLUNTARY_RETURN,
        intake_source=IntakeSource.PROACTIVE, intake_date=TODAY + timedelta(days=1),
        aliases=(AliasInput(""),))
    with pytest.raises(InvalidInputError) as error:
        cases.create(bad)
    assert set(error.value.problems) == {"family_name", "nationalities", "azr_number",
                                         "birth_date", "intake_date", "aliases.0"}
    assert "Familienname" in error.value.message
    assert cases.count() == 0


def test_unknown_caseworker_is_refused(cases: CaseService) -> None:
    with pytest.raises(InvalidInputError) as error:
        cases.create(case_input(caseworker_id="00000000-0000-4000-8000-000000000000"))
    assert "caseworker_id" in error.value.problems


def test_update_saves_and_moves_the_version(cases: CaseService) -> None:
    created = cases.create(case_input())
    changed = changes_of(created, person=PersonInput(family_name="Öztürk", given_names="Emre"),
                         summary="Neuer Sachverhalt")
    updated = cases.update(created.id, created.version, changed)
    assert updated.person.family_name == "Öztürk"
    assert updated.summary == "Neuer Sachverhalt"
    assert updated.version > created.version
    assert search(cases, "ozturk") == ["Öztürk, Emre"]
    assert search(cases, "muller") == []
    journal = cases.journal(created.id, JournalKind.SYSTEM)
    assert any(entry.subject == "Stammdaten geändert" for entry in journal)


def test_languages_and_address_round_trip(cases: CaseService) -> None:
    data = case_input()
    created = cases.create(replace(data, person=replace(
        data.person, languages=" ar,fr; AR ", address="  LAE Bochum\nZimmer 12  ")))
    assert created.person.languages == "ar, fr"
    assert created.person.address == "LAE Bochum\nZimmer 12"
    assert cases.get(created.id).person.address == "LAE Bochum\nZimmer 12"
    # the same values, written differently, are no change
    same = changes_of(created, person=replace(
        changes_of(created).person, languages="ar , fr", address="LAE Bochum\nZimmer 12 "))
    assert cases.update(created.id, created.version, same).version == created.version

    changed = changes_of(created, person=replace(
        changes_of(created).person, languages="ku", address="Kölner Str. 5\n40211 Düsseldorf"))
    updated = cases.update(created.id, created.version, changed)
    assert (updated.person.languages, updated.person.address) == (
        "ku", "Kölner Str. 5\n40211 Düsseldorf")
    assert [e.text for e in cases.journal(created.id, JournalKind.SYSTEM)
            if e.subject == "Stammdaten geändert"] == ["Sprachen, Anschrift/Unterkunft"]
    # a change of the address alone names only the address
    again = cases.update(updated.id, updated.version, changes_of(updated, person=replace(
        changes_of(updated).person, address="")))
    assert again.person.address == ""
    assert again.person.languages == "ku"
    assert sorted(e.text for e in cases.journal(created.id, JournalKind.SYSTEM)
                  if e.subject == "Stammdaten geändert") == [
        "Anschrift/Unterkunft", "Sprachen, Anschrift/Unterkunft"]
    with pytest.raises(InvalidInputError) as error:
        cases.update(again.id, again.version, changes_of(again, person=replace(
            changes_of(again).person, languages="a" * 2001, address="x\x00")))
    assert set(error.value.problems) == {"languages", "address"}


def test_update_with_a_stale_version_is_refused(cases: CaseService) -> None:
    created = cases.create(case_input())
    cases.update(created.id, created.version, changes_of(created, summary="erste Änderung"))
    with pytest.raises(StaleDataError):
        cases.update(created.id, created.version, changes_of(created, summary="zweite"))
    assert cases.get(created.id).summary == "erste Änderung"


def test_update_without_changes_keeps_the_version(cases: CaseService) -> None:
    created = cases.create(case_input())
    again = cases.update(created.id, created.version, changes_of(created))
    assert again.version == created.version


# --- status workflow ----------------------------------------------------------------------

def test_status_workflow(cases: CaseService) -> None:
    case = cases.create(case_input())
    assert set(case.allowed_statuses) == {CaseStatus.ACTIVE, CaseStatus.CLOSED}
    with pytest.raises(InvalidInputError) as forbidden:
        cases.change_status(case.id, case.version, CaseStatus.DORMANT)
    assert "status" in forbidden.value.problems
    case = cases.change_status(case.id, case.version, CaseStatus.ACTIVE)
    case = cases.change_status(case.id, case.version, CaseStatus.DORMANT)
    case = cases.change_status(case.id, case.version, CaseStatus.ACTIVE, note="Neue Lage")
    assert case.status == CaseStatus.ACTIVE
    with pytest.raises(StaleDataError):
        cases.change_status(case.id, case.version - 1, CaseStatus.DORMANT)


def test_closing_needs_an_outcome_and_a_date(cases: CaseService) -> None:
    case = cases.change_status(*_new_active(cases), CaseStatus.ACTIVE)
    with pytest.raises(InvalidInputError) as missing:
        cases.change_status(case.id, case.version, CaseStatus.CLOSED)
    assert set(missing.value.problems) == {"outcome", "outcome_date"}
    with pytest.raises(InvalidInputError) as future:
        cases.change_status(case.id, case.version, CaseStatus.CLOSED,
                            outcome=CaseOutcome.DEPORTED,
                            outcome_date=TODAY + timedelta(days=3))
    assert "outcome_date" in future.value.problems
    closed = cases.change_status(case.id, case.version, CaseStatus.CLOSED,
                                 outcome=CaseOutcome.VOLUNTARY_DEPARTURE, outcome_date=TODAY)
    assert closed.status == CaseStatus.CLOSED
    assert closed.outcome == CaseOutcome.VOLUNTARY_DEPARTURE
    assert closed.outcome_date == TODAY
    assert closed.allowed_statuses == (CaseStatus.ACTIVE,)


def test_reopening_clears_the_outcome_and_keeps_the_history(cases: CaseService) -> None:
    case = cases.change_status(*_new_active(cases), CaseStatus.ACTIVE)
    cases.add_journal(case.id, JournalKind.NOTE, "Vermerk", "vor dem Abschluss")
    case = cases.change_status(case.id, case.version, CaseStatus.CLOSED,
                               outcome=CaseOutcome.WHEREABOUTS_UNKNOWN, outcome_date=TODAY)
    reopened = cases.change_status(case.id, case.version, CaseStatus.ACTIVE,
                                   note="wieder aufgetaucht")
    assert reopened.status == CaseStatus.ACTIVE
    assert reopened.outcome is None
    assert reopened.outcome_date is None
    changes = cases.journal(case.id, JournalKind.STATUS_CHANGE)
    assert len(changes) == 3
    assert any("Untergetaucht" in entry.text for entry in changes)
    assert any("wieder aufgetaucht" in entry.text for entry in changes)
    assert [e.text for e in cases.journal(case.id, JournalKind.NOTE)] == ["vor dem Abschluss"]


def _new_active(cases: CaseService) -> tuple[str, int]:
    case = cases.create(case_input())
    return case.id, case.version


# --- flags, aliases, search ---------------------------------------------------------------

def test_flags_have_since_and_until(cases: CaseService) -> None:
    case = cases.create(case_input(flags=frozenset({CaseFlag.MIT, CaseFlag.CUSTODY})))
    assert {(f.flag, f.since, f.until) for f in case.flags} == {
        (CaseFlag.MIT, TODAY, None), (CaseFlag.CUSTODY, TODAY, None)}
    assert cases.query_ids(CaseQuery(flag=CaseFlag.MIT)) == [case.id]
    updated = cases.update(case.id, case.version,
                           changes_of(case, flags=frozenset({CaseFlag.CUSTODY,
                                                             CaseFlag.MEDIA_INTEREST})))
    ended = [f for f in updated.flags if f.flag == CaseFlag.MIT]
    assert ended[0].until == TODAY
    assert updated.active_flags == {CaseFlag.CUSTODY, CaseFlag.MEDIA_INTEREST}
    assert cases.query_ids(CaseQuery(flag=CaseFlag.MIT)) == []
    assert cases.query_ids(CaseQuery(flag=CaseFlag.MEDIA_INTEREST)) == [case.id]
    row = cases.rows([case.id])[0]
    assert set(row.flags) == {CaseFlag.CUSTODY, CaseFlag.MEDIA_INTEREST}


def test_aliases_are_searchable(cases: CaseService) -> None:
    case = cases.create(case_input("Haddad", "Mohammed", aliases=(
        AliasInput("Al-Haddad", "Muhammad", PartialDate(1991, 1, 1)),
        AliasInput("Hadad", "Mohamed"))))
    assert len(case.person.aliases) == 2
    for text in ("muhammad", "Al-Haddad", "hadad mohamed", "HADDAD"):
        assert cases.query_ids(CaseQuery(search=text)) == [case.id], text
    updated = cases.update(case.id, case.version, changes_of(case, aliases=(
        AliasInput("Hadad", "Mohamed"),)))
    assert [a.family_name for a in updated.person.aliases] == ["Hadad"]
    assert cases.query_ids(CaseQuery(search="muhammad")) == []


def test_search_ignores_diacritics_and_case(cases: CaseService) -> None:
    cases.create(case_input("Müller", "Jürgen"))
    cases.create(case_input("Şahin", "Ayşe"))
    cases.create(case_input("Kovačević", "Željko"))
    cases.create(case_input("Weiß", "Łukasz"))
    cases.create(case_input("Đorđević", "Đorđe"))
    expected = {
        "muller": ["Müller, Jürgen"], "mueller": ["Müller, Jürgen"],
        "MÜLLER": ["Müller, Jürgen"], "jurg": ["Müller, Jürgen"],
        "sahin": ["Şahin, Ayşe"], "Şahin": ["Şahin, Ayşe"], "ayse": ["Şahin, Ayşe"],
        "sah": ["Şahin, Ayşe"], "kovacevic zeljko": ["Kovačević, Željko"],
        "weiss": ["Weiß, Łukasz"], "lukasz": ["Weiß, Łukasz"],
        "dordevic": ["Đorđević, Đorđe"],
    }
    for text, names in expected.items():
        assert search(cases, text) == names, text


def test_search_by_file_number_and_azr_number(cases: CaseService) -> None:
    first = cases.create(case_input(azr="123456789012"))
    cases.create(case_input("Nowak", "Paweł"))
    assert cases.query_ids(CaseQuery(search=first.file_number)) == [first.id]
    assert cases.query_ids(CaseQuery(search="123456789012")) == [first.id]
    assert len(cases.query_ids(CaseQuery(search=f"RRK-DUS-{YEAR}"))) == 2


@pytest.mark.parametrize("text", ['"', "NEAR(", "*", "a OR b", "names:x", "^", "(", ")",
                                  "'; DROP TABLE cases; --", "AND", "-", "\x00", "ü*\"",
                                  "NEAR(muller sahin, 2)", "{names numbers}: x"])
def test_search_syntax_from_the_user_never_reaches_fts(cases: CaseService, text: str) -> None:
    cases.create(case_input())
    ids = cases.query_ids(CaseQuery(search=text))
    assert isinstance(ids, list)
    assert cases.search(text) is not None


# --- filters and sorting ------------------------------------------------------------------

def test_filters_and_sorting(workspace: Workspace, cases: CaseService,
                             tmp_path) -> None:
    workspace.add_user("ben", "Ben Beispiel", Role.CASEWORKER, PASSPHRASE, FAST_KDF)
    ben = next(u.id for u in workspace.partners.users() if u.name == "ben")
    zoe = cases.create(case_input("Zeller", "Zoe", district=District.KOELN))
    ozturk = cases.create(case_input("Öztürk", "Ali", caseworker_id=ben,
                                     flags=frozenset({CaseFlag.DANGER_POTENTIAL})))
    abel = cases.create(case_input("Abel", "Anna", district=District.ARNSBERG))
    cases.change_status(abel.id, abel.version, CaseStatus.ACTIVE)

    by_name = cases.query_ids(CaseQuery(sort=CaseSort.NAME))
    assert by_name == [abel.id, ozturk.id, zoe.id]  # Ö sorts as O
    assert cases.query_ids(CaseQuery(sort=CaseSort.NAME, descending=True)) == by_name[::-1]
    by_number = cases.query_ids(CaseQuery())
    assert [r.file_number for r in cases.rows(by_number)] == sorted(
        r.file_number for r in cases.rows(by_number))
    assert cases.query_ids(CaseQuery(status=CaseStatus.ACTIVE)) == [abel.id]
    assert set(cases.query_ids(CaseQuery(status=CaseStatus.INTAKE))) == {zoe.id, ozturk.id}
    assert cases.query_ids(CaseQuery(district=District.KOELN)) == [zoe.id]
    assert cases.query_ids(CaseQuery(flag=CaseFlag.DANGER_POTENTIAL)) == [ozturk.id]
    assert cases.query_ids(CaseQuery(caseworker_id=ben)) == [ozturk.id]
    assert cases.query_ids(CaseQuery(status=CaseStatus.INTAKE, district=District.DUESSELDORF,
                                     caseworker_id=ben)) == [ozturk.id]
    assert cases.query_ids(CaseQuery(search="ozturk", district=District.KOELN)) == []
    me = workspace.user.id
    assert set(cases.query_ids(CaseQuery(caseworker_id=me))) == {zoe.id, abel.id}


def test_rows_keep_the_order_of_the_ids_and_skip_unknown_ones(cases: CaseService) -> None:
    one = cases.create(case_input("Eins"))
    two = cases.create(case_input("Zwei", nationalities=("XU",)))
    rows = cases.rows([two.id, "nicht-da", one.id])
    assert [r.id for r in rows] == [two.id, one.id]
    assert rows[0].nationalities == "ungeklärt"
    assert rows[0].birth_date == "00.00.1990"
    assert cases.rows([]) == []


# --- audit --------------------------------------------------------------------------------

def _actions(workspace: Workspace) -> list[tuple[str, str | None]]:
    with workspace.open_vault.unit_of_work(write=False) as uow:
        return [tuple(row) for row in uow.session.execute(
            select(orm.AuditEvent.action, orm.AuditEvent.entity_id)
            .order_by(orm.AuditEvent.seq)).all()]


def test_opening_a_case_is_audited(workspace: Workspace, cases: CaseService) -> None:
    case = cases.create(case_input())
    before = _actions(workspace)
    assert ("case.create", case.id) in before
    cases.query_ids(CaseQuery(search="muller"))
    cases.rows([case.id])
    assert _actions(workspace) == before  # listing is not opening
    cases.get(case.id)
    assert _actions(workspace)[len(before):] == [("case.open", case.id)]
    assert workspace.open_vault.verify_audit().ok


# --- measures, reminders, journal ---------------------------------------------------------

def test_measures_and_the_overdue_flag(cases: CaseService) -> None:
    case = cases.create(case_input())
    late = cases.add_measure(case.id, MeasureInput("Passersatzbeschaffung", MeasureOwner.ABH,
                                                   due_date=TODAY - timedelta(days=1)))
    soon = cases.add_measure(case.id, MeasureInput("Rückkehrberatung",
                                                   due_date=TODAY + timedelta(days=5)))
    open_ended = cases.add_measure(case.id, MeasureInput("Ausweisung prüfen"))
    assert late.overdue
    assert not soon.overdue
    assert not open_ended.overdue
    done = cases.update_measure(late.id, late.version, MeasureStatus.DONE, "PEP liegt vor")
    assert not done.overdue
    assert done.done_on == TODAY
    with pytest.raises(StaleDataError):
        cases.update_measure(late.id, late.version, MeasureStatus.CANCELLED)
    with pytest.raises(InvalidInputError) as error:
        cases.add_measure(case.id, MeasureInput("   "))
    assert "title" in error.value.problems
    listed = cases.measures(case.id)
    assert {m.status for m in listed} == {MeasureStatus.OPEN, MeasureStatus.DONE}


def test_reminders(cases: CaseService) -> None:
    case = cases.create(case_input())
    due = TODAY + timedelta(days=14)
    reminder = cases.add_reminder(case.id, ReminderInput(
        ReminderKind.DEADLINE, "Frist Stellungnahme", due, early_warning=due - timedelta(7)))
    assert reminder.early_warning == due - timedelta(days=7)
    with pytest.raises(InvalidInputError) as error:
        cases.add_reminder(case.id, ReminderInput(ReminderKind.APPOINTMENT, "", due,
                                                  due_time="25:61",
                                                  early_warning=due + timedelta(1)))
    assert set(error.value.problems) == {"title", "due_time", "early_warning"}
    assert [r.title for r in cases.reminders(case.id)] == ["Frist Stellungnahme"]


def test_journal_entries_and_the_kind_filter(cases: CaseService) -> None:
    case = cases.create(case_input())
    cases.add_journal(case.id, JournalKind.CALL, "Telefonat mit der ABH", "Rückruf zugesagt")
    cases.add_journal(case.id, JournalKind.NOTE, "Vermerk", "Akte gesichtet",
                      occurred_at=datetime.now(UTC) - timedelta(days=2))
    cases.add_journal(case.id, JournalKind.EMAIL, "", "Unterlagen übersandt")
    assert [e.kind for e in cases.journal(case.id, JournalKind.CALL)] == [JournalKind.CALL]
    everything = cases.journal(case.id)
    assert {e.kind for e in everything} == {JournalKind.SYSTEM, JournalKind.CALL,
                                            JournalKind.NOTE, JournalKind.EMAIL}
    assert everything[-1].kind == JournalKind.NOTE  # newest first; the note is oldest
    assert all(e.author == "Anna Beispiel" for e in everything)
    for kind, subject, text, when, field in (
            (JournalKind.SYSTEM, "x", "y", None, "kind"),
            (JournalKind.NOTE, " ", " ", None, "text"),
            (JournalKind.NOTE, "x", "y", datetime.now(UTC) + timedelta(hours=2), "occurred_at")):
        with pytest.raises(InvalidInputError) as error:
            cases.add_journal(case.id, kind, subject, text, when)
        assert field in error.value.problems
    with pytest.raises(NotFoundError):
        cases.add_journal("nicht-da", JournalKind.NOTE, "x", "y")


def test_listing_export_is_audited_without_case_data(workspace, cases):
    cases.create(case_input("Zqxgeheim"))
    cases.record_export(1, "json", CaseQuery(search="Zqxgeheim"), via="cli")
    with workspace.open_vault.unit_of_work(write=False) as uow:
        event = uow.session.execute(
            select(orm.AuditEvent).order_by(orm.AuditEvent.seq.desc()).limit(1)).scalar_one()
    assert event.action == "case.list_export"
    assert '"count":1' in event.details
    assert '"search":true' in event.details
    assert "Zqxgeheim" not in event.details


def test_change_passphrase_from_the_workspace(tmp_path):
    path = tmp_path / "pw.fallakte"
    service = VaultService(path, kdf=FAST_KDF, keyring=MemoryKeyring().store())
    workspace, _code = service.create(user_name="anna", display_name="Anna Beispiel",
                                      passphrase=PASSPHRASE)
    check_before = KeyFile.load(path.with_name(path.name + ".keys")).key_check
    with pytest.raises(InvalidInputError) as info:
        workspace.change_passphrase(PASSPHRASE, "kurz")
    assert "passphrase" in info.value.problems
    with pytest.raises(InvalidInputError):
        workspace.change_passphrase(PASSPHRASE, "eine ganz neue Passphrase", "anders")
    workspace.change_passphrase(PASSPHRASE, "eine ganz neue Passphrase",
                                "eine ganz neue Passphrase")
    code = workspace.new_recovery_code()
    workspace.close()
    # Only re-wrapped: the data key is the same.
    assert KeyFile.load(path.with_name(path.name + ".keys")).key_check == check_before
    again = VaultService(path, kdf=FAST_KDF, keyring=MemoryKeyring().store())
    from desktop.errors import WrongPassphraseError

    with pytest.raises(WrongPassphraseError):
        again.unlock_with_passphrase("anna", PASSPHRASE)
    reopened = again.unlock_with_passphrase("anna", "eine ganz neue Passphrase")
    reopened.close()
    VaultService(path, kdf=FAST_KDF).unlock_with_recovery("anna", code).close()
