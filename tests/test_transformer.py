"""TransformerSeq2Seq: attention against NumPy, the causal and padding masks, decoding, training."""

from __future__ import annotations

import json
import math
import subprocess
import sys

import numpy as np
import pytest
import torch
from numpy_reference import as_numpy, softmax

from seq2seq_lib import (
    DateDataset,
    TransformerSeq2Seq,
    Vocabulary,
    evaluate,
    greedy_decode,
    load_model,
    save_model,
    set_seed,
    train,
    translate,
)
from seq2seq_lib.decoding import beam_decode, beam_search, sequence_log_probs
from seq2seq_lib.explorer import decode_steps, source_ids
from seq2seq_lib.models import EncoderDecoder
from seq2seq_lib.registry import MODEL_KINDS, kind_of, model_class
from seq2seq_lib.training import TRAIN_DEFAULTS
from seq2seq_lib.transformer import (
    MAX_D_MODEL,
    MAX_LAYERS,
    MultiHeadAttention,
    PositionalEncoding,
    causal_mask,
    scaled_dot_product_attention,
)
from seq2seq_lib.validation import ArgumentError, ArgumentTypeError

VOCAB = Vocabulary.dates()


@pytest.fixture(scope="module")
def batch() -> tuple[torch.Tensor, torch.Tensor]:
    """(source ids [12, 8], decoder inputs <GO> y_1..y_9 [12, 10])."""
    x, y = DateDataset(12, seed=4).tensors()
    return x, y[:, :-1]


@pytest.fixture(scope="module")
def padded_batch(batch) -> tuple[torch.Tensor, torch.Tensor, list[int]]:
    """The date batch with rows cut to various lengths and right-padded with <PAD> (id 0)."""
    src, decoder_inputs = batch
    lengths = [8, 3, 5, 8, 1, 6, 7, 2, 8, 4, 5, 3]
    padded = src.clone()
    for row, length in enumerate(lengths):
        padded[row, length:] = VOCAB.pad_id
    return padded, decoder_inputs, lengths


def build(**config) -> TransformerSeq2Seq:
    """A seeded model with two layers per stack (so that layer-to-layer wiring is tested too)."""
    set_seed(7)
    model = TransformerSeq2Seq(VOCAB, **{"encoder_layers": 2, "decoder_layers": 2, **config})
    # Spread the weights so that the logits differ clearly between positions and inputs.
    with torch.no_grad():
        for p in model.parameters():
            p.mul_(2.0)
    return model.eval()


def step_by_step(model, src, tokens_at, mask=None, steps=10):
    """Run model.step for every position; ``tokens_at(t, previous_logits)`` gives the input tokens."""
    memory, encoder_state = model.encode(src, mask)
    state = model.initial_state(encoder_state)
    logits, all_logits, all_attention = None, [], []
    for t in range(steps):
        logits, state, attention = model.step(tokens_at(t, logits), state, memory, mask)
        all_logits.append(logits)
        all_attention.append(attention)
    return torch.stack(all_logits, dim=1), torch.stack(all_attention, dim=1)


# -- a NumPy Transformer, written from the paper's formulas -------------------------------
def np_attention(q, k, v, allowed=None):
    """q [..., T, d], k and v [..., S, d] -> (softmax(q k^T / sqrt(d)) v, weights), each query in a loop."""
    out = np.zeros(q.shape[:-1] + (v.shape[-1],))
    weights = np.zeros(q.shape[:-1] + (k.shape[-2],))
    for index in np.ndindex(*q.shape[:-1]):  # every (batch, head, query) on its own
        *lead, t = index
        scores = k[tuple(lead)] @ q[index] / math.sqrt(q.shape[-1])  # [S]
        keep = np.ones(len(scores), dtype=bool) if allowed is None else allowed[tuple(lead)][t]
        w = np.zeros(len(scores))
        w[keep] = softmax(scores[keep])
        weights[index] = w
        out[index] = w @ v[tuple(lead)]
    return out, weights


def np_linear(x, linear):
    return x @ as_numpy(linear.weight).T + as_numpy(linear.bias)


def np_multi_head(x, memory, module: MultiHeadAttention, allowed=None):
    """x [B, T, D], memory [B, S, D], allowed [B, T, S] -> (out [B, T, D], weights [B, h, T, S])."""
    heads = module.heads
    q, k, v = np_linear(x, module.query), np_linear(memory, module.key), np_linear(memory, module.value)
    d_k = q.shape[-1] // heads
    outs, weights = [], []
    for head in range(heads):  # head i works on features i*d_k .. (i+1)*d_k
        part = slice(head * d_k, (head + 1) * d_k)
        out, w = np_attention(q[..., part], k[..., part], v[..., part], allowed)
        outs.append(out)
        weights.append(w)
    return np_linear(np.concatenate(outs, axis=-1), module.output), np.stack(weights, axis=1)


def np_layer_norm(x, norm):
    mean = x.mean(axis=-1, keepdims=True)
    var = x.var(axis=-1, keepdims=True)
    return (x - mean) / np.sqrt(var + norm.eps) * as_numpy(norm.weight) + as_numpy(norm.bias)


def np_feed_forward(x, ff):
    first, second = ff.net[0], ff.net[2]
    return np_linear(np.maximum(np_linear(x, first), 0.0), second)


def np_positions(length, d_model):
    pe = np.zeros((length, d_model))
    for p in range(length):
        for i in range(d_model):
            angle = p / 10000 ** ((i - i % 2) / d_model)
            pe[p, i] = math.sin(angle) if i % 2 == 0 else math.cos(angle)
    return pe


def np_transformer_logits(model, src, decoder_inputs, mask=None):
    """Teacher-forced logits [B, U, V]: pre-norm encoder and decoder stacks, in NumPy."""
    src_np, dec_np = src.numpy(), decoder_inputs.numpy()
    batch, source_len = src_np.shape
    target_len = dec_np.shape[1]
    keys = np.ones((batch, source_len), dtype=bool) if mask is None else mask.numpy()

    x = as_numpy(model.source_embedding.weight)[src_np] + np_positions(source_len, model.d_model)
    encoder_allowed = np.repeat(keys[:, None, :], source_len, axis=1)  # [B, S, S]
    for layer in model.encoder:
        normed = np_layer_norm(x, layer.norm1)
        x = x + np_multi_head(normed, normed, layer.attention, encoder_allowed)[0]
        x = x + np_feed_forward(np_layer_norm(x, layer.norm2), layer.feed_forward)
    memory = np_layer_norm(x, model.encoder_norm)

    y = as_numpy(model.target_embedding.weight)[dec_np] + np_positions(target_len, model.d_model)
    causal = np.broadcast_to(np.tril(np.ones((target_len, target_len), dtype=bool)), (batch, target_len, target_len))
    cross_allowed = np.repeat(keys[:, None, :], target_len, axis=1)  # [B, U, S]
    for layer in model.decoder:
        normed = np_layer_norm(y, layer.norm1)
        y = y + np_multi_head(normed, normed, layer.self_attention, causal)[0]
        y = y + np_multi_head(np_layer_norm(y, layer.norm2), memory, layer.cross_attention, cross_allowed)[0]
        y = y + np_feed_forward(np_layer_norm(y, layer.norm3), layer.feed_forward)
    return np_linear(np_layer_norm(y, model.decoder_norm), model.output)


# -- attention against NumPy --------------------------------------------------------------
def test_scaled_dot_product_attention_equals_numpy():
    generator = torch.Generator().manual_seed(0)
    q, k, v = (torch.randn(3, 2, 5, 4, generator=generator) for _ in range(3))
    allowed = torch.rand(3, 1, 5, 5, generator=generator) > 0.4
    allowed[..., 0] = True  # every query may see at least one key
    out, weights = scaled_dot_product_attention(q, k, v, allowed)
    full = allowed.expand(3, 2, 5, 5)
    expected_out, expected_weights = np_attention(as_numpy(q), as_numpy(k), as_numpy(v), full.numpy())
    np.testing.assert_allclose(as_numpy(weights), expected_weights, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(as_numpy(out), expected_out, rtol=1e-5, atol=1e-6)
    assert torch.all(weights[~full] == 0.0)


@pytest.mark.parametrize("heads", [1, 4])
def test_multi_head_attention_equals_numpy_with_a_key_mask(heads):
    set_seed(3)
    module = MultiHeadAttention(d_model=8, heads=heads)
    x, memory = torch.randn(4, 3, 8), torch.randn(4, 6, 8)
    keys = torch.tensor([[1, 1, 1, 1, 1, 1], [1, 1, 0, 0, 0, 0], [1, 0, 0, 0, 0, 0], [1, 1, 1, 1, 0, 0]]).bool()
    with torch.no_grad():
        out, weights = module(x, memory, keys.unsqueeze(1))
    expected_out, expected_weights = np_multi_head(
        as_numpy(x), as_numpy(memory), module, np.repeat(keys.numpy()[:, None, :], 3, axis=1)
    )
    assert out.shape == (4, 3, 8) and weights.shape == (4, heads, 3, 6)
    np.testing.assert_allclose(as_numpy(weights), expected_weights, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(as_numpy(out), expected_out, rtol=1e-5, atol=1e-6)


def test_multi_head_attention_takes_a_mask_for_every_row_of_the_batch_as_t_by_s():
    # Notebook 10's layers pass causal_mask(T) [T, T] as it is; [1, T, T] and [B, T, T] mean the same.
    set_seed(4)
    module = MultiHeadAttention(d_model=8, heads=2)
    x = torch.randn(3, 5, 8)
    causal = causal_mask(5)
    with torch.no_grad():
        results = [module(x, x, mask) for mask in (causal, causal.unsqueeze(0), causal.expand(3, 5, 5))]
    for out, weights in results[1:]:
        assert torch.equal(out, results[0][0]) and torch.equal(weights, results[0][1])
    assert torch.all(results[0][1][..., ~causal] == 0.0)


def test_positional_encoding_is_the_papers_sinusoids():
    for d_model in (8, 7):  # an odd size too
        table = PositionalEncoding(d_model, max_positions=20).table
        np.testing.assert_allclose(as_numpy(table), np_positions(20, d_model), rtol=1e-5, atol=1e-6)
    x = torch.zeros(2, 5, 8)
    torch.testing.assert_close(PositionalEncoding(8)(x), PositionalEncoding(8).table[:5].expand(2, 5, 8))


def test_positional_encoding_is_not_stored_in_checkpoints():
    assert not any("table" in key for key in build().state_dict())


@pytest.mark.parametrize("padded", [False, True])
def test_forward_equals_a_numpy_transformer(batch, padded_batch, padded):
    model = build()
    src, decoder_inputs = (padded_batch[0], padded_batch[1]) if padded else batch
    mask = model.source_mask(src)
    assert (mask is not None) == padded
    with torch.no_grad():
        logits = model(src, decoder_inputs)
    assert logits.shape == (12, 10, len(VOCAB))
    expected = np_transformer_logits(model, src, decoder_inputs, mask)
    np.testing.assert_allclose(as_numpy(logits), expected, rtol=1e-4, atol=1e-4)


# -- the causal mask ---------------------------------------------------------------------
def test_causal_mask_is_lower_triangular():
    assert torch.equal(causal_mask(3), torch.tensor([[1, 0, 0], [1, 1, 0], [1, 1, 1]]).bool())


@pytest.mark.parametrize("position", [1, 4, 9])
def test_no_logit_depends_on_a_later_target_position(batch, position):
    model = build()
    src, decoder_inputs = batch
    changed = decoder_inputs.clone()
    changed[:, position] = (changed[:, position] + 5) % len(VOCAB)
    with torch.no_grad():
        before, after = model(src, decoder_inputs), model(src, changed)
    # Positions before j read inputs 0..t < j only: bit for bit the same.
    assert torch.equal(before[:, :position], after[:, :position])
    # The test has teeth: position j itself (which reads input j) changes.
    assert not torch.allclose(before[:, position], after[:, position], atol=1e-3)


def test_gradient_of_an_early_logit_does_not_reach_later_inputs(batch):
    model = build()
    src, decoder_inputs = batch
    memory, state = model.encode(src)
    embedded = []

    def keep(module, inputs, output):
        output.retain_grad()
        embedded.append(output)

    handle = model.target_embedding.register_forward_hook(keep)
    try:
        logits = model.teacher_forced_logits(decoder_inputs, model.initial_state(state), memory)
    finally:
        handle.remove()
    logits[:, 3].sum().backward()
    grad = embedded[0].grad  # [B, U, D]
    assert torch.all(grad[:, 4:] == 0.0)
    assert torch.all(grad[:, :4].abs().sum(dim=-1) > 0)


# -- padding -----------------------------------------------------------------------------
def test_padding_tokens_never_change_any_output(padded_batch):
    """With the mask fixed, whatever sits at padded source positions changes nothing."""
    model = build()
    src, decoder_inputs, _ = padded_batch
    mask = model.source_mask(src)
    noisy = torch.where(mask, src, torch.randint(1, len(VOCAB), src.shape, generator=torch.Generator().manual_seed(1)))
    with torch.no_grad():
        outputs = []
        for source in (src, noisy):
            memory, state = model.encode(source, mask)
            logits = model.teacher_forced_logits(decoder_inputs, model.initial_state(state), memory, mask)
            _, attention = step_by_step(model, source, lambda t, _: decoder_inputs[:, t], mask)
            outputs.append((logits, attention, memory[mask]))
    for clean, dirty in zip(outputs[0], outputs[1], strict=True):
        torch.testing.assert_close(clean, dirty, rtol=0, atol=1e-6)


def test_padding_does_not_change_a_rows_output(padded_batch):
    """A right-padded row decodes exactly as the same tokens without padding, alone in a batch."""
    model = build()
    src, decoder_inputs, lengths = padded_batch
    with torch.no_grad():
        batched = model(src, decoder_inputs)
        for row, length in enumerate(lengths):
            alone = model(src[row : row + 1, :length], decoder_inputs[row : row + 1])
            torch.testing.assert_close(batched[row : row + 1], alone, rtol=1e-5, atol=1e-5, msg=f"row {row}")


def test_cross_attention_gives_padding_exactly_zero_weight(padded_batch):
    model = build()
    src, decoder_inputs, lengths = padded_batch
    with torch.no_grad():
        _, attention = step_by_step(model, src, lambda t, _: decoder_inputs[:, t], model.source_mask(src))
    assert attention.shape == (12, 10, 8)
    for row, length in enumerate(lengths):
        assert torch.all(attention[row, :, length:] == 0.0)
    torch.testing.assert_close(attention.sum(dim=-1), torch.ones(12, 10))


# -- step-by-step decoding == the teacher-forced pass --------------------------------------
def test_step_returns_the_newest_positions_logits_prefix_and_attention(batch):
    model = build()
    src, decoder_inputs = batch
    with torch.no_grad():
        memory, encoder_state = model.encode(src)
        state = model.initial_state(encoder_state)
        assert memory.shape == (12, 8, 32) and state.shape == (12, 0)
        logits, state, attention = model.step(decoder_inputs[:, 0], state, memory)
        logits, state, attention = model.step(decoder_inputs[:, 1], state, memory)
    assert logits.shape == (12, len(VOCAB))
    assert torch.equal(state, decoder_inputs[:, :2])
    assert attention.shape == (12, 8)
    torch.testing.assert_close(attention.sum(dim=-1), torch.ones(12))


def test_teacher_forced_forward_equals_stepping_with_the_ground_truth(batch):
    model = build()
    src, decoder_inputs = batch
    with torch.no_grad():
        vectorised = model(src, decoder_inputs)
        looped, attention = step_by_step(model, src, lambda t, _: decoder_inputs[:, t])
        memory, _ = model.encode(src)
        all_attention = model.teacher_forced_attention(decoder_inputs, memory)
    torch.testing.assert_close(vectorised, looped, rtol=1e-5, atol=1e-5)
    torch.testing.assert_close(all_attention, attention, rtol=1e-5, atol=1e-6)


def test_forward_without_teacher_forcing_feeds_back_argmax_predictions(batch):
    model = build()
    src, decoder_inputs = batch
    go = decoder_inputs[:, 0]
    with torch.no_grad():
        free_running = model(src, decoder_inputs, teacher_forcing=0.0)
        looped, _ = step_by_step(model, src, lambda t, logits: go if t == 0 else logits.argmax(dim=-1))
        truth_fed = model(src, decoder_inputs)
    torch.testing.assert_close(free_running, looped, rtol=1e-5, atol=1e-5)
    assert not torch.allclose(free_running, truth_fed, atol=1e-3)


def test_greedy_decoding_equals_the_teacher_forced_argmax_fed_its_own_outputs(batch):
    model = build()
    src = batch[0]
    ids = greedy_decode(model, src)  # [B, L], <PAD> after <EOS>
    go = torch.full_like(ids[:, :1], VOCAB.go_id)
    with torch.no_grad():
        argmax = model(src, torch.cat([go, ids[:, :-1]], dim=1)).argmax(dim=-1)
    is_eos = (ids == VOCAB.eos_id).long()
    generated = (is_eos.cumsum(dim=1) - is_eos) == 0  # up to the first <EOS>, included
    assert torch.equal(argmax[generated], ids[generated])
    assert generated.sum() > 12  # more than one token per row was compared


def test_greedy_decode_returns_the_cross_attention(batch):
    model = build()
    ids, attention = greedy_decode(model, batch[0], return_attention=True)
    assert attention.shape == (12, ids.shape[1], 8)
    torch.testing.assert_close(attention.sum(dim=-1), torch.ones(12, ids.shape[1]))


# -- reorder_state: what beam search needs -------------------------------------------------
def test_reorder_state_selects_rows(batch):
    model = build()
    state = batch[1][:, :3]
    rows = torch.tensor([2, 2, 0, 11])
    assert torch.equal(model.reorder_state(state, rows), state[rows])


def test_following_reordered_hypotheses_equals_decoding_those_rows(batch):
    """Expand B -> B*k, step, reorder mid-way (as beam search does): same logits as decoding the rows directly."""
    model = build()
    src, decoder_inputs = batch
    k = 3
    with torch.no_grad():
        memory, encoder_state = model.encode(src)
        expand = torch.arange(12).repeat_interleave(k)  # row b*k + j is beam j of input b
        state = model.reorder_state(model.initial_state(encoder_state), expand)
        memory = memory.index_select(0, expand)
        tokens = decoder_inputs[:, 0].index_select(0, expand)
        for _ in range(3):
            _, state, _ = model.step(tokens, state, memory)
            # every beam now continues a random beam of its own input
            parents = torch.arange(12).repeat_interleave(k) * k + torch.randint(0, k, (12 * k,))
            state = model.reorder_state(state, parents)
            tokens = torch.randint(1, len(VOCAB), (12 * k,))
        logits, state, _ = model.step(tokens, state, memory)
        direct = model(src.index_select(0, expand), state)[:, -1]
    torch.testing.assert_close(logits, direct, rtol=1e-5, atol=1e-5)


# -- configuration, checkpoints, translate -------------------------------------------------
def test_config_rebuilds_the_same_model(batch):
    model = build(d_model=16, heads=2, d_ff=24, dropout=0.1, max_output_len=12)
    config = model.config()
    assert config == {
        "d_model": 16,
        "heads": 2,
        "encoder_layers": 2,
        "decoder_layers": 2,
        "d_ff": 24,
        "dropout": 0.1,
        "max_output_len": 12,
    }
    assert json.loads(json.dumps(config)) == config  # plain values
    rebuilt = type(model)(VOCAB, **config)
    rebuilt.load_state_dict(model.state_dict())
    rebuilt.eval()
    with torch.no_grad():
        torch.testing.assert_close(rebuilt(*batch), model(*batch), rtol=0, atol=0)
    assert rebuilt.vocab == VOCAB and rebuilt.max_output_len == 12


def test_train_defaults_are_a_class_attribute_train_accepts():
    defaults = TransformerSeq2Seq.train_defaults
    assert isinstance(defaults, dict) and defaults
    assert set(defaults) <= set(TRAIN_DEFAULTS)
    assert issubclass(TransformerSeq2Seq, EncoderDecoder)


def test_the_registry_knows_the_transformer():
    assert MODEL_KINDS["transformer"] is TransformerSeq2Seq
    assert model_class("transformer") is TransformerSeq2Seq
    assert kind_of(build()) == "transformer"


def test_save_and_load_round_trip(batch, tmp_path):
    model = build(d_model=16, heads=2, d_ff=24)
    path = tmp_path / "transformer.pt"
    save_model(model, path)
    loaded = load_model(path)
    assert isinstance(loaded, TransformerSeq2Seq) and loaded.config() == model.config()
    assert not loaded.training
    with torch.no_grad():
        torch.testing.assert_close(loaded(*batch), model(*batch), rtol=0, atol=0)
    assert translate(loaded, ["24-03-05"]) == translate(model, ["24-03-05"])


def test_a_checkpoint_asking_for_a_huge_transformer_is_refused_before_building(batch, tmp_path, monkeypatch):
    """A config beyond the bounds is refused by the constructor's checks, before any allocation."""
    import seq2seq_lib.checkpoint as checkpoint

    path = tmp_path / "huge.pt"
    save_model(build(), path)
    payload = torch.load(path, weights_only=True)
    payload["config"]["d_ff"] = 10**9
    payload["digest"] = checkpoint._digest(payload["kind"], payload["config"], payload["vocab"], payload["state_dict"])
    torch.save(payload, path)

    def refuse(*args, **kwargs):
        raise AssertionError("allocated before validating")

    monkeypatch.setattr(torch.nn.Linear, "__init__", refuse)
    with pytest.raises(checkpoint.CheckpointError, match="d_ff"):
        load_model(path)


def test_translate_runs_through_step(batch):
    model = build()
    texts = DateDataset(5, seed=4).date_cn
    expected = [VOCAB.decode(row) for row in greedy_decode(model, batch[0][:5]).tolist()]
    assert translate(model, texts) == expected
    assert isinstance(translate(model, texts[0]), str)


def test_same_seed_builds_identical_models():
    set_seed(11)
    first = TransformerSeq2Seq(VOCAB).state_dict()
    set_seed(11)
    second = TransformerSeq2Seq(VOCAB).state_dict()
    set_seed(12)
    third = TransformerSeq2Seq(VOCAB).state_dict()
    assert all(torch.equal(first[k], second[k]) for k in first)
    assert not all(torch.equal(first[k], third[k]) for k in first)


def test_default_size_is_the_documented_one():
    """24,123 parameters on the dates' vocabulary, as the class docstring and notebook 10 say."""
    n_params = sum(p.numel() for p in TransformerSeq2Seq(VOCAB).parameters())
    assert n_params == 24_123


def test_dropout_acts_only_in_training(batch):
    model = build(dropout=0.5)
    with torch.no_grad():
        assert torch.equal(model(*batch), model(*batch))  # eval mode: deterministic
        model.train()
        assert not torch.equal(model(*batch), model(*batch))


# -- gradients ---------------------------------------------------------------------------
def test_gradient_reaches_every_parameter(padded_batch):
    model = build().train()
    src, decoder_inputs, _ = padded_batch
    model(src, decoder_inputs).logsumexp(dim=-1).sum().backward()
    for name, p in model.named_parameters():
        assert p.grad is not None and p.grad.abs().sum() > 0, name


def test_scheduled_sampling_path_trains_the_same_function(batch):
    """Gradients through the step loop (fed the truth) equal those of the one-pass forward.

    In float64: the two paths add the same terms in different orders, and in float32 the
    small gradients of the self-attention keys (a softmax's gradient nearly cancels) differ
    by more than rounding on some instruction sets.
    """
    grads = []
    for fast in (True, False):
        model = build().double().train()
        if fast:
            logits = model(*batch)
        else:
            logits, _ = step_by_step(model, batch[0], lambda t, _: batch[1][:, t])
        logits.logsumexp(dim=-1).sum().backward()
        grads.append({k: p.grad.clone() for k, p in model.named_parameters()})
    for key in grads[0]:
        torch.testing.assert_close(grads[0][key], grads[1][key], rtol=1e-9, atol=1e-10, msg=key)


# -- devices -----------------------------------------------------------------------------
@pytest.mark.parametrize("teacher_forcing", [1.0, 0.5])
def test_forward_runs_on_the_meta_device(batch, teacher_forcing, monkeypatch):
    """Nothing in forward is created on a hard-coded device (the mask, the positions, the prefix)."""
    model = TransformerSeq2Seq(VOCAB).to("meta")
    monkeypatch.setattr(model, "source_mask", lambda src: None)
    src, decoder_inputs = (t.to("meta") for t in batch)
    logits = model(src, decoder_inputs, teacher_forcing=teacher_forcing)
    assert logits.device.type == "meta" and logits.shape == (12, 10, 27)


# -- argument checking -------------------------------------------------------------------
def test_a_vocab_that_is_not_a_vocabulary_is_rejected():
    with pytest.raises(ArgumentTypeError, match="Vocabulary"):
        TransformerSeq2Seq(DateDataset(5).v2i)


@pytest.mark.parametrize(
    ("argument", "value", "error"),
    [
        ("d_model", 0, ValueError),
        ("d_model", MAX_D_MODEL + 1, ValueError),
        ("d_model", 32.0, TypeError),
        ("d_model", True, TypeError),
        ("heads", -1, ValueError),
        ("heads", "4", TypeError),
        ("encoder_layers", 0, ValueError),
        ("decoder_layers", MAX_LAYERS + 1, ValueError),
        ("d_ff", 10**9, ValueError),
        ("max_output_len", 0, ValueError),
        ("max_output_len", 10**6, ValueError),
        ("dropout", 1.0, ValueError),
        ("dropout", -0.1, ValueError),
        ("dropout", float("nan"), ValueError),
        ("dropout", "0.1", TypeError),
    ],
)
def test_bad_arguments_are_rejected_naming_them(argument, value, error):
    with pytest.raises(error, match=argument):
        TransformerSeq2Seq(VOCAB, **{argument: value})
    with pytest.raises(ArgumentError, match=argument):  # a wrong type is also an ArgumentError (ValueError)
        TransformerSeq2Seq(VOCAB, **{argument: value})


def test_heads_must_divide_d_model():
    with pytest.raises(ArgumentError, match=r"d_model \(30\) must be divisible by heads \(4\)"):
        TransformerSeq2Seq(VOCAB, d_model=30, heads=4)


def test_numpy_integers_are_accepted():
    model = TransformerSeq2Seq(VOCAB, d_model=np.int64(16), heads=np.int32(2))
    assert model.config()["d_model"] == 16 and type(model.config()["d_model"]) is int


def test_bad_sizes_fail_before_anything_is_allocated(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("allocated before validating")

    monkeypatch.setattr(torch.nn.Embedding, "__init__", refuse)
    with pytest.raises(ValueError, match="d_ff"):
        TransformerSeq2Seq(VOCAB, d_ff=10**9)


# -- beam search, the explorer, the CLI ----------------------------------------------------
@pytest.fixture(scope="module")
def briefly_trained() -> TransformerSeq2Seq:
    """One short epoch on 600 dates: right on some dates, not all (so decoders can disagree)."""
    set_seed(0)
    model = TransformerSeq2Seq(VOCAB)
    train(model, DateDataset(600, seed=3), epochs=1, progress=False)
    return model


@pytest.mark.parametrize("trained", [False, True])
def test_beam_search_of_width_one_equals_greedy(briefly_trained, trained):
    # An untrained model never writes <EOS>: a short max_output_len keeps its beams cheap.
    model = briefly_trained if trained else build(max_output_len=12)
    src = torch.as_tensor(DateDataset(100 if trained else 40, seed=11).x)
    greedy = greedy_decode(model, src)
    assert torch.equal(beam_decode(model, src, beam_width=1), greedy)
    log_probs = sequence_log_probs(model, src, greedy)
    for row, log_prob, (best,) in zip(greedy.tolist(), log_probs.tolist(), beam_search(model, src, 1), strict=True):
        assert best.ids == row[: len(best.ids)]
        assert best.log_prob == pytest.approx(log_prob, rel=1e-5, abs=1e-4)


def test_wider_beams_score_at_least_as_high_and_batch_like_one_at_a_time(briefly_trained):
    model = briefly_trained
    dates = DateDataset(200, seed=12)
    src = torch.as_tensor(dates.x)
    greedy = sequence_log_probs(model, src, greedy_decode(model, src))
    hypotheses = beam_search(model, src, beam_width=4)
    best = torch.tensor([h[0].log_prob for h in hypotheses])
    assert torch.all(best >= greedy - 1e-4)  # the greedy output is among those beam search weighs
    assert [h[0].text for h in hypotheses] == translate(model, dates.date_cn, beam_width=4)
    for i in (0, 7, 199):  # the beams of one row do not depend on the other rows
        alone = beam_search(model, src[i : i + 1], beam_width=4)[0]
        assert [h.ids for h in alone] == [h.ids for h in hypotheses[i]]


def test_the_explorer_shows_the_cross_attention(briefly_trained):
    steps = decode_steps(briefly_trained, "24-03-05")
    ids = greedy_decode(briefly_trained, source_ids(briefly_trained, "24-03-05"))[0].tolist()
    assert [step.token_id for step in steps] == ids[: len(steps)]
    for step in steps:
        assert step.attention is not None and len(step.attention) == 8
        assert sum(step.attention) == pytest.approx(1.0, abs=1e-5)


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "seq2seq_lib", *args], capture_output=True, text=True, timeout=300, check=False
    )


def test_cli_trains_saves_and_translates_with_a_transformer(tmp_path):
    path = tmp_path / "transformer.pt"
    trained = run_cli(
        "train", "--model", "transformer", "--checkpoint", str(path), "--train-size", "300", "--epochs", "1", "--quiet"
    )
    assert trained.returncode == 0, trained.stderr
    assert "training the transformer model on 300 dates" in trained.stdout
    assert "held-out exact match after 1 epoch:" in trained.stdout and path.is_file()
    model = load_model(path)
    assert isinstance(model, TransformerSeq2Seq)
    dates = ["24-03-05", "99-12-31", "00-02-29"]
    translated = run_cli("translate", "--checkpoint", str(path), "--beam-width", "3", *dates)
    assert translated.returncode == 0, translated.stderr
    expected = translate(model, dates, beam_width=3)
    assert translated.stdout.splitlines() == [f"{d}\t{t}" for d, t in zip(dates, expected, strict=True)]


# -- training ----------------------------------------------------------------------------
def test_train_with_no_other_argument_reaches_99_percent_held_out(corpus, held_out):
    """``train(TransformerSeq2Seq(vocab), dataset)``: the kind's train_defaults (lr, betas, epochs) suffice."""
    set_seed(0)
    model = TransformerSeq2Seq(corpus.vocab)
    history = train(model, corpus)
    assert len(history) == TransformerSeq2Seq.train_defaults["epochs"]
    assert evaluate(model, held_out)["exact_match"] >= 0.99


def test_early_stopping_reaches_99_percent_within_three_epochs(corpus, held_out):
    set_seed(0)
    model = TransformerSeq2Seq(corpus.vocab)
    history = train(model, corpus, eval_dataset=held_out, target_accuracy=0.99, progress=False)
    exact = history["exact_match"].tolist()
    assert exact[-1] >= 0.99 and all(e < 0.99 for e in exact[:-1])
    assert len(history) <= 3
