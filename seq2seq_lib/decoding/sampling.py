"""Sampling: draw each output token from the model's distribution instead of taking the best one.

Greedy decoding and beam search look for the *most likely* output; sampling draws *an*
output, token by token, each with the probability the model gives it. Two knobs reshape
the distribution before every draw:

- **temperature** T: the logits are divided by T, ``p_i ∝ exp(z_i / T)``. T = 1 samples
  from the model as it is; T < 1 sharpens the distribution (T -> 0 approaches greedy
  decoding), T > 1 flattens it towards uniform;
- **top-k**: only the k most likely tokens can be drawn, renormalised among themselves;
  ``top_k=1`` keeps the most likely token alone and is greedy decoding, token for token.

The draw itself is an inverse-CDF lookup on a uniform number from a ``torch.Generator``:
the first token whose cumulative probability exceeds it. A token of probability 0 can
never be drawn, so ``top_k=1`` gives exactly ``greedy_decode``'s ids (the most likely
token is chosen as ``argmax`` chooses it: the larger logit, then the smaller id). The
uniform numbers come from the generator's own device (the CPU unless it is a GPU
generator) and are then moved to the model's, so a seeded CPU generator gives the same
draws whether the model runs on the CPU or a GPU.
"""

from __future__ import annotations

import torch

from ..i18n import tr
from ..models import EncoderDecoder
from ..validation import ArgumentTypeError, check_float, check_optional_int
from .greedy import check_source_ids, token_by_token


def check_sampling(temperature: object, top_k: object) -> tuple[float, int | None]:
    """Return ``(temperature, top_k)`` if temperature is a finite number > 0 and top_k None or >= 1."""
    temperature = check_float("temperature", temperature, 0.0, low_inclusive=False)
    return temperature, check_optional_int("top_k", top_k, 1)


def sampling_probs(logits: torch.Tensor, temperature: float = 1.0, top_k: int | None = None) -> torch.Tensor:
    """The distribution the next token is drawn from: softmax(logits / T), cut to the top k.

    Args:
        logits: ``[..., V]`` a step's logits.
        temperature: T > 0; the logits are divided by it.
        top_k: keep only the k most likely tokens (None or k >= V: all of them). Ties at
            the cut keep the smaller id, as ``argmax`` does.

    Returns:
        probabilities ``[..., V]`` (float32, or float64 for float64 logits), each row
        summing to 1, exactly 0 outside the top k.
    """
    temperature, top_k = check_sampling(temperature, top_k)
    # In float64, where any T > 0 a Python float can hold is > 0 (in float32, T = 1e-50 would be 0).
    # Subtract the row's maximum before dividing: the best token gets exactly 0, the others a
    # negative number, so a tiny T gives -inf (probability 0) and never inf - inf = nan.
    wide = logits.double()
    scaled = (wide - wide.max(dim=-1, keepdim=True).values) / temperature  # [..., V]
    if top_k is not None and top_k < logits.shape[-1]:
        # Rank by the logits themselves (dividing by a huge T could round two of them to a tie);
        # a stable sort keeps equal logits in id order, as argmax does.
        ranked = logits.argsort(dim=-1, descending=True, stable=True)  # [..., V]
        scaled = scaled.scatter(-1, ranked[..., top_k:], float("-inf"))
    return scaled.softmax(dim=-1).to(torch.promote_types(logits.dtype, torch.float32))


def draw(probs: torch.Tensor, generator: torch.Generator | None = None) -> torch.Tensor:
    """One token per row of ``probs [B, V]``, drawn with those probabilities: ids ``[B]``.

    Inverse CDF: with u uniform in [0, 1), the first token whose cumulative probability
    exceeds u times the row's total. A token of probability 0 adds nothing to the
    cumulative sum, so it can never be the first to exceed it.
    """
    source = generator.device if generator is not None else torch.device("cpu")
    u = torch.rand(probs.shape[0], 1, generator=generator, device=source).to(probs.device)  # [B, 1]
    cdf = probs.double().cumsum(dim=-1)  # [B, V], non-decreasing
    tokens = (cdf <= u * cdf[:, -1:]).sum(dim=-1)  # [B]: tokens passed before the draw lands
    # u * total can round up to the total itself: then the draw is the last token with probability > 0.
    last = probs.shape[-1] - 1 - (probs > 0).flip(-1).int().argmax(dim=-1)  # [B]
    return torch.minimum(tokens, last)


@torch.no_grad()
def sample_decode(
    model: EncoderDecoder,
    src: torch.Tensor,
    temperature: float = 1.0,
    top_k: int | None = None,
    generator: torch.Generator | None = None,
    max_len: int | None = None,
) -> torch.Tensor:
    """Sample an output for every source of a batch, token by token, as ``greedy_decode`` decodes.

    Args:
        model: a model of any kind (run in eval mode, without autograd; its mode is restored).
        src: source ids ``[B, S]``; moved to the model's device.
        temperature: T > 0 (1: the model's own distribution; -> 0: greedy decoding).
        top_k: draw only among the k most likely tokens (1: greedy decoding, exactly).
        generator: a seeded ``torch.Generator`` for repeatable draws (None: torch's global one).
        max_len: stop after this many steps (default and upper bound: ``model.max_output_len``).

    Returns:
        ids ``[B, L]`` (L <= ``max_len``), ``<EOS>`` included, ``<PAD>`` after it, on the
        model's device.
    """
    check_source_ids(src, model)
    temperature, top_k = check_sampling(temperature, top_k)
    if generator is not None and not isinstance(generator, torch.Generator):
        raise ArgumentTypeError(
            tr("generator must be a torch.Generator or None, got {kind}", kind=type(generator).__name__)
        )
    max_len = check_optional_int("max_len", max_len, 1) or model.max_output_len
    ids, _ = token_by_token(
        model,
        src.to(model.device),
        max_len,
        lambda logits: draw(sampling_probs(logits, temperature, top_k), generator),  # [B, V] -> [B]
    )
    return ids  # [B, L]
