"""save_model / load_model: faithful round trips, and clear refusals of anything else."""

from __future__ import annotations

import pickle

import numpy as np
import pytest
import torch

from seq2seq_lib import AttentionSeq2Seq, Seq2Seq, Vocabulary, evaluate, load_model, save_model, translate
from seq2seq_lib.checkpoint import CheckpointError

VOCAB = Vocabulary.dates()


def assert_same_state(a: torch.nn.Module, b: torch.nn.Module) -> None:
    sa, sb = a.state_dict(), b.state_dict()
    assert sa.keys() == sb.keys()
    for key in sa:
        assert torch.equal(sa[key], sb[key]), key


# -- round trips -------------------------------------------------------------------
@pytest.mark.parametrize("as_path", [True, False], ids=["pathlib", "str"])
def test_round_trip_keeps_weights_config_and_translations(trained, held_out, tmp_path, as_path):
    model = trained.model
    path = tmp_path / "model.pt"
    save_model(model, path if as_path else str(path))
    loaded = load_model(path if as_path else str(path))

    assert type(loaded) is type(model)
    assert loaded.config() == model.config()
    assert loaded.vocab == model.vocab
    assert not loaded.training
    assert_same_state(loaded, model)
    assert translate(loaded, held_out.date_cn[:300]) == translate(model, held_out.date_cn[:300])
    assert evaluate(loaded, held_out) == evaluate(model, held_out)


@pytest.mark.parametrize(
    "build",
    [
        lambda: Seq2Seq(VOCAB, embedding_dim=5, units=7, transform_context=True),
        lambda: AttentionSeq2Seq(VOCAB, embedding_dim=6, units=9, score="additive"),
        lambda: AttentionSeq2Seq(VOCAB, embedding_dim=6, units=9, score="dot"),
    ],
    ids=["plain-transform-context", "attention-additive", "attention-dot"],
)
def test_round_trip_keeps_non_default_configurations(tmp_path, build):
    model = build()
    save_model(model, tmp_path / "m.pt")
    loaded = load_model(tmp_path / "m.pt")
    assert type(loaded) is type(model) and loaded.config() == model.config()
    assert_same_state(loaded, model)


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


@pytest.mark.parametrize("location", ["cpu", torch.device("cpu"), "meta"])
def test_map_location_places_the_loaded_model(trained_plain, tmp_path, location):
    save_model(trained_plain.model, tmp_path / "m.pt")
    loaded = load_model(tmp_path / "m.pt", map_location=location)
    expected = torch.device(location).type
    assert all(p.device.type == expected for p in loaded.parameters())


def test_only_the_course_models_can_be_saved(tmp_path):
    with pytest.raises(TypeError, match="can only save"):
        save_model(torch.nn.Linear(2, 2), tmp_path / "m.pt")


@pytest.mark.skipif(
    not torch.cuda.is_available(),
    reason="needs a CUDA GPU (CPU counterpart: test_map_location_places_the_loaded_model)",
)
def test_a_gpu_model_saves_a_file_that_loads_on_the_cpu(tmp_path):
    model = AttentionSeq2Seq(VOCAB).to("cuda")
    save_model(model, tmp_path / "m.pt")
    loaded = load_model(tmp_path / "m.pt")
    assert all(p.device.type == "cpu" for p in loaded.parameters())
    assert_same_state(loaded, model.cpu())


# -- files that are not checkpoints ------------------------------------------------
def assert_clear_checkpoint_error(path) -> CheckpointError:
    """load_model refuses ``path`` with a CheckpointError naming it, not a raw torch error."""
    with pytest.raises(CheckpointError) as excinfo:
        load_model(path)
    error = excinfo.value
    assert isinstance(error, ValueError)
    assert str(path) in str(error)
    assert error.__cause__ is None
    assert error.__context__ is None or error.__suppress_context__
    return error


@pytest.fixture(scope="module")
def checkpoint_bytes(tmp_path_factory) -> bytes:
    path = tmp_path_factory.mktemp("ck") / "good.pt"
    save_model(Seq2Seq(VOCAB, embedding_dim=4, units=8), path)
    return path.read_bytes()


@pytest.mark.parametrize("keep", [0.5, 0.9, 100], ids=["half", "most", "first-100-bytes"])
def test_a_truncated_checkpoint_is_refused(checkpoint_bytes, tmp_path, keep):
    size = int(len(checkpoint_bytes) * keep) if keep < 1 else keep
    path = tmp_path / "truncated.pt"
    path.write_bytes(checkpoint_bytes[:size])
    assert_clear_checkpoint_error(path)


def test_an_empty_file_is_refused(tmp_path):
    path = tmp_path / "empty.pt"
    path.write_bytes(b"")
    assert_clear_checkpoint_error(path)


# Fixed byte streams: their first bytes happen to be different pickle opcodes, which
# torch's unpickler answers with different exception types.
@pytest.mark.parametrize("seed", [0, 3, 13, 36, 140])
def test_a_file_of_random_bytes_is_refused(tmp_path, seed):
    path = tmp_path / f"random-{seed}.pt"
    path.write_bytes(np.random.RandomState(seed).bytes(4096))
    assert_clear_checkpoint_error(path)


@pytest.mark.parametrize("text", ["hello world\n", "0", "{'format': 'seq2seq_lib-checkpoint'}"])
def test_a_text_file_is_refused(tmp_path, text):
    path = tmp_path / "notes.pt"
    path.write_text(text)
    assert_clear_checkpoint_error(path)


@pytest.mark.parametrize(
    "payload",
    [{"a": 1}, torch.zeros(3), [1, 2, 3], {"format": "something-else", "version": 1}],
    ids=["dict", "tensor", "list", "other-format"],
)
def test_a_torch_file_that_is_not_our_checkpoint_is_refused(tmp_path, payload):
    path = tmp_path / "foreign.pt"
    torch.save(payload, path)
    error = assert_clear_checkpoint_error(path)
    assert "not a seq2seq_lib checkpoint" in str(error)


def test_a_plain_state_dict_is_refused(tmp_path):
    path = tmp_path / "state_dict.pt"
    torch.save(Seq2Seq(VOCAB).state_dict(), path)
    assert_clear_checkpoint_error(path)


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (lambda p: p.update(version=2), "version"),
        (lambda p: p.update(model_class="Transformer"), "unknown model class"),
        (lambda p: p["state_dict"].pop("output.bias"), "inconsistent"),
        (lambda p: p["state_dict"].update({"output.bias": torch.zeros(5)}), "inconsistent"),
        (lambda p: p["config"].update(units="32"), "inconsistent"),
        (lambda p: p["config"].update(colour="blue"), "inconsistent"),
        (lambda p: p.pop("vocab"), "inconsistent"),
    ],
    ids=[
        "version",
        "model-class",
        "missing-weight",
        "wrong-shape",
        "bad-config-value",
        "unknown-config-key",
        "no-vocab",
    ],
)
def test_a_damaged_checkpoint_is_refused_naming_the_problem(checkpoint_bytes, tmp_path, change, problem):
    original = tmp_path / "good.pt"
    original.write_bytes(checkpoint_bytes)
    payload = torch.load(original, weights_only=True)
    change(payload)
    path = tmp_path / "damaged.pt"
    torch.save(payload, path)
    error = assert_clear_checkpoint_error(path)
    assert problem in str(error)


def test_a_directory_is_refused(tmp_path):
    assert_clear_checkpoint_error(tmp_path)


def test_a_missing_file_is_a_file_not_found_error(tmp_path):
    with pytest.raises(FileNotFoundError, match="missing.pt"):
        load_model(tmp_path / "missing.pt")


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


def test_a_checkpoint_that_carries_code_is_refused_without_running_it(checkpoint_bytes, tmp_path):
    marker = tmp_path / "marker"
    path = tmp_path / "armed.pt"
    armed_checkpoint(path, marker, checkpoint_bytes, tmp_path)
    error = assert_clear_checkpoint_error(path)
    assert not marker.exists()
    assert "refused" in str(error)


@pytest.mark.filterwarnings("ignore:Detected pickle protocol")
@pytest.mark.parametrize("protocol", [2, pickle.HIGHEST_PROTOCOL])
def test_a_bare_pickle_that_carries_code_is_refused_without_running_it(tmp_path, protocol):
    marker = tmp_path / "marker"
    path = tmp_path / "evil.pkl"
    with open(path, "wb") as f:
        pickle.dump({"format": "seq2seq_lib-checkpoint", "extra": WritesMarker(marker)}, f, protocol=protocol)
    assert_clear_checkpoint_error(path)
    assert not marker.exists()
