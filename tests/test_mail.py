"""E-mail drafts read back exactly as written, in any language, and refuse header injection.

Drafts are parsed back with the standard library, the way a mail program
would read them, and every header, the body and each attachment compared
with what went in.
"""

from __future__ import annotations

import base64
import dataclasses
import datetime as dt
import email
import email.policy
import re
from email.header import decode_header, make_header
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from letters.errors import LettersError
from letters.publish.mail import Attachment, make_draft, validate_address, validate_sender

PDF = b"%PDF-1.7\n" + bytes(range(256)) * 40 + b"\r\n\r\n.\r\nFrom x\n%%EOF\n"
DRAFT: dict[str, Any] = {
    "sender": "Олена Петренко <olena@example.org>",
    "to_name": "Роберта Мецола",
    "to_address": "roberta.metsola@europarl.europa.eu",
    "subject": "Звернення щодо Олени Ахметової",
    "body": (
        "Шановна пані Мецола,\n\n"
        "Ми звертаємося до Вас у зв'язку з незаконним затриманням Олени Ахметової.\n\n"
        "З повагою,\nОлена Петренко"
    ),
    "attachments": (Attachment("may-2020-joint.uk.pdf", PDF),),
    "date": dt.date(2020, 5, 15),
    "language": "uk-UA",
    "label": "recipients/meps.yaml",
}
LONG_SUBJECT = (
    "Щодо незаконного затримання громадянки України Олени Ахметової та порушення її права"
    " на справедливий суд — звернення  депутатів Європейського парламенту (травень 2020)"
)
REFUSALS = YAML(typ="safe").load(
    (Path(__file__).parent / "data" / "mail" / "refusals.yaml").read_text(encoding="utf-8")
)


def draft(**changes: Any) -> bytes:
    return make_draft(**{**DRAFT, **changes})


def parse(data: bytes) -> EmailMessage:
    message = email.message_from_bytes(data, policy=email.policy.default)
    assert isinstance(message, EmailMessage)
    return message


def raw_header(data: bytes, name: str) -> str:
    """A header as written, unfolded, before any decoding."""
    head = data.split(b"\r\n\r\n", 1)[0].decode("ascii")
    match = re.search(rf"^{name}: ([^\r\n]*(?:\r\n[ \t][^\r\n]*)*)", head, re.MULTILINE)
    assert match, name
    return match.group(1).replace("\r\n", "")


def rfc2047(text: str) -> str:
    """Decoded as RFC 2047 section 6.2 says, as Thunderbird and Outlook do."""
    return str(make_header(decode_header(text)))


def test_every_part_reads_back_exactly() -> None:
    data = draft()
    message = parse(data)

    assert message["From"].addresses[0].display_name == "Олена Петренко"
    assert message["From"].addresses[0].addr_spec == "olena@example.org"
    (to,) = message["To"].addresses
    assert to.display_name == "Роберта Мецола"
    assert to.addr_spec == "roberta.metsola@europarl.europa.eu"
    assert message["Subject"] == "Звернення щодо Олени Ахметової"
    assert message["Date"].datetime == dt.datetime(2020, 5, 15, 12, tzinfo=dt.timezone.utc)
    assert re.fullmatch(r"<[0-9a-f]{32}@example\.org>", message["Message-ID"])
    assert message["X-Unsent"] == "1"
    assert message["Content-Language"] == "uk-UA"
    assert message["MIME-Version"] == "1.0"
    assert message.get_content_type() == "multipart/mixed"
    assert all(not header.defects for header in message.values())

    text, attachment = message.iter_parts()
    assert text.get_content_type() == "text/plain"
    assert text.get_content_charset() == "utf-8"
    assert text.get_content() == DRAFT["body"].replace("\n", "\r\n") + "\r\n"
    assert attachment.get_content_disposition() == "attachment"
    assert attachment.get_filename() == "may-2020-joint.uk.pdf"
    assert attachment.get_content_type() == "application/pdf"
    assert attachment["Content-Type"].params["name"] == "may-2020-joint.uk.pdf"
    assert attachment.get_content() == PDF


def test_file_is_7bit_with_crlf_and_short_lines() -> None:
    data = draft(subject=LONG_SUBJECT, to_name="Роберта " * 20)
    assert data.isascii()
    assert b"\r" not in data.replace(b"\r\n", b"") and b"\n" not in data.replace(b"\r\n", b"")
    lines = data.split(b"\r\n")
    assert max(len(line) for line in lines) <= 78  # RFC 5322: SHOULD 78, MUST 998
    for word in re.findall(rb"=\?[^?]+\?[bBqQ]\?[^?]*\?=", data):
        assert len(word) <= 75  # RFC 2047 section 2


def test_longest_names_stay_within_998_octets_per_line() -> None:
    name = 'Dr. "Q", ' + "x" * 191
    typed = name.replace('"', '\\"')
    sender = f'"{typed}" <{"s" * 64}@{"d" * 60}.example.org>'
    to_address = f"{'t' * 64}@{'e' * 60}.example.org"
    data = draft(sender=sender, to_name=name, to_address=to_address)
    assert max(len(line) for line in data.split(b"\r\n")) <= 998
    message = parse(data)
    assert message["To"].addresses[0].display_name == name
    assert message["To"].addresses[0].addr_spec == to_address
    assert message["From"].addresses[0].display_name == name


def test_same_inputs_give_the_same_bytes() -> None:
    first = draft()
    assert draft() == first
    boundary = parse(first).get_boundary()
    assert boundary and boundary.startswith("=_letters_")
    changed = draft(body=DRAFT["body"] + "\n")
    assert parse(changed)["Message-ID"] != parse(first)["Message-ID"]
    assert parse(changed).get_boundary() != boundary


def test_another_recipient_gets_another_message_id() -> None:
    one = parse(draft())["Message-ID"]
    other = parse(draft(to_address="office@europarl.europa.eu"))["Message-ID"]
    assert one != other


def test_long_cyrillic_subject_folds_and_keeps_every_space() -> None:
    data = draft(subject=LONG_SUBJECT)
    assert parse(data)["Subject"] == LONG_SUBJECT
    assert rfc2047(raw_header(data, "Subject")) == LONG_SUBJECT
    head = data.split(b"\r\n\r\n", 1)[0].decode("ascii")
    assert re.search(r"^Subject: [^\r\n]*\r\n [^\r\n]*\r\n ", head, re.MULTILINE)  # folded


def test_long_english_subject_stays_readable_and_folds_at_spaces() -> None:
    subject = "Appeal concerning the unlawful detention of Olena Akhmetova, " * 3
    data = draft(subject=subject.strip(), language="en-GB")
    assert "=?" not in raw_header(data, "Subject")
    assert parse(data)["Subject"] == subject.strip()


def test_ascii_text_that_looks_encoded_is_encoded() -> None:
    subject = "About =?utf-8?b?0J3QtQ==?= and more"
    assert parse(draft(subject=subject))["Subject"] == subject


@pytest.mark.parametrize(
    "name",
    [
        "Роберта Мецола",
        'Олександр "Саша" Петренко-Довгоіменний, депутат Європейського парламенту',
        "Šimečka, Michal",
        "O'Sullivan",
        'Smith, John "Jack"',
        "Dr. Anna-Lena Müller",
    ],
)
def test_recipient_names_read_back(name: str) -> None:
    data = draft(to_name=name)
    (to,) = parse(data)["To"].addresses
    assert to.addr_spec == "roberta.metsola@europarl.europa.eu"
    decoded = rfc2047(raw_header(data, "To"))
    if name.isascii():
        assert to.display_name == name
    else:
        assert decoded == f"{name} <roberta.metsola@europarl.europa.eu>"
        # CPython's address parser puts a space between adjacent encoded-words
        # (RFC 2047 section 6.2 says to drop it); a name that fits one word is exact.
        if len(name.encode("utf-8")) <= 42:
            assert to.display_name == name


def test_a_name_with_a_comma_is_one_recipient() -> None:
    message = parse(draft(to_name="Petrenko, Olena"))
    assert [a.addr_spec for a in message["To"].addresses] == ["roberta.metsola@europarl.europa.eu"]


def test_bare_sender_address_and_empty_recipient_name() -> None:
    message = parse(draft(sender="olena@example.org", to_name=""))
    assert message["From"].addresses[0].display_name == ""
    assert message["From"].addresses[0].addr_spec == "olena@example.org"
    assert message["To"].addresses[0].display_name == ""
    assert raw_header(draft(sender="olena@example.org", to_name=""), "To") == (
        "roberta.metsola@europarl.europa.eu"
    )


def test_message_id_domain_comes_from_the_sender() -> None:
    message = parse(draft(sender="Campaign <Campaign@Lists.Example.NET>"))
    assert message["Message-ID"].endswith("@lists.example.net>")


@pytest.mark.parametrize(
    "name",
    [
        "лист.uk.pdf",
        f"{'l' * 64}.{'r' * 64}.uk.pdf",  # the longest letter and recipient ids
        "лист до депутатів Європейського парламенту щодо затримання Олени Ахметової.uk.pdf",
        'Appeal "final" =?utf-8?b?eA==?=.pdf',  # a quote, and text that looks encoded
        "x" * 982 + ".pdf",  # the longest plain name: its line is 998 octets
        "ж" * 162 + ".pdf",  # the longest Cyrillic name
    ],
    ids=["short-cyrillic", "long-ascii", "long-cyrillic", "quote", "longest-ascii", "longest"],
)
def test_attachment_names_are_one_parameter_that_outlook_reads(name: str) -> None:
    data = draft(attachments=[Attachment(name, PDF)])
    assert draft(attachments=[Attachment(name, PDF)]) == data
    (attachment,) = parse(data).iter_attachments()
    assert attachment.get_filename() == name
    assert attachment["Content-Type"].params["name"] == name
    assert attachment.get_content() == PDF
    # Never RFC 2231 continuations (filename*0*=...), which Outlook does not join.
    assert not re.search(rb"\*[0-9]", data)
    lines = data.split(b"\r\n")
    assert max(len(line) for line in lines) <= 998
    # Only a name's own line may pass 78 characters: a parameter is not folded.
    assert all(len(line) <= 78 for line in lines if not line.startswith((b" filename", b" name")))
    # Content-Type name= is the name itself or RFC 2047 encoded-words, as Outlook writes it.
    (quoted,) = re.findall(r'\sname="([^"]*)"', data.decode("ascii"))
    assert rfc2047(quoted.replace("\r\n", "")) == name
    for word in re.findall(rb"=\?[^?]+\?[bBqQ]\?[^?]*\?=", data):
        assert len(word) <= 75


@pytest.mark.parametrize(
    ("name", "width"),
    [("x" * 983 + ".pdf", 999), ("ж" * 163 + ".pdf", 1000), ('"' * 330, 1008)],
    ids=["ascii", "cyrillic", "quotes"],
)
def test_a_name_too_long_for_its_header_line_is_refused(name: str, width: int) -> None:
    with pytest.raises(LettersError) as raised:
        draft(attachments=[Attachment("a.pdf", PDF), Attachment(name, PDF)])
    assert str(raised.value) == (
        "1 problem in the e-mail draft:\n"
        "  recipients/meps.yaml attachments[1].filename: too long for an e-mail header:"
        f" {width} characters once encoded, at most 998 fit on its line; shorten the name"
    )


def test_several_attachments_keep_their_order_and_types() -> None:
    files = [
        Attachment("a.uk.pdf", PDF),
        Attachment("b.uk.docx", b"PK\x03\x04", "application/octet-stream"),
    ]
    message = parse(draft(attachments=files))
    got = [
        (a.get_filename(), a.get_content_type(), a.get_content())
        for a in message.iter_attachments()
    ]
    assert got == [(f.filename, f.mimetype, f.data) for f in files]


def test_draft_without_attachments_is_plain_text() -> None:
    message = parse(draft(attachments=()))
    assert message.get_content_type() == "text/plain"
    assert message.get_content() == DRAFT["body"].replace("\n", "\r\n") + "\r\n"


@pytest.mark.parametrize(
    "body",
    [
        "Dear Ms Metsola,\n\nShort.\n",
        "Dear Ms Metsola,\n\n" + "A very long paragraph without line breaks. " * 20,
        "Шановна пані Мецола,\r\n\r\n\tМи звертаємося до Вас.\r\n",
        "",
    ],
    ids=["ascii", "long-lines", "crlf-and-tab", "empty"],
)
def test_body_reads_back_with_crlf_line_breaks(body: str) -> None:
    text = body.replace("\r\n", "\n")
    expected = (text if text.endswith("\n") else text + "\n").replace("\n", "\r\n")
    plain = parse(draft(body=body)).get_body(("plain",))
    assert plain is not None
    assert plain.get_content() == expected


def test_date_is_noon_utc_of_the_letter_date() -> None:
    data = draft(date=dt.date(2021, 1, 31))
    assert raw_header(data, "Date") == "Sun, 31 Jan 2021 12:00:00 +0000"


@pytest.mark.parametrize("case", REFUSALS, ids=[c["id"] for c in REFUSALS])
def test_bad_fields_are_refused_with_exact_message(case: dict[str, Any]) -> None:
    fields = dict(case["fields"])
    if "attachments" in fields:
        fields["attachments"] = [Attachment(data=PDF, **a) for a in fields["attachments"]]
    with pytest.raises(LettersError) as raised:
        draft(**fields)
    assert str(raised.value) == case["expected"]
    for value in case["fields"].values():
        if isinstance(value, str) and len(value) >= 8:
            assert value not in str(raised.value)


@pytest.mark.parametrize(
    "value",
    [
        "roberta.metsola@europarl.europa.eu",
        "o.petrenko+appeals@example.org",
        "info@xn--80aswg.xn--j1amh",
        "a_b-c@mail-1.example.co.uk",
    ],
)
def test_valid_addresses(value: str) -> None:
    assert validate_address(value)


@pytest.mark.parametrize(
    "value",
    [
        "",
        " roberta@example.org",
        "roberta@example.org ",
        "roberta@example.org,",
        "a@example.org, b@example.org",
        "a@example.org;b@example.org",
        "<roberta@example.org>",
        "Roberta <roberta@example.org>",
        "roberta@example.org (office)",
        '"roberta metsola"@example.org',
        "roberta..metsola@example.org",
        ".roberta@example.org",
        "roberta@",
        "@example.org",
        "roberta@localhost",
        "roberta@[192.0.2.1]",
        "roberta@-example.org",
        "roberta@example.123",
        "roberta@example.org\r\nBcc: x@example.org",
        "roberta@example.org\x00",
        "роберта@example.org",
        "roberta@приклад.укр",
        "a" * 65 + "@example.org",
    ],
)
def test_invalid_addresses(value: str) -> None:
    assert not validate_address(value)


@pytest.mark.parametrize(
    ("value", "valid"),
    [
        ("Appeals Desk <appeals@example.org>", True),
        ("Олена Петренко <olena@example.org>", True),
        ('"Petrenko, Olena" <olena@example.org>', True),
        ("appeals@example.org", True),
        ("", False),
        ("Appeals Desk", False),
        ("Petrenko, Olena <olena@example.org>", False),
        ("Appeals Desk <appeals@example.org>, Ivan <ivan@example.org>", False),
        ("Appeals Desk <appeals@localhost>", False),
        ("Appeals Desk <appeals@example.org>\r\nBcc: list@example.com", False),
        ("x" * 201 + " <appeals@example.org>", False),
    ],
)
def test_validate_sender_agrees_with_make_draft(value: str, valid: bool) -> None:
    assert validate_sender(value) is valid
    if valid:
        draft(sender=value)
    else:
        with pytest.raises(LettersError, match=r"recipients/meps.yaml sender: "):
            draft(sender=value)


def test_attachment_is_a_frozen_value() -> None:
    attachment = Attachment("a.pdf", PDF)
    with pytest.raises(dataclasses.FrozenInstanceError):
        attachment.filename = "b.pdf"  # type: ignore[misc]
    assert attachment.mimetype == "application/pdf"


def test_encoded_words_carry_the_spaces() -> None:
    data = draft(subject=LONG_SUBJECT)
    words = re.findall(r"=\?utf-8\?b\?([^?]*)\?=", raw_header(data, "Subject"))
    chunks = [base64.b64decode(w).decode("utf-8") for w in words]
    assert len(chunks) > 1
    assert "".join(chunks) == LONG_SUBJECT
    # Split after a space, so readers that wrongly keep the space between
    # encoded-words show a double space, never a word broken in two.
    assert all(c.endswith(" ") for c in chunks[:-1])
