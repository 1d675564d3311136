"""The editable text of a letter and the draft built from it: templates, placeholder values,
the lenient preview text (``[name]`` for a missing value) and the problems before finalising.

Functions of one unit of work, shared by the letters service, the batch and the demo build.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date

from desktop.domain import deadlines, letter_texts
from desktop.domain.letters import (
    LetterContent,
    LetterDraft,
    LetterKind,
    PlaceholderError,
    Recipient,
    TextModule,
    check_letter,
    draft_problems,
    fill,
    missing_placeholders,
)
from desktop.services import letter_settings, letter_values
from desktop.services.letter_models import LetterEdit
from desktop.storage import orm
from desktop.storage.repositories import letters as repo
from desktop.storage.unit_of_work import UnitOfWork


@dataclass(frozen=True)
class LetterText:
    """The editable part of a letter, from its row, a template or an edit."""

    kind: LetterKind
    recipient: Recipient
    their_reference: str
    subject: str
    paragraphs: tuple[str, ...]
    enclosures: tuple[str, ...]
    reply_deadline: date | None

    @classmethod
    def of(cls, row: orm.Letter) -> LetterText:
        return cls(LetterKind(row.kind), recipient_of(row), row.their_reference, row.subject,
                   tuple(json.loads(row.paragraphs)), tuple(json.loads(row.enclosures)),
                   row.reply_deadline)

    def with_edit(self, edit: LetterEdit) -> LetterText:
        return replace(self, recipient=edit.recipient, their_reference=edit.their_reference,
                       subject=edit.subject, paragraphs=tuple(edit.paragraphs),
                       enclosures=tuple(edit.enclosures), reply_deadline=edit.reply_deadline)


def reply_deadline(kind: LetterKind, today: date) -> date | None:
    """The template's reply deadline from ``today`` (a Frist: calendar days, the end moved to
    the next NRW working day), or ``None`` for a kind without one."""
    days = letter_texts.DEFAULT_TEMPLATES[kind].deadline_days
    return deadlines.deadline_end(today, days=days) if days else None


def from_template(uow: UnitOfWork, kind: LetterKind, case: orm.Case,
                  partner: orm.Partner | None, today: date, *,
                  modules: Mapping[str, TextModule] | None = None) -> LetterText:
    """The text of a new letter of ``kind``: the template with the vault's text modules
    (``modules`` by key, loaded if not given), addressed to ``partner``, the ABH's file
    number as "Ihr Zeichen"."""
    template = letter_texts.DEFAULT_TEMPLATES[kind]
    known = modules if modules is not None else text_modules(uow)
    return LetterText(kind, letter_values.recipient_of(uow.session, partner),
                      repo.abh_reference(uow.session, case.id), template.subject,
                      letter_texts.template_paragraphs(template, known), (),
                      reply_deadline(kind, today))


def text_modules(uow: UnitOfWork) -> dict[str, TextModule]:
    """The vault's text modules by key."""
    return {m.key: m for m in letter_settings.modules(uow)}


def recipient_of(row: orm.Letter) -> Recipient:
    """The recipient snapshot stored with the letter."""
    return Recipient(name=row.recipient_name, department=row.recipient_department,
                     street=row.recipient_street, postcode=row.recipient_postcode,
                     city=row.recipient_city)


def apply_text(row: orm.Letter, text: LetterText) -> None:
    """Writes ``text`` into the (new or draft) row, trimmed; empty enclosures are dropped."""
    recipient = text.recipient
    row.recipient_name = recipient.name.strip()
    row.recipient_department = recipient.department.strip()
    row.recipient_street = recipient.street.strip()
    row.recipient_postcode = recipient.postcode.strip()
    row.recipient_city = recipient.city.strip()
    row.their_reference = text.their_reference.strip()
    row.subject = text.subject.strip()
    row.paragraphs = json.dumps(list(text.paragraphs), ensure_ascii=False)
    row.enclosures = json.dumps([e for e in text.enclosures if e.strip()], ensure_ascii=False)
    row.reply_deadline = text.reply_deadline


def edit_problems(text: LetterText) -> dict[str, str]:
    """Lengths the database and the layout take (checked when a draft is saved)."""
    problems = {}
    limits = (("recipient.name", text.recipient.name, 200),
              ("recipient.department", text.recipient.department, 200),
              ("recipient.street", text.recipient.street, 200),
              ("recipient.postcode", text.recipient.postcode, 10),
              ("recipient.city", text.recipient.city, 100),
              ("their_reference", text.their_reference, 100))
    for name, value, limit in limits:
        if len(value.strip()) > limit:
            problems[name] = f"Höchstens {limit} Zeichen."
    if len(text.paragraphs) > 100 or sum(len(p) for p in text.paragraphs) > 100_000:
        problems["paragraphs"] = "Das Schreiben ist zu lang."
    return problems


def build_draft(uow: UnitOfWork, case: orm.Case, text: LetterText, author_id: str | None,
                today: date) -> LetterDraft:
    """The letter dated ``today`` with the vault's letterhead, signed by the author, and the
    placeholder values of the case."""
    head = letter_values.letterhead(uow.session)
    author = repo.user_names(uow.session, {author_id} if author_id else set())
    name = author.get(author_id or "", "")
    values = letter_values.case_values(uow.session, case)
    if text.their_reference.strip():
        values["case.abh_reference"] = text.their_reference.strip()
    recipient = text.recipient if text.recipient.address_lines() else None
    content = LetterContent(
        kind=text.kind, letterhead=head, recipient=recipient, file_number=case.file_number,
        letter_date=today, subject=text.subject, paragraphs=text.paragraphs,
        signature_name=name, their_reference=text.their_reference, contact_name=name,
        contact_phone=head.phone, contact_email=head.email,
        salutation=letter_texts.DEFAULT_TEMPLATES[text.kind].salutation,
        enclosures=text.enclosures, reply_deadline=text.reply_deadline, draft=True)
    return LetterDraft(content, values)


def _lenient(template: str, values: dict[str, str]) -> str:
    shown = {**values, **{n: f"[{n}]" for n in missing_placeholders(template, values)}}
    try:
        return fill(template, shown)
    except PlaceholderError:
        return template


def lenient_content(draft: LetterDraft) -> LetterContent:
    """The draft for the preview (ENTWURF): a placeholder without value shows as ``[name]``."""
    values = draft.all_values()
    content = draft.content
    return replace(content, subject=_lenient(content.subject, values),
                   paragraphs=tuple(_lenient(p, values) for p in content.paragraphs),
                   enclosures=tuple(_lenient(e, values) for e in content.enclosures),
                   draft=True)


def all_problems(draft: LetterDraft) -> dict[str, str]:
    """What keeps the draft from being finalised: placeholder problems per field
    (``paragraphs.2``) and the letter's own (recipient, reply deadline …); empty if none."""
    checked = check_letter(replace(lenient_content(draft), draft=False))
    return {**checked, **draft_problems(draft)}
