"""Letters joined into one document, converted by LibreOffice once and split back, are the
same letters, page for page and word for word, as the same letters converted one by one.

A batch joins the letters of one template, language and date (issue 16); these tests hold
every letter a batch made against the same .docx converted alone by `convert`, the path
that needs no joining.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from collections.abc import Callable
from pathlib import Path

import pikepdf
import pytest
from click.testing import CliRunner
from lxml import etree

from bench.campaign import LETTER, make_campaign
from letters.cli import main
from letters.errors import LettersError
from letters.publish.joined import LetterGroup, NotJoinable, convert_letters, cut, join
from letters.publish.pdf import convert
from tests.conftest import POPPLER, Built, needs_libreoffice, needs_tool, pdf_text, rewrite_docx
from tests.pdf_compare import differences

R_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
DAY = dt.date(2020, 5, 21)  # every letter of the sample is dated so


def _built(workspace: Path, runner: CliRunner, *options: str) -> list[Path]:
    result = runner.invoke(main, ["build", "-w", str(workspace), "--pdf", *options])
    assert result.exit_code == 0, result.output
    assert "one by one" not in result.output  # every letter was joined
    return sorted((workspace / "out").rglob("*.docx"))


def _alone(sources: list[Path], folder: Path, *, pdfa: bool = False) -> dict[str, list[str]]:
    """Each letter converted on its own, and how the batch's PDF of it differs."""
    report = convert(sources, folder, pdfa=pdfa, date=DAY)
    assert report.failures == []
    return {s.name: differences(folder / f"{s.stem}.pdf", s.with_suffix(".pdf")) for s in sources}


@needs_libreoffice
@needs_tool("pdftotext", POPPLER)
@pytest.mark.parametrize("pdfa", [False, True], ids=["pdf", "pdfa"])
def test_the_sample_letters_are_the_letters_converted_alone(
    sample_built: Callable[..., Built], tmp_path: Path, pdfa: bool
) -> None:
    # joint and individual letters in three languages: footnotes, the letterhead's picture
    # in a first-page header, page numbers in the others (one build shared with test_pdf.py
    # and test_typography.py, which read its letters too)
    built = sample_built("--pdf", *(["--pdfa"] if pdfa else []))
    assert "one by one" not in built.output  # every letter was joined
    sources = sorted((built.workspace / "out").rglob("*.docx"))
    assert len(sources) == 10
    assert _alone(sources, tmp_path / "alone", pdfa=pdfa) == {s.name: [] for s in sources}


FILLER = " ".join(
    f"Sentence {n} of a summary written only to lengthen this letter." for n in range(45)
)
LONG = f"""
  - id: long-2020
    template: appeal
    mode: individual
    languages: [en]
    place: {{en: Brussels}}
    date: 2020-05-21
    subject: A letter long enough to run to three pages
    summary: >-
      {FILLER}
    recipients: [denisova, venediktova]
    signatories: [austrevicius, bilcik, guetta, berg, jukneviciene, simecka]
    timeline: [refusal-2017, detention, appeal-2018, supreme-2018, refusal-2018, supreme-2020]
    instruments: [cat, iccpr, refugees, echr]
    asks: [recognise, suspend, obligations]
"""


@needs_libreoffice
@needs_tool("pdftotext", POPPLER)
def test_a_campaign_is_the_letters_converted_alone(tmp_path: Path, runner: CliRunner) -> None:
    workspace = make_campaign(tmp_path / "campaign", meps=12)
    letters = workspace / "cases" / "akhmetova" / "letters.yaml"
    letters.write_text(letters.read_text(encoding="utf-8") + LONG, encoding="utf-8")
    sources = _built(workspace, runner)
    # the sample's letters, 36 campaign letters and two of three pages
    assert len(sources) == 10 + 36 + 2
    long = [s for s in sources if s.name.startswith("long-2020.")]
    for source in long:
        with pikepdf.open(source.with_suffix(".pdf")) as pdf:
            assert len(pdf.pages) == 3
    assert len([s for s in sources if s.name.startswith(f"{LETTER}.")]) == 36
    assert _alone(sources, tmp_path / "alone") == {s.name: [] for s in sources}


@needs_libreoffice
@needs_tool("pdftotext", POPPLER)
def test_a_resumed_joined_document_writes_only_the_missing_letters_and_the_same_bytes(
    sample: Path, runner: CliRunner, tmp_path: Path
) -> None:
    sources = _built(sample, runner, "-l", "uk")
    group = LetterGroup("templates/appeal.docx", "uk", tuple(sources), DAY)
    outdir = tmp_path / "pdf"
    whole = convert_letters([group], outdir)
    assert whole.converted == [outdir / f"{s.stem}.pdf" for s in sources]
    made = {pdf.name: pdf.read_bytes() for pdf in whole.converted}
    # the same letters in the same documents on the same day: the same bytes
    other = convert_letters([group], tmp_path / "other")
    assert {pdf.name: pdf.read_bytes() for pdf in other.converted} == made
    kept = outdir / f"{sources[0].stem}.pdf"
    kept.write_bytes(b"kept")
    (outdir / f"{sources[3].stem}.pdf").unlink()
    again = convert_letters([group], outdir)
    assert again.converted == [outdir / f"{sources[3].stem}.pdf"]
    assert kept.read_bytes() == b"kept"  # a finished letter is never written again
    assert (outdir / f"{sources[3].stem}.pdf").read_bytes() == made[f"{sources[3].stem}.pdf"]
    assert sorted(p.name for p in outdir.iterdir()) == sorted(made)  # nothing left behind


def test_letters_are_cut_into_even_documents_fixed_by_their_number() -> None:
    letters = [Path(f"{n}.docx") for n in range(250)]
    assert [len(part) for part in cut(letters, 100)] == [84, 84, 82]
    assert [len(part) for part in cut(letters[:100], 100)] == [100]
    assert [len(part) for part in cut(letters[:1], 100)] == [1]
    assert cut([], 100) == []
    assert [p for part in cut(letters, 100) for p in part] == letters


def test_joining_reads_each_part_of_a_letter_once_and_the_shared_parts_not_at_all(
    sample: Path, runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    result = runner.invoke(main, ["build", "-l", "uk", "-w", str(sample)])
    assert result.exit_code == 0, result.output
    letters = sorted((sample / "out").rglob("*.uk.docx"))
    reads: dict[tuple[str, str], int] = {}
    read = zipfile.ZipFile.read

    def counted(
        package: zipfile.ZipFile, name: str | zipfile.ZipInfo, pwd: bytes | None = None
    ) -> bytes:
        key = (str(package.filename), name if isinstance(name, str) else name.filename)
        reads[key] = reads.get(key, 0) + 1
        return read(package, name, pwd)

    monkeypatch.setattr(zipfile.ZipFile, "read", counted)
    join(letters, tmp_path / "joined.docx")
    # the first letter is also the joined document's base, read whole once more
    later = {key: n for key, n in reads.items() if key[0] != str(letters[0])}
    assert later and max(later.values()) == 1, [key for key, n in later.items() if n > 1]
    names = {name for (_path, name) in later}
    assert "word/footnotes.xml" in names  # each letter's own parts are read
    assert not names & {"word/styles.xml", "word/settings.xml", "word/numbering.xml"}


def _two_letters(sample: Path, runner: CliRunner) -> tuple[Path, Path]:
    result = runner.invoke(main, ["build", "-l", "uk", "-w", str(sample)])
    assert result.exit_code == 0, result.output
    first, second = sorted((sample / "out").rglob("*.uk.docx"))[:2]
    return first, second


def test_letters_with_other_styles_are_not_joined(
    sample: Path, runner: CliRunner, tmp_path: Path
) -> None:
    first, second = _two_letters(sample, runner)
    second.write_bytes(
        rewrite_docx(second, {"word/styles.xml": lambda xml: xml.replace(b"<w:b/>", b"<w:i/>")})
    )
    with pytest.raises(NotJoinable) as raised:
        join([first, second], tmp_path / "joined.docx")
    assert str(raised.value) == f"word/styles.xml differs between {first.name} and {second.name}"


def _rels(package: zipfile.ZipFile, part: str) -> list[tuple[str, str, str, str | None]]:
    folder, name = part.rsplit("/", 1)
    root = etree.fromstring(package.read(f"{folder}/_rels/{name}.rels"))
    return [(r.get("Id"), r.get("Type"), r.get("Target"), r.get("TargetMode")) for r in root]


def test_a_joined_document_links_each_page_and_picture_once_and_tags_no_default_language(
    sample: Path, runner: CliRunner, tmp_path: Path
) -> None:
    result = runner.invoke(main, ["build", "-l", "uk", "-w", str(sample)])
    assert result.exit_code == 0, result.output
    letters = sorted((sample / "out").rglob("*.uk.docx"))
    joined = tmp_path / "joined.docx"
    join(letters, joined)
    with zipfile.ZipFile(joined) as package:
        for part in ("word/document.xml", "word/footnotes.xml"):
            rels = _rels(package, part)
            kinds = [rel[1:] for rel in rels]
            assert len(kinds) == len(set(kinds)), f"{part} links something twice"
            xml = etree.fromstring(package.read(part))
            used = {v for e in xml.iter() for k, v in e.attrib.items() if k.startswith(R_NS)}
            assert used <= {rel[0] for rel in rels}, f"{part} uses a link it does not have"
        references = len(etree.fromstring(package.read("word/footnotes.xml"))) - 2
        links = len(_rels(package, "word/footnotes.xml"))
        assert references >= 2 * links > 0  # each letter's links, shared by the letters
        # every run is Ukrainian by the document's default, not by a tag of its own; only
        # a paragraph's last word has one, which says no language (never hyphenated)
        styles = package.read("word/styles.xml")
        assert b'<w:lang w:val="uk-UA" w:eastAsia="uk-UA" w:bidi="uk-UA"/>' in styles
        for part in ("word/document.xml", "word/footnotes.xml"):
            tags = set(re.findall(rb"<w:lang [^>]*>", package.read(part)))
            assert tags <= {b'<w:lang w:val="zxx" w:eastAsia="zxx" w:bidi="zxx"/>'}, tags


def test_a_run_keeps_its_language_where_a_style_sets_another(
    sample: Path, runner: CliRunner, tmp_path: Path
) -> None:
    letters = _two_letters(sample, runner)
    for letter in letters:  # a style in English: a Ukrainian run must say it is Ukrainian
        letter.write_bytes(rewrite_docx(letter, {"word/styles.xml": lambda xml: xml.replace(
            b"<w:b/>", b'<w:b/><w:lang w:val="en-GB"/>', 1)}))  # fmt: skip
    join(list(letters), tmp_path / "joined.docx")
    with zipfile.ZipFile(tmp_path / "joined.docx") as package:
        document = package.read("word/document.xml")
    tags = document.count(b'<w:lang w:val="uk-UA" w:eastAsia="uk-UA" w:bidi="uk-UA"/>')
    assert tags == sum(
        zipfile.ZipFile(letter).read("word/document.xml").count(b'<w:lang w:val="uk-UA"')
        for letter in letters
    )


PAGE_FIELD = b'<w:p><w:fldSimple w:instr="PAGE"><w:r><w:t>1</w:t></w:r></w:fldSimple></w:p>'


@pytest.mark.parametrize(
    ("part", "old", "new", "why"),
    [
        (
            "word/header2.xml",
            b"</w:hdr>",
            PAGE_FIELD.replace(b"PAGE", b"NUMPAGES") + b"</w:hdr>",
            "word/header2.xml has a NUMPAGES field, which counts or refers across the whole"
            " document",
        ),
        (
            "word/document.xml",
            b"<w:body>",
            b"<w:body>" + PAGE_FIELD.replace(b"PAGE", b"PAGEREF _Toc1 \\h"),
            "{name} has a PAGEREF field, which counts or refers across the whole document",
        ),
        (
            "word/document.xml",
            b"<w:body>",
            b'<w:body><w:p><w:r><w:endnoteReference w:id="1"/></w:r></w:p>',
            "{name} has endnotes (w:endnoteReference)",
        ),
        (
            "word/document.xml",
            b"<w:body>",
            b'<w:body><w:p><w:r><w:commentReference w:id="0"/></w:r></w:p>',
            "{name} has comments (w:commentReference)",
        ),
        (
            "word/document.xml",
            b"<w:body>",
            b"<w:body><w:p><w:pPr><w:sectPr/></w:pPr></w:p>",
            "{name} has more than one section",
        ),
    ],
    ids=["numpages-in-header", "pageref", "endnotes", "comments", "two-sections"],
)
def test_what_joining_would_change_is_not_joined(
    sample: Path, runner: CliRunner, tmp_path: Path, part: str, old: bytes, new: bytes, why: str
) -> None:
    first, second = _two_letters(sample, runner)
    second.write_bytes(rewrite_docx(second, {part: lambda xml: xml.replace(old, new, 1)}))
    with pytest.raises(NotJoinable) as raised:
        join([first, second], tmp_path / "joined.docx")
    assert str(raised.value) == why.format(name=second.name)


NUMPAGES = (
    b'<w:fldSimple w:instr="PAGE"><w:r><w:t>1</w:t></w:r></w:fldSimple>',
    b'<w:fldSimple w:instr="PAGE"><w:r><w:t>1</w:t></w:r></w:fldSimple>'
    b'<w:r><w:t xml:space="preserve"> of </w:t></w:r>'
    b'<w:fldSimple w:instr="NUMPAGES"><w:r><w:t>2</w:t></w:r></w:fldSimple>',
)


@needs_libreoffice
@needs_tool("pdftotext", POPPLER)
def test_a_template_counting_its_pages_is_converted_letter_by_letter_and_said_so(
    sample: Path, runner: CliRunner
) -> None:
    template = sample / "templates" / "appeal.docx"
    template.write_bytes(
        rewrite_docx(template, {"word/header2.xml": lambda xml: xml.replace(*NUMPAGES)})
    )
    result = runner.invoke(main, ["build", "-w", str(sample), "--pdf"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[1:] == [
        "note: 10 letters of templates/appeal.docx (en, uk, ru) converted to PDF one by one,"
        " not joined, which is slower: word/header2.xml has a NUMPAGES field, which counts or"
        " refers across the whole document"
    ]
    # each letter counts its own pages: "2 of 2", never the pages of other letters
    second_page = pdf_text(sample / "out" / "may-2020-joint" / "may-2020-joint.en.pdf").split("\f")[
        1
    ]
    assert "2 of 2" in second_page


@needs_libreoffice
def test_a_joined_document_that_hangs_is_retried_letter_by_letter(
    sample: Path, runner: CliRunner, tmp_path: Path
) -> None:
    first, second = _two_letters(sample, runner)
    group = LetterGroup("templates/appeal.docx", "uk", (first, second), DAY)
    # No LibreOffice starts in 0.2 s, so every call "hangs" and is killed: the joined
    # document once, then the letters one by one, each reported
    report = convert_letters([group], tmp_path / "pdf", workers=1, timeout=0.2)
    assert report.one_by_one == [
        (group, 2, "LibreOffice timed out (0.2 s without progress) on their joined document")
    ]
    assert report.converted == []
    assert [(f.source.name, f.reason) for f in report.failures] == [
        (first.name, "LibreOffice timed out twice (0.2 s without progress)"),
        (second.name, "not converted: LibreOffice hung 3 times in a row"),
    ]
    assert list((tmp_path / "pdf").iterdir()) == []


@needs_libreoffice
def test_a_joined_pdf_that_cannot_be_split_is_made_again_letter_by_letter(
    sample: Path, runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from letters.publish import joined

    first, second = _two_letters(sample, runner)
    group = LetterGroup("templates/appeal.docx", "uk", (first, second), DAY)

    def lose_the_marks(pdf: Path, *args: object, **kwargs: object) -> list[int]:
        raise LettersError("the joined PDF marks the starts of 0 of 2 letters")

    monkeypatch.setattr(joined, "split", lose_the_marks)
    report = convert_letters([group], tmp_path / "pdf", workers=1)
    assert report.one_by_one == [(group, 2, "their joined PDF could not be split")]
    assert report.failures == []
    assert report.converted == [tmp_path / "pdf" / f"{s.stem}.pdf" for s in (first, second)]
    assert sorted(p.name for p in (tmp_path / "pdf").iterdir()) == [
        f"{first.stem}.pdf",
        f"{second.stem}.pdf",
    ]


@needs_libreoffice
def test_one_by_one_lays_out_each_letter_alone(
    sample: Path, runner: CliRunner, tmp_path: Path
) -> None:
    result = runner.invoke(
        main, ["--verbose", "build", "-w", str(sample), "-l", "en", "--pdf", "--pdf-one-by-one"]
    )
    assert result.exit_code == 0, result.output
    assert "ExportBookmarksToPDFDestination" not in result.output  # nothing was joined
    (source,) = sorted((sample / "out").rglob("*.docx"))
    report = convert([source], tmp_path, date=DAY)
    assert report.converted[0].read_bytes() == source.with_suffix(".pdf").read_bytes()


@needs_libreoffice
@needs_tool("pdftotext", POPPLER)
def test_the_equivalence_check_sees_a_moved_line_a_page_and_a_font(
    sample: Path, runner: CliRunner, tmp_path: Path
) -> None:
    sources = _built(sample, runner, "-l", "uk")
    first, second = (s.with_suffix(".pdf") for s in sources[:2])
    assert differences(first, first) == []
    # two letters to different officials: their address lines differ on page 1
    assert any(d.startswith("page 1: ") for d in differences(first, second))
    # one page less
    with pikepdf.open(first) as pdf:
        del pdf.pages[1]
        pdf.save(tmp_path / "short.pdf")
    assert "1 pages, not 2" in differences(first, tmp_path / "short.pdf")
    # a font by another name
    with pikepdf.open(first) as pdf:
        fonts = pdf.pages[0].Resources.Font
        font = fonts[next(iter(fonts.keys()))]
        font.BaseFont = pikepdf.Name("/ABCDEF+AnotherSerif")
        pdf.save(tmp_path / "font.pdf")
    assert [d for d in differences(first, tmp_path / "font.pdf") if d.startswith("fonts ")]


@needs_libreoffice
def test_a_join_that_fails_unexpectedly_still_gives_every_letter(
    sample: Path, runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from letters.publish import joined

    first, second = _two_letters(sample, runner)
    group = LetterGroup("templates/appeal.docx", "uk", (first, second), DAY)

    def broken(*args: object, **kwargs: object) -> list[str | None]:
        raise KeyError("w:id")

    monkeypatch.setattr(joined, "join", broken)
    report = convert_letters([group], tmp_path / "pdf", workers=1)
    assert report.one_by_one == [(group, 2, "joining them failed (KeyError)")]
    assert report.failures == []
    assert report.converted == [tmp_path / "pdf" / f"{s.stem}.pdf" for s in (first, second)]
