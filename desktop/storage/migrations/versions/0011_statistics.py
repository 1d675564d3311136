"""Fallmanagement-Statistik: frozen snapshots and covering indexes for the figures

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-16

- statistics_snapshots: one frozen set of figures ("Stand 30.06.2026") per period and
  district (NULL = the whole vault), canonical JSON with its SHA-256 and the definitions
  version; triggers refuse every UPDATE and DELETE.
- Partial covering indexes over live rows for the figures of a period
  (desktop/storage/repositories/statistics.py): cases by intake and by outcome date, the
  first nationality of a person, case flags, custody releases, § 456a decisions, notices,
  measures done and due.
- journal_entries.letter_id: the final letter a journal entry records (set by
  letter_register.freeze; the controlling's unanswered Weisungen and Sachstandsanfragen
  follow it), ADD COLUMN with an inline REFERENCES like 0009, with a partial index.

A new table, new indexes and one nullable column; no existing table is copied.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None

LIVE = 'deleted_at IS NULL'
INDEXES: tuple[tuple[str, str, list[str], str], ...] = (
    ('ix_cases_live_statistics', 'cases',
     ['intake_date', 'district', 'intake_source', 'outcome_date', 'track', 'person_id'], LIVE),
    ('ix_cases_live_outcome', 'cases',
     ['outcome_date', 'district', 'outcome', 'intake_date'],
     f'{LIVE} AND outcome_date IS NOT NULL'),
    ('ix_person_nationalities_live_first', 'person_nationalities',
     ['person_id', 'position', 'code'], LIVE),
    ('ix_case_flags_live_statistics', 'case_flags', ['flag', 'since', 'until', 'case_id'], LIVE),
    ('ix_custody_records_live_released', 'custody_records', ['released_on', 'case_id'],
     f'{LIVE} AND released_on IS NOT NULL'),
    ('ix_custody_records_live_456a', 'custody_records',
     ['decision_456a_on', 'decision_456a', 'case_id'],
     f'{LIVE} AND decision_456a_on IS NOT NULL'),
    ('ix_custody_notices_live_sent', 'custody_notices', ['sent_on', 'relevant_date', 'record_id'],
     LIVE),
    ('ix_measures_live_done', 'measures', ['done_on', 'case_id'],
     f"{LIVE} AND status = 'done'"),
    ('ix_measures_live_due', 'measures', ['due_date', 'status', 'done_on', 'case_id'],
     f"{LIVE} AND due_date IS NOT NULL AND status <> 'cancelled'"),
)


def upgrade() -> None:
    op.create_table('statistics_snapshots',
    sa.Column('period_kind', sa.String(length=16), nullable=False),
    sa.Column('period_start', sa.Date(), nullable=False),
    sa.Column('period_end', sa.Date(), nullable=False),
    sa.Column('district', sa.String(length=3), nullable=True),
    sa.Column('cut_off', sa.Date(), nullable=False),
    sa.Column('created_by', sa.String(length=36), nullable=True),
    sa.Column('created_by_name', sa.String(length=200), nullable=False),
    sa.Column('figures', sa.Text(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('definitions_version', sa.String(length=16), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.String(length=32), nullable=False),
    sa.Column('updated_at', sa.String(length=32), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('deleted_at', sa.String(length=32), nullable=True),
    sa.ForeignKeyConstraint(['created_by'], ['users.id'],
                            name=op.f('fk_statistics_snapshots_created_by_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_statistics_snapshots'))
    )
    op.create_index('ix_statistics_snapshots_created', 'statistics_snapshots',
                    ['created_at'], unique=False)
    for name, table, columns, where in INDEXES:
        op.create_index(name, table, columns, unique=False, sqlite_where=sa.text(where))
    op.execute(
        "CREATE TRIGGER statistics_snapshots_frozen BEFORE UPDATE ON statistics_snapshots "
        "BEGIN SELECT RAISE(ABORT, 'a statistics snapshot is frozen'); END"
    )
    op.execute(
        "CREATE TRIGGER statistics_snapshots_no_delete BEFORE DELETE ON statistics_snapshots "
        "BEGIN SELECT RAISE(ABORT, 'a statistics snapshot is never deleted'); END"
    )
    # SQLite: ADD COLUMN with an inline REFERENCES clause (nullable, default NULL), as 0009.
    op.execute("ALTER TABLE journal_entries ADD COLUMN letter_id VARCHAR(36) "
               "CONSTRAINT fk_journal_entries_letter_id_letters "
               "REFERENCES letters (id)")
    op.create_index('ix_journal_entries_letter', 'journal_entries', ['letter_id'],
                    unique=False, sqlite_where=sa.text('letter_id IS NOT NULL'))


def downgrade() -> None:
    op.drop_index('ix_journal_entries_letter', table_name='journal_entries')
    op.drop_column('journal_entries', 'letter_id')
    for trigger in ('statistics_snapshots_no_delete', 'statistics_snapshots_frozen'):
        op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
    for name, table, _, _ in reversed(INDEXES):
        op.drop_index(name, table_name=table)
    op.drop_index('ix_statistics_snapshots_created', table_name='statistics_snapshots')
    op.drop_table('statistics_snapshots')
