"""The model kinds, by the names the CLI, the checkpoints, the benchmarks and the scripts use.

``KIND_NAMES`` needs no torch: the command line lists the kinds in ``--help`` without importing
it. ``MODEL_KINDS`` (name -> class) imports the models on first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .models import EncoderDecoder

KIND_NAMES: tuple[str, ...] = ("plain", "attention", "transformer")


def _model_kinds() -> dict[str, type[EncoderDecoder]]:
    from .models import AttentionSeq2Seq, Seq2Seq
    from .transformer import TransformerSeq2Seq

    kinds = {"plain": Seq2Seq, "attention": AttentionSeq2Seq, "transformer": TransformerSeq2Seq}
    assert tuple(kinds) == KIND_NAMES, "KIND_NAMES lists the registered kinds, in order"
    return kinds


def _kinds() -> dict[str, type[EncoderDecoder]]:
    if "MODEL_KINDS" not in globals():
        globals()["MODEL_KINDS"] = _model_kinds()
    return globals()["MODEL_KINDS"]


def __getattr__(name: str) -> Any:  # PEP 562: MODEL_KINDS is built when first asked for
    if name == "MODEL_KINDS":
        return _kinds()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def model_class(kind: str) -> type[EncoderDecoder]:
    """The class of a model kind: ``"plain"``, ``"attention"`` or ``"transformer"``."""
    from .validation import check_choice

    kinds = _kinds()
    return kinds[check_choice("model kind", kind, kinds)]


def kind_of(model: EncoderDecoder) -> str:
    """The registered kind of ``model`` (its exact class, not a subclass)."""
    kinds = _kinds()
    for kind, cls in kinds.items():
        if type(model) is cls:
            return kind
    raise TypeError(f"{type(model).__name__} is not a registered model kind ({sorted(kinds)})")
