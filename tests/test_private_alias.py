"""A private alias (a former name she must not be found by) is a private text of its case like
any other: no letter or e-mail shows it, though a template lists her other names, and the
name every letter shows may not be it nor hold it (tests/bad_inputs/private-alias-*.yaml);
where it is typed again is refused as any private text is (test_private_copies.py)."""

from __future__ import annotations

import email
import email.policy
from email.message import EmailMessage
from pathlib import Path

from click.testing import CliRunner

from tests.conftest import cli, docx_parts

JOINT = "may-2020-joint"
OTHER_NAMES = "Her other names: {{ case.person.aliases|join(', ') }}.\n"


def test_a_private_alias_reaches_no_letter_nor_e_mail(sample: Path, runner: CliRunner) -> None:
    case = sample / "cases/akhmetova/case.yaml"
    text = case.read_text(encoding="utf-8")
    assert text.count("    - Zhanna Bota\n") == 1
    case.write_text(
        text.replace("    - Zhanna Bota\n", "    - {text: Zhanna Bota, private: true}\n"),
        encoding="utf-8",
    )
    email_text = sample / "templates/appeal.email.txt"
    email_text.write_text(email_text.read_text(encoding="utf-8") + OTHER_NAMES, "utf-8")

    said = cli(runner, sample, "build", JOINT, "--email")

    assert "Zhanna" not in said
    drafts = sorted((sample / "out" / JOINT).glob("*.eml"))
    assert drafts
    for path in drafts:
        message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
        assert isinstance(message, EmailMessage)
        body = message.get_body(("plain",))
        assert body is not None
        assert "Her other names: Zhanara Akhmet.\r\n" in body.get_content(), path.name
        assert "Zhanna" not in str(message["Subject"])
    letters = list((sample / "out").rglob("*.docx"))
    assert letters
    for path in [*letters, *drafts]:
        for part in docx_parts(path).values() if path.suffix == ".docx" else [path.read_bytes()]:
            assert b"Zhanna" not in part and b"Bota" not in part, path.name
