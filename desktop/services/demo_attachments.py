"""Attachments for the demo vault: for a few demo cases a one-page PDF, a small PNG and a
text note, all clearly invented ("DEMO"). Written inside the demo build's unit of work.

The PDF and the PNG are written by hand (a few objects; zlib chunks): the demo needs no
reportlab (only ``desktop.reports`` may import it) and no Qt."""

from __future__ import annotations

import hashlib
import struct
import zlib
from collections.abc import Sequence
from typing import Any

from desktop.domain import attachments as rules
from desktop.storage import orm
from desktop.storage.repositories import attachments as repo

DEMO_CASES = 12  # cases (in file-number order) that get attachments


def _pdf_text(text: str) -> str:
    raw = text.encode("cp1252", errors="replace").decode("latin-1")
    return "(" + raw.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") + ")"


def demo_pdf(title: str, lines: Sequence[str]) -> bytes:
    """A valid one-page A4 PDF: ``title``, ``lines`` and the note that it is invented."""
    ops = ["BT", "/F2 16 Tf", "72 770 Td", f"{_pdf_text(title)} Tj", "/F1 11 Tf", "0 -32 Td"]
    for line in lines:
        ops += [f"{_pdf_text(line)} Tj", "0 -16 Td"]
    ops += ["ET", "BT", "/F1 9 Tf", "72 60 Td",
            f"{_pdf_text('DEMO – alle Angaben sind frei erfunden.')} Tj", "ET"]
    stream = "\n".join(ops).encode("latin-1")
    font = "<< /Type /Font /Subtype /Type1 /BaseFont /{} /Encoding /WinAnsiEncoding >>"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R /F2 6 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        font.format("Helvetica").encode(),
        font.format("Helvetica-Bold").encode(),
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, xref)
    return bytes(out)


def demo_png(width: int = 160, height: int = 100, seed: int = 0) -> bytes:
    """A small RGB PNG (a colour gradient with a stripe), written by hand with zlib."""
    rows = bytearray()
    for y in range(height):
        rows.append(0)  # filter: none
        for x in range(width):
            stripe = 40 <= y < 60
            rows += bytes((220 if stripe else (x * 255 // width + seed * 37) % 256,
                           90 if stripe else y * 255 // height,
                           60 if stripe else 180))

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (struct.pack(">I", len(body)) + kind + body
                + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(bytes(rows), 9)) + chunk(b"IEND", b""))


def _files(number: int, file_number: str) -> list[tuple[str, bytes, str]]:
    pdf = demo_pdf("Demo-Anlage: Schreiben der Ausländerbehörde", [
        f"Aktenzeichen: {file_number}",
        f"Geschäftszeichen: DEMO-ABH-{number:04d}",
        "Betreff: Bitte um Stellungnahme (erfundenes Beispiel)",
        "",
        "Dieses Schreiben gehört zu den Demodaten von Fallakte RRK.",
        "Es enthält keine Angaben zu echten Personen.",
    ])
    note = ("DEMO – Telefonnotiz (frei erfunden)\n\n"
            f"Aktenzeichen {file_number}: Rückruf der ABH vereinbart.\n"
            "Unterlagen zur Passbeschaffung werden nachgereicht.\n").encode()
    files = [("Demo-Schreiben ABH.pdf", pdf, "Demo-Anlage (erfunden)"),
             ("Demo-Telefonnotiz.txt", note, "")]
    if number % 2 == 0:
        files.append(("Demo-Foto Passseite.png", demo_png(seed=number),
                      "Platzhalterbild, kein echtes Dokument"))
    return files


def add_demo_attachments(session: Any, user_id: str | None) -> int:
    """Adds the demo attachments to the first ``DEMO_CASES`` live cases; returns how many."""
    count = 0
    for number, (case_id, file_number) in enumerate(repo.first_live_cases(session,
                                                                           DEMO_CASES), 1):
        for filename, data, note in _files(number, file_number):
            row = orm.Attachment(case_id=case_id, filename=filename,
                                 media_type=rules.sniff_media_type(data), size=len(data),
                                 sha256=hashlib.sha256(data).hexdigest(), note=note,
                                 added_by=user_id)
            session.add(row)
            session.flush()
            repo.add_content(session, row.id, data)
            count += 1
    session.flush()
    return count
