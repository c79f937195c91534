"""Save and load a model with its kind, configuration and vocabulary, in one file.

A checkpoint is a torch file holding plain data and tensors only:
``{"format", "version", "kind", "config", "vocab", "state_dict", "digest"}``. Three layers
keep a bad file from doing harm or misleading:

1. Before unpickling, the file's pickle is scanned for the Python objects it would import.
   Anything beyond torch's own tensor rebuilders is refused and named: a checkpoint never
   needs code. Then ``torch.load(weights_only=True)`` reads it (a second, independent guard).
2. ``digest`` is a SHA-256 of everything else (kind, config, vocabulary, every tensor's
   name, dtype, shape and bytes). A file changed after saving, by a flipped bit or a
   truncated copy, no longer matches it and is refused.
3. The configuration is checked against the model's bounds before a model is built, and
   the weights for dtype, shape and finiteness before they are loaded.

Every refusal is one :class:`CheckpointError` (a ``ValueError``) that names the file and
the reason; none of them suggests loading with fewer safeguards.

Saving is atomic: the file is written next to its destination under a temporary name,
flushed to disk, then renamed over it. A save that fails midway (a full disk, Ctrl-C)
leaves any earlier file at that path byte-for-byte as it was.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import pickletools
import stat
import tempfile
import warnings
import zipfile
from pathlib import Path
from typing import Any

import torch

from .models import EncoderDecoder
from .registry import MODEL_KINDS, kind_of
from .validation import check_device, shorten
from .vocab import Vocabulary

FORMAT = "seq2seq_lib-checkpoint"
VERSION = 2
MAX_FILE_BYTES = 512 * 2**20  # far above any model of the course (~60 KB); a bound on what is read
MAX_VOCABULARY = 10_000
MAX_TOKEN_CHARS = 64
# What torch.save writes for a dict of CPU tensors: its tensor and storage rebuilders.
_ALLOWED_IMPORTS = {"torch._utils._rebuild_tensor_v2", "collections.OrderedDict"} | {
    f"torch.{kind}Storage"
    for kind in ("Float", "Double", "Half", "BFloat16", "Long", "Int", "Short", "Char", "Byte", "Bool")
}


class CheckpointError(ValueError):
    """A file that is not a usable seq2seq_lib checkpoint; the message names the file and why."""


class CheckpointWriteError(OSError):
    """A checkpoint could not be written; the message names the path and why. Nothing was replaced."""


# -- saving ------------------------------------------------------------------------------------
def check_writable(path: str | os.PathLike) -> Path:
    """Refuse, before any work, a path a checkpoint cannot be written to; return it as a ``Path``.

    The folder must exist and accept a new file; the path itself must be new or a regular
    file (not a folder, a FIFO or a device such as ``/dev/full``).
    """
    path = Path(os.fspath(path))
    folder = path.parent
    if not folder.is_dir():
        raise CheckpointWriteError(f"cannot save to {str(path)!r}: the folder {str(folder)!r} does not exist")
    if path.exists() and not stat.S_ISREG(path.stat().st_mode):
        what = "a folder" if path.is_dir() else "not a regular file"
        raise CheckpointWriteError(f"cannot save to {str(path)!r}: it is {what}")
    try:
        with tempfile.TemporaryFile(dir=folder):
            pass
    except OSError as err:
        raise CheckpointWriteError(
            f"cannot save to {str(path)!r}: the folder is not writable ({err.strerror})"
        ) from None
    return path


def _digest(kind: str, config: dict, vocab: list[str], state_dict: dict[str, torch.Tensor]) -> str:
    sha = hashlib.sha256()
    sha.update(json.dumps([FORMAT, VERSION, kind, config, vocab], sort_keys=True).encode())
    for name in sorted(state_dict):
        tensor = state_dict[name].detach().cpu().contiguous()
        sha.update(json.dumps([name, str(tensor.dtype), list(tensor.shape)]).encode())
        sha.update(tensor.reshape(-1).view(torch.uint8).numpy().tobytes())  # the raw bytes, any dtype
    return sha.hexdigest()


def save_model(model: EncoderDecoder, path: str | os.PathLike) -> None:
    """Write ``model`` (kind, config, vocabulary, weights on the CPU, digest) to ``path``, atomically.

    Raises :class:`CheckpointWriteError` (an ``OSError``) naming the path if it cannot be
    written; any file already at ``path`` is then left untouched.
    """
    kind = kind_of(model)
    path = check_writable(path)
    config, vocab = model.config(), list(model.vocab.tokens)
    # Weights are stored on the CPU so that a GPU-trained file loads anywhere.
    state_dict = {name: tensor.detach().cpu() for name, tensor in model.state_dict().items()}
    payload = {
        "format": FORMAT,
        "version": VERSION,
        "kind": kind,
        "config": config,
        "vocab": vocab,
        "state_dict": state_dict,
        "digest": _digest(kind, config, vocab, state_dict),
    }
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".partial")
    try:
        os.chmod(temporary, _new_file_mode())  # mkstemp makes it private; a saved model need not be
        with os.fdopen(handle, "wb") as file:
            torch.save(payload, file)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, path)
    except BaseException as err:  # a full disk, a signal: the old file must survive
        Path(temporary).unlink(missing_ok=True)
        if isinstance(err, OSError):
            raise CheckpointWriteError(f"cannot save to {str(path)!r}: {err.strerror or err}") from None
        raise
    _sync_folder(path.parent)


def _new_file_mode() -> int:
    """The permissions ``open()`` would give a new file under the current umask."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable (POSIX); harmless where folders cannot be opened."""
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)


# -- loading -----------------------------------------------------------------------------------
def _refuse(path: str, reason: str) -> CheckpointError:
    return CheckpointError(f"{path!r} is not a usable seq2seq_lib checkpoint: {reason}")


def _pickle_imports(data: bytes) -> list[str] | None:
    """The ``module.name`` of every object a pickle would import, or None if it cannot be parsed."""
    imports, strings, memo = [], [], {}
    try:
        for op, arg, _ in pickletools.genops(data):
            if op.name == "GLOBAL":
                imports.append(arg.replace(" ", "."))
            elif op.name == "STACK_GLOBAL":
                imports.append(".".join(str(s) for s in strings[-2:]))
            elif isinstance(arg, str) and "UNICODE" in op.name:
                strings.append(arg)
            elif op.name == "MEMOIZE" and strings:
                memo[len(memo)] = strings[-1]
            elif op.name in ("BINGET", "LONG_BINGET", "GET") and arg in memo:
                strings.append(memo[arg])
    except Exception:  # any malformation: torch.load below reports the file as unreadable
        return None
    return imports


def _imports_of(raw: bytes) -> list[str] | None:
    """What the file's pickle imports: torch's zip format keeps it in ``data.pkl``; a bare pickle is the file."""
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            pickles = [name for name in archive.namelist() if name.endswith("data.pkl")]
            return _pickle_imports(archive.read(pickles[0])) if len(pickles) == 1 else None
    except Exception:  # not a zip (or a damaged one): perhaps a bare pickle
        return _pickle_imports(raw)


def _read(path: str) -> Any:
    """The unpickled payload, or a :class:`CheckpointError` saying why not."""
    size = os.path.getsize(path)
    if size > MAX_FILE_BYTES:
        raise _refuse(path, f"it is {size:,} bytes, far larger than any model of this course")
    raw = Path(path).read_bytes()
    foreign = sorted(set(_imports_of(raw) or []) - _ALLOWED_IMPORTS)
    if foreign:
        raise _refuse(
            path,
            f"it asks to import Python objects ({', '.join(shorten(name, 40) for name in foreign[:3])}), "
            "which a checkpoint never needs; nothing in it was run",
        )
    try:
        with warnings.catch_warnings():  # torch warns about odd pickle protocols of damaged files
            warnings.simplefilter("ignore")
            return torch.load(io.BytesIO(raw), map_location="cpu", weights_only=True)
    except Exception:  # torch fails in many ways on damaged files; none of them is the user's to read
        raise _refuse(path, "it is truncated, corrupted or not a torch file") from None


def _check_payload(path: str, payload: Any) -> None:
    if not isinstance(payload, dict) or payload.get("format") != FORMAT:
        raise _refuse(path, "it is not a file written by seq2seq_lib.save_model")
    if payload.get("version") != VERSION:
        raise _refuse(
            path,
            f"it has format version {shorten(payload.get('version'))}; this library reads version {VERSION} "
            "(train and save the model again: it takes seconds)",
        )
    expected = {
        "format": str,
        "version": int,
        "kind": str,
        "config": dict,
        "vocab": list,
        "state_dict": dict,
        "digest": str,
    }
    for key, kind in expected.items():
        if not isinstance(payload.get(key), kind):
            raise _refuse(path, f"its {key!r} entry is missing or not a {kind.__name__}")
    if set(payload) != set(expected):
        raise _refuse(path, f"it has unexpected entries {sorted(set(payload) - set(expected))}")
    tensors = payload["state_dict"]
    if not all(isinstance(name, str) and isinstance(t, torch.Tensor) for name, t in tensors.items()):
        raise _refuse(path, "its weights are not a mapping of names to tensors")
    try:
        digest = _digest(payload["kind"], payload["config"], payload["vocab"], tensors)
    except Exception:  # a damaged tensor header can make even reading the values fail
        raise _refuse(path, "its weights cannot be read") from None
    if digest != payload["digest"]:
        raise _refuse(path, "its contents do not match the digest stored with them: the file was changed or damaged")


def _vocabulary(path: str, tokens: list) -> Vocabulary:
    if not 3 <= len(tokens) <= MAX_VOCABULARY:
        raise _refuse(path, f"its vocabulary has {len(tokens):,} tokens (expected 3 to {MAX_VOCABULARY:,})")
    if not all(isinstance(t, str) and 0 < len(t) <= MAX_TOKEN_CHARS for t in tokens):
        raise _refuse(path, "its vocabulary holds something other than short strings")
    try:
        vocab = Vocabulary(tokens)
    except ValueError as err:
        raise _refuse(path, f"its vocabulary is invalid ({err})") from None
    if list(vocab.tokens) != tokens:
        raise _refuse(path, "its vocabulary is not in the order seq2seq_lib writes")
    return vocab


def _build(path: str, payload: dict) -> EncoderDecoder:
    model_class = MODEL_KINDS.get(payload["kind"])
    if model_class is None:
        raise _refuse(path, f"it names an unknown model kind {shorten(payload['kind'])} (known: {sorted(MODEL_KINDS)})")
    vocab = _vocabulary(path, payload["vocab"])
    try:  # the constructors check every size against its bound before allocating
        model = model_class(vocab, **payload["config"])
    except (TypeError, ValueError) as err:
        raise _refuse(path, f"its configuration is invalid ({shorten(str(err), 160)})") from None
    expected = model.state_dict()
    weights = payload["state_dict"]
    if set(weights) != set(expected):
        raise _refuse(path, "its weights do not match its configuration (different parameter names)")
    for name, tensor in weights.items():
        if tensor.dtype != expected[name].dtype or tensor.shape != expected[name].shape:
            raise _refuse(path, f"its weight {name!r} has the wrong dtype or shape")
        if tensor.is_floating_point() and not bool(torch.isfinite(tensor).all()):
            raise _refuse(path, f"its weight {name!r} holds NaN or infinite values")
    model.load_state_dict(weights)
    return model


def load_model(path: str | os.PathLike, map_location: torch.device | str | None = None) -> EncoderDecoder:
    """Rebuild a model saved by :func:`save_model`, in eval mode, on ``map_location`` (default CPU).

    Raises ``FileNotFoundError`` for a missing file, :class:`~seq2seq_lib.validation.ArgumentError`
    for a device this machine lacks, and :class:`CheckpointError` (a ``ValueError``) naming
    the file for anything that is not an intact checkpoint of this library: truncated,
    damaged, foreign, from another format version, inconsistent, or carrying code.
    """
    device = check_device("map_location", map_location)
    path = os.fspath(path)
    if not os.path.exists(path):
        raise FileNotFoundError(f"no checkpoint at {path!r}")
    if not os.path.isfile(path):
        raise _refuse(path, "it is not a regular file")
    payload = _read(path)
    _check_payload(path, payload)
    model = _build(path, payload)
    model.eval()
    if device is not None:
        model.to(device)
    return model


__all__ = ["FORMAT", "VERSION", "CheckpointError", "CheckpointWriteError", "check_writable", "load_model", "save_model"]
