"""Write .docx packages with fixed bytes, copying already-compressed parts as they are.

Python's ``zipfile`` compresses every member it writes. Most of a letter's
package (styles, theme, fonts, numbering: hundreds of kilobytes) is the same
for every letter of a batch, so compressing it again per letter would cost
more than rendering the letter. A :class:`Member` is compressed once and its
bytes are copied into each package. Timestamps are fixed, so the same parts
always give the same file.
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Iterable
from dataclasses import dataclass

_DOS_TIME = 0  # 00:00:00
_DOS_DATE = (0 << 9) | (1 << 5) | 1  # 1980-01-01, the earliest date a zip can hold
_VERSION = 20  # deflate, no zip64
_MADE_BY = (3 << 8) | _VERSION  # Unix, so the permission bits below are read
_EXTERNAL_ATTR = 0o100644 << 16  # a regular file, rw-r--r--
_LIMIT = 0xFFFFFFFF


@dataclass(frozen=True)
class Member:
    """One part of a package, compressed once."""

    name: str
    crc: int
    size: int
    compressed: bytes

    @classmethod
    def of(cls, name: str, data: bytes, level: int = zlib.Z_DEFAULT_COMPRESSION) -> Member:
        if len(data) >= _LIMIT:
            raise ValueError(f"{name} is too large for a .docx package")
        packer = zlib.compressobj(level, zlib.DEFLATED, -15)
        compressed = packer.compress(data) + packer.flush()
        return cls(name, zlib.crc32(data), len(data), compressed)


def package(members: Iterable[Member]) -> bytes:
    """The zip file holding ``members`` in the order given."""
    chunks: list[bytes] = []
    directory: list[bytes] = []
    offset = 0
    count = 0
    for member in members:
        name = member.name.encode("utf-8")
        flags = 0 if member.name.isascii() else 0x800  # bit 11: the name is UTF-8
        fields = (
            _VERSION,
            flags,
            8,  # deflate
            _DOS_TIME,
            _DOS_DATE,
            member.crc,
            len(member.compressed),
            member.size,
            len(name),
        )
        local = struct.pack("<IHHHHHIIIHH", 0x04034B50, *fields, 0) + name
        directory.append(
            struct.pack(
                "<IHHHHHHIIIHHHHHII",
                0x02014B50,
                _MADE_BY,
                *fields,
                0,  # extra field length
                0,  # comment length
                0,  # disk number
                0,  # internal attributes
                _EXTERNAL_ATTR,
                offset,
            )
            + name
        )
        chunks += [local, member.compressed]
        offset += len(local) + len(member.compressed)
        count += 1
    central = b"".join(directory)
    if offset + len(central) >= _LIMIT or count >= 0xFFFF:
        raise ValueError("package too large for a .docx")
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, count, count, len(central), offset, 0)
    return b"".join(chunks) + central + end
