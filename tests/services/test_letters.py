"""LetterService on a real (encrypted) vault: drafts, placeholders, finalising into the
register with journal entry and Frist, immutability (service and database), four eyes,
corrections, checked PDFs, audited exports, batches on 2 processes, case summaries."""

from __future__ import annotations

import hashlib
import json
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from desktop.domain import deadlines
from desktop.domain.cases import CaseInput, PersonInput
from desktop.domain.dates import PartialDate
from desktop.domain.enums import (
    CaseTrack,
    District,
    IntakeSource,
    JournalKind,
    MeasureOwner,
    PartnerKind,
    ReminderKind,
    Role,
)
from desktop.domain.letters import Letterhead, LetterKind, TextModule
from desktop.domain.partners import ContactInput, PartnerInput
from desktop.domain.residence import ReferenceInput, ReferenceKind
from desktop.domain.summary import SummaryProfile
from desktop.errors import (
    InvalidInputError,
    NotFoundError,
    PermissionDeniedError,
    StaleDataError,
    UserFacingError,
)
from desktop.services.cases import MeasureInput
from desktop.services.export import ExportTargetExistsError
from desktop.services.letter_models import (
    ApprovalRequiredError,
    DamagedLetterError,
    LetterFrozenError,
)
from desktop.services.letters import LetterEdit, LetterService, LetterStatus, LetterView
from desktop.services.progress import Progress
from desktop.services.workspace import VaultService, Workspace
from desktop.storage import orm
from tests.storage.helpers import audit_events
from tests.support import FAST_KDF, PASSPHRASE, MemoryKeyring, new_workspace

TODAY = date(2026, 11, 24)


@pytest.fixture
def workspace(tmp_path):
    ws = new_workspace(tmp_path, District.KOELN)
    head = ws.letters.letterhead()
    ws.letters.save_letterhead(replace(head, phone="0221 147-0", email="rrk@example.org"))
    yield ws
    if ws.is_open:
        ws.close()


def service(workspace: Workspace, today: date = TODAY) -> LetterService:
    return LetterService(workspace.open_vault, today=lambda: today)


def abh(workspace: Workspace, name: str = "Stadt Köln – Ausländerbehörde", *,
        street: str = "Willy-Brandt-Platz 3", contact: str = "Frau Beispiel") -> str:
    partner = workspace.partners.create(
        PartnerInput(PartnerKind.ABH, name, district=District.KOELN, street=street,
                     postcode="50679" if street else "", city="Köln" if street else ""),
        (ContactInput(contact),) if contact else ())
    return partner.id


def new_case(workspace: Workspace, family: str = "Kovačević", *, abh_id: str | None = None,
             reference: str | None = "ABH-123/45") -> str:
    case = workspace.cases.create(CaseInput(
        person=PersonInput(family, "Dragan", birth_date=PartialDate(1990, 5, 17),
                           nationalities=("RS",)),
        district=District.KOELN, track=CaseTrack.CASE_MANAGEMENT,
        intake_source=IntakeSource.ABH_SUBMISSION, intake_date=date(2026, 1, 5),
        responsible_abh_id=abh_id))
    if reference:
        workspace.residence.add_reference(case.id, ReferenceInput(ReferenceKind.ABH, reference,
                                                                   "Stadt Köln"))
    return case.id


def edit_of(letter: LetterView, **changes: object) -> LetterEdit:
    edit = LetterEdit(recipient=letter.recipient,
                      recipient_partner_id=letter.recipient_partner_id,
                      their_reference=letter.their_reference, subject=letter.subject,
                      paragraphs=letter.paragraphs, enclosures=letter.enclosures,
                      reply_deadline=letter.reply_deadline)
    return replace(edit, **changes)


def events(workspace: Workspace, prefix: str) -> list:
    return [e for e in audit_events(workspace.open_vault) if e.action.startswith(prefix)]


def details(event) -> dict:
    return json.loads(event.details)


def session(workspace: Workspace) -> Session:
    engine = workspace.open_vault.engine
    assert engine is not None
    return Session(engine)


def switch_user(workspace: Workspace, name: str) -> Workspace:
    path = workspace.path
    workspace.close()
    return VaultService(path, kdf=FAST_KDF,
                        keyring=MemoryKeyring().store()).unlock_with_passphrase(name, PASSPHRASE)


# --- drafts, placeholders, finalising --------------------------------------------------------

def test_draft_update_problems_finalise(workspace: Workspace) -> None:
    letters = service(workspace)
    case_id = new_case(workspace, abh_id=abh(workspace), reference=None)
    draft = letters.create_draft(case_id, LetterKind.STATUS_REQUEST)
    assert draft.status == LetterStatus.DRAFT
    assert draft.recipient.name == "Stadt Köln – Ausländerbehörde"
    assert draft.recipient.department == "z. Hd. Frau Beispiel"
    assert draft.author == "Anna Beispiel"
    assert draft.reply_deadline == deadlines.deadline_end(TODAY, days=21)
    assert "{person.name}" in draft.subject

    # No ABH file number: the placeholder has no value, so finalising is refused.
    problems = letters.problems(draft.id)
    assert "case.abh_reference" in " ".join(problems.values())
    with pytest.raises(InvalidInputError):
        letters.finalise(draft.id, draft.version)
    assert b"%PDF" in letters.preview(draft.id)[:8]  # a draft always renders

    updated = letters.update_draft(draft.id, draft.version,
                                   edit_of(draft, their_reference="ABH-77/26",
                                           enclosures=("Kopie des Passes",)))
    assert updated.version > draft.version
    with pytest.raises(StaleDataError):
        letters.update_draft(draft.id, draft.version, edit_of(draft))
    assert letters.problems(draft.id) == {}

    final = letters.finalise(draft.id, updated.version)
    assert final.status == LetterStatus.FINAL
    assert final.register_number == "PA-2026-00001"
    assert final.letter_date == TODAY
    assert "Dragan Kovačević" in final.subject
    assert "{" not in final.subject
    assert final.sha256 == hashlib.sha256(letters.pdf(final.id)).hexdigest()

    [entry] = workspace.cases.journal(case_id, JournalKind.LETTER)
    assert entry.subject == ("Sachstandsanfrage Nr. PA-2026-00001 an Stadt Köln – "
                             "Ausländerbehörde")
    assert entry.reply_due == final.reply_deadline
    with workspace.open_vault.unit_of_work() as uow:  # the entry links its letter
        row = uow.session.get(orm.JournalEntry, entry.id)
        assert row is not None
        assert row.letter_id == final.id
    [frist] = [r for r in workspace.cases.reminders(case_id)
               if r.kind == ReminderKind.DEADLINE]
    assert frist.due_date == final.reply_deadline
    assert "PA-2026-00001" in frist.title
    [event] = events(workspace, "letter.finalise")
    assert details(event)["register_number"] == "PA-2026-00001"
    assert details(event)["sha256"] == final.sha256
    assert details(event)["kind"] == "status_request"
    assert "Kovačević" not in json.dumps(details(event), ensure_ascii=False)
    [row] = letters.register()
    assert (row.register_number, row.file_number, row.approved_by) == (
        "PA-2026-00001", final.file_number, None)
    assert letters.register(search="köln")[0].letter_id == final.id
    assert letters.register(search="nichts dergleichen") == []


def test_unknown_case_and_partner(workspace: Workspace) -> None:
    letters = service(workspace)
    with pytest.raises(NotFoundError):
        letters.create_draft("nope", LetterKind.FREE)
    case_id = new_case(workspace)
    with pytest.raises(InvalidInputError):
        letters.create_draft(case_id, LetterKind.FREE, recipient_partner_id="nope")
    draft = letters.create_draft(case_id, LetterKind.FREE)  # no ABH: no recipient yet
    assert "recipient" in letters.problems(draft.id)
    letters.delete_draft(draft.id, draft.version)
    assert letters.letters_of(case_id) == []


def test_a_final_letter_never_changes(workspace: Workspace) -> None:
    letters = service(workspace)
    case_id = new_case(workspace, abh_id=abh(workspace))
    draft = letters.create_draft(case_id, LetterKind.PROPOSAL)
    final = letters.finalise(draft.id, draft.version)
    with pytest.raises(LetterFrozenError):
        letters.update_draft(final.id, final.version, edit_of(final, subject="Anders"))
    with pytest.raises(LetterFrozenError):
        letters.delete_draft(final.id, final.version)
    with pytest.raises(LetterFrozenError):
        letters.finalise(final.id, final.version)

    # The database refuses it too.
    for statement in ("UPDATE letters SET subject = 'x' WHERE id = :id",
                      "UPDATE letters SET status = 'draft' WHERE id = :id",
                      "UPDATE letters SET deleted_at = '2026-01-01' WHERE id = :id",
                      "DELETE FROM letters WHERE id = :id",
                      "UPDATE letter_documents SET pdf = x'00' WHERE letter_id = :id",
                      "DELETE FROM letter_documents WHERE letter_id = :id"):
        with session(workspace) as db, pytest.raises(IntegrityError):
            db.execute(text(statement), {"id": final.id})
    assert letters.pdf(final.id)
    assert letters.get(final.id).subject == final.subject


def test_damaged_pdf_is_noticed(workspace: Workspace) -> None:
    letters = service(workspace)
    case_id = new_case(workspace, abh_id=abh(workspace))
    draft = letters.create_draft(case_id, LetterKind.FREE)
    final = letters.finalise(draft.id, draft.version)
    with session(workspace) as db:
        db.execute(text("DROP TRIGGER letter_documents_no_update"))
        db.execute(text("UPDATE letter_documents SET pdf = x'255044460a' WHERE letter_id = :id"),
                   {"id": final.id})
        db.commit()
    with pytest.raises(DamagedLetterError):
        letters.pdf(final.id)


def test_export_is_atomic_and_audited(workspace: Workspace, tmp_path: Path) -> None:
    letters = service(workspace)
    case_id = new_case(workspace, abh_id=abh(workspace))
    draft = letters.create_draft(case_id, LetterKind.FREE)
    with pytest.raises(UserFacingError):
        letters.export_pdf(draft.id, tmp_path / "x.pdf")  # not final yet
    final = letters.finalise(draft.id, draft.version)
    target = tmp_path / "out" / "brief.pdf"
    with pytest.raises(UserFacingError):
        letters.export_pdf(final.id, target)  # no such folder
    target.parent.mkdir()
    assert letters.export_pdf(final.id, target) == target
    assert target.read_bytes() == letters.pdf(final.id)
    assert not [p for p in target.parent.iterdir() if p.name.endswith(".tmp")]
    with pytest.raises(ExportTargetExistsError):
        letters.export_pdf(final.id, target)
    letters.export_pdf(final.id, target, overwrite=True)
    [first, _second] = events(workspace, "letter.export")
    assert details(first)["register_number"] == final.register_number


# --- four eyes -------------------------------------------------------------------------------

def test_four_eyes_for_a_weisung(workspace: Workspace) -> None:
    workspace.add_user("lea", "Lea Leitung", Role.LEAD, PASSPHRASE, FAST_KDF)
    workspace.add_user("ben", "Ben Beispiel", Role.CASEWORKER, PASSPHRASE, FAST_KDF)
    letters = service(workspace)
    assert letters.four_eyes()
    with pytest.raises(PermissionDeniedError):
        letters.set_four_eyes(False)  # a caseworker may not switch it off
    case_id = new_case(workspace, abh_id=abh(workspace))
    draft = letters.create_draft(case_id, LetterKind.INSTRUCTION)
    with pytest.raises(ApprovalRequiredError):
        letters.finalise(draft.id, draft.version)
    asked = letters.request_approval(draft.id, draft.version)
    assert asked.status == LetterStatus.AWAITING_APPROVAL
    with pytest.raises(PermissionDeniedError):
        letters.approve(asked.id, asked.version)  # the author (and no Leitung)

    workspace = switch_user(workspace, "ben")
    with pytest.raises(PermissionDeniedError):
        service(workspace).approve(asked.id, asked.version)  # a caseworker

    workspace = switch_user(workspace, "lea")
    lead = service(workspace)
    returned = lead.return_for_changes(asked.id, asked.version, "Bitte Frist verkürzen.")
    assert (returned.status, returned.review_note) == (LetterStatus.DRAFT,
                                                       "Bitte Frist verkürzen.")

    workspace = switch_user(workspace, "anna")
    letters = service(workspace)
    asked = letters.request_approval(returned.id, returned.version)

    workspace = switch_user(workspace, "lea")
    approved = service(workspace).approve(asked.id, asked.version)
    assert (approved.status, approved.approved_by) == (LetterStatus.APPROVED, "Lea Leitung")

    workspace = switch_user(workspace, "anna")
    letters = service(workspace)
    final = letters.finalise(approved.id, approved.version)
    assert final.approved_by == "Lea Leitung"
    [row] = letters.register()
    assert (row.approved_by, row.author) == ("Lea Leitung", "Anna Beispiel")
    [event] = events(workspace, "letter.approve")
    assert event.actor_name == "lea"
    [finalised] = events(workspace, "letter.finalise")
    assert details(finalised)["approved_by"] == details(event)["approved_by"]
    workspace.close()


def test_editing_withdraws_an_approval_and_four_eyes_can_be_switched_off(
        workspace: Workspace) -> None:
    workspace.add_user("lea", "Lea Leitung", Role.LEAD, PASSPHRASE, FAST_KDF)
    case_id = new_case(workspace, abh_id=abh(workspace))
    draft = service(workspace).create_draft(case_id, LetterKind.INSTRUCTION)
    asked = service(workspace).request_approval(draft.id, draft.version)
    workspace = switch_user(workspace, "lea")
    approved = service(workspace).approve(asked.id, asked.version)
    service(workspace).set_four_eyes(False)
    workspace = switch_user(workspace, "anna")
    letters = service(workspace)
    assert not letters.four_eyes()
    edited = letters.update_draft(approved.id, approved.version,
                                  edit_of(approved, enclosures=("Anlage",)))
    assert (edited.status, edited.approved_by) == (LetterStatus.DRAFT, None)
    assert letters.finalise(edited.id, edited.version).status == LetterStatus.FINAL
    workspace.close()


# --- corrections, numbering ------------------------------------------------------------------

def test_correction_supersedes_the_old_letter(workspace: Workspace) -> None:
    letters = service(workspace)
    case_id = new_case(workspace, abh_id=abh(workspace))
    draft = letters.create_draft(case_id, LetterKind.PROPOSAL)
    first = letters.finalise(draft.id, draft.version)
    first_pdf = letters.pdf(first.id)
    correction = letters.correct(first.id)
    assert (correction.status, correction.previous_id) == (LetterStatus.DRAFT, first.id)
    assert correction.subject == first.subject
    with pytest.raises(UserFacingError):
        letters.correct(first.id)  # one correction at a time
    assert letters.get(first.id).status == LetterStatus.FINAL  # until the new one is final
    second = letters.finalise(correction.id, correction.version)
    assert letters.get(first.id).status == LetterStatus.SUPERSEDED
    assert letters.pdf(first.id) == first_pdf
    with pytest.raises(UserFacingError):
        letters.correct(first.id)
    rows = {r.register_number: r for r in letters.register()}
    assert rows[second.register_number].corrects == first.register_number
    assert [v.id for v in letters.letters_of(case_id)] == [second.id, first.id]


def test_register_numbers_run_per_year(workspace: Workspace) -> None:
    case_id = new_case(workspace, abh_id=abh(workspace))
    numbers = []
    for day in (date(2026, 12, 29), date(2026, 12, 30), date(2027, 1, 4)):
        letters = service(workspace, day)
        draft = letters.create_draft(case_id, LetterKind.FREE)
        numbers.append(letters.finalise(draft.id, draft.version).register_number)
    assert numbers == ["PA-2026-00001", "PA-2026-00002", "PA-2027-00001"]
    letters = service(workspace)
    assert [r.register_number for r in letters.register(year=2026)] == [
        "PA-2026-00002", "PA-2026-00001"]


# --- settings --------------------------------------------------------------------------------

def test_letterhead_and_text_modules(workspace: Workspace) -> None:
    letters = service(workspace)
    head = letters.letterhead()
    assert head.authority == "Bezirksregierung Köln"
    with pytest.raises(InvalidInputError):
        letters.save_letterhead(replace(head, logo=b"not an image"))
    saved = letters.save_letterhead(replace(head, phone="0221 147-2"))
    assert letters.letterhead() == saved
    assert events(workspace, "letterhead.save")

    defaults = letters.text_modules(LetterKind.INSTRUCTION)
    assert "instruction.intro" in {m.key for m in defaults}
    with pytest.raises(InvalidInputError) as error:
        letters.save_text_module(TextModule("own.text", "Eigener", frozenset({LetterKind.FREE}),
                                            "Hallo {unbekannt}"))
    assert "body" in error.value.problems
    letters.save_text_module(TextModule("own.text", "Eigener", frozenset({LetterKind.FREE}),
                                        "Betrifft {person.name}."))
    assert "own.text" in {m.key for m in letters.text_modules(LetterKind.FREE)}
    assert "own.text" not in {m.key for m in letters.text_modules(LetterKind.PROPOSAL)}
    letters.delete_text_module("proposal.measures")
    case_id = new_case(workspace, abh_id=abh(workspace))
    draft = letters.create_draft(case_id, LetterKind.PROPOSAL)
    assert len(draft.paragraphs) == 3  # the deleted module is left out


# --- batch -----------------------------------------------------------------------------------

def test_batch_on_two_processes(workspace: Workspace) -> None:
    letters = service(workspace)
    authority = abh(workspace)
    cases = [new_case(workspace, f"Beispiel{n}", abh_id=authority) for n in range(4)]
    without = new_case(workspace, "Ohneamt")
    done = Progress()
    seen: list[tuple[int, int]] = []
    progress = Progress(lambda d, t, _text: seen.append((d, t)))
    result = letters.batch(LetterKind.STATUS_REQUEST, [*cases, without], progress=progress)
    assert not result.cancelled
    assert len(result.letters) == 4
    assert [r[1] for r in result.skipped] == ["Keine zuständige Ausländerbehörde eingetragen."]
    numbers = sorted(v.register_number or "" for v in result.letters)
    assert numbers == [f"PA-2026-{n:05d}" for n in range(1, 5)]
    for view in result.letters:
        assert view.status == LetterStatus.FINAL
        assert hashlib.sha256(letters.pdf(view.id)).hexdigest() == view.sha256
    assert seen
    assert not done.cancelled
    assert len(events(workspace, "letter.finalise")) == 4
    [batch] = events(workspace, "letter.batch")
    assert details(batch)["skipped"] == 1
    with pytest.raises(ApprovalRequiredError):
        letters.batch(LetterKind.INSTRUCTION, cases)


def test_batch_cancel_registers_only_what_is_done(workspace: Workspace) -> None:
    letters = service(workspace)
    authority = abh(workspace)
    cases = [new_case(workspace, f"Abbruch{n}", abh_id=authority, reference=f"A-{n}")
             for n in range(3)]
    calls = iter([False, True])
    result = letters.batch(LetterKind.PROPOSAL, cases, cancel=lambda: next(calls, True))
    assert result.cancelled
    assert 1 <= len(result.letters) < 3
    assert len(letters.register()) == len(result.letters)


def test_overdue_status_request_cases(workspace: Workspace) -> None:
    case_id = new_case(workspace, abh_id=abh(workspace))
    other = new_case(workspace, "Rrk")
    workspace.cases.add_measure(case_id, MeasureInput("Passersatz", MeasureOwner.ABH,
                                                      due_date=TODAY - timedelta(days=3)))
    workspace.cases.add_measure(other, MeasureInput("Beratung", MeasureOwner.RRK,
                                                    due_date=TODAY - timedelta(days=3)))
    assert service(workspace).overdue_status_request_cases() == [case_id]


# --- other documents -------------------------------------------------------------------------

def test_case_summary_profiles_are_audited(workspace: Workspace, tmp_path: Path) -> None:
    letters = service(workspace)
    case_id = new_case(workspace, abh_id=abh(workspace))
    for profile in SummaryProfile:
        assert letters.case_summary(case_id, profile).startswith(b"%PDF")
    target = letters.export_case_summary(case_id, SummaryProfile.POLICE, tmp_path / "f.pdf")
    assert target.read_bytes().startswith(b"%PDF")
    exported = events(workspace, "case_summary.export")
    assert [details(e)["profile"] for e in exported] == ["abh", "police", "social", "police"]


def test_draft_for_cli(workspace: Workspace) -> None:
    letters = service(workspace)
    case_id = new_case(workspace, abh_id=abh(workspace))
    number = workspace.cases.get(case_id).file_number
    pdf = letters.draft_for_cli(number, LetterKind.CUSTODY_NOTICE)
    assert pdf.startswith(b"%PDF")
    assert letters.register() == []
    assert letters.letters_of(case_id) == []
    [event] = events(workspace, "letter.draft_export")
    assert details(event) == {"kind": "custody_notice", "via": "cli"}
    with pytest.raises(NotFoundError):
        letters.draft_for_cli("RRK-KLN-2026-09999", LetterKind.FREE)
    bare = workspace.cases.get(new_case(workspace, "Ohne")).file_number
    with pytest.raises(UserFacingError, match="keine zuständige"):
        letters.draft_for_cli(bare, LetterKind.FREE)
    no_address = new_case(workspace, "Adresslos",
                          abh_id=abh(workspace, "Kreis Ohneort", street="", contact=""))
    with pytest.raises(UserFacingError, match="Anschrift"):
        letters.draft_for_cli(workspace.cases.get(no_address).file_number, LetterKind.FREE)


def test_workspace_has_the_letters(workspace: Workspace) -> None:
    assert isinstance(workspace.letters, LetterService)
    assert orm.Letter.__tablename__ == "letters"
    assert Letterhead(authority="x").return_address() == "x"


# --- links to the desk and to custody -------------------------------------------------------

def test_a_received_reply_closes_the_letters_frist(workspace: Workspace) -> None:
    letters = service(workspace)
    case_id = new_case(workspace, abh_id=abh(workspace))
    draft = letters.create_draft(case_id, LetterKind.STATUS_REQUEST)
    letters.finalise(draft.id, draft.version)
    [frist] = [r for r in workspace.cases.reminders(case_id)
               if r.kind is ReminderKind.DEADLINE]
    assert not frist.done
    [entry] = [e for e in workspace.cases.journal(case_id) if e.reply_due is not None]
    workspace.cases.mark_reply_received(entry.id)
    [frist] = [r for r in workspace.cases.reminders(case_id)
               if r.kind is ReminderKind.DEADLINE]
    assert frist.done  # the reply came: the Frist no longer shows as due or overdue
    assert details(events(workspace, "journal.reply_received")[-1])["deadlines_closed"] == 1


def test_a_final_custody_notice_is_recorded_with_the_custody_record(
        workspace: Workspace) -> None:
    from desktop.domain.custody import Sentence
    from desktop.services.custody_models import CustodyInputForm, DetentionKind

    letters = service(workspace)
    case_id = new_case(workspace, abh_id=abh(workspace))
    jva = workspace.partners.create(PartnerInput(
        PartnerKind.JVA, "JVA Beispielstadt", district=District.KOELN, street="Am Tor 1",
        postcode="50000", city="Köln"), ()).id
    record = workspace.custody.save(case_id, CustodyInputForm(
        facility_partner_id=jva, booking_number="B 1/26", prosecutor_reference="StA 1 Js 1/26",
        detention_kind=DetentionKind.STRAFHAFT, start=date(2026, 6, 1), credited_days=0,
        sentences=(Sentence(years=2),)))
    assert record.notices == ()
    draft = letters.create_draft(case_id, LetterKind.CUSTODY_NOTICE)
    assert letters.problems(draft.id) == {}
    final = letters.finalise(draft.id, draft.version)
    custody = workspace.custody.of_case(case_id)
    assert custody is not None
    [notice] = custody.notices
    assert (notice.letter_id, notice.sent_on) == (final.id, TODAY)
