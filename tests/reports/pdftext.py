"""Reading rendered PDFs back: characters with positions (pdfplumber), in millimetres."""

from __future__ import annotations

import io
from dataclasses import dataclass

import pdfplumber

MM = 72 / 25.4


@dataclass(frozen=True)
class Char:
    text: str
    left: float  # mm from the left edge
    top: float  # mm from the top edge
    right: float
    bottom: float
    size: float  # points


def pages_chars(pdf: bytes) -> list[list[Char]]:
    """Every page's upright characters in content-stream order (a watermark is left out)."""
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        return [[Char(c["text"], c["x0"] / MM, c["top"] / MM, c["x1"] / MM, c["bottom"] / MM,
                      c["size"])
                 for c in page.chars if c.get("upright", True)]
                for page in document.pages]


def page_texts(pdf: bytes) -> list[str]:
    """Each page's text laid out by position (lines joined with newlines)."""
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        return [page.filter(lambda obj: obj.get("upright", True)).extract_text()
                for page in document.pages]


def squeeze(text: str) -> str:
    """``text`` without any whitespace, for comparisons across line breaks."""
    return "".join(text.split())


def stream_text(chars: list[Char]) -> str:
    return "".join(c.text for c in chars)


def metadata(pdf: bytes) -> dict[str, object]:
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        return dict(document.metadata)


def pdf_names(pdf: bytes) -> set[str]:
    """Every dictionary key and name value of every object of the file (pdfminer)."""
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfparser import PDFParser
    from pdfminer.pdftypes import PDFObjRef, PDFStream
    from pdfminer.psparser import PSLiteral

    names: set[str] = set()

    def walk(value: object) -> None:
        if isinstance(value, PDFStream):
            walk(value.attrs)
        elif isinstance(value, dict):
            for key, item in value.items():
                names.add(str(key))
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)
        elif isinstance(value, PSLiteral):
            names.add(str(value.name))
        elif isinstance(value, PDFObjRef):
            return  # every object is visited on its own

    document = PDFDocument(PDFParser(io.BytesIO(pdf)))
    walk(document.catalog)
    walk(document.info)
    for xref in document.xrefs:
        for objid in xref.get_objids():
            walk(document.getobj(objid))
    return names
