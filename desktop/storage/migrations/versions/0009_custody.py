"""custody records, confirmed dates, notices; reminders linked to a custody record

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-08

- custody_records: the Haftfall of a case (JVA, Buchungsnummer, StA file number, kind of
  detention, start, credit, sentences and settings as JSON, § 456a decision, planned
  deportation, lead times, released on) and the dates the engine computed, as columns with
  partial indexes over open records (calendar, controlling).
- custody_confirmations: dates confirmed by the StA/JVA, one per record and kind.
- custody_notices: Mitteilungen Haftentlassung sent to the ABH (optionally the letter).
- reminders.custody_record_id: the early warnings of a record (ADD COLUMN, nullable, with a
  partial index); no existing table is copied.
- reminders.journal_entry_id: the reply Frist of a letter's journal entry, closed when the
  reply is marked received (same way, with a partial index).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None

OPEN = "released_on IS NULL AND deleted_at IS NULL"
DATE_INDEXES = {
    'ix_custody_records_open_end': 'end_date',
    'ix_custody_records_open_half': 'half_date',
    'ix_custody_records_open_two_thirds': 'two_thirds_date',
    'ix_custody_records_open_half_456a': 'half_456a_date',
    'ix_custody_records_open_release_day': 'release_day',
}


def _record_columns() -> list[sa.Column]:
    return [
        sa.Column('id', sa.String(length=36), nullable=False),
        sa.Column('created_at', sa.String(length=32), nullable=False),
        sa.Column('updated_at', sa.String(length=32), nullable=False),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.Column('deleted_at', sa.String(length=32), nullable=True),
    ]


def upgrade() -> None:
    op.create_table('custody_records',
    sa.Column('case_id', sa.String(length=36), nullable=False),
    sa.Column('facility_partner_id', sa.String(length=36), nullable=True),
    sa.Column('booking_number', sa.String(length=50), nullable=False),
    sa.Column('prosecutor_reference', sa.String(length=100), nullable=False),
    sa.Column('detention_kind', sa.String(length=24), nullable=False),
    sa.Column('start', sa.Date(), nullable=False),
    sa.Column('credited_days', sa.Integer(), nullable=False),
    sa.Column('sentences', sa.Text(), nullable=False),
    sa.Column('settings', sa.Text(), nullable=False),
    sa.Column('decision_456a', sa.String(length=16), nullable=False),
    sa.Column('decision_456a_on', sa.Date(), nullable=True),
    sa.Column('planned_deportation', sa.Date(), nullable=True),
    sa.Column('lead_times', sa.Text(), nullable=False),
    sa.Column('released_on', sa.Date(), nullable=True),
    sa.Column('error', sa.Text(), nullable=False),
    sa.Column('end_date', sa.Date(), nullable=True),
    sa.Column('half_date', sa.Date(), nullable=True),
    sa.Column('two_thirds_date', sa.Date(), nullable=True),
    sa.Column('half_456a_date', sa.Date(), nullable=True),
    sa.Column('release_day', sa.Date(), nullable=True),
    sa.Column('joint_decision_date', sa.Date(), nullable=True),
    sa.Column('one_third_date', sa.Date(), nullable=True),
    sa.Column('six_months_date', sa.Date(), nullable=True),
    sa.Column('fifteen_years_date', sa.Date(), nullable=True),
    *_record_columns(),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'],
                            name=op.f('fk_custody_records_case_id_cases')),
    sa.ForeignKeyConstraint(['facility_partner_id'], ['partners.id'],
                            name=op.f('fk_custody_records_facility_partner_id_partners')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_custody_records'))
    )
    op.create_index(op.f('ix_custody_records_case_id'), 'custody_records', ['case_id'],
                    unique=False)
    op.create_index('ix_custody_records_open_case', 'custody_records', ['case_id'],
                    unique=False, sqlite_where=sa.text(OPEN))
    for name, column in DATE_INDEXES.items():
        op.create_index(name, 'custody_records', [column], unique=False,
                        sqlite_where=sa.text(OPEN))
    op.create_table('custody_confirmations',
    sa.Column('record_id', sa.String(length=36), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('source', sa.String(length=200), nullable=False),
    sa.Column('confirmed_on', sa.Date(), nullable=False),
    *_record_columns(),
    sa.ForeignKeyConstraint(['record_id'], ['custody_records.id'],
                            name=op.f('fk_custody_confirmations_record_id_custody_records')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_custody_confirmations')),
    sa.UniqueConstraint('record_id', 'kind',
                        name=op.f('uq_custody_confirmations_record_id_kind'))
    )
    op.create_index('ix_custody_confirmations_live_day', 'custody_confirmations', ['day'],
                    unique=False, sqlite_where=sa.text('deleted_at IS NULL'))
    op.create_table('custody_notices',
    sa.Column('record_id', sa.String(length=36), nullable=False),
    sa.Column('sent_on', sa.Date(), nullable=False),
    sa.Column('letter_id', sa.String(length=36), nullable=True),
    sa.Column('recipient', sa.String(length=200), nullable=False),
    sa.Column('relevant_kind', sa.String(length=16), nullable=False),
    sa.Column('relevant_date', sa.Date(), nullable=True),
    *_record_columns(),
    sa.ForeignKeyConstraint(['record_id'], ['custody_records.id'],
                            name=op.f('fk_custody_notices_record_id_custody_records')),
    sa.ForeignKeyConstraint(['letter_id'], ['letters.id'],
                            name=op.f('fk_custody_notices_letter_id_letters')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_custody_notices'))
    )
    op.create_index(op.f('ix_custody_notices_record_id'), 'custody_notices', ['record_id'],
                    unique=False)
    # SQLite: ADD COLUMN with an inline REFERENCES clause (allowed for a nullable column
    # whose default is NULL); Alembic's add_column would need a batch copy for the FK.
    op.execute("ALTER TABLE reminders ADD COLUMN custody_record_id VARCHAR(36) "
               "CONSTRAINT fk_reminders_custody_record_id_custody_records "
               "REFERENCES custody_records (id)")
    op.create_index('ix_reminders_custody_record', 'reminders', ['custody_record_id'],
                    unique=False, sqlite_where=sa.text('custody_record_id IS NOT NULL'))
    op.execute("ALTER TABLE reminders ADD COLUMN journal_entry_id VARCHAR(36) "
               "CONSTRAINT fk_reminders_journal_entry_id_journal_entries "
               "REFERENCES journal_entries (id)")
    op.create_index('ix_reminders_journal_entry', 'reminders', ['journal_entry_id'],
                    unique=False, sqlite_where=sa.text('journal_entry_id IS NOT NULL'))


def downgrade() -> None:
    op.drop_index('ix_reminders_journal_entry', table_name='reminders')
    op.drop_column('reminders', 'journal_entry_id')
    op.drop_index('ix_reminders_custody_record', table_name='reminders')
    op.drop_column('reminders', 'custody_record_id')
    op.drop_index(op.f('ix_custody_notices_record_id'), table_name='custody_notices')
    op.drop_table('custody_notices')
    op.drop_index('ix_custody_confirmations_live_day', table_name='custody_confirmations')
    op.drop_table('custody_confirmations')
    for name in DATE_INDEXES:
        op.drop_index(name, table_name='custody_records')
    op.drop_index('ix_custody_records_open_case', table_name='custody_records')
    op.drop_index(op.f('ix_custody_records_case_id'), table_name='custody_records')
    op.drop_table('custody_records')
