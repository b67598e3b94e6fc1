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
