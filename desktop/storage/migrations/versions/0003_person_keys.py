"""person keys: blocking keys of every person's names, for the duplicate check

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25

New table person_keys (a Record: UUID id, created/updated, version, deleted_at; person_id,
key) with indexes on (key, person_id) and on person_id, filled here for every live person
from its names and live aliases.

The keys are computed in Python by ``desktop.storage.blocking_keys`` (which calls the pure
``desktop.domain.duplicates.person_blocking_keys``). A migration normally depends on nothing
that may change later; this one does, deliberately: the table is derived data and must hold
exactly the keys the running program computes. If the key function ever changes, write a new
migration that deletes and recomputes all rows of person_keys (as ``_fill`` does here), so
that old vaults do not keep keys the look-up no longer produces.
"""

from __future__ import annotations

import os
import time
from collections import defaultdict
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

from desktop.storage.blocking_keys import person_keys

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None

_CHUNK = 5000


def _record_columns() -> list[sa.Column[object]]:
    return [
        sa.Column('id', sa.String(length=36), nullable=False),
        sa.Column('created_at', sa.String(length=32), nullable=False),
        sa.Column('updated_at', sa.String(length=32), nullable=False),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.Column('deleted_at', sa.String(length=32), nullable=True),
    ]


def _ordered_ids(count: int) -> list[str]:
    """Time-ordered UUIDs (version 7), ascending: the fill appends to the primary-key index
    instead of inserting at random places (a 100,000-person vault gets ~900,000 rows)."""
    millis = f"{time.time_ns() // 1_000_000 & (1 << 48) - 1:012x}"
    raw = os.urandom(16 * count).hex()
    ids = []
    for start in range(0, 32 * count, 32):
        h = raw[start:start + 32]
        ids.append(f"{millis[:8]}-{millis[8:]}-7{h[13:16]}-{'89ab'[int(h[16], 16) & 3]}"
                   f"{h[17:20]}-{h[20:]}")
    ids.sort()
    return ids


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
    # The same text the ORM's UTCDateTime writes.
    stamp = datetime.now(UTC).isoformat(timespec="microseconds")
    insert = ("INSERT INTO person_keys (id, created_at, updated_at, version, deleted_at, "
              "person_id, key) VALUES (?, ?, ?, 1, NULL, ?, ?)")
    for start in range(0, len(persons), _CHUNK):
        pairs = [(person_id, key)
                 for person_id, family, given, birth_name in persons[start:start + _CHUNK]
                 for key in person_keys(family, given, birth_name, aliases.get(person_id, ()))]
        if pairs:
            bind.exec_driver_sql(insert, [
                (row_id, stamp, stamp, person_id, key)
                for row_id, (person_id, key) in zip(_ordered_ids(len(pairs)), pairs,
                                                    strict=True)])


def upgrade() -> None:
    op.create_table('person_keys',
    sa.Column('person_id', sa.String(length=36), nullable=False),
    sa.Column('key', sa.String(length=64), nullable=False),
    *_record_columns(),
    sa.ForeignKeyConstraint(['person_id'], ['persons.id'],
                            name=op.f('fk_person_keys_person_id_persons')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_person_keys'))
    )
    _fill(op.get_bind())
    # Built after the fill: one pass over all rows is faster than keeping them up to date.
    op.create_index('ix_person_keys_key_person', 'person_keys', ['key', 'person_id'],
                    unique=False)
    op.create_index(op.f('ix_person_keys_person_id'), 'person_keys', ['person_id'],
                    unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_person_keys_person_id'), table_name='person_keys')
    op.drop_index('ix_person_keys_key_person', table_name='person_keys')
    op.drop_table('person_keys')
