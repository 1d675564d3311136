"""desk indexes: live journal entries per case in time order, Vorfristen of open reminders

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-24

The "Heute" desk asks for the newest live journal entry of every open case and for the
Vorfristen of open reminders; on 100,000 cases the first took 565 ms without a partial index
that leaves out soft-deleted rows. The old full index on (case_id, occurred_at) is replaced.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_index('ix_journal_case_time', table_name='journal_entries')
    op.create_index('ix_journal_live_case_time', 'journal_entries', ['case_id', 'occurred_at'],
                    unique=False, sqlite_where=sa.text('deleted_at IS NULL'))
    op.create_index('ix_reminders_open_warning', 'reminders', ['early_warning', 'case_id'],
                    unique=False,
                    sqlite_where=sa.text('done_at IS NULL AND deleted_at IS NULL'))


def downgrade() -> None:
    op.drop_index('ix_reminders_open_warning', table_name='reminders')
    op.drop_index('ix_journal_live_case_time', table_name='journal_entries')
    op.create_index('ix_journal_case_time', 'journal_entries', ['case_id', 'occurred_at'],
                    unique=False)
