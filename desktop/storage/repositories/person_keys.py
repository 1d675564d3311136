"""The duplicate check's blocking keys: keep them current, find candidate persons by them.

``person_keys`` holds the keys of every live person's names (own, birth name, live aliases;
see ``desktop.storage.blocking_keys``). They are rewritten whenever names or aliases change
(:func:`refresh_person_keys`), written in bulk by the demo loader (:func:`bulk_rows`), and
read by :func:`candidates`: the persons who share at least one key with a new person.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from desktop.storage.blocking_keys import person_keys
from desktop.storage.orm import Alias, Case, Person, PersonBlockingKey

__all__ = ["bulk_rows", "candidates", "refresh_person_keys"]


def refresh_person_keys(session: Session, person: Person) -> int:
    """Replaces the stored keys of ``person`` by those of its current names and live
    aliases (none for a deleted person); returns how many were written.

    Call after the person's changes are applied; the person is flushed first so that it has
    its id.
    """
    if person.id is None:
        session.flush()
    session.execute(delete(PersonBlockingKey).where(PersonBlockingKey.person_id == person.id))
    if person.deleted_at is not None:
        return 0
    keys = person_keys(person.family_name, person.given_names, person.birth_name,
                       [(a.family_name, a.given_names) for a in person.aliases
                        if a.deleted_at is None])
    if keys:
        session.execute(insert(PersonBlockingKey),
                        [{"person_id": person.id, "key": key} for key in keys])
    return len(keys)


def bulk_rows(persons: Iterable[Mapping[str, Any]],
              aliases: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """``person_keys`` rows (``person_id``, ``key``) for bulk-inserted person and alias dicts
    (keys ``id``/``person_id``, ``family_name``, ``given_names``, ``birth_name``)."""
    by_person: dict[str, list[tuple[str, str]]] = {}
    for alias in aliases:
        if alias.get("deleted_at") is None:
            by_person.setdefault(alias["person_id"], []).append(
                (alias["family_name"], alias.get("given_names", "")))
    return [{"person_id": person["id"], "key": key}
            for person in persons if person.get("deleted_at") is None
            for key in person_keys(person["family_name"], person.get("given_names", ""),
                                   person.get("birth_name", ""),
                                   by_person.get(person["id"], ()))]


def candidates(session: Session, keys: Sequence[str]) -> tuple[list[Any], list[Any]]:
    """The live cases of the live persons who share a key with ``keys``, and those persons'
    live aliases.

    Returns (cases, aliases): case rows with ``case_id``, ``file_number``, ``status``,
    ``person_id``, ``family_name``, ``given_names``, ``birth_name``, ``birth_date``; alias rows
    with ``person_id``, ``family_name``, ``given_names``, ``birth_date``.
    """
    if not keys:
        return [], []
    matching = (select(PersonBlockingKey.person_id)
                .where(PersonBlockingKey.key.in_(list(keys))).distinct())
    cases = session.execute(
        select(Case.id.label("case_id"), Case.file_number, Case.status,
               Person.id.label("person_id"), Person.family_name, Person.given_names,
               Person.birth_name, Person.birth_date)
        .join(Case, Case.person_id == Person.id)
        .where(Person.id.in_(matching), Person.deleted_at.is_(None),
               Case.deleted_at.is_(None))
    ).all()
    if not cases:
        return [], []
    aliases = session.execute(
        select(Alias.person_id, Alias.family_name, Alias.given_names, Alias.birth_date)
        .where(Alias.person_id.in_(matching), Alias.deleted_at.is_(None))
        .order_by(Alias.person_id, Alias.family_name, Alias.given_names)
    ).all()
    return list(cases), list(aliases)  # Row objects: attributes named as above
