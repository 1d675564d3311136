"""Schema migrations with Alembic: create a new vault's schema, upgrade an old one after a copy."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine

from desktop.storage import migrations


def _config(connection: Connection | None = None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(Path(migrations.__file__).parent))
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


def head_revision() -> str:
    head = ScriptDirectory.from_config(_config()).get_current_head()
    assert head is not None
    return head


def current_revision(connection: Connection) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()


def upgrade(engine: Engine, *, before: Callable[[str | None, str], None] | None = None) -> bool:
    """Brings the schema to the newest revision; True if anything was done.

    ``before(current, head)`` runs first when an existing schema is about to change; the
    vault passes a function that makes a verified encrypted copy of the file.
    """
    head = head_revision()
    with engine.connect() as connection:
        current = current_revision(connection)
    if current == head:
        return False
    if current is not None and before is not None:
        before(current, head)
    with engine.begin() as connection:
        command.upgrade(_config(connection), "head")
    return True
