"""ORM rows → read models (the one place that knows both shapes)."""

from __future__ import annotations

from datetime import date

from desktop.domain.cases import ALLOWED_TRANSITIONS
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
    PartnerKind,
    ReminderKind,
    Role,
)
from desktop.domain.intake import decode_details
from desktop.services.read_models import (
    AliasView,
    CaseDetail,
    FlagView,
    JournalView,
    MeasureView,
    PartnerRef,
    PersonView,
    ReminderView,
    UserRef,
)
from desktop.storage import orm


def user_ref(row: orm.User) -> UserRef:
    return UserRef(row.id, row.name, row.display_name, Role(row.role))


def partner_ref(row: orm.Partner) -> PartnerRef:
    return PartnerRef(row.id, PartnerKind(row.kind), row.name, row.short_name,
                      District(row.district) if row.district else None)


def person_view(row: orm.Person) -> PersonView:
    return PersonView(
        id=row.id, version=row.version, family_name=row.family_name,
        given_names=row.given_names, birth_name=row.birth_name, birth_date=row.birth_date,
        birth_place=row.birth_place,
        nationalities=tuple(n.code for n in row.nationalities if n.deleted_at is None),
        azr_number=row.azr_number,
        aliases=tuple(AliasView(a.id, a.family_name, a.given_names, a.birth_date)
                      for a in row.aliases if a.deleted_at is None),
        languages=row.languages, address=row.address, birth_country=row.birth_country,
    )


def case_detail(row: orm.Case) -> CaseDetail:
    status = CaseStatus(row.status)
    return CaseDetail(
        id=row.id, version=row.version, file_number=row.file_number,
        district=District(row.district), track=CaseTrack(row.track), status=status,
        outcome=CaseOutcome(row.outcome) if row.outcome else None,
        outcome_date=row.outcome_date, intake_source=IntakeSource(row.intake_source),
        intake_date=row.intake_date, intake_reference=row.intake_reference,
        responsible_abh=partner_ref(row.responsible_abh) if row.responsible_abh else None,
        caseworker=user_ref(row.caseworker) if row.caseworker else None,
        summary=row.summary,
        flags=tuple(FlagView(CaseFlag(f.flag), f.since, f.until)
                    for f in row.flags if f.deleted_at is None),
        person=person_view(row.person), created_at=row.created_at, updated_at=row.updated_at,
        allowed_statuses=tuple(sorted(ALLOWED_TRANSITIONS[status], key=list(CaseStatus).index)),
        intake_details=_intake_details(row.intake_details),
    )


def _intake_details(text: str) -> tuple[tuple[str, str], ...]:
    try:
        return tuple(sorted(decode_details(text).items()))
    except ValueError:  # damaged JSON (json.JSONDecodeError is a ValueError): show none
        return ()


def measure_view(row: orm.Measure, today: date) -> MeasureView:
    status = MeasureStatus(row.status)
    overdue = status == MeasureStatus.OPEN and row.due_date is not None and row.due_date < today
    return MeasureView(
        id=row.id, version=row.version, case_id=row.case_id, title=row.title,
        owner=MeasureOwner(row.owner),
        owner_partner=partner_ref(row.owner_partner) if row.owner_partner else None,
        due_date=row.due_date, status=status, result=row.result, done_on=row.done_on,
        overdue=overdue)


def reminder_view(row: orm.Reminder) -> ReminderView:
    return ReminderView(row.id, row.case_id, ReminderKind(row.kind), row.title, row.due_date,
                        row.due_time, row.early_warning, row.done_at is not None)


def journal_view(row: orm.JournalEntry) -> JournalView:
    return JournalView(row.id, row.case_id, JournalKind(row.kind), row.occurred_at,
                       row.author.display_name if row.author else "System", row.subject,
                       row.text, row.reply_due, row.reply_received_on)
