"""What a translator of a case needs to know of each kind of text: how a letter uses it.

The template's catalog says it in the template's ``TRANSLATORS:`` comments ("instruments:
a list of treaty names"); a case's catalog says it here, as an extracted comment (``#.``)
after the field the text comes from. A treaty's name translated in the genitive reads
wrong in «… є стороною таких міжнародних договорів, як …», and nothing else would say so.

Each note fits on one line of a catalog.
"""

from __future__ import annotations

SUMMARY = "whole sentences: the first paragraph of the letter, after its opening sentence"

CASE_TEXT_USES: dict[str, str] = {
    "person.occupation.text": "an occupation in the nominative, lower case as inside a sentence",
    "person.organisation.text": "an organisation's name, in the nominative",
    "summary": SUMMARY,
    "background[].text": "whole sentences: a paragraph of the letter",
    "timeline[].text": (
        'a whole sentence; keep {date} where its date goes: "On 18 October 2017 …",'
        " «18 жовтня 2017 р. …»"
    ),
    "risks[].text": "whole sentences: the letter joins the risks into one paragraph",
    "instruments[].text": (
        'a treaty\'s name in the nominative: listed after "such as" («як», «как»), or alone'
        " as a subject"
    ),
    "asks[].text": (
        'completes "We therefore ask you …": an infinitive clause ("to withdraw …"),'
        " no final punctuation"
    ),
    "sources[].description": "a footnote: whole sentences on the source; its web address follows",
}
"""How a letter uses each translated text of a case, by its field
(:data:`letters.load.case_texts.TEXT_FIELDS`)."""

LETTER_TEXT_USES: dict[str, str] = {
    "subject": "the letter's subject line, and its e-mail's: a heading, no final full stop",
    "summary": SUMMARY,
    "framing": "one whole sentence, which leads into the risks in their paragraph",
}
"""How a letter uses each translated text of its definition in letters.yaml, by field."""
