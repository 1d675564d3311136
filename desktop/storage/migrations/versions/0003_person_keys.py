"""person keys: blocking keys of every person's names, for the duplicate check

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25

New table person_keys (key, person_id) — a lean WITHOUT ROWID table keyed by (key,
person_id), with an index on person_id, filled here for every live person from its names and
live aliases. It is derived data, recomputed on every change and never synchronised, so it
does not carry the Record columns (UUID id, timestamps, version, deleted_at): with about nine
keys a person they would double the size of a large vault.

The keys are computed in Python by ``desktop.storage.blocking_keys`` (which calls the pure
``desktop.domain.duplicates.person_blocking_keys``). A migration normally depends on nothing
that may change later; this one does, deliberately: the table is derived data and must hold
exactly the keys the running program computes. If the key function ever changes, write a new
migration that deletes and recomputes all rows of person_keys (as ``_fill`` does here), so
that old vaults do not keep keys the look-up no longer produces.
"""

from __future__ import annotations

from collections import defaultdict

import sqlalchemy as sa
from alembic import op

from desktop.storage.blocking_keys import person_keys

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None

_CHUNK = 5000


def _fill(bind: sa.Connection) -> None:
    """Inserts the keys of every live person (own name, birth name, live aliases)."""
    aliases: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for person_id, family, given in bind.execute(sa.text(
            "SELECT person_id, family_name, given_names FROM aliases "
            "WHERE deleted_at IS NULL ORDER BY person_id, family_name, given_names")):
        aliases[person_id].append((family, given))
    persons = bind.execute(sa.text(
        "SELECT id, family_name, given_names, birth_name FROM persons "
        "WHERE deleted_at IS NULL ORDER BY id")).all()
    insert = "INSERT OR IGNORE INTO person_keys (key, person_id) VALUES (?, ?)"
    for start in range(0, len(persons), _CHUNK):
        pairs = [(key, person_id)
                 for person_id, family, given, birth_name in persons[start:start + _CHUNK]
                 for key in person_keys(family, given, birth_name, aliases.get(person_id, ()))]
        if pairs:
            bind.exec_driver_sql(insert, pairs)


def upgrade() -> None:
    op.create_table('person_keys',
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('person_id', sa.String(length=36), nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['persons.id'],
                            name=op.f('fk_person_keys_person_id_persons')),
    sa.PrimaryKeyConstraint('key', 'person_id', name=op.f('pk_person_keys')),
    sqlite_with_rowid=False,
    )
    _fill(op.get_bind())
    # Built after the fill: one pass over all rows is faster than keeping it up to date.
    op.create_index(op.f('ix_person_keys_person_id'), 'person_keys', ['person_id'],
                    unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_person_keys_person_id'), table_name='person_keys')
    op.drop_table('person_keys')
