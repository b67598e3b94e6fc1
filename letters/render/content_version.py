"""Draft versions: a short id for everything a letter in a language holds.

What is signed is what is seen. The id hashes the letter's text — body, headers, footers,
footnotes, in reading order, kept beside the id so a redline can show a signatory what
changed — and, with it, every part of the .docx file: pictures, link targets, alternative
texts, document properties, custom XML, formatting, fonts. So nothing can change in a letter
after its approval, seen or unseen, without a new version; the content that would be there
and never seen is refused in the template already (:mod:`letters.render.package_check`:
hidden text, outside links and pictures, macros, embedded objects, fields that fetch, text
bound from elsewhere), and what Word keeps but never shows is removed when a letter is
finished (comments, tracked changes, the author and the thumbnail).

What a signatory cannot see in any way keeps the id: a comment in a YAML file, a private
fact, the template's author. The ids Word stamps on every editing session (``w:rsid…``,
``w14:paraId``, ``w14:textId``) are left out, and each XML part is compared in its canonical
form (C14N 2.0, comments left out), so a template saved again unchanged, or a library that
writes the same XML differently, keeps it too. A change to the template's formatting, to the
logo or to any of its pictures is a new version. A signature image is not part of it: the
version is made without signatures, which a final letter shows only once it is approved.

The same inputs always give the same id. In individual mode the recipient's own lines are
replaced by placeholders first, so one approval covers every recipient of the same text.
"""

from __future__ import annotations

import functools
import hashlib
import io
import re
import unicodedata
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from lxml import etree

from letters.render.docxpost import W, parse_strict

_W14 = "http://schemas.microsoft.com/office/word/2010/wordml"
# Word's editing-session marks: new ones with every save, never shown.
_SESSION_ATTRIBUTES = {f"{{{_W14}}}paraId", f"{{{_W14}}}textId"}
_SESSION_ELEMENTS = {f"{{{W}}}rsids", f"{{{W}}}rsid"}  # a document's, a style's

_VISIBLE_PARTS = re.compile(r"word/(document|header\d*|footer\d*|footnotes|endnotes)\.xml")
PLACEHOLDER = {
    "id": "recipient",
    "gender": "",
    "email": "",
    "name": "[recipient: name]",
    "title": "[recipient: title]",
    "institution": "[recipient: institution]",
    "address": ["[recipient: address]"],
    "salutation": "[recipient: salutation]",
    "closing": "[recipient: closing]",
    "country": "[recipient: country]",
    "group": "",
    "signature": "[recipient: name]",
}


PICTURE = "\ufffc"  # where a paragraph shows a picture, in paragraphs(pictures=True)
_SHOWN = {f"{{{W}}}t": None, f"{{{W}}}tab": "\t", f"{{{W}}}br": "\n", f"{{{W}}}noBreakHyphen": "-"}
_PICTURES = {f"{{{W}}}drawing": PICTURE, f"{{{W}}}pict": PICTURE}


def paragraphs(docx: bytes, *, pictures: bool = False) -> list[str]:
    """The visible paragraphs of a .docx, part by part, in reading order; with
    ``pictures``, each picture as :data:`PICTURE` where it stands."""
    out: list[str] = []
    with zipfile.ZipFile(io.BytesIO(docx)) as archive:
        names = sorted(n for n in archive.namelist() if _VISIBLE_PARTS.fullmatch(n))
        names.sort(key=lambda n: n != "word/document.xml")
        for name in names:
            out.extend(_part_paragraphs(archive.read(name), name, pictures))
    return out


@functools.lru_cache(maxsize=64)  # a batch's letters share their headers and footnotes
def _part_paragraphs(data: bytes, name: str, pictures: bool) -> tuple[str, ...]:
    shown = {**_SHOWN, **_PICTURES} if pictures else _SHOWN
    out: list[str] = []
    for p in parse_strict(data, name).iter(f"{{{W}}}p"):
        pieces = [shown[node.tag] or node.text or "" for node in p.iter(*shown)]
        text = unicodedata.normalize("NFC", "".join(pieces)).strip()
        if text:
            out.append(text)
    return tuple(out)


def unshown(final: Sequence[str], draft: Sequence[str]) -> str | None:
    """The first paragraph of ``final`` that ``draft`` does not show as it is, in order.

    Signatories approve what a draft shows. A draft may add paragraphs of its own to its
    letter (the DRAFT mark and version id, a [signature] placeholder: see
    :func:`draft_only`), but a final letter
    may neither say what the draft does not nor leave out a part of a paragraph: "We do
    not ask" must not become "We ask". Only where a final paragraph shows a picture
    (:data:`PICTURE`, a signature) may its draft have a word of other text (a placeholder:
    "[signature]") in its place. None if every paragraph of ``final`` is one of
    ``draft``'s, in the same order."""
    shown = iter(draft)
    for line in final:
        words = line.replace(PICTURE, "").strip()
        if not words:
            continue  # a picture alone says nothing
        if PICTURE in line:
            pattern = re.compile(r"\S*".join(map(re.escape, line.split(PICTURE))))
            found = any(pattern.fullmatch(seen) for seen in shown)
        else:
            found = line in shown
        if not found:  # ``shown`` is consumed up to the match: a subsequence test
            return words
    return None


def draft_only(final: Sequence[str], draft: Sequence[str], version_id: str) -> str | None:
    """The first paragraph ``draft`` shows that ``final`` leaves out, besides a draft's own.

    Signatories approve what a draft shows, so a final letter may not leave out what they
    saw: "We also ask for her release" in the draft and not in the letter sent. A draft's
    own paragraphs are its mark (the paragraph that holds ``version_id``), placeholders
    where a signature goes ("[signature]", see :func:`_draft_own`), and a paragraph of the
    final letter that shows only pictures (two logos, signatures side by side), a word in
    place of each.
    Call it once :func:`unshown` found ``final`` in ``draft``; the paragraphs it matched
    there are skipped the same way."""
    left = list(draft)
    pictured = []  # paragraphs of pictures alone, which unshown skips: "\S* \S*"
    for line in final:
        pattern = re.compile(r"\S*".join(map(re.escape, line.split(PICTURE))))
        if not line.replace(PICTURE, "").strip():
            pictured.append(pattern)
            continue
        at = next((i for i, seen in enumerate(left) if pattern.fullmatch(seen)), len(left))
        extra, left = left[:at], left[at + 1 :]
        found = next((seen for seen in extra if not _draft_own(seen, version_id, pictured)), None)
        if found is not None:
            return found
    return next((seen for seen in left if not _draft_own(seen, version_id, pictured)), None)


# A placeholder in square brackets, of up to three words: "[signature]", «[місце для підпису]»
_BRACKETED = re.compile(r"\[\s*[^\s\[\]]+(?:\s+[^\s\[\]]+){0,2}\s*\]")


# A message a draft marks untranslated: "[UNTRANSLATED: [signature]]" (letters.i18n.catalog)
_UNTRANSLATED = re.compile(r"\[UNTRANSLATED: (.*)\]", re.DOTALL)


def _draft_own(line: str, version_id: str, pictured: list[re.Pattern[str]]) -> bool:
    """Whether a paragraph only a draft shows is the draft's own: its mark, or a placeholder
    where a signature goes: a word, or one in square brackets and at most a word beside it
    (a translator's "[місце для підпису]", "DE [signature]"), translated or marked as not
    translated yet (the gap is a warning of its own, and stops a final build)."""
    untranslated = _UNTRANSLATED.fullmatch(line)
    line = untranslated.group(1) if untranslated else line
    rest = _BRACKETED.sub(" ", line)
    placeholder = len(line.split()) == 1 or (rest != line and len(rest.split()) <= 1)
    return version_id in line or placeholder or any(p.fullmatch(line) for p in pictured)


_FIELD = re.compile(r"\[recipient: [a-z_]+\]")  # a placeholder of PLACEHOLDER


def beyond_recipient(
    real: Sequence[str], shown: Sequence[str], own: Iterable[str]
) -> tuple[str, str] | None:
    """Where ``real``, a letter to one recipient, says what its signatories did not see.

    Signatories approve an individual letter with placeholders for the recipient
    (``shown``, its paragraphs). Each recipient's letter must be that text, with their own
    name, title, address and the like (``own``: the values the template sees) where the
    placeholders stand; a paragraph made only of placeholders (an address) stands for any
    number of paragraphs of the recipient's own text. Anything else, such as text chosen
    by ``{% if recipient.country == ... %}``, was never shown to a signatory. Returns the
    first paragraph that differs and the one signatories saw there ("" where one of the
    two has nothing), or None."""
    values = sorted({_plain(value) for value in own if value.strip()}, key=len, reverse=True)

    def only_own(text: str) -> bool:
        rest = _plain(text)
        for value in values:
            rest = rest.replace(value, " ")
        return re.search(r"\w", rest) is None

    patterns = [
        re.compile("(.*?)".join(map(re.escape, _FIELD.split(line))), re.DOTALL)
        if _FIELD.search(line)
        else None
        for line in shown
    ]
    furthest = [0, 0]  # the real and shown paragraphs where matching got furthest

    @functools.cache
    def aligns(k: int, i: int) -> bool:
        # paragraphs without placeholders are matched in a loop: recursion (and its depth)
        # only where a placeholder leaves a choice
        while k < len(shown) and patterns[k] is None and i < len(real) and real[i] == shown[k]:
            k, i = k + 1, i + 1
        if (i, k) > tuple(furthest):
            furthest[:] = [i, k]
        if k == len(shown):
            return i == len(real)
        pattern = patterns[k]
        if pattern is None:
            return False
        if not _FIELD.sub("", shown[k]).strip():  # the recipient's own lines
            j = i
            while True:
                if aligns(k + 1, j):
                    return True
                if j == len(real) or not only_own(real[j]):
                    return False
                j += 1
        found = pattern.fullmatch(real[i]) if i < len(real) else None
        return (
            found is not None
            and all(only_own(group) for group in found.groups())
            and aligns(k + 1, i + 1)
        )

    if aligns(0, 0):
        return None
    i, k = furthest
    return (real[i] if i < len(real) else "", shown[k] if k < len(shown) else "")


# every apostrophe as one, every double quotation mark as one
_MARKS = str.maketrans("\u2019\u02bc«»„“”", '\'\'"""""')


def _plain(text: str) -> str:
    """``text`` compared without case, with every kind of space as one, every apostrophe as
    one and every double quotation mark as one (a letter's typography makes a recipient's
    «К'яра» «К’яра» and "Naftogaz" «Naftogaz»)."""
    return " ".join(text.casefold().translate(_MARKS).split())


def package_digest(docx: bytes) -> str:
    """A sha256 of every part of a .docx: its name and content, each XML part canonical and
    without Word's editing-session marks."""
    digest = hashlib.sha256()
    with zipfile.ZipFile(io.BytesIO(docx)) as archive:
        for name in sorted(archive.namelist()):
            digest.update(name.encode("utf-8") + b"\0" + _part_digest(name, archive.read(name)))
    return digest.hexdigest()


@functools.lru_cache(maxsize=256)  # the parts no letter changes come again and again
def _part_digest(name: str, data: bytes) -> bytes:
    if name.endswith((".xml", ".rels")):
        data = _canonical(data, name)
    return hashlib.sha256(data).digest()


def _canonical(data: bytes, name: str) -> bytes:
    root = parse_strict(data, name)
    for element in list(root.iter(*_SESSION_ELEMENTS)):
        parent = element.getparent()
        if parent is not None:
            parent.remove(element)
    for element in root.iter(etree.Element):
        for key in list(element.attrib):
            if key in _SESSION_ATTRIBUTES or key.startswith(f"{{{W}}}rsid"):
                del element.attrib[key]
    return bytes(etree.tostring(root, method="c14n2", with_comments=False))


@dataclass(frozen=True)
class Version:
    """The content version of one letter in one language."""

    letter: str
    lang: str
    digest: str  # sha256 hex of the letter, language, text and every part of the file
    text: tuple[str, ...]
    inputs: dict[str, str] = field(default_factory=dict, compare=False, hash=False)
    package: str = field(default="", compare=False, hash=False)  # package_digest of the file

    @property
    def short(self) -> str:
        """The id shown in a draft: eight hex digits, grouped for reading aloud."""
        top = self.digest[:8].upper()
        return f"{top[:4]}-{top[4:]}"


def make_version(
    letter: str,
    lang: str,
    docx: bytes,
    inputs: dict[str, str],
    message: Sequence[str] = (),
    addressees: Mapping[str, str] | None = None,
) -> Version:
    """The content version of a rendered letter: a hash of its id, language and text, of
    the ``message`` lines of the e-mail that carries it (when there is one), of its
    ``addressees`` (each recipient's own lines, where an individual letter or the e-mail
    that carries a letter shows placeholders: a line "[id] lines" each), and of every part
    of the file (:func:`package_digest`). The addressees are taken by id: the order a letter or the
    directory lists them in is no letter's text, and a list reordered is no new version."""
    to = [f"[{who}] {lines}" for who, lines in sorted((addressees or {}).items())]
    text = (*paragraphs(docx), *message, *to)
    package = package_digest(docx)
    return Version(letter, lang, version_digest(letter, lang, text, package), text, inputs, package)


def version_digest(letter: str, lang: str, text: Sequence[str], package: str) -> str:
    """The digest :func:`make_version` names a version by: of the letter's id, language and
    text, and of its file's parts (``package``)."""
    payload = "\n".join([letter, lang, *text, f"package {package}"]).encode("utf-8")
    return hashlib.sha256(payload).hexdigest()
