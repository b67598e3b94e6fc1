"""The translators' workflow, end to end, with real catalogs checked by msgfmt and pofilter."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import zipfile
from pathlib import Path

import docx
import pytest
from babel.messages.pofile import read_po, write_po
from click.testing import CliRunner
from jinja2.ext import babel_extract
from ruamel.yaml import YAML

from letters.cli import main
from letters.cli.build import NOT_RENDERED
from letters.errors import Problem
from letters.i18n.catalog import Messages, Translator, load_messages
from letters.i18n.extract import template_messages
from letters.i18n.plurals import language_rule, parse_plural_forms
from letters.i18n.po_scan import scan_po
from tests.conftest import (
    GETTEXT,
    REPO,
    TRANSLATE_TOOLKIT,
    docx_text,
    files_under,
    msgfmt_check,
    require_tool,
    rewrite_docx,
)
from tests.conftest import cli as run

BAD = sorted((Path(__file__).parent / "bad_catalogs").glob("*.yaml"))
UK_PO = Path("locales/uk/LC_MESSAGES")
CHANGED_OLD = 'text: "{date} the Supreme Court upheld that order."'
CHANGED_NEW = 'text: "{date} the Supreme Court confirmed that order."'


def pofilter_clean(po: Path, tmp_path: Path) -> None:
    pofilter = require_tool("pofilter", TRANSLATE_TOOLKIT)
    out = tmp_path / f"pofilter-{po.name}"
    checks = [
        arg
        for name in ("printf", "escapes", "variables", "xmltags", "nplurals")
        for arg in ("-t", name)
    ]
    subprocess.run(
        [pofilter, "--progress=none", *checks, str(po), str(out)], check=True, capture_output=True
    )
    text = out.read_text(encoding="utf-8") if out.exists() else ""
    assert "# (pofilter)" not in text, text


# --- extraction -------------------------------------------------------------------


def _split_run_template(path: Path) -> None:
    """A template as Word saves it: tags split across runs, in {%p}, {%tr} and {%r} tags."""
    document = docx.Document()
    paragraph = document.add_paragraph()
    for piece in ("{{ _(", '"Dear ', 'colleagues,"', ") }}"):
        paragraph.add_run(piece).bold = piece.startswith('"Dear')
    document.add_paragraph('{%p if mode == "joint" %}')
    document.add_paragraph('{{ pgettext("joint", "We therefore ask you:") }}')
    document.add_paragraph("{%p endif %}")
    table = document.add_table(rows=3, cols=1)
    table.cell(0, 0).text = "{%tr for s in signatories %}"
    table.cell(1, 0).text = '{{ s.name }} {{ _("Signed") }}'
    table.cell(2, 0).text = "{%tr endfor %}"
    run_paragraph = document.add_paragraph()
    run_paragraph.add_run('{%r if mode %}{{ _("In a run") }}{%r endif %}')
    document.save(str(path))


def test_extraction_reads_word_split_runs_and_docxtpl_tags(tmp_path: Path) -> None:
    path = tmp_path / "split.docx"
    _split_run_template(path)
    found = {(m.context, m.id) for m in template_messages(path.read_bytes(), "split.docx")}
    assert found == {
        (None, "Dear colleagues,"),
        ("joint", "We therefore ask you:"),
        (None, "Signed"),
        (None, "In a run"),
    }
    # Reading the raw document.xml, as a naive extractor would, misses the split message.
    raw = zipfile.ZipFile(path).read("word/document.xml")
    naive = {m[2] for m in babel_extract(io.BytesIO(raw), ("_",), [], {}) if m[1] == "_"}
    assert "Dear colleagues," not in naive


def test_extract_writes_one_pot_per_domain(sample: Path, runner: CliRunner) -> None:
    (sample / "locales" / "templates.pot").unlink()
    output = run(runner, sample, "i18n", "extract").splitlines()
    assert output[0] == f"wrote {sample}/locales/templates.pot"
    # the case's .pot is left as it is where this Babel writes it as the sample's was
    # written (another release flags the messages otherwise, and it is written)
    assert output[1] in (
        f"wrote {sample}/locales/case-akhmetova.pot",
        f"unchanged {sample}/locales/case-akhmetova.pot",
    )
    assert len(output) == 2
    # a .pot that already holds what extract would write is left alone, its date too
    before = files_under(sample / "locales")
    assert run(runner, sample, "i18n", "extract").splitlines() == [
        f"unchanged {sample}/locales/templates.pot",
        f"unchanged {sample}/locales/case-akhmetova.pot",
    ]
    assert files_under(sample / "locales") == before
    pot = read_po((sample / "locales" / "case-akhmetova.pot").open("rb"))
    ids = [m.id for m in pot if m.id]
    assert "{date} the Supreme Court upheld that order." in ids
    assert not any("Sampletown" in i or "foreign services" in i for i in ids)  # private facts
    background = pot.get(ids[3])
    assert background.locations[0][0] == "cases/akhmetova/case.yaml"
    # the field it comes from, then how a letter uses it (tests/test_i18n_case_notes.py)
    assert background.auto_comments == [
        "background[0]",
        "whole sentences: a paragraph of the letter",
    ]
    for name in ("templates.pot", "case-akhmetova.pot"):
        msgfmt_check(sample / "locales" / name)


def test_pybabel_with_the_documented_config_finds_the_same_messages(
    sample: Path, runner: CliRunner
) -> None:
    pybabel = shutil.which("pybabel")
    assert pybabel, "Babel installs pybabel"
    run(runner, sample, "i18n", "extract")
    shutil.copy(REPO / "babel.cfg", sample / "babel.cfg")
    for domain, source in (("templates", "templates"), ("case-akhmetova", "cases/akhmetova")):
        subprocess.run(
            [pybabel, "extract", "-F", "babel.cfg", "-o", "pybabel.pot", source],
            cwd=sample,
            check=True,
            capture_output=True,
        )
        ours = read_po((sample / "locales" / f"{domain}.pot").open("rb"))
        theirs = read_po((sample / "pybabel.pot").open("rb"))
        assert {(m.context, m.id) for m in ours if m.id} == {
            (m.context, m.id) for m in theirs if m.id
        }


# --- update, fuzzy, final -------------------------------------------------------------


def test_a_message_that_comes_back_gets_its_translation_back(
    sample: Path, runner: CliRunner
) -> None:
    # A sentence taken out of every letter becomes an obsolete #~ entry; put back, it
    # is a message again with its translation, as msgmerge does, and no duplicate.
    letters = sample / "cases" / "akhmetova" / "letters.yaml"
    kept = letters.read_text(encoding="utf-8")
    sentence = "Her extradition would put her in grave danger."
    letters.write_text(kept.replace(sentence, "Sending her back is dangerous."), "utf-8")
    run(runner, sample, "i18n", "extract")
    run(runner, sample, "i18n", "update")
    po = sample / UK_PO / "case-akhmetova.po"
    assert f'#~ msgid "{sentence}"' in po.read_text(encoding="utf-8")
    letters.write_text(kept, "utf-8")
    run(runner, sample, "i18n", "extract")
    run(runner, sample, "i18n", "update")
    catalog = read_po(po.open("rb"), locale="uk")
    message = catalog.get(sentence)
    assert message is not None and message.string and not message.fuzzy
    assert f'#~ msgid "{sentence}"' not in po.read_text(encoding="utf-8")
    msgfmt_check(po)
    final = runner.invoke(main, ["check", "--strict", "-w", str(sample)])
    assert final.exit_code == 0, final.output


def test_changed_sentence_becomes_fuzzy_and_blocks_a_final_build(
    sample: Path, runner: CliRunner, tmp_path: Path
) -> None:
    case = sample / "cases" / "akhmetova" / "case.yaml"
    case.write_text(
        case.read_text(encoding="utf-8").replace(CHANGED_OLD, CHANGED_NEW), encoding="utf-8"
    )
    run(runner, sample, "i18n", "extract")
    output = run(runner, sample, "i18n", "update")
    assert (
        f"updated {sample}/locales/uk/LC_MESSAGES/case-akhmetova.po: 0 untranslated,"
        " 1 newly fuzzy" in output
    )
    for lang in ("uk", "ru"):
        po = sample / "locales" / lang / "LC_MESSAGES" / "case-akhmetova.po"
        catalog = read_po(po.open("rb"), locale=lang)
        fuzzy = [m.id for m in catalog if m.id and m.fuzzy]
        assert fuzzy == ["{date} the Supreme Court confirmed that order."]
        assert catalog.get(fuzzy[0]).string  # the old translation is kept for the translator
        assert '#| msgid "{date} the Supreme Court upheld that order."' in po.read_text(
            encoding="utf-8"
        )
        msgfmt_check(po)
        pofilter_clean(po, tmp_path)

    final = runner.invoke(main, ["build", "--final", "-w", str(sample)])
    assert final.exit_code == 1
    assert "the Supreme Court confirmed that order.' is marked fuzzy" in final.output
    assert "used by cases/akhmetova/case.yaml:91 timeline[3].text" in final.output
    assert not (sample / "out").exists()

    draft = runner.invoke(main, ["build", "may-2020-joint", "--lang", "uk", "-w", str(sample)])
    assert draft.exit_code == 0
    assert "the Supreme Court confirmed that order.]" in "\n".join(
        docx_text(sample / "out" / "may-2020-joint" / "may-2020-joint.uk.docx")
    )

    for lang in ("uk", "ru"):  # the translator reviews the entry and clears the flag
        po = sample / "locales" / lang / "LC_MESSAGES" / "case-akhmetova.po"
        catalog = read_po(po.open("rb"), locale=lang)
        changed = catalog.get("{date} the Supreme Court confirmed that order.")
        changed.flags.discard("fuzzy")
        buffer = io.BytesIO()
        write_po(buffer, catalog)
        po.write_bytes(buffer.getvalue())
    final = runner.invoke(main, ["build", "--final", "-w", str(sample)])
    assert final.exit_code == 0, final.output
    # translated is not approved: the output says what makes the letters to send
    assert final.output.splitlines()[-1] == (
        "note: every message is translated, but these are drafts still (DRAFT mark, version"
        " id): the letters to send are made by 'letters finalise LETTER' once the signatories"
        " have approved these versions ('letters review request' asks them)."
    )


def test_a_long_changed_text_keeps_its_previous_english_readable(
    sample: Path, runner: CliRunner, tmp_path: Path
) -> None:
    """The English a fuzzy translation was made for runs over several lines: each line gets
    its own ``#|`` (Babel wrapped them as one comment, cutting quoted strings in two, and
    msgfmt could no longer read the catalog)."""
    old = "set aside a lower court’s judgment that had been in her favour"
    new = "overturned a lower court’s judgment that had been in her favour"
    case = sample / "cases" / "akhmetova" / "case.yaml"
    text = case.read_text(encoding="utf-8")
    assert text.count(old) == 1
    case.write_text(text.replace(old, new), encoding="utf-8")
    before = next(line for line in text.splitlines() if old in line)
    previous = before.split('text: "', 1)[1].rsplit('"', 1)[0]
    assert len(previous) > 200  # several lines in a catalog
    run(runner, sample, "i18n", "extract")
    run(runner, sample, "i18n", "update")
    for lang in ("uk", "ru"):
        po = sample / "locales" / lang / "LC_MESSAGES" / "case-akhmetova.po"
        msgfmt_check(po)
        pofilter_clean(po, tmp_path)
        catalog = read_po(po.open("rb"), locale=lang)
        (fuzzy,) = [m for m in catalog if m.id and m.fuzzy]
        assert fuzzy.id == previous.replace(old, new)
        marked = [c for c in fuzzy.user_comments if c.startswith("|")]
        assert marked[0] == '| msgid ""'  # as msgmerge writes a long one
        assert "".join(c[2:].strip('"') for c in marked[1:]) == previous
        # and a second run leaves the file as it is
        again = po.read_bytes()
        run(runner, sample, "i18n", "update")
        assert po.read_bytes() == again


def test_removed_message_is_kept_as_obsolete(sample: Path, runner: CliRunner) -> None:
    letters = sample / "cases" / "akhmetova" / "letters.yaml"
    text = letters.read_text(encoding="utf-8")
    letters.write_text(
        text.replace(
            "subject: Withdrawal of the request for the extradition of Zhanara Akhmetova",
            "subject: Preventing the extradition of Zhanara Akhmetova from Ukraine to Kazakhstan",
        ),
        encoding="utf-8",
    )
    run(runner, sample, "i18n", "update")
    po = (sample / UK_PO / "case-akhmetova.po").read_text(encoding="utf-8")
    assert '#~ msgid "Withdrawal of the request for the extradition of Zhanara Akhmetova"' in po
    assert "#~ msgstr" in po


def test_update_refuses_a_broken_catalog_and_keeps_it(sample: Path, runner: CliRunner) -> None:
    po = sample / UK_PO / "templates.po"
    po.write_text(
        po.read_text(encoding="utf-8").replace('msgstr "Кому:"', "msgstr Кому:"), encoding="utf-8"
    )
    before = files_under(sample / "locales")
    result = runner.invoke(main, ["i18n", "update", "-w", str(sample)])
    assert result.exit_code == 1
    assert result.output.startswith("Error: locales/uk/LC_MESSAGES/templates.po:")
    assert files_under(sample / "locales") == before


def test_update_changes_no_catalog_when_a_later_one_is_broken(
    sample: Path, runner: CliRunner
) -> None:
    """Every catalog is merged before any is written: the Ukrainian case catalog, which a
    changed case text updates, was written before the broken Russian one stopped update."""
    case = sample / "cases" / "akhmetova" / "case.yaml"
    text = case.read_text(encoding="utf-8")
    case.write_text(text.replace(CHANGED_OLD, CHANGED_NEW), encoding="utf-8")
    po = sample / "locales" / "ru" / "LC_MESSAGES" / "case-akhmetova.po"
    broken = 'msgstr "{date} Верховный Суд оставил это решение без изменения.'  # no closing quote
    lines = po.read_text(encoding="utf-8").split("\n")
    line = lines.index(f'{broken}"') + 1
    lines[line - 1] = broken
    po.write_text("\n".join(lines), encoding="utf-8")
    before = files_under(sample / "locales")
    result = runner.invoke(main, ["i18n", "update", "-w", str(sample)])
    assert (result.exit_code, result.output) == (
        1,
        f"Error: locales/ru/LC_MESSAGES/case-akhmetova.po:{line}: invalid .po file: the text"
        " must be one string in double quotes (is a quote missing?)\n",
    )
    assert files_under(sample / "locales") == before


# --- stats, compile ---------------------------------------------------------------------


def test_stats_shows_the_sample_complete(sample: Path, runner: CliRunner) -> None:
    assert run(runner, sample, "i18n", "stats").splitlines() == [
        ("language  domain          translated  refused  inconsistent  fuzzy  untranslated  done"),
        "uk        templates               24        0             0      0             0  100%",
        "uk        case-akhmetova          37        0             0      0             0  100%",
        "ru        templates               24        0             0      0             0  100%",
        "ru        case-akhmetova          37        0             0      0             0  100%",
    ]
    rows = json.loads(run(runner, sample, "i18n", "stats", "--json"))
    assert rows[0] == {
        "language": "uk",
        "domain": "templates",
        "translated": 24,
        "fuzzy": 0,
        "untranslated": 0,
        "refused": 0,
        "header_refused": False,
        "inconsistent": 0,
        "total": 24,
        "percent": 100.0,
        "inconsistent_entries": [],
    }


@pytest.mark.parametrize(
    ("domain", "typed", "spaces"),
    [
        ("case-akhmetova", 'msgstr "журналістка"\n', 'msgstr "  "\n'),
        (
            "templates",
            'msgstr[1] "%(name)s шукає захисту вже %(count)s роки."\n',
            'msgstr[1] " "\n',
        ),
    ],
    ids=["msgstr", "one-plural-form"],
)
def test_a_translation_of_spaces_only_is_untranslated_for_every_command(
    sample: Path, runner: CliRunner, domain: str, typed: str, spaces: str
) -> None:
    """'i18n stats', 'i18n update' and 'check' count it alike: untranslated ('update' once
    took it for a translation, and said 0 untranslated of a catalog 'check' refused)."""
    po = sample / UK_PO / f"{domain}.po"
    text = po.read_text(encoding="utf-8")
    assert text.count(typed) == 1
    po.write_text(text.replace(typed, spaces), encoding="utf-8")
    rows = json.loads(run(runner, sample, "i18n", "stats", "--json"))
    (row,) = [r for r in rows if (r["language"], r["domain"]) == ("uk", domain)]
    assert (row["untranslated"], row["fuzzy"]) == (1, 0)
    said = f"unchanged {po}: 1 untranslated, 0 newly fuzzy"
    assert said in run(runner, sample, "i18n", "update").splitlines()
    check = runner.invoke(main, ["check", "-w", str(sample)])
    assert check.exit_code == 1
    assert f"{UK_PO / domain}.po:" in check.output and "is only spaces" in check.output


def test_compile_writes_mo_files_gettext_can_read(sample: Path, runner: CliRunner) -> None:
    import gettext

    run(runner, sample, "i18n", "compile")
    mo = sample / UK_PO / "templates.mo"
    translations = gettext.GNUTranslations(mo.open("rb"))
    assert translations.gettext("Dear colleagues,") == "Шановні колеги!"
    assert (
        translations.pgettext("individual", "We therefore ask you:")
        == "З огляду на викладене просимо Вас:"
    )


# --- plural forms -------------------------------------------------------------------------

PLURALS = {
    "uk": {1: "рік", 2: "роки", 5: "років", 11: "років", 21: "рік", 22: "роки", 111: "років"},
    "ru": {1: "год", 2: "года", 5: "лет", 11: "лет", 21: "год", 22: "года", 111: "лет"},
}


@pytest.mark.parametrize("lang", ["uk", "ru"])
@pytest.mark.parametrize("n", [1, 2, 5, 11, 21, 22, 111])
def test_plural_forms(lang: str, n: int) -> None:
    messages, problems = load_messages(
        REPO / "locales" / lang / "LC_MESSAGES" / "templates.po", "templates.po", lang
    )
    assert problems == []
    text = Translator(messages).ngettext(
        "%(name)s has now been seeking protection for %(count)s year.",
        "%(name)s has now been seeking protection for %(count)s years.",
        n,
        name="X",
        count=n,
    )
    assert text.endswith(f" {n} {PLURALS[lang][n]}.")


def test_a_catalog_read_again_is_a_copy_of_its_own(tmp_path: Path) -> None:
    """A catalog's messages are kept for the process (the same bytes read again give the
    same result), yet each reader gets its own: what one changes, the next never sees; and
    a file changed on disk is read anew."""
    po = tmp_path / "templates.po"
    shutil.copy(REPO / "locales" / "uk" / "LC_MESSAGES" / "templates.po", po)
    first, problems = load_messages(po, "templates.po", "uk")
    assert problems == [] and first.singular
    key = next(iter(first.singular))
    first.singular.clear()
    first.lines.clear()
    first.fuzzy.add(key)
    problems.append(Problem("x", None, "", "added by a caller"))
    again, problems = load_messages(po, "templates.po", "uk")
    assert key in again.singular and again.lines and key not in again.fuzzy
    assert problems == []
    with po.open("a", encoding="utf-8") as file:
        file.write('\nmsgid "Only this test writes this."\nmsgstr "Лише цей тест це пише."\n')
    changed, _ = load_messages(po, "templates.po", "uk")
    assert changed.singular[(None, "Only this test writes this.")] == "Лише цей тест це пише."


def test_sample_letter_uses_the_plural(sample: Path, runner: CliRunner) -> None:
    run(runner, sample, "build", "may-2020-joint")
    out = sample / "out" / "may-2020-joint"
    # a number under ten in words, its noun in the plural form the number takes
    uk, ru, en = (docx_text(out / f"may-2020-joint.{lang}.docx") for lang in ("uk", "ru", "en"))
    assert "Жанара Ахметова шукає захисту вже три роки." in "\n".join(uk)
    assert "Жанара Ахметова ищет защиты уже три года." in "\n".join(ru)
    assert "Zhanara Akhmetova has now been seeking protection for three years." in "\n".join(en)


# --- validation of catalogs --------------------------------------------------------------


@pytest.mark.parametrize("case", BAD, ids=[c.stem for c in BAD])
def test_bad_catalog_is_reported_with_file_and_line(
    case: Path, sample: Path, runner: CliRunner
) -> None:
    spec = YAML(typ="safe").load(case.read_text(encoding="utf-8"))
    lang = spec.get("lang", "uk")  # the Ukrainian catalog unless the case names another
    po = sample / "locales" / lang / "LC_MESSAGES" / f"{spec['domain']}.po"
    text = po.read_text(encoding="utf-8")
    assert text.count(spec["find"]) == 1
    text = text.replace(spec["find"], spec["replace"])
    if "find2" in spec:  # a second edit, for a file wrong in two places at once
        assert text.count(spec["find2"]) == 1
        text = text.replace(spec["find2"], spec["replace2"])
    # as an editor saved it (a character the encoding has not, as "?", with encoding_errors;
    # its line ends)
    saved = text.replace("\n", spec.get("line_ends", "\n"))
    po.write_bytes(
        saved.encode(spec.get("encoding", "utf-8"), spec.get("encoding_errors", "strict"))
    )
    # Lines end at a line feed only, as in gettext: a raw U+2028 or form feed is inside a line.
    lines = text.split("\n")
    found = [i for i, ln in enumerate(lines, 1) if spec.get("line_of") == ln] + [None, None]
    if "line2_of" in spec:  # the second line a message names, when it is not line_of again
        found[1] = lines.index(spec["line2_of"]) + 1
    rule = language_rule("uk")
    assert rule is not None
    # one problem a line, all told together, in the order of their lines
    expected = spec["expected"].format(line=found[0], line2=found[1], rule_uk=rule.header)
    told = expected.split("\n")
    before = files_under(sample)

    def in_order(output: str, prefix: str) -> list[str]:
        return [line for line in output.split("\n") if line.removeprefix(prefix) in told]

    check = runner.invoke(main, ["check", "-w", str(sample)])
    assert check.exit_code == 1
    assert in_order(check.output, "error: ") == [f"error: {line}" for line in told]
    # what only rendering finds is not listed: check says so, as for any file in error
    assert check.output.endswith(f" {NOT_RENDERED}\n")
    build = runner.invoke(main, ["build", "-w", str(sample)])
    assert build.exit_code == 1
    assert in_order(build.output, "  ") == [f"  {line}" for line in told]
    compile_ = runner.invoke(main, ["i18n", "compile", "-w", str(sample)])
    assert compile_.exit_code == 1
    assert in_order(compile_.output, "  ") == [f"  {line}" for line in told]
    if spec.get("alone"):  # told once, not as a problem of every entry read wrongly after it
        assert check.output == f"error: {expected}\nError: 1 problem found. {NOT_RENDERED}\n"
        assert (
            build.output == f"Error: 1 problem in the letters; nothing was written:\n  {expected}\n"
        )
        assert compile_.output == f"Error: cannot compile; nothing was written:\n  {expected}\n"
        for command in ("update", "stats"):
            result = runner.invoke(main, ["i18n", command, "-w", str(sample)])
            assert (result.exit_code, result.output) == (1, f"Error: {expected}\n")
    assert files_under(sample) == before  # nothing written: no out/, no .mo, no catalog touched

    # GNU gettext, the reference: where msgfmt refuses the file too, we agree with it;
    # where it accepts it, the case says so (we are stricter on purpose).
    msgfmt = require_tool("msgfmt", GETTEXT)
    gnu = subprocess.run([msgfmt, "--check", "-o", "/dev/null", str(po)], capture_output=True)
    assert spec["msgfmt"] == ("refuses" if gnu.returncode else "accepts")


def test_a_problem_of_a_translation_is_named_at_its_msgstr() -> None:
    """Babel gives each entry the line of its msgid: a translator is sent to the msgstr (of
    the plural form at fault), past a long msgid, a context, comments and obsolete entries;
    a fuzzy entry is not used, so not judged."""
    po = Path(__file__).parent / "data" / "catalogs" / "translation-lines.po"
    _messages, problems = load_messages(po, "uk.po", "uk")
    assert [str(p) for p in problems] == [
        "uk.po:24: translation of 'We therefore ask each of you, within your respective powers,"
        " %(ask)s.' must use the placeholders %(ask)s (it has %(prosymo)s, which the English"
        " has not)",
        "uk.po:36: translation of 'We therefore ask you %(ask)s.' contains a line break (\\n,"
        " U+000A at character 26): a translated text is one line; remove it",
        "uk.po:46: translation of '%(name)s has now been seeking protection for %(count)s year.'"
        " in the form for 0, 5–20, 25–30… (msgstr[2]) leaves out %(count)s, so the letter would"
        " lose what it stands for; use every placeholder of the English: %(count)s, %(name)s",
        "uk.po:56: translation of '%(num)d letter': msgstr[1] is empty; fill it in",
        "uk.po:62: translation of '%(num)d signature' has 2 plural forms; 'uk' needs 3;"
        " add msgstr[2]",
    ]


def test_fuzzy_entries_are_never_used() -> None:
    messages = Messages("x.po", singular={}, fuzzy={(None, "Dear colleagues,")})
    translator = Translator(messages, mark_gaps=True)
    assert translator.gettext("Dear colleagues,") == "[UNTRANSLATED: Dear colleagues,]"


# --- a new language, without code ---------------------------------------------------------

GERMAN = {
    "To:": "An:",
    "Dear colleagues,": "Sehr geehrte Damen und Herren,",
    "Yours sincerely,": "Mit freundlichen Grüßen",
    "journalist": "Journalistin",
    # German has no built-in "on <date>" form: the translator writes the preposition
    "{date} the Example Migration Service refused her application for asylum.": (
        "Am {date} lehnte die Beispielhafte Migrationsbehörde ihren Asylantrag ab."
    ),
    "She would face an unfair trial.": "Ihr drohte ein unfaires Verfahren.",
    "the UN Convention against Torture": "die UN-Antifolterkonvention",
    "to reconsider her application for asylum": "ihren Asylantrag erneut zu prüfen",
    "The asylum application of Alex Example": "Der Asylantrag von Alex Example",
    "If she is returned, she will be in danger.": "Bei einer Rückkehr wäre sie in Gefahr.",
    "She asked for asylum in 2020.": "Sie beantragte 2020 Asyl.",
}


def test_a_new_language_needs_a_letterhead_form_once_a_letter_is_in_it(
    sample: Path, runner: CliRunner
) -> None:
    # The sample's letterhead has en, uk and ru forms; a language just added works with
    # every command until a letter is written in it.
    run(runner, sample, "i18n", "init", "pl", "--locale", "pl_PL")
    assert "pl        templates " in run(runner, sample, "i18n", "stats")
    run(runner, sample, "check")
    letters = sample / "cases" / "akhmetova" / "letters.yaml"
    text = letters.read_text(encoding="utf-8")
    letters.write_text(text.replace("languages: [en, uk, ru]", "languages: [en, uk, ru, pl]", 1))
    config = (sample / "workspace.yaml").read_text(encoding="utf-8").splitlines()
    name, address = (config.index(f"  {key}:") + 1 for key in ("name", "address"))
    result = runner.invoke(main, ["check", "-w", str(sample)])
    assert result.exit_code == 1
    assert [line for line in result.output.splitlines() if line.startswith("error:")] == [
        f"error: workspace.yaml:{line} letterhead.{key}: no 'pl' form; the letterhead needs one"
        " in every language letters are in"
        for line, key in ((name, "name"), (address, "address"))
    ]


def test_a_letter_to_each_in_a_new_language_names_every_form_it_lacks_in_one_run(
    tmp_path: Path, runner: CliRunner
) -> None:
    """An individual letter's version is rendered with placeholders for its recipient: the
    recipients' own forms in the new language were named only once the case's, the
    letter's and the signatories' were typed, by a second run of check."""
    ws = tmp_path / "campaign"
    assert runner.invoke(main, ["init", str(ws)]).exit_code == 0
    run(runner, ws, "i18n", "init", "pl", "--locale", "pl_PL")
    letters = ws / "cases" / "example" / "letters.yaml"
    text = letters.read_text(encoding="utf-8")
    letters.write_text(text.replace("[en]", "[en, pl]").replace("joint", "individual"), "utf-8")
    needed = "(needed by letter example-appeal)"
    underived = "name forms in 'pl' are not derived (only in en, uk, ru)"
    told = [
        f"cases/example/case.yaml:4 person.name: no 'pl' form {needed}",
        f"cases/example/letters.yaml:7 letters[0].place: no 'pl' form {needed}",
        f"recipients/people.yaml:9 people[0].name: no 'pl' form {needed}",
        "recipients/people.yaml:12 people[0].roles[0]: no 'pl' address lines for"
        f" example-official: {underived}; type address.pl {needed}",
        "recipients/people.yaml:12 people[0].roles[0]: no 'pl' salutation for"
        f" example-official: {underived}; type salutation.pl {needed}",
        f"recipients/people.yaml:13 people[0].roles[0].title: no 'pl' form {needed}",
        f"recipients/people.yaml:15 people[0].roles[0].institution: no 'pl' form {needed}",
        f"recipients/people.yaml:26 people[1].name: no 'pl' form {needed}",
        f"recipients/people.yaml:28 people[1].group: no 'pl' form {needed}",
        f"recipients/people.yaml:32 people[1].roles[0].title: no 'pl' form {needed}",
        f"recipients/people.yaml:34 people[1].roles[0].institution: no 'pl' form {needed}",
    ]
    check = runner.invoke(main, ["check", "-w", str(ws)])
    assert (check.exit_code, check.output) == (
        1,
        "".join(f"error: {line}\n" for line in told) + f"Error: {len(told)} problems found.\n",
    )
    build = runner.invoke(main, ["build", "-w", str(ws)])
    assert (build.exit_code, build.output) == (
        1,
        f"Error: {len(told)} problems in the letters; nothing was written:\n"
        + "".join(f"  {line}\n" for line in told),
    )
    assert not (ws / "out").exists()


def test_i18n_init_does_what_an_unknown_language_asks_for(sample: Path, runner: CliRunner) -> None:
    # A letter written in pl before pl was started: the error names 'letters i18n init pl',
    # and that command is not stopped by it (another error still stops it).
    letters = sample / "cases" / "akhmetova" / "letters.yaml"
    text = letters.read_text(encoding="utf-8")
    letters.write_text(text.replace("languages: [en, uk, ru]", "languages: [en, uk, ru, pl]", 1))
    case = sample / "cases" / "akhmetova" / "case.yaml"
    good = case.read_text(encoding="utf-8")
    case.write_text(good.replace("summary: >-", "summery: >-", 1), encoding="utf-8")
    asked = (
        "cases/akhmetova/letters.yaml:8 letters[0].languages[3]: unknown language 'pl'; this"
        " workspace writes in en, uk, ru (to add it: letters i18n init pl, which starts its"
        " catalogs and adds it to workspace.yaml)"
    )
    refused = runner.invoke(main, ["i18n", "init", "pl", "--locale", "pl_PL", "-w", str(sample)])
    assert refused.exit_code == 1
    assert refused.output == (
        "Error: 2 problems in the workspace:\n"
        "  cases/akhmetova/case.yaml:31 summery: unknown field 'summery'; did you mean"
        " 'summary'?\n"
        f"  {asked}\n"
    )
    assert not (sample / "locales" / "pl").exists()
    case.write_text(good, encoding="utf-8")
    result = runner.invoke(main, ["i18n", "init", "pl", "--locale", "pl_PL", "-w", str(sample)])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1] == f"wrote {sample / 'workspace.yaml'}"
    assert "  pl: pl_PL\n" in (sample / "workspace.yaml").read_text(encoding="utf-8")
    check = runner.invoke(main, ["check", "-w", str(sample)])
    assert "unknown language" not in check.output
    assert "letterhead.name: no 'pl' form" in check.output


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("rus", "'rus' is another code for 'ru', which this workspace writes in already"),
        ("pol", "'pol' is another code for 'pl': use 'letters i18n init pl'"),
        ("ua", "unknown language 'ua'; did you mean 'uk', which this workspace writes in already?"),
        ("xx", "unknown language 'xx': use a code such as pl or de (and --locale pl_PL)"),
        (
            "kz",
            "unknown language 'kz': 'kz' is Kazakhstan's country code, not a language code; its"
            " languages: Russian (ru, which this workspace writes in), Kazakh (kk)",
        ),
        ("DE", "'DE': language codes are lower case: did you mean 'de'?"),
        (
            "pt_BR",
            "'pt_BR' is a locale, not a language code: give the language and, for its dates"
            " and lists, the locale: letters i18n init pt --locale pt_BR",
        ),
        (
            "pt-BR",
            "'pt-BR' is a locale, not a language code: give the language and, for its dates"
            " and lists, the locale: letters i18n init pt --locale pt_BR",
        ),
        (
            "d3",
            "'d3' is not a language code; use two or three lowercase letters, such as pl or de",
        ),
        (  # as the system's LANG names it: the locale suggested is one --locale accepts
            "pt_BR.UTF-8",
            "'pt_BR.UTF-8' is a locale, not a language code: give the language and, for its"
            " dates and lists, the locale: letters i18n init pt --locale pt_BR",
        ),
        (
            "de_de@euro",
            "'de_de@euro' is a locale, not a language code: give the language and, for its"
            " dates and lists, the locale: letters i18n init de --locale de_DE",
        ),
        (  # a variant naming a script: CLDR's sr_RS writes Cyrillic, its uz_UZ Latin
            "sr_RS@latin",
            "'sr_RS@latin' is a locale, not a language code: give the language and, for its"
            " dates and lists, the locale: letters i18n init sr --locale sr_Latn_RS",
        ),
        (
            "uz_UZ.UTF-8@cyrillic",
            "'uz_UZ.UTF-8@cyrillic' is a locale, not a language code: give the language and,"
            " for its dates and lists, the locale: letters i18n init uz --locale uz_Cyrl_UZ",
        ),
    ],
)
def test_i18n_init_names_the_code_meant(
    sample: Path, runner: CliRunner, lang: str, said: str
) -> None:
    result = runner.invoke(main, ["i18n", "init", lang, "-w", str(sample)])
    assert result.exit_code == 1
    assert result.output == f"Error: {said}\n"
    assert sorted(p.name for p in (sample / "locales").iterdir()) == [
        "case-akhmetova.pot",
        "ru",
        "templates.pot",
        "uk",
    ]


def test_a_new_language_without_code(tmp_path: Path, runner: CliRunner) -> None:
    ws = tmp_path / "campaign"
    assert runner.invoke(main, ["init", str(ws)]).exit_code == 0
    output = run(runner, ws, "i18n", "init", "de", "--locale", "de_DE")
    assert "wrote" in output and "workspace.yaml" in output
    config = (ws / "workspace.yaml").read_text(encoding="utf-8")
    assert "  de: de_DE" in config and config.startswith("# letters workspace.")

    for po in (ws / "locales" / "de" / "LC_MESSAGES").glob("*.po"):
        catalog = read_po(po.open("rb"), locale="de")
        assert catalog.num_plurals == 2
        for message in catalog:
            if not message.id:
                continue
            if isinstance(message.id, tuple):
                message.string = (
                    "%(name)s sucht seit %(count)s Jahr Schutz.",
                    "%(name)s sucht seit %(count)s Jahren Schutz.",
                )
            elif message.id in GERMAN:
                message.string = GERMAN[message.id]
            else:  # every other template sentence: a German stand-in keeping placeholders
                message.string = "DE " + message.id
        buffer = io.BytesIO()
        write_po(buffer, catalog)
        po.write_bytes(buffer.getvalue())
        msgfmt_check(po)
    letters = ws / "cases" / "example" / "letters.yaml"
    letters.write_text(
        letters.read_text(encoding="utf-8")
        .replace("[en]", "[en, de]")
        .replace("en: Brussels", "en: Brussels\n      de: Brüssel"),
        encoding="utf-8",
    )
    people = ws / "recipients" / "people.yaml"
    text = people.read_text(encoding="utf-8")
    for en, de in (
        ("en: Jane Example\n", "en: Jane Example\n      de: Jane Example\n"),
        ("en: John Sample\n", "en: John Sample\n      de: John Sample\n"),
        (
            "en: Minister of Examples\n",
            "en: Minister of Examples\n          de: Ministerin für Beispiele\n",
        ),
        (
            "en: Ministry of Examples\n",
            "en: Ministry of Examples\n          de: Ministerium für Beispiele\n",
        ),
        (
            "en: [Jane Example, Minister of Examples]\n",
            "en: [Jane Example, Minister of Examples]\n"
            "          de: [Frau Ministerin Jane Example, Ministerium für Beispiele]\n",
        ),
        (
            "en: Dear Minister,\n",
            "en: Dear Minister,\n          de: Sehr geehrte Frau Ministerin,\n",
        ),
        ("en: Example Group\n", "en: Example Group\n      de: Beispielfraktion\n"),
        (
            "en: Member of the European Parliament\n",
            "en: Member of the European Parliament\n"
            "          de: Mitglied des Europäischen Parlaments\n",
        ),
        (
            "en: European Parliament\n",
            "en: European Parliament\n          de: Europäisches Parlament\n",
        ),
    ):
        text = text.replace(en, de)
    people.write_text(text, encoding="utf-8")
    case = ws / "cases" / "example" / "case.yaml"
    case.write_text(
        case.read_text(encoding="utf-8").replace(
            "en: Alex Example", "en: Alex Example\n    de: Alex Example"
        ),
        encoding="utf-8",
    )

    stats = run(runner, ws, "i18n", "stats")
    assert "de        templates" in stats
    result = runner.invoke(main, ["build", "--final", "-w", str(ws)])
    assert result.exit_code == 0, result.output
    german = docx_text(ws / "out" / "example-appeal" / "example-appeal.de.docx")
    assert "Brüssel, 21. Mai 2020" in german
    assert "Sehr geehrte Frau Ministerin," in german  # one addressee: her own salutation
    assert "2020-03-01" not in german
    event = "Am 1. März 2020 lehnte die Beispielhafte Migrationsbehörde ihren Asylantrag ab."
    assert event in "\n".join(german).replace("\u00a0", " ")


def test_changed_template_sentence_becomes_fuzzy(sample: Path, runner: CliRunner) -> None:
    template = sample / "templates" / "appeal.docx"
    template.write_bytes(
        rewrite_docx(
            template,
            {
                "word/document.xml": lambda data: data.replace(
                    b"to the following case.", b"to this case."
                )
            },
        )
    )
    run(runner, sample, "i18n", "extract")
    run(runner, sample, "i18n", "update")
    for lang in ("uk", "ru"):
        catalog = read_po((sample / "locales" / lang / "LC_MESSAGES" / "templates.po").open("rb"))
        assert [m.id for m in catalog if m.id and m.fuzzy] == [
            "We are writing to ask for your urgent attention to this case."
        ]
    final = runner.invoke(main, ["build", "--final", "may-2020-joint", "-w", str(sample)])
    assert final.exit_code == 1
    assert "'We are writing to ask for your urgent attention to this case.' is marked fuzzy" in (
        final.output
    )
    # named with its paragraph, as every other problem of a template is
    po = sample / "locales" / "uk" / "LC_MESSAGES" / "templates.po"
    msgid = 'msgid "We are writing to ask for your urgent attention to this case."'
    line = po.read_text(encoding="utf-8").split("\n").index(msgid) + 1
    check = runner.invoke(main, ["check", "--strict", "-w", str(sample)])
    assert check.exit_code == 1
    assert (
        f"error: locales/uk/LC_MESSAGES/templates.po:{line}: 'We are writing to ask for your"
        " urgent attention to this case.' is marked fuzzy (review it, then remove the fuzzy"
        " flag); used by templates/appeal.docx (word/document.xml, paragraph"
        ' “{{ _("We are writing to ask for your urgent attention to this case.") }}'
        " {{ case.summary }}{% for paragraph in case.b...”)"
    ) in check.output.split("\n")


GNU_RULES = {
    "pl": "nplurals=3; plural=n==1 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2;",
    "fr": "nplurals=2; plural=n>1;",
    "cs": "nplurals=3; plural=(n==1) ? 0 : (n>=2 && n<=4) ? 1 : 2;",
    "lv": "nplurals=3; plural=n%10==1 && n%100!=11 ? 0 : n != 0 ? 1 : 2;",
}


@pytest.mark.parametrize("lang", sorted(GNU_RULES))
def test_init_writes_gettext_plural_forms(tmp_path: Path, runner: CliRunner, lang: str) -> None:
    """A new catalog gets GNU gettext's rule, whatever the installed Babel's CLDR rule is,
    so a catalog made today passes the check with any Babel release CI tests."""
    ws = tmp_path / "campaign"
    assert runner.invoke(main, ["init", str(ws)]).exit_code == 0
    run(runner, ws, "i18n", "init", lang)
    po = ws / "locales" / lang / "LC_MESSAGES" / "templates.po"
    value, _ = scan_po(po.read_text(encoding="utf-8")).header["plural-forms"]
    assert parse_plural_forms(value).disagreement(parse_plural_forms(GNU_RULES[lang])) is None
    msgfmt_check(po)
    check = runner.invoke(main, ["check", "-w", str(ws)])
    assert check.exit_code == 0, check.output
    assert "Plural-Forms" not in check.output


def test_a_new_language_goes_below_the_last_one_not_below_the_next_comment(
    sample: Path, runner: CliRunner
) -> None:
    # The comment under the languages is about the letterhead: it stays right above it.
    config = sample / "workspace.yaml"
    before = config.read_text(encoding="utf-8")
    run(runner, sample, "i18n", "init", "pl")
    languages = "languages:\n  en: en_GB\n  uk: uk_UA\n  ru: ru_RU\n"
    assert f"{languages}# The letterhead on the first page" in before
    assert config.read_text(encoding="utf-8") == before.replace(
        languages, f"{languages}  pl: pl\n", 1
    )


HAND_WRITTEN = """\
# letters workspace.
name: New campaign
source_language: en
languages:
  en: en_GB  # the letters' own language
  # the languages of the officials:
  uk: uk_UA
  ru: ru_RU  # Russian, for the prosecutors{pl}

# The sender of e-mail drafts.
  # (indented like a language, but about the sender too)
email_from: Desk <desk@example.org>
"""


def test_a_new_language_leaves_the_comments_where_they_were(
    tmp_path: Path, runner: CliRunner
) -> None:
    # The last language's own comment stays on its line; the lines after it stay above
    # the key they come before.
    ws = tmp_path / "campaign"
    assert runner.invoke(main, ["init", str(ws)]).exit_code == 0
    (ws / "workspace.yaml").write_text(HAND_WRITTEN.format(pl=""), encoding="utf-8")
    run(runner, ws, "i18n", "init", "pl", "--locale", "pl_PL")
    written = (ws / "workspace.yaml").read_text(encoding="utf-8")
    assert written == HAND_WRITTEN.format(pl="\n  pl: pl_PL")


def test_i18n_init_refuses_the_source_language(tmp_path: Path, runner: CliRunner) -> None:
    ws = tmp_path / "campaign"
    assert runner.invoke(main, ["init", str(ws)]).exit_code == 0
    result = runner.invoke(main, ["i18n", "init", "en", "-w", str(ws)])
    assert result.output == "Error: 'en' is the source language; it needs no catalogs\n"


def test_the_english_a_fuzzy_translation_was_made_for_survives_every_update(
    sample: Path, runner: CliRunner
) -> None:
    text = sample / "templates" / "appeal.email.txt"
    text.write_text(
        text.read_text(encoding="utf-8").replace("for a reply to", "for your reply to"),
        encoding="utf-8",
    )
    po = sample / "locales" / "uk" / "LC_MESSAGES" / "templates.po"
    for _ in range(3):  # msgmerge and Poedit read "#|"; a second update must not damage it
        assert runner.invoke(main, ["i18n", "update", "-w", str(sample)]).exit_code == 0
        lines = po.read_text(encoding="utf-8").splitlines()
        assert '#| msgid "We would be grateful for a reply to this address."' in lines
        assert not any(line.startswith("# |") for line in lines)
    msgfmt = require_tool("msgfmt", GETTEXT)
    subprocess.run([msgfmt, "--check", "-o", "/dev/null", str(po)], check=True)


def test_a_missing_catalog_says_how_to_make_it(sample: Path, runner: CliRunner) -> None:
    """One warning for each catalog not made yet, not one for each of its texts: a new
    case has none before its first 'letters i18n update'."""
    for lang in ("uk", "ru"):
        (sample / "locales" / lang / "LC_MESSAGES" / "case-akhmetova.po").unlink()
    missing = [
        f"locales/{lang}/LC_MESSAGES/case-akhmetova.po: the catalog does not exist yet, so its"
        " 37 messages have no translation: 'letters i18n update' makes it"
        for lang in ("ru", "uk")
    ]
    assert run(runner, sample, "check").splitlines() == [
        *(f"warning: {line}" for line in missing),
        "No errors; the warnings above would stop a --final build or check --strict.",
    ]
    strict = runner.invoke(main, ["check", "--strict", "-w", str(sample)])
    assert (strict.exit_code, strict.output.splitlines()) == (
        1,
        [*(f"error: {line}" for line in missing), "Error: 2 problems found."],
    )
    run(runner, sample, "i18n", "update")  # then each text without a translation is named
    after = run(runner, sample, "check")
    assert "does not exist yet" not in after
    assert "' has no translation; used by cases/akhmetova/case.yaml:31 summary" in after


def test_a_header_with_too_many_plural_forms_is_the_one_problem_told(
    sample: Path, runner: CliRunner
) -> None:
    """A header of four forms (Launchpad's rule for Russian-speaking catalogs) over
    translations with the language's three: the header is wrong, and only it is reported;
    no entry is said to need a fourth form the language does not have."""
    po = sample / UK_PO / "templates.po"
    text = po.read_text(encoding="utf-8")
    header = (
        '"Plural-Forms: nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 &&'
        ' (n%100<10 || "\n"n%100>=20) ? 1 : 2);\\n"\n'
    )
    assert text.count(header) == 1
    four = (
        '"Plural-Forms: nplurals=4; plural=(n==1) ? 3 : (n%10==1 && n%100!=11) ? 0 :'
        ' (n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20)) ? 1 : 2;\\n"\n'
    )
    po.write_text(text.replace(header, four), encoding="utf-8")
    line = text[: text.index(header)].count("\n") + 1
    rule = language_rule("uk")
    assert rule is not None
    check = runner.invoke(main, ["check", "-w", str(sample)])
    assert check.exit_code == 1
    errors = [row for row in check.output.splitlines() if row.startswith("error: ")]
    assert errors == [
        f"error: locales/uk/LC_MESSAGES/templates.po:{line}: the Plural-Forms header does not"
        f" match the language 'uk' (it has 4 forms, the language has 3); use '{rule.header}',"
        " and delete each entry's msgstr[3], a form the language does not have (some tools add"
        " one for fractions)"
    ], check.output
    assert "plural form" not in check.output.replace("Plural-Forms", "")


CATALOG_TOO_LARGE = (
    "locales/uk/LC_MESSAGES/templates.po: larger than 10 MiB, the limit ('catalog size'), so it"
    " is not read; a catalog holds the messages of a workspace's letters: check that it is the"
    " .po file"
)


@pytest.mark.parametrize(
    ("command", "said"),
    [
        (
            ["check"],
            f"error: {CATALOG_TOO_LARGE}\nError: 1 problem found. The letters were not rendered:"
            " run 'letters check' again once the files have no error, for what rendering finds.\n",
        ),
        (["i18n", "update"], f"Error: {CATALOG_TOO_LARGE}\n"),
    ],
    ids=["check", "update"],
)
def test_a_catalog_over_the_size_limit_is_not_read(
    sample: Path, runner: CliRunner, command: list[str], said: str
) -> None:
    """A catalog was read whole, however large (a log saved over it, say): one over the
    limit is named, with the limit, and not read."""
    po = sample / "locales" / "uk" / "LC_MESSAGES" / "templates.po"
    with po.open("ab") as file:
        file.write(b"# a translator's note, many times over\n" * (10 * 2**20 // 39 + 1))
    before = files_under(sample)
    result = runner.invoke(main, [*command, "-w", str(sample)])
    assert (result.exit_code, result.output) == (1, said)
    assert files_under(sample) == before


@pytest.mark.parametrize("size", [0, 5_000, 200_000])
def test_a_file_under_its_size_limit_is_read_without_taking_the_limits_memory(
    size: int, tmp_path: Path
) -> None:
    """read_at_most read limit + 1 bytes at once, and Python takes that much memory before it
    reads: 10 MiB for every catalog of a few kB (a mailbox's 400 replies peaked at 19 MB)."""
    import tracemalloc

    from letters.files.size_limits import MAX_CATALOG_BYTES, read_at_most

    path = tmp_path / "messages.po"
    path.write_bytes(b"x" * size)
    tracemalloc.start()
    try:
        data = read_at_most(path, MAX_CATALOG_BYTES)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert data == b"x" * size
    assert peak < 3 * size + 2**17, f"{peak:,} bytes held to read {size:,}"


@pytest.mark.parametrize(
    ("typed", "refused"),
    [
        ('msgstr "Шановні колеги!"', 'msgstr "<b>Шановні колеги!</b>"'),
        ('msgstr "Шановні колеги!"', 'msgstr " Шановні колеги!"'),
        ('msgstr "%(name)s шукає захисту вже рік."', 'msgstr "%(name шукає захисту вже рік."'),
        ('msgstr "%(name)s шукає захисту вже рік."', 'msgstr "%(імя)s шукає захисту вже рік."'),
        (
            'msgstr[1] "%(name)s шукає захисту вже %(count)s роки."',
            'msgstr[1] "%(name)s ищет защиты уже %(count)s года."',
        ),
    ],
    ids=["markup", "space-at-edge", "broken-placeholder", "translated-placeholder", "ru-letters"],
)
def test_a_translation_check_refuses_is_counted_refused_not_translated(
    sample: Path, runner: CliRunner, typed: str, refused: str
) -> None:
    """A translator reads 'i18n stats' for what is left: one that check refuses (so build
    fails) is counted as refused, never as done, and the table says where to learn why."""
    po = sample / UK_PO / "templates.po"
    text = po.read_text(encoding="utf-8")
    assert text.count(typed) == 1
    po.write_text(text.replace(typed, refused), encoding="utf-8")
    rows = json.loads(run(runner, sample, "i18n", "stats", "--json"))
    (row,) = [r for r in rows if (r["language"], r["domain"]) == ("uk", "templates")]
    counts = (row["translated"], row["refused"], row["fuzzy"], row["untranslated"])
    assert (counts, row["percent"]) == ((23, 1, 0, 0), 95.8)
    table = run(runner, sample, "i18n", "stats").splitlines()
    assert table[1] == (
        "uk        templates               23        1             0      0             0   96%"
    )
    assert table[-1] == (
        "1 translation refused by check, so never used: run 'letters check' to see why"
    )
    check = runner.invoke(main, ["check", "-w", str(sample)])
    line = text[: text.index(typed)].count("\n") + 1
    assert check.exit_code == 1
    assert f"error: {UK_PO / 'templates.po'}:{line}: translation of " in check.output


def test_a_plural_short_of_the_languages_forms_under_a_wrong_header_is_not_counted_done(
    sample: Path, runner: CliRunner
) -> None:
    """A header of two forms for Ukrainian, over a plural of two: check refuses the header
    and the plural (Ukrainian needs three), so stats counts the plural refused, not
    translated, and the catalog, whose header check refuses, is not said to be done."""
    po = sample / UK_PO / "templates.po"
    text = po.read_text(encoding="utf-8")
    header = (
        '"Plural-Forms: nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 &&'
        ' (n%100<10 || "\n"n%100>=20) ? 1 : 2);\\n"\n'
    )
    third = 'msgstr[2] "%(name)s шукає захисту вже %(count)s років."\n'
    assert text.count(header) == 1
    assert text.count(third) == 1
    two = '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n'
    po.write_text(text.replace(header, two).replace(third, ""), encoding="utf-8")
    rows = json.loads(run(runner, sample, "i18n", "stats", "--json"))
    (row,) = [r for r in rows if (r["language"], r["domain"]) == ("uk", "templates")]
    counts = (row["translated"], row["refused"], row["fuzzy"], row["untranslated"])
    assert counts == (23, 1, 0, 0), counts
    assert (row["header_refused"], row["percent"]) == (True, 0.0)
    table = run(runner, sample, "i18n", "stats").splitlines()
    assert table[1] == (
        "uk        templates               23        1             0      0             0    0%"
    )
    assert table[-2:] == [
        "1 translation refused by check, so never used: run 'letters check' to see why",
        "the header of uk templates is refused by check, so none of that catalog is used:"
        " run 'letters check' to see why",
    ]
    check = runner.invoke(main, ["check", "-w", str(sample)])
    assert check.exit_code == 1
    assert "'uk' needs 3; add msgstr[2]" in check.output
    assert f"{UK_PO / 'templates.po'}:11: the Plural-Forms header does not match" in check.output


@pytest.mark.parametrize("flag", ["#, python-format", "#, fuzzy, python-format"])
def test_a_plural_with_a_form_line_left_out_is_counted_refused_not_untranslated(
    sample: Path, runner: CliRunner, flag: str
) -> None:
    """A Russian plural saved without its msgstr[2] line (fuzzy or not) is incomplete: Babel
    reads the form as empty, and stats counted the entry untranslated, as if nothing were
    written, while check refuses it; both now say the line is to be added back."""
    po = sample / "locales/ru/LC_MESSAGES/templates.po"
    text = po.read_text(encoding="utf-8")
    msgid = 'msgid "%(name)s has now been seeking protection for %(count)s year."'
    third = 'msgstr[2] "%(name)s ищет защиты уже %(count)s лет."\n'
    assert text.count(f"#, python-format\n{msgid}") == 1 and text.count(third) == 1
    text = text.replace(f"#, python-format\n{msgid}", f"{flag}\n{msgid}").replace(third, "")
    po.write_text(text, encoding="utf-8")
    rows = json.loads(run(runner, sample, "i18n", "stats", "--json"))
    (row,) = [r for r in rows if (r["language"], r["domain"]) == ("ru", "templates")]
    counts = (row["translated"], row["refused"], row["fuzzy"], row["untranslated"])
    assert counts == (23, 1, 0, 0)
    table = run(runner, sample, "i18n", "stats").splitlines()
    assert table[-1] == (
        "1 translation refused by check, so never used: run 'letters check' to see why"
    )
    check = runner.invoke(main, ["check", "-w", str(sample)])
    line = text.index('msgstr[1] "%(name)s ищет защиты уже %(count)s года."')
    assert check.exit_code == 1
    assert (
        f"error: locales/ru/LC_MESSAGES/templates.po:{text[:line].count(chr(10)) + 1}:"
        " translation of '%(name)s has now been seeking protection for %(count)s year.'"
        " has 2 plural forms; 'ru' needs 3; add msgstr[2]\n"
    ) in check.output


def test_a_template_tag_in_a_translation_never_spans_another_tags_start() -> None:
    """A translation's {{ … }}, {% … %} or {# … #} ends before the next one begins, so
    that a catalog is read in one pass whatever it holds: a translation of openers without
    an end ("{{{{{{…") was looked through to its end from each brace, a time growing with
    its length squared (80,000 characters took a minute; a catalog may hold 10 MB)."""
    from letters.i18n.placeholders import BRACE_PLACEHOLDER, translation_problem

    assert BRACE_PLACEHOLDER.findall("{{ a {{ b }} c %} {% d %}") == ["{{ b }}", "{% d %}"]
    comment = translation_problem("Dear colleagues,", "{# a {# b #} Шановні колеги!")
    assert comment is not None and "{# b #}" in comment and "{# a" not in comment
    for opener in ("{{", "{%", "{#"):  # read through once: a test that ends at all
        translation_problem("Dear colleagues,", opener * 200_000)
