"""Whose doing a failure while rendering is: the template's, the .docx package's, or the
tool's own (a bug, reported as one, not as the user's damaged file).

An exception is judged by where it was raised: in the template's code or the libraries
that run it, in the libraries that read a package, or elsewhere.
"""

from __future__ import annotations

import json
import os
import traceback
import zipfile
from pathlib import Path
from types import ModuleType

import babel.support
import docx
import docxtpl
import jinja2
import lxml
import markupsafe
from docx.exceptions import PythonDocxError
from docx.opc.exceptions import OpcError
from jinja2 import TemplateError
from lxml import etree

from letters.errors import LettersError

__all__ = ["package_caused", "template_caused"]


def _code_of(module: ModuleType) -> str:
    """The file, or for a package the folder, that holds ``module``'s code."""
    path = Path(module.__file__ or "")
    return str(path.parent) + os.sep if path.name == "__init__.py" else str(path)


# Code an exception may come from and still be the template's doing: the template's own
# (Jinja compiles it to "<template>"), Jinja's and MarkupSafe's, which run it, json's, which
# Jinja's tojson filter calls (``{{ case.person|tojson }}``), and Babel's lazy texts', whose
# operators a translated text runs (``{{ case.summary + 1 }}``).
_TEMPLATE_CODE = tuple(_code_of(m) for m in (jinja2, markupsafe, json, babel.support))
# Code that reads a .docx package: what fails in it is a package it cannot read.
_PACKAGE_CODE = tuple(_code_of(m) for m in (docx, docxtpl, zipfile))
_PACKAGE_ERRORS = (zipfile.BadZipFile, etree.LxmlError, OpcError, PythonDocxError)
# lxml does what its caller asks: an error in it is its caller's (its compiled frames name
# their source relative to lxml's own tree).
_LXML_CODE = ("src/lxml/", _code_of(lxml))


def _raised_in(exc: BaseException, places: tuple[str, ...]) -> bool:
    """Whether the innermost frame of ``exc``'s traceback, lxml's left out, runs code
    from ``places`` or a template's."""
    for frame, _line in reversed(list(traceback.walk_tb(exc.__traceback__))):
        filename = frame.f_code.co_filename
        if not filename.startswith(_LXML_CODE):
            return filename == "<template>" or filename.startswith(places)
    return False


def template_caused(exc: BaseException) -> bool:
    """Whether a failure while compiling or running a template is the template's doing.

    Jinja's errors (syntax, undefined values, the sandbox), a macro calling itself without
    end, our own template checks, and anything raised by the template's code or by Jinja
    running it (``{{ 1/0 }}``) are; an exception raised in the tool's code is a bug.
    """
    if isinstance(exc, TemplateError | LettersError | RecursionError):
        return True
    return _raised_in(exc, _TEMPLATE_CODE)


def package_caused(exc: BaseException) -> bool:
    """Whether a failure while reading or writing a .docx package is the package's doing:
    a broken zip or XML, or an error raised where python-docx or docxtpl read it."""
    return isinstance(exc, _PACKAGE_ERRORS) or _raised_in(exc, _PACKAGE_CODE)
