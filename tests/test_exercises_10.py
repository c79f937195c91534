"""Notebook 10's check of the learner's post-norm decoder layer: every common mistake gets its verdict.

The generic guarantees (solutions pass, stubs are "not written yet", texts translated) are in
tests/test_exercises.py; here: plausible wrong layers, each a small change to the solution's
``forward`` (or ``__init__``), and verdicts that never give the answer away.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
import torch
from torch import nn

from seq2seq_lib.exercises import nb10
from seq2seq_lib.transformer import DecoderLayer, FeedForward, MultiHeadAttention

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("solution_10", ROOT / "solutions" / "10_transformer.py")
solution = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(solution)
Right = solution.PostNormDecoderLayer


def layer_with(forward):
    """The solution's class with another ``forward(self, y, memory, causal)``."""
    return type("PostNormDecoderLayer", (Right,), {"forward": forward})


def _post(self, y, memory, causal, *, self_keys=None, cross_keys=None, cross_mask=None, norms=None):
    """The right layer, with one part changed by a keyword."""
    norm1, norm2, norm3 = norms or (self.norm1, self.norm2, self.norm3)
    y = norm1(y + self.self_attention(y, y if self_keys is None else self_keys, causal)[0])
    y = norm2(y + self.cross_attention(y, memory if cross_keys is None else y, cross_mask)[0])
    return norm3(y + self.feed_forward(y))


def pre_norm(self, y, memory, causal):  # the notebook's own DecoderLayer, copied
    h = self.norm1(y)
    y = y + self.self_attention(h, h, causal)[0]
    y = y + self.cross_attention(self.norm2(y), memory)[0]
    return y + self.feed_forward(self.norm3(y))


def swapped(self, y, memory, causal):
    y = self.norm2(y + self.cross_attention(y, memory)[0])
    y = self.norm1(y + self.self_attention(y, y, causal)[0])
    return self.norm3(y + self.feed_forward(y))


def no_residual(self, y, memory, causal):
    y = self.norm1(self.self_attention(y, y, causal)[0])
    y = self.norm2(self.cross_attention(y, memory)[0])
    return self.norm3(self.feed_forward(y))


def no_norm(self, y, memory, causal):
    y = y + self.self_attention(y, y, causal)[0]
    y = y + self.cross_attention(y, memory)[0]
    return y + self.feed_forward(y)


def norm_inside(self, y, memory, causal):
    y = y + self.norm1(self.self_attention(y, y, causal)[0])
    y = y + self.norm2(self.cross_attention(y, memory)[0])
    return y + self.norm3(self.feed_forward(y))


def detached(self, y, memory, causal):
    return _post(self, y, memory, causal).detach()


def under_no_grad(self, y, memory, causal):
    with torch.no_grad():
        return _post(self, y, memory, causal)


MISTAKES = [
    (pre_norm, "pre-norm layout of the notebook's DecoderLayer"),
    (lambda self, y, memory, causal: _post(self, y, memory, None), "later ones included"),
    (lambda self, y, memory, causal: _post(self, y, memory, ~causal), "some outputs are NaN"),
    (lambda self, y, memory, causal: _post(self, y, memory, causal.tril(-1)), "some outputs are NaN"),
    (lambda self, y, memory, causal: _post(self, y, memory, causal.T), "the mask is transposed"),
    (lambda self, y, memory, causal: _post(self, y, memory, causal, cross_keys=y), "the decoder's own positions"),
    (
        lambda self, y, memory, causal: _post(self, y, memory, causal, cross_keys=y, cross_mask=causal),
        "the decoder's own positions",
    ),
    (lambda self, y, memory, causal: _post(self, y, memory, causal, self_keys=memory), "keys and values from memory"),
    (lambda self, y, memory, causal: _post(self, y, memory, causal, cross_mask=causal), "got the causal mask too"),
    (swapped, "comes before the self-attention"),
    (no_residual, "not added back"),
    (no_norm, "no layer normalisation"),
    (norm_inside, "before the addition"),
    (
        lambda self, y, memory, causal: _post(self, y, memory, causal, norms=(self.norm1,) * 3),
        "differs from the paper's post-norm layer",
    ),
    (lambda self, y, memory, causal: (_post(self, y, memory, causal), None), "forward must return the layer's output"),
    (lambda self, y, memory, causal: _post(self, y, memory, causal)[:, -1], "wrong shape"),
    (lambda self, y, memory, causal: _post(self, y, memory, causal).numpy(), "one tensor [B, T, D]"),
    (detached, "did not move at all"),
    (under_no_grad, "did not move at all"),
    (lambda self, y, memory, causal: self.missing_part(y), "raised AttributeError"),
]


@pytest.mark.parametrize(("forward", "phrase"), MISTAKES)
def test_each_mistake_gets_its_verdict(forward, phrase):
    result = nb10.check_post_norm_decoder_layer(layer_with(forward))
    assert not result and phrase in result.message, result.message


def test_the_solution_passes_and_so_does_the_same_layer_written_with_sublayers_in_a_list():
    assert nb10.check_post_norm_decoder_layer(Right)

    def in_a_loop(self, y, memory, causal):
        steps = (
            (self.norm1, lambda h: self.self_attention(h, h, causal)[0]),
            (self.norm2, lambda h: self.cross_attention(h, memory)[0]),
            (self.norm3, self.feed_forward),
        )
        for norm, sublayer in steps:
            y = norm(y + sublayer(y))
        return y

    assert nb10.check_post_norm_decoder_layer(layer_with(in_a_loop))


def test_the_notebooks_stub_is_not_written_yet():
    def forward(self, y, memory, causal):
        raise NotImplementedError  # your code here

    result = nb10.check_post_norm_decoder_layer(layer_with(forward))
    assert not result and "PostNormDecoderLayer is not written yet" in result.message


def test_parameters_under_other_names_are_named_in_the_verdict():
    class Renamed(nn.Module):
        def __init__(self, d_model, heads, d_ff):
            super().__init__()
            self.norm1, self.self_attention = nn.LayerNorm(d_model), MultiHeadAttention(d_model, heads)
            self.norm2, self.cross_attention = nn.LayerNorm(d_model), MultiHeadAttention(d_model, heads)
            self.norm3, self.ff = nn.LayerNorm(d_model), FeedForward(d_model, d_ff)

        forward = Right.forward

    result = nb10.check_post_norm_decoder_layer(Renamed)
    assert not result and "not named like DecoderLayer's" in result.message
    assert "missing: feed_forward.net.0.bias" in result.message and "unexpected: ff.net.0.bias" in result.message


def test_a_class_that_builds_no_module_is_told_so():
    result = nb10.check_post_norm_decoder_layer(lambda d_model, heads, d_ff: torch.zeros(d_model))
    assert not result and "not an nn.Module" in result.message


def test_the_library_layer_itself_is_the_pre_norm_layout():
    class Library(DecoderLayer):
        def __init__(self, d_model, heads, d_ff):
            super().__init__(d_model, heads, d_ff)

        def forward(self, y, memory, causal):
            return super().forward(y, memory, causal)[0]

    result = nb10.check_post_norm_decoder_layer(Library)
    assert not result and "pre-norm layout" in result.message


def test_verdicts_name_the_case_but_not_the_answer():
    result = nb10.check_post_norm_decoder_layer(layer_with(pre_norm))
    assert "case 1 (d_model=8, heads=2, d_ff=16; y [2, 5, 8], memory [2, 5, 8])" in result.message
    assert "tensor(" not in result.message and "[[" not in result.message


def test_the_check_leaves_the_learners_random_numbers_alone():
    torch.manual_seed(5)
    expected = torch.rand(3)
    torch.manual_seed(5)
    nb10.check_post_norm_decoder_layer(Right)
    nb10.check_post_norm_decoder_layer(layer_with(detached))
    assert torch.equal(torch.rand(3), expected)


def test_case_names_and_setup_errors_speak_chinese():
    from seq2seq_lib.i18n import translations

    ZH = translations("zh")

    assert all(label in ZH for label in nb10.LABELS)
