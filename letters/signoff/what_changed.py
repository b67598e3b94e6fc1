"""What changed in a letter since the version a signatory answered on, said to the signatory.

The review packet's ``….changes.txt`` lists the changed inputs for the staff, by their keys
("changed: translation of case text cases/akhmetova/case.yaml timeline[5].text"), which
a signatory cannot read; a review request says the same in the request's language, naming
the part of the letter, the fact or the translation, and the person by name. It never
quotes a text: the redline shows the words, and a case's text may be private.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from letters.i18n.text_uses import LETTER_TEXT_USES
from letters.load.loader import WorkspaceData
from letters.render.approval import comparable_input, recorded_fields

__all__ = ["CHANGE_WORDS", "Change", "change_in_words", "translation_only", "what_changed"]

How = Literal["added", "removed", "changed", "translated"]


@dataclass(frozen=True)
class Change:
    """One input of a letter added, removed or changed (``translated``: only its
    translation), by the part it is: ``part`` a key of :data:`CHANGE_WORDS`'s parts,
    ``person`` the directory id of the signatory or recipient it is about."""

    how: How
    part: str
    person: str = ""


# the case texts a letter shows, by the field they come from (letters.yaml's own as well)
_CASE_PARTS = {
    *("summary", "background", "timeline", "risks", "instruments", "asks", "sources"),
    *("person", "subject", "framing"),
}
_FIELD = re.compile(r"(?:letters\[\d+\]\.)?([a-z_]+)")


def what_changed(old: dict[str, str], new: dict[str, str]) -> list[Change]:
    """The changes from the inputs of one version (``old``) to another's, each said once,
    in the order of their keys."""
    found: list[Change] = []
    for key in sorted(set(old) | set(new)):
        if key not in old:
            how: How = "added"
        elif key not in new:
            how = "removed"
        elif comparable_input(key, old[key]) == comparable_input(key, new[key]):
            continue
        elif key.startswith("letter ") and _settings(old[key]) == _settings(new[key]):
            continue  # only its texts changed, each said as the part of the letter it is
        else:
            how = "translated" if translation_only(key, old[key], new[key]) else "changed"
        change = _change(key, how)
        if change not in found:
            found.append(change)
    return found


def _settings(recorded: str) -> object:
    """A letter's recorded definition without its texts (its heading, summary, framing),
    which are compared as case texts."""
    found = recorded_fields(recorded)
    if found is None:
        return recorded  # not a record this tool wrote: compared as it stands
    return {name: value for name, value in found.items() if name not in LETTER_TEXT_USES}


def translation_only(key: str, old: str, new: str) -> bool:
    """True when an input changed only in its translation: a case text's English (what its
    value holds before ' => ') or a template text's (its key) is the same."""
    if key.startswith("template text"):
        return True
    if key.startswith("case text "):
        return old.split(" => ", 1)[0] == new.split(" => ", 1)[0]
    return False


def _change(key: str, how: How) -> Change:
    kind, _, rest = key.partition(" ")
    if key.startswith("template text"):
        return Change(how, "template-text")
    if key.startswith("case text "):
        where = rest.removeprefix("text ").rpartition(" ")[2]  # after the file's name
        field = _FIELD.match(where)
        part = field.group(1) if field else ""
        return Change(how, part if part in _CASE_PARTS else "case-text")
    if kind in ("signatory", "recipient"):
        return Change(how, kind, rest)
    if kind == "letter":
        return Change(how, "letter")
    if key == "case facts":
        return Change(how, "facts")
    return Change(how, "template")  # the template file: its layout, pictures, fixed text


def change_in_words(change: Change, lang: str, ws: WorkspaceData) -> str:
    """``change`` in words of ``lang`` (a key of :data:`CHANGE_WORDS`)."""
    words = CHANGE_WORDS[lang]
    part = words[change.part]
    if change.person:
        entry = ws.people.get(change.person)
        names = entry.person.name if entry else {}
        # one no longer in the directory is named as the staff knew them
        name = names.get(lang) or names.get("en") or next(iter(names.values()), change.person)
        part = part.format(name=name)
    return words[change.how].format(part=part)


# Ukrainian and Russian say "what" after a colon, so each part is a noun phrase in the
# nominative; a person is named as the directory writes them in the request's language.
CHANGE_WORDS: dict[str, dict[str, str]] = {
    "en": {
        "added": "added: {part}",
        "removed": "removed: {part}",
        "changed": "changed: {part}",
        "translated": "changed in translation only: {part}",
        "summary": "the summary of the case",
        "background": "the background of the case",
        "timeline": "the account of events",
        "risks": "the account of the risks",
        "instruments": "the treaties cited",
        "asks": "what the letter asks",
        "sources": "the footnotes on sources",
        "person": "the description of the person (occupation, organisation)",
        "subject": "the letter's heading",
        "framing": "the sentence leading into the risks",
        "case-text": "a text of the case",
        "template-text": "the standard wording of the letter",
        "template": "the letter's layout or standard wording (its template)",
        "letter": "the letter's particulars: date, place, addressees, signatories or events told",
        "facts": "the facts of the case: dates and kinds of events, sources",
        "signatory": "what the letter says of its signatory ({name})",
        "recipient": "the addressee's details ({name})",
    },
    "uk": {
        "added": "додано: {part}",
        "removed": "вилучено: {part}",
        "changed": "змінено: {part}",
        "translated": "змінено лише переклад: {part}",
        "summary": "стислий виклад справи",
        "background": "обставини справи",
        "timeline": "виклад подій",
        "risks": "опис загроз",
        "instruments": "перелік міжнародних договорів",
        "asks": "прохання, висловлені в листі",
        "sources": "виноски з джерелами",
        "person": "відомості про особу (рід занять, організація)",
        "subject": "заголовок листа",
        "framing": "речення, що передує опису загроз",
        "case-text": "текст справи",
        "template-text": "стандартні формулювання листа",
        "template": "оформлення або стандартні формулювання листа (його шаблон)",
        "letter": "реквізити листа: дата, місце, адресати, підписанти або наведені події",
        "facts": "факти справи: дати й види подій, джерела",
        "signatory": "відомості про підписанта ({name})",
        "recipient": "відомості про адресата ({name})",
    },
    "ru": {
        "added": "добавлено: {part}",
        "removed": "удалено: {part}",
        "changed": "изменено: {part}",
        "translated": "изменен только перевод: {part}",
        "summary": "краткое изложение дела",
        "background": "обстоятельства дела",
        "timeline": "изложение событий",
        "risks": "описание угроз",
        "instruments": "перечень международных договоров",
        "asks": "просьбы, изложенные в письме",
        "sources": "сноски с источниками",
        "person": "сведения о лице (род занятий, организация)",
        "subject": "заголовок письма",
        "framing": "предложение, предваряющее описание угроз",
        "case-text": "текст дела",
        "template-text": "стандартные формулировки письма",
        "template": "оформление или стандартные формулировки письма (его шаблон)",
        "letter": "реквизиты письма: дата, место, адресаты, подписанты или приводимые события",
        "facts": "факты дела: даты и виды событий, источники",
        "signatory": "сведения о подписанте ({name})",
        "recipient": "сведения об адресате ({name})",
    },
}
