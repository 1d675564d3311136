"""intake details, birth country, awaited replies, attachments, saved filters

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-24

- persons.birth_country: the state of birth MiStra Nr. 42 asks for (ISO code, "" unknown).
- cases.intake_details: what the intake source brought, as canonical JSON ("{}" for old cases).
- journal_entries.reply_due / reply_received_on: replies awaited, with a partial index for
  the "Heute" desk.
- attachments + attachment_contents: files kept with a case; the bytes in their own table.
- saved_filters: named case-list filters per user.

Columns are added with ALTER TABLE ... ADD COLUMN (server defaults for the NOT NULL ones); no
existing table is copied (no batch operation on referenced tables).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def _record_columns() -> list[sa.Column]:
    return [
        sa.Column('id', sa.String(length=36), nullable=False),
        sa.Column('created_at', sa.String(length=32), nullable=False),
        sa.Column('updated_at', sa.String(length=32), nullable=False),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.Column('deleted_at', sa.String(length=32), nullable=True),
    ]


def upgrade() -> None:
    op.add_column('persons', sa.Column('birth_country', sa.String(length=2),
                                       server_default=sa.text("''"), nullable=False))
    op.add_column('cases', sa.Column('intake_details', sa.Text(),
                                     server_default=sa.text("'{}'"), nullable=False))
    op.add_column('journal_entries', sa.Column('reply_due', sa.Date(), nullable=True))
    op.add_column('journal_entries', sa.Column('reply_received_on', sa.Date(), nullable=True))
    op.create_index('ix_journal_awaiting_reply', 'journal_entries', ['reply_due', 'case_id'],
                    unique=False,
                    sqlite_where=sa.text('reply_due IS NOT NULL AND reply_received_on IS NULL '
                                         'AND deleted_at IS NULL'))
    op.create_table('attachments',
    sa.Column('case_id', sa.String(length=36), nullable=False),
    sa.Column('filename', sa.String(length=255), nullable=False),
    sa.Column('media_type', sa.String(length=100), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('note', sa.Text(), server_default=sa.text("''"), nullable=False),
    sa.Column('added_by', sa.String(length=36), nullable=True),
    *_record_columns(),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_attachments_case_id_cases')),
    sa.ForeignKeyConstraint(['added_by'], ['users.id'],
                            name=op.f('fk_attachments_added_by_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_attachments'))
    )
    op.create_index('ix_attachments_live_case', 'attachments', ['case_id', 'created_at'],
                    unique=False, sqlite_where=sa.text('deleted_at IS NULL'))
    op.create_table('attachment_contents',
    sa.Column('attachment_id', sa.String(length=36), nullable=False),
    sa.Column('data', sa.LargeBinary(), nullable=False),
    sa.ForeignKeyConstraint(['attachment_id'], ['attachments.id'],
                            name=op.f('fk_attachment_contents_attachment_id_attachments')),
    sa.PrimaryKeyConstraint('attachment_id', name=op.f('pk_attachment_contents'))
    )
    op.create_table('saved_filters',
    sa.Column('user_id', sa.String(length=36), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('query', sa.Text(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    *_record_columns(),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_saved_filters_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_saved_filters')),
    sa.UniqueConstraint('user_id', 'name', name=op.f('uq_saved_filters_user_id_name'))
    )
    op.create_index(op.f('ix_saved_filters_user_id'), 'saved_filters', ['user_id'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_saved_filters_user_id'), table_name='saved_filters')
    op.drop_table('saved_filters')
    op.drop_table('attachment_contents')
    op.drop_index('ix_attachments_live_case', table_name='attachments')
    op.drop_table('attachments')
    op.drop_index('ix_journal_awaiting_reply', table_name='journal_entries')
    op.drop_column('journal_entries', 'reply_received_on')
    op.drop_column('journal_entries', 'reply_due')
    op.drop_column('cases', 'intake_details')
    op.drop_column('persons', 'birth_country')
