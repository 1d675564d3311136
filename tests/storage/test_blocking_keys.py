"""The key texts stored in person_keys: the domain's keys, fitted to the 64-character column."""

from __future__ import annotations

from desktop.domain.duplicates import PersonQuery, person_blocking_keys
from desktop.storage.blocking_keys import KEY_LENGTH, fit, person_keys, query_keys


def test_short_keys_are_stored_as_they_are():
    assert fit("f:hadat") == "f:hadat"
    assert person_keys("Haddad", "Mohammed", "") == sorted(
        person_blocking_keys(PersonQuery("Haddad", "Mohammed")))


def test_long_keys_are_shortened_distinctly_and_the_same_way_each_time():
    a, b = "s:" + "a" * 70, "s:" + "a" * 69 + "b"
    assert len(fit(a)) == KEY_LENGTH
    assert fit(a) == fit(a)
    assert fit(a) != fit(b)
    assert fit(a).startswith("s:aaa")


def test_a_very_long_name_gives_only_keys_that_fit_and_finds_itself():
    family = "Abdulrahman-Alkhatib-Benhassan-Elmansouri-Ouahbi-Zahraoui"
    given = "Mohammed Youssef Abdelkarim Khaled Ibrahim"
    stored = set(person_keys(family, given, ""))
    assert max(len(key) for key in stored) <= KEY_LENGTH
    assert any(len(key) > KEY_LENGTH for key in person_blocking_keys(PersonQuery(family,
                                                                                 given)))
    assert stored == set(query_keys(PersonQuery(family, given)))
