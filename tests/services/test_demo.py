"""The synthetic demo data: spread, well-formed file numbers, folding search, one audit event,
determinism, cancellation."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from datetime import date, timedelta

import pytest
from sqlalchemy import select, text

from desktop.config import DEMO_PASSPHRASE
from desktop.domain.cases import CaseInput, PersonInput
from desktop.domain.enums import (
    CaseStatus,
    CaseTrack,
    District,
    IntakeSource,
    JournalKind,
    MeasureStatus,
    PartnerKind,
)
from desktop.domain.file_numbers import FileNumber
from desktop.domain.letters import LetterKind
from desktop.domain.residence import (
    DocumentKind,
    DuldungInput,
    DuldungType,
    IdentityDocumentInput,
    ObstacleInput,
    ObstacleKind,
    PassportStatus,
    ReferenceInput,
    ReferenceKind,
    duldung_warning,
    is_expired,
    parse_languages,
    validate_document,
    validate_duldung,
    validate_obstacle,
    validate_person_extras,
    validate_reference,
)
from desktop.domain.text import fold
from desktop.errors import OperationCancelled, UserFacingError
from desktop.services.demo import (
    DEMO_USER,
    LEAD_USER,
    build_demo,
    create_demo,
    create_demo_vault,
)
from desktop.services.demo_names import TOWN_STEMS
from desktop.services.demo_rows import transliterate
from desktop.services.desk import DeskService
from desktop.services.letters import LetterService
from desktop.services.progress import Progress
from desktop.services.read_models import CaseQuery, DeskItemKind
from desktop.services.residence import ResidenceService
from desktop.services.workspace import VaultService
from desktop.storage import orm
from desktop.storage.repositories import bulk
from tests.support import FAST_KDF, PASSPHRASE, MemoryKeyring

TODAY = date(2026, 5, 15)
CASES = 300


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """A demo vault of 300 cases, built once for the module."""
    path = tmp_path_factory.mktemp("demo") / "demo.fallakte"
    workspace, summary = create_demo(path, CASES, kdf=FAST_KDF,
                                     keyring=MemoryKeyring().store(), today=TODAY)
    yield workspace, summary
    workspace.close()


@pytest.fixture(scope="module")
def rows(demo):
    workspace, _summary = demo
    return workspace.cases.rows(workspace.cases.query_ids(CaseQuery()))


def test_counts_match_the_summary_and_the_tables(demo, rows) -> None:
    workspace, summary = demo
    assert summary.cases == CASES == workspace.cases.count() == len(rows)
    assert summary.persons == CASES
    assert CASES <= summary.nationalities <= 2 * CASES
    assert 0.25 * CASES < summary.aliases < 0.9 * CASES
    assert CASES <= summary.journal_entries <= 6 * CASES
    assert summary.measures > CASES  # about two per case
    assert summary.partners == 55  # 40 ABH and a JVA, StA and police per district
    with workspace.open_vault.unit_of_work(write=False) as uow:
        for model, expected in ((orm.Person, summary.persons), (orm.Alias, summary.aliases),
                                (orm.PersonNationality, summary.nationalities),
                                (orm.CaseFlagRow, summary.flags),
                                (orm.Measure, summary.measures),
                                (orm.Reminder, summary.reminders)):
            assert bulk.count(uow.session, model) == expected, model.__name__
        journal = bulk.count(uow.session, orm.JournalEntry)
        indexed = uow.session.execute(text("SELECT count(*) FROM case_search")).scalar()
    assert journal == summary.journal_entries
    assert indexed == CASES


def test_all_five_districts_and_a_realistic_status_spread(demo, rows) -> None:
    _workspace, summary = demo
    assert {row.district for row in rows} == set(District)
    statuses = Counter(row.status for row in rows)
    assert set(statuses) == set(CaseStatus)
    assert 0.03 < statuses[CaseStatus.INTAKE] / CASES < 0.2
    assert 0.4 < statuses[CaseStatus.ACTIVE] / CASES < 0.7
    assert 0.07 < statuses[CaseStatus.DORMANT] / CASES < 0.25
    assert 0.1 < statuses[CaseStatus.CLOSED] / CASES < 0.3
    assert summary.by_status == {status.value: count for status, count in statuses.items()}
    assert {row.track for row in rows} == set(CaseTrack)


def test_file_numbers_are_unique_well_formed_and_run_per_district_and_year(rows) -> None:
    numbers = [row.file_number for row in rows]
    assert len(set(numbers)) == len(numbers)
    per_key: defaultdict[tuple[District, int], list[int]] = defaultdict(list)
    for row in rows:
        parsed = FileNumber.parse(row.file_number)
        assert str(parsed) == row.file_number
        assert re.fullmatch(r"RRK-(ARN|DET|DUS|KLN|MST)-20\d\d-\d{5}", row.file_number)
        assert parsed.district == row.district
        assert parsed.year == row.intake_date.year
        assert 2019 <= parsed.year <= TODAY.year
        per_key[(parsed.district, parsed.year)].append(parsed.number)
    for key, used in per_key.items():
        assert sorted(used) == list(range(1, len(used) + 1)), key


def test_the_next_real_case_continues_the_running_number(tmp_path) -> None:
    today = date.today()  # noqa: DTZ011 - the clock CaseService uses
    workspace = create_demo_vault(tmp_path / "demo.fallakte", 40, kdf=FAST_KDF,
                                  keyring=MemoryKeyring().store(), today=today)
    try:
        ids = workspace.cases.query_ids(CaseQuery(district=District.KOELN))
        year = today.year
        used = [FileNumber.parse(r.file_number).number for r in workspace.cases.rows(ids)
                if r.intake_date.year == year]
        created = workspace.cases.create(CaseInput(
            person=PersonInput(family_name="Neu", given_names="Fall"),
            district=District.KOELN, track=CaseTrack.CASE_MANAGEMENT,
            intake_source=IntakeSource.PROACTIVE, intake_date=today))
        assert created.file_number == f"RRK-KLN-{year}-{max(used, default=0) + 1:05d}"
    finally:
        workspace.close()


def test_closed_cases_have_an_outcome_and_its_date(demo, rows) -> None:
    workspace, _summary = demo
    closed = [row for row in rows if row.status == CaseStatus.CLOSED]
    assert closed
    for row in closed[:15]:
        detail = workspace.cases.get(row.id)
        assert detail.outcome is not None
        assert detail.outcome_date is not None
        assert row.intake_date <= detail.outcome_date <= TODAY
        measures = workspace.cases.measures(row.id)
        assert all(m.status != MeasureStatus.OPEN for m in measures)
        kinds = {entry.kind for entry in workspace.cases.journal(row.id)}
        assert JournalKind.STATUS_CHANGE in kinds


def test_persons_look_like_the_real_mix(demo, rows) -> None:
    workspace, _summary = demo
    births = [row.birth_date for row in rows]
    year_only = sum(1 for b in births if b.startswith("00.00."))
    month_year = sum(1 for b in births if b.startswith("00.") and not b.startswith("00.00."))
    assert 0.05 < year_only / CASES < 0.3
    assert 0 < month_year / CASES < 0.15
    names = " ".join(row.name for row in rows)
    assert any(ord(ch) > 127 for ch in names)  # diacritics are there
    assert "ungeklärt" in {n for row in rows for n in row.nationalities.split(", ")}
    partners = workspace.partners.all(PartnerKind.ABH)
    assert len(partners) == 40
    assert {p.district for p in partners} == set(District)
    assert all(p.name.startswith("Ausländerbehörde ") for p in partners)
    assert sum(1 for row in rows if row.responsible_abh) > 0.8 * CASES


def test_the_data_are_marked_as_fictitious(demo, rows) -> None:
    workspace, _summary = demo
    with workspace.open_vault.unit_of_work(write=False) as uow:
        meta = dict(uow.session.execute(select(orm.VaultMeta.key, orm.VaultMeta.value)).all())
        references = uow.session.execute(
            select(orm.Case.intake_reference).where(orm.Case.intake_reference != "")
        ).scalars().all()
        summaries = uow.session.execute(select(orm.Case.summary)).scalars().all()
    assert meta["demo"] == "1"
    assert references
    assert all(ref.startswith("DEMO-") for ref in references)
    assert all(s.startswith("DEMODATEN") for s in summaries)


def test_search_folds_diacritics_on_demo_names(demo, rows) -> None:
    workspace, _summary = demo
    accented = sorted({row.name.split(",")[0] for row in rows
                       if any(ord(ch) > 127 for ch in row.name.split(",")[0])})
    assert len(accented) >= 3
    for family in accented[:8]:
        found = {r.name for r in workspace.cases.rows(
            workspace.cases.query_ids(CaseQuery(search=fold(family))))}
        assert any(name.startswith(family) for name in found), family
        plain = transliterate(family)  # e.g. Djordjevic, Oeztuerk, Sahin
        if fold(plain) == fold(family) or "oe" in plain.lower() or "ue" in plain.lower():
            found = {r.name for r in workspace.cases.rows(
                workspace.cases.query_ids(CaseQuery(search=plain)))}
            assert any(name.startswith(family) for name in found), plain


def test_aliases_of_demo_persons_are_searchable(demo, rows) -> None:
    workspace, _summary = demo
    checked = 0
    for row in rows:
        detail = workspace.cases.get(row.id)
        for alias in detail.person.aliases:
            ids = workspace.cases.query_ids(CaseQuery(search=f"{alias.family_name} "
                                                             f"{alias.given_names}"))
            assert row.id in ids
            checked += 1
        if checked >= 5:
            break
    assert checked >= 5


def test_one_audit_event_for_the_whole_build_and_the_chain_verifies(demo) -> None:
    workspace, _summary = demo
    report = workspace.open_vault.verify_audit()
    assert report.ok
    with workspace.open_vault.unit_of_work(write=False) as uow:
        actions = uow.session.execute(select(orm.AuditEvent.action)).scalars().all()
    assert actions.count("demo.generate") == 1
    assert report.count < 100  # not one event per row
    checks = {line.name: line for line in workspace.check()}
    assert checks["Prüfprotokoll (Hash-Kette)"].ok
    assert checks["integrity_check"].ok


def test_both_users_can_unlock_and_appear_as_authors(demo, rows) -> None:
    workspace, _summary = demo
    authors = set()
    for row in rows[:40]:
        authors |= {entry.author for entry in workspace.cases.journal(row.id)}
    assert authors == {"Demo-Sachbearbeitung", "Demo-Leitung"}
    names = {u.name for u in workspace.partners.users()}
    assert names == {DEMO_USER, LEAD_USER}


def test_indexes_end_as_the_migration_made_them(demo, tmp_path) -> None:
    workspace, _summary = demo
    fresh, _code = VaultService(tmp_path / "leer.fallakte", kdf=FAST_KDF,
                                keyring=MemoryKeyring().store()).create(
        user_name="anna", display_name="Anna", passphrase=PASSPHRASE)
    query = text("SELECT name, sql FROM sqlite_master WHERE type = 'index' ORDER BY name")
    try:
        with fresh.open_vault.unit_of_work(write=False) as uow:
            expected = uow.session.execute(query).all()
        with workspace.open_vault.unit_of_work(write=False) as uow:
            actual = uow.session.execute(query).all()
    finally:
        fresh.close()
    assert actual == expected


def _fingerprint(workspace):
    rows = workspace.cases.rows(workspace.cases.query_ids(CaseQuery()))
    return [(r.file_number, r.name, r.birth_date, r.nationalities, r.status, r.flags,
             r.responsible_abh, r.intake_date) for r in rows]


def test_the_same_seed_gives_the_same_data(tmp_path) -> None:
    prints = []
    for name, seed in (("a", 7), ("b", 7), ("c", 8)):
        workspace = create_demo_vault(tmp_path / f"{name}.fallakte", 60, seed=seed,
                                      kdf=FAST_KDF, keyring=MemoryKeyring().store(),
                                      today=TODAY)
        try:
            prints.append(_fingerprint(workspace))
        finally:
            workspace.close()
    assert prints[0] == prints[1]
    assert prints[0] != prints[2]


def test_progress_is_reported_and_cancelling_leaves_nothing_behind(tmp_path) -> None:
    seen: list[tuple[int, int, str]] = []
    progresses: list[Progress] = []

    def cancel_after_start(done: int, total: int, message: str) -> None:
        seen.append((done, total, message))
        progresses[0].cancel()  # as the cancel button would, from another thread

    progresses.append(Progress(cancel_after_start))
    path = tmp_path / "abbruch.fallakte"
    with pytest.raises(OperationCancelled):
        create_demo_vault(path, 50, kdf=FAST_KDF, keyring=MemoryKeyring().store(),
                          progress=progresses[0])
    assert seen
    assert not list(tmp_path.iterdir())


def test_progress_reaches_the_total(tmp_path) -> None:
    seen: list[tuple[int, int]] = []
    workspace = create_demo_vault(tmp_path / "p.fallakte", 30, kdf=FAST_KDF,
                                  keyring=MemoryKeyring().store(),
                                  progress=Progress(lambda d, t, _m: seen.append((d, t))))
    workspace.close()
    assert seen[0] == (0, 30)
    assert (30, 30) in seen


def test_demo_data_only_go_into_an_empty_vault(demo) -> None:
    workspace, _summary = demo
    with pytest.raises(UserFacingError, match="leeren Tresor"):
        build_demo(workspace, 10)


def test_the_demo_vault_opens_with_the_public_passphrase(tmp_path) -> None:
    path = tmp_path / "demo.fallakte"
    create_demo_vault(path, 5, kdf=FAST_KDF, keyring=MemoryKeyring().store()).close()
    for user in (DEMO_USER, LEAD_USER):
        workspace = VaultService(path, keyring=MemoryKeyring().store()).unlock_with_passphrase(
            user, DEMO_PASSPHRASE)
        assert workspace.user.name == user
        workspace.close()


def test_transliteration_gives_plain_ascii() -> None:
    assert transliterate("Đorđević") == "Djordjevic"
    assert transliterate("Öztürk") == "Oeztuerk"
    assert transliterate("Şahin") == "Sahin"
    assert transliterate("Weiß") == "Weiss"
    assert transliterate("Łukasz") == "Lukasz"


def test_demo_partners_have_addresses_and_contact_persons(demo) -> None:
    workspace, _summary = demo
    partners = workspace.partners.search("")
    invented = [p for p in partners if p.email.endswith(".example")]
    assert invented, "the demo brings invented partners"
    assert all(p.street and p.postcode and p.city for p in invented)
    with_contacts = [p for p in invented if workspace.partners.get(p.id).contacts]
    assert len(with_contacts) == len(invented)


# --- residence data: Duldungen, obstacles, external file numbers, documents, extras -------

def _all(workspace, model):
    with workspace.open_vault.unit_of_work(write=False) as uow:
        rows = uow.session.execute(select(model)).scalars().all()
        uow.session.expunge_all()
    return rows


def _statuses(rows) -> dict[str, CaseStatus]:
    return {row.id: row.status for row in rows}


def test_demo_duldungen_are_valid_and_some_expired_or_expiring(demo, rows) -> None:
    workspace, summary = demo
    duldungen = _all(workspace, orm.Duldung)
    assert len(duldungen) == summary.duldungen > 0
    for row in duldungen:
        data = DuldungInput(DuldungType(row.type), row.valid_from, row.valid_until, row.reason,
                            row.issued_by)
        assert validate_duldung(data) == {}, row
        assert row.reason
    status = _statuses(rows)
    open_cases = {i for i, s in status.items() if s in (CaseStatus.ACTIVE, CaseStatus.DORMANT)}
    with_duldung = {row.case_id for row in duldungen}
    assert 0.45 < len(with_duldung & open_cases) / len(open_cases) < 0.75
    assert not with_duldung & {i for i, s in status.items() if s == CaseStatus.INTAKE}
    latest: dict[str, date] = {}
    for row in duldungen:
        if row.case_id in open_cases and row.valid_until is not None:
            latest[row.case_id] = max(latest.get(row.case_id, row.valid_until), row.valid_until)
    expired = [d for d in latest.values() if is_expired(d, TODAY)]
    expiring = [d for d in latest.values() if duldung_warning(d, TODAY)]
    current = [d for d in latest.values() if d > TODAY + timedelta(days=28)]
    assert expired
    assert expiring
    assert len(current) > len(expired) + len(expiring)
    # The residence service sees them as the desk will.
    service = ResidenceService(workspace.open_vault, today=lambda: TODAY)
    case_id = next(i for i, d in latest.items() if duldung_warning(d, TODAY))
    assert any(view.expiring for view in service.duldungen(case_id))


def test_demo_obstacles_are_valid_for_a_share_of_cases(demo) -> None:
    workspace, summary = demo
    obstacles = _all(workspace, orm.Obstacle)
    assert len(obstacles) == summary.obstacles > 0
    per_case = Counter(row.case_id for row in obstacles)
    assert 0.25 * CASES < len(per_case) < 0.55 * CASES
    assert set(per_case.values()) <= {1, 2}
    for row in obstacles:
        data = ObstacleInput(ObstacleKind(row.kind), row.description, row.since, row.until,
                             row.resolved)
        assert validate_obstacle(data, TODAY) == {}, row
    assert any(row.resolved for row in obstacles)
    assert any(not row.resolved for row in obstacles)


def test_demo_external_references_are_marked_and_searchable(demo, rows) -> None:
    workspace, summary = demo
    references = _all(workspace, orm.ExternalReference)
    assert len(references) == summary.external_references > 0
    per_case = Counter(row.case_id for row in references)
    assert 0.65 * CASES < len(per_case) < 0.92 * CASES
    assert set(per_case.values()) <= {1, 2, 3}
    for row in references:
        assert "DEMO" in row.value, row.value
        assert validate_reference(ReferenceInput(ReferenceKind(row.kind), row.value,
                                                 row.authority)) == {}, row
    assert {row.kind for row in references} >= {"abh", "sta", "bamf"}
    numbers = {row.id: row.file_number for row in rows}
    abh = next(row for row in references if row.value.startswith("DEMO-ABH-"))
    found = workspace.cases.search(abh.value)
    assert numbers[abh.case_id] in {row.file_number for row in found}
    sta = next(row for row in references if row.value.startswith("DEMO-StA "))
    assert numbers[sta.case_id] in {row.file_number for row in workspace.cases.search(sta.value)}


def test_demo_identity_documents_are_valid_and_clearly_fake(demo) -> None:
    workspace, summary = demo
    documents = _all(workspace, orm.IdentityDocument)
    assert len(documents) == summary.identity_documents > 0
    assert 0.65 * CASES < len({row.person_id for row in documents}) < 0.95 * CASES
    for row in documents:
        assert not row.number or row.number.startswith("DEMO-"), row.number
        data = IdentityDocumentInput(DocumentKind(row.kind), PassportStatus(row.status),
                                     row.number, row.issuing_country, row.valid_until)
        assert validate_document(data, TODAY) == {}, row
    assert {row.status for row in documents} == {status.value for status in PassportStatus}


def test_demo_persons_have_languages_and_an_invented_address(demo) -> None:
    workspace, _summary = demo
    persons = _all(workspace, orm.Person)
    with_languages = [p for p in persons if p.languages]
    with_address = [p for p in persons if p.address]
    assert len(with_languages) > 0.75 * len(persons)
    assert len(with_address) > 0.7 * len(persons)
    for person in persons:
        assert validate_person_extras(person.languages, person.address) == {}
    for person in with_address:
        town = person.address.splitlines()[-1].split(" ", 1)[1]
        assert any(town.startswith(stem) for stem in TOWN_STEMS), person.address
    assert any("Landesaufnahmeeinrichtung" in p.address for p in with_address)
    assert any(parse_languages(p.languages) == ("ar", "fr") for p in with_languages)


def _residence_print(workspace):
    numbers = {r.id: r.file_number for r in
               workspace.cases.rows(workspace.cases.query_ids(CaseQuery()))}
    persons = {r.id: r.person_id for r in _all(workspace, orm.Case)}
    owner = {person: numbers[case] for case, person in persons.items()}
    return (
        sorted((numbers[r.case_id], r.type, r.valid_from, r.valid_until, r.reason)
               for r in _all(workspace, orm.Duldung)),
        sorted((numbers[r.case_id], r.kind, r.since, r.until, r.resolved)
               for r in _all(workspace, orm.Obstacle)),
        sorted((numbers[r.case_id], r.kind, r.value) for r in _all(workspace,
                                                                    orm.ExternalReference)),
        sorted((owner[r.person_id], r.kind, r.number, r.status)
               for r in _all(workspace, orm.IdentityDocument)),
        sorted((owner[p.id], p.languages, p.address) for p in _all(workspace, orm.Person)))


def test_the_same_seed_gives_the_same_residence_data(tmp_path) -> None:
    prints = []
    for name, seed in (("a", 11), ("b", 11), ("c", 12)):
        workspace = create_demo_vault(tmp_path / f"{name}.fallakte", 40, seed=seed,
                                      kdf=FAST_KDF, keyring=MemoryKeyring().store(),
                                      today=TODAY)
        try:
            prints.append(_residence_print(workspace))
        finally:
            workspace.close()
    assert prints[0] == prints[1]
    assert prints[0] != prints[2]


def test_some_requests_await_a_reply_some_overdue_some_received(demo) -> None:
    workspace, _summary = demo
    with workspace.open_vault.unit_of_work(write=False) as uow:
        entries = [(kind, due, received) for kind, due, received in uow.session.execute(
            select(orm.JournalEntry.kind, orm.JournalEntry.reply_due,
                   orm.JournalEntry.reply_received_on)
            .where(orm.JournalEntry.reply_due.is_not(None)))]
    assert {kind for kind, _due, _received in entries} <= {"call", "email", "letter"}
    awaited = [due for _kind, due, received in entries if received is None]
    assert any(due < TODAY for due in awaited)
    assert any(due >= TODAY for due in awaited)
    assert any(received is not None for _kind, _due, received in entries)
    desk = DeskService(workspace.open_vault, today=lambda: TODAY).build(limit=5000)
    replies = [i for s in desk.sections for i in s.items if i.kind == DeskItemKind.REPLY]
    assert replies


def test_demo_cases_have_attachments_that_open(demo) -> None:
    from desktop.domain import attachments as rules

    workspace, summary = demo
    with workspace.open_vault.unit_of_work(write=False) as uow:
        assert bulk.count(uow.session, orm.Attachment) == summary.attachments > 0
    first = workspace.cases.rows(workspace.cases.query_ids(CaseQuery()))[0]
    attachments = workspace.attachments.of_case(first.id)
    assert {a.media_type for a in attachments} >= {rules.PDF, rules.TEXT}
    assert all(a.filename.startswith("Demo-") for a in attachments)
    pdf = next(a for a in attachments if a.media_type == rules.PDF)
    assert workspace.attachments.content(pdf.id).startswith(b"%PDF-")


def test_demo_letters_are_registered_with_approvals_and_replies(demo) -> None:
    workspace, summary = demo
    letters = LetterService(workspace.open_vault, today=lambda: TODAY)
    register = letters.register()
    assert 0 < len(register) == summary.letters <= 30
    assert letters.letterhead().authority == "Bezirksregierung Düsseldorf"
    assert len(letters.text_modules()) >= 10
    weisungen = [r for r in register if r.kind == LetterKind.INSTRUCTION]
    assert weisungen
    assert all(r.approved_by == "Demo-Leitung" for r in weisungen)
    first = register[-1]
    assert letters.pdf(first.letter_id).startswith(b"%PDF")
    with workspace.open_vault.unit_of_work(write=False) as uow:
        dues = [due for due, received in uow.session.execute(
            select(orm.JournalEntry.reply_due, orm.JournalEntry.reply_received_on)
            .where(orm.JournalEntry.kind == "letter", orm.JournalEntry.reply_due.is_not(None),
                   orm.JournalEntry.subject.like("% Nr. PA-%"))) if received is None]
        # A reply that came in also closed the letter's Frist; an awaited one keeps it open.
        reminders: dict[str, object] = {}
        for title, done in uow.session.execute(
                select(orm.Reminder.title, orm.Reminder.done_at)
                .where(orm.Reminder.title.like("Antwort auf % Nr. PA-%"))):
            reminders[title] = done
        entries = uow.session.execute(
            select(orm.JournalEntry.subject, orm.JournalEntry.reply_received_on)
            .where(orm.JournalEntry.kind == "letter",
                   orm.JournalEntry.reply_due.is_not(None))).all()
    received = [s for s, on in entries if on is not None]
    assert received
    for subject, on in entries:
        number = subject.split(" Nr. ")[1].split(" ")[0]
        [done] = [d for t, d in reminders.items() if t.endswith(f"Nr. {number}")]
        assert (done is not None) == (on is not None), subject
    assert any(due < TODAY for due in dues)
