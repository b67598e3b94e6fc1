"""Pictures without what their files say about where they came from.

A logo or a signature scanned, edited or exported carries more than its pixels: a PNG's
text chunks (author, software, comments, a file path), its time stamp and EXIF; a JPEG's
EXIF (camera, place, time), XMP, Photoshop's IPTC block and comments, before its picture
data or between the scans of a progressive JPEG, and whatever a phone appends after its end
(a second picture with EXIF of its own, a video). Put into a letter, all of it would go to
every addressee. :func:`without_metadata` keeps what a picture is drawn from (its pixels,
palette, transparency, colour space, HDR brightness and resolution) and drops the rest.
A template's own pictures go the same way (:func:`picture_without_metadata`), found by
their bytes, whatever their name or declared type says. Nothing is decoded or encoded
again, so the same picture always gives the same bytes.
"""

from __future__ import annotations

import struct

_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
# PNG chunks that change how the picture looks (cICP, mDCV and cLLI: its colour space and HDR
# brightness, mDCv and cLLi as drafts of the third edition spelled them); any other goes
_PNG_KEPT = {b"IHDR", b"PLTE", b"IDAT", b"IEND", b"tRNS", b"gAMA", b"cHRM", b"sRGB", b"iCCP",
             b"sBIT", b"pHYs", b"bKGD", b"cICP", b"mDCV", b"cLLI", b"mDCv", b"cLLi"}  # fmt: skip
# The application segments (APP0-APP15) a JPEG is drawn with: JFIF's (its resolution; a
# thumbnail in it goes), an ICC profile's, Adobe's (how its colours are coded). Any other
# is metadata: EXIF and XMP (an EXIF orientation is written again alone), IPTC, MPF's index
# of pictures appended after the end, JFXX's and FlashPix's thumbnails, makers' notes;
# and so is COM, a comment
_JPEG_APPS_KEPT = {0xE0: b"JFIF\0", 0xE2: b"ICC_PROFILE\0", 0xEE: b"Adobe"}
_JFIF_HEAD = 12  # "JFIF\0", its version, units and densities; the thumbnail's size follows
_COMMENT = 0xFE
_JPEG_STANDALONE = {0x01, *range(0xD0, 0xD8)}  # markers with no length after them


class NotAnImage(ValueError):
    """The file's structure cannot be followed to its end."""


def without_metadata(blob: bytes, content_type: str) -> bytes:
    """``blob`` (a PNG or a JPEG) without its metadata; :class:`NotAnImage` if its
    chunks or segments do not add up."""
    if content_type == "image/png":
        return _png(blob)
    if content_type == "image/jpeg":
        return _jpeg(blob)
    return blob


def picture_type(blob: bytes) -> str | None:
    """``image/png`` or ``image/jpeg`` if ``blob`` begins as one does; else None."""
    if blob.startswith(_PNG_SIGNATURE):
        return "image/png"
    if blob.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    return None


def picture_without_metadata(blob: bytes) -> bytes:
    """``blob`` without its metadata if it is a PNG or a JPEG (:class:`NotAnImage` if it
    begins as one and does not add up); any other file as it is."""
    kind = picture_type(blob)
    return without_metadata(blob, kind) if kind else blob


def _png(blob: bytes) -> bytes:
    if not blob.startswith(_PNG_SIGNATURE):
        raise NotAnImage("no PNG signature")
    out, at = [_PNG_SIGNATURE], len(_PNG_SIGNATURE)
    while at < len(blob):
        if at + 12 > len(blob):
            raise NotAnImage("a chunk runs past the end")
        (length,) = struct.unpack(">I", blob[at : at + 4])
        kind = blob[at + 4 : at + 8]
        end = at + 12 + length
        if end > len(blob):
            raise NotAnImage("a chunk runs past the end")
        if kind in _PNG_KEPT:
            out.append(blob[at:end])
        at = end
        if kind == b"IEND":
            return b"".join(out)
    raise NotAnImage("no end chunk")


def _jpeg(blob: bytes) -> bytes:
    if not blob.startswith(b"\xff\xd8"):
        raise NotAnImage("no JPEG start marker")
    out, at, scanned = [blob[:2]], 2, False
    while at + 2 <= len(blob):
        if blob[at] != 0xFF:  # stray bytes between segments, which readers skip too
            at = blob.find(b"\xff", at)
            if at == -1:
                break
            continue
        marker = blob[at + 1]
        if marker == 0xFF:  # fill byte
            at += 1
            continue
        if marker == 0xD9 and scanned:  # the end: what a phone appends after it goes
            out.append(blob[at : at + 2])
            return b"".join(out)
        if marker in _JPEG_STANDALONE:
            out.append(blob[at : at + 2])
            at += 2
            continue
        if at + 4 > len(blob):
            raise NotAnImage("a segment runs past the end")
        (length,) = struct.unpack(">H", blob[at + 2 : at + 4])
        end = at + 2 + length
        if length < 2 or end > len(blob):
            raise NotAnImage("a segment runs past the end")
        data = blob[at + 4 : end]
        drawn_with = _JPEG_APPS_KEPT.get(marker)
        said = marker == _COMMENT or (
            0xE0 <= marker <= 0xEF and not (drawn_with and data.startswith(drawn_with))
        )
        if marker == 0xDA:  # a scan: its compressed data follows, to the next marker
            end, scanned = _scan_end(blob, end), True
            out.append(blob[at:end])
        elif marker == 0xE0 and not said:
            out.append(_jfif_without_thumbnail(data))
        elif not said:
            out.append(blob[at:end])
        elif marker == 0xE1 and (turned := _orientation(data)) is not None:
            out.append(_orientation_only(turned))  # a phone's photo stays the right way up
        at = end
    if scanned:  # cut short before its end, as readers show it: as far as it goes
        return b"".join(out)
    raise NotAnImage("no picture data")


def _scan_end(blob: bytes, at: int) -> int:
    """Where the compressed data of a scan that starts at ``at`` ends: at the first marker
    that is not a restart (RST0-7), a stuffed zero (``FF 00``) or a fill byte; at the end
    of ``blob`` if none is."""
    while (at := blob.find(b"\xff", at)) != -1 and at + 1 < len(blob):
        following = blob[at + 1]
        if following != 0xFF and following != 0 and not 0xD0 <= following <= 0xD7:
            return at
        at += 1 if following == 0xFF else 2
    return len(blob)


def _jfif_without_thumbnail(data: bytes) -> bytes:
    """A JFIF segment with its resolution and no thumbnail."""
    kept = data[:_JFIF_HEAD].ljust(_JFIF_HEAD, b"\0") + b"\0\0"
    return b"\xff\xe0" + struct.pack(">H", len(kept) + 2) + kept


def _orientation(exif: bytes) -> int | None:
    """The EXIF orientation (2-8: turned or mirrored) an APP1 segment gives, if any."""
    if not exif.startswith(b"Exif\0\0") or exif[6:8] not in (b"II", b"MM"):
        return None
    tiff, order = exif[6:], "<" if exif[6:8] == b"II" else ">"
    try:
        (first,) = struct.unpack_from(order + "I", tiff, 4)
        (count,) = struct.unpack_from(order + "H", tiff, first)
        for number in range(count):
            tag, kind, _n, value = struct.unpack_from(order + "HHIH", tiff, first + 2 + 12 * number)
            if tag == 0x0112 and kind == 3:
                return value if 2 <= value <= 8 else None
    except struct.error:
        return None
    return None


def _orientation_only(orientation: int) -> bytes:
    """An APP1 segment whose EXIF holds the orientation alone."""
    tiff = b"MM\0*" + struct.pack(">IHHHIHHI", 8, 1, 0x0112, 3, 1, orientation, 0, 0)
    data = b"Exif\0\0" + tiff
    return b"\xff\xe1" + struct.pack(">H", len(data) + 2) + data
