"""Solution to the exercise of notebook 10 (the Transformer): the paper's post-norm decoder layer.

Run ``python solutions/10_transformer.py`` to see the check pass.

The notebook writes MultiHeadAttention and FeedForward itself; here the library's are used,
which have the same constructor, the same parameter names and the same ``forward``.
"""

from __future__ import annotations

import torch
from torch import nn

from seq2seq_lib.exercises import CheckResult, nb10
from seq2seq_lib.transformer import FeedForward, MultiHeadAttention


class PostNormDecoderLayer(nn.Module):
    """The decoder layer of Vaswani et al. (2017): each part as y = LayerNorm(y + sublayer(y))."""

    def __init__(self, d_model: int, heads: int, d_ff: int):
        super().__init__()  # the parts of the notebook's DecoderLayer, under the same names
        self.norm1, self.self_attention = nn.LayerNorm(d_model), MultiHeadAttention(d_model, heads)
        self.norm2, self.cross_attention = nn.LayerNorm(d_model), MultiHeadAttention(d_model, heads)
        self.norm3, self.feed_forward = nn.LayerNorm(d_model), FeedForward(d_model, d_ff)

    def forward(self, y: torch.Tensor, memory: torch.Tensor, causal: torch.Tensor) -> torch.Tensor:
        """y ``[B, T, D]``, memory ``[B, S, D]``, causal ``[T, T]`` bool -> ``[B, T, D]``."""
        attended, _ = self.self_attention(y, y, causal)  # position t reads positions 0..t of y
        y = self.norm1(y + attended)  # add, then normalise: the norm sits on the residual path
        read, _ = self.cross_attention(y, memory)  # queries from y, keys and values from the encoder
        y = self.norm2(y + read)
        return self.norm3(y + self.feed_forward(y))


def run_checks() -> list[CheckResult]:
    return [nb10.check_post_norm_decoder_layer(PostNormDecoderLayer)]


if __name__ == "__main__":
    for result in run_checks():
        print(result)
