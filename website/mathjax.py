"""MathJax served by the site itself: npm's ``mathjax`` package and its default font, fetched at build time.

Why npm's MathJax 4: it is the current, maintained release line of MathJax (Sphinx's default
loads MathJax 3 from a CDN, which an offline reader or a firewall that blocks CDNs never gets);
PyPI has no maintained package of it (jupyter-server-mathjax bundles MathJax 2.7). In a browser,
MathJax 4 looks for its fonts on a CDN unless told otherwise, so the font package is fetched too
and ``loader.paths.fonts`` points at the copy (see MATHJAX_CONFIG). Its speech rules (``sre/``)
come with the main package and load from the same folder.

``npm pack`` fetches each tarball from the npm registry (the only network access of the build),
once: tarballs are kept in a cache folder, and each one's SHA-512 is checked against the value
pinned here before anything is unpacked.
"""

from __future__ import annotations

import base64
import hashlib
import shutil
import subprocess
import tarfile
import tempfile
from pathlib import Path
from typing import NamedTuple


class Package(NamedTuple):
    name: str
    version: str
    integrity: str  # npm's "dist.integrity" of that version
    keep: tuple[str, ...]  # what the site needs, relative to the package's root
    into: str  # where it goes, relative to _static/mathjax


PACKAGES = (
    Package(
        "mathjax",
        "4.1.3",
        "sha512-BN/8Pkgn7G1pIDYJqd9md+JHsE/jydSYbyOZnSdSA0WziuVO8mRxdYiWFumkVVly/8U+hm9DpIIoWuvySverzw==",
        ("tex-chtml.js", "input/tex/extensions", "a11y", "ui", "sre", "LICENSE"),
        ".",
    ),
    Package(
        "@mathjax/mathjax-newcm-font",
        "4.1.3",
        "sha512-gzAB3dFHilHX1l5x2xUqRL+1jDQt3Fyza1DkEMVXWC4E8SvsGdlgEza47HYi2WhVcgfkvf4zgUGzuhbq3Pjlew==",
        ("chtml", "chtml.js", "LICENSE"),
        "fonts/mathjax-newcm-font",
    ),
)
SCRIPT = "mathjax/tex-chtml.js"  # Sphinx's mathjax_path: relative to _static
# window.MathJax before the script (Sphinx's mathjax3_config): fonts from the site's own copy.
MATHJAX_CONFIG = {"loader": {"paths": {"fonts": "[mathjax]/fonts"}}}


class MathJaxError(RuntimeError):
    """MathJax could not be fetched or did not match its pinned checksum."""


def integrity_of(path: Path) -> str:
    return "sha512-" + base64.b64encode(hashlib.sha512(path.read_bytes()).digest()).decode()


def tarball(package: Package, cache: Path) -> Path:
    """The package's tarball in ``cache``, fetched with ``npm pack`` if missing; checked against its pin."""
    name = f"{package.name.lstrip('@').replace('/', '-')}-{package.version}.tgz"
    path = cache / name
    if not path.is_file():
        npm = shutil.which("npm")
        if npm is None:
            raise MathJaxError(
                f"npm is needed to fetch {package.name}@{package.version} from the npm registry "
                f"(the site serves MathJax itself): install Node.js, or put {name} into {cache}"
            )
        cache.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(dir=cache) as tmp:
            done = subprocess.run(
                [npm, "pack", f"{package.name}@{package.version}", "--pack-destination", tmp, "--silent"],
                capture_output=True,
                text=True,
            )
            fetched = Path(tmp) / name
            if done.returncode != 0 or not fetched.is_file():
                raise MathJaxError(f"npm pack {package.name}@{package.version} failed:\n{done.stdout}{done.stderr}")
            fetched.replace(path)  # atomic: a parallel build never sees half a file
    found = integrity_of(path)
    if found != package.integrity:
        raise MathJaxError(f"{path} has checksum {found}, expected {package.integrity}: delete it and build again")
    return path


def unpack(package: Package, cache: Path, static: Path) -> None:
    """Copy the parts of ``package`` the site needs into ``static/mathjax/<into>``."""
    target = static / "mathjax" / package.into
    with tarfile.open(tarball(package, cache)) as archive:
        members = [
            m
            for m in archive.getmembers()
            if m.isfile() and any(m.name == f"package/{k}" or m.name.startswith(f"package/{k}/") for k in package.keep)
        ]
        for member in members:
            destination = target / member.name.removeprefix("package/")
            destination.parent.mkdir(parents=True, exist_ok=True)
            with archive.extractfile(member) as source, destination.open("wb") as out:
                shutil.copyfileobj(source, out)


def install(static: Path, cache: Path) -> None:
    """Put MathJax and its font under ``static/mathjax`` (``static`` is a Sphinx html_static_path)."""
    for package in PACKAGES:
        unpack(package, cache, static)
