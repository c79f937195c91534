"""Attention weights, context vectors and the three score functions, against NumPy."""

from __future__ import annotations

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from numpy_reference import as_numpy, masked_softmax, score_reference, softmax

from seq2seq_lib.attention import (
    AdditiveScore,
    DotScore,
    GeneralScore,
    attention_weights,
    context_vector,
)

B, T, H, U = 3, 6, 5, 4


@pytest.fixture
def gen() -> torch.Generator:
    return torch.Generator().manual_seed(0)


def randn(*shape, gen):
    return torch.randn(*shape, generator=gen)


def make_score(name: str) -> torch.nn.Module:
    torch.manual_seed(1)
    module = {"dot": DotScore, "general": GeneralScore, "additive": AdditiveScore}[name]
    return module() if name == "dot" else module(H)


# -- attention_weights -------------------------------------------------------------
def test_weights_without_mask_are_the_softmax_over_positions(gen):
    scores = randn(B, T, gen=gen) * 3
    weights = attention_weights(scores)
    assert weights.shape == (B, T)
    np.testing.assert_allclose(as_numpy(weights), softmax(as_numpy(scores)), rtol=1e-6, atol=1e-7)
    np.testing.assert_allclose(as_numpy(weights.sum(dim=-1)), np.ones(B), atol=1e-6)


def test_masked_positions_get_exactly_zero_and_rows_still_sum_to_one(gen):
    scores = randn(B, T, gen=gen)
    mask = torch.tensor(
        [
            [True, True, True, True, True, True],
            [True, True, True, False, False, False],
            [False, True, False, True, False, True],
        ]
    )
    scores[~mask] = 1e4  # masked scores must not leak, however large
    weights = attention_weights(scores, mask)
    assert torch.all(weights[~mask] == 0.0)
    np.testing.assert_allclose(as_numpy(weights.sum(dim=-1)), np.ones(B), atol=1e-6)
    np.testing.assert_allclose(as_numpy(weights), masked_softmax(as_numpy(scores), mask.numpy()), rtol=1e-6, atol=1e-7)


def test_an_all_true_mask_equals_no_mask(gen):
    scores = randn(B, T, gen=gen)
    assert torch.equal(attention_weights(scores, torch.ones(B, T, dtype=torch.bool)), attention_weights(scores))


def test_masked_weights_have_no_nan_with_infinite_scores(gen):
    scores = randn(B, T, gen=gen)
    mask = torch.ones(B, T, dtype=torch.bool)
    mask[:, -1] = False
    scores[:, -1] = float("-inf")
    weights = attention_weights(scores, mask)
    assert not torch.isnan(weights).any()
    assert torch.all(weights[:, -1] == 0.0)


def test_batched_query_weights_equal_looping_over_decoder_steps(gen):
    scores = randn(B, U, T, gen=gen)
    mask = torch.rand(B, T, generator=gen) > 0.3
    mask[:, 0] = True
    batched = attention_weights(scores, mask)
    assert batched.shape == (B, U, T)
    for u in range(U):
        torch.testing.assert_close(batched[:, u], attention_weights(scores[:, u], mask), rtol=0, atol=0)


@pytest.mark.parametrize("dtype", [torch.float32, torch.int64, torch.uint8])
def test_a_non_bool_mask_is_rejected(gen, dtype):
    with pytest.raises(TypeError, match="bool"):
        attention_weights(randn(B, T, gen=gen), torch.ones(B, T, dtype=dtype))


@pytest.mark.parametrize("mask_shape", [(B, T + 1), (B + 1, T), (T,), (B, 1, T)])
def test_a_mask_of_the_wrong_shape_is_rejected(gen, mask_shape):
    with pytest.raises(ValueError, match=r"mask shape .* does not match scores"):
        attention_weights(randn(B, T, gen=gen), torch.ones(mask_shape, dtype=torch.bool))


def test_a_row_with_every_position_masked_is_rejected(gen):
    mask = torch.ones(B, T, dtype=torch.bool)
    mask[1] = False
    with pytest.raises(ValueError, match="every source position"):
        attention_weights(randn(B, T, gen=gen), mask)


# -- context_vector ----------------------------------------------------------------
def test_context_is_the_weighted_sum_of_values(gen):
    weights = torch.softmax(randn(B, T, gen=gen), dim=-1)
    values = randn(B, T, H, gen=gen)
    context = context_vector(weights, values)
    assert context.shape == (B, H)
    expected = np.einsum("bt,bth->bh", as_numpy(weights), as_numpy(values))
    np.testing.assert_allclose(as_numpy(context), expected, rtol=1e-5, atol=1e-6)


def test_one_hot_weights_pick_one_value(gen):
    values = randn(B, T, H, gen=gen)
    picks = torch.tensor([0, 3, 5])
    context = context_vector(F.one_hot(picks, T).float(), values)
    torch.testing.assert_close(context, values[torch.arange(B), picks])


def test_batched_context_equals_looping_over_decoder_steps(gen):
    weights = torch.softmax(randn(B, U, T, gen=gen), dim=-1)
    values = randn(B, T, H, gen=gen)
    batched = context_vector(weights, values)
    assert batched.shape == (B, U, H)
    for u in range(U):
        torch.testing.assert_close(batched[:, u], context_vector(weights[:, u], values), rtol=1e-6, atol=1e-6)


@pytest.mark.parametrize(("weights_shape", "values_shape"), [((B, T), (B, T + 1, H)), ((B, T), (B + 1, T, H))])
def test_context_rejects_disagreeing_shapes(gen, weights_shape, values_shape):
    with pytest.raises(ValueError, match=r"expected weights \[B, T\] and values \[B, T, H\]"):
        context_vector(randn(*weights_shape, gen=gen), randn(*values_shape, gen=gen))


# -- score modules -----------------------------------------------------------------
@pytest.mark.parametrize("name", ["dot", "general", "additive"])
def test_scores_equal_the_numpy_formula(gen, name):
    module = make_score(name)
    query, keys = randn(B, H, gen=gen), randn(B, T, H, gen=gen)
    scores = module(query, keys)
    assert scores.shape == (B, T)
    expected = score_reference(module, as_numpy(query), as_numpy(keys))
    np.testing.assert_allclose(as_numpy(scores), expected, rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize("name", ["dot", "general", "additive"])
def test_batched_query_scores_equal_looping_over_decoder_steps(gen, name):
    module = make_score(name)
    queries, keys = randn(B, U, H, gen=gen), randn(B, T, H, gen=gen)
    batched = module(queries, keys)
    assert batched.shape == (B, U, T)
    for u in range(U):
        torch.testing.assert_close(batched[:, u], module(queries[:, u], keys), rtol=1e-5, atol=1e-6)


def test_dot_score_has_no_parameters():
    assert list(DotScore().parameters()) == []


def test_general_score_is_one_h_by_h_linear_with_bias_on_the_keys(gen):
    module = make_score("general")
    params = dict(module.named_parameters())
    assert {k: tuple(v.shape) for k, v in params.items()} == {"key_map.weight": (H, H), "key_map.bias": (H,)}
    # the map is applied to the keys, not to the query: q . (W k + b) != (W q + b) . k
    query, keys = randn(B, H, gen=gen), randn(B, T, H, gen=gen)
    weight, bias = as_numpy(module.key_map.weight), as_numpy(module.key_map.bias)
    on_query = np.einsum("bh,bth->bt", as_numpy(query) @ weight.T + bias, as_numpy(keys))
    assert not np.allclose(as_numpy(module(query, keys)), on_query, atol=1e-3)


def test_general_score_with_softmax_and_context_equals_the_articles_code(gen):
    """The article: attn = softmax(attention(o) @ h[:, :, None], dim=1); context = o^T @ attn."""
    module = make_score("general")
    o, hx = randn(B, T, H, gen=gen), randn(B, H, gen=gen)
    attn_prob = torch.matmul(module.key_map(o), hx.unsqueeze(2))
    attn_weight = F.softmax(attn_prob, dim=1)
    article_context = torch.matmul(o.permute(0, 2, 1), attn_weight).squeeze(2)

    weights = attention_weights(module(hx, o))
    torch.testing.assert_close(weights, attn_weight.squeeze(2), rtol=1e-5, atol=1e-6)
    torch.testing.assert_close(context_vector(weights, o), article_context, rtol=1e-5, atol=1e-6)


def test_additive_score_is_v_dot_tanh_of_projected_query_plus_projected_key():
    module = AdditiveScore(H, attention_size=7)
    shapes = {k: tuple(v.shape) for k, v in module.named_parameters()}
    assert shapes["query_map.weight"] == (7, H)
    assert shapes["key_map.weight"] == (7, H)
    assert shapes["v.weight"] == (1, 7)
    gen = torch.Generator().manual_seed(3)
    query, keys = randn(B, H, gen=gen), randn(B, T, H, gen=gen)
    expected = score_reference(module, as_numpy(query), as_numpy(keys))
    np.testing.assert_allclose(as_numpy(module(query, keys)), expected, rtol=1e-5, atol=1e-5)


BAD_SHAPES = {
    "keys-without-hidden-dim": ((B, H), (B, T)),
    "batch-sizes-disagree": ((B, H), (B + 1, T, H)),
    "query-and-keys-hidden-sizes-disagree": ((B, H), (B, T, H + 1)),
}
BAD_SHAPE_CASES = [
    pytest.param(name, query_shape, keys_shape, id=f"{name}-{case}")
    for name in ("dot", "general", "additive")
    for case, (query_shape, keys_shape) in BAD_SHAPES.items()
] + [
    # the module was built for hidden size H; both inputs have another size
    pytest.param(name, (B, H + 1), (B, T, H + 1), id=f"{name}-not-the-modules-hidden-size")
    for name in ("general", "additive")
]


@pytest.mark.parametrize(("name", "query_shape", "keys_shape"), BAD_SHAPE_CASES)
def test_scores_reject_bad_shapes_with_a_clear_error(gen, name, query_shape, keys_shape):
    """A shape error is a ValueError naming the shapes it got, not a torch matmul/indexing error."""
    module = make_score(name)
    with pytest.raises(ValueError) as excinfo:
        module(randn(*query_shape, gen=gen), randn(*keys_shape, gen=gen))
    assert str(tuple(query_shape)) in str(excinfo.value)
    assert str(tuple(keys_shape)) in str(excinfo.value)
