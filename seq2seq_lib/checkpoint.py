"""Save and load a model with its kind, configuration and vocabulary, in one file.

A checkpoint is a torch file (a zip archive) holding plain data and tensors only:
``{"format", "version", "kind", "config", "vocab", "state_dict", "digest"}``. Four layers
keep a bad file from doing harm or misleading:

1. Before anything is unpickled or unpacked, the archive's directory is read: every entry
   must be stored uncompressed, as ``torch.save`` writes it, and fit in the file, and the
   pickle must be of a size a checkpoint can have. A file therefore never unpacks to more
   than its own size.
2. The pickle is read opcode by opcode (``pickletools.genops``) for the Python objects it
   would import. Anything beyond torch's own tensor rebuilders is refused and named: a
   checkpoint never needs code. Then ``torch.load(weights_only=True)`` reads it (a second,
   independent guard).
3. Every tensor must be laid out as ``save_model`` writes it (contiguous, owning exactly its
   bytes) before any value is read, so that no view can stand for more memory than the file
   holds. ``digest`` is a SHA-256 of everything else (kind, config, vocabulary, every
   tensor's name, dtype, shape and bytes). It is not keyed: it catches accidents (a flipped
   bit, a truncated copy, a file edited by mistake), not tampering. Anyone who edits a
   checkpoint on purpose can recompute it; only load files you trust to hold the weights
   they claim (loading one never runs code, but its model may translate badly).
4. The configuration is checked against the model's bounds, and the weights against the
   model it builds (names, dtypes, shapes, finite values), before they are loaded.

Every refusal is one :class:`CheckpointError` (a ``ValueError``) that names the file and
the reason; none of them suggests loading with fewer safeguards. ``save_model`` makes the
same checks of the model before it writes, so it never writes a file ``load_model`` refuses.

Saving is atomic: the file is written next to its destination under a temporary name,
flushed to disk, then renamed over it. A save that fails midway (a full disk, Ctrl-C,
SIGTERM or SIGHUP) removes its temporary file and leaves any earlier file at that path
byte-for-byte as it was. A destination that is a symbolic link is written through: the file
it points to is replaced and the link stays, as with shell redirection.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import pickle
import pickletools
import secrets
import signal
import stat
import tempfile
import threading
import warnings
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

import torch

from .models import EncoderDecoder
from .registry import kind_of, model_class
from .validation import ArgumentError, check_device, shorten
from .vocab import Vocabulary

FORMAT = "seq2seq_lib-checkpoint"
VERSION = 2
MAX_FILE_BYTES = 512 * 2**20  # far above any model the constructors' bounds allow (~230 MB)
MAX_VOCABULARY = 10_000
MAX_TOKEN_CHARS = 64
MAX_CONFIG_ENTRIES = 64
MAX_TENSORS = 1_000  # the largest Transformer the bounds allow has about 300
# The pickle holds the vocabulary (at most 10,000 tokens of 64 characters, 4 bytes each in
# UTF-8) and a few hundred bytes per tensor: 4 MiB is above any checkpoint's.
MAX_PICKLE_BYTES = 4 * 2**20
MAX_ZIP_ENTRIES = MAX_TENSORS + 16  # a storage per tensor and torch's few records
# What torch.save writes for a dict of CPU tensors: its tensor and storage rebuilders.
_STORAGE_DTYPES = {
    "Float": torch.float32,
    "Double": torch.float64,
    "Half": torch.float16,
    "BFloat16": torch.bfloat16,
    "Long": torch.int64,
    "Int": torch.int32,
    "Short": torch.int16,
    "Char": torch.int8,
    "Byte": torch.uint8,
    "Bool": torch.bool,
}
_ALLOWED_IMPORTS = {"torch._utils._rebuild_tensor_v2", "collections.OrderedDict"} | {
    f"torch.{kind}Storage" for kind in _STORAGE_DTYPES
}
_PLAIN_DTYPES = frozenset(_STORAGE_DTYPES.values())


class CheckpointError(ValueError):
    """A file that is not a usable seq2seq_lib checkpoint; the message names the file and why."""


class CheckpointWriteError(OSError):
    """A checkpoint could not be written; the message names the path and why. Nothing was replaced."""


# -- what save and load both check ---------------------------------------------------------------
def _vocabulary_problem(tokens: list) -> str | None:
    """Why ``tokens`` cannot be a checkpoint's vocabulary (bounds and types only), or None."""
    if not 3 <= len(tokens) <= MAX_VOCABULARY:
        return f"its vocabulary has {len(tokens):,} tokens (expected 3 to {MAX_VOCABULARY:,})"
    if not all(isinstance(t, str) and 0 < len(t) <= MAX_TOKEN_CHARS for t in tokens):
        return f"its vocabulary holds something other than strings of 1 to {MAX_TOKEN_CHARS} characters"
    return None


def _config_problem(config: dict) -> str | None:
    """Why ``config`` cannot be a checkpoint's configuration before any constructor sees it, or None."""
    if len(config) > MAX_CONFIG_ENTRIES:
        return f"its configuration is invalid ({len(config):,} entries)"
    for key, value in config.items():
        if not isinstance(key, str) or not isinstance(value, (bool, int, float, str, type(None))):
            return f"its configuration is invalid ({shorten(key)} is not a name with a number, text or boolean)"
        if isinstance(value, str) and len(value) > MAX_TOKEN_CHARS:
            return f"its configuration is invalid ({key!r} is {len(value):,} characters long)"
    return None


def _layout_problem(name: str, tensor: Any) -> str | None:
    """Why ``tensor`` is not laid out as save_model writes it, or None. Reads no values."""
    if type(tensor) is not torch.Tensor or tensor.layout != torch.strided or tensor.device.type != "cpu":
        return f"its weight {shorten(name)} is not a plain CPU tensor"
    if tensor.dtype not in _PLAIN_DTYPES:
        return f"its weight {name!r} has the wrong dtype or shape ({tensor.dtype})"
    nbytes = tensor.numel() * tensor.element_size()
    if tensor.storage_offset() != 0 or not tensor.is_contiguous() or tensor.untyped_storage().nbytes() != nbytes:
        return (
            f"its weight {name!r} is not stored as save_model stores it (a {list(tensor.shape)} view with strides "
            f"{list(tensor.stride())} of {tensor.untyped_storage().nbytes():,} stored bytes)"
        )
    return None


def _weights_problem(weights: dict[str, torch.Tensor], expected: dict[str, torch.Tensor]) -> str | None:
    """Why ``weights`` do not fit the model whose state dict is ``expected``, or None."""
    if set(weights) != set(expected):
        return "its weights do not match its configuration (different parameter names)"
    for name, tensor in weights.items():
        want = expected[name]
        if tensor.dtype != want.dtype or tensor.shape != want.shape:
            return (
                f"its weight {name!r} has the wrong dtype or shape ({tensor.dtype} {list(tensor.shape)}; "
                f"the configuration builds {want.dtype} {list(want.shape)})"
            )
        if tensor.is_floating_point() and not bool(torch.isfinite(tensor).all()):
            return f"its weight {name!r} holds NaN or infinite values"
    return None


def _build(kind: str, tokens: list[str], config: dict) -> tuple[EncoderDecoder | None, str | None]:
    """(the model ``kind`` builds from ``config``, None) or (None, why it cannot be built)."""
    try:
        model_type = model_class(kind)
    except ValueError:
        return None, f"it names an unknown model kind {shorten(kind)}"
    try:
        vocab = Vocabulary(tokens)
    except ValueError as err:
        return None, f"its vocabulary is invalid ({err})"
    if list(vocab.tokens) != tokens:
        return None, "its vocabulary is not in the order seq2seq_lib writes"
    try:  # the constructors check every size against its bound before allocating
        return model_type(vocab, **config), None
    except (TypeError, ValueError) as err:
        return None, f"its configuration is invalid ({shorten(str(err), 160)})"


def _digest(kind: str, config: dict, vocab: list[str], state_dict: dict[str, torch.Tensor]) -> str:
    """SHA-256 of the checkpoint's contents. Unkeyed: it detects accidents, not deliberate edits."""
    sha = hashlib.sha256()
    sha.update(json.dumps([FORMAT, VERSION, kind, config, vocab], sort_keys=True).encode())
    for name in sorted(state_dict):
        tensor = state_dict[name].detach().cpu().contiguous()  # no copy for what save_model writes
        sha.update(json.dumps([name, str(tensor.dtype), list(tensor.shape)]).encode())
        sha.update(tensor.reshape(-1).view(torch.uint8).numpy())  # the raw bytes, any dtype, not copied
    return sha.hexdigest()


# -- saving ------------------------------------------------------------------------------------
def check_writable(path: str | os.PathLike) -> Path:
    """Refuse, before any work, a path a checkpoint cannot be written to; return the file to write.

    The folder must exist and accept a new file; the path itself must be new or a regular
    file (not a folder, a FIFO or a device such as ``/dev/full``). A symbolic link is
    followed: the returned path is the file it points to (which may not exist yet).
    """
    path = Path(os.fspath(path))
    target = Path(os.path.realpath(path)) if path.is_symlink() else path
    if target.is_symlink():  # realpath stops at a loop
        raise CheckpointWriteError(f"cannot save to {str(path)!r}: it is a symbolic link that loops")
    folder = target.parent
    if not folder.is_dir():
        raise CheckpointWriteError(f"cannot save to {str(path)!r}: the folder {str(folder)!r} does not exist")
    if target.exists() and not stat.S_ISREG(target.stat().st_mode):
        what = "a folder" if target.is_dir() else "not a regular file"
        raise CheckpointWriteError(f"cannot save to {str(path)!r}: it is {what}")
    try:
        with tempfile.TemporaryFile(dir=folder):
            pass
    except OSError as err:
        raise CheckpointWriteError(
            f"cannot save to {str(path)!r}: the folder is not writable ({err.strerror})"
        ) from None
    return target


def save_model(model: EncoderDecoder, path: str | os.PathLike) -> None:
    """Write ``model`` (kind, config, vocabulary, weights on the CPU, digest) to ``path``, atomically.

    The model is checked first, as :func:`load_model` would check the file: a model that
    does not have the dtypes its constructor gives (``model.half()``), holds NaN or infinite
    weights, or has a configuration or vocabulary beyond the bounds is refused with an
    :class:`~seq2seq_lib.validation.ArgumentError` (a ``ValueError``) and nothing is written.
    Raises :class:`CheckpointWriteError` (an ``OSError``) naming the path if it cannot be
    written; any file already at ``path`` is then left untouched. A symbolic link at ``path``
    is written through (the file it points to is replaced).
    """
    kind = kind_of(model)
    config, vocab = model.config(), list(model.vocab.tokens)
    # Compact copies on the CPU: each tensor owns exactly its bytes (load_model requires it),
    # and a GPU-trained file loads anywhere.
    state_dict = {
        name: tensor.detach().cpu().clone(memory_format=torch.contiguous_format)
        for name, tensor in model.state_dict().items()
    }
    problem = _model_problem(kind, config, vocab, state_dict)
    if problem is not None:
        raise ArgumentError(f"cannot save this model: {problem}; load_model would refuse the file, so none was written")
    target = check_writable(path)
    payload = {
        "format": FORMAT,
        "version": VERSION,
        "kind": kind,
        "config": config,
        "vocab": vocab,
        "state_dict": state_dict,
        "digest": _digest(kind, config, vocab, state_dict),
    }
    with _signals_raise():
        _write_atomically(payload, target, shown=os.fspath(path))
    _sync_folder(target.parent)


def _model_problem(kind: str, config: dict, vocab: list[str], state_dict: dict[str, torch.Tensor]) -> str | None:
    """What load_model would refuse in a file holding this model, or None."""
    problem = _vocabulary_problem(vocab) or _config_problem(config)
    if problem is None:
        with torch.random.fork_rng(devices=[]):  # building a reference must not move the caller's RNG
            reference, problem = _build(kind, vocab, config)
        if reference is not None:
            problem = _weights_problem(state_dict, reference.state_dict())
    if problem is not None and "dtype" in problem:
        problem += " (model.float() gives the dtypes its constructor makes)"
    return problem


def _write_atomically(payload: dict, target: Path, shown: str) -> None:
    """torch.save ``payload`` to a new hidden file next to ``target``, then rename it over ``target``."""
    temporary = None
    try:
        for _ in range(100):  # a fresh name; O_EXCL never opens someone else's file
            temporary = target.parent / f".{target.name}.{secrets.token_hex(4)}.partial"
            try:
                # 0o666 minus the umask, as open() gives: a saved model need not be private.
                handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
                break
            except FileExistsError:
                temporary = None
        else:
            raise FileExistsError(f"no free temporary name in {str(target.parent)!r}")
        with os.fdopen(handle, "wb") as file:
            torch.save(payload, file)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, target)
    except BaseException as err:  # a full disk, Ctrl-C, SIGTERM: the old file must survive, nothing left behind
        if temporary is not None:
            temporary.unlink(missing_ok=True)
        if isinstance(err, OSError):
            raise CheckpointWriteError(f"cannot save to {shown!r}: {err.strerror or err}") from None
        raise


class _Terminated(BaseException):
    """SIGTERM or SIGHUP arrived during a save (raised so that the save can clean up)."""

    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum


@contextlib.contextmanager
def _signals_raise() -> Iterator[None]:
    """During a save, SIGTERM and SIGHUP, if left to end the process (their default), raise
    :class:`_Terminated` instead; once the save has removed its temporary file, the process
    ends by the same signal, as it would have. Handlers a program installed are left alone."""
    signums = [getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name)]
    if threading.current_thread() is not threading.main_thread():
        signums = []  # only the main thread may set handlers
    arrived: list[int] = []
    saving = [True]

    def handler(signum: int, frame: Any) -> None:
        arrived.append(signum)
        if saving[0] and len(arrived) == 1:  # a second signal must not interrupt the clean-up
            raise _Terminated(signum)

    previous = {s: signal.getsignal(s) for s in signums}
    installed = [s for s in signums if previous[s] == signal.SIG_DFL]
    for signum in installed:
        signal.signal(signum, handler)
    try:
        yield
    except _Terminated:
        pass  # the save has removed its temporary file
    finally:
        saving[0] = False
        for signum in installed:
            signal.signal(signum, previous[signum])
    if arrived:  # end as the signal would have ended the process
        os.kill(os.getpid(), arrived[0])
        raise SystemExit(128 + arrived[0])  # reached only if the signal is blocked in this thread


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


# -- reading the file, bounded by its size ----------------------------------------------------------
def _refuse(path: str, reason: str) -> CheckpointError:
    return CheckpointError(f"{path!r} is not a usable seq2seq_lib checkpoint: {reason}")


_STRING_OPCODES = {"STRING", "BINSTRING", "SHORT_BINSTRING", "UNICODE", "BINUNICODE", "SHORT_BINUNICODE", "BINUNICODE8"}
_MARK, _OTHER = object(), object()


def _pickle_scan(data: bytes | IO[bytes]) -> tuple[list[str], list[str], bool]:
    """(what the pickle would import, its strings, whether it parsed to its STOP), opcode by opcode.

    A small model of the unpickler's stack and memo tracks which strings reach
    ``STACK_GLOBAL``, whichever opcodes pushed them (any string opcode, a memo ``GET``,
    ``DUP``). ``GLOBAL``, ``INST``, ``STACK_GLOBAL`` and the ``EXT`` opcodes are every way a
    pickle can import.
    """
    imports: list[str] = []
    strings: list[str] = []
    stack: list[Any] = []
    memo: dict[int, Any] = {}
    try:
        for op, arg, _ in pickletools.genops(data):
            name = op.name
            if name in ("GLOBAL", "INST"):
                imports.append(arg.replace(" ", ".", 1))
            elif name == "STACK_GLOBAL":
                qualname, module = stack.pop(), stack.pop()
                named = isinstance(module, str) and isinstance(qualname, str)
                imports.append(f"{module}.{qualname}" if named else "an object named by computed values")
                stack.append(_OTHER)
                continue
            elif name in ("EXT1", "EXT2", "EXT4"):
                imports.append(f"extension code {arg}")
            _step(op, arg, stack, memo)
            if name in _STRING_OPCODES:
                strings.append(arg)
    except Exception:  # a malformation: what was read so far is all there is to report
        return imports, strings, False
    return imports, strings, True


def _step(op: pickletools.OpcodeInfo, arg: Any, stack: list, memo: dict) -> None:
    """One opcode's effect on the stack and memo; values other than strings are opaque."""
    name = op.name
    if name == "MARK":
        stack.append(_MARK)
    elif name in ("PUT", "BINPUT", "LONG_BINPUT"):
        memo[arg] = stack[-1]
    elif name == "MEMOIZE":
        memo[len(memo)] = stack[-1]
    elif name in ("GET", "BINGET", "LONG_BINGET"):
        stack.append(memo[arg])
    elif name == "DUP":
        stack.append(stack[-1])
    else:
        _pop_arguments(op.stack_before, stack)
        stack.extend([arg if name in _STRING_OPCODES else _OTHER] * len(op.stack_after))


def _pop_arguments(before: list, stack: list) -> None:
    """Remove what an opcode takes from the stack: everything down to the mark, and what lies under it."""
    below = len(before)
    if pickletools.markobject in before:
        while stack.pop() is not _MARK:
            pass
        below = before.index(pickletools.markobject)
    if len(stack) < below:
        raise IndexError("stack underflow")
    del stack[len(stack) - below :]


def _open(path: str) -> tuple[IO[bytes], int]:
    """The file opened once for reading (it cannot change under us between the checks and the
    load), and its size; a FIFO or device is refused without waiting on it."""
    try:
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as err:
        raise _refuse(path, f"it cannot be read ({err.strerror or err})") from None
    status = os.fstat(descriptor)
    problem = None
    if not stat.S_ISREG(status.st_mode):
        problem = "it is not a regular file"
    elif status.st_size > MAX_FILE_BYTES:
        problem = f"it is {status.st_size:,} bytes, far larger than any model of this course"
    if problem:
        os.close(descriptor)
        raise _refuse(path, problem)
    file = os.fdopen(descriptor, "rb")
    return file, status.st_size


def _archive_problem(archive: zipfile.ZipFile, size: int) -> str | None:
    """Why the zip's directory is not what torch.save writes, judged before reading any entry."""
    entries = archive.infolist()
    if len(entries) > MAX_ZIP_ENTRIES:
        return f"it has {len(entries):,} entries, more than any checkpoint"
    for info in entries:
        if info.compress_type != zipfile.ZIP_STORED or info.file_size != info.compress_size or info.flag_bits & 1:
            return f"its entry {shorten(info.filename)} is compressed or encrypted, which torch.save never does"
        if info.header_offset + info.file_size > size:
            return "it is truncated (an entry ends past the end of the file)"
    if sum(info.file_size for info in entries) > size:
        return "its entries overlap (they claim more bytes than the file holds)"
    pickles = [info for info in entries if info.filename.endswith("data.pkl")]
    if len(pickles) != 1:
        return "it is truncated, corrupted or not a torch file"
    if pickles[0].file_size > MAX_PICKLE_BYTES:
        return f"its pickle is {pickles[0].file_size:,} bytes, far more than a checkpoint's"
    return None


def _zip_or_none(file: IO[bytes]) -> zipfile.ZipFile | None:
    try:
        return zipfile.ZipFile(file)
    except Exception:  # not a zip archive, or one whose directory is damaged
        return None


def _refuse_imports(path: str, imports: list[str]) -> None:
    foreign = sorted(set(imports) - _ALLOWED_IMPORTS)
    if foreign:
        raise _refuse(
            path,
            f"it asks to import Python code ({', '.join(shorten(name, 40) for name in foreign[:3])}), "
            "which a checkpoint never needs; nothing in it was run",
        )


def _read(path: str) -> Any:
    """The unpickled payload, or a :class:`CheckpointError` saying why not. Memory stays within the
    file's size: nothing compressed is unpacked, and the pickle is bounded before it is read."""
    file, size = _open(path)
    with file:
        archive = _zip_or_none(file)
        if archive is None:  # not a zip: perhaps a bare pickle; say what it asks for, if anything
            if size <= MAX_PICKLE_BYTES:
                file.seek(0)
                _refuse_imports(path, _pickle_scan(file)[0])
            raise _refuse(path, "it is truncated, corrupted or not a torch file")
        problem = _archive_problem(archive, size)
        if problem:
            raise _refuse(path, problem)
        try:
            data = archive.read(next(name for name in archive.namelist() if name.endswith("data.pkl")))
        except Exception:  # a bad CRC or local header
            raise _refuse(path, "it is truncated, corrupted or not a torch file") from None
        _refuse_imports(path, _pickle_scan(data)[0])
        file.seek(0)
        return _torch_load(path, file)


def _torch_load(path: str, file: IO[bytes]) -> Any:
    try:
        with warnings.catch_warnings():  # torch warns about odd pickle protocols of damaged files
            warnings.simplefilter("ignore")
            return torch.load(file, map_location="cpu", weights_only=True)
    except pickle.UnpicklingError as err:
        detail = _safe_loader_refusal(str(err))
        if detail:  # torch's own guard refused what the scan let through (an opcode it does not take)
            raise _refuse(path, f"torch's safe loader refused its pickle ({detail}); nothing in it was run") from None
        raise _refuse(path, "it is truncated, corrupted or not a torch file") from None
    except Exception:  # torch fails in many ways on damaged files; none of them is the user's to read
        raise _refuse(path, "it is truncated, corrupted or not a torch file") from None


def _safe_loader_refusal(message: str) -> str | None:
    """torch's own reason from a weights-only refusal ("Unsupported operand 149"), without its advice
    (which is to load with fewer safeguards); None if the message is not such a refusal."""
    _, found, reason = message.partition("WeightsUnpickler error:")
    if not found:
        return None
    first = reason.strip().splitlines()[0] if reason.strip() else "no reason given"
    return first.split(". ")[0].rstrip(".")[:100]


# -- checking what was read ---------------------------------------------------------------------
_ENTRIES = {
    "format": str,
    "version": int,
    "kind": str,
    "config": dict,
    "vocab": list,
    "state_dict": dict,
    "digest": str,
}


def _structure_problem(payload: Any) -> str | None:
    """Why the payload is not a checkpoint's dict of plain entries; reads no tensor values."""
    if not isinstance(payload, dict) or payload.get("format") != FORMAT:
        return "it is not a file written by seq2seq_lib.save_model"
    if payload.get("version") != VERSION:
        return (
            f"it has format version {shorten(payload.get('version'))}; this library reads version {VERSION} "
            "(train and save the model again: it takes seconds)"
        )
    for key, kind in _ENTRIES.items():
        if not isinstance(payload.get(key), kind):
            return f"its {key!r} entry is missing or not a {kind.__name__}"
    if set(payload) != set(_ENTRIES):
        return f"it has unexpected entries {shorten(sorted(set(payload) - set(_ENTRIES), key=str))}"
    if len(payload["kind"]) > MAX_TOKEN_CHARS:
        return f"it names an unknown model kind {shorten(payload['kind'])}"
    tensors = payload["state_dict"]
    if len(tensors) > MAX_TENSORS or not all(isinstance(name, str) and len(name) < 256 for name in tensors):
        return "its weights are not a mapping of names to tensors"
    return (
        _vocabulary_problem(payload["vocab"])
        or _config_problem(payload["config"])
        or next(filter(None, (_layout_problem(name, t) for name, t in tensors.items())), None)
    )


def _check(path: str, payload: Any) -> EncoderDecoder:
    """The model the payload describes, with its weights loaded; or a CheckpointError naming the problem.

    Order matters: plain structure and tensor layouts first (they bound what the digest reads),
    then the digest (so a damaged file is called damaged), then the model the configuration
    builds and the weights against it.
    """
    problem = _structure_problem(payload)
    if problem:
        raise _refuse(path, problem)
    kind, config, vocab, weights = (payload[key] for key in ("kind", "config", "vocab", "state_dict"))
    try:
        digest = _digest(kind, config, vocab, weights)
    except Exception:  # e.g. a configuration json cannot write
        raise _refuse(path, "its contents cannot be read") from None
    if digest != payload["digest"]:
        raise _refuse(
            path, "its contents do not match the digest stored with them: the file was damaged or changed after saving"
        )
    model, problem = _build(kind, vocab, config)
    if model is None:
        raise _refuse(path, problem)
    problem = _weights_problem(weights, model.state_dict())
    if problem:
        raise _refuse(path, problem)
    model.load_state_dict(weights)
    return model


def load_model(path: str | os.PathLike, map_location: torch.device | str | None = None) -> EncoderDecoder:
    """Rebuild a model saved by :func:`save_model`, in eval mode, on ``map_location`` (default CPU).

    Raises ``FileNotFoundError`` for a missing file, :class:`~seq2seq_lib.validation.ArgumentError`
    for a device this machine lacks, and :class:`CheckpointError` (a ``ValueError``) naming
    the file for anything that is not an intact checkpoint of this library: truncated,
    damaged, foreign, from another format version, inconsistent, or carrying code. Memory
    used while checking stays within what the file's size and its configuration imply.

    The stored digest catches accidents, not tampering (see the module's documentation):
    a file someone edited on purpose, digest recomputed, loads if it is consistent.
    """
    device = check_device("map_location", map_location)
    path = os.fspath(path)
    if not os.path.exists(path):
        raise FileNotFoundError(f"no checkpoint at {path!r}")
    model = _check(path, _read(path))
    model.eval()
    if device is not None:
        model.to(device)
    return model


def is_checkpoint(path: str | os.PathLike) -> bool:
    """Whether ``path`` is a torch archive whose pickle names this library's checkpoint format.

    Cheap (the weights are not read) and bounded like :func:`load_model`. A damaged
    checkpoint may still count as one; a file of another kind never does. The command line
    uses it to refuse to replace files that are not checkpoints.
    """
    try:
        file, size = _open(os.fspath(path))
    except CheckpointError:
        return False
    with file:
        try:
            archive = zipfile.ZipFile(file)
            if _archive_problem(archive, size):
                return False
            data = archive.read(next(name for name in archive.namelist() if name.endswith("data.pkl")))
        except Exception:
            return False
    imports, strings, _ = _pickle_scan(data)
    return strings[:2] == ["format", FORMAT] and not set(imports) - _ALLOWED_IMPORTS


__all__ = [
    "FORMAT",
    "VERSION",
    "CheckpointError",
    "CheckpointWriteError",
    "check_writable",
    "is_checkpoint",
    "load_model",
    "save_model",
]
