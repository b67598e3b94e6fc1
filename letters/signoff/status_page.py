"""The status page: ``review status`` as one self-contained HTML file a campaign team can
open or share — per letter and language, the current version, each signatory's answer,
links to the drafts and redlines that exist, and what is left before ``finalise``.

The page holds the same facts as ``review status --json`` (it is made from the same
:class:`~letters.signoff.answers.LetterStatus` rows), plus links to files found on disk.
It needs no server and loads nothing: the CSS is inline, there is no script, and every
link is a relative path from the page's own folder. Everything shown is escaped — a
signatory's comment is untrusted text.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from html import escape
from pathlib import Path
from urllib.parse import quote

from letters.errors import LettersError, in_words
from letters.files import json_read
from letters.files.atomic import atomic_write_text
from letters.files.inside import READ_FROM, check_writing, within
from letters.load.loader import WorkspaceData
from letters.signoff.answers import LetterStatus
from letters.signoff.final_warnings import left_for_finalise
from letters.signoff.pictures import described
from letters.signoff.standing import UNVERIFIED_STALE, Answer

__all__ = ["Link", "Links", "check_page_path", "find_links", "status_html", "write_status_page"]

# on every page written, so that one can be told from any other file before it is replaced
_MADE_BY = "<code>letters review status --html</code>"


@dataclass(frozen=True)
class Link:
    """A file the page links to: what it is, and its path relative to the page."""

    label: str
    href: str


@dataclass
class Links:
    """The files found for the current versions: drafts in ``out/`` per (letter, language),
    and each signatory's review packet files per (letter, language, signatory)."""

    drafts: dict[tuple[str, str], list[Link]] = field(default_factory=dict)
    more_drafts: dict[tuple[str, str], int] = field(default_factory=dict)  # not linked
    packets: dict[tuple[str, str, str], list[Link]] = field(default_factory=dict)
    asked: dict[tuple[str, str, str], str] = field(default_factory=dict)  # since when, how


_PACKET_KINDS = {"draft.docx": "draft", "redline.docx": "redline", "changes.txt": "what changed"}
_SHOWN_DRAFTS = 3  # an individual letter has one draft per recipient: link a few


def _href(path: Path, base: Path) -> str | None:
    """``path`` as a relative URL from the folder ``base``, or None (another drive)."""
    try:
        relative = os.path.relpath(path, base)
    except ValueError:
        return None
    return quote(Path(relative).as_posix())


def _manifest(path: Path) -> dict[str, object]:
    try:
        data = json_read.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _mtime(path: Path) -> float | None:
    try:
        return path.stat().st_mtime
    except OSError:
        return None


def _when(stamp: float) -> str:
    return dt.datetime.fromtimestamp(stamp, dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")


def find_links(ws: WorkspaceData, rows: list[LetterStatus], page: Path) -> Links:
    """The drafts (``out/``, as its manifest lists them) and review packet files
    (``out/review/<signatory>/``) of each row's *current* version, as links from ``page``.
    A draft of another version is not linked: it is not the text to approve."""
    base = page.resolve().parent
    current = {(r.letter, r.lang): r.version for r in rows}
    found = Links()
    out = ws.root / "out"
    manifest = _manifest(out / "manifest.json")
    versions = manifest.get("versions")
    files = manifest.get("files")
    if isinstance(versions, dict) and isinstance(files, list):
        for row in files:
            if not isinstance(row, dict) or row.get("kind") != "docx":
                continue
            key = (str(row.get("letter")), str(row.get("language")))
            if key not in current or versions.get(".".join(key)) != current[key]:
                continue
            path = out / str(row.get("file"))
            href = _href(path, base) if path.is_file() else None
            if href is None:
                continue
            shown = found.drafts.setdefault(key, [])
            if len(shown) < _SHOWN_DRAFTS:
                shown.append(Link(path.name, href))
            else:
                found.more_drafts[key] = found.more_drafts.get(key, 0) + 1
    review = out / "review"
    for (letter, lang), version in current.items():
        for path in sorted(review.glob(f"*/{letter}.{lang}.{version}.*")):
            kind = _PACKET_KINDS.get(path.name.removeprefix(f"{letter}.{lang}.{version}."))
            href = _href(path, base) if kind and path.is_file() else None
            if kind is None or href is None:
                continue
            who = path.parent.name
            found.packets.setdefault((letter, lang, who), []).append(Link(kind, href))
    for letter, lang, who in found.packets:
        _asked(found, review, (letter, lang, who), base)
    return found


def _asked(found: Links, review: Path, key: tuple[str, str, str], base: Path) -> None:
    """Since when ``key``'s signatory has had the current version: their review packet's
    date, or the review request's (``review request`` writes the packet, then the e-mail;
    an e-mail older than the packet asked about an earlier text, and is not linked)."""
    who = key[2]
    packet = _mtime(review / who / "manifest.json")
    if packet is None:
        return
    request = review / "requests" / f"{who}.eml"
    sent = _mtime(request)
    href = _href(request, base) if sent is not None else None
    if sent is not None and sent >= packet and href is not None:
        found.packets[key].append(Link("request e-mail", href))
        found.asked[key] = f"the review request of {_when(sent)}"
    else:
        found.asked[key] = f"the review packet of {_when(packet)}"


# --- the page -----------------------------------------------------------------------------

_CSS = """
*{box-sizing:border-box}
body{margin:0;padding:1rem;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;
color:#1b1b1b;background:#fafafa;overflow-wrap:break-word}
main{max-width:60rem;margin:0 auto}
h1{font-size:1.5rem;margin:.2rem 0}
h2{font-size:1.25rem;margin:1.5rem 0 .5rem}
h3{font-size:1.05rem;margin:1rem 0 .4rem}
.meta,.note{color:#555;font-size:.9rem}
section.letter{background:#fff;border:1px solid #ddd;border-radius:.5rem;padding:.8rem 1rem;
margin:1rem 0}
.version{font-family:ui-monospace,Menlo,Consolas,monospace}
table{border-collapse:collapse;width:100%}
th,td{text-align:left;vertical-align:top;padding:.35rem .5rem;border-bottom:1px solid #eee}
.state{display:inline-block;max-width:100%;padding:0 .45rem;border-radius:.8rem;
font-size:.85rem;border:1px solid;overflow-wrap:break-word;hyphens:auto}
.s-approved,.s-ready{background:#e6f4ea;border-color:#34a853;color:#0b5d1e}
.s-stale,.s-waiting,.s-needs-confirmation,.s-unconfirmed,
.s-unverified-approval-of-another-version{background:#fff4e0;border-color:#e8a33d;color:#6b4100}
.s-changes-requested,.s-revoked,.s-untranslated,.s-fuzzy,.s-inconsistent,.s-repeated-event,
.s-every-ask,.s-derived-form,.s-derived-certain,.s-after-the-letter,.s-after-today,
.s-private-chosen{background:#fde8e8;border-color:#d93025;color:#8a1c12}
.s-no-answer{background:#eef0f3;border-color:#9aa0a6;color:#3c4043}
blockquote{margin:.3rem 0;padding:.3rem .6rem;border-left:3px solid #d93025;background:#fff7f7;
white-space:pre-wrap}
ul{padding-left:1.2rem;margin:.3rem 0}
.doubt{color:#8a1c12}
a{color:#0b57d0}
@media (max-width:40rem){
body{padding:.5rem}
table,thead,tbody,tr,th,td{display:block}
thead{display:none}
tr{border-bottom:1px solid #ddd;padding:.4rem 0}
td{border:0;padding:.15rem 0}
td[data-label]::before{content:attr(data-label) ": ";color:#555;font-size:.85rem}
}
"""

_DESCRIBED = {
    "approved": "approved this version",
    "needs confirmation": "approved this version after their authenticated no to it",
    "stale": "approved an earlier version — stale",
    UNVERIFIED_STALE: "an e-mail we could not verify approved another version in their name",
    "changes requested": "asked for changes",
    "revoked": "withdrew their approval",
    "no answer": "silent: no answer recorded",
}


def _state(state: str) -> str:
    css = "s-" + state.replace(" ", "-")
    return f'<span class="state {escape(css)}">{escape(state)}</span>'


def _links(links: list[Link]) -> str:
    return ", ".join(f'<a href="{escape(x.href)}">{escape(x.label)}</a>' for x in links)


def _gaps_said(row: LetterStatus) -> str:
    """The messages in the way of approval, by kind in the words of ``letters i18n stats``
    (a fuzzy one is translated, to review: not "untranslated")."""
    kinds = (
        (row.untranslated, "untranslated"),
        (row.fuzzy, "fuzzy"),
        (row.inconsistent, "inconsistent"),
    )
    counts = [f"{n} {kind}" for n, kind in kinds if n]
    said = in_words(counts)
    return f"{said} message{'s' if row.gaps != 1 else ''}"


def _anchor(row: LetterStatus) -> str:
    return escape(f"{row.letter}-{row.lang}")


def _left(row: LetterStatus) -> list[str]:
    """What is left before ``finalise`` for one row, as the refusal would say it."""
    left = []
    if row.gaps:
        kinds = (
            (row.untranslated, "translate"),
            (row.fuzzy, "review"),
            (row.inconsistent, "correct"),
        )
        to_do = [verb for n, verb in kinds if n]
        why = "; a fuzzy translation is used once reviewed and its flag removed" * bool(row.fuzzy)
        left.append(f"{_gaps_said(row)} to {' or '.join(to_do)} ('letters build' lists them{why})")
    left += left_for_finalise(row.refuses)  # the other warnings finalise refuses
    for answer in row.answers:
        if answer.state == "needs confirmation":
            left.append(
                f"{answer.who} — approval in entry {answer.entry} {_how(answer)} after their"
                " authenticated no to this version: confirm it with them, then record it by"
                " hand ('letters approve … --version')"
            )
        elif answer.state != "approved":
            detail = {"stale": "approved an earlier version"}.get(answer.state, answer.state)
            at = f", entry {answer.entry}" if answer.entry else ""
            left.append(f"{answer.who} — {detail}{at}")
        elif answer.picture:  # finalise refuses it: see letters.signoff.pictures
            left.append(
                f"{answer.who} — {described(answer.picture)} (entry {answer.entry}):"
                " ask them to approve again"
            )
    return left


# finalise takes such an approval only when given its entry with --confirmed (your word
# that the signatory confirmed it): the page says so where it stands and in the summary
_DOUBT = (
    "read from an unauthenticated e-mail: confirm it with the signatory, then give its entry"
    " to finalise with --confirmed"
)


def _how(answer: Answer) -> str:
    """How an approval that needs its signatory's confirmation was given."""
    if answer.unauthenticated or not answer.delegate:
        return "read from an unauthenticated e-mail"
    return f"given by their delegate {answer.delegate}"


def _doubtful(row: LetterStatus) -> list[str]:
    return [
        f"{a.who} (entry {a.entry})"
        for a in row.answers
        if a.state == "approved" and a.unauthenticated
    ]


def _worded(row: LetterStatus) -> list[str]:
    return [f"{a.who} (entry {a.entry})" for a in row.answers if a.state == "approved" and a.worded]


def _answer_row(row: LetterStatus, answer: Answer, links: Links) -> str:
    said = _DESCRIBED[answer.state]
    asked = links.asked.get((row.letter, row.lang, answer.who))
    if answer.state == "no answer" and asked:
        said = f"silent since {asked}"
    if answer.delegate:
        said += f"; by their delegate {answer.delegate}"
    if answer.picture:
        said += f"; {described(answer.picture)}"
    if answer.state == "needs confirmation":  # finalise takes it once recorded by hand
        said += f"; {_how(answer)}: confirm it with the signatory, then record it by hand"
    elif answer.unauthenticated and answer.state != UNVERIFIED_STALE:  # said already
        said += f"; {_DOUBT}"
    if answer.worded:
        said += "; its words may qualify it: read them, then give its entry to finalise with"
        said += " --confirmed"
    comment = f"<blockquote>{escape(answer.comment)}</blockquote>" if answer.comment else ""
    files = links.packets.get((row.letter, row.lang, answer.who), [])
    entry = str(answer.entry) if answer.entry else ""
    return (
        f'<tr class="answer" data-who="{escape(answer.who)}" data-state="{escape(answer.state)}"'
        f' data-entry="{entry}" data-unauthenticated="{str(answer.unauthenticated).lower()}">'
        f'<td data-label="signatory" class="who">{escape(answer.who)}</td>'
        f'<td data-label="answer">{_state(answer.state)}'
        f' <span class="said">{escape(said)}</span>{comment}</td>'
        f'<td data-label="ledger entry">{entry or "—"}</td>'
        f'<td data-label="packet">{_links(files) or "—"}</td></tr>'
    )


def _section(row: LetterStatus, links: Links) -> str:
    key = (row.letter, row.lang)
    drafts = _links(links.drafts.get(key, []))
    more = links.more_drafts.get(key, 0)
    if more:
        drafts += f" and {more} more in the same folder"
    body = "".join(_answer_row(row, answer, links) for answer in row.answers)
    return (
        f'<section class="letter" id="{_anchor(row)}" data-letter="{escape(row.letter)}"'
        f' data-lang="{escape(row.lang)}" data-version="{escape(row.version)}"'
        f' data-complete="{str(row.complete).lower()}" data-untranslated="{row.untranslated}"'
        f' data-fuzzy="{row.fuzzy}" data-inconsistent="{row.inconsistent}">'
        f"<h3>{escape(row.letter)} [{escape(row.lang)}] {_state(row.state)}</h3>"
        f'<p>Current version <span class="version">{escape(row.version)}</span>'
        + (f" · {_gaps_said(row)}" if row.gaps else "")
        + "</p>"
        f"<p>Draft in out/: {drafts or 'none of this version (run letters build)'}</p>"
        "<table><thead><tr><th>signatory</th><th>answer</th><th>ledger entry</th>"
        f"<th>review packet</th></tr></thead><tbody>{body}</tbody></table></section>"
    )


def _summary(rows: list[LetterStatus]) -> str:
    """Per letter (``finalise`` takes a letter, all its languages): ready, or what is left."""
    letters: dict[str, list[LetterStatus]] = {}
    for row in rows:
        letters.setdefault(row.letter, []).append(row)
    items = []
    for letter, own in letters.items():
        left = [f"{r.lang}: {item}" for r in own for item in _left(r)]
        doubtful = [f"{r.lang}: {who}" for r in own for who in _doubtful(r)]
        worded = [f"{r.lang}: {who}" for r in own for who in _worded(r)]
        langs = " ".join(
            f'<a href="#{_anchor(r)}">{escape(r.lang)}</a> {_state(r.state)}' for r in own
        )
        if left:
            todo = "".join(f"<li>{escape(item)}</li>" for item in left)
            verdict = f"<p>Left before <code>letters finalise {escape(letter)}</code>:</p>"
            verdict += f'<ul class="left">{todo}</ul>'
        elif doubtful or worded:  # said below, with the command that takes them
            verdict = "<p>Every signatory approved every language.</p>"
        else:
            verdict = (
                f'<p class="ready">Every signatory approved every language: ready for'
                f" <code>letters finalise {escape(letter)}</code>.</p>"
            )
        if doubtful:
            entries = sorted({n for r in own for n in r.to_confirm})
            given = " ".join(f"--confirmed {n}" for n in entries)
            run = f"letters finalise {letter} {given}"
            verdict += (
                '<p class="doubt">Approvals read from an unauthenticated e-mail (anyone can'
                " write such a From line), which finalise takes only once you confirmed each"
                f" with its signatory: {escape('; '.join(doubtful))}"
                + ("." if left or worded else f"; then run <code>{escape(run)}</code>.")
                + "</p>"
            )
        if worded:
            entries = sorted({n for r in own for n in r.to_confirm})
            run = f"letters finalise {letter} " + " ".join(f"--confirmed {n}" for n in entries)
            verdict += (
                '<p class="doubt">Approvals written with words that may qualify them, which'
                f" finalise takes only once you read them: {escape('; '.join(worded))}"
                + ("." if left else f"; then run <code>{escape(run)}</code>.")
                + "</p>"
            )
        items.append(
            f'<li class="summary" data-letter="{escape(letter)}"'
            f' data-left="{len(left)}"><strong>{escape(letter)}</strong> — {langs}'
            f"{verdict}</li>"
        )
    return f'<ul class="letters">{"".join(items)}</ul>'


def status_html(rows: list[LetterStatus], links: Links | None = None, title: str = "") -> str:
    """The page for ``rows`` (from :func:`letters.signoff.answers.status`), with ``links``."""
    links = links or Links()
    stamp = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    heading = f"Sign-off status{': ' + title if title else ''}"
    sections = "".join(_section(row, links) for row in rows)
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(heading)}</title><style>{_CSS}</style></head>"
        f"<body><main><h1>{escape(heading)}</h1>"
        f'<p class="meta">Made by {_MADE_BY} on {stamp},'
        " from the sign-off ledger. An approval counts for one letter in one language at"
        " one version; a changed draft makes earlier approvals stale.</p>"
        f"<h2>Letters</h2>{_summary(rows)}"
        f"<h2>Each language</h2>{sections}"
        "</main></body></html>\n"
    )


def write_status_page(ws: WorkspaceData, rows: list[LetterStatus], page: Path) -> Path:
    """Write the status page for ``rows`` to ``page`` atomically (after
    :func:`check_page_path`); the path written."""
    check_page_path(ws, page)
    page = page.resolve()
    text = status_html(rows, find_links(ws, rows, page), ws.config.name or "")
    # written without the lock, anywhere: owned, so that a run killed as it wrote leaves
    # what the next run of the same page removes (see atomic_file)
    try:
        atomic_write_text(page, text, owned=True)
    except FileNotFoundError as exc:
        if not page.parent.is_dir():
            raise  # removed meanwhile: as it is named
        # a folder that is there but holds no file made in it: /proc, as the system makes it
        raise LettersError(
            f"{page}: no file can be made in {page.parent} ({exc.strerror}), a folder whose"
            " contents the system makes up; nothing was written: choose another file, e.g."
            " status.html"
        ) from None
    return page


def check_page_path(ws: WorkspaceData, page: Path) -> None:
    """Refuse to write the status page where it would replace what is not one: a file
    whose name does not end in .html, a file in a folder letters reads (templates/,
    signoff/…) or keeps final letters in, a file that exists and is not a page this command
    wrote, a symbolic link, or a path through a link leading out of the workspace. A missing
    folder is not made: a mistyped path is refused rather than followed."""
    other = "choose another file, e.g. status.html"
    if page.suffix.lower() not in (".html", ".htm"):
        raise LettersError(
            f"{page}: the status page is written only to a file ending in .html; nothing was"
            f" written: {other}"
        )
    folder = page.parent
    real = Path(os.path.realpath(folder))
    root = Path(os.path.realpath(ws.root))
    for name in (*READ_FROM, "final"):
        if within(real, root / name):
            raise LettersError(
                f"{page}: it is in the workspace's {name}/, which letters reads its inputs"
                f" from or keeps its records in; nothing was written: {other}"
            )
    if not folder.is_dir():
        why, fix = _not_a_folder(folder)
        raise LettersError(f"{page}: {why}; nothing was written: {fix}{other}")
    check_writing(ws.root, folder, f", or {other}")
    if page.is_symlink():
        raise LettersError(
            f"{page}: it is a symbolic link; nothing was written through it: {other}"
        )
    if page.exists():
        try:
            ours = page.is_file() and _MADE_BY in page.read_text(encoding="utf-8", errors="replace")
        except OSError:
            ours = False
        if not ours:
            raise LettersError(
                f"{page}: it exists and is not a status page letters wrote, so it is not"
                f" replaced; nothing was written: {other}, or move that file away"
            )


def _not_a_folder(folder: Path) -> tuple[str, str]:
    """Why the page cannot be made in ``folder``, which is not a folder, and the start of
    the fix: it is missing (make it), or it or one above it is a file, where no file can be
    made (the folder was mistyped: only another file will do)."""
    for path in (folder, *folder.parents):
        if path.is_dir():
            break
        if os.path.lexists(path):
            kind = "a file" if path.is_file() else "something other than a file"
            return f"{path} is {kind}, not a folder, so no file can be made in it", ""
    return f"there is no folder {folder}", "make the folder, or "
