"""The model kinds, by the names the CLI, the checkpoints, the benchmarks and the scripts use."""

from __future__ import annotations

from .models import AttentionSeq2Seq, EncoderDecoder, Seq2Seq
from .transformer import TransformerSeq2Seq
from .validation import check_choice

MODEL_KINDS: dict[str, type[EncoderDecoder]] = {
    "plain": Seq2Seq,
    "attention": AttentionSeq2Seq,
    "transformer": TransformerSeq2Seq,
}


def model_class(kind: str) -> type[EncoderDecoder]:
    """The class of a model kind: ``"plain"``, ``"attention"`` or ``"transformer"``."""
    return MODEL_KINDS[check_choice("model kind", kind, MODEL_KINDS)]


def kind_of(model: EncoderDecoder) -> str:
    """The registered kind of ``model`` (its exact class, not a subclass)."""
    for kind, cls in MODEL_KINDS.items():
        if type(model) is cls:
            return kind
    raise TypeError(f"{type(model).__name__} is not a registered model kind ({sorted(MODEL_KINDS)})")
