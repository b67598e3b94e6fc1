"""Signatures under a letter only once its signatory approved it; a letterhead's logo; images
read as the untrusted files they are.

A draft (``build``, ``build --final``, a review packet) shows a placeholder where a signature
will stand and holds no image; ``finalise`` puts each approving signatory's signature there,
and the final letter still has exactly the text they approved. An image that is missing, not
a PNG or JPEG, too large or out of place is refused naming the file and the field. The batch
renderer adds images to a letter's package exactly as docxtpl with python-docx does.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import shutil
import subprocess
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner
from docx.shared import Cm

from letters import Workspace
from letters.cli import main
from letters.cli.build import NOT_RENDERED
from letters.load.loader import load_checked
from letters.plan import plan
from letters.render.content_version import paragraphs
from letters.render.docxpost import finalize
from letters.render.emails import EMAIL_HEADING
from letters.render.images import MAX_IMAGE_BYTES, docx_images
from letters.render.renderer import Renderer, lang_tag
from letters.render.template import SafeDocxTemplate, make_environment
from letters.render.whole_words import name_words
from letters.starter.template import appeal_template_bytes
from tests.conftest import (
    LIBREOFFICE,
    POPPLER,
    docx_parts,
    docx_text,
    require_tool,
    status_rows,
    without_letterhead,
)
from tests.test_fastpath import _png
from tests.test_finalise import english_only
from tests.test_signoff import JOINT, SIX, VIA

SIGNATURE = (
    "{% if s.signature_image %}{{ s.signature_image }}{% elif draft %}[signature]{% endif %}"
)
"""The signature paragraph above each signatory's name (README, Templates, "Images")."""

DRAWING = b"<w:drawing>"
BLIP = "{http://schemas.openxmlformats.org/drawingml/2006/main}blip"
EMBED = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}embed"


@pytest.fixture
def sample(sample: Path) -> Path:
    """The sample without its letterhead (a picture in every letter)."""
    return without_letterhead(sample)


def with_signature_paragraph(workspace: Path) -> Path:
    """The workspace's appeal template made from the starter's, with the signature paragraph
    above each signatory's name."""
    document = docx.Document(io.BytesIO(appeal_template_bytes()))
    if not any("signature_image" in p.text for p in document.paragraphs):
        name = next(p for p in document.paragraphs if p.text == "{{ s.signature }}")
        name.insert_paragraph_before(SIGNATURE, style=name.style)
    template = workspace / "templates" / "appeal.docx"
    document.save(str(template))
    return template


def signature(workspace: Path, who: str) -> bytes:
    return (workspace / "recipients" / "signatures" / f"{who}.png").read_bytes()


def pictures(path: Path) -> list[bytes]:
    """The image of every picture in the body of a .docx, in the order they stand."""
    document = docx.Document(str(path))
    related = document.part.related_parts
    return [related[blip.get(EMBED)].blob for blip in document.element.body.iter(BLIP)]


def media(source: Path | bytes) -> dict[str, bytes]:
    return {n: d for n, d in docx_parts(source).items() if n.startswith("word/media/")}


def _final(workspace: Path) -> Path:
    (folder,) = [p for p in (workspace / "final" / JOINT).iterdir() if p.name[0] != "."]
    return folder / f"{JOINT}.en.docx"


# --- drafts: a placeholder, never an image ------------------------------------------------


@pytest.mark.parametrize(
    ("command", "made"),
    [
        (["build", JOINT, "--lang", "en"], f"out/{JOINT}/{JOINT}.en.docx"),
        (["build", JOINT, "--lang", "en", "--final"], f"out/{JOINT}/{JOINT}.en.docx"),
        (["review", "packet", "bilcik"], f"out/review/bilcik/{JOINT}.en.*.draft.docx"),
    ],
    ids=["build", "build-final", "review-packet"],
)
def test_a_draft_shows_the_placeholder_and_holds_no_image(
    sample: Path, runner: CliRunner, command: list[str], made: str
) -> None:
    english_only(sample)
    with_signature_paragraph(sample)
    ws = Workspace(sample)
    version = ws.version(JOINT, "en").short
    for who in SIX:  # approvals do not put a signature into a draft
        ws.approve(JOINT, "en", who, via=VIA, version=version)
    result = runner.invoke(main, [*command, "-w", str(sample)])
    assert result.exit_code == 0, result.output
    (letter,) = sample.glob(made)
    assert docx_text(letter).count("[signature]") == len(SIX)
    parts = docx_parts(letter)
    assert not media(letter)
    assert not any(DRAWING in data for data in parts.values())
    assert b"relationships/image" not in parts["word/_rels/document.xml.rels"]


# --- final letters: the approving signatories' signatures --------------------------------


def test_a_final_letter_holds_each_approving_signatorys_signature_and_the_approved_text(
    sample: Path, runner: CliRunner
) -> None:
    english_only(sample)
    with_signature_paragraph(sample)
    ws = Workspace(sample)
    approved = ws.version(JOINT, "en")
    for who in SIX:
        ws.approve(JOINT, "en", who, via=VIA, version=approved.short)

    result = runner.invoke(main, ["finalise", JOINT, "--quiet", "-w", str(sample)])

    assert result.exit_code == 0, result.output
    final = _final(sample)
    assert pictures(final) == [signature(sample, who) for who in SIX]
    assert sorted(media(final).values()) == sorted(signature(sample, who) for who in SIX)
    assert len(docx.Document(str(final)).inline_shapes) == len(SIX)
    for name, data in docx_parts(final).items():  # images and footnotes: one rId each
        if name.endswith(".rels"):
            ids = re.findall(rb' Id="([^"]+)"', data)
            assert len(ids) == len(set(ids)), name
    assert "[signature]" not in docx_text(final)
    text = list(approved.text)
    assert paragraphs(final.read_bytes()) == text[: text.index(EMAIL_HEADING)]
    for shape in docx.Document(str(final)).inline_shapes:  # 4 cm wide, proportions kept
        assert (round(shape.width.cm, 2), round(shape.height.cm, 2)) == (4.0, 1.33)
    manifest = json.loads((final.parent / "manifest.json").read_text(encoding="utf-8"))
    assert {entry["who"] for entry in manifest["ledger"]} == set(SIX)


def test_only_the_signatories_who_approved_that_language_are_signed(sample: Path) -> None:
    with_signature_paragraph(sample)
    ws = load_checked(sample)
    renderer = Renderer(ws, final=True)
    joint = plan(ws, [JOINT]).jobs
    renderer.signed = {(JOINT, "en"): frozenset({"bilcik", "guetta"})}
    letters = {job.lang: renderer.render(job)[0] for job in joint}
    signed = sample / "signed.docx"
    signed.write_bytes(letters["en"] or b"")
    assert pictures(signed) == [signature(sample, "bilcik"), signature(sample, "guetta")]
    assert not any(DRAWING in data for data in docx_parts(letters["uk"] or b"").values())


def test_one_image_is_one_media_part_however_often_it_is_shown(sample: Path) -> None:
    with_signature_paragraph(sample)
    meps = sample / "recipients" / "meps.yaml"
    text = meps.read_text(encoding="utf-8")
    meps.write_text(text.replace("signatures/berg.png", "signatures/bilcik.png"), "utf-8")
    ws = load_checked(sample)
    renderer = Renderer(ws, final=True)
    renderer.signed = {(JOINT, "en"): frozenset(SIX)}
    data, _problems = renderer.render(plan(ws, [JOINT], ["en"]).jobs[0])
    assert data is not None
    letter = sample / "letter.docx"
    letter.write_bytes(data)
    assert pictures(letter)[1] == pictures(letter)[3] == signature(sample, "bilcik")
    assert len(media(data)) == len(SIX) - 1


# --- image files are untrusted -------------------------------------------------------------

FIRST = "recipients/signatures/austrevicius.png"
WHERE = "recipients/meps.yaml:19 people[0].signature_image"
HUGE = _png(1, 1)[:16] + (10000).to_bytes(4, "big") + _png(1, 1)[20:]  # says 10000 wide
REFUSALS = {
    # id: (the path signature_image gives, what is written there (None: nothing), message)
    "missing": (
        "recipients/signatures/nobody.png",
        None,
        "recipients/signatures/nobody.png does not exist (the path is relative to the workspace)",
    ),
    "misspelt": (
        "recipients/signatures/austrevicus.png",
        None,
        "recipients/signatures/austrevicus.png does not exist (the path is relative to the"
        f" workspace); did you mean {FIRST}?",
    ),
    "text-named-png": (FIRST, b"not an image\n", f"{FIRST} is not a PNG or JPEG image"),
    "gif": (FIRST, b"GIF89a\x01\x00\x01\x00\x00\x00\x00;", f"{FIRST} is not a PNG or JPEG image"),
    "cut-short-png": (FIRST, _png(30, 10)[:20], f"{FIRST} is not a PNG or JPEG image"),
    "over-the-size-limit": (
        FIRST,
        _png(1, 1) + b"\0" * MAX_IMAGE_BYTES,
        f"{FIRST} is larger than 2 MiB, the limit for an image (MAX_IMAGE_BYTES); save it"
        " smaller: a signature needs about 600×200 pixels",
    ),
    "too-many-pixels": (
        FIRST,
        HUGE,
        f"{FIRST} is 10000×1 pixels; an image may have at most 6000 pixels on a side"
        " (MAX_IMAGE_SIDE)",
    ),
    "a-folder": (
        "recipients/signatures",
        None,
        "recipients/signatures is not a file in the workspace",
    ),
    "outside-the-input-folders": (
        "signatures/austrevicius.png",
        _png(30, 10),
        "signatures/austrevicius.png is not in one of the workspace's folders recipients/,"
        " templates/, cases/; keep images there, where a change to them is noticed",
    ),
    "leaves-the-workspace": (
        "recipients/../../austrevicius.png",
        None,
        "must be the path of an image file from the workspace folder, with forward slashes"
        " and no '..', like recipients/signatures/bilcik.png",
    ),
}


@pytest.mark.parametrize("case", list(REFUSALS), ids=list(REFUSALS))
def test_a_bad_signature_image_is_refused_naming_the_file_and_the_field(
    sample: Path, runner: CliRunner, case: str
) -> None:
    path, content, message = REFUSALS[case]
    meps = sample / "recipients" / "meps.yaml"
    text = meps.read_text(encoding="utf-8")
    meps.write_text(text.replace(f"signature_image: {FIRST}", f"signature_image: {path}"), "utf-8")
    if content is not None:
        (sample / path).parent.mkdir(parents=True, exist_ok=True)
        (sample / path).write_bytes(content)

    result = runner.invoke(main, ["build", JOINT, "-w", str(sample)])

    assert result.exit_code == 1
    assert result.output == f"Error: 1 problem in the workspace:\n  {WHERE}: {message}\n"
    assert not (sample / "out").exists()


LETTERHEAD = """letterhead:
  name: {en: Appeals Desk, uk: Служба звернень, ru: Служба обращений}
  address:
    en: [1 Example Square, Brussels]
    uk: [Приклад-сквер 1, Брюссель]
    ru: [Пример-сквер 1, Брюссель]
  logo: templates/logo.png
"""


def test_a_bad_logo_and_a_letterhead_without_a_language_are_refused(
    sample: Path, runner: CliRunner
) -> None:
    config = sample / "workspace.yaml"
    text = config.read_text(encoding="utf-8") + LETTERHEAD.replace(", ru: Служба обращений", "")
    config.write_text(text, encoding="utf-8")
    (sample / "templates" / "logo.png").write_bytes(b"<svg/>")
    line = text.splitlines().index("letterhead:") + 1
    result = runner.invoke(main, ["check", "-w", str(sample)])
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        f"error: workspace.yaml:{line + 1} letterhead.name: no 'ru' form; the letterhead needs"
        " one in every language letters are in",
        f"error: workspace.yaml:{line + 6} letterhead.logo: templates/logo.png is not a PNG or"
        " JPEG image",
        f"Error: 2 problems found. {NOT_RENDERED}",
    ]


# --- both render paths give the same bytes --------------------------------------------------


def _template_with_pictures(logo: bytes, bilcik: bytes) -> bytes:
    """A letterhead with its logo in two headers, a picture already in the body (the same
    image as a signature), and a signature above each signatory's name."""
    document = docx.Document()
    section = document.sections[0]
    section.different_first_page_header_footer = True
    for header in (section.header, section.first_page_header):
        header.paragraphs[
            0
        ].text = (
            "{% if letterhead.logo %}{{ letterhead.logo.sized(2) }}{% endif %}{{ letterhead.name }}"
        )
        header.add_paragraph("{{ letterhead.address|join(', ') }}")
    document.add_paragraph("{{ subject }}")
    document.add_paragraph().add_run().add_picture(io.BytesIO(bilcik), width=Cm(1))
    document.add_paragraph("{%p for s in signatories %}")
    document.add_paragraph(SIGNATURE)
    document.add_paragraph("{{ s.signature }}")
    document.add_paragraph("{%p endfor %}")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _jpeg() -> bytes:
    from PIL import Image  # Pillow comes with pikepdf

    buffer = io.BytesIO()
    Image.new("RGB", (60, 20), (20, 40, 160)).save(buffer, "JPEG")
    return buffer.getvalue()


def test_images_in_body_and_headers_are_identical_on_both_paths(sample: Path) -> None:
    (sample / "recipients" / "signatures" / "berg.png").write_bytes(_jpeg())  # its content counts
    logo = _png(40, 20)
    (sample / "templates" / "logo.png").write_bytes(logo)
    config = sample / "workspace.yaml"
    config.write_text(config.read_text(encoding="utf-8") + LETTERHEAD, encoding="utf-8")
    template = sample / "templates" / "appeal.docx"
    template.write_bytes(_template_with_pictures(logo, signature(sample, "bilcik")))
    ws = load_checked(sample)
    renderer = Renderer(ws, final=True)
    jobs = plan(ws, [JOINT]).jobs
    renderer.signed = {(JOINT, "en"): frozenset(SIX), (JOINT, "uk"): frozenset({"berg"})}
    for job in jobs:
        fast, problems = renderer.render(job)
        context, _found = renderer.context(job)
        assert fast is not None and context is not None, problems
        reference = SafeDocxTemplate(template.read_bytes(), "templates/appeal.docx")
        with docx_images():
            reference.render(dict(context), jinja_env=make_environment(), autoescape=True)
        saved = io.BytesIO()
        reference.save(saved)
        title, day = str(context["subject"]), job.letter.definition.date
        tag = lang_tag(ws, job.lang)
        names = name_words(context)
        expected = finalize(
            saved.getvalue(), label="t", lang_tag=tag, title=title, day=day, names=names
        )
        assert fast == expected, job.stem
    letter = sample / "en.docx"
    letter.write_bytes(renderer.render(jobs[0])[0] or b"")
    assert pictures(letter) == [signature(sample, w) for w in ["bilcik", *SIX]]
    assert sorted(media(letter).values()) == sorted([logo, *(signature(sample, w) for w in SIX)])
    for header in ("word/_rels/header1.xml.rels", "word/_rels/header2.xml.rels"):
        assert b"media/image" in docx_parts(letter)[header]
    assert sum(name.endswith(".jpg") for name in media(letter)) == 1
    assert (
        b'<Default Extension="jpg" ContentType="image/jpeg"/>'
        in docx_parts(letter)["[Content_Types].xml"]
    )


def test_a_letter_without_images_is_untouched_by_them(sample: Path) -> None:
    """No image shown: the letter is byte for byte what it is with no signature at all."""
    with_signature_paragraph(sample)
    ws = load_checked(sample)
    job = plan(ws, [JOINT], ["en"]).jobs[0]
    signed_by_nobody = Renderer(ws, final=True)
    signed_by_nobody.signed = {(JOINT, "en"): frozenset()}
    meps = sample / "recipients" / "meps.yaml"
    lines = meps.read_text(encoding="utf-8").splitlines(keepends=True)
    meps.write_text("".join(x for x in lines if "signature_image" not in x), "utf-8")
    shutil.rmtree(sample / "recipients" / "signatures")
    without = load_checked(sample)
    assert (
        signed_by_nobody.render(job)[0]
        == Renderer(without, final=True).render(plan(without, [JOINT], ["en"]).jobs[0])[0]
    )


# --- what a reader sees ----------------------------------------------------------------------


def test_the_final_pdf_shows_the_signatures(sample: Path, runner: CliRunner) -> None:
    require_tool("soffice", LIBREOFFICE)
    pdfimages = require_tool("pdfimages", POPPLER)
    english_only(sample)
    with_signature_paragraph(sample)
    ws = Workspace(sample)
    version = ws.version(JOINT, "en").short
    for who in SIX:
        ws.approve(JOINT, "en", who, via=VIA, version=version)
    result = runner.invoke(main, ["finalise", JOINT, "--pdf", "--quiet", "-w", str(sample)])
    assert result.exit_code == 0, result.output
    pdf = _final(sample).with_suffix(".pdf")
    listing = subprocess.run(
        [pdfimages, "-list", str(pdf)], capture_output=True, text=True, check=True
    ).stdout.splitlines()[2:]
    shown = [line.split() for line in listing if line.split()[2] == "image"]
    assert [(row[3], row[4]) for row in shown] == [("300", "100")] * len(SIX)


# --- a signature picture is the one recorded with the approval ------------------------------

SWAPPED = (
    f"Error: letter {JOINT} cannot be finalised: a signature picture is not the one its"
    " signatory approved with:\n"
    "  en: berg — recipients/signatures/berg.png is not the picture recorded with their"
    " approval (entry 4); ask them to approve again, or put back the picture they approved"
    " with\n"
)


def _approved_by_all(workspace: Path) -> Workspace:
    english_only(workspace)
    with_signature_paragraph(workspace)
    ws = Workspace(workspace)
    version = ws.version(JOINT, "en").short
    for who in SIX:
        ws.approve(JOINT, "en", who, via=VIA, version=version)
    return ws


def test_an_approval_records_the_signature_picture_it_was_given_with(sample: Path) -> None:
    meps = sample / "recipients" / "meps.yaml"
    text = meps.read_text(encoding="utf-8")
    meps.write_text(
        text.replace("    signature_image: recipients/signatures/berg.png\n", ""), "utf-8"
    )
    _approved_by_all(sample)
    lines = (sample / "signoff" / "ledger.jsonl").read_text(encoding="utf-8").splitlines()
    recorded = {entry["who"]: entry["signature_image"] for entry in map(json.loads, lines)}
    assert recorded.pop("berg") == "none"
    assert recorded == {who: hashlib.sha256(signature(sample, who)).hexdigest() for who in recorded}


def test_a_signature_picture_swapped_after_the_approvals_stops_finalise(
    sample: Path, runner: CliRunner
) -> None:
    _approved_by_all(sample)
    berg = sample / "recipients" / "signatures" / "berg.png"
    kept = berg.read_bytes()
    shutil.copy(sample / "recipients" / "signatures" / "guetta.png", berg)

    refused = runner.invoke(main, ["finalise", JOINT, "-w", str(sample)])

    assert refused.exit_code == 1
    assert refused.output == SWAPPED
    assert not list((sample / "final").rglob("*.docx"))
    status = runner.invoke(main, ["review", "status", "-w", str(sample)])
    rows = status_rows(status.output)
    (row,) = [r for r in rows if (r["letter"], r["signatory"]) == (JOINT, "berg")]
    assert (row["status"], row["answer"], row["entry"]) == (
        "waiting",
        "approved (signature picture changed)",
        "4",
    )
    page = sample / "status.html"
    written = runner.invoke(main, ["review", "status", "--html", str(page), "-w", str(sample)])
    assert written.exit_code == 0, written.output
    assert "berg — signature picture changed since the approval (entry 4): ask them to approve" \
        " again" in page.read_text(encoding="utf-8")  # fmt: skip
    berg.write_bytes(kept)  # the picture they approved with, put back
    result = runner.invoke(main, ["finalise", JOINT, "--quiet", "-w", str(sample)])
    assert result.exit_code == 0, result.output
    assert pictures(_final(sample)) == [signature(sample, who) for who in SIX]


def test_a_signature_picture_added_after_the_approval_stops_finalise(
    sample: Path, runner: CliRunner
) -> None:
    meps = sample / "recipients" / "meps.yaml"
    text = meps.read_text(encoding="utf-8")
    line = "    signature_image: recipients/signatures/berg.png\n"
    meps.write_text(text.replace(line, ""), encoding="utf-8")
    _approved_by_all(sample)
    meps.write_text(text, encoding="utf-8")

    refused = runner.invoke(main, ["finalise", JOINT, "-w", str(sample)])

    assert refused.exit_code == 1
    assert refused.output == (
        f"Error: letter {JOINT} cannot be finalised: a signature picture is not the one its"
        " signatory approved with:\n"
        "  en: berg — recipients/signatures/berg.png was added after their approval (entry 4),"
        " which recorded no picture; ask them to approve again, or take the picture out until"
        " they do\n"
    )
    assert not list((sample / "final").rglob("*.docx"))


def _as_written_before(ledger: Path) -> None:
    """The ledger as a release before approvals kept the picture wrote it: no
    signature_image field, each entry's hash computed over the fields it had."""
    prev, lines = "0" * 64, []
    for line in ledger.read_text(encoding="utf-8").splitlines():
        entry = json.loads(line)
        del entry["signature_image"], entry["hash"]
        entry["prev"] = prev
        canonical = json.dumps(entry, sort_keys=True, ensure_ascii=False).encode("utf-8")
        entry["hash"] = prev = hashlib.sha256(canonical).hexdigest()
        lines.append(json.dumps(entry, sort_keys=True, ensure_ascii=False) + "\n")
    ledger.write_text("".join(lines), encoding="utf-8")
    (ledger.parent / "ledger.head").write_text(f"{len(lines)} {prev}\n", encoding="ascii")


def test_an_approval_recorded_before_pictures_were_kept_is_asked_for_again(
    sample: Path, runner: CliRunner
) -> None:
    ws = _approved_by_all(sample)
    _as_written_before(sample / "signoff" / "ledger.jsonl")
    meps = sample / "recipients" / "meps.yaml"
    text = meps.read_text(encoding="utf-8")
    for who in SIX[1:]:  # only austrevicius still has a picture
        line = f"    signature_image: recipients/signatures/{who}.png\n"
        text = text.replace(line, "")
    meps.write_text(text, encoding="utf-8")

    refused = runner.invoke(main, ["finalise", JOINT, "-w", str(sample)])

    assert refused.exit_code == 1  # the old entries verify: only the picture is in doubt
    assert refused.output == (
        f"Error: letter {JOINT} cannot be finalised: a signature picture is not the one its"
        " signatory approved with:\n"
        "  en: austrevicius — recipients/signatures/austrevicius.png: their approval (entry 1)"
        " was recorded before approvals kept the signature picture, so which one they approved"
        " with is not known; ask them to approve again\n"
    )
    assert not list((sample / "final").rglob("*.docx"))
    ws.reload()
    ws.approve(JOINT, "en", "austrevicius", via=VIA, version=ws.version(JOINT, "en").short)
    result = runner.invoke(main, ["finalise", JOINT, "--quiet", "-w", str(sample)])
    assert result.exit_code == 0, result.output
    assert pictures(_final(sample)) == [signature(sample, "austrevicius")]


def test_a_logo_over_the_size_limit_is_told_the_size_a_logo_needs(
    sample: Path, runner: CliRunner
) -> None:
    config = sample / "workspace.yaml"
    text = config.read_text(encoding="utf-8") + LETTERHEAD
    config.write_text(text, encoding="utf-8")
    (sample / "templates" / "logo.png").write_bytes(_png(1, 1) + b"\0" * MAX_IMAGE_BYTES)
    line = text.splitlines().index("letterhead:") + 1

    result = runner.invoke(main, ["check", "-w", str(sample)])

    assert (result.exit_code, result.output.splitlines()[0]) == (
        1,
        f"error: workspace.yaml:{line + 6} letterhead.logo: templates/logo.png is larger than"
        " 2 MiB, the limit for an image (MAX_IMAGE_BYTES); save it smaller: a logo shown 3 cm"
        " wide needs about 400 pixels across",
    )
