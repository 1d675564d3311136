"""What letters and case summaries take from a case: placeholder values, the recipient from
the partner directory, the letterhead setting, and the CaseSummary snapshot."""

from __future__ import annotations

import base64
import binascii
import json
from datetime import date
from typing import Any

from desktop.domain.enums import (
    CaseFlag,
    CaseStatus,
    CaseTrack,
    District,
    JournalKind,
    MeasureOwner,
)
from desktop.domain.letters import Letterhead, Recipient
from desktop.domain.nationalities import nationality_name
from desktop.domain.residence import DuldungType, ObstacleKind, parse_languages
from desktop.domain.summary import (
    CaseSummary,
    SummaryCustody,
    SummaryDuldung,
    SummaryJournalEntry,
    SummaryMeasure,
    SummaryObstacle,
    SummaryPerson,
)
from desktop.storage import orm
from desktop.storage.repositories import custody as custody_repo
from desktop.storage.repositories import letters as repo
from desktop.storage.repositories import records
from desktop.storage.repositories import residence as residence_repo

LETTERHEAD_KEY = "letters.letterhead"
DEPARTMENT = "Regionale Rückkehrkoordinationsstelle (RRK)"
RECENT_JOURNAL = 8


def person_name(person: orm.Person) -> str:
    """Given names, then family name (as a letter names a person)."""
    return " ".join(p.strip() for p in (person.given_names, person.family_name) if p.strip())


def case_values(session: Any, case: orm.Case) -> dict[str, str]:
    """Placeholder values of the case and its person (only those that have a value)."""
    person = case.person
    nationalities = [nationality_name(n.code) for n in person.nationalities
                     if n.deleted_at is None]
    values = {
        "person.name": person_name(person),
        "person.family_name": person.family_name.strip(),
        "person.given_names": person.given_names.strip(),
        "person.birth_date": person.birth_date.format() if person.birth_date else "",
        "person.nationality": ", ".join(nationalities),
        "case.file_number": case.file_number,
        "case.abh_reference": repo.abh_reference(session, case.id),
        **custody_values(session, case.id),
    }
    return {key: value for key, value in values.items() if value.strip()}


def _custody(session: Any, case_id: str
             ) -> tuple[orm.CustodyRecord, dict[str, date | None]] | None:
    """The case's open custody record and its effective dates by kind, or None."""
    record = custody_repo.open_record_of_case(session, case_id)
    if record is None:
        return None
    confirmed = custody_repo.live_confirmations(session, [record.id]).get(record.id, {})
    columns = {"end": "end_date", "half_456a": "half_456a_date", "release_day": "release_day",
               "two_thirds": "two_thirds_date"}
    dates: dict[str, date | None] = {
        kind: confirmed[kind].day if kind in confirmed else getattr(record, column)
        for kind, column in columns.items()}
    return record, dates


def _expected_release(record: orm.CustodyRecord, dates: dict[str, date | None]) -> date | None:
    """§ 456a half where the StA granted it, else the release day (or the end)."""
    if record.decision_456a == "granted" and dates["half_456a"] is not None:
        return dates["half_456a"]
    return dates["release_day"] or dates["end"]


def custody_values(session: Any, case_id: str) -> dict[str, str]:
    """``custody.facility`` and ``custody.release_date`` from the case's open record."""
    found = _custody(session, case_id)
    if found is None:
        return {}
    record, dates = found
    facility = (session.get(orm.Partner, record.facility_partner_id)
                if record.facility_partner_id else None)
    release = _expected_release(record, dates)
    return {"custody.facility": facility.name if facility is not None else "",
            "custody.release_date": release.strftime("%d.%m.%Y") if release else ""}


def custody_summary(session: Any, case_id: str) -> SummaryCustody | None:
    found = _custody(session, case_id)
    if found is None:
        return None
    record, dates = found
    facility = (session.get(orm.Partner, record.facility_partner_id)
                if record.facility_partner_id else None)
    return SummaryCustody(facility=facility.name if facility is not None else "",
                          since=record.start, expected_release=_expected_release(record, dates),
                          two_thirds=dates["two_thirds"])


def recipient_of(session: Any, partner: orm.Partner | None) -> Recipient:
    """The address of ``partner`` (with its first contact person, if any); empty for None."""
    if partner is None:
        return Recipient(name="")
    contact = repo.first_contact(session, partner.id)
    return Recipient(name=partner.name, department=f"z. Hd. {contact.name}" if contact else "",
                     street=partner.street, postcode=partner.postcode, city=partner.city)


# --- letterhead ---------------------------------------------------------------------------

def encode_letterhead(head: Letterhead) -> str:
    data = {"authority": head.authority, "department": head.department, "street": head.street,
            "postcode": head.postcode, "city": head.city, "phone": head.phone,
            "email": head.email,
            "logo": base64.b64encode(head.logo).decode("ascii") if head.logo else None}
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def decode_letterhead(text: str) -> Letterhead | None:
    try:
        data = json.loads(text)
        logo = base64.b64decode(data["logo"], validate=True) if data.get("logo") else None
        return Letterhead(authority=str(data["authority"]),
                          department=str(data.get("department", "")),
                          street=str(data.get("street", "")),
                          postcode=str(data.get("postcode", "")),
                          city=str(data.get("city", "")), phone=str(data.get("phone", "")),
                          email=str(data.get("email", "")), logo=logo)
    except (ValueError, KeyError, TypeError, binascii.Error):
        return None


def letterhead(session: Any) -> Letterhead:
    """The vault's letterhead, or a default from its district's Bezirksregierung."""
    stored = repo.meta(session, LETTERHEAD_KEY)
    if stored is not None and (head := decode_letterhead(stored)) is not None:
        return head
    code = records.meta(session, "district")
    district = District(code) if code in {d.value for d in District} else None
    partner = repo.district_authority(session, district.value) if district else None
    if partner is not None:
        return Letterhead(authority=partner.name, department=DEPARTMENT,
                          street=partner.street, postcode=partner.postcode, city=partner.city,
                          phone=partner.phone, email=partner.email)
    authority = f"Bezirksregierung {district.label}" if district else "Bezirksregierung"
    return Letterhead(authority=authority, department=DEPARTMENT)


# --- case summary -------------------------------------------------------------------------

def case_summary(session: Any, case: orm.Case, today: date, authority: str) -> CaseSummary:
    """The Fallübersicht snapshot of ``case`` (with the open custody record's dates)."""
    person = case.person
    aliases = tuple(" ".join(p for p in (a.given_names, a.family_name) if p).strip()
                    for a in person.aliases if a.deleted_at is None)
    summary_person = SummaryPerson(
        name=person_name(person),
        birth_date=person.birth_date.format() if person.birth_date else "",
        nationalities=tuple(nationality_name(n.code) for n in person.nationalities
                            if n.deleted_at is None),
        aliases=aliases, address=person.address.strip(),
        languages=parse_languages(person.languages))
    flags = tuple(CaseFlag(f.flag).label for f in case.flags
                  if f.deleted_at is None and f.until is None)
    obstacles = tuple(
        SummaryObstacle(kind=ObstacleKind(o.kind).label, description=o.description,
                        since=o.since, until=o.until, custody=o.kind == ObstacleKind.CUSTODY)
        for o in residence_repo.obstacles_of(session, case.id) if not o.resolved)
    duldungen = residence_repo.duldungen_of(session, case.id)
    duldung = (SummaryDuldung(DuldungType(duldungen[0].type).label, duldungen[0].valid_from,
                              duldungen[0].valid_until) if duldungen else None)
    measures = tuple(
        SummaryMeasure(title=m.title,
                       owner=m.owner_partner.name if m.owner_partner is not None
                       else MeasureOwner(m.owner).label, due=m.due_date)
        for m in records.measures_of(session, case.id) if m.status == "open")
    journal = tuple(
        SummaryJournalEntry(on=e.occurred_at.astimezone().date(),
                            kind=JournalKind(e.kind).label, subject=e.subject, text=e.text)
        for e in records.journal_of(session, case.id)[:RECENT_JOURNAL])
    return CaseSummary(
        file_number=case.file_number, status=CaseStatus(case.status).label,
        person=summary_person, prepared_on=today, track=CaseTrack(case.track).label,
        caseworker=case.caseworker.display_name if case.caseworker is not None else "",
        authority=authority, flags=flags, obstacles=obstacles, duldung=duldung,
        custody=custody_summary(session, case.id), measures=measures, journal=journal)
