"""A batch joins into one print file: in order, one letter per sheet, the same bytes every time.

Small PDFs built with pikepdf check the page logic; letters converted by
LibreOffice, as ``letters build --pdf`` makes them, check that text and fonts
survive the join.
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Callable
from pathlib import Path

import docx
import pikepdf
import pytest
from docx.enum.section import WD_ORIENT
from docx.shared import Mm
from pikepdf import Array, Dictionary, Name

from letters.errors import LettersError
from letters.publish.printfile import join_pdfs
from tests.conftest import LIBREOFFICE, pdf_fonts, pdf_text, require_tool

A4 = (595, 842)
A5_LANDSCAPE = (595, 420)


def tiny_pdf(
    path: Path,
    labels: list[str],
    size: tuple[int, int] = A4,
    rotate: int = 0,
    version: str = "1.4",
) -> Path:
    """A PDF whose pages each show one label in Helvetica."""
    pdf = pikepdf.new()
    font = pdf.make_indirect(
        Dictionary(Type=Name.Font, Subtype=Name.Type1, BaseFont=Name.Helvetica)
    )
    for label in labels:
        content = pdf.make_stream(f"BT /F1 24 Tf 72 72 Td ({label}) Tj ET".encode("ascii"))
        page = Dictionary(
            Type=Name.Page,
            MediaBox=Array([0, 0, *size]),
            Resources=Dictionary(Font=Dictionary(F1=font)),
            Contents=content,
        )
        if rotate:
            page.Rotate = rotate
        pdf.pages.append(pikepdf.Page(pdf.make_indirect(page)))
    path.parent.mkdir(parents=True, exist_ok=True)
    pdf.save(path, min_version=version, deterministic_id=True)
    return path


def labels(path: Path) -> list[str]:
    """The label of each page, "" for a page without content (a blank page)."""
    with pikepdf.open(path) as pdf:
        result = []
        for page in pdf.pages:
            if "/Contents" not in page.obj:
                result.append("")
                continue
            found = re.search(rb"\((.*?)\) Tj", page.obj.Contents.read_bytes())
            result.append(found.group(1).decode("ascii") if found else "?")
        return result


@pytest.fixture
def batch(tmp_path: Path) -> list[Path]:
    """Four letters of 1, 2, 3 and 1 pages; the third ends on a rotated A5 page."""
    folder = tmp_path / "out" / "may-2020-joint"
    return [
        tiny_pdf(folder / "a.pdf", ["A1"]),
        tiny_pdf(folder / "b.pdf", ["B1", "B2"]),
        tiny_pdf(folder / "c.pdf", ["C1", "C2", "C3"], size=A5_LANDSCAPE, rotate=90),
        tiny_pdf(folder / "d.pdf", ["D1"]),
    ]


def test_duplex_starts_every_letter_on_a_new_sheet(batch: list[Path], tmp_path: Path) -> None:
    target = tmp_path / "print.pdf"
    assert join_pdfs(batch, target) == 9
    # A blank after each odd letter, none after the last one.
    assert labels(target) == ["A1", "", "B1", "B2", "C1", "C2", "C3", "", "D1"]
    with pikepdf.open(target) as pdf:
        assert pdf.Root.ViewerPreferences.Duplex == Name.DuplexFlipLongEdge
        assert pdf.pdf_version == "1.7"
        assert pdf.check_pdf_syntax() == []


def test_blank_page_has_the_size_and_orientation_of_the_page_before(
    batch: list[Path], tmp_path: Path
) -> None:
    target = tmp_path / "print.pdf"
    join_pdfs(batch, target)
    with pikepdf.open(target) as pdf:
        sizes = [
            ([int(x) for x in page.mediabox], int(page.obj.get("/Rotate", 0))) for page in pdf.pages
        ]
    a4, a5 = [0, 0, *A4], [0, 0, *A5_LANDSCAPE]
    assert sizes == [(a4, 0)] * 4 + [(a5, 90)] * 4 + [(a4, 0)]


def test_without_duplex_nothing_is_added(batch: list[Path], tmp_path: Path) -> None:
    target = tmp_path / "print.pdf"
    assert join_pdfs(batch, target, duplex=False) == 7
    assert labels(target) == ["A1", "B1", "B2", "C1", "C2", "C3", "D1"]
    with pikepdf.open(target) as pdf:
        assert "/ViewerPreferences" not in pdf.Root


def test_order_is_the_order_given(batch: list[Path], tmp_path: Path) -> None:
    target = tmp_path / "print.pdf"
    assert join_pdfs([batch[3], batch[1], batch[0]], target) == 5
    assert labels(target) == ["D1", "", "B1", "B2", "A1"]


def test_one_letter_is_copied_as_it_is(batch: list[Path], tmp_path: Path) -> None:
    target = tmp_path / "print.pdf"
    assert join_pdfs(batch[2:3], target) == 3
    assert labels(target) == ["C1", "C2", "C3"]


def test_same_letters_give_the_same_bytes(batch: list[Path], tmp_path: Path) -> None:
    first, second = tmp_path / "one" / "print.pdf", tmp_path / "two" / "other-name.pdf"
    join_pdfs(batch, first)
    join_pdfs(batch, second)
    assert first.read_bytes() == second.read_bytes()
    before = first.read_bytes()
    join_pdfs(batch, first)
    assert first.read_bytes() == before


def test_output_version_is_the_newest_source_version(tmp_path: Path) -> None:
    sources = [
        tiny_pdf(tmp_path / "old.pdf", ["A1"], version="1.4"),
        tiny_pdf(tmp_path / "new.pdf", ["B1"], version="1.6"),
    ]
    join_pdfs(sources, tmp_path / "print.pdf", duplex=False)
    with pikepdf.open(tmp_path / "print.pdf") as pdf:
        assert pdf.pdf_version == "1.6"


def test_repeated_fonts_are_stored_once(tmp_path: Path) -> None:
    sources = [tiny_pdf(tmp_path / f"{n}.pdf", [f"L{n}"]) for n in range(5)]
    join_pdfs(sources, tmp_path / "print.pdf", duplex=False)
    with pikepdf.open(tmp_path / "print.pdf") as pdf:
        fonts = {page.Resources.Font.F1.objgen for page in pdf.pages}
    assert len(fonts) == 1
    assert labels(tmp_path / "print.pdf") == ["L0", "L1", "L2", "L3", "L4"]


def test_links_stay_on_their_own_page(tmp_path: Path) -> None:
    sources = []
    for n in range(3):
        path = tiny_pdf(tmp_path / f"{n}.pdf", [f"L{n}"])
        with pikepdf.open(path, allow_overwriting_input=True) as pdf:
            link = Dictionary(
                Type=Name.Annot,
                Subtype=Name.Link,
                Rect=Array([72, 72, 300, 100]),
                A=Dictionary(S=Name.URI, URI=pikepdf.String("https://example.org/appeal")),
            )
            pdf.pages[0].Annots = Array([pdf.make_indirect(link)])
            pdf.save(path)
        sources.append(path)
    join_pdfs(sources, tmp_path / "print.pdf", duplex=False)
    with pikepdf.open(tmp_path / "print.pdf") as pdf:
        links = [page.Annots[0] for page in pdf.pages]
        assert len({link.objgen for link in links}) == 3  # an annotation belongs to one page
        assert all(link.A.URI == "https://example.org/appeal" for link in links)


def _truncated(path: Path) -> None:
    data = tiny_pdf(path, ["X1"]).read_bytes()
    path.write_bytes(data[: len(data) // 2])


def _encrypted(path: Path) -> None:
    tiny_pdf(path, ["X1"])
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        pdf.save(path, encryption=pikepdf.Encryption(owner="owner", user="secret"))


def _no_pages(path: Path) -> None:
    pikepdf.new().save(path)


BAD_SOURCES: dict[str, tuple[Callable[[Path], object], str]] = {
    "missing": (lambda path: None, "cannot be read (No such file or directory)"),
    "not-a-pdf": (lambda path: path.write_text("Dear Ms Metsola,"), "is damaged or not a PDF"),
    "truncated": (_truncated, "is damaged or not a PDF"),
    "encrypted": (_encrypted, "is encrypted"),
    "no-pages": (_no_pages, "has no pages"),
    "folder": (lambda path: path.mkdir(), "cannot be read (Is a directory)"),
}


@pytest.mark.parametrize("kind", BAD_SOURCES, ids=list(BAD_SOURCES))
def test_bad_source_is_named_and_nothing_is_written(
    kind: str, batch: list[Path], tmp_path: Path
) -> None:
    make, why = BAD_SOURCES[kind]
    bad = batch[0].parent / "bad.pdf"
    make(bad)
    target = tmp_path / "out" / "print.pdf"
    target.write_bytes(b"the print file of an earlier run")

    with pytest.raises(LettersError) as raised:
        join_pdfs([batch[0], bad, batch[1]], target)

    assert str(raised.value) == (
        "1 PDF file could not be joined; the print file was not written:\n"
        f"  may-2020-joint/bad.pdf: {why}"
    )
    assert str(tmp_path) not in str(raised.value)
    assert target.read_bytes() == b"the print file of an earlier run"
    assert sorted(p.name for p in target.parent.iterdir()) == ["may-2020-joint", "print.pdf"]


def test_every_bad_source_is_listed_and_no_file_is_created(
    batch: list[Path], tmp_path: Path
) -> None:
    folder = batch[0].parent
    (folder / "z.pdf").write_text("not a PDF")
    target = tmp_path / "out" / "print.pdf"
    with pytest.raises(LettersError) as raised:
        join_pdfs([folder / "z.pdf", *batch, folder / "gone.pdf"], target, root=tmp_path)
    assert str(raised.value) == (
        "2 PDF files could not be joined; the print file was not written:\n"
        "  out/may-2020-joint/gone.pdf: cannot be read (No such file or directory)\n"
        "  out/may-2020-joint/z.pdf: is damaged or not a PDF"
    )
    assert not target.exists()
    assert not [p for p in target.parent.iterdir() if p.name.endswith(".tmp")]


def test_a_source_outside_the_root_is_named_by_its_file_name(tmp_path: Path) -> None:
    with pytest.raises(LettersError) as raised:
        join_pdfs([tmp_path / "elsewhere" / "gone.pdf"], tmp_path / "out" / "print.pdf")
    assert str(raised.value).endswith("\n  gone.pdf: cannot be read (No such file or directory)")


def test_nothing_to_join(tmp_path: Path) -> None:
    with pytest.raises(LettersError) as raised:
        join_pdfs([], tmp_path / "print.pdf")
    assert str(raised.value) == "No PDF files to join; the print file was not written."
    assert not (tmp_path / "print.pdf").exists()


@pytest.fixture(scope="module")
def letters_pdf(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Letters of 1, 2 and 3 pages converted by LibreOffice once for this module."""
    soffice = require_tool("soffice", LIBREOFFICE)
    folder = tmp_path_factory.mktemp("letters")
    pages = {"one": 1, "two": 2, "three": 3}
    for name, count in pages.items():
        document = docx.Document()
        if name == "three":
            section = document.sections[0]
            section.orientation = WD_ORIENT.LANDSCAPE
            section.page_width, section.page_height = Mm(210), Mm(148)
        for page in range(1, count + 1):
            paragraph = document.add_paragraph(f"Лист {name} сторінка {page}")
            paragraph.paragraph_format.page_break_before = page > 1
        document.save(str(folder / f"{name}.docx"))
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={(folder / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder),
            *(str(folder / f"{name}.docx") for name in pages),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    return {name: folder / f"{name}.pdf" for name in pages}


def page_texts(path: Path) -> list[str]:
    text = pdf_text(path, "-layout")
    return [page.strip() for page in text.split("\f")][:-1]


def test_libreoffice_letters_keep_their_text_in_order(
    letters_pdf: dict[str, Path], tmp_path: Path
) -> None:
    order = ["three", "one", "two", "three", "one"]
    target = tmp_path / "print.pdf"
    assert join_pdfs([letters_pdf[name] for name in order], target) == 13
    three = [f"Лист three сторінка {n}" for n in (1, 2, 3)]
    two = [f"Лист two сторінка {n}" for n in (1, 2)]
    one = ["Лист one сторінка 1"]
    assert page_texts(target) == [*three, "", *one, "", *two, *three, "", *one]


def test_libreoffice_letters_share_fonts_and_keep_them_embedded(
    letters_pdf: dict[str, Path], tmp_path: Path
) -> None:
    target = tmp_path / "print.pdf"
    copies = [letters_pdf["two"]] * 20
    join_pdfs(copies, target)
    assert target.stat().st_size < 2 * letters_pdf["two"].stat().st_size
    assert page_texts(target) == ["Лист two сторінка 1", "Лист two сторінка 2"] * 20
    fonts = pdf_fonts(target)
    assert fonts and all(" yes yes yes " in line for line in fonts)
    with pikepdf.open(target) as pdf:
        assert pdf.check_pdf_syntax() == []
        for page in pdf.pages:
            for font in (page.Resources.Font[key] for key in page.Resources.Font):
                descriptor = font.FontDescriptor
                file = next(
                    descriptor[k]
                    for k in ("/FontFile2", "/FontFile", "/FontFile3")
                    if k in descriptor
                )
                assert len(file.read_raw_bytes()) > 1000


def test_different_font_subsets_get_different_names(
    letters_pdf: dict[str, Path], tmp_path: Path
) -> None:
    """LibreOffice names the subsets of every letter alike; in one file a name must stand
    for one subset (ISO 32000-1, 9.6.4), or a printer may use one letter's glyphs for
    another's. Copies of one subset stay one font under one name."""
    target = tmp_path / "print.pdf"
    sources = [letters_pdf[name] for name in ("one", "three", "two", "one")]
    names = set()
    for source in sources[:3]:
        with pikepdf.open(source) as pdf:
            names |= {str(font.BaseFont) for font in _fonts(pdf)}
    assert len(names) == 1, names  # the clash: three subsets, one name
    join_pdfs(sources, target)
    with pikepdf.open(target) as pdf:
        fonts = {font.objgen: font for font in _fonts(pdf)}
        programs = {
            str(font.BaseFont): font.FontDescriptor.FontFile2.objgen for font in fonts.values()
        }
        assert len(fonts) == len(programs) == 3  # the second "one" shares the first's
        for font in fonts.values():
            assert font.FontDescriptor.FontName == font.BaseFont
            tag, _plus, family = str(font.BaseFont).partition("+")
            assert re.fullmatch("/[A-Z]{6}", tag), tag
            assert {family} == {name.partition("+")[2] for name in names}
    assert page_texts(target)[:1] == ["Лист one сторінка 1"]


def _fonts(pdf: pikepdf.Pdf) -> list[pikepdf.Dictionary]:
    held = [page.Resources.Font for page in pdf.pages if "/Font" in page.Resources]
    return [fonts[key] for fonts in held for key in fonts]
