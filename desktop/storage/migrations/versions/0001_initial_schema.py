"""initial schema

Revision ID: 0001
Revises: (none)
Create Date: 2026-11-23

The first schema: users, partners, persons, cases, measures, reminders, journal, audit;
the FTS5 search index; triggers that keep the audit table append-only.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('audit_events',
    sa.Column('seq', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('at', sa.String(length=32), nullable=False),
    sa.Column('actor_id', sa.String(length=36), nullable=True),
    sa.Column('actor_name', sa.String(length=64), nullable=False),
    sa.Column('actor_role', sa.String(length=16), nullable=False),
    sa.Column('action', sa.String(length=64), nullable=False),
    sa.Column('entity_type', sa.String(length=32), nullable=False),
    sa.Column('entity_id', sa.String(length=36), nullable=True),
    sa.Column('details', sa.Text(), nullable=False),
    sa.Column('prev_hash', sa.String(length=64), nullable=False),
    sa.Column('hash', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('seq', name=op.f('pk_audit_events')),
    sa.UniqueConstraint('id', name=op.f('uq_audit_events_id'))
    )
    op.create_table('file_number_counters',
    sa.Column('district', sa.String(length=3), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('last_number', sa.Integer(), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.String(length=32), nullable=False),
    sa.Column('updated_at', sa.String(length=32), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('deleted_at', sa.String(length=32), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_file_number_counters')),
    sa.UniqueConstraint('district', 'year', name=op.f('uq_file_number_counters_district_year'))
    )
    op.create_table('partners',
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('short_name', sa.String(length=64), nullable=False),
    sa.Column('district', sa.String(length=3), nullable=True),
    sa.Column('street', sa.String(length=200), nullable=False),
    sa.Column('postcode', sa.String(length=10), nullable=False),
    sa.Column('city', sa.String(length=100), nullable=False),
    sa.Column('phone', sa.String(length=64), nullable=False),
    sa.Column('email', sa.String(length=200), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.String(length=32), nullable=False),
    sa.Column('updated_at', sa.String(length=32), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('deleted_at', sa.String(length=32), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_partners'))
    )
    with op.batch_alter_table('partners', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_partners_kind'), ['kind'], unique=False)

    op.create_table('persons',
    sa.Column('family_name', sa.String(length=200), nullable=False),
    sa.Column('given_names', sa.String(length=200), nullable=False),
    sa.Column('birth_name', sa.String(length=200), nullable=False),
    sa.Column('birth_date', sa.String(length=10), nullable=True),
    sa.Column('birth_place', sa.String(length=200), nullable=False),
    sa.Column('azr_number', sa.String(length=20), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.String(length=32), nullable=False),
    sa.Column('updated_at', sa.String(length=32), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('deleted_at', sa.String(length=32), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_persons'))
    )
    op.create_table('users',
    sa.Column('name', sa.String(length=64), nullable=False),
    sa.Column('display_name', sa.String(length=200), nullable=False),
    sa.Column('role', sa.String(length=16), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.String(length=32), nullable=False),
    sa.Column('updated_at', sa.String(length=32), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('deleted_at', sa.String(length=32), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_users')),
    sa.UniqueConstraint('name', name=op.f('uq_users_name'))
    )
    op.create_table('vault_meta',
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('value', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_vault_meta'))
    )
    op.create_table('aliases',
    sa.Column('person_id', sa.String(length=36), nullable=False),
    sa.Column('family_name', sa.String(length=200), nullable=False),
    sa.Column('given_names', sa.String(length=200), nullable=False),
    sa.Column('birth_date', sa.String(length=10), nullable=True),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.String(length=32), nullable=False),
    sa.Column('updated_at', sa.String(length=32), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('deleted_at', sa.String(length=32), nullable=True),
    sa.ForeignKeyConstraint(['person_id'], ['persons.id'], name=op.f('fk_aliases_person_id_persons')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_aliases'))
    )
    with op.batch_alter_table('aliases', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_aliases_person_id'), ['person_id'], unique=False)

    op.create_table('cases',
    sa.Column('file_number', sa.String(length=24), nullable=False),
    sa.Column('district', sa.String(length=3), nullable=False),
    sa.Column('person_id', sa.String(length=36), nullable=False),
    sa.Column('track', sa.String(length=24), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('outcome', sa.String(length=32), nullable=True),
    sa.Column('outcome_date', sa.Date(), nullable=True),
    sa.Column('intake_source', sa.String(length=24), nullable=False),
    sa.Column('intake_date', sa.Date(), nullable=False),
    sa.Column('intake_reference', sa.String(length=200), nullable=False),
    sa.Column('responsible_abh_id', sa.String(length=36), nullable=True),
    sa.Column('caseworker_id', sa.String(length=36), nullable=True),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.Column('sort_name', sa.String(length=400), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.String(length=32), nullable=False),
    sa.Column('updated_at', sa.String(length=32), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('deleted_at', sa.String(length=32), nullable=True),
    sa.ForeignKeyConstraint(['caseworker_id'], ['users.id'], name=op.f('fk_cases_caseworker_id_users')),
    sa.ForeignKeyConstraint(['person_id'], ['persons.id'], name=op.f('fk_cases_person_id_persons')),
    sa.ForeignKeyConstraint(['responsible_abh_id'], ['partners.id'], name=op.f('fk_cases_responsible_abh_id_partners')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_cases')),
    sa.UniqueConstraint('file_number', name=op.f('uq_cases_file_number'))
    )
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.create_index('ix_cases_live_caseworker', ['caseworker_id', 'sort_name', 'file_number', 'id'], unique=False, sqlite_where=sa.text('deleted_at IS NULL'))
        batch_op.create_index('ix_cases_live_district', ['district', 'sort_name', 'file_number', 'id'], unique=False, sqlite_where=sa.text('deleted_at IS NULL'))
        batch_op.create_index('ix_cases_live_file_number', ['file_number', 'id'], unique=False, sqlite_where=sa.text('deleted_at IS NULL'))
        batch_op.create_index('ix_cases_live_intake', ['intake_date', 'file_number', 'id'], unique=False, sqlite_where=sa.text('deleted_at IS NULL'))
        batch_op.create_index('ix_cases_live_sort_name', ['sort_name', 'file_number', 'id'], unique=False, sqlite_where=sa.text('deleted_at IS NULL'))
        batch_op.create_index('ix_cases_live_status', ['status', 'sort_name', 'file_number', 'id'], unique=False, sqlite_where=sa.text('deleted_at IS NULL'))
        batch_op.create_index('ix_cases_live_updated', ['updated_at', 'file_number', 'id'], unique=False, sqlite_where=sa.text('deleted_at IS NULL'))
        batch_op.create_index(batch_op.f('ix_cases_person_id'), ['person_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_cases_responsible_abh_id'), ['responsible_abh_id'], unique=False)

    op.create_table('contacts',
    sa.Column('partner_id', sa.String(length=36), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('function', sa.String(length=200), nullable=False),
    sa.Column('phone', sa.String(length=64), nullable=False),
    sa.Column('email', sa.String(length=200), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.String(length=32), nullable=False),
    sa.Column('updated_at', sa.String(length=32), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('deleted_at', sa.String(length=32), nullable=True),
    sa.ForeignKeyConstraint(['partner_id'], ['partners.id'], name=op.f('fk_contacts_partner_id_partners')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_contacts'))
    )
    with op.batch_alter_table('contacts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_contacts_partner_id'), ['partner_id'], unique=False)

    op.create_table('person_nationalities',
    sa.Column('person_id', sa.String(length=36), nullable=False),
    sa.Column('code', sa.String(length=2), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.String(length=32), nullable=False),
    sa.Column('updated_at', sa.String(length=32), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('deleted_at', sa.String(length=32), nullable=True),
    sa.ForeignKeyConstraint(['person_id'], ['persons.id'], name=op.f('fk_person_nationalities_person_id_persons')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_person_nationalities')),
    sa.UniqueConstraint('person_id', 'code', name=op.f('uq_person_nationalities_person_id_code'))
    )
    with op.batch_alter_table('person_nationalities', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_person_nationalities_code'), ['code'], unique=False)
        batch_op.create_index(batch_op.f('ix_person_nationalities_person_id'), ['person_id'], unique=False)

    op.create_table('case_flags',
    sa.Column('case_id', sa.String(length=36), nullable=False),
    sa.Column('flag', sa.String(length=32), nullable=False),
    sa.Column('since', sa.Date(), nullable=True),
    sa.Column('until', sa.Date(), nullable=True),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.String(length=32), nullable=False),
    sa.Column('updated_at', sa.String(length=32), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('deleted_at', sa.String(length=32), nullable=True),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_case_flags_case_id_cases')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_case_flags'))
    )
    with op.batch_alter_table('case_flags', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_case_flags_case_id'), ['case_id'], unique=False)
        batch_op.create_index('ix_case_flags_flag_case', ['flag', 'case_id'], unique=False, sqlite_where=sa.text('until IS NULL AND deleted_at IS NULL'))

    op.create_table('journal_entries',
    sa.Column('case_id', sa.String(length=36), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('occurred_at', sa.String(length=32), nullable=False),
    sa.Column('author_id', sa.String(length=36), nullable=True),
    sa.Column('subject', sa.String(length=200), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.String(length=32), nullable=False),
    sa.Column('updated_at', sa.String(length=32), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('deleted_at', sa.String(length=32), nullable=True),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_journal_entries_author_id_users')),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_journal_entries_case_id_cases')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_journal_entries'))
    )
    with op.batch_alter_table('journal_entries', schema=None) as batch_op:
        batch_op.create_index('ix_journal_case_time', ['case_id', 'occurred_at'], unique=False)

    op.create_table('measures',
    sa.Column('case_id', sa.String(length=36), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('owner', sa.String(length=16), nullable=False),
    sa.Column('owner_partner_id', sa.String(length=36), nullable=True),
    sa.Column('due_date', sa.Date(), nullable=True),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('result', sa.Text(), nullable=False),
    sa.Column('done_on', sa.Date(), nullable=True),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.String(length=32), nullable=False),
    sa.Column('updated_at', sa.String(length=32), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('deleted_at', sa.String(length=32), nullable=True),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_measures_case_id_cases')),
    sa.ForeignKeyConstraint(['owner_partner_id'], ['partners.id'], name=op.f('fk_measures_owner_partner_id_partners')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_measures'))
    )
    with op.batch_alter_table('measures', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_measures_case_id'), ['case_id'], unique=False)
        batch_op.create_index('ix_measures_status_due', ['status', 'due_date'], unique=False)

    op.create_table('reminders',
    sa.Column('case_id', sa.String(length=36), nullable=False),
    sa.Column('measure_id', sa.String(length=36), nullable=True),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('due_date', sa.Date(), nullable=False),
    sa.Column('due_time', sa.String(length=5), nullable=True),
    sa.Column('early_warning', sa.Date(), nullable=True),
    sa.Column('done_at', sa.String(length=32), nullable=True),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.String(length=32), nullable=False),
    sa.Column('updated_at', sa.String(length=32), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('deleted_at', sa.String(length=32), nullable=True),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_reminders_case_id_cases')),
    sa.ForeignKeyConstraint(['measure_id'], ['measures.id'], name=op.f('fk_reminders_measure_id_measures')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reminders'))
    )
    with op.batch_alter_table('reminders', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_reminders_case_id'), ['case_id'], unique=False)
        batch_op.create_index('ix_reminders_due', ['done_at', 'due_date'], unique=False)

    op.execute(
        "CREATE VIRTUAL TABLE case_search USING fts5("
        "case_id UNINDEXED, names, numbers, "
        "tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3')"
    )
    op.execute(
        "CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events "
        "BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END"
    )
    op.execute(
        "CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events "
        "BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END"
    )


def downgrade() -> None:
    op.execute("DROP TRIGGER IF EXISTS audit_events_no_delete")
    op.execute("DROP TRIGGER IF EXISTS audit_events_no_update")
    op.execute("DROP TABLE IF EXISTS case_search")
    with op.batch_alter_table('reminders', schema=None) as batch_op:
        batch_op.drop_index('ix_reminders_due')
        batch_op.drop_index(batch_op.f('ix_reminders_case_id'))

    op.drop_table('reminders')
    with op.batch_alter_table('measures', schema=None) as batch_op:
        batch_op.drop_index('ix_measures_status_due')
        batch_op.drop_index(batch_op.f('ix_measures_case_id'))

    op.drop_table('measures')
    with op.batch_alter_table('journal_entries', schema=None) as batch_op:
        batch_op.drop_index('ix_journal_case_time')

    op.drop_table('journal_entries')
    with op.batch_alter_table('case_flags', schema=None) as batch_op:
        batch_op.drop_index('ix_case_flags_flag_case', sqlite_where=sa.text('until IS NULL AND deleted_at IS NULL'))
        batch_op.drop_index(batch_op.f('ix_case_flags_case_id'))

    op.drop_table('case_flags')
    with op.batch_alter_table('person_nationalities', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_person_nationalities_person_id'))
        batch_op.drop_index(batch_op.f('ix_person_nationalities_code'))

    op.drop_table('person_nationalities')
    with op.batch_alter_table('contacts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_contacts_partner_id'))

    op.drop_table('contacts')
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_cases_responsible_abh_id'))
        batch_op.drop_index(batch_op.f('ix_cases_person_id'))
        batch_op.drop_index('ix_cases_live_updated', sqlite_where=sa.text('deleted_at IS NULL'))
        batch_op.drop_index('ix_cases_live_status', sqlite_where=sa.text('deleted_at IS NULL'))
        batch_op.drop_index('ix_cases_live_sort_name', sqlite_where=sa.text('deleted_at IS NULL'))
        batch_op.drop_index('ix_cases_live_intake', sqlite_where=sa.text('deleted_at IS NULL'))
        batch_op.drop_index('ix_cases_live_file_number', sqlite_where=sa.text('deleted_at IS NULL'))
        batch_op.drop_index('ix_cases_live_district', sqlite_where=sa.text('deleted_at IS NULL'))
        batch_op.drop_index('ix_cases_live_caseworker', sqlite_where=sa.text('deleted_at IS NULL'))

    op.drop_table('cases')
    with op.batch_alter_table('aliases', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_aliases_person_id'))

    op.drop_table('aliases')
    op.drop_table('vault_meta')
    op.drop_table('users')
    op.drop_table('persons')
    with op.batch_alter_table('partners', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_partners_kind'))

    op.drop_table('partners')
    op.drop_table('file_number_counters')
    op.drop_table('audit_events')
