"""residence: Duldungen, obstacles, external file numbers, identity documents

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-24

New tables duldungen, obstacles, external_references and identity_documents (each a Record:
UUID id, created/updated, version, deleted_at), and the person's languages and address.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def _record_columns() -> list[sa.Column[object]]:
    return [
        sa.Column('id', sa.String(length=36), nullable=False),
        sa.Column('created_at', sa.String(length=32), nullable=False),
        sa.Column('updated_at', sa.String(length=32), nullable=False),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.Column('deleted_at', sa.String(length=32), nullable=True),
    ]


def upgrade() -> None:
    # Plain ALTER TABLE ADD COLUMN: a batch operation would copy and drop ``persons``, which
    # other tables reference (and foreign keys are enforced on every connection).
    op.add_column('persons', sa.Column('languages', sa.Text(), server_default=sa.text("''"),
                                       nullable=False))
    op.add_column('persons', sa.Column('address', sa.Text(), server_default=sa.text("''"),
                                       nullable=False))

    op.create_table('duldungen',
    sa.Column('case_id', sa.String(length=36), nullable=False),
    sa.Column('type', sa.String(length=16), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('valid_from', sa.Date(), nullable=False),
    sa.Column('valid_until', sa.Date(), nullable=True),
    sa.Column('issued_by', sa.String(length=200), nullable=False),
    *_record_columns(),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_duldungen_case_id_cases')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_duldungen'))
    )
    with op.batch_alter_table('duldungen', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_duldungen_case_id'), ['case_id'], unique=False)
        batch_op.create_index('ix_duldungen_live_until', ['valid_until', 'case_id'],
                              unique=False, sqlite_where=sa.text('deleted_at IS NULL'))

    op.create_table('obstacles',
    sa.Column('case_id', sa.String(length=36), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('since', sa.Date(), nullable=True),
    sa.Column('until', sa.Date(), nullable=True),
    sa.Column('resolved', sa.Boolean(), nullable=False),
    *_record_columns(),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_obstacles_case_id_cases')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_obstacles'))
    )
    with op.batch_alter_table('obstacles', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_obstacles_case_id'), ['case_id'], unique=False)

    op.create_table('external_references',
    sa.Column('case_id', sa.String(length=36), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('value', sa.String(length=100), nullable=False),
    sa.Column('authority', sa.String(length=200), nullable=False),
    *_record_columns(),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'],
                            name=op.f('fk_external_references_case_id_cases')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_external_references'))
    )
    with op.batch_alter_table('external_references', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_external_references_case_id'), ['case_id'],
                              unique=False)

    op.create_table('identity_documents',
    sa.Column('person_id', sa.String(length=36), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('number', sa.String(length=50), nullable=False),
    sa.Column('issuing_country', sa.String(length=2), nullable=False),
    sa.Column('valid_until', sa.Date(), nullable=True),
    sa.Column('status', sa.String(length=32), nullable=False),
    *_record_columns(),
    sa.ForeignKeyConstraint(['person_id'], ['persons.id'],
                            name=op.f('fk_identity_documents_person_id_persons')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_identity_documents'))
    )
    with op.batch_alter_table('identity_documents', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_identity_documents_person_id'), ['person_id'],
                              unique=False)


def downgrade() -> None:
    with op.batch_alter_table('identity_documents', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_identity_documents_person_id'))
    op.drop_table('identity_documents')
    with op.batch_alter_table('external_references', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_external_references_case_id'))
    op.drop_table('external_references')
    with op.batch_alter_table('obstacles', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_obstacles_case_id'))
    op.drop_table('obstacles')
    with op.batch_alter_table('duldungen', schema=None) as batch_op:
        batch_op.drop_index('ix_duldungen_live_until', sqlite_where=sa.text('deleted_at IS NULL'))
        batch_op.drop_index(batch_op.f('ix_duldungen_case_id'))
    op.drop_table('duldungen')
    # SQLite's own DROP COLUMN (3.35+), for the same reason as above.
    op.execute('ALTER TABLE persons DROP COLUMN address')
    op.execute('ALTER TABLE persons DROP COLUMN languages')
