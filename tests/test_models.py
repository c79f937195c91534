"""Seq2Seq and AttentionSeq2Seq: the vectorised forward pass equals the step-by-step decoder."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from numpy_reference import as_numpy, reference_logits

from seq2seq_lib import AttentionSeq2Seq, DateDataset, Seq2Seq, Vocabulary, set_seed
from seq2seq_lib.models import LSTMEncoderDecoder

VOCAB = Vocabulary.dates()

MODELS = {
    "plain": lambda: Seq2Seq(VOCAB),
    "plain-transform-context": lambda: Seq2Seq(VOCAB, transform_context=True),
    "attention-general": lambda: AttentionSeq2Seq(VOCAB, score="general"),
    "attention-dot": lambda: AttentionSeq2Seq(VOCAB, score="dot"),
    "attention-additive": lambda: AttentionSeq2Seq(VOCAB, score="additive"),
}
# The bidirectional encoder (not in the article, so not in the NumPy reference above).
BIDIRECTIONAL = {
    "plain-bidirectional": lambda: Seq2Seq(VOCAB, bidirectional=True),
    "attention-bidirectional": lambda: AttentionSeq2Seq(VOCAB, bidirectional=True),
    "attention-dot-bidirectional-feed-context": lambda: AttentionSeq2Seq(
        VOCAB, score="dot", feed_context=True, bidirectional=True
    ),
}
ALL_MODELS = {**MODELS, **BIDIRECTIONAL}


@pytest.fixture(scope="module")
def batch() -> tuple[torch.Tensor, torch.Tensor]:
    """(source ids [12, 8], decoder inputs <GO> y_1..y_9 [12, 10])."""
    x, y = DateDataset(12, seed=4).tensors()
    return x, y[:, :-1]


def build(name: str) -> torch.nn.Module:
    set_seed(7)
    model = ALL_MODELS[name]()
    # Spread the weights so that the logits differ clearly between positions.
    with torch.no_grad():
        for p in model.parameters():
            p.mul_(3.0)
    return model.eval()


def step_by_step(model, src, tokens_at):
    """Run model.step for every position; ``tokens_at(t, previous_logits)`` gives the input tokens."""
    memory, encoder_state = model.encode(src)
    state = model.initial_state(encoder_state)
    logits, all_logits = None, []
    for t in range(10):
        logits, state, _ = model.step(tokens_at(t, logits), state, memory)
        all_logits.append(logits)
    return torch.stack(all_logits, dim=1)


# -- the article's architecture, recomputed in NumPy --------------------------------
@pytest.mark.parametrize("name", list(MODELS))
def test_forward_equals_a_numpy_reimplementation_of_the_article_model(batch, name):
    model = build(name)
    src, decoder_inputs = batch
    with torch.no_grad():
        logits = model(src, decoder_inputs)
    assert logits.shape == (12, 10, len(VOCAB))
    np.testing.assert_allclose(as_numpy(logits), reference_logits(model, src, decoder_inputs), rtol=1e-4, atol=1e-5)


# -- vectorised teacher forcing == the decoder loop --------------------------------
@pytest.mark.parametrize("name", list(ALL_MODELS))
def test_teacher_forced_forward_equals_stepping_with_the_ground_truth(batch, name):
    model = build(name)
    src, decoder_inputs = batch
    with torch.no_grad():
        vectorised = model(src, decoder_inputs)
        looped = step_by_step(model, src, lambda t, _: decoder_inputs[:, t])
    torch.testing.assert_close(vectorised, looped, rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize("name", list(ALL_MODELS))
def test_forward_without_teacher_forcing_feeds_back_argmax_predictions(batch, name):
    model = build(name)
    src, decoder_inputs = batch
    go = decoder_inputs[:, 0]
    with torch.no_grad():
        free_running = model(src, decoder_inputs, teacher_forcing=0.0)
        looped = step_by_step(model, src, lambda t, logits: go if t == 0 else logits.argmax(dim=-1))
        truth_fed = model(src, decoder_inputs)
    torch.testing.assert_close(free_running, looped, rtol=1e-5, atol=1e-5)
    # the test has teeth: feeding predictions back differs from feeding the truth
    assert not torch.allclose(free_running, truth_fed, atol=1e-3)


@pytest.mark.parametrize("name", ["plain", "attention-general", "attention-bidirectional"])
def test_partial_teacher_forcing_mixes_truth_and_predictions_per_the_generator(batch, name):
    model = build(name)
    src, decoder_inputs = batch
    with torch.no_grad():
        first = model(src, decoder_inputs, teacher_forcing=0.5, generator=torch.Generator().manual_seed(3))
        again = model(src, decoder_inputs, teacher_forcing=0.5, generator=torch.Generator().manual_seed(3))
        always = model(src, decoder_inputs, teacher_forcing=1.0)
        never = model(src, decoder_inputs, teacher_forcing=0.0)
    assert torch.equal(first, again)
    # the first step always reads <GO>, so it is the same whatever is fed back later
    torch.testing.assert_close(first[:, 0], always[:, 0])
    assert not torch.allclose(first, always, atol=1e-3)
    assert not torch.allclose(first, never, atol=1e-3)


def test_teacher_forced_forward_gradients_equal_the_loops(batch):
    """Training through the fast path trains the same function as the step loop."""
    src, decoder_inputs = batch
    grads = []
    for fast in (True, False):
        model = build("attention-general").train()
        if fast:
            logits = model(src, decoder_inputs)
        else:
            logits = step_by_step(model, src, lambda t, _: decoder_inputs[:, t])
        logits.logsumexp(dim=-1).sum().backward()
        grads.append({k: p.grad.clone() for k, p in model.named_parameters()})
    for key in grads[0]:
        torch.testing.assert_close(grads[0][key], grads[1][key], rtol=1e-4, atol=1e-5, msg=key)


# -- architecture details ----------------------------------------------------------
def test_plain_decoder_starts_from_the_encoders_final_state(batch):
    model = build("plain")
    with torch.no_grad():
        outputs, (h, c) = model.encode(batch[0])
        h0, c0 = model.initial_state((h, c))
    assert outputs.shape == (12, 8, 32) and h.shape == c.shape == (1, 12, 32)
    assert torch.equal(h0, h) and torch.equal(c0, c)
    torch.testing.assert_close(outputs[:, -1], h[0])


def test_transform_context_maps_only_the_hidden_state_through_one_linear(batch):
    model = build("plain-transform-context")
    assert tuple(model.context_map.weight.shape) == (32, 32)
    assert tuple(model.context_map.bias.shape) == (32,)
    with torch.no_grad():
        _, (h, c) = model.encode(batch[0])
        h0, c0 = model.initial_state((h, c))
    expected = as_numpy(h[0]) @ as_numpy(model.context_map.weight).T + as_numpy(model.context_map.bias)
    np.testing.assert_allclose(as_numpy(h0[0]), expected, rtol=1e-5, atol=1e-6)
    assert torch.equal(c0, c)


def test_plain_model_has_no_context_map_unless_asked():
    assert Seq2Seq(VOCAB).context_map is None
    assert not any(name.startswith("context_map") for name, _ in Seq2Seq(VOCAB).named_parameters())


@pytest.mark.parametrize(("name", "output_features"), [("plain", 32), ("attention-general", 64)])
def test_layer_sizes_follow_the_article(name, output_features):
    model = build(name)
    assert tuple(model.encoder_embedding.weight.shape) == (27, 16)
    assert tuple(model.decoder_embedding.weight.shape) == (27, 16)
    assert (model.encoder.input_size, model.encoder.hidden_size) == (16, 32)
    assert (model.decoder.input_size, model.decoder.hidden_size) == (16, 32)
    assert tuple(model.output.weight.shape) == (27, output_features)


def test_embeddings_start_from_a_normal_with_std_0_1():
    set_seed(0)
    model = Seq2Seq(VOCAB, embedding_dim=64)
    for embedding in (model.encoder_embedding, model.decoder_embedding):
        weights = embedding.weight.detach()
        assert abs(weights.mean().item()) < 0.01
        assert abs(weights.std().item() - 0.1) < 0.01


@pytest.mark.parametrize(
    ("model_class", "kwargs"), [(Seq2Seq, {}), (AttentionSeq2Seq, {}), (AttentionSeq2Seq, {"feed_context": True})]
)
def test_both_lstms_start_with_their_forget_gates_open(model_class, kwargs):
    """PyTorch draws LSTM biases from U(-1/sqrt(H), 1/sqrt(H)); the forget quarter (gates i, f, g, o) gets +1."""
    set_seed(0)
    model = model_class(Vocabulary.dates(), units=64, **kwargs)
    for lstm in (model.encoder, model.decoder):
        input_gate, forget_gate, cell_gate, output_gate = lstm.bias_ih_l0.detach().chunk(4)
        assert forget_gate.min() > 1 - 1 / 8 and forget_gate.max() < 1 + 1 / 8  # 1 ± 1/sqrt(64)
        for other in (input_gate, cell_gate, output_gate, lstm.bias_hh_l0.detach()):
            assert other.abs().max() < 1 / 8


def test_open_forget_gates_adds_the_bias_to_the_forget_quarter_only():
    from seq2seq_lib.models import open_forget_gates

    torch.manual_seed(0)
    lstm = torch.nn.LSTM(4, 5, num_layers=2)
    before = {name: p.detach().clone() for name, p in lstm.named_parameters()}
    open_forget_gates(lstm, bias=2.0)
    for name, p in lstm.named_parameters():
        expected = before[name].clone()
        if name.startswith("bias_ih"):
            expected[5:10] += 2.0
        torch.testing.assert_close(p.detach(), expected, rtol=0, atol=0)


def test_attention_step_returns_weights_over_the_source(batch):
    model = build("attention-general")
    src = batch[0]
    with torch.no_grad():
        memory, state = model.encode(src)
        logits, (h, c), alpha = model.step(batch[1][:, 0], model.initial_state(state), memory)
    assert logits.shape == (12, 27) and h.shape == (1, 12, 32)
    assert alpha.shape == (12, 8)
    torch.testing.assert_close(alpha.sum(dim=-1), torch.ones(12))


def test_plain_step_returns_no_attention(batch):
    model = build("plain")
    with torch.no_grad():
        memory, state = model.encode(batch[0])
        _, _, alpha = model.step(batch[1][:, 0], model.initial_state(state), memory)
    assert alpha is None


def test_same_seed_builds_identical_models():
    set_seed(11)
    first = AttentionSeq2Seq(VOCAB, score="additive").state_dict()
    set_seed(11)
    second = AttentionSeq2Seq(VOCAB, score="additive").state_dict()
    set_seed(12)
    third = AttentionSeq2Seq(VOCAB, score="additive").state_dict()
    assert all(torch.equal(first[k], second[k]) for k in first)
    assert not all(torch.equal(first[k], third[k]) for k in first)


def test_models_keep_their_config_and_vocabulary():
    plain = Seq2Seq(VOCAB, embedding_dim=8, units=12, transform_context=True)
    attention = AttentionSeq2Seq(VOCAB, embedding_dim=8, units=12, score="dot")
    assert plain.vocab == VOCAB and attention.vocab == VOCAB
    assert plain.config()["transform_context"] is True
    assert plain.config()["units"] == attention.config()["units"] == 12
    assert attention.config()["score"] == "dot"


# -- argument checking -------------------------------------------------------------
@pytest.mark.parametrize("model_class", [Seq2Seq, AttentionSeq2Seq])
def test_a_vocab_that_is_not_a_vocabulary_is_rejected(model_class):
    dataset = DateDataset(5)
    with pytest.raises(TypeError, match="Vocabulary"):
        model_class(dataset.v2i)


@pytest.mark.parametrize("model_class", [Seq2Seq, AttentionSeq2Seq])
@pytest.mark.parametrize(
    ("argument", "value"), [("embedding_dim", 0), ("units", -3), ("units", 2.0), ("embedding_dim", True)]
)
def test_bad_sizes_are_rejected(model_class, argument, value):
    with pytest.raises(ValueError, match=argument):
        model_class(VOCAB, **{argument: value})


def test_an_unknown_score_is_rejected():
    with pytest.raises(ValueError, match="'cosine'"):
        AttentionSeq2Seq(VOCAB, score="cosine")


# -- right-padded sources ------------------------------------------------------------
@pytest.fixture(scope="module")
def padded_batch(batch) -> tuple[torch.Tensor, torch.Tensor, list[int]]:
    """The date batch with rows cut to various lengths and right-padded with <PAD> (id 0)."""
    src, decoder_inputs = batch
    lengths = [8, 3, 5, 8, 1, 6, 7, 2, 8, 4, 5, 3]
    padded = src.clone()
    for row, length in enumerate(lengths):
        padded[row, length:] = VOCAB.pad_id
    return padded, decoder_inputs, lengths


@pytest.mark.parametrize("name", list(ALL_MODELS))
def test_padded_forward_equals_stepping_with_the_source_mask(padded_batch, name):
    model = build(name)
    src, decoder_inputs, _ = padded_batch
    mask = model.source_mask(src)
    assert mask is not None and mask.dtype == torch.bool
    assert torch.equal(mask, src != VOCAB.pad_id)
    with torch.no_grad():
        vectorised = model(src, decoder_inputs)
        memory, encoder_state = model.encode(src, mask)
        state = model.initial_state(encoder_state)
        looped = []
        for t in range(decoder_inputs.shape[1]):
            logits, state, _ = model.step(decoder_inputs[:, t], state, memory, mask)
            looped.append(logits)
    torch.testing.assert_close(vectorised, torch.stack(looped, dim=1), rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize("name", list(ALL_MODELS))
def test_padding_does_not_change_a_rows_output(padded_batch, name):
    """A right-padded row decodes exactly as the same tokens without padding, alone in a batch."""
    model = build(name)
    src, decoder_inputs, lengths = padded_batch
    with torch.no_grad():
        batched = model(src, decoder_inputs)
        for row, length in enumerate(lengths):
            alone = model(src[row : row + 1, :length], decoder_inputs[row : row + 1])
            torch.testing.assert_close(batched[row : row + 1], alone, rtol=1e-5, atol=1e-5, msg=f"row {row}")


def test_attention_gives_padding_exactly_zero_weight(padded_batch):
    model = build("attention-general")
    src, decoder_inputs, lengths = padded_batch
    with torch.no_grad():
        mask = model.source_mask(src)
        memory, state = model.encode(src, mask)
        _, _, alpha = model.step(decoder_inputs[:, 0], model.initial_state(state), memory, mask)
    for row, length in enumerate(lengths):
        assert torch.all(alpha[row, length:] == 0.0)
    torch.testing.assert_close(alpha.sum(dim=-1), torch.ones(len(lengths)))


def test_unpadded_sources_have_no_mask(batch):
    assert build("plain").source_mask(batch[0]) is None


# -- devices -----------------------------------------------------------------------
@pytest.mark.parametrize("name", list(ALL_MODELS))
@pytest.mark.parametrize("teacher_forcing", [1.0, 0.5])
def test_forward_runs_on_the_meta_device(batch, name, teacher_forcing, monkeypatch):
    """Nothing in forward is created on a hard-coded device: a model moved to 'meta' stays there.

    ``source_mask`` reads the data (is anything padded?), which meta tensors cannot
    answer, so it is told "nothing is padded", as for every date.
    """
    model = ALL_MODELS[name]().to("meta")
    monkeypatch.setattr(model, "source_mask", lambda src: None)
    src, decoder_inputs = (t.to("meta") for t in batch)
    logits = model(src, decoder_inputs, teacher_forcing=teacher_forcing)
    assert logits.device.type == "meta"
    assert logits.shape == (12, 10, 27)


@pytest.mark.parametrize("name", ["plain", "attention-general"])
def test_scheduled_sampling_draws_its_coin_flips_on_the_cpu_whatever_the_default_device(batch, name):
    """The coin flips come from a CPU generator and must be drawn on the CPU.

    The default device is 'meta' here, standing in for ``torch.set_default_device("cuda")``
    on a machine without a GPU: a CPU model must give the same logits as without it.
    """
    model = build(name)
    src, decoder_inputs = batch
    with torch.no_grad():
        expected = model(src, decoder_inputs, teacher_forcing=0.5, generator=torch.Generator().manual_seed(3))
        with torch.device("meta"):
            got = model(src, decoder_inputs, teacher_forcing=0.5, generator=torch.Generator().manual_seed(3))
    assert got.device.type == "cpu"
    assert torch.equal(got, expected)


@pytest.mark.skipif(
    not torch.cuda.is_available(),
    reason="needs a CUDA GPU (CPU counterpart: test_teacher_forced_forward_equals_stepping_with_the_ground_truth)",
)
@pytest.mark.parametrize("name", list(ALL_MODELS))
def test_forward_on_cuda_matches_the_cpu(batch, name):
    model = build(name)
    src, decoder_inputs = batch
    with torch.no_grad():
        cpu = model(src, decoder_inputs)
        gpu = model.to("cuda")(src.cuda(), decoder_inputs.cuda())
    assert gpu.device.type == "cuda"
    torch.testing.assert_close(gpu.cpu(), cpu, rtol=1e-4, atol=1e-4)


# -- the bidirectional encoder ------------------------------------------------------------
def one_way_copy(lstm: torch.nn.LSTM, reverse: bool) -> torch.nn.LSTM:
    """A one-way LSTM holding one direction's weights of a bidirectional ``lstm``."""
    single = torch.nn.LSTM(lstm.input_size, lstm.hidden_size, batch_first=True)
    suffix = "_reverse" if reverse else ""
    with torch.no_grad():
        for name in ("weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0"):
            getattr(single, name).copy_(getattr(lstm, name + suffix))
    return single


@pytest.mark.parametrize("name", ["plain-bidirectional", "attention-bidirectional"])
def test_bidirectional_encoder_reads_each_row_forwards_and_backwards_skipping_padding(padded_batch, name):
    """h_j = [h_fwd_j; h_bwd_j]: each row's real tokens read left to right, and right to left from its last one."""
    model = build(name)
    src, _, lengths = padded_batch
    forward, backward = one_way_copy(model.encoder, False), one_way_copy(model.encoder, True)
    with torch.no_grad():
        outputs, (h, m) = LSTMEncoderDecoder.encode(model, src, model.source_mask(src))  # before any memory map
        assert outputs.shape == (12, 8, 64) and h.shape == m.shape == (2, 12, 32)
        for row, length in enumerate(lengths):
            embedded = model.encoder_embedding(src[row : row + 1, :length])  # [1, L, E]
            fwd, (h_fwd, m_fwd) = forward(embedded)
            bwd, (h_bwd, m_bwd) = backward(embedded.flip(1))
            expected = torch.cat([fwd, bwd.flip(1)], dim=-1)[0]  # [L, 2H]
            torch.testing.assert_close(outputs[row, :length], expected, rtol=1e-5, atol=1e-6)
            assert torch.all(outputs[row, length:] == 0)
            torch.testing.assert_close(h[:, row], torch.cat([h_fwd, h_bwd])[:, 0], rtol=1e-5, atol=1e-6)
            torch.testing.assert_close(m[:, row], torch.cat([m_fwd, m_bwd])[:, 0], rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("name", ["plain-bidirectional", "attention-bidirectional"])
def test_bidirectional_decoder_starts_from_a_learned_map_of_both_final_states(batch, name):
    """s_0 = tanh(W_s [h_fwd; h_bwd] + b_s), m_0 = W_m [m_fwd; m_bwd] + b_m, each [1, B, H]."""
    model = build(name)
    with torch.no_grad():
        _, (h, m) = model.encode(batch[0])
        s0, m0 = model.initial_state((h, m))
    assert s0.shape == m0.shape == (1, 12, 32)
    both_h, both_m = as_numpy(torch.cat([h[0], h[1]], dim=-1)), as_numpy(torch.cat([m[0], m[1]], dim=-1))
    hidden, cell = model.bridge_hidden, model.bridge_cell
    expected_s0 = np.tanh(both_h @ as_numpy(hidden.weight).T + as_numpy(hidden.bias))
    expected_m0 = both_m @ as_numpy(cell.weight).T + as_numpy(cell.bias)
    np.testing.assert_allclose(as_numpy(s0[0]), expected_s0, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(as_numpy(m0[0]), expected_m0, rtol=1e-5, atol=1e-6)


def test_bidirectional_attention_reads_both_directions_through_one_map_to_h(padded_batch):
    model = build("attention-bidirectional")
    src, decoder_inputs, lengths = padded_batch
    with torch.no_grad():
        mask = model.source_mask(src)
        both, _ = LSTMEncoderDecoder.encode(model, src, mask)  # [B, S, 2H]
        memory, state = model.encode(src, mask)
        _, _, alpha = model.step(decoder_inputs[:, 0], model.initial_state(state), memory, mask)
    assert memory.shape == (12, 8, 32) and tuple(model.memory_map.weight.shape) == (32, 64)
    assert model.memory_map.bias is None
    torch.testing.assert_close(memory, both @ model.memory_map.weight.T)
    for row, length in enumerate(lengths):  # padding gets no weight and (mapped from zeros) stays zero
        assert torch.all(alpha[row, length:] == 0) and torch.all(memory[row, length:] == 0)


def test_bidirectional_models_have_the_extra_layers_and_one_way_models_do_not():
    h, e = 32, 16
    lstm = 4 * h * (e + h + 2)  # one direction: input and hidden weights, two biases
    bridges = 2 * (2 * h * h + h)
    one_way = {name: sum(p.numel() for p in build(name).parameters()) for name in ("plain", "attention-general")}
    for name, extra in (
        ("plain-bidirectional", lstm + bridges),
        ("attention-bidirectional", lstm + bridges + 2 * h * h),
    ):
        model = build(name)
        base = one_way["plain" if name.startswith("plain") else "attention-general"]
        assert sum(p.numel() for p in model.parameters()) == base + extra, name
        assert model.encoder.bidirectional and model.config()["bidirectional"] is True
    for name in ("plain", "attention-general"):
        names = [n for n, _ in build(name).named_parameters()]
        assert not any(n.startswith(("bridge", "memory_map")) or n.endswith("_reverse") for n in names)


@pytest.mark.parametrize("model_class", [Seq2Seq, AttentionSeq2Seq])
def test_one_way_models_draw_the_weights_they_drew_before_the_option(model_class):
    """``bidirectional=False`` builds, from the same seed, exactly the model built without the argument."""
    set_seed(3)
    before = model_class(VOCAB).state_dict()
    set_seed(3)
    after = model_class(VOCAB, bidirectional=False).state_dict()
    assert before.keys() == after.keys() and all(torch.equal(before[k], after[k]) for k in before)


@pytest.mark.parametrize("model_class", [Seq2Seq, AttentionSeq2Seq])
def test_a_config_saved_before_the_option_still_builds_the_one_way_model(model_class):
    config = model_class(VOCAB).config()
    assert config.pop("bidirectional") is False
    assert model_class(VOCAB, **config).bidirectional is False


@pytest.mark.parametrize("name", ["plain-bidirectional", "attention-bidirectional"])
def test_bidirectional_models_round_trip_through_a_checkpoint(tmp_path, batch, name):
    from seq2seq_lib.checkpoint import load_model, save_model

    model = build(name)
    path = tmp_path / "model.pt"
    save_model(model, path)
    loaded = load_model(path)
    assert type(loaded) is type(model) and loaded.config() == model.config() and loaded.bidirectional
    with torch.no_grad():
        assert torch.equal(loaded(*batch), model(*batch))


def test_bidirectional_must_be_a_bool():
    with pytest.raises(ValueError, match="bidirectional"):
        AttentionSeq2Seq(VOCAB, bidirectional="yes")
