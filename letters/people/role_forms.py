"""A CSV's title and institution in each language (``title_uk``, ``institution_ru``…)
merged into the role of the directory that holds its English title.

The CSV is the user's own list, translations included: a form it gives that went nowhere
would be lost without a word. But a role's ``address``, ``salutation``, ``title_dative``
and ``title_plural`` are typed by hand from its title in their language, and a letter
addresses the official by them: a title changed under them would leave letters naming
the old title, which ``letters check`` cannot see. Such a change is left for the user to
make together with those forms, and the import says so; a title or institution added
beside such forms is written, and named, so that the user checks they agree.
"""

from __future__ import annotations

from typing import Any

from ruamel.yaml.comments import CommentedMap

from letters.people.provenance import put

__all__ = ["FORMS_MADE_FROM", "merge_role_forms"]

# The hand-typed forms of a role that repeat its title or institution in a language:
# a title is declined in the dative and the plural, and named in the address and the
# salutation; an institution is named in the address and often in the dative title.
FORMS_MADE_FROM: dict[str, tuple[str, ...]] = {
    "title": ("title_dative", "title_plural", "address", "salutation"),
    "institution": ("title_dative", "address"),
}


def merge_role_forms(
    notes: list[str], pid: str, entry: CommentedMap, person: dict[str, Any]
) -> list[str]:
    """Write the source's role forms into ``entry``'s role of the same English title and
    return the fields changed; append to ``notes`` what is not written, and why."""
    source = person["roles"][0]
    roles = entry.get("roles") or []
    index = next(
        i for i, r in enumerate(roles) if r.get("title", {}).get("en") == source["title"]["en"]
    )
    role, changed = roles[index], []
    for key in ("title", "institution"):
        current = role.get(key)
        differing = {
            lang: value
            for lang, value in source[key].items()
            if not isinstance(current, dict) or current.get(lang) != value
        }
        if not differing:
            continue
        if _shared(role) or _shared(current):
            notes.append(
                f"{pid}: roles[{index}].{key} is shared with others through a YAML anchor or"
                f" merge, so the source's {', '.join(differing)} form is not written into it;"
                " edit it by hand"
            )
            continue
        if not isinstance(current, dict):
            put(role, key, CommentedMap())
            current = role[key]
        for lang, value in differing.items():
            old = current.get(lang)
            dependent = _typed_from(role, key, lang)
            if dependent and old is None:
                # nothing typed is lost by adding it, but the forms were typed from some
                # title the file never held: only the user can tell they agree
                notes.append(
                    f"{pid}: roles[{index}].{key}.{lang} is added as '{value}' from the"
                    f" source, beside the role's {', '.join(dependent)}, typed by hand before"
                    f" it: check that they name the same {key}"
                )
            elif dependent:
                notes.append(
                    f"{pid}: roles[{index}].{key}.{lang} is kept as '{old}', not changed to"
                    f" the source's '{value}': the role's {', '.join(dependent)}, typed by"
                    f" hand from it, would still say the old {key}; change them together"
                    f" with the {key} by hand"
                )
                continue
            current[lang] = value
            changed.append(f"roles[{index}].{key}.{lang}")
    return changed


def _typed_from(role: CommentedMap, key: str, lang: str) -> list[str]:
    """The role's forms in ``lang`` typed by hand that repeat its ``key`` (``address.uk``…)."""
    return [
        f"{form}.{lang}"
        for form in FORMS_MADE_FROM[key]
        if isinstance(role.get(form), dict) and role[form].get(lang)
    ]


def _shared(node: Any) -> bool:
    """Whether a mapping of the file stands for others too (an anchor an alias repeats, or
    a merge of another's): writing into it would change them as well."""
    anchor = getattr(node, "anchor", None)
    return bool(getattr(anchor, "value", None) or getattr(node, "merge", None))
