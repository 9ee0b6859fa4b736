"""pyproject.toml, environment.yml and constraints.txt agree with one another."""

from __future__ import annotations

import re
import tomllib

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from classroom import ROOT


def pyproject_requirements() -> dict[str, Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    listed = project["dependencies"] + project["optional-dependencies"]["dev"]
    return {canonicalize_name(r.name): r for r in map(Requirement, listed)}


def environment_requirements() -> dict[str, Requirement]:
    lines = (ROOT / "environment.yml").read_text().splitlines()
    start = lines.index("  - pip:")
    pip_lines = [re.sub(r"^\s+- ", "", line) for line in lines[start + 1:]
                 if line.startswith("      - ")]
    return {canonicalize_name(r.name): r
            for r in map(Requirement, (p for p in pip_lines if not p.startswith("-e")))}


def pins() -> dict[str, str]:
    found = {}
    for line in (ROOT / "constraints.txt").read_text().splitlines():
        if "==" in line and not line.startswith("#"):
            name, version = line.split("==", 1)
            found[canonicalize_name(name)] = version.strip()
    return found


def test_environment_yml_lists_exactly_the_pyproject_requirements():
    ours, conda = pyproject_requirements(), environment_requirements()
    assert sorted(conda) == sorted(ours)
    for name, requirement in ours.items():
        assert conda[name].specifier == requirement.specifier, name
        assert conda[name].extras == requirement.extras, name


def test_environment_yml_names_the_python_range_of_pyproject():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert f"python{project['requires-python']}" in (ROOT / "environment.yml").read_text()


def test_every_requirement_is_pinned_in_constraints_within_its_range():
    pinned = pins()
    for name, requirement in pyproject_requirements().items():
        assert name in pinned, f"{name} is not pinned in constraints.txt (run make lock)"
        assert requirement.specifier.contains(pinned[name]), f"{name}=={pinned[name]}"
