"""azr checks: the AZR data-quality checklist of a case

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-24

New table azr_checks (a Record): one row per case and checklist item with its status, the
day it was checked, a note and who checked it. A new table only; no existing table is
copied (no batch operation on referenced tables).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('azr_checks',
    sa.Column('case_id', sa.String(length=36), nullable=False),
    sa.Column('item', sa.String(length=32), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('checked_on', sa.Date(), nullable=True),
    sa.Column('note', sa.Text(), server_default=sa.text("''"), nullable=False),
    sa.Column('checked_by', sa.String(length=36), nullable=True),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.String(length=32), nullable=False),
    sa.Column('updated_at', sa.String(length=32), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('deleted_at', sa.String(length=32), nullable=True),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_azr_checks_case_id_cases')),
    sa.ForeignKeyConstraint(['checked_by'], ['users.id'],
                            name=op.f('fk_azr_checks_checked_by_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_azr_checks')),
    sa.UniqueConstraint('case_id', 'item', name=op.f('uq_azr_checks_case_id_item'))
    )
    op.create_index(op.f('ix_azr_checks_case_id'), 'azr_checks', ['case_id'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_azr_checks_case_id'), table_name='azr_checks')
    op.drop_table('azr_checks')
