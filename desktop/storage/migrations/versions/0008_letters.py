"""letters, their frozen PDFs, text modules

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01

- letters: drafts and final letters of a case (recipient snapshot, text, reply deadline,
  register number of the Postausgangsbuch, SHA-256 of the frozen PDF, four-eyes approval,
  the letter a correction replaces).
- letter_documents: the PDF bytes of final letters, apart from the list columns.
- text_modules: the vault's Textbausteine.
- Triggers: a final (or superseded) letter keeps its frozen columns and is never deleted;
  a stored PDF is never updated or deleted.

The letterhead and the four-eyes switch live in vault_meta (``letters.letterhead``,
``letters.four_eyes``). Only new tables; no existing table is altered.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None

# Columns a final letter never changes (status may only go from final to superseded).
FROZEN = ('case_id', 'kind', 'recipient_name', 'recipient_department', 'recipient_street',
          'recipient_postcode', 'recipient_city', 'recipient_partner_id', 'their_reference',
          'subject', 'paragraphs', 'enclosures', 'reply_deadline', 'letter_date',
          'register_year', 'register_seq', 'register_number', 'sha256', 'approved_by',
          'approved_at', 'author_id', 'previous_id', 'deleted_at')


def _record_columns() -> list[sa.Column]:
    return [
        sa.Column('id', sa.String(length=36), nullable=False),
        sa.Column('created_at', sa.String(length=32), nullable=False),
        sa.Column('updated_at', sa.String(length=32), nullable=False),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.Column('deleted_at', sa.String(length=32), nullable=True),
    ]


def upgrade() -> None:
    op.create_table('letters',
    sa.Column('case_id', sa.String(length=36), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('status', sa.String(length=24), nullable=False),
    sa.Column('recipient_name', sa.String(length=200), nullable=False),
    sa.Column('recipient_department', sa.String(length=200), nullable=False),
    sa.Column('recipient_street', sa.String(length=200), nullable=False),
    sa.Column('recipient_postcode', sa.String(length=10), nullable=False),
    sa.Column('recipient_city', sa.String(length=100), nullable=False),
    sa.Column('recipient_partner_id', sa.String(length=36), nullable=True),
    sa.Column('their_reference', sa.String(length=100), nullable=False),
    sa.Column('subject', sa.Text(), nullable=False),
    sa.Column('paragraphs', sa.Text(), nullable=False),
    sa.Column('enclosures', sa.Text(), nullable=False),
    sa.Column('reply_deadline', sa.Date(), nullable=True),
    sa.Column('letter_date', sa.Date(), nullable=True),
    sa.Column('register_year', sa.Integer(), nullable=True),
    sa.Column('register_seq', sa.Integer(), nullable=True),
    sa.Column('register_number', sa.String(length=16), nullable=True),
    sa.Column('sha256', sa.String(length=64), nullable=True),
    sa.Column('approved_by', sa.String(length=36), nullable=True),
    sa.Column('approved_at', sa.String(length=32), nullable=True),
    sa.Column('review_note', sa.Text(), nullable=False),
    sa.Column('author_id', sa.String(length=36), nullable=True),
    sa.Column('previous_id', sa.String(length=36), nullable=True),
    *_record_columns(),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_letters_case_id_cases')),
    sa.ForeignKeyConstraint(['recipient_partner_id'], ['partners.id'],
                            name=op.f('fk_letters_recipient_partner_id_partners')),
    sa.ForeignKeyConstraint(['approved_by'], ['users.id'],
                            name=op.f('fk_letters_approved_by_users')),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_letters_author_id_users')),
    sa.ForeignKeyConstraint(['previous_id'], ['letters.id'],
                            name=op.f('fk_letters_previous_id_letters')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_letters')),
    sa.UniqueConstraint('register_number', name=op.f('uq_letters_register_number')),
    sa.UniqueConstraint('register_year', 'register_seq',
                        name=op.f('uq_letters_register_year_register_seq'))
    )
    op.create_index('ix_letters_live_case', 'letters', ['case_id', 'created_at'], unique=False,
                    sqlite_where=sa.text('deleted_at IS NULL'))
    op.create_index(op.f('ix_letters_previous_id'), 'letters', ['previous_id'], unique=False)
    op.create_table('letter_documents',
    sa.Column('letter_id', sa.String(length=36), nullable=False),
    sa.Column('pdf', sa.LargeBinary(), nullable=False),
    sa.ForeignKeyConstraint(['letter_id'], ['letters.id'],
                            name=op.f('fk_letter_documents_letter_id_letters')),
    sa.PrimaryKeyConstraint('letter_id', name=op.f('pk_letter_documents'))
    )
    op.create_table('text_modules',
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('kinds', sa.Text(), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    *_record_columns(),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_text_modules')),
    sa.UniqueConstraint('key', name=op.f('uq_text_modules_key'))
    )
    changed = " OR ".join(f"NEW.{c} IS NOT OLD.{c}" for c in FROZEN)
    op.execute(
        "CREATE TRIGGER letters_final_frozen BEFORE UPDATE ON letters "
        "WHEN OLD.status IN ('final', 'superseded') AND ("
        f"{changed} OR NEW.status NOT IN ('final', 'superseded') "
        "OR (OLD.status = 'superseded' AND NEW.status <> 'superseded')) "
        "BEGIN SELECT RAISE(ABORT, 'a final letter is frozen'); END"
    )
    op.execute(
        "CREATE TRIGGER letters_final_no_delete BEFORE DELETE ON letters "
        "WHEN OLD.status IN ('final', 'superseded') "
        "BEGIN SELECT RAISE(ABORT, 'a final letter is never deleted'); END"
    )
    op.execute(
        "CREATE TRIGGER letter_documents_no_update BEFORE UPDATE ON letter_documents "
        "BEGIN SELECT RAISE(ABORT, 'a stored letter is frozen'); END"
    )
    op.execute(
        "CREATE TRIGGER letter_documents_no_delete BEFORE DELETE ON letter_documents "
        "BEGIN SELECT RAISE(ABORT, 'a stored letter is never deleted'); END"
    )


def downgrade() -> None:
    for trigger in ('letter_documents_no_delete', 'letter_documents_no_update',
                    'letters_final_no_delete', 'letters_final_frozen'):
        op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
    op.drop_table('text_modules')
    op.drop_table('letter_documents')
    op.drop_index(op.f('ix_letters_previous_id'), table_name='letters')
    op.drop_index('ix_letters_live_case', table_name='letters')
    op.drop_table('letters')
