"""The hashed locks that every install uses (Makefile, docs/decisions/0010-locked-installs.md) agree
with requirements*.txt: a dependency added to a requirements file without `make lock` would be
missing from every install, and fails here first, naming the command to run."""

import re
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)")


def requirements(path: Path) -> list[Requirement]:
    found = []
    for line in path.read_text().splitlines():
        line = line.split(" #", 1)[0].strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("-r "):
            found += requirements(path.parent / line[3:].strip())
            continue
        found.append(Requirement(line))
    return found


def pins(path: Path) -> dict[str, str]:
    """{normalised name: version} of a lock, after checking that every pin carries its hashes."""
    found = {}
    entries = re.split(r"\n(?=[A-Za-z0-9])", path.read_text())
    for entry in entries:
        match = PIN.match(entry)
        if match:
            assert "--hash=sha256:" in entry, f"{path.name}: {match.group(1)} has no hash"
            found[canonicalize_name(match.group(1))] = match.group(2)
    return found


@pytest.mark.parametrize(
    ("requirements_file", "lock_file"),
    [("requirements.txt", "requirements.lock"), ("requirements-dev.txt", "requirements-dev.lock")],
)
def test_every_requirement_is_pinned_in_its_lock_within_its_range(requirements_file, lock_file):
    locked = pins(ROOT / lock_file)
    for requirement in requirements(ROOT / requirements_file):
        name = canonicalize_name(requirement.name)
        assert name in locked, f"{requirement.name} is not in {lock_file}: run `make lock`"
        assert requirement.specifier.contains(locked[name], prereleases=True), (
            f"{lock_file} pins {requirement.name}=={locked[name]}, outside {requirement.specifier}: run `make lock`"
        )


def test_the_development_lock_installs_what_production_installs():
    production, development = pins(ROOT / "requirements.lock"), pins(ROOT / "requirements-dev.lock")
    assert {name: development.get(name) for name in production} == production
