"""A tiny Jupyter server extension for Binder: open a notebook with JupyterLab's interface in a chosen language.

JupyterLab takes its display language from a user setting, not from the URL. The course's
Binder links for the Chinese edition go to ``/course-language/zh_CN/notebooks/zh/NN.ipynb``:
this handler writes the setting (``@jupyterlab/translation-extension:plugin``, ``locale``)
into the user-settings folder, then redirects to ``/lab/tree/notebooks/zh/NN.ipynb``, so
JupyterLab starts in Chinese (the ``jupyterlab-language-pack-zh-CN`` package provides the
strings). ``/course-language/en/...`` switches back to English.

Binder loads it through ``binder/postBuild`` (``binder/`` on the path, and a config file in
``jupyter_server_config.d/`` that switches it on); ``tests/test_binder.py`` starts a server the same way.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from jupyter_core.paths import jupyter_config_dir
from jupyter_server.base.handlers import JupyterHandler
from jupyter_server.utils import url_path_join
from tornado import web

LOCALES = {"en", "zh_CN"}
PLUGIN = Path("@jupyterlab") / "translation-extension" / "plugin.jupyterlab-settings"


def settings_file() -> Path:
    """Where JupyterLab keeps the user's language setting (JUPYTERLAB_SETTINGS_DIR, if set, wins)."""
    folder = os.environ.get("JUPYTERLAB_SETTINGS_DIR") or os.path.join(jupyter_config_dir(), "lab", "user-settings")
    return Path(folder) / PLUGIN


def set_locale(locale: str) -> Path:
    path = settings_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    settings = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
    settings["locale"] = locale
    path.write_text(json.dumps(settings, indent=2), encoding="utf-8")
    return path


class CourseLanguageHandler(JupyterHandler):
    @web.authenticated
    def get(self, locale: str, notebook: str) -> None:
        if locale not in LOCALES:
            raise web.HTTPError(404, f"unknown language {locale!r}; choose one of {sorted(LOCALES)}")
        set_locale(locale)
        self.redirect(url_path_join(self.base_url, "lab", "tree", notebook))


def _jupyter_server_extension_points() -> list[dict]:
    return [{"module": "course_language"}]


def _load_jupyter_server_extension(server_app) -> None:
    web_app = server_app.web_app
    route = url_path_join(web_app.settings["base_url"], r"course-language/([^/]+)/(.*)")
    web_app.add_handlers(".*$", [(route, CourseLanguageHandler)])
