"""case conferences (Fallkonferenzen): cases, participants, agenda, decisions, frozen minutes

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-15

- conferences: kind, start and end (local wall-clock time), place or remote, organiser,
  agenda summary, status (planned, held, final), SHA-256 of the frozen minutes.
- conference_cases: the cases a conference is about (unique per conference and case).
- conference_participants: a contact of the partner directory, an RRK user or a guest, with
  name/organisation/role/e-mail snapshots, attendance and the distribution-list mark.
- conference_items: the agenda with the minutes per item (situation, discussion).
- conference_decisions: what an item agreed, its owner (partner, user or name) and due date.
- conference_decision_measures: the measure a decision became in each case (unique measure).
- conference_documents: the PDF bytes of final minutes, apart from the list columns.
- Triggers: a final conference, its cases, participants, items and decisions never change
  and are never deleted; a stored PDF is never updated or deleted.

Only new tables; no existing table is altered.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None

CHILDREN = ('conference_cases', 'conference_participants', 'conference_items',
            'conference_decisions')
LIVE = sa.text('deleted_at IS NULL')


def _record_columns() -> list[sa.Column]:
    return [
        sa.Column('id', sa.String(length=36), nullable=False),
        sa.Column('created_at', sa.String(length=32), nullable=False),
        sa.Column('updated_at', sa.String(length=32), nullable=False),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.Column('deleted_at', sa.String(length=32), nullable=True),
    ]


def _fk(table: str, column: str, target: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint([column], [f'{target}.id'],
                                   name=op.f(f'fk_{table}_{column}_{target}'))


def upgrade() -> None:
    op.create_table('conferences',
    sa.Column('kind', sa.String(length=24), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('starts_at', sa.DateTime(), nullable=False),
    sa.Column('ends_at', sa.DateTime(), nullable=False),
    sa.Column('place', sa.String(length=200), nullable=False),
    sa.Column('remote', sa.Boolean(), nullable=False),
    sa.Column('organiser_user_id', sa.String(length=36), nullable=True),
    sa.Column('organiser_name', sa.String(length=200), nullable=False),
    sa.Column('organiser_email', sa.String(length=200), nullable=False),
    sa.Column('agenda_summary', sa.Text(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=True),
    sa.Column('finalised_at', sa.String(length=32), nullable=True),
    *_record_columns(),
    _fk('conferences', 'organiser_user_id', 'users'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_conferences'))
    )
    op.create_index('ix_conferences_live_starts', 'conferences', ['starts_at'], unique=False,
                    sqlite_where=LIVE)
    op.create_table('conference_cases',
    sa.Column('conference_id', sa.String(length=36), nullable=False),
    sa.Column('case_id', sa.String(length=36), nullable=False),
    *_record_columns(),
    _fk('conference_cases', 'conference_id', 'conferences'),
    _fk('conference_cases', 'case_id', 'cases'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_conference_cases')),
    sa.UniqueConstraint('conference_id', 'case_id',
                        name=op.f('uq_conference_cases_conference_id_case_id'))
    )
    op.create_index(op.f('ix_conference_cases_case_id'), 'conference_cases', ['case_id'],
                    unique=False)
    op.create_table('conference_participants',
    sa.Column('conference_id', sa.String(length=36), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('contact_id', sa.String(length=36), nullable=True),
    sa.Column('partner_id', sa.String(length=36), nullable=True),
    sa.Column('user_id', sa.String(length=36), nullable=True),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('organisation', sa.String(length=200), nullable=False),
    sa.Column('role', sa.String(length=200), nullable=False),
    sa.Column('email', sa.String(length=200), nullable=False),
    sa.Column('attendance', sa.String(length=16), nullable=False),
    sa.Column('on_distribution_list', sa.Boolean(), nullable=False),
    *_record_columns(),
    _fk('conference_participants', 'conference_id', 'conferences'),
    _fk('conference_participants', 'contact_id', 'contacts'),
    _fk('conference_participants', 'partner_id', 'partners'),
    _fk('conference_participants', 'user_id', 'users'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_conference_participants'))
    )
    op.create_index(op.f('ix_conference_participants_conference_id'),
                    'conference_participants', ['conference_id'], unique=False)
    op.create_index(op.f('ix_conference_participants_partner_id'),
                    'conference_participants', ['partner_id'], unique=False)
    op.create_table('conference_items',
    sa.Column('conference_id', sa.String(length=36), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('case_id', sa.String(length=36), nullable=True),
    sa.Column('situation', sa.Text(), nullable=False),
    sa.Column('discussion', sa.Text(), nullable=False),
    *_record_columns(),
    _fk('conference_items', 'conference_id', 'conferences'),
    _fk('conference_items', 'case_id', 'cases'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_conference_items'))
    )
    op.create_index(op.f('ix_conference_items_conference_id'), 'conference_items',
                    ['conference_id'], unique=False)
    op.create_table('conference_decisions',
    sa.Column('conference_id', sa.String(length=36), nullable=False),
    sa.Column('item_id', sa.String(length=36), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('owner_kind', sa.String(length=16), nullable=False),
    sa.Column('owner_partner_id', sa.String(length=36), nullable=True),
    sa.Column('owner_user_id', sa.String(length=36), nullable=True),
    sa.Column('owner_name', sa.String(length=200), nullable=False),
    sa.Column('owner_label', sa.String(length=400), nullable=False),
    sa.Column('due_date', sa.Date(), nullable=False),
    *_record_columns(),
    _fk('conference_decisions', 'conference_id', 'conferences'),
    _fk('conference_decisions', 'item_id', 'conference_items'),
    _fk('conference_decisions', 'owner_partner_id', 'partners'),
    _fk('conference_decisions', 'owner_user_id', 'users'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_conference_decisions'))
    )
    op.create_index(op.f('ix_conference_decisions_conference_id'), 'conference_decisions',
                    ['conference_id'], unique=False)
    op.create_index(op.f('ix_conference_decisions_item_id'), 'conference_decisions',
                    ['item_id'], unique=False)
    op.create_index('ix_conference_decisions_live_due', 'conference_decisions', ['due_date'],
                    unique=False, sqlite_where=LIVE)
    op.create_table('conference_decision_measures',
    sa.Column('decision_id', sa.String(length=36), nullable=False),
    sa.Column('measure_id', sa.String(length=36), nullable=False),
    sa.Column('case_id', sa.String(length=36), nullable=False),
    *_record_columns(),
    _fk('conference_decision_measures', 'decision_id', 'conference_decisions'),
    _fk('conference_decision_measures', 'measure_id', 'measures'),
    _fk('conference_decision_measures', 'case_id', 'cases'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_conference_decision_measures')),
    sa.UniqueConstraint('measure_id', name=op.f('uq_conference_decision_measures_measure_id'))
    )
    op.create_index(op.f('ix_conference_decision_measures_decision_id'),
                    'conference_decision_measures', ['decision_id'], unique=False)
    op.create_table('conference_documents',
    sa.Column('conference_id', sa.String(length=36), nullable=False),
    sa.Column('pdf', sa.LargeBinary(), nullable=False),
    _fk('conference_documents', 'conference_id', 'conferences'),
    sa.PrimaryKeyConstraint('conference_id', name=op.f('pk_conference_documents'))
    )
    op.execute(
        "CREATE TRIGGER conferences_final_frozen BEFORE UPDATE ON conferences "
        "WHEN OLD.status = 'final' "
        "BEGIN SELECT RAISE(ABORT, 'final minutes are frozen'); END")
    op.execute(
        "CREATE TRIGGER conferences_final_no_delete BEFORE DELETE ON conferences "
        "WHEN OLD.status = 'final' "
        "BEGIN SELECT RAISE(ABORT, 'final minutes are never deleted'); END")
    for table in CHILDREN:
        for event, row in (('INSERT', 'NEW'), ('UPDATE', 'OLD'), ('DELETE', 'OLD')):
            op.execute(
                f"CREATE TRIGGER {table}_final_no_{event.lower()} BEFORE {event} ON {table} "
                f"WHEN (SELECT status FROM conferences WHERE id = {row}.conference_id) "
                "= 'final' BEGIN SELECT RAISE(ABORT, 'final minutes are frozen'); END")
    op.execute(
        "CREATE TRIGGER conference_documents_no_update BEFORE UPDATE ON conference_documents "
        "BEGIN SELECT RAISE(ABORT, 'stored minutes are frozen'); END")
    op.execute(
        "CREATE TRIGGER conference_documents_no_delete BEFORE DELETE ON conference_documents "
        "BEGIN SELECT RAISE(ABORT, 'stored minutes are never deleted'); END")


def downgrade() -> None:
    for trigger in ('conference_documents_no_delete', 'conference_documents_no_update',
                    'conferences_final_no_delete', 'conferences_final_frozen'):
        op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
    for table in CHILDREN:
        for event in ('insert', 'update', 'delete'):
            op.execute(f"DROP TRIGGER IF EXISTS {table}_final_no_{event}")
    op.drop_table('conference_documents')
    op.drop_index(op.f('ix_conference_decision_measures_decision_id'),
                  table_name='conference_decision_measures')
    op.drop_table('conference_decision_measures')
    op.drop_index('ix_conference_decisions_live_due', table_name='conference_decisions')
    op.drop_index(op.f('ix_conference_decisions_item_id'), table_name='conference_decisions')
    op.drop_index(op.f('ix_conference_decisions_conference_id'),
                  table_name='conference_decisions')
    op.drop_table('conference_decisions')
    op.drop_index(op.f('ix_conference_items_conference_id'), table_name='conference_items')
    op.drop_table('conference_items')
    op.drop_index(op.f('ix_conference_participants_partner_id'),
                  table_name='conference_participants')
    op.drop_index(op.f('ix_conference_participants_conference_id'),
                  table_name='conference_participants')
    op.drop_table('conference_participants')
    op.drop_index(op.f('ix_conference_cases_case_id'), table_name='conference_cases')
    op.drop_table('conference_cases')
    op.drop_index('ix_conferences_live_starts', table_name='conferences')
    op.drop_table('conferences')
