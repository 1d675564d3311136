"""Nationalities: ISO 3166-1 alpha-2 codes with German names, plus "ungeklärt" and "staatenlos".

The two special values use codes from the ISO range reserved for user assignment (XA–XZ), so
they never collide with a real country.
"""

from __future__ import annotations

UNCLARIFIED = "XU"
STATELESS = "XS"

NAMES: dict[str, str] = {
    UNCLARIFIED: "ungeklärt",
    STATELESS: "staatenlos",
    "AF": "Afghanistan", "AL": "Albanien", "DZ": "Algerien", "AM": "Armenien",
    "AZ": "Aserbaidschan", "ET": "Äthiopien", "BD": "Bangladesch", "BY": "Belarus",
    "BA": "Bosnien und Herzegowina", "BR": "Brasilien", "BG": "Bulgarien", "CN": "China",
    "CI": "Côte d’Ivoire", "DK": "Dänemark", "DE": "Deutschland", "EG": "Ägypten",
    "ER": "Eritrea", "FR": "Frankreich", "GM": "Gambia", "GE": "Georgien", "GH": "Ghana",
    "GR": "Griechenland", "GN": "Guinea", "IN": "Indien", "IQ": "Irak", "IR": "Iran",
    "IT": "Italien", "JO": "Jordanien", "XK": "Kosovo", "KZ": "Kasachstan", "KE": "Kenia",
    "CD": "Kongo, Demokratische Republik", "HR": "Kroatien", "LB": "Libanon", "LY": "Libyen",
    "MA": "Marokko", "MK": "Nordmazedonien", "MD": "Moldau", "ME": "Montenegro",
    "NG": "Nigeria", "NO": "Norwegen", "PK": "Pakistan", "PS": "Palästinensische Gebiete",
    "PL": "Polen", "RO": "Rumänien", "RU": "Russische Föderation", "SN": "Senegal",
    "RS": "Serbien", "SL": "Sierra Leone", "SO": "Somalia", "LK": "Sri Lanka", "SD": "Sudan",
    "SY": "Syrien", "TJ": "Tadschikistan", "TN": "Tunesien", "TR": "Türkei",
    "TM": "Turkmenistan", "UA": "Ukraine", "UZ": "Usbekistan", "VN": "Vietnam",
    "YE": "Jemen", "CM": "Kamerun", "ML": "Mali", "BF": "Burkina Faso", "TG": "Togo",
    "BJ": "Benin", "CU": "Kuba", "CO": "Kolumbien", "VE": "Venezuela", "PE": "Peru",
    "KG": "Kirgisistan", "MN": "Mongolei", "NP": "Nepal", "MM": "Myanmar", "SA": "Saudi-Arabien",
    "KW": "Kuwait", "HU": "Ungarn", "CZ": "Tschechien", "SK": "Slowakei", "SI": "Slowenien",
    "LT": "Litauen", "LV": "Lettland", "EE": "Estland", "PT": "Portugal", "ES": "Spanien",
    "NL": "Niederlande", "BE": "Belgien", "AT": "Österreich", "CH": "Schweiz",
    "GB": "Vereinigtes Königreich", "US": "Vereinigte Staaten",
}


def is_known_code(code: str) -> bool:
    return code in NAMES


def nationality_name(code: str) -> str:
    """The German name of ``code``; the code itself when it is not in the table."""
    return NAMES.get(code, code)


def sorted_choices() -> list[tuple[str, str]]:
    """(code, German name) sorted by name, with the two special values first."""
    special = [(UNCLARIFIED, NAMES[UNCLARIFIED]), (STATELESS, NAMES[STATELESS])]
    rest = sorted(((c, n) for c, n in NAMES.items() if c not in (UNCLARIFIED, STATELESS)),
                  key=lambda item: item[1])
    return special + rest
