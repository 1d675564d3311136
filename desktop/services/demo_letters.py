"""Letters for the demo vault: the letterhead of the demo district, the default text modules
and a short history of sent letters (final, registered, Weisungen approved by the demo
Leitung, replies awaited, overdue or received). Written inside the demo build's unit of work,
without audit events of their own (the build has one). At most ``DEMO_LETTERS`` PDFs are
rendered, so the build stays fast."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta

from desktop.domain import deadlines, letter_texts
from desktop.domain.letters import LetterKind, fill_draft
from desktop.reports.letter import render_letter
from desktop.services import letter_settings, letter_values
from desktop.services.letter_models import LetterStatus
from desktop.services.letters import LetterService, _apply, _Text
from desktop.storage import orm
from desktop.storage.repositories import letters as repo
from desktop.storage.unit_of_work import UnitOfWork
from desktop.storage.vault import OpenVault

DEMO_LETTERS = 24
KINDS = (LetterKind.STATUS_REQUEST, LetterKind.INSTRUCTION, LetterKind.PROPOSAL,
         LetterKind.STATUS_REQUEST, LetterKind.FREE)


def _fixed(day: date) -> Callable[[], date]:
    return lambda: day


def add_demo_letters(uow: UnitOfWork, vault: OpenVault, rng: random.Random, today: date,
                     lead_id: str | None) -> tuple[int, int, int]:
    """Writes the demo letters; returns (letters, journal entries, reminders) added."""
    head = letter_values.letterhead(uow.session)
    repo.set_meta(uow.session, letter_values.LETTERHEAD_KEY, letter_values.encode_letterhead(
        replace(head, department="Dezernat 21 – Regionale Rückkehrkoordinationsstelle (DEMO)",
                phone="0211 555-0100", email="rrk-demo@example.org")))
    letter_settings.LetterSettings._seed(uow)
    letters = journal = reminders = 0
    chosen = repo.cases_with_abh_address(uow.session, DEMO_LETTERS)
    for index, case_id in enumerate(chosen):
        kind = KINDS[index % len(KINDS)]
        # Oldest first, so that register numbers rise with the date as in a real Postausgang.
        days_ago = 3 + 4 * (len(chosen) - 1 - index)
        sent = deadlines.previous_working_day(today - timedelta(days=days_ago))
        service = LetterService(vault, today=_fixed(sent))
        case = service._case(uow, case_id)
        template = letter_texts.DEFAULT_TEMPLATES[kind]
        known = {m.key: m for m in letter_settings.modules(uow)}
        deadline = (deadlines.deadline_end(sent, days=template.deadline_days)
                    if template.deadline_days else None)
        text = _Text(kind, letter_values.recipient_of(uow.session, case.responsible_abh),
                     repo.abh_reference(uow.session, case.id) or f"DEMO-{index + 1:03d}",
                     template.subject, letter_texts.template_paragraphs(template, known), (),
                     deadline)
        draft = service._draft_of(uow, case, text, vault.actor.user_id)
        if service._all_problems(draft):
            continue
        content = replace(fill_draft(draft), draft=False)
        row = orm.Letter(case_id=case.id, kind=kind.value, status=LetterStatus.DRAFT.value,
                         author_id=vault.actor.user_id, review_note="",
                         recipient_partner_id=case.responsible_abh_id)
        _apply(row, text)
        if kind == LetterKind.INSTRUCTION and lead_id is not None:
            row.approved_by = lead_id
            row.approved_at = datetime.combine(sent, time(9, 0), tzinfo=UTC)
        uow.session.add(row)
        sent_at = datetime.combine(sent, time(10, rng.randrange(60)), tzinfo=UTC)
        entry = service._freeze(uow, row, content, render_letter(content), sent_at=sent_at,
                                audit=False)
        letters += 1
        journal += 1
        reminders += deadline is not None
        if deadline is not None and deadline < today and rng.random() < 0.5:
            entry.reply_received_on = min(today, deadline + timedelta(days=rng.randrange(1, 5)))
    uow.session.flush()
    return letters, journal, reminders
