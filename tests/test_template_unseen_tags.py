"""A tag where no page shows it is refused: Jinja reads the whole part, not only its text.

Each template is the sample's ``templates/appeal.docx`` with nodes put into a story part by
lxml: an XML comment, a processing instruction, an attribute or an element's text holding
a tag. Word shows none of them, yet docxtpl rendered each tag: a value written where no one
reads it (under the version the signatories approve), or a Jinja comment opened there that
swallowed the text up to its end. ``letters check`` and ``letters build`` refuse them with
the exact problem; the places a reader does meet a tag still pass.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

from letters.cli import main
from tests.conftest import docx_parts, docx_text
from tests.test_signoff import JOINT
from tests.test_template_safety import CODED, LABEL, Bad, Edit, make_bad, refused_by_build_and_check

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NAMESPACES = {
    "w": W,
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "pic": "http://schemas.openxmlformats.org/drawingml/2006/picture",
    "m": "http://schemas.openxmlformats.org/officeDocument/2006/math",
}
TEXT = "We withdraw the appeal"
LOST = "We also withdraw every request above."


def paragraph(text: str = TEXT) -> etree._Element:
    """A paragraph of one run of ``text``, as lxml makes it."""
    made = etree.Element(f"{{{W}}}p", nsmap={"w": W})
    run = etree.SubElement(made, f"{{{W}}}r")
    etree.SubElement(run, f"{{{W}}}t").text = text
    return made


def parsed(xml: str) -> etree._Element:
    """``xml``, a story part's element written with the prefixes of :data:`NAMESPACES`."""
    declared = " ".join(f'xmlns:{p}="{uri}"' for p, uri in NAMESPACES.items())
    return etree.fromstring(f"<w:body {declared}>{xml}</w:body>")[0]


def with_nodes(*made: Callable[[], list[etree._Element]]) -> Edit:
    """An edit of a story part that puts the paragraphs ``made`` gives first in its body (or
    its header), each maker called for a list of them."""

    def edit(data: bytes) -> bytes:
        root = etree.fromstring(data)
        holder = root.find(f"{{{W}}}body")
        holder = root if holder is None else holder
        nodes = [node for maker in made for node in maker()]
        for index, node in enumerate(nodes):
            holder.insert(index, node)
        return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True))

    return edit


def commented(comment: str) -> Callable[[], list[etree._Element]]:
    """A paragraph of :data:`TEXT` ending in an XML comment."""

    def make() -> list[etree._Element]:
        made = paragraph()
        made.append(etree.Comment(comment))
        return [made]

    return make


def instructed(target: str, text: str) -> Callable[[], list[etree._Element]]:
    def make() -> list[etree._Element]:
        made = paragraph()
        made.append(etree.ProcessingInstruction(target, text))
        return [made]

    return make


def bookmarked(name: str, text: str = TEXT) -> Callable[[], list[etree._Element]]:
    """A paragraph of ``text`` with a bookmark (which no page shows) named ``name``."""

    def make() -> list[etree._Element]:
        made = paragraph(text)
        start = etree.SubElement(made, f"{{{W}}}bookmarkStart")
        start.set(f"{{{W}}}id", "77")
        start.set(f"{{{W}}}name", name)
        etree.SubElement(made, f"{{{W}}}bookmarkEnd").set(f"{{{W}}}id", "77")
        return [made]

    return make


def pictured(cnvpr: str) -> Callable[[], list[etree._Element]]:
    """A paragraph of :data:`TEXT` and an inline picture whose own properties are ``cnvpr``."""
    return lambda: [
        parsed(
            f'<w:p><w:r><w:t>{TEXT}</w:t></w:r><w:r><w:drawing><wp:inline><wp:extent cx="90000"'
            ' cy="90000"/><wp:docPr id="78" name="Logo"/><a:graphic><a:graphicData uri="http://'
            'schemas.openxmlformats.org/drawingml/2006/picture"><pic:pic><pic:nvPicPr>'
            f"{cnvpr}<pic:cNvPicPr/></pic:nvPicPr><pic:blipFill/><pic:spPr/></pic:pic>"
            "</a:graphicData></a:graphic></wp:inline></w:drawing></w:r></w:p>"
        )
    ]


def lost_between(
    first: Callable[[], list[etree._Element]], last: str
) -> list[Callable[[], list[etree._Element]]]:
    """``first``, a paragraph :data:`LOST`, and a paragraph whose text is ``last``."""
    return [first, lambda: [paragraph(LOST)], lambda: [paragraph(last)]]


SAVE_AGAIN = "saving the template again from Word or LibreOffice does"


def hidden(place: str, opener: str, fix: str) -> str:
    return (
        f"{place} holds a tag opener (“{opener}”), which Jinja reads there though no page shows"
        " it: the letter would carry text its signatories never see, or lose text they do —"
        f" {fix}, and type the tag in the text if the letter needs it"
    )


def in_comment(opener: str) -> str:
    return hidden("an XML comment", opener, f"delete the comment ({SAVE_AGAIN})")


def in_attribute(what: str, opener: str) -> str:
    return hidden(f"an attribute no page shows ({what})", opener, "take the tag out of it")


@dataclass(frozen=True)
class Hidden:
    id: str
    part: str
    makers: list[Callable[[], list[etree._Element]]]
    problem: str
    where: str = f"paragraph “{TEXT}”"


HIDDEN = [
    Hidden(
        "comment-a-defined-name",
        "word/document.xml",
        [commented(" {{ place }} ")],
        in_comment("{{"),
    ),
    Hidden(
        "comment-an-unknown-name", "word/document.xml", [commented(" {{ x }} ")], in_comment("{{")
    ),
    Hidden(
        "comment-a-block",
        "word/document.xml",
        [commented(" {% if true %}We never said this.{% endif %} ")],
        in_comment("{%"),
    ),
    Hidden("comment-left-open", "word/document.xml", [commented(" was {{ ")], in_comment("{{")),
    Hidden(
        "comment-opened-in-one-closed-in-another",
        "word/document.xml",
        lost_between(commented(" {# "), "Kept"),
        in_comment("{#"),
    ),
    Hidden(
        "comment-in-a-header", "word/header1.xml", [commented(" {{ place }} ")], in_comment("{{")
    ),
    Hidden(
        "processing-instruction",
        "word/document.xml",
        [instructed("letters", "{{ place }}")],
        hidden(
            "a processing instruction (<?letters?>)",
            "{{",
            f"delete the processing instruction ({SAVE_AGAIN})",
        ),
    ),
    Hidden(
        "bookmark-name",
        "word/document.xml",
        [bookmarked("{{ place }}")],
        in_attribute("w:name of w:bookmarkStart", "{{"),
    ),
    Hidden(
        "bookmark-names-around-text",
        "word/document.xml",
        [bookmarked("{#"), lambda: [paragraph(LOST)], bookmarked("#}", "Kept")],
        in_attribute("w:name of w:bookmarkStart", "{#"),
    ),
    Hidden(
        "picture-name",
        "word/document.xml",
        [pictured('<pic:cNvPr id="0" name="{{ place }}"/>')],
        in_attribute("name of pic:cNvPr", "{{"),
    ),
    Hidden(
        "comment-left-open-in-an-alternative-text",
        "word/document.xml",
        [
            pictured('<pic:cNvPr id="0" name="a.png" descr="The seal {#"/>'),
            lambda: [paragraph(LOST)],
            pictured('<pic:cNvPr id="0" name="b.png" descr="#}"/>'),
        ],
        "a “{#” is left open outside the text (in a picture's description …): Jinja takes"
        " everything from there to the next “#}” in the part for a comment, and the letter"
        " would lose it — close it (“{# … #}”) or take it out",
    ),
    Hidden(
        "picture-extension",
        "word/document.xml",
        [
            pictured(
                '<pic:cNvPr id="0" name="logo.png"><a:extLst><a:ext uri="urn:example">'
                '<x:note xmlns:x="urn:example">{{ place }}</x:note></a:ext></a:extLst>'
                "</pic:cNvPr>"
            )
        ],
        hidden("the text of x:note", "{{", "take the tag out of it"),
    ),
    Hidden(
        "equation-text-outside-an-equation",
        "word/document.xml",
        [pictured('<pic:cNvPr id="0" name="logo.png"><m:t>{{ place }}</m:t></pic:cNvPr>')],
        hidden("the text of m:t", "{{", "take the tag out of it"),
    ),
    Hidden(
        "alternative-text-in-another-namespace",
        "word/document.xml",
        [
            pictured(
                '<pic:cNvPr id="0" name="a.png"><x:docPr xmlns:x="urn:x" descr="{{ place }}"/>'
                "</pic:cNvPr>"
            )
        ],
        in_attribute("descr of x:docPr", "{{"),
    ),
    *(
        Hidden(
            f"left-open-in-an-equation-{opener}",
            "word/document.xml",
            [
                lambda opener=opener: [
                    parsed(
                        f"<w:p><w:r><w:t>{TEXT}</w:t></w:r><m:oMath><m:r><m:t>x {opener} y</m:t>"
                        "</m:r></m:oMath></w:p>"
                    )
                ]
            ],
            said.replace("WHERE", "in an equation (m:t)"),
        )
        for opener, said in (
            (
                "{#",
                "a “{#” is left open WHERE: Jinja takes everything from there to the next"
                " “#}” in the part for a comment, and the letter would lose it — close it"
                " (“{# … #}”) or take it out",
            ),
            (
                "{{",
                "a “{{” is left open WHERE: docxtpl takes it for a tag and rewrites the text"
                " from there to the next “}}” or “%}” in the part (curly quotes made straight,"
                " escaped markup made real), so the letter would not say what the template says —"
                " close it (“{{ … }}”) or take it out",
            ),
        )
    ),
    Hidden(
        "field-code-after-a-comment",
        "word/document.xml",
        [
            lambda: [
                parsed(
                    f"<w:p><w:r><w:t>{TEXT}</w:t></w:r><w:r><w:fldChar w:fldCharType='begin'/>"
                    "</w:r><w:r><w:instrText xml:space='preserve'> PAGE <!-- a note --> {{ place"
                    " }}</w:instrText></w:r><w:r><w:fldChar w:fldCharType='end'/></w:r></w:p>"
                )
            ]
        ],
        CODED,
    ),
    Hidden(
        "tag-left-open-after-a-comment-in-a-run",
        "word/document.xml",
        lost_between(
            lambda: [
                parsed(
                    f"<w:p><w:r><w:t xml:space='preserve'>{TEXT} <?x note?>{{{{ place</w:t>"
                    "</w:r></w:p>"
                )
            ],
            "}}",
        ),
        "“{{” is not closed in this paragraph; a tag must end in the paragraph where it"
        " starts, or the text up to its end is lost",
        f"paragraph “{TEXT} {{{{ place”",
    ),
]


@pytest.mark.parametrize("case", HIDDEN, ids=[c.id for c in HIDDEN])
def test_a_tag_where_no_page_shows_it_is_refused(
    case: Hidden, sample: Path, runner: CliRunner
) -> None:
    """Each was built: the value written into the comment, the name, the picture's own
    properties, or the paragraph between a "{#" and its "#}" lost; one tag of an unknown name
    was reported as a name missing for the letter, in a paragraph quoted with the comment."""
    make_bad(sample, Bad("", [], {case.part: with_nodes(*case.makers)}))
    problem = f"{LABEL} ({case.part}, {case.where}): {case.problem}"
    built = runner.invoke(main, ["build", JOINT, "--lang", "en", "-w", str(sample)])
    assert (built.exit_code, built.output) == (
        1,
        f"Error: 1 problem in the letters; nothing was written:\n  {problem}\n",
    )
    assert not (sample / "out").exists()
    checked = runner.invoke(main, ["check", "-w", str(sample)])
    assert checked.exit_code == 1
    errors = [line for line in checked.output.splitlines() if not line.startswith("warning: ")]
    assert errors == [f"error: {problem}", "Error: 1 problem found."]


SHOWN = {
    "plain-comment": [commented(" drafted by the legal team ")],
    "comment-of-braces": [commented(" { a } and } { ")],
    "plain-processing-instruction": [instructed("letters", "no tags")],
    "tag-in-the-text": [lambda: [paragraph("In {{ place }}.")]],
    "tag-in-a-pictures-alternative-text": [
        pictured('<pic:cNvPr id="0" name="logo.png" descr="{{ _(&quot;The seal&quot;) }}"/>')
    ],
    "tag-in-an-equation": [
        lambda: [parsed("<w:p><m:oMath><m:r><m:t>{{ place }}</m:t></m:r></m:oMath></w:p>")]
    ],
    "tag-in-a-drawings-alternative-text": [
        lambda: [
            parsed(
                f"<w:p><w:r><w:t>{TEXT}</w:t></w:r><w:r><w:drawing><wp:inline><wp:extent"
                ' cx="90000" cy="90000"/><wp:docPr id="79" name="Seal" title="{{ place }}"/>'
                "</wp:inline></w:drawing></w:r></w:p>"
            )
        ]
    ],
    "tag-after-a-comment-in-an-equation": [
        lambda: [
            parsed("<w:p><m:oMath><m:r><m:t>x <!-- y -->{{ place }}</m:t></m:r></m:oMath></w:p>")
        ]
    ],
}


@pytest.mark.parametrize("makers", SHOWN.values(), ids=SHOWN.keys())
def test_a_tag_a_reader_meets_and_a_comment_without_one_pass(
    makers: list[Callable[[], list[etree._Element]]], sample: Path, runner: CliRunner
) -> None:
    make_bad(sample, Bad("", [], {"word/document.xml": with_nodes(*makers)}))
    built = runner.invoke(main, ["build", JOINT, "--lang", "en", "-w", str(sample)])
    assert built.exit_code == 0, built.output
    assert "{{" not in docx_text(sample / "out" / JOINT / f"{JOINT}.en.docx")


def test_a_comment_without_a_tag_is_left_out_of_the_letter(sample: Path, runner: CliRunner) -> None:
    """It passes, and the letter no longer carries it, under its version, to every addressee
    (a header's, a style sheet's and a processing instruction alike)."""
    note = " the informant asked not to be named "
    edits = {
        "word/document.xml": with_nodes(commented(note), instructed("letters", note)),
        "word/header1.xml": with_nodes(commented(note)),
        "word/styles.xml": lambda data: data.replace(
            b"</w:styles>", b"<!--%s--></w:styles>" % note.encode()
        ),
        "word/numbering.xml": lambda data: data.replace(
            b"</w:numbering>", b"<?letters%s?></w:numbering>" % note.encode()
        ),
    }
    make_bad(sample, Bad("", [], edits))
    built = runner.invoke(main, ["build", JOINT, "--lang", "en", "-w", str(sample)])
    assert built.exit_code == 0, built.output
    parts = docx_parts(sample / "out" / JOINT / f"{JOINT}.en.docx")
    assert [name for name, data in parts.items() if b"informant" in data] == []
    assert TEXT in docx_text(sample / "out" / JOINT / f"{JOINT}.en.docx")


@pytest.mark.parametrize("note", ["<!-- plain note -->", "<?letters plain note?>"])
@pytest.mark.parametrize("part", ["word/document.xml", "word/header2.xml"])
def test_text_after_a_comment_in_a_run_is_the_runs_text(
    note: str, part: str, sample: Path, runner: CliRunner
) -> None:
    """lxml keeps the text after a comment as the comment's own (its tail): it was taken for
    text outside the run, and both commands stopped on an internal error."""
    text = f"We write {note}from {{{{ place }}}}."
    made = f"<w:p><w:r><w:t xml:space='preserve'>{text}</w:t></w:r></w:p>"
    make_bad(sample, Bad("", [], {part: with_nodes(lambda: [parsed(made)])}))
    checked = runner.invoke(main, ["check", "-w", str(sample)])
    assert checked.exit_code == 0, checked.output
    built = runner.invoke(main, ["build", JOINT, "--lang", "en", "-w", str(sample)])
    assert built.exit_code == 0, built.output
    letter = sample / "out" / JOINT / f"{JOINT}.en.docx"
    assert "We write from Brussels." in docx_text(letter)
    assert [name for name, data in docx_parts(letter).items() if b"plain note" in data] == []


@pytest.mark.parametrize("note", ["<!-- note -->", "<?letters note?>"])
def test_a_tag_after_a_comment_outside_any_run_is_text_outside_any_run(
    note: str, sample: Path, runner: CliRunner
) -> None:
    made = f"<w:p>{note}{{{{ place }}}}</w:p>"
    make_bad(sample, Bad("", [], {"word/document.xml": with_nodes(lambda: [parsed(made)])}))
    problem = (
        "word/document.xml, an empty paragraph: text outside any run (“{{ place }}”);"
        " write text inside a run, and a value as {{ value }}: docxtpl's {{r }} and {{p }} put it"
        " outside any run, where LibreOffice leaves it out and Word reports damage"
    )
    refused_by_build_and_check(runner, sample, problem)


@pytest.mark.parametrize(
    ("written", "what"),
    [
        ("<!-- '|safe }}{{ place }}{{ ' -->", "an XML comment"),
        ("<?letters '|safe }}{{ place }}{{ '?>", "a processing instruction"),
    ],
    ids=["comment", "processing-instruction"],
)
def test_a_template_cannot_write_a_comment_while_rendering(
    written: str, what: str, sample: Path, runner: CliRunner
) -> None:
    """The package is clean; its tags wrote a value into an XML comment through |safe, and
    the letter carried it where no page shows it."""
    tag = f"{{{{ '</w:t>{written}<w:t>'|safe }}}}"  # as typed in Word: lxml escapes it
    make_bad(
        sample, Bad("", [], {"word/document.xml": with_nodes(lambda: [paragraph(TEXT + tag)])})
    )
    problem = (
        f"{LABEL} (word/document.xml, paragraph “{TEXT}”): the rendered letter would hold {what},"
        " which no page shows; a template writes text, not Word markup"
    )
    built = runner.invoke(main, ["build", JOINT, "--lang", "en", "-w", str(sample)])
    assert (built.exit_code, built.output) == (
        1,
        f"Error: 1 problem in the letters; nothing was written:\n  {problem}\n",
    )
    assert not (sample / "out").exists()


# What Word 365 declares ignorable, none of it shown by one program and not the other
WORD_IGNORABLE = {
    "w14": "http://schemas.microsoft.com/office/word/2010/wordml",
    "w15": "http://schemas.microsoft.com/office/word/2012/wordml",
    "w16se": "http://schemas.microsoft.com/office/word/2015/wordml/symex",
    "w16cid": "http://schemas.microsoft.com/office/word/2016/wordml/cid",
    "w16": "http://schemas.microsoft.com/office/word/2018/wordml",
    "w16cex": "http://schemas.microsoft.com/office/word/2018/wordml/cex",
    "w16sdtdh": "http://schemas.microsoft.com/office/word/2020/wordml/sdtdatahash",
    "w16sdtfl": "http://schemas.microsoft.com/office/word/2024/wordml/sdtformatlock",
    "w16du": "http://schemas.microsoft.com/office/word/2023/wordml/word16du",
    "wp14": "http://schemas.microsoft.com/office/word/2010/wordprocessingDrawing",
}
IGNORED = (
    "Word leaves out with all it holds, and LibreOffice (the PDF) shows; remove it, and type any"
    " of its text the letter needs in an ordinary paragraph (Word's own ignorable markup, w14,"
    " w15, w16…, wp14, passes)"
)


@pytest.mark.parametrize(
    ("added", "where"),
    [
        (
            f"<w:p><w:r><w:rPr><w14:ligatures w14:val='standard'/></w:rPr><w:t>{TEXT}</w:t></w:r>"
            f"<x:note><w:r><w:t xml:space='preserve'> {{{{ subject }}}}</w:t></w:r></x:note></w:p>",
            f", paragraph “{TEXT} {{{{ subject }}}}”",
        ),
        (f"<x:section><w:p><w:r><w:t>{LOST}</w:t></w:r></w:p></x:section>", ""),
    ],
    ids=["in-a-paragraph", "around-a-paragraph"],
)
def test_content_of_a_foreign_namespace_marked_ignorable_is_refused(
    added: str, where: str, sample: Path, runner: CliRunner
) -> None:
    """LibreOffice showed the element's text in the PDF, Word left it out: the two said
    different things, and both commands passed. Word's own ignorable markup passes."""
    declared = " ".join(f'xmlns:{prefix}="{uri}"' for prefix, uri in WORD_IGNORABLE.items())

    def edit(data: bytes) -> bytes:
        text = data.decode()
        text = re.sub(r' xmlns:(w14|wp14)="[^"]*"', "", text)
        text = text.replace(
            'mc:Ignorable="w14 wp14"',
            f'{declared} xmlns:x="urn:x" mc:Ignorable="{" ".join(WORD_IGNORABLE)} x"',
        )
        return text.replace("<w:body>", f"<w:body>{added}", 1).encode()

    make_bad(sample, Bad("", [], {"word/document.xml": edit}))
    element = "x:note" if "x:note" in added else "x:section"
    problem = (
        f"word/document.xml{where}: an element of a namespace the part marks ignorable"
        f" ({element}, mc:Ignorable), which {IGNORED}"
    )
    refused_by_build_and_check(runner, sample, problem)
