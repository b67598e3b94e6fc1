"""The one rule for e-mail addresses, used when a workspace loads and when a draft is written.

``letters check`` validates every ``email`` of the directory and ``email_from`` of
``workspace.yaml`` with these functions, and :mod:`letters.publish.mail` writes a
draft only for what they accept, so an address that passes the check never fails
a ``build --email`` later.

The rule is stricter than RFC 5322 on purpose: no display name, comment, group,
list, quoted local part, IP-literal or single-label domain, and ASCII only, since
every mail program and server accepts what passes.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from email import errors as email_errors
from email import policy as email_policy
from email.headerregistry import Address

MAX_NAME = 200
"""The longest display name of a sender; keeps a quoted name well under the 998-octet limit."""

HEADER_BAD = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})
"""Unicode categories refused in a header: control characters, line breaks and invisible
format characters (a bidi override in a name can make an address look like another)."""

_LOCAL_PART = re.compile(r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*")
_LABEL = re.compile(r"[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?")
_TOP_LABEL = re.compile(r"[A-Za-z]{2,63}|xn--[A-Za-z0-9-]{1,59}")

NOT_ONE_ADDRESS = "not a single e-mail address like name@example.org"

HIDDEN_CONTROL = "its name, decoded from =?…?=, contains a line break or control character"
"""Why a sender is refused whose typed name is clean but whose encoded-words decode to what
:data:`HEADER_BAD` refuses (a bidi override, U+2028): the draft carries the decoded name."""


def has_control(value: str, categories: frozenset[str], allowed: str = "") -> bool:
    """Whether ``value`` has a character of one of the Unicode ``categories`` not in ``allowed``."""
    return any(unicodedata.category(c) in categories and c not in allowed for c in value)


def address_problem(value: str) -> str | None:
    """Why ``value`` is not exactly one plain address like ``name@example.org``; None if it is."""
    if not value:
        return "empty"
    if has_control(value, HEADER_BAD):
        return "contains a line break or control character"
    if not value.isascii():
        return "has non-ASCII characters; internationalised addresses are not supported"
    try:
        parsed = Address(addr_spec=value)
    except (ValueError, IndexError, email_errors.HeaderParseError):
        return NOT_ONE_ADDRESS
    labels = parsed.domain.split(".")
    if parsed.addr_spec == value and len(labels) == 1 and _LABEL.fullmatch(labels[0]):
        return "has no dot in its domain, after the @ (example.org, not example)"
    if (
        parsed.addr_spec != value
        or not _LOCAL_PART.fullmatch(parsed.username)
        or len(parsed.username) > 64
        or len(value) > 254
        or len(labels) < 2
        or not all(_LABEL.fullmatch(label) for label in labels)
        or not _TOP_LABEL.fullmatch(labels[-1])
    ):
        return NOT_ONE_ADDRESS
    return None


def sender_problem(value: str) -> str | None:
    """Why ``value`` is not a sender, ``Name <name@example.org>`` or an address; None if it is."""
    if not value.strip():
        return "empty"
    if has_control(value, HEADER_BAD):
        return "contains a line break or control character"
    parsed = parse_sender(value)
    if parsed is None:
        return 'not a single address like "Name <name@example.org>"'
    if has_control(parsed[0], HEADER_BAD):
        return HIDDEN_CONTROL
    if len(parsed[0].strip()) > MAX_NAME:
        return f"name longer than {MAX_NAME} characters"
    return address_problem(parsed[1])


@functools.lru_cache(maxsize=16)  # a campaign's drafts all have the one sender
def parse_sender(sender: str) -> tuple[str, str] | None:
    """The display name and address of a typed ``Name <address>``, or None."""
    try:
        header = email_policy.default.header_factory("From", sender)
    except (ValueError, IndexError, email_errors.HeaderParseError):
        return None
    groups = header.groups
    if header.defects or len(groups) != 1 or groups[0].display_name is not None:
        return None
    if len(groups[0].addresses) != 1:
        return None
    address = groups[0].addresses[0]
    return str(address.display_name), str(address.addr_spec)
