"""The README's Quick start, run command by command, in order, in a temporary copy of the repository.

What the test changes, and why (everything else runs exactly as the README writes it):

- ``git clone`` and ``cd``: the copy is made from this working tree (the files git tracks
  plus new ones), which is what a clone of this commit holds;
- after ``python -m venv .venv``, a ``.pth`` file puts the packages of the environment
  running the tests on the new environment's path, so that the README's ``pip install``
  lines find them installed and need neither network nor minutes (``pip install -e .``
  still builds and installs the package into the new environment);
- ``jupyter lab`` runs without a browser, on a free port, with a token (and ``--allow-root``
  when the tests run as root, as in CI containers), and is stopped once it answers;
- ``python -m pytest`` is left out: it is the command running this test.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import sysconfig
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def quick_start_commands() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"^```bash\n(.*?)^```", section, flags=re.MULTILINE | re.DOTALL)
    return [line.strip() for block in blocks for line in block.splitlines() if line.strip()]


def copy_working_tree(destination: Path) -> None:
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout.decode()
    for name in filter(None, listed.split("\0")):
        source = ROOT / name
        if source.is_file():
            target = destination / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_the_quick_start_names_the_commands_a_newcomer_needs():
    commands = quick_start_commands()
    assert commands[0].startswith("git clone https://github.com/") and commands[1].startswith("cd ")
    order = ["python -m venv .venv", "pip install -r requirements.txt", "pip install -e .", "train", "translate"]
    positions = [next(i for i, c in enumerate(commands) if want in c) for want in order]
    assert positions == sorted(positions)
    assert any(c.startswith("jupyter lab") and "--notebook-dir=." in c for c in commands)
    assert commands[-1] == "python -m pytest"
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    advice = text.index("--index-url https://download.pytorch.org/whl/cpu")
    assert advice < text.index("pip install -r requirements.txt"), "the CPU-torch advice comes before any install"


@pytest.mark.skipif(shutil.which("git") is None, reason="git is needed to list the repository's files")
def test_the_quick_start_runs_in_order_in_a_fresh_copy(tmp_path):
    clone = tmp_path / "seq2seq-dates"
    copy_working_tree(clone)
    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTHONPATH")}
    # PATH keeps this environment's scripts after the new one's (activation puts .venv/bin first):
    # `jupyter` is found there, since the new environment borrows this one's packages.
    # The venv is made by this interpreter, so that it sees the packages installed for it.
    script = ["set -e", f"cd {clone}"]
    jupyter = None
    for command in quick_start_commands():
        if command.startswith(("git clone", "cd ")) or command == "python -m pytest":
            continue
        if command == "python -m venv .venv":
            purelib, platlib = sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]
            command = (
                f"{sys.executable} -m venv .venv && "
                f"printf '%s\\n' {purelib} {platlib} > \"$(.venv/bin/python -c 'import sysconfig; "
                f'print(sysconfig.get_paths()["purelib"])\')/outer-environment.pth"'
            )
        if command.startswith("jupyter lab"):
            jupyter = command
            continue
        script.append(command)
    done = subprocess.run(
        ["bash", "-c", "\n".join(script)], env=env, capture_output=True, text=True, timeout=900, check=False
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert (clone / "checkpoints" / "attention.pt").is_file()
    lines = done.stdout.splitlines()
    assert "24-03-05\t05/Mar/2024" in lines and "74-01-01\t01/Jan/1974" in lines
    assert "00-02-29\t29/Feb/2000" in lines and "34-06-15\t15/Jun/2034" in lines

    assert jupyter is not None
    port, token = free_port(), "quick-start-test"
    extra = f" --no-browser --port={port} --IdentityProvider.token={token}"
    extra += " --allow-root" if hasattr(os, "geteuid") and os.geteuid() == 0 else ""
    server = subprocess.Popen(
        ["bash", "-c", f"cd {clone} && . .venv/bin/activate && exec {jupyter}{extra}"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        listing = None
        for _ in range(120):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/contents?token={token}", timeout=5) as r:
                    listing = json.load(r)
                break
            except OSError:
                time.sleep(0.5)
        assert listing is not None, "JupyterLab did not start"
        names = {item["name"] for item in listing["content"]}
        assert {"notebooks", "solutions", "assets", "README.md"} <= names, "JupyterLab is rooted at the repository"
        url = f"http://127.0.0.1:{port}/api/contents/notebooks/01_date_dataset.ipynb?content=0&token={token}"
        with urllib.request.urlopen(url, timeout=10) as r:
            assert json.load(r)["type"] == "notebook"
    finally:
        server.terminate()
        server.wait(timeout=30)
