"""The floors pyproject.toml states are the versions the workflow's floor job tests.

- every requirement of ``dependencies`` and of the ``notebooks`` and ``test`` extras has one
  lower bound (``>=X``) and nothing else, and constraints/floor.txt pins exactly ``==X``
  (the ``site`` extra, the website's builder, pins exact versions instead: tests/test_site.py);
- constraints/floor.txt pins nothing that pyproject.toml does not ask for;
- the workflow's ``floors`` job runs the oldest Python pyproject.toml accepts, installs the
  floor torch and the floor file, then the package without its dependencies, then runs
  ``python -m pytest``.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
import yaml
from packaging.requirements import Requirement
from packaging.version import Version

ROOT = Path(__file__).resolve().parent.parent
FLOOR_FILE = ROOT / "constraints" / "floor.txt"
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
CPU_INDEX = "https://download.pytorch.org/whl/cpu"
EXACT_PINS = {"site"}  # extras pinned exactly, with no floor to test (Jupyter Book 2 is another program)


def normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def stated_requirements() -> list[Requirement]:
    """The package's requirements and those of its extras, less its references to itself."""
    extras = [lines for name, lines in PROJECT["optional-dependencies"].items() if name not in EXACT_PINS]
    lines = [*PROJECT["dependencies"], *(line for extra in extras for line in extra)]
    requirements = [Requirement(line) for line in lines]
    return [r for r in requirements if normalise(r.name) != normalise(PROJECT["name"])]


def stated_floors() -> dict[str, Version]:
    floors = {}
    for requirement in stated_requirements():
        specifiers = list(requirement.specifier)
        assert len(specifiers) == 1 and specifiers[0].operator == ">=", (
            f"{requirement}: state one floor (>=X) and no cap, so that the floor job tests what is claimed"
        )
        name = normalise(requirement.name)
        assert name not in floors, f"{requirement.name} is required twice: state its floor once"
        floors[name] = Version(specifiers[0].version)
    return floors


def floor_pins() -> dict[str, Version]:
    assert FLOOR_FILE.is_file(), "constraints/floor.txt is missing"
    pins = {}
    for raw in FLOOR_FILE.read_text(encoding="utf-8").splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        requirement = Requirement(line)
        (specifier,) = requirement.specifier
        assert specifier.operator == "==", f"constraints/floor.txt: {line!r} is not an exact pin"
        pins[normalise(requirement.name)] = Version(specifier.version)
    return pins


def test_every_requirement_has_a_floor_and_the_floor_file_pins_it():
    floors, pins = stated_floors(), floor_pins()
    for name, floor in floors.items():
        assert name in pins, f"pyproject.toml asks for {name}>={floor}; constraints/floor.txt does not pin it"
        assert pins[name] == floor, f"{name}: pyproject.toml states >={floor}, constraints/floor.txt pins {pins[name]}"


def test_the_floor_file_pins_only_what_pyproject_asks_for():
    extra = sorted(set(floor_pins()) - set(stated_floors()))
    assert not extra, f"constraints/floor.txt pins {extra}, which pyproject.toml does not ask for"


def test_the_test_extra_takes_the_notebook_extra():
    """nbval runs the notebooks and tests start JupyterLab: `pip install -e .[test]` must bring them."""
    test_extra = [Requirement(line) for line in PROJECT["optional-dependencies"]["test"]]
    assert any(normalise(r.name) == normalise(PROJECT["name"]) and "notebooks" in r.extras for r in test_extra)


@pytest.fixture(scope="module")
def floor_job() -> dict:
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "tests.yml").read_text(encoding="utf-8"))
    assert "floors" in workflow["jobs"], "the workflow has no floors job"
    return workflow["jobs"]["floors"]


def test_the_floor_job_runs_the_oldest_python_accepted(floor_job):
    (setup,) = [s for s in floor_job["steps"] if s.get("uses", "").startswith("actions/setup-python@")]
    oldest = re.fullmatch(r">=\s*(\d+\.\d+)", PROJECT["requires-python"])
    assert oldest, f"requires-python should be a single floor, got {PROJECT['requires-python']!r}"
    assert str(setup["with"]["python-version"]) == oldest.group(1)


def test_the_floor_job_installs_the_floors_then_tests(floor_job):
    commands = [line.strip() for s in floor_job["steps"] for line in s.get("run", "").splitlines() if line.strip()]
    torch_floor = floor_pins()["torch"]
    expected = [
        f"pip install torch=={torch_floor} --index-url {CPU_INDEX}",
        "pip install -r constraints/floor.txt",
        "pip install --no-deps -e .",
    ]
    assert commands[: len(expected)] == expected, commands
    (test,) = commands[len(expected) :]
    assert test.startswith("python -m pytest"), test
    skipped = re.findall(r"--deselect (\S+)", test)
    assert test.split() == ["python", "-m", "pytest", *(w for s in skipped for w in ("--deselect", s))], (
        "the floor job runs every test and notebook; it may only leave out named tests"
    )
    assert skipped == ["tests/test_quick_start.py::test_the_quick_start_runs_in_order_in_a_fresh_copy"], skipped
