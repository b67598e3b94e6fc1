"""How far each language is translated: ``letters i18n stats``."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass

from letters.i18n.catalog import po_path
from letters.i18n.catalog_files import read_catalogs, require_usable
from letters.i18n.header import header_problems
from letters.i18n.po_read import read_catalog_scanned
from letters.i18n.translated import forms_needed, standing
from letters.i18n.workflow import domains_in, languages, messages_by_domain
from letters.load.loader import WorkspaceData
from letters.tables import format_table


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

    @property
    def total(self) -> int:
        """Every current message of the domain."""
        return self.translated + self.refused + self.fuzzy + self.untranslated

    @property
    def percent(self) -> float:
        """The share of messages translated and not fuzzy, 100 for an empty domain; 0 when
        check refuses the header, for then no letter uses any of them."""
        if self.header_refused:
            return 0.0
        return 100.0 * self.translated / self.total if self.total else 100.0


def stats(ws: WorkspaceData) -> list[Stat]:
    """Per language and domain: how many current messages are translated, fuzzy, missing."""
    require_usable(ws, read=read_catalogs(ws))
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
            counts = {"translated": 0, "refused": 0, "fuzzy": 0, "untranslated": 0}
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
                    counts[standing(entry, lines, lang, needed, expr)] += 1
            out.append(Stat(lang, domain, **counts, header_refused=header_refused))
    return out


def _singular(msgid: str | tuple[str, ...]) -> str:
    return msgid[0] if isinstance(msgid, tuple) else msgid


def _plural(msgid: object) -> bool:
    return isinstance(msgid, tuple | list)


def stats_json(rows: list[Stat]) -> str:
    """What ``letters i18n stats --json`` prints: the rows with their totals and percentages."""
    return json.dumps(
        [{**asdict(r), "total": r.total, "percent": round(r.percent, 1)} for r in rows],
        ensure_ascii=False,
        indent=2,
    )


def stats_table(rows: list[Stat]) -> str:
    """The table ``letters i18n stats`` prints: one language and domain a line."""
    header = ("language", "domain", "translated", "refused", "fuzzy", "untranslated", "done")
    body = [
        (
            r.language,
            r.domain,
            str(r.translated),
            str(r.refused),
            str(r.fuzzy),
            str(r.untranslated),
            f"{r.percent:.0f}%",
        )
        for r in rows
    ]
    table = format_table(header, body, align="llrrrrr")
    refused = sum(r.refused for r in rows)
    if refused:  # not done, though written: say where to learn why
        table += (
            f"\n{refused} translation{'s' if refused != 1 else ''} refused by check, so never"
            " used: run 'letters check' to see why"
        )
    for r in rows:
        if r.header_refused:  # the 0% done would puzzle a translator who wrote every entry
            table += (
                f"\nthe header of {r.language} {r.domain} is refused by check, so none of that"
                " catalog is used: run 'letters check' to see why"
            )
    return table
