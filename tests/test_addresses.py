"""One rule for e-mail addresses: what `letters check` accepts, a draft can be written to."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from pydantic import BaseModel, ValidationError

from letters.cli import main
from letters.cli.build import NOT_RENDERED
from letters.load.models import Person, WorkspaceConfig
from letters.publish.mail import validate_address, validate_sender

ADDRESSES = [
    "roberta.metsola@europarl.europa.eu",
    "o.petrenko+appeals@example.org",
    "info@xn--80aswg.xn--j1amh",
    "o'brien@example.org",  # the old directory rule refused this, which mail programs accept
    "a@example.org, b@example.org",
    "Roberta <roberta@example.org>",
    "roberta..metsola@example.org",  # and let these through, which drafts refuse
    "roberta@example.o",
    "roberta@-example.org",
    "roberta@localhost",
    "roberta@example.org\r\nBcc: x@example.org",
    "роберта@example.org",
    "a" * 65 + "@example.org",
]
SENDERS = [
    "Appeals Desk <appeals@example.org>",
    "appeals@example.org",
    "Appeals Desk",
    "Petrenko, Olena <olena@example.org>",
    "Appeals Desk <appeals@localhost>",
    "Appeals <a..b@example.org>",
    "Appeals\u202e desk <appeals@example.org>",  # a bidi override in the name
    "=?utf-8?b?QXBwZWFsc+KAriBkZXNr?= <appeals@example.org>",  # the same, as an encoded-word
]


def accepts(model: type[BaseModel], data: dict[str, object]) -> bool:
    try:
        model.model_validate(data)
    except ValidationError:
        return False
    return True


def person(email: str) -> dict[str, object]:
    return {
        "id": "someone",
        "language": "en",
        "email": email,
        "name": {"en": "Someone"},
        "roles": [{"title": {"en": "Minister"}, "institution": {"en": "Ministry"}}],
    }


@pytest.mark.parametrize("value", ADDRESSES)
def test_the_directory_accepts_exactly_the_addresses_a_draft_accepts(value: str) -> None:
    assert accepts(Person, person(value)) is validate_address(value)


@pytest.mark.parametrize("value", SENDERS)
def test_workspace_yaml_accepts_exactly_the_senders_a_draft_accepts(value: str) -> None:
    config = {"languages": {"en": "en_GB"}, "email_from": value}
    assert accepts(WorkspaceConfig, config) is validate_sender(value)


@pytest.mark.parametrize(
    ("typed", "why"),
    [
        ("vladimir..bilcik@europarl.eu", " (no lists, no names)"),
        # no list and no name: 'no lists, no names' would say nothing of what is wrong
        (
            "bilcik@europarl",
            ": it has no dot in its domain, after the @ (example.org, not example)",
        ),
    ],
    ids=["two-dots", "no-dot-in-the-domain"],
)
def test_check_reports_an_address_mail_would_refuse(
    sample: Path, runner: CliRunner, typed: str, why: str
) -> None:
    meps = sample / "recipients" / "meps.yaml"
    text = meps.read_text(encoding="utf-8")
    assert text.count("email: vladimir.bilcik@europarl.europa.eu") == 1
    meps.write_text(
        text.replace("email: vladimir.bilcik@europarl.europa.eu", f"email: {typed}"),
        encoding="utf-8",
    )
    result = runner.invoke(main, ["check", "-w", str(sample)])
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        "error: recipients/meps.yaml:50 people[1].email: must be one e-mail address, like"
        f" name@example.org{why}",
        f"Error: 1 problem found. {NOT_RENDERED}",
    ]


def test_check_reports_a_sender_mail_would_refuse(sample: Path, runner: CliRunner) -> None:
    config = sample / "workspace.yaml"
    text = re.sub(r"(?m)^email_from:.*\n", "", config.read_text(encoding="utf-8"))
    text += "email_from: Appeals Desk <appeals@localhost>\n"
    config.write_text(text, encoding="utf-8")
    result = runner.invoke(main, ["check", "-w", str(sample)])
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        f"error: workspace.yaml:{text.count(chr(10))} email_from: must be one sender address,"
        " like 'Appeals Desk <appeals@example.org>' or 'appeals@example.org'",
        f"Error: 1 problem found. {NOT_RENDERED}",
    ]


@pytest.mark.parametrize(
    "name",
    [
        "=?utf-8?b?QXBwZWFsc+KAriBkZXNr?=",  # "Appeals\u202e desk": a bidi override
        "=?utf-8?b?0KHQu9GD0LbQsdCw4oCo0LfQstC10YDQvdC10L3RjA==?=",  # U+2028 in Cyrillic
        "=?utf-8?q?Appeals=C2=85desk?=",  # U+0085, next line
    ],
)
def test_check_reports_a_sender_name_that_decodes_to_a_control_character(
    sample: Path, runner: CliRunner, name: str
) -> None:
    config = sample / "workspace.yaml"
    text = re.sub(r"(?m)^email_from:.*\n", "", config.read_text(encoding="utf-8"))
    text += f'email_from: "{name} <appeals@example.org>"\n'
    config.write_text(text, encoding="utf-8")
    result = runner.invoke(main, ["check", "-w", str(sample)])
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        f"error: workspace.yaml:{text.count(chr(10))} email_from: its name, decoded from"
        " =?…?=, contains a line break or control character; type the name as plain text",
        f"Error: 1 problem found. {NOT_RENDERED}",
    ]
