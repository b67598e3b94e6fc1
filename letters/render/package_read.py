"""A template's package read safely: each part no larger than :data:`MAX_PART_BYTES` unpacked
(:func:`read_part`: a zip bomb stops there), which parts are XML (by name or declared content
type), a part parsed strictly, and the styles and theme a rendered part's colours come from
(:func:`template_styles`). What the parts may hold is judged by
:mod:`letters.render.package_check`.
"""

from __future__ import annotations

import hashlib
import io
import posixpath
import zipfile
import zlib
from collections.abc import Iterator

from lxml import etree

from letters.errors import TemplateProblem
from letters.files.memo import by_content
from letters.render.contrast import Styles
from letters.render.docxpost import CT, PKG_REL, strict_parser
from letters.render.unseen import SAVE_AGAIN
from letters.render.unshown_parts import DOCUMENT_RELS

CONTENT_TYPES = "[Content_Types].xml"


MAX_PART_BYTES = 32 * 1024 * 1024
"""The most bytes one part of a template may unpack to. A template's text is a few hundred
kB and a logo a few MB; a zip bomb unpacks a few kB into gigabytes."""


def read_part(archive: zipfile.ZipFile, name: str, label: str) -> bytes:
    """The bytes of part ``name``, never more than :data:`MAX_PART_BYTES` (whatever the zip
    says of its size); a damaged, encrypted or oversized part is a `TemplateProblem`."""
    try:
        with archive.open(name) as part:
            data = part.read(MAX_PART_BYTES + 1)
    except (zipfile.BadZipFile, zlib.error, EOFError) as exc:
        raise TemplateProblem(f"{label}: {name} is damaged ({exc}); {SAVE_AGAIN}") from None
    except (NotImplementedError, RuntimeError) as exc:  # a compression or encryption
        raise TemplateProblem(f"{label}: {name} cannot be unpacked ({exc}); {SAVE_AGAIN}") from None
    if len(data) > MAX_PART_BYTES:
        raise TemplateProblem(
            f"{label}: {name} unpacks to more than {MAX_PART_BYTES // 2**20} MB (template limit:"
            f" {MAX_PART_BYTES // 2**20} MB a part); remove it, or save a smaller picture"
        )
    return data


@by_content(most=16)
def template_styles(source: bytes, label: str) -> Styles:
    """The styles and theme of the template ``source``: what a rendered part's colours and
    shading come from (a table style's shaded header row, say). Kept for the process: a
    batch's languages share it (it only adds to its own lookup tables)."""
    with zipfile.ZipFile(io.BytesIO(source)) as archive:
        return read_styles(archive, archive.namelist(), label)


def read_styles(archive: zipfile.ZipFile, names: list[str], label: str) -> Styles:
    """The document's styles and theme, as its relationships name them (a part that cannot
    be read counts as missing here: it is reported as that part's problem)."""
    found: dict[str, str] = {}
    try:
        data = read_part(archive, DOCUMENT_RELS, label) if DOCUMENT_RELS in names else None
        rels = etree.fromstring(data, strict_parser()) if data else None
    except etree.XMLSyntaxError:
        rels = None
    for rel in rels.iter(f"{{{PKG_REL}}}Relationship") if rels is not None else ():
        kind, target = rel.get("Type", "").rpartition("/")[2], rel.get("Target", "")
        if kind in ("styles", "theme") and rel.get("TargetMode", "").lower() != "external":
            path = target.lstrip("/") if target.startswith("/") else f"word/{target}"
            found.setdefault(kind, posixpath.normpath(path))
    parts = [found.get(kind, f"word/{default}") for kind, default in _USUAL]
    styles, theme = (read_part(archive, p, label) if p in names else None for p in parts)
    read = Styles.of(styles, theme, strict_parser())
    read.key = b"".join(hashlib.sha256(part or b"").digest() for part in (styles, theme))
    return read


_USUAL = (("styles", "styles.xml"), ("theme", "theme/theme1.xml"))


def xml_parts(archive: zipfile.ZipFile, names: list[str], label: str) -> set[str]:
    """The members that are XML: by their name, or by the content type declared for them."""
    xml = {n for n in names if n.lower().endswith((".xml", ".rels"))}
    try:
        root = etree.fromstring(read_part(archive, CONTENT_TYPES, label), strict_parser())
    except etree.XMLSyntaxError:
        return xml  # reported as a malformed part
    declared = {
        o.get("PartName", "").lstrip("/"): o.get("ContentType", "")
        for o in root.iter(f"{{{CT}}}Override")
    }
    by_extension = {
        d.get("Extension", "").lower(): d.get("ContentType", "")
        for d in root.iter(f"{{{CT}}}Default")
    }
    for name in names:
        ctype = declared.get(name) or by_extension.get(name.rpartition(".")[2].lower(), "")
        if ctype.lower().endswith("xml"):
            xml.add(name)
    return xml


def parsed_part(
    archive: zipfile.ZipFile, names: list[str], name: str, label: str
) -> etree._Element | None:
    """Part ``name`` parsed, or None if it is missing or not well-formed (reported apart)."""
    try:
        return etree.fromstring(read_part(archive, name, label), strict_parser())
    except (KeyError, etree.XMLSyntaxError):
        return None


def content_types(root: etree._Element) -> Iterator[tuple[str, str]]:
    """(what, content type): each part an Override names, and the files of each Default."""
    for override in root.iter(f"{{{CT}}}Override"):
        yield override.get("PartName", "").lstrip("/"), override.get("ContentType", "")
    for default in root.iter(f"{{{CT}}}Default"):
        yield f"every .{default.get('Extension', '')} file", default.get("ContentType", "")
