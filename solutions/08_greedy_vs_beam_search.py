"""Solutions to the exercises of notebook 08 (greedy decoding, beam search and sampling).

Run ``python solutions/08_greedy_vs_beam_search.py`` to see every check pass.
"""

from __future__ import annotations

import torch

from seq2seq_lib.decoding import Hypothesis
from seq2seq_lib.exercises import CheckResult, nb08


def beam_step(beam_scores: torch.Tensor, log_probs: torch.Tensor, k: int):
    """The k best of the k × V candidates: (parents [k], tokens [k], scores [k]), best first."""
    candidates = beam_scores[:, None] + log_probs  # [k, V]: a beam's score plus each token's log probability
    scores, flat = candidates.reshape(-1).topk(k)  # the k best of all k × V, best first
    vocab_size = log_probs.shape[1]
    return flat // vocab_size, flat % vocab_size, scores


def normalised_score(hypothesis: Hypothesis, alpha: float) -> float:
    """log p(Y | X) / U ** alpha, U the number of generated tokens (<EOS> included)."""
    return hypothesis.log_prob / len(hypothesis.ids) ** alpha


def sampling_distribution(logits: torch.Tensor, temperature: float, top_k: int | None = None) -> torch.Tensor:
    """softmax(logits / T) over each row's k most likely tokens: [B, V] -> [B, V]."""
    scaled = logits / temperature  # [B, V]: T < 1 sharpens, T > 1 flattens
    if top_k is not None:
        kth = scaled.topk(top_k, dim=-1).values[:, -1:]  # [B, 1]: each row's k-th largest
        scaled = scaled.masked_fill(scaled < kth, float("-inf"))  # e^-inf = 0: the others cannot be drawn
    return scaled.softmax(dim=-1)  # subtracts each row's maximum first: no overflow for a small T


def run_checks() -> list[CheckResult]:
    return [
        nb08.check_beam_step(beam_step),
        nb08.check_normalised_score(normalised_score),
        nb08.check_sampling_distribution(sampling_distribution),
    ]


if __name__ == "__main__":
    for result in run_checks():
        print(result)
