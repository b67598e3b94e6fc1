"""Words an HTML reply hides from a reader are never the signatory's: an APPROVE in them is
not read, and a reply whose only answer is hidden is read by hand, saying so."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from letters import Workspace
from letters.cli import main
from letters.signoff.ledger import ledger_path, read_ledger
from letters.signoff.reply_text import UnreadableReply, body_text, html_text, read_reply
from tests.test_reply_quotes import THEN
from tests.test_reply_text_safety import HTML, alternative, message, parsed
from tests.test_review_replies import english_only_with_delegate
from tests.test_signoff import JOINT

WORDS = "Thanks, I need another week to read this."
SEEN = f"<p>{WORDS}</p>"

# each way HTML hides words from a reader, with {answer} in the words hidden
HIDING = {
    "display-none": '<div style="display:none">{answer}</div>',
    "display-none-important": '<div style="color:red; DISPLAY: none !important">{answer}</div>',
    "visibility": '<div style="visibility:hidden">{answer}</div>',
    "hidden-attribute": "<div hidden>{answer}</div>",
    "inside-hidden": '<div style="display:none"><p><b>{answer}</b></p></div>',
    "font-size-0": '<p style="font-size:0">{answer}</p>',
    "font-size-1px": '<p style="font-size:1px">{answer}</p>',
    "opacity": '<p style="opacity:0">{answer}</p>',
    "zero-box": '<div style="width:0;height:0;overflow:hidden">{answer}</div>',
    "max-height": '<div style="max-height:0px;overflow:hidden">{answer}</div>',
    "off-screen": '<div style="position:absolute;left:-9999px">{answer}</div>',
    "text-indent": '<p style="text-indent:-10000px">{answer}</p>',
    "clip": '<p style="position:absolute;clip:rect(0 0 0 0)">{answer}</p>',
    "white": '<p style="color:#ffffff">{answer}</p>',
    "white-font": '<p><font color="white">{answer}</font></p>',
    "near-white": '<p style="color:rgb(250, 250, 250)">{answer}</p>',
    "same-as-background": '<div style="background-color:#123456"><p style="color:#123456">'
    "{answer}</p></div>",
    "black-on-black": '<table bgcolor="#000000"><tr><td>{answer}</td></tr></table>',
    "transparent": '<p style="color:rgba(0,0,0,0)">{answer}</p>',
    "unknown-colour": '<p style="color:snow">{answer}</p>',
    "template": "<template><p>{answer}</p></template>",
    "noscript": "<noscript><p>{answer}</p></noscript>",
    "comment": "<!--\n{answer}\n-->",
    "outlook-hide": '<p><span style="mso-hide:all">{answer}</span></p>',
    # a style sheet's rule: by class or id, whatever comes before it in the selector
    "style-sheet": "<style>/* x */ .box .x, div#y {{ Display : none }}</style>"
    '<div class="note x">{answer}</div>',
    "style-sheet-colour": "<style>@media screen {{ p.quiet {{color: #FFF}} }}</style>"
    '<p class="quiet">{answer}</p>',
}


def html_reply(hidden: str) -> str:
    return f"<html><body>{SEEN}{hidden}</body></html>"


def unseen_answer(path: Path, version: str) -> str:
    """What review replies says of the reply at ``path`` whose APPROVE is hidden."""
    return (
        f"not recorded: reply <s-1@example.eu> ({path}): its answer “APPROVE {version}” is in"
        " words a reader does not see (its HTML hides them), so what the signatory meant cannot"
        f" be known{THEN}\n"
        "Error: 1 reply not recorded (listed above)\n"
    )


@pytest.mark.parametrize("way", list(HIDING))
def test_an_answer_a_reader_does_not_see_is_read_by_hand(
    sample: Path, runner: CliRunner, tmp_path: Path, way: str
) -> None:
    ws_path = english_only_with_delegate(sample)
    version = Workspace(ws_path).version(JOINT, "en").short
    path = tmp_path / "reply.eml"
    path.write_bytes(message(html_reply(HIDING[way].format(answer=f"APPROVE {version}")), HTML))
    result = runner.invoke(main, ["review", "replies", str(path), "-w", str(ws_path)])
    assert result.exit_code == 1
    assert result.output == unseen_answer(path, version)
    assert not ledger_path(ws_path).exists() or read_ledger(ws_path) == []


@pytest.mark.parametrize("way", list(HIDING))
def test_words_a_reader_does_not_see_are_no_part_of_the_text(way: str) -> None:
    html = html_reply(HIDING[way].format(answer="Sorry, I cannot sign this."))
    assert html_text(html).strip() == WORDS


@pytest.mark.parametrize(
    ("head", "said"),
    [
        ("<title>APPROVE BABE-0ABC</title>", "APPROVE BABE-0ABC"),
        ("<style>/* APPROVE BABE-0ABC */ p {margin:0}</style>", "APPROVE"),
        ("<script>\nCHANGES BABE-0ABC\n</script>", "CHANGES BABE-0ABC"),
    ],
    ids=["title", "style", "script"],
)
def test_an_answer_in_the_pages_head_is_read_by_hand(head: str, said: str) -> None:
    html = f"<html><head>{head}</head><body>{SEEN}</body></html>"
    why = f"its answer “{said}” is in words a reader does not see"
    with pytest.raises(UnreadableReply, match=why):
        read_reply(parsed(message(html, HTML)))


@pytest.mark.parametrize(
    "html",
    [
        '<p style="color:#777777">APPROVE BABE-0ABC</p>',  # grey: a reader reads it
        '<div style="background:#000000 url(x.png)"><p style="color:white">APPROVE BABE-0ABC'
        "</p></div>",
        '<p style="color:windowtext;font-size:11.0pt;line-height:1">APPROVE BABE-0ABC</p>',
        '<p style="text-indent:-12pt;margin-left:18pt">APPROVE BABE-0ABC</p>',
        '<div style="display:block;visibility:visible">APPROVE BABE-0ABC</div>',
    ],
    ids=["grey", "white-on-black", "outlook", "hanging-indent", "shown"],
)
def test_words_a_reader_sees_are_read(html: str) -> None:
    said = read_reply(parsed(message(html, HTML))).said
    assert [(s.action, s.version) for s in said] == [("approve", "BABE-0ABC")]


def test_an_outlook_reply_with_its_head_and_comments_is_read(
    sample: Path, runner: CliRunner, tmp_path: Path
) -> None:
    # Outlook's page names the subject, which holds "approve" and the version, in its title,
    # and its settings in comments: no answer of the signatory's, so nothing hidden is one
    ws_path = english_only_with_delegate(sample)
    version = Workspace(ws_path).version(JOINT, "en").short
    html = (
        f"<html><head><title>RE: [review] please approve: {version}</title>"
        "<!--[if gte mso 9]><xml><o:OfficeDocumentSettings><o:AllowPNG/>"
        "</o:OfficeDocumentSettings></xml><![endif]--><style><!-- p.MsoNormal {margin:0cm;"
        ' font-size:11.0pt} --></style></head><body lang=EN-GB link="#0563C1">'
        '<div class=WordSection1><p class=MsoNormal><span style="color:#1F497D">APPROVE'
        f" {version}</span></p>"
        # a preview line some mail programs hide above the text: the same answer
        f'<div style="display:none;max-height:0;overflow:hidden">APPROVE {version}</div>'
        "</div></body></html>"
    )
    path = tmp_path / "reply.eml"
    path.write_bytes(message(html, HTML))
    result = runner.invoke(main, ["review", "replies", str(path), "-w", str(ws_path)])
    assert result.exit_code == 0, result.output
    assert result.output == f"recorded entry 1: bilcik approve {JOINT} [en] version {version}\n"


def test_a_reply_that_hides_words_is_read_from_its_html(
    sample: Path, runner: CliRunner, tmp_path: Path
) -> None:
    # the plain part a mail program writes beside the HTML shows hidden words as if written
    ws_path = english_only_with_delegate(sample)
    version = Workspace(ws_path).version(JOINT, "en").short
    hidden = HIDING["white"].format(answer=f"APPROVE {version}")
    raw = alternative(f"{WORDS}\n\nAPPROVE {version}\n", html_reply(hidden))
    assert body_text(parsed(raw)).strip() == WORDS
    path = tmp_path / "reply.eml"
    path.write_bytes(raw)
    result = runner.invoke(main, ["review", "replies", str(path), "-w", str(ws_path)])
    assert result.exit_code == 1
    assert result.output == unseen_answer(path, version)


def test_words_hidden_from_a_reader_that_may_refuse_an_approval_are_read(
    sample: Path, runner: CliRunner, tmp_path: Path
) -> None:
    # hidden words are never an answer, but a refusal hidden (maybe by mistake: a style
    # sheet's rule read for more elements than it is for) still sends the reply to a reading
    ws_path = english_only_with_delegate(sample)
    version = Workspace(ws_path).version(JOINT, "en").short
    html = html_reply(f"<p>APPROVE {version}</p>") + HIDING["style-sheet"].format(
        answer="Sorry, I cannot sign this."
    )
    path = tmp_path / "reply.eml"
    path.write_bytes(message(html, HTML))
    result = runner.invoke(main, ["review", "replies", str(path), "-w", str(ws_path)])
    assert result.exit_code == 1
    assert result.output == (
        f"not recorded: reply <s-1@example.eu> ({path}): APPROVE {version} is in a reply that"
        " also says “Sorry, I cannot sign this.” in words its HTML hides from a reader, which"
        " may refuse or qualify it; nothing recorded for it: read the reply, then record what"
        " the signatory decided ('letters approve' or 'letters request-changes')\n"
        "Error: 1 answer not recorded (listed above)\n"
    )
