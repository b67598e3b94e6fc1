"""Shared fixtures: a fresh copy of the sample workspace for each test."""

from __future__ import annotations

import io
import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner

REPO = Path(__file__).resolve().parent.parent
WORKSPACE_PARTS = ("workspace.yaml", "cases", "recipients", "templates", "locales")


def copy_workspace(source: Path, target: Path) -> Path:
    target.mkdir(parents=True, exist_ok=True)
    for name in WORKSPACE_PARTS:
        src = source / name
        if src.is_dir():
            shutil.copytree(src, target / name)
        elif src.is_file():
            shutil.copy2(src, target / name)
    return target


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    """A private copy of the repository's sample workspace."""
    return copy_workspace(REPO, tmp_path / "ws")


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def docx_text(path: Path) -> list[str]:
    """Every paragraph of a .docx as python-docx reads it (body, then headers and footers)."""
    document = docx.Document(str(path))
    lines = [p.text for p in document.paragraphs]
    for section in document.sections:
        lines += [p.text for p in section.header.paragraphs]
        lines += [p.text for p in section.footer.paragraphs]
    return lines


def docx_parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def no_break(text: str) -> str:
    """Text with every no-break space made U+00A0.

    CLDR writes the space before «р.» and «г.» in a date as U+202F in some releases and
    U+00A0 in others; what a letter needs is that it does not break. Write expectations
    with U+00A0 and compare ``no_break(actual)``.
    """
    return text.replace("\u202f", "\u00a0")


def files_under(folder: Path) -> dict[str, bytes]:
    if not folder.exists():
        return {}
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def rewrite_docx(
    source: Path, edits: dict[str, Callable[[bytes], bytes]], add: dict[str, bytes] | None = None
) -> bytes:
    """The package at ``source`` with some parts edited and others added."""
    out = io.BytesIO()
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(out, "w") as dst:
        for name in src.namelist():
            data = src.read(name)
            dst.writestr(name, edits[name](data) if name in edits else data)
        for name, data in (add or {}).items():
            dst.writestr(name, data)
    return out.getvalue()
