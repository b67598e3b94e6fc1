"""What a template's Jinja can get wrong is refused, named, before anything is written.

Each case is a template built here (paragraphs, a header, a table; a paragraph given
as a list is one run per item, as Word splits text) or a line added to the e-mail
text, run through ``letters check`` and ``letters build``: the exact problem, exit
status 1, the output folder untouched. The resource cases then run the command in a
process of its own, which must end within a minute with its memory bounded.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner

from letters.cli import main
from letters.i18n.catalog import PRIVATE_ENTRY
from letters.load.case_texts import case_texts
from letters.load.loader import load_checked
from tests.conftest import (
    LETTERS_CHILD,
    NO_DRAFT_MARK,
    REPO,
    SAMPLE_ADDRESS,
    add_paragraphs,
    child_peak_mb,
    docx_text,
    files_under,
)
from tests.test_i18n_pybabel_email import NO_TRANS

LABEL = "templates/appeal.docx"
JOINT = "may-2020-joint"
FIRST = "{{ place }}, {{ date|date }}"
# what docxtpl's clean_tags rewrites between an opener and the next closer
CURLY = "He said “no” to <b>them</b> ‘twice’."
Paragraph = str | list[str]


@dataclass
class Case:
    id: str
    body: list[Paragraph]
    problem: str
    header: list[Paragraph] = field(default_factory=list)
    table: list[list[str]] = field(default_factory=list)
    email_line: str = ""
    resource: bool = False  # also run in a process of its own, its memory measured


def _in_body(paragraph: str, message: str) -> str:
    return f"{LABEL} (word/document.xml, paragraph “{paragraph}”): {message}"


def _unclosed(tag: str) -> str:
    return (
        f"“{tag}” is not closed in this paragraph; a tag must end in the paragraph where"
        " it starts, or the text up to its end is lost"
    )


def _left_open(opener: str, closer: str) -> str:
    return (
        f"a “{opener}” is left open inside a comment: docxtpl takes it for a tag and"
        " rewrites the text from there to the next “}}” or “%}” in the part (curly quotes"
        " made straight, escaped markup made real), so the letter would not say what the"
        f" template says — close it (“{opener} … {closer}”) or take it out"
    )


def _alone(tag: str, noun: str) -> str:
    return (
        f"{tag} stands for its whole {noun}, so the other text of this {noun} would be"
        f" lost; give {tag} a {noun} of its own"
    )


PARTS = "print one of its parts (a field or an item)"
ADD = (
    "which it cannot add; it adds two numbers, or puts two texts or two lists together; join a"
    " number to a text with ~ ({{ a ~ b }})"
)
BY_ZERO = (
    "divides by zero here; where the number it divides by may be 0, show it inside"
    " {% if … %}…{% endif %}"
)
NONE = "not a text; show it inside {% if … %}…{% endif %}"


def _missing(name: str, what: str) -> str:
    return f"{name} is {what} here; show it inside {{% if {name} %}}…{{% endif %}}"


EMAIL_LINES = len(
    (REPO / "templates" / "appeal.email.txt").read_text(encoding="utf-8").splitlines()
)
SIGNATORY = ["{%p for s in signatories %}", "{{ s.signature }}", "{%p endfor %}"]
DOUBLING = (
    '{% set ns = namespace(s="x") %}{% for i in range(40) %}{% set ns.s = ns.s ~ ns.s %}'
    "{% endfor %}{{ ns.s }}"
)
NESTING = (
    "{% set ns = namespace(x=[1]) %}{% for i in range(60) %}{% set ns.x = [ns.x, ns.x] %}"
    "{% endfor %}{{ ns.x|tojson }}"
)
LOOPS = "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}"
BLOCK = "{% set x %}{% for i in range(100000) %}{{ 'y' * 200 }}{% endfor %}{% endset %}"
WORK = "{{ range(100000)|map('center', 1000000)|list|length }}"
LONG_NOTE = (
    "{# TRANSLATORS: the line that names the case, above the letter's first paragraph;"
    " subject: the case's own subject, as its case.yaml writes it in this language, which"
    " a translator leaves as it stands #}"
)

CASES = [
    # a tag left open: docxtpl would swallow everything up to its end
    Case(
        "tag-open-across-paragraphs",
        [FIRST, "Note {{ subject", "Heading", " | upper }}"],
        _in_body("Note {{ subject", _unclosed("{{")),
    ),
    Case(
        "tag-split-over-runs-left-open",
        [FIRST, ["Note {", "{ sub", "ject"], "Heading", ["|", " upper }}"]],
        _in_body("Note {{ subject", _unclosed("{{")),
    ),
    Case(
        "block-tag-open-across-paragraphs",
        [FIRST, "{% if draft", "Heading", "%}x{% endif %}"],
        _in_body("{% if draft", _unclosed("{%")),
    ),
    Case(
        "comment-open-across-paragraphs",
        [FIRST, "{# a note to the team", "Heading", "#}"],
        _in_body("{# a note to the team", _unclosed("{#")),
    ),
    # a translator's note before the fault is left out of the quote, however long
    Case(
        "tag-open-after-a-long-note",
        [FIRST, LONG_NOTE + "Note {{ subject", "Heading", " | upper }}"],
        _in_body("Note {{ subject", _unclosed("{{")),
    ),
    Case(
        "syntax-error-after-a-long-note",
        [FIRST, LONG_NOTE + "{{ subject + }}"],
        _in_body("{{ subject + }}", "template syntax error: unexpected 'end of print statement'"),
    ),
    Case(
        "tag-open-in-header",
        [FIRST],
        f"{LABEL} (word/header1.xml, paragraph “Page {{{{ version”): {_unclosed('{{')}",
        header=["Page {{ version", "}}"],
    ),
    # a misspelt tag is named with the tag meant; a quote left open is found where it opens
    Case(
        "unknown-tag",
        [FIRST, "{%p iff draft %}", "Heading", "{%p endif %}"],
        _in_body("{% iff draft %}", "template syntax error: unknown tag 'iff'; did you mean 'if'?"),
    ),
    Case(  # named at its own paragraph, not at the {% if %} it was meant to close
        "unknown-end-tag",
        [FIRST, "{%p if draft %}", "Heading", "{%p endiff %}"],
        _in_body(
            "{% endiff %}",
            "template syntax error: unknown tag 'endiff'; did you mean 'endif'?",
        ),
    ),
    Case(  # Jinja's i18n block, which letters has not: told what to write instead
        "trans-block",
        [FIRST, "{% trans %}Dear colleagues,{% endtrans %}"],
        _in_body("{% trans %}Dear colleagues,{% endtrans %}", NO_TRANS),
    ),
    Case(
        "quote-left-open",
        [FIRST, '{{ _("Dear colleagues,) }}', "Heading", '{{ _("Yours sincerely,") }}'],
        _in_body(
            '{{ _("Dear colleagues,) }}',
            "template syntax error: a text in quotation marks in a tag is not closed in its"
            " paragraph; close it before the tag ends",
        ),
    ),
    # a paragraph, cell or row tag stands for all of it: other text there would go
    Case(
        "paragraph-tag-with-text",
        [FIRST, "Dear colleagues, {%p if draft %}", "{%p endif %}"],
        _in_body("Dear colleagues, {%p if draft %}", _alone("{%p … %}", "paragraph")),
    ),
    Case(
        "two-paragraph-tags-in-one-paragraph",
        [FIRST, "{%p if draft %}{%p endif %}"],
        _in_body("{%p if draft %}{%p endif %}", _alone("{%p … %}", "paragraph")),
    ),
    Case(
        "row-tag-with-text",
        [FIRST],
        _in_body("{%tr for s in signatories %}", _alone("{%tr … %}", "table row")),
        table=[["{%tr for s in signatories %}", "Signed:"], ["{{ s.signature }}", ""]],
    ),
    # None, empty and undefined values are named as the template names them
    Case(
        "none-printed",
        [FIRST, "{%p for s in signatories %}", "{{ s.signature_image }}", "{%p endfor %}"],
        _in_body("{{ s.signature_image }}", _missing("s.signature_image", "None")),
    ),
    Case(
        "empty-printed",
        [FIRST, "{%p for s in signatories %}", "By {{ s.signed_by }}", "{%p endfor %}"],
        _in_body("By {{ s.signed_by }}", _missing("s.signed_by", "empty")),
    ),
    Case(
        "none-in-a-translated-sentence",
        [FIRST, '{{ _("Signed: %(image)s", image=signatories[0].signature_image) }}'],
        _in_body(
            '{{ _("Signed: %(image)s", image=signatories[0].signature_image) }}',
            _missing("signatories[0].signature_image", "None"),
        ),
    ),
    Case(
        "none-joined",
        [FIRST, '{{ subject ~ " " ~ signatories[0].signature_image }}'],
        _in_body(
            '{{ subject ~ " " ~ signatories[0].signature_image }}',
            _missing("signatories[0].signature_image", "None"),
        ),
    ),
    Case(
        "empty-filter-result",
        [FIRST, "{{ signatories|selectattr('signed_by')|join(', ') }}"],
        _in_body(
            "{{ signatories|selectattr('signed_by')|join(', ') }}",
            "the join filter's result is empty here",
        ),
    ),
    Case(
        "inline-if-without-else",
        [FIRST, "Summary: {{ case.summary if false }}"],
        _in_body(
            "Summary: {{ case.summary if false }}",
            "an inline “… if …” whose test is false and that has no “else” is empty here",
        ),
    ),
    Case(
        "record-as-string",
        [FIRST, "{{ signatories[0]|string }}"],
        _in_body(
            "{{ signatories[0]|string }}",
            "the string filter was given a whole record, not a text; print one of its parts"
            " (a field or an item)",
        ),
    ),
    Case(
        "records-joined",
        [FIRST, "{{ signatories|join(', ') }}"],
        _in_body(
            "{{ signatories|join(', ') }}",
            "the join filter was given a whole record to join, not a text; join one of their"
            " fields (…|map(attribute='signature')|join(', '))",
        ),
    ),
    Case(
        "records-reversed-and-joined",
        [FIRST, "{{ signatories|reverse|join(', ') }}"],
        _in_body(
            "{{ signatories|reverse|join(', ') }}",
            "the join filter was given a whole record to join, not a text; join one of their"
            " fields (…|map(attribute='signature')|join(', '))",
        ),
    ),
    # what turns a value into text takes a text, a number or a date, never Python's form
    # of a record, list, function or namespace (a memory address differs in every run)
    Case(
        "list-in-the-format-filter",
        [FIRST, '{{ "%s"|format(case.person.aliases) }}'],
        _in_body(
            '{{ "%s"|format(case.person.aliases) }}',
            f"the format filter was given a whole list to write, not a text; {PARTS}",
        ),
    ),
    Case(
        "list-in-str-format",
        [FIRST, '{{ "{}".format(case.person.aliases) }}'],
        _in_body(
            '{{ "{}".format(case.person.aliases) }}',
            f"the .format method was given a whole list to write, not a text; {PARTS}",
        ),
    ),
    Case(
        "list-in-percent",
        [FIRST, '{{ "%s" % case.person.aliases }}'],
        _in_body(
            '{{ "%s" % case.person.aliases }}',
            f"the % operator was given a whole list to write, not a text; {PARTS}",
        ),
    ),
    Case(
        "list-in-a-text-filter",
        [FIRST, "{{ case.person.aliases|center(80) }}"],
        _in_body(
            "{{ case.person.aliases|center(80) }}",
            f"the center filter was given a whole list, not a text; {PARTS}",
        ),
    ),
    Case(
        "record-in-xmlattr",
        [FIRST, "{{ case.person|xmlattr }}"],
        _in_body(
            "{{ case.person|xmlattr }}",
            f"the xmlattr filter was given a whole record, not a text; {PARTS}",
        ),
    ),
    Case(
        "function-in-the-format-filter",
        [FIRST, '{{ "%s"|format(date.replace) }}'],
        _in_body(
            '{{ "%s"|format(date.replace) }}',
            "the format filter was given a function to write, not a text; call it and print"
            " what it gives",
        ),
    ),
    Case(
        "namespace-in-the-format-filter",
        [FIRST, '{{ "%s"|format(namespace(a=1)) }}'],
        _in_body(
            '{{ "%s"|format(namespace(a=1)) }}',
            f"the format filter was given a namespace to write, not a text; {PARTS}",
        ),
    ),
    Case(
        "date-known-in-part-in-the-format-filter",
        [FIRST, '{{ "%s"|format(case.timeline[0].date) }}'],
        _in_body(
            '{{ "%s"|format(case.timeline[0].date) }}',
            "the format filter was given a date to write, not a text; write it with the date"
            " filter (…|date)",
        ),
    ),
    # a picture is shown where its tag stands: no filter writes it as a text
    Case(
        "picture-in-a-text-filter",
        [FIRST, "{{ letterhead.logo|truncate(20) }}"],
        _in_body(
            "{{ letterhead.logo|truncate(20) }}",
            "the truncate filter was given a picture, not a text; show it in a tag of its own"
            " ({{ letterhead.logo }}) in a Word template",
        ),
    ),
    Case(
        "picture-in-a-text-filter-in-email-text",
        [],
        f"templates/appeal.email.txt:{EMAIL_LINES + 1}: the upper filter was given a picture,"
        " not a text; show it in a tag of its own ({{ letterhead.logo }}) in a Word template",
        email_line="{{ letterhead.logo|upper }}",
    ),
    Case(
        "paragraph-in-xmlattr",
        [FIRST, "{{ case.background[0]|xmlattr }}"],
        _in_body(
            "{{ case.background[0]|xmlattr }}",
            "the xmlattr filter was given a paragraph, not a record of XML attributes; print it"
            " without the filter",
        ),
    ),
    Case(
        "namespace-reversed",
        [FIRST, "{{ namespace(a=1)|reverse }}"],
        _in_body(
            "{{ namespace(a=1)|reverse }}",
            f"the reverse filter was given a namespace, not a text; {PARTS}",
        ),
    ),
    # a width, a length or a count is a whole number
    Case(
        "paragraph-as-a-length",
        [FIRST, "{{ case.summary|truncate(case.background[0]) }}"],
        _in_body(
            "{{ case.summary|truncate(case.background[0]) }}",
            "the truncate filter's length must be a whole number, not a paragraph",
        ),
    ),
    Case(
        "text-as-a-width",
        [FIRST, '{{ case.summary|wordwrap("60") }}'],
        _in_body(
            '{{ case.summary|wordwrap("60") }}',
            "the wordwrap filter's width must be a whole number, not a text",
        ),
    ),
    Case(
        "none-as-an-indent",
        [FIRST, "{{ case.summary|indent(none) }}"],
        _in_body(
            "{{ case.summary|indent(none) }}",
            "the indent filter's width must be a whole number or a text, not None",
        ),
    ),
    # abs, round and filesizeformat take a number
    Case(
        "paragraph-in-a-number-filter",
        [FIRST, "{{ case.background[0]|filesizeformat }}"],
        _in_body(
            "{{ case.background[0]|filesizeformat }}",
            "the filesizeformat filter was given a paragraph, not a number; give it a number",
        ),
    ),
    Case(
        "text-in-abs",
        [FIRST, "{{ case.summary|abs }}"],
        _in_body(
            "{{ case.summary|abs }}",
            "the abs filter was given a text, not a number; give it a number",
        ),
    ),
    Case(
        "none-in-round",
        [FIRST, "{{ none|round }}"],
        _in_body(
            "{{ none|round }}",
            "the round filter was given None, not a number; show it inside {% if … %}…{% endif %}",
        ),
    ),
    # None is no text either: Python would write "None" into the letter
    Case(
        "none-in-the-format-filter",
        [FIRST, '{{ "%s"|format(none) }}'],
        _in_body('{{ "%s"|format(none) }}', f"the format filter was given None to write, {NONE}"),
    ),
    Case(
        "none-in-a-text-filter",
        [FIRST, "{{ none|upper }}"],
        _in_body("{{ none|upper }}", f"the upper filter was given None, {NONE}"),
    ),
    Case(
        "none-as-a-replacement",
        [FIRST, '{{ case.summary|replace("Kazakhstan", none) }}'],
        _in_body(
            '{{ case.summary|replace("Kazakhstan", none) }}',
            f"the replace filter was given None to write, {NONE}",
        ),
    ),
    Case(
        "none-reversed",
        [FIRST, "{{ none|reverse }}"],
        _in_body("{{ none|reverse }}", f"the reverse filter was given None, {NONE}"),
    ),
    Case(
        "none-in-str-format",
        [FIRST, '{{ "{}".format(none) }}'],
        _in_body('{{ "{}".format(none) }}', f"the .format method was given None to write, {NONE}"),
    ),
    Case(
        "none-joined",
        [FIRST, '{{ [none, "x"]|join(", ") }}'],
        _in_body('{{ [none, "x"]|join(", ") }}', f"the join filter was given None to join, {NONE}"),
    ),
    # %, the format filter and .format say in words what does not fit their text
    Case(
        "translated-text-as-a-number-in-the-format-filter",
        [FIRST, "{{ '%d'|format(case.person.occupation) }}"],
        _in_body(
            "{{ '%d'|format(case.person.occupation) }}",
            "the format filter's %d writes a number, and was given a text; give it a number,"
            " or write a text with %s",
        ),
    ),
    Case(
        "percent-given-too-few-values",
        [FIRST, "{{ '%s and %s' % (case.summary,) }}"],
        _in_body(
            "{{ '%s and %s' % (case.summary,) }}",
            "the % operator was given 1 value for a text with 2 places to fill (%s, %d …);"
            " give it one value for each place, and write a % sign as %%",
        ),
    ),
    Case(
        "format-filter-given-another-name",
        [FIRST, "{{ '%(name)s'|format(nom=case.summary) }}"],
        _in_body(
            "{{ '%(name)s'|format(nom=case.summary) }}",
            "the format filter's text names a value (%(name)s) it was not given; give it a"
            " value of each name its text uses",
        ),
    ),
    Case(
        "percent-sign-alone-in-the-format-filter",
        [FIRST, "{{ '%s%'|format(case.years_seeking_protection) }}"],
        _in_body(
            "{{ '%s%'|format(case.years_seeking_protection) }}",
            "the format filter cannot fill its text with the values it was given; each %s, %d"
            " … takes one value in turn (a number for %d or %f), %(name)s the value of that"
            " name, and %% writes a % sign",
        ),
    ),
    Case(  # was a bug in letters, with a traceback: Python's string module raised it
        "str-format-given-too-few-values",
        [FIRST, "{{ '{} ({})'.format(case.person.name) }}"],
        _in_body(
            "{{ '{} ({})'.format(case.person.name) }}",
            "the .format method's text has a place to fill ({}, {0} or {name}) it was given no"
            " value for; give it one value for each place",
        ),
    ),
    Case(
        "str-format-writing-a-text-as-a-number",
        [FIRST, "{{ '{:d}'.format(case.person.occupation) }}"],
        _in_body(
            "{{ '{:d}'.format(case.person.occupation) }}",
            "the .format method cannot write a text in the form its text gives it ({:…}); give"
            " it a number for a number's form ({:d}, {:.2f}), or leave the form out",
        ),
    ),
    Case(  # was "given a picture": an undefined value has an __html__ too
        "undefined-field-in-str-format",
        [FIRST, "{{ '{0.nickname}'.format(case.person.name) }}"],
        _in_body(
            "{{ '{0.nickname}'.format(case.person.name) }}",
            "uses a field or an item that a value here does not have (one a filter such as map,"
            " sort or groupby is given as attribute=…, or a .format's {0.field}, say); check"
            " its name",
        ),
    ),
    Case(  # was Jinja's "'…' object has no attribute 'nickname'"
        "records-sorted-by-a-field-they-do-not-have",
        [FIRST, "{{ (signatories|sort(attribute='nickname')|first).name }}"],
        _in_body(
            "{{ (signatories|sort(attribute='nickname')|first).name }}",
            "uses a field or an item that a value here does not have (one a filter such as map,"
            " sort or groupby is given as attribute=…, or a .format's {0.field}, say); check"
            " its name",
        ),
    ),
    Case(  # was Jinja's "No filter named 'uper'.", which may quote a value of the case
        "map-given-a-misspelt-filter",
        [FIRST, "{{ case.person.aliases|map('uper')|join(', ') }}"],
        _in_body(
            "{{ case.person.aliases|map('uper')|join(', ') }}",
            "a filter such as map, select or reject is given the name of a filter that does"
            " not exist; did you mean 'upper'?",
        ),
    ),
    # urlize's schemes and truncate's end in words, the scheme given not quoted
    Case(
        "urlize-given-no-scheme",
        [FIRST, "{{ case.summary|urlize(extra_schemes=['my scheme']) }}"],
        _in_body(
            "{{ case.summary|urlize(extra_schemes=['my scheme']) }}",
            "the urlize filter's extra_schemes must each be a scheme and its colon, such as"
            " 'ftp:' or 'tel:' (two or more letters, digits, '.', '+' or '-' before it), and"
            " one is not",
        ),
    ),
    Case(
        "urlize-given-one-scheme-as-a-text",
        [FIRST, "{{ case.summary|urlize(extra_schemes='ftp:') }}"],
        _in_body(
            "{{ case.summary|urlize(extra_schemes='ftp:') }}",
            "the urlize filter's extra_schemes must be a list of schemes, not a text; write it"
            " as extra_schemes=['ftp:', 'tel:']",
        ),
    ),
    Case(
        "truncate-end-longer-than-its-length",
        [FIRST, "{{ case.summary|truncate(5, end=' (read on)') }}"],
        _in_body(
            "{{ case.summary|truncate(5, end=' (read on)') }}",
            "the truncate filter's length is shorter than its end (the text it ends with,"
            " '...' unless given); give a length of at least the end's, or a shorter end",
        ),
    ),
    Case(  # was a bug in letters, with a traceback: Python's textwrap raised it
        "wordwrap-width-0",
        [FIRST, "{{ case.summary|wordwrap(0) }}"],
        _in_body(
            "{{ case.summary|wordwrap(0) }}",
            "the wordwrap filter's width must be at least 1; give the characters a line may hold",
        ),
    ),
    Case(
        "truncate-leeway-below-0",
        [FIRST, "{{ case.summary|truncate(50, leeway=-1) }}"],
        _in_body(
            "{{ case.summary|truncate(50, leeway=-1) }}",
            "the truncate filter's leeway (how many characters over its length a text may run"
            " and be kept whole) must not be below 0",
        ),
    ),
    Case(  # was a bug in letters, with a traceback: the asks are translated texts
        "texts-summed",
        [FIRST, "{{ case.asks|sum }}"],
        _in_body(
            "{{ case.asks|sum }}",
            "the sum filter adds numbers, and was given a text; join texts with the join filter",
        ),
    ),
    Case(
        "paragraphs-sorted",
        [FIRST, "{{ (case.background|sort|first).text }}"],
        _in_body(
            "{{ (case.background|sort|first).text }}",
            "the sort filter cannot order its items: they are not all texts or all numbers;"
            " order records or paragraphs by a field (…|sort(attribute='text'))",
        ),
    ),
    # even, odd and divisibleby take a number, in a text or a list to look in
    Case(
        "translated-text-tested-even",
        [FIRST, "{%p if case.person.occupation is even %}", "x", "{%p endif %}"],
        _in_body(
            "{% if case.person.occupation is even %}",
            "the even test was given a text, not a number; give it a number",
        ),
    ),
    Case(
        "divisible-by-0",
        [FIRST, "{{ 'x' if case.years_seeking_protection is divisibleby(0) else 'y' }}"],
        _in_body(
            "{{ 'x' if case.years_seeking_protection is divisibleby(0) else 'y' }}",
            "the divisibleby test's num must be a number other than 0, not 0",
        ),
    ),
    Case(
        "number-looked-for-in-a-text",
        [FIRST, "{{ 'x' if case.years_seeking_protection is in(case.summary) else 'y' }}"],
        _in_body(
            "{{ 'x' if case.years_seeking_protection is in(case.summary) else 'y' }}",
            "the in test looks for a text in a text, and was given a number to look for; give"
            " it a text",
        ),
    ),
    # date and words name what they were given in words, never as Python's type
    Case(
        "translated-text-in-the-date-filter",
        [FIRST, "{{ case.person.occupation|date }}"],
        _in_body(
            "{{ case.person.occupation|date }}",
            "the date filter was given a text, not a date; give it a date (date, an event's date)",
        ),
    ),
    Case(
        "number-as-a-date-form",
        [FIRST, "{{ date|date(3) }}"],
        _in_body(
            "{{ date|date(3) }}",
            "the date filter's form must be a text ('long', 'in', 'short' or a pattern), not a"
            " number",
        ),
    ),
    Case(
        "translated-text-in-the-words-filter",
        [FIRST, "{{ case.person.occupation|words }}"],
        _in_body(
            "{{ case.person.occupation|words }}",
            "the words filter was given a text, not a whole number; give it a count"
            " (case.asks|length)",
        ),
    ),
    Case(
        "number-as-a-gender",
        [FIRST, "{{ 2|words(2) }}"],
        _in_body(
            "{{ 2|words(2) }}",
            "the words filter's gender must be one of 'm' (masculine), 'f' (feminine), 'n'"
            " (neuter), not a number (a gender a translation gives is translated as one of"
            " these letters)",
        ),
    ),
    # a list filter takes a list (a text as its characters), dictsort a record; a paragraph
    # is one text, measured by length as a text is, taken apart by no other list filter
    Case(
        "paragraph-in-a-list-filter",
        [FIRST, "{{ case.background[0]|first }}"],
        _in_body(
            "{{ case.background[0]|first }}",
            "the first filter was given a paragraph, not a list; give it a list"
            " (case.background, a paragraph's sources), or print the paragraph without it",
        ),
    ),
    Case(
        "paragraph-mapped",
        [FIRST, "{{ case.background[0]|map('upper')|join(' ') }}"],
        _in_body(
            "{{ case.background[0]|map('upper')|join(' ') }}",
            "the map filter was given a paragraph, not a list; give it a list"
            " (case.background, a paragraph's sources), or print the paragraph without it",
        ),
    ),
    Case(
        "number-in-a-list-filter",
        [FIRST, "{{ case.years_seeking_protection|first }}"],
        _in_body(
            "{{ case.years_seeking_protection|first }}",
            "the first filter was given a number, not a list; give it a list",
        ),
    ),
    Case(
        "none-measured",
        [FIRST, "{{ none|length }}"],
        _in_body(
            "{{ none|length }}",
            "the length filter was given None, not a list; show it inside {% if … %}…{% endif %}",
        ),
    ),
    Case(  # was Python's ZeroDivisionError
        "list-sliced-into-0",
        [FIRST, "{{ case.asks|slice(0)|list|length }}"],
        _in_body(
            "{{ case.asks|slice(0)|list|length }}",
            "the slice filter's slices must be a whole number of at least 1, not a number below 1",
        ),
    ),
    Case(
        "translated-text-in-dictsort",
        [FIRST, "{{ case.person.occupation|dictsort|length }}"],
        _in_body(
            "{{ case.person.occupation|dictsort|length }}",
            "the dictsort filter was given a text, not a record; give it a record",
        ),
    ),
    Case(
        "list-in-dictsort",
        [FIRST, "{{ case.asks|dictsort|length }}"],
        _in_body(
            "{{ case.asks|dictsort|length }}",
            "the dictsort filter was given a whole list, not a record; sort a list with the"
            " sort filter",
        ),
    ),
    Case(
        "text-in-format-list",
        [FIRST, "{{ case.summary|format_list }}"],
        _in_body(
            "{{ case.summary|format_list }}",
            "the format_list filter was given a text, not a list; give it a list",
        ),
    ),
    # a filter, test, function, method or macro is held to the arguments it takes, and
    # told how to write the call (Python's error, or a bug in letters, before)
    Case(
        "filter-given-an-argument-it-does-not-take",
        [FIRST, "{{ case.summary|upper(1) }}"],
        _in_body(
            "{{ case.summary|upper(1) }}",
            "the upper filter takes no arguments, and was given 1; write it as …|upper",
        ),
    ),
    Case(
        "filter-given-an-argument-by-a-name-it-does-not-have",
        [FIRST, "{{ case.summary|truncate(foo=1) }}"],
        _in_body(
            "{{ case.summary|truncate(foo=1) }}",
            "the truncate filter has no argument named foo; write it as"
            " …|truncate(length=255, killwords=false, end='...', leeway=none)",
        ),
    ),
    Case(
        "filter-given-an-argument-twice",
        [FIRST, "{{ case.summary|truncate(50, length=40) }}"],
        _in_body(
            "{{ case.summary|truncate(50, length=40) }}",
            "the truncate filter was given its length argument twice, by place and by name;"
            " write it as …|truncate(length=255, killwords=false, end='...', leeway=none)",
        ),
    ),
    Case(
        "date-filter-given-too-many-arguments",
        [FIRST, "{{ date|date(1, 2, 3) }}"],
        _in_body(
            "{{ date|date(1, 2, 3) }}",
            "the date filter takes at most 1 argument, and was given 3; write it as"
            " …|date(form='long')",
        ),
    ),
    Case(
        "filter-called-by-map-given-too-many-arguments",
        [FIRST, "{{ case.asks|map('upper', 1)|join(', ') }}"],
        _in_body(
            "{{ case.asks|map('upper', 1)|join(', ') }}",
            "the upper filter takes no arguments, and was given 1; write it as …|upper",
        ),
    ),
    Case(
        "test-without-its-argument",
        [FIRST, "{%p if case.years_seeking_protection is divisibleby %}", "x", "{%p endif %}"],
        _in_body(
            "{% if case.years_seeking_protection is divisibleby %}",
            "the divisibleby test needs its num argument; write it as … is divisibleby(num)",
        ),
    ),
    Case(
        "gettext-without-its-text",
        [FIRST, "{{ _() }}"],
        _in_body(
            "{{ _() }}",
            "the gettext function needs its msgid argument; write it as gettext(msgid, …)",
        ),
    ),
    Case(
        "range-given-four-numbers",
        [FIRST, "{{ range(1, 2, 3, 4)|join(', ') }}"],
        _in_body(
            "{{ range(1, 2, 3, 4)|join(', ') }}",
            "the range function takes 1 to 3 whole numbers, and was given 4; write it as"
            " range(stop), range(start, stop) or range(start, stop, step)",
        ),
    ),
    Case(
        "cycler-given-nothing",
        [FIRST, "{% set c = cycler() %}{{ c.next() }}"],
        _in_body(
            "{% set c = cycler() %}{{ c.next() }}",
            "the cycler function needs its first argument; write it as cycler(first, …)",
        ),
    ),
    Case(
        "footnote-given-three-arguments",
        [FIRST, "{{ footnote(case.summary, 'https://example.org', 3) }}"],
        _in_body(
            "{{ footnote(case.summary, 'https://example.org', 3) }}",
            "the footnote function takes 1 or 2 arguments, and was given 3; write it as"
            " footnote(text, link='')",
        ),
    ),
    Case(
        "method-given-an-argument-it-does-not-take",
        [FIRST, "{{ case.summary.upper(1) }}"],
        _in_body(
            "{{ case.summary.upper(1) }}",
            "the .upper method takes no arguments, and was given 1; write it as ….upper()",
        ),
    ),
    # a text's method given an argument of the wrong kind: was Python's TypeError
    Case(
        "text-method-given-a-text-for-a-width",
        [FIRST, "{{ case.person.name.center('a') }}"],
        _in_body(
            "{{ case.person.name.center('a') }}",
            "the .center method's width must be a whole number, not a text; write it as"
            " ….center(width, fillchar=' ')",
        ),
    ),
    Case(
        "text-method-given-two-characters-to-fill-with",
        [FIRST, "{{ place.center(30, '-=') }}"],
        _in_body(
            "{{ place.center(30, '-=') }}",
            "the .center method's fillchar must be a text of one character, not a text of"
            " another length; write it as ….center(width, fillchar=' ')",
        ),
    ),
    Case(
        "text-method-given-a-number-to-split-at",
        [FIRST, "{{ place.split(1)|join(' ') }}"],
        _in_body(
            "{{ place.split(1)|join(' ') }}",
            "the .split method's sep must be a text or none, not a number; write it as"
            " ….split(sep=none, maxsplit=-1)",
        ),
    ),
    Case(
        "text-method-given-a-number-to-replace",
        [FIRST, "{{ place.replace(1, 'x') }}"],
        _in_body(
            "{{ place.replace(1, 'x') }}",
            "the .replace method's old must be a text, not a number; write it as"
            " ….replace(old, new, count=-1)",
        ),
    ),
    Case(
        "text-method-given-one-argument-of-two",
        [FIRST, "{{ place.replace(1) }}"],
        _in_body(
            "{{ place.replace(1) }}",
            "the .replace method needs its new argument; write it as ….replace(old, new, count=-1)",
        ),
    ),
    Case(
        "text-method-given-a-text-for-a-count",
        [FIRST, "{{ place.zfill('3') }}"],
        _in_body(
            "{{ place.zfill('3') }}",
            "the .zfill method's width must be a whole number, not a text; write it as"
            " ….zfill(width)",
        ),
    ),
    Case(
        "text-method-joining-numbers",
        [FIRST, "{{ ', '.join([1, 2]) }}"],
        _in_body(
            "{{ ', '.join([1, 2]) }}",
            "the .join method joins texts only, and one of the list is a number; join them"
            " with the join filter (…|join(', ')), which writes each as text",
        ),
    ),
    Case(
        "text-method-given-a-list-with-a-number-to-look-for",
        [FIRST, "{{ place.startswith(['K', 1]) }}"],
        _in_body(
            "{{ place.startswith(['K', 1]) }}",
            "the .startswith method's prefix must be a text, or a list of texts, and one of"
            " the list is a number; write it as ….startswith('…') or ….startswith(('…', '…'))",
        ),
    ),
    Case(  # was Python's TypeError, 'str' object cannot be interpreted as an integer
        "text-method-given-a-text-for-true-or-false",
        [FIRST, "{{ place.splitlines('a')|join(' ') }}"],
        _in_body(
            "{{ place.splitlines('a')|join(' ') }}",
            "the .splitlines method's keepends must be true or false, not a text; write it as"
            " ….splitlines(keepends=false)",
        ),
    ),
    Case(  # was Python's TypeError, cannot unpack non-iterable int object
        "loop-taking-apart-numbers",
        [FIRST, "{% for a, b in [1, 2] %}{{ a }}{% endfor %}"],
        _in_body(
            "{% for a, b in [1, 2] %}{{ a }}{% endfor %}",
            "{% for a, b in … %} takes each item apart into 2 values, and one is a number;"
            " loop with one name ({% for item in … %}), or over items of 2 values each"
            " (…|dictsort gives a record's pairs)",
        ),
    ),
    Case(  # how many asks a case has is not told: the letters' cases differ
        "set-taking-apart-a-list-of-another-length",
        [FIRST, "{% set a, b = case.asks %}{{ a }}"],
        _in_body(
            "{% set a, b = case.asks %}{{ a }}",
            "{% set a, b = … %} takes its value apart into 2 values, and it is a list of"
            " another length; set one name, or give it exactly 2 values ({% set a, b ="
            " …, … %})",
        ),
    ),
    Case(  # was "cannot be evaluated", which names neither the tag nor a fix
        "loop-taking-apart-into-nested-names",
        [FIRST, "{% for (a, b), c in [(1, 2)] %}{{ a }}{% endfor %}"],
        _in_body(
            "{% for (a, b), c in [(1, 2)] %}{{ a }}{% endfor %}",
            "{% for (a, b), c in … %} takes the value it names (a, b) apart into 2 values, and"
            " one is a number; loop with one name ({% for item in … %}), or over items shaped"
            " as (a, b), c",
        ),
    ),
    Case(  # was "cannot be evaluated", which names neither the tag nor a fix
        "set-taking-apart-into-nested-names",
        [FIRST, "{% set (a, b), c = [1], 2 %}{{ a }}"],
        _in_body(
            "{% set (a, b), c = [1], 2 %}{{ a }}",
            "{% set (a, b), c = … %} takes the value it names (a, b) apart into 2 values, and"
            " it is a list of another length; set one name, or give it values shaped as"
            " (a, b), c",
        ),
    ),
    Case(
        "set-taking-apart-a-number",
        [FIRST, "{% set a, b = 1 %}{{ a }}"],
        _in_body(
            "{% set a, b = 1 %}{{ a }}",
            "{% set a, b = … %} takes its value apart into 2 values, and it is a number; set"
            " one name, or give it exactly 2 values ({% set a, b = …, … %})",
        ),
    ),
    Case(  # was Jinja's TypeError, no items for cycling given
        "loop-cycle-given-nothing",
        [FIRST, "{% for x in case.asks %}{{ loop.cycle() }}{% endfor %}"],
        _in_body(
            "{% for x in case.asks %}{{ loop.cycle() }}{% endfor %}",
            "the loop.cycle method needs the values it takes in turn, one for each turn of the"
            " loop; write it as loop.cycle('odd', 'even')",
        ),
    ),
    Case(  # was Jinja's English: You can only sort by either "key" or "value"
        "dictsort-by-something-else",
        [FIRST, "{% for k, v in {'a': 1}|dictsort(by='x') %}{{ k }}{% endfor %}"],
        _in_body(
            "{% for k, v in {'a': 1}|dictsort(by='x') %}{{ k }}{% endfor %}",
            "the dictsort filter's by must be 'key' or 'value', not another text; write it as"
            " …|dictsort(by='value') to order a record by its values",
        ),
    ),
    Case(  # was Jinja's English: method must be common, ceil or floor
        "round-by-an-unknown-method",
        [FIRST, "{{ 2.5|round(method='x') }}"],
        _in_body(
            "{{ 2.5|round(method='x') }}",
            "the round filter's method must be 'common', 'ceil' or 'floor', not another text;"
            " write it as …|round(method='floor')",
        ),
    ),
    Case(
        "macro-given-too-many-arguments",
        [FIRST, "{% macro ask(a) %}{{ a }}{% endmacro %}{{ ask(case.asks[0], 2) }}"],
        _in_body(
            "{% macro ask(a) %}{{ a }}{% endmacro %}{{ ask(case.asks[0], 2) }}",
            "the ask macro takes at most 1 argument, and was given 2; write it as ask(a)",
        ),
    ),
    Case(  # a plain text has no paragraphs: no {%p endif %} is suggested
        "if-never-closed-in-email-text",
        [],
        f"templates/appeal.email.txt:{EMAIL_LINES + 1}: template syntax error: this {{% if %}}"
        " is never closed; add {% endif %} where it should end",
        email_line="{% if case.person.aliases %}{{ case.person.aliases|join(', ') }}",
    ),
    Case(
        "filter-given-too-many-arguments-in-email-text",
        [],
        f"templates/appeal.email.txt:{EMAIL_LINES + 1}: the words filter takes at most 1"
        " argument, and was given 2; write it as …|words(gender='m')",
        email_line="{{ case.years_seeking_protection|words('m', 'f') }}",
    ),
    Case(  # was a bug in letters, with a traceback: Babel's translated text raised it
        "translated-text-added-to-a-number",
        [FIRST, "{{ case.summary + 1 }}"],
        _in_body("{{ case.summary + 1 }}", f"the + operator was given a text and a number, {ADD}"),
    ),
    # an operator given values it does not take: told in words, not as Python's TypeError
    Case(
        "number-added-to-a-text",
        [FIRST, "{{ 1 + 'a' }}"],
        _in_body("{{ 1 + 'a' }}", f"the + operator was given a number and a text, {ADD}"),
    ),
    Case(
        "number-subtracted-from-a-list",
        [FIRST, "{{ case.asks - 1 }}"],
        _in_body(
            "{{ case.asks - 1 }}",
            "the - operator was given a whole list and a number, which it cannot subtract; it"
            " subtracts a number from a number",
        ),
    ),
    Case(
        "text-multiplied-by-a-text",
        [FIRST, "{{ 'a' * 'b' }}"],
        _in_body(
            "{{ 'a' * 'b' }}",
            "the * operator was given a text and a text, which it cannot multiply; it"
            " multiplies two numbers, or repeats a text or a list a whole number of times",
        ),
    ),
    Case(
        "divided-by-zero",
        [FIRST, "{{ case.asks|length / 0 }}"],
        _in_body("{{ case.asks|length / 0 }}", f"the / operator {BY_ZERO}"),
    ),
    Case(
        "remainder-of-a-division-by-zero",
        [FIRST, "{{ 7 % 0 }}"],
        _in_body("{{ 7 % 0 }}", f"the % operator {BY_ZERO}"),
    ),
    Case(
        "number-too-large",
        [FIRST, "{{ 2.0 ** 10000 }}"],
        _in_body(
            "{{ 2.0 ** 10000 }}",
            "the ** operator gives a number too large to work out; give it smaller numbers",
        ),
    ),
    Case(
        "none-compared-with-a-number",
        [FIRST, "{% if none > 1 %}x{% endif %}"],
        _in_body(
            "{% if none > 1 %}x{% endif %}",
            "the > comparison was given None and a number, which it cannot compare; it compares"
            " two numbers, two texts or two dates; where a value may be None, show it inside"
            " {% if … %}…{% endif %}",
        ),
    ),
    Case(
        "text-compared-with-a-number",
        [FIRST, "{{ 'yes' if case.person.name >= 2 else 'no' }}"],
        _in_body(
            "{{ 'yes' if case.person.name >= 2 else 'no' }}",
            "the >= comparison was given a text and a number, which it cannot compare; it"
            " compares two numbers, two texts or two dates",
        ),
    ),
    Case(  # the paragraph was quoted as "{% if none": its "<" read as an XML tag's start
        "none-compared-by-less-than",
        [FIRST, "{% if none < 1 %}x{% endif %}"],
        _in_body(
            "{% if none < 1 %}x{% endif %}",
            "the < comparison was given None and a number, which it cannot compare; it compares"
            " two numbers, two texts or two dates; where a value may be None, show it inside"
            " {% if … %}…{% endif %}",
        ),
    ),
    Case(
        "looked-for-in-a-number",
        [FIRST, "{{ 'yes' if 'a' in 1 else 'no' }}"],
        _in_body(
            "{{ 'yes' if 'a' in 1 else 'no' }}",
            "the in test was given a number to look in; it looks in a text, a list or a record",
        ),
    ),
    Case(
        "number-looked-for-in-a-text",
        [FIRST, "{{ 'yes' if 1 not in place else 'no' }}"],
        _in_body(
            "{{ 'yes' if 1 not in place else 'no' }}",
            "the not in test was given a number to look for in a text; it looks for a text in"
            " a text",
        ),
    ),
    Case(
        "minus-sign-before-a-text",
        [FIRST, "{{ -place }}"],
        _in_body("{{ -place }}", "the - sign was given a text; it goes before a number"),
    ),
    Case(  # was Python's TypeError, 'int' object is not iterable
        "dict-given-a-number",
        [FIRST, "{{ dict(1).name }}"],
        _in_body(
            "{{ dict(1).name }}",
            "the dict function was given a number, not a record; give it its values by name,"
            " as dict(name='…', count=2)",
        ),
    ),
    Case(
        "namespace-given-a-list",
        [FIRST, "{% set ns = namespace(case.asks) %}{{ ns.first }}"],
        _in_body(
            "{% set ns = namespace(case.asks) %}{{ ns.first }}",
            "the namespace function was given a list whose items are not each a pair, not a"
            " record; give it its values by name, as namespace(name='…', count=2)",
        ),
    ),
    Case(  # was a bug in letters, with a traceback: 'int' object is not iterable
        "loop-over-a-number",
        [FIRST, "{% for i in case.asks|length %}{{ i }}{% endfor %}"],
        _in_body(
            "{% for i in case.asks|length %}{{ i }}{% endfor %}",
            "case.asks|length is a number, not a list to loop over; loop over a list"
            " (case.asks), or over range(n) to count n turns",
        ),
    ),
    Case(
        "loop-over-none",
        [FIRST, "{% for x in signatories[0].signature_image %}{{ x }}{% endfor %}"],
        _in_body(
            "{% for x in signatories[0].signature_image %}{{ x }}{% endfor %}",
            _missing("signatories[0].signature_image", "None"),
        ),
    ),
    # what Python refuses that nothing of ours names: told by its kind, never in Python's
    # words, which name Python's types and may quote a value of the case
    Case(  # Python's TypeError, unhashable type: 'list'
        "unique-items-that-are-lists",
        [FIRST, "{{ [[1]]|unique|list }}"],
        _in_body(
            "{{ [[1]]|unique|list }}",
            "cannot be evaluated: it gives a filter, method or operator a value of a kind it"
            " cannot take; check what each is given (a number, a text, a list)",
        ),
    ),
    Case(
        "slice-by-steps-of-zero",
        [FIRST, "{{ place[::0] }}"],
        _in_body(
            "{{ place[::0] }}",
            "cannot be evaluated: it gives a filter, method or operator a value it cannot take"
            " (a slice's step of 0, say); check what each is given",
        ),
    ),
    Case(
        "text-index-not-found",
        [FIRST, "{{ place.index('Zhanara') }}"],
        _in_body(
            "{{ place.index('Zhanara') }}",
            "the .index method did not find the text it looks for; ask first with"
            " {% if … in … %}, or use .find, which gives -1 where it finds nothing",
        ),
    ),
    Case(  # Python's words were "'Zhanara Akhmetova' is not in list": a value of the case
        "list-index-not-found",
        [FIRST, "{{ case.person.aliases.index(case.person.name) }}"],
        _in_body(
            "{{ case.person.aliases.index(case.person.name) }}",
            "the .index method did not find the item it looks for; ask first with {% if … in … %}",
        ),
    ),
    Case(  # was "… is not defined for this letter", which named no None
        "field-of-none",
        [FIRST, "{{ signatories[0].signature_image.width }}"],
        _in_body(
            "{{ signatories[0].signature_image.width }}",
            "signatories[0].signature_image.width is not there: signatories[0].signature_image"
            " is None here; show it inside {% if signatories[0].signature_image %}…{% endif %}",
        ),
    ),
    Case(  # was written into the letter: "Zhanara AkhmetNoneZhanna Bota"
        "none-as-the-join-filter-s-separator",
        [FIRST, "{{ case.person.aliases|join(none) }}"],
        _in_body(
            "{{ case.person.aliases|join(none) }}",
            "the join filter was given None to write, not a text; show it inside"
            " {% if … %}…{% endif %}",
        ),
    ),
    Case(
        "operator-misused-in-email-text",
        [],
        f"templates/appeal.email.txt:{EMAIL_LINES + 1}: the + operator was given a number and"
        f" a text, {ADD}",
        email_line="{{ case.years_seeking_protection + case.person.name }}",
    ),
    # chance has no place in a letter: the same inputs give the same text and version
    Case(
        "misspelt-filter",
        [FIRST, "{{ case.person.name|uper }}"],
        _in_body(
            "{{ case.person.name|uper }}",
            "template syntax error: there is no filter 'uper'; did you mean 'upper'?",
        ),
    ),
    Case(
        "random-filter",
        [FIRST, "{{ signatories|random }}"],
        _in_body(
            "{{ signatories|random }}",
            "template syntax error: there is no filter 'random'; a letter is the same for the"
            " same inputs, so a template chooses nothing by chance",
        ),
    ),
    Case(
        "lipsum",
        [FIRST, "{{ lipsum(1) }}"],
        _in_body("{{ lipsum(1) }}", "lipsum is not defined for this letter"),
    ),
    Case(
        "list-joined-with-tilde-and-set",
        [FIRST, '{% set x = case.person.aliases ~ "" %}{{ x }}'],
        _in_body(
            '{% set x = case.person.aliases ~ "" %}{{ x }}',
            f"case.person.aliases is a whole list, not a text; {PARTS}",
        ),
    ),
    Case(
        "records-joined-by-a-list-field",
        [FIRST, "{{ recipients|join(', ', attribute='address') }}"],
        _in_body(
            "{{ recipients|join(', ', attribute='address') }}",
            "the join filter was given a whole list to join, not a text; join one of their"
            " fields (…|map(attribute='signature')|join(', '))",
        ),
    ),
    Case(
        "records-listed",
        [FIRST, "{{ signatories|format_list }}"],
        _in_body(
            "{{ signatories|format_list }}",
            "the format_list filter was given a whole record to list, not a text; list one of"
            " their fields (…|map(attribute='signature')|format_list)",
        ),
    ),
    Case(
        "list-in-a-translated-sentence-given-with-stars",
        [FIRST, '{{ _("Also known as %(a)s.", **{"a": case.person.aliases}) }}'],
        _in_body(
            '{{ _("Also known as %(a)s.", **{"a": case.person.aliases}) }}',
            f"the gettext function was given a whole list to write, not a text; {PARTS}",
        ),
    ),
    Case(
        "date-printed",
        [FIRST, "On {{ date }}"],
        _in_body(
            "On {{ date }}",
            "date is a date, not a text; write it with the date filter (…|date)",
        ),
    ),
    Case(
        "undefined-attribute-named-in-full",
        [FIRST, "{{ case.person.organisation.name }}"],
        _in_body(
            "{{ case.person.organisation.name }}",
            "case.person.organisation.name is not defined for this letter",
        ),
    ),
    Case(
        "undefined-attribute-in-a-test",
        [FIRST, "{%p if case.person.nickname %}", "x", "{%p endif %}"],
        _in_body(
            "{% if case.person.nickname %}",
            "case.person.nickname is not defined for this letter",
        ),
    ),
    Case(
        "undefined-item",
        [FIRST, "{{ signatories[99].signature }}"],
        _in_body(
            "{{ signatories[99].signature }}",
            "signatories[99].signature is not defined for this letter",
        ),
    ),
    Case(
        "none-in-email-text",
        [],
        f"templates/appeal.email.txt:{EMAIL_LINES + 1}: "
        + _missing("signatories[0].signature_image", "None"),
        email_line="{{ signatories[0].signature_image }}",
    ),
    # the render limits, each named
    Case(
        "string-repetition",
        [FIRST, "{{ 'x' * 10**9 }}"],
        _in_body(
            "{{ 'x' * 10**9 }}",
            "render limit “value size”: a value of more than 1,000,000 characters",
        ),
        resource=True,
    ),
    Case(
        "list-repetition",
        [FIRST, "{{ [1] * 10**9 }}"],
        _in_body(
            "{{ [1] * 10**9 }}", "render limit “list size”: a list of more than 100,000 items"
        ),
    ),
    Case(
        "big-power",
        [FIRST, "{{ 2 ** 100000 }}"],
        _in_body(
            "{{ 2 ** 100000 }}", "render limit “number size”: a number of more than 4,300 digits"
        ),
        resource=True,
    ),
    Case(
        "big-range",
        [FIRST, "{{ range(10**9)|length }}"],
        _in_body(
            "{{ range(10**9)|length }}",
            "render limit “list size”: a list of more than 100,000 items",
        ),
    ),
    Case(
        "text-doubling",
        [FIRST, DOUBLING],
        _in_body(
            DOUBLING,
            "render limit “value size”: a value of more than 1,000,000 characters",
        ),
        resource=True,
    ),
    Case(
        "list-nesting",
        [FIRST, NESTING],
        _in_body(
            NESTING,
            "render limit “value size”: a value of more than 1,000,000 characters",
        ),
        resource=True,
    ),
    Case(
        "text-widths",
        [FIRST, "{{ 'x'|center(10**9) }}{{ '{:>1000000000}'.format('x') }}"],
        _in_body(
            "{{ 'x'|center(10**9) }}{{ '{:>1000000000}'.format('x') }}",
            "render limit “value size”: a value of more than 1,000,000 characters",
        ),
    ),
    Case(
        "template-work",
        [FIRST, WORK],
        _in_body(
            WORK, "render limit “template work”: more than 20,000,000 characters made in one part"
        ),
        resource=True,
    ),
    Case(
        "loop-steps",
        [FIRST, LOOPS],
        _in_body(LOOPS, "render limit “loop steps”: more than 1,000,000 loop steps in one part"),
        resource=True,
    ),
    Case(
        "block-output",
        [FIRST, BLOCK],
        _in_body(
            BLOCK, "render limit “part size”: a rendered part of more than 10,000,000 characters"
        ),
        resource=True,
    ),
    Case(
        "part-size",
        [FIRST, "{%p for i in range(100000) %}", "A paragraph repeated", "{%p endfor %}"],
        f"{LABEL} (word/document.xml): render limit “part size”: a rendered part of more"
        " than 10,000,000 characters",
        resource=True,
    ),
    # docxtpl rewrites the text from an opener left open inside a comment to the next "}}"
    # or "%}" (test_an_opener_left_open_would_change_the_letter below): even one
    Case(
        "opener-inside-a-comment",
        [FIRST, "{# note {{ #}", CURLY],
        _in_body("{# note {{ #}", _left_open("{{", "}}")),
    ),
    Case(
        "block-opener-inside-a-comment",
        [FIRST, ["{# was: ", "{% if x ", "#}"], CURLY],
        _in_body("{# was: {% if x #}", _left_open("{%", "%}")),
    ),
]


def _add_paragraph(container: object, paragraph: Paragraph) -> None:
    runs = [paragraph] if isinstance(paragraph, str) else paragraph
    target = container.add_paragraph()  # type: ignore[attr-defined]
    for run in runs:
        target.add_run(run)


def apply(case: Case, workspace: Path) -> None:
    """Put the case's template (or e-mail line) into ``workspace``."""
    if case.email_line:
        path = workspace / "templates" / "appeal.email.txt"
        path.write_text(path.read_text(encoding="utf-8") + case.email_line + "\n", encoding="utf-8")
        return
    document = docx.Document()
    for paragraph in case.body:
        _add_paragraph(document, paragraph)
    if case.table:
        table = document.add_table(rows=len(case.table), cols=len(case.table[0]))
        for row, texts in zip(table.rows, case.table, strict=True):
            for cell, text in zip(row.cells, texts, strict=True):
                cell.paragraphs[0].add_run(text)
    if case.header:
        header = document.sections[0].header
        header.paragraphs[0].add_run(case.header[0])
        for paragraph in case.header[1:]:
            _add_paragraph(header, paragraph)
    document.save(str(workspace / "templates" / "appeal.docx"))


def _earlier_output(workspace: Path) -> dict[str, bytes]:
    earlier = workspace / "out" / "may-2020-joint" / "may-2020-joint.en.docx"
    earlier.parent.mkdir(parents=True)
    earlier.write_bytes(b"an earlier build")
    return files_under(workspace / "out")


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_build_refuses_with_the_exact_problem(case: Case, sample: Path, runner: CliRunner) -> None:
    apply(case, sample)
    before = _earlier_output(sample)
    result = runner.invoke(main, ["build", "-w", str(sample)])
    assert result.exit_code == 1, result.output
    # the case's template has no DRAFT mark: said first where it was found before the error
    assert result.output.removeprefix(NO_DRAFT_MARK) == (
        f"Error: 1 problem in the letters; nothing was written:\n  {case.problem}\n"
    )
    assert files_under(sample / "out") == before


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_check_lists_the_same_problem(case: Case, sample: Path, runner: CliRunner) -> None:
    apply(case, sample)
    result = runner.invoke(main, ["check", "-w", str(sample)])
    assert result.exit_code == 1, result.output
    errors = [line for line in result.output.splitlines() if line.startswith("error: ")]
    assert errors == [f"error: {case.problem}"]
    assert result.output.splitlines()[-1] == "Error: 1 problem found."


# The occupation made private: a template sees an empty text in its place.
PRIVATE_OCCUPATION = "  occupation:\n    text: journalist\n    private: true\n"
PRIVATE_FACTS = {
    "private-item": (
        "{{ case.person.occupation }}",
        _missing("case.person.occupation", "empty"),
    ),
    "private-address": (
        "{{ case.person.address }}",
        "case.person.address is not defined for this letter",
    ),
}


@pytest.mark.parametrize("in_email", [False, True], ids=["letter", "email-text"])
@pytest.mark.parametrize("fact", PRIVATE_FACTS.values(), ids=list(PRIVATE_FACTS))
def test_a_private_fact_is_refused_alike_in_a_letter_and_an_email_text(
    fact: tuple[str, str], in_email: bool, sample: Path, runner: CliRunner
) -> None:
    """A private fact is not among what a template sees: the letter and the e-mail text
    share one environment and one message, which names the fact and never shows it."""
    tag, said = fact
    case_file = sample / "cases" / "akhmetova" / "case.yaml"
    text = case_file.read_text(encoding="utf-8")
    assert "  occupation: journalist\n" in text
    case_file.write_text(
        text.replace("  occupation: journalist\n", PRIVATE_OCCUPATION), encoding="utf-8"
    )
    if in_email:
        apply(Case("private", [], "", email_line=tag), sample)
        where = f"templates/appeal.email.txt:{EMAIL_LINES + 1}: "
    else:
        apply(Case("private", [FIRST, tag], ""), sample)
        where = f"{LABEL} (word/document.xml, paragraph “{tag}”): "
    result = runner.invoke(main, ["build", "--email", "-w", str(sample)])
    assert result.exit_code == 1, result.output
    # listed first: the catalogs' entries of the text made private, and the DRAFT mark the
    # case's template has not; none quotes the text
    warned = [
        f"warning: locales/{lang}/LC_MESSAGES/case-akhmetova.po:25: {PRIVATE_ENTRY}\n"
        for lang in ("ru", "uk")
    ]
    assert result.output == (
        "".join(warned)
        + ("" if in_email else NO_DRAFT_MARK)
        + f"Error: 1 problem in the letters; nothing was written:\n  {where}{said}\n"
    )
    assert "journalist" not in result.output and SAMPLE_ADDRESS not in result.output


MISUSED_TEXTS = {
    "alias-as-a-number": "{{ case.person.aliases[0]|filesizeformat }}",
    "summary-as-a-length": "{{ case.summary|truncate(case.summary) }}",
    "summary-rounded": "{{ case.summary|round }}",
    "paragraphs-as-attributes": "{% for p in case.background %}{{ p|xmlattr }}{% endfor %}",
    "alias-as-a-gender": "{{ 2|words(case.person.aliases[0]) }}",
    "alias-as-a-date-form": "{{ date|date(case.person.aliases[0]) }}",
    "alias-as-a-scheme": "{{ case.summary|urlize(extra_schemes=[case.person.aliases[0]]) }}",
    "occupation-as-a-number": "{{ '%d' % case.person.occupation }}",
    "occupation-as-a-number-in-str-format": "{{ '{:d}'.format(case.person.occupation) }}",
}


@pytest.mark.parametrize("paragraph", MISUSED_TEXTS.values(), ids=list(MISUSED_TEXTS))
def test_a_filter_refusing_a_case_text_quotes_no_text_of_the_case(
    paragraph: str, sample: Path, runner: CliRunner
) -> None:
    """The message says what a filter was given, never what it says: a text of the case,
    private ones included (``|filesizeformat`` quoted the alias it could not read)."""
    apply(Case("misused", [FIRST, paragraph], ""), sample)
    result = runner.invoke(main, ["build", "-w", str(sample)])
    assert result.exit_code == 1, result.output
    case = load_checked(sample).cases["akhmetova"].case
    texts = [t.text for t in case_texts(case)]
    assert [t.text for t in case_texts(case) if t.private]  # the sample has private facts
    assert SAMPLE_ADDRESS in texts
    assert [text for text in texts if text in result.output] == []


def test_a_template_that_prints_its_optional_facts_inside_if_builds(
    sample: Path, runner: CliRunner
) -> None:
    body = [
        FIRST,
        *SIGNATORY[:1],
        "{% if s.signature_image %}{{ s.signature_image }}{% endif %}{{ s.signature }}",
        "{%p if s.signed_by %}",
        "{{ s.signed_by }}",
        "{%p endif %}",
        SIGNATORY[-1],
        "{{ case.person.organisation|default('—') }} {{ 'ab' * 3 }} {{ 2 ** 10 }}",
        "{% if case.person.nickname is defined %}{{ case.person.nickname }}{% endif %}ok",
    ]
    apply(Case("fine", body, ""), sample)
    result = runner.invoke(main, ["build", "may-2020-joint", "--lang", "en", "-w", str(sample)])
    assert result.exit_code == 0, result.output
    lines = docx_text(sample / "out" / "may-2020-joint" / "may-2020-joint.en.docx")
    assert "ababab 1024" in " ".join(lines) and "ok" in lines


def test_names_in_brackets_take_apart_what_has_their_shape(sample: Path, runner: CliRunner) -> None:
    """A loop or a set whose names nest in brackets takes apart what has that shape, as
    Jinja does: the checks that refuse another shape in words let this one through."""
    body = [
        FIRST,
        "{% for (a, b), c in [('x', 'y'), 'z']|batch(2) %}{{ a }}{{ b }}{{ c }}{% endfor %}",
        "{% set (d, e), f = ['p', 'q'], 'r' %}{{ d }}{{ e }}{{ f }}",
        "{% for (g,), h in [(['s'], 't')] %}{{ g }}{{ h }}{% endfor %}",
    ]
    apply(Case("fine", body, ""), sample)
    result = runner.invoke(main, ["build", "may-2020-joint", "--lang", "en", "-w", str(sample)])
    assert result.exit_code == 0, result.output
    lines = docx_text(sample / "out" / "may-2020-joint" / "may-2020-joint.en.docx")
    assert [line for line in lines if line in ("xyz", "pqr", "st")] == ["xyz", "pqr", "st"]


FORMATTED = [
    FIRST,
    '{{ "%s, %s"|format(place, date|date) }}',
    '{{ "{} ({})".format(case.person.name, case.person.aliases|join(", ")) }}',
    '{{ "%s: %d" % (subject, case.person.aliases|length) }} {{ "%s"|format(date) }}',
    '{{ case.person.aliases|map("upper")|join(" / ") }}; {{ case.asks|length|string }}',
    "{{ signatories|map(attribute='name')|format_list }}",
    # a paragraph, a translated text, a number and a date are given to a filter as their text
    "{{ case.background[0]|truncate(40) }} / {{ case.person.occupation|reverse }}"
    " / {{ case.background[0]|length }} {{ case.person.occupation|length }}"
    " / {{ case.person.occupation is in(case.person.occupation) }}"
    " {{ 'court' is in(case.background[0]) }}",
    "{{ case.person.occupation|pprint }} / {{ case.years_seeking_protection|truncate(5) }}"
    " / {{ date|truncate(4, true, '') }} / {{ ':'|indent(case.person.occupation, true) }}",
]


def _built_apart(workspace: Path, out: Path) -> tuple[bytes, dict[str, str]]:
    """The English joint letter and the versions of a build in a process of its own, as
    another day's build would be (a memory address would differ from the first's)."""
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    command = ["build", JOINT, "--lang", "en", "-w", str(workspace), "--out", str(out)]
    result = subprocess.run(
        [sys.executable, "-c", LETTERS_CHILD, *command],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )
    assert result.returncode == 0, result.stderr
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    return (out / JOINT / f"{JOINT}.en.docx").read_bytes(), manifest["versions"]


def test_texts_formatted_build_the_same_letter_in_every_run(sample: Path, tmp_path: Path) -> None:
    """format, .format, % and the text filters given texts, numbers, dates and paragraphs
    still work, and write the same letter, version id and all, in every run (pprint of a
    translated text wrote its memory address); length measures a paragraph as its text,
    and the in test looks in it, format_list takes what map makes, as its messages
    advise."""
    apply(Case("formatted", FORMATTED, ""), sample)
    first, first_versions = _built_apart(sample, tmp_path / "a")
    second, second_versions = _built_apart(sample, tmp_path / "b")
    assert (first, first_versions) == (second, second_versions)
    lines = docx_text(tmp_path / "a" / JOINT / f"{JOINT}.en.docx")
    assert lines[1:8] == [
        "Brussels, 21\u00a0May 2020",
        "Zhanara Akhmetova (Zhanara Akhmet, Zhanna Bota)",
        "Preventing the extradition of Zhanara Akhmetova from Ukraine to Kazakhstan: 2 2020-05-21",
        "ZHANARA AKHMET / ZHANNA BOTA; 3",
        "Petras Auštrevičius, Vladimír Bilčík, Bernard Guetta, Lars Patrick Berg, Rasa"
        " Juknevičienė and Michal Šimečka",
        "In 2009 a court in Kazakhstan... / tsilanruoj / 288 10 / True True",
        "‘journalist’ / 3 / 2020 / journalist:",
    ]


# --- the resource cases, in a process of their own -------------------------------------

RESOURCE_CASES = {c.id: c for c in CASES if c.resource}
CEILING_MB = 1024  # a runaway goes far past this; a refused template stays far below it


def _cap_memory() -> None:
    """A runaway child fails here instead of taking the machine's memory."""
    limit = 4 * CEILING_MB * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


@pytest.mark.parametrize("name", sorted(RESOURCE_CASES))
def test_resource_bombs_end_quickly_with_bounded_memory(name: str, sample: Path) -> None:
    case = RESOURCE_CASES[name]
    apply(case, sample)
    before = _earlier_output(sample)
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    result = subprocess.run(
        [sys.executable, "-c", LETTERS_CHILD, "build", "-w", str(sample)],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
        preexec_fn=_cap_memory,
    )
    assert result.returncode == 1, result.stderr
    assert case.problem in result.stderr + result.stdout
    _said, peak_mb = child_peak_mb(result.stderr)
    assert peak_mb < CEILING_MB, peak_mb
    assert files_under(sample / "out") == before


def test_the_readme_documents_every_limit_with_its_value() -> None:
    from letters.render.limits import LIMITS

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for name, (value, what) in LIMITS.items():
        unit = "characters" if "characters" in what else "items" if "items" in what else ""
        unit = "digits" if "digits" in what else unit
        assert f"| {name} | {f'{value:,} {unit}'.strip()} |" in readme, name


SHARED = "shared"
SIZES = [
    (["ab", "c"], 2 + 3),
    (("ab",) * 3, 3 + 6),
    ([SHARED, SHARED], 2 + 12),  # one object twice counts twice, as written out twice
    ([], 0),
    (["a", ["b"]], 2 + 1 + 2),
    ({"k": ["vv"]}, 2 + 1 + 3),
    ([1, "a"], 2 + 2 + 1),
]


@pytest.mark.parametrize(("value", "expected"), SIZES)
def test_a_value_is_measured_by_the_characters_it_writes_out(value: object, expected: int) -> None:
    from letters.render.limits import size

    assert size(value) == expected


def test_a_constant_shown_only_if_its_test_holds_is_written_or_left_out(
    sample: Path, runner: CliRunner
) -> None:
    """``{{ ", " if not loop.last }}``: a separator, not a value that may be missing."""
    add_paragraphs(
        sample / "templates" / "appeal.docx",
        'Signed by {% for s in signatories %}{{ s.signature }}{{ ", " if not loop.last }}'
        "{% endfor %}.",
    )
    result = runner.invoke(main, ["build", "kazakhstan-2020", "-w", str(sample)])
    assert result.exit_code == 0, result.output
    (letter,) = (sample / "out" / "kazakhstan-2020").glob("*.docx")
    signed = "Signed by Петрас Ауштрявичюс (Renew Europe, Литва), Раса Юкнявичене (EPP, Литва)."
    assert signed in docx_text(letter)


@pytest.mark.parametrize(
    ("comment", "refused"),
    [
        ("{# note {{ #}", True),
        # closed where they stand (by a closer of either kind, as docxtpl's pattern ends
        # there), or a "{#": left alone
        ("{# note {{ old }} {% if x %} {{ y %} {# #}", False),
    ],
    ids=["left-open", "closed"],
)
def test_an_opener_left_open_would_change_the_letter(
    comment: str, refused: bool, sample: Path, runner: CliRunner
) -> None:
    """One "{{" left open in a comment made docxtpl rewrite the paragraphs after it up to
    the next "}}" in the part: the letter said “no” as "no" and lost “them” into a real
    <b> element, though the template said otherwise. It is refused; a line commented out
    with its tags closed is left alone, and the letter says what the template says."""
    apply(Case("comment", [FIRST, comment, CURLY, "{{ place }}"], ""), sample)
    result = runner.invoke(main, ["build", JOINT, "--lang", "en", "-w", str(sample)])
    if refused:
        assert result.output.removeprefix(NO_DRAFT_MARK) == (
            "Error: 1 problem in the letters; nothing was written:\n"
            f"  {_in_body(comment, _left_open('{{', '}}'))}\n"
        )
        assert not (sample / "out").exists()
        return
    assert result.exit_code == 0, result.output
    letter = docx.Document(str(sample / "out" / JOINT / f"{JOINT}.en.docx"))
    assert [p.text for p in letter.paragraphs][2:] == [CURLY, "Brussels"]
