"""Review requests: one e-mail draft per signatory asking them to approve the current drafts.

Each request carries what the signatory's review packet holds (:mod:`letters.signoff.packet`)
for the letters they sign (or the one letter asked about): the drafts in every language they
read (as PDF, or as .docx with ``pdf=False``), the redline since the version they last
answered on — approved or asked changes on, saying which — where there is one (where the
copy of that version was deleted, a sentence saying so), a plain list of what changed, and
how to answer — the exact lines to copy, which :mod:`letters.signoff.replies` reads back.
The versions asked about are kept in ``signoff/versions/``, so an answer to one of them
after the draft changed is known as stale.

The request is written in the language the signatory reads first (the directory's
``language``), with the answer words of that language first: its words are gettext
messages of the ``review`` domain (:mod:`letters.signoff.request_words`), shipped in
Ukrainian and Russian, translated by a workspace into any other of its languages, the
whole request in English while that translation is not complete. What changed is said in
the request's language too (:mod:`letters.signoff.what_changed`): the packet's own list,
for the staff, names inputs by their field paths.
"""

from __future__ import annotations

import datetime as dt
import errno
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import docx

from letters.errors import LettersError, Problem, no_sender, refuse_not_utf8
from letters.files.atomic import atomic_write_bytes, check_output_folder
from letters.load.loader import WorkspaceData
from letters.plan import letter_languages, signatory_ids, the_letter
from letters.publish.mail import Attachment, make_draft
from letters.publish.staging import check_inside, check_not_kept
from letters.render.picture_texts import unshown_picture_texts
from letters.render.renderer import Renderer
from letters.signoff.answers import draft_gaps, standing_now
from letters.signoff.final_warnings import NOT_FINAL, approval_held
from letters.signoff.known_versions import short_id
from letters.signoff.ledger import keep_version, read_ledger
from letters.signoff.packet import Packet, non_signer_note, packet, packet_folder
from letters.signoff.reply_grammar import verb_words
from letters.signoff.reply_order import held_approval, how_given
from letters.signoff.request_greeting import addressed_to, request_greeting
from letters.signoff.request_words import ReviewWords, request_words, shipped_words
from letters.signoff.standing import UNVERIFIED_STALE
from letters.signoff.what_changed import change_in_words

__all__ = ["Requests", "request_texts", "review_requests"]

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
TEXT = "text/plain"


@dataclass
class Requests:
    """The e-mail drafts written, one per signatory, and notes on what they leave out."""

    written: list[Path] = field(default_factory=list)
    # the folder of each e-mail's review packet: the files it attaches, kept there
    packets: dict[Path, Path] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


@dataclass
class _Standing:
    """Where one signatory stands on the current versions of the letters they sign."""

    approved: set[tuple[str, str]] = field(default_factory=set)  # (letter, lang)
    unread: list[tuple[str, str, str]] = field(default_factory=list)  # letter, lang, version
    # approved, but with a signature picture other than the one now under their name
    picture: set[tuple[str, str]] = field(default_factory=set)  # (letter, lang)
    # drafts that cannot be approved yet: messages untranslated, fuzzy or inconsistent
    unready: set[tuple[str, str]] = field(default_factory=set)  # (letter, lang)
    # asked again, the request saying why: an approval of another version, or one that
    # needs their confirmation (read from an unauthenticated e-mail after their no: the
    # action of that no), or one of another version so read and held (the version)
    stale: set[tuple[str, str]] = field(default_factory=set)  # (letter, lang)
    unconfirmed: dict[tuple[str, str], str] = field(default_factory=dict)
    unverified: dict[tuple[str, str], str] = field(default_factory=dict)


def review_requests(
    ws: WorkspaceData,
    signatories: Sequence[str] = (),
    letter: str | None = None,
    out: Path | None = None,
    *,
    pdf: bool = True,
) -> Requests:
    """Write ``out/<signatory>.eml`` (default ``out/review/requests``) for each of
    ``signatories`` (default: every signatory of ``letter``, or of every letter)."""
    refuse_not_utf8(*(("SIGNATORY", name) for name in signatories), ("--letter", letter or ""))
    given = out or ws.root / "out" / "review" / "requests"
    check_output_folder(ws.root, given)  # before the packets and versions it writes first
    check_not_kept(ws, given, "review request")  # --out templates: drafts read as inputs
    letters = [the_letter(ws, letter)] if letter else list(ws.letters.values())
    signing = list(dict.fromkeys(s for entry in letters for s in signatory_ids(ws, entry)))
    who = list(signatories) or signing
    unknown = [name for name in who if name not in signing]
    if unknown:  # every one named at once, not one per run
        names = ", ".join(f"'{name}'" for name in unknown)
        does = "does" if len(unknown) == 1 else "do"
        where, whose = (f"letter {letter}", "its") if letter else ("any letter", "the letters'")
        # one who signs another letter is no slip: only a recipient or a near miss is named
        anywhere = [s for entry in ws.letters.values() for s in signatory_ids(ws, entry)]
        notes = [n for name in unknown if (n := non_signer_note(ws, name, anywhere))]
        said = f" ({'; '.join(notes)})" if notes else ""
        raise LettersError(
            f"{names} {does} not sign {where}{said}; {whose} signatories are {', '.join(signing)}"
        )
    if not ws.config.email_from:
        raise LettersError(no_sender("review requests", ws.commented_out("email_from")))
    missing = [ws.people[n] for n in who if not ws.people[n].person.email]
    if missing:
        raise LettersError(
            "no e-mail address in the directory for the review request; add 'email:' to:",
            [Problem(e.label, e.where()[0], e.where()[1], e.person.id) for e in missing],
        )
    for name in who:  # every folder written into checked before anything is written
        packet_folder(ws, name)
        request_words(ws, ws.people[name].person.language)  # and each catalog of their words
    folder = given.resolve()
    renderer = Renderer(ws)
    entries = read_ledger(ws.root)
    result = Requests()
    unready: dict[tuple[str, str], int] = {}  # (letter, lang): messages to translate first
    for number, name in enumerate(who):
        try:
            mine = [e for e in letters if name in signatory_ids(ws, e)]
            person = ws.people[name].person
            standing = _Standing()
            for entry in mine:
                for lang in letter_languages(ws, entry):
                    version, counts = draft_gaps(ws, entry, lang, renderer)
                    gaps = sum(counts[code] for code in NOT_FINAL)
                    if gaps or approval_held(entry.id, lang, counts):
                        # approve would refuse it: not asked for, said once (the packet says
                        # why of a warning to fix; here, of the translation gaps)
                        standing.unready.add((entry.id, lang))
                        if gaps:
                            unready.setdefault((entry.id, lang), gaps)
                        continue
                    keep_version(ws.root, version)
                    (answer,) = standing_now(ws, entries, entry.id, lang, version.digest, [name])
                    if answer.state == "approved" and answer.picture:
                        standing.picture.add((entry.id, lang))  # asked again, saying why
                    approval = entries[answer.entry - 1] if answer.entry else None
                    refusal = held_approval(approval, entries) if approval else None
                    if answer.state == "needs confirmation":  # the staff know why, too
                        said = refusal.action if refusal else "request-changes"
                        standing.unconfirmed[(entry.id, lang)] = said
                        how = how_given(approval) if approval else "read from an e-mail"
                        result.notes.append(_unconfirmed(name, entry.id, lang, answer.entry, how))
                    # "You approved" is not known to be true of an e-mail no one verified
                    if answer.state == UNVERIFIED_STALE and approval:
                        standing.unverified[(entry.id, lang)] = short_id(approval.version)
                    elif answer.state == "stale":
                        standing.stale.add((entry.id, lang))
                    if answer.state == "approved" and not answer.picture:
                        standing.approved.add((entry.id, lang))  # else asked again
                    elif lang not in person.read_languages:
                        standing.unread.append((entry.id, lang, version.short))
            made = packet(
                ws,
                name,
                letters=[e.id for e in mine] if letter else None,
                not_asked=standing.unready,
            )
            raw = _request(ws, name, made, {e.id for e in mine}, pdf, standing, result.notes)
            # a note on a draft, not on this signatory's packet, is said once
            result.notes += [note for note in made.notes if note not in result.notes]
            if raw is None:
                result.notes.append(
                    f"no request to {name}: of the drafts asked about, they have approved every"
                    " one that can be approved now (see above)"
                    if standing.unready
                    else f"no request to {name}: they have approved the current version of every"
                    " draft asked about"
                )
                continue
            target = folder / f"{name}.eml"
            check_inside(ws, folder, [folder])  # out/ replaced by a link since it was checked
            target.parent.mkdir(parents=True, exist_ok=True)
            atomic_write_bytes(target, raw)
            result.written.append(target)
            result.packets[target] = made.folder
        except OSError as exc:  # a full disk: say which requests stand
            if not result.written:
                raise
            raise LettersError(_stopped(exc, result.written, who[number:])) from None
    result.notes[:0] = [
        f"{letter_id} [{lang}] is asked of no one: it still has {gaps} untranslated, fuzzy or"
        f" inconsistent {_messages(gaps)}, so it cannot be approved yet ('letters build' lists"
        f" {_them(gaps)}); translate {_them(gaps)}, then run 'letters review request' again"
        for (letter_id, lang), gaps in unready.items()
    ]
    return result


def _messages(count: int) -> str:
    return "message" if count == 1 else "messages"


def _them(count: int) -> str:
    return "it" if count == 1 else "them"


def _unconfirmed(who: str, letter_id: str, lang: str, entry: int | None, how: str) -> str:
    """The note on a signatory asked again for an approval that needs their confirmation."""
    return (
        f"{who} is asked again for {letter_id} [{lang}]: their approval in entry {entry} was"
        f" {how} after their authenticated no to this version, so finalise refuses it until"
        " they confirm it"
    )


def _stopped(exc: OSError, written: list[Path], left: Sequence[str]) -> str:
    """What a run stopped by ``exc`` (a full disk) wrote, and what it leaves to do: the
    requests ``written`` are whole, and read as done; those to ``left`` are not made."""
    full = exc.errno in (errno.ENOSPC, errno.EDQUOT)
    fix = "free some space on that disk" if full else "put that right"
    done = ", ".join(path.stem for path in written)
    which = "request to {} is" if len(written) == 1 else "requests to {} are"
    return (
        f"{exc.filename or written[-1].parent}: {exc.strerror or type(exc).__name__}; the"
        f" review {which.format(done)} written ({written[-1].parent}), and none yet to"
        f" {', '.join(left)}: {fix}, and run 'letters review request {' '.join(left)}'"
        " (with the same options) to write the rest"
    )


def _request(
    ws: WorkspaceData,
    who: str,
    made: Packet,
    wanted: set[str],
    pdf: bool,
    standing: _Standing,
    notes: list[str],
) -> bytes | None:
    """The request's e-mail, or None when the signatory has approved every current version
    it would ask about; why it is in English when its language's words are not all
    translated goes into ``notes``."""
    person = ws.people[who].person
    files = [p for p in made.written if p.name.split(".")[0] in wanted]
    every = [p for p in files if p.name.endswith(".draft.docx")]
    every = [p for p in every if _key(p) not in standing.unready]  # not to approve yet
    order = {(letter, lang): n for n, (letter, lang, _) in enumerate(standing.unread)}
    # asked of them all the same, in the letters' order
    unread = sorted((p for p in every if _key(p) in order), key=lambda p: order[_key(p)])
    every = [p for p in every if p not in unread]
    drafts = [p for p in every if _key(p) not in standing.approved]
    if not drafts and not unread:
        return None
    converted = _drafts(drafts + unread, pdf)
    attachments = converted[: len(drafts)]
    words, note = request_words(ws, person.language)
    if note:
        notes.append(f"the request to {who} is {note}")
    lang, text = words.language, words.request
    today = dt.datetime.now(dt.timezone.utc).date()
    greeting = request_greeting(person, lang, today, text["greeting"])
    lines = [greeting, *(["", text["intro"], ""] if drafts else [])]
    versions = []
    for draft in drafts:
        item, version = _item(draft, text)
        versions.append(version)
        lines += [item, *_title(draft, text)]
        lines += _about(ws, words, draft, made, standing, attachments)
    done = [p for p in every if p not in drafts]
    if done:
        lines += ["", text["approved" if len(done) > 1 else "approved-one"]]
        for p in done:
            lines += [_item(p, text)[0], *_title(p, text)]
    if unread:
        lines += ["", text["unread" if len(unread) > 1 else "unread-one"]]
        read: dict[str, str] = {}  # a letter's first draft in a language they read
        for letter, draft_lang in map(_key, every):
            if draft_lang in person.read_languages:  # not one approved all the same
                read.setdefault(letter, draft_lang)
        attachments += converted[len(drafts) :]
        for draft in unread:
            item, version = _item(draft, text)
            versions.append(version)
            same = read.get(_key(draft)[0])
            if same:
                lines.append(item + text["translation"].format(lang=same))
            elif pending := _pending(draft, person.read_languages, standing):
                lines.append(item + text["pending"].format(lang=pending))  # it has one
            else:
                lines.append(item + text["only"])
            # its heading says which letter it is to one who cannot read the rest
            lines += _title(draft, text)
            lines += _about(ws, words, draft, made, standing, attachments)
    approve, change = words.verbs
    # the other languages' words, which a reply is read for too
    others = [w for pair in verb_words().values() if pair != words.verbs for w in pair]
    lines += [
        "",
        text["how"],
        "",
        *(f"{approve} {v}" for v in versions),
        "",
        text["changes"].format(change=change),
        "",
        *(f"{change} {v}" for v in versions),
        "",
        text["others"].format(words=" / ".join(others)),
        text["rule"],
    ]
    assert ws.config.email_from and person.email
    return make_draft(
        sender=ws.config.email_from,
        to_name=addressed_to(person),
        to_address=person.email,
        subject=text["subject"].format(versions=", ".join(versions)),
        body="\n".join(lines) + "\n",
        attachments=attachments,
        date=dt.datetime.now(dt.timezone.utc).date(),
        language=lang,
        label=f"review request to {who}",
    )


def _pending(draft: Path, read: Sequence[str], standing: _Standing) -> str | None:
    """The first language the signatory reads in which the draft's letter is written
    but cannot be approved yet (a translation gap), if any: the letter has a version
    they read, it is not ready."""
    letter = _key(draft)[0]
    return next((lang for lang in read if (letter, lang) in standing.unready), None)


@cache
def request_texts() -> dict[str, dict[str, str]]:
    """Letters' own request sentences, in English and the languages it ships, by language
    (read on first use; the reply reader knows every sentence of them); a request's are
    its signatory's (:func:`letters.signoff.request_words.request_words`)."""
    return {lang: words.request for lang, words in shipped_words().items()}


def _item(draft: Path, text: dict[str, str]) -> tuple[str, str]:
    """A draft's line in the request ("* may-2020-joint [en], version 33FC-0BE1") and its
    version, from its name ``<letter>.<lang>.<version>.draft.docx``."""
    letter, lang, version = draft.name.split(".")[:3]
    return text["item"].format(letter=letter, lang=lang, version=version), version


def _key(draft: Path) -> tuple[str, str]:
    """A draft's (letter, language), from its name ``<letter>.<lang>.<version>.draft.docx``."""
    letter, lang = draft.name.split(".")[:2]
    return letter, lang


def _about(
    ws: WorkspaceData,
    words: ReviewWords,
    draft: Path,
    made: Packet,
    standing: _Standing,
    attachments: list[Attachment],
) -> list[str]:
    """The lines under a draft's item — why it is asked again, what changed since the
    version answered, the e-mail that will carry it, what a screen reader says for its
    pictures — with the files they name attached."""
    lines = []
    text = words.request
    if _key(draft) in standing.picture:
        lines.append("  " + text["picture"])
    if _key(draft) in standing.unconfirmed:
        revoked = standing.unconfirmed[_key(draft)] == "revoke"
        lines.append("  " + text["unconfirmed-revoked" if revoked else "unconfirmed"])
    if _key(draft) in standing.unverified:
        said = text["stale-unverified"].format(version=standing.unverified[_key(draft)])
        lines.append("  " + said)
    since = made.since.get(_key(draft))  # the version compared with
    if since and since.action == "approve" and _key(draft) in standing.stale:
        lines.append("  " + text["stale"].format(version=since.version))
    asked = since.version if since and since.action == "request-changes" else ""
    redline = draft.with_name(draft.name.replace(".draft.docx", ".redline.docx"))
    if redline.is_file():
        attachments.append(Attachment(redline.name, redline.read_bytes(), DOCX))
        said = text["redline-asked" if asked else "redline"]
        lines.append("  " + said.format(file=redline.name, version=since.version if since else ""))
    elif since and not since.kept:  # its copy was deleted: say so, as the notes do
        said = text["not-kept-asked" if asked else "not-kept"]
        lines.append("  " + said.format(version=since.version))
    # the packet's list, whose field paths are for the staff, said in the request's words
    changed = made.changed.get(_key(draft), [])
    lines += [f"  - {change_in_words(c, words.language, ws, words.changes)}" for c in changed]
    for kind in ("email", "recipients"):  # its version covers these too
        attached = draft.with_name(draft.name.replace(".draft.docx", f".{kind}.txt"))
        if attached.is_file():
            attachments.append(Attachment(attached.name, attached.read_bytes(), TEXT))
            carried = draft.with_name(draft.name.replace(".draft.docx", ".email.txt"))
            shows = _shows_placeholders(ws, draft, carried.is_file())
            said = text[shows if kind == "recipients" else kind]
            lines.append("  " + said.format(file=attached.name))
    # what a screen reader says for its pictures, which no page shows them
    pictures = unshown_picture_texts(draft.read_bytes())
    lines += ["  " + text["picture-text"].format(text=words) for words in pictures]
    return lines


def _shows_placeholders(ws: WorkspaceData, draft: Path, emailed: bool) -> str:
    """The key of the line naming a draft's recipients' own lines, which says where they
    go: an individual letter's draft shows placeholders for them, and so does the e-mail
    carrying it when it has one (``emailed``); a joint letter's draft none, but the e-mail
    carrying it does (``recipients.txt`` is made for it only then)."""
    letter = ws.letters.get(_key(draft)[0])
    joint = letter is not None and letter.definition.mode != "individual"
    if joint:
        return "recipients-email"
    return "recipients-both" if emailed else "recipients"


def _title(draft: Path, text: dict[str, str]) -> list[str]:
    """The line under a draft's item that says which letter it is: its heading (the
    document's title), which a signatory knows, where the letter's id is the campaign's."""
    title = (docx.Document(str(draft)).core_properties.title or "").strip()
    return ["  " + text["title"].format(title=" ".join(title.split()))] if title else []


def _drafts(drafts: list[Path], pdf: bool) -> list[Attachment]:
    if not pdf:
        return [Attachment(p.name, p.read_bytes(), DOCX) for p in drafts]
    from letters.publish.pdf import convert

    with tempfile.TemporaryDirectory() as scratch:
        report = convert(drafts, Path(scratch))
        if report.failures:
            raise LettersError(f"{report.failures[0].source.name}: not converted to PDF")
        return [Attachment(p.name, p.read_bytes()) for p in report.converted]
