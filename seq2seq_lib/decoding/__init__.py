"""Autoregressive decoding, for every model kind: greedy, beam search, sampling, and text in / text out.

- :func:`greedy_decode`: the most likely token at every step (:mod:`.greedy`);
- :func:`beam_search` / :func:`beam_decode`: the ``k`` most likely partial outputs (:mod:`.beam`);
- :func:`sequence_log_probs`: log p(y | x) of given outputs, the quantity beam search ranks by;
- :func:`sample_decode`: each token drawn from the model's distribution, reshaped by a
  temperature and top-k (:mod:`.sampling`);
- :func:`decode_strings`: strings to strings, in bounded batches (:mod:`.strings`).
"""

from .beam import MAX_BEAM_WIDTH, Hypothesis, beam_decode, beam_search, check_beam_width, sequence_log_probs
from .greedy import check_model, check_source_ids, check_token_ids, greedy_decode
from .sampling import sample_decode, sampling_probs
from .strings import decode_strings, encode_strings

__all__ = [
    "MAX_BEAM_WIDTH",
    "Hypothesis",
    "beam_decode",
    "beam_search",
    "check_beam_width",
    "check_model",
    "check_source_ids",
    "check_token_ids",
    "decode_strings",
    "encode_strings",
    "greedy_decode",
    "sample_decode",
    "sampling_probs",
    "sequence_log_probs",
]
