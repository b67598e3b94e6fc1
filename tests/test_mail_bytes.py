"""E-mail drafts keep their exact bytes: a rebuilt campaign must not change a draft whose
letter did not change, so any change to how drafts are written is checked against these.

Each draft's sha256 was recorded from the code of commit cd2c625, where the standard
library's generator wrote the whole MIME content. Every draft is also parsed back, to show
that the pinned bytes are a good draft.
"""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import hashlib
from email.message import EmailMessage
from typing import Any

import pytest

from letters.publish import mail
from letters.publish.mail import Attachment, make_draft


def data(size: int, seed: str = "pdf") -> bytes:
    """``size`` bytes that look random, the same on every machine: the body of a PDF."""
    blocks = (size + 31) // 32
    return b"".join(hashlib.sha256(f"{seed}:{n}".encode()).digest() for n in range(blocks))[:size]


UK: dict[str, Any] = {
    "sender": "Олена Петренко <olena@example.org>",
    "to_name": "Роберта Мецола",
    "to_address": "roberta.metsola@europarl.europa.eu",
    "subject": "Звернення щодо Олени Ахметової",
    "body": "Шановна пані Мецола,\n\nМи звертаємося до Вас.\n\nЗ повагою,\nОлена Петренко\n",
    "attachments": (Attachment("campaign-2020.mep-0001.uk.pdf", data(41_234)),),
    "date": dt.date(2020, 5, 15),
    "language": "uk-UA",
    "label": "recipients/campaign.yaml",
}
EN = {
    **UK,
    "sender": "Appeals desk <appeals@example.org>",
    "to_name": "Roberta Metsola",
    "subject": "Appeal concerning Olena Akhmetova",
    "body": "Dear Ms Metsola,\n\nWe write to you about Olena Akhmetova.\n\nYours sincerely,\n",
    "attachments": (Attachment("campaign-2020.mep-0001.en.pdf", data(57 * 700)),),
    "language": "en-GB",
}
CYRILLIC_NAME = "лист до депутатів Європейського парламенту щодо затримання Олени Ахметової.pdf"
CASES: dict[str, dict[str, Any]] = {
    "uk": UK,
    "en": EN,
    "en-no-attachment": {**EN, "attachments": ()},
    "uk-no-attachment": {**UK, "attachments": ()},
    "ru-long-subject": {
        **UK,
        "to_name": "Роберта " * 12,
        "subject": (
            "Относительно незаконного задержания гражданки Украины Елены Ахметовой и нарушения"
            " её права на справедливый суд — обращение депутатов Европейского парламента"
        ),
        "language": "ru-RU",
        "attachments": (Attachment("campaign-2020.mep-0002.ru.pdf", data(58_001, "ru")),),
    },
    "en-long-subject": {
        **EN,
        "subject": "Appeal concerning the unlawful detention of Olena Akhmetova, " * 3,
        "to_name": 'Smith, John "Jack"',
    },
    "encoded-name": {**UK, "attachments": (Attachment(CYRILLIC_NAME, data(33_333, "n")),)},
    "quoted-name": {**EN, "attachments": (Attachment('Appeal "final".pdf', data(1)),)},
    "longest-ascii-name": {**EN, "attachments": (Attachment("x" * 982 + ".pdf", data(56)),)},
    "two-attachments": {
        **UK,
        "attachments": (
            Attachment("a.uk.pdf", data(30_001, "a")),
            Attachment("b.uk.docx", data(57, "b"), "application/octet-stream"),
        ),
    },
    "empty-attachment": {
        **EN,
        "attachments": (Attachment("empty.pdf", b""), Attachment("tiny.pdf", data(58))),
    },
    "small-sizes": {
        **EN,
        "attachments": tuple(Attachment(f"s{n}.pdf", data(n, str(n))) for n in (2, 3, 114, 115)),
    },
    "crlf-body": {**UK, "body": "Шановна пані Мецола,\r\n\r\n\tМи звертаємося до Вас.\r\n"},
    "no-final-newline": {**EN, "body": "Dear Ms Metsola,\n\nShort, and no line break at the end"},
    "empty-body": {**EN, "body": ""},
    "long-ascii-line": {**EN, "body": "A paragraph without line breaks. " * 20},
    "bare-sender": {**EN, "sender": "appeals@example.org", "to_name": ""},
}
SHA256 = {
    "uk": "c986a2e5ab56c26da8d6f77642f2c0ce5ed638608dbc4b8b5cc80bed508ebf72",
    "en": "5a06397ff4388631c9c833388c6ea9bc14c3e80a2399461dad1c50a0adde7ea7",
    "en-no-attachment": "e97df669d04093efb71b6ccdd499e925ee7eacf8aa76cfefe2b7e2cd971a2bb4",
    "uk-no-attachment": "4eb4ee633ff9eac2d4a31f107abf82dc9ef552eef00c3e5c677bfb2c00e0209f",
    "ru-long-subject": "76c9b8863e84336dbb4d9eff05332ae7f9ede29ea7503a2bdf2b892ea3084d87",
    "en-long-subject": "7c07d355e3900b867141abca2529e62d55bcaff03797da36a72c4906e040df7f",
    "encoded-name": "63c2c766780b421b8800f762f5d798d94f4b582667d3e02b0a7dc2252cd3c06b",
    "quoted-name": "72cf71dcece6d40444a493492ee2e9618ef31722078819b32cc34744fadb3d89",
    "longest-ascii-name": "c84dbd7811bdad5375183fb421c770b1f2ef9b7d62faf6050c4778dfef0aa00c",
    "two-attachments": "547eaad09bbfe1f555ec1b9bacd945936c578c6b6b153755a9000cd32a0ddb5b",
    "empty-attachment": "552d3c4f8d8859ac507672a7cc8bc259efa3379af334fcf7748fc36ef5e5cc5c",
    "small-sizes": "b8a966f3414155dbba392b8a2da5ed136ba729a62462f2d282d3b086e1b4dc4c",
    "crlf-body": "c8c49c834ef96fd5421ecd19611970147201e1d1a638eb6bf64ff1be60f458ea",
    "no-final-newline": "7ab85c5fcd2377c01a6ba84893c147de0b5eee877c622e6300e121504c2b2b15",
    "empty-body": "e068957ad227d9085a85a16b7dc177718c9befb4b69a94e1a8a8beaee7cb377f",
    "long-ascii-line": "612b9e4be89343147e76f1bec43139baced7ad23079738fc86fd893c5ad46aba",
    "bare-sender": "f4285cb28e84b6b467b0e54e11fcc004de00b2dd1965bb9f927b50b75cdf1bac",
}


def parse(draft: bytes) -> EmailMessage:
    message = email.message_from_bytes(draft, policy=email.policy.default)
    assert isinstance(message, EmailMessage)
    return message


def body_text(body: str) -> str:
    """The body as a reader gets it back: CRLF line breaks, ending with one."""
    text = body.replace("\r\n", "\n")
    return (text if text.endswith("\n") else text + "\n").replace("\n", "\r\n")


@pytest.mark.parametrize("case", CASES, ids=list(CASES))
def test_draft_bytes_are_unchanged(case: str) -> None:
    fields = CASES[case]
    draft = make_draft(**fields)
    assert hashlib.sha256(draft).hexdigest() == SHA256[case]
    message = parse(draft)
    plain = message.get_body(("plain",))
    assert plain is not None
    assert plain.get_content() == body_text(fields["body"])
    got = [(a.get_filename(), a.get_content()) for a in message.iter_attachments()]
    assert got == [(a.filename, a.data) for a in fields["attachments"]]


def test_a_boundary_found_in_the_text_is_not_used() -> None:
    digest = hashlib.sha256(b"a draft").hexdigest()
    first = hashlib.sha256(f"{digest}:0".encode("ascii")).hexdigest()[:32]
    body = f"Dear Ms Metsola,\n--=_letters_{first}\nThe line above is the first boundary.\n"
    attachments = [Attachment("a.pdf", data(4_000)), Attachment("b.pdf", data(70))]
    content = mail._mime_content(body, attachments, digest)
    assert hashlib.sha256(content).hexdigest() == (
        "55b3fe047ef4270e000321ab3684c0d1f94a3b35d52df92497b4352708b2fad5"
    )
    message = parse(b"MIME-Version: 1.0\r\n" + content)
    second = hashlib.sha256(f"{digest}:1".encode("ascii")).hexdigest()[:32]
    assert message.get_boundary() == f"=_letters_{second}"
    plain = message.get_body(("plain",))
    assert plain is not None
    assert plain.get_content() == body_text(body)
    assert [a.get_content() for a in message.iter_attachments()] == [a.data for a in attachments]
