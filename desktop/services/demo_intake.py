"""Synthetic intake details for the demo cases (obviously fictitious authorities and media).

Each case draws from its own ``random.Random`` seeded by its file number, so adding these
details leaves every other demo row as it was. A MiStra Nr. 42 notice is only made up for a
person whose data already fulfils it (the birth name is then set to the family name).
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

from desktop.domain.dates import PartialDate, format_date
from desktop.domain.enums import IntakeSource
from desktop.domain.intake import MISTRA_KEY, MISTRA_TYPICAL, MISTRA_YES, encode_details
from desktop.domain.nationalities import STATELESS, is_known_code

_POLICE = ("PP Musterstadt", "KPB Beispielkreis", "KPB Kreis Musterland", "PP Testhausen")
_OFFENCES = ("Ladendiebstahl", "Körperverletzung", "Verstoß gegen das BtMG",
             "Erschleichen von Leistungen", "Sachbeschädigung", "Wohnungseinbruchdiebstahl")
_MEDIA = ("Musterstädter Anzeiger", "Beispiel-Rundschau", "Radio Musterland",
          "Testhausener Tageblatt")
_CONTACTS = ("Frau Beispiel", "Herr Muster", "Frau Testfrau", "Herr Exempel")
_FACILITIES = ("ZUE Musterstadt", "EAE Beispielhausen", "Kommunale Unterkunft Testweg 3")
_OCCASIONS = ("Wiederholte Konflikte in der Unterkunft", "Abwesenheit seit mehreren Wochen",
              "Hinweis auf Ausreisebereitschaft")
_KNOWLEDGE = ("JVA-Liste", "Fallkonferenz", "Auswertung AZR", "Hinweis einer ABH")
_PROSECUTORS = ("StA Musterstadt", "StA Beispielhausen", "AG Testhausen")


def intake_details(source: str, intake: date, seed: str, person: dict[str, Any]) -> str:
    """The canonical JSON of plausible details for ``source``; may complete ``person``'s
    birth name when it makes the case a MiStra Nr. 42 notice."""
    rng = random.Random(seed)  # noqa: S311 - demo data
    pick = rng.choice

    def before(low: int, high: int) -> str:
        return format_date(intake - timedelta(days=rng.randint(low, high)))

    details: dict[str, str]
    if source == IntakeSource.POLICE_REPORT.value:
        details = {"police_authority": pick(_POLICE),
                   "police_reference": f"VG-{rng.randint(100000, 999999)}",
                   "offence": pick(_OFFENCES), "offence_date": before(3, 60)}
    elif source == IntakeSource.PRESS_REPORT.value:
        details = {"medium": pick(_MEDIA), "published_on": before(0, 5),
                   "title": f"Bericht vom {before(0, 5)}, S. {rng.randint(2, 24)}"}
    elif source == IntakeSource.ABH_SUBMISSION.value:
        details = {"abh_reference": f"ABH-{rng.randint(1000, 9999)}/{intake.year % 100:02d}",
                   "abh_contact": pick(_CONTACTS)}
    elif source == IntakeSource.FACILITY_REPORT.value:
        details = {"facility": pick(_FACILITIES), "facility_contact": pick(_CONTACTS),
                   "occasion": pick(_OCCASIONS)}
    else:
        details = {"knowledge_source": pick(_KNOWLEDGE)}
    if (IntakeSource(source) in MISTRA_TYPICAL and rng.random() < 0.3
            and _mistra_ready(person)):
        person["birth_name"] = person["family_name"]
        details.update({MISTRA_KEY: MISTRA_YES, "justice_authority": pick(_PROSECUTORS),
                        "justice_reference": (f"{rng.randint(10, 99)} Js "
                                              f"{rng.randint(100, 9999)}/{intake.year % 100:02d}"),
                        "decision_date": before(10, 120)})
    return encode_details(details)


def birth_country(nationality: str, has_place: bool) -> str:
    """The state of birth of a demo person: mostly that of the (first) nationality."""
    usable = is_known_code(nationality) and nationality != STATELESS
    return nationality if has_place and usable else ""


def _mistra_ready(person: dict[str, Any]) -> bool:
    birth = person.get("birth_date")
    return (isinstance(birth, PartialDate) and birth.is_complete and bool(person["birth_place"])
            and bool(person["birth_country"]) and bool(person["address"]))
