"""A picture's metadata (author, camera, place, comments) never reaches a letter: its
pixels, colours and resolution do."""

from __future__ import annotations

import io
import struct
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from letters.cli import main
from letters.render.image_metadata import NotAnImage, without_metadata
from tests.conftest import docx_parts
from tests.test_template_safety import (
    DOC_RELS,
    TYPES,
    Bad,
    add_rel,
    add_type,
    build_error,
    make_bad,
    rel,
    with_picture,
)

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


# --- the template's own pictures ----------------------------------------------------------


def _jpeg(colour: tuple[int, int, int], size: tuple[int, int]) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, "JPEG", quality=90)
    return buffer.getvalue()


def _exif_with_thumbnail(thumbnail: bytes) -> bytes:
    """EXIF naming the camera's owner, its second directory holding ``thumbnail``."""
    owner = b"Jane Roe, Kyiv\0"
    ifd0_at = 8
    ifd1_at = ifd0_at + 2 + 12 + 4
    owner_at = ifd1_at + 2 + 2 * 12 + 4
    thumbnail_at = owner_at + len(owner)
    ifd0 = struct.pack(">HHHII", 1, 0x013B, 2, len(owner), owner_at) + struct.pack(">I", ifd1_at)
    ifd1 = struct.pack(">H", 2) + b"".join(
        struct.pack(">HHII", tag, 4, 1, value)
        for tag, value in ((0x0201, thumbnail_at), (0x0202, len(thumbnail)))
    )
    tiff = b"MM\0*" + struct.pack(">I", ifd0_at) + ifd0 + ifd1 + struct.pack(">I", 0)
    return b"Exif\0\0" + tiff + owner + thumbnail


def _template_jpeg() -> tuple[bytes, bytes, bytes]:
    """A grey picture whose EXIF carries its owner and a red thumbnail of an older picture,
    with XMP and a comment; the picture alone; the thumbnail."""
    clean, thumbnail = _jpeg((128, 128, 128), (64, 64)), _jpeg((255, 0, 0), (16, 16))
    said = (
        _segment(0xE1, _exif_with_thumbnail(thumbnail))
        + _segment(0xE1, b"http://ns.adobe.com/xap/1.0/\0<x:xmpmeta>History: Jane Roe</x:xmpmeta>")
        + _segment(0xFE, b"Jane Roe, Kyiv")
    )
    return clean[:2] + said + clean[2:], clean, thumbnail


def _template_png() -> tuple[bytes, bytes, bytes]:
    """The sample's logo with EXIF (and the same thumbnail) and XMP in it; the logo alone;
    the thumbnail."""
    clean = (Path(__file__).resolve().parent.parent / "templates" / "logo.png").read_bytes()
    thumbnail = _jpeg((255, 0, 0), (16, 16))
    said = _chunk(b"eXIf", _exif_with_thumbnail(thumbnail)[6:]) + _chunk(
        b"iTXt", b"XML:com.adobe.xmp\0\0\0\0\0<x:xmpmeta>History: Jane Roe</x:xmpmeta>"
    )
    return clean[:33] + said + clean[33:], clean, thumbnail


@pytest.mark.parametrize(
    ("made", "name"),
    [(_template_jpeg, "seal.jpg"), (_template_png, "seal.png")],
    ids=["jpeg", "png"],
)
def test_the_templates_own_pictures_reach_the_letters_without_their_metadata(
    made: Callable[[], tuple[bytes, bytes, bytes]], name: str, sample: Path, runner: CliRunner
) -> None:
    """Not the owner's name, the editing history, nor a thumbnail of an older picture; the
    picture itself byte for byte, the same in every letter."""
    said, clean, thumbnail = made()
    edits = with_picture("Seal")
    edits[DOC_RELS] = add_rel(rel("image", f"media/{name}", external=False, rid="rIdSeal"))
    edits[TYPES] = add_type(
        '<Default Extension="jpg" ContentType="image/jpeg"/>'
        '<Default Extension="png" ContentType="image/png"/>'
    )
    make_bad(sample, Bad("", [], edits, {f"word/media/{name}": said}))
    result = runner.invoke(main, ["build", JOINT, "-w", str(sample)])
    assert result.exit_code == 0, result.output
    letters = sorted((sample / "out" / JOINT).glob("*.docx"))
    assert len(letters) > 1
    for letter in letters:
        parts = docx_parts(letter)
        assert parts[f"word/media/{name}"] == clean, letter.name
        assert not any(b"Jane Roe" in data or thumbnail in data for data in parts.values())


REPLACE = (
    "save it as PNG or JPEG and put that into the template instead (Word: select it, Picture"
    " Format › Change Picture)"
)

UNCLEANED = (
    f"whose comments and metadata (author, place, editing history) would go to every addressee;"
    f" {REPLACE}"
)


@pytest.mark.parametrize(
    ("picture", "problem"),
    [
        (
            b"GIF89a\x01\0\x01\0\0\0\0!\xfe\x0eJane Roe, Kyiv\0;",
            f"is a picture saved as GIF, {UNCLEANED}",
        ),
        (
            b"MM\0*\0\0\0\x08\0\x01\x01\x3b\0\x02\0\0\0\x0fJane Roe, Kyiv\0",
            f"is a picture saved as TIFF, {UNCLEANED}",
        ),
        (
            struct.pack("<II", 1, 108)
            + bytes(32)
            + b" EMF"
            + bytes(36)
            + struct.pack("<II", 15, 88)
            + "Jane Roe\0Kyiv\0\0".encode("utf-16-le"),
            f"is a picture saved as EMF, {UNCLEANED}",
        ),
        (
            b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR",
            "is a PNG picture that does not add up (a chunk runs past the end),"
            f" so what it says of itself cannot be left out of the letter; {REPLACE}",
        ),
    ],
    ids=["gif-comment", "tiff-artist", "emf-description", "png-cut-short"],
)
def test_a_template_picture_whose_metadata_cannot_be_taken_out_is_refused(
    picture: bytes, problem: str, sample: Path, runner: CliRunner
) -> None:
    make_bad(sample, Bad("", [], with_picture("Seal"), {"word/media/seal.png": picture}))
    built = runner.invoke(main, ["build", JOINT, "--lang", "en", "-w", str(sample)])
    assert (built.exit_code, built.output) == (1, build_error([f"word/media/seal.png {problem}"]))
    assert not (sample / "out").exists()


def test_a_jpegs_thumbnails_and_makers_segments_are_dropped() -> None:
    """JFIF's own thumbnail (its resolution stays), JFXX's and FlashPix's, a maker's APP12."""
    head = b"JFIF\0\x01\x02\x01\0H\0H"
    thumbnail = b"\x02\x01" + bytes([255, 0, 0]) * 2
    frame = _segment(0xC0, b"\x08\0\x01\0\x01\x01\x01\x11\0")
    adobe = _segment(0xEE, b"Adobe\0d\0\0\0\0\x01")
    scan = _segment(0xDA, b"\x01\x01\0\0\x3f\0") + b"\x12\x34" + b"\xff\xd9"
    said = (
        _segment(0xE0, b"JFXX\0\x10" + _jpeg((255, 0, 0), (8, 8)))
        + _segment(0xE2, b"FPXR\0\0thumbnail")
        + _segment(0xEC, b"Ducky\0Jane Roe")
    )
    jpeg = b"\xff\xd8" + _segment(0xE0, head + thumbnail) + said + adobe + frame + scan
    kept = b"\xff\xd8" + _segment(0xE0, head + b"\0\0") + adobe + frame + scan
    assert without_metadata(jpeg, "image/jpeg") == kept
    assert without_metadata(kept, "image/jpeg") == kept
