"""Whether a reply comes from its ``From`` domain: the receiving server's DKIM, SPF and
DMARC results in its ``Authentication-Results`` header (RFC 8601).

Only the verdict of a server the workspace trusts counts (``email_authserv_id`` in
workspace.yaml, the name such a server writes first in the header, its authserv-id): a
sender can write a header of their own into their message, and many receiving servers add
none to replace it (RFC 8601 §5). Of the trusted server's headers the topmost is read: it
adds its own above every header the message came with. Without ``email_authserv_id`` no
verdict is trusted.

A pass counts only when it is aligned with the From address's domain — DKIM's signing
domain (``header.d``, else the domain of ``header.i``) or SPF's envelope sender
(``smtp.mailfrom``) is that domain, a subdomain of it or a parent of it (of two labels at
least) — and never when DMARC fails: anyone can get a pass for a domain of their own. The
domain of an address is what follows the ``@`` after its whole local part, quoted or not
(``"a@example.org"@evil.example`` is evil.example's); a value that cannot be read as an
address or a domain is no pass.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from email.message import EmailMessage

__all__ = ["NO_SETTING", "authentication"]

NO_SETTING = "no email_authserv_id"
"""The verdict of a reply read without ``email_authserv_id``: none is trusted."""

_QUOTED = re.compile(r'"(?:[^"\\]|\\.)*"', re.S)
_DOMAIN = re.compile(r"[\w-]+(?:\.[\w-]+)*\.?")
_PAIR = re.compile(r'\s*([^\s="]+)\s*=\s*((?:"(?:[^"\\]|\\.)*"|[^\s"])+)\s*', re.S)
_LOCAL = re.compile(r"[\w!#$%&'*+/=?^`{|}~-]+(?:\.[\w!#$%&'*+/=?^`{|}~-]+)*")


def _parts(header: str) -> list[str] | None:
    """``header`` cut at each ``;`` outside quotes and comments, its comments (nested ones
    too) made spaces, its quoted strings kept as written; None when a quote or comment is not
    closed, as where its results start and end cannot be known (a server may quote what the
    sender wrote: a selector, a reason); None too when a comment holds an odd number of
    quotation marks, as where a server copied a sender's quoted address into its comment
    without escaping it (``(domain of "a);dkim=pass …;("@evil.example …)``): the sender's
    words, not the server's, would then be read as results."""
    parts, now, depth, i, quotes = [], [], 0, 0, 0
    while i < len(header):
        char = header[i]
        if char == "\\" and depth:
            i += 2
            continue
        if char == "(":
            depth += 1
        elif char == ")":
            if not depth:
                return None
            depth -= 1
            now.append(" ")
            if not depth and quotes % 2:
                return None
            quotes = quotes if depth else 0
        elif depth:
            quotes += char == '"'
        elif char == '"':
            quoted = _QUOTED.match(header, i)
            if quoted is None:
                return None
            now.append(quoted.group())
            i = quoted.end()
            continue
        elif char == ";":
            parts.append("".join(now))
            now = []
        else:
            now.append(char)
        i += 1
    return None if depth else [*parts, "".join(now)]


def _unquote(quoted: str) -> str:
    return re.sub(r"\\(.)", r"\1", quoted[1:-1], flags=re.S)


def _pairs(part: str) -> list[tuple[str, str]] | None:
    """Each ``name=value`` of a result, the value as written (quotes and all, up to the next
    space outside quotes); None if the result is not such pairs."""
    found, at = [], 0
    while at < len(part):
        match = _PAIR.match(part, at)
        if match is None:
            return None
        found.append((match.group(1).lower(), match.group(2)))
        at = match.end()
    return found


def _domain_of(value: str, whole_quoted: bool = True) -> str:
    """The domain of an address or domain as an ``Authentication-Results`` property gives it
    (``a@example.org``, ``"a b"@example.org``, ``@example.org``, ``example.org``, or any of
    these quoted whole), lower case; "" when it cannot be read as one."""
    if value.startswith('"'):
        quoted = _QUOTED.match(value)
        if quoted is None:
            return ""
        rest = value[quoted.end() :]
        if not rest:
            return _domain_of(_unquote(quoted.group()), False) if whole_quoted else ""
        if not rest.startswith("@"):
            return ""
        domain = rest[1:]
    else:
        local, at, domain = value.rpartition("@")
        if not at:
            local, domain = "", value
        elif local and not _LOCAL.fullmatch(local):
            return ""
    if not _DOMAIN.fullmatch(domain) or len(domain) > 254:
        return ""
    return domain.rstrip(".").lower()


def _shown(value: str) -> str:
    """A property's value as the verdict shows it: on one line, without separators or
    spaces, a value quoted whole without its quotes."""
    if _QUOTED.fullmatch(value):
        value = value[1:-1]
    return re.sub(r'[^\w.@+=\-"\\]', "", value)[:100].lower()


def _results(header: str, trusted: set[str]) -> list[tuple[str, str, dict[str, str]]] | None:
    """Each result of ``header`` as (method, result, properties as written) if the server
    that wrote it (its authserv-id, with or without a version number) is one of ``trusted``
    (lower case) — none if its results cannot be read; None if another server wrote it, or
    which one cannot be read."""
    header = re.sub(r"[\r\n]+", " ", header)
    parts = _parts(header)
    # the server's name comes before the results: readable even when they are not
    head = parts[:1] if parts is not None else _parts(header.split(";", 1)[0])
    server = head[0].split() if head else []
    if not 1 <= len(server) <= 2 or (len(server) == 2 and not server[1].isdigit()):
        return None
    name = _unquote(server[0]) if _QUOTED.fullmatch(server[0]) else server[0]
    if name.lower() not in trusted:
        return None
    found = []
    for part in (parts or [])[1:]:
        pairs = _pairs(part)
        if pairs:  # not "none", nor a result that cannot be read
            (method, result), *props = pairs
            found.append((method.split("/")[0], _shown(result), dict(props)))
    return found


def _aligned(domain: str, sender: str) -> bool:
    """Whether a pass for ``domain`` speaks for ``sender``'s domain: the same domain, or one
    a subdomain of the other (the parent of two labels at least, never a bare top level)."""
    if not domain or domain.count(".") < 1 or sender.count(".") < 1:
        return False
    return domain == sender or domain.endswith(f".{sender}") or sender.endswith(f".{domain}")


def authentication(message: EmailMessage, sender: str, trusted: Sequence[str]) -> tuple[str, str]:
    """The verdict for DKIM, SPF and DMARC, with their domains (``dkim=pass
    header.d=example.org spf=fail smtp.mailfrom=…``), of the topmost
    ``Authentication-Results`` header a server of ``trusted`` wrote, and why the reply is not
    authenticated for the domain of ``sender``; "" when it is."""
    domain = sender.rpartition("@")[2].lower()
    if not trusted:
        return NO_SETTING, "no trusted Authentication-Results"
    headers = message.get_all("Authentication-Results") or []
    if not headers:
        return "no Authentication-Results", f"no DKIM or SPF pass for {domain}"
    servers = {name.lower() for name in trusted}
    read = (_results(str(header), servers) for header in headers)
    results = next((found for found in read if found is not None), None)
    if results is None:
        names = " or ".join(t.lower() for t in trusted)
        return f"no Authentication-Results from {names}", f"no DKIM or SPF pass for {domain}"
    shown, passed, dmarc_fail = [], False, False
    for method, result, props in results:
        if method == "dkim":
            # the signing domain: header.d, else the domain of header.i (never both)
            signer = _domain_of(
                props["header.d"] if "header.d" in props else props.get("header.i", "")
            )
            written = signer or _shown(props.get("header.d", ""))
            shown.append(f"dkim={result}" + (f" header.d={written}" if written else ""))
            passed = passed or (result == "pass" and _aligned(signer, domain))
        elif method == "spf":
            envelope = props.get("smtp.mailfrom", "")
            written = _shown(envelope)
            shown.append(f"spf={result}" + (f" smtp.mailfrom={written}" if written else ""))
            passed = passed or (result == "pass" and _aligned(_domain_of(envelope), domain))
        elif method == "dmarc":
            written = _shown(props.get("header.from", ""))
            shown.append(f"dmarc={result}" + (f" header.from={written}" if written else ""))
            dmarc_fail = dmarc_fail or result == "fail"
    verdict = " ".join(shown) or "no dkim or spf result"
    if dmarc_fail:
        return verdict, f"a DMARC fail for {domain}"
    return verdict, "" if passed else f"no DKIM or SPF pass for {domain}"
