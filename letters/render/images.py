"""Images in letters — a signatory's signature, the letterhead's logo: read safely, shown inline.

An image file is untrusted: at most :data:`MAX_IMAGE_BYTES` of it are read, and it must
really be a PNG or JPEG of sensible size (python-docx's header reader says which and how
large), or the workspace is refused naming the file and the field. In a template an image
is a :class:`Picture`: ``{{ s.signature_image }}`` puts it, inline, where the tag stands,
``{{ letterhead.logo.sized(2.5) }}`` at another width. Rendering it adds the image to
that letter's package — a ``word/media/`` part, a relationship of the part it stands in,
a content type — exactly as python-docx adds a picture, so the batch renderer and docxtpl
give the same bytes (a test holds them to it). A letter without images is untouched.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import posixpath
import zlib
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, TypeVar
from weakref import WeakKeyDictionary
from xml.sax.saxutils import quoteattr

from docx.image.exceptions import (
    InvalidImageStreamError,
    UnexpectedEndOfFileError,
    UnrecognizedImageError,
)
from docx.image.image import Image
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from lxml import etree

from letters.errors import TemplateProblem, WorkspaceError, closest
from letters.files.inside import outside, outside_message
from letters.render.docxpost import CT, PKG_REL, W, kept_names, member, serialize, strict_parser
from letters.render.image_metadata import NotAnImage, without_metadata
from letters.render.template_context import LetterheadView
from letters.render.zipout import Member, package

# What python-docx raises, or lets through, for bytes that are no picture it can read (a
# damaged one, an EMF, a header with a size of zero)
UNREADABLE_PICTURE = (
    UnrecognizedImageError,
    UnexpectedEndOfFileError,
    InvalidImageStreamError,
    ArithmeticError,
    LookupError,
    ValueError,
)

if TYPE_CHECKING:
    from letters.load.models import Letterhead

__all__ = [
    "IMAGE_FOLDERS",
    "LOGO_WIDTH_CM",
    "MAX_IMAGE_BYTES",
    "MAX_IMAGE_SIDE",
    "SIGNATURE_WIDTH_CM",
    "SIZE_NEEDED",
    "ImageFile",
    "Picture",
    "add_images",
    "docx_images",
    "drawing_kinds",
    "letter_images",
    "letter_package",
    "letterhead_view",
    "read_image",
    "showing_part",
]

MAX_IMAGE_BYTES = 2 * 1024 * 1024
"""The largest image file read: a signature or a logo needs a few kilobytes."""

MAX_IMAGE_SIDE = 6000
"""The most pixels an image may have on a side: more is a picture, not a signature, and
would cost a word processor gigabytes to show."""

IMAGE_FOLDERS = ("recipients", "templates", "cases")
"""The workspace folders an image may be kept in: letters notices a change to a file there
(a build resumed after a changed image would otherwise mix old letters and new)."""

SIGNATURE_WIDTH_CM = 4.0
"""How wide a signature is shown; ``.sized(cm)`` in a template changes it."""

LOGO_WIDTH_CM = 3.0
"""How wide the letterhead's logo is shown; ``.sized(cm)`` in a template changes it."""

SIZE_NEEDED = {
    "signature": "a signature needs about 600×200 pixels",
    # 3 cm at the 300 dpi of a good print is about 350 pixels
    "logo": f"a logo shown {LOGO_WIDTH_CM:g} cm wide needs about 400 pixels across",
}
"""How many pixels a picture needs, by what it is, for the message that it is too large."""

T = TypeVar("T")
_FORMATS = {"image/png": "PNG", "image/jpeg": "JPEG"}
_EMU_PER_CM = 360000
_FIRST_DRAWING_ID = 8000  # above the ids docxtpl gives the body's drawings (1001, 1002, …)


@dataclass(frozen=True)
class ImageFile:
    """An image file as read and checked: a PNG or a JPEG, within the limits."""

    path: str  # relative to the workspace, as messages name it
    blob: bytes = field(repr=False)
    ext: str  # the extension python-docx gives its part: "png", "jpg"
    content_type: str
    aspect: float  # height / width, as shown (pixels over dots per inch)
    sha1: str


def _file_meant(path: Path, rel: str) -> str:
    """A hint naming the file beside a missing ``path`` that its name most likely misspells
    (austrevicus.png for austrevicius.png); empty if none is close."""
    try:
        names = [p.name for p in path.parent.iterdir() if p.is_file()]
    except OSError:  # no such folder either: nothing to suggest from
        return ""
    meant = closest(path.name, names)
    return f"; did you mean {rel.rsplit('/', 1)[0]}/{meant}?" if meant else ""


def read_image(root: Path, rel: str, what: str = "") -> ImageFile:
    """The image at ``rel`` (relative to the workspace ``root``), checked; raise
    :class:`WorkspaceError` with a message that names the file and what is wrong. ``what``
    it is (a key of :data:`SIZE_NEEDED`) says how large it needs to be, if it is too large."""
    parts = rel.split("/")
    if parts[0] not in IMAGE_FOLDERS or len(parts) < 2:
        folders = ", ".join(f"{f}/" for f in IMAGE_FOLDERS)
        raise WorkspaceError(
            f"{rel} is not in one of the workspace's folders {folders}; keep images there,"
            " where a change to them is noticed"
        )
    path = root / rel
    if not path.exists():
        raise WorkspaceError(
            f"{rel} does not exist (the path is relative to the workspace){_file_meant(path, rel)}"
        )
    target = outside(root, path)  # the loader refuses such a link before: a second guard
    if target is not None:
        raise WorkspaceError(f"{rel} is {outside_message(target)}")
    if not path.is_file():
        raise WorkspaceError(f"{rel} is not a file in the workspace")
    try:
        with path.open("rb") as handle:
            blob = handle.read(MAX_IMAGE_BYTES + 1)
    except OSError as exc:
        raise WorkspaceError(f"{rel} cannot be read ({exc.strerror})") from None
    if len(blob) > MAX_IMAGE_BYTES:
        raise WorkspaceError(
            f"{rel} is larger than {MAX_IMAGE_BYTES // 2**20} MiB, the limit for an image"
            " (MAX_IMAGE_BYTES); save it smaller: "
            + SIZE_NEEDED.get(what, "a picture a few centimetres wide needs a few hundred pixels")
        )
    try:
        image = Image.from_blob(blob)
        content_type, ext = image.content_type, image.ext
        width, height = image.px_width, image.px_height
        aspect = (height / (image.vert_dpi or 72)) / (width / (image.horz_dpi or 72))
    except UNREADABLE_PICTURE:
        raise WorkspaceError(f"{rel} is not a PNG or JPEG image") from None
    if content_type not in _FORMATS:
        raise WorkspaceError(f"{rel} is not a PNG or JPEG image")
    try:
        blob = without_metadata(blob, content_type)  # its author, camera, place, comments
    except NotAnImage:
        raise WorkspaceError(f"{rel} is not a PNG or JPEG image") from None
    if max(width, height) > MAX_IMAGE_SIDE:
        raise WorkspaceError(
            f"{rel} is {width}×{height} pixels; an image may have at most"
            f" {MAX_IMAGE_SIDE} pixels on a side (MAX_IMAGE_SIDE)"
        )
    return ImageFile(rel, blob, ext, content_type, aspect, hashlib.sha1(blob).hexdigest())


# --- in a template ---------------------------------------------------------------------

_WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
_A = "http://schemas.openxmlformats.org/drawingml/2006/main"
_PIC = "http://schemas.openxmlformats.org/drawingml/2006/picture"
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

# The picture goes into the run the tag stands in, between its text before and after, so
# the run keeps its properties (its language among them) on every path.
_DRAWING = (
    "</w:t><w:drawing>"
    f'<wp:inline distT="0" distB="0" distL="0" distR="0" xmlns:wp="{_WP}">'
    '<wp:extent cx="{cx}" cy="{cy}"/><wp:effectExtent l="0" t="0" r="0" b="0"/>'
    '<wp:docPr id="{id}" name="Picture {id}" descr={descr}/>'
    f'<wp:cNvGraphicFramePr><a:graphicFrameLocks xmlns:a="{_A}" noChangeAspect="1"/>'
    f'</wp:cNvGraphicFramePr><a:graphic xmlns:a="{_A}"><a:graphicData uri="{_PIC}">'
    f'<pic:pic xmlns:pic="{_PIC}"><pic:nvPicPr><pic:cNvPr id="0" name={{name}}/><pic:cNvPicPr/>'
    f'</pic:nvPicPr><pic:blipFill><a:blip xmlns:r="{_R}" r:embed="{{rid}}"/>'
    "<a:stretch><a:fillRect/></a:stretch></pic:blipFill><pic:spPr><a:xfrm>"
    '<a:off x="0" y="0"/><a:ext cx="{cx}" cy="{cy}"/></a:xfrm><a:prstGeom prst="rect">'
    "<a:avLst/></a:prstGeom></pic:spPr></pic:pic></a:graphicData></a:graphic></wp:inline>"
    '</w:drawing><w:t xml:space="preserve">'
)


def drawing_kinds() -> frozenset[str]:
    """The kinds of element (``{namespace}local-name``) a picture's drawing is made of."""
    drawing = _DRAWING.partition("</w:t>")[2].rpartition("<w:t ")[0]
    xml = drawing.format(cx=1, cy=1, id=1, descr='""', name='""', rid="r")
    root = etree.fromstring(f'<w:r xmlns:w="{W}">{xml}</w:r>')
    return frozenset(str(e.tag) for e in root.iter(etree.Element) if e is not root)


class _Letter(Protocol):
    def relate(self, owner: Any, part: str, image: ImageFile) -> str: ...

    def drawing_id(self) -> int: ...


# The letter being rendered, and the template and part rendering now.
_LETTER: ContextVar[_Letter | None] = ContextVar("letters_images", default=None)
_PART: ContextVar[tuple[Any, str] | None] = ContextVar("letters_image_part", default=None)


@contextlib.contextmanager
def _showing(images: _Letter) -> Iterator[None]:
    token = _LETTER.set(images)
    try:
        yield
    finally:
        _LETTER.reset(token)


def showing_part(owner: Any, partname: str, run: Callable[[T], str], context: T) -> str:
    """``run(context)``: a part of a letter rendering, its images related from ``partname``
    of ``owner``'s package (``owner`` is the docxtpl template it was compiled from)."""
    token = _PART.set((owner, partname))
    try:
        return run(context)
    finally:
        _PART.reset(token)


@dataclass(frozen=True)
class Picture:
    """An image as a template shows it: ``{{ picture }}`` puts it where the tag stands,
    inline, ``width_cm`` wide and as high as its proportions say; ``{{ picture.sized(3) }}``
    shows it 3 cm wide instead."""

    image: ImageFile
    width_cm: float
    description: str = ""  # the alternative text a screen reader says

    def sized(self, cm: object) -> Picture:
        """The same picture ``cm`` centimetres wide (from 0.5 to 20)."""
        if not isinstance(cm, int | float) or isinstance(cm, bool) or not 0.5 <= cm <= 20:
            raise TemplateProblem("sized() takes a width in centimetres, from 0.5 to 20")
        return replace(self, width_cm=float(cm))

    def __html__(self) -> str:
        images, at = _LETTER.get(), _PART.get()
        if images is None or at is None:  # rendered outside letter_images() or docx_images()
            raise RuntimeError("an image was rendered outside a letter")
        cx = round(self.width_cm * _EMU_PER_CM)
        return _DRAWING.format(
            cx=cx,
            cy=round(cx * self.image.aspect),
            id=images.drawing_id(),
            descr=quoteattr(self.description),
            name=quoteattr(posixpath.basename(self.image.path)),
            rid=images.relate(*at, self.image),
        )

    def __str__(self) -> str:
        raise TemplateProblem("an image can be shown only in a Word template, not in a text")


def letterhead_view(
    letterhead: Letterhead | None, images: dict[str, ImageFile], lang: str
) -> LetterheadView:
    """The ``letterhead`` a template sees in ``lang`` (empty when the workspace has none)."""
    if letterhead is None:
        return {"name": "", "address": [], "logo": None}
    name = letterhead.name.get(lang, "")
    logo = images.get(letterhead.logo or "")
    return {
        "name": name,
        "address": list(letterhead.address.get(lang, [])),
        "logo": Picture(logo, LOGO_WIDTH_CM, name) if logo else None,
    }


# --- into the package --------------------------------------------------------------------


class _Drawings:
    """Numbers the drawings of one letter (each needs an id of its own)."""

    def __init__(self) -> None:
        self._count = 0

    def drawing_id(self) -> int:
        self._count += 1
        return _FIRST_DRAWING_ID + self._count


class DocxImages(_Drawings):
    """The images of one letter that docxtpl itself renders: python-docx adds each image
    part and relationship to the package being rendered, as it adds any picture."""

    def relate(self, owner: Any, part: str, image: ImageFile) -> str:
        package = owner.docx.part.package
        source = next(p for p in package.iter_parts() if p.partname == "/" + part)
        target = package.get_or_add_image_part(io.BytesIO(image.blob))
        rid: str = source.relate_to(target, RT.IMAGE)
        return rid


@contextlib.contextmanager
def docx_images() -> Iterator[None]:
    """The images of the letter docxtpl renders meanwhile (``DocxTemplate.render``, the
    reference the batch renderer is held to) go into its package, through python-docx."""
    with _showing(DocxImages()):
        yield


_Rel = tuple[str, str, str | None]  # rId, type, target part (None: external)
_Media = tuple[int | None, str, str]  # the number in its name, sha1, name


class TemplateImages:
    """What of a template's package the images of its letters must fit around: its image
    parts (python-docx reuses one with the same content, and numbers new ones after them)
    and the relationships of each of its parts."""

    def __init__(self, package: Any) -> None:
        self.media: list[_Media] = [
            (p.partname.idx, p.sha1, p.partname.lstrip("/")) for p in package.image_parts
        ]
        self.rels: dict[str, list[_Rel]] = {
            p.partname.lstrip("/"): [
                (r.rId, r.reltype, None if r.is_external else r.target_part.partname.lstrip("/"))
                for r in p.rels.values()
            ]
            for p in package.iter_parts()
        }
        self.compressed: dict[tuple[str, str], Member] = {}  # (name, sha1): a media part

    @classmethod
    def of(cls, package: Any) -> TemplateImages:
        """The images of the template ``package`` (a python-docx package), read once."""
        found = _TEMPLATES.get(package)
        if found is None:
            found = _TEMPLATES[package] = cls(package)
        return found


_TEMPLATES: WeakKeyDictionary[Any, TemplateImages] = WeakKeyDictionary()


class LetterImages(_Drawings):
    """The images one letter of a compiled template shows: the media parts, relationships
    and content types they add to its package, named and ordered as python-docx does."""

    def __init__(self) -> None:
        super().__init__()
        self.owner: Any = None
        self.template: TemplateImages | None = None
        self.media: list[_Media] = []
        self.added: dict[str, ImageFile] = {}  # media part name: image
        self.rels: dict[str, list[_Rel]] = {}  # part: its new relationships

    def relate(self, owner: Any, part: str, image: ImageFile) -> str:
        if self.template is None:
            self.owner, self.template = owner, TemplateImages.of(owner.docx.part.package)
            self.media = list(self.template.media)
        elif owner is not self.owner:
            raise RuntimeError("the parts of one letter come from two templates")
        name = self._media(image)
        rels = self.template.rels.get(part, []) + self.rels.get(part, [])
        for rid, kind, target in rels:
            if kind == RT.IMAGE and target == name:
                return rid
        used = {rid for rid, _kind, _target in rels}
        rid = next(f"rId{n}" for n in range(1, len(rels) + 2) if f"rId{n}" not in used)
        self.rels.setdefault(part, []).append((rid, RT.IMAGE, name))
        return rid

    def _media(self, image: ImageFile) -> str:
        for _idx, sha1, name in self.media:
            if sha1 == image.sha1:
                return name
        used = {idx for idx, _sha1, _name in self.media}
        number = next(n for n in range(1, len(self.media) + 2) if n not in used)
        name = f"word/media/image{number}.{image.ext}"
        self.media.append((number, image.sha1, name))
        self.added[name] = image
        return name

    def additions(self, read: Callable[[str], Member | None]) -> dict[str, Member]:
        """The parts this letter's images add or change: media, relationships, content
        types; ``read`` gives the letter's parts as they are without them."""
        found: dict[str, Member] = {}
        for name, image in self.added.items():
            cache = self.template.compressed if self.template else {}
            if (name, image.sha1) not in cache:
                cache[(name, image.sha1)] = member(name, image.blob)
            found[name] = cache[(name, image.sha1)]
        for part, rels in self.rels.items():
            folder, base = posixpath.split(part)
            name = posixpath.join(folder, "_rels", f"{base}.rels")
            root = _xml(read(name), f'<Relationships xmlns="{PKG_REL}"/>')
            for rid, kind, target in rels:
                rel = etree.SubElement(root, f"{{{PKG_REL}}}Relationship")
                rel.set("Id", rid)
                rel.set("Type", kind)
                rel.set("Target", posixpath.relpath(target or "", folder))
            found[name] = member(name, serialize(root))
        types = _xml(read("[Content_Types].xml"), "")
        defaults = types.findall(f"{{{CT}}}Default")
        known = {d.get("Extension", "").lower() for d in defaults}
        for image in self.added.values():
            if image.ext.lower() not in known:
                known.add(image.ext.lower())
                default = etree.Element(f"{{{CT}}}Default")
                default.set("Extension", image.ext.lower())
                default.set("ContentType", image.content_type)
                later = [d for d in defaults if d.get("Extension", "").lower() > image.ext.lower()]
                if later:
                    later[0].addprevious(default)
                elif defaults:
                    defaults[-1].addnext(default)
                else:
                    types.insert(0, default)
                defaults = types.findall(f"{{{CT}}}Default")
        found["[Content_Types].xml"] = member("[Content_Types].xml", serialize(types))
        return found


@contextlib.contextmanager
def letter_images() -> Iterator[None]:
    """The images of the letter the batch renderer renders meanwhile
    (:meth:`letters.render.template.CompiledTemplate.render`): :func:`add_images` adds them
    to its package."""
    with _showing(LetterImages()):
        yield


def add_images(members: dict[str, Member], static: dict[str, Member]) -> None:
    """Put into a letter's ``members`` (the parts rendered for it; the rest are ``static``)
    what the images it showed add: media parts, relationships, content types."""
    images = _LETTER.get()
    if isinstance(images, LetterImages) and images.rels:
        members.update(images.additions(lambda name: members.get(name) or static.get(name)))


def letter_package(
    members: dict[str, Member], static: dict[str, Member], names: list[str]
) -> bytes:
    """A letter's package: ``names`` in order, with the parts ``members`` added (a letter
    without images or footnotes has none), ``members`` rendered for it, the rest ``static``."""
    added = [name for name in members if name not in names]
    if added:
        names = kept_names([*names, *added])
    return package(members.get(name) or static[name] for name in names)


def _xml(stored: Member | None, empty: str) -> Any:
    """The XML of a finished part as stored (its compressed bytes), or ``empty``."""
    data = zlib.decompress(stored.compressed, -15) if stored is not None else empty.encode()
    return etree.fromstring(data, strict_parser())
