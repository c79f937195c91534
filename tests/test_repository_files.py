"""The repository's own files agree with each other.

- Binder installs the same torch as requirements.txt, from PyTorch's CPU index, plus the
  repository itself;
- requirements.txt pins every package pyproject.toml names, so that it also works as
  constraints (``pip install -e ".[test]" -c requirements.txt``, as the README says);
- the GitHub workflow and .ci/run run exactly the README's install commands (the CPU torch
  first) and its test command;
- the README states what holds: JupyterLab as root needs ``--allow-root``, no exact test
  count, and its Python example prints what its comment says;
- ruff's target version is the oldest Python pyproject.toml accepts;
- the Colab setup cell does nothing off Colab and, on Colab, clones the course and installs
  it without touching torch;
- every badge, link and setup cell agrees with scripts/course_links.py;
- scripts/make_diagrams.py draws every diagram of assets/, in English and in Chinese (assets/zh/).
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import subprocess
import sys
import tomllib
import types
from pathlib import Path

import pytest
import yaml
from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parent.parent
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
PROJECT_REQUIREMENTS = [Requirement(line) for line in PROJECT["project"]["dependencies"]]
CPU_INDEX = "https://download.pytorch.org/whl/cpu"
# Packages of requirements.txt that only the tests need: Binder may leave them out.
TEST_ONLY = {
    "pytest",
    "pytest-xdist",
    "nbval",
    "nbclient",
    "nbformat",
    "ruff",
    "pre-commit",
    "nbstripout",
    "pyyaml",
    "packaging",
    "setuptools",
    # the course's website and its browser test (the [site] extra; tests/test_site.py)
    "jupyter-book",
    "sphinx",
    "myst-nb",
    "myst-parser",
    "sphinx-book-theme",
    "pydata-sphinx-theme",
    "selenium",
}
DIAGRAMS = ["seq2seq_architecture.png", "teacher_forcing.png", "attention.png", "attention_vs_length.png"]


def load_script(name: str) -> types.ModuleType:
    """Import scripts/NAME.py (scripts/ is not a package)."""
    spec = importlib.util.spec_from_file_location(f"_course_{name}", ROOT / "scripts" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


course_links = load_script("course_links")


# -- requirements ------------------------------------------------------------------------------
def requirement_lines(path: Path) -> list[str]:
    """Non-blank lines without comments."""
    lines = []
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.split(" #", 1)[0].strip() if not raw.lstrip().startswith("#") else ""
        if line:
            lines.append(line)
    return lines


def pinned(path: Path) -> dict[str, str]:
    """{normalised name: specifier} of the package lines of a requirements file."""
    pins = {}
    for line in requirement_lines(path):
        if line.startswith("-"):
            continue
        req = Requirement(line)
        pins[re.sub(r"[-_.]+", "-", req.name).lower()] = str(req.specifier)
    return pins


def public_version(specifier: str) -> str:
    """'==2.13.0+cpu' -> '2.13.0'."""
    match = re.fullmatch(r"==([^+,]+)(\+[\w.]+)?", specifier)
    assert match, f"expected an exact pin (==X.Y.Z), got {specifier!r}"
    return match.group(1)


@pytest.fixture(scope="module")
def root_pins() -> dict[str, str]:
    path = ROOT / "requirements.txt"
    assert path.is_file(), "requirements.txt is missing"
    return pinned(path)


def install_commands() -> list[str]:
    """The README's install commands, in this order (the contract the workflow and .ci/run follow)."""
    torch_version = public_version(pinned(ROOT / "requirements.txt")["torch"])
    return [
        f"pip install torch=={torch_version} --index-url {CPU_INDEX}",
        "pip install -r requirements.txt",
        "pip install -e .",
    ]


def test_requirements_pin_every_package_pyproject_names(root_pins):
    """Exact pins only, one per package of pyproject.toml: then the file also works as constraints."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    lines = requirement_lines(ROOT / "requirements.txt")
    assert not [line for line in lines if line.startswith("-")], (
        "requirements.txt holds pins only: an index option here would be used for every package "
        "(where PyTorch's index is unreachable, pip retries it for each one)"
    )
    named = [*project["dependencies"], *(r for extra in project["optional-dependencies"].values() for r in extra)]
    names = {re.sub(r"[-_.]+", "-", Requirement(r).name).lower() for r in named} - {"seq2seq-lib"}
    missing = sorted(names - set(root_pins))
    assert not missing, f"pin these in requirements.txt (the versions the tests run with): {missing}"
    for name, specifier in root_pins.items():
        public_version(specifier)  # an exact pin
        required = [Requirement(r) for r in named if re.sub(r"[-_.]+", "-", Requirement(r).name).lower() == name]
        for requirement in required:
            assert requirement.specifier.contains(public_version(specifier)), (name, specifier, str(requirement))
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert 'pip install -e ".[test]" -c requirements.txt' in readme


def test_binder_runtime_is_python_311():
    assert (ROOT / "binder" / "runtime.txt").read_text(encoding="utf-8").strip() == "python-3.11"


def test_binder_requirements_take_cpu_torch_and_the_repository(root_pins):
    path = ROOT / "binder" / "requirements.txt"
    lines = requirement_lines(path)
    assert lines[0] == f"--extra-index-url {CPU_INDEX}", "the CPU index must come first"
    assert "-e ." in lines, "with a binder/ folder repo2docker does not install the repository: add -e ."
    binder = pinned(path)
    assert "torch" in root_pins and "torch" in binder
    assert public_version(binder["torch"]) == public_version(root_pins["torch"]), "Binder and CI must use one torch"
    for name, spec in binder.items():
        assert name in root_pins, f"binder/requirements.txt has {name}, requirements.txt does not"
        assert spec == root_pins[name], f"{name}: binder pins {spec}, requirements.txt {root_pins[name]}"
    missing = set(root_pins) - set(binder) - TEST_ONLY
    assert not missing, f"the notebooks need {sorted(missing)}: add them to binder/requirements.txt"


# -- the workflow, the README and .ci/run ------------------------------------------------------
@pytest.fixture(scope="module")
def workflow() -> dict:
    return yaml.safe_load((ROOT / ".github" / "workflows" / "tests.yml").read_text(encoding="utf-8"))


def workflow_steps(workflow: dict) -> list[dict]:
    return [step for job in workflow["jobs"].values() for step in job["steps"]]


def workflow_commands(workflow: dict) -> list[str]:
    return [
        line.strip() for step in workflow_steps(workflow) for line in step.get("run", "").splitlines() if line.strip()
    ]


def readme_fenced_lines(name: str = "README.md") -> list[str]:
    """Every line inside a fenced code block of a README, without a leading '$ ' prompt."""
    path = ROOT / name
    text = path.read_text(encoding="utf-8") if path.is_file() else ""
    lines = []
    for block in re.findall(r"^```[^\n]*\n(.*?)^```", text, flags=re.MULTILINE | re.DOTALL):
        for line in block.splitlines():
            line = line.strip()
            lines.append(line[2:] if line.startswith("$ ") else line)
    return lines


def readme_test_command() -> str:
    commands = [line for line in readme_fenced_lines() if line.startswith("python -m pytest")]
    assert commands, "README.md has no fenced `python -m pytest` command: newcomers would not know how to test"
    return commands[0]


def ci_run_test_commands() -> list[str]:
    """The pytest invocations of .ci/run, without a trailing "$@"."""
    path = ROOT / ".ci" / "run"
    assert path.is_file(), ".ci/run is missing: CI would have nothing to run"
    commands = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.lstrip().startswith("#"):
            continue
        for match in re.finditer(r"python3? -m pytest[^;&|#\n]*", line):
            commands.append(match.group(0).replace('"$@"', "").strip())
    return commands


def test_workflow_triggers_and_job(workflow):
    triggers = workflow.get("on", workflow.get(True))  # YAML 1.1 reads a bare `on` as True
    assert {"push", "pull_request", "workflow_dispatch"} <= set(triggers)
    for name, job in workflow["jobs"].items():
        assert job["runs-on"] == "ubuntu-latest", name
        assert 0 < job["timeout-minutes"] <= 90, f"{name}: set timeout-minutes (CI here allows 90)"
    setups = [s for s in workflow_steps(workflow) if s.get("uses", "").startswith("actions/setup-python@")]
    assert setups, "the workflow should use actions/setup-python"
    for setup in setups:
        assert str(setup["with"]["python-version"]) == "3.11"
        assert setup["with"]["cache"] == "pip"
        assert setup["with"]["cache-dependency-path"] == "requirements.txt"


def ci_run_commands() -> list[str]:
    """The command lines of .ci/run, comments and a trailing "$@" (arguments passed on) left out."""
    lines = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    commands = [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]
    return [command.removesuffix('"$@"').strip() for command in commands]


def in_order(expected: list[str], commands: list[str]) -> bool:
    """``expected`` appear in ``commands`` one after the other, with nothing between them."""
    return any(commands[i : i + len(expected)] == expected for i in range(len(commands)))


def test_the_readme_installs_cpu_torch_then_the_pins_then_the_library():
    fenced = readme_fenced_lines()
    assert in_order(install_commands(), fenced), f"README.md should show, one after the other: {install_commands()}"


def test_workflow_installs_cpu_torch_first(workflow):
    commands = workflow_commands(workflow)
    expected = install_commands()[0]
    assert expected in commands, f"the workflow should run: {expected}"
    assert commands.index(expected) < commands.index(install_commands()[1])


def test_workflow_runs_the_readme_commands(workflow):
    test_command = readme_test_command()
    commands = workflow_commands(workflow)
    assert in_order(install_commands(), commands), f"the workflow should run {install_commands()}, it runs {commands}"
    assert test_command in commands
    assert commands.index(test_command) > commands.index(install_commands()[-1]), "install first, then test"


def test_ci_run_uses_the_readme_commands(workflow):
    test_command = readme_test_command()
    ci = ci_run_test_commands()
    assert ci, ".ci/run does not run pytest"
    assert set(ci) == {test_command}, f".ci/run runs {ci}; README.md and the workflow run {test_command!r}"
    assert test_command in workflow_commands(workflow)
    commands = ci_run_commands()
    assert in_order(["python -m venv .venv", ". .venv/bin/activate", *install_commands()], commands), commands
    assert commands.index(test_command) > commands.index(install_commands()[-1])


def test_the_readmes_say_that_jupyterlab_as_root_needs_allow_root():
    for name in ("README.md", "README.zh.md"):
        text = (ROOT / name).read_text(encoding="utf-8")
        assert "--allow-root" in text and "root" in text.replace("--allow-root", ""), name


def test_the_readme_states_no_exact_test_count():
    """A count goes stale with the next test: the README says 'more than N', if anything."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    for match in re.finditer(r"(\S+ \S+ )?\b\d[\d,]* tests\b", text):
        assert (match.group(1) or "").lower() == "more than ", f"an exact test count in README.md: {match.group(0)!r}"


def test_ruff_targets_the_oldest_python_accepted():
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    oldest = re.fullmatch(r">=\s*(\d+)\.(\d+)", pyproject["project"]["requires-python"])
    assert oldest, pyproject["project"]["requires-python"]
    assert pyproject["tool"]["ruff"]["target-version"] == f"py{oldest.group(1)}{oldest.group(2)}"


def python_example(name: str) -> str:
    text = (ROOT / name).read_text(encoding="utf-8")
    (example,) = re.findall(r"^```python\n(.*?)^```", text, flags=re.MULTILINE | re.DOTALL)
    return example


def test_the_readme_example_prints_what_its_comment_says(tmp_path):
    """Run as a script (where a bare last expression would print nothing), it prints its result."""
    example = python_example("README.md")
    assert python_example("README.zh.md").splitlines()[-1] == example.splitlines()[-1]
    last = example.strip().splitlines()[-1]
    call, comment = (part.strip() for part in last.split("#", 1))
    assert call.startswith("print("), f"the example's last line should print its result: {last}"
    script = tmp_path / "example.py"
    script.write_text(example, encoding="utf-8")
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, cwd=tmp_path, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    assert done.stdout.strip() == comment, "the comment on the example's last line is what it prints"


def shell_commands(name: str) -> list[str]:
    """The lines of a README's ```bash blocks."""
    text = (ROOT / name).read_text(encoding="utf-8")
    blocks = re.findall(r"^```bash\n(.*?)^```", text, flags=re.MULTILINE | re.DOTALL)
    return [line.strip() for block in blocks for line in block.splitlines() if line.strip()]


def test_the_chinese_readme_gives_the_same_commands():
    """README.zh.md: the same commands, in the same order; JupyterLab opens the Chinese edition's first notebook."""
    english = shell_commands("README.md")
    expected = [c.replace(" notebooks/", " notebooks/zh/") if c.startswith("jupyter lab") else c for c in english]
    assert shell_commands("README.zh.md") == expected
    (opened,) = [c.split()[-1] for c in expected if c.startswith("jupyter lab")]
    assert (ROOT / opened).is_file(), f"README.zh.md opens {opened}, which does not exist"


def test_the_two_readmes_link_to_each_other():
    assert "](README.zh.md)" in (ROOT / "README.md").read_text(encoding="utf-8")
    assert "](README.md)" in (ROOT / "README.zh.md").read_text(encoding="utf-8")


# -- the Colab setup cell ----------------------------------------------------------------------
def _forbid(*args, **kwargs):
    raise AssertionError(f"no process may start off Colab: {args}")


@pytest.fixture(params=["en", "zh"])
def setup_cell(request) -> str:
    return course_links.colab_setup_source(request.param)


def test_setup_cell_does_nothing_off_colab(setup_cell, monkeypatch, capsys):
    monkeypatch.delitem(sys.modules, "google.colab", raising=False)
    for name in ("run", "call", "check_call", "check_output", "Popen"):
        monkeypatch.setattr(subprocess, name, _forbid)
    monkeypatch.setattr(os, "system", _forbid)
    monkeypatch.setattr(os, "chdir", _forbid)
    cwd, path = os.getcwd(), list(sys.path)
    namespace: dict = {"__name__": "__main__"}
    exec(compile(setup_cell, "<colab setup cell>", "exec"), namespace)
    assert capsys.readouterr() == ("", "")
    assert os.getcwd() == cwd and sys.path == path
    assert set(namespace) - {"__builtins__", "__name__"} == {"sys"}


def _run_on_fake_colab(
    setup_cell, monkeypatch, clone_exists, font_exists=False, babel_exists=True, failing=(), apt_list_stale=False
):
    calls, moves = [], []

    def fake_run(command, *args, **kwargs):
        calls.append(list(command))
        stale = (
            apt_list_stale and list(command[:2]) == ["apt-get", "install"] and ["apt-get", "update", "-q"] not in calls
        )
        code = 100 if stale or tuple(command[:2]) in failing else 0
        return subprocess.CompletedProcess(command, code, "", "E: Unable to locate package" if code else "")

    monkeypatch.setitem(sys.modules, "google.colab", types.ModuleType("google.colab"))
    monkeypatch.setattr(subprocess, "run", fake_run)
    monkeypatch.setattr(os, "chdir", moves.append)
    real_isdir, real_exists, real_find_spec = os.path.isdir, os.path.exists, importlib.util.find_spec
    monkeypatch.setattr(os.path, "isdir", lambda p: clone_exists if str(p).startswith("/content/") else real_isdir(p))
    font = course_links.CJK_FONT_FILE
    monkeypatch.setattr(os.path, "exists", lambda p: font_exists if p == font else real_exists(p))

    def find_spec(name, *args):
        return None if name == "babel" and not babel_exists else real_find_spec(name, *args)

    monkeypatch.setattr(importlib.util, "find_spec", find_spec)
    monkeypatch.setattr(sys, "path", list(sys.path))
    exec(compile(setup_cell, "<colab setup cell>", "exec"), {"__name__": "__main__"})
    return calls, moves


def test_setup_cell_on_colab_clones_and_installs_without_torch(monkeypatch):
    setup_cell = course_links.colab_setup_source("en")
    calls, moves = _run_on_fake_colab(setup_cell, monkeypatch, clone_exists=False)
    assert len(calls) == 2, calls
    clone, install = calls
    url = f"https://github.com/{course_links.REPOSITORY}.git"
    assert clone[:2] == ["git", "clone"] and url in clone, clone
    assert clone[clone.index("--depth") + 1] == "1"
    assert clone[clone.index("--branch") + 1] == course_links.BRANCH
    course = clone[-1]
    assert install[:4] == [sys.executable, "-m", "pip", "install"], install
    assert "--no-deps" in install and install[install.index("-e") + 1] == course
    assert not [arg for arg in install if "torch" in arg.lower()], "Colab's torch must never be reinstalled"
    assert course in sys.path
    assert moves == [os.path.join(course, "notebooks")], "the notebook's own folder, as in Jupyter"


def test_setup_cell_on_colab_does_not_clone_twice(setup_cell, monkeypatch):
    calls, moves = _run_on_fake_colab(setup_cell, monkeypatch, clone_exists=True, font_exists=True)
    assert [c[:2] for c in calls] == [[sys.executable, "-m"]]
    assert len(moves) == 1


def test_setup_cell_installs_babel_only_where_colab_lacks_it(setup_cell, monkeypatch):
    calls, _ = _run_on_fake_colab(setup_cell, monkeypatch, clone_exists=True, font_exists=True, babel_exists=False)
    assert calls[-1] == [sys.executable, "-m", "pip", "install", "-q", course_links.BABEL], calls
    (babel,) = [r for r in PROJECT_REQUIREMENTS if r.name.lower() == "babel"]
    assert course_links.BABEL == str(babel), "the cell asks for the Babel pyproject.toml asks for"


def test_the_chinese_setup_cell_installs_a_cjk_font_and_opens_the_chinese_folder(monkeypatch):
    setup_cell = course_links.colab_setup_source("zh")
    calls, moves = _run_on_fake_colab(setup_cell, monkeypatch, clone_exists=False)
    assert calls[2:] == [["apt-get", "install", "-y", "-q", "fonts-noto-cjk"]], calls
    assert not [arg for call in calls for arg in call if "torch" in arg.lower()]
    course = calls[0][-1]
    assert moves == [os.path.join(course, "notebooks/zh")], "the Chinese notebook's own folder"
    # Binder installs the same font package.
    assert "fonts-noto-cjk" in (ROOT / "binder" / "apt.txt").read_text(encoding="utf-8").split()


def test_the_chinese_setup_cell_refreshes_an_old_package_list_once(monkeypatch):
    setup_cell = course_links.colab_setup_source("zh")
    calls, _ = _run_on_fake_colab(setup_cell, monkeypatch, clone_exists=True, apt_list_stale=True)
    assert [c[:2] for c in calls[1:]] == [["apt-get", "install"], ["apt-get", "update"], ["apt-get", "install"]]


def test_the_chinese_setup_cell_says_what_failed(monkeypatch):
    setup_cell = course_links.colab_setup_source("zh")
    with pytest.raises(RuntimeError, match="apt-get install -y -q fonts-noto-cjk failed:\nE: Unable to locate package"):
        _run_on_fake_colab(setup_cell, monkeypatch, clone_exists=True, failing={("apt-get", "install")})


def test_the_two_editions_setup_cells_differ_only_in_the_font_and_the_folder():
    english, chinese = (course_links.colab_setup_source(language).splitlines() for language in ("en", "zh"))
    added = [line for line in chinese if line not in english]
    removed = [line for line in english if line not in chinese]
    assert removed == ['    os.chdir(os.path.join(course, "notebooks"))']
    assert added[-1] == '    os.chdir(os.path.join(course, "notebooks/zh"))'
    assert all("apt-get" in line or "font" in line.lower() or "try" in line or "except" in line for line in added[:-1])


def test_setup_cell_is_lint_clean(setup_cell):
    # ruff is pinned in requirements.txt, so its absence is a broken install, not a reason to skip.
    assert importlib.util.find_spec("ruff") is not None, "ruff is not installed (see requirements.txt)"
    for command in (["check"], ["format", "--check", "--diff"]):
        done = subprocess.run(
            [sys.executable, "-m", "ruff", *command, "--stdin-filename", "notebooks/_colab_setup_cell.py", "-"],
            input=setup_cell + "\n",
            capture_output=True,
            text=True,
            cwd=ROOT,
        )
        assert done.returncode == 0, done.stdout + done.stderr


# -- course links ------------------------------------------------------------------------------
def test_course_links_check_passes():
    done = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "course_links.py"), "--check"], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stdout + done.stderr


def _notebook(cells: list[dict]) -> dict:
    return {
        "cells": cells,
        "metadata": {"kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"}},
        "nbformat": 4,
        "nbformat_minor": 5,
    }


def test_course_links_write_moves_every_link_to_a_fork(tmp_path, monkeypatch):
    monkeypatch.setattr(course_links, "REPOSITORY", "a-fork/dates-course")
    monkeypatch.setattr(course_links, "BRANCH", "trunk")
    (tmp_path / "notebooks" / "zh" / "prose").mkdir(parents=True)
    (tmp_path / "README.md").write_text(
        "# Course\n\n<!-- badges:start -->\nold\n<!-- badges:end -->\n\n"
        "<!-- notebooks:start -->\nold table\n<!-- notebooks:end -->\n\n"
        "Run `git clone https://github.com/seq2seq-course/seq2seq-dates.git` first; "
        "see also https://github.com/someone/else and "
        "https://colab.research.google.com/github/seq2seq-course/seq2seq-dates/blob/main/notebooks/01_dates.ipynb\n",
        encoding="utf-8",
    )
    output = {"name": "stdout", "output_type": "stream", "text": ["é 05/Mar/2024\n"]}
    title = ["# 01 · Dates\n", "\n", "**自定义数据集**\n", "\n", "<!-- badges:start -->\n", "<!-- badges:end -->\n"]
    cells = [
        {"cell_type": "markdown", "id": "a", "metadata": {}, "source": title},
        {"cell_type": "code", "execution_count": 1, "id": "s", "metadata": {}, "outputs": [],
         "source": [course_links.SETUP_FIRST_LINE + "\nold"]},
        {"cell_type": "code", "execution_count": 3, "id": "b", "metadata": {}, "outputs": [output], "source": ["1"]},
    ]  # fmt: skip
    notebook = tmp_path / "notebooks" / "01_dates.ipynb"
    notebook.write_text(json.dumps(_notebook(cells), indent=1), encoding="utf-8")
    prose = tmp_path / "notebooks" / "zh" / "prose" / "01_dates.md"
    prose.write_text("<!-- cell a · en 0123456789 -->\n# 01 · 日期\n<!-- badges:start -->\n<!-- badges:end -->\n")
    glossary = tmp_path / "notebooks" / "zh" / "prose" / "GLOSSARY.md"
    glossary_text = "# 术语表\n\nhttps://colab.research.google.com/github/seq2seq-course/seq2seq-dates/blob/main/x\n"
    glossary.write_text(glossary_text, encoding="utf-8")

    assert course_links.problems(tmp_path)
    assert course_links.main(["--write", "--root", str(tmp_path)]) == 0
    assert course_links.problems(tmp_path) == []

    readme = (tmp_path / "README.md").read_text(encoding="utf-8")
    assert "seq2seq-course" not in readme and "old" not in readme
    assert "https://github.com/someone/else" in readme, "links to other projects are left alone"
    assert "git clone https://github.com/a-fork/dates-course.git" in readme
    assert "https://mybinder.org/v2/gh/a-fork/dates-course/trunk?urlpath=lab/tree/notebooks/01_dates.ipynb" in readme
    assert "| [01 · Dates](notebooks/01_dates.ipynb) | 自定义数据集 |" in readme

    text = notebook.read_text(encoding="utf-8")
    assert text.endswith("}\n") and "é 05/Mar/2024" in text  # nbformat's layout, non-ASCII kept
    nb = json.loads(text)
    assert "colab.research.google.com/github/a-fork/dates-course/blob/trunk/notebooks/01_dates" in text
    assert "".join(nb["cells"][1]["source"]) == course_links.colab_setup_source()
    assert nb["cells"][2] == cells[2], "a learner's cell and its outputs are left alone"
    assert "blob/trunk/notebooks/zh/01_dates.ipynb" in prose.read_text(encoding="utf-8")
    assert glossary.read_text(encoding="utf-8") == glossary_text, "the glossary is not a notebook's prose"
    nbformat = pytest.importorskip("nbformat")
    assert nbformat.writes(nbformat.reads(text, as_version=4)) + "\n" == text


# -- diagrams ----------------------------------------------------------------------------------
def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")


def test_make_diagrams_writes_every_diagram_in_both_languages(tmp_path):
    done = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "make_diagrams.py"), "--out", str(tmp_path)],
        capture_output=True,
        text=True,
        env={**os.environ, "MPLBACKEND": "Agg"},
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([*DIAGRAMS, "zh"])
    assert sorted(p.name for p in (tmp_path / "zh").iterdir()) == sorted(DIAGRAMS)
    for name in DIAGRAMS:
        for folder in ("", "zh"):
            width, height = png_size(tmp_path / folder / name)
            assert width >= 600 and height >= 300, (folder, name, width, height)
            # The committed picture has the layout the script draws now (bytes may differ
            # between matplotlib builds and fonts; the pixel size may not).
            committed = ROOT / "assets" / folder / name
            assert committed.is_file(), f"run python scripts/make_diagrams.py and commit {committed.relative_to(ROOT)}"
            assert png_size(committed) == (width, height), f"{committed} is stale: run python scripts/make_diagrams.py"


def test_every_diagram_has_a_chinese_twin_that_differs():
    """assets/zh/NAME is the Chinese of assets/NAME (seq2seq_lib.paths.figure shows it in the zh edition)."""
    english = sorted(p.name for p in (ROOT / "assets").glob("*.png"))
    assert english == sorted(DIAGRAMS), "a new diagram: draw it in scripts/make_diagrams.py, in every language"
    for name in english:
        twin = ROOT / "assets" / "zh" / name
        assert twin.is_file(), f"assets/zh/{name} is missing: python scripts/make_diagrams.py"
        assert twin.read_bytes() != (ROOT / "assets" / name).read_bytes(), f"assets/zh/{name} is the English picture"
    extra = sorted({p.name for p in (ROOT / "assets" / "zh").glob("*")} - set(english))
    assert not extra, f"assets/zh/ has pictures without an English twin: {extra}"


def test_every_word_of_a_diagram_is_in_each_language():
    make_diagrams = load_script("make_diagrams")
    keys = {diagram: set(words) for diagram, words in make_diagrams.TEXT["en"].items()}
    for language, diagrams in make_diagrams.TEXT.items():
        assert {d: set(w) for d, w in diagrams.items()} == keys, language
    chinese = make_diagrams.TEXT["zh"]
    for diagram, words in chinese.items():
        for key, text in words.items():
            if isinstance(text, str) and re.search(r"[A-Za-z]{3}", make_diagrams.TEXT["en"][diagram][key]):
                assert re.search(r"[\u4e00-\u9fff]", text), f"{diagram}: {key!r} is not in Chinese"


def test_the_scripts_agree_with_the_library_and_each_other():
    make_diagrams = load_script("make_diagrams")
    args = load_script("attention_vs_length").parse_args([])
    run = {"task": args.task, "embedding": args.embedding_dim, "units": args.units, "epochs": args.epochs}
    assert make_diagrams.LENGTH_RUN == run, "the stored curve's title names the settings it was measured with"


def test_the_code_is_lint_clean_with_the_complexity_rule():
    """`ruff check` (pyproject.toml: C901 at most 10 branches per function, among others) over all the Python."""
    assert importlib.util.find_spec("ruff") is not None, "ruff is not installed (see requirements.txt)"
    done = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "seq2seq_lib", "scripts", "benchmarks", "tests", "solutions", "binder"],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stdout + done.stderr
