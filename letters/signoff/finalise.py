"""Final letters: made only when every signatory approved the current version of every
language, through the same batch as drafts — Word, PDF, e-mail, print file, manifest —
into a new numbered folder that never replaces an earlier final."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from letters.errors import LettersError
from letters.files.atomic import check_folder
from letters.files.inside import check_writing
from letters.load.loader import WorkspaceData
from letters.plan import plan, signatory_ids, the_letter
from letters.publish.batch import BuildResult, Destination, Options, Progress, run_batch
from letters.render.content_version import Version
from letters.render.renderer import VersionKey
from letters.render.tag_check import shortened
from letters.signoff.courtesy import needs_reading, signatory_names
from letters.signoff.known_versions import short_id
from letters.signoff.ledger import Entry, kept_version, read_ledger
from letters.signoff.packet import changed_inputs
from letters.signoff.pictures import mismatch, refusal
from letters.signoff.reply_order import held_approval
from letters.signoff.standing import answers, delegate_of, unauthenticated

__all__ = ["finalise"]


def finalise(
    ws: WorkspaceData,
    letter_id: str,
    options: Options | None = None,
    *,
    progress: Progress | None = None,
    confirmed: Collection[int] = (),
) -> BuildResult:
    """Make the final ``letter_id`` in every one of its languages, with no DRAFT mark, into
    ``final/<letter>/NNN-<versions>/`` — if every signatory approved its current version.

    An approval read from an e-mail that is not authenticated (``UNAUTHENTICATED`` in its
    ``via``) counts only if its ledger entry's number is in ``confirmed``: the caller's word
    that its signatory confirmed it, as anyone can write a From line. Otherwise nothing is
    made, and the refusal names each such approval with its entry.

    ``options`` asks for PDF (or PDF/A), e-mail drafts carrying the final PDF and
    the print file, as for ``build``. Like a build it is resumable: after Ctrl-C
    or ``kill -9`` the same command finishes what is missing, and once the letters are
    published it names their folder rather than publish them again; so it does when the
    newest final folder holds the same letters, after an edit that changes none (see
    :mod:`letters.publish.final_folders`).
    """
    letter = the_letter(ws, letter_id)
    signers = signatory_ids(ws, letter)

    def approved(versions: dict[VersionKey, Version]) -> list[dict[str, Any]]:
        entries = read_ledger(ws.root)
        missing: list[str] = []
        approvals: list[int] = []
        since: dict[tuple[str, str], str] = {}  # (language, approved digest): what changed
        for (_letter, lang), version in versions.items():  # in the plan's order
            for answer in answers(entries, letter_id, lang, version.digest, signers):
                if answer.state == "approved" and answer.entry:
                    approvals.append(answer.entry)
                    continue
                detail = {"stale": "approved an earlier version"}.get(answer.state, answer.state)
                at = f", entry {answer.entry}" if answer.entry else ""
                missing.append(f"  {lang}: {answer.who} — {detail}{at}")
                if answer.state == "stale" and answer.entry:
                    old = entries[answer.entry - 1].version
                    since.setdefault((lang, old), _changes(ws, letter_id, version, old))
        missing += [line for line in since.values() if line]
        if missing:
            raise LettersError(
                f"letter {letter_id} cannot be finalised: not every signatory approved its"
                " current version:\n" + "\n".join(missing)
            )
        overturned = _overturned(entries, approvals)
        if overturned:
            by_delegate = any("(by delegate " in line for line in overturned)
            raise LettersError(
                f"letter {letter_id} cannot be finalised: an approval read from an e-mail that"
                " is not authenticated stands over the signatory's authenticated no to that"
                " version, and anyone can write a From line:\n" + "\n".join(overturned)
                if not by_delegate
                else f"letter {letter_id} cannot be finalised: an approval stands over the"
                " signatory's own no to that version, given by a delegate who may not know of"
                " it, or read from an e-mail that is not authenticated:\n" + "\n".join(overturned)
            )
        doubtful = [n for n in approvals if unauthenticated(entries[n - 1].via)]
        # a mistyped number would leave the approval meant unconfirmed, unseen; one of this
        # letter's approvals since recorded again (by hand, say) is let be, for a rerun
        stray = sorted(
            {
                n
                for n in confirmed
                if not 1 <= n <= len(entries)
                or (entries[n - 1].letter, entries[n - 1].action) != (letter_id, "approve")
            }
        )
        worded = [n for n in approvals if n not in doubtful and _worded(ws, entries[n - 1])]
        if stray:
            named = ", ".join(f"--confirmed {n}" for n in stray)
            which = ", ".join(str(n) for n in sorted(doubtful + worded)) or "none"
            raise LettersError(
                f"letter {letter_id} cannot be finalised: {named}: not an approval of this"
                f" letter (those it takes only with --confirmed are entries: {which}); check"
                " the number ('letters review status' shows each answer's entry)"
            )
        unconfirmed = [n for n in doubtful if n not in confirmed]
        if unconfirmed:
            raise _unconfirmed(
                letter_id,
                [entries[n - 1] for n in unconfirmed],
                f"{_UNPROVEN}, and anyone can write such a From line",
                "confirm each with its signatory (a call, a signed message), then run {run}, or"
                " record their approval by hand ('letters approve … --via …')",
            )
        unread = [n for n in worded if n not in confirmed]
        if unread:
            raise _unconfirmed(
                letter_id,
                [entries[n - 1] for n in unread],
                "an approval came with words that may qualify it, which no program can rule out",
                "read each: if it approves the text as it stands, run {run}; if it asks for a"
                " change, record that ('letters request-changes …')",
                words=True,
            )
        pictures = []  # a signature picture must be the one recorded with the approval
        for n in approvals:
            found = mismatch(ws, entries[n - 1])
            if found:
                pictures.append(refusal(ws, entries[n - 1], found))
        if pictures:
            raise LettersError(
                f"letter {letter_id} cannot be finalised: a signature picture is not the one"
                " its signatory approved with:\n" + "\n".join(pictures)
            )
        return [e.data() for e in entries if e.n in set(approvals)]

    folder = ws.root / "final" / letter_id
    check_folder(folder, given=False)  # final/ saved as a file
    check_writing(ws.root, folder)  # final/ linked elsewhere: the letters would go there
    destination = Destination("final", folder.resolve())
    options = options or Options()
    result = run_batch(
        ws, plan(ws, [letter_id]), options, destination, progress=progress, gate=approved
    )
    for e in destination.approvals:  # the words read, said once more
        comment = str(e["comment"])
        if e["action"] == "approve" and needs_reading(comment, signatory_names(ws, e["who"])):
            result.notes.append(
                f"{e['who']} wrote with their approval of {letter_id} [{e['lang']}] (entry"
                f" {e['n']}): “{' '.join(comment.split())}”; finalised with --confirmed, your"
                " word that it approves the text as it stands"
            )
    doubtful = [e for e in destination.approvals if unauthenticated(str(e["via"]))]
    if doubtful:
        named = ", ".join(f"{e['who']} [{e['lang']}] (entry {e['n']})" for e in doubtful)
        result.notes.append(
            f"approvals read from {_UNPROVEN_MAIL}: {named}; finalised with --confirmed, your"
            " word that each signatory confirmed theirs"
        )
    return result


def _unconfirmed(
    letter_id: str, pending: list[Entry], why: str, advice: str, *, words: bool = False
) -> LettersError:
    """The refusal of approvals ``pending`` that finalise takes only with ``--confirmed``:
    ``why``, a line for each (with its words, if ``words``), then ``advice``, its ``{run}``
    the command that would take them all."""
    given = " ".join(f"--confirmed {e.n}" for e in pending)
    lines = [
        f"  {e.lang}: {e.who} — approve in entry {e.n}"
        + (f": “{shortened(' '.join(e.comment.split()))}”" if words else "")
        for e in pending
    ]
    return LettersError(
        f"letter {letter_id} cannot be finalised: {why}:\n"
        + "\n".join(lines)
        + "\n"
        + advice.format(run=f"'letters finalise {letter_id} {given}'")
    )


def _worded(ws: WorkspaceData, entry: Entry) -> bool:
    """Whether ``entry``, an approval, came with words that may qualify it."""
    return bool(entry.comment) and needs_reading(entry.comment, signatory_names(ws, entry.who))


_UNPROVEN_MAIL = (
    "an e-mail without a DKIM or SPF pass for its sender's domain, or with a DMARC fail"
)
_UNPROVEN = f"an approval was read from {_UNPROVEN_MAIL}"


def _overturned(entries: list[Entry], approvals: list[int]) -> list[str]:
    """A line for each approval in ``approvals`` (entry numbers) read from an unauthenticated
    e-mail over its signatory's authenticated CHANGES or revocation of the same version (a
    ledger written before 'review replies' held such an answer back), saying what to do."""
    lines = []
    for n in approvals:
        entry = entries[n - 1]
        refused = held_approval(entry, entries)
        if refused:
            short = short_id(entry.version)
            how = (
                "unauthenticated e-mail"
                if unauthenticated(entry.via)
                else f"by delegate {delegate_of(entry.via)}"
            )
            lines.append(
                f"  {entry.lang}: {entry.who} — approve in entry {n} ({how})"
                f" after {refused.action} in entry {refused.n}: confirm with {entry.who} that"
                f" they approve version {short}, then record it by hand ('letters approve"
                f" {entry.letter} --lang {entry.lang} --by {entry.who} --via … --version {short}')"
            )
    return lines


def _changes(ws: WorkspaceData, letter_id: str, version: Version, old: str) -> str:
    """What changed in the inputs of ``version`` since the earlier version ``old`` (a digest)
    was approved, as a line of the refusal; "" if its text was not kept or none changed."""
    kept = kept_version(ws.root, letter_id, version.lang, old)
    changed = changed_inputs(kept.inputs, version.inputs) if kept else []
    if not changed:
        return ""
    short = f"{old[:4]}-{old[4:8]}".upper()
    return f"  {version.lang}: since version {short} was approved: {'; '.join(changed)}"
