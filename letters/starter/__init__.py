"""``letters init``: a new, valid, minimal workspace with a short example to edit."""

from __future__ import annotations

import errno
import os
import re
from importlib import resources
from pathlib import Path

from letters.errors import LettersError
from letters.files.atomic import atomic_write_bytes, flush, temporary_prefix
from letters.load.fields import STARTER_SENDER
from letters.starter.template import appeal_template_bytes

WORKSPACE_YAML = f"""\
# letters workspace. Each language letters can be written in, with the locale
# used for its dates and lists.
name: New campaign
source_language: en
languages:
  en: en_GB
  uk: uk_UA
  ru: ru_RU
# The sender of e-mail drafts (letters build --email) and review requests (letters
# review request): the name and address they are sent from. Until it is set, both
# stop and ask for it: delete the '# ' below, and write yours in place of
# "{STARTER_SENDER}".
# email_from: {STARTER_SENDER}
# The mail server whose Authentication-Results header tells whether a reply
# (letters review replies) comes from its sender: the name it writes first in
# that header. Until it is set, every reply is recorded flagged UNAUTHENTICATED.
# email_authserv_id: mx.example.org
"""

PEOPLE_YAML = """\
# People who receive or sign letters. Every name and form is typed per language.
people:
  - id: example-official
    gender: female
    language: en
    country: GB
    tags: [example]
    email: official@example.org
    name:
      en: Jane Example
    roles:
      - from: 2020-01-01
        title:
          en: Minister of Examples
        institution:
          en: Ministry of Examples
        address:
          en: [Jane Example, Minister of Examples]
        salutation:
          en: Dear Minister,

  - id: example-signatory
    gender: male
    language: en
    country: FR
    name:
      en: John Sample
    group:
      en: Example Group
    roles:
      - from: 2019-07-02
        title:
          en: Member of the European Parliament
        institution:
          en: European Parliament
"""

CASE_YAML = """\
# The facts of the case, in English. Mark anything that must never appear in a
# letter with `private: true`.
person:
  name:
    en: Alex Example
  gender: female
  nationality: GB
  occupation: journalist
  address:
    text: 1 Example Street
    private: true

summary: Alex Example is a journalist who faces prosecution for her reporting.

background:
  - She asked for asylum in 2020.

# Each event is a whole sentence; {date} stands where its date is written.
timeline:
  - date: 2020-03-01
    kind: asylum-decision
    text: "{date} the Example Migration Service refused her application for asylum."

risks:
  - She would face an unfair trial.

instruments:
  - the UN Convention against Torture

# Each ask completes "We therefore ask you …"; a letter numbers a list of several.
asks:
  - id: reconsider
    text: to reconsider her application for asylum
"""

LETTERS_YAML = """\
# The letters written about this case.
letters:
  - id: example-appeal
    template: appeal
    mode: joint
    languages: [en]
    place:
      en: Brussels
    date: 2020-05-21
    subject: The asylum application of Alex Example
    # the sentence that leads to the risks, true for this case and this addressee
    framing: If she is returned, she will be in danger.
    recipients: [example-official]
    signatories: [example-signatory]
    # the case's asks this letter makes: only what its recipients can grant
    asks: [reconsider]
"""


def _skeleton_catalogs() -> dict[str, bytes]:
    base = resources.files("letters") / "data"
    out = {}
    for lang_dir in (base / "locales").iterdir():
        po = lang_dir / "LC_MESSAGES" / "templates.po"
        if po.is_file():
            out[f"locales/{lang_dir.name}/LC_MESSAGES/templates.po"] = po.read_bytes()
    return out


def _enclosing_workspace(directory: Path) -> Path | None:
    """The workspace a folder (made or still to be made) would lie in, if any."""
    for folder in directory.resolve().parents:
        if (folder / "workspace.yaml").is_file():
            return folder
    return None


UNFINISHED = ".workspace.yaml.unfinished"
# Never committed: the outputs, the lock and what a command killed as it took it left, and
# what one killed as it wrote a kept version or a status page left (removed by a later run)
GITIGNORE = (
    b"/out/\n.letters.files.lock*\nsignoff/versions/.*.tmp\n"
    b".*.[hH][tT][mM][lL].*.tmp\n.*.[hH][tT][mM].*.tmp\n"
)
"""``workspace.yaml`` while ``letters init`` writes the rest: renamed into place last, so a
folder is a workspace only once every file is in it, and a run killed on the way leaves this
name, by which the next run knows the folder as its own to finish."""


def init_workspace(directory: Path) -> list[Path]:
    """Create a workspace in ``directory`` (new or empty, and not inside another
    workspace); return the files created. A folder an interrupted run left unfinished
    (:data:`UNFINISHED`, and nothing but what init writes) is finished."""
    outer = _enclosing_workspace(directory)
    if outer is not None:
        raise LettersError(
            f"{directory} is inside the workspace {outer} (it has workspace.yaml): a new"
            f" case goes into that workspace's cases/<case>/ folder, with a case.yaml and a"
            f" letters.yaml (README, 'Starting a new case'); for a separate workspace,"
            f" choose a folder outside {outer}"
        )
    files: dict[str, bytes] = {
        "recipients/people.yaml": PEOPLE_YAML.encode(),
        "cases/example/case.yaml": CASE_YAML.encode(),
        "cases/example/letters.yaml": LETTERS_YAML.encode(),
        "templates/appeal.docx": appeal_template_bytes(),
        "templates/appeal.email.txt": (
            resources.files("letters") / "data" / "appeal.email.txt"
        ).read_bytes(),
        **_skeleton_catalogs(),
        ".gitignore": GITIGNORE,
    }
    unfinished = directory / UNFINISHED
    if directory.exists() and any(directory.iterdir()):
        left = _left_unfinished(directory, [UNFINISHED, *files])
        if left is None:
            raise LettersError(
                f"{directory} is not empty; choose a new folder so nothing in it is overwritten"
            )
        for path in left:
            path.unlink()
    try:
        if not unfinished.exists():
            atomic_write_bytes(unfinished, WORKSPACE_YAML.encode())
        for rel, data in files.items():
            atomic_write_bytes(directory / rel, data)
    except OSError as exc:  # what was written stays, for the same command to finish
        fix = "free some space" if exc.errno == errno.ENOSPC else "fix this"
        raise LettersError(
            f"cannot write {exc.filename or directory}: {exc.strerror or exc}; the workspace is"
            f" not made yet: {fix}, and run 'letters init {directory}' again, which finishes it"
        ) from None
    os.replace(unfinished, directory / "workspace.yaml")
    flush([directory / "workspace.yaml"])
    return [directory / "workspace.yaml", *(directory / rel for rel in files)]


def _left_unfinished(directory: Path, names: list[str]) -> list[Path] | None:
    """The temporary files a killed ``letters init`` left in ``directory``, if the folder is
    one it left unfinished: :data:`UNFINISHED` in it, no workspace.yaml, and nothing but
    the files ``names`` (paths in it), their folders, and what they were written through
    (:func:`letters.files.atomic.temporary_prefix`). None if it holds anything else, which
    may be someone's."""
    if not (directory / UNFINISHED).is_file() or os.path.lexists(directory / "workspace.yaml"):
        return None
    folders = {Path(name).parent for name in names}
    folders |= {parent for folder in folders for parent in folder.parents}
    left = []
    for where, subfolders, found in os.walk(directory):
        here = Path(where).relative_to(directory)
        for name in [*subfolders, *found]:
            path = Path(where) / name
            if path.is_symlink():
                return None
            if name in subfolders:
                if here / name not in folders:
                    return None
            elif (here / name).as_posix() in names:
                continue
            elif any(
                _written_through(name, Path(other)) for other in names if Path(other).parent == here
            ):
                left.append(path)
            else:
                return None
    return left


def _written_through(name: str, path: Path) -> bool:
    """Whether ``name`` is a temporary file :func:`atomic_write_bytes` writes ``path``
    through (``.people.yaml.k3j5x_0a.tmp``)."""
    prefix = temporary_prefix(path.name)
    return re.fullmatch(re.escape(prefix) + r"[a-z0-9_]{8}\.tmp", name) is not None
