"""'letters i18n update' never loses a translation: each one the catalogs held before a
run is, after it, in a live entry or an obsolete (#~) one, whichever entry the merge took
a new message's translation from and whichever it passed over."""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from click.testing import CliRunner

from letters.cli import main
from tests.conftest import add_paragraphs, msgfmt_check
from tests.test_i18n_renamed_context import TRUST, UK, _entry, obsolete_entries

WRITING = "We are writing to ask for your urgent attention to the following case."
CHANGED = "We are writing to ask for your urgent attention to this case."
OWN = 'msgid "{english}"\nmsgstr "Просимо невідкладно звернути увагу на викладену нижче справу."\n'
FORMAL = f'\nmsgctxt "formal"\nmsgid "{CHANGED}"\nmsgstr "ФОРМАЛЬНИЙ ПЕРЕКЛАД"\n'


def _translations(root: Path) -> set[tuple[str, str]]:
    """Every translation the workspace's catalogs hold, live or #~, with its language."""
    found = set()
    for po in (*root.glob("locales/*/LC_MESSAGES/*.po"), *root.glob("locales/.private/*/*.po")):
        lang = po.parent.parent.name if po.parent.name == "LC_MESSAGES" else po.parent.name
        with po.open("rb") as read:
            catalog = read_po(read, locale=lang)
        for message in [*catalog, *obsolete_entries(po, lang)]:
            forms = [message.string] if isinstance(message.string, str) else message.string
            found |= {(lang, text) for text in forms if message.id and text}
    return found


def _edit(root: Path, edits: list[tuple[str, str]]) -> None:
    po = root / UK
    text = po.read_text(encoding="utf-8")
    for before, after in edits:
        assert before in text, before
        text = text.replace(before, after)
    po.write_text(text, "utf-8")


OWN_THEN_FORMAL = [(OWN.format(english=WRITING), OWN.format(english=CHANGED) + FORMAL)]
SCENARIOS = {
    # the message's own entry (no msgctxt) is not Babel's pick, the last of its English
    "own-then-formal": (OWN_THEN_FORMAL, []),
    "formal-then-own": (
        [(OWN.format(english=WRITING), FORMAL[1:] + "\n" + OWN.format(english=CHANGED))],
        [],
    ),
    "formal-asked-too": (OWN_THEN_FORMAL, [f'{{{{ pgettext("formal", "{WRITING}") }}}}']),
    "two-take-one": (
        [(_entry("joint"), _entry("спільний"))],
        [f'{{{{ pgettext("to Mr Bilčík", "{TRUST}") }}}}'],
    ),
    "both-contexts-translated": (
        [(_entry("joint"), _entry("спільний")), (_entry("individual"), _entry("окремий"))],
        [],
    ),
    "english-changed-in-both": (
        [('"We trust that you will give this case', '"We trust that you will give this matter')],
        [],
    ),
}


@pytest.mark.parametrize("name", list(SCENARIOS))
def test_every_translation_is_kept_live_or_obsolete(
    sample: Path, runner: CliRunner, name: str
) -> None:
    """Whichever entries a merge takes translations from, renames or passes over, no
    translation the catalogs held is gone from them after the run."""
    edits, paragraphs = SCENARIOS[name]
    _edit(sample, edits)
    if paragraphs:
        add_paragraphs(sample / "templates" / "appeal.docx", *paragraphs)
    before = _translations(sample)
    update = runner.invoke(main, ["i18n", "update", "-w", str(sample)])
    assert update.exit_code == 0, update.output
    assert before - _translations(sample) == set()
    msgfmt_check(sample / UK)


def test_the_entry_babel_picked_and_lender_passed_over_is_kept_obsolete(
    sample: Path, runner: CliRunner
) -> None:
    """A sentence's English changed; the catalog has the old English twice, the message's
    own entry and, after it, one under msgctxt "formal" no template uses. The message
    takes its own entry's translation; Babel's merge had used up the "formal" one (its
    pick, the last), keeping it nowhere: it is kept as #~, and the run says so."""
    _edit(sample, OWN_THEN_FORMAL)
    update = runner.invoke(main, ["i18n", "update", "-w", str(sample)])
    assert update.exit_code == 0, update.output
    assert [line for line in update.output.splitlines() if line.startswith("  ")][:2] == [
        "  1 made fuzzy, as the English changed (translation kept: review it, then remove the"
        " fuzzy flag): 'We are writing to ask for your urgent attention to the fo...'",
        "  1 moved to obsolete #~ entries, as the English is gone: 'We are writing to ask for"
        " your urgent attention to this c...' (context 'formal')",
    ]
    with (sample / UK).open("rb") as read:
        catalog = read_po(read, locale="uk")
    kept = obsolete_entries(sample / UK, "uk").get(CHANGED, "formal")
    assert kept is not None and kept.string == "ФОРМАЛЬНИЙ ПЕРЕКЛАД"
    own = catalog.get(WRITING)
    assert own is not None and own.fuzzy and own.string.startswith("Просимо невідкладно")


def test_a_translation_put_back_leaves_the_entry_both_took_from_to_the_other_as_a_suggestion(
    sample: Path, runner: CliRunner
) -> None:
    """While a text was private, a close one was added and translated; then the text is
    public again, and the close one is edited at the same time. Both new messages could
    take the close one's translation, which can be at most one's: the one public again
    gets its own back, the edited one a suggestion (not "the English changed"), and the
    close one's entry is kept as #~, as a review may write over a suggestion."""
    case = sample / "cases" / "akhmetova" / "case.yaml"
    public = case.read_text(encoding="utf-8")
    close = "In March 2018 she fled to Ukraine with her son and applied for protection there again."
    edited = close.replace("again", "once more")
    flight = "  - id: flight\n    text: >-\n"
    assert public.count(flight) == 1 and public.count("  - id: request\n") == 1
    public = public.replace(
        "  - id: request\n", f"  - id: again\n    text: {close}\n  - id: request\n"
    )
    case.write_text(public.replace(flight, flight.replace("\n", "\n    private: true\n", 1)))
    assert runner.invoke(main, ["i18n", "update", "-w", str(sample)]).exit_code == 0
    po = sample / "locales" / "uk" / "LC_MESSAGES" / "case-akhmetova.po"
    text, empty = po.read_text(encoding="utf-8"), f'msgid "{close}"\nmsgstr ""'
    assert text.count(empty) == 1
    po.write_text(text.replace(empty, f'msgid "{close}"\nmsgstr "Вона знову втекла."'), "utf-8")
    case.write_text(public.replace(close, edited), encoding="utf-8")
    before = _translations(sample)
    update = runner.invoke(main, ["i18n", "update", "-w", str(sample)])
    assert update.exit_code == 0, update.output
    short = "'In March 2018 she fled to Ukraine with her son and applie...'"
    lines = update.output.splitlines()
    uk = lines.index(
        f"updated {po}: 0 untranslated, 1 newly fuzzy; 1 translation of a text public again"
        " put back"
    )
    assert lines[uk + 1 : uk + 3] == [
        "  1 new, translation suggested from a close English (fuzzy: review it, then remove the"
        f" fuzzy flag): {short} from {short}",
        f"  1 moved to obsolete #~ entries, as the English is gone: {short}",
    ]
    assert not lines[uk + 3].startswith("  ")
    assert before - _translations(sample) == set()
    with po.open("rb") as read:
        catalog = read_po(read, locale="uk")
    suggested, kept = catalog.get(edited), obsolete_entries(po, "uk").get(close)
    assert suggested is not None and suggested.fuzzy and suggested.string == "Вона знову втекла."
    assert kept is not None and kept.string == "Вона знову втекла."
