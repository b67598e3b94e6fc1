"""Review requests: one e-mail draft per signatory with the drafts to approve, the redline
since the version they last approved or asked changes on, what changed, and the exact lines
to answer with — lines that `review replies` reads back, and ignores when they are only
quoted. `--letter` keeps the drafts, packets and notes to that letter."""

from __future__ import annotations

import email
import json
import re
import zipfile
from collections.abc import Callable
from email.message import EmailMessage
from email.policy import default
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from letters import Workspace
from letters.cli import main
from letters.render.content_version import Version
from letters.signoff.ledger import read_ledger, version_path
from letters.signoff.now_private import CUT, Unshown, without_private
from letters.signoff.request_english import EARLIER_SENTENCES
from letters.signoff.what_changed import change_in_words, what_changed
from tests.conftest import docx_parts, docx_text, needs_libreoffice, pdf_text
from tests.test_review_replies import (
    BILCIK,
    change_the_letter,
    english_only_with_delegate,
    replies,
)
from tests.test_signoff import JOINT, VIA

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
# the joint letter's English heading: under each draft's line, in the request's quotes
TITLE = "Preventing the extradition of Zhanara Akhmetova from Ukraine to Kazakhstan"
QUOTED = {"en": f"‘{TITLE}’", "uk": f"«{TITLE}»", "ru": f"«{TITLE}»"}


def _read(path: Path) -> EmailMessage:
    message = email.message_from_bytes(path.read_bytes(), policy=default)
    assert isinstance(message, EmailMessage)
    return message


def _body(message: EmailMessage) -> str:
    part = message.get_body(("plain",))
    assert part is not None
    return str(part.get_content()).replace("\r\n", "\n")


def test_a_request_carries_the_drafts_the_redline_and_the_lines_to_answer(
    sample: Path, runner: CliRunner
) -> None:
    ws_path = english_only_with_delegate(sample)
    ws = Workspace(ws_path)
    old = ws.version(JOINT, "en").short
    ws.approve(JOINT, "en", "bilcik", via=VIA, version=old)
    change_the_letter(ws_path)
    new = Workspace(ws_path).version(JOINT, "en").short
    args = ["review", "request", "bilcik", "--letter", JOINT, "--no-pdf", "-w", str(ws_path)]
    result = runner.invoke(main, args)
    assert result.exit_code == 0, result.output
    request = ws_path / "out" / "review" / "requests" / "bilcik.eml"
    packet = ws_path / "out" / "review" / "bilcik"
    assert result.output.splitlines()[0] == f"wrote {request} (it attaches the packet in {packet}/)"
    message = _read(request)
    assert message["To"].addresses[0].addr_spec == BILCIK
    assert str(message["Subject"]) == f"[review] please approve: {new}"
    names = [(a.get_filename(), a.get_content_type()) for a in message.iter_attachments()]
    assert names == [
        (f"{JOINT}.en.{new}.draft.docx", DOCX),
        (f"{JOINT}.en.{new}.redline.docx", DOCX),
        (f"{JOINT}.en.{new}.email.txt", "text/plain"),  # the e-mail its version covers
        (f"{JOINT}.en.{new}.recipients.txt", "text/plain"),  # whom the e-mail greets, how
    ]
    body = _body(message)
    assert f"* {JOINT} [en], version {new}\n" in body
    assert (
        f"What changed since the version you approved ({old}): {JOINT}.en.{new}.redline.docx"
    ) in body
    # the packet's list of changed inputs, in words: only the framing sentence was edited
    assert "\n  - changed: the sentence leading into the risks\n  The e-mail" in body
    assert (
        f"\n  The e-mail that will carry this letter, part of the version:"
        f" {JOINT}.en.{new}.email.txt\n  Whom this letter goes to, and what each gets where"
        f" the e-mail shows placeholders, part of the version: {JOINT}.en.{new}.recipients.txt\n"
    ) in body
    assert f"\nAPPROVE {new}\n" in body
    assert f"\nCHANGES {new}\n" in body


# An item of the case made private after bilcik approved the joint letter, and words of it
PRIVATE_SINCE = {
    "paragraph": ("  - id: flight\n", "applied for protection"),
    "event": ("  - id: detention\n", "Interpol Red Notice"),  # its {date} written in
    "ask": ("  - id: suspend\n", "to suspend the extradition proceedings"),  # a list item
}


@pytest.mark.parametrize(("item", "words"), PRIVATE_SINCE.values(), ids=PRIVATE_SINCE.keys())
def test_a_redline_never_shows_a_text_made_private_since_the_version_answered(
    sample: Path, runner: CliRunner, item: str, words: str
) -> None:
    """A redline shows what a draft lost since the version a signatory answered: a text
    made private since was shown again, struck through, in the packet and in the request
    that carries it by e-mail. What the answered version told of it is cut out first."""
    ws_path = english_only_with_delegate(sample)
    ws = Workspace(ws_path)
    ws.approve(JOINT, "en", "bilcik", via=VIA, version=ws.version(JOINT, "en").short)
    case = ws_path / "cases" / "akhmetova" / "case.yaml"
    text = case.read_text(encoding="utf-8")
    assert text.count(item) == 1
    case.write_text(text.replace(item, f"{item}    private: true\n"), encoding="utf-8")
    args = ["review", "request", "bilcik", "--letter", JOINT, "--no-pdf", "-w", str(ws_path)]
    result = runner.invoke(main, args)
    assert result.exit_code == 0, result.output
    message = _read(ws_path / "out" / "review" / "requests" / "bilcik.eml")
    redline = [a for a in message.iter_attachments() if ".redline." in str(a.get_filename())]
    assert len(redline) == 1
    xml = docx_parts(redline[0].get_payload(decode=True))["word/document.xml"].decode()
    assert CUT in re.sub(r"<[^>]+>", "", xml)  # a changed paragraph's words are runs apart
    for attachment in message.iter_attachments():
        data = attachment.get_payload(decode=True)
        parts = docx_parts(data) if data.startswith(b"PK") else {"": data}
        assert all(words.encode() not in part for part in parts.values()), attachment
    assert words not in _body(message)


def test_a_text_made_private_whose_words_the_letter_still_shows_makes_no_redline(
    sample: Path, runner: CliRunner
) -> None:
    """The ask to suspend, one word, is made private, and another ask says that word too (a
    longer private text would be refused there): cut in both, the redline would set the cut
    against that word in the draft. The note says so."""
    ws_path = english_only_with_delegate(sample)
    case = ws_path / "cases" / "akhmetova" / "case.yaml"
    text = case.read_text(encoding="utf-8")
    text = text.replace(
        "to suspend the extradition proceedings while her case is reviewed", "pause"
    )
    text = text.replace("under international law\n", "under international law, and pause\n")
    case.write_text(text, encoding="utf-8")
    ws = Workspace(ws_path)
    ws.approve(JOINT, "en", "bilcik", via=VIA, version=ws.version(JOINT, "en").short)
    text = text.replace("  - id: suspend\n", "  - id: suspend\n    private: true\n")
    case.write_text(text, encoding="utf-8")
    args = ["review", "request", "bilcik", "--letter", JOINT, "--no-pdf", "-w", str(ws_path)]
    result = runner.invoke(main, args)
    assert result.exit_code == 0, result.output
    assert (
        f"no redline for {JOINT} [en]: the version bilcik approved told a text its case has"
        " marked private since, whose words the letter also shows in public text: a redline"
        " cutting them would cut those too, and set them against the cut, showing what was"
        " cut; they are asked to read the whole draft"
    ) in result.output
    message = _read(ws_path / "out" / "review" / "requests" / "bilcik.eml")
    assert not [a for a in message.iter_attachments() if ".redline." in str(a.get_filename())]


def test_what_an_answered_version_told_of_a_private_text_is_cut_out_or_no_redline_is_made() -> None:
    """Typography changed the spaces, apostrophes and quotes of the text as the letter
    shows it; a text the version's paragraphs do not show (changed some other way) makes no
    redline at all."""
    inputs = {
        "case text cases/a/case.yaml background[0]": 'She\'s "safe" => Вона "в безпеці"',
        "template text: Dear": "Dear",
    }
    shown = ["Вона\u00a0«в безпеці». Далі.", "Інше"]
    assert without_private(shown, inputs, {'She\'s "safe"'}) == [f"{CUT}. Далі.", "Інше"]
    assert without_private(shown, inputs, {"Something else"}) == shown
    assert without_private(["Інше"], inputs, {'She\'s "safe"'}) is Unshown.NOT_FOUND


def test_a_private_text_whose_words_stand_in_public_text_too_makes_no_redline() -> None:
    """Cut wherever its words stand, a short private text would be cut out of public text
    too, and the redline would set that cut against the same words in the draft, showing
    what was cut: no redline is made, for that reason."""
    inputs = {
        "case text cases/a/case.yaml person.city": "Kyiv => Київ",
        "case text cases/a/case.yaml background[0]": "She moved to Kyiv => Вона переїхала до Київ",
    }
    shown = ["Вона переїхала до Київ.", "Київ"]
    assert without_private(shown, inputs, {"Kyiv"}) is Unshown.ALSO_PUBLIC
    alone = {"case text cases/a/case.yaml person.city": "Kyiv => Київ"}
    assert without_private(["Лист", "Київ"], alone, {"Kyiv"}, ["Лист"]) == ["Лист", CUT]
    current = ["Суд у місті Київ"]  # the letter's own words, in the draft
    assert without_private(["Лист", "Київ"], alone, {"Kyiv"}, current) is Unshown.ALSO_PUBLIC


def test_a_reply_quoting_the_whole_request_records_only_the_answer_on_top(
    sample: Path, runner: CliRunner, tmp_path: Path
) -> None:
    ws_path = english_only_with_delegate(sample)
    version = Workspace(ws_path).version(JOINT, "en").short
    runner.invoke(main, ["review", "request", "bilcik", "--no-pdf", "-w", str(ws_path)])
    request = _body(_read(ws_path / "out" / "review" / "requests" / "bilcik.eml"))
    quoted = "".join(f"> {line}\n" for line in request.splitlines())
    reply = tmp_path / "reply.eml"
    reply.write_text(
        "Authentication-Results: mx.example.org; dkim=pass header.d=europarl.europa.eu\n"
        f"From: {BILCIK}\nMessage-ID: <r-1@example.eu>\nDate: Thu, 21 May 2020 09:00:00 +0000\n"
        "Content-Type: text/plain; charset=utf-8\n\n"
        f"CHANGES {version}\nName the court.\n\nOn 20 May 2020, Appeals Desk wrote:\n{quoted}",
        encoding="utf-8",
    )
    code, output = replies(runner, ws_path, reply)
    assert code == 0, output
    assert output == f"recorded entry 1: bilcik request-changes {JOINT} [en] version {version}\n"
    assert read_ledger(ws_path)[0].comment == "Name the court."


def test_an_answer_to_a_requested_version_that_changed_since_is_stale(
    sample: Path, runner: CliRunner, tmp_path: Path
) -> None:
    ws_path = english_only_with_delegate(sample)
    old = Workspace(ws_path).version(JOINT, "en").short
    runner.invoke(main, ["review", "request", "bilcik", "--no-pdf", "-w", str(ws_path)])
    change_the_letter(ws_path)
    new = Workspace(ws_path).version(JOINT, "en").short
    reply = tmp_path / "reply.eml"
    reply.write_text(
        f"From: {BILCIK}\nMessage-ID: <s-1@example.eu>\n\nAPPROVE {old}\n", encoding="utf-8"
    )
    code, output = replies(runner, ws_path, reply)
    assert code == 1
    assert output.splitlines()[0] == (
        f"not recorded: reply <s-1@example.eu> ({reply}): APPROVE {old} is an earlier version"
        f" of {JOINT} [en]; the current draft is {new}: send the signatory the current draft"
        " ('letters review request'); nothing recorded"
    )
    assert read_ledger(ws_path) == []


@needs_libreoffice
def test_the_drafts_are_attached_as_pdf_by_default(
    sample: Path, runner: CliRunner, tmp_path: Path
) -> None:
    ws_path = english_only_with_delegate(sample)
    version = Workspace(ws_path).version(JOINT, "en").short
    result = runner.invoke(main, ["review", "request", "guetta", "-w", str(ws_path)])
    assert result.exit_code == 0, result.output
    message = _read(ws_path / "out" / "review" / "requests" / "guetta.eml")
    attachment, text, *unread = message.iter_attachments()  # then the letters in uk
    assert attachment.get_filename() == f"{JOINT}.en.{version}.draft.pdf"
    drafts = [a.get_filename() for a in unread if a.get_content_type() != "text/plain"]
    assert len(drafts) == 3 and all(".uk." in n and n.endswith(".draft.pdf") for n in drafts), (
        drafts
    )
    # the e-mail that will carry the letter, which its version covers, as UTF-8 text
    assert text.get_filename() == f"{JOINT}.en.{version}.email.txt"
    assert text.get_content_type() == "text/plain" and text.get_content_charset() == "utf-8"
    assert text.get_content().startswith("Subject: ")
    pdf = tmp_path / "draft.pdf"
    pdf.write_bytes(attachment.get_content())
    assert f"DRAFT · {version}" in pdf_text(pdf)


def test_a_request_is_written_in_the_language_the_signatory_reads(
    sample: Path, runner: CliRunner
) -> None:
    """Bilčík reads Ukrainian first: his request speaks Ukrainian and offers the Ukrainian
    words to answer with, which `review replies` reads back."""
    ws_path = english_only_with_delegate(sample)
    meps = ws_path / "recipients" / "meps.yaml"
    text = meps.read_text(encoding="utf-8")
    before = "  - id: bilcik\n    gender: male\n    language: en\n"
    assert before in text
    meps.write_text(
        text.replace(
            before, "  - id: bilcik\n    gender: male\n    language: uk\n    reads: [en]\n"
        ),
        encoding="utf-8",
    )
    version = Workspace(ws_path).version(JOINT, "en").short
    args = ["review", "request", "bilcik", "--letter", JOINT, "--no-pdf", "-w", str(ws_path)]
    assert runner.invoke(main, args).exit_code == 0
    message = _read(ws_path / "out" / "review" / "requests" / "bilcik.eml")
    assert str(message["Subject"]) == f"[погодження] просимо схвалити: {version}"
    body = _body(message)
    assert body.startswith("Добрий день!\n\nПросимо переглянути додані проєкти листів.")
    assert f"* {JOINT} [en], версія {version}\n" in body
    assert f"\nСХВАЛЮЮ {version}\n" in body and f"\nЗМІНИ {version}\n" in body
    assert "Замість цього можна вживати слова APPROVE / CHANGES / ОДОБРЯЮ / ИЗМЕНЕНИЯ." in body


def test_a_signatory_without_an_address_is_named_where_to_add_it(
    sample: Path, runner: CliRunner
) -> None:
    meps = sample / "recipients" / "meps.yaml"
    text = meps.read_text(encoding="utf-8")
    address = "    email: vladimir.bilcik@europarl.europa.eu\n"
    assert text.count(address) == 1
    meps.write_text(text.replace(address, ""), encoding="utf-8")
    result = runner.invoke(main, ["review", "request", "bilcik", "-w", str(sample)])
    assert result.exit_code == 1
    assert result.output == (
        "Error: no e-mail address in the directory for the review request; add 'email:' to:\n"
        "  recipients/meps.yaml:45 people[1]: bilcik\n"
    )


@pytest.mark.parametrize(
    ("instead", "said"),
    [
        (
            "",
            "Error: workspace.yaml: review requests need a sender; add a line such as"
            " 'email_from: Appeals Desk <appeals@example.org>'\n",
        ),
        (
            "# email_from: Your name <your address>\n",  # as letters init writes it
            "Error: workspace.yaml:4: review requests need a sender, and email_from is only a"
            " comment here: delete the '# ' before it and write the name and address they are"
            " sent from, such as 'email_from: Appeals Desk <appeals@example.org>'\n",
        ),
    ],
    ids=["missing", "commented-out"],
)
def test_a_request_without_a_sender_says_what_to_add(
    sample: Path, runner: CliRunner, instead: str, said: str
) -> None:
    settings = sample / "workspace.yaml"
    text = settings.read_text(encoding="utf-8")
    line = "email_from: Appeals Desk <appeals@example.org>\n"
    assert text.split("\n").index(line.strip()) == 3  # line 4
    settings.write_text(text.replace(line, instead))
    result = runner.invoke(main, ["review", "request", "bilcik", "-w", str(sample)])
    assert (result.exit_code, result.output) == (1, said)
    assert not (sample / "out").exists()


SIGNING = "austrevicius, bilcik, guetta, berg, jukneviciene, simecka"
RECIPIENT = "a recipient of may-2020-joint, may-2020-extradition"


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (
            ["bilcik", "nobody"],
            f"'nobody' does not sign any letter; the letters' signatories are {SIGNING}",
        ),
        (
            ["nobody", "bilcik", "maliuska"],
            f"'nobody', 'maliuska' do not sign any letter ('maliuska' is {RECIPIENT});"
            f" the letters' signatories are {SIGNING}",
        ),
        (
            ["maliuska", "--letter", JOINT],
            f"'maliuska' does not sign letter {JOINT} ('maliuska' is {RECIPIENT});"
            f" its signatories are {SIGNING}",
        ),
        (  # a slip for a recipient's id, as review packet says it
            ["maliuksa"],
            f"'maliuksa' does not sign any letter ('maliuska' is {RECIPIENT} and signs no"
            f" letter); the letters' signatories are {SIGNING}",
        ),
    ],
)
def test_a_request_to_people_who_sign_nothing_names_them_all_and_writes_nothing(
    sample: Path, runner: CliRunner, args: list[str], expected: str
) -> None:
    result = runner.invoke(main, ["review", "request", *args, "-w", str(sample)])
    assert result.exit_code == 1
    assert result.output == f"Error: {expected}\n"
    assert not (sample / "out").exists()


def test_a_packet_for_someone_who_signs_nothing_says_so(sample: Path, runner: CliRunner) -> None:
    result = runner.invoke(main, ["review", "packet", "maliuska", "-w", str(sample)])
    assert result.exit_code == 1
    assert result.output == (
        "Error: maliuska signs no letter: they are a recipient of may-2020-joint,"
        f" may-2020-extradition, not a signatory; the letters' signatories are {SIGNING}\n"
    )


def _reads_ukrainian_too(ws_path: Path) -> None:
    """Auštrevičius reads Ukrainian besides English: the preferred-language letters he signs
    (in Ukrainian) come into his packet; Kazakhstan's, in Russian, does not."""
    meps = ws_path / "recipients" / "meps.yaml"
    text = meps.read_text(encoding="utf-8")
    before = "  - id: austrevicius\n    ep_id: 96608\n    gender: male\n    language: en\n"
    assert text.count(before) == 1
    meps.write_text(text.replace(before, before + "    reads: [uk]\n"), encoding="utf-8")


def _files(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir())}


def _request_the_joint_letter_only(runner: CliRunner, ws_path: Path) -> None:
    """Ask Auštrevičius about the joint letter alone: the command writes his request and
    says nothing of the letters not asked about."""
    args = ["review", "request", "austrevicius", "--letter", JOINT, "--no-pdf"]
    result = runner.invoke(main, [*args, "-w", str(ws_path)])
    assert result.exit_code == 0, result.output
    request = ws_path / "out" / "review" / "requests" / "austrevicius.eml"
    packet = ws_path / "out" / "review" / "austrevicius"
    assert result.output == f"wrote {request} (it attaches the packet in {packet}/)\n"


def test_a_request_for_one_letter_writes_and_tells_only_of_that_letter(
    sample: Path, runner: CliRunner
) -> None:
    ws_path = english_only_with_delegate(sample)
    _reads_ukrainian_too(ws_path)
    version = Workspace(ws_path).version(JOINT, "en").short
    _request_the_joint_letter_only(runner, ws_path)
    files = _files(ws_path / "out" / "review" / "austrevicius")
    assert sorted(files) == [
        "manifest.csv",
        "manifest.json",
        f"{JOINT}.en.{version}.draft.docx",
        f"{JOINT}.en.{version}.email.txt",
        f"{JOINT}.en.{version}.recipients.txt",
    ]
    # the joint letter's e-mail greets each of its six with their own lines, which its
    # version covers: the packet lists them, as an individual letter's
    listed = files[f"{JOINT}.en.{version}.recipients.txt"].decode("utf-8").splitlines()
    assert [line.split(":")[0] for line in listed if line] == [
        "lubinets",
        "denisova",
        "maliuska",
        "venediktova",
        "sokoliuk",
        "naumenko",
    ]
    assert (
        "maliuska: maliuska@example.org | Denys Maliuska | Ukraine | Minister of Justice of"
        " Ukraine | Ministry of Justice of Ukraine | Mr Denys Maliuska | Dear Minister, |"
        " Yours sincerely,"
    ) in listed


def test_a_request_for_one_letter_keeps_the_packets_other_letters(
    sample: Path, runner: CliRunner
) -> None:
    ws_path = english_only_with_delegate(sample)
    _reads_ukrainian_too(ws_path)
    old = Workspace(ws_path).version(JOINT, "en").short
    packet = runner.invoke(main, ["review", "packet", "austrevicius", "-w", str(ws_path)])
    assert packet.exit_code == 0, packet.output
    folder = ws_path / "out" / "review" / "austrevicius"
    before = _files(folder)
    others = {name: data for name, data in before.items() if not name.startswith((JOINT, "man"))}
    # 3 letters in uk, 1 in ru, each individual: a draft, its e-mail and its recipients
    assert f"{JOINT}.en.{old}.draft.docx" in before and len(others) == 12
    change_the_letter(ws_path)
    new = Workspace(ws_path).version(JOINT, "en").short
    _request_the_joint_letter_only(runner, ws_path)
    after = _files(folder)
    assert {name: after.get(name) for name in others} == others  # as they were
    assert sorted(name for name in after if name.startswith(JOINT)) == [
        f"{JOINT}.en.{new}.draft.docx",
        f"{JOINT}.en.{new}.email.txt",
        f"{JOINT}.en.{new}.recipients.txt",
    ]
    assert len(after) == len(before)  # the other letters' files, listed in the manifest too
    listed = after["manifest.csv"].decode("utf-8")
    assert all(f",{name}," in listed for name in others)


def test_a_request_for_a_letter_in_no_language_its_signatory_reads_sends_its_draft(
    sample: Path, runner: CliRunner
) -> None:
    """Auštrevičius reads English only, and signs the letter to Kazakhstan, written in
    Russian alone: finalise needs his approval, so he is sent the very draft his name goes
    under, with the request saying that no version of it is in a language he reads."""
    version = Workspace(sample).version("kazakhstan-2020", "ru").short
    args = ["review", "request", "austrevicius", "--letter", "kazakhstan-2020", "--no-pdf"]
    result = runner.invoke(main, [*args, "-w", str(sample)])
    assert result.exit_code == 0, result.output
    assert result.output == (
        f"wrote {sample}/out/review/requests/austrevicius.eml (it attaches the packet in"
        f" {sample}/out/review/austrevicius/)\n"
        "austrevicius does not read ru by the directory (reads en): the draft is included all"
        " the same, to approve only if they know what it says: kazakhstan-2020 [ru] (add a"
        " language to their 'reads' if they do read it)\n"
    )
    message = _read(sample / "out" / "review" / "requests" / "austrevicius.eml")
    assert str(message["Subject"]) == f"[review] please approve: {version}"
    names = [a.get_filename() for a in message.iter_attachments()]
    stem = f"kazakhstan-2020.ru.{version}"
    assert names == [f"{stem}.draft.docx", f"{stem}.email.txt", f"{stem}.recipients.txt"]
    body = _body(message)
    assert "Please review the attached drafts" not in body  # none in a language he reads
    assert (
        f"* kazakhstan-2020 [ru], version {version} – this letter has no version in a language"
        " you read\n  ‘Об отзыве запроса об экстрадиции Жанары Ахметовой’\n"  # its heading
        "  The e-mail that will carry this letter, part of the version:"
        f" {stem}.email.txt\n  Whom this letter goes to, and what each gets where the draft"
        " and the e-mail show placeholders, part of the version:"
        f" {stem}.recipients.txt\n"
    ) in body
    recipients = next(a for a in message.iter_attachments() if a.get_filename().endswith("s.txt"))
    assert recipients.get_content().startswith("nurdauletov: nurdauletov@example.org | Гизат")
    assert f"\nAPPROVE {version}\n" in body


def _reads_first(ws_path: Path, language: str) -> None:
    """Bilčík reads ``language`` first, and English."""
    meps = ws_path / "recipients" / "meps.yaml"
    text = meps.read_text(encoding="utf-8")
    before = "  - id: bilcik\n    gender: male\n    language: en\n"
    assert text.count(before) == 1
    after = f"  - id: bilcik\n    gender: male\n    language: {language}\n    reads: [en]\n"
    meps.write_text(text.replace(before, after), encoding="utf-8")


def change_the_letter_again(ws_path: Path) -> None:
    letters = ws_path / "cases" / "akhmetova" / "letters.yaml"
    text = letters.read_text(encoding="utf-8")
    assert text.count("grave danger indeed.") == 1  # changed once, by change_the_letter
    letters.write_text(text.replace("danger indeed.", "danger indeed, we fear."), "utf-8")


ASKED = {
    "en": "What changed since the version you asked changes on ({old}): {file}",
    "uk": "Що змінилося після версії, до якої Ви просили змін ({old}): {file}",
    "ru": "Что изменилось после версии, к которой Вы просили изменения ({old}): {file}",
}

REDLINE_TITLE = {
    "en": f"{JOINT} [en]: changes since version {{old}}, which you asked changes on, to version"
    " {new}",
    "uk": f"{JOINT} [en]: зміни у версії {{new}} порівняно з версією {{old}}, до якої Ви просили"
    " змін",
    "ru": f"{JOINT} [en]: изменения в версии {{new}} по сравнению с версией {{old}}, к которой Вы"
    " просили изменения",
}

# what changed, from the packet's "changed: case text cases/akhmetova/letters.yaml
# letters[0].framing", in the request's words
FRAMING = {
    "en": "changed: the sentence leading into the risks",
    "uk": "змінено: речення, що передує опису загроз",
    "ru": "изменено: предложение, предваряющее описание угроз",
}

# a signatory is told, in words they know, how an assistant's answer can count: an answer
# from an address the directory does not list is not recorded
DELEGATE = {
    "en": "If someone else answers for you (an assistant, your office), please tell us their"
    " e-mail address first: we record answers only from addresses we know.",
    "uk": "Якщо за Вас відповідатиме хтось інший (помічник, Ваш офіс), просимо заздалегідь"
    " повідомити нам його адресу електронної пошти: ми враховуємо відповіді лише з відомих нам"
    " адрес.",
    "ru": "Если за Вас будет отвечать кто-то другой (помощник, Ваш офис), просим заранее"
    " сообщить нам его адрес электронной почты: мы учитываем ответы только с известных нам"
    " адресов.",
}


@pytest.mark.parametrize("language", sorted(ASKED))
def test_a_request_after_asked_changes_shows_what_changed_since_that_version(
    sample: Path, runner: CliRunner, language: str
) -> None:
    """Bilčík approved one version, then asked for a change to the next: the new draft is
    compared with the version he asked changes on, later than his approval, so he can see
    whether his change was made."""
    ws_path = english_only_with_delegate(sample)
    _reads_first(ws_path, language)
    approved = Workspace(ws_path).version(JOINT, "en").short
    Workspace(ws_path).approve(JOINT, "en", "bilcik", via=VIA, version=approved)
    change_the_letter(ws_path)
    asked = Workspace(ws_path).version(JOINT, "en").short
    Workspace(ws_path).request_changes(
        JOINT, "en", "bilcik", via=VIA, comment="Say that we fear it.", version=asked
    )
    change_the_letter_again(ws_path)
    new = Workspace(ws_path).version(JOINT, "en").short
    args = ["review", "request", "bilcik", "--letter", JOINT, "--no-pdf", "-w", str(ws_path)]
    result = runner.invoke(main, args)
    assert result.exit_code == 0, result.output
    body = _body(_read(ws_path / "out" / "review" / "requests" / "bilcik.eml"))
    redline = f"{JOINT}.en.{new}.redline.docx"
    assert (
        f"\n  {ASKED[language].format(old=asked, file=redline)}\n  - {FRAMING[language]}\n" in body
    )
    assert "framing" not in body  # the field path is the staff's, in the packet
    assert body.endswith(f" {DELEGATE[language]}\n")
    packet = ws_path / "out" / "review" / "bilcik"
    # the redline is theirs too: its title in their language
    assert docx_text(packet / redline)[0] == REDLINE_TITLE[language].format(old=asked, new=new)
    xml = zipfile.ZipFile(packet / redline).read("word/document.xml").decode("utf-8")
    assert re.findall(r"<w:delText[^>]*>([^<]*)<", xml) == ["indeed."]  # not since approval
    changes = (packet / f"{JOINT}.en.{new}.changes.txt").read_text(encoding="utf-8")
    assert changes.startswith(f"What changed in {JOINT} [en] since version {asked}:\n")


# the translation of background[1] edited ("she fled" said otherwise), and how a request
# in that language says so
RETRANSLATED = {
    "uk": (
        "вона із сином утекла до України",
        "вона разом із сином виїхала до України",
        "змінено лише переклад: обставини справи",
    ),
    "ru": (
        "она вместе с сыном бежала в Украину",
        "она вместе с сыном уехала в Украину",
        "изменен только перевод: обстоятельства дела",
    ),
}


@pytest.mark.parametrize("language", sorted(RETRANSLATED))
def test_a_changed_translation_is_said_in_the_request_language_without_its_text(
    sample: Path, runner: CliRunner, language: str
) -> None:
    """Bilčík, reading ``language`` first, approved the joint letter in it; then its
    translation of a paragraph of the background changed. The request says so in his
    language, naming the part of the letter: not the packet's field path, nor the text."""
    _reads_first(sample, language)
    old = Workspace(sample).version(JOINT, language).short
    Workspace(sample).approve(JOINT, language, "bilcik", via=VIA, version=old)
    catalog = sample / "locales" / language / "LC_MESSAGES" / "case-akhmetova.po"
    before, after, said = RETRANSLATED[language]
    text = catalog.read_text(encoding="utf-8")
    assert text.count(before) == 1
    catalog.write_text(text.replace(before, after), encoding="utf-8")
    new = Workspace(sample).version(JOINT, language).short
    _result, message = _request_body(sample, runner, "bilcik")
    body = _body(message)
    redline = f"{JOINT}.{language}.{new}.redline.docx"
    assert f"({old}): {redline}\n  - {said}\n" in body
    assert "background" not in body and "case text" not in body
    assert after not in body
    changes = sample / "out" / "review" / "bilcik" / f"{JOINT}.{language}.{new}.changes.txt"
    assert (  # the staff's list keeps the field path
        "- changed: translation of case text cases/akhmetova/case.yaml background[1]\n"
        in changes.read_text(encoding="utf-8")
    )


def _request_after_an_answer(
    runner: CliRunner, ws_path: Path, action: str, deleted: bool
) -> tuple[Result, Version, str]:
    """Bilčík approves (or asks changes on) the joint letter in English, the copy of that
    version is deleted (with ``deleted``), the letter changes, and he is sent a request for
    it alone: the command's result, the version he answered on and the new version's id."""
    ws = Workspace(ws_path)
    old = ws.version(JOINT, "en")
    if action == "approve":
        ws.approve(JOINT, "en", "bilcik", via=VIA, version=old.short)
    else:
        ws.request_changes(JOINT, "en", "bilcik", via=VIA, comment="Say more.", version=old.short)
    if deleted:
        version_path(ws_path, JOINT, "en", old.digest).unlink()
    change_the_letter(ws_path)
    new = Workspace(ws_path).version(JOINT, "en").short
    args = ["review", "request", "bilcik", "--letter", JOINT, "--no-pdf", "-w", str(ws_path)]
    result = runner.invoke(main, args)
    assert result.exit_code == 0, result.output
    return result, old, new


def test_a_request_says_when_the_version_asked_changes_on_was_not_kept(
    sample: Path, runner: CliRunner
) -> None:
    ws_path = english_only_with_delegate(sample)
    result, asked, new = _request_after_an_answer(runner, ws_path, "request-changes", True)
    request = ws_path / "out" / "review" / "requests" / "bilcik.eml"
    packet = ws_path / "out" / "review" / "bilcik"
    assert result.output == (
        f"wrote {request} (it attaches the packet in {packet}/)\n"
        f"no redline for {JOINT} [en]: the text of the version bilcik asked changes on is"
        " missing from signoff/versions\n"
    )
    message = _read(request)
    assert [a.get_filename() for a in message.iter_attachments()] == [
        f"{JOINT}.en.{new}.draft.docx",
        f"{JOINT}.en.{new}.email.txt",
        f"{JOINT}.en.{new}.recipients.txt",
    ]
    assert (
        f"* {JOINT} [en], version {new}\n"
        f"  {QUOTED['en']}\n"
        f"  What changed since the version you asked changes on ({asked.short}) cannot be"
        " shown: its copy is no longer kept. Please read the whole draft.\n"
    ) in _body(message)


def _kept_version_edited(
    sample: Path, edit: Callable[[dict[str, Any]], None]
) -> tuple[Path, Version, Path, list[str]]:
    """Bilčík approves the English joint letter, its kept copy is edited by ``edit``, the
    letter changes: the workspace, the version he approved, its copy and the request's
    arguments."""
    ws_path = english_only_with_delegate(sample)
    ws = Workspace(ws_path)
    old = ws.version(JOINT, "en")
    ws.approve(JOINT, "en", "bilcik", via=VIA, version=old.short)
    kept = version_path(ws_path, JOINT, "en", old.digest)
    data = json.loads(kept.read_text(encoding="utf-8"))
    edit(data)
    kept.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    change_the_letter(ws_path)
    args = ["review", "request", "bilcik", "--letter", JOINT, "--no-pdf", "-w", str(ws_path)]
    return ws_path, old, kept, args


def test_a_kept_version_edited_since_makes_no_redline(sample: Path, runner: CliRunner) -> None:
    """The copy of an answered version is what a redline starts from: one whose text was
    edited would show a signatory changes that were never made (or hide ones that were).
    Its text no longer gives the version it names, so the request stops and says so."""

    def edited(data: dict[str, Any]) -> None:
        data["text"] = [line.replace("grave danger", "some danger") for line in data["text"]]

    ws_path, old, kept, args = _kept_version_edited(sample, edited)
    result = runner.invoke(main, args)
    assert result.exit_code == 1
    assert result.output == (
        f"Error: signoff/versions/{kept.name} was changed after it was kept: its text is not"
        f" the text of version {old.short}, so no redline is made from it; delete the file,"
        " and the signatory is asked to read the whole draft\n"
    )
    assert not (ws_path / "out" / "review" / "requests" / "bilcik.eml").exists()
    kept.unlink()
    assert runner.invoke(main, args).exit_code == 0


def test_a_kept_version_with_inputs_that_are_not_texts_is_damaged(
    sample: Path, runner: CliRunner
) -> None:
    def damaged(data: dict[str, Any]) -> None:
        data["inputs"][next(iter(data["inputs"]))] = 5

    _ws_path, _old, kept, args = _kept_version_edited(sample, damaged)
    result = runner.invoke(main, args)
    assert result.exit_code == 1
    assert result.output == f"Error: signoff/versions/{kept.name} is damaged\n"


NOT_KEPT = {
    ("approve", "en"): "What changed since the version you approved ({old}) cannot be shown:"
    " its copy is no longer kept. Please read the whole draft.",
    ("approve", "uk"): "Показати, що змінилося після схваленої Вами версії ({old}), неможливо:"
    " її копія більше не зберігається. Просимо прочитати проєкт повністю.",
    ("approve", "ru"): "Показать, что изменилось после одобренной Вами версии ({old}),"
    " невозможно: ее копия больше не хранится. Просим прочитать проект полностью.",
    ("request-changes", "en"): "What changed since the version you asked changes on ({old})"
    " cannot be shown: its copy is no longer kept. Please read the whole draft.",
    ("request-changes", "uk"): "Показати, що змінилося після версії, до якої Ви просили змін"
    " ({old}), неможливо: її копія більше не зберігається. Просимо прочитати проєкт повністю.",
    ("request-changes", "ru"): "Показать, что изменилось после версии, к которой Вы просили"
    " изменения ({old}), невозможно: ее копия больше не хранится. Просим прочитать проект"
    " полностью.",
}


@pytest.mark.parametrize("deleted", [True, False], ids=["copy-deleted", "copy-kept"])
@pytest.mark.parametrize(("action", "language"), sorted(NOT_KEPT))
def test_a_request_says_when_the_version_answered_on_is_no_longer_kept(
    sample: Path, runner: CliRunner, action: str, language: str, deleted: bool
) -> None:
    """Bilčík answered on a version whose copy in signoff/versions was deleted since: his
    request says there is no redline, and why, as the command line does, in his language;
    with the copy there, he gets the redline and no such sentence."""
    ws_path = english_only_with_delegate(sample)
    _reads_first(ws_path, language)
    _result, old, new = _request_after_an_answer(runner, ws_path, action, deleted)
    message = _read(ws_path / "out" / "review" / "requests" / "bilcik.eml")
    body = _body(message)
    sentence = NOT_KEPT[(action, language)].format(old=old.short)
    redline = [f"{JOINT}.en.{new}.redline.docx"]
    attached = [a.get_filename() for a in message.iter_attachments()]
    assert attached == [
        f"{JOINT}.en.{new}.draft.docx",
        *([] if deleted else redline),
        f"{JOINT}.en.{new}.email.txt",
        f"{JOINT}.en.{new}.recipients.txt",
    ]
    if deleted:  # under its draft, below why he is asked again if he approved
        stale = ASKED_AGAIN["stale"][language].format(old=old.short)
        why = f"  {stale}\n" if action == "approve" else ""
        assert f"{new}\n  {QUOTED[language]}\n{why}  {sentence}\n" in body
    else:
        assert sentence not in body
        assert not any(s.format(old=old.short) in body for s in NOT_KEPT.values())


def _requested(ws_path: Path, runner: CliRunner, who: str = "austrevicius") -> Result:
    """`review request` of ``who`` for the joint letter, with .docx drafts."""
    args = ["review", "request", who, "--letter", JOINT, "--no-pdf", "-w", str(ws_path)]
    result = runner.invoke(main, args)
    assert result.exit_code == 0, result.output
    return result


def _request_body(ws_path: Path, runner: CliRunner, who: str) -> tuple[Result, EmailMessage]:
    result = _requested(ws_path, runner, who)
    return result, _read(ws_path / "out" / "review" / "requests" / f"{who}.eml")


def test_a_request_names_the_versions_in_languages_the_signatory_does_not_read(
    sample: Path, runner: CliRunner
) -> None:
    """Auštrevičius reads English only, and his name goes under the Ukrainian and Russian
    letters too: the request says so, sends their drafts and lets him approve them, rather
    than leaving them to a note printed for the staff."""
    ws = Workspace(sample)
    en, uk, ru = (ws.version(JOINT, lang).short for lang in ("en", "uk", "ru"))
    _result, message = _request_body(sample, runner, "austrevicius")
    assert str(message["Subject"]) == f"[review] please approve: {en}, {uk}, {ru}"
    names = [a.get_filename() for a in message.iter_attachments()]
    assert names == [
        f"{JOINT}.en.{en}.draft.docx",
        f"{JOINT}.en.{en}.email.txt",
        f"{JOINT}.en.{en}.recipients.txt",
        f"{JOINT}.uk.{uk}.draft.docx",
        f"{JOINT}.ru.{ru}.draft.docx",
        f"{JOINT}.uk.{uk}.email.txt",
        f"{JOINT}.uk.{uk}.recipients.txt",
        f"{JOINT}.ru.{ru}.email.txt",
        f"{JOINT}.ru.{ru}.recipients.txt",
    ]
    body = _body(message)
    email = "  The e-mail that will carry this letter, part of the version:"
    recipients = (
        "  Whom this letter goes to, and what each gets where the e-mail shows placeholders,"
        " part of the version:"
    )
    assert (
        "Your name will also stand under these versions, in languages you do not read"
        " according to our directory; their drafts are attached too. The letters cannot be"
        " finalised without your approval of each: approve one only if you know and accept"
        " what it says.\n"
        f"* {JOINT} [uk], version {uk} – the same letter as the [en] draft above, in another"
        " language\n"
        "  ‘Щодо недопущення екстрадиції Жанари Ахметової з України до Казахстану’\n"
        f"{email} {JOINT}.uk.{uk}.email.txt\n{recipients} {JOINT}.uk.{uk}.recipients.txt\n"
        f"* {JOINT} [ru], version {ru} – the same letter as the [en] draft above, in another"
        " language\n"
        "  ‘О недопущении экстрадиции Жанары Ахметовой из Украины в Казахстан’\n"
        f"{email} {JOINT}.ru.{ru}.email.txt\n{recipients} {JOINT}.ru.{ru}.recipients.txt\n"
    ) in body
    assert f"\nAPPROVE {en}\nAPPROVE {uk}\nAPPROVE {ru}\n" in body


def test_a_translation_is_said_to_be_of_a_draft_the_signatory_reads(
    sample: Path, runner: CliRunner
) -> None:
    """Auštrevičius, reading Russian only, approved the English joint letter all the
    same: the Ukrainian one is said to be the same letter as the Russian draft he is sent,
    not as the English one he cannot read; a letter with no Russian version has none he reads."""
    meps = sample / "recipients" / "meps.yaml"
    text = meps.read_text(encoding="utf-8")
    before = "  - id: austrevicius\n    ep_id: 96608\n    gender: male\n    language: en\n"
    assert text.count(before) == 1
    meps.write_text(text.replace(before, before.replace("en\n", "ru\n")), encoding="utf-8")
    ws = Workspace(sample)
    en, uk, ru = (ws.version(JOINT, lang).short for lang in ("en", "uk", "ru"))
    ws.approve(JOINT, "en", "austrevicius", via=VIA, version=en)
    _result, message = _request_body(sample, runner, "austrevicius")
    body = _body(message)
    assert (
        f"* {JOINT} [uk], версия {uk} — то же письмо, что и проект [ru] выше, на другом языке\n"
        in body
    )
    assert f"* {JOINT} [ru], версия {ru}\n" in body


def test_a_request_asks_only_for_what_the_signatory_has_not_approved(
    sample: Path, runner: CliRunner
) -> None:
    """An approved current version is listed as approved, not attached and not asked for
    again (the versions still to approve are, in languages he does not read too); once
    every version is approved, no request is written."""
    ws = Workspace(sample)
    en, uk, ru = (ws.version(JOINT, lang).short for lang in ("en", "uk", "ru"))
    ws.approve(JOINT, "en", "austrevicius", via=VIA, version=en)
    _result, message = _request_body(sample, runner, "austrevicius")
    assert str(message["Subject"]) == f"[review] please approve: {uk}, {ru}"
    names = [a.get_filename() for a in message.iter_attachments()]
    assert names == [  # the versions he is asked about, none he has approved
        f"{JOINT}.uk.{uk}.draft.docx",
        f"{JOINT}.ru.{ru}.draft.docx",
        f"{JOINT}.uk.{uk}.email.txt",
        f"{JOINT}.uk.{uk}.recipients.txt",
        f"{JOINT}.ru.{ru}.email.txt",
        f"{JOINT}.ru.{ru}.recipients.txt",
    ]
    body = _body(message)
    assert body.startswith(
        "Dear Mr Auštrevičius,\n\n"
        "You have already approved this current version; it needs no answer:\n"
        f"* {JOINT} [en], version {en}\n"
        f"  {QUOTED['en']}\n\n"
    )
    assert f"APPROVE {en}" not in body and f"CHANGES {en}" not in body
    assert f"\nAPPROVE {uk}\nAPPROVE {ru}\n" in body
    # one version left, in a language he does not read: spoken of as one, not as several
    Workspace(sample).approve(JOINT, "uk", "austrevicius", via=VIA, version=uk)
    body = _body(_request_body(sample, runner, "austrevicius")[1])
    assert (
        "You have already approved these current versions; they need no answer:\n"
        f"* {JOINT} [en], version {en}\n"
    ) in body
    assert (
        "\nYour name will also stand under this version, in a language you do not read"
        " according to our directory; its draft is attached too. The letter cannot be"
        " finalised without your approval of it: approve it only if you know and accept what"
        f" it says.\n* {JOINT} [ru], version {ru} – the same letter as the [en] draft above,"
    ) in body

    for lang, version in (("ru", ru),):
        Workspace(sample).approve(JOINT, lang, "austrevicius", via=VIA, version=version)
    request = sample / "out" / "review" / "requests" / "austrevicius.eml"
    request.unlink()
    result = _requested(sample, runner)
    assert result.output.splitlines()[-1] == (
        "no request to austrevicius: they have approved the current version of every draft"
        " asked about"
    )
    assert not request.exists()
    # a signature picture changed since: finalise would refuse it, so he is asked again
    pictures = sample / "recipients" / "signatures"
    (pictures / "austrevicius.png").write_bytes((pictures / "berg.png").read_bytes())
    _requested(sample, runner)
    again = _read(request)
    assert str(again["Subject"]) == f"[review] please approve: {en}, {uk}, {ru}"
    # and told why: they approved these versions, with another picture under their name
    why = (
        "  You approved this version, but we cannot confirm that the signature picture now"
        " under your name is the one it had then: please check the signature in the draft"
        " and approve again."
    )
    lines = _body(again).splitlines()
    for lang, version in (("en", en), ("uk", uk), ("ru", ru)):
        (at,) = [n for n, x in enumerate(lines) if x.startswith(f"* {JOINT} [{lang}], version")]
        assert lines[at].startswith(f"* {JOINT} [{lang}], version {version}")
        assert why in lines[at + 1 : at + 3]  # under the version (and its heading)


def test_a_draft_that_cannot_be_approved_yet_is_asked_of_no_one(
    sample: Path, runner: CliRunner
) -> None:
    """A draft with a fuzzy message would be refused by `approve`: no request asks for it;
    the others are asked for, and the staff are told once what to translate first."""
    _fuzzy_flight(sample)
    ws = Workspace(sample)
    en, uk, ru = (ws.version(JOINT, lang).short for lang in ("en", "uk", "ru"))
    result, message = _request_body(sample, runner, "austrevicius")
    assert result.output.splitlines()[1:] == [
        f"{JOINT} [uk] is asked of no one: it still has 1 untranslated, fuzzy or inconsistent"
        " message, so it cannot be approved yet ('letters build' lists it); translate"
        " it, then run 'letters review request' again",
        # the uk draft is asked of no one: only the ru one is sent in a language he does
        # not read
        "austrevicius does not read ru by the directory (reads en): the draft is included all"
        " the same, to approve only if they know what it says: may-2020-joint [ru] (add a"
        " language to their 'reads' if they do read it)",
    ]
    assert str(message["Subject"]) == f"[review] please approve: {en}, {ru}"
    body = _body(message)
    assert f"[uk], version {uk}" not in body and f"APPROVE {uk}" not in body
    assert [a.get_filename() for a in message.iter_attachments()] == [
        f"{JOINT}.en.{en}.draft.docx",
        f"{JOINT}.en.{en}.email.txt",
        f"{JOINT}.en.{en}.recipients.txt",
        f"{JOINT}.ru.{ru}.draft.docx",  # in a language he does not read: listed apart
        f"{JOINT}.ru.{ru}.email.txt",
        f"{JOINT}.ru.{ru}.recipients.txt",
    ]
    for lang, version in (("en", en), ("ru", ru)):
        ws.approve(JOINT, lang, "austrevicius", via=VIA, version=version)
    assert _requested(sample, runner).output.splitlines()[-1] == (
        "no request to austrevicius: of the drafts asked about, they have approved every one"
        " that can be approved now (see above)"
    )


def test_a_draft_in_a_language_they_read_not_ready_yet_is_not_said_to_be_missing(
    sample: Path, runner: CliRunner
) -> None:
    """Auštrevičius reads Ukrainian only, and the Ukrainian joint letter has a fuzzy
    message: he is sent the English and Russian drafts, and told that the letter's
    Ukrainian version cannot be approved yet, not that it has none he reads."""
    _fuzzy_flight(sample)
    meps = sample / "recipients" / "meps.yaml"
    text = meps.read_text(encoding="utf-8")
    before = "  - id: austrevicius\n    ep_id: 96608\n    gender: male\n    language: en\n"
    assert text.count(before) == 1
    meps.write_text(text.replace(before, before.replace("en\n", "uk\n")), encoding="utf-8")
    ws = Workspace(sample)
    en, ru = (ws.version(JOINT, lang).short for lang in ("en", "ru"))
    _result, message = _request_body(sample, runner, "austrevicius")
    body = _body(message)
    pending = (
        " — версію цього листа мовою, якою Ви читаєте ([uk]), ще не можна схвалити: її"
        " переклад не завершено\n"
    )
    assert f"* {JOINT} [en], версія {en}{pending}" in body
    assert f"* {JOINT} [ru], версія {ru}{pending}" in body
    assert "немає" not in body


def _fuzzy_flight(ws_path: Path) -> None:
    """A message of the Ukrainian joint letter made fuzzy: its draft cannot be approved."""
    po = ws_path / "locales" / "uk" / "LC_MESSAGES" / "case-akhmetova.po"
    text = po.read_text(encoding="utf-8")
    entry = 'msgid "In March 2017 she fled to Ukraine'
    assert text.count(entry) == 1
    po.write_text(text.replace(entry, "#, fuzzy\n" + entry), encoding="utf-8")


# an input of each kind changed, as a version records it, and how a request says so
INPUTS_CHANGED = {
    "en": [
        "changed: what the letter says of its signatory (Petras Auštrevičius)",
        "added: the addressee's details (Dmytro Lubinets)",
        "changed: the letter's particulars: date, place, addressees, signatories or events told",
        "changed in translation only: the standard wording of the letter",
    ],
    "uk": [
        "змінено: відомості про підписанта (Петрас Ауштрявічюс)",
        "додано: відомості про адресата (Дмитро Лубінець)",
        "змінено: реквізити листа: дата, місце, адресати, підписанти або наведені події",
        "змінено лише переклад: стандартні формулювання листа",
    ],
    "ru": [
        "изменено: сведения о подписанте (Петрас Ауштрявичюс)",
        "добавлено: сведения об адресате (Дмитрий Лубинец)",
        "изменено: реквизиты письма: дата, место, адресаты, подписанты или приводимые события",
        "изменен только перевод: стандартные формулировки письма",
    ],
}


@pytest.mark.parametrize("language", sorted(INPUTS_CHANGED))
def test_each_kind_of_changed_input_is_said_once_by_what_it_is(sample: Path, language: str) -> None:
    """A signatory and an addressee are named as the directory writes them in the
    request's language; a letter whose heading alone changed is not said to have changed
    its particulars (its heading is said as a text); two sentences of the template
    retranslated are one line."""
    old = {
        "signatory austrevicius": "{'name': 'old'}",
        f"letter {JOINT}": "{'date': '2020-05-21', 'subject': 'Old'}",
        "letter other": "{'date': '2020-05-21', 'subject': 'Old'}",
        "template text: Dear colleagues,": "uk: Шановні колеги,",
        "template text: To:": "uk: Кому",
    }
    new = {
        "signatory austrevicius": "{'name': 'new'}",
        "recipient lubinets": "{'name': 'new'}",
        f"letter {JOINT}": "{'date': '2020-05-22', 'subject': 'Old'}",
        "letter other": "{'date': '2020-05-21', 'subject': 'New'}",
        "template text: Dear colleagues,": "uk: Шановні колеги!",
        "template text: To:": "uk: Кому:",
    }
    ws = Workspace(sample).data
    said = [change_in_words(c, language, ws) for c in what_changed(old, new)]
    assert sorted(said) == sorted(INPUTS_CHANGED[language])


_BILCIK_EN = "      en: {given: Vladimír, family: Bilčík}\n"
_MEP_SINCE = "      - from: 2019-07-02\n"
# Bilčík's entry edited (old text, new text), his request's language, and its first line:
# the directory's form of address in that language where it has one; where it has none (or
# only one derived that would need checking), in English his name as the directory holds it,
# in another language a greeting polite to one person without a name
GREETINGS = {
    "en-derived": ([], "en", "Dear Mr Bilčík,"),
    "en-typed-wins": (
        [(_MEP_SINCE, f"{_MEP_SINCE}        salutation: {{en: 'Dear Vladimír,'}}\n")],
        "en",
        "Dear Vladimír,",
    ),
    "en-no-parts": ([("    parts:\n" + _BILCIK_EN, "")], "en", "Dear Vladimír Bilčík,"),
    "en-no-gender": ([("    gender: male\n", "")], "en", "Dear Vladimír Bilčík,"),
    "uk-typed": (
        [(_MEP_SINCE, f"{_MEP_SINCE}        salutation: {{uk: Шановний пане Владіміре!}}\n")],
        "uk",
        "Шановний пане Владіміре!",
    ),
    "uk-no-form": ([], "uk", "Добрий день!"),
    "ru-no-form": ([], "ru", "Здравствуйте!"),
    "ru-derived": (
        [(_BILCIK_EN, f"{_BILCIK_EN}      ru: {{given: Владимир, family: Бильчик}}\n")],
        "ru",
        "Уважаемый господин Бильчик!",
    ),
}


@pytest.mark.parametrize(("edits", "language", "greeting"), GREETINGS.values(), ids=GREETINGS)
def test_a_request_greets_its_signatory_as_the_directory_addresses_them(
    sample: Path, runner: CliRunner, edits: list[tuple[str, str]], language: str, greeting: str
) -> None:
    meps = sample / "recipients" / "meps.yaml"
    text = meps.read_text(encoding="utf-8")
    start = text.index("  - id: bilcik\n")
    end = text.index("  - id: ", start + 1)
    entry = text[start:end]
    if language != "en":
        entry = entry.replace("language: en\n", f"language: {language}\n    reads: [en]\n")
    for old, new in edits:
        assert old in entry
        entry = entry.replace(old, new, 1)
    meps.write_text(text[:start] + entry + text[end:], encoding="utf-8")
    args = ["review", "request", "bilcik", "--letter", JOINT, "--no-pdf", "-w", str(sample)]
    result = runner.invoke(main, args)
    assert result.exit_code == 0, result.output
    body = _body(_read(sample / "out" / "review" / "requests" / "bilcik.eml"))
    assert body.split("\n")[:2] == [greeting, ""]


def test_an_approval_that_needs_confirmation_is_asked_for_again(
    sample: Path, runner: CliRunner
) -> None:
    """An approval read from an unauthenticated e-mail over the signatory's authenticated
    CHANGES of the same version: status says it needs confirmation and finalise refuses it,
    but the request counted it as approved and asked nothing of him."""
    from letters.load.loader import load_checked
    from letters.signoff.answers import record

    ws = Workspace(sample)
    en = ws.version(JOINT, "en").short
    data = load_checked(sample)
    record(data, JOINT, "en", "bilcik", "request-changes", VIA, "Name the court.", en)
    forged = "e-mail <f-1> of 21 May 2020; no Authentication-Results; UNAUTHENTICATED"
    record(data, JOINT, "en", "bilcik", "approve", forged, "", en)
    (status,) = [s for s in Workspace(sample).status() if (s.letter, s.lang) == (JOINT, "en")]
    assert [a.state for a in status.answers if a.who == "bilcik"] == ["needs confirmation"]
    result, message = _request_body(sample, runner, "bilcik")
    body = _body(message)
    assert f"APPROVE {en}\n" in body
    assert "You have already approved" not in body
    assert (
        f"bilcik is asked again for {JOINT} [en]: their approval in entry 2 was read from an"
        " unauthenticated e-mail after their authenticated no to this version, so finalise"
        " refuses it until they confirm it"
    ) in result.output.splitlines()


def test_a_reply_knows_the_greeting_its_request_wrote_whatever_the_day(
    sample: Path, runner: CliRunner
) -> None:
    """A role with a typed salutation ended before the request was written: the request
    greets by the form his name's parts give, and a reply pasting that line under its
    answer, unquoted, must not have it read as the signatory's comment."""
    from letters.load.loader import load_checked
    from letters.signoff.replies import _request
    from letters.signoff.reply_text import read_answers

    meps = sample / "recipients" / "meps.yaml"
    typed = f"{_MEP_SINCE}        to: 2024-07-15\n        salutation: {{en: 'Dear Vladimír,'}}\n"
    text = meps.read_text(encoding="utf-8")
    start = text.index("  - id: bilcik\n")
    meps.write_text(text[:start] + text[start:].replace(_MEP_SINCE, typed, 1), encoding="utf-8")
    args = ["review", "request", "bilcik", "--letter", JOINT, "--no-pdf", "-w", str(sample)]
    result = runner.invoke(main, args)
    assert result.exit_code == 0, result.output
    body = _body(_read(sample / "out" / "review" / "requests" / "bilcik.eml"))
    greeting = body.split("\n")[0]
    assert greeting == "Dear Mr Bilčík,"
    request = _request(load_checked(sample), ["bilcik"], {}, {})
    for line in (greeting, "Dear Vladimír,"):
        said = read_answers(f"APPROVE E3DA-8200\n\n{line}\n", request).said
        assert [(s.action, s.comment) for s in said] == [("approve", "")], line


# the line naming the redline since the version a signatory approved
APPROVED = {
    "en": "What changed since the version you approved ({old}): {file}",
    "uk": "Що змінилося після схваленої Вами версії ({old}): {file}",
    "ru": "Что изменилось после одобренной Вами версии ({old}): {file}",
}
# why a signatory is asked again, in the language of their request, above what changed
ASKED_AGAIN = {
    "stale": {
        "en": "You approved another version of this letter ({old}). Your approval holds only for"
        " that version, so we ask you to answer again.",
        "uk": "Ви схвалили іншу версію цього листа ({old}). Ваше схвалення стосується лише тієї"
        " версії, тому просимо Вас відповісти ще раз.",
        "ru": "Вы одобрили другую версию этого письма ({old}). Ваше одобрение относится только к"
        " ней, поэтому просим Вас ответить еще раз.",
    },
    "stale-unverified": {
        "en": "An e-mail approving another version of this letter ({old}) reached us in your"
        " name, but we could not verify that you sent it; in any case an approval holds only"
        " for the version approved, so we ask you to answer again.",
        "uk": "Від Вашого імені надійшов електронний лист зі схваленням іншої версії цього листа"
        " ({old}), проте ми не змогли перевірити, що його надіслали саме Ви; до того ж"
        " схвалення стосується лише схваленої версії, тому просимо Вас відповісти ще раз.",
        "ru": "От Вашего имени пришло электронное письмо с одобрением другой версии этого письма"
        " ({old}), однако мы не смогли проверить, что его отправили именно Вы; к тому же"
        " одобрение относится только к одобренной версии, поэтому просим Вас ответить еще раз.",
    },
    "request-changes": {
        "en": "After you had asked for changes to this version, an e-mail approving it reached"
        " us in your name, but we could not verify that you sent it. If you approve this"
        " version, please confirm it by answering again.",
        "uk": "Після того як Ви попросили внести зміни до цієї версії, ми отримали від Вашого"
        " імені електронний лист із її схваленням, проте не змогли перевірити, що його"
        " надіслали саме Ви. Якщо Ви схвалюєте цю версію, просимо підтвердити це повторною"
        " відповіддю.",
        "ru": "После того как Вы попросили внести изменения в эту версию, от Вашего имени"
        " пришло электронное письмо с ее одобрением, однако мы не смогли проверить, что его"
        " отправили именно Вы. Если Вы одобряете эту версию, просим подтвердить это повторным"
        " ответом.",
    },
    "revoke": {
        "en": "After you withdrew your approval of this letter, an e-mail approving this version"
        " reached us in your name, but we could not verify that you sent it. If you approve"
        " this version, please confirm it by answering again.",
        "uk": "Після того як Ви відкликали своє схвалення цього листа, ми отримали від Вашого"
        " імені електронний лист зі схваленням цієї версії, проте не змогли перевірити, що"
        " його надіслали саме Ви. Якщо Ви схвалюєте цю версію, просимо підтвердити це"
        " повторною відповіддю.",
        "ru": "После того как Вы отозвали свое одобрение этого письма, от Вашего имени пришло"
        " электронное письмо с одобрением этой версии, однако мы не смогли проверить, что его"
        " отправили именно Вы. Если Вы одобряете эту версию, просим подтвердить это повторным"
        " ответом.",
    },
}


@pytest.mark.parametrize("language", sorted(ASKED))
def test_a_signatory_asked_again_after_approving_an_earlier_version_is_told_why(
    sample: Path, runner: CliRunner, language: str
) -> None:
    """Bilčík approved a version, and the letter changed: the staff know why he is asked
    again, and so must he, in his language, right above where the changes are shown."""
    ws_path = english_only_with_delegate(sample)
    _reads_first(ws_path, language)
    old = Workspace(ws_path).version(JOINT, "en").short
    Workspace(ws_path).approve(JOINT, "en", "bilcik", via=VIA, version=old)
    change_the_letter(ws_path)
    new = Workspace(ws_path).version(JOINT, "en").short
    args = ["review", "request", "bilcik", "--letter", JOINT, "--no-pdf", "-w", str(ws_path)]
    assert runner.invoke(main, args).exit_code == 0
    body = _body(_read(ws_path / "out" / "review" / "requests" / "bilcik.eml"))
    redline = f"{JOINT}.en.{new}.redline.docx"
    why = ASKED_AGAIN["stale"][language].format(old=old)
    shown = APPROVED[language].format(old=old, file=redline)
    assert f"\n  {why}\n  {shown}\n" in body


@pytest.mark.parametrize("refusal", ["request-changes", "revoke"])
@pytest.mark.parametrize("language", sorted(ASKED))
def test_a_signatory_asked_again_to_confirm_an_approval_is_told_why(
    sample: Path, runner: CliRunner, language: str, refusal: str
) -> None:
    """His approval came from an unauthenticated e-mail after his CHANGES of the same
    version, or after he withdrew his approval: the request asks him again, and says why,
    in his language — naming the "no" the ledger holds, not both kinds."""
    from letters.load.loader import load_checked
    from letters.signoff.answers import record

    _reads_first(sample, language)
    ws = Workspace(sample)
    en = ws.version(JOINT, "en").short
    data = load_checked(sample)
    if refusal == "revoke":
        ws.approve(JOINT, "en", "bilcik", via=VIA, version=en)
        ws.revoke(JOINT, "en", "bilcik", via=VIA)
    else:
        record(data, JOINT, "en", "bilcik", "request-changes", VIA, "Name the court.", en)
    forged = "e-mail <f-1> of 21 May 2020; no Authentication-Results; UNAUTHENTICATED"
    record(data, JOINT, "en", "bilcik", "approve", forged, "", en)
    _result, message = _request_body(sample, runner, "bilcik")
    body = _body(message)
    title = f"  {QUOTED[language]}\n"
    assert f"{title}  {ASKED_AGAIN[refusal][language]}\n" in body


@pytest.mark.parametrize("changes_first", [True, False], ids=["after-changes", "alone"])
@pytest.mark.parametrize("language", sorted(ASKED))
def test_an_unverified_approval_of_another_version_is_not_called_his(
    sample: Path, runner: CliRunner, language: str, changes_first: bool
) -> None:
    """Bilčík asked for changes, or not; an unauthenticated e-mail approving that version
    came in his name; then the letter changed. The request must not tell him he approved it
    ("You approved …"): it says the approval was not verified, and shows what changed since
    the version he asked changes on (none he approved: the e-mail's is not known his)."""
    from letters.load.loader import load_checked
    from letters.signoff.answers import record

    ws_path = english_only_with_delegate(sample)
    _reads_first(ws_path, language)
    old = Workspace(ws_path).version(JOINT, "en").short
    data = load_checked(ws_path)
    if changes_first:
        record(data, JOINT, "en", "bilcik", "request-changes", VIA, "Name the court.", old)
    forged = "e-mail <f-1> of 21 May 2020; no Authentication-Results; UNAUTHENTICATED"
    record(data, JOINT, "en", "bilcik", "approve", forged, "", old)
    change_the_letter(ws_path)
    new = Workspace(ws_path).version(JOINT, "en").short
    args = ["review", "request", "bilcik", "--letter", JOINT, "--no-pdf", "-w", str(ws_path)]
    assert runner.invoke(main, args).exit_code == 0
    body = _body(_read(ws_path / "out" / "review" / "requests" / "bilcik.eml"))
    why = ASKED_AGAIN["stale-unverified"][language].format(old=old)
    shown = ASKED[language].format(old=old, file=f"{JOINT}.en.{new}.redline.docx")
    assert f"\n  {why}\n  {shown}\n" in body if changes_first else f"\n  {why}\n" in body
    assert ASKED_AGAIN["stale"][language].format(old=old) not in body
    assert (f"{JOINT}.en.{new}.redline.docx" in body) == changes_first


# the sentences saying why a signatory is asked again, as requests wrote them before
_EARLIER_WHY = [
    (lang, sentence)
    for lang, sentences in sorted(EARLIER_SENTENCES.items())
    for sentence in sentences
]


@pytest.mark.parametrize(("lang", "sentence"), _EARLIER_WHY)
def test_a_reply_knows_a_sentence_its_request_wrote_before(
    sample: Path, lang: str, sentence: str
) -> None:
    """A reply pastes, unquoted under its answer, a sentence an older request wrote ("You
    approved an earlier version …"): it is the request's, not the signatory's comment."""
    from letters.load.loader import load_checked
    from letters.signoff.replies import _request
    from letters.signoff.reply_text import read_answers

    request = _request(load_checked(sample), ["bilcik"], {}, {})
    pasted = sentence.format(version="E3DA-8200")
    said = read_answers(f"APPROVE E3DA-8200\n\n  {pasted}\n", request).said
    assert [(s.action, s.comment) for s in said] == [("approve", "")], lang
