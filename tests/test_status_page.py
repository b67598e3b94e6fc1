"""The status page: `review status --html FILE` writes one self-contained page a campaign team
can open on a phone or share — the same facts as `review status --json`, every comment shown
as text, links only to files beside it."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from click.testing import CliRunner

from letters.cli import main
from letters.load.loader import load_checked
from letters.signoff.answers import record
from letters.signoff.ledger import read_ledger
from tests.conftest import Prepared, answers_of, cli, files_under, require_tool, status_rows
from tests.test_review_request import _fuzzy_flight
from tests.test_signoff import JOINT, VIA, _version_of, approve

COMMENT = 'Please cite the 2019 ruling <script>alert("x")</script> & say "urgently"'


class Page(HTMLParser):
    """What a reader of the page sees: sections per letter and language, one row per
    signatory, the comments as text, and every link and resource."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.sections: dict[tuple[str, str], dict[str, str]] = {}
        self.rows: dict[tuple[str, str], list[dict[str, str]]] = {}
        self.comments: dict[tuple[str, str, str], str] = {}
        self.said: dict[tuple[str, str, str], str] = {}  # each row's text
        self.links: list[tuple[str, dict[str, str]]] = []  # (href, the row it is in)
        self.ids: set[str] = set()
        self.metas: list[dict[str, str]] = []
        self.text: list[str] = []
        self._section: tuple[str, str] | None = None
        self._row: dict[str, str] = {}
        self._quote: list[str] | None = None
        self.feed(text)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        self.tags.append(tag)
        if "id" in a:
            self.ids.add(a["id"])
        for name in ("href", "src", "srcset", "action", "poster", "data"):
            if name in a:
                self.links.append((a[name], dict(self._row)))
        if tag == "meta":
            self.metas.append(a)
        if tag == "section":
            self._section = (a["data-letter"], a["data-lang"])
            self.sections[self._section] = a
        if tag == "tr" and a.get("class") == "answer":
            assert self._section
            self._row = a
            self.rows.setdefault(self._section, []).append(a)
        if tag == "blockquote":
            self._quote = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "blockquote" and self._quote is not None and self._section:
            self.comments[(*self._section, self._row["data-who"])] = "".join(self._quote)
            self._quote = None
        if tag == "tr":
            self._row = {}

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if self._row and self._section:
            key = (*self._section, self._row["data-who"])
            self.said[key] = self.said.get(key, "") + data
        if self._quote is not None:
            self._quote.append(data)


def _edit_a_fact(ws: Path) -> None:
    case = ws / "cases" / "akhmetova" / "case.yaml"
    case.write_text(
        case.read_text(encoding="utf-8").replace(
            "the Supreme Court upheld that order.",
            "the Supreme Court confirmed that order.",
        ),
        encoding="utf-8",
    )


def _campaign_day(runner: CliRunner, ws: Path) -> None:
    """Two approve, the text changes (their approvals go stale), the drafts and bilcik's
    packet are made again, one approves the new text, one asks for changes."""
    approve(runner, ws, "bilcik")
    approve(runner, ws, "austrevicius")
    _edit_a_fact(ws)
    cli(runner, ws, "build", JOINT)
    cli(runner, ws, "review", "packet", "bilcik")
    approve(runner, ws, "guetta")
    cli(
        runner,
        ws,
        "request-changes",
        JOINT,
        "--lang",
        "en",
        "--by",
        "berg",
        "--via",
        VIA,
        "--comment",
        COMMENT,
    )


@pytest.fixture
def campaign_day(prepared: Prepared, tmp_path: Path) -> Path:
    """A private copy of the sample after :func:`_campaign_day`, where ``sample`` would be."""
    prepared.copy("campaign-day", lambda ws: _campaign_day(CliRunner(), ws), tmp_path / "ws")
    return tmp_path / "ws"


def _page(runner: CliRunner, ws: Path, target: Path) -> Page:
    assert cli(runner, ws, "review", "status", "--html", str(target)) == f"wrote {target}\n"
    return Page(target.read_text(encoding="utf-8"))


def test_the_page_shows_each_signatorys_answer_and_comment(
    campaign_day: Path, runner: CliRunner, tmp_path: Path
) -> None:
    sample = campaign_day
    target = tmp_path / "status.html"
    page = _page(runner, sample, target)
    rows = {r["data-who"]: (r["data-state"], r["data-entry"]) for r in page.rows[(JOINT, "en")]}
    assert rows == {
        "austrevicius": ("stale", "2"),
        "bilcik": ("stale", "1"),
        "guetta": ("approved", "3"),
        "berg": ("changes requested", "4"),
        "jukneviciene": ("no answer", ""),
        "simecka": ("no answer", ""),
    }
    # the comment is shown as the signatory wrote it, as text: no script on the page
    assert page.comments == {(JOINT, "en", "berg"): COMMENT}
    assert "script" not in page.tags
    assert "<script>" not in target.read_text(encoding="utf-8")
    text = " ".join(page.text)
    assert "approved an earlier version — stale" in page.said[(JOINT, "en", "bilcik")]
    assert "silent: no answer recorded" in page.said[(JOINT, "en", "simecka")]
    # what is left before finalise, per letter, in finalise's own words
    assert f"letters finalise {JOINT}" in text
    assert "en: berg — changes requested, entry 4" in text
    assert "en: bilcik — approved an earlier version, entry 1" in text


def test_the_page_holds_the_same_facts_as_the_json(
    campaign_day: Path, runner: CliRunner, tmp_path: Path
) -> None:
    sample = campaign_day
    page = _page(runner, sample, tmp_path / "status.html")
    facts = json.loads(cli(runner, sample, "review", "status", "--json"))
    assert [(r["letter"], r["lang"]) for r in facts] == list(page.sections)
    for row in facts:
        key = (row["letter"], row["lang"])
        section = page.sections[key]
        assert section["data-version"] == row["version"]
        assert section["data-complete"] == str(row["complete"]).lower()
        assert int(section["data-untranslated"]) == row["untranslated"]
        shown = [
            (
                r["data-who"],
                r["data-state"],
                int(r["data-entry"]) if r["data-entry"] else None,
                page.comments.get((*key, r["data-who"]), ""),
            )
            for r in page.rows[key]
        ]
        assert shown == [(a["who"], a["state"], a["entry"], a["comment"]) for a in row["answers"]]


def test_the_page_loads_nothing_and_links_only_to_files_beside_it(
    campaign_day: Path, runner: CliRunner, tmp_path: Path
) -> None:
    sample = campaign_day
    target = tmp_path / "status.html"
    page = _page(runner, sample, target)
    assert not {"script", "link", "img", "iframe", "object", "embed"} & set(page.tags)
    assert {"name": "viewport", "content": "width=device-width, initial-scale=1"} in page.metas
    assert "style" in page.tags  # the CSS is inline
    targets = []
    for href, _row in page.links:
        parts = urlsplit(href)
        assert not parts.scheme and not parts.netloc, href  # no URL, not even file:
        if href.startswith("#"):
            assert href[1:] in page.ids, href
        else:
            path = (target.parent / unquote(parts.path)).resolve()
            assert path.is_file(), href
            targets.append(path)
    out = (sample / "out").resolve()
    assert out / JOINT / f"{JOINT}.en.docx" in targets
    # bilcik's packet: the new draft and a redline since the version they approved
    packet = {
        unquote(href).rsplit(".", 2)[-2]
        for href, row in page.links
        if row.get("data-who") == "bilcik" and "/review/bilcik/" in href
    }
    assert packet == {"draft", "redline", "changes"}


def test_a_silent_signatory_is_silent_since_their_review_request(
    campaign_day: Path, runner: CliRunner, tmp_path: Path
) -> None:
    sample = campaign_day
    cli(runner, sample, "review", "request", "simecka", "--letter", JOINT, "--no-pdf")
    cli(runner, sample, "review", "packet", "jukneviciene")
    page = _page(runner, sample, tmp_path / "status.html")
    simecka = next(r for r in page.rows[(JOINT, "en")] if r["data-who"] == "simecka")
    assert simecka["data-state"] == "no answer"
    links = [unquote(h) for h, row in page.links if row.get("data-who") == "simecka"]
    assert any(h.endswith("out/review/requests/simecka.eml") for h in links)
    said = {who: page.said[(JOINT, "en", who)] for who in ("simecka", "jukneviciene")}
    assert "silent since the review request of " in said["simecka"]
    assert "silent since the review packet of " in said["jukneviciene"]
    # sent in a language the signatory does not read too: theirs to approve as well
    assert "silent since the review request of " in page.said[(JOINT, "uk", "simecka")]
    # a letter the signatory was not sent (the request was of the joint letter): no date
    assert "silent: no answer recorded" in page.said[("may-2020-extradition", "uk", "simecka")]


def test_a_draft_of_another_version_is_not_linked(
    sample: Path, runner: CliRunner, tmp_path: Path
) -> None:
    cli(runner, sample, "build", JOINT)
    page = _page(runner, sample, tmp_path / "before.html")
    assert any(h.endswith(f"{JOINT}.en.docx") for h, _ in page.links)
    _edit_a_fact(sample)
    page = _page(runner, sample, tmp_path / "after.html")
    assert not any(h.endswith(".docx") for h, _ in page.links)
    assert "none of this version (run letters build)" in " ".join(page.text)


def test_drafts_stay_linked_after_a_build_of_another_letter(
    sample: Path, runner: CliRunner, tmp_path: Path
) -> None:
    cli(runner, sample, "build", JOINT)
    cli(runner, sample, "build", "kazakhstan-2020")
    page = _page(runner, sample, tmp_path / "status.html")
    drafts = sorted(unquote(h).rsplit("/", 1)[-1] for h, _ in page.links if h.endswith(".docx"))
    assert drafts == sorted(
        [f"{JOINT}.{lang}.docx" for lang in ("en", "ru", "uk")]
        + ["kazakhstan-2020.nurdauletov.ru.docx"]
    )


def test_a_letter_every_signatory_approved_is_ready(
    all_approved: Path, runner: CliRunner, tmp_path: Path
) -> None:
    page = _page(runner, all_approved, tmp_path / "status.html")
    assert all(
        page.sections[(JOINT, lang)]["data-complete"] == "true" for lang in ["en", "uk", "ru"]
    )
    assert f"ready for letters finalise {JOINT}" in " ".join(" ".join(page.text).split())


def test_the_page_is_replaced_whole(sample: Path, runner: CliRunner, tmp_path: Path) -> None:
    target = tmp_path / "share" / "status.html"
    target.parent.mkdir()
    _page(runner, sample, target)
    target.write_text(target.read_text(encoding="utf-8") + "<!-- yesterday's -->", "utf-8")
    _page(runner, sample, target)
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert "yesterday" not in target.read_text(encoding="utf-8")
    assert [p.name for p in target.parent.iterdir()] == ["status.html"]  # no temporary file


OTHER = "nothing was written: choose another file, e.g. status.html"
NOT_HTML = f"the status page is written only to a file ending in .html; {OTHER}"


@pytest.mark.parametrize(
    ("given", "says"),
    [
        ("templates/appeal.docx", NOT_HTML),
        ("workspace.yaml", NOT_HTML),
        ("signoff/ledger.jsonl", NOT_HTML),
        ("templates/status.html", "it is in the workspace's templates/, which letters reads its"
         f" inputs from or keeps its records in; {OTHER}"),
        ("signoff/status.html", "it is in the workspace's signoff/, which letters reads its"
         f" inputs from or keeps its records in; {OTHER}"),
        # templates/ itself on a disk that ignores case (macOS's own)
        ("Templates/status.html", "it is in the workspace's templates/, which letters reads"
         f" its inputs from or keeps its records in; {OTHER}"),
        ("notes.html", "it exists and is not a status page letters wrote, so it is not replaced;"
         f" {OTHER}, or move that file away"),
        ("no/such/folder/status.html", "there is no folder no/such/folder; nothing was written:"
         " make the folder, or choose another file, e.g. status.html"),
        ("notes.html/status.html", "notes.html is a file, not a folder, so no file can be made"
         f" in it; {OTHER}"),
        ("notes.html/pages/status.html", "notes.html is a file, not a folder, so no file can be"
         f" made in it; {OTHER}"),
        ("/proc/status.html", "no file can be made in /proc (No such file or directory), a"
         f" folder whose contents the system makes up; {OTHER}"),
        ("linked.html", "it is a symbolic link; nothing was written through it: choose another"
         " file, e.g. status.html"),
        ("away/status.html", "cannot write into away: it is a symbolic link to {elsewhere}, outside"
         " the workspace; nothing was written through it: replace the link with a folder, or"
         " choose another file, e.g. status.html"),
    ],
    ids=["template", "settings", "ledger", "in-templates", "in-signoff", "in-Templates",
         "someone-elses",
         "no-folder", "under-a-file", "under-a-file-deeper", "in-proc", "link", "link-out"],
)  # fmt: skip
def test_a_page_is_never_written_over_what_is_not_one(
    given: str, says: str, sample: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "victim.txt").write_text("kept", encoding="utf-8")
    (sample / "notes.html").write_text("<p>the team's own notes</p>", encoding="utf-8")
    (sample / "linked.html").symlink_to(elsewhere / "victim.txt")
    (sample / "away").symlink_to(elsewhere)
    before = files_under(sample)
    monkeypatch.chdir(sample)  # the path as a user types it in the workspace
    result = CliRunner().invoke(main, ["review", "status", "--html", given])
    assert (result.exit_code, result.output) == (
        1,
        f"Error: {given}: {says.format(elsewhere=elsewhere)}\n"
        if not given.startswith("away/")
        else f"Error: {says.format(elsewhere=elsewhere)}\n",
    )
    assert files_under(sample) == before
    assert [p.name for p in elsewhere.iterdir()] == ["victim.txt"]
    assert (elsewhere / "victim.txt").read_text(encoding="utf-8") == "kept"


def test_json_and_html_are_one_or_the_other(sample: Path, runner: CliRunner) -> None:
    result = runner.invoke(
        main, ["review", "status", "--json", "--html", "x.html", "-w", str(sample)]
    )
    assert result.exit_code == 2
    assert "Error: choose one of --json and --html" in result.output


CHROMIUM = "the status page is opened in a real browser (apt-get install chromium)"


def test_the_page_in_a_real_browser(campaign_day: Path, runner: CliRunner, tmp_path: Path) -> None:
    """On a phone-sized screen: no console error, no horizontal scrolling, the answer and
    the comment visible — in the system's Chromium (or LETTERS_CHROMIUM), driven by
    Playwright."""
    from playwright import sync_api

    browser_path = os.environ.get("LETTERS_CHROMIUM") or require_tool("chromium", CHROMIUM)
    sample = campaign_day
    target = tmp_path / "status.html"
    _page(runner, sample, target)
    errors: list[str] = []
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=browser_path)
        try:
            view = browser.new_page(viewport={"width": 375, "height": 812})
            view.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            view.on("pageerror", lambda e: errors.append(str(e)))
            view.goto(target.as_uri())
            row = view.locator(f'#{JOINT}-en tr[data-who="berg"]')
            assert row.is_visible()
            assert "changes requested" in row.inner_text()
            assert view.locator(f"#{JOINT}-en blockquote").inner_text() == COMMENT
            width = view.evaluate("document.documentElement.scrollWidth")
            assert width <= 375
        finally:
            browser.close()
    assert errors == []


CONDITION = "Only if the date of the ruling is corrected  to\u202821 May."


def test_an_approvals_comment_is_shown_in_the_table_the_json_and_the_page(
    sample: Path, runner: CliRunner, tmp_path: Path
) -> None:
    """What a signatory wrote with their approval (a condition, say) is seen wherever the
    approval is, as a change request's comment is."""
    ws = load_checked(sample)
    record(ws, JOINT, "en", "guetta", "approve", VIA, CONDITION, _version_of(runner, sample))
    table = cli(runner, sample, "review", "status")
    (row,) = [r for r in status_rows(table) if (r["letter"], r["language"]) == (JOINT, "en")
              and r["signatory"] == "guetta"]  # fmt: skip
    assert (row["answer"], row["entry"], row["comment"]) == (
        "approved (words to read)",  # finalise takes it only with --confirmed
        "1",
        "Only if the date of the ruling is corrected to 21 May.",
    )
    rows = json.loads(cli(runner, sample, "review", "status", "--json"))
    (en,) = [r for r in rows if (r["letter"], r["lang"]) == (JOINT, "en")]
    assert en["answers"][2] == {
        "who": "guetta",
        "state": "approved",
        "entry": 1,
        "comment": CONDITION,
        "unauthenticated": False,
        "picture": "",
        "delegate": "",
        "worded": True,
    }
    page = _page(runner, sample, tmp_path / "status.html")
    assert page.comments == {(JOINT, "en", "guetta"): CONDITION}


def test_an_approval_from_an_unauthenticated_email_is_flagged_on_the_page(
    sample: Path, runner: CliRunner, tmp_path: Path
) -> None:
    """The table and finalise say that an approval came from an e-mail anyone could have
    written; the page says it too, at the approval and in the letter's summary."""
    ws = load_checked(sample)
    version = _version_of(runner, sample)
    via = "e-mail <n-1> of 20 May 2020; no Authentication-Results; UNAUTHENTICATED"
    record(ws, JOINT, "en", "bilcik", "approve", via, "", version)
    record(ws, JOINT, "en", "guetta", "approve", VIA, "", version)
    # a delegate's answer: the page says whose word it is, as the table does
    assistant = "assistant.berg@example.org"
    via = f"e-mail <d-1> of 20 May 2020, dkim=pass; by delegate {assistant} for berg"
    record(ws, JOINT, "en", "berg", "request-changes", via, "Please wait for Mr Berg.", version)
    page = _page(runner, sample, tmp_path / "status.html")
    assert page.said[(JOINT, "en", "berg")] == (
        "bergchanges requested asked for changes; by their delegate assistant.berg@example.org"
        "Please wait for Mr Berg.3—"
    )
    flags = {r["data-who"]: r["data-unauthenticated"] for r in page.rows[(JOINT, "en")]}
    assert flags["bilcik"] == "true"
    assert {who for who, flag in flags.items() if flag == "true"} == {"bilcik"}
    assert page.said[(JOINT, "en", "bilcik")] == (
        "bilcikapproved approved this version; read from an unauthenticated e-mail: confirm it"
        " with the signatory, then give its entry to finalise with --confirmed1—"
    )
    assert "confirm" not in page.said[(JOINT, "en", "guetta")]
    text = "".join(page.text)
    assert (
        "Approvals read from an unauthenticated e-mail (anyone can write such a From line),"
        " which finalise takes only once you confirmed each with its signatory: en: bilcik"
        " (entry 1)"
    ) in text


def _blank_salutation(ws: Path) -> None:
    po = ws / "locales" / "uk" / "LC_MESSAGES" / "templates.po"
    text = po.read_text(encoding="utf-8")
    po.write_text(text.replace('msgstr "Шановні колеги!"', 'msgstr ""'), encoding="utf-8")


_FUZZY_NOTE = "; a fuzzy translation is used once reviewed and its flag removed"


@pytest.mark.parametrize(
    ("edits", "counts", "badge", "left"),
    [
        (
            [_fuzzy_flight],
            (0, 1),
            "fuzzy",
            f"uk: 1 fuzzy message to review ('letters build' lists them{_FUZZY_NOTE})",
        ),
        (
            [_fuzzy_flight, _blank_salutation],
            (1, 1),
            "untranslated",
            "uk: 1 untranslated and 1 fuzzy messages to translate or review"
            f" ('letters build' lists them{_FUZZY_NOTE})",
        ),
    ],
    ids=["fuzzy", "fuzzy-and-untranslated"],
)
def test_the_page_tells_fuzzy_messages_from_untranslated_ones_as_stats_does(
    sample: Path,
    runner: CliRunner,
    tmp_path: Path,
    edits: list[Callable[[Path], None]],
    counts: tuple[int, int],
    badge: str,
    left: str,
) -> None:
    """A fuzzy message has a translation to review: the page, the JSON and ``i18n stats``
    say "fuzzy", where the page once counted it as untranslated."""
    for edit in edits:
        edit(sample)
    stats = json.loads(cli(runner, sample, "i18n", "stats", "--json"))
    uk = [r for r in stats if r["language"] == "uk"]
    assert (sum(r["untranslated"] for r in uk), sum(r["fuzzy"] for r in uk)) == counts
    facts = {
        (r["letter"], r["lang"]): r
        for r in json.loads(cli(runner, sample, "review", "status", "--json"))
    }
    assert (facts[(JOINT, "uk")]["untranslated"], facts[(JOINT, "uk")]["fuzzy"]) == counts
    page = _page(runner, sample, tmp_path / "status.html")
    section = page.sections[(JOINT, "uk")]
    assert (int(section["data-untranslated"]), int(section["data-fuzzy"])) == counts
    text = "".join(page.text)
    assert f"{JOINT} [uk] {badge}" in text
    assert left in text
    # and the command line's table gives the draft the state the page's badge shows
    rows = status_rows(cli(runner, sample, "review", "status"))
    assert {r["status"] for r in rows if (r["letter"], r["language"]) == (JOINT, "uk")} == {badge}
    # the English draft has neither
    assert page.sections[(JOINT, "en")]["data-fuzzy"] == "0"


def test_a_comment_of_several_lines_is_kept_and_shown_line_by_line(
    sample: Path, runner: CliRunner, tmp_path: Path
) -> None:
    """A request for changes is often a list: its lines (typed on Windows, CRLF) are kept as
    one line break each, shown as lines on the page, as text, and on one line in the table."""
    version = _version_of(runner, sample)
    typed = "Please fix:\r\n- the <b>date</b>\r\n- the court's name"
    args = ["request-changes", JOINT, "--lang", "en", "--by", "bilcik", "--via", VIA]
    cli(runner, sample, *args, "--comment", typed, "--version", version)
    kept = "Please fix:\n- the <b>date</b>\n- the court's name"
    assert [e.comment for e in read_ledger(sample)] == [kept]
    rows = status_rows(cli(runner, sample, "review", "status"))
    (row,) = [
        r for r in rows if (r["letter"], r["language"], r["signatory"]) == (JOINT, "en", "bilcik")
    ]
    assert row["comment"] == "Please fix: - the <b>date</b> - the court's name"
    page = _page(runner, sample, tmp_path / "status.html")
    assert page.comments[(JOINT, "en", "bilcik")] == kept
    assert "<b>" not in page.tags


def _no_then_forged_approval(sample: Path, runner: CliRunner) -> None:
    """Bilčík asks for changes to the joint letter's English in an authenticated answer,
    then an approval of the same version comes in his name from an e-mail nobody could
    verify (entry 2 of his answers)."""
    ws = load_checked(sample)
    version = _version_of(runner, sample)
    record(ws, JOINT, "en", "bilcik", "request-changes", VIA, "Name the court.", version)
    forged = "e-mail <f-1> of 21 May 2020; no Authentication-Results; UNAUTHENTICATED"
    record(ws, JOINT, "en", "bilcik", "approve", forged, "", version)


def test_an_unauthenticated_approval_over_an_authenticated_no_needs_confirmation(
    sample: Path, runner: CliRunner, tmp_path: Path
) -> None:
    """finalise refuses such an approval (a ledger written before 'review replies' held it
    back): the table, the JSON and the page say it waits for the signatory's word, not that
    it is approved."""
    _no_then_forged_approval(sample, runner)
    table = cli(runner, sample, "review", "status")
    assert answers_of(table, JOINT, "en")["bilcik"] == (
        "needs confirmation (unauthenticated e-mail)",
        "2",
    )
    rows = json.loads(cli(runner, sample, "review", "status", "--json"))
    (en,) = [r for r in rows if (r["letter"], r["lang"]) == (JOINT, "en")]
    (bilcik,) = [a for a in en["answers"] if a["who"] == "bilcik"]
    assert (bilcik["state"], bilcik["entry"], en["complete"]) == ("needs confirmation", 2, False)
    page = _page(runner, sample, tmp_path / "status.html")
    assert page.said[(JOINT, "en", "bilcik")] == (
        "bilcikneeds confirmation approved this version after their authenticated no to it;"
        " read from an unauthenticated e-mail: confirm it with the signatory, then record it by"
        " hand2—"
    )
    text = "".join(page.text)
    assert (
        "en: bilcik — approval in entry 2 read from an unauthenticated e-mail after their"
        " authenticated no to this version: confirm it with them, then record it by hand"
        " ('letters approve … --version')"
    ) in text
    assert "Approvals read from an unauthenticated e-mail" not in text  # said once, above


def test_an_unverified_approval_of_another_version_is_not_called_stale(
    sample: Path, runner: CliRunner, tmp_path: Path
) -> None:
    """Bilčík asked for changes; an unauthenticated e-mail approving that version came in
    his name (held over his no); then the text changed. 'stale' would say he approved an
    earlier version, which no one knows: the table, the JSON and the page say what the
    review request says of it, an approval of another version not verified."""
    _no_then_forged_approval(sample, runner)
    _edit_a_fact(sample)
    table = cli(runner, sample, "review", "status")
    assert answers_of(table, JOINT, "en")["bilcik"] == (
        "unverified approval of another version (unauthenticated e-mail)",
        "2",
    )
    rows = json.loads(cli(runner, sample, "review", "status", "--json"))
    (en,) = [r for r in rows if (r["letter"], r["lang"]) == (JOINT, "en")]
    (bilcik,) = [a for a in en["answers"] if a["who"] == "bilcik"]
    assert (bilcik["state"], bilcik["entry"]) == ("unverified approval of another version", 2)
    page = _page(runner, sample, tmp_path / "status.html")
    assert page.said[(JOINT, "en", "bilcik")] == (
        "bilcikunverified approval of another version an e-mail we could not verify approved"
        " another version in their name2—"
    )
    assert "en: bilcik — unverified approval of another version, entry 2" in "".join(page.text)


@pytest.mark.parametrize(
    ("width", "text_size"),
    [(360, 20), (360, 24), (320, 16)],
    ids=["phone-large-text", "phone-largest-text", "small-phone"],
)
def test_the_longest_answer_wraps_inside_its_cell_on_a_phone(
    sample: Path, runner: CliRunner, tmp_path: Path, width: int, text_size: int
) -> None:
    """The longest name of an answer, 'unverified approval of another version', is the
    one a reader must not miss: on a phone (its text made larger, as a reader may set it)
    it wraps inside its cell, whole and legible, and the page never scrolls sideways."""
    from playwright import sync_api

    browser_path = os.environ.get("LETTERS_CHROMIUM") or require_tool("chromium", CHROMIUM)
    _no_then_forged_approval(sample, runner)
    _edit_a_fact(sample)
    target = tmp_path / "status.html"
    _page(runner, sample, target)
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=browser_path)
        try:
            view = browser.new_page(viewport={"width": width, "height": 800})
            view.goto(target.as_uri())
            view.evaluate(f"document.documentElement.style.fontSize = '{text_size}px'")
            badge = view.locator(f'#{JOINT}-en tr[data-who="bilcik"] .state')
            assert badge.inner_text() == "unverified approval of another version"
            inside, cell = badge.bounding_box(), badge.locator("xpath=..").bounding_box()
            assert inside is not None and cell is not None
            assert inside["x"] >= cell["x"] and (
                inside["x"] + inside["width"] <= cell["x"] + cell["width"] + 0.5
            )
            assert view.evaluate("document.documentElement.scrollWidth") <= width
        finally:
            browser.close()
