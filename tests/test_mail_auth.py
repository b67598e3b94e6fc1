"""Whose word a reply's authentication rests on: only the Authentication-Results of the
server `email_authserv_id` names (RFC 8601 §5), and in them a pass only for the domain an
address really ends in — never one a sender wrote into their own message, nor the domain
of a quoted local part."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from letters import Workspace
from letters.cli import main
from letters.cli.build import NOT_RENDERED
from letters.signoff.ledger import read_ledger
from tests.test_review_replies import (
    BILCIK,
    SIMECKA,
    english_only_with_delegate,
    replies,
    thunderbird,
)
from tests.test_signoff import JOINT

FORGED = "evil.example; dkim=pass header.d=europarl.europa.eu"
FAIL = "mx.example.org; dkim=none; spf=softfail smtp.mailfrom=x@evil.example"
FAIL_VERDICT = "dkim=none spf=softfail smtp.mailfrom=x@evil.example"
NOT_TRUSTED = "no Authentication-Results from mx.example.org"
NO_PASS = "no DKIM or SPF pass for europarl.europa.eu"


def with_headers(version: str, *auth: str, sender: str = BILCIK, mid: str = "a-1") -> bytes:
    """A reply approving ``version`` with these Authentication-Results headers, topmost
    first."""
    raw = thunderbird(sender, version, f"APPROVE {version}", mid, auth="")
    return "".join(f"Authentication-Results: {a}\n" for a in auth).encode() + raw


def record(runner: CliRunner, ws_path: Path, tmp_path: Path, raw: bytes) -> tuple[int, str]:
    reply = tmp_path / "reply.eml"
    reply.write_bytes(raw)
    return replies(runner, ws_path, reply)


def expected(version: str, reply: Path, why: str, verdict: str) -> list[str]:
    warning = (
        f"warning: reply <a-1> ({reply}): {why} ({verdict}): recorded, flagged UNAUTHENTICATED;"
        " confirm with the sender that they sent it"
    )
    return [
        f"recorded entry 1: bilcik approve {JOINT} [en] version {version}",
        *([warning] if why else []),
    ]


def set_authserv_id(ws_path: Path, line: str) -> None:
    """Write ``line`` in place of the sample's email_authserv_id ("" to leave it out)."""
    config = ws_path / "workspace.yaml"
    text = config.read_text(encoding="utf-8")
    text, found = re.subn(r"(?m)^email_authserv_id:.*\n", f"{line}\n" if line else "", text)
    assert found == 1
    config.write_text(text, encoding="utf-8")


@pytest.mark.parametrize(
    ("headers", "why", "verdict"),
    [
        # the receiving server wrote none: the sender's own is the topmost, and ignored
        ((FORGED,), NO_PASS, NOT_TRUSTED),
        ((FORGED, FAIL), NO_PASS, FAIL_VERDICT),  # above the trusted one
        ((FAIL, FORGED), NO_PASS, FAIL_VERDICT),  # below it
        # a name that merely begins like the trusted one, or goes on after it
        (
            ("mx.example.org.evil.example; dkim=pass header.d=europarl.europa.eu",),
            NO_PASS,
            NOT_TRUSTED,
        ),
        (("mx.example.org evil; dkim=pass header.d=europarl.europa.eu",), NO_PASS, NOT_TRUSTED),
        # the trusted server's, with a version number, in other letter case, with comments
        (
            ("mx.example.org 1; dkim=pass header.d=europarl.europa.eu",),
            "",
            "dkim=pass header.d=europarl.europa.eu",
        ),
        (
            ("MX.Example.ORG; dkim=pass header.d=europarl.europa.eu",),
            "",
            "dkim=pass header.d=europarl.europa.eu",
        ),
        (
            (FORGED, "mx.example.org (Postfix) 1; dkim=pass (good) header.d=europarl.europa.eu"),
            "",
            "dkim=pass header.d=europarl.europa.eu",
        ),
        # the sender's envelope address, quoted, copied into the server's comment without an
        # escape: its ')' would end the comment early, and its words be read as results
        (
            (
                'mx.example.org; spf=pass (mx.example.org: domain of "a);dkim=pass'
                ' header.d=europarl.europa.eu;("@evil.example designates 192.0.2.1 as'
                ' permitted sender) smtp.mailfrom="a);dkim=pass;("@evil.example',
            ),
            NO_PASS,
            "no dkim or spf result",
        ),
    ],
    ids=[
        "forged-alone",
        "forged-above",
        "forged-below",
        "look-alike-id",
        "not-a-version",
        "version",
        "letter-case",
        "comments",
        "quote-in-a-comment",
    ],
)
def test_only_the_trusted_servers_results_count(
    sample: Path,
    runner: CliRunner,
    tmp_path: Path,
    headers: tuple[str, ...],
    why: str,
    verdict: str,
) -> None:
    ws_path = english_only_with_delegate(sample)
    version = Workspace(ws_path).version(JOINT, "en").short
    code, output = record(runner, ws_path, tmp_path, with_headers(version, *headers))
    assert code == 0, output
    assert output.splitlines() == expected(version, tmp_path / "reply.eml", why, verdict)
    flag = "; UNAUTHENTICATED" if why else ""
    assert read_ledger(ws_path)[0].via.endswith(f", {verdict}{flag}")


def test_several_servers_may_be_trusted(sample: Path, runner: CliRunner, tmp_path: Path) -> None:
    ws_path = english_only_with_delegate(sample)
    set_authserv_id(ws_path, "email_authserv_id: [mx1.example.org, MX2.example.org]")
    version = Workspace(ws_path).version(JOINT, "en").short
    passed = "mx2.example.org; dkim=pass header.d=europarl.europa.eu"
    code, output = record(runner, ws_path, tmp_path, with_headers(version, FORGED, passed, FAIL))
    assert code == 0, output
    assert output.splitlines() == expected(version, tmp_path / "reply.eml", "", "")[:1]


NO_SETTING = (
    "warning: no email_authserv_id in workspace.yaml: which server's Authentication-Results"
    " to trust is not known; set it to the name your mail server writes first in that header"
    " (mx.example.org in 'Authentication-Results: mx.example.org; dkim=pass …'); until then"
    " every reply is recorded flagged UNAUTHENTICATED"
)


def test_without_the_setting_no_verdict_is_trusted(
    sample: Path, runner: CliRunner, tmp_path: Path
) -> None:
    # two replies with a pass each, as the sample's server writes them: both flagged, and
    # what to set said once
    ws_path = english_only_with_delegate(sample)
    set_authserv_id(ws_path, "")
    version = Workspace(ws_path).version(JOINT, "en").short
    first, second = tmp_path / "first.eml", tmp_path / "second.eml"
    first.write_bytes(
        with_headers(version, "mx.example.org; dkim=pass header.d=europarl.europa.eu")
    )
    second.write_bytes(
        with_headers(
            version,
            "mx.example.org; spf=pass smtp.mailfrom=europarl.europa.eu",
            sender=SIMECKA,
            mid="a-2",
        )
    )
    code, output = replies(runner, ws_path, first, second)
    assert code == 0, output
    doubt = (
        "no trusted Authentication-Results (no email_authserv_id): recorded, flagged"
        " UNAUTHENTICATED; confirm with the sender that they sent it"
    )
    assert output.splitlines() == [
        f"recorded entry 1: bilcik approve {JOINT} [en] version {version}",
        f"recorded entry 2: simecka approve {JOINT} [en] version {version}",
        NO_SETTING,
        f"warning: reply <a-1> ({first}): {doubt}",
        f"warning: reply <a-2> ({second}): {doubt}",
    ]
    for entry in read_ledger(ws_path):
        assert entry.via.endswith(", no email_authserv_id; UNAUTHENTICATED")


def test_without_the_setting_authenticated_only_refuses_every_reply(
    sample: Path, runner: CliRunner, tmp_path: Path
) -> None:
    ws_path = english_only_with_delegate(sample)
    set_authserv_id(ws_path, "")
    version = Workspace(ws_path).version(JOINT, "en").short
    reply = tmp_path / "reply.eml"
    reply.write_bytes(
        with_headers(version, "mx.example.org; dkim=pass header.d=europarl.europa.eu")
    )
    args = ["review", "replies", str(reply), "--authenticated-only", "-w", str(ws_path)]
    result = runner.invoke(main, args)
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        NO_SETTING,
        f"not recorded: reply <a-1> ({reply}): from {BILCIK}: no trusted"
        " Authentication-Results (no email_authserv_id); nothing recorded",
        "Error: 1 reply not recorded (listed above)",
    ]
    assert read_ledger(ws_path) == []


NOT_A_NAME = (
    "must be the name your mail server writes first in its Authentication-Results header,"
    " like 'mx.example.org' (one name: no spaces, no ';')"
)


@pytest.mark.parametrize(
    ("value", "error"),
    [
        ("''", f"email_authserv_id: {NOT_A_NAME}"),
        ("'mx.example.org; dkim=pass'", f"email_authserv_id: {NOT_A_NAME}"),
        ("[mx.example.org, 'a b']", f"email_authserv_id[1]: {NOT_A_NAME}"),
        ("[]", "email_authserv_id: must not be empty"),
        (
            "{mx: example.org}",
            "email_authserv_id: must be a name like 'mx.example.org', or a list of such names",
        ),
    ],
    ids=["empty", "a-header", "a-list-with-spaces", "empty-list", "a-mapping"],
)
def test_a_bad_authserv_id_is_named_in_workspace_yaml(
    sample: Path, runner: CliRunner, value: str, error: str
) -> None:
    set_authserv_id(sample, f"email_authserv_id: {value}")
    lines = (sample / "workspace.yaml").read_text("utf-8").splitlines()
    line = 1 + next(n for n, text in enumerate(lines) if text.startswith("email_authserv_id:"))
    result = runner.invoke(main, ["check", "-w", str(sample)])
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        f"error: workspace.yaml:{line} {error}",
        f"Error: 1 problem found. {NOT_RENDERED}",
    ]


@pytest.mark.parametrize(
    ("auth", "why", "verdict"),
    [
        # the domain of a quoted local part is not the address's: evil.example is
        (
            'mx.example.org; spf=pass smtp.mailfrom="a@europarl.europa.eu"@evil.example',
            NO_PASS,
            'spf=pass smtp.mailfrom="a@europarl.europa.eu"@evil.example',
        ),
        (
            r'mx.example.org; spf=pass smtp.mailfrom="a\"@b"@evil.example',
            NO_PASS,
            r'spf=pass smtp.mailfrom="a\"@b"@evil.example',
        ),
        (
            r'mx.example.org; spf=pass smtp.mailfrom="a\"@europarl.europa.eu"@evil.example',
            NO_PASS,
            r'spf=pass smtp.mailfrom="a\"@europarl.europa.eu"@evil.example',
        ),
        (  # the whole address quoted, a quoted local part inside it
            r'mx.example.org; spf=pass smtp.mailfrom="\"a@europarl.europa.eu\"@evil.example"',
            NO_PASS,
            r"spf=pass smtp.mailfrom=\"a@europarl.europa.eu\"@evil.example",
        ),
        (
            'mx.example.org; dkim=pass header.i="x@europarl.europa.eu"@evil.example',
            NO_PASS,
            "dkim=pass header.d=evil.example",
        ),
        (  # two @: not an address
            "mx.example.org; spf=pass smtp.mailfrom=a@evil.example@europarl.europa.eu",
            NO_PASS,
            "spf=pass smtp.mailfrom=a@evil.example@europarl.europa.eu",
        ),
        (  # a comment is no part of the address
            "mx.example.org; spf=pass smtp.mailfrom=a@evil.example(europarl.europa.eu)",
            NO_PASS,
            "spf=pass smtp.mailfrom=a@evil.example",
        ),
        (  # the domain alone, as Microsoft writes it
            "mx.example.org; spf=pass smtp.mailfrom=europarl.europa.eu",
            "",
            "spf=pass smtp.mailfrom=europarl.europa.eu",
        ),
        (  # a quoted local part of the From's own domain
            'mx.example.org; spf=pass smtp.mailfrom="a b"@europarl.europa.eu',
            "",
            'spf=pass smtp.mailfrom="ab"@europarl.europa.eu',
        ),
        (
            "mx.example.org; spf=pass (sender SPF authorized) smtp.mailfrom=a@europarl.europa.eu"
            " (envelope sender); dmarc=pass (p=reject) header.from=europarl.europa.eu",
            "",
            "spf=pass smtp.mailfrom=a@europarl.europa.eu dmarc=pass header.from=europarl.europa.eu",
        ),
    ],
    ids=[
        "quoted-local-part",
        "escaped-quote",
        "escaped-quote-from-domain",
        "quoted-whole",
        "header-i-quoted",
        "two-ats",
        "comment",
        "bare-domain",
        "quoted-own-domain",
        "comments-around",
    ],
)
def test_a_pass_is_for_the_domain_after_the_whole_local_part(
    sample: Path, runner: CliRunner, tmp_path: Path, auth: str, why: str, verdict: str
) -> None:
    ws_path = english_only_with_delegate(sample)
    version = Workspace(ws_path).version(JOINT, "en").short
    code, output = record(runner, ws_path, tmp_path, with_headers(version, auth))
    assert code == 0, output
    assert output.splitlines() == expected(version, tmp_path / "reply.eml", why, verdict)
    flag = "; UNAUTHENTICATED" if why else ""
    assert read_ledger(ws_path)[0].via.endswith(f", {verdict}{flag}")
