"""Solutions to the exercises of notebook 08 (greedy decoding versus beam search).

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


def run_checks() -> list[CheckResult]:
    return [
        nb08.check_beam_step(beam_step),
        nb08.check_normalised_score(normalised_score),
    ]


if __name__ == "__main__":
    for result in run_checks():
        print(result)
