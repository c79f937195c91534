"""``pip install .`` (not only ``-e .``) must ship the whole library."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    # Built from a copy: building in the checkout writes build/ and *.egg-info/ into it, under
    # the feet of the tests and notebooks running beside this one (the suite runs in parallel).
    source = tmp_path_factory.mktemp("source")
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        shutil.copy2(ROOT / name, source / name)
    shutil.copytree(ROOT / "seq2seq_lib", source / "seq2seq_lib", ignore=shutil.ignore_patterns("__pycache__"))
    # No build isolation: builds offline with the setuptools already installed.
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", str(source), "--no-deps", "--no-build-isolation", "-q", "-w", str(out)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    (path,) = out.glob("seq2seq_lib-*.whl")
    return path


def test_wheel_contains_every_library_module(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    expected = {str(p.relative_to(ROOT)).replace("\\", "/") for p in (ROOT / "seq2seq_lib").rglob("*.py")}
    assert expected <= names, f"missing from the wheel: {sorted(expected - names)}"
    assert not any(n.startswith(("tests/", "notebooks/", "benchmarks/")) for n in names)


def test_wheel_contains_the_translations(wheel):
    """The Chinese edition reads its catalog from the installed package (seq2seq_lib.i18n.catalog_path)."""
    names = set(zipfile.ZipFile(wheel).namelist())
    catalogs = {str(p.relative_to(ROOT)).replace("\\", "/") for p in (ROOT / "seq2seq_lib").rglob("*.po")}
    assert "seq2seq_lib/locale/zh_CN/LC_MESSAGES/seq2seq_lib.po" in catalogs
    assert catalogs <= names, f"missing from the wheel: {sorted(catalogs - names)}"


def test_wheel_requires_a_torch_range_not_a_pin(wheel):
    metadata = next(
        zipfile.ZipFile(wheel).read(n).decode() for n in zipfile.ZipFile(wheel).namelist() if n.endswith("METADATA")
    )
    torch_requirements = [line for line in metadata.splitlines() if line.startswith("Requires-Dist: torch")]
    assert torch_requirements, metadata
    assert all("==" not in line and ">=" in line for line in torch_requirements), torch_requirements
