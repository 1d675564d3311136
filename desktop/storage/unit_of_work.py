"""One unit of work per user action: a session, one transaction, audit events in it."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Engine
from sqlalchemy import exc as sa_exc
from sqlalchemy.orm import Session
from sqlalchemy.orm import exc as orm_exc

from desktop.errors import (
    DamagedVaultError,
    ReadOnlyLocationError,
    StaleDataError,
    StorageFullError,
    UserFacingError,
    VaultInUseError,
)
from desktop.storage import audit
from desktop.storage.audit import Actor, AuditHead


class UnitOfWork:
    """A session and the actor; ``audit`` appends to the hash chain in the same transaction."""

    def __init__(self, session: Session, actor: Actor) -> None:
        self.session = session
        self.actor = actor
        self.head: AuditHead | None = None

    def audit(self, action: str, entity_type: str, entity_id: str | None = None,
              details: dict[str, Any] | None = None) -> None:
        self.head = audit.append(self.session, self.actor, action, entity_type, entity_id,
                                 details)


@contextmanager
def unit_of_work(engine: Engine, actor: Actor, *,
                 on_commit: Callable[[AuditHead], None] | None = None) -> Iterator[UnitOfWork]:
    """Runs the body in one transaction; commits once, rolls back on any error.

    Database errors the user can act on are translated (disk full, read-only, damaged file,
    a concurrent change); everything else propagates as the bug it is.
    """
    session = Session(bind=engine, expire_on_commit=False, autoflush=True)
    uow = UnitOfWork(session, actor)
    try:
        yield uow
        session.commit()
    except BaseException as error:
        session.rollback()
        translated = translate(error)
        if translated is not None:
            raise translated from error
        raise
    finally:
        session.close()
    if uow.head is not None and on_commit is not None:
        on_commit(uow.head)


_FULL = re.compile(r"disk is full|database or disk is full|SQLITE_FULL", re.I)
_READONLY = re.compile(r"readonly database|read-only|attempt to write a readonly", re.I)
_DAMAGED = re.compile(r"malformed|file is not a database|not a database|corrupt", re.I)
_LOCKED = re.compile(r"database is locked|database table is locked", re.I)


def translate(error: BaseException) -> UserFacingError | None:
    """The user-facing error for a database exception, or None for a bug."""
    if isinstance(error, UserFacingError):
        return None
    if isinstance(error, orm_exc.StaleDataError):
        return StaleDataError(detail=str(error))
    if isinstance(error, sa_exc.DBAPIError):
        text = str(error.orig)
        if _FULL.search(text):
            return StorageFullError(detail=text)
        if _READONLY.search(text):
            return ReadOnlyLocationError(detail=text)
        if _DAMAGED.search(text):
            return DamagedVaultError(detail=text)
        if _LOCKED.search(text):
            return VaultInUseError(detail=text)
    return None
