"""Checks for the exercise of notebook 10 (the Transformer): the paper's post-norm decoder layer.

The notebook writes the decoder layer the way the library does, *pre-norm*
(``y + sublayer(LayerNorm(y))``). The learner writes the layer of the paper,
*post-norm* (``LayerNorm(y + sublayer(y))``), with the same parts under the same names,
so that the check can load the weights of a library :class:`~seq2seq_lib.transformer.DecoderLayer`
into it. Each case then compares the learner's output with the post-norm layout computed
from the library layer's own parts, and a last case runs a few Adam steps on the learner's
layer, which must lower a loss. Wrong outputs are matched against what the common mistakes
give on the same weights (the notebook's pre-norm layout, no causal mask, a mask upside
down, cross-attention reading the decoder itself, ...).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

import torch
import torch.nn.functional as F
from torch import nn

from ..i18n import tr
from ..transformer import DecoderLayer, causal_mask
from .answers import tensors_close
from .engine import Case, CheckResult, Diagnosis, Exercise, fail

# Post-norm outputs are normalised (values of a few units): float32 sums agree to ~1e-6,
# while every mistake below moves some output by more than 0.01.
_ATOL = 1e-4
_STEPS = 10  # Adam steps of the training case

# How the cases are named in verdicts (translated when the cases are built).
OUTPUT_LABEL = "case {number} (d_model={d_model}, heads={heads}, d_ff={d_ff}; y {y}, memory {memory})"
TRAINING_LABEL = "{steps} Adam steps on a layer (d_model={d_model}, heads={heads}, d_ff={d_ff})"
NAMES_ERROR = (
    "its parameters are not named like DecoderLayer's, so the weights cannot be copied in "
    "(missing: {missing}; unexpected: {unexpected}). Keep the __init__ you were given."
)
NOT_A_MODULE_ERROR = "{name}(d_model, heads, d_ff) gave a {kind}, not an nn.Module."
SETUP_PROBLEM = "{label}: {problem}"
LABELS = (OUTPUT_LABEL, TRAINING_LABEL, NAMES_ERROR, NOT_A_MODULE_ERROR, SETUP_PROBLEM)


@dataclass(frozen=True)
class _Setup:
    """What a case hands the learner's class: sizes, the weights to load, and the inputs."""

    d_model: int
    heads: int
    d_ff: int
    weights: dict[str, torch.Tensor]  # a library DecoderLayer's state_dict, every value random
    y: torch.Tensor  # [B, T, D] the decoder's inputs
    memory: torch.Tensor  # [B, S, D] the encoder's outputs
    causal: torch.Tensor  # [T, T] bool, True on and below the diagonal
    targets: torch.Tensor | None = None  # [B, T] token ids (the training case only)
    head: torch.Tensor | None = None  # [V, D] a fixed output layer (the training case only)


# -- the reference, and the layouts the common mistakes give --------------------------------------
def _post_norm(
    layer: DecoderLayer,
    y: torch.Tensor,
    memory: torch.Tensor,
    self_mask: torch.Tensor | None,
    *,
    self_source: str = "itself",
    cross_source: str = "memory",
    cross_mask: torch.Tensor | None = None,
    order: str = "self-cross-ff",
    residual: bool = True,
    norm: str = "after",
) -> torch.Tensor:
    """The paper's layer from ``layer``'s parts; the keyword arguments describe a mistake.

    ``self_source`` / ``cross_source``: where each attention takes its keys and values
    ("itself": the decoder's own y; "memory": the encoder's output). ``order``: the
    sub-layers' order. ``residual``: add each sub-layer's input back. ``norm``: "after"
    the addition (right), "none", or "inside" (y + LN(sublayer(y))).
    """

    def keys(h: torch.Tensor, source: str) -> torch.Tensor:
        return h if source == "itself" else memory

    parts = {
        "self": (layer.norm1, lambda h: layer.self_attention(h, keys(h, self_source), self_mask)[0]),
        "cross": (layer.norm2, lambda h: layer.cross_attention(h, keys(h, cross_source), cross_mask)[0]),
        "ff": (layer.norm3, layer.feed_forward),
    }
    for name in order.split("-"):
        norm_layer, sublayer = parts[name]
        out = sublayer(y)
        if norm == "inside":
            y = y + norm_layer(out)
        elif norm == "none":
            y = y + out
        else:
            y = norm_layer(y + out if residual else out)
    return y


@dataclass(frozen=True)
class _Outputs:
    """The right output ``[B, T, D]`` and what common mistakes give on the same weights and inputs."""

    right: torch.Tensor
    pre_norm: torch.Tensor  # the notebook's (and the library's) layout
    no_mask: torch.Tensor
    mask_transposed: torch.Tensor
    cross_itself: tuple[torch.Tensor, ...]  # cross-attention keys from the decoder, with or without the mask
    self_reads_memory: torch.Tensor | None  # self-attention keys from memory (only when S == T)
    cross_masked: torch.Tensor | None  # the causal mask given to the cross-attention too (only when S == T)
    order_swapped: torch.Tensor  # cross-attention before self-attention
    no_residual: torch.Tensor
    no_norm: torch.Tensor
    norm_inside: torch.Tensor  # y + LN(sublayer(y))


def _reference_layer(setup: _Setup) -> DecoderLayer:
    with torch.random.fork_rng(devices=[]):  # leave the learner's random numbers alone
        torch.manual_seed(0)
        layer = DecoderLayer(setup.d_model, setup.heads, setup.d_ff)
    layer.load_state_dict(setup.weights)
    return layer.eval()


def _expected_outputs(setup: _Setup) -> _Outputs:
    layer, y, memory, causal = _reference_layer(setup), setup.y, setup.memory, setup.causal
    post = partial(_post_norm, layer, y, memory)
    same_length = memory.shape[1] == y.shape[1]  # otherwise a [T, T] mask on memory's keys raises
    with torch.no_grad():
        return _Outputs(
            right=post(causal),
            pre_norm=layer(y, memory, causal)[0],
            no_mask=post(None),
            mask_transposed=post(causal.T),
            cross_itself=(post(causal, cross_source="itself"), post(causal, cross_source="itself", cross_mask=causal)),
            self_reads_memory=post(causal, self_source="memory") if same_length else None,
            cross_masked=post(causal, cross_mask=causal) if same_length else None,
            order_swapped=post(causal, order="cross-self-ff"),
            no_residual=post(causal, residual=False),
            no_norm=post(causal, norm="none"),
            norm_inside=post(causal, norm="inside"),
        )


def _random_weights(d_model: int, heads: int, d_ff: int, gen: torch.Generator) -> dict[str, torch.Tensor]:
    """A DecoderLayer's state_dict with every value drawn at random, the norms' scales included:
    with LayerNorm's initial weights (all 1, all 0) a learner who used norm1 three times would pass."""
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(0)
        shapes = {name: value.shape for name, value in DecoderLayer(d_model, heads, d_ff).state_dict().items()}
    weights = {}
    for name, shape in shapes.items():
        if "norm" in name and name.endswith("weight"):
            weights[name] = 1.0 + 0.5 * torch.randn(shape, generator=gen)
        else:
            weights[name] = 0.4 * torch.randn(shape, generator=gen)
    return weights


def _setups() -> list[tuple[_Setup, str]]:
    gen = torch.Generator().manual_seed(10)
    setups = []
    # (d_model, heads, d_ff, batch, T, S): the first case has S == T, so that a causal mask given to the
    # cross-attention, or keys read from the wrong sequence, give an output (not an error) to explain.
    for number, (d_model, heads, d_ff, batch, t, s) in enumerate(
        ((8, 2, 16, 2, 5, 5), (12, 3, 8, 3, 4, 6), (6, 1, 12, 1, 6, 3)), start=1
    ):
        setup = _Setup(
            d_model,
            heads,
            d_ff,
            _random_weights(d_model, heads, d_ff, gen),
            torch.randn(batch, t, d_model, generator=gen),
            torch.randn(batch, s, d_model, generator=gen),
            causal_mask(t),
        )
        label = tr(
            OUTPUT_LABEL,
            number=number,
            d_model=d_model,
            heads=heads,
            d_ff=d_ff,
            y=list(setup.y.shape),
            memory=list(setup.memory.shape),
        )
        setups.append((setup, label))
    return setups


@dataclass(frozen=True)
class _Training:
    """Marks the training case: its answer is the losses of the Adam steps, ``[steps + 1]``."""

    steps: int


def _training_setup() -> _Setup:
    gen = torch.Generator().manual_seed(11)
    d_model, heads, d_ff, batch, t, s, vocab_size = 8, 2, 16, 4, 6, 5, 7
    return _Setup(
        d_model,
        heads,
        d_ff,
        _random_weights(d_model, heads, d_ff, gen),
        torch.randn(batch, t, d_model, generator=gen),
        torch.randn(batch, s, d_model, generator=gen),
        causal_mask(t),
        targets=torch.randint(0, vocab_size, (batch, t), generator=gen),
        head=torch.randn(vocab_size, d_model, generator=gen),
    )


def _cases() -> list[Case]:
    cases = [Case((setup,), _expected_outputs(setup), label) for setup, label in _setups()]
    training = _training_setup()
    label = tr(TRAINING_LABEL, steps=_STEPS, d_model=training.d_model, heads=training.heads, d_ff=training.d_ff)
    cases.append(Case((training,), _Training(_STEPS), label))
    return cases


# -- running the learner's class ------------------------------------------------------------------
class LayerSetupError(ValueError):
    """The learner's class cannot take a library DecoderLayer's weights (named in the message)."""


def _build(layer_class: Callable[..., Any], setup: _Setup) -> nn.Module:
    """``layer_class(d_model, heads, d_ff)`` with the case's weights loaded, or LayerSetupError."""
    with torch.random.fork_rng(devices=[]):  # its nn.Linear draws initial weights: not from the learner's stream
        layer = layer_class(setup.d_model, setup.heads, setup.d_ff)
    if not isinstance(layer, nn.Module):
        name = getattr(layer_class, "__name__", "the class")
        raise LayerSetupError(tr(NOT_A_MODULE_ERROR, name=name, kind=type(layer).__name__))
    own = layer.state_dict()
    missing = sorted(set(setup.weights) - set(own))
    unexpected = sorted(set(own) - set(setup.weights))
    wrong_shape = sorted(n for n in set(own) & set(setup.weights) if own[n].shape != setup.weights[n].shape)
    if missing or unexpected or wrong_shape:
        raise LayerSetupError(
            tr(
                NAMES_ERROR,
                missing=", ".join(missing + wrong_shape) or "-",
                unexpected=", ".join(unexpected) or "-",
            )
        )
    layer.load_state_dict(setup.weights)
    return layer


def _run(layer_class: Callable[..., Any], setup: _Setup) -> Any:
    """What the engine calls: the learner's layer on the case.

    An output case returns what ``forward`` returned; the training case returns the losses
    of ``_STEPS`` Adam steps on the layer's parameters (``[_STEPS + 1]``, the last one after
    the last step). Whatever the learner's code raises reaches the engine, which words it.
    """
    try:
        layer = _build(layer_class, setup)
    except LayerSetupError as err:  # the check's own finding: said as a verdict, whole, not as an exception
        return _SetupProblem(str(err))
    if setup.targets is None:
        layer.eval()
        with torch.no_grad():
            return layer(setup.y.clone(), setup.memory.clone(), setup.causal.clone())
    layer.train()
    optimizer = torch.optim.Adam(layer.parameters(), lr=0.01)
    losses = []
    for step in range(_STEPS + 1):
        out = layer(setup.y, setup.memory, setup.causal)
        if not isinstance(out, torch.Tensor):  # the output cases have said so already; be safe
            raise TypeError(f"forward returned a {type(out).__name__}")
        loss = F.cross_entropy((out @ setup.head.T).reshape(-1, setup.head.shape[0]), setup.targets.reshape(-1))
        losses.append(loss.item())
        if step == _STEPS:
            break
        if not loss.requires_grad:  # nothing to learn from: the output does not depend on the parameters
            losses.extend([losses[-1]] * (_STEPS - step))
            break
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    return torch.tensor(losses, dtype=torch.float64)


@dataclass(frozen=True)
class _SetupProblem:
    """Why the learner's class could not take the library layer's weights (the check's message)."""

    message: str


@dataclass(frozen=True)
class _LayerExercise(Exercise):
    """An exercise whose answer is an ``nn.Module`` class, called as ``layer_class(d_model, heads, d_ff)``.

    Each case builds the learner's layer and runs it inside the engine's call, so whatever
    the learner's ``__init__`` or ``forward`` raises comes back as a verdict, not a traceback.
    """

    def check(self, answer: Callable[..., Any], *context: Any) -> CheckResult:
        runner = partial(_run, answer) if callable(answer) else answer  # not callable: the engine says so
        return super().check(runner, *context)

    def problem(self, got: Any, case: Case) -> CheckResult | None:
        if isinstance(got, _SetupProblem):
            return fail(SETUP_PROBLEM, label=case.label, problem=got.message)
        return super().problem(got, case)


# -- judging what came back -----------------------------------------------------------------------
def _is_output(e: object) -> bool:
    return isinstance(e, _Outputs)


def _close(got: object, expected: torch.Tensor | None) -> bool:
    return tensors_close(got, expected, atol=_ATOL)


def _same(got: object, e: _Outputs | _Training) -> bool:
    if _is_output(e):
        return _close(got, e.right)
    return _lowered(got)


def _lowered(losses: torch.Tensor) -> bool:
    """The loss after the steps is finite and below 90% of the loss before them."""
    return losses.shape == (_STEPS + 1,) and bool(torch.isfinite(losses).all()) and losses[-1] < 0.9 * losses[0]


def _has_nan(got: torch.Tensor, e: object) -> bool:
    return _is_output(e) and got.shape == e.right.shape and bool(torch.isnan(got).any())


def _any_close(got: object, options: tuple[torch.Tensor, ...]) -> bool:
    return any(_close(got, option) for option in options)


def _diagnosis(test: Callable[[Any, _Outputs], bool], message: str) -> Diagnosis:
    """A mistake of the output cases (the training case has its own diagnoses)."""
    return Diagnosis(lambda got, e: _is_output(e) and test(got, e), message)


check_post_norm_decoder_layer = _LayerExercise(
    name="PostNormDecoderLayer",
    cases=_cases,
    returns=torch.Tensor,
    returns_hint="forward must return the layer's output: one tensor [B, T, D], shaped like y.",
    same=_same,
    diagnoses=(
        _diagnosis(
            lambda got, e: got.shape != e.right.shape,
            "{label}: the output has the wrong shape. A decoder layer keeps the shape of y: [B, T, D].",
        ),
        _diagnosis(
            _has_nan,
            "{label}: some outputs are NaN. A query that may look at no key at all gets a softmax over "
            "nothing but -inf: is the mask upside down? True means 'may look', and position t may look at 0..t.",
        ),
        _diagnosis(
            lambda got, e: _close(got, e.pre_norm),
            "{label}: this is the pre-norm layout of the notebook's DecoderLayer, y + sublayer(LayerNorm(y)). "
            "The paper normalises after the residual addition: y = LayerNorm(y + sublayer(y)).",
        ),
        _diagnosis(
            lambda got, e: _close(got, e.no_mask),
            "{label}: the self-attention reads every position, later ones included: with teacher forcing "
            "each position could copy the token it must predict. Give the self-attention the causal mask.",
        ),
        _diagnosis(
            lambda got, e: _close(got, e.mask_transposed),
            "{label}: the mask is transposed: position t reads itself and the positions after it. "
            "Row t of the mask is query t; it may look at keys 0..t.",
        ),
        _diagnosis(
            lambda got, e: _any_close(got, e.cross_itself),
            "{label}: the cross-attention reads the decoder's own positions. Its queries come from y, "
            "its keys and values from memory (the encoder's output).",
        ),
        _diagnosis(
            lambda got, e: e.self_reads_memory is not None and _close(got, e.self_reads_memory),
            "{label}: the self-attention takes its keys and values from memory. Self-attention reads y itself; "
            "memory is for the cross-attention.",
        ),
        _diagnosis(
            lambda got, e: e.cross_masked is not None and _close(got, e.cross_masked),
            "{label}: the cross-attention got the causal mask too. Only the self-attention must not read ahead; "
            "every position may read the whole source.",
        ),
        _diagnosis(
            lambda got, e: _close(got, e.order_swapped),
            "{label}: the cross-attention comes before the self-attention. The order is: causal self-attention, "
            "cross-attention, feed-forward.",
        ),
        _diagnosis(
            lambda got, e: _close(got, e.no_residual),
            "{label}: the sub-layers' inputs are not added back. Each part is y = LayerNorm(y + sublayer(y)): "
            "the residual connection keeps y.",
        ),
        _diagnosis(
            lambda got, e: _close(got, e.no_norm),
            "{label}: no layer normalisation is applied. After each residual addition comes its LayerNorm "
            "(norm1, norm2, norm3 in turn).",
        ),
        _diagnosis(
            lambda got, e: _close(got, e.norm_inside),
            "{label}: the LayerNorm is applied to the sub-layer's result before the addition, y + LayerNorm(...). "
            "The paper normalises the sum: LayerNorm(y + sublayer(y)).",
        ),
        Diagnosis(
            lambda got, e: not _is_output(e) and not bool(torch.isfinite(got).all()),
            "{label}: the loss became NaN or infinite during the steps.",
        ),
        Diagnosis(
            lambda got, e: not _is_output(e) and bool((got - got[0]).abs().max() < 1e-12),
            "{label}: the loss did not move at all, so no gradient reaches the parameters. Is part of forward "
            "run under torch.no_grad(), or through .detach() or .data?",
        ),
        Diagnosis(
            lambda got, e: not _is_output(e),
            "{label}: the loss fell by less than a tenth. The outputs were right, so look for what keeps "
            "parameters from learning: a .detach() or .data on part of the way.",
        ),
    ),
    otherwise="{label}: the output differs from the paper's post-norm layer with the same weights: causal "
    "self-attention, cross-attention to memory, feed-forward, each as y = LayerNorm(y + sublayer(y)) "
    "with norm1, norm2, norm3 in turn.",
    success="{name} passes all {count} cases: on the weights of the library's DecoderLayer it gives the paper's "
    "post-norm layer at three sizes, and a few Adam steps on it lower the loss.",
)


__all__ = ["check_post_norm_decoder_layer"]
