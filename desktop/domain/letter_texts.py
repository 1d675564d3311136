"""The default text modules (Textbausteine) and the template of each letter kind, in German."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from desktop.domain.letters import LetterKind, TextModule

LEGAL_BASIS_INSTRUCTION = "§ 9 Abs. 2 und 3 OBG NRW, § 18 ZustAVO"

_K = LetterKind
_ALL = frozenset(LetterKind)
_REFERENCE = ("in der Ausländerangelegenheit {person.name}, geboren am {person.birth_date}, "
              "Staatsangehörigkeit {person.nationality}, Ihr Aktenzeichen {case.abh_reference},")


def _module(key: str, title: str, kinds: Iterable[LetterKind], body: str) -> TextModule:
    return TextModule(key=key, title=title, kinds=frozenset(kinds), body=body)


DEFAULT_TEXT_MODULES: tuple[TextModule, ...] = (
    _module("proposal.intro", "Einleitung Vorschlag", [_K.PROPOSAL],
            _REFERENCE + " schlage ich nach Prüfung der Akte das folgende weitere Vorgehen vor."),
    _module("proposal.measures", "Vorgeschlagene Maßnahmen", [_K.PROPOSAL],
            "Aus Sicht der Regionalen Rückkehrkoordinationsstelle sollten die Beschaffung von "
            "Passersatzpapieren eingeleitet und die Rückführung zeitnah vorbereitet werden."),
    _module("proposal.reply", "Bitte um Rückmeldung", [_K.PROPOSAL],
            "Bitte teilen Sie mir bis zum {deadline} mit, ob Sie dem Vorschlag folgen."),
    _module("instruction.intro", "Einleitung Weisung", [_K.INSTRUCTION],
            _REFERENCE + " erteile ich Ihnen gemäß § 9 Abs. 2 und 3 OBG NRW in Verbindung mit "
            "§ 18 ZustAVO die folgende Weisung:"),
    _module("instruction.order", "Weisungsinhalt", [_K.INSTRUCTION],
            "Leiten Sie unverzüglich die Beschaffung von Passersatzpapieren ein und bereiten "
            "Sie die Rückführung der betroffenen Person vor."),
    _module("instruction.reasons", "Begründung der Weisung", [_K.INSTRUCTION],
            "Begründung: Die Zuständigkeit der Bezirksregierung für die Koordinierung der "
            "Rückführung ergibt sich aus § 18 ZustAVO. Als Aufsichtsbehörde ist sie nach "
            "§ 9 Abs. 2 und 3 OBG NRW befugt, Weisungen zu erteilen, um die gesetzmäßige und "
            "zweckmäßige Erfüllung der Aufgaben sicherzustellen."),
    _module("instruction.reply", "Berichtsfrist", [_K.INSTRUCTION],
            "Bitte berichten Sie mir bis zum {deadline} über die veranlassten Maßnahmen."),
    _module("status_request.intro", "Einleitung Sachstandsanfrage", [_K.STATUS_REQUEST],
            _REFERENCE + " bitte ich um Mitteilung des aktuellen Sachstands."),
    _module("status_request.questions", "Fragen zum Sachstand", [_K.STATUS_REQUEST],
            "Insbesondere bitte ich um Auskunft, welche aufenthaltsbeendenden Maßnahmen "
            "inzwischen eingeleitet wurden und welche Hindernisse einer Rückführung derzeit "
            "entgegenstehen."),
    _module("status_request.reply", "Antwortfrist", [_K.STATUS_REQUEST],
            "Für eine Antwort bis zum {deadline} wäre ich dankbar."),
    _module("custody_notice.intro", "Mitteilung der Haftentlassung", [_K.CUSTODY_NOTICE],
            _REFERENCE + " teile ich Ihnen mit, dass sich die betroffene Person derzeit in der "
            "{custody.facility} befindet. Die Entlassung ist voraussichtlich am "
            "{custody.release_date} zu erwarten."),
    _module("custody_notice.request", "Bitte um Vorbereitung", [_K.CUSTODY_NOTICE],
            "Bitte prüfen Sie, ob eine Rückführung unmittelbar aus der Haft vorbereitet werden "
            "kann, und teilen Sie mir die geplanten Schritte bis zum {deadline} mit."),
    _module("free.intro", "Bezug", [_K.FREE], _REFERENCE),
    _module("common.contact", "Rückfragen", _ALL,
            "Für Rückfragen stehe ich Ihnen unter der Telefonnummer {caseworker.phone} "
            "gern zur Verfügung."),
    _module("common.thanks", "Dank für die Zusammenarbeit", _ALL,
            "Vielen Dank für die gute Zusammenarbeit."),
)


@dataclass(frozen=True)
class LetterTemplate:
    """The editable starting point of a letter of one kind."""

    kind: LetterKind
    subject: str
    module_keys: tuple[str, ...]
    deadline_days: int | None  # reply deadline proposed from the letter date; None = none
    salutation: str = "Sehr geehrte Damen und Herren,"


_SUBJECT_PERSON = "{person.name}, geb. {person.birth_date}"

DEFAULT_TEMPLATES: dict[LetterKind, LetterTemplate] = {
    _K.PROPOSAL: LetterTemplate(
        _K.PROPOSAL, "Vorschlag zum weiteren Vorgehen – " + _SUBJECT_PERSON,
        ("proposal.intro", "proposal.measures", "proposal.reply", "common.contact"), 21),
    _K.INSTRUCTION: LetterTemplate(
        _K.INSTRUCTION, f"Weisung gemäß {LEGAL_BASIS_INSTRUCTION} – " + _SUBJECT_PERSON,
        ("instruction.intro", "instruction.order", "instruction.reasons", "instruction.reply"),
        14),
    _K.STATUS_REQUEST: LetterTemplate(
        _K.STATUS_REQUEST, "Sachstandsanfrage – " + _SUBJECT_PERSON,
        ("status_request.intro", "status_request.questions", "status_request.reply",
         "common.thanks"), 21),
    _K.CUSTODY_NOTICE: LetterTemplate(
        _K.CUSTODY_NOTICE, "Bevorstehende Haftentlassung – " + _SUBJECT_PERSON,
        ("custody_notice.intro", "custody_notice.request", "common.contact"), 14),
    _K.FREE: LetterTemplate(_K.FREE, _SUBJECT_PERSON, ("free.intro", "common.contact"), None),
}


def modules_by_key(modules: Iterable[TextModule] = DEFAULT_TEXT_MODULES) -> dict[str, TextModule]:
    return {module.key: module for module in modules}


def modules_for(kind: LetterKind,
                modules: Iterable[TextModule] = DEFAULT_TEXT_MODULES) -> list[TextModule]:
    """The modules that fit ``kind``, for the composer's picker."""
    return [module for module in modules if module.fits(kind)]


def template_paragraphs(template: LetterTemplate,
                        modules: Mapping[str, TextModule] | None = None) -> tuple[str, ...]:
    """The template's paragraphs (still with placeholders); a missing module is skipped."""
    known = modules if modules is not None else modules_by_key()
    return tuple(known[key].body for key in template.module_keys if key in known)
