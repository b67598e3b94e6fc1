"""How far each language is translated: ``letters i18n stats``."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field

from letters.i18n.catalog import Messages, po_path
from letters.i18n.catalog_files import read_catalogs, require_usable
from letters.i18n.header import header_problems
from letters.i18n.po_read import read_catalog_scanned
from letters.i18n.translated import forms_needed, standing
from letters.i18n.workflow import domains_in, languages, messages_by_domain
from letters.i18n.workspace_catalogs import load_catalogs
from letters.load.loader import WorkspaceData
from letters.tables import format_table


@dataclass(frozen=True)
class Lacking:
    """One translation counted as inconsistent: where it is (``file``, the catalog as
    messages name it, and ``line``, that of its form lacking something, 0 if none is
    known), its English (``msgid``, a plural's singular; ``msgctxt``) and ``lacks``, what
    it leaves out of that English as check says it (``"2009" (a year)``)."""

    file: str
    line: int
    msgctxt: str | None
    msgid: str
    lacks: str

    def __str__(self) -> str:
        """``file:line: the translation lacks what its English text has: …``, as check
        and the table say it."""
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: the translation lacks what its English text has: {self.lacks}"


@dataclass
class Stat:
    """How far one domain is translated into one language."""

    language: str
    domain: str
    translated: int
    fuzzy: int
    untranslated: int
    # translated, but in a way every command refuses (letters check says why): never used
    refused: int = 0
    # its header (Plural-Forms, Language) is one check refuses: no letter uses the catalog
    header_refused: bool = False
    # translated, but without a number, date, URL, case number or name its English has (a
    # case's catalog): check warns of it where a letter shows it, a --final build refuses it
    inconsistent: int = 0
    # each of those, named (in the JSON as ``inconsistent_entries``)
    lacking: list[Lacking] = field(default_factory=list)

    @property
    def total(self) -> int:
        """Every current message of the domain."""
        return self.translated + self.refused + self.inconsistent + self.fuzzy + self.untranslated

    @property
    def percent(self) -> float:
        """The share of messages translated and not fuzzy, 100 for an empty domain; 0 when
        check refuses the header, for then no letter uses any of them."""
        if self.header_refused:
            return 0.0
        return 100.0 * self.translated / self.total if self.total else 100.0


def stats(ws: WorkspaceData) -> list[Stat]:
    """Per language and domain: how many current messages are translated, refused,
    inconsistent (lacking what their English has), fuzzy or missing."""
    require_usable(ws, read=read_catalogs(ws))
    usable, _problems = load_catalogs(ws)  # as the letters use them (check lists problems)
    out = []
    for lang in languages(ws):
        for domain, messages in domains_in(messages_by_domain(ws), lang).items():
            path = po_path(ws.root, lang, domain)
            catalog, header_refused, form_lines = None, False, {}
            if path.is_file():
                label = ws.rel(path)
                catalog, scan = read_catalog_scanned(path, label, lang)
                found = header_problems(catalog, scan, label, lang)
                header_refused = any(not problem.warning for problem in found)
                form_lines = scan.msgstr_lines
            counts = dict.fromkeys(("translated", "refused", "inconsistent", "fuzzy"), 0)
            counts["untranslated"] = 0
            lacks: list[Lacking] = []
            needed = forms_needed(catalog, lang) if catalog is not None else 0
            seen = set()
            for m in messages:
                key = (m.context, m.id)
                if key in seen:
                    continue
                seen.add(key)
                entry = catalog.get(m.id, context=m.context) if catalog is not None else None
                # a plural translated as one text, or the reverse, is not used: a gap too
                other_kind = entry is not None and _plural(entry.id) != _plural(m.id)
                # a plural translated for another English plural than the template's: not used
                replaced = entry is not None and _plural(m.id) and entry.id[1] != m.id[1]
                if entry is None or other_kind or replaced:
                    counts["untranslated"] += 1
                else:
                    lines = form_lines.get((m.context, _singular(m.id)), {})
                    expr = catalog.plural_expr if catalog is not None else None
                    kind = standing(entry, lines, lang, needed, expr)
                    said = _lacks(usable.get((lang, domain)), key)
                    if kind == "translated" and said is not None:
                        kind = "inconsistent"
                        lacks.append(said)
                    counts[kind] += 1
            out.append(Stat(lang, domain, **counts, header_refused=header_refused, lacking=lacks))
    return out


def _lacks(messages: Messages | None, key: tuple[str | None, object]) -> Lacking | None:
    """What the translation of ``key`` lacks of its English, as check says it, with its
    file and line (:meth:`Messages.lacks`); None where it lacks nothing or is not checked."""
    if messages is None:
        return None
    if _plural(key[1]):
        singular, plural = str(key[1][0]), key[1][1]  # type: ignore[index]
        found = messages.lacks((key[0], singular), plural)
    else:
        singular = str(key[1])
        found = messages.lacks((key[0], singular))
    if found is None:
        return None
    line, said = found
    return Lacking(messages.label, line or 0, key[0], singular, said)


def _singular(msgid: str | tuple[str, ...]) -> str:
    return msgid[0] if isinstance(msgid, tuple) else msgid


def _plural(msgid: object) -> bool:
    return isinstance(msgid, tuple | list)


def stats_json(rows: list[Stat]) -> str:
    """What ``letters i18n stats --json`` prints: the rows with their totals and percentages,
    and the inconsistent entries each counts (``inconsistent_entries``: their file, line,
    msgctxt, msgid and what they lack), as the table names them under it."""
    return json.dumps(
        [
            {
                **_counts(r),
                "total": r.total,
                "percent": round(r.percent, 1),
                "inconsistent_entries": [asdict(entry) for entry in r.lacking],
            }
            for r in rows
        ],
        ensure_ascii=False,
        indent=2,
    )


def _counts(row: Stat) -> dict[str, object]:
    """A row's counts for the JSON (its inconsistent entries follow them, named)."""
    return {k: v for k, v in asdict(row).items() if k != "lacking"}


def stats_table(rows: list[Stat]) -> str:
    """The table ``letters i18n stats`` prints: one language and domain a line."""
    header = (
        "language",
        "domain",
        "translated",
        "refused",
        "inconsistent",
        "fuzzy",
        "untranslated",
        "done",
    )
    body = [
        (
            r.language,
            r.domain,
            str(r.translated),
            str(r.refused),
            str(r.inconsistent),
            str(r.fuzzy),
            str(r.untranslated),
            f"{r.percent:.0f}%",
        )
        for r in rows
    ]
    table = format_table(header, body, align="llrrrrrr")
    refused = sum(r.refused for r in rows)
    if refused:  # not done, though written: say where to learn why
        table += (
            f"\n{refused} translation{'s' if refused != 1 else ''} refused by check, so never"
            " used: run 'letters check' to see why"
        )
    lacking = [said for r in rows for said in r.lacking]
    if lacking:  # used all the same, so a draft shows no mark: each one named here
        n = len(lacking)
        table += (
            f"\n{n} translation{'s' if n != 1 else ''} {'lack' if n != 1 else 'lacks'} what"
            " the English text has, which a --final build refuses:"
        )
        table += "".join(f"\n  {said}" for said in lacking)
    for r in rows:
        if r.header_refused:  # the 0% done would puzzle a translator who wrote every entry
            table += (
                f"\nthe header of {r.language} {r.domain} is refused by check, so none of that"
                " catalog is used: run 'letters check' to see why"
            )
    return table
