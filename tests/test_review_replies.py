"""Replies in: signatories answer by e-mail, as their mail clients write it, and
`review replies` records exactly their own answers — never a quoted one, never one it cannot
attribute — and says what it could not record, and why."""

from __future__ import annotations

import datetime as dt
import json
import mailbox
import re
from collections.abc import Callable
from email.utils import format_datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from letters import Workspace
from letters.cli import main
from letters.signoff.answers import record
from letters.signoff.ledger import ledger_path, read_ledger
from letters.signoff.reply_text import html_text, read_answers
from letters.signoff.standing import UNAUTHENTICATED, unauthenticated
from tests.conftest import files_under
from tests.test_signoff import JOINT, SIX, VIA

ASSISTANT = "assistant.guetta@example.org"
PASS = "mx.example.org; dkim=pass header.d=europarl.europa.eu; spf=pass smtp.mailfrom=europarl"
DELEGATE_PASS = "mx.example.org; dkim=pass header.d=example.org; spf=pass smtp.mailfrom=example.org"
# what a forger's own server passes: its domain, not the From's, and DMARC says so
SPOOF = (
    "mx.example.org; dkim=pass header.d=evil.example; spf=pass"
    " smtp.mailfrom=bounce@evil.example; dmarc=fail (p=none) header.from=europarl.europa.eu"
)
SPOOF_VERDICT = (
    "dkim=pass header.d=evil.example spf=pass smtp.mailfrom=bounce@evil.example dmarc=fail"
    " header.from=europarl.europa.eu"
)


def english_only_with_delegate(sample: Path) -> Path:
    letters = sample / "cases" / "akhmetova" / "letters.yaml"
    text = letters.read_text(encoding="utf-8")
    letters.write_text(text.replace("languages: [en, uk, ru]", "languages: [en]", 1), "utf-8")
    meps = sample / "recipients" / "meps.yaml"
    text = meps.read_text(encoding="utf-8")
    line = "    email: bernard.guetta@europarl.europa.eu\n"
    meps.write_text(text.replace(line, f"{line}    delegates: [{ASSISTANT}]\n"), "utf-8")
    return sample


def change_the_letter(workspace: Path) -> None:
    letters = workspace / "cases" / "akhmetova" / "letters.yaml"
    text = letters.read_text(encoding="utf-8")
    old = "framing: Her extradition would put her in grave danger."
    letters.write_text(text.replace(old, old[:-1] + " indeed.", 1), "utf-8")


def request_text(version: str) -> str:
    """What a review request asks (the lines a careless reply quotes)."""
    return (
        f"Please review the draft may-2020-joint [en], version {version}.\n"
        "To answer, reply with one of these lines:\n\n"
        f"APPROVE {version}\n"
        f"CHANGES {version}\n"
    )


def thunderbird(
    sender: str,
    version: str,
    answer: str,
    mid: str,
    auth: str = PASS,
    date: str | None = "Thu, 21 May 2020 09:14:02 +0200",
) -> bytes:
    """A Thunderbird plain-text reply: the answer on top, the request quoted with '>'."""
    quoted = "".join(f"> {line}\n" if line else ">\n" for line in request_text(version).split("\n"))
    head = [f"Authentication-Results: {auth}"] if auth else []
    head += [
        f"From: Vladimir Bilcik <{sender}>",
        "To: Appeals Desk <appeals@example.org>",
        f"Subject: Re: [review] may-2020-joint {version}",
        *([f"Date: {date}"] if date is not None else []),
        f"Message-ID: <{mid}>",
        "MIME-Version: 1.0",
        "Content-Type: text/plain; charset=UTF-8; format=flowed",
        "Content-Transfer-Encoding: 8bit",
    ]
    body = [answer, "", "On 20/05/2020 18:02, Appeals Desk wrote:", quoted, "-- ", "V. Bilčík, MEP"]
    return ("\n".join([*head, "", *body]) + "\n").encode("utf-8")


def outlook_html(
    sender: str,
    version: str,
    answer_html: str,
    mid: str,
    date: str = "Thu, 21 May 2020 10:30:00 +0000",
) -> bytes:
    """An Outlook HTML-only reply: the request below a 'From: … Sent: …' block."""
    html = (
        '<html><head><style>p{margin:0}</style></head><body><div class="WordSection1">'
        f"<p class=MsoNormal>{answer_html}</p><p>Kind regards,<br>M. Šimečka</p>"
        '<div style="border:none;border-top:solid #E1E1E1 1.0pt;padding:3.0pt 0cm 0cm 0cm">'
        "<p><b>From:</b> Appeals Desk &lt;appeals@example.org&gt;<br><b>Sent:</b> 20 May 2020"
        " 18:02<br><b>To:</b> Simecka Michal<br><b>Subject:</b> [review] may-2020-joint</p>"
        "</div>"
        + "".join(f"<p>{line}</p>" for line in request_text(version).split("\n"))
        + "</div></body></html>"
    )
    head = (
        f"Authentication-Results: {PASS}\n"
        f"From: =?utf-8?q?=C5=A0ime=C4=8Dka_Michal?= <{sender}>\n"
        "To: appeals@example.org\nSubject: RE: [review] may-2020-joint\n"
        f"Date: {date}\n"
        f"Message-ID: <{mid}>\nMIME-Version: 1.0\n"
        "Content-Type: text/html; charset=utf-8\nContent-Transfer-Encoding: 8bit\n\n"
    )
    return (head + html + "\n").encode("utf-8")


def forwarded(version: str, answer: str, mid: str, auth: str = DELEGATE_PASS) -> bytes:
    """Guetta's assistant forwards the request, answering for him on top."""
    body = (
        f"{answer}\n\nOn behalf of Bernard Guetta.\n\n"
        "-------- Forwarded Message --------\n"
        "Subject: [review] may-2020-joint\nDate: Wed, 20 May 2020 18:02:00 +0200\n"
        "From: Appeals Desk <appeals@example.org>\n\n" + request_text(version)
    )
    head = (
        (f"Authentication-Results: {auth}\n" if auth else "")
        + f"From: Assistant <{ASSISTANT}>\nTo: appeals@example.org\n"
        + "Subject: Fwd: [review] may-2020-joint\nDate: Thu, 21 May 2020 11:00:00 +0200\n"
        + f"Message-ID: <{mid}>\nContent-Type: text/plain; charset=utf-8\n\n"
    )
    return (head + body).encode("utf-8")


def write_mbox(path: Path, *messages: bytes) -> Path:
    box = mailbox.mbox(str(path))
    for raw in messages:
        box.add(raw)
    box.flush()
    box.close()
    return path


def replies(runner: CliRunner, ws: Path, *sources: Path) -> tuple[int, str]:
    result = runner.invoke(main, ["review", "replies", *map(str, sources), "-w", str(ws)])
    return result.exit_code, result.output


BILCIK = "vladimir.bilcik@europarl.europa.eu"
SIMECKA = "michal.simecka@europarl.europa.eu"
GUETTA = "bernard.guetta@europarl.europa.eu"


def test_the_whole_loop_from_replies_to_a_final_letter(
    sample: Path, runner: CliRunner, tmp_path: Path
) -> None:
    ws_path = english_only_with_delegate(sample)
    ws = Workspace(ws_path)
    old = ws.version(JOINT, "en").short
    ws.approve(JOINT, "en", "simecka", via=VIA, version=old)
    change_the_letter(ws_path)
    ws = Workspace(ws_path)
    new = ws.version(JOINT, "en").short
    for who in ("austrevicius", "berg", "jukneviciene"):
        ws.approve(JOINT, "en", who, via=VIA, version=new)
    asked = runner.invoke(
        main, ["review", "request", "--letter", JOINT, "--no-pdf", "-w", str(ws_path)]
    )
    assert asked.exit_code == 0, asked.output
    requests = ws_path / "out" / "review" / "requests"
    # those who approved the current version are not asked again
    assert sorted(p.name for p in requests.iterdir()) == ["bilcik.eml", "guetta.eml", "simecka.eml"]
    assert [line for line in asked.output.splitlines() if line.startswith("no request")] == [
        f"no request to {who}: they have approved the current version of every draft asked about"
        for who in ("austrevicius", "berg", "jukneviciene")
    ]
    inbox = write_mbox(
        tmp_path / "inbox.mbox",
        thunderbird(BILCIK, new, f"Dear colleagues,\n\nAPPROVE {new}\n\nBest,", "tb-1@example.eu"),
        outlook_html(SIMECKA, old, f"APPROVE {old}", "ol-1@example.eu"),
        forwarded(new, f"CHANGES {new}\nPlease name the court in the second paragraph.", "fw-1"),
    )
    code, output = replies(runner, ws_path, inbox)
    assert code == 1
    assert output.splitlines() == [
        f"recorded entry 5: bilcik approve {JOINT} [en] version {new}, and wrote with it:"
        " “Dear colleagues, / Best,”",
        f"recorded entry 6: guetta (by delegate {ASSISTANT}) request-changes {JOINT} [en]"
        f" version {new}",
        f"not recorded: reply <ol-1@example.eu> ({inbox}#2): APPROVE {old} is an earlier version"
        f" of {JOINT} [en]; the current draft is {new}: send the signatory the current draft"
        " ('letters review request'); nothing recorded",
        "Error: 1 answer not recorded (listed above)",
    ]
    entries = read_ledger(ws_path)
    assert [(e.n, e.who, e.action) for e in entries[4:]] == [
        (5, "bilcik", "approve"),
        (6, "guetta", "request-changes"),
    ]
    assert entries[5].comment == (
        "Please name the court in the second paragraph. / On behalf of Bernard Guetta."
    )
    assert entries[5].via.endswith(f"; by delegate {ASSISTANT} for guetta")
    assert entries[4].via.startswith(
        f"e-mail <tb-1@example.eu> of 2020-05-21T09:14:02+02:00 from {BILCIK}, sha256 "
    )
    assert entries[4].via.endswith(
        ", dkim=pass header.d=europarl.europa.eu spf=pass smtp.mailfrom=europarl"
    )

    # the same mbox again records nothing twice
    code, output = replies(runner, ws_path, inbox)
    assert "already recorded: reply <tb-1@example.eu>" in output
    assert len(read_ledger(ws_path)) == 6

    refused = runner.invoke(main, ["finalise", JOINT, "-w", str(ws_path)])
    assert refused.exit_code == 1
    assert refused.output == (
        f"Error: letter {JOINT} cannot be finalised: not every signatory approved its current"
        " version:\n"
        "  en: guetta — changes requested, entry 6\n"
        "  en: simecka — approved an earlier version, entry 1\n"
        f"  en: since version {old} was approved: changed: case text"
        f" cases/akhmetova/letters.yaml letters[0].framing; changed: letter {JOINT}\n"
    )

    asked = runner.invoke(
        main, ["review", "request", "simecka", "--letter", JOINT, "--no-pdf", "-w", str(ws_path)]
    )
    assert asked.exit_code == 0, asked.output
    request = (requests / "simecka.eml").read_text(encoding="ascii")
    assert f"[review] please approve: {new}" in request
    again = tmp_path / "Maildir"
    box = mailbox.Maildir(str(again))
    # written after the approval of the earlier version recorded by hand (entry 1), today
    today = format_datetime(dt.datetime.now(dt.timezone.utc))
    box.add(outlook_html(SIMECKA, new, f"<b>APPROVE {new}</b>", "ol-2@example.eu", today))
    box.add(forwarded(new, f"APPROVE {new}", "fw-2"))
    code, output = replies(runner, ws_path, again)
    assert code == 0, output
    assert sorted(line.split(": ", 1)[1] for line in output.splitlines()) == [
        f"guetta (by delegate {ASSISTANT}) approve {JOINT} [en] version {new}, and wrote with"
        " it: “On behalf of Bernard Guetta.”",
        f"simecka approve {JOINT} [en] version {new}, and wrote with it: “Kind regards, /"
        " M. Šimečka”",
    ]
    assert {e.n for e in read_ledger(ws_path)} == set(range(1, 9))
    done = runner.invoke(main, ["finalise", JOINT, "--quiet", "-w", str(ws_path)])
    assert done.exit_code == 0, done.output


NO_ANSWER = (
    "no answer in it (a line 'APPROVE <version>' or 'CHANGES <version>' written by the"
    " sender, not quoted); nothing recorded: read the reply, and if the signatory answered in"
    " other words (a refusal or a withdrawn approval, say), record what they decided"
    " ('letters approve', 'letters request-changes', or 'letters revoke' for an approval"
    " they withdrew)"
)


def below_the_quotation(line: str, cut: str = "quotation") -> str:
    """Why a reply whose only answer line stands below what ended the sender's own words (a
    quotation's header, the request's own text, a signature's "-- ") records nothing."""
    where = {
        "quotation": "no answer above the message it quotes; its line “{line}” stands in or"
        " below that quotation (from its header on, “On … wrote:”, “From: … Sent: …” or a"
        " forwarded message's), where a mail program copies what it quotes unmarked (the"
        " request's answer lines, another's answer)",
        "request": "no answer above the review request it quotes; its line “{line}” stands in"
        " or below the request's own text, which a mail program copies unmarked (its answer"
        " lines among it)",
        "signature": "no answer above its signature; its line “{line}” stands below the"
        " signature separator (a line “-- ”), where a mail program puts a signature and may"
        " copy what the reply quotes unmarked",
    }[cut].format(line=line)
    return (
        f"{where}, so it is not read as the sender's own; nothing recorded: read the reply, and"
        " if the signatory answered there or in other words, record what they decided"
        " ('letters approve', 'letters request-changes', or 'letters revoke' for an approval"
        " they withdrew)"
    )


def _bad(version: str) -> dict[str, tuple[bytes, str]]:
    """Each bad reply and the exact reason it is refused."""
    stranger = "someone@example.net"
    quoting = thunderbird(
        BILCIK,
        version,
        f"Michal wrote to me:\n> APPROVE {version}\nI have not read it yet.",
        "q-1",
    )
    return {
        "unknown-sender": (
            thunderbird(stranger, version, f"APPROVE {version}", "u-1"),
            f"unknown sender {stranger}: no signatory or delegate in the directory has this"
            " address; nothing recorded: if it is a signatory's own (a new address) or one who"
            " answers for them (an assistant, the office), confirm it with the signatory, add it"
            " to their 'email' or 'delegates' in the directory, and run the command again",
        ),
        "unknown-version": (
            thunderbird(BILCIK, version, "APPROVE 0000-0000", "v-1"),
            "APPROVE 0000-0000: no letter has this version; nothing recorded",
        ),
        "both-verbs": (
            thunderbird(BILCIK, version, f"APPROVE {version}\nCHANGES {version}\nor not", "b-1"),
            f"both APPROVE and CHANGES for version {version}; nothing recorded for it: ask the"
            " signatory which they meant",
        ),
        "quoted-approval": (  # Michal's answer he quotes, or his own: nobody can tell
            quoting,
            quoted_answer(version),
        ),
        "refusal-in-other-words": (  # not recorded, but not to be lost: read by hand
            thunderbird(BILCIK, version, "Sorry, I cannot sign this letter.", "r-1"),
            NO_ANSWER,
        ),
        "conditional-approval": (
            thunderbird(BILCIK, version, f"APPROVE {version} only if paragraph 3 goes", "c-1"),
            f"APPROVE {version} is followed on its line by “only if paragraph 3 goes”, so it may"
            " be conditional; nothing recorded for it: read the reply, then record what the"
            " signatory decided ('letters approve' or 'letters request-changes')",
        ),
        # an answer is named by the verb the signatory wrote, which the staff look for
        "unknown-version-russian": (
            thunderbird(BILCIK, version, "одобряю 0000-0000", "v-2"),
            "одобряю 0000-0000: no letter has this version; nothing recorded",
        ),
        "both-verbs-ukrainian": (
            thunderbird(BILCIK, version, f"СХВАЛЮЮ {version}\nЗМІНИ {version}\nчи ні", "b-2"),
            f"both СХВАЛЮЮ and ЗМІНИ for version {version}; nothing recorded for it: ask the"
            " signatory which they meant",
        ),
        "conditional-approval-russian": (
            thunderbird(BILCIK, version, f"ОДОБРЯЮ {version} только без абзаца 3", "c-2"),
            f"ОДОБРЯЮ {version} is followed on its line by “только без абзаца 3”, so it may"
            " be conditional; nothing recorded for it: read the reply, then record what the"
            " signatory decided ('letters approve' or 'letters request-changes')",
        ),
        "changes-without-what-ukrainian": (
            thunderbird(BILCIK, version, f"ЗМІНИ {version}", "w-1"),
            f"ЗМІНИ {version} without saying what should change; nothing recorded: ask bilcik"
            f" what should change, then record it ('letters request-changes {JOINT} --lang en"
            " --by bilcik --via … --comment …')",
        ),
        "forwarded-in-french": (  # Bilčík passes on Šimečka's answer: not his own
            thunderbird(
                BILCIK,
                version,
                "Pour info, la réponse de Michal.\n\n---------- Message transféré ---------\n"
                f"De : Michal Šimečka <{SIMECKA}>\nDate : jeu. 21 mai 2020 à 10:30\n\n"
                f"APPROVE {version}",
                "t-1",
            ),
            below_the_quotation(f"APPROVE {version}"),
        ),
        # his answer under his own signature: left out, and the report says why
        "answer-below-the-signature": (
            thunderbird(BILCIK, version, f"Fine by me.\n-- \nV. Bilcik\nAPPROVE {version}", "s-1"),
            below_the_quotation(f"APPROVE {version}", "signature"),
        ),
        # a P.S. under his signature may take back the approval above it: it waits
        "refusal-below-the-signature": (
            thunderbird(
                BILCIK,
                version,
                f"APPROVE {version}\n-- \nV. Bilcik\nP.S. No, wait: I cannot sign this one.",
                "s-2",
            ),
            f"APPROVE {version} is in a reply that also says “P.S. No, wait: I cannot sign this"
            " one.” below its signature line ('-- '), which may refuse or qualify it; nothing"
            " recorded for it: read the reply, then record what the signatory decided ('letters"
            " approve' or 'letters request-changes')",
        ),
        "refusal-below-a-bare-signature-line": (  # "--", its space lost on the way
            thunderbird(
                BILCIK, version, f"APPROVE {version}\n--\nV. B.\nPS: except paragraph 3.", "s-3"
            ),
            f"APPROVE {version} is in a reply that also says “PS: except paragraph 3.” below its"
            " signature line ('-- '), which may refuse or qualify it; nothing recorded for it:"
            " read the reply, then record what the signatory decided ('letters approve' or"
            " 'letters request-changes')",
        ),
        "forged-unauthenticated": (
            thunderbird(BILCIK, version, f"APPROVE {version}", "f-1", auth=""),
            "from vladimir.bilcik@europarl.europa.eu: no DKIM or SPF pass for"
            " europarl.europa.eu (no Authentication-Results); nothing recorded",
        ),
        "forged-dmarc-fail": (
            thunderbird(BILCIK, version, f"APPROVE {version}", "f-1", auth=SPOOF),
            "from vladimir.bilcik@europarl.europa.eu: a DMARC fail for europarl.europa.eu"
            f" ({SPOOF_VERDICT}); nothing recorded",
        ),
        "forged-pass-for-another-domain": (
            thunderbird(
                BILCIK, version, f"APPROVE {version}", "f-1", auth=SPOOF.split("; dmarc")[0]
            ),
            "from vladimir.bilcik@europarl.europa.eu: no DKIM or SPF pass for europarl.europa.eu"
            " (dkim=pass header.d=evil.example spf=pass smtp.mailfrom=bounce@evil.example);"
            " nothing recorded",
        ),
    }


def test_a_signature_below_an_approval_does_not_hold_it(
    sample: Path, runner: CliRunner, tmp_path: Path
) -> None:
    """Only a postscript's refusal below the "-- " line holds an approval back: a signature's
    name, title and address do not, nor a notice to whoever received it by mistake."""
    ws_path = english_only_with_delegate(sample)
    version = Workspace(ws_path).version(JOINT, "en").short
    reply = tmp_path / "signed.eml"
    signature = (
        "Vladimír Bilčík\nMember of the European Parliament\nRue Wiertz 60, Brussels\n"
        "If you are not the intended recipient, please do not read, copy or use it."
    )
    reply.write_bytes(thunderbird(BILCIK, version, f"APPROVE {version}\n-- \n{signature}", "g-1"))
    code, output = replies(runner, ws_path, reply)
    assert (code, output.splitlines()[0]) == (
        0,
        f"recorded entry 1: bilcik approve {JOINT} [en] version {version}",
    )


def test_a_reply_sent_on_behalf_of_a_signatory_waits_for_their_confirmation(
    sample: Path, runner: CliRunner, tmp_path: Path
) -> None:
    """A From line with the signatory's address and a Sender line with another's (Outlook's
    "on behalf of") passes DKIM for the domain they share, yet the signatory may never have
    seen it: recorded flagged, the Sender kept in the entry, and refused where only
    authenticated replies count."""
    ws_path = english_only_with_delegate(sample)
    version = Workspace(ws_path).version(JOINT, "en").short
    raw = thunderbird(BILCIK, version, f"APPROVE {version}", "o-1").replace(
        b"\nTo: ", b"\nSender: Intern <intern@europarl.europa.eu>\nTo: ", 1
    )
    reply = tmp_path / "on-behalf.eml"
    reply.write_bytes(raw)
    strict = runner.invoke(
        main, ["review", "replies", str(reply), "--authenticated-only", "-w", str(ws_path)]
    )
    assert strict.exit_code == 1
    assert strict.output.splitlines()[0] == (
        f"not recorded: reply <o-1> ({reply}): from {BILCIK}: sent by intern@europarl.europa.eu"
        f" on behalf of {BILCIK}, who may not have seen it (dkim=pass"
        " header.d=europarl.europa.eu spf=pass smtp.mailfrom=europarl"
        " sender=intern@europarl.europa.eu); nothing"
        " recorded"
    )
    code, output = replies(runner, ws_path, reply)
    assert (code, output.splitlines()[1]) == (
        0,
        f"warning: reply <o-1> ({reply}): sent by intern@europarl.europa.eu on behalf of"
        f" {BILCIK}, who may not have seen it (dkim=pass header.d=europarl.europa.eu spf=pass"
        " smtp.mailfrom=europarl"
        " sender=intern@europarl.europa.eu): recorded, flagged UNAUTHENTICATED; confirm with"
        " the sender that they sent it",
    )
    (entry,) = read_ledger(ws_path)
    assert "sender=intern@europarl.europa.eu" in entry.via
    assert entry.via.endswith("UNAUTHENTICATED")


def test_a_delegates_approval_over_the_signatorys_own_no_waits_for_them(
    sample: Path, runner: CliRunner, tmp_path: Path
) -> None:
    """Guetta asked for changes himself; his assistant then approves the same version: the
    approval is recorded, with a warning, and finalise refuses it until Guetta approves it
    himself, as status says."""
    ws_path = english_only_with_delegate(sample)
    version = Workspace(ws_path).version(JOINT, "en").short
    his = tmp_path / "guetta.eml"
    his.write_bytes(thunderbird(GUETTA, version, f"CHANGES {version}\nDrop the second ask.", "g-1"))
    reply = tmp_path / "assistant.eml"
    reply.write_bytes(forwarded(version, f"APPROVE {version}", "fw-9"))
    code, output = replies(runner, ws_path, his, reply)
    assert code == 0
    assert output.splitlines()[-1] == (
        f"warning: reply <fw-9> ({reply}): {ASSISTANT}, guetta's delegate, approved version"
        f" {version}, for which guetta asked for changes themselves (entry 1): finalise refuses"
        " it until guetta approves it themselves (a reply of theirs, or 'letters approve …'"
        " once confirmed)"
    )
    for who in sorted(set(SIX) - {"guetta"}):
        Workspace(ws_path).approve(JOINT, "en", who, via="letter of 20 May", version=version)
    status = runner.invoke(main, ["review", "status", "-w", str(ws_path)])
    guetta = [line.split() for line in status.output.splitlines() if " guetta " in line]
    assert guetta[0][3:7] == ["waiting", "guetta", "needs", "confirmation"]
    refused = runner.invoke(main, ["finalise", JOINT, "-w", str(ws_path)])
    assert (refused.exit_code, refused.output) == (
        1,
        f"Error: letter {JOINT} cannot be finalised: an approval stands over the signatory's"
        " own no to that version, given by a delegate who may not know of it, or read from an"
        f" e-mail that is not authenticated:\n  en: guetta — approve in entry 2 (by delegate"
        f" {ASSISTANT}) after request-changes in entry 1: confirm with guetta that they approve"
        f" version {version}, then record it by hand ('letters approve {JOINT} --lang en --by"
        f" guetta --via … --version {version}')\n",
    )


def test_the_count_of_what_was_not_recorded_tells_answers_from_replies(
    sample: Path, runner: CliRunner, tmp_path: Path
) -> None:
    """A reply refused whole (no answer in it) is counted as a reply, not as an answer; an
    APPROVE refused in a reply that was read, as an answer."""
    ws_path = english_only_with_delegate(sample)
    version = Workspace(ws_path).version(JOINT, "en").short
    sources = []
    for mid, answer in [
        ("n-1", "Will read it next week."),
        ("n-2", "Still travelling, sorry."),
        ("v-1", "APPROVE 0000-0000"),
    ]:
        sources.append(tmp_path / f"{mid}.eml")
        sources[-1].write_bytes(thunderbird(BILCIK, version, answer, mid))
    code, output = replies(runner, ws_path, *sources)
    assert code == 1
    assert output.splitlines()[-1] == "Error: 1 answer and 2 replies not recorded (listed above)"


@pytest.mark.parametrize(
    "case",
    [
        "unknown-sender",
        "unknown-version",
        "both-verbs",
        "quoted-approval",
        "conditional-approval",
        "unknown-version-russian",
        "both-verbs-ukrainian",
        "conditional-approval-russian",
        "changes-without-what-ukrainian",
        "forwarded-in-french",
        "answer-below-the-signature",
        "refusal-below-the-signature",
        "refusal-below-a-bare-signature-line",
        "forged-unauthenticated",
        "forged-dmarc-fail",
        "forged-pass-for-another-domain",
    ],
)
def test_a_bad_reply_records_nothing_and_says_why(
    sample: Path, runner: CliRunner, tmp_path: Path, case: str
) -> None:
    ws_path = english_only_with_delegate(sample)
    ws = Workspace(ws_path)
    version = ws.version(JOINT, "en").short
    ws.approve(JOINT, "en", "berg", via=VIA, version=version)
    before = ledger_path(ws_path).read_bytes()
    raw, why = _bad(version)[case]
    reply = tmp_path / f"{case}.eml"
    reply.write_bytes(raw)
    args = ["review", "replies", str(reply), "--authenticated-only", "-w", str(ws_path)]
    result = runner.invoke(main, args)
    assert result.exit_code == 1
    found = re.search(rb"^Message-ID: <([^>]+)>", raw, re.MULTILINE)
    assert found is not None
    mid = found[1].decode()
    # an answer refused in a reply that was read, or the whole reply
    answers = (
        "unknown-version",
        "both-verbs",
        "conditional-approval",
        "changes-without-what",
        "refusal-below",
    )
    refused = "answer" if case.startswith(answers) else "reply"
    assert result.output == (
        f"not recorded: reply <{mid}> ({reply}): {why}\n"
        f"Error: 1 {refused} not recorded (listed above)\n"
    )
    assert ledger_path(ws_path).read_bytes() == before


def test_an_unauthenticated_reply_is_recorded_flagged_by_default(
    sample: Path, runner: CliRunner, tmp_path: Path
) -> None:
    ws_path = english_only_with_delegate(sample)
    version = Workspace(ws_path).version(JOINT, "en").short
    reply = tmp_path / "reply.eml"
    reply.write_bytes(thunderbird(BILCIK, version, f"APPROVE {version}", "n-1", auth=""))
    result = runner.invoke(main, ["review", "replies", str(reply), "-w", str(ws_path)])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        f"recorded entry 1: bilcik approve {JOINT} [en] version {version}",
        f"warning: reply <n-1> ({reply}): no DKIM or SPF pass for europarl.europa.eu (no"
        " Authentication-Results): recorded, flagged UNAUTHENTICATED; confirm with the sender"
        " that they sent it",
    ]
    assert read_ledger(ws_path)[0].via.endswith("no Authentication-Results; UNAUTHENTICATED")
    # status shows the doubt where the approval stands, and finalise says it once more
    status = runner.invoke(main, ["review", "status", "-w", str(ws_path)])
    bilcik = [line.split() for line in status.output.splitlines() if " bilcik " in line]
    assert bilcik[0][4:] == ["bilcik", "approved", "(unauthenticated", "e-mail)", "1"]
    for who in sorted(set(SIX) - {"bilcik"}):
        Workspace(ws_path).approve(JOINT, "en", who, via="letter of 20 May", version=version)
    # status does not call it ready while finalise would refuse it: it names the command
    status = runner.invoke(main, ["review", "status", "-w", str(ws_path)])
    assert {line.split()[3] for line in status.output.splitlines()[1:7]} == {"unconfirmed"}
    shown = runner.invoke(main, ["review", "status", "--json", "-w", str(ws_path)]).output
    (row,) = [r for r in json.loads(shown) if (r["letter"], r["lang"]) == (JOINT, "en")]
    assert (row["state"], row["complete"], row["to_confirm"]) == ("unconfirmed", False, [1])
    page = tmp_path / "status.html"
    runner.invoke(main, ["review", "status", "--html", str(page), "-w", str(ws_path)])
    html = page.read_text(encoding="utf-8")
    assert "ready for" not in html
    assert f"<code>letters finalise {JOINT} --confirmed 1</code>" in html
    # anyone can write a From line: finalise refuses until you say you confirmed it
    before = files_under(ws_path)
    refused = runner.invoke(main, ["finalise", JOINT, "-w", str(ws_path)])
    assert (refused.exit_code, refused.output) == (1, unconfirmed("bilcik", 1))
    assert files_under(ws_path) == before
    # the entry confirmed is named: another unauthenticated approval would need its own
    other = runner.invoke(main, ["finalise", JOINT, "--confirmed", "2", "-w", str(ws_path)])
    assert (other.exit_code, other.output) == (1, unconfirmed("bilcik", 1))
    # a number that is no approval of this letter (mistyped) is refused, naming those that are
    stray = runner.invoke(main, ["finalise", JOINT, "--confirmed", "99", "-w", str(ws_path)])
    assert (stray.exit_code, stray.output) == (
        1,
        f"Error: letter {JOINT} cannot be finalised: --confirmed 99: not an approval of this"
        " letter (those it takes only with --confirmed are entries: 1); check the number"
        " ('letters review status' shows each answer's entry)\n",
    )
    assert files_under(ws_path) == before
    final = runner.invoke(main, ["finalise", JOINT, "--confirmed", "1", "-w", str(ws_path)])
    assert final.exit_code == 0, final.output
    assert final.output.splitlines()[-1] == (
        "note: approvals read from an e-mail without a DKIM or SPF pass for its sender's domain,"
        " or with a DMARC fail: bilcik [en] (entry 1); finalised with --confirmed, your word"
        " that each signatory confirmed theirs"
    )


def unconfirmed(who: str, entry: int) -> str:
    """What finalise says of an approval from an unauthenticated e-mail not confirmed."""
    return (
        f"Error: letter {JOINT} cannot be finalised: an approval was read from an e-mail"
        " without a DKIM or SPF pass for its sender's domain, or with a DMARC fail, and anyone"
        f" can write such a From line:\n  en: {who} — approve in entry {entry}\nconfirm each"
        " with its signatory (a call, a signed message), then run 'letters finalise"
        f" {JOINT} --confirmed {entry}', or record their approval by hand ('letters approve …"
        " --via …')\n"
    )


@pytest.mark.parametrize(
    ("auth", "verdict", "why"),
    [
        (SPOOF, SPOOF_VERDICT, "a DMARC fail for europarl.europa.eu"),
        (  # DKIM passes for the From's domain, yet DMARC fails: never authenticated
            "mx.example.org; dkim=pass header.d=europarl.europa.eu; dmarc=fail",
            "dkim=pass header.d=europarl.europa.eu dmarc=fail",
            "a DMARC fail for europarl.europa.eu",
        ),
        (  # a pass for a sibling domain, though it ends the same way, is not the From's
            "mx.example.org; dkim=pass header.d=noteuroparl.europa.eu",
            "dkim=pass header.d=noteuroparl.europa.eu",
            "no DKIM or SPF pass for europarl.europa.eu",
        ),
        ("mx.example.org; dkim=pass header.d=europa.eu", "dkim=pass header.d=europa.eu", ""),
        (  # Gmail's way: the signer in header.i, comments, an SPF pass with the address
            "mx.google.com; dkim=pass header.i=@mail.europarl.europa.eu header.s=s1;"
            " spf=pass (google.com: domain of a@europarl.europa.eu designates 1.2.3.4 as"
            " permitted sender) smtp.mailfrom=a@europarl.europa.eu;"
            " dmarc=pass (p=NONE) header.from=europarl.europa.eu",
            "dkim=pass header.d=mail.europarl.europa.eu spf=pass"
            " smtp.mailfrom=a@europarl.europa.eu dmarc=pass header.from=europarl.europa.eu",
            "",
        ),
        (  # a quoted value the sender chose (a selector) cannot pass for a result of its own
            'mx.example.org; dkim=permerror header.s="x; spf=pass smtp.mailfrom=europa.eu";'
            " spf=fail smtp.mailfrom=x@evil.example",
            "dkim=permerror spf=fail smtp.mailfrom=x@evil.example",
            "no DKIM or SPF pass for europarl.europa.eu",
        ),
        (  # a quote never closed: where the results end cannot be known, so none is read
            'mx.example.org; dkim=neutral header.s="x; spf=pass smtp.mailfrom=europa.eu',
            "no dkim or spf result",
            "no DKIM or SPF pass for europarl.europa.eu",
        ),
    ],
    ids=["spoof", "dkim-pass-dmarc-fail", "look-alike", "parent-domain", "gmail", "quoted", "open"],
)
def test_a_pass_counts_only_for_the_from_domain_and_via_keeps_the_verdict(
    sample: Path, runner: CliRunner, tmp_path: Path, auth: str, verdict: str, why: str
) -> None:
    ws_path = english_only_with_delegate(sample)
    config = ws_path / "workspace.yaml"  # the office's mail comes through Gmail too
    text = config.read_text(encoding="utf-8")
    old = "email_authserv_id: mx.example.org\n"
    assert old in text
    config.write_text(
        text.replace(old, "email_authserv_id: [mx.example.org, mx.google.com]\n"), "utf-8"
    )
    version = Workspace(ws_path).version(JOINT, "en").short
    reply = tmp_path / "reply.eml"
    reply.write_bytes(thunderbird(BILCIK, version, f"APPROVE {version}", "s-1", auth=auth))
    code, output = replies(runner, ws_path, reply)
    assert code == 0, output
    warning = (
        f"warning: reply <s-1> ({reply}): {why} ({verdict}): recorded, flagged UNAUTHENTICATED;"
        " confirm with the sender that they sent it"
    )
    assert output.splitlines() == [
        f"recorded entry 1: bilcik approve {JOINT} [en] version {version}",
        *([warning] if why else []),
    ]
    flag = "; UNAUTHENTICATED" if why else ""
    assert read_ledger(ws_path)[0].via.endswith(f", {verdict}{flag}")


def test_an_unauthenticated_reply_from_a_delegate_is_flagged_too(
    sample: Path, runner: CliRunner, tmp_path: Path
) -> None:
    # the delegate's part of `via` must not hide the flag from status and finalise
    ws_path = english_only_with_delegate(sample)
    version = Workspace(ws_path).version(JOINT, "en").short
    reply = tmp_path / "reply.eml"
    reply.write_bytes(forwarded(version, f"APPROVE {version}", "d-1", auth=""))
    code, output = replies(runner, ws_path, reply)
    assert code == 0, output
    assert output.splitlines() == [
        f"recorded entry 1: guetta (by delegate {ASSISTANT}) approve {JOINT} [en] version"
        f" {version}, and wrote with it: “On behalf of Bernard Guetta.”",
        f"warning: reply <d-1> ({reply}): no DKIM or SPF pass for example.org (no"
        " Authentication-Results): recorded, flagged UNAUTHENTICATED; confirm with the sender"
        " that they sent it",
    ]
    assert read_ledger(ws_path)[0].via.endswith(
        f"no Authentication-Results; by delegate {ASSISTANT} for guetta; UNAUTHENTICATED"
    )
    # an entry written before the flag was put last still counts as flagged
    assert unauthenticated(f"e-mail <d-1> …; UNAUTHENTICATED; by delegate {ASSISTANT} for guetta")
    status = runner.invoke(main, ["review", "status", "--json", "-w", str(ws_path)])
    assert status.exit_code == 0, status.output
    (row,) = [r for r in json.loads(status.output) if (r["letter"], r["lang"]) == (JOINT, "en")]
    assert [a for a in row["answers"] if a["who"] == "guetta"] == [
        {
            "who": "guetta",
            "state": "approved",
            "entry": 1,
            "comment": "On behalf of Bernard Guetta.",
            "unauthenticated": True,
            "picture": "",
            "delegate": ASSISTANT,
            "worded": False,  # courtesy and his name: nothing to read
        }
    ]
    # the staff see in the table that the signatory's own word was not given
    table = runner.invoke(main, ["review", "status", "-w", str(ws_path)])
    assert (
        f" guetta        approved (by delegate {ASSISTANT}; unauthenticated e-mail)      1  On"
        " behalf of Bernard Guetta.\n"
    ) in table.output
    for who in sorted(set(SIX) - {"guetta"}):
        Workspace(ws_path).approve(JOINT, "en", who, via="letter of 20 May", version=version)
    refused = runner.invoke(main, ["finalise", JOINT, "-w", str(ws_path)])
    assert (refused.exit_code, refused.output) == (1, unconfirmed("guetta", 1))
    final = runner.invoke(main, ["finalise", JOINT, "--confirmed", "1", "-w", str(ws_path)])
    assert final.exit_code == 0, final.output
    assert final.output.splitlines()[-1] == (
        "note: approvals read from an e-mail without a DKIM or SPF pass for its sender's domain,"
        " or with a DMARC fail: guetta [en] (entry 1); finalised with --confirmed, your word"
        " that each signatory confirmed theirs"
    )


def test_a_reply_recorded_before_the_draft_changed_is_already_recorded(
    sample: Path, runner: CliRunner, tmp_path: Path
) -> None:
    # the coordinator reads the whole inbox again after a new draft: answers to the earlier
    # version were recorded then, so they are not refused as answers to an old version now
    ws_path = english_only_with_delegate(sample)
    old = Workspace(ws_path).version(JOINT, "en").short
    inbox = write_mbox(
        tmp_path / "inbox.mbox",
        thunderbird(BILCIK, old, f"CHANGES {old}\nPlease name the court.", "tb-1@example.eu"),
    )
    code, output = replies(runner, ws_path, inbox)
    assert code == 0, output
    change_the_letter(ws_path)
    code, output = replies(runner, ws_path, inbox)
    assert code == 0, output
    assert output == (
        f"already recorded: reply <tb-1@example.eu> ({inbox}#1): CHANGES {old} already"
        " recorded (entry 1)\n"
    )
    assert len(read_ledger(ws_path)) == 1


@pytest.mark.parametrize("mid", ["", "<m-1>"], ids=["without-message-id", "with-message-id"])
def test_two_copies_of_a_reply_are_recorded_once(
    sample: Path, runner: CliRunner, tmp_path: Path, mid: str
) -> None:
    # the same reply delivered twice (to two addresses, through two relays) and kept by a
    # mail program that adds its own headers: its raw bytes differ, what the sender wrote not
    ws_path = english_only_with_delegate(sample)
    version = Workspace(ws_path).version(JOINT, "en").short
    raw = thunderbird(BILCIK, version, f"APPROVE {version}", "m-1").replace(
        b"Message-ID: <m-1>\n", f"Message-ID: {mid}\n".encode() if mid else b""
    )
    first = b"Received: from relay1.example by mx.example.org\n" + raw
    second = b"Received: from relay2.example by mx.example.org\nX-Mozilla-Status: 0001\n" + raw
    inbox = write_mbox(tmp_path / "inbox.mbox", first, second.replace(b"\n", b"\r\n"))
    code, output = replies(runner, ws_path, inbox)
    assert code == 0, output
    (entry,) = read_ledger(ws_path)
    name = entry.via.split()[1]
    assert name == mid if mid else name.startswith("sha256:")
    assert output.splitlines() == [
        f"recorded entry 1: bilcik approve {JOINT} [en] version {version}",
        f"already recorded: reply {name} ({inbox}#2): APPROVE {version} already recorded (entry 1)",
    ]


EARLIER = "Wed, 20 May 2020 18:00:00 +0200"
LATER = "Thu, 21 May 2020 09:00:00 +0200"


def test_replies_are_recorded_in_the_order_they_were_written(
    sample: Path, runner: CliRunner, tmp_path: Path
) -> None:
    # the CHANGES written the day after the APPROVE comes first in the mailbox: it is
    # recorded last all the same, and stands
    ws_path = english_only_with_delegate(sample)
    version = Workspace(ws_path).version(JOINT, "en").short
    inbox = write_mbox(
        tmp_path / "inbox.mbox",
        thunderbird(BILCIK, version, f"CHANGES {version}\nName the court.", "c-2", date=LATER),
        thunderbird(BILCIK, version, f"APPROVE {version}", "a-1", date=EARLIER),
    )
    code, output = replies(runner, ws_path, inbox)
    assert code == 0, output
    assert output.splitlines() == [
        f"recorded entry 1: bilcik approve {JOINT} [en] version {version}",
        f"recorded entry 2: bilcik request-changes {JOINT} [en] version {version}",
    ]
    status = runner.invoke(main, ["review", "status", "--json", "-w", str(ws_path)])
    (row,) = [r for r in json.loads(status.output) if (r["letter"], r["lang"]) == (JOINT, "en")]
    assert [a["state"] for a in row["answers"] if a["who"] == "bilcik"] == ["changes requested"]


def test_a_reply_older_than_the_answer_recorded_is_not_recorded(
    sample: Path, runner: CliRunner, tmp_path: Path
) -> None:
    # read in a later run, an APPROVE written before the CHANGES recorded does not replace it
    ws_path = english_only_with_delegate(sample)
    version = Workspace(ws_path).version(JOINT, "en").short
    changes = tmp_path / "changes.eml"
    changes.write_bytes(
        thunderbird(BILCIK, version, f"CHANGES {version}\nName the court.", "c-2", date=LATER)
    )
    assert replies(runner, ws_path, changes)[0] == 0
    before = ledger_path(ws_path).read_bytes()
    approval = tmp_path / "approval.eml"
    approval.write_bytes(thunderbird(BILCIK, version, f"APPROVE {version}", "a-1", date=EARLIER))
    code, output = replies(runner, ws_path, approval)
    assert code == 1
    assert output.splitlines() == [
        f"not recorded: reply <a-1> ({approval}): APPROVE {version} was written on"
        " 2020-05-20T18:00:00+02:00, before the answer recorded in entry 1 (request-changes,"
        " of 2020-05-21T09:00:00+02:00), and does not replace it; nothing recorded: if it is"
        " meant, record it by hand ('letters approve' or 'letters request-changes')",
        "Error: 1 answer not recorded (listed above)",
    ]
    assert ledger_path(ws_path).read_bytes() == before


def test_an_unauthenticated_reply_does_not_hold_back_an_authenticated_one(
    sample: Path, runner: CliRunner, tmp_path: Path
) -> None:
    # anyone can write a From line and a Date: an APPROVE without a pass, dated later, must
    # not keep the signatory's own authenticated CHANGES out of the ledger
    ws_path = english_only_with_delegate(sample)
    version = Workspace(ws_path).version(JOINT, "en").short
    forged = tmp_path / "forged.eml"
    forged.write_bytes(thunderbird(BILCIK, version, f"APPROVE {version}", "f-1", None, LATER))
    assert replies(runner, ws_path, forged)[0] == 0
    changes = tmp_path / "changes.eml"
    changes.write_bytes(
        thunderbird(BILCIK, version, f"CHANGES {version}\nName the court.", "c-1", date=EARLIER)
    )
    code, output = replies(runner, ws_path, changes)
    assert code == 0, output
    assert output.splitlines() == [
        f"recorded entry 2: bilcik request-changes {JOINT} [en] version {version}"
    ]


@pytest.mark.parametrize(
    ("date", "why"),
    [
        (None, "has no Date"),
        ("on Tuesday", "has a Date that cannot be read (on Tuesday)"),
        ("Fri, 01 Jan 2100 09:00:00 +0100", "is dated 2100-01-01T09:00:00+01:00, in the future"),
        # a clock reset to its start: sorted before every answer, it would let an APPROVE
        # written before it stand over it
        (
            "Thu, 01 Jan 1970 00:00:00 +0000",
            "is dated 1970-01-01T00:00:00+00:00, before 2000, a date no reply can have",
        ),
        # the mail library reads a year below 100 as 19xx or 20xx, even written in 4 digits
        (
            "Mon, 01 Jan 0001 00:00:00 +0000",
            "is dated 0001-01-01T00:00:00+00:00, before 2000, a date no reply can have",
        ),
        (
            "Thu, 21 May 120 09:14:02 +0200",
            "is dated 0120-05-21T09:14:02+02:00, before 2000, a date no reply can have",
        ),
        # the mail library's overflow: it had stopped the whole command, every reply unread
        (
            "Thu, 21 May 99999999999999999999 09:14:02 +0200",
            "has a Date that cannot be read (Thu, 21 May 99999999999999999999 09:14:02 +0200)",
        ),
    ],
    ids=["missing", "unreadable", "future", "clock-reset", "year-0001", "year-120", "overflow"],
)
def test_a_reply_without_a_usable_date_is_not_recorded(
    sample: Path, runner: CliRunner, tmp_path: Path, date: str | None, why: str
) -> None:
    # when it was written cannot be known, so neither whether a later answer replaces it
    ws_path = english_only_with_delegate(sample)
    version = Workspace(ws_path).version(JOINT, "en").short
    reply = tmp_path / "reply.eml"
    reply.write_bytes(thunderbird(BILCIK, version, f"APPROVE {version}", "d-2", date=date))
    code, output = replies(runner, ws_path, reply)
    assert code == 1
    assert output.splitlines() == [
        f"not recorded: reply <d-2> ({reply}): APPROVE {version}: the reply {why}, so whether"
        " another answer of the signatory came after it cannot be known; nothing recorded: if it"
        " is meant, record it by hand ('letters approve' or 'letters request-changes')",
        "Error: 1 answer not recorded (listed above)",
    ]
    assert read_ledger(ws_path) == []


def test_words_after_an_approval_are_kept_and_shown(
    sample: Path, runner: CliRunner, tmp_path: Path
) -> None:
    ws_path = english_only_with_delegate(sample)
    version = Workspace(ws_path).version(JOINT, "en").short
    reply = tmp_path / "reply.eml"
    text = f"APPROVE {version}\nPlease send me the signed copy.\nVladimir"
    reply.write_bytes(thunderbird(BILCIK, version, text, "w-1"))
    result = runner.invoke(main, ["review", "replies", str(reply), "-w", str(ws_path)])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        f"recorded entry 1: bilcik approve {JOINT} [en] version {version}, and wrote with it:"
        " “Please send me the signed copy. / Vladimir”",
    ]
    assert read_ledger(ws_path)[0].comment == "Please send me the signed copy. / Vladimir"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("СХВАЛЮЮ e3da8200", [("approve", "E3DA-8200", "")]),
        # the id typed on in the Cyrillic layout: its А, С and Е look like A, C and E
        ("ОДОБРЯЮ 74А3-1АЕ3", [("approve", "74A3-1AE3", "")]),
        ("ЗМІНИ Е3DА-82С0\nНазвіть суд.", [("request-changes", "E3DA-82C0", "Назвіть суд.")]),
        ("APPROVE E3DA-8200.", [("approve", "E3DA-8200", "")]),
        ("APPROVE E3DA-8200 if the date is fixed", []),  # refused: may be conditional
        ("ОДОБРЯЮ: E3DA-8200", [("approve", "E3DA-8200", "")]),
        (
            "ЗМІНИ E3DA-8200\nПрошу додати дату.\n\nИЗМЕНЕНИЯ 1234-ABCD — дата\n-- \nПідпис",
            [
                ("request-changes", "E3DA-8200", "Прошу додати дату."),
                ("request-changes", "1234-ABCD", "дата"),
            ],
        ),
        (
            "APPROVE E3DA-8200, 1234-ABCD",
            [("approve", "E3DA-8200", ""), ("approve", "1234-ABCD", "")],
        ),
        ("Так.\n\n20.05.2020 18:02 Appeals Desk пише:\n> СХВАЛЮЮ E3DA-8200", []),
        # Outlook's Sent line always names the date with its year and time
        ("Да.\nFrom: Appeals Desk\nSent: Wednesday, 20 May 2020 18:02\nAPPROVE E3DA-8200", []),
        # what a mail client in another language puts above a forwarded or quoted answer: a
        # dashed line, and below it the labelled lines of the message's header
        (
            "FYI\n-----Ursprüngliche Nachricht-----\nVon: Appeals Desk\nBetreff: Review\n\n"
            "APPROVE E3DA-8200",
            [],
        ),
        (
            "FYI\n-------- Message transféré --------\nSujet : Review\nDe : Appeals Desk\n\n"
            "APPROVE E3DA-8200",
            [],
        ),
        (
            "Zur Info.\nVon: Rasa Juknevičienė <rasa.jukneviciene@europarl.europa.eu>\n"
            "Gesendet: Dienstag, 2. Juni 2020 10:00\nAPPROVE E3DA-8200",
            [],
        ),
        (
            "Žr.\nNuo: JUKNEVIČIENĖ Rasa\nIšsiųsta: 2020 m. birželio 2 d. 10:00\nKam: Appeals\n\n"
            "APPROVE E3DA-8200",
            [],
        ),
        (  # a signatory's own labelled lines are theirs: no address, and fewer than three
            "CHANGES E3DA-8200\nDate: write 21 May 2020.\nPlace: Brussels.",
            [("request-changes", "E3DA-8200", "Date: write 21 May 2020. / Place: Brussels.")],
        ),
        (  # nor is a year without the time a client writes beside it: three lines stay
            "CHANGES E3DA-8200\nDate: write 21 May 2020.\nPlace: Brussels.\nName: Akhmetova.",
            [
                (
                    "request-changes",
                    "E3DA-8200",
                    "Date: write 21 May 2020. / Place: Brussels. / Name: Akhmetova.",
                )
            ],
        ),
        (
            "Re: the May 2020 letter\nNote: checked against the 2019 report\nStatus: fine\n\n"
            "APPROVE E3DA-8200",
            [
                (
                    "approve",
                    "E3DA-8200",
                    "Re: the May 2020 letter / Note: checked against the 2019 report /"
                    " Status: fine",
                )
            ],
        ),
        # Japanese, Chinese and Korean Outlook write the year with a word after it, no space
        (
            "FYI\n差出人: Rasa <rasa@example.eu>\n送信日時: 2020年6月2日 10:00\n宛先: Appeals\n"
            "件名: Review\n\nAPPROVE E3DA-8200",
            [],
        ),
        (
            "FYI\n发件人: Rasa <rasa@example.eu>\n发送时间: 2020年6月2日 10:00\n"
            "\nAPPROVE E3DA-8200",
            [],
        ),
        (
            "FYI\n보낸 사람: Rasa <rasa@example.eu>\n보낸 날짜: 2020년 6월 2일 화요일 오전 10:00\n"
            "받는 사람: Appeals\n\nAPPROVE E3DA-8200",
            [],
        ),
        (  # Finnish Outlook writes the time with a dot
            "Tiedoksi.\nLähettäjä: Rasa\nLähetetty: tiistai 2. kesäkuuta 2020 10.00\n"
            "Vastaanottaja: Appeals\nAPPROVE E3DA-8200",
            [],
        ),
        # a signatory's own dashed line heads their next point; it is no mail program's separator
        (
            "CHANGES E3DA-8200\nTwo things.\n--- paragraph 2 ---\nName the court.\n"
            "--- paragraph 3 ---\nAdd the date.",
            [
                (
                    "request-changes",
                    "E3DA-8200",
                    "Two things. / --- paragraph 2 --- / Name the court. / --- paragraph 3 --- /"
                    " Add the date.",
                )
            ],
        ),
        (  # five dashes and a number: still theirs, and the APPROVE below it is read (what
            # should change is the request's, not the approval's comment)
            "CHANGES E3DA-8200\n----- paragraph 2 -----\nName the court.\n\nAPPROVE 1234-ABCD",
            [
                ("request-changes", "E3DA-8200", "----- paragraph 2 ----- / Name the court."),
                ("approve", "1234-ABCD", ""),
            ],
        ),
        (
            "FYI\n-----Message d'origine-----\nDe : Appeals Desk\nObjet : Review\n\n"
            "APPROVE E3DA-8200",
            [],
        ),
        ("FYI\n----- Forwarded by Rasa/EP on 02.06.2020 10:00 -----\nAPPROVE E3DA-8200", []),
        ("FYI\n----- Forwarded message from Rasa <rasa@example.eu> -----\nAPPROVE E3DA-8200", []),
        # two labelled lines of their own, one with an address, name no date with its time
        (
            "CHANGES E3DA-8200\nContact: office@example.eu\nRe: paragraph 3: name the court.",
            [
                (
                    "request-changes",
                    "E3DA-8200",
                    "Contact: office@example.eu / Re: paragraph 3: name the court.",
                )
            ],
        ),
        (
            "Re: your letter of 20 May 2020\nContact: office@example.eu\n\nAPPROVE E3DA-8200",
            [
                (
                    "approve",
                    "E3DA-8200",
                    "Re: your letter of 20 May 2020 / Contact: office@example.eu",
                )
            ],
        ),
        # quoting someone in their own words is no quotation header: no date, no address, and
        # what follows is not quoted with '>'
        (
            "CHANGES E3DA-8200\nQuote what the 2019 UN report wrote:\n“her detention is arbitrary”",
            [
                (
                    "request-changes",
                    "E3DA-8200",
                    "Quote what the 2019 UN report wrote: / “her detention is arbitrary”",
                )
            ],
        ),
        (
            "ЗМІНИ E3DA-8200\nДодайте, що доповідач ООН пише:\n«затримання свавільне»",
            [
                (
                    "request-changes",
                    "E3DA-8200",
                    "Додайте, що доповідач ООН пише: / «затримання свавільне»",
                )
            ],
        ),
        ("Yes.\n\nAppeals Desk wrote:\n\n> APPROVE E3DA-8200\nAPPROVE E3DA-8200", []),
        ("Yes.\nOn 20/05/2020 18:02, Appeals Desk wrote:\nAPPROVE E3DA-8200", []),
        ("Да.\nAppeals Desk <appeals@example.org> пишет:\nОДОБРЯЮ E3DA-8200", []),
    ],
)
def test_the_grammar_in_three_languages(text: str, expected: list[tuple[str, str, str]]) -> None:
    said = read_answers(text).said
    assert [(s.action, s.version, s.comment) for s in said] == expected


def test_html_blockquotes_are_dropped() -> None:
    html = (
        "<div>CHANGES E3DA-8200<br>the date</div><blockquote><p>APPROVE 1234-ABCD</p></blockquote>"
    )
    assert html_text(html).split() == ["CHANGES", "E3DA-8200", "the", "date"]


def quoting_the_request(header: str, version: str = "E3DA-8200") -> str:
    """A client's header and, below it, the request answered (its APPROVE and CHANGES lines)."""
    return f"{header}\n\n{request_text(version)}"


OUTLOOK_EN = (
    "________________________________\nFrom: Appeals Desk <appeals@example.org>\n"
    "Sent: Wednesday, May 20, 2020 6:02 PM\nTo: Bilcik Vladimir\n"
    "Subject: [review] may-2020-joint E3DA-8200"
)
OUTLOOK_UK = (
    "________________________________\nВід: Appeals Desk <appeals@example.org>\n"
    "Надіслано: 20 травня 2020 р. 18:02\nКому: Bilcik Vladimir\n"
    "Тема: [review] may-2020-joint E3DA-8200"
)
OUTLOOK_RU = (
    "________________________________\nОт: Appeals Desk <appeals@example.org>\n"
    "Отправлено: 20 мая 2020 г. 18:02\nКому: Bilcik Vladimir\n"
    "Тема: [review] may-2020-joint E3DA-8200"
)
FORWARDED_DE = (
    "-----Ursprüngliche Nachricht-----\nVon: Appeals Desk <appeals@example.org>\n"
    "Gesendet: Mittwoch, 20. Mai 2020 18:02\nAn: Bilcik Vladimir\n"
    "Betreff: [review] may-2020-joint E3DA-8200"
)
FORWARDED_FR = (
    "-------- Message transféré --------\nSujet : [review] may-2020-joint E3DA-8200\n"
    "Date : Wed, 20 May 2020 18:02:00 +0200\nDe : Appeals Desk <appeals@example.org>"
)


@pytest.mark.parametrize(
    ("own", "header", "comment"),
    [
        # a signatory's own line of underscores, between their points or above their name: no
        # Outlook header follows it (Outlook's own line, with From:/Від:/От: below, still cuts)
        (
            "CHANGES E3DA-8200\nParagraph 2: name the court.\n______________________________\n"
            "Paragraph 4: the hearing was on 21 May.\n\nVladimir",
            OUTLOOK_EN,
            "Paragraph 2: name the court. / ______________________________ /"
            " Paragraph 4: the hearing was on 21 May. / Vladimir",
        ),
        (
            "ЗМІНИ E3DA-8200\nАбзац 2: назвіть суд.\n______________________________\n"
            "Абзац 3: додайте дату слухання.",
            OUTLOOK_UK,
            "Абзац 2: назвіть суд. / ______________________________ /"
            " Абзац 3: додайте дату слухання.",
        ),
        (
            "ИЗМЕНЕНИЯ E3DA-8200\nНазовите суд.\n______________\nВладимир Бильчик\n"
            "депутат Европейского парламента",
            OUTLOOK_RU,
            "Назовите суд. / ______________ / Владимир Бильчик / депутат Европейского парламента",
        ),
        # a dashed heading of their own, with prose below it: no labelled header line follows
        (
            "CHANGES E3DA-8200\n----- Summary -----\nName the court in paragraph 2 and the date"
            " of the hearing in paragraph 3.\nThanks, Vladimir",
            FORWARDED_DE,
            "----- Summary ----- / Name the court in paragraph 2 and the date of the hearing in"
            " paragraph 3. / Thanks, Vladimir",
        ),
        (
            "ЗМІНИ E3DA-8200\n----- Коротко -----\nНазвіть суд у другому абзаці.",
            FORWARDED_FR,
            "----- Коротко ----- / Назвіть суд у другому абзаці.",
        ),
        # their own "From: …" and "Date: …" name no year and no time, as a client's header does
        (
            "CHANGES E3DA-8200\nFrom: paragraph 2, please remove “urgently”.\n"
            "Date: should be 21 May, not 20 May.",
            OUTLOOK_EN.split("\n", 1)[1],  # Outlook's header without its line of underscores
            "From: paragraph 2, please remove “urgently”. / Date: should be 21 May, not 20 May.",
        ),
        (
            "ЗМІНИ E3DA-8200\nВід: другого абзацу приберіть «негайно».\n"
            "Дата: має бути 21 травня, а не 20 травня.",
            OUTLOOK_UK.split("\n", 1)[1],
            "Від: другого абзацу приберіть «негайно». / Дата: має бути 21 травня, а не 20 травня.",
        ),
        (
            "ИЗМЕНЕНИЯ E3DA-8200\nОт: второго абзаца уберите «срочно».\n"
            "Дата: должна быть 21 мая, а не 20 мая.",
            OUTLOOK_RU,
            "От: второго абзаца уберите «срочно». / Дата: должна быть 21 мая, а не 20 мая.",
        ),
    ],
    ids=[
        "underscores-en",
        "underscores-uk",
        "underscores-ru-name",
        "dashes-summary-de",
        "dashes-uk-fr",
        "from-date-en",
        "from-date-uk",
        "from-date-ru",
    ],
)
def test_own_lines_that_look_like_a_client_header_stay_theirs(
    own: str, header: str, comment: str
) -> None:
    # the request quoted below the client's header holds both verbs: were it read, the reply
    # would answer E3DA-8200 both ways and nothing would be said
    said = read_answers(f"{own}\n\n{quoting_the_request(header)}").said
    assert [(s.action, s.version, s.comment) for s in said] == [
        ("request-changes", "E3DA-8200", comment)
    ]


def outlook_plain(sender: str, version: str, answer: str, header: str, mid: str) -> bytes:
    """An Outlook plain-text reply: the answer on top, the request below Outlook's header."""
    head = (
        f"Authentication-Results: {PASS}\n"
        f"From: Vladimir Bilcik <{sender}>\nTo: appeals@example.org\n"
        f"Subject: RE: [review] may-2020-joint {version}\n"
        "Date: Thu, 21 May 2020 09:14:02 +0200\n"
        f"Message-ID: <{mid}>\nContent-Type: text/plain; charset=utf-8\n\n"
    )
    return (head + f"{answer}\n\n{quoting_the_request(header, version)}").encode("utf-8")


@pytest.mark.parametrize(
    ("own", "header", "comment"),
    [
        (
            "Two points.\n______________________________\nParagraph 4: the hearing was on 21 May.",
            OUTLOOK_EN,
            "Two points. / ______________________________ / Paragraph 4: the hearing was on"
            " 21 May.",
        ),
        (
            "----- Summary -----\nName the court in paragraph 2.",
            FORWARDED_DE,
            "----- Summary ----- / Name the court in paragraph 2.",
        ),
        (
            "From: paragraph 2, please remove “urgently”.\nDate: should be 21 May, not 20 May.",
            OUTLOOK_EN.split("\n", 1)[1],
            "From: paragraph 2, please remove “urgently”. / Date: should be 21 May, not 20 May.",
        ),
    ],
    ids=["underscores", "dashes", "from-date"],
)
def test_a_change_asked_below_a_look_alike_header_line_is_recorded_whole(
    sample: Path, runner: CliRunner, tmp_path: Path, own: str, header: str, comment: str
) -> None:
    ws_path = english_only_with_delegate(sample)
    version = Workspace(ws_path).version(JOINT, "en").short
    reply = tmp_path / "reply.eml"
    reply.write_bytes(outlook_plain(BILCIK, version, f"CHANGES {version}\n{own}", header, "o-1"))
    code, output = replies(runner, ws_path, reply)
    assert code == 0, output
    assert output.splitlines() == [
        f"recorded entry 1: bilcik request-changes {JOINT} [en] version {version}"
    ]
    assert [(e.action, e.comment) for e in read_ledger(ws_path)] == [("request-changes", comment)]


def test_a_reply_too_long_to_read_is_refused_for_a_reading_by_hand(
    sample: Path, runner: CliRunner, tmp_path: Path
) -> None:
    """A reply of a million characters on one line (a runaway, not an answer) is not read:
    it is named with the limit it passed, quickly, and nothing is recorded."""
    ws_path = english_only_with_delegate(sample)
    version = Workspace(ws_path).version(JOINT, "en").short
    reply = tmp_path / "long.eml"
    long = f"APPROVE {version}\n\n" + "word " * 200_000 + ":\n"
    reply.write_bytes(thunderbird(BILCIK, version, long, "long-1"))
    code, output = replies(runner, ws_path, reply)
    assert code == 1
    said = re.fullmatch(
        rf"not recorded: reply <long-1> \({re.escape(str(reply))}\): its text is ([\d,]+)"
        r" characters long, over the limit of 200,000 \('reply text'\); nothing recorded: read"
        r" the reply, then record what the signatory decided \('letters approve' or 'letters"
        r" request-changes'\)\nError: 1 reply not recorded \(listed above\)\n",
        output,
    )
    assert said and int(said[1].replace(",", "")) > 1_000_000, output
    assert not (ws_path / "signoff" / "ledger.jsonl").exists() or not read_ledger(ws_path)


def test_an_earlier_version_whose_current_draft_is_untranslated_says_to_translate_first(
    sample: Path, runner: CliRunner, tmp_path: Path
) -> None:
    """The English text changed, so the Ukrainian draft has a message to translate: `review
    request` asks no one to approve it, so sending the current draft is no advice yet."""
    ws = Workspace(sample)
    old = ws.version(JOINT, "uk").short
    ws.request_changes(JOINT, "uk", "bilcik", via=VIA, comment="Назвіть суд.")
    change_the_letter(sample)
    new = Workspace(sample).version(JOINT, "uk").short
    reply = tmp_path / "reply.eml"
    reply.write_bytes(thunderbird(BILCIK, old, f"СХВАЛЮЮ {old}", "tb-old"))
    code, output = replies(runner, sample, reply)
    assert code == 1
    assert output.splitlines() == [
        f"not recorded: reply <tb-old> ({reply}): СХВАЛЮЮ {old} is an earlier version of"
        f" {JOINT} [uk]; the current draft is {new}, which cannot be approved yet: translate its"
        " 1 untranslated, fuzzy or inconsistent message first ('letters build' lists it),"
        " then send the signatory the current draft ('letters review request'); nothing"
        " recorded",
        "Error: 1 answer not recorded (listed above)",
    ]


def test_a_request_sent_from_the_workspace_in_the_mailbox_is_skipped_not_refused(
    sample: Path, runner: CliRunner, tmp_path: Path
) -> None:
    """A conversation exported whole holds the review request too: it is nobody's answer,
    and the advice given for an unknown sender (add it to a signatory's delegates) would put
    the office's own address among those who answer for a signatory."""
    ws_path = english_only_with_delegate(sample)
    version = Workspace(ws_path).version(JOINT, "en").short
    asked = runner.invoke(main, ["review", "request", "bilcik", "--no-pdf", "-w", str(ws_path)])
    assert asked.exit_code == 0, asked.output
    request = (ws_path / "out" / "review" / "requests" / "bilcik.eml").read_bytes()
    inbox = write_mbox(
        tmp_path / "thread.mbox",
        request,
        thunderbird(BILCIK, version, f"APPROVE {version}", "tb-1@example.eu"),
    )
    sent = re.search(rb"^Message-ID: (<[^>]+>)", request, re.MULTILINE | re.IGNORECASE)
    assert sent
    code, output = replies(runner, ws_path, inbox)
    assert code == 0, output
    assert output.splitlines() == [
        f"recorded entry 1: bilcik approve {JOINT} [en] version {version}",
        f"skipped: reply {sent[1].decode()} ({inbox}#1): from the workspace's own address"
        " appeals@example.org (email_from), a message sent from here (a review request, say),"
        " not a signatory's reply; nothing to record",
    ]


def test_a_delegate_of_two_signatories_of_a_letter_records_nothing(
    sample: Path, runner: CliRunner, tmp_path: Path
) -> None:
    """An assistant who answers for two MEPs who both sign the letter: for which of them
    the approval was given cannot be known, so no name goes under it."""
    ws_path = english_only_with_delegate(sample)
    meps = ws_path / "recipients" / "meps.yaml"
    line = f"    email: {BILCIK}\n"
    text = meps.read_text(encoding="utf-8")
    meps.write_text(text.replace(line, f"{line}    delegates: [{ASSISTANT}]\n", 1), "utf-8")
    version = Workspace(ws_path).version(JOINT, "en").short
    reply = tmp_path / "reply.eml"
    raw = thunderbird(ASSISTANT, version, f"APPROVE {version}", "sh-1", auth=DELEGATE_PASS)
    reply.write_bytes(raw)
    code, output = replies(runner, ws_path, reply)
    assert code == 1
    assert output.splitlines() == [
        f"not recorded: reply <sh-1> ({reply}): APPROVE {version} ({JOINT} [en]) is from"
        f" {ASSISTANT} (bilcik or guetta), a delegate of several of its signatories; nothing"
        " recorded",
        "Error: 1 answer not recorded (listed above)",
    ]
    assert not ledger_path(ws_path).exists() or not read_ledger(ws_path)


def _refuse_by_reply(ws_path: Path, runner: CliRunner, tmp_path: Path, version: str) -> None:
    changes = tmp_path / "changes.eml"
    changes.write_bytes(
        thunderbird(BILCIK, version, f"CHANGES {version}\nName the court.", "c-1", date=EARLIER)
    )
    assert replies(runner, ws_path, changes)[0] == 0


def _refuse_by_hand(ws_path: Path, runner: CliRunner, tmp_path: Path, version: str) -> None:
    Workspace(ws_path).request_changes(JOINT, "en", "bilcik", via=VIA, comment="Name the court.")


def _revoke_by_hand(ws_path: Path, runner: CliRunner, tmp_path: Path, version: str) -> None:
    ws = Workspace(ws_path)
    ws.approve(JOINT, "en", "bilcik", via=VIA, version=version)
    ws.revoke(JOINT, "en", "bilcik", via=VIA)


@pytest.mark.parametrize(
    ("refuse", "entry", "action"),
    [
        (_refuse_by_reply, 1, "request-changes"),
        (_refuse_by_hand, 1, "request-changes"),
        (_revoke_by_hand, 2, "revoke"),
    ],
    ids=["changes-by-authenticated-reply", "changes-by-hand", "revoked-by-hand"],
)
def test_an_unauthenticated_approval_does_not_overturn_an_authenticated_no(
    sample: Path,
    runner: CliRunner,
    tmp_path: Path,
    refuse: Callable[[Path, CliRunner, Path, str], None],
    entry: int,
    action: str,
) -> None:
    """Anyone can write a From line and a later Date: an APPROVE without a pass must not turn
    the signatory's own "no" into a signature; it waits for them to confirm it."""
    ws_path = english_only_with_delegate(sample)
    version = Workspace(ws_path).version(JOINT, "en").short
    refuse(ws_path, runner, tmp_path, version)
    before = ledger_path(ws_path).read_bytes()
    later = format_datetime(dt.datetime.now(dt.timezone.utc) + dt.timedelta(hours=1))
    forged = tmp_path / "forged.eml"
    forged.write_bytes(thunderbird(BILCIK, version, f"APPROVE {version}", "f-1", "", later))
    code, output = replies(runner, ws_path, forged)
    assert code == 1
    assert output.splitlines() == [
        f"not recorded: reply <f-1> ({forged}): APPROVE {version} is from an e-mail that is not"
        f" authenticated, and would turn bilcik's {action} of this version (entry {entry}) into"
        " an approval; nothing recorded: anyone can write a From line, so confirm with bilcik"
        f" that they approve it, then record it by hand ('letters approve {JOINT} --lang en"
        f" --by bilcik --via … --version {version}')",
        "Error: 1 answer not recorded (listed above)",
    ]
    assert ledger_path(ws_path).read_bytes() == before


def test_an_unauthenticated_approval_of_a_new_draft_after_changes_is_recorded_flagged(
    sample: Path, runner: CliRunner, tmp_path: Path
) -> None:
    """The CHANGES asked for were made: the approval of the new draft overturns no one's "no",
    and is recorded flagged, as any unauthenticated answer."""
    ws_path = english_only_with_delegate(sample)
    _refuse_by_hand(ws_path, runner, tmp_path, "")
    change_the_letter(ws_path)
    version = Workspace(ws_path).version(JOINT, "en").short
    later = format_datetime(dt.datetime.now(dt.timezone.utc) + dt.timedelta(hours=1))
    reply = tmp_path / "reply.eml"
    reply.write_bytes(thunderbird(BILCIK, version, f"APPROVE {version}", "n-2", "", later))
    code, output = replies(runner, ws_path, reply)
    assert code == 0, output
    assert output.splitlines()[0] == (
        f"recorded entry 2: bilcik approve {JOINT} [en] version {version}"
    )
    assert unauthenticated(read_ledger(ws_path)[-1].via)


@pytest.mark.parametrize(
    "dash",
    ["\u2010", "\u2011", "\u2012", "\u2013", "\u2014", "\u2212"],
    ids=["hyphen", "non-breaking-hyphen", "figure-dash", "en-dash", "em-dash", "minus-sign"],
)
def test_a_dash_that_looks_like_the_hyphen_reads_as_the_ids_hyphen(dash: str) -> None:
    said = read_answers(f"APPROVE E267{dash}D409\n\nИЗМЕНЕНИЯ 12ab{dash}34cd\nДата.").said
    assert [(s.action, s.version, s.comment) for s in said] == [
        ("approve", "E267-D409", ""),
        ("request-changes", "12AB-34CD", "Дата."),
    ]


ON_THE_TRAIN = "Sent from my iPhone on the train: name the court."


@pytest.mark.parametrize(
    ("text", "comment"),
    [
        ("APPROVE E3DA-8200\n\nSent from my iPhone", ""),
        ("APPROVE E3DA-8200\nThanks, Petras\n\nGet Outlook for Android", "Thanks, Petras"),
        ("СХВАЛЮЮ E3DA-8200\n\nНадіслано з iPhone", ""),
        ("ИЗМЕНЕНИЯ E3DA-8200\nНазовите суд.\n\nОтправлено с iPhone", "Назовите суд."),
        # more words than the phone's own are the sender's, and kept
        (f"CHANGES E3DA-8200\n{ON_THE_TRAIN}", ON_THE_TRAIN),
        # Outlook's own lines in an office's Ukrainian or Russian phone
        ("СХВАЛЮЮ E3DA-8200\nДякую.\n\nОтримати Outlook для Android", "Дякую."),
        ("СХВАЛЮЮ E3DA-8200\n\nНадіслано з Outlook для iOS", ""),
        ("ОДОБРЯЮ E3DA-8200\n\nПолучить Outlook для Android", ""),
        ("ОДОБРЯЮ E3DA-8200\n\nОтправлено из Outlook для Android", ""),
    ],
    ids=[
        "iphone",
        "outlook-android",
        "uk-iphone",
        "ru-iphone",
        "more-words",
        "uk-get-outlook",
        "uk-outlook-ios",
        "ru-get-outlook",
        "ru-outlook-android",
    ],
)
def test_a_phones_sign_off_is_left_out_of_the_comment(text: str, comment: str) -> None:
    (said,) = read_answers(text).said
    assert said.comment == comment


def test_an_earlier_version_of_a_language_no_longer_in_the_workspace_says_so(
    sample: Path, runner: CliRunner, tmp_path: Path
) -> None:
    """The Ukrainian letter was answered, then taken out of the workspace: there is no current
    draft to name or to send."""
    ws = Workspace(sample)
    old = ws.version(JOINT, "uk").short
    ws.request_changes(JOINT, "uk", "bilcik", via=VIA, comment="Назвіть суд.")
    ws_path = english_only_with_delegate(sample)
    reply = tmp_path / "reply.eml"
    reply.write_bytes(thunderbird(BILCIK, old, f"СХВАЛЮЮ {old}", "tb-gone"))
    code, output = replies(runner, ws_path, reply)
    assert code == 1
    assert output.splitlines() == [
        f"not recorded: reply <tb-gone> ({reply}): СХВАЛЮЮ {old} is an earlier version of"
        f" {JOINT} [uk], which is no longer in the workspace; nothing recorded",
        "Error: 1 answer not recorded (listed above)",
    ]


def test_finalise_refuses_an_unauthenticated_approval_over_an_authenticated_no(
    sample: Path, runner: CliRunner
) -> None:
    """A ledger written before 'review replies' held such an answer back: the signature waits
    for the signatory's word, recorded by hand, and then goes on."""
    ws_path = english_only_with_delegate(sample)
    ws = Workspace(ws_path)
    version = ws.version(JOINT, "en").short
    ws.request_changes(JOINT, "en", "bilcik", via=VIA, comment="Name the court.")
    forged = f"e-mail <f-1> of 2020-05-21T09:00:00+02:00 from {BILCIK}{UNAUTHENTICATED}"
    # as 'review replies' wrote it then: a --via so typed is refused (check_typed_via)
    record(ws.data, JOINT, "en", "bilcik", "approve", forged, "", version)
    for who in sorted(set(SIX) - {"bilcik"}):
        ws.approve(JOINT, "en", who, via="letter of 20 May", version=version)
    final = runner.invoke(main, ["finalise", JOINT, "-w", str(ws_path)])
    assert final.exit_code == 1
    assert final.output == (
        f"Error: letter {JOINT} cannot be finalised: an approval read from an e-mail that is"
        " not authenticated stands over the signatory's authenticated no to that version, and"
        " anyone can write a From line:\n"
        "  en: bilcik — approve in entry 2 (unauthenticated e-mail) after request-changes in"
        f" entry 1: confirm with bilcik that they approve version {version}, then record it by"
        f" hand ('letters approve {JOINT} --lang en --by bilcik --via … --version {version}')\n"
    )
    assert not (ws_path / "final").exists()
    ws.approve(JOINT, "en", "bilcik", via="telephone call of 22 May", version=version)
    final = runner.invoke(main, ["finalise", JOINT, "-w", str(ws_path)])
    assert final.exit_code == 0, final.output


APPEALS = "appeals@example.org"  # the sample workspace's email_from


def _from_here(version: str) -> dict[str, tuple[str, str]]:
    """What the office may send from its own address: the body, and the answer it holds."""
    forwarded = (
        "FYI, Vladimir's answer below.\n\n---------- Forwarded message ---------\n"
        f"From: Vladimir Bilcik <{BILCIK}>\nDate: Thu, 21 May 2020 at 09:14\n\n"
    )
    return {
        "changes": (f"CHANGES {version}\nName the court in paragraph 2.", f"CHANGES {version}"),
        "approve": (f"APPROVE {version}", f"APPROVE {version}"),
        "forwarded-changes": (
            f"{forwarded}CHANGES {version}\nName the court in paragraph 2.",
            f"CHANGES {version}",
        ),
    }


@pytest.mark.parametrize("case", ["changes", "approve", "forwarded-changes"])
def test_an_answer_sent_from_the_workspace_address_is_refused_not_skipped(
    sample: Path, runner: CliRunner, tmp_path: Path, case: str
) -> None:
    """The office forwards a signatory's answer from its own address: skipped, a CHANGES
    would be lost and the approval recorded before it would stand; it is refused, to be
    confirmed with the signatory and recorded by hand."""
    ws_path = english_only_with_delegate(sample)
    ws = Workspace(ws_path)
    version = ws.version(JOINT, "en").short
    ws.approve(JOINT, "en", "bilcik", via=VIA, version=version)
    before = ledger_path(ws_path).read_bytes()
    body, answer = _from_here(version)[case]
    reply = tmp_path / f"{case}.eml"
    reply.write_bytes(thunderbird(APPEALS, version, body, f"{case}@example.org"))
    code, output = replies(runner, ws_path, reply)
    assert code == 1, output
    assert output.splitlines() == [
        f"not recorded: reply <{case}@example.org> ({reply}): from the workspace's own address"
        f" {APPEALS} (email_from) and holds an answer (“{answer}”): what is sent from here is"
        " no signatory's answer; nothing recorded: if it forwards a signatory's answer,"
        " confirm it with them and record it by hand ('letters approve' or 'letters"
        " request-changes' with --via)",
        "Error: 1 reply not recorded (listed above)",
    ]
    assert ledger_path(ws_path).read_bytes() == before


def test_a_note_sent_from_the_workspace_address_without_an_answer_is_skipped(
    sample: Path, runner: CliRunner, tmp_path: Path
) -> None:
    """A message from here with no answer line outside the request it quotes is nobody's
    answer: skipped, as the request itself is."""
    ws_path = english_only_with_delegate(sample)
    version = Workspace(ws_path).version(JOINT, "en").short
    reply = tmp_path / "note.eml"
    reply.write_bytes(thunderbird(APPEALS, version, "Reminder sent.", "note@example.org"))
    code, output = replies(runner, ws_path, reply)
    assert code == 0, output
    assert output.splitlines() == [
        f"skipped: reply <note@example.org> ({reply}): from the workspace's own address"
        f" {APPEALS} (email_from), a message sent from here (a review request, say), not a"
        " signatory's reply; nothing to record",
    ]


@pytest.mark.parametrize(
    "answer",
    ["I withdraw my approval of {version}. Please take my name off.", "REVOKE {version}"],
    ids=["in-words", "as-a-verb"],
)
def test_an_approval_withdrawn_by_e_mail_is_said_to_be_recorded_with_revoke(
    sample: Path, runner: CliRunner, tmp_path: Path, answer: str
) -> None:
    """A reply reads no withdrawal (no verb revokes), so it must be recorded by hand: the
    report named only 'letters request-changes' and 'letters approve', neither of which
    takes a name off a letter its signatory no longer stands behind."""
    ws_path = english_only_with_delegate(sample)
    ws = Workspace(ws_path)
    version = ws.version(JOINT, "en").short
    ws.approve(JOINT, "en", "bilcik", via=VIA, version=version)
    reply = tmp_path / "reply.eml"
    reply.write_bytes(thunderbird(BILCIK, version, answer.format(version=version), "w-1"))
    code, output = replies(runner, ws_path, reply)
    assert (code, output.splitlines()) == (
        1,
        [
            f"not recorded: reply <w-1> ({reply}): no answer in it (a line 'APPROVE <version>'"
            " or 'CHANGES <version>' written by the sender, not quoted); nothing recorded: read"
            " the reply, and if the signatory answered in other words (a refusal or a"
            " withdrawn approval, say), record what they decided ('letters approve', 'letters"
            " request-changes', or 'letters revoke' for an approval they withdrew)",
            "Error: 1 reply not recorded (listed above)",
        ],
    )


def test_changes_without_what_says_how_to_record_it_and_that_an_approval_stands(
    sample: Path, runner: CliRunner, tmp_path: Path
) -> None:
    """A bare CHANGES is not recorded (a request for changes says what): the report said
    only 'nothing recorded', neither what to do nor that the signatory's approval of that
    very version still stood, which finalise would count as their yes."""
    ws_path = english_only_with_delegate(sample)
    ws = Workspace(ws_path)
    version = ws.version(JOINT, "en").short
    approval = tmp_path / "approval.eml"
    approval.write_bytes(thunderbird(BILCIK, version, f"APPROVE {version}", "w-1", date=EARLIER))
    assert replies(runner, ws_path, approval)[0] == 0
    reply = tmp_path / "reply.eml"
    reply.write_bytes(thunderbird(BILCIK, version, f"CHANGES {version}.", "w-2"))
    code, output = replies(runner, ws_path, reply)
    assert (code, output.splitlines()) == (
        1,
        [
            f"not recorded: reply <w-2> ({reply}): CHANGES {version} without saying what should"
            " change; nothing recorded: ask bilcik what should change, then record it"
            f" ('letters request-changes {JOINT} --lang en --by bilcik --via … --comment …');"
            " until then their approval of this version (entry 1) stands, and finalise counts"
            " it",
            "Error: 1 answer not recorded (listed above)",
        ],
    )


@pytest.mark.parametrize(
    ("answer", "word"),
    [
        ("Approve version {v}.", "APPROVE"),
        ("I APPROVE {v}.", "APPROVE"),
        ("I approve {v}, thanks", "APPROVE"),
        ("Одобряю версию {v}.", "ОДОБРЯЮ"),
    ],
)
def test_a_version_named_with_a_verb_in_prose_says_how_to_answer(
    sample: Path, runner: CliRunner, tmp_path: Path, answer: str, word: str
) -> None:
    """Prose naming a version with a verb is not read (a sentence may qualify it), but the
    report said 'no answer above the message it quotes' and pointed at the request's line."""
    ws_path = english_only_with_delegate(sample)
    version = Workspace(ws_path).version(JOINT, "en").short
    line = answer.format(v=version)
    reply = tmp_path / "reply.eml"
    reply.write_bytes(outlook_html(SIMECKA, version, line, "p-1"))
    code, output = replies(runner, ws_path, reply)
    assert (code, output.splitlines()) == (
        1,
        [
            f"not recorded: reply <p-1> ({reply}): its line “{line}” names version {version}"
            " with a verb, but not as an answer line, so it is not read as an answer; nothing"
            " recorded: read the reply, and if the signatory meant it, ask them to answer with"
            f" a line of its own, “{word} {version}”, or record it by hand ('letters approve …"
            f" --version {version}')",
            "Error: 1 reply not recorded (listed above)",
        ],
    )


def test_an_approve_line_naming_two_versions_in_prose_names_both(
    sample: Path, runner: CliRunner, tmp_path: Path
) -> None:
    """'APPROVE X (en) and Y (uk)': the refusal named X only, so Y went unmentioned (Y is
    a version the workspace knows, here an earlier one in the ledger)."""
    ws_path = english_only_with_delegate(sample)
    old = Workspace(ws_path).version(JOINT, "en").short
    Workspace(ws_path).approve(JOINT, "en", "simecka", via=VIA, version=old)
    change_the_letter(ws_path)
    version = Workspace(ws_path).version(JOINT, "en").short
    reply = tmp_path / "reply.eml"
    answer = f"APPROVE {version} (en) and {old} (uk)"
    reply.write_bytes(thunderbird(BILCIK, version, answer, "t-2"))
    code, output = replies(runner, ws_path, reply)
    assert (code, output.splitlines()) == (
        1,
        [
            f"not recorded: reply <t-2> ({reply}): APPROVE {version} is followed on its line by"
            f" “(en) and {old} (uk)”, which names version {old} too, so it may be"
            f" conditional, and {old} is not read as answered; nothing recorded for it: read"
            " the reply, then record what the signatory decided ('letters approve' or 'letters"
            " request-changes')",
            "Error: 1 answer not recorded (listed above)",
        ],
    )


def test_a_changes_below_the_quotation_warns_that_an_approval_still_stands(
    sample: Path, runner: CliRunner, tmp_path: Path
) -> None:
    """A CHANGES typed under the '>' quote is not read; the report did not say that the
    signatory's approval of that version still stood, which finalise would count."""
    ws_path = english_only_with_delegate(sample)
    ws = Workspace(ws_path)
    version = ws.version(JOINT, "en").short
    ws.approve(JOINT, "en", "bilcik", via=VIA, version=version)
    raw = thunderbird(BILCIK, version, "", "b-2").decode("utf-8")
    raw = raw.replace("-- \nV. Bilčík, MEP", f"CHANGES {version}\nThe date is wrong.")
    reply = tmp_path / "reply.eml"
    reply.write_bytes(raw.encode("utf-8"))
    code, output = replies(runner, ws_path, reply)
    assert (code, output.splitlines()) == (
        1,
        [
            f"not recorded: reply <b-2> ({reply}): {below_the_quotation(f'CHANGES {version}')};"
            f" bilcik's approval of version {version} (entry 1) still stands, and finalise"
            " counts it until the change is recorded ('letters request-changes"
            f" {JOINT} --lang en --by bilcik --via … --comment …')",
            "Error: 1 reply not recorded (listed above)",
        ],
    )


def test_prose_above_a_changes_below_the_quotation_still_warns_of_the_standing_approval(
    sample: Path, runner: CliRunner, tmp_path: Path
) -> None:
    """A prose line naming the version hid both the CHANGES typed under the quotation and
    that the signatory's approval of that version still stood."""
    ws_path = english_only_with_delegate(sample)
    ws = Workspace(ws_path)
    version = ws.version(JOINT, "en").short
    ws.approve(JOINT, "en", "bilcik", via=VIA, version=version)
    prose = f"My changes to {version} are below."
    raw = thunderbird(BILCIK, version, prose, "b-3").decode("utf-8")
    raw = raw.replace("-- \nV. Bilčík, MEP", f"CHANGES {version}\nThe date is wrong.")
    reply = tmp_path / "reply.eml"
    reply.write_bytes(raw.encode("utf-8"))
    code, output = replies(runner, ws_path, reply)
    where = below_the_quotation(f"CHANGES {version}").split(", so it is not read")[0]
    assert (code, output.splitlines()) == (
        1,
        [
            f"not recorded: reply <b-3> ({reply}): {where}, so it is not read as the sender's"
            f" own, and its line “{prose}” names version {version} with a verb, but not as an"
            " answer line, so it is not read as an answer; nothing recorded: read the reply,"
            " and if the signatory answered there or in other words, record what they decided"
            " ('letters approve', 'letters request-changes', or 'letters revoke' for an"
            f" approval they withdrew); bilcik's approval of version {version} (entry 1) still"
            " stands, and finalise counts it until the change is recorded ('letters"
            f" request-changes {JOINT} --lang en --by bilcik --via … --comment …')",
            "Error: 1 reply not recorded (listed above)",
        ],
    )


@pytest.mark.parametrize(
    "answer",
    [
        # both verbs' words, or a negated one: naming either command would be the wrong advice
        "The changes in {v} are fine by me, I approve.",
        "Thanks, I have no changes to {v}.",
        "I don't have any changes for {v}.",
        # a refusal on another line of the sender's own: no answer line is to be asked for
        "I have not yet read the letter.\nI approve {v} anyway on behalf of the group.",
    ],
)
def test_prose_whose_verb_is_unclear_or_refused_is_answered_in_other_words(
    sample: Path, runner: CliRunner, tmp_path: Path, answer: str
) -> None:
    """These were reported as a CHANGES or an APPROVE to write on a line of its own."""
    ws_path = english_only_with_delegate(sample)
    version = Workspace(ws_path).version(JOINT, "en").short
    reply = tmp_path / "reply.eml"
    reply.write_bytes(thunderbird(BILCIK, version, answer.format(v=version), "u-1"))
    code, output = replies(runner, ws_path, reply)
    assert (code, output.splitlines()) == (
        1,
        [
            f"not recorded: reply <u-1> ({reply}): {NO_ANSWER}",
            "Error: 1 reply not recorded (listed above)",
        ],
    )


@pytest.mark.parametrize(
    ("prose", "noise"),
    [
        ("I approve {v} (our ref. 20200521).", "20200521"),
        ("I approve {v}, call me on +32 2 2845-1234", "2845-1234"),
    ],
)
def test_a_number_that_is_no_known_version_is_not_named_as_one(
    sample: Path, runner: CliRunner, tmp_path: Path, prose: str, noise: str
) -> None:
    """A reference number or a phone group was read and named as a version."""
    ws_path = english_only_with_delegate(sample)
    version = Workspace(ws_path).version(JOINT, "en").short
    in_prose = tmp_path / "prose.eml"
    in_prose.write_bytes(thunderbird(BILCIK, version, prose.format(v=version), "n-1"))
    on_line = tmp_path / "line.eml"
    on_line.write_bytes(thunderbird(BILCIK, version, f"APPROVE {version} ({noise})", "n-2"))
    code, output = replies(runner, ws_path, in_prose, on_line)
    assert (code, output.splitlines()) == (
        1,
        [
            f"not recorded: reply <n-1> ({in_prose}): its line “{prose.format(v=version)}”"
            f" names version {version} with a verb, but not as an answer line, so it is not"
            " read as an answer; nothing recorded: read the reply, and if the signatory meant"
            f" it, ask them to answer with a line of its own, “APPROVE {version}”, or record it"
            f" by hand ('letters approve … --version {version}')",
            f"not recorded: reply <n-2> ({on_line}): APPROVE {version} is followed on its line"
            f" by “({noise})”, so it may be conditional; nothing recorded for it: read the"
            " reply, then record what the signatory decided ('letters approve' or 'letters"
            " request-changes')",
            "Error: 1 answer and 1 reply not recorded (listed above)",
        ],
    )


def test_the_requests_own_lines_copied_below_an_outlook_header_warn_of_no_approval(
    sample: Path, runner: CliRunner, tmp_path: Path
) -> None:
    """Šimečka approved, then writes again in Outlook, which copies the request (its
    "CHANGES <version>" line too) below its header unmarked: that copy is no change he
    asked, so nothing says his approval stands until a change is recorded."""
    ws_path = english_only_with_delegate(sample)
    ws = Workspace(ws_path)
    version = ws.version(JOINT, "en").short
    ws.approve(JOINT, "en", "simecka", via=VIA, version=version)
    reply = tmp_path / "reply.eml"
    reply.write_bytes(outlook_html(SIMECKA, version, f"I approve {version}, thanks", "p-2"))
    code, output = replies(runner, ws_path, reply)
    assert code == 1
    assert "still stands" not in output, output


def quoted_answer(version: str) -> str:
    """What the report says of a reply whose only answer line is marked as quoted."""
    return (
        f"its line “APPROVE {version}” is marked as quoted ('>'), as a mail program marks the"
        " message a reply quotes (another's answer, or the request's own line), so whether"
        " the signatory wrote it cannot be known, and it is not read as their answer; nothing"
        " recorded: read the reply, and if the signatory did answer, ask them to write the"
        " line again on its own, not marked with '>', or confirm their answer with them and"
        " record what they decided ('letters approve', 'letters request-changes', or"
        " 'letters revoke' for an approval they withdrew)"
    )
