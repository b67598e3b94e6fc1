"""Make a PDF LibreOffice wrote the same bytes every time: its dates set to the letter's day.

LibreOffice stamps the conversion time into each PDF, so two conversions of the same .docx
differ; with the timestamps set to one day and /ID derived from the content, a resumed
batch ends byte for byte as an uninterrupted one would.
"""

from __future__ import annotations

import datetime
import hashlib
import struct
from collections.abc import Iterator
from pathlib import Path

import pikepdf

from letters.publish.pdf_save import save_pdf


def pin_dates(source: Path, target: Path, day: datetime.date) -> None:
    """Write ``source`` to ``target`` with every timestamp set to ``day`` and a content /ID.

    LibreOffice stamps the conversion time into the info dictionary, the XMP packet and
    the PDF/A colour profile, and derives /ID and /DocChecksum from it; nothing else
    differs between two conversions of the same .docx.
    """
    with pikepdf.open(source) as pdf:
        pin(pdf, day)
        save_pdf(pdf, target, durable=False, deterministic_id=True)  # the batch flushes


def pin(pdf: pikepdf.Pdf, day: datetime.date) -> None:
    """Set every timestamp of the open ``pdf`` to ``day``; drop /ID (save it with
    ``deterministic_id=True``) and the Acrobat-era /DocChecksum."""
    pdf.docinfo[pikepdf.Name.CreationDate] = f"D:{day:%Y%m%d}000000Z"
    if pikepdf.Name.ModDate in pdf.docinfo:
        pdf.docinfo[pikepdf.Name.ModDate] = f"D:{day:%Y%m%d}000000Z"
    if pikepdf.Name.Metadata in pdf.Root:
        with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as xmp:
            for key in ("xmp:CreateDate", "xmp:ModifyDate", "xmp:MetadataDate"):
                if key in xmp:
                    xmp[key] = f"{day.isoformat()}T00:00:00Z"
    for profile in _output_profiles(pdf):
        profile.write(_pin_icc_date(profile.read_bytes(), day))
    # An Acrobat-era checksum of the whole file; nothing reads it and it holds the time.
    if pikepdf.Name.DocChecksum in pdf.trailer:
        del pdf.trailer[pikepdf.Name.DocChecksum]
    # qpdf keeps the first half of an existing /ID, and LibreOffice's is made from the clock.
    if pikepdf.Name.ID in pdf.trailer:
        del pdf.trailer[pikepdf.Name.ID]


def _output_profiles(pdf: pikepdf.Pdf) -> Iterator[pikepdf.Stream]:
    for intent in pdf.Root.get(pikepdf.Name.OutputIntents, pikepdf.Array()):
        profile = intent.get(pikepdf.Name.DestOutputProfile)
        if isinstance(profile, pikepdf.Stream):
            yield profile


def _pin_icc_date(data: bytes, day: datetime.date) -> bytes:
    profile = bytearray(data)
    if len(profile) < 128 or profile[36:40] != b"acsp":
        return data
    profile[24:36] = struct.pack(">6H", day.year, day.month, day.day, 0, 0, 0)
    if any(profile[84:100]):
        # ICC v4 profile ID: MD5 of the profile with flags, intent and the ID itself zeroed.
        probe = bytearray(profile)
        probe[44:48] = probe[64:68] = bytes(4)
        probe[84:100] = bytes(16)
        profile[84:100] = hashlib.md5(probe, usedforsecurity=False).digest()
    return bytes(profile)
