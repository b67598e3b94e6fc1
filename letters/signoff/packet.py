"""A review packet: what one signatory needs to answer — the current drafts, and for each
letter they answered before, a redline of what changed since the version they last approved
or asked changes on, and which inputs changed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from letters.errors import LettersError, closest, problems_error, refuse_not_utf8
from letters.files.atomic import check_output_folder
from letters.i18n.catalog import case_domain
from letters.i18n.workspace_catalogs import private_texts
from letters.load.loader import LetterEntry, WorkspaceData
from letters.people.directory import select
from letters.plan import Job, letter_languages, signatory_ids
from letters.publish.drafts import not_put_back
from letters.publish.manifest import as_listed, previous_rows
from letters.publish.staging import check_destination, publish_files, undo_killed_files
from letters.render.approval import addressee_lines, comparable_input, covers_addressees
from letters.render.content_version import Version
from letters.render.renderer import Renderer
from letters.signoff.answers import draft_gaps
from letters.signoff.final_warnings import left_for_finalise
from letters.signoff.ledger import Action, kept_version, read_ledger
from letters.signoff.now_private import Unshown, without_private
from letters.signoff.redline import redline
from letters.signoff.reply_order import last_trusted_answer
from letters.signoff.what_changed import Change, translation_only, what_changed

__all__ = ["Packet", "Since", "non_signer_note", "packet", "packet_folder"]


@dataclass(frozen=True)
class Since:
    """The version a signatory last answered on, that a draft is compared with."""

    action: Action  # "approve" or "request-changes"
    version: str  # its short id
    kept: bool  # its text is in signoff/versions: there is a redline


@dataclass
class Packet:
    """The files of a review packet, notes for the staff (a draft in a language the signatory
    does not read, a redline that cannot be made) and, per (letter, language), the answered
    version its redline starts from."""

    folder: Path  # where it is written
    written: list[Path] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    since: dict[tuple[str, str], Since] = field(default_factory=dict)
    # what changed since that version, for a review request to say in its own language
    changed: dict[tuple[str, str], list[Change]] = field(default_factory=dict)


def changed_inputs(old: dict[str, str], new: dict[str, str]) -> list[str]:
    """What changed from the inputs of one version to another's: "changed: case facts"."""
    lines = []
    for key in sorted(set(old) | set(new)):
        if key not in old:
            lines.append(f"added: {key}")
        elif key not in new:
            lines.append(f"removed: {key}")
        elif comparable_input(key, old[key]) != comparable_input(key, new[key]):
            what = "translation of " if translation_only(key, old[key], new[key]) else ""
            lines.append(f"changed: {what}{key}")
    return lines


def packet_folder(ws: WorkspaceData, who: str, out_dir: Path | None = None) -> Path:
    """The folder ``who``'s packet goes into (``out_dir``, default ``out/review/<who>``),
    resolved; refused if it is not a folder letters may write into (not one, a link out of
    the workspace or into its inputs on the way, the workspace's own folders or another
    kind of output)."""
    out = out_dir or ws.root / "out" / "review" / who
    check_output_folder(ws.root, out)
    check_destination(ws, out, "review packet")
    return out.resolve()


def packet(
    ws: WorkspaceData,
    who: str,
    out_dir: Path | None = None,
    letters: Sequence[str] | None = None,
    not_asked: Collection[tuple[str, str]] = (),
) -> Packet:
    """Write what ``who`` needs to review into ``out_dir`` (default ``out/review/<who>``):
    current drafts, redlines since the versions they last answered, the inputs that changed.
    With ``letters`` (ids), only those letters': the files an earlier packet there holds of
    other letters are kept as they are. The drafts ``not_asked`` (letter, language) are not
    said to be sent in a language ``who`` does not read: a review request leaves them out."""
    refuse_not_utf8(("SIGNATORY", who))
    signing = list(
        dict.fromkeys(s for entry in ws.letters.values() for s in signatory_ids(ws, entry))
    )
    if who not in signing:
        raise LettersError(_not_a_signatory(ws, who, signing))
    person = ws.people[who].person
    reads = person.read_languages
    entries = read_ledger(ws.root)
    out = packet_folder(ws, who, out_dir)
    renderer = Renderer(ws)
    files: dict[str, bytes] = {}
    result = Packet(folder=out)
    unread: dict[str, list[str]] = {}  # letter id -> languages its signatory does not read
    stamp = dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat()
    # what a redline must not show again: each case's texts marked private since
    private = {case: private_texts(ws, case_domain(case)) for case in ws.cases}
    for letter in ws.letters.values():
        if who not in signatory_ids(ws, letter) or (
            letters is not None and letter.id not in letters
        ):
            continue
        for lang in letter_languages(ws, letter):
            if lang not in reads and (letter.id, lang) not in not_asked:
                # theirs to approve all the same: sent, said apart
                unread.setdefault(letter.id, []).append(lang)
            version, counts = draft_gaps(ws, letter, lang, renderer)
            # what finalise refuses of it, said before anyone answers: not the translation
            # gaps, which the drafts mark and the build counts
            result.notes += [f"{letter.id} [{lang}]: {left}" for left in left_for_finalise(counts)]
            placeholder = letter.definition.mode == "individual"
            draft, problems = renderer.render(
                Job(letter, lang), draft=version.short, placeholder=placeholder
            )
            if draft is None:
                raise problems_error(problems, f"letter {letter.id}")
            stem = f"{letter.id}.{lang}.{version.short}"
            files[f"{stem}.draft.docx"] = draft
            if covers_addressees(ws, letter):  # each recipient's lines, which it covers
                files[f"{stem}.recipients.txt"] = _recipients(renderer, ws, letter, lang)
            email = renderer.emails.preview(letter, lang, whole=True)
            if isinstance(email, tuple):  # the message that will carry the final letter
                subject, lines = email
                files[f"{stem}.email.txt"] = (
                    f"Subject: {subject}\n\n" + "\n".join(lines) + "\n"
                ).encode("utf-8")
            answered = last_trusted_answer(entries, who, letter.id, lang)
            if answered and answered.version != version.digest:
                kind = "approved" if answered.action == "approve" else "asked changes on"
                old = kept_version(ws.root, letter.id, lang, answered.version)
                short = Version(letter.id, lang, answered.version, ()).short
                result.since[(letter.id, lang)] = Since(answered.action, short, old is not None)
                if old is None:
                    result.notes.append(
                        f"no redline for {letter.id} [{lang}]: the text of the version"
                        f" {who} {kind} is missing from signoff/versions"
                    )
                    continue
                shown = without_private(old.text, old.inputs, private[letter.case_id], version.text)
                if isinstance(shown, Unshown):
                    result.since[(letter.id, lang)] = Since(answered.action, short, False)
                    result.notes.append(
                        f"no redline for {letter.id} [{lang}]: the version {who} {kind} told a"
                        f" text its case has marked private since, {_UNSHOWN[shown]}; they are"
                        " asked to read the whole draft"
                    )
                    continue
                titles = REDLINE_TITLES.get(person.language, REDLINE_TITLES["en"])
                title = titles[answered.action].format(
                    letter=letter.id, lang=lang, old=old.short, new=version.short
                )
                files[f"{stem}.redline.docx"] = redline(shown, list(version.text), title, stamp)
                changed = changed_inputs(old.inputs, version.inputs)
                result.changed[(letter.id, lang)] = what_changed(old.inputs, version.inputs)
                files[f"{stem}.changes.txt"] = (
                    f"What changed in {letter.id} [{lang}] since version {old.short}:\n"
                    + "".join(f"- {line}\n" for line in changed)
                ).encode("utf-8")
    signed = [letter.id for letter in ws.letters.values() if who in signatory_ids(ws, letter)]
    if letters is not None and not set(letters) & set(signed):
        raise LettersError(f"{who} does not sign {', '.join(letters)}")
    if unread:
        result.notes.append(_unread_note(who, reads, unread))
    for kept in undo_killed_files(ws, out, "review packet"):
        result.notes.append(not_put_back(out, kept, "a review packet"))
    if letters is not None:
        files.update(_others(out, letters))
    head = {"workspace": ws.config.name or "", "kind": "review packet", "signatory": who}
    about = {name: tuple(name.split(".")[:2]) for name in files}
    result.written = publish_files(
        ws,
        out,
        files,
        head,
        command="review packet",
        about=about,  # type: ignore[arg-type]
    )
    return result


# Why a redline would show a text made private since, in the note that no redline was made
_UNSHOWN = {
    Unshown.NOT_FOUND: ("which a redline would show again"),
    Unshown.ALSO_PUBLIC: (
        "whose words the letter also shows in public text: a redline cutting them would cut"
        " those too, and set them against the cut, showing what was cut"
    ),
}


# A redline's first line, in the language the signatory reads first (as their review
# request is written), English for another: it is theirs, sent with the request.
REDLINE_TITLES: dict[str, dict[Action, str]] = {
    "en": {
        "approve": "{letter} [{lang}]: changes since version {old}, which you approved, to"
        " version {new}",
        "request-changes": "{letter} [{lang}]: changes since version {old}, which you asked"
        " changes on, to version {new}",
    },
    "uk": {
        "approve": "{letter} [{lang}]: зміни у версії {new} порівняно зі схваленою Вами"
        " версією {old}",
        "request-changes": "{letter} [{lang}]: зміни у версії {new} порівняно з версією {old},"
        " до якої Ви просили змін",
    },
    "ru": {
        "approve": "{letter} [{lang}]: изменения в версии {new} по сравнению с одобренной Вами"
        " версией {old}",
        "request-changes": "{letter} [{lang}]: изменения в версии {new} по сравнению с версией"
        " {old}, к которой Вы просили изменения",
    },
}


def _not_a_signatory(ws: WorkspaceData, who: str, signing: list[str]) -> str:
    """Why ``who`` has no packet, and who has one: only a signatory's id is suggested, as a
    recipient's (example-official for example-oficial) has no packet either; a recipient
    is said to be one, as the directory holds both."""
    whose = (
        f"the letters' signatories are {', '.join(signing)}"
        if signing
        else ("no letter names a signatory yet (a letter's 'signatories:' in its letters.yaml)")
    )
    if who in ws.people:
        return f"{who} signs no letter: they are {_role(ws, who)}, not a signatory; {whose}"
    # the id spelt closest of all: a slip for a recipient's is not "meant" as a signatory's
    near = closest(who, ws.people)
    if near in signing:
        return f"unknown person '{who}'; did you mean '{near}'?"
    note = non_signer_note(ws, who, signing)
    return f"unknown person '{who}'{f' ({note})' if note else ''}; {whose}"


def non_signer_note(ws: WorkspaceData, who: str, signing: Sequence[str]) -> str | None:
    """Who ``who``, named where a signatory is expected, is in the directory: a recipient
    named, or the one a slip was likely for (a recipient's id typed with a letter off);
    None for someone who signs a letter (of ``signing``) or no one close."""
    if who in ws.people:
        return None if who in signing else f"'{who}' is {_role(ws, who)}"
    near = closest(who, ws.people)
    if near is None or near in signing:
        return None
    return f"'{near}' is {_role(ws, near)} and signs no letter"


def _role(ws: WorkspaceData, who: str) -> str:
    """What someone in the directory who signs nothing is to the letters."""
    receives = [
        letter.id
        for letter in ws.letters.values()
        if who in (e.person.id for e in select(ws, letter.definition.recipients))
    ]
    return f"a recipient of {', '.join(receives)}" if receives else "in the directory"


def _recipients(renderer: Renderer, ws: WorkspaceData, letter: LetterEntry, lang: str) -> bytes:
    """The lines each recipient of ``letter`` gets where its draft, or the e-mail that
    carries it, shows placeholders, one recipient a paragraph ("id: lines"): approving the
    draft approves them too (a review request says so in the signatory's language)."""
    lines = addressee_lines(renderer.contexts, ws, letter, lang)
    return "\n".join(f"{who}: {text}\n" for who, text in lines.items()).encode("utf-8")


def _unread_note(who: str, reads: list[str], unread: dict[str, list[str]]) -> str:
    """One note for all the drafts ``who`` signs in languages they do not read."""
    langs = list(dict.fromkeys(lang for found in unread.values() for lang in found))
    drafts = "; ".join(f"{letter} [{', '.join(found)}]" for letter, found in unread.items())
    count = sum(len(found) for found in unread.values())
    which = "the draft is" if count == 1 else f"the {count} drafts are"
    return (
        f"{who} does not read {', '.join(langs)} by the directory (reads {', '.join(reads)}):"
        f" {which} included all the same, to approve only if they know what"
        f" {'it says' if count == 1 else 'they say'}: {drafts} (add a language to their 'reads'"
        " if they do read it)"
    )


def _others(out: Path, letters: Sequence[str]) -> dict[str, bytes]:
    """The files the packet in ``out`` holds of letters other than ``letters``, as they were
    written: a packet of some letters leaves the others' as they are."""
    kept = {}
    for row in previous_rows(out):
        name = str(row.get("file", ""))
        mine = Path(name).name == name  # a file of the folder itself, as a packet writes
        if mine and name.split(".")[0] not in letters and as_listed(out, row):
            kept[name] = (out / name).read_bytes()
    return kept
