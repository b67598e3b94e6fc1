"""The default appeal template, written with python-docx.

The shipped ``templates/appeal.docx`` and the one ``letters init`` puts into a
new workspace are both made here, so they cannot drift apart. Users then edit
their copy in Word or LibreOffice like any other document.
"""

from __future__ import annotations

from typing import Any

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.text.paragraph import Paragraph

from letters.render.footnote_parts import add_footnote_styles

FONT = "Times New Roman"  # Liberation Serif stands in for it, metric for metric, on Linux
NOTE_SIZE = Pt(9)
"""The footnotes' size: at 10 pt (Word's) LibreOffice put a sample letter's third note on
page 2, its mark on page 1 (c8f0751); at 9 pt every note stays on its mark's page."""


def _set_fonts(style_element: object, name: str) -> None:
    rpr = style_element.get_or_add_rPr()  # type: ignore[attr-defined]
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), name)


def _note_size(styles: Any) -> None:
    """Set the "footnote text" style :func:`add_footnote_styles` added to `NOTE_SIZE`."""
    (note_text,) = styles.xpath('w:style[@w:styleId="FootnoteText"]')
    half_points = str(round(NOTE_SIZE.pt * 2))
    for size in note_text.xpath("w:rPr/w:sz | w:rPr/w:szCs"):
        size.set(qn("w:val"), half_points)


def _page_number(paragraph: Paragraph) -> None:
    """The page's number, centred: in the header of every page but the first (ДСТУ
    4163:2020, ГОСТ Р 7.0.97-2016: the top margin's centre, from page 2)."""
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run()
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    inner = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    inner.append(text)
    field.append(inner)
    run._r.addnext(field)
    paragraph._p.remove(run._r)


def _draft_header(document: object, header: object) -> None:
    """A DRAFT mark with the version id, in every draft's header; finals have none."""
    first = header.paragraphs[0]  # type: ignore[attr-defined]
    first.text = "{%p if draft %}"
    mark = header.add_paragraph(  # type: ignore[attr-defined]
        "{# TRANSLATORS: the mark on every unapproved draft, before its version id #}"
        '{{ _("DRAFT") }} · {{ version }}'
    )
    mark.style = document.styles["Draft Mark"]  # type: ignore[attr-defined]
    header.add_paragraph("{%p endif %}")  # type: ignore[attr-defined]


# (style, text) pairs. A style of None is a docxtpl control paragraph
# ("{%p ... %}"), which docxtpl removes from the output together with its
# paragraph, so no empty lines are left behind.
FOOTNOTES = "{% for s in SOURCES %}{{ footnote(s.description, s.url) }}{% endfor %}"
"""The footnotes of a paragraph or an event: one per public source it cites."""

BODY: list[tuple[str | None, str]] = [
    # the sender's letterhead, on the first page (workspace.yaml: letterhead)
    (None, "{%p if letterhead.logo %}"),
    ("Letterhead", "{{ letterhead.logo.sized(1.6) }}"),
    (None, "{%p endif %}"),
    (None, "{%p if letterhead.name %}"),
    ("Letterhead", "{{ letterhead.name }}"),
    (None, "{%p for line in letterhead.address %}"),
    ("Letterhead Address", "{{ line }}"),
    (None, "{%p endfor %}"),
    (None, "{%p endif %}"),
    ("Letter Date", "{{ place }}, {{ date|date }}"),
    # several addressees: a "To:" list where the language has one (en); otherwise, and
    # for one addressee, each address block under the other (uk, ru: no label)
    (None, "{%p if recipients|length > 1 and conventions.recipients_label %}"),
    (
        "Label",
        '{# TRANSLATORS: label above the list of addressees of a joint letter #}{{ _("To:") }}',
    ),
    (None, "{%p for r in recipients %}"),
    ("Addressee List", "{{ r.address|join(', ') }}"),
    (None, "{%p endfor %}"),
    (None, "{%p else %}"),
    (None, "{%p for r in recipients %}"),
    ("Addressee", "{{ r.address|join('\\n') }}"),
    (None, "{%p endfor %}"),
    (None, "{%p endif %}"),
    ("Subject", "{{ subject }}"),
    (None, "{%p if recipients|length > 1 %}"),
    (
        "Salutation",
        "{# TRANSLATORS: the salutation of a letter to several officials, and of an e-mail to"
        " one who has no salutation of their own (uk/ru: «Шановні колеги!», «Уважаемые"
        ' коллеги!») #}{{ _("Dear colleagues,") }}',
    ),
    (None, "{%p else %}"),
    ("Salutation", "{{ recipients[0].salutation }}"),
    (None, "{%p endif %}"),
    (
        "Body Text",
        "{# TRANSLATORS: the letter's first sentence, the same to one official and to several:"
        " word it so that it suits both (uk/ru: without Вас or вас); the case's summary follows"
        " it in its paragraph #}"
        '{{ _("We are writing to ask for your urgent attention to the following case.") }} '
        "{{ case.summary }}",
    ),
    (None, "{%p for paragraph in case.background %}"),
    ("Body Text", "{{ paragraph.text }}" + FOOTNOTES.replace("SOURCES", "paragraph.sources")),
    (None, "{%p endfor %}"),
    # how long she has sought protection, then the events, each a whole sentence with its
    # date: one paragraph
    (None, "{%p if case.timeline %}"),
    (
        "Body Text",
        # exactly one year is said without its number («уже год», not «уже один год»); the
        # plural's forms still serve 21, 31… (uk «21 рік»), so it cannot drop the number
        "{% if case.years_seeking_protection == 1 %}"
        "{# TRANSLATORS: exactly one year, said without a number (uk: вже рік; ru: уже год)."
        " name: the person's full name, as a subject (nominative) #}"
        '{{ _("%(name)s has now been seeking protection for a year.", name=case.person.name) }}'
        " {% elif case.years_seeking_protection %}"
        "{# TRANSLATORS: two years or more (one takes the sentence of its own). count: the"
        " number of years, in words from two to nine (masculine, as рік and год are), then in"
        " figures; name: the person's full name, as a subject (nominative) #}"
        '{{ ngettext("%(name)s has now been seeking protection for %(count)s year.",'
        ' "%(name)s has now been seeking protection for %(count)s years.",'
        " case.years_seeking_protection, name=case.person.name,"
        " count=case.years_seeking_protection|words) }} {% endif %}"
        "{% for event in case.timeline %}{{ event.text }}"
        + FOOTNOTES.replace("SOURCES", "event.sources")
        + "{% if not loop.last %} {% endif %}{% endfor %}",
    ),
    (None, "{%p endif %}"),
    # the letter's framing sentence (its case's and addressee's), then the risks
    (None, "{%p if case.risks %}"),
    ("Body Text", "{% if framing %}{{ framing }} {% endif %}{{ case.risks|join(' ') }}"),
    (None, "{%p endif %}"),
    # the instruments that bind the addressee's state, or that bear on the case: one is
    # named in a sentence of its own, not as a list of one («таких договорів, як …»)
    (None, "{%p if case.instruments|length == 1 and state_plural %}"),
    (
        "Body Text",
        "{# TRANSLATORS: the sentence for ONE instrument, where the state's name is plural for"
        " a verb in your language (ru: Нидерланды являются); where the verb is the same (en,"
        " uk), translate it as the one-instrument sentence. state: the country the letter is"
        " addressed to, as a subject (nominative); instrument: one treaty's name in the"
        " nominative (word it so that the name needs no other case, and it is not a list) #}"
        '{{ pgettext("one instrument, state named in the plural", "We would recall that'
        ' %(state)s is a party to %(instrument)s.", state=state,'
        " instrument=case.instruments[0]) }}",
    ),
    (None, "{%p elif case.instruments|length == 1 and state %}"),
    (
        "Body Text",
        "{# TRANSLATORS: the sentence for ONE instrument (two or more take the sentence with"
        " the list). state: the country the letter is addressed to, as a subject"
        " (nominative); instrument: one treaty's name in the nominative (word it so that the"
        " name needs no other case, and it is not a list) #}"
        '{{ pgettext("one instrument", "We would recall that %(state)s is a party to'
        ' %(instrument)s.", state=state, instrument=case.instruments[0]) }}',
    ),
    (None, "{%p elif case.instruments and state_plural %}"),
    (
        "Body Text",
        "{# TRANSLATORS: the same sentence where the state's name is plural for a verb in your"
        " language (ru: Нидерланды, Соединенные Штаты, Филиппины); where the verb is the same"
        " (en, uk), translate it as the other. state: the country the letter is addressed to,"
        " as a subject (nominative); instruments: a list of treaty names #}"
        '{{ pgettext("state named in the plural", "We would recall that %(state)s is a party'
        ' to %(instruments)s.", state=state, instruments=case.instruments|format_list) }}',
    ),
    (None, "{%p elif case.instruments and state %}"),
    (
        "Body Text",
        "{# TRANSLATORS: for two or more instruments (one takes the sentence of its own)."
        " state: the country the letter is addressed to, as a subject (nominative);"
        " instruments: a list of treaty names #}"
        '{{ _("We would recall that %(state)s is a party to %(instruments)s.", state=state,'
        " instruments=case.instruments|format_list) }}",
    ),
    (None, "{%p elif case.instruments|length == 1 %}"),
    (
        "Body Text",
        "{# TRANSLATORS: the sentence for ONE instrument, in a letter that names no state"
        " bound by it. instrument: one treaty's name in the nominative #}"
        '{{ _("The following international instrument is relevant to this case:'
        ' %(instrument)s.", instrument=case.instruments[0]) }}',
    ),
    (None, "{%p elif case.instruments %}"),
    (
        "Body Text",
        "{# TRANSLATORS: for two or more instruments (one takes the sentence of its own)."
        " instruments: a list of treaty names #}"
        '{{ _("The following international instruments are relevant to this case:'
        ' %(instruments)s.", instruments=case.instruments|format_list) }}',
    ),
    (None, "{%p endif %}"),
    # one ask is a sentence; several are a list numbered as the language numbers one
    (None, "{%p if case.asks|length == 1 %}"),
    (None, "{%p if recipients|length > 1 %}"),
    (
        "Body Text",
        '{# TRANSLATORS: ask: what the letter asks, an infinitive clause ("to withdraw …");'
        " addresses several officials at once (uk/ru: lower-case вас) #}"
        '{{ pgettext("joint", "We therefore ask each of you, within your respective powers,'
        ' %(ask)s.", ask=case.asks[0]) }}',
    ),
    (None, "{%p else %}"),
    (
        "Body Text",
        '{# TRANSLATORS: ask: what the letter asks, an infinitive clause ("to withdraw …");'
        " addresses one official (uk/ru: polite capital Вас) #}"
        '{{ pgettext("individual", "We therefore ask you %(ask)s.", ask=case.asks[0]) }}',
    ),
    (None, "{%p endif %}"),
    (None, "{%p else %}"),
    (None, "{%p if recipients|length > 1 %}"),
    (
        "Body Text",
        "{# TRANSLATORS: addresses several officials at once (uk/ru: lower-case вас) #}"
        '{{ pgettext("joint", "We therefore ask each of you, within your respective powers:") }}',
    ),
    (None, "{%p else %}"),
    (
        "Body Text",
        "{# TRANSLATORS: addresses one official (uk/ru: polite capital Вас) #}"
        '{{ pgettext("individual", "We therefore ask you:") }}',
    ),
    (None, "{%p endif %}"),
    (None, "{%p for ask in case.asks|items %}"),
    ("Ask", "{{ ask }}"),
    (None, "{%p endfor %}"),
    (None, "{%p endif %}"),
    # the last paragraph goes with the closing and the signatures: a signature never stands
    # on a page without the letter's text
    (None, "{%p if recipients|length > 1 %}"),
    (
        "Last Paragraph",
        "{# TRANSLATORS: the last paragraph, to several officials at once (uk/ru: lower-case"
        " вас; each of them) #}"
        '{{ pgettext("joint", "We trust that you will give this case your personal attention,'
        ' and we would be grateful for your reply.") }}',
    ),
    (None, "{%p else %}"),
    (
        "Last Paragraph",
        "{# TRANSLATORS: the last paragraph, to one official (uk/ru: polite capital Ви, Вы) #}"
        '{{ pgettext("individual", "We trust that you will give this case your personal'
        ' attention, and we would be grateful for your reply.") }}',
    ),
    (None, "{%p endif %}"),
    # the closing follows the salutation: "Dear colleagues," to several, and to one the
    # closing their own salutation asks for ("Yours faithfully," after "Dear Sir or Madam,")
    (None, "{%p if recipients|length > 1 %}"),
    (
        "Closing",
        "{# TRANSLATORS: the closing above the signatures, of a letter and of its e-mail"
        ' (uk: «З повагою», ru: «С уважением», with no comma) #}{{ _("Yours sincerely,") }}',
    ),
    (None, "{%p else %}"),
    ("Closing", "{{ recipients[0].closing }}"),
    (None, "{%p endif %}"),
    # the title the signatories share ("Members of the European Parliament"), then each
    # signature: its image in a final letter approved by that signatory, a space in a draft
    (None, "{%p if signatories_title %}"),
    # a colon when it stands over several names (uk, ru, en alike)
    ("Signatories Title", "{{ signatories_title }}{% if signatories|length > 1 %}:{% endif %}"),
    (None, "{%p endif %}"),
    (None, "{%p for s in signatories %}"),
    (
        "Signature",
        "{# TRANSLATORS: stands in a draft where a signature will go #}"
        '{% if s.signature_image %}{{ s.signature_image }}{% elif draft %}{{ _("[signature]") }}'
        "{% endif %}",
    ),
    ("Signatory", "{{ s.signature }}"),
    (None, "{%p if s.signed_by %}"),
    ("Signatory Detail", "{{ s.signed_by }}"),
    (None, "{%p elif s.title and not signatories_title %}"),
    ("Signatory Detail", "{{ s.title }}"),
    (None, "{%p endif %}"),
    (None, "{%p endfor %}"),
]


# Paragraph properties python-docx has no setting for, each with the elements that follow
# it in w:pPr (ECMA-376 CT_PPr), so it goes where Word expects it.
# fmt: off
_PPR_TAIL = (
    "w:mirrorIndents", "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment",
    "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr",
    "w:pPrChange",
)
_PPR_FOLLOWING = {
    "w:suppressAutoHyphens": (
        "w:kinsoku", "w:wordWrap", "w:overflowPunct", "w:topLinePunct", "w:autoSpaceDE",
        "w:autoSpaceDN", "w:bidi", "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind",
        "w:contextualSpacing", *_PPR_TAIL,
    ),
    "w:contextualSpacing": _PPR_TAIL,
}
# fmt: on


def _switch_on(style: object, tag: str) -> None:
    """Set the on/off paragraph property ``tag`` (``w:suppressAutoHyphens``…) of a style."""
    ppr = style.element.get_or_add_pPr()  # type: ignore[attr-defined]
    if ppr.find(qn(tag)) is None:
        ppr.insert_element_before(OxmlElement(tag), *_PPR_FOLLOWING[tag])


def _add_styles(document: object) -> None:
    styles = document.styles  # type: ignore[attr-defined]
    normal = styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(12)
    _set_fonts(normal.element, FONT)
    normal.paragraph_format.space_after = Pt(6)
    normal.paragraph_format.line_spacing = 1.1

    def add(name: str, **fmt: object) -> object:
        existing = [s for s in styles if s.name == name]
        style = existing[0] if existing else styles.add_style(name, 1)  # 1: paragraph style
        style.base_style = normal
        style.quick_style = True
        pf = style.paragraph_format
        for key, value in fmt.items():
            if key == "bold":
                style.font.bold = value
            elif key == "size":
                style.font.size = value
            elif key == "color":
                style.font.color.rgb = value
            elif key == "hyphenate":  # names, headings and addresses are not hyphenated
                if not value:
                    _switch_on(style, "w:suppressAutoHyphens")
            elif key == "list_item":  # no space between items, space_after after the list
                _switch_on(style, "w:contextualSpacing")
            else:
                setattr(pf, key, value)
        return style

    whole = {"hyphenate": False}  # lines that name people or say what the letter is about
    add(
        "Letterhead",
        alignment=WD_ALIGN_PARAGRAPH.CENTER,
        bold=True,
        size=Pt(13),
        space_after=Pt(2),
        keep_with_next=True,
        color=RGBColor(0x14, 0x2D, 0x5F),
        **whole,
    )
    add(
        "Letterhead Address",
        alignment=WD_ALIGN_PARAGRAPH.CENTER,
        size=Pt(9),
        space_after=Pt(0),
        keep_with_next=True,
        color=RGBColor(0x44, 0x44, 0x44),
        **whole,
    )
    add(
        "Letter Date",
        alignment=WD_ALIGN_PARAGRAPH.RIGHT,
        space_before=Pt(12),
        space_after=Pt(18),
        **whole,
    )
    add(
        "Draft Mark",
        alignment=WD_ALIGN_PARAGRAPH.RIGHT,
        bold=True,
        size=Pt(10),
        color=RGBColor(0xB0, 0x00, 0x00),
        **whole,
    )
    add("Label", bold=True, space_after=Pt(2), keep_with_next=True, **whole)
    add("Addressee List", space_after=Pt(2), left_indent=Cm(0.5), **whole)
    # an address block is one paragraph, its lines broken; blocks one under another
    add("Addressee", space_after=Pt(10), left_indent=Cm(8.5), keep_together=True, **whole)
    # a heading keeps with what follows it
    add("Subject", bold=True, space_before=Pt(18), space_after=Pt(12), keep_with_next=True, **whole)
    add("Salutation", space_after=Pt(12), keep_with_next=True, **whole)
    add(
        "Body Text",
        alignment=WD_ALIGN_PARAGRAPH.JUSTIFY,
        space_after=Pt(8),
        widow_control=True,
    )
    last = add("Last Paragraph", keep_with_next=True)
    last.base_style = styles["Body Text"]  # type: ignore[attr-defined]  # its indent too
    # items of a list sit together, and the list is followed by the space of a paragraph;
    # they are body text, justified as the paragraphs around them
    item = {
        "alignment": WD_ALIGN_PARAGRAPH.JUSTIFY,
        "left_indent": Cm(1),
        "first_line_indent": Cm(-0.5),
        "list_item": True,
    }
    add("Ask", space_after=Pt(8), **item)
    add("Closing", space_before=Pt(12), space_after=Pt(12), keep_with_next=True, **whole)
    add("Signatories Title", space_after=Pt(6), keep_with_next=True, **whole)
    # the signature (its image in a final letter, a placeholder in a draft), then the name
    add(
        "Signature",
        space_before=Pt(12),
        space_after=Pt(0),
        size=Pt(9),
        color=RGBColor(0x80, 0x80, 0x80),
        keep_with_next=True,
        **whole,
    )
    # the whole block keeps together, with the closing and the letter's last paragraph: no
    # page holds signatures alone (a block longer than a page breaks where it must)
    add("Signatory", space_after=Pt(0), keep_with_next=True, **whole)
    add("Signatory Detail", space_after=Pt(0), keep_with_next=True, **whole)


def appeal_template_bytes() -> bytes:
    """Return the default appeal template as .docx bytes."""
    import io

    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.top_margin = section.bottom_margin = Cm(2.0)
    section.left_margin, section.right_margin = Cm(2.5), Cm(2.0)
    _add_styles(document)
    add_footnote_styles(document.styles.element)  # every letter's styles, notes or none
    _note_size(document.styles.element)
    # Document() starts with no paragraphs in the body but a sectPr; add ours before it.
    for style, text in BODY:
        paragraph = document.add_paragraph(text)
        paragraph.style = document.styles[style or "Normal"]
    section.different_first_page_header_footer = True
    _draft_header(document, section.first_page_header)
    _draft_header(document, section.header)
    _page_number(section.header.add_paragraph())
    core = document.core_properties
    core.author = "letters"
    core.title = "Appeal"
    core.comments = core.subject = ""
    # lastModifiedBy, keywords, category and revision are left as Document() has them: the
    # lowest python-docx we allow (1.1.2) sets them as elements of another namespace, beside
    # the empty ones (each letter's metadata is written whole by render.docxpost anyway)
    for rel_id, rel in list(document.part.rels.items()):
        # Word 2010's copy of the styles: a third of every letter's size, and unused
        if rel.reltype.endswith("/stylesWithEffects"):
            document.part.drop_rel(rel_id)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
