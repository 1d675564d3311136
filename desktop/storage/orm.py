"""Typed SQLAlchemy 2.0 models of the first schema.

Sync-ready: every row has a UUID primary key (text), ``created_at``/``updated_at`` in UTC, a
``version`` counter used for optimistic locking, and ``deleted_at`` for soft deletion. The
audit table alone is keyed by its sequence number, which is what the hash chain orders by.
"""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
    text,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column, relationship

from desktop.domain.dates import PartialDate

NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def new_uuid() -> str:
    return str(uuid.uuid4())


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """An aware UTC datetime stored as ISO 8601 text (sorts correctly, no local time)."""

    impl = String(32)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> str | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetimes are not stored; use UTC")
        return value.astimezone(UTC).isoformat(timespec="microseconds")

    def process_result_value(self, value: str | None, dialect: Dialect) -> datetime | None:
        return None if value is None else datetime.fromisoformat(value)


class PartialDateType(TypeDecorator[PartialDate]):
    """A :class:`PartialDate` stored as ``YYYY-MM-DD`` with ``00`` for unknown parts."""

    impl = String(10)
    cache_ok = True

    def process_bind_param(self, value: PartialDate | None, dialect: Dialect) -> str | None:
        return None if value is None else value.to_storage()

    def process_result_value(self, value: str | None, dialect: Dialect) -> PartialDate | None:
        return None if value is None else PartialDate.from_storage(value)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Record(Base):
    """The columns every synchronisable row has."""

    __abstract__ = True

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_uuid)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1)
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, Any]:  # noqa: N805 - declarative hook
        # Optimistic locking: every UPDATE checks and bumps the version counter.
        return {"version_id_col": cls.__table__.c.version}


class VaultMeta(Base):
    """Key/value facts about the vault itself (vault id, creation, district)."""

    __tablename__ = "vault_meta"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class User(Record):
    """A person who works in this vault (mirrors the users of the key file)."""

    __tablename__ = "users"

    name: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(16))


class Partner(Record):
    """An organisation of the network: ABH, ZAB, JVA, StA, police, facility, BezReg, …"""

    __tablename__ = "partners"

    kind: Mapped[str] = mapped_column(String(16), index=True)
    name: Mapped[str] = mapped_column(String(200))
    short_name: Mapped[str] = mapped_column(String(64), default="")
    district: Mapped[str | None] = mapped_column(String(3), default=None)
    street: Mapped[str] = mapped_column(String(200), default="")
    postcode: Mapped[str] = mapped_column(String(10), default="")
    city: Mapped[str] = mapped_column(String(100), default="")
    phone: Mapped[str] = mapped_column(String(64), default="")
    email: Mapped[str] = mapped_column(String(200), default="")

    contacts: Mapped[list[Contact]] = relationship(back_populates="partner",
                                                  order_by="Contact.name")


class Contact(Record):
    """A contact person at a partner organisation."""

    __tablename__ = "contacts"

    partner_id: Mapped[str] = mapped_column(ForeignKey("partners.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    function: Mapped[str] = mapped_column(String(200), default="")
    phone: Mapped[str] = mapped_column(String(64), default="")
    email: Mapped[str] = mapped_column(String(200), default="")

    partner: Mapped[Partner] = relationship(back_populates="contacts")


class Person(Record):
    """The person a case is about (Personalien)."""

    __tablename__ = "persons"

    family_name: Mapped[str] = mapped_column(String(200))
    given_names: Mapped[str] = mapped_column(String(200), default="")
    birth_name: Mapped[str] = mapped_column(String(200), default="")
    birth_date: Mapped[PartialDate | None] = mapped_column(PartialDateType, default=None)
    birth_place: Mapped[str] = mapped_column(String(200), default="")
    # Geburtsstaat (MiStra Nr. 42): an ISO 3166 code or "XX" ungeklärt; "" when not known.
    birth_country: Mapped[str] = mapped_column(String(2), default="", server_default=text("''"))
    azr_number: Mapped[str] = mapped_column(String(20), default="")
    # Languages as the caseworker writes them (ISO 639-1 codes or names), comma-separated.
    languages: Mapped[str] = mapped_column(Text, default="", server_default=text("''"))
    # Current address or accommodation, as free text (several lines).
    address: Mapped[str] = mapped_column(Text, default="", server_default=text("''"))

    aliases: Mapped[list[Alias]] = relationship(back_populates="person",
                                                order_by="Alias.family_name")
    nationalities: Mapped[list[PersonNationality]] = relationship(
        back_populates="person", order_by="PersonNationality.position")


class PersonNationality(Record):
    __tablename__ = "person_nationalities"
    __table_args__ = (UniqueConstraint("person_id", "code"),)

    person_id: Mapped[str] = mapped_column(ForeignKey("persons.id"), index=True)
    code: Mapped[str] = mapped_column(String(2), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)

    person: Mapped[Person] = relationship(back_populates="nationalities")


class Alias(Record):
    """Another name, spelling or birth date the person used (Aliaspersonalie)."""

    __tablename__ = "aliases"

    person_id: Mapped[str] = mapped_column(ForeignKey("persons.id"), index=True)
    family_name: Mapped[str] = mapped_column(String(200))
    given_names: Mapped[str] = mapped_column(String(200), default="")
    birth_date: Mapped[PartialDate | None] = mapped_column(PartialDateType, default=None)

    person: Mapped[Person] = relationship(back_populates="aliases")


class PersonBlockingKey(Base):
    """One blocking key of a person's names, for the duplicate check's candidate look-up.

    Derived data (``desktop.storage.blocking_keys``): rewritten, never edited, whenever the
    person's names or aliases change, and never synchronised; so it is a lean WITHOUT ROWID
    table keyed by (key, person_id), without the Record columns.
    """

    __tablename__ = "person_keys"
    __table_args__ = ({"sqlite_with_rowid": False},)

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    person_id: Mapped[str] = mapped_column(ForeignKey("persons.id"), primary_key=True,
                                           index=True)


class FileNumberCounter(Record):
    """The last running number given per district and year."""

    __tablename__ = "file_number_counters"
    __table_args__ = (UniqueConstraint("district", "year"),)

    district: Mapped[str] = mapped_column(String(3))
    year: Mapped[int] = mapped_column(Integer)
    last_number: Mapped[int] = mapped_column(Integer, default=0)


_LIVE = text("deleted_at IS NULL")


class Case(Record):
    """One case about one person, with its RRK file number."""

    __tablename__ = "cases"
    # The list's orders and filters, over live rows only. Each index ends in file_number and
    # id, so a list query (ids in order) is answered from the index alone, without reading
    # the table: with 100,000 cases that is the difference between ~30 and ~150 ms.
    __table_args__ = (
        Index("ix_cases_live_file_number", "file_number", "id", sqlite_where=_LIVE),
        Index("ix_cases_live_sort_name", "sort_name", "file_number", "id",
              sqlite_where=_LIVE),
        Index("ix_cases_live_status", "status", "sort_name", "file_number", "id",
              sqlite_where=_LIVE),
        Index("ix_cases_live_district", "district", "sort_name", "file_number", "id",
              sqlite_where=_LIVE),
        Index("ix_cases_live_caseworker", "caseworker_id", "sort_name", "file_number", "id",
              sqlite_where=_LIVE),
        Index("ix_cases_live_intake", "intake_date", "file_number", "id", sqlite_where=_LIVE),
        Index("ix_cases_live_updated", "updated_at", "file_number", "id", sqlite_where=_LIVE),
    )

    file_number: Mapped[str] = mapped_column(String(24), unique=True)
    district: Mapped[str] = mapped_column(String(3))
    person_id: Mapped[str] = mapped_column(ForeignKey("persons.id"), index=True)
    track: Mapped[str] = mapped_column(String(24))
    status: Mapped[str] = mapped_column(String(16))
    outcome: Mapped[str | None] = mapped_column(String(32), default=None)
    outcome_date: Mapped[date | None] = mapped_column(Date, default=None)
    intake_source: Mapped[str] = mapped_column(String(24))
    intake_date: Mapped[date] = mapped_column(Date)
    intake_reference: Mapped[str] = mapped_column(String(200), default="")
    # What the intake source brought (domain.intake): canonical JSON of {field key: text}.
    intake_details: Mapped[str] = mapped_column(Text, default="{}",
                                                server_default=text("'{}'"))
    responsible_abh_id: Mapped[str | None] = mapped_column(ForeignKey("partners.id"),
                                                           default=None, index=True)
    caseworker_id: Mapped[str | None] = mapped_column(ForeignKey("users.id"), default=None)
    summary: Mapped[str] = mapped_column(Text, default="")
    sort_name: Mapped[str] = mapped_column(String(400), default="")

    person: Mapped[Person] = relationship()
    responsible_abh: Mapped[Partner | None] = relationship()
    caseworker: Mapped[User | None] = relationship()
    flags: Mapped[list[CaseFlagRow]] = relationship(back_populates="case",
                                                    order_by="CaseFlagRow.flag")


class CaseFlagRow(Record):
    """A flag (Merkmal) of a case, with since/until."""

    __tablename__ = "case_flags"
    # The list's flag filter: the cases that carry a flag now (not ended, not deleted).
    __table_args__ = (Index("ix_case_flags_flag_case", "flag", "case_id",
                            sqlite_where=text("until IS NULL AND deleted_at IS NULL")),)

    case_id: Mapped[str] = mapped_column(ForeignKey("cases.id"), index=True)
    flag: Mapped[str] = mapped_column(String(32))
    since: Mapped[date | None] = mapped_column(Date, default=None)
    until: Mapped[date | None] = mapped_column(Date, default=None)

    case: Mapped[Case] = relationship(back_populates="flags")


class Measure(Record):
    """A Maßnahme: an action with an owner, a due date, a status and a result."""

    __tablename__ = "measures"
    __table_args__ = (Index("ix_measures_status_due", "status", "due_date"),)

    case_id: Mapped[str] = mapped_column(ForeignKey("cases.id"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    owner: Mapped[str] = mapped_column(String(16))
    owner_partner_id: Mapped[str | None] = mapped_column(ForeignKey("partners.id"),
                                                         default=None)
    due_date: Mapped[date | None] = mapped_column(Date, default=None)
    status: Mapped[str] = mapped_column(String(16), default="open")
    result: Mapped[str] = mapped_column(Text, default="")
    done_on: Mapped[date | None] = mapped_column(Date, default=None)

    owner_partner: Mapped[Partner | None] = relationship()


class Reminder(Record):
    """Wiedervorlage, Frist (with Vorfrist) or Termin."""

    __tablename__ = "reminders"
    __table_args__ = (
        Index("ix_reminders_due", "done_at", "due_date"),
        # The "Heute" desk: Vorfristen of open reminders.
        Index("ix_reminders_open_warning", "early_warning", "case_id",
              sqlite_where=text("done_at IS NULL AND deleted_at IS NULL")),
        Index("ix_reminders_custody_record", "custody_record_id",
              sqlite_where=text("custody_record_id IS NOT NULL")),
        Index("ix_reminders_journal_entry", "journal_entry_id",
              sqlite_where=text("journal_entry_id IS NOT NULL")),
    )

    case_id: Mapped[str] = mapped_column(ForeignKey("cases.id"), index=True)
    measure_id: Mapped[str | None] = mapped_column(ForeignKey("measures.id"), default=None)
    kind: Mapped[str] = mapped_column(String(16))
    title: Mapped[str] = mapped_column(String(200))
    due_date: Mapped[date] = mapped_column(Date)
    due_time: Mapped[str | None] = mapped_column(String(5), default=None)
    early_warning: Mapped[date | None] = mapped_column(Date, default=None)
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    # An early warning of a custody record (schema 0009): recomputed with the record's dates.
    custody_record_id: Mapped[str | None] = mapped_column(ForeignKey("custody_records.id"),
                                                          default=None)
    # The reply Frist of a letter (schema 0009): done when the reply is marked received.
    journal_entry_id: Mapped[str | None] = mapped_column(ForeignKey("journal_entries.id"),
                                                         default=None)


class JournalEntry(Record):
    """One entry of the case's chronological record (Verlauf)."""

    __tablename__ = "journal_entries"
    # Live entries per case in time order: the Verlauf, and the desk's "ohne Aktivität".
    # Replies still awaited (an outgoing letter, e-mail or call with a reply date): the desk.
    __table_args__ = (
        Index("ix_journal_live_case_time", "case_id", "occurred_at", sqlite_where=_LIVE),
        Index("ix_journal_awaiting_reply", "reply_due", "case_id",
              sqlite_where=text("reply_due IS NOT NULL AND reply_received_on IS NULL "
                                "AND deleted_at IS NULL")),
        # The journal entry of a final letter (controlling: unanswered letters).
        Index("ix_journal_entries_letter", "letter_id",
              sqlite_where=text("letter_id IS NOT NULL")),
    )

    case_id: Mapped[str] = mapped_column(ForeignKey("cases.id"))
    kind: Mapped[str] = mapped_column(String(16))
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    author_id: Mapped[str | None] = mapped_column(ForeignKey("users.id"), default=None)
    subject: Mapped[str] = mapped_column(String(200), default="")
    text: Mapped[str] = mapped_column(Text, default="")
    # An answer is expected by this day (Antwort erwartet bis); set on outgoing entries.
    reply_due: Mapped[date | None] = mapped_column(Date, default=None)
    reply_received_on: Mapped[date | None] = mapped_column(Date, default=None)
    # The final letter this entry records (set when the letter is frozen; schema 0011).
    letter_id: Mapped[str | None] = mapped_column(ForeignKey("letters.id"), default=None)

    author: Mapped[User | None] = relationship()


class Duldung(Record):
    """A Duldung (§ 60a ff. AufenthG) of the case's person: type, reason, validity."""

    __tablename__ = "duldungen"
    # The desk's "Duldungen expiring": live rows by their last valid day.
    __table_args__ = (Index("ix_duldungen_live_until", "valid_until", "case_id",
                            sqlite_where=_LIVE),)

    case_id: Mapped[str] = mapped_column(ForeignKey("cases.id"), index=True)
    type: Mapped[str] = mapped_column(String(16))
    reason: Mapped[str] = mapped_column(Text, default="")
    valid_from: Mapped[date] = mapped_column(Date)
    valid_until: Mapped[date | None] = mapped_column(Date, default=None)
    issued_by: Mapped[str] = mapped_column(String(200), default="")


class Obstacle(Record):
    """A Vollzugshindernis: why a return cannot happen now, since/until, resolved or not."""

    __tablename__ = "obstacles"

    case_id: Mapped[str] = mapped_column(ForeignKey("cases.id"), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    description: Mapped[str] = mapped_column(Text, default="")
    since: Mapped[date | None] = mapped_column(Date, default=None)
    until: Mapped[date | None] = mapped_column(Date, default=None)
    resolved: Mapped[bool] = mapped_column(Boolean, default=False)


class ExternalReference(Record):
    """A file number of another authority (ABH, StA, court, JVA, BAMF, AZR, police, …)."""

    __tablename__ = "external_references"

    case_id: Mapped[str] = mapped_column(ForeignKey("cases.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    value: Mapped[str] = mapped_column(String(100))
    authority: Mapped[str] = mapped_column(String(200), default="")


class IdentityDocument(Record):
    """A passport, identity card or travel document of a person, with the passport status."""

    __tablename__ = "identity_documents"

    person_id: Mapped[str] = mapped_column(ForeignKey("persons.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    number: Mapped[str] = mapped_column(String(50), default="")
    issuing_country: Mapped[str] = mapped_column(String(2), default="")
    valid_until: Mapped[date | None] = mapped_column(Date, default=None)
    status: Mapped[str] = mapped_column(String(32))


class AzrCheck(Record):
    """One point of a case's AZR data-quality checklist: status, day checked, note, by whom."""

    __tablename__ = "azr_checks"
    __table_args__ = (UniqueConstraint("case_id", "item"),)

    case_id: Mapped[str] = mapped_column(ForeignKey("cases.id"), index=True)
    item: Mapped[str] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(16))
    checked_on: Mapped[date | None] = mapped_column(Date, default=None)
    note: Mapped[str] = mapped_column(Text, default="", server_default=text("''"))
    checked_by: Mapped[str | None] = mapped_column(ForeignKey("users.id"), default=None)


class Attachment(Record):
    """A file kept with a case (Anlage): its name, type, size and SHA-256; the bytes apart."""

    __tablename__ = "attachments"
    __table_args__ = (Index("ix_attachments_live_case", "case_id", "created_at",
                            sqlite_where=_LIVE),)

    case_id: Mapped[str] = mapped_column(ForeignKey("cases.id"))
    filename: Mapped[str] = mapped_column(String(255))
    media_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    note: Mapped[str] = mapped_column(Text, default="", server_default=text("''"))
    added_by: Mapped[str | None] = mapped_column(ForeignKey("users.id"), default=None)


class AttachmentContent(Base):
    """The bytes of an attachment, in their own table so a list never reads them."""

    __tablename__ = "attachment_contents"

    attachment_id: Mapped[str] = mapped_column(ForeignKey("attachments.id"), primary_key=True)
    data: Mapped[bytes] = mapped_column(LargeBinary)


class SavedFilter(Record):
    """A case-list filter a user saved under a name ("Meine überfälligen Fälle")."""

    __tablename__ = "saved_filters"
    __table_args__ = (UniqueConstraint("user_id", "name"),)

    user_id: Mapped[str] = mapped_column(ForeignKey("users.id"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    query: Mapped[str] = mapped_column(Text)  # canonical JSON of the case-list query
    position: Mapped[int] = mapped_column(Integer, default=0)


class Letter(Record):
    """A letter of a case (Schriftverkehr): a draft until finalised, then frozen.

    The recipient is a snapshot (the partner may change later). Subject, paragraphs and
    enclosures hold ``{placeholders}`` while a draft and the filled text once final. A final
    letter has a register number (Postausgangsbuch), a letter date and the SHA-256 of its PDF
    (the bytes are in ``letter_documents``); database triggers refuse to change its frozen
    columns or to delete it (schema 0008). A correction is a new letter with ``previous_id``.
    """

    __tablename__ = "letters"
    __table_args__ = (
        Index("ix_letters_live_case", "case_id", "created_at", sqlite_where=_LIVE),
        UniqueConstraint("register_year", "register_seq"),
    )

    case_id: Mapped[str] = mapped_column(ForeignKey("cases.id"))
    kind: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(24))
    recipient_name: Mapped[str] = mapped_column(String(200), default="")
    recipient_department: Mapped[str] = mapped_column(String(200), default="")
    recipient_street: Mapped[str] = mapped_column(String(200), default="")
    recipient_postcode: Mapped[str] = mapped_column(String(10), default="")
    recipient_city: Mapped[str] = mapped_column(String(100), default="")
    recipient_partner_id: Mapped[str | None] = mapped_column(ForeignKey("partners.id"),
                                                             default=None)
    their_reference: Mapped[str] = mapped_column(String(100), default="")
    subject: Mapped[str] = mapped_column(Text, default="")
    paragraphs: Mapped[str] = mapped_column(Text, default="[]")  # JSON list of strings
    enclosures: Mapped[str] = mapped_column(Text, default="[]")  # JSON list of strings
    reply_deadline: Mapped[date | None] = mapped_column(Date, default=None)
    letter_date: Mapped[date | None] = mapped_column(Date, default=None)
    register_year: Mapped[int | None] = mapped_column(Integer, default=None)
    register_seq: Mapped[int | None] = mapped_column(Integer, default=None)
    register_number: Mapped[str | None] = mapped_column(String(16), unique=True, default=None)
    sha256: Mapped[str | None] = mapped_column(String(64), default=None)
    approved_by: Mapped[str | None] = mapped_column(ForeignKey("users.id"), default=None)
    approved_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    review_note: Mapped[str] = mapped_column(Text, default="")
    author_id: Mapped[str | None] = mapped_column(ForeignKey("users.id"), default=None)
    previous_id: Mapped[str | None] = mapped_column(ForeignKey("letters.id"), default=None,
                                                    index=True)


class LetterDocument(Base):
    """The frozen PDF of a final letter, in its own table so lists never read it."""

    __tablename__ = "letter_documents"

    letter_id: Mapped[str] = mapped_column(ForeignKey("letters.id"), primary_key=True)
    pdf: Mapped[bytes] = mapped_column(LargeBinary)


class TextModuleRow(Record):
    """A Textbaustein of this vault (seeded from ``domain.letter_texts``, editable)."""

    __tablename__ = "text_modules"

    key: Mapped[str] = mapped_column(String(64), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    kinds: Mapped[str] = mapped_column(Text)  # JSON list of LetterKind values
    body: Mapped[str] = mapped_column(Text)
    position: Mapped[int] = mapped_column(Integer, default=0)


_CUSTODY_OPEN = text("released_on IS NULL AND deleted_at IS NULL")


class CustodyRecord(Record):
    """A Haftfall: a case's person in a JVA, the sentences and the dates the engine computed.

    Inputs (sentences, settings, lead times) are canonical JSON; the computed dates are
    columns (``None`` where the engine gives none, or all ``None`` with ``error`` set when the
    inputs no longer compute), indexed over open records for the calendar and controlling.
    """

    __tablename__ = "custody_records"
    __table_args__ = (
        Index("ix_custody_records_open_case", "case_id", sqlite_where=_CUSTODY_OPEN),
        Index("ix_custody_records_open_end", "end_date", sqlite_where=_CUSTODY_OPEN),
        Index("ix_custody_records_open_half", "half_date", sqlite_where=_CUSTODY_OPEN),
        Index("ix_custody_records_open_two_thirds", "two_thirds_date",
              sqlite_where=_CUSTODY_OPEN),
        Index("ix_custody_records_open_half_456a", "half_456a_date",
              sqlite_where=_CUSTODY_OPEN),
        Index("ix_custody_records_open_release_day", "release_day",
              sqlite_where=_CUSTODY_OPEN),
    )

    case_id: Mapped[str] = mapped_column(ForeignKey("cases.id"), index=True)
    facility_partner_id: Mapped[str | None] = mapped_column(ForeignKey("partners.id"),
                                                            default=None)
    booking_number: Mapped[str] = mapped_column(String(50), default="")
    prosecutor_reference: Mapped[str] = mapped_column(String(100), default="")
    detention_kind: Mapped[str] = mapped_column(String(24))
    start: Mapped[date] = mapped_column(Date)
    credited_days: Mapped[int] = mapped_column(Integer, default=0)
    sentences: Mapped[str] = mapped_column(Text)  # JSON list of sentence objects
    settings: Mapped[str] = mapped_column(Text, default="{}")  # JSON object
    decision_456a: Mapped[str] = mapped_column(String(16), default="none")
    decision_456a_on: Mapped[date | None] = mapped_column(Date, default=None)
    planned_deportation: Mapped[date | None] = mapped_column(Date, default=None)
    lead_times: Mapped[str] = mapped_column(Text, default="[6,3]")  # JSON list of months
    released_on: Mapped[date | None] = mapped_column(Date, default=None)
    error: Mapped[str] = mapped_column(Text, default="")
    end_date: Mapped[date | None] = mapped_column(Date, default=None)
    half_date: Mapped[date | None] = mapped_column(Date, default=None)
    two_thirds_date: Mapped[date | None] = mapped_column(Date, default=None)
    half_456a_date: Mapped[date | None] = mapped_column(Date, default=None)
    release_day: Mapped[date | None] = mapped_column(Date, default=None)
    joint_decision_date: Mapped[date | None] = mapped_column(Date, default=None)
    one_third_date: Mapped[date | None] = mapped_column(Date, default=None)
    six_months_date: Mapped[date | None] = mapped_column(Date, default=None)
    fifteen_years_date: Mapped[date | None] = mapped_column(Date, default=None)


class CustodyConfirmation(Record):
    """A date of a custody record as the StA or JVA confirmed it (wins over the computed)."""

    __tablename__ = "custody_confirmations"
    __table_args__ = (UniqueConstraint("record_id", "kind"),
                      Index("ix_custody_confirmations_live_day", "day", sqlite_where=_LIVE))

    record_id: Mapped[str] = mapped_column(ForeignKey("custody_records.id"))
    kind: Mapped[str] = mapped_column(String(16))
    day: Mapped[date] = mapped_column(Date)
    source: Mapped[str] = mapped_column(String(200), default="")
    confirmed_on: Mapped[date] = mapped_column(Date)


class CustodyNotice(Record):
    """A Mitteilung Haftentlassung sent to the ABH: when, to whom, about which date."""

    __tablename__ = "custody_notices"

    record_id: Mapped[str] = mapped_column(ForeignKey("custody_records.id"), index=True)
    sent_on: Mapped[date] = mapped_column(Date)
    letter_id: Mapped[str | None] = mapped_column(ForeignKey("letters.id"), default=None)
    recipient: Mapped[str] = mapped_column(String(200), default="")
    relevant_kind: Mapped[str] = mapped_column(String(16))
    relevant_date: Mapped[date | None] = mapped_column(Date, default=None)


class Conference(Record):
    """A Fallkonferenz (or bilateral talk, regular exchange) about one or more cases.

    Start and end are local wall-clock times (Europe/Berlin), stored naive. Once the minutes
    are final (``status`` final, PDF in ``conference_documents``, ``sha256``) triggers refuse
    to change or delete the conference and its cases, participants, items and decisions
    (schema 0010).
    """

    __tablename__ = "conferences"
    __table_args__ = (Index("ix_conferences_live_starts", "starts_at", sqlite_where=_LIVE),)

    kind: Mapped[str] = mapped_column(String(24))
    status: Mapped[str] = mapped_column(String(16))
    starts_at: Mapped[datetime] = mapped_column(DateTime)
    ends_at: Mapped[datetime] = mapped_column(DateTime)
    place: Mapped[str] = mapped_column(String(200), default="")
    remote: Mapped[bool] = mapped_column(Boolean, default=False)
    organiser_user_id: Mapped[str | None] = mapped_column(ForeignKey("users.id"), default=None)
    organiser_name: Mapped[str] = mapped_column(String(200), default="")
    organiser_email: Mapped[str] = mapped_column(String(200), default="")
    agenda_summary: Mapped[str] = mapped_column(Text, default="")
    sha256: Mapped[str | None] = mapped_column(String(64), default=None)
    finalised_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)


class ConferenceCase(Record):
    __tablename__ = "conference_cases"
    __table_args__ = (UniqueConstraint("conference_id", "case_id"),)

    conference_id: Mapped[str] = mapped_column(ForeignKey("conferences.id"))
    case_id: Mapped[str] = mapped_column(ForeignKey("cases.id"), index=True)


class ConferenceParticipant(Record):
    """A participant: a partner's contact, an RRK user or a guest (snapshots of the names)."""

    __tablename__ = "conference_participants"

    conference_id: Mapped[str] = mapped_column(ForeignKey("conferences.id"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    contact_id: Mapped[str | None] = mapped_column(ForeignKey("contacts.id"), default=None)
    partner_id: Mapped[str | None] = mapped_column(ForeignKey("partners.id"), default=None,
                                                   index=True)
    user_id: Mapped[str | None] = mapped_column(ForeignKey("users.id"), default=None)
    name: Mapped[str] = mapped_column(String(200), default="")
    organisation: Mapped[str] = mapped_column(String(200), default="")
    role: Mapped[str] = mapped_column(String(200), default="")
    email: Mapped[str] = mapped_column(String(200), default="")
    attendance: Mapped[str] = mapped_column(String(16), default="invited")
    on_distribution_list: Mapped[bool] = mapped_column(Boolean, default=True)


class ConferenceItem(Record):
    """An agenda item with its minutes (situation, discussion)."""

    __tablename__ = "conference_items"

    conference_id: Mapped[str] = mapped_column(ForeignKey("conferences.id"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    title: Mapped[str] = mapped_column(String(200))
    case_id: Mapped[str | None] = mapped_column(ForeignKey("cases.id"), default=None)
    situation: Mapped[str] = mapped_column(Text, default="")
    discussion: Mapped[str] = mapped_column(Text, default="")


class ConferenceDecision(Record):
    """A Beschluss of an agenda item: what, who (partner, user or name), by when."""

    __tablename__ = "conference_decisions"
    __table_args__ = (Index("ix_conference_decisions_live_due", "due_date",
                            sqlite_where=_LIVE),)

    conference_id: Mapped[str] = mapped_column(ForeignKey("conferences.id"), index=True)
    item_id: Mapped[str] = mapped_column(ForeignKey("conference_items.id"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    text: Mapped[str] = mapped_column(Text)
    owner_kind: Mapped[str] = mapped_column(String(16))
    owner_partner_id: Mapped[str | None] = mapped_column(ForeignKey("partners.id"),
                                                         default=None)
    owner_user_id: Mapped[str | None] = mapped_column(ForeignKey("users.id"), default=None)
    owner_name: Mapped[str] = mapped_column(String(200), default="")
    owner_label: Mapped[str] = mapped_column(String(400), default="")
    due_date: Mapped[date] = mapped_column(Date)


class ConferenceDecisionMeasure(Record):
    """The measure a decision became in one of the conference's cases."""

    __tablename__ = "conference_decision_measures"

    decision_id: Mapped[str] = mapped_column(ForeignKey("conference_decisions.id"),
                                             index=True)
    measure_id: Mapped[str] = mapped_column(ForeignKey("measures.id"), unique=True)
    case_id: Mapped[str] = mapped_column(ForeignKey("cases.id"))


class ConferenceDocument(Base):
    """The frozen PDF of final minutes, in its own table so lists never read it."""

    __tablename__ = "conference_documents"

    conference_id: Mapped[str] = mapped_column(ForeignKey("conferences.id"), primary_key=True)
    pdf: Mapped[bytes] = mapped_column(LargeBinary)


class AuditEvent(Base):
    """Append-only audit log; each row is chained to the previous one by SHA-256."""

    __tablename__ = "audit_events"

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    id: Mapped[str] = mapped_column(String(36), unique=True, default=new_uuid)
    at: Mapped[str] = mapped_column(String(32))
    actor_id: Mapped[str | None] = mapped_column(String(36))
    actor_name: Mapped[str] = mapped_column(String(64))
    actor_role: Mapped[str] = mapped_column(String(16))
    action: Mapped[str] = mapped_column(String(64))
    entity_type: Mapped[str] = mapped_column(String(32))
    entity_id: Mapped[str | None] = mapped_column(String(36))
    details: Mapped[str] = mapped_column(Text)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


FTS_TABLE = "case_search"
FTS_CREATE = (
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5("
    "case_id UNINDEXED, names, numbers, "
    "tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3')"
)

JOURNAL_FTS_TABLE = "journal_search"


# --- Fallmanagement-Statistik (schema 0011) ------------------------------------------------

class StatisticsSnapshot(Record):
    """A frozen set of figures ("Stand 30.06.2026") of a period and district (``None``: the
    whole vault). Canonical JSON with its SHA-256; triggers refuse UPDATE and DELETE."""

    __tablename__ = "statistics_snapshots"
    __table_args__ = (Index("ix_statistics_snapshots_created", "created_at"),)

    period_kind: Mapped[str] = mapped_column(String(16))
    period_start: Mapped[date] = mapped_column(Date)
    period_end: Mapped[date] = mapped_column(Date)
    district: Mapped[str | None] = mapped_column(String(3), default=None)
    cut_off: Mapped[date] = mapped_column(Date)
    created_by: Mapped[str | None] = mapped_column(ForeignKey("users.id"), default=None)
    created_by_name: Mapped[str] = mapped_column(String(200))
    figures: Mapped[str] = mapped_column(Text)
    sha256: Mapped[str] = mapped_column(String(64))
    definitions_version: Mapped[str] = mapped_column(String(16))


# Covering indexes over live rows for the figures of a period (repositories/statistics.py).
_STAT_LIVE = "deleted_at IS NULL"
Index("ix_cases_live_statistics", Case.intake_date, Case.district, Case.intake_source,
      Case.outcome_date, Case.track, Case.person_id, sqlite_where=text(_STAT_LIVE))
Index("ix_cases_live_outcome", Case.outcome_date, Case.district, Case.outcome,
      Case.intake_date, sqlite_where=text(f"{_STAT_LIVE} AND outcome_date IS NOT NULL"))
Index("ix_person_nationalities_live_first", PersonNationality.person_id,
      PersonNationality.position, PersonNationality.code, sqlite_where=text(_STAT_LIVE))
Index("ix_case_flags_live_statistics", CaseFlagRow.flag, CaseFlagRow.since, CaseFlagRow.until,
      CaseFlagRow.case_id, sqlite_where=text(_STAT_LIVE))
Index("ix_custody_records_live_released", CustodyRecord.released_on, CustodyRecord.case_id,
      sqlite_where=text(f"{_STAT_LIVE} AND released_on IS NOT NULL"))
Index("ix_custody_records_live_456a", CustodyRecord.decision_456a_on,
      CustodyRecord.decision_456a, CustodyRecord.case_id,
      sqlite_where=text(f"{_STAT_LIVE} AND decision_456a_on IS NOT NULL"))
Index("ix_custody_notices_live_sent", CustodyNotice.sent_on, CustodyNotice.relevant_date,
      CustodyNotice.record_id, sqlite_where=text(_STAT_LIVE))
Index("ix_measures_live_done", Measure.done_on, Measure.case_id,
      sqlite_where=text(f"{_STAT_LIVE} AND status = 'done'"))
Index("ix_measures_live_due", Measure.due_date, Measure.status, Measure.done_on,
      Measure.case_id,
      sqlite_where=text(f"{_STAT_LIVE} AND due_date IS NOT NULL AND status <> 'cancelled'"))
