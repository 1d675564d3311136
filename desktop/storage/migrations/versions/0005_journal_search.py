"""journal search: FTS5 table over the subject and text of live journal entries

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-24

The global search (Ctrl+K) also finds words of the Verlauf. The table holds the folded text
only (``fallakte_search_doc``: diacritics removed, ß → ss, umlauts also as ae/oe/ue); the
excerpt shown with a hit is cut from the journal entry itself. Filled here from the live
entries of live cases; afterwards kept current by the services.
"""

from __future__ import annotations

from alembic import op

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute(
        "CREATE VIRTUAL TABLE journal_search USING fts5("
        "entry_id UNINDEXED, case_id UNINDEXED, text, "
        "tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3')"
    )
    op.execute(
        "INSERT INTO journal_search (entry_id, case_id, text) "
        "SELECT j.id, j.case_id, fallakte_search_doc(j.subject, j.text) "
        "FROM journal_entries j JOIN cases c ON c.id = j.case_id "
        "WHERE j.deleted_at IS NULL AND c.deleted_at IS NULL"
    )


def downgrade() -> None:
    op.execute("DROP TABLE IF EXISTS journal_search")
