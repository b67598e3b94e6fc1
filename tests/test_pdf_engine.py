"""Batches of letters become PDFs through a few long-lived LibreOffice processes.

Real LibreOffice throughout: what matters is how it behaves when it is slow, crashes or
is handed a file that is not a letter.
"""

from __future__ import annotations

import datetime
import os
import signal
import subprocess
import tempfile
import time
import zipfile
from collections.abc import Callable
from pathlib import Path
from urllib.parse import unquote

import docx
import pikepdf
import pytest

from letters.errors import ToolMissing
from letters.publish.calls import deal
from letters.publish.pdf import ConversionReport, convert
from letters.publish.pdf_profile import pipe_names, prepare_profile
from tests.conftest import needs_libreoffice, pdf_fonts, pdf_text

UKRAINIAN = "Шановний пане Міністре, просимо звільнити Олега Петренка"
RUSSIAN = "Уважаемый господин министр, просим освободить Олега Петренко"


def write_letter(path: Path, *lines: str) -> Path:
    document = docx.Document()
    for line in lines:
        document.add_paragraph(line)
    document.save(str(path))
    return path


@pytest.fixture
def letters(tmp_path: Path) -> list[Path]:
    folder = tmp_path / "docx"
    folder.mkdir()
    return [
        write_letter(folder / "uk.docx", "Міністерство юстиції України", UKRAINIAN),
        write_letter(folder / "ru.docx", "Генеральная прокуратура", RUSSIAN),
        write_letter(folder / "en.docx", "Dear Minister,", "We urge you to release him."),
        write_letter(folder / "mixed.docx", "Dear Minister,", UKRAINIAN, RUSSIAN),
    ]


@pytest.fixture
def private_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A temp folder of this test's own, so its LibreOffice processes can be found by path
    and nothing left in it goes unseen (LibreOffice's own files would follow TMPDIR)."""
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    monkeypatch.setenv("TMPDIR", str(folder))
    return folder


def libreoffice_processes(folder: Path) -> list[str]:
    found = subprocess.run(["pgrep", "-f", str(folder)], capture_output=True, text=True)
    return found.stdout.split()


def leftovers(outdir: Path) -> list[str]:
    return sorted(p.name for p in outdir.iterdir() if p.suffix != ".pdf")


@needs_libreoffice
def test_every_letter_becomes_a_pdf_with_its_cyrillic_text(
    letters: list[Path], tmp_path: Path, private_tmp: Path
) -> None:
    outdir = tmp_path / "pdf"
    finished: list[Path] = []
    report = convert(letters, outdir, workers=2, on_done=finished.append)

    expected = [outdir / f"{letter.stem}.pdf" for letter in letters]
    assert report.failures == []
    assert report.converted == expected
    assert sorted(finished) == sorted(expected)
    assert sorted(outdir.iterdir()) == sorted(expected)
    assert " ".join(pdf_text(outdir / "uk.pdf").split()) == (
        f"Міністерство юстиції України {UKRAINIAN}"
    )
    assert RUSSIAN in " ".join(pdf_text(outdir / "ru.pdf").split())
    mixed = " ".join(pdf_text(outdir / "mixed.pdf").split())
    assert UKRAINIAN in mixed and RUSSIAN in mixed
    fonts = pdf_fonts(outdir / "mixed.pdf")
    assert fonts, "the PDF uses no fonts at all"
    assert all(line.split()[-5] == "yes" for line in fonts), "a font is not embedded"
    assert list(private_tmp.iterdir()) == []
    assert libreoffice_processes(tmp_path) == []


@needs_libreoffice
def test_pdfa_claims_pdfa_2b(letters: list[Path], tmp_path: Path) -> None:
    report = convert(letters[:2], tmp_path / "pdf", pdfa=True)

    assert report.failures == []
    for pdf_path in report.converted:
        with pikepdf.open(pdf_path) as pdf:
            metadata = pdf.open_metadata()
            assert metadata["pdfaid:part"] == "2"
            assert metadata["pdfaid:conformance"] == "B"
    assert UKRAINIAN in " ".join(pdf_text(report.converted[0]).split())


@needs_libreoffice
@pytest.mark.parametrize("pdfa", [False, True], ids=["pdf", "pdfa"])
def test_a_fixed_date_makes_conversions_byte_identical(
    letters: list[Path], tmp_path: Path, pdfa: bool
) -> None:
    day = datetime.date(2024, 5, 13)
    whole = convert(letters[:3], tmp_path / "whole", pdfa=pdfa, date=day, workers=1)
    # A resumed batch converts the letter again, in another chunk and another process.
    resumed = convert(letters[2:3], tmp_path / "resumed", pdfa=pdfa, date=day, workers=1)

    first, again = whole.converted[2], resumed.converted[0]
    assert first.read_bytes() == again.read_bytes()
    with pikepdf.open(again) as pdf:
        assert str(pdf.docinfo["/CreationDate"]) == "D:20240513000000Z"
        if pdfa:
            metadata = pdf.open_metadata()
            assert metadata["xmp:CreateDate"] == "2024-05-13T00:00:00Z"
            assert metadata["pdfaid:part"] == "2"
            assert metadata["pdfaid:conformance"] == "B"


@needs_libreoffice
def test_pictures_are_stored_without_loss(tmp_path: Path) -> None:
    # noise: as JPEG it is far smaller, so LibreOffice would keep a JPEG copy if allowed
    from PIL import Image  # Pillow comes with pikepdf

    noise = tmp_path / "noise.png"
    Image.frombytes("RGB", (200, 120), os.urandom(200 * 120 * 3)).save(noise)
    document = docx.Document()
    document.add_paragraph("A scanned signature:")
    document.add_picture(str(noise))
    document.save(str(tmp_path / "signed.docx"))

    report = convert([tmp_path / "signed.docx"], tmp_path / "pdf")

    assert report.failures == []
    with pikepdf.open(report.converted[0]) as pdf:
        found = pdf.pages[0].Resources.XObject
        images = [pikepdf.PdfImage(image) for _name, image in found.items()]
        assert [(image.width, image.height) for image in images] == [(200, 120)]
        assert [image.filters for image in images] == [["/FlateDecode"]]
        assert images[0].as_pil_image().tobytes() == Image.open(noise).tobytes()


def _start(profile: Path, letter: Path, outdir: Path) -> None:
    subprocess.run(
        ["soffice", f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
         "--convert-to", "pdf", "--outdir", str(outdir), str(letter)],
        capture_output=True, check=True, timeout=120,
    )  # fmt: skip


@needs_libreoffice
def test_a_conversion_runs_no_graphics_tests_at_start(letters: list[Path], tmp_path: Path) -> None:
    # LibreOffice draws its graphics tests (and logs them in the profile) on every start with
    # a profile that has not recorded the version last run: seen in a bare profile
    bare = tmp_path / "bare"
    _start(bare, letters[2], tmp_path / "bare-pdf")
    if not (bare / "user" / "GraphicsRenderTests.log").exists():
        pytest.skip("this LibreOffice runs no graphics tests when it starts")
    ours = tmp_path / "ours"
    prepare_profile(ours)
    for _ in range(2):
        _start(ours, letters[2], tmp_path / "pdf")
    assert (tmp_path / "pdf" / "en.pdf").stat().st_size > 0
    assert not (ours / "user" / "GraphicsRenderTests.log").exists()


@needs_libreoffice
def test_files_that_are_not_letters_fail_alone(letters: list[Path], tmp_path: Path) -> None:
    random_bytes = tmp_path / "docx" / "x.docx"
    random_bytes.write_bytes(os.urandom(4096))
    # A ZIP without a document in it gets past our own check, so LibreOffice must refuse it.
    no_document = tmp_path / "docx" / "empty.docx"
    with zipfile.ZipFile(no_document, "w") as archive:
        archive.writestr("hello.txt", "hello")
    outdir = tmp_path / "pdf"

    report = convert([letters[0], random_bytes, no_document, letters[1]], outdir, workers=1)

    assert report.converted == [outdir / "uk.pdf", outdir / "ru.pdf"]
    assert [(f.source.name, f.reason) for f in report.failures] == [
        ("x.docx", "not a .docx file (not a ZIP package)"),
        ("empty.docx", "LibreOffice could not open it twice"),
    ]
    assert sorted(p.name for p in outdir.iterdir()) == ["ru.pdf", "uk.pdf"]


def test_missing_libreoffice_is_reported(
    letters: list[Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", "/nonexistent")
    with pytest.raises(ToolMissing) as caught:
        convert(letters, tmp_path / "pdf")
    assert str(caught.value) == (
        "LibreOffice is needed for PDF output but was not found. Install it (Debian/Ubuntu:"
        " 'apt-get install libreoffice-writer-nogui fonts-liberation2', and for each language"
        " of the letters its hyphenation patterns, such as hyphen-uk, or its PDFs are not"
        " hyphenated) or build without --pdf."
    )
    assert not (tmp_path / "pdf").exists()


@needs_libreoffice
def test_a_hung_libreoffice_is_killed_and_reported(
    letters: list[Path], tmp_path: Path, private_tmp: Path
) -> None:
    outdir = tmp_path / "pdf"
    # No LibreOffice starts in 0.2 s, so every call "hangs" and is killed.
    report = convert(letters[:2], outdir, workers=1, timeout=0.2)

    assert report.converted == []
    assert [(f.source.name, f.reason) for f in report.failures] == [
        ("uk.docx", "LibreOffice timed out twice (0.2 s without progress)"),
        ("ru.docx", "not converted: LibreOffice hung 3 times in a row"),
    ]
    assert libreoffice_processes(tmp_path) == []
    assert list(outdir.iterdir()) == []
    assert list(private_tmp.iterdir()) == []


PROFILE_ARGUMENT = "-env:UserInstallation=file://"


def _signal_once(private_tmp: Path, sig: int) -> tuple[list[Path], Callable[[Path], None]]:
    """A progress callback that sends ``sig`` to LibreOffice after its first PDF; the list
    it returns gets the sockets of the LibreOffice it hit, seen there while it runs."""
    pipes: list[Path] = []

    def send(pdf: Path) -> None:
        if pipes:
            return
        hit = libreoffice_processes(private_tmp)
        for pid in hit:
            for argument in Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0"):
                if argument.startswith(b"-env:UserInstallation=file://"):
                    profile = Path(
                        unquote(argument.decode()[len("-env:UserInstallation=file://") :])
                    )
                    pipes.extend(pipe for pipe in pipe_names(profile) if pipe.is_socket())
        assert pipes, f"no LibreOffice socket found for {hit}"
        for pid in hit:
            os.kill(int(pid), sig)

    return pipes, send


def _all_eight_converted(report: ConversionReport, outdir: Path, tmp_path: Path) -> None:
    assert report.failures == []
    assert report.converted == [outdir / f"{n:02d}.pdf" for n in range(8)]
    for number, pdf in enumerate(report.converted):
        assert f"Лист {number}" in pdf_text(pdf)
    assert leftovers(outdir) == []
    assert libreoffice_processes(tmp_path) == []


def _eight_letters(tmp_path: Path, text: str) -> tuple[list[Path], Path]:
    """Eight numbered letters to convert, and the folder their PDFs go to."""
    folder = tmp_path / "docx"
    folder.mkdir()
    sources = [write_letter(folder / f"{n:02d}.docx", f"Лист {n}", text) for n in range(8)]
    return sources, tmp_path / "pdf"


@needs_libreoffice
def test_a_crash_keeps_finished_pdfs_and_retries_the_rest(
    tmp_path: Path, private_tmp: Path
) -> None:
    sources, outdir = _eight_letters(tmp_path, RUSSIAN)
    killed, crash_libreoffice = _signal_once(private_tmp, signal.SIGKILL)
    report = convert(sources, outdir, workers=1, on_done=crash_libreoffice)

    assert killed, "LibreOffice had finished before the test could crash it"
    _all_eight_converted(report, outdir, tmp_path)
    # the crashed LibreOffice's temporary files and socket went with the profiles
    assert list(private_tmp.iterdir()) == []
    assert not any(pipe.exists() for pipe in killed)


@needs_libreoffice
def test_a_frozen_call_is_killed_and_its_other_letters_still_convert(
    tmp_path: Path, private_tmp: Path
) -> None:
    sources, outdir = _eight_letters(tmp_path, UKRAINIAN)
    frozen, freeze_libreoffice = _signal_once(private_tmp, signal.SIGSTOP)
    started = time.monotonic()
    report = convert(sources, outdir, workers=1, timeout=5, on_done=freeze_libreoffice)

    assert frozen, "LibreOffice had finished before the test could freeze it"
    assert time.monotonic() - started > 5
    _all_eight_converted(report, outdir, tmp_path)
    assert not any(pipe.exists() for pipe in frozen)


@needs_libreoffice
def test_an_interrupted_run_leaves_whole_pdfs_and_no_processes(
    letters: list[Path], tmp_path: Path, private_tmp: Path
) -> None:
    outdir = tmp_path / "pdf"

    def press_ctrl_c(pdf: Path) -> None:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        convert(letters, outdir, workers=2, on_done=press_ctrl_c)

    assert libreoffice_processes(tmp_path) == []
    assert leftovers(outdir) == []
    assert list(private_tmp.iterdir()) == []
    pdfs = list(outdir.iterdir())
    assert len(pdfs) == 1
    assert pdfs[0].read_bytes().startswith(b"%PDF-")
    assert pdfs[0].read_bytes().rstrip().endswith(b"%%EOF")


def test_stems_must_be_unique(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="unique stems"):
        convert([tmp_path / "a" / "x.docx", tmp_path / "b" / "x.docx"], tmp_path / "pdf")


@pytest.mark.parametrize(
    ("count", "workers", "chunk", "ramp", "sizes"),
    [
        (24, 2, 4, False, [4, 4, 4, 4, 4, 4]),
        (24, 2, 4, True, [1, 1, 4, 4, 4, 4, 3, 3]),  # a first round of one file each
        (24, 2, 12, True, [1, 1, 11, 11]),  # joined documents: the campaign's 24
        (8, 2, 12, True, [1, 1, 3, 3]),
        (10, 2, 4, False, [3, 3, 2, 2]),  # never a short last call
        (2160, 2, 100, False, [99] * 4 + [98] * 18),
        (3, 2, 4, True, [2, 1]),  # two files a process at most: nothing to ramp
        (5, 2, 4, True, [1, 1, 2, 1]),
        (1, 2, 4, True, [1]),
    ],
)
def test_files_are_dealt_into_even_calls_in_whole_rounds(
    count: int, workers: int, chunk: int, ramp: bool, sizes: list[int]
) -> None:
    items = list(range(count))
    calls = deal(items, workers, chunk, ramp=ramp)
    assert [len(call) for call in calls] == sizes
    assert sorted(item for call in calls for item in call) == items


def test_a_rounds_files_are_dealt_card_by_card() -> None:
    # neighbouring files are alike (one template and language): each call of a round gets
    # its share of them, so the round's calls end together
    assert deal(list(range(10)), 2, 4) == [[0, 2, 4], [1, 3, 5], [6, 8], [7, 9]]
    assert deal(list(range(24)), 2, 8, ramp=True) == [
        [0],
        [1],
        [2, 4, 6, 8, 10, 12],
        [3, 5, 7, 9, 11, 13],
        [14, 16, 18, 20, 22],
        [15, 17, 19, 21, 23],
    ]
    assert deal(list(range(7)), 3, 2) == [[0, 3], [1], [2], [4], [5], [6]]
