"""The words of an answer in a reply: its verbs, its line, and the words that may refuse it.

The grammar, in the words of a review request: a line of its own

    APPROVE E3DA-8200          (uk СХВАЛЮЮ, ru ОДОБРЯЮ)
    CHANGES E3DA-8200          (uk ЗМІНИ, ru ИЗМЕНЕНИЯ)

followed, for CHANGES, by what should change. A reply may hold several such lines, one per
version (or several versions on one line). The verb is read in any letter case and may end
with a colon; the id is the eight hex digits of a draft's version, with or without the hyphen
(or a dash that looks like it). A phone's sign-off ("Sent from my iPhone") is no one's words.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Literal

from letters.signoff.request_words import shipped_words

Verb = Literal["approve", "request-changes"]


@cache
def verb_words() -> dict[str, tuple[str, str]]:
    """The answer words (approve, changes) of every language letters ships, by language
    (its review catalogs', read on first use): a request in a workspace's own language
    asks for the English ones."""
    return {lang: words.verbs for lang, words in shipped_words().items()}


@cache
def answer_of_word() -> dict[str, Verb]:
    """Each answer word of :func:`verb_words`, in lower case, with the answer it gives."""
    pairs = verb_words().values()
    return {
        **{approve.lower(): "approve" for approve, _ in pairs},
        **{change.lower(): "request-changes" for _, change in pairs},
    }


# a hex digit, or a Cyrillic letter that looks like one: a signatory who writes ОДОБРЯЮ goes on
# in the Cyrillic layout, where «74А3-1АЕ3» is typed with А and Е that look like A and E
_LOOKALIKES = str.maketrans("АВСЕасе", "ABCEace")
_HEX = "[0-9A-Fa-fАВСЕасе]"
# the id's hyphen as a word processor or a phone keyboard writes it: a hyphen (U+2010), a
# non-breaking hyphen (U+2011), a figure dash (U+2012), an en or em dash (a double hyphen
# autocorrected, a long press on a phone) or a minus sign (U+2212)
_DASHES = "-\u2010\u2011\u2012\u2013\u2014\u2212"
ID = _HEX + "{4}[" + _DASHES + "]?" + _HEX + "{4}"
IDS = re.compile(ID)


@cache
def answer_line() -> re.Pattern[str]:
    """An answer line: a verb of :func:`answer_of_word`, then one or more version ids."""
    return re.compile(
        r"^[*_\s]*(?P<verb>" + "|".join(answer_of_word()) + r")[*_]*\s*:?\s*"
        r"(?P<ids>" + ID + r"(?:[\s,;]+(?:and\s+|і\s+|и\s+)?" + ID + r")*)\b[*_.]*(?P<rest>.*)$",
        re.IGNORECASE,
    )


@cache
def verb_word() -> re.Pattern[str]:
    """An answer's verb written as the request writes it, in capitals: in words a reader
    does not see (see reply_html), it is an answer hidden, even without its id."""
    return re.compile(
        r"(?<!\w)(?:" + "|".join(w for pair in verb_words().values() for w in pair) + r")(?!\w)"
    )


def normal_id(given: str) -> str:
    """``e3da8200`` → ``E3DA-8200``."""
    digits = re.sub(f"[{_DASHES}]", "", given.translate(_LOOKALIKES)).upper()
    return f"{digits[:4]}-{digits[4:]}"


def answered(line: str) -> list[tuple[Verb, str]]:
    """The answers of ``line`` if it is an answer line: each verb with each version id."""
    match = answer_line().match(line.strip())
    if match is None:
        return []
    verb = answer_of_word()[match["verb"].lower()]
    return [(verb, normal_id(i)) for i in IDS.findall(match["ids"])]


# a version id standing alone in prose, not the end of a longer run of digits (a phone number)
_NAMED_ID = re.compile("(?<![" + _DASHES + r"\w])" + ID + "(?![" + _DASHES + r"\w])")


def named_ids(text: str) -> list[str]:
    """The version ids ``text`` names, normalised, each once, in the order written."""
    return list(dict.fromkeys(normal_id(i) for i in _NAMED_ID.findall(text)))


def named_with_verb(line: str) -> tuple[Verb, str, list[str]] | None:
    """The answer, its word as written and the version ids of a line of prose that names a
    version with an answer word ("I approve E3DA-8200, thanks") but is no answer line, which
    is not read as one: a report says how to answer, not that the reply holds no answer."""
    if answer_line().match(line.strip()):
        return None
    words = list(re.finditer(r"(?<!\w)(?:" + "|".join(answer_of_word()) + r")(?!\w)", line, re.I))
    ids = named_ids(line)
    # "The changes are fine, I approve", "no changes to …": naming either command for it
    # would be the wrong advice, so the report says it is answered in other words
    if not words or not ids or len({answer_of_word()[w[0].lower()] for w in words}) > 1:
        return None
    if any(_NEGATED.search(line[: w.start()]) for w in words):
        return None
    return answer_of_word()[words[0][0].lower()], words[0][0], ids


# a negation a few words before an answer word: "no changes", "I don't have any changes"
_NEGATED = re.compile(
    r"(?:\b(?:no|not|never|without|нет|без|не|ні)|n['’]t)\s+(?:\w+\s+){0,3}$", re.IGNORECASE
)


# the stems of a change made to a text: "fix", "fixing", "correction", «виправити»,
# «виправлення», «исправить», «правки»
_FIXING = r"(?:fix|correct|chang|amend|updat|edit|rewor|adjust)"
_FIXING_UK_RU = (
    r"(?:випр|поправ|змін|замін|прибр|видал|дода|уточн|перевір|перепис|онов|правк"
    r"|испр|измен|замен|убр|удал|добав|провер|обнов)"
)

# Words that refuse or qualify an approval written in the same reply (see read_answers): a
# clause starting with a refusal, a condition or a change asked for; a refusal to approve or
# sign, or a change asked "instead", anywhere; a line ending in a negation (the sender's own
# line break before "APPROVE …").
_START = (
    r"no|nope|not|never|don['’]?t|do not|doesn['’]?t|won['’]?t|will not|can['’]?t|cannot"
    r"|can not|sorry|unfortunately|regrettably|but|however|though|although|unless|if|only"
    r"|provided|providing|except|wait|on condition|on the condition|as long as|so long as"
    r"|subject to|assuming|pending|once|after|before|conditional|hold|tbc|could you"
    r"|can you|would you|kindly|when|whenever|until|till|the moment"
    r"|ні|не|ніяк|на жаль|але|проте|однак|якщо|лише|тільки|за умови|за умов|при умові|крім"
    r"|поки ні|поки не|поки що|ще ні|вибачте|після того|перш ніж|до того як|коли|доки"
    r"|нет|ни|к сожалению|но|однако|если|лишь|только|при условии|с условием|кроме|пока не"
    r"|пока нет|ещё нет|еще нет|извините|простите|после того|прежде чем|до того как|когда"
    r"|до тех пор"
    r"|(?:please\s+|будь ласка,?\s+|пожалуйста,?\s+)?(?:change|replace|remove|delete|add|fix"
    r"|correct|rewrite|write|insert|drop|cut|amend|update|adjust|modify|edit|check|make sure"
    r"|ensure|змініть"
    r"|замініть|приберіть|видаліть|додайте|виправте|напишіть|вставте|поправте|уточніть"
    r"|перевірте|оновіть|измените|замените|уберите|удалите|добавьте|исправьте|напишите"
    r"|вставьте|поправьте|уточните|проверьте|обновите)"
)
# A condition, or a mistake pointed out, anywhere in a sentence: "Happy to sign once the date
# is fixed", "the date should be 21 May", "the date needs fixing", «дата має бути 21 травня»,
# «с условием, что…», «подпишу, как только…», «дату нужно исправить», «в дате опечатка»
_ANYWHERE = (
    r"\b(?:on (?:the )?condition|as long as|so long as|subject to|conditional|pending"
    r"|to be confirmed|tbc|hold on|once\s+(?!again\b|more\b)\w"
    r"|as soon as\s+(?!possible\b)\w"
    r"|(?:should|must|has to|have to|needs? to)\s+(?:be|read|say)"
    r"|(?:is|are|was|were)\s+(?:wrong|incorrect|inaccurate|a typo|a mistake|an error)"
    r"|(?:needs?|requires?)\s+(?:to\s+)?(?:(?:a|an|some)\s+)?" + _FIXING + r"|typo|misprint"
    r"|за умов|при умові|після того|ма(?:є|ють)\s+бути|повинн\w*\s+бути|помилк|неправильн"
    r"|невірн|як тільки|опечатк|описк|одрук"
    r"|при условии|с условием|после того|долж\w*\s+быть|ошибк|ошибочн|неверн|как только"
    # a fix the text needs, the modal word before the verb or the noun, a word or two apart:
    # «треба дату виправити», «дата потребує уточнення», «нужно исправить», «требует правки»
    r"|(?:треба|потрібно|необхідно|слід|потребу\w*|нужно|надо|необходимо|следует|требу\w*)"
    r"\s+(?:\w+\s+){0,2}?" + _FIXING_UK_RU + r")"
)
REFUSING = re.compile(
    r"(?:^|[.!?;:,()\[\]–—]|\s-\s)[\s\"'«»“”„*_]*(?:" + _START + r")(?![\w'’])"
    r"|(?:\bnot|n['’]t|\bnever|\bcannot)\s+(?:\w+\s+){0,2}?"
    r"(?:approv|sign|agree|endors|support|accept|send|sent|go out|goes out)"
    r"|\bне\s+(?:\w+\s+){0,2}?(?:одобр|подпис|соглас|поддерж|схвал|підпис|згод|підтрим)"
    # the signatory has not seen the text (a delegate approving ahead of them), or will later
    r"|(?:\bnot|n['’]t|\bnever)\s+(?:\w+\s+){0,3}?(?:seen|read|looked|reviewed|checked)\b"
    r"|(?:\bnot|n['’]t|\bnever)\s+(?:yet\s+)?(?:had|got|found)\s+(?:a\s+|the\s+|any\s+)?"
    r"(?:chance|time|opportunity)\b"
    r"|\byet\s+to\s+(?:\w+\s+)?(?:see|read|look|review|check|go through)\b"
    # a look still to come, but not "I will look out for the final" (at the final letter)
    r"|\bwill\s+(?:\w+\s+)?(?:see|read|look(?!\s+(?:out|forward))|review|check)\b"
    r"|\bwill\s+(?:\w+\s+)?(?:have|take)\s+a\s+(?:\w+\s+)?look\b"
    r"|\bне\s+(?:\w+\s+){0,3}?(?:бачи|прочита|чита|переглян|перегляда|ознайом|видел|смотрел"
    r"|посмотр|просмотр|ознаком|прочёл|прочел)"
    r"|\bбез\s+(?:\w+\s+)?(?:прочтени|прочитанн|ознакомлени|просмотр|перегляд|ознайомленн)"
    r"|\b(?:withdraw|revoke|declin|reject|refus|objection|hold off|instead|отзыва|отзову"
    r"|отказ|отклон|возража|подожд|вместо|відклика|відкличу|відмов|відхил|запереч|зачека"
    r"|почека|замість)"
    r"|"
    + _ANYWHERE
    + r"|(?:^|\s)(?:not|no|never|don['’]t|won['’]t|cannot|can['’]t|не|ні|нет|ни)\W*$",
    re.IGNORECASE,
)


# what a phone's or a mail app's own line under a message says, not its sender: a line of
# exactly these words, so one with more in it ("Sent from my phone, but …") stays the sender's
MOBILE_SIGNOFF = re.compile(
    r"^(?:(?:sent from|надіслано з|відправлено з|отправлено с|отправлено из)\s+"
    r"(?:my\s+|мого\s+|моего\s+)?"
    r"(?:iphone|ipad|android|mobile|phone|smartphone|samsung galaxy(?: smartphone)?"
    r"|outlook (?:for|для) (?:ios|android)|mail for windows(?: 10)?|blackberry"
    r"|мобільного|мобильного|телефона|смартфона)"
    # Outlook's own line in a Ukrainian or Russian app: «Отримати Outlook для Android»
    r"|(?:get|отримати|получить|скачать) outlook (?:for|для) (?:ios|android))[.!]?$",
    re.IGNORECASE,
)
