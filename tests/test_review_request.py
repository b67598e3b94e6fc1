"""Review requests: one e-mail draft per signatory with the drafts to approve, the redline
since their last approval, what changed, and the exact lines to answer with — lines that
`review replies` reads back, and ignores when they are only quoted."""

from __future__ import annotations

import email
from email.message import EmailMessage
from email.policy import default
from pathlib import Path

from click.testing import CliRunner

from letters import Workspace
from letters.cli import main
from letters.signoff.ledger import read_ledger
from tests.conftest import needs_libreoffice, pdf_text
from tests.test_review_replies import (
    BILCIK,
    change_the_letter,
    english_only_with_delegate,
    replies,
)
from tests.test_signoff import JOINT, VIA

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


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
    assert result.output.splitlines()[0] == f"wrote {request}"
    message = _read(request)
    assert message["To"].addresses[0].addr_spec == BILCIK
    assert str(message["Subject"]) == f"[review] please approve: {new}"
    names = [(a.get_filename(), a.get_content_type()) for a in message.iter_attachments()]
    assert names == [
        (f"{JOINT}.en.{new}.draft.docx", DOCX),
        (f"{JOINT}.en.{new}.redline.docx", DOCX),
    ]
    body = _body(message)
    assert f"* {JOINT} [en], version {new}\n" in body
    assert f"What changed since the version you approved: {JOINT}.en.{new}.redline.docx" in body
    assert "  - changed: " in body  # the packet's list of changed inputs
    assert f"\nAPPROVE {new}\n" in body
    assert f"\nCHANGES {new}\n" in body


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
        "Authentication-Results: mx.example.org; dkim=pass; spf=pass\n"
        f"From: {BILCIK}\nMessage-ID: <r-1@example.eu>\nDate: Thu, 21 May 2020 09:00:00 +0000\n"
        "Content-Type: text/plain; charset=utf-8\n\n"
        f"CHANGES {version}\nName the court.\n\nOn 20 May 2020, Appeals desk wrote:\n{quoted}",
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
    (attachment,) = message.iter_attachments()
    assert attachment.get_filename() == f"{JOINT}.en.{version}.draft.pdf"
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
        "  recipients/meps.yaml:43 people[1]: bilcik\n"
    )


def test_a_packet_for_someone_who_signs_nothing_says_so(sample: Path, runner: CliRunner) -> None:
    result = runner.invoke(main, ["review", "packet", "maliuska", "-w", str(sample)])
    assert result.exit_code == 1
    assert result.output == "Error: maliuska signs no letter: no letter's signatories name them\n"
