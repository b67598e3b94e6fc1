"""Values and translations are data: they render exactly, never as markup or code."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from letters.cli import main
from tests.conftest import add_paragraphs, docx_text, files_under, rewrite_docx

JOINT = "may-2020-joint"


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) >= 1
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_special_characters_render_exactly(sample: Path, runner: CliRunner) -> None:
    tricky = "Ministry of Justice & Human Rights <Ukraine> \"quoted\" 'single' — Šimečka Ёж"
    _replace(
        sample / "recipients" / "officials.yaml",
        "en: [Mr Denys Maliuska, Minister of Justice of Ukraine]",
        f"en: [Mr Denys Maliuska, '{tricky.replace(chr(39), chr(39) * 2)}']",
    )
    result = runner.invoke(main, ["build", JOINT, "--lang", "en", "-w", str(sample)])
    assert result.exit_code == 0, result.output
    lines = docx_text(sample / "out" / JOINT / f"{JOINT}.en.docx")
    # the typography pass keeps the dash on the line of the word before it, and prints the
    # straight quotes, double and single, as English ones (‘…’, the EU style guide's, 10.1.9)
    shown = tricky.replace(" —", "\u00a0—").replace('"quoted"', "‘quoted’")
    shown = shown.replace("'single'", "‘single’")
    assert f"Mr Denys Maliuska, {shown}" in lines


def test_translator_markup_is_printed_literally(sample: Path, runner: CliRunner) -> None:
    """Markup in a translation is printed as text, never read as Word XML. Markup its English
    has not is refused before rendering (tests/bad_catalogs/markup-tag, as {{ … }} is:
    jinja-placeholder), so here a case text has it in English and in its translation."""
    markup = "</w:t></w:r><w:r><w:t> & <b>на 100%</b>"
    english = "Her extradition would put her in grave danger."
    _replace(
        sample / "cases" / "akhmetova" / "letters.yaml",
        f"framing: {english}",
        f"framing: '{english[:-1]}{markup}.'",
    )
    _replace(
        sample / "locales" / "uk" / "LC_MESSAGES" / "case-akhmetova.po",
        f'msgid "{english}"\nmsgstr "Екстрадиція наразила б її на серйозну небезпеку."',
        f'msgid "{english[:-1]}{markup}."\nmsgstr "Екстрадиція наразила б її на серйозну'
        f' небезпеку{markup}."',
    )
    result = runner.invoke(main, ["build", JOINT, "--lang", "uk", "-w", str(sample)])
    assert result.exit_code == 0, result.output
    text = "\n".join(docx_text(sample / "out" / JOINT / f"{JOINT}.uk.docx")).replace("\xa0", " ")
    assert f"Екстрадиція наразила б її на серйозну небезпеку{markup}." in text


def test_an_ampersand_typed_in_a_template_tag_renders_as_one(
    sample: Path, runner: CliRunner
) -> None:
    """Word stores "&" as "&amp;" inside a tag's text as anywhere; Jinja must read "&"."""
    add_paragraphs(
        sample / "templates" / "appeal.docx",
        "Note: A & B {{ 'C & D' }}, {{ ['E', 'F']|join(' & ') }},"
        ' {{ _("Terms & conditions") }}, {{ "&lt;tag&gt;" }} <tag>.',
        "Raw: {% raw %}{{ 'A & B' }}{% endraw %}",
    )
    result = runner.invoke(main, ["build", JOINT, "--lang", "en", "-w", str(sample)])
    assert result.exit_code == 0, result.output
    lines = docx_text(sample / "out" / JOINT / f"{JOINT}.en.docx")
    assert "Note: A & B C & D, E & F, Terms & conditions, &lt;tag&gt; <tag>." in lines
    # Jinja writes a raw block out as it stands; the letter prints its quotes as English ones
    assert "Raw: {{ ‘A & B’ }}" in lines
    extracted = runner.invoke(main, ["i18n", "extract", "-w", str(sample)])
    assert extracted.exit_code == 0, extracted.output
    pot = (sample / "locales" / "templates.pot").read_text(encoding="utf-8")
    assert 'msgid "Terms & conditions"' in pot and "&amp;" not in pot


def test_failed_build_leaves_earlier_output_intact(sample: Path, runner: CliRunner) -> None:
    assert runner.invoke(main, ["build", "-w", str(sample)]).exit_code == 0
    before = files_under(sample / "out")
    _replace(sample / "cases" / "akhmetova" / "case.yaml", "kind: detention", "kind: arrest")
    result = runner.invoke(main, ["build", "-w", str(sample)])
    assert result.exit_code == 1
    assert files_under(sample / "out") == before
    leftovers = [p for p in (sample / "out").rglob("*") if p.name.endswith(".tmp")]
    assert leftovers == []


def test_a_file_that_cannot_be_put_in_place_leaves_the_earlier_batch_whole(
    sample: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The last move of a batch (its manifest) fails: the letters moved before it go back
    to staging and the earlier letters back into place, so out/ never mixes two batches."""
    import letters.files.swap as swap
    from letters.publish.staging import STAGING_PREFIX

    out = sample / "out"

    def published() -> dict[str, bytes]:
        return {k: v for k, v in files_under(out).items() if not k.startswith(STAGING_PREFIX)}

    assert runner.invoke(main, ["build", "-w", str(sample)]).exit_code == 0
    before = published()
    _replace(sample / "cases" / "akhmetova" / "letters.yaml", "en: Brussels", "en: Strasbourg")
    moves = swap._replace

    def failing(source: Path, target: Path) -> None:
        if Path(target).name == "manifest.csv":
            raise PermissionError(1, "Operation not permitted", str(target))
        moves(source, target)

    monkeypatch.setattr(swap, "_replace", failing)
    result = runner.invoke(main, ["build", "-w", str(sample)])
    assert result.exit_code == 1
    assert result.output == (
        f"Error: cannot write {out.resolve()}/manifest.csv (Operation not permitted); nothing in"
        f" {out.resolve()} was changed (the files put in place before it were taken back), and"
        " the new ones are kept: fix this and run the same command again\n"
    )
    assert published() == before
    assert list(out.glob("*letters-earlier-files.*")) == []  # every earlier file went back
    monkeypatch.undo()
    again = runner.invoke(main, ["build", "-w", str(sample)])
    assert again.exit_code == 0, again.output
    joint = docx_text(out / JOINT / f"{JOINT}.en.docx")
    assert "Strasbourg, 21\u00a0May 2020" in joint
    assert [k for k in files_under(out) if k.startswith(STAGING_PREFIX)] == []
    assert list(out.glob("*letters-earlier-files.*")) == []


def _manifest_and_put_back_fail(letter: Path) -> Callable[[Path, Path], None]:
    """A stand-in for the publish's moves: the manifest cannot be put in place, and then
    ``letter`` cannot be put back."""
    import letters.files.swap as swap

    moves = swap._replace
    failed: list[Path] = []

    def failing(source: Path, target: Path) -> None:
        putting_back = bool(failed) and Path(target) == letter.resolve()
        if Path(target).name == "manifest.csv" or putting_back:
            failed.append(Path(target))
            raise PermissionError(1, "Operation not permitted", str(target))
        moves(source, target)

    return failing


def test_earlier_files_that_cannot_be_put_back_outlive_later_runs(
    sample: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The manifest cannot be put in place, and then an earlier letter cannot be put back
    either: it is kept at its path in a folder the message names, which the next run's
    clean-up of staging folders leaves alone."""
    import letters.files.swap as swap

    out = sample / "out"
    assert runner.invoke(main, ["build", "-w", str(sample)]).exit_code == 0
    letter = f"{JOINT}/{JOINT}.en.docx"
    earlier = (out / letter).read_bytes()
    _replace(sample / "cases" / "akhmetova" / "letters.yaml", "en: Brussels", "en: Strasbourg")
    monkeypatch.setattr(swap, "_replace", _manifest_and_put_back_fail(out / letter))
    result = runner.invoke(main, ["build", "-w", str(sample)])
    assert result.exit_code == 1
    folder = out.resolve()
    [keep] = folder.glob("letters-earlier-files.*")
    assert result.output == (
        f"Error: cannot write {folder}/manifest.csv (Operation not permitted), and putting"
        f" the earlier files back failed too: those that did not go back are kept in {keep},"
        f" each at its path in {folder}, and no later command removes them; fix this, then"
        f" copy them back into {folder} to have the earlier files again, or run the same"
        " command again to publish the new ones\n"
    )
    assert files_under(keep) == {letter: earlier}
    assert not (out / letter).exists()
    monkeypatch.undo()
    again = runner.invoke(main, ["build", "-w", str(sample)])
    assert again.exit_code == 0, again.output
    assert "Strasbourg, 21\u00a0May 2020" in docx_text(out / letter)
    assert files_under(keep) == {letter: earlier}


def test_earlier_files_that_cannot_be_put_back_or_shown_outlive_later_runs(
    sample: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As above, and the folder keeping them cannot be renamed to be shown either (the
    output folder made read-only, say): it stays hidden, and the next run, which removes
    the hidden folders a killed run left, leaves this one and the file it holds."""
    import os

    import letters.files.swap as swap

    out = sample / "out"
    assert runner.invoke(main, ["build", "-w", str(sample)]).exit_code == 0
    letter = f"{JOINT}/{JOINT}.en.docx"
    earlier = (out / letter).read_bytes()
    _replace(sample / "cases" / "akhmetova" / "letters.yaml", "en: Brussels", "en: Strasbourg")
    rename = os.rename

    def not_shown(source: str | Path, target: str | Path) -> None:
        if Path(source).name.startswith(swap.KEEP_PREFIX):
            raise PermissionError(1, "Operation not permitted", str(target))
        rename(source, target)

    monkeypatch.setattr(swap, "_replace", _manifest_and_put_back_fail(out / letter))
    monkeypatch.setattr(os, "rename", not_shown)
    result = runner.invoke(main, ["build", "-w", str(sample)])
    assert result.exit_code == 1
    [keep] = out.resolve().glob(f"{swap.KEEP_PREFIX}*")
    assert f"are kept in {keep}," in result.output
    assert files_under(keep)[letter] == earlier
    monkeypatch.undo()
    again = runner.invoke(main, ["build", "-w", str(sample)])
    assert again.exit_code == 0, again.output
    assert files_under(keep)[letter] == earlier


def test_earlier_files_a_killed_publish_kept_go_with_the_next_one(
    sample: Path, runner: CliRunner
) -> None:
    """A run killed while it put its files in place leaves the earlier files it had replaced
    in a hidden folder; the next run that publishes there replaces them, as the killed run
    would have, and removes the folder. One shown after a failed put-back stays."""
    out = sample / "out"
    assert runner.invoke(main, ["build", "-w", str(sample)]).exit_code == 0
    letter = f"{JOINT}/{JOINT}.en.docx"
    killed = out / ".letters-earlier-files.k1ll3d"
    (killed / JOINT).mkdir(parents=True)
    (killed / letter).write_bytes((out / letter).read_bytes())
    shown = out / "letters-earlier-files.sh0wn"
    (shown / JOINT).mkdir(parents=True)
    (shown / letter).write_bytes(b"kept for the user")

    result = runner.invoke(main, ["build", "-w", str(sample)])

    assert result.exit_code == 0, result.output
    assert not killed.exists()
    assert files_under(shown) == {letter: b"kept for the user"}


def test_ids_keep_files_inside_the_output_folder(sample: Path, runner: CliRunner) -> None:
    _replace(
        sample / "cases" / "akhmetova" / "letters.yaml", "id: may-2020-joint", "id: ../../evil"
    )
    result = runner.invoke(main, ["build", "-w", str(sample)])
    assert result.exit_code == 1
    assert "letters[0].id: must be a short id of lowercase Latin letters, digits and hyphens" in (
        result.output
    )
    assert not (sample.parent / "evil").exists()


GLOSSARY_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.glossary"
GLOSSARY_REL = (
    '<Relationship Id="rIdGlossary" Target="glossary/document.xml" Type="http://schemas.'
    'openxmlformats.org/officeDocument/2006/relationships/glossaryDocument"/></Relationships>'
)
PRINTER_REL = (
    '<Relationship Id="rIdPrinter" Target="printerSettings/printerSettings1.bin" Type="http://'
    'schemas.openxmlformats.org/officeDocument/2006/relationships/printerSettings"/>'
)
PRINTER_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.printerSettings"
# Word's copy of the printer's settings (a DEVMODE) begins with the printer's name
PRINTER = "\\\\SECRET-OFFICE\\HP 3rd floor".encode("utf-16-le").ljust(64, b"\0") + bytes(156)
GLOSSARY = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:glossaryDocument'
    b' xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:docParts>'
    b"<w:docPart><w:docPartBody><w:p><w:r><w:t>Secret building block</w:t></w:r></w:p>"
    b"</w:docPartBody></w:docPart></w:docParts></w:glossaryDocument>"
)


def _dirty_template(source: Path) -> bytes:
    """The sample template as a careless author might leave it: name, company, thumbnail,
    the printer it was last printed on, and Word's building blocks (a glossary, which no
    page shows)."""
    with zipfile.ZipFile(source) as archive:
        assert "docProps/thumbnail.jpeg" in archive.namelist()  # python-docx ships one
    return rewrite_docx(
        source,
        {
            "word/_rels/document.xml.rels": lambda data: data.replace(
                b"</Relationships>", (PRINTER_REL + GLOSSARY_REL).encode()
            ),
            "[Content_Types].xml": lambda data: data.replace(
                b"</Types>",
                b'<Override PartName="/word/glossary/document.xml" ContentType="'
                + GLOSSARY_TYPE.encode()
                + b'+xml"/><Default Extension="bin" ContentType="'
                + PRINTER_TYPE.encode()
                + b'"/></Types>',
            ),
            "word/document.xml": lambda data: data.replace(
                b"</w:sectPr></w:body>",
                b'<w:printerSettings r:id="rIdPrinter"/></w:sectPr></w:body>',
            ),
            "docProps/thumbnail.jpeg": lambda _data: b"\xff\xd8\xff secret thumbnail",
            "docProps/core.xml": lambda data: data.replace(
                b"<dc:creator>letters</dc:creator>",
                b"<dc:creator>Secret Author</dc:creator>"
                b"<dc:description>internal: do not send</dc:description>",
            ),
            "docProps/app.xml": lambda data: data.replace(
                b"</Properties>",
                b"<Company>Secret Company</Company><Manager>Secret Manager</Manager></Properties>",
            ),
        },
        add={
            "word/glossary/document.xml": GLOSSARY,
            "word/printerSettings/printerSettings1.bin": PRINTER,
        },
    )


def test_template_metadata_is_replaced(sample: Path, runner: CliRunner) -> None:
    template = sample / "templates" / "appeal.docx"
    template.write_bytes(_dirty_template(template))
    result = runner.invoke(main, ["build", JOINT, "--lang", "en", "-w", str(sample)])
    assert result.exit_code == 0, result.output
    from tests.conftest import docx_parts

    parts = docx_parts(sample / "out" / JOINT / f"{JOINT}.en.docx")
    everything = b"".join(parts.values())
    for secret in (
        b"Secret Author",
        b"internal: do not send",
        b"Secret Company",
        b"Secret Manager",
        b"secret thumbnail",
        b"thumbnail.jpeg",
        b"Secret building block",
        b"glossary",
        "SECRET-OFFICE".encode("utf-16-le"),
        b"printerSettings",
    ):
        assert secret not in everything
    assert "docProps/thumbnail.jpeg" not in parts


W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
FOOTNOTES = (
    f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:footnotes {W_NS}>'
    '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
    '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/>'
    "</w:r></w:p></w:footnote>"
    '<w:footnote w:id="1"><w:p><w:r><w:t>{{ case.person.occupation }}</w:t></w:r></w:p>'
    "</w:footnote></w:footnotes>"
)
EXTRA_BODY = (
    '<w:p><w:ins w:id="91" w:author="Secret Reviewer" w:date="2020-01-01T00:00:00Z"><w:r>'
    '<w:t>Inserted text</w:t></w:r></w:ins><w:del w:id="92" w:author="Secret Reviewer">'
    "<w:r><w:delText>Deleted secret</w:delText></w:r></w:del></w:p>"
    '<w:p><w:r><w:footnoteReference w:id="1"/></w:r></w:p>'
    "<w:p><w:pPr><w:sectPr/></w:pPr></w:p>"  # a second section
)


def _template_with_footnote_and_revisions(source: Path) -> bytes:
    return rewrite_docx(
        source,
        {
            "word/document.xml": lambda data: data.replace(
                b"<w:sectPr", EXTRA_BODY.encode() + b"<w:sectPr", 1
            ),
            "word/_rels/document.xml.rels": lambda data: data.replace(
                b"</Relationships>",
                b'<Relationship Id="rIdFn" Type="http://schemas.openxmlformats.org/'
                b'officeDocument/2006/relationships/footnotes" Target="footnotes.xml"/>'
                b"</Relationships>",
            ),
            "[Content_Types].xml": lambda data: data.replace(
                b"</Types>",
                b'<Override PartName="/word/footnotes.xml" ContentType="application/'
                b'vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"/></Types>',
            ),
            "word/settings.xml": lambda data: data.replace(
                b"</w:settings>",
                b'<w:docVars><w:docVar w:name="x" w:val="Secret variable"/></w:docVars>'
                b"</w:settings>",
            ),
        },
        add={"word/footnotes.xml": FOOTNOTES.encode()},
    )


def test_footnotes_render_once_and_revisions_are_accepted(sample: Path, runner: CliRunner) -> None:
    from tests.conftest import docx_parts

    template = sample / "templates" / "appeal.docx"
    template.write_bytes(_template_with_footnote_and_revisions(template))
    _replace(
        sample / "cases" / "akhmetova" / "case.yaml",
        "  occupation: journalist\n",
        "  occupation: 'journalist {{ 6*7 }}'\n",
    )
    result = runner.invoke(main, ["build", JOINT, "--lang", "en", "-w", str(sample)])
    assert result.exit_code == 0, result.output
    parts = docx_parts(sample / "out" / JOINT / f"{JOINT}.en.docx")
    assert "journalist {{ 6*7 }}" in parts["word/footnotes.xml"].decode()
    document = re.sub(r"<[^>]*>", "", parts["word/document.xml"].decode())  # its text
    assert "Inserted text" in document
    everything = b"".join(parts.values())
    for secret in (b"Secret Reviewer", b"Deleted secret", b"Secret variable"):
        assert secret not in everything


def test_the_fast_control_character_check_refuses_exactly_cc_cs_and_noncharacters() -> None:
    import unicodedata

    from letters.load.characters import (
        _BAD,
        _BAD_WITH_NEWLINE,
        _BMP_BAD,
        _BMP_BAD_WITH_NEWLINE,
        _BMP_MAYBE_INVISIBLE,
        _MAYBE_INVISIBLE,
    )

    for code in range(0x110000):
        char = chr(code)
        # Unicode's noncharacters: U+FDD0–U+FDEF and the last two of each of the 17 planes
        noncharacter = 0xFDD0 <= code <= 0xFDEF or code % 0x10000 in (0xFFFE, 0xFFFF)
        bad = unicodedata.category(char) in ("Cc", "Cs") or noncharacter
        assert bool(_BAD_WITH_NEWLINE.match(char)) == bad, hex(code)
        assert bool(_BAD.match(char)) == (bad and char != "\n"), hex(code)
        # the sets searched in a text with no character beyond U+FFFF: the same up to it
        in_bmp = code <= 0xFFFF
        assert bool(_BMP_BAD_WITH_NEWLINE.match(char)) == (bad and in_bmp), hex(code)
        assert bool(_BMP_BAD.match(char)) == (bad and char != "\n" and in_bmp), hex(code)
        maybe_invisible = bool(_MAYBE_INVISIBLE.match(char)) and in_bmp
        assert bool(_BMP_MAYBE_INVISIBLE.match(char)) == maybe_invisible, hex(code)


@pytest.mark.parametrize(
    ("text", "bad", "invisible"),
    [
        ("Жанара Ахметова", None, None),
        ("Жанара 😀 Ахметова", None, None),  # beyond U+FFFF, and allowed
        ("Жанара\U0010ffff Ахметова", "U+10FFFF at character 7", None),
        ("😀 Жанара\x07", "U+0007 at character 9", None),
        ("😀 Жанара\U000e0041", None, "U+E0041 at character 9"),  # a tag character
        ("Жанара\u202e", None, "U+202E at character 7"),
    ],
)
def test_a_text_beyond_u_ffff_is_checked_for_every_character(
    text: str, bad: str | None, invisible: str | None
) -> None:
    from letters.load.characters import bad_character, invisible_character

    assert bad_character(text, allow_newline=False) == bad
    assert invisible_character(text) == invisible


# Settings a template may hold that name a file or place outside the letter (no relationship
# of theirs says so, so the check of outside relationships cannot see them)
NAMING_OUTSIDE = {
    "attached-schema": '<w:attachedSchema w:val="https://outside.example/schema"/>',
    "xslt-on-saving": '<w:saveThroughXslt w:solutionID="https://outside.example/save.xsl"/>'
    "<w:useXSLTWhenSaving/>",
    "smart-tag-download": '<w:smartTagType w:namespaceuri="urn:x" w:name="place"'
    ' w:url="https://outside.example/tags"/>',
    "schema-library": '<sl:schemaLibrary><sl:schema sl:uri="urn:x"'
    ' sl:manifestLocation="https://outside.example/manifest.xml"'
    ' sl:schemaLocation="file:///srv/share/x.xsd"/></sl:schemaLibrary>',
}


@pytest.mark.parametrize("setting", sorted(NAMING_OUTSIDE))
def test_a_setting_naming_a_place_outside_is_not_kept_in_letters(
    sample: Path, runner: CliRunner, setting: str
) -> None:
    from tests.conftest import docx_parts

    template = sample / "templates" / "appeal.docx"
    added = NAMING_OUTSIDE[setting].encode()
    template.write_bytes(
        rewrite_docx(
            template,
            {
                "word/settings.xml": lambda data: data.replace(
                    b"</w:settings>", added + b"</w:settings>"
                )
            },
        )
    )
    assert added in docx_parts(template)["word/settings.xml"]

    result = runner.invoke(main, ["build", JOINT, "--lang", "en", "-w", str(sample)])

    assert result.exit_code == 0, result.output
    settings = docx_parts(sample / "out" / JOINT / f"{JOINT}.en.docx")["word/settings.xml"]
    assert b"outside.example" not in settings and b"/srv/share" not in settings
