"""What ``review replies`` did, said to the user: the answers recorded, those already in the
ledger, and those it could not record and why — also when a full disk stopped it midway."""

from __future__ import annotations

from dataclasses import dataclass, field

from letters.errors import LettersError

__all__ = ["RepliesReport", "RepliesStopped"]


@dataclass
class RepliesReport:
    """What ``review replies`` did: a line per answer recorded, and per answer or reply it
    could not record, saying why."""

    recorded: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # already in the ledger
    ours: list[str] = field(default_factory=list)  # sent from email_from: no one's answer
    refused: list[str] = field(default_factory=list)  # in the order they were found
    warnings: list[str] = field(default_factory=list)
    unchecked: bool = False  # a reply's authentication was not read: no server is trusted
    replies_refused: int = 0  # of the lines in refused, those of a whole reply; the rest
    # are of one answer in a reply

    def refuse_reply(self, why: str) -> None:
        """Say why nothing of a reply was recorded (it could not be read, its sender is not
        known, there is no answer in it …)."""
        self.refused.append(why)
        self.replies_refused += 1

    def refuse_answer(self, why: str) -> None:
        """Say why one answer in a reply (APPROVE or CHANGES of a version) was not recorded."""
        self.refused.append(why)

    def not_recorded(self) -> str:
        """What was refused, counted as the user reads it: "2 answers and 1 reply"."""
        answers = len(self.refused) - self.replies_refused
        counted = [
            f"{number} {noun if number == 1 else plural}"
            for number, noun, plural in (
                (answers, "answer", "answers"),
                (self.replies_refused, "reply", "replies"),
            )
            if number
        ]
        return " and ".join(counted)


class RepliesStopped(LettersError):
    """Raised when ``review replies`` stopped at an answer whose ledger line could not be
    written whole (a full disk): the message names the reply and signatory, and ``report``
    holds what was recorded and refused before it, which the user must still be told;
    ``recorded``, whether the answer it stopped at is in the ledger all the same (its line
    written, ledger.head not)."""

    def __init__(self, message: str, report: RepliesReport, *, recorded: bool = False) -> None:
        super().__init__(message)
        self.report = report
        self.recorded = recorded
