"""Rules of the partner directory (Netzwerk): input of partners and contact persons, their
validation with German messages per field, and reading a partner kind or district from text."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from desktop.domain.enums import District, PartnerKind
from desktop.domain.text import fold


@dataclass(frozen=True)
class PartnerInput:
    """What the caseworker types about a partner organisation (or an import row brings)."""

    kind: PartnerKind | None
    name: str
    short_name: str = ""
    district: District | None = None
    street: str = ""
    postcode: str = ""
    city: str = ""
    phone: str = ""
    email: str = ""

    def cleaned(self) -> PartnerInput:
        """The same input with surrounding white space removed from every text."""
        return PartnerInput(self.kind, self.name.strip(), self.short_name.strip(),
                            self.district, self.street.strip(), self.postcode.strip(),
                            self.city.strip(), self.phone.strip(), self.email.strip())


@dataclass(frozen=True)
class ContactInput:
    """A contact person at a partner organisation."""

    name: str
    function: str = ""
    phone: str = ""
    email: str = ""

    def cleaned(self) -> ContactInput:
        return ContactInput(self.name.strip(), self.function.strip(), self.phone.strip(),
                            self.email.strip())

    def is_empty(self) -> bool:
        return not any(v.strip() for v in (self.name, self.function, self.phone, self.email))


# The column widths of the ``partners`` and ``contacts`` tables.
PARTNER_MAX = {"name": 200, "short_name": 64, "street": 200, "postcode": 5, "city": 100,
               "phone": 64, "email": 200}
CONTACT_MAX = {"name": 200, "function": 200, "phone": 64, "email": 200}

_EMAIL = re.compile(r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$")
_PHONE = re.compile(r"^\+?[0-9 ()/\-]+$")
_POSTCODE = re.compile(r"^[0-9]{5}$")

MSG_KIND = "Bitte die Art des Partners wählen."
MSG_NAME = "Der Name fehlt."
MSG_CONTACT_NAME = "Der Name der Ansprechperson fehlt."
MSG_POSTCODE = "Die Postleitzahl besteht aus 5 Ziffern."
MSG_EMAIL = "Die E-Mail-Adresse ist ungültig (Beispiel: name@behoerde.de)."
MSG_PHONE = ("Die Telefonnummer darf nur Ziffern, Leerzeichen und die Zeichen + / - ( ) "
             "enthalten.")
MSG_CONTROL = "Steuerzeichen (z. B. Tabulator oder Zeilenumbruch) sind nicht erlaubt."


def has_control_characters(text: str) -> bool:
    """True if ``text`` holds a control character, line or paragraph separator."""
    return any(unicodedata.category(ch) in ("Cc", "Zl", "Zp") for ch in text)


def _text_problems(values: dict[str, str], limits: dict[str, int]) -> dict[str, str]:
    problems: dict[str, str] = {}
    for name, value in values.items():
        if has_control_characters(value):
            problems[name] = MSG_CONTROL
        elif len(value.strip()) > limits[name]:
            problems[name] = f"Höchstens {limits[name]} Zeichen."
    return problems


def _contact_ways(phone: str, email: str, problems: dict[str, str]) -> None:
    phone = phone.strip()
    email = email.strip()
    if "phone" not in problems and phone and (
            not _PHONE.match(phone) or sum(ch.isdigit() for ch in phone) < 3):
        problems["phone"] = MSG_PHONE
    if "email" not in problems and email and (not _EMAIL.match(email) or ".." in email):
        problems["email"] = MSG_EMAIL


def validate_partner(data: PartnerInput) -> dict[str, str]:
    """The problems of ``data`` per field (``kind``, ``name``, ``postcode`` …); empty if fine."""
    values = {"name": data.name, "short_name": data.short_name, "street": data.street,
              "postcode": data.postcode, "city": data.city, "phone": data.phone,
              "email": data.email}
    limits = dict(PARTNER_MAX, postcode=10)  # a longer postcode gets the 5-digits message
    problems = _text_problems(values, limits)
    if data.kind is None:
        problems["kind"] = MSG_KIND
    if not data.name.strip() and "name" not in problems:
        problems["name"] = MSG_NAME
    postcode = data.postcode.strip()
    if postcode and "postcode" not in problems and not _POSTCODE.match(postcode):
        problems["postcode"] = MSG_POSTCODE
    _contact_ways(data.phone, data.email, problems)
    return problems


def validate_contact(data: ContactInput) -> dict[str, str]:
    """The problems of a contact person per field (``name``, ``function``, ``phone``,
    ``email``); empty if fine."""
    problems = _text_problems({"name": data.name, "function": data.function,
                               "phone": data.phone, "email": data.email}, CONTACT_MAX)
    if not data.name.strip() and "name" not in problems:
        problems["name"] = MSG_CONTACT_NAME
    _contact_ways(data.phone, data.email, problems)
    return problems


# --- reading kinds and districts from text (CSV import) --------------------------------------
def _key(text: str) -> str:
    return "".join(ch for ch in fold(text) if ch.isalnum())


_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue"})
_KIND_WORDS: dict[str, PartnerKind] = {}


def _add_kind_word(word: str, kind: PartnerKind) -> None:
    """``word`` is understood with umlauts, without, and written as ae/oe/ue."""
    _KIND_WORDS[_key(word)] = kind
    _KIND_WORDS[_key(word.translate(_UMLAUTS))] = kind


for _kind in PartnerKind:
    _add_kind_word(_kind.value, _kind)
    _add_kind_word(_kind.label, _kind)
for _word, _kind in (
        ("ABH", PartnerKind.ABH), ("untere Ausländerbehörde", PartnerKind.ABH),
        ("ZAB", PartnerKind.ZAB), ("JVA", PartnerKind.JVA), ("StA", PartnerKind.STA),
        ("Polizei", PartnerKind.POLICE), ("PP", PartnerKind.POLICE),
        ("Polizeipräsidium", PartnerKind.POLICE), ("KPB", PartnerKind.POLICE),
        ("Kreispolizeibehörde", PartnerKind.POLICE), ("LKA", PartnerKind.POLICE),
        ("BezReg", PartnerKind.BEZREG), ("Bezirksregierung", PartnerKind.BEZREG),
        ("Unterkunft", PartnerKind.FACILITY), ("Einrichtung", PartnerKind.FACILITY),
        ("Landesaufnahmeeinrichtung", PartnerKind.FACILITY), ("LAE", PartnerKind.FACILITY),
        ("ZUE", PartnerKind.FACILITY), ("EAE", PartnerKind.FACILITY),
        ("Beratung", PartnerKind.ADVICE), ("Rückkehrberatung", PartnerKind.ADVICE),
        ("Sonstiges", PartnerKind.OTHER), ("Sonstige", PartnerKind.OTHER)):
    _add_kind_word(_word, _kind)


def parse_kind(text: str) -> PartnerKind:
    """The partner kind named by ``text``: a German label (``Ausländerbehörde``), a code
    (``abh``) or a common abbreviation (``ABH``, ``ZAB``, ``JVA``, ``StA``, ``Polizei``).

    Raises ValueError with a German message for anything else.
    """
    found = _KIND_WORDS.get(_key(text))
    if found is None:
        raise ValueError(f"Unbekannte Art „{text.strip()}“. Erlaubt sind z. B. "
                         "Ausländerbehörde (ABH), ZAB, JVA, StA, Polizei, Unterkunft, "
                         "Beratungsstelle, Bezirksregierung, Sonstige.")
    return found


def parse_district(text: str) -> District | None:
    """A Bezirksregierung from ``DUS``, ``Düsseldorf``, ``BezReg Düsseldorf`` or
    ``Bezirksregierung Düsseldorf``; None for an empty text. Raises ValueError (German)."""
    words = text.strip()
    if not words:
        return None
    for prefix in ("Bezirksregierung", "BezReg", "Bez.-Reg.", "BR"):
        if words.casefold().startswith(prefix.casefold() + " "):
            words = words[len(prefix):].strip()
            break
    key = _key(words)
    for member in District:
        if key in (_key(member.value), _key(member.label), _key(member.name)):
            return member
    raise ValueError(f"Unbekannte Bezirksregierung „{text.strip()}“. Erlaubt sind Arnsberg, "
                     "Detmold, Düsseldorf, Köln und Münster.")


def same_partner_key(name: str, city: str) -> tuple[str, str]:
    """What makes two directory entries the same: name and city, folded."""
    return (" ".join(fold(name).split()), " ".join(fold(city).split()))
