"""PartnerService on a real (encrypted) vault: search, create/update/delete with validation,
optimistic locking and audit, contact persons, and the CSV import with its dry-run report."""

from __future__ import annotations

import json
import random
from collections import Counter
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from desktop.domain.cases import CaseInput, PersonInput
from desktop.domain.enums import (
    CaseTrack,
    District,
    IntakeSource,
    MeasureOwner,
    MeasureStatus,
    PartnerKind,
)
from desktop.domain.partners import (
    ContactInput,
    PartnerInput,
    parse_district,
    parse_kind,
    validate_contact,
    validate_partner,
)
from desktop.domain.text import fold
from desktop.errors import InvalidInputError, NotFoundError, StaleDataError
from desktop.services.cases import MeasureInput
from desktop.services.demo_rows import contact_rows, partner_rows
from desktop.services.partner_import import CP1252, MAX_BYTES, UTF8, UTF8_BOM, parse_csv
from desktop.services.partners import PartnerService
from desktop.services.workspace import Workspace
from desktop.storage import orm
from tests.support import new_workspace

DATA = Path(__file__).parent / "data"
HEADER = "Art;Name;Kurzname;Bezirk;Straße;PLZ;Ort;Telefon;E-Mail"


@pytest.fixture
def workspace(tmp_path):
    ws = new_workspace(tmp_path, District.DUESSELDORF)
    yield ws
    ws.close()


@pytest.fixture
def partners(workspace: Workspace) -> PartnerService:
    return workspace.partners


def abh(name: str = "Ausländerbehörde Stadt Musterstadt", **changes: object) -> PartnerInput:
    values: dict[str, object] = {
        "kind": PartnerKind.ABH, "name": name, "short_name": "ABH Musterstadt",
        "district": District.DUESSELDORF, "street": "Musterstraße 1", "postcode": "40210",
        "city": "Musterstadt", "phone": "+49 211 12345-0", "email": "abh@musterstadt.example"}
    values.update(changes)
    return PartnerInput(**values)  # type: ignore[arg-type]


def audit_events(workspace: Workspace) -> list[tuple[str, str | None, dict]]:
    with workspace.open_vault.unit_of_work(write=False) as uow:
        rows = uow.session.execute(select(orm.AuditEvent.action, orm.AuditEvent.entity_id,
                                          orm.AuditEvent.details)
                                   .order_by(orm.AuditEvent.seq)).all()
    return [(action, entity, json.loads(details)) for action, entity, details in rows]


def count_partners(workspace: Workspace) -> int:
    with workspace.open_vault.unit_of_work(write=False) as uow:
        return int(uow.session.execute(select(func.count()).select_from(orm.Partner)
                                       .where(orm.Partner.deleted_at.is_(None))).scalar_one())


# --- create, read, update ---------------------------------------------------------------------
def test_create_returns_the_partner_with_contacts_and_audits_field_names(workspace, partners):
    view = partners.create(abh(name="  Ausländerbehörde Stadt Musterstadt  "),
                           [ContactInput("Erika Beispiel", "Sachgebietsleitung",
                                         "0211 12345-10", "e.beispiel@musterstadt.example")])
    assert view.name == "Ausländerbehörde Stadt Musterstadt"  # trimmed
    assert view.kind == PartnerKind.ABH
    assert view.district == District.DUESSELDORF
    assert view.version == 1
    assert view.postcode == "40210"
    assert [c.name for c in view.contacts] == ["Erika Beispiel"]
    assert partners.get(view.id) == view
    action, entity, details = audit_events(workspace)[-1]
    assert (action, entity) == ("partner.create", view.id)
    assert details == {"fields": ["kind", "name", "short_name", "district", "street",
                                  "postcode", "city", "phone", "email"], "contacts": 1}
    assert "Musterstadt" not in json.dumps(details)  # names of fields, never the values


def test_validation_names_every_bad_field_in_german(partners, workspace):
    before = count_partners(workspace)
    with pytest.raises(InvalidInputError) as caught:
        partners.create(PartnerInput(kind=None, name=" ", postcode="4021", city="Ort\x07",
                                     email="kein-at.example", phone="0211 / abc",
                                     short_name="x" * 65))
    problems = caught.value.problems
    assert problems["kind"] == "Bitte die Art des Partners wählen."
    assert problems["name"] == "Der Name fehlt."
    assert problems["postcode"] == "Die Postleitzahl besteht aus 5 Ziffern."
    assert "E-Mail-Adresse ist ungültig" in problems["email"]
    assert "Telefonnummer" in problems["phone"]
    assert "Steuerzeichen" in problems["city"]
    assert problems["short_name"] == "Höchstens 64 Zeichen."
    assert count_partners(workspace) == before  # nothing half-saved


@pytest.mark.parametrize("email", ["a@b", "a b@c.example", "a@@c.example", "a@c..example",
                                   "@c.example", "a@c.example\n"])
def test_bad_email_shapes(partners, email):
    with pytest.raises(InvalidInputError) as caught:
        partners.create(abh(email=email))
    assert "email" in caught.value.problems


@pytest.mark.parametrize("phone", ["0211 475-0", "+49 211 475-0", "(0211) 4750", "0211/475-0"])
def test_usual_phone_numbers_are_accepted(partners, phone):
    assert partners.create(abh(phone=phone, name=f"ABH {phone}")).phone == phone


def test_a_second_partner_with_the_same_name_and_city_is_refused(partners):
    partners.create(abh())
    with pytest.raises(InvalidInputError) as caught:
        partners.create(abh(name="AUSLÄNDERBEHÖRDE  Stadt Musterstadt"))
    assert "gibt es in Musterstadt bereits" in caught.value.problems["name"]
    assert partners.create(abh(city="Beispielheim")).city == "Beispielheim"


def test_update_saves_changed_fields_and_refuses_stale_versions(workspace, partners):
    view = partners.create(abh())
    changed = partners.update(view.id, view.version, abh(phone="0211 999", postcode="40211"))
    assert (changed.phone, changed.postcode, changed.version) == ("0211 999", "40211", 2)
    action, _entity, details = audit_events(workspace)[-1]
    assert action == "partner.update"
    assert details == {"fields": ["postcode", "phone"]}
    with pytest.raises(StaleDataError):
        partners.update(view.id, view.version, abh(phone="0211 111"))
    same = partners.update(changed.id, changed.version, abh(phone="0211 999",
                                                            postcode="40211"))
    assert same.version == 2  # nothing changed: no write, no audit
    assert audit_events(workspace)[-1][0] == "partner.update"
    assert len([a for a, _e, _d in audit_events(workspace) if a == "partner.update"]) == 1
    with pytest.raises(InvalidInputError) as caught:
        partners.update(changed.id, changed.version, abh(postcode="ABCDE"))
    assert "postcode" in caught.value.problems


def test_search_is_diacritics_insensitive_and_looks_at_contacts(partners):
    koeln = partners.create(PartnerInput(PartnerKind.JVA, "Justizvollzugsanstalt Börnhausen",
                                         city="Börnhausen", street="Rochusstraße 350"))
    partners.add_contact(koeln.id, ContactInput("Jörg Weiß", "Vollzugsleitung"))
    partners.create(PartnerInput(PartnerKind.ABH, "Ausländerbehörde Düsselheim",
                                 short_name="ABH D", city="Düsselheim"))
    partners.create(PartnerInput(PartnerKind.ADVICE, "Rückkehrberatung Straßenhilfe",
                                 city="Demobach"))

    def names(text: str, kind: PartnerKind | None = None) -> list[str]:
        return [p.name for p in partners.search(text, kind)]

    jva = ["Justizvollzugsanstalt Börnhausen"]
    assert names("bornhausen") == names("BÖRNHAUSEN") == names("boernhausen") == jva
    assert names("duesselheim") == names("düsselh") == ["Ausländerbehörde Düsselheim"]
    assert names("weiss") == names("vollzugsleitung") == names("jörg börn") == jva
    assert names("strasse") == ["Rückkehrberatung Straßenhilfe"]
    assert names("rückkehr demobach") == ["Rückkehrberatung Straßenhilfe"]
    assert names("börnhausen demobach") == []
    assert names("'%_\"") == names("")  # no SQL or LIKE syntax gets through
    assert names("", PartnerKind.JVA) == jva
    assert names("börnhausen", PartnerKind.ABH) == []
    every = names("")
    assert "Zentrale Ausländerbehörde Essen" in every  # the seed data is listed too
    assert every == sorted(every, key=fold)  # "Köln" before "Kreis", whatever the bytes


# --- contacts ----------------------------------------------------------------------------------
def test_contacts_add_update_delete_are_validated_versioned_and_audited(workspace, partners):
    view = partners.create(abh())
    with pytest.raises(InvalidInputError) as caught:
        partners.add_contact(view.id, ContactInput(" ", email="x@"))
    assert caught.value.problems["name"] == "Der Name der Ansprechperson fehlt."
    assert "email" in caught.value.problems
    view = partners.add_contact(view.id, ContactInput("Max Probe", "Rückführung",
                                                      "0211 1", "m.probe@x.example"))
    view = partners.add_contact(view.id, ContactInput("Erika Beispiel"))
    assert [c.name for c in view.contacts] == ["Erika Beispiel", "Max Probe"]
    max_probe = view.contacts[1]
    view = partners.update_contact(max_probe.id, max_probe.version,
                                   ContactInput("Max Probe", "Leitung", "0211 2"))
    assert (view.contacts[1].function, view.contacts[1].email) == ("Leitung", "")
    with pytest.raises(StaleDataError):
        partners.update_contact(max_probe.id, max_probe.version, ContactInput("Max"))
    view = partners.delete_contact(view.contacts[0].id, view.contacts[0].version)
    assert [c.name for c in view.contacts] == ["Max Probe"]
    with pytest.raises(NotFoundError):
        partners.delete_contact("nicht-da", 1)
    actions = [(a, d) for a, _e, d in audit_events(workspace) if a.startswith("partner.contact")]
    assert actions == [
        ("partner.contact_add", {"partner_id": view.id,
                                 "fields": ["name", "function", "phone", "email"]}),
        ("partner.contact_add", {"partner_id": view.id, "fields": ["name"]}),
        ("partner.contact_update", {"partner_id": view.id,
                                    "fields": ["function", "phone", "email"]}),
        ("partner.contact_delete", {"partner_id": view.id}),
    ]


# --- delete ------------------------------------------------------------------------------------
def _case(workspace: Workspace, abh_id: str | None) -> str:
    return workspace.cases.create(CaseInput(
        person=PersonInput("Beispiel", "Erika"), district=District.DUESSELDORF,
        track=CaseTrack.CASE_MANAGEMENT, intake_source=IntakeSource.POLICE_REPORT,
        intake_date=date.today(), responsible_abh_id=abh_id)).id  # noqa: DTZ011


def test_delete_is_soft_and_refused_while_a_case_or_open_measure_refers_to_it(workspace,
                                                                              partners):
    used = partners.create(abh())
    _case(workspace, used.id)
    with pytest.raises(InvalidInputError) as caught:
        partners.delete(used.id, used.version)
    assert caught.value.problems["partner"] == (
        "„Ausländerbehörde Stadt Musterstadt“ kann nicht gelöscht werden: Der Partner ist "
        "noch zuständige Behörde in einem Fall. Bitte dort zuerst eine andere Stelle "
        "eintragen.")

    owner = partners.create(PartnerInput(PartnerKind.POLICE, "Polizeipräsidium Modellburg",
                                         city="Modellburg"))
    owner = partners.add_contact(owner.id, ContactInput("Kommissarin Probe"))
    case_id = _case(workspace, None)
    measure = workspace.cases.add_measure(case_id, MeasureInput(
        "Aufenthaltsermittlung", MeasureOwner.POLICE, owner_partner_id=owner.id))
    with pytest.raises(InvalidInputError) as caught:
        partners.delete(owner.id, owner.version)
    assert "zuständig für eine offene Maßnahme" in caught.value.problems["partner"]

    workspace.cases.update_measure(measure.id, measure.version, MeasureStatus.DONE)
    with pytest.raises(StaleDataError):
        partners.delete(owner.id, owner.version - 1)
    partners.delete(owner.id, owner.version)
    assert owner.id not in [p.id for p in partners.search("")]
    with pytest.raises(NotFoundError):
        partners.get(owner.id)
    with workspace.open_vault.unit_of_work(write=False) as uow:
        row = uow.session.get(orm.Partner, owner.id)
        assert row is not None
        assert row.deleted_at is not None
        assert all(c.deleted_at is not None for c in row.contacts)
    assert audit_events(workspace)[-1][:2] == ("partner.delete", owner.id)
    # the done measure still shows who carried it out
    assert workspace.cases.measures(case_id)[0].owner_partner.id == owner.id


def test_parsing_kinds_and_districts():
    assert parse_kind("Ausländerbehörde") == parse_kind("abh") == parse_kind("ABH") \
        == parse_kind("auslaenderbehoerde") == PartnerKind.ABH
    assert parse_kind("StA") == parse_kind("Staatsanwaltschaft") == PartnerKind.STA
    assert parse_kind("Polizei") == parse_kind("police") == PartnerKind.POLICE
    assert parse_kind("ZAB") == PartnerKind.ZAB
    assert parse_kind(" jva ") == PartnerKind.JVA
    with pytest.raises(ValueError, match="Unbekannte Art „Gericht“"):
        parse_kind("Gericht")
    assert parse_district("BezReg Köln") == parse_district("Koeln") == District.KOELN
    assert parse_district("Bezirksregierung Düsseldorf") == District.DUESSELDORF
    assert parse_district("") is None
    with pytest.raises(ValueError, match="Unbekannte Bezirksregierung"):
        parse_district("Berlin")


# --- CSV import --------------------------------------------------------------------------------
def test_utf8_bom_semicolon_file_dry_run_then_import(workspace, partners):
    data = (DATA / "partners_utf8_bom.csv").read_bytes()
    before = count_partners(workspace)
    events = len(audit_events(workspace))
    report = partners.import_csv(data, dry_run=True)
    assert (report.encoding, report.delimiter) == (UTF8_BOM, ";")
    assert (report.rows_total, report.rows_ok, report.created) == (6, 6, 0)
    assert report.errors == ()
    assert report.duplicates == ()
    assert report.notes == ()
    assert report.contacts == 4  # two rows of the Musterstadt ABH: one partner, two contacts
    assert count_partners(workspace) == before
    assert len(audit_events(workspace)) == events

    done = partners.import_csv(data, dry_run=False)
    assert (done.created, done.contacts, done.dry_run) == (5, 4, False)
    assert count_partners(workspace) == before + 5
    musterstadt = partners.search("Musterstadt")[0]
    assert musterstadt.kind == PartnerKind.ABH
    assert musterstadt.district == District.DUESSELDORF
    assert [c.name for c in musterstadt.contacts] == ["Erika Beispiel", "Max Probe"]
    sta = partners.search("probefeld")[0]
    assert sta.kind == PartnerKind.STA
    assert sta.contacts[0].name == "Dr. Jörg Übel"
    new_events = audit_events(workspace)[events:]
    assert [(a, d) for a, _e, d in new_events] == [("partner.import", {
        "rows": 6, "created": 5, "contacts": 4, "duplicates": 0, "skipped_invalid": 0,
        "encoding": UTF8_BOM})]

    again = partners.import_csv(data, dry_run=True)  # now every partner is there already
    assert [(d.line, d.existing_name) for d in again.duplicates][:2] == [
        (2, "Ausländerbehörde Stadt Musterstadt"), (3, "Ausländerbehörde Stadt Musterstadt")]
    assert len(again.duplicates) == 6
    assert partners.import_csv(data, dry_run=False).created == 0
    assert count_partners(workspace) == before + 5


def test_cp1252_file_with_umlauts_is_read_and_reported(partners):
    text = f"{HEADER}\r\nABH;Ausländerbehörde Kreis Übelbach;ABH Übelbach;;Hauptstraße 5;" \
           "57072;Übelbach;;\r\n"
    report = partners.import_csv(text.encode("cp1252"), dry_run=False)
    assert report.encoding == CP1252
    assert report.created == 1
    assert any("Windows-1252" in note for note in report.notes)
    view = partners.search("Übelbach")[0]
    assert (view.name, view.street) == ("Ausländerbehörde Kreis Übelbach", "Hauptstraße 5")


def test_comma_delimiter_quotes_and_header_variants(partners):
    text = ('typ,BEZEICHNUNG,ort,plz,strasse,e-mail,TELEFON,bezirksregierung\n'
            'Zentrale Ausländerbehörde,"ZAB Beispielhausen, Außenstelle",Beispielhausen,'
            '33602,"Am Ring 1",zab@beispielhausen.example,0521 51-0,Detmold\n')
    report = partners.import_csv(text.encode(), dry_run=False)
    assert (report.encoding, report.delimiter, report.created) == (UTF8, ",", 1)
    view = partners.search("außenstelle")[0]
    assert (view.kind, view.postcode, view.district) == (PartnerKind.ZAB, "33602",
                                                         District.DETMOLD)


def test_excel_sep_line_and_blank_lines_are_understood(partners):
    text = "sep=,\r\nArt,Name,Ort\r\n\r\nSonstige,Ehrenamtlicher Helferkreis,Demoheim\r\n\r\n"
    report = partners.import_csv(text.encode(), dry_run=True)
    assert (report.delimiter, report.rows_total, report.rows_ok) == (",", 1, 1)


def test_rows_with_errors_are_reported_with_line_and_column(workspace, partners):
    text = "\r\n".join([
        HEADER,
        "ABH;Ausländerbehörde Gut;;;;40210;Gutstadt;;gut@gut.example",
        "ABH;Ausländerbehörde Schlecht;;;;4021;Schlechtstadt;;kein-at",
        "Gericht;Amtsgericht Irgendwo;;Berlin;;;Irgendwo;;",
        ";;;;;;Leerstadt;;",
        'JVA;"JVA Zwei-\nZeilen";;;;;Zeilenort;;',
        "ABH;Ausländerbehörde Danach;;;;;Danachstadt;;",
    ]).encode()
    before = count_partners(workspace)
    report = partners.import_csv(text, dry_run=True)
    assert (report.rows_total, report.rows_ok) == (6, 2)
    found = {(p.line, p.column): p.message for p in report.errors}
    assert found[(3, "PLZ")] == "Die Postleitzahl besteht aus 5 Ziffern."
    assert "E-Mail-Adresse ist ungültig" in found[(3, "E-Mail")]
    assert found[(4, "Art")].startswith("Unbekannte Art „Gericht“")
    assert found[(4, "Bezirk")].startswith("Unbekannte Bezirksregierung „Berlin“")
    assert found[(5, "Art")] == "Bitte die Art des Partners wählen."
    assert found[(5, "Name")] == "Der Name fehlt."
    assert "Steuerzeichen" in found[(6, "Name")]  # a line break inside a name
    assert report.error_lines == 4
    # the row after the quoted line break keeps its real line number (8)
    assert not any(p.line == 8 for p in report.errors)

    with pytest.raises(InvalidInputError) as caught:
        partners.import_csv(text, dry_run=False)
    assert "4 Zeilen der Datei sind fehlerhaft; es wurde nichts importiert" in \
        caught.value.problems["file"]
    assert count_partners(workspace) == before

    done = partners.import_csv(text, dry_run=False, skip_invalid=True)
    assert done.created == 2
    assert count_partners(workspace) == before + 2
    assert audit_events(workspace)[-1][2]["skipped_invalid"] == 4


def test_a_missing_required_column_is_a_german_error(partners):
    with pytest.raises(InvalidInputError) as caught:
        partners.import_csv(b"Name;Ort;PLZ\nABH Muster;Musterstadt;40210\n",
                            dry_run=True)
    message = caught.value.problems["file"]
    assert message.startswith("Der Datei fehlen die Spalten Art.")
    assert "Gefunden: „Name“, „Ort“, „PLZ“" in message
    with pytest.raises(InvalidInputError, match="fehlen die Spalten Art und Name"):
        partners.import_csv(b"Vorname;Nachname\nA;B\n", dry_run=True)


@pytest.mark.parametrize(("data", "expected"), [
    (b"", "Die Datei ist leer."),
    (b"  \r\n\r\n", "Die Datei ist leer."),
    (bytes(range(256)) * 4, "keine Textdatei"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "keine Textdatei"),
    (b"\x81\x8d\x8f\x90\x9d" * 10, "Kodierung der Datei ist unbekannt"),
    ("\ufeffArt;Name".encode("utf-16"), "UTF-16"),
    (f"{HEADER}\r\n".encode(), "nur die Kopfzeile"),
    (b"Art;Name;Art\nABH;X;ABH\n", "„Art“ kommt in der Kopfzeile doppelt vor"),
    (b"x" * (MAX_BYTES + 1), "größer als 5 MB"),
])
def test_bad_files_give_a_german_message(partners, data, expected):
    with pytest.raises(InvalidInputError) as caught:
        partners.import_csv(data, dry_run=True)
    assert expected in caught.value.problems["file"]


def test_unknown_columns_and_too_many_fields_are_reported(partners):
    text = "Art;Name;Ort;Bemerkung\nABH;ABH Eins;Einsstadt;egal\nABH;ABH Zwei;Zweistadt;;x\n"
    report = partners.import_csv(text.encode(), dry_run=True)
    assert any("„Bemerkung“" in note for note in report.notes)
    assert [(p.line, p.column) for p in report.errors] == [(3, "—")]
    assert report.rows_ok == 1


def test_repeated_rows_without_a_contact_are_duplicates_within_the_file(partners):
    text = "Art;Name;Ort\nABH;ABH Eins;Einsstadt\nabh;ABH EINS;einsstadt\n"
    report = partners.import_csv(text.encode(), dry_run=False)
    assert report.created == 1
    assert [(d.line, d.existing_name) for d in report.duplicates] == [(3, "ABH Eins")]


def test_demo_partners_have_valid_addresses_and_one_to_three_contacts():
    rows = partner_rows(random.Random(2026))
    again = partner_rows(random.Random(2026))
    assert [(r["name"], r["street"], r["postcode"], r["phone"]) for r in rows] == \
        [(r["name"], r["street"], r["postcode"], r["phone"]) for r in again]
    for row in rows:
        data = PartnerInput(PartnerKind(row["kind"]), row["name"], row["short_name"],
                            District(row["district"]), row["street"], row["postcode"],
                            row["city"], row["phone"], row["email"])
        assert validate_partner(data) == {}, row
        assert row["email"].endswith(".example")
        assert row["phone"].startswith("0221 4710-")  # the block kept free for fiction
    contacts = contact_rows(rows)
    assert [c["name"] for c in contacts] == [c["name"] for c in contact_rows(again)]
    per_partner = Counter(c["partner_id"] for c in contacts)
    assert set(per_partner) == {r["id"] for r in rows}
    assert set(per_partner.values()) <= {1, 2, 3}
    for row in contacts:
        data = ContactInput(row["name"], row["function"], row["phone"], row["email"])
        assert validate_contact(data) == {}, row
        assert row["email"].endswith(".example")


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=400) | st.text(alphabet=";,\"\n\r\tAäNameOrtArtPLZ0123 ").map(
    lambda t: ("Art;Name;Ort\n" + t).encode("utf-8")))
def test_any_bytes_give_a_report_or_a_german_file_error(data):
    try:
        parsed = parse_csv(data)
    except InvalidInputError as error:
        problems = error.problems
    else:
        problems = {"file": ""}  # a report, checked below
        assert parsed.rows_total >= len(parsed.rows)
        assert all(problem.line >= 2 for problem in parsed.errors)
    assert set(problems) == {"file"}
