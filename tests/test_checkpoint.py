"""save_model / load_model: faithful round trips, atomic saves, and one clear refusal of anything else."""

from __future__ import annotations

import copyreg
import errno
import importlib.util
import io
import os
import pickle
import re
import signal
import struct
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest
import torch
from crafted_checkpoints import pickle_name, write_zip, zip_entries

import seq2seq_lib.checkpoint as checkpoint
from seq2seq_lib import AttentionSeq2Seq, Seq2Seq, Vocabulary, evaluate, load_model, save_model, translate
from seq2seq_lib.checkpoint import CheckpointError, CheckpointWriteError, _digest
from seq2seq_lib.validation import ArgumentError

VOCAB = Vocabulary.dates()
ROOT = Path(__file__).resolve().parent.parent


def assert_same_model(a: torch.nn.Module, b: torch.nn.Module) -> None:
    assert type(a) is type(b) and a.config() == b.config() and a.vocab == b.vocab
    sa, sb = a.state_dict(), b.state_dict()
    assert sa.keys() == sb.keys()
    for key in sa:
        assert sa[key].dtype == sb[key].dtype and torch.equal(sa[key], sb[key]), key


# -- round trips -------------------------------------------------------------------
@pytest.mark.parametrize("as_path", [True, False], ids=["pathlib", "str"])
def test_round_trip_keeps_weights_config_and_translations(trained, held_out, tmp_path, as_path):
    model = trained.model
    path = tmp_path / "model.pt"
    save_model(model, path if as_path else str(path))
    loaded = load_model(path if as_path else str(path))

    assert not loaded.training
    assert_same_model(loaded, model)
    assert translate(loaded, held_out.date_cn[:300]) == translate(model, held_out.date_cn[:300])
    assert evaluate(loaded, held_out) == evaluate(model, held_out)


@pytest.mark.parametrize(
    "build",
    [
        lambda: Seq2Seq(VOCAB, embedding_dim=5, units=7, transform_context=True),
        lambda: AttentionSeq2Seq(VOCAB, embedding_dim=6, units=9, score="additive"),
        lambda: AttentionSeq2Seq(VOCAB, embedding_dim=6, units=9, score="dot", max_output_len=12),
        lambda: AttentionSeq2Seq(VOCAB, embedding_dim=6, units=9, feed_context=True),
    ],
    ids=["plain-transform-context", "attention-additive", "attention-dot", "attention-feed-context"],
)
def test_round_trip_keeps_non_default_configurations(tmp_path, build):
    model = build()
    save_model(model, tmp_path / "m.pt")
    assert_same_model(load_model(tmp_path / "m.pt"), model)


def test_a_saved_file_gets_the_usual_permissions(tmp_path):
    save_model(Seq2Seq(VOCAB, units=4), tmp_path / "m.pt")
    umask = os.umask(0)
    os.umask(umask)
    assert (tmp_path / "m.pt").stat().st_mode & 0o777 == 0o666 & ~umask


def test_loading_uses_weights_only(trained_plain, tmp_path, monkeypatch):
    save_model(trained_plain.model, tmp_path / "m.pt")
    calls = []
    real_load = torch.load

    def spy(*args, **kwargs):
        calls.append(kwargs)
        return real_load(*args, **kwargs)

    monkeypatch.setattr(torch, "load", spy)
    load_model(tmp_path / "m.pt")
    assert len(calls) == 1 and calls[0].get("weights_only") is True


@pytest.mark.parametrize("location", ["cpu", torch.device("cpu")])
def test_map_location_places_the_loaded_model(trained_plain, tmp_path, location):
    save_model(trained_plain.model, tmp_path / "m.pt")
    loaded = load_model(tmp_path / "m.pt", map_location=location)
    assert all(p.device.type == "cpu" for p in loaded.parameters())


@pytest.mark.parametrize(
    ("location", "problem"),
    [("meta", "holds shapes but no values"), ("bogus", "not a torch device")]
    + ([] if torch.cuda.is_available() else [("cuda", "not usable on this machine")]),
)
def test_an_unusable_map_location_is_a_clear_error(tmp_path, location, problem):
    save_model(Seq2Seq(VOCAB, units=4), tmp_path / "m.pt")
    with pytest.raises(ValueError, match=problem) as excinfo:
        load_model(tmp_path / "m.pt", map_location=location)
    assert "map_location" in str(excinfo.value)


def test_only_registered_model_kinds_can_be_saved(tmp_path):
    with pytest.raises(TypeError, match="not a registered model kind"):
        save_model(torch.nn.Linear(2, 2), tmp_path / "m.pt")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.skipif(
    not torch.cuda.is_available(),
    reason="needs a CUDA GPU (CPU counterpart: test_map_location_places_the_loaded_model)",
)
def test_a_gpu_model_saves_a_file_that_loads_on_the_cpu(tmp_path):
    model = AttentionSeq2Seq(VOCAB).to("cuda")
    save_model(model, tmp_path / "m.pt")
    loaded = load_model(tmp_path / "m.pt")
    assert all(p.device.type == "cpu" for p in loaded.parameters())
    assert_same_model(loaded, model.cpu())


# -- saving never loses an earlier file ----------------------------------------------
@pytest.fixture
def old_checkpoint(tmp_path):
    path = tmp_path / "model.pt"
    save_model(Seq2Seq(VOCAB, units=4), path)
    return path, path.read_bytes()


def _fail_midway(error: BaseException):
    real_save = torch.save

    def save(payload, file, *args, **kwargs):
        real_save(payload, file, *args, **kwargs)
        file.truncate(100)  # half a file is on disk when the failure comes
        raise error

    return save


@pytest.mark.parametrize(
    "error", [OSError(errno.ENOSPC, "No space left on device"), KeyboardInterrupt()], ids=["disk-full", "ctrl-c"]
)
def test_a_save_that_fails_midway_leaves_the_old_file_byte_identical(old_checkpoint, monkeypatch, error):
    path, before = old_checkpoint
    monkeypatch.setattr(torch, "save", _fail_midway(error))
    expected = CheckpointWriteError if isinstance(error, OSError) else KeyboardInterrupt
    with pytest.raises(expected) as excinfo:
        save_model(AttentionSeq2Seq(VOCAB, units=4), path)
    assert path.read_bytes() == before
    assert sorted(p.name for p in path.parent.iterdir()) == ["model.pt"], "no partial file is left behind"
    if expected is CheckpointWriteError:
        assert isinstance(excinfo.value, OSError) and str(path) in str(excinfo.value)
        assert "No space left" in str(excinfo.value)


def test_a_successful_save_replaces_the_old_file(old_checkpoint):
    path, before = old_checkpoint
    new = AttentionSeq2Seq(VOCAB, units=4)
    save_model(new, path)
    assert path.read_bytes() != before
    assert_same_model(load_model(path), new)


@pytest.mark.parametrize(
    ("target", "problem"),
    [
        (lambda tmp: tmp / "missing" / "m.pt", "does not exist"),
        (lambda tmp: tmp, "a folder"),
        (lambda tmp: "/dev/full", "not a regular file"),
        (lambda tmp: "/proc/m.pt", "not writable"),
    ],
    ids=["missing-folder", "a-folder", "dev-full", "proc"],
)
def test_an_unwritable_path_is_a_clear_error(tmp_path, target, problem):
    path = target(tmp_path)
    with pytest.raises(CheckpointWriteError, match=problem) as excinfo:
        save_model(Seq2Seq(VOCAB, units=4), path)
    assert str(path) in str(excinfo.value)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this platform")
def test_a_fifo_is_neither_written_nor_read(tmp_path):
    fifo = tmp_path / "pipe.pt"
    os.mkfifo(fifo)
    with pytest.raises(CheckpointWriteError, match="not a regular file"):
        save_model(Seq2Seq(VOCAB, units=4), fifo)
    assert_clear_checkpoint_error(fifo)  # refused at once: opening it would wait for a writer


# -- files that are not checkpoints ------------------------------------------------
def assert_clear_checkpoint_error(path) -> CheckpointError:
    """load_model refuses ``path`` with one CheckpointError naming it, never torch's own words."""
    with pytest.raises(CheckpointError) as excinfo:
        load_model(path)
    error = excinfo.value
    message = str(error)
    assert isinstance(error, ValueError)
    assert message.startswith(f"{str(path)!r} is not a usable seq2seq_lib checkpoint: ")
    assert "weights_only" not in message and "torch.load" not in message, message
    assert error.__cause__ is None
    assert error.__context__ is None or error.__suppress_context__
    return error


@pytest.fixture(scope="module")
def small_checkpoint(tmp_path_factory):
    path = tmp_path_factory.mktemp("ck") / "good.pt"
    model = Seq2Seq(VOCAB, embedding_dim=2, units=2, max_output_len=12)
    save_model(model, path)
    return model, path.read_bytes()


@pytest.fixture(scope="module")
def checkpoint_bytes(small_checkpoint) -> bytes:
    return small_checkpoint[1]


@pytest.mark.parametrize("keep", [0.5, 0.9, 100], ids=["half", "most", "first-100-bytes"])
def test_a_truncated_checkpoint_is_refused(checkpoint_bytes, tmp_path, keep):
    size = int(len(checkpoint_bytes) * keep) if keep < 1 else keep
    path = tmp_path / "truncated.pt"
    path.write_bytes(checkpoint_bytes[:size])
    assert "truncated" in str(assert_clear_checkpoint_error(path))


def test_an_empty_file_is_refused(tmp_path):
    path = tmp_path / "empty.pt"
    path.write_bytes(b"")
    assert_clear_checkpoint_error(path)


# Fixed byte streams: their first bytes happen to be different pickle opcodes, which
# torch's unpickler answers with different exception types.
@pytest.mark.parametrize("seed", [0, 3, 13, 36, 140])
def test_a_file_of_random_bytes_is_refused_and_not_called_code(tmp_path, seed):
    path = tmp_path / f"random-{seed}.pt"
    path.write_bytes(np.random.RandomState(seed).bytes(4096))
    assert "import" not in str(assert_clear_checkpoint_error(path))


@pytest.mark.parametrize("text", ["hello world\n", "0", "{'format': 'seq2seq_lib-checkpoint'}"])
def test_a_text_file_is_refused(tmp_path, text):
    path = tmp_path / "notes.pt"
    path.write_text(text)
    assert_clear_checkpoint_error(path)


@pytest.mark.parametrize(
    "payload",
    [{"a": 1}, torch.zeros(3), [1, 2, 3], {"format": "something-else", "version": 2}],
    ids=["dict", "tensor", "list", "other-format"],
)
def test_a_torch_file_that_is_not_our_checkpoint_is_refused(tmp_path, payload):
    path = tmp_path / "foreign.pt"
    torch.save(payload, path)
    assert "not a file written by seq2seq_lib.save_model" in str(assert_clear_checkpoint_error(path))


def test_a_plain_state_dict_is_refused(tmp_path):
    path = tmp_path / "state_dict.pt"
    torch.save(Seq2Seq(VOCAB).state_dict(), path)
    assert_clear_checkpoint_error(path)


def test_a_directory_is_refused(tmp_path):
    assert_clear_checkpoint_error(tmp_path)


def test_a_missing_file_is_a_file_not_found_error(tmp_path):
    with pytest.raises(FileNotFoundError, match="missing.pt"):
        load_model(tmp_path / "missing.pt")


# -- damaged and crafted checkpoints ---------------------------------------------------
def rewrite(checkpoint_bytes, tmp_path, change, keep_digest_valid: bool):
    """A copy of a good checkpoint with ``change`` applied to its payload; its digest recomputed or not."""
    original = tmp_path / "good.pt"
    original.write_bytes(checkpoint_bytes)
    payload = torch.load(original, weights_only=True)
    change(payload)
    if keep_digest_valid and all(k in payload for k in ("kind", "config", "vocab", "state_dict")):
        payload["digest"] = _digest(payload["kind"], payload["config"], payload["vocab"], payload["state_dict"])
    path = tmp_path / "crafted.pt"
    torch.save(payload, path)
    return path


def _set_weight(name, value):
    return lambda p: p["state_dict"].update({name: value})


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (lambda p: p.update(version=1), "format version 1"),
        (lambda p: p.update(kind="Transformer-XL"), "unknown model kind"),
        (lambda p: p["state_dict"].pop("output.bias"), "weights do not match its configuration"),
        (_set_weight("output.bias", torch.zeros(5)), "wrong dtype or shape"),
        (_set_weight("output.bias", torch.zeros(27, dtype=torch.float64)), "wrong dtype or shape"),
        (_set_weight("output.bias", torch.full((27,), float("nan"))), "NaN or infinite"),
        (_set_weight("output.bias", torch.full((27,), float("inf"))), "NaN or infinite"),
        (lambda p: p["config"].update(units="32"), "configuration is invalid"),
        (lambda p: p["config"].update(colour="blue"), "configuration is invalid"),
        (lambda p: p["config"].update(units=30_000), "units must be between 1 and 1,024"),
        (lambda p: p["config"].update(embedding_dim=10**9), "embedding_dim must be between"),
        (lambda p: p["config"].update(max_output_len=10**6), "max_output_len must be between"),
        (lambda p: p.update(vocab=[f"t{i}" for i in range(20_000)] + ["<GO>", "<EOS>"]), "tokens"),
        (lambda p: p.update(vocab=["<GO>", "<EOS>", 7]), "vocabulary"),
        (lambda p: p.update(vocab=list(reversed(p["vocab"]))), "vocabulary"),
        (lambda p: p.pop("vocab"), "'vocab' entry is missing"),
        (lambda p: p.update(extra=1), "unexpected entries"),
    ],
    ids=[
        "old-version",
        "unknown-kind",
        "missing-weight",
        "wrong-shape",
        "wrong-dtype",
        "nan-weights",
        "inf-weights",
        "bad-config-value",
        "unknown-config-key",
        "huge-units",
        "huge-embedding",
        "endless-output",
        "huge-vocabulary",
        "non-string-token",
        "reordered-vocabulary",
        "no-vocab",
        "extra-entry",
    ],
)
def test_a_crafted_checkpoint_is_refused_naming_the_problem(checkpoint_bytes, tmp_path, change, problem):
    path = rewrite(checkpoint_bytes, tmp_path, change, keep_digest_valid=True)
    started = time.perf_counter()
    error = assert_clear_checkpoint_error(path)
    assert problem in str(error)
    assert time.perf_counter() - started < 10, "a crafted config must be refused before anything big is built"


@pytest.mark.parametrize(
    "change",
    [
        _set_weight("output.bias", torch.ones(27)),
        lambda p: p["config"].update(max_output_len=11),
        lambda p: p.update(kind="attention"),
        lambda p: p.update(digest="0" * 64),
    ],
    ids=["weights", "config", "kind", "digest"],
)
def test_a_checkpoint_changed_after_saving_fails_its_digest(checkpoint_bytes, tmp_path, change):
    path = rewrite(checkpoint_bytes, tmp_path, change, keep_digest_valid=False)
    assert "do not match the digest" in str(assert_clear_checkpoint_error(path))


def test_every_flipped_byte_is_refused_or_loads_the_identical_model(small_checkpoint, tmp_path):
    """Fuzzing: a sample of single-byte changes all over the file (scripts/fuzz_checkpoint.py tries them all)."""
    model, raw = small_checkpoint
    path = tmp_path / "flipped.pt"
    outcomes = {"refused": 0, "identical": 0}
    rng = np.random.RandomState(0)
    for position in range(0, len(raw), 7):
        damaged = bytearray(raw)
        damaged[position] ^= int(rng.randint(1, 256))
        path.write_bytes(bytes(damaged))
        try:
            loaded = load_model(path)
        except CheckpointError:
            outcomes["refused"] += 1
            continue
        assert_same_model(loaded, model)
        outcomes["identical"] += 1
    assert outcomes["refused"] > 100 and sum(outcomes.values()) == len(range(0, len(raw), 7)), outcomes


def load_fuzz_script():
    spec = importlib.util.spec_from_file_location("_fuzz_checkpoint", ROOT / "scripts" / "fuzz_checkpoint.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_fuzz_script_passes_on_a_sample():
    done = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "fuzz_checkpoint.py"), "--sample", "60", "--seed", "1"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    counts = re.search(r"^60 mutations of [\d,]+ bytes: (\d+) identical, (\d+) refused, 0 other", done.stdout, re.M)
    assert counts and int(counts[1]) + int(counts[2]) == 60, done.stdout


def test_the_fuzz_script_fails_when_a_damaged_file_loads_a_different_model(monkeypatch, capsys):
    fuzz = load_fuzz_script()
    real_load = fuzz.load_model

    def misleading_load(path):  # the original loads; every damaged file "loads" a fresh model
        return real_load(path) if Path(path).name == "original.pt" else Seq2Seq(VOCAB, units=3)

    monkeypatch.setattr(fuzz, "load_model", misleading_load)
    assert fuzz.main(["--sample", "3"]) == 1
    out, err = capsys.readouterr()
    assert "3 mutations" in out and "0 identical, 0 refused, 3 other" in out
    assert err.count("loaded, but") == 3


def test_the_fuzz_script_counts_an_unexpected_exception_as_a_failure(monkeypatch, capsys):
    fuzz = load_fuzz_script()
    real_load = fuzz.load_model

    def crashing_load(path):
        if Path(path).name == "original.pt":
            return real_load(path)
        raise RuntimeError("unpickling went wrong")

    monkeypatch.setattr(fuzz, "load_model", crashing_load)
    assert fuzz.main(["--sample", "2"]) == 1
    assert "RuntimeError: unpickling went wrong" in capsys.readouterr().err


# -- files that carry code ---------------------------------------------------------
class WritesMarker:
    """Unpickling this runs code: it creates the file ``marker``."""

    def __init__(self, marker):
        self.marker = str(marker)

    def __reduce__(self):
        return (exec, (f"open({self.marker!r}, 'w').close()",))


def armed_checkpoint(path, marker, checkpoint_bytes, tmp_path):
    """A genuine checkpoint with one extra entry that runs code when unpickled."""
    good = tmp_path / "good-for-arming.pt"
    good.write_bytes(checkpoint_bytes)
    payload = torch.load(good, weights_only=True)
    payload["extra"] = WritesMarker(marker)
    torch.save(payload, path)


def test_the_armed_checkpoint_really_runs_code_when_loaded_unsafely(checkpoint_bytes, tmp_path):
    """The control: without weights_only, the crafted file does execute its payload."""
    marker = tmp_path / "control-marker"
    armed_checkpoint(tmp_path / "armed.pt", marker, checkpoint_bytes, tmp_path)
    torch.load(tmp_path / "armed.pt", weights_only=False)
    assert marker.exists()


def test_a_checkpoint_that_carries_code_is_refused_without_running_it(checkpoint_bytes, tmp_path, monkeypatch):
    marker = tmp_path / "marker"
    path = tmp_path / "armed.pt"
    armed_checkpoint(path, marker, checkpoint_bytes, tmp_path)
    loads = []
    monkeypatch.setattr(torch, "load", lambda *a, **k: loads.append(1))
    error = assert_clear_checkpoint_error(path)
    assert not marker.exists()
    assert not loads, "the file is refused by the library's own scan, before torch unpickles anything"
    assert "asks to import Python code" in str(error) and "exec" in str(error)


@pytest.mark.filterwarnings("ignore:Detected pickle protocol")
@pytest.mark.parametrize("protocol", [2, pickle.HIGHEST_PROTOCOL])
def test_a_bare_pickle_that_carries_code_is_refused_without_running_it(tmp_path, protocol):
    marker = tmp_path / "marker"
    path = tmp_path / "evil.pkl"
    with open(path, "wb") as f:
        pickle.dump({"format": "seq2seq_lib-checkpoint", "extra": WritesMarker(marker)}, f, protocol=protocol)
    error = assert_clear_checkpoint_error(path)
    assert not marker.exists()
    assert "exec" in str(error)


# -- the pickle is read opcode by opcode (issue 20, item 6) -------------------------------------
# Each way a pickle can name ``os.system``; followed by the call ``os.system("true")``.
_U = b"U\x02osU\x06system\x93"  # SHORT_BINSTRING twice, then STACK_GLOBAL
_NAMINGS = {
    "GLOBAL": b"cos\nsystem\n",
    "SHORT_BINSTRING": _U,
    "BINSTRING": b"T\x02\x00\x00\x00osT\x06\x00\x00\x00system\x93",
    "STRING": b"S'os'\nS'system'\n\x93",
    "UNICODE": b"Vos\nVsystem\n\x93",
    "BINUNICODE8": b"\x8d" + struct.pack("<Q", 2) + b"os\x8d" + struct.pack("<Q", 6) + b"system\x93",
    "MEMOIZE-BINGET": b"\x8c\x02os\x940\x8c\x06system\x940h\x00h\x01\x93",
    "BINPUT-LONG_BINGET": b"\x8c\x02osq\x050\x8c\x06systemr\x07\x00\x00\x000h\x05j\x07\x00\x00\x00\x93",
    "PUT-GET": b"Vos\np1\n0Vsystem\np2\n0g1\ng2\n\x93",
    "decoy-string-popped": b"\x8c\x02os\x8c\x06system\x8c\x0bcollections0\x93",
    "decoy-in-a-tuple": b"\x8c\x02os\x8c\x06system(\x8c\x0bcollections\x8c\x0bOrderedDictt0\x93",
}
_CALL_TRUE = b"\x8c\x04true\x85R."  # ("true",) REDUCE STOP
EVIL_PICKLES = {name: b"\x80\x02" + naming + _CALL_TRUE for name, naming in _NAMINGS.items()}
EVIL_PICKLES["INST"] = b"(S'true'\nios\nsystem\n."  # protocol 0: MARK, the argument, INST calls os.system
EXTENSION_CODE = 240  # copyreg's range for private use starts here
EVIL_PICKLES["EXT1"] = b"\x80\x02\x82" + bytes([EXTENSION_CODE]) + _CALL_TRUE


class RecordingUnpickler(pickle.Unpickler):
    """The control: a real unpickler that records what it is asked to import and returns a harmless stand-in."""

    def __init__(self, data: bytes):
        super().__init__(io.BytesIO(data))
        self.asked: list[tuple[str, str]] = []

    def find_class(self, module, name):
        self.asked.append((module, name))
        return lambda *args: None


@pytest.fixture
def os_system_extension():
    copyreg.add_extension("os", "system", EXTENSION_CODE)
    yield
    copyreg.remove_extension("os", "system", EXTENSION_CODE)


@pytest.mark.parametrize("name", sorted(EVIL_PICKLES))
def test_the_crafted_pickles_really_import_os_system(name, os_system_extension):
    """The control: Python's own unpickler asks each of them for os.system."""
    unpickler = RecordingUnpickler(EVIL_PICKLES[name])
    unpickler.load()
    assert unpickler.asked == [("os", "system")]


@pytest.mark.parametrize("name", sorted(EVIL_PICKLES))
@pytest.mark.parametrize("container", ["torch-zip", "bare-pickle"])
def test_a_pickle_naming_os_system_is_refused_as_asking_for_code(
    checkpoint_bytes, tmp_path, monkeypatch, name, container
):
    path = tmp_path / "evil.pt"
    if container == "bare-pickle":
        path.write_bytes(EVIL_PICKLES[name])
    else:  # a genuine checkpoint whose pickle is replaced
        (tmp_path / "good.pt").write_bytes(checkpoint_bytes)
        entries = zip_entries(tmp_path / "good.pt")
        entries[pickle_name(entries)] = EVIL_PICKLES[name]
        write_zip(entries, path)
    loads = []
    monkeypatch.setattr(torch, "load", lambda *a, **k: loads.append(1))
    message = str(assert_clear_checkpoint_error(path))
    assert "asks to import Python code" in message, message
    assert ("os.system" in message) if name != "EXT1" else (f"extension code {EXTENSION_CODE}" in message)
    assert not loads, "refused by the library's own reading of the pickle, before torch unpickles anything"


def test_torch_s_own_guard_still_refuses_what_the_scan_would_miss(checkpoint_bytes, tmp_path, monkeypatch):
    """The second, independent layer: with the scan blinded, torch's weights-only loader refuses, and the
    message says so honestly (not "corrupted")."""
    (tmp_path / "good.pt").write_bytes(checkpoint_bytes)
    entries = zip_entries(tmp_path / "good.pt")
    entries[pickle_name(entries)] = EVIL_PICKLES["SHORT_BINSTRING"]
    write_zip(entries, tmp_path / "evil.pt")
    monkeypatch.setattr(checkpoint, "_pickle_scan", lambda data: ([], [], True))
    message = str(assert_clear_checkpoint_error(tmp_path / "evil.pt"))
    assert "torch's safe loader refused its pickle" in message and "nothing in it was run" in message, message


@pytest.mark.parametrize("protocol", [2, 3, 4, 5])
def test_the_scan_reads_genuine_pickles_of_every_protocol_as_harmless(checkpoint_bytes, tmp_path, protocol):
    (tmp_path / "good.pt").write_bytes(checkpoint_bytes)
    payload = torch.load(tmp_path / "good.pt", weights_only=True)
    torch.save(payload, tmp_path / "resaved.pt", pickle_protocol=protocol)
    entries = zip_entries(tmp_path / "resaved.pt")
    imports, strings, complete = checkpoint._pickle_scan(entries[pickle_name(entries)])
    assert complete and set(imports) == {
        "torch._utils._rebuild_tensor_v2",
        "torch.FloatStorage",
        "collections.OrderedDict",
    }
    assert strings[:2] == ["format", checkpoint.FORMAT] and checkpoint.is_checkpoint(tmp_path / "resaved.pt")
    if protocol <= 3:
        load_model(tmp_path / "resaved.pt")
    else:  # torch's weights-only loader takes no protocol-4 framing: refused, and the message says what refused it
        assert "torch's safe loader refused its pickle" in str(assert_clear_checkpoint_error(tmp_path / "resaved.pt"))


# -- save_model checks what load_model checks (issue 20, item 4) --------------------------------
@pytest.mark.parametrize(
    ("spoil", "problem"),
    [
        (lambda m: m.half(), "float16"),
        (lambda m: m.double(), "float64"),
        (lambda m: m.output.bias.data.fill_(float("nan")), "NaN or infinite"),
        (lambda m: m.output.bias.data.fill_(float("inf")), "NaN or infinite"),
        (lambda m: setattr(m, "max_output_len", 10**6), "max_output_len"),
    ],
    ids=["half", "double", "nan", "inf", "config-beyond-bounds"],
)
def test_save_refuses_a_model_load_would_refuse_and_leaves_the_good_file(tmp_path, spoil, problem):
    good = tmp_path / "good.pt"
    save_model(Seq2Seq(VOCAB, units=4), good)
    before = good.read_bytes()
    model = load_model(good)
    spoil(model)
    with pytest.raises(ArgumentError, match=problem) as excinfo:
        save_model(model, good)
    assert "load_model would refuse" in str(excinfo.value)
    assert good.read_bytes() == before and sorted(p.name for p in tmp_path.iterdir()) == ["good.pt"]


def test_save_refuses_a_vocabulary_load_would_refuse(tmp_path):
    long_token = "x" * 65
    model = Seq2Seq(Vocabulary(list(VOCAB.tokens[1:]) + [long_token]), units=4)
    with pytest.raises(ArgumentError, match="vocabulary"):
        save_model(model, tmp_path / "m.pt")
    assert list(tmp_path.iterdir()) == []


def test_saving_does_not_move_the_random_number_generator(tmp_path):
    model = AttentionSeq2Seq(VOCAB, units=4)
    torch.manual_seed(5)
    state = torch.get_rng_state()
    save_model(model, tmp_path / "m.pt")
    assert torch.equal(torch.get_rng_state(), state)


def test_a_weight_stored_as_a_strided_view_is_saved_compact_and_loads_identical(tmp_path):
    model = Seq2Seq(VOCAB, units=4)
    with torch.no_grad():
        transposed = torch.randn(model.output.weight.shape[::-1]).t()  # the right shape, not contiguous
        model.output.weight = torch.nn.Parameter(transposed)
    assert not model.output.weight.is_contiguous()
    save_model(model, tmp_path / "m.pt")
    assert_same_model(load_model(tmp_path / "m.pt"), model)


# -- what the digest promises (issue 20, item 5) -------------------------------------------------
def test_the_digest_catches_accidents_not_tampering_and_the_documentation_says_so(checkpoint_bytes, tmp_path):
    """A deliberate edit with the digest recomputed loads: the digest is unkeyed. Say so, promise no more."""
    path = rewrite(checkpoint_bytes, tmp_path, _set_weight("output.bias", torch.ones(27)), keep_digest_valid=True)
    assert torch.equal(load_model(path).output.bias, torch.ones(27))
    for documented in (checkpoint.__doc__, load_model.__doc__):
        assert "not tampering" in " ".join(documented.split())


# -- a signal during a save leaves nothing behind (issue 20, item 7) ------------------------------
_SLOW_SAVE = """
import sys, time, torch
from seq2seq_lib import Seq2Seq, Vocabulary, save_model
real_save = torch.save

def slow_save(payload, file, *args, **kwargs):
    real_save(payload, file, *args, **kwargs)
    file.flush()
    print("writing", flush=True)
    time.sleep(120)  # the signal comes now, with the temporary file on disk

torch.save = slow_save
save_model(Seq2Seq(Vocabulary.dates(), units=4), sys.argv[1])
print("saved", flush=True)
"""


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP], ids=["SIGTERM", "SIGHUP"])
def test_sigterm_or_sighup_during_a_save_removes_the_partial_file_and_ends_by_that_signal(old_checkpoint, signum):
    path, before = old_checkpoint
    process = subprocess.Popen(
        [sys.executable, "-c", _SLOW_SAVE, str(path)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    try:
        assert process.stdout.readline() == "writing\n", process.stderr.read()
        assert any(p.name.endswith(".partial") for p in path.parent.iterdir()), "the temporary file is there"
        process.send_signal(signum)
        out, err = process.communicate(timeout=60)
    finally:
        process.kill()
    assert process.returncode == -signum, (process.returncode, out, err)
    assert "saved" not in out and "Traceback" not in err
    assert sorted(p.name for p in path.parent.iterdir()) == ["model.pt"], "no .partial file is left behind"
    assert path.read_bytes() == before


def test_a_program_s_own_sigterm_handler_is_left_alone(old_checkpoint):
    path, before = old_checkpoint
    script = "import signal, sys\nsignal.signal(signal.SIGTERM, lambda s, f: sys.exit(7))\n" + _SLOW_SAVE
    process = subprocess.Popen(
        [sys.executable, "-c", script, str(path)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    try:
        assert process.stdout.readline() == "writing\n", process.stderr.read()
        process.send_signal(signal.SIGTERM)
        process.communicate(timeout=60)
    finally:
        process.kill()
    assert process.returncode == 7  # its handler ran; the save cleaned up after the SystemExit it raised
    assert sorted(p.name for p in path.parent.iterdir()) == ["model.pt"]
    assert path.read_bytes() == before


# -- symbolic links are written through ---------------------------------------------------------
def test_saving_to_a_symbolic_link_replaces_the_file_it_points_to(tmp_path):
    (tmp_path / "runs").mkdir()
    save_model(Seq2Seq(VOCAB, units=4), tmp_path / "runs" / "run7.pt")
    link = tmp_path / "latest.pt"
    link.symlink_to("runs/run7.pt")
    new = AttentionSeq2Seq(VOCAB, units=4)
    save_model(new, link)
    assert link.is_symlink() and os.readlink(link) == "runs/run7.pt"
    assert_same_model(load_model(tmp_path / "runs" / "run7.pt"), new)
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["latest.pt", "run7.pt", "runs"]


def test_a_dangling_link_is_written_through_and_a_looping_one_refused(tmp_path):
    (tmp_path / "dangling.pt").symlink_to("target.pt")
    save_model(Seq2Seq(VOCAB, units=4), tmp_path / "dangling.pt")
    assert (tmp_path / "target.pt").is_file() and (tmp_path / "dangling.pt").is_symlink()
    (tmp_path / "a.pt").symlink_to("b.pt")
    (tmp_path / "b.pt").symlink_to("a.pt")
    with pytest.raises(CheckpointWriteError, match="a symbolic link that loops"):
        save_model(Seq2Seq(VOCAB, units=4), tmp_path / "a.pt")
