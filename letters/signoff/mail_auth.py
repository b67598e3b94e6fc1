"""Whether a reply comes from its ``From`` domain: the receiving server's DKIM, SPF and
DMARC results in its ``Authentication-Results`` header (RFC 8601).

A pass counts only when it is aligned with the From address's domain — DKIM's signing
domain (``header.d``, else the domain of ``header.i``) or SPF's envelope sender
(``smtp.mailfrom``) is that domain, a subdomain of it or a parent of it (of two labels at
least) — and never when DMARC fails: anyone can get a pass for a domain of their own.

Only the topmost header is read: the receiving server adds it above every header the
message came with. A sender can write look-alike headers of their own, below it or (if the
server does not remove them) anywhere; the topmost one is the receiving server's when the
mailbox is read from that server's own delivery, which is what ``review replies`` is given.
"""

from __future__ import annotations

import re
from email.message import EmailMessage

__all__ = ["authentication"]

_TOKEN = r"[^\s;=\"]+"
_PAIR = re.compile(rf"({_TOKEN})\s*=\s*(\"[^\"]*\"|{_TOKEN})")


def _uncommented(text: str) -> str:
    """``text`` without its (comments), nested ones too."""
    while True:
        plain = re.sub(r"\([^()]*\)", " ", text)
        if plain == text:
            return text
        text = plain


def _value(value: str) -> str:
    """A property's value as the verdict shows it: unquoted, on one line, no separators."""
    return re.sub(r"[^\w.@+\-]", "", value.strip('"'))[:100].lower()


def _unquoted(match: re.Match[str]) -> str:
    """A quoted value with nothing in it that could end a result or start a comment."""
    return '"' + re.sub(r'[;()"\\]', "", match.group()[1:-1]) + '"'


def _results(header: str) -> list[tuple[str, str, dict[str, str]]]:
    """Each result of ``header`` as (method, result, properties), the authserv-id left out;
    none from a header whose quotes or comments are not closed, as where its results start
    and end cannot be known (a server may quote what the sender wrote: a selector, a reason).
    """
    text = re.sub(r'"(?:[^"\\]|\\.)*"', _unquoted, re.sub(r"[\r\n]+", " ", header))
    if '"' in re.sub(r'"[^"]*"', "", text):
        return []
    text = _uncommented(text)
    if "(" in text or ")" in text:
        return []
    found = []
    for part in text.split(";")[1:]:
        pairs = _PAIR.findall(part)
        if pairs:
            (method, result), *props = pairs
            found.append((method.lower(), _value(result), {k.lower(): _value(v) for k, v in props}))
    return found


def _aligned(domain: str, sender: str) -> bool:
    """Whether a pass for ``domain`` speaks for ``sender``'s domain: the same domain, or one
    a subdomain of the other (the parent of two labels at least, never a bare top level)."""
    if not domain or domain.count(".") < 1 or sender.count(".") < 1:
        return False
    return domain == sender or domain.endswith(f".{sender}") or sender.endswith(f".{domain}")


def authentication(message: EmailMessage, sender: str) -> tuple[str, str]:
    """The topmost ``Authentication-Results`` verdict for DKIM, SPF and DMARC, with their
    domains (``dkim=pass header.d=example.org spf=fail smtp.mailfrom=…``), and why the
    reply is not authenticated for the domain of ``sender``; "" when it is."""
    domain = sender.rpartition("@")[2].lower()
    headers = message.get_all("Authentication-Results") or []
    if not headers:
        return "no Authentication-Results", f"no DKIM or SPF pass for {domain}"
    shown, passed, dmarc_fail = [], False, False
    for method, result, props in _results(str(headers[0])):
        if method == "dkim":
            signer = props.get("header.d") or props.get("header.i", "").rpartition("@")[2]
            shown.append(f"dkim={result}" + (f" header.d={signer}" if signer else ""))
            passed = passed or (result == "pass" and _aligned(signer, domain))
        elif method == "spf":
            envelope = props.get("smtp.mailfrom", "")
            shown.append(f"spf={result}" + (f" smtp.mailfrom={envelope}" if envelope else ""))
            passed = passed or (result == "pass" and _aligned(envelope.rpartition("@")[2], domain))
        elif method == "dmarc":
            written = props.get("header.from", "")
            shown.append(f"dmarc={result}" + (f" header.from={written}" if written else ""))
            dmarc_fail = dmarc_fail or result == "fail"
    verdict = " ".join(shown) or "no dkim or spf result"
    if dmarc_fail:
        return verdict, f"a DMARC fail for {domain}"
    return verdict, "" if passed else f"no DKIM or SPF pass for {domain}"
