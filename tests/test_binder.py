"""Binder: the Chinese edition's links open JupyterLab with its interface in Chinese (binder/course_language.py)."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
POST_BUILD_CONFIG = '{"ServerApp": {"jpserver_extensions": {"course_language": true}}}'


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    settings = tmp_path_factory.mktemp("lab-settings")
    # The extension is switched on by the same config file binder/postBuild writes.
    config = tmp_path_factory.mktemp("jupyter-config")
    (config / "jupyter_server_config.d").mkdir()
    (config / "jupyter_server_config.d" / "course_language.json").write_text(POST_BUILD_CONFIG)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    token = "binder-test"
    env = {
        **os.environ,
        "JUPYTER_CONFIG_DIR": str(config),
        "JUPYTERLAB_SETTINGS_DIR": str(settings),
        "PYTHONPATH": str(ROOT / "binder"),
    }
    command = [
        sys.executable, "-m", "jupyter", "lab", "--no-browser", f"--port={port}", f"--IdentityProvider.token={token}",
        f"--ServerApp.root_dir={ROOT}",
    ]  # fmt: skip
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        command.append("--allow-root")
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    for _ in range(120):
        try:
            urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=2)
            break
        except OSError:
            time.sleep(0.5)
    yield base, token, settings
    process.terminate()
    process.wait(timeout=30)


def get(url: str):
    opener = urllib.request.build_opener(NoRedirect)
    try:
        return opener.open(url, timeout=10)
    except urllib.error.HTTPError as err:
        return err


def test_the_chinese_link_sets_the_interface_language_and_opens_the_notebook(server):
    base, token, settings = server
    response = get(f"{base}/course-language/zh_CN/notebooks/zh/01_date_dataset.ipynb?token={token}")
    assert response.status == 302
    assert response.headers["Location"].endswith("/lab/tree/notebooks/zh/01_date_dataset.ipynb")
    written = settings / "@jupyterlab" / "translation-extension" / "plugin.jupyterlab-settings"
    assert json.loads(written.read_text())["locale"] == "zh_CN"
    get(f"{base}/course-language/en/notebooks/01_date_dataset.ipynb?token={token}")
    assert json.loads(written.read_text())["locale"] == "en"


def test_an_unknown_language_is_not_found(server):
    base, token, _ = server
    assert get(f"{base}/course-language/xx/notebooks/01_date_dataset.ipynb?token={token}").status == 404


def test_the_chinese_language_pack_is_installed_for_jupyterlab(server):
    base, token, _ = server
    with urllib.request.urlopen(f"{base}/lab/api/translations?token={token}", timeout=10) as r:
        assert "zh_CN" in json.load(r)["data"]


def test_binder_installs_the_extension_and_a_chinese_font():
    post_build = (ROOT / "binder" / "postBuild").read_text(encoding="utf-8")
    assert POST_BUILD_CONFIG in post_build and "binder" in post_build
    assert os.access(ROOT / "binder" / "postBuild", os.X_OK)
    assert "fonts-noto-cjk" in (ROOT / "binder" / "apt.txt").read_text(encoding="utf-8").split()
