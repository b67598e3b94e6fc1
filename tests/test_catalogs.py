"""Every shipped catalog passes GNU gettext's and translate-toolkit's checks, 100% translated."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import REPO

CATALOGS = sorted((REPO / "locales").rglob("*.po")) + sorted(
    (REPO / "letters" / "data").rglob("*.po")
)
IDS = [p.relative_to(REPO).as_posix() for p in CATALOGS]
POFILTER_TESTS = [
    "printf",
    "escapes",
    "newlines",
    "tabs",
    "variables",
    "xmltags",
    "nplurals",
    "doublespacing",
    "untranslated",
    "brackets",
    "doublewords",
]


def test_sample_ships_uk_and_ru_catalogs() -> None:
    for lang in ("uk", "ru"):
        for domain in ("templates", "case-akhmetova"):
            assert (REPO / "locales" / lang / "LC_MESSAGES" / f"{domain}.po").is_file()


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="GNU gettext (msgfmt) is not installed")
@pytest.mark.parametrize("po", CATALOGS, ids=IDS)
def test_msgfmt_check_and_complete(po: Path, tmp_path: Path) -> None:
    result = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", str(tmp_path / "x.mo"), str(po)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert "fuzzy" not in result.stderr and "untranslated" not in result.stderr, result.stderr


@pytest.mark.parametrize("po", CATALOGS, ids=IDS)
def test_pofilter_finds_nothing(po: Path, tmp_path: Path) -> None:
    pofilter = shutil.which("pofilter")
    if pofilter is None:
        pytest.skip("translate-toolkit's pofilter is not installed (pip install -e '.[test]')")
    out = tmp_path / "failures.po"
    args = [pofilter, "--progress=none"]
    for name in POFILTER_TESTS:
        args += ["-t", name]
    subprocess.run([*args, str(po), str(out)], check=True, capture_output=True)
    failures = (
        [
            line
            for line in out.read_text(encoding="utf-8").splitlines()
            if line.startswith("# (pofilter)")
        ]
        if out.exists()
        else []
    )
    assert failures == []


def test_skeleton_template_catalogs_match_the_sample() -> None:
    for lang in ("uk", "ru"):
        shipped = REPO / "letters" / "data" / "locales" / lang / "LC_MESSAGES" / "templates.po"
        sample = REPO / "locales" / lang / "LC_MESSAGES" / "templates.po"
        assert shipped.read_bytes() == sample.read_bytes()
    shipped_email = REPO / "letters" / "data" / "appeal.email.txt"
    assert shipped_email.read_bytes() == (REPO / "templates" / "appeal.email.txt").read_bytes()
