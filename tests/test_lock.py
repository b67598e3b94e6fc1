"""requirements.lock pins every dependency, within pyproject.toml's ranges."""

from __future__ import annotations

import re
import sys
from importlib import metadata
from pathlib import Path

import pytest
from packaging.markers import Marker
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

from tests.conftest import REPO

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10 (pytest itself depends on tomli there)
    import tomli as tomllib

LOCK = REPO / "requirements.lock"
LOWEST = REPO / "requirements-lowest.lock"
_PIN = re.compile(r"^([A-Za-z0-9_.\-]+)==([^\s;]+)\s*(?:;\s*(.+))?$")


def locked(lock: Path = LOCK) -> list[tuple[str, Version, Marker | None]]:
    """Every pin of a lock: name, version and the environments it is for."""
    pins = []
    for line in lock.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        match = _PIN.match(line.strip())
        assert match, f"{lock.name}: not a pin: {line!r}"
        marker = Marker(match.group(3)) if match.group(3) else None
        pins.append((canonicalize_name(match.group(1)), Version(match.group(2)), marker))
    return pins


def declared() -> list[Requirement]:
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    extras = project["optional-dependencies"]
    return [Requirement(r) for r in [*project["dependencies"], *extras["test"]]]


def pins_for(environment: dict[str, str], lock: Path = LOCK) -> dict[str, Version]:
    return {
        name: version
        for name, version, marker in locked(lock)
        if marker is None or marker.evaluate(environment)
    }


def environment_of(python: str, platform: str) -> dict[str, str]:
    return {
        "python_version": python,
        "python_full_version": f"{python}.0",
        "sys_platform": platform,
        "platform_system": {"linux": "Linux", "darwin": "Darwin", "win32": "Windows"}[platform],
        "platform_python_implementation": "CPython",
        "implementation_name": "cpython",
        "os_name": "nt" if platform == "win32" else "posix",
        "platform_machine": "x86_64",
    }


@pytest.mark.parametrize("python", ["3.10", "3.11", "3.12", "3.13"])
@pytest.mark.parametrize("platform", ["linux", "darwin", "win32"])
def test_every_dependency_is_pinned_within_its_range(python: str, platform: str) -> None:
    pins = pins_for(environment_of(python, platform))
    for requirement in declared():
        name = canonicalize_name(requirement.name)
        assert name in pins, f"{requirement.name} is not in requirements.lock; make the lock again"
        assert requirement.specifier.contains(pins[name], prereleases=True), (
            f"requirements.lock pins {name}=={pins[name]}, outside pyproject.toml's"
            f" {requirement.specifier}; make the lock again (README: Dependencies)"
        )


@pytest.mark.parametrize("python", ["3.10", "3.11", "3.12", "3.13"])
def test_the_lowest_lock_holds_every_lower_bound(python: str) -> None:
    """CI's third run tests these: a lower bound in pyproject.toml is one the code works with."""
    pins = pins_for(environment_of(python, "linux"), LOWEST)
    for requirement in declared():
        name = canonicalize_name(requirement.name)
        floors = [Version(s.version) for s in requirement.specifier if s.operator == ">="]
        if floors:
            assert pins.get(name) == max(floors), (
                f"requirements-lowest.lock pins {name}=={pins.get(name)}, not its lower bound"
                f" {max(floors)}; make the lock again (README: Dependencies)"
            )


@pytest.mark.parametrize("lock", [LOCK, LOWEST], ids=["lock", "lowest"])
def test_each_package_is_pinned_once_per_environment(lock: Path) -> None:
    names = [name for name, _, marker in locked(lock) if marker is None]
    assert len(names) == len(set(names))


@pytest.mark.skipif(
    Path(sys.prefix).resolve() != (REPO / ".venv").resolve(),
    reason="runs in the README's .venv, which is installed from the lock",
)
def test_the_readme_environment_has_the_locked_versions() -> None:
    pins = pins_for({})  # packaging fills in this interpreter's environment
    wrong = []
    for name, version in pins.items():
        try:
            installed = Version(metadata.version(name))
        except metadata.PackageNotFoundError:
            wrong.append(f"{name} not installed (locked {version})")
            continue
        if installed != version:
            wrong.append(f"{name} {installed} (locked {version})")
    assert not wrong, "installed versions differ from requirements.lock: " + ", ".join(wrong)
