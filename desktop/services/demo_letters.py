"""Letters for the demo vault: the letterhead of the demo district, the default text modules
and a short history of sent letters (final, registered, Weisungen approved by the demo
Leitung, replies awaited, overdue or received). Written inside the demo build's unit of work,
without audit events of their own (the build has one). At most ``DEMO_LETTERS`` PDFs are
rendered, so the build stays fast."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta

from desktop.domain import deadlines
from desktop.domain.letters import LetterKind, fill_draft
from desktop.reports.letter import render_letter
from desktop.services import letter_register, letter_settings, letter_text, letter_values
from desktop.services.letter_models import LetterStatus
from desktop.storage import orm
from desktop.storage.repositories import cases as case_repo
from desktop.storage.repositories import letters as repo
from desktop.storage.unit_of_work import UnitOfWork
from desktop.storage.vault import OpenVault

DEMO_LETTERS = 24
KINDS = (LetterKind.STATUS_REQUEST, LetterKind.INSTRUCTION, LetterKind.PROPOSAL,
         LetterKind.STATUS_REQUEST, LetterKind.FREE)


def add_demo_letters(uow: UnitOfWork, vault: OpenVault, rng: random.Random, today: date,
                     lead_id: str | None) -> tuple[int, int, int]:
    """Writes the demo letters; returns (letters, journal entries, reminders) added. A reply
    that was received also closes the letter's Frist."""
    head = letter_values.letterhead(uow.session)
    repo.set_meta(uow.session, letter_values.LETTERHEAD_KEY, letter_values.encode_letterhead(
        replace(head, department="Dezernat 21 – Regionale Rückkehrkoordinationsstelle (DEMO)",
                phone="0211 555-0100", email="rrk-demo@example.org")))
    letter_settings.seed_modules(uow)
    modules = letter_text.text_modules(uow)
    letters = journal = reminders = 0
    chosen = repo.cases_with_abh_address(uow.session, DEMO_LETTERS)
    for index, case_id in enumerate(chosen):
        kind = KINDS[index % len(KINDS)]
        # Oldest first, so that register numbers rise with the date as in a real Postausgang.
        days_ago = 3 + 4 * (len(chosen) - 1 - index)
        sent = deadlines.previous_working_day(today - timedelta(days=days_ago))
        case = case_repo.load_case(uow.session, case_id)
        if case is None:
            continue
        text = letter_text.from_template(uow, kind, case, case.responsible_abh, sent,
                                         modules=modules)
        if not text.their_reference:
            text = replace(text, their_reference=f"DEMO-{index + 1:03d}")
        draft = letter_text.build_draft(uow, case, text, vault.actor.user_id, sent)
        if letter_text.all_problems(draft):
            continue
        content = replace(fill_draft(draft), draft=False)
        row = orm.Letter(case_id=case.id, kind=kind.value, status=LetterStatus.DRAFT.value,
                         author_id=vault.actor.user_id, review_note="",
                         recipient_partner_id=case.responsible_abh_id)
        letter_text.apply_text(row, text)
        if kind == LetterKind.INSTRUCTION and lead_id is not None:
            row.approved_by = lead_id
            row.approved_at = datetime.combine(sent, time(9, 0), tzinfo=UTC)
        uow.session.add(row)
        sent_at = datetime.combine(sent, time(10, rng.randrange(60)), tzinfo=UTC)
        frozen = letter_register.freeze(uow, row, content, render_letter(content),
                                        sent_at=sent_at, audit=False)
        letters += 1
        journal += 1
        reminders += frozen.reminder is not None
        deadline = text.reply_deadline
        if deadline is not None and deadline < today and rng.random() < 0.5:
            received = min(today, deadline + timedelta(days=rng.randrange(1, 5)))
            frozen.entry.reply_received_on = received
            if frozen.reminder is not None:
                frozen.reminder.done_at = datetime.combine(received, time(11, 0), tzinfo=UTC)
    uow.session.flush()
    return letters, journal, reminders
