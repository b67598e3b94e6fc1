"""Is a PDF the same letter as another? Pages, text, layout, fonts, pictures and metadata.

Used to hold a letter converted in a joined document and split back against the same
letter converted on its own: both must read, look and describe themselves alike, down to
every word's position. Object numbers, font subset tags and byte order may differ.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pikepdf

from tests.conftest import POPPLER, pdf_fonts, pdf_text, require_tool

_WORD = re.compile(
    r'<page width="([\d.]+)" height="([\d.]+)">'
    r'|<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>'
)


def pages(pdf: Path) -> list[str]:
    """The text of each page, laid out as pdftotext -layout reads it."""
    return pdf_text(pdf, "-layout").split("\f")[:-1]


def word_boxes(pdf: Path) -> list[tuple[str, ...]]:
    """Every page's size and every word with its box (pdftotext -bbox), in reading order."""
    return [tuple(m) for m in _WORD.findall(pdf_text(pdf, "-bbox"))]


def fonts(pdf: Path) -> list[tuple[str, ...]]:
    """Each font once: name without its subset tag, type, encoding, embedded, subset, unicode."""
    found = set()
    for line in pdf_fonts(pdf):
        name, *rest = line.split()
        found.add((re.sub(r"^[A-Z]{6}\+", "", name), *rest[:-2]))  # object number dropped
    return sorted(found)


def images(pdf: Path) -> list[tuple[str, ...]]:
    """Page, type, size, colour and depth of every picture (pdfimages -list)."""
    pdfimages = require_tool("pdfimages", POPPLER)
    listing = subprocess.run(
        [pdfimages, "-list", str(pdf)], capture_output=True, check=True, text=True
    ).stdout.splitlines()[2:]
    return [tuple(line.split()[:1] + line.split()[2:8]) for line in listing]


def metadata(pdf: Path) -> dict[str, str]:
    """The info dictionary, the catalogue's keys, every XMP property and the PDF version."""
    with pikepdf.open(pdf) as document:
        found = {f"info {key}": str(value) for key, value in document.docinfo.items()}
        found["catalogue"] = " ".join(sorted(document.Root.keys()))
        found["version"] = document.pdf_version
        found["pages"] = str(len(document.pages))
        # no page of another letter is carried along, even unseen
        found["page objects"] = str(
            sum(
                1
                for o in document.objects
                if isinstance(o, pikepdf.Dictionary) and o.get("/Type") == "/Page"
            )
        )
        check = getattr(document, "check_pdf_syntax", None) or document.check  # pikepdf < 10
        found["structural problems (qpdf)"] = "; ".join(map(str, check()))
        if "/Metadata" in document.Root:
            with document.open_metadata(set_pikepdf_as_editor=False) as xmp:
                for key, value in xmp.items():
                    found[f"xmp {key}"] = str(value)
        found["language"] = str(document.Root.get("/Lang"))
        if "/StructTreeRoot" in document.Root:
            tagged = _elements(document.Root.StructTreeRoot.K)
            found["tagged elements"] = str(len(tagged))
            # in order, each with the language it is tagged with, if any
            found["tagged structure"] = " ".join(tagged)
    return found


def _elements(element: object) -> list[str]:
    if isinstance(element, pikepdf.Array):
        return [name for kid in element for name in _elements(kid)]
    if isinstance(element, pikepdf.Dictionary) and "/S" in element:
        lang = f"[{element.Lang}]" if "/Lang" in element else ""
        return [f"{element.S}{lang}", *_elements(element.get("/K"))]
    return []


def differences(expected: Path, actual: Path) -> list[str]:
    """Every way ``actual`` differs from ``expected``; empty when they are the same letter."""
    found = []
    want, got = pages(expected), pages(actual)
    if len(want) != len(got):
        found.append(f"{len(got)} pages, not {len(want)}")
    for number, (page_want, page_got) in enumerate(zip(want, got, strict=False), 1):
        lines_want, lines_got = page_want.splitlines(), page_got.splitlines()
        for line_want, line_got in zip(lines_want, lines_got, strict=False):
            if line_want != line_got:
                found.append(f"page {number}: {line_got!r} instead of {line_want!r}")
                break
        else:
            if len(lines_want) != len(lines_got):
                found.append(f"page {number}: {len(lines_got)} lines, not {len(lines_want)}")
    boxes_want, boxes_got = word_boxes(expected), word_boxes(actual)
    moved = [(w, g) for w, g in zip(boxes_want, boxes_got, strict=False) if w != g]
    if moved or len(boxes_want) != len(boxes_got):
        first = moved[0] if moved else "the word count"
        found.append(f"{len(moved)} words placed differently, first {first}")
    if fonts(expected) != fonts(actual):
        found.append(f"fonts {fonts(actual)}, not {fonts(expected)}")
    if images(expected) != images(actual):
        found.append(f"pictures {images(actual)}, not {images(expected)}")
    info_want, info_got = metadata(expected), metadata(actual)
    for key in sorted(set(info_want) | set(info_got)):
        if info_want.get(key) != info_got.get(key):
            found.append(f"{key}: {info_got.get(key)!r}, not {info_want.get(key)!r}")
    return found
