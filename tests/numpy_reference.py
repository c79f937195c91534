"""Plain NumPy re-implementations the tests compare the library against.

Everything here is written from the formulas (and the article's code), not from the
library: weights are taken out of the torch modules as float64 arrays and the maths
is redone by hand.
"""

from __future__ import annotations

import numpy as np
import torch

MONTH_NAMES = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


# -- dates -------------------------------------------------------------------------
def civil_from_days(days: int) -> tuple[int, int, int]:
    """Days since 1970-01-01 -> (year, month, day), proleptic Gregorian (H. Hinnant's algorithm)."""
    z = days + 719468
    era = (z if z >= 0 else z - 146096) // 146097
    doe = z - era * 146097  # [0, 146096]
    yoe = (doe - doe // 1460 + doe // 36524 - doe // 146096) // 365  # [0, 399]
    doy = doe - (365 * yoe + yoe // 4 - yoe // 100)  # [0, 365]
    mp = (5 * doy + 2) // 153  # [0, 11], March-based
    day = doy - (153 * mp + 2) // 5 + 1
    month = mp + 3 if mp < 10 else mp - 9
    year = yoe + era * 400 + (1 if month <= 2 else 0)
    return year, month, day


def utc_date_strings(timestamp: int) -> tuple[str, str]:
    """A Unix timestamp read in UTC -> ('%y-%m-%d', '%d/%b/%Y') in the C locale."""
    year, month, day = civil_from_days(int(timestamp) // 86400)
    return f"{year % 100:02d}-{month:02d}-{day:02d}", f"{day:02d}/{MONTH_NAMES[month - 1]}/{year}"


def article_timestamps(n: int, seed: int) -> np.ndarray:
    """The article's draw, ``np.random.seed(seed); np.random.randint(...)``, global state restored."""
    saved = np.random.get_state()
    try:
        np.random.seed(seed)
        return np.random.randint(143835585, 2043835585, n)
    finally:
        np.random.set_state(saved)


# -- attention ---------------------------------------------------------------------
def as_numpy(t: torch.Tensor) -> np.ndarray:
    return t.detach().cpu().double().numpy()


def softmax(x: np.ndarray, axis: int = -1) -> np.ndarray:
    e = np.exp(x - x.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


def masked_softmax(x: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """Softmax over the positions where ``mask`` is True only; the others get 0."""
    out = np.zeros_like(x)
    for b in range(x.shape[0]):
        keep = mask[b]
        out[b, keep] = softmax(x[b, keep])
    return out


def dot_scores(q: np.ndarray, keys: np.ndarray) -> np.ndarray:
    """q [B, H], keys [B, T, H] -> [B, T]: e_j = q . k_j."""
    return np.einsum("bh,bth->bt", q, keys)


def general_scores(q, keys, weight, bias):
    """e_j = q . (W k_j + b)."""
    return np.einsum("bh,bth->bt", q, keys @ weight.T + bias)


def additive_scores(q, keys, w_query, b_query, w_key, b_key, v):
    """e_j = v . tanh(W_q q + b_q + W_k k_j + b_k); v has shape [1, A]."""
    hidden = np.tanh((q @ w_query.T + b_query)[:, None, :] + keys @ w_key.T + b_key)
    return hidden @ v[0]


def _bias(linear: torch.nn.Linear) -> np.ndarray | float:
    return 0.0 if linear.bias is None else as_numpy(linear.bias)


def score_reference(module: torch.nn.Module, q: np.ndarray, keys: np.ndarray) -> np.ndarray:
    """The NumPy scores of a DotScore / GeneralScore / AdditiveScore, from its own weights."""
    name = type(module).__name__
    if name == "DotScore":
        return dot_scores(q, keys)
    if name == "GeneralScore":
        return general_scores(q, keys, as_numpy(module.key_map.weight), _bias(module.key_map))
    if name == "AdditiveScore":
        assert module.v.bias is None
        return additive_scores(
            q,
            keys,
            as_numpy(module.query_map.weight),
            _bias(module.query_map),
            as_numpy(module.key_map.weight),
            _bias(module.key_map),
            as_numpy(module.v.weight),
        )
    raise AssertionError(f"no reference for {name}")


# -- LSTM encoder-decoder -----------------------------------------------------------
def sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


def lstm_cell(x, h, c, lstm: torch.nn.LSTM):
    """One step of a single-layer torch LSTM (gate order i, f, g, o)."""
    gates = (
        x @ as_numpy(lstm.weight_ih_l0).T
        + as_numpy(lstm.bias_ih_l0)
        + h @ as_numpy(lstm.weight_hh_l0).T
        + as_numpy(lstm.bias_hh_l0)
    )
    i, f, g, o = np.split(gates, 4, axis=-1)
    c = sigmoid(f) * c + sigmoid(i) * np.tanh(g)
    h = sigmoid(o) * np.tanh(c)
    return h, c


def reference_logits(model, src: torch.Tensor, decoder_inputs: torch.Tensor) -> np.ndarray:
    """Teacher-forced logits [B, U, V] of the article's models, recomputed step by step in NumPy.

    Plain model: the decoder starts from the encoder's final (h, c) (h through
    W_h h + b_h with ``transform_context``) and the output layer reads s_t.
    Attention model: at step t the score uses the previous decoder state s_{t-1}, the
    context is the weighted sum of encoder outputs, the LSTM advances from the
    previous token alone, and the output layer reads [c_t; s_t].
    """
    src_np, dec_np = src.numpy(), decoder_inputs.numpy()
    enc_emb = as_numpy(model.encoder_embedding.weight)[src_np]  # [B, S, E]
    dec_emb = as_numpy(model.decoder_embedding.weight)[dec_np]  # [B, U, E]
    batch, units = src_np.shape[0], model.units
    h = np.zeros((batch, units))
    c = np.zeros((batch, units))
    encoder_outputs = []
    for j in range(src_np.shape[1]):
        h, c = lstm_cell(enc_emb[:, j], h, c, model.encoder)
        encoder_outputs.append(h)
    memory = np.stack(encoder_outputs, axis=1)  # [B, S, H]

    if getattr(model, "context_map", None) is not None:
        h = h @ as_numpy(model.context_map.weight).T + as_numpy(model.context_map.bias)
    out_w, out_b = as_numpy(model.output.weight), as_numpy(model.output.bias)
    attention = hasattr(model, "score")
    logits = []
    for t in range(dec_np.shape[1]):
        if attention:
            alpha = softmax(score_reference(model.score, h, memory))
            context = np.einsum("bt,bth->bh", alpha, memory)
        h, c = lstm_cell(dec_emb[:, t], h, c, model.decoder)
        features = np.concatenate([context, h], axis=-1) if attention else h
        logits.append(features @ out_w.T + out_b)
    return np.stack(logits, axis=1)
