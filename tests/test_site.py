"""The course's website (scripts/build_site.py): built once per test session from the stored notebooks.

- every notebook has a page in each language, with its figures (as files), its formulas and its
  widgets (drawn from their saved state, never a widget placeholder);
- no internal link or image is broken, anchors included;
- no page loads a script, stylesheet, font or image from the network;
- each page links to its twin in the other language and to Colab and Binder (course_links' URLs);
- the home pages come from the READMEs;
- in a headless Chromium over a local HTTP server, with every other host unreachable, a page in
  each language shows typeset formulas (MathJax's output elements), its figures and its text.

The build needs the [site] extra (requirements.txt pins it, so the tests job has it) and npm
(MathJax comes from the npm registry, once, into _build/cache). Without the extra the build tests
skip; without chromium, chromedriver or selenium, the browser test skips; each says why.
"""

from __future__ import annotations

import functools
import html.parser
import http.server
import importlib.util
import json
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import tomllib
import types
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parent.parent
CJK = re.compile(r"[\u4e00-\u9fff]")
CHROMIUM, CHROMEDRIVER = Path("/usr/bin/chromium"), Path("/usr/bin/chromedriver")
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def load_script(name: str) -> types.ModuleType:
    spec = importlib.util.spec_from_file_location(f"_site_{name}", ROOT / "scripts" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


course_links = load_script("course_links")
sys.path.insert(0, str(ROOT / "website"))
import home  # noqa: E402  (website/)
import widget_snapshot  # noqa: E402


def normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


# -- what the build is made of, checked without building -------------------------------------
def test_requirements_pin_the_site_extra_exactly():
    """The tests job installs requirements.txt: the site's builder is there, so its tests run there."""
    extra = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["optional-dependencies"]
    site = {normalise(Requirement(line).name): str(Requirement(line).specifier) for line in extra["site"]}
    assert "jupyter-book" in site and site["jupyter-book"].startswith("==1."), "Jupyter Book 1.x, pinned"
    pins = {}
    for line in (ROOT / "requirements.txt").read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line and not line.startswith("-"):
            pins[normalise(Requirement(line).name)] = str(Requirement(line).specifier)
    for name, specifier in site.items():
        assert specifier.startswith("=="), f"[site] should pin {name} exactly, not {specifier}"
        assert pins.get(name) == specifier, f"requirements.txt should pin {name}{specifier} as the [site] extra does"


def _state(*models: tuple[str, str, dict]) -> dict:
    return {mid: {"model_name": name, "state": state} for mid, name, state in models}


def _notebook_with_view(model_id: str, state: dict) -> dict:
    view = {widget_snapshot.WIDGET_VIEW: {"model_id": model_id}, "text/plain": ["epochs:   0%|  | 0/20"]}
    cell = {"cell_type": "code", "outputs": [{"output_type": "display_data", "data": view}], "source": ""}
    widgets = {widget_snapshot.WIDGET_STATE: {"state": state}}
    return {"cells": [cell], "metadata": {"widgets": widgets}}


def test_a_progress_bar_is_drawn_as_it_ended_without_the_live_note():
    state = _state(
        ("box", "HBoxModel", {"children": ["IPY_MODEL_a", "IPY_MODEL_bar", "IPY_MODEL_b"]}),
        ("a", "HTMLModel", {"value": "epochs:  35%"}),
        ("bar", "FloatProgressModel", {"value": 7.0, "max": 20.0, "bar_style": "success"}),
        ("b", "HTMLModel", {"value": " 7/20 [00:05&lt;00:09]"}),
    )
    nb = _notebook_with_view("box", state)
    assert widget_snapshot.replace_widget_views(nb, "LIVE") == 1
    (output,) = nb["cells"][0]["outputs"]
    assert list(output["data"]) == ["text/html"], "no widget view left for a page to show as a placeholder"
    drawing = output["data"]["text/html"]
    assert "epochs:  35%" in drawing and '<progress max="20.0" value="7.0"' in drawing and "7/20" in drawing
    assert "0%" not in drawing.replace("35%", ""), "the bar as it ended, not the fallback text of its start"
    assert "LIVE" not in drawing, "a progress bar takes no input: nothing to say about Jupyter"
    assert "widgets" not in nb["metadata"], "no saved state left: myst-nb would add the CDN widget scripts"


def test_an_input_widget_is_drawn_disabled_with_the_live_note():
    state = _state(
        ("box", "VBoxModel", {"children": ["IPY_MODEL_text", "IPY_MODEL_step", "IPY_MODEL_out"]}),
        ("text", "TextModel", {"value": "24-03-05", "description": "Date"}),
        ("step", "IntSliderModel", {"value": 3, "min": 1, "max": 10, "description": "Step"}),
        ("out", "HTMLModel", {"value": "<b>05/Mar/2024</b>"}),
    )
    nb = _notebook_with_view("box", state)
    widget_snapshot.replace_widget_views(nb, "LIVE <in Jupyter>")
    drawing = nb["cells"][0]["outputs"][0]["data"]["text/html"]
    assert 'value="24-03-05" disabled' in drawing and 'value="3" disabled' in drawing
    assert "<b>05/Mar/2024</b>" in drawing, "an HTML widget's value is shown as HTML"
    assert "LIVE &lt;in Jupyter&gt;" in drawing


def test_a_view_without_saved_state_keeps_its_text():
    nb = _notebook_with_view("gone", {})
    assert widget_snapshot.replace_widget_views(nb, "LIVE") == 0
    assert nb["cells"][0]["outputs"][0]["data"] == {"text/plain": ["epochs:   0%|  | 0/20"]}


def test_a_new_notebook_joins_the_part_it_falls_in_without_an_edit():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    pages = ["01_a", "04_b", "05_c", "10_d", "11_new", "99_appendix"]
    toc = home.toc(readme, pages)
    parts = {part["caption"]: [c["file"] for c in part["chapters"]] for part in toc["parts"]}
    assert len(parts) == 4, parts
    placed = [files for files in parts.values()]
    assert placed[0] == ["01_a", "04_b"] and placed[1] == ["05_c"]
    assert placed[2] == ["10_d", "11_new"] and placed[3] == ["99_appendix"]


# -- the built site ------------------------------------------------------------------------------
@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    for module in ("jupyter_book", "myst_nb", "sphinx_book_theme"):
        if importlib.util.find_spec(module) is None:
            pytest.skip(f"{module} is not installed: the site's tests need pip install -e '.[site]'")
    out = tmp_path_factory.mktemp("site") / "site"
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "build_site.py"), "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-6000:]
    print(f"site built in {time.perf_counter() - start:.1f} s: {done.stdout.strip()}")
    return out


class Page(html.parser.HTMLParser):
    """What the checks need from one HTML page."""

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.refs: list[tuple[str, dict[str, str]]] = []  # (tag, attributes) of tags that point somewhere
        self.inline: list[str] = []  # inline scripts and styles
        self._in: str | None = None
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        attributes = {k: v or "" for k, v in attrs}
        if "id" in attributes:
            self.ids.add(attributes["id"])
        if tag == "a" and "name" in attributes:
            self.ids.add(attributes["name"])
        if tag in ("a", "img", "link", "script", "source", "iframe", "video", "audio", "embed", "object"):
            self.refs.append((tag, attributes))
        self._in = tag if tag in ("script", "style") and "src" not in attributes else None

    def handle_endtag(self, tag):
        self._in = None

    def handle_data(self, data):
        if self._in:
            self.inline.append(data)


@pytest.fixture(scope="session")
def pages(site) -> dict[Path, Page]:
    return {path: Page(path.read_text(encoding="utf-8")) for path in sorted(site.rglob("*.html"))}


def notebook_pages(site: Path, language: str) -> Iterator[tuple[Path, Path]]:
    """(notebook, its page) for every numbered notebook of one edition."""
    for notebook in course_links.notebooks(language, ROOT):
        name = Path(notebook).with_suffix(".html").name
        yield ROOT / notebook, site / name if language == "en" else site / "zh" / name


def test_every_notebook_has_a_page_in_each_language(site, pages):
    english = [Path(nb).name for nb in course_links.notebooks("en", ROOT)]
    chinese = [Path(nb).name for nb in course_links.notebooks("zh", ROOT)]
    assert english, "no notebooks found"
    assert chinese == english, "every English notebook has a Chinese twin (python scripts/zh_notebooks.py --write)"
    for language in ("en", "zh"):
        for notebook, page in notebook_pages(site, language):
            assert page in pages, f"{notebook.relative_to(ROOT)} has no page {page.relative_to(site)}"
            title = course_links.title_and_section(notebook)[0]
            text = page.read_text(encoding="utf-8")
            assert re.search(r"<h1>" + re.escape(title.replace("&", "&amp;")), text), (page, title)
    for index in (site / "index.html", site / "zh" / "index.html"):
        assert index in pages


def stored_outputs(notebook: Path) -> tuple[int, int]:
    """(figures, widget views) among a notebook's stored outputs."""
    figures = widgets = 0
    for cell in json.loads(notebook.read_text(encoding="utf-8"))["cells"]:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            figures += "image/png" in data and widget_snapshot.WIDGET_VIEW not in data
            widgets += widget_snapshot.WIDGET_VIEW in data
    return figures, widgets


def test_pages_show_the_stored_figures_as_files_and_every_widget(site, pages):
    for language in ("en", "zh"):
        for notebook, path in notebook_pages(site, language):
            figures, widgets = stored_outputs(notebook)
            page = pages[path]
            images = [a["src"] for tag, a in page.refs if tag == "img" and "_images/" in a.get("src", "")]
            assert len(images) == figures, (
                f"{path.name} ({language}): {len(images)} figures, the notebook has {figures}"
            )
            assert not [a["src"] for tag, a in page.refs if tag == "img" and a.get("src", "").startswith("data:")]
            text = path.read_text(encoding="utf-8")
            assert text.count('class="widget-snapshot"') == widgets, f"{path.name} ({language})"
            assert "application/vnd.jupyter.widget" not in text, f"{path.name} ({language}): a widget placeholder"


def numbered(language: str, number: str) -> Path:
    """The notebook NN_*.ipynb of one edition, repository-relative."""
    (notebook,) = [nb for nb in course_links.notebooks(language, ROOT) if Path(nb).name.startswith(f"{number}_")]
    return Path(notebook)


def test_pages_with_formulas_carry_them_for_mathjax(site):
    for language in ("en", "zh"):
        name = numbered(language, "05").with_suffix(".html").name
        page = (site / name if language == "en" else site / "zh" / name).read_text(encoding="utf-8")
        assert page.count('class="math notranslate nohighlight"') > 10, "notebook 05 is the course's math"
        assert '<script defer="defer" src="_static/mathjax/tex-chtml.js' in page


def resolve(site: Path, page: Path, url: str) -> tuple[Path, str] | None:
    """The file and the fragment an internal URL points to; None for an external one."""
    parts = urlsplit(url)
    if parts.scheme or parts.netloc or url.startswith("//"):
        return None
    target = page if not parts.path else (page.parent / unquote(parts.path)).resolve()
    if target.is_dir():
        target = target / "index.html"
    return target, unquote(parts.fragment)


def test_no_internal_link_or_image_is_broken(site, pages):
    broken = []
    for path, page in pages.items():
        for tag, attributes in page.refs:
            url = attributes.get("href") if tag in ("a", "link") else attributes.get("src")
            if not url or url.startswith(("mailto:", "javascript:", "data:")):
                continue
            found = resolve(site, path, url)
            if found is None:
                continue
            target, fragment = found
            where = f"{path.relative_to(site)}: <{tag}> {url}"
            if not target.is_relative_to(site.resolve()) or not target.is_file():
                broken.append(f"{where}: no such file")
            elif fragment and target.suffix == ".html" and fragment not in pages[target].ids:
                broken.append(f"{where}: no element with id {fragment!r}")
    assert not broken, "\n".join(broken)


LOADING_RELS = {"stylesheet", "preload", "modulepreload", "icon", "prefetch", "preconnect", "dns-prefetch", "manifest"}
NETWORK = re.compile(r"^(?:[a-z][a-z0-9+.-]*:)?//", flags=re.IGNORECASE)
CSS_URL = re.compile(r"""(?:@import\s+(?:url\()?|url\()\s*['"]?([^'")\s]+)""")


def test_no_page_loads_anything_from_the_network(site, pages):
    loads = []
    for path, page in pages.items():
        for tag, attributes in page.refs:
            if tag == "a":
                continue  # a link is followed only when the reader clicks it
            if tag == "link" and not LOADING_RELS & set(attributes.get("rel", "").split()):
                continue
            url = attributes.get("src") or attributes.get("href") or attributes.get("data") or ""
            if NETWORK.match(url):
                loads.append(f"{path.relative_to(site)}: <{tag}> {url}")
        for code in page.inline:
            loads += [f"{path.relative_to(site)}: inline {m}" for m in re.findall(r"https?://[^\s\"'<>]+", code)]
    for css in site.rglob("*.css"):
        for url in CSS_URL.findall(css.read_text(encoding="utf-8", errors="replace")):
            if NETWORK.match(url):
                loads.append(f"{css.relative_to(site)}: {url}")
    assert not loads, "\n".join(loads)


def header_links(page: Page) -> dict[str, str]:
    """{label: href} of the course's header buttons (website/course_site.py)."""
    found = {}
    for tag, attributes in page.refs:
        classes = attributes.get("class", "").split()
        for label in ("btn-language-switch", "btn-launch-colab", "btn-launch-binder"):
            if tag == "a" and label in classes:
                found[label] = attributes["href"]
    return found


def test_each_page_links_to_its_twin_and_to_colab_and_binder(site, pages):
    for language, twin in (("en", "zh/"), ("zh", "../")):
        for notebook, path in notebook_pages(site, language):
            links = header_links(pages[path])
            relative = notebook.relative_to(ROOT).as_posix()
            assert links.get("btn-language-switch") == twin + path.name, (path, links)
            assert links.get("btn-launch-colab") == course_links.colab_url(relative)
            assert links.get("btn-launch-binder") == course_links.binder_url(relative, language)
    for index, twin in ((site / "index.html", "zh/index.html"), (site / "zh" / "index.html", "../index.html")):
        assert header_links(pages[index]).get("btn-language-switch") == twin


def test_the_home_pages_come_from_the_readmes(site):
    for readme, index in (("README.md", site / "index.html"), ("README.zh.md", site / "zh" / "index.html")):
        title, _, sections = home.split_readme((ROOT / readme).read_text(encoding="utf-8"))
        who, notebooks, quick = home.pick_sections(sections, course_links.TABLE[0])
        text = index.read_text(encoding="utf-8")
        words = re.sub(r"<[^>]+>", "", text)  # the text, without the tags of code highlighting
        for section in (who, notebooks, quick):
            heading = section.splitlines()[0][3:].strip()
            assert heading.replace("'", "&#8217;") in text or heading in text, (readme, heading)
        assert "git clone" in words and "pip install -e ." in words, "the quick start's commands"
        language = "en" if readme == "README.md" else "zh"
        for notebook in course_links.notebooks(language, ROOT):
            assert f'href="{Path(notebook).with_suffix(".html").name}"' in text, (readme, notebook)
        assert "colab-badge.svg" not in text and "badge_logo.svg" not in text, "no badge images from other servers"


# -- in a browser ------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def browser():
    missing = [str(p) for p in (CHROMIUM, CHROMEDRIVER) if not p.is_file()]
    if missing:
        pytest.skip(f"{', '.join(missing)} not found: apt-get install chromium chromium-driver")
    webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed (requirements.txt)")
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="site-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in [*CHROMIUM_FLAGS, f"--user-data-dir={profile}", "--window-size=1280,1600"]:
        options.add_argument(flag)
    # Every host but this machine is unreachable: the page must work with no network.
    options.add_argument("--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1")
    options.set_capability("goog:loggingPrefs", {"performance": "ALL"})
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    driver.set_page_load_timeout(120)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture(scope="module")
def served(site) -> Iterator[str]:
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        thread.join()


def requests_made(driver) -> list[tuple[str, str]]:
    """(url, problem or "") of every request the page made since the last call, from Chrome's log."""
    sent, problems = {}, {}
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        params = message.get("params", {})
        if message["method"] == "Network.requestWillBeSent":
            sent[params["requestId"]] = params["request"]["url"]
        elif message["method"] == "Network.loadingFailed" and not params.get("canceled"):
            problems[params["requestId"]] = params.get("errorText", "failed")
        elif message["method"] == "Network.responseReceived" and params["response"]["status"] >= 400:
            problems[params["requestId"]] = f"HTTP {params['response']['status']}"
    return [(url, problems.get(rid, "")) for rid, url in sent.items()]


TYPESET = """
const done = arguments[arguments.length - 1];
const wait = (n) => {
  if (window.MathJax && MathJax.startup && MathJax.startup.promise) {
    MathJax.startup.promise.then(() => done("typeset"), (e) => done("error " + e));
  } else if (n > 0) { setTimeout(() => wait(n - 1), 250); } else { done("no MathJax"); }
};
wait(240);
"""


@pytest.mark.parametrize("language", ["en", "zh"])
def test_a_page_in_each_language_shows_typeset_formulas_figures_and_its_text(browser, served, language):
    notebook = numbered(language, "05")  # the mathematics of attention
    path = ("" if language == "en" else "zh/") + notebook.with_suffix(".html").name
    browser.get_log("performance")  # forget the blank page's requests
    browser.set_script_timeout(90)
    browser.get(f"{served}/{path}")
    assert browser.execute_async_script(TYPESET) == "typeset"
    formulas = browser.execute_script("return document.querySelectorAll('.math').length")
    typeset = browser.execute_script("return document.querySelectorAll('.math mjx-container').length")
    errors = browser.execute_script("return document.querySelectorAll('mjx-merror').length")
    assert formulas > 10 and typeset == formulas and errors == 0, (formulas, typeset, errors)
    widths = browser.execute_script("return [...document.querySelectorAll('img')].map(i => i.naturalWidth)")
    assert widths and all(w > 0 for w in widths), f"every figure loaded: {widths}"
    text = browser.execute_script("return document.querySelector('main').innerText")
    title = course_links.title_and_section(ROOT / notebook)[0]
    assert title in text
    assert (len(CJK.findall(text)) > 500) == (language == "zh"), "Chinese text on the Chinese page only"
    requests = requests_made(browser)
    outside = [url for url, _ in requests if url.startswith(("http:", "https:")) and not url.startswith(served)]
    failed = [(url, why) for url, why in requests if why and not url.endswith("/favicon.ico")]
    assert not outside, f"requests to other hosts: {outside}"
    assert not failed, f"requests that failed: {failed}"
