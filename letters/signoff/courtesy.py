"""Whether the words a signatory wrote with an approval need a person to read them.

A reply's own words are kept with its approval ("Fine by me. Best, Petras", "Could we say
'serious' rather than 'grave'? Otherwise fine."). No list of refusals and conditions is
ever complete, so this one is the other way round: words that only greet, thank, agree or
sign off, and the signatory's own names, need no reading; any other word does, and
``finalise`` takes such an approval only once it is given its entry with ``--confirmed``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace

from letters.load.loader import WorkspaceData
from letters.signoff.standing import Answer

__all__ = ["needs_reading", "signatory_names", "worded_checked"]

# greetings, thanks, agreement and sign-offs, word by word, in the three languages; a word
# not here (not, but, if, change, paragraph …) makes the comment one to read
_COURTESY_WORDS = """
    hi hello hey dear thanks thank you many much best kind warm warmest regards wishes cheers
    yours sincerely faithfully all the ok okay fine by me good great agreed agree i looks
    look lgtm yes sure with greetings morning afternoon evening happy to sign approve
    approved approval mep mr mrs ms dr go ahead perfect excellent and from colleagues
    colleague team everyone on behalf of
    привіт вітаю добрий доброго день ранку вечора дякую щиро дуже спасибі повагою
    найкращими побажаннями гаразд так згоден згодна погоджую погоджуюсь погоджуюся схвалюю
    чудово добре пане пані шановний шановна все ок колеги колего
    привет здравствуйте добрый доброе утро вечер спасибо благодарю большое уважением всего
    доброго наилучшими пожеланиями хорошо да согласен согласна одобряю отлично господин
    госпожа уважаемый уважаемая всё коллеги
"""
_COURTESY = frozenset(_COURTESY_WORDS.split())
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")


def needs_reading(comment: str, names: Iterable[str]) -> bool:
    """Whether ``comment`` holds a word that is neither courtesy (a greeting, thanks,
    agreement, a sign-off) nor one of ``names`` (the signatory's names, in every form the
    directory gives them), a letter on its own (an initial) aside."""
    own = {w.casefold() for name in names for w in _WORD.findall(name)}
    return any(
        len(word) > 1 and word not in _COURTESY and word not in own
        for word in (w.casefold() for w in _WORD.findall(comment))
    )


def signatory_names(ws: WorkspaceData, who: str) -> list[str]:
    """Every form of ``who``'s name the directory gives (each language's, the parts)."""
    entry = ws.people.get(who)
    if entry is None:
        return []
    person = entry.person
    return [
        *person.name.values(),
        *(str(v) for p in person.parts.values() for v in p.model_dump().values() if v),
    ]


def worded_checked(ws: WorkspaceData, found: list[Answer]) -> list[Answer]:
    """``found``, each approval written with words that may qualify it marked ``worded``."""
    return [
        replace(answer, worded=True)
        if answer.state == "approved"
        and answer.comment
        and needs_reading(answer.comment, signatory_names(ws, answer.who))
        else answer
        for answer in found
    ]
