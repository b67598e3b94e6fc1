"""A picture's alternative text is said in the letter's language, and signatories read it."""

from __future__ import annotations

import email
from email.policy import default
from pathlib import Path

import pytest
from babel.messages.pofile import read_po, write_po
from click.testing import CliRunner
from lxml import etree

from letters import Workspace
from letters.render.picture_texts import CONTEXT
from tests.conftest import cli, docx_parts, msgfmt_check, needs_libreoffice, rewrite_docx
from tests.test_signoff import JOINT
from tests.test_template_safety import PNG, with_picture

WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
# as Word stores it in the attribute: a quote, an ampersand, a "<" and a second line
STORED = "The seal of the NGO &quot;Pravo&quot; &amp; its motto &lt;Law&gt;&#10;Kyiv, 2020"
ENGLISH = 'The seal of the NGO "Pravo" & its motto <Law>\nKyiv, 2020'
SAID = {
    "en": ENGLISH,
    "uk": "Печатка ГО «Право» & її девіз <Закон>\nКиїв, 2020",
    "ru": "Печать НКО «Право» & её девиз <Закон>\nКиев, 2020",
}


def with_seal(workspace: Path, stored: str = STORED, on: str = "docPr") -> None:
    """The seal, described by ``stored`` on the drawing's ``wp:docPr`` (as Word writes it)
    or only on the picture's own ``pic:cNvPr`` (as other programs may)."""
    template = workspace / "templates" / "appeal.docx"
    edits = with_picture(stored)
    if on == "cNvPr":
        drawn = edits["word/document.xml"]
        described = f'name="Seal" descr="{stored}"'.encode()
        edits["word/document.xml"] = lambda data: (
            drawn(data)
            .replace(described, b'name="Seal"')
            .replace(b'name="seal.png"', f'name="seal.png" descr="{stored}"'.encode())
        )
    template.write_bytes(rewrite_docx(template, edits, {"word/media/seal.png": PNG}))


def translate(workspace: Path, lang: str, english: str, text: str) -> None:
    """Type ``text`` into the language's catalog as the translation of the picture's
    ``english``, line by line, as a translator's tool saves it."""
    po = workspace / "locales" / lang / "LC_MESSAGES" / "templates.po"
    with po.open("rb") as file:
        catalog = read_po(file)
    for line, translation in zip(english.split("\n"), text.split("\n"), strict=True):
        message = catalog.get(line, context=CONTEXT)
        assert message is not None, f"no entry for {line!r} in {po}"
        message.string = translation
    with po.open("wb") as file:
        write_po(file, catalog, width=79)
    msgfmt_check(po)


def said_in(docx: Path) -> list[str]:
    """What a screen reader says for each picture the template drew (not the letterhead's
    logo, which is letters' own)."""
    root = etree.fromstring(docx_parts(docx)["word/document.xml"])
    return [e.get("descr") for e in root.iter(f"{{{WP}}}docPr") if e.get("name") == "Seal"]


def test_a_pictures_alternative_text_is_a_message_said_in_every_language(
    sample: Path, runner: CliRunner
) -> None:
    with_seal(sample)
    cli(runner, sample, "i18n", "extract")
    with (sample / "locales" / "templates.pot").open("rb") as file:
        pot = read_po(file)
    for line in ENGLISH.split("\n"):  # a translation is one line: each line is a message
        entry = pot.get(line, context=CONTEXT)
        assert entry is not None
        assert any("screen reader" in note for note in entry.auto_comments)
    cli(runner, sample, "i18n", "update")
    for lang in ("uk", "ru"):
        translate(sample, lang, ENGLISH, SAID[lang])
    output = cli(runner, sample, "build", JOINT)
    assert "UNTRANSLATED" not in output
    for lang, said in SAID.items():
        assert said_in(sample / "out" / JOINT / f"{JOINT}.{lang}.docx") == [said]


def test_an_untranslated_alternative_text_is_reported_and_marked_in_a_draft(
    sample: Path, runner: CliRunner
) -> None:
    with_seal(sample, "The seal of the NGO")
    output = cli(runner, sample, "check")
    for lang in ("ru", "uk"):
        assert (
            f"warning: locales/{lang}/LC_MESSAGES/templates.po: 'The seal of the NGO' (context"
            f" '{CONTEXT}') has no translation and no entry in the catalog yet ('letters i18n"
            " extract' and then 'letters i18n update' add it); used by templates/appeal.docx"
            " (word/document.xml, a picture's alternative text)\n"
        ) in output
    cli(runner, sample, "build", JOINT, "--lang", "uk")
    draft = sample / "out" / JOINT / f"{JOINT}.uk.docx"
    assert said_in(draft) == ["[UNTRANSLATED: The seal of the NGO]"]


@pytest.mark.parametrize(
    "stored",
    ["{{ _(&quot;The seal of the NGO&quot;) }}", ""],
    ids=["authors-own-tag", "empty"],
)
def test_an_alternative_text_with_a_tag_or_none_is_left_to_its_author(
    stored: str, sample: Path, runner: CliRunner
) -> None:
    with_seal(sample, stored)
    cli(runner, sample, "build", JOINT, "--lang", "en")
    assert said_in(sample / "out" / JOINT / f"{JOINT}.en.docx") == [
        "The seal of the NGO" if stored else ""
    ]


def alt_texts(pdf: Path) -> list[str]:
    """The /Alt of each figure of a tagged PDF's structure."""
    import pikepdf

    found: list[str] = []

    def walk(element: object) -> None:
        if isinstance(element, pikepdf.Array):
            for kid in element:
                walk(kid)
        elif isinstance(element, pikepdf.Dictionary):
            if element.get("/S") == "/Figure" and "/Alt" in element:
                found.append(str(element["/Alt"]))
            if "/K" in element:
                walk(element["/K"])

    with pikepdf.open(pdf) as document:
        walk(document.Root.StructTreeRoot)
    return found


@needs_libreoffice
def test_a_tagged_pdf_says_the_picture_in_the_letters_language(
    sample: Path, runner: CliRunner
) -> None:
    with_seal(sample, "The seal of the NGO")
    cli(runner, sample, "i18n", "extract")
    cli(runner, sample, "i18n", "update")
    translate(sample, "uk", "The seal of the NGO", "Печатка громадської організації")
    cli(runner, sample, "build", JOINT, "--lang", "uk", "--pdfa")
    said = alt_texts(sample / "out" / JOINT / f"{JOINT}.uk.pdf")
    assert "Печатка громадської організації" in said
    assert "Служба звернень" in said  # the letterhead's logo, as before
    assert not [alt for alt in said if "seal" in alt.casefold()]


@pytest.mark.parametrize("on", ["docPr", "cNvPr"])
def test_a_review_request_shows_what_a_screen_reader_says_for_a_picture(
    sample: Path, runner: CliRunner, on: str
) -> None:
    with_seal(sample, "The seal of the NGO", on)
    cli(runner, sample, "i18n", "extract")
    cli(runner, sample, "i18n", "update")
    translate(sample, "uk", "The seal of the NGO", "Печатка громадської організації")
    cli(runner, sample, "review", "request", "bilcik", "--letter", JOINT, "--no-pdf")
    request = sample / "out" / "review" / "requests" / "bilcik.eml"
    message = email.message_from_bytes(request.read_bytes(), policy=default)
    body = message.get_body(("plain",)).get_content().replace("\r\n", "\n")
    said = "  A picture in it, as a screen reader says it (part of the version):"
    ws = Workspace(sample)
    for lang, words in [("en", "The seal of the NGO"), ("uk", "Печатка громадської організації")]:
        # after the version's e-mail and recipients (a joint letter's e-mails greet each)
        version = f"{JOINT}.{lang}.{ws.version(JOINT, lang).short}"
        assert f"{version}.email.txt\n" in body
        assert f"{version}.recipients.txt\n{said} ‘{words}’\n" in body
    # the letterhead's logo says the letterhead's name, which the page shows
    assert body.count(said) == 2
