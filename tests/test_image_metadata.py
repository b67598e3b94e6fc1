"""A picture's metadata (author, camera, place, comments) never reaches a letter: its
pixels, colours and resolution do."""

from __future__ import annotations

import io
import struct
import zlib
from pathlib import Path

import pytest
from click.testing import CliRunner

from letters.cli import main
from letters.render.image_metadata import NotAnImage, without_metadata
from tests.conftest import docx_parts

JOINT = "may-2020-joint"


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def _segment(marker: int, data: bytes) -> bytes:
    return bytes([0xFF, marker]) + struct.pack(">H", len(data) + 2) + data


def test_a_logos_text_chunks_stay_out_of_the_letters(sample: Path, runner: CliRunner) -> None:
    logo = sample / "templates" / "logo.png"
    clean = logo.read_bytes()
    header_end = 8 + 25  # the signature and IHDR
    said = _chunk(b"tEXt", b"Author\0Secret Author, C:\\Users\\jane\\campaign") + _chunk(
        b"tIME", b"\x07\xe4\x05\x15\x0c\x00\x00"
    )
    logo.write_bytes(clean[:header_end] + said + clean[header_end:])
    result = runner.invoke(main, ["build", JOINT, "--lang", "en", "-w", str(sample)])
    assert result.exit_code == 0, result.output
    parts = docx_parts(sample / "out" / JOINT / f"{JOINT}.en.docx")
    assert not any(b"Secret Author" in data for data in parts.values())
    pictures = [data for name, data in parts.items() if name.startswith("word/media/")]
    assert clean in pictures  # the picture itself, byte for byte


def test_a_pngs_chunks_that_draw_it_are_kept_and_the_rest_dropped() -> None:
    ihdr = _chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 6, 0, 0, 0))
    drawn = [ihdr, _chunk(b"pHYs", b"\0\0\x0b\x13\0\0\x0b\x13\x01"), _chunk(b"IDAT", b"xx")]
    said = [_chunk(b"iTXt", b"Comment\0\0\0\0\0private"), _chunk(b"eXIf", b"MM\0*")]
    end = _chunk(b"IEND", b"")
    png = b"\x89PNG\r\n\x1a\n" + drawn[0] + said[0] + drawn[1] + said[1] + drawn[2] + end
    assert without_metadata(png, "image/png") == b"\x89PNG\r\n\x1a\n" + b"".join(drawn) + end


@pytest.mark.parametrize(
    "colour",
    [
        [_chunk(b"cICP", b"\x09\x10\x00\x01")],  # BT.2020 primaries, PQ transfer, full range
        [_chunk(b"mDCV", bytes(24)), _chunk(b"cLLI", bytes(8))],  # the HDR display's brightness
        [_chunk(b"mDCv", bytes(24)), _chunk(b"cLLi", bytes(8))],  # as drafts of the spec named them
    ],
    ids=["cICP", "mDCV-cLLI", "draft-mDCv-cLLi"],
)
def test_a_pngs_colour_space_and_hdr_chunks_are_kept(colour: list[bytes]) -> None:
    ihdr = _chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 16, 2, 0, 0, 0))
    said = _chunk(b"tEXt", b"Software\0HDR editor")
    rest = _chunk(b"IDAT", b"xx") + _chunk(b"IEND", b"")
    png = b"\x89PNG\r\n\x1a\n" + ihdr + b"".join(colour) + said + rest
    assert without_metadata(png, "image/png") == png.replace(said, b"")


def _progressive_jpeg() -> tuple[bytes, list[int]]:
    """A progressive JPEG from Pillow (which writes neither EXIF nor comments unasked), its
    scans' data with restart markers and stuffed zeros, and where each scan after the first
    begins: the Huffman tables before it."""
    from PIL import Image  # Pillow comes with pikepdf

    picture = Image.new("RGB", (48, 32))
    picture.putdata([(x * 5, y * 7, (x * y) % 256) for y in range(32) for x in range(48)])
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", progressive=True, quality=90, restart_marker_blocks=1)
    jpeg = buffer.getvalue()
    assert b"\xff\xd0" in jpeg and b"\xff\x00" in jpeg
    scans = [at for at in range(len(jpeg) - 1) if jpeg[at : at + 2] == b"\xff\xda"]
    later = [jpeg.rindex(b"\xff\xc4", 0, at) for at in scans[1:]]
    assert len(later) > 2 and all(at > scans[0] for at in later)  # tables between scans
    return jpeg, later


def test_a_progressive_jpegs_comments_and_exif_between_scans_are_dropped() -> None:
    from PIL import Image

    clean, later = _progressive_jpeg()
    said = _segment(0xFE, b"scanned at the office") + _segment(0xE1, b"Exif\0\0GPS 50.45N")
    first, last = later[0], later[-1]
    jpeg = clean[:first] + said + clean[first:last] + said + clean[last:]
    assert Image.open(io.BytesIO(jpeg)).tobytes() == Image.open(io.BytesIO(clean)).tobytes()
    out = without_metadata(jpeg, "image/jpeg")
    assert out == clean
    assert Image.open(io.BytesIO(out)).tobytes() == Image.open(io.BytesIO(clean)).tobytes()


def test_what_a_phone_appends_after_a_jpegs_end_is_dropped_with_its_index() -> None:
    """A second picture (a gain map, a preview) with EXIF of its own, and MPF's index of it."""
    clean, _later = _progressive_jpeg()
    index = _segment(0xE2, b"MPF\0II*\0\x08\0\0\0")
    appended = b"\xff\xd8" + _segment(0xE1, b"Exif\0\0GPS 50.45N") + b"\xff\xd9"
    jpeg = clean[:2] + index + clean[2:] + appended
    assert without_metadata(jpeg, "image/jpeg") == clean


def test_a_jpegs_exif_xmp_iptc_and_comments_are_dropped() -> None:
    jfif = _segment(0xE0, b"JFIF\0\x01\x02\x01\0H\0H\0\0")
    icc = _segment(0xE2, b"ICC_PROFILE\0\x01\x01colours")
    tables = _segment(0xDB, b"\0" + bytes(64))
    frame = _segment(0xC0, b"\x08\0\x01\0\x01\x01\x01\x11\0")
    scan = _segment(0xDA, b"\x01\x01\0\0\x3f\0") + b"\x12\x34\xff\x00\x56" + b"\xff\xd9"
    said = [
        _segment(0xE1, b"Exif\0\0GPS 50.45N 30.52E"),
        _segment(0xED, b"Photoshop 3.0\0IPTC"),
        _segment(0xFE, b"scanned at the office"),
    ]
    jpeg = b"\xff\xd8" + jfif + said[0] + icc + said[1] + tables + said[2] + frame + scan
    kept = b"\xff\xd8" + jfif + icc + tables + frame + scan
    assert without_metadata(jpeg, "image/jpeg") == kept


@pytest.mark.parametrize(
    ("blob", "content_type"),
    [
        (b"\x89PNG\r\n\x1a\n" + b"\0\0\0\x0dIHDR", "image/png"),  # a chunk cut short
        (b"\x89PNG\r\n\x1a\n", "image/png"),  # no end
        (b"\xff\xd8\xff\xe1\xff\xff", "image/jpeg"),  # a segment longer than the file
        (b"\xff\xd8\x00\x00\x00\x00", "image/jpeg"),  # no segment at all
    ],
)
def test_a_picture_whose_structure_does_not_add_up_is_refused(
    blob: bytes, content_type: str
) -> None:
    with pytest.raises(NotAnImage):
        without_metadata(blob, content_type)


def _exif(orientation: int, *, order: str = ">") -> bytes:
    """An EXIF block with an orientation, a maker's name and a place's coordinates."""
    mark = b"MM" if order == ">" else b"II"
    entries = [(0x0112, 3, 1, struct.pack(order + "HH", orientation, 0)), (0x010F, 2, 4, b"Acme")]
    ifd = struct.pack(order + "H", len(entries)) + b"".join(
        struct.pack(order + "HHI", tag, kind, count) + value for tag, kind, count, value in entries
    )
    tiff = mark + struct.pack(order + "HI", 42, 8) + ifd + struct.pack(order + "I", 0)
    return b"Exif\0\0" + tiff + b"GPS 50.45N 30.52E"


@pytest.mark.parametrize("order", [">", "<"], ids=["big-endian", "little-endian"])
def test_a_jpegs_orientation_is_kept_alone(order: str) -> None:
    """A signature photographed with a phone stays the right way up, and says nothing else."""
    frame = _segment(0xC0, b"\x08\0\x01\0\x01\x01\x01\x11\0")
    scan = _segment(0xDA, b"\x01\x01\0\0\x3f\0") + b"\x12\x34" + b"\xff\xd9"
    jpeg = b"\xff\xd8" + _segment(0xE1, _exif(6, order=order)) + frame + scan
    out = without_metadata(jpeg, "image/jpeg")
    assert b"Acme" not in out and b"GPS" not in out
    exif = out[2 + 4 : out.index(frame)]
    assert exif.startswith(b"Exif\0\0MM\0*")
    assert struct.unpack(">HHIH", exif[16:26]) == (0x0112, 3, 1, 6)
    upright = b"\xff\xd8" + _segment(0xE1, _exif(1, order=order)) + frame + scan
    assert without_metadata(upright, "image/jpeg") == b"\xff\xd8" + frame + scan


def test_stray_bytes_between_a_jpegs_segments_are_skipped_as_readers_skip_them() -> None:
    frame = _segment(0xC0, b"\x08\0\x01\0\x01\x01\x01\x11\0")
    scan = _segment(0xDA, b"\x01\x01\0\0\x3f\0") + b"\x12\x34" + b"\xff\xd9"
    jpeg = b"\xff\xd8" + frame + b"\0\0" + _segment(0xFE, b"a comment") + scan
    assert without_metadata(jpeg, "image/jpeg") == b"\xff\xd8" + frame + scan
