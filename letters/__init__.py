"""letters: appeal letters from case facts and directories, in several languages.

The library's front door is :class:`Workspace`::

    from letters import Options, Workspace

    ws = Workspace("path/to/workspace")
    problems = ws.check()
    result = ws.build(["may-2020-joint"], options=Options(pdf=True))

The pipeline behind it: ``letters.load`` reads and validates the files,
``letters.plan`` decides which letters exist, ``letters.people`` and
``letters.i18n`` supply names and translations, ``letters.render`` renders
each letter, ``letters.publish`` stages and publishes the batch (Word, PDF,
e-mail, print file, manifest), ``letters.signoff`` records approvals and makes
final letters. ``letters.cli`` is the command line over :class:`Workspace`.
"""

__version__ = "0.1.0"

from typing import TYPE_CHECKING

# Each public name and the module it comes from, imported when first asked for: the
# command line starts (and a Ctrl-C while it starts is handled, see letters.entry)
# before the library, which takes a second or two, is imported.
_HOMES = {
    "LettersError": "letters.errors",
    "Problem": "letters.errors",
    "TemplateProblem": "letters.errors",
    "ToolMissing": "letters.errors",
    "TranslationError": "letters.errors",
    "WorkspaceError": "letters.errors",
    "SelectionSpec": "letters.load.models",
    "Job": "letters.plan",
    "Plan": "letters.plan",
    "BuildResult": "letters.publish.batch",
    "Options": "letters.publish.batch",
    "Progress": "letters.publish.batch",
    "Version": "letters.render.content_version",
    "TemplateContext": "letters.render.template_context",
    "LetterStatus": "letters.signoff.answers",
    "Recorded": "letters.signoff.answers",
    "Packet": "letters.signoff.packet",
    "Workspace": "letters.workspace",
    "open_workspace": "letters.workspace",
}

if TYPE_CHECKING:
    from letters.errors import (
        LettersError,
        Problem,
        TemplateProblem,
        ToolMissing,
        TranslationError,
        WorkspaceError,
    )
    from letters.load.models import SelectionSpec
    from letters.plan import Job, Plan
    from letters.publish.batch import BuildResult, Options, Progress
    from letters.render.content_version import Version
    from letters.render.template_context import TemplateContext
    from letters.signoff.answers import LetterStatus, Recorded
    from letters.signoff.packet import Packet
    from letters.workspace import Workspace, open_workspace


__all__ = [
    "BuildResult",
    "Job",
    "LetterStatus",
    "LettersError",
    "Options",
    "Packet",
    "Plan",
    "Problem",
    "Progress",
    "Recorded",
    "SelectionSpec",
    "TemplateContext",
    "TemplateProblem",
    "ToolMissing",
    "TranslationError",
    "Version",
    "Workspace",
    "WorkspaceError",
    "__version__",
    "open_workspace",
]


if not TYPE_CHECKING:
    # Hidden from type checkers: a module ``__getattr__`` would make mypy accept any name
    # imported from letters, a misspelt one among them.

    def __getattr__(name: str) -> object:
        """A public name of the library, imported from its module when first asked for; or
        a part of it (``letters.errors``, ``letters.render``, ...), imported likewise."""
        import importlib

        home = _HOMES.get(name)
        if home is not None:
            value: object = getattr(importlib.import_module(home), name)
        elif name.isidentifier() and not name.startswith("_") and _is_part(name):
            value = importlib.import_module(f"{__name__}.{name}")
        else:
            raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
        globals()[name] = value
        return value

    def __dir__() -> list[str]:
        """The module's names and parts, those not imported yet among them."""
        import pkgutil

        parts = {part.name for part in pkgutil.iter_modules(__path__)}
        return sorted({*globals(), *_HOMES, *(part for part in parts if part[0] != "_")})

    def _is_part(name: str) -> bool:
        """Whether ``name`` is one of the library's modules or subpackages."""
        import importlib.util

        return importlib.util.find_spec(f"{__name__}.{name}") is not None
