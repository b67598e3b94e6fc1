"""What a template's operators, comparisons, dict, namespace and text methods give where
they are used rightly: checking them for values of the wrong kind (the refusals are in
test_template_jinja_safety, through the command line) changes nothing else."""

from __future__ import annotations

import pytest
from babel import Locale

from letters.render.environment import make_environment

RIGHT_USES = {
    "arithmetic": ("{{ (1 + 2) * 3 - 4 / 2 // 1 % 5 ** 2 }}", "7.0"),
    "texts-and-lists-put-together": ("{{ 'a' + 'b' }} {{ ([1] + [2])|length }}", "ab 2"),
    "text-repeated": ("{{ '-' * 3 }}", "---"),
    "signs": ("{{ -1 }} {{ +2 }} {{ -n }}", "-1 2 -3"),
    "chained-comparison": ("{{ 1 < 2 < 3 }} {{ 3 > 2 > 2 }} {{ 1 <= n >= 3 }}", "True False True"),
    "in-and-not-in": (
        "{{ 2 in [1, 2] }} {{ 'b' not in 'abc' }} {{ 'k' in {'k': 1} }}",
        "True False True",
    ),
    "equality-of-any-two": ("{{ none == 1 }} {{ [] != 'a' }}", "False True"),
    "dict-by-name": ("{{ dict(a=1, items=2)['items'] }}", "2"),
    "dict-of-a-record-and-pairs": ("{{ dict(dict(a=1), b=2).a }}{{ dict([('c', 3)]).c }}", "13"),
    "namespace-set": (
        "{% set ns = namespace(dict(a=1), b=2) %}{% set ns.a = ns.a + ns.b %}{{ ns.a }}",
        "3",
    ),
    "text-methods": (
        "{{ 'x'.center(3, '-') }} {{ 'a b c'.split(none, 1)|length }} {{ 'abc'.find('c', 1) }}"
        " {{ 'abc'.startswith(['z', 'a']) }} {{ ', '.join(['a', 'b']) }} {{ '7'.zfill(3) }}",
        "-x- 2 2 True a, b 007",
    ),
}


@pytest.mark.parametrize("source, expected", RIGHT_USES.values(), ids=list(RIGHT_USES))
def test_a_right_use_gives_what_python_gives(source: str, expected: str) -> None:
    template = make_environment(text=True).from_string(source)
    assert template.render(locale=Locale("en"), n=3) == expected
