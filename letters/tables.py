"""Plain-text tables, the one way the tool prints rows to a terminal.

Columns are separated by two spaces and padded to their widest cell; trailing
spaces are cut, so the output is stable to compare in tests and to paste into
an e-mail.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence


def format_table(
    header: Sequence[str],
    rows: Iterable[Sequence[str]],
    *,
    align: str = "",
    max_width: int | None = None,
) -> str:
    """``header`` and ``rows`` as aligned lines of text, without a trailing line break.

    ``align`` gives each column's alignment, ``"l"`` (left, the default for a
    column it does not reach) or ``"r"`` (right, for numbers): ``"llrr"``. A cell
    longer than ``max_width`` is cut to it, ending in ``…``.
    """
    table = [[_cut(cell, max_width) for cell in row] for row in [list(header), *map(list, rows)]]
    widths = [max(len(row[i]) for row in table if i < len(row)) for i in range(len(header))]
    lines = []
    for row in table:
        cells = [
            cell.rjust(widths[i]) if align[i : i + 1] == "r" else cell.ljust(widths[i])
            for i, cell in enumerate(row)
        ]
        lines.append("  ".join(cells).rstrip())
    return "\n".join(lines)


def _cut(text: str, width: int | None) -> str:
    if width is None or len(text) <= width:
        return text
    return text[: width - 1] + "…"
