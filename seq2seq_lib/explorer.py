"""Look inside decoding, one step at a time: ``explore(model)`` in a notebook.

Two layers, kept apart so that each can be tested on its own:

- the computation, plain functions without widgets: :func:`decode_steps` runs greedy
  decoding one step at a time and records, at every step, the chosen token, its
  probability, the ``top_k`` most probable tokens and the attention row over the source
  (None for a model without attention); :func:`beam_candidates` lists beam search's
  ``k`` best outputs with their log probabilities;
- the view, :class:`DecodingExplorer`, an ``ipywidgets`` box that shows what those
  functions return and recomputes when the learner types a date, moves the step slider
  or changes the beam width. Every pane is a core ``HTML`` or ``Label`` widget whose
  ``value`` holds what the learner sees, so tests can drive it from Python and read it.

Only the model interface of :class:`~seq2seq_lib.models.EncoderDecoder` is used
(``vocab``, ``max_output_len``, ``source_mask``, ``encode``, ``initial_state``,
``step``), so the explorer works for every model kind: the plain model, the attention
model and a Transformer, whose ``step`` returns its cross-attention ``[B, S]``.

The explorer knows no task. What a person may type, the example shown first and the input
box's name come from the model's task, found by its vocabulary
(:func:`seq2seq_lib.tasks.task_input`): ``24-03-05`` for the article's dates, ``Tuesday,
March 5, 2024`` for the human dates, whose check also normalizes what is typed (the
attention row shows the characters the model reads). For a vocabulary of no known task,
any text made of the vocabulary's characters is read, and the caller gives the first text.

Only core widgets (``Text``, ``IntSlider``, ``HTML``, ``Label``, ``VBox``) are used, with
inline styles, so it renders in JupyterLab, Binder and Colab without any extension.
"""

from __future__ import annotations

import html
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import NamedTuple

import torch
import torch.nn.functional as F

from .decoding import Hypothesis, beam_search, check_model
from .i18n import tr as _tr  # the course's language switch: set_language("zh") before explore() shows Chinese
from .runtime import torch_threads
from .tasks import task_input
from .validation import ArgumentError, ArgumentTypeError, shorten

try:
    import ipywidgets as widgets
except ImportError as err:  # pragma: no cover - ipywidgets is in requirements.txt and the "notebooks" extra
    raise ImportError("seq2seq_lib.explorer needs ipywidgets: pip install ipywidgets") from err

# -- the fixed UI strings (English; each goes through _tr when it is shown) ---------------
SOURCE_LABEL = "Input"  # the input box of a task the library does not know (a task names its own)
TRANSLATION_LABEL = "Translation"
STEP_LABEL = "Step"
BEAM_WIDTH_LABEL = "Beam width"
NO_TRANSLATION = "no translation"
DECODING_FAILED = "Decoding failed: {error}"
OUTPUT_ROW = "Output"
PROBABILITY_ROW = "p"
STEP_HEADING = "Greedy decoding, step {step} of {steps}: the model outputs '{token}' with probability {prob}"
TOP_HEADING = "The {k} most probable tokens at this step"
RANK = "Rank"
TOKEN = "Token"
PROBABILITY = "Probability"
ATTENTION_HEADING = "Attention at step {step}: the weight of each source character"
SOURCE_ROW = "Source"
WEIGHT_ROW = "Weight"
NO_ATTENTION = (
    "This model has no attention: every step reads the same summary of the source "
    "(the encoder's final state), so there is no weight per source character to show."
)
BEAM_HEADING = "Beam search, width {width}: the {count} best outputs"
OUTPUT = "Output"
LOG_PROBABILITY = "Log probability"

UI_STRINGS = (
    SOURCE_LABEL,
    TRANSLATION_LABEL,
    STEP_LABEL,
    BEAM_WIDTH_LABEL,
    NO_TRANSLATION,
    DECODING_FAILED,
    OUTPUT_ROW,
    PROBABILITY_ROW,
    STEP_HEADING,
    TOP_HEADING,
    RANK,
    TOKEN,
    PROBABILITY,
    ATTENTION_HEADING,
    SOURCE_ROW,
    WEIGHT_ROW,
    NO_ATTENTION,
    BEAM_HEADING,
    OUTPUT,
    LOG_PROBABILITY,
)
"""Every fixed string the explorer shows, for the translators (templates are translated before formatting)."""

MAX_BEAM_WIDTH = 5


# -- the computation ---------------------------------------------------------------------
class Candidate(NamedTuple):
    """One token the model could output at a step, with its probability."""

    token: str
    prob: float


@dataclass(frozen=True)
class Step:
    """One step of greedy decoding.

    Attributes:
        position: 1 for the first output token.
        token, token_id: the token greedy decoding outputs (the most probable one).
        prob: its probability, softmax of the step's logits.
        top: the ``top_k`` most probable tokens, most probable first; ``top[0]`` is
            ``token`` (ties broken as ``argmax`` breaks them, towards the smaller id).
        attention: the weight of every source token at this step (``S`` floats summing
            to 1), or None for a model without attention.
    """

    position: int
    token: str
    token_id: int
    prob: float
    top: tuple[Candidate, ...]
    attention: tuple[float, ...] | None


def _model_device(model: torch.nn.Module) -> torch.device:
    parameter = next(model.parameters(), None)
    return parameter.device if parameter is not None else torch.device("cpu")


CheckSource = Callable[[str], object]


def vocabulary_check(vocab) -> CheckSource:
    """The check of a task the library does not know: a non-empty text of the vocabulary's characters."""
    allowed = {token for token in vocab.tokens if len(token) == 1}

    def check(text: object) -> str:
        if not isinstance(text, str):
            raise ArgumentTypeError(
                _tr("the input must be a str, got {kind}: {value}", kind=type(text).__name__, value=shorten(text))
            )
        if not text:
            raise ArgumentError(_tr("empty input: type at least one character"))
        unknown = sorted(set(text) - allowed)
        if unknown:
            raise ArgumentError(
                _tr(
                    "{value} has characters this model's vocabulary lacks: {unknown}",
                    value=shorten(text),
                    unknown=unknown,
                )
            )
        return text

    return check


def source_check(model, check_source: CheckSource | None = None) -> CheckSource:
    """``check_source``, or the check of ``model``'s task (:func:`seq2seq_lib.tasks.task_input`)."""
    if check_source is not None:
        return check_source
    task = task_input(check_model(model).vocab)
    return task.check if task is not None else vocabulary_check(model.vocab)


def model_source(text: str, check_source: CheckSource) -> str:
    """What the model reads for ``text``: what ``check_source`` returns (the text, normalized), or ``text``.

    ``check_source`` raises on a bad input; a check that returns no str (None) leaves the text as typed.
    """
    source = check_source(text)
    return source if isinstance(source, str) else text


def source_ids(model, text: str, check_source: CheckSource | None = None) -> torch.Tensor:
    """Validate ``text`` with ``check_source`` (default: the model's task's), then ids ``[1, S]``.

    Each character of the source the check returns is one source token, as in the course's tasks.
    """
    check_model(model)
    source = model_source(text, source_check(model, check_source))
    return torch.tensor([model.vocab.encode(source)], dtype=torch.long, device=_model_device(model))


def decode_steps(model, text: str, top_k: int = 3, check_source: CheckSource | None = None) -> list[Step]:
    """Greedy decoding of one input, step by step, with what the model considered at each step.

    Gives the same tokens as :func:`~seq2seq_lib.decoding.greedy_decode`: up to
    ``model.max_output_len`` steps, the last one ``<EOS>`` when the model produced it.

    Args:
        model: any model with the library's interface (plain, attention, Transformer).
        text: the input, e.g. ``"24-03-05"`` (the article's dates) or ``"March 5, 2024"`` (the human dates).
        top_k: how many of the most probable tokens to keep at each step (at most the
            vocabulary size).
        check_source: validates ``text`` (raises ``ValueError`` or ``TypeError`` with a
            message for the learner) and returns the source the model reads; by default
            the check of the model's task (:func:`source_check`).
    """
    vocab = check_model(model).vocab
    _check_top_k(top_k, vocab)
    src = source_ids(model, text, check_source)
    was_training = model.training
    model.eval()
    try:
        # One torch thread: for one input a second thread only adds synchronisation (8x slower under load here).
        with torch.no_grad(), torch_threads(1):
            mask = model.source_mask(src)
            memory, encoder_state = model.encode(src, mask)
            state = model.initial_state(encoder_state)
            tokens = torch.full((1,), vocab.go_id, dtype=torch.long, device=src.device)
            steps: list[Step] = []
            for position in range(1, model.max_output_len + 1):
                logits, state, attention = model.step(tokens, state, memory, mask)
                logits = logits[0].float()
                probs = F.softmax(logits, dim=-1)
                # A stable sort on the logits: the first is exactly what argmax picks.
                order = logits.argsort(descending=True, stable=True)[:top_k].tolist()
                chosen = order[0]
                steps.append(
                    Step(
                        position=position,
                        token=vocab.tokens[chosen],
                        token_id=chosen,
                        prob=float(probs[chosen]),
                        top=tuple(Candidate(vocab.tokens[i], float(probs[i])) for i in order),
                        attention=None if attention is None else tuple(attention[0].float().tolist()),
                    )
                )
                if chosen == vocab.eos_id:
                    break
                tokens = torch.tensor([chosen], dtype=torch.long, device=src.device)
    finally:
        model.train(was_training)
    return steps


def steps_text(model, steps: Sequence[Step]) -> str:
    """The output text of ``steps``, as :meth:`Vocabulary.decode` writes it (``<EOS>`` left out)."""
    return model.vocab.decode([step.token_id for step in steps])


def beam_candidates(model, text: str, beam_width: int, check_source: CheckSource | None = None) -> list[Hypothesis]:
    """Beam search's ``beam_width`` best outputs for ``text``, best (highest ``log_prob``) first."""
    src = source_ids(model, text, check_source)
    with torch_threads(1):
        return beam_search(model, src, beam_width)[0]


# -- HTML helpers ------------------------------------------------------------------------
def _esc(text: object) -> str:
    """Text for HTML content. Quotes stay as they are, so messages read the same in ``value``."""
    return html.escape(str(text), quote=False)


_LABEL_WIDTH = "120px"
_STEP_SLIDER_WIDTH = "480px"  # the label's 120px included
_BEAM_SLIDER_WIDTH = "300px"
_CAPTION = "text-align:right;padding-right:8px;white-space:nowrap;overflow:hidden;text-overflow:ellipsis"
_TABLE = "border-collapse:collapse;font-family:monospace;line-height:1.4;margin:2px 0 6px 0"
_CELL = "padding:2px 8px;border:1px solid rgba(128,128,128,0.35);text-align:center"
_HEAD = _CELL + ";font-weight:bold"
_ERROR = "color:#c92a2a;font-weight:bold;line-height:1.4;margin:4px 0;white-space:normal"
_CHOSEN = ";outline:2px solid #d9480f;outline-offset:-2px;font-weight:bold"


def _prob(p: float) -> str:
    """A probability for a table: 4 decimals, or 2 significant digits when 4 decimals would show 0."""
    return f"{p:.4f}" if p >= 5e-5 or p == 0 else f"{p:.1e}"


def _heading(text: str) -> str:
    return f'<div style="margin:6px 0 2px 0;font-weight:bold;line-height:1.4">{_esc(text)}</div>'


def _table(rows: Sequence[str]) -> str:
    return f'<table style="{_TABLE}">{"".join(rows)}</table>'


def _shade(weight: float) -> str:
    """A cell's style for a weight in [0, 1]: more blue for more weight, white text when dark."""
    weight = min(max(weight, 0.0), 1.0)
    color = "color:#ffffff;" if weight > 0.5 else ""
    return f"{_CELL};{color}background:rgba(24,100,171,{weight:.3f})"


# -- the view ----------------------------------------------------------------------------
class DecodingExplorer(widgets.VBox):
    """The widget :func:`explore` returns. Its parts are attributes, for tests and notebooks:

    - ``text``: the input box; ``message``: the validation (or error) message, empty when fine;
    - ``translation``: the greedy translation (or "no translation"), captioned by ``translation_label``;
    - ``tokens``: every output token with its probability, the chosen step outlined;
    - ``step``: the step slider; ``step_view``: that step's token, probability and top-k;
    - ``attention``: that step's attention row as a heatmap table (or why there is none);
    - ``beam_width``: the beam width slider; ``beam``: the beam's candidates.

    ``steps`` and ``hypotheses`` hold what is shown (empty for a bad input); ``source`` is
    what the model reads for the text in the box (the text as the task's check returns it).
    ``text``, ``check_source`` and ``source_label`` left as None come from the model's task
    (see :func:`explore`).
    """

    def __init__(
        self,
        model,
        text: str | None = None,
        *,
        beam_width: int = 3,
        top_k: int = 3,
        check_source: CheckSource | None = None,
        source_label: str | None = None,
    ):
        task = task_input(check_model(model).vocab)
        example = task.example if task is not None else None
        if text is None:
            if example is None:
                raise ArgumentError(_tr(_NO_EXAMPLE))
            text = example
        self.model = model
        self.top_k = top_k
        self.check_source = source_check(model, check_source)
        if source_label is None:  # the task's name for its input (or the generic one), in the learner's language
            source_label = _tr(task.label if task is not None else SOURCE_LABEL)
        self.source = ""
        self.steps: list[Step] = []
        self.hypotheses: list[Hypothesis] = []
        self.error: str | None = None
        # One width for every label, so that the controls line up (room for the Chinese labels too).
        label_style = {"description_width": _LABEL_WIDTH}

        self.text = widgets.Text(
            value=text,
            placeholder=example or text,
            description=source_label,
            continuous_update=False,
            style=label_style,
        )
        self.message = widgets.HTML()
        # A Label shows no description in ipywidgets 8: the caption is a widget of its own,
        # right-aligned like the other controls' descriptions.
        self.translation_label = widgets.HTML(
            f'<div style="{_CAPTION}">{_esc(_tr(TRANSLATION_LABEL))}</div>',
            layout=widgets.Layout(width=_LABEL_WIDTH, min_width=_LABEL_WIDTH),
        )
        self.translation = widgets.Label()
        if "font_weight" in self.translation.style.keys:  # ipywidgets 8; ipywidgets 7 shows it plain
            self.translation.style.font_weight = "bold"
        self.tokens = widgets.HTML()
        # Sliders wide enough that each step is a few pixels apart (the default track is about 100px).
        self.step = widgets.IntSlider(
            value=1,
            min=1,
            max=1,
            description=_tr(STEP_LABEL),
            style=label_style,
            layout=widgets.Layout(width=_STEP_SLIDER_WIDTH),
        )
        self.step_view = widgets.HTML()
        self.attention = widgets.HTML()
        self.beam_width = widgets.IntSlider(
            value=beam_width,
            min=1,
            max=MAX_BEAM_WIDTH,
            description=_tr(BEAM_WIDTH_LABEL),
            style=label_style,
            layout=widgets.Layout(width=_BEAM_SLIDER_WIDTH),
        )
        self.beam = widgets.HTML()
        super().__init__(
            [
                self.text,
                self.message,
                widgets.HBox([self.translation_label, self.translation]),
                self.tokens,
                self.step,
                self.step_view,
                self.attention,
                self.beam_width,
                self.beam,
            ]
        )
        self._moving_slider = False
        self.text.observe(lambda _: self.update(), names="value")
        self.step.observe(lambda _: self._on_step(), names="value")
        self.beam_width.observe(lambda _: self.show_beam(), names="value")
        self.update()

    # -- callbacks ----------------------------------------------------------------------
    def update(self) -> None:
        """Decode the text box's input again and redraw every pane."""
        self.error = None
        try:
            self.source = model_source(self.text.value, self.check_source)
        except (ValueError, TypeError) as err:  # the validation message, for the learner
            self._show_error(str(err))
            return
        try:
            self.steps = decode_steps(self.model, self.text.value, self.top_k, self.check_source)
        except Exception as err:  # a broken model: say so in the widget (a callback's traceback shows nowhere)
            self._show_error(_tr(DECODING_FAILED).format(error=f"{type(err).__name__}: {err}"))
            return
        self.message.value = ""
        self.translation.value = steps_text(self.model, self.steps)
        self.step.disabled = self.beam_width.disabled = False
        self._moving_slider = True  # no redraw for the slider's intermediate values; one after
        try:
            self.step.max = len(self.steps)
            self.step.value = min(self.step.value, len(self.steps))
        finally:
            self._moving_slider = False
        self.show_step()
        self.show_beam()

    def _on_step(self) -> None:
        if not self._moving_slider:
            self.show_step()

    def _show_error(self, message: str) -> None:
        self.error = message
        self.source, self.steps, self.hypotheses = "", [], []
        self.message.value = f'<div style="{_ERROR}">&#9888; {_esc(message)}</div>'
        self.translation.value = _tr(NO_TRANSLATION)
        self.step.disabled = self.beam_width.disabled = True  # nothing to move through until the input is good
        for pane in (self.tokens, self.step_view, self.attention, self.beam):
            pane.value = ""

    # -- panes --------------------------------------------------------------------------
    def show_step(self) -> None:
        """Redraw the token strip, the step view and the attention row for ``step.value``."""
        if not self.steps:
            return
        current = self.steps[self.step.value - 1]
        self.tokens.value = self._tokens_html(current.position)
        self.step_view.value = self._step_html(current)
        self.attention.value = self._attention_html(current)

    def show_beam(self) -> None:
        """Run beam search with ``beam_width.value`` and list its candidates."""
        if self.error is not None:
            return
        try:
            self.hypotheses = beam_candidates(self.model, self.text.value, self.beam_width.value, self.check_source)
        except Exception as err:
            self.hypotheses = []
            self.beam.value = _esc(_tr(DECODING_FAILED).format(error=f"{type(err).__name__}: {err}"))
            return
        self.beam.value = self._beam_html(self.hypotheses, self.beam_width.value)

    def _tokens_html(self, position: int) -> str:
        def cell(step: Step, text: str) -> str:
            return f'<td style="{_CELL}{_CHOSEN if step.position == position else ""}">{_esc(text)}</td>'

        def row(name: str, cells: str) -> str:
            return f'<tr><th style="{_HEAD}">{_esc(_tr(name))}</th>{cells}</tr>'

        return _table(
            [
                row(STEP_LABEL, "".join(f'<th style="{_HEAD}">{s.position}</th>' for s in self.steps)),
                row(OUTPUT_ROW, "".join(cell(s, s.token) for s in self.steps)),
                row(PROBABILITY_ROW, "".join(cell(s, f"{s.prob:.3f}") for s in self.steps)),
            ]
        )

    def _step_html(self, step: Step) -> str:
        heading = _tr(STEP_HEADING).format(
            step=step.position, steps=len(self.steps), token=step.token, prob=f"{step.prob:.4f}"
        )
        rows = [
            f'<tr><th style="{_HEAD}">{_esc(_tr(RANK))}</th><th style="{_HEAD}">{_esc(_tr(TOKEN))}</th>'
            f'<th style="{_HEAD}">{_esc(_tr(PROBABILITY))}</th></tr>'
        ]
        for rank, candidate in enumerate(step.top, start=1):
            style = _CELL + (_CHOSEN if rank == 1 else "")
            rows.append(
                f'<tr><td style="{style}">{rank}</td><td style="{style}">{_esc(candidate.token)}</td>'
                f'<td style="{style}">{_prob(candidate.prob)}</td></tr>'
            )
        return _heading(heading) + _heading(_tr(TOP_HEADING).format(k=len(step.top))) + _table(rows)

    def _attention_html(self, step: Step) -> str:
        if step.attention is None:
            return f'<div style="margin:6px 0;font-style:italic;line-height:1.4">{_esc(_tr(NO_ATTENTION))}</div>'
        source = list(self.source)  # what the model reads: for the human dates, the text normalized
        head = "".join(f'<th style="{_HEAD}">{_esc(char)}</th>' for char in source)
        cells = "".join(f'<td style="{_shade(w)}">{w:.3f}</td>' for w in step.attention)
        rows = [
            f'<tr><th style="{_HEAD}">{_esc(_tr(SOURCE_ROW))}</th>{head}</tr>',
            f'<tr><th style="{_HEAD}">{_esc(_tr(WEIGHT_ROW))}</th>{cells}</tr>',
        ]
        return _heading(_tr(ATTENTION_HEADING).format(step=step.position)) + _table(rows)

    @staticmethod
    def _beam_html(hypotheses: Sequence[Hypothesis], width: int) -> str:
        head = "".join(
            f'<th style="{_HEAD}">{_esc(_tr(name))}</th>' for name in (RANK, OUTPUT, LOG_PROBABILITY, PROBABILITY)
        )
        rows = [f"<tr>{head}</tr>"]
        for rank, hypothesis in enumerate(hypotheses, start=1):
            style = _CELL + (_CHOSEN if rank == 1 else "")
            rows.append(
                f'<tr><td style="{style}">{rank}</td><td style="{style}">{_esc(hypothesis.text)}</td>'
                f'<td style="{style}">{hypothesis.log_prob:.4f}</td>'
                f'<td style="{style}">{_prob(math.exp(hypothesis.log_prob))}</td></tr>'
            )
        return _heading(_tr(BEAM_HEADING).format(width=width, count=len(hypotheses))) + _table(rows)


_NO_EXAMPLE = (
    "this model's vocabulary is not that of a task the library knows, so there is no example to show "
    "first: pass text='...', an input of its task (and check_source=..., its task's check, if you have one)"
)


def _check_top_k(top_k: object, vocab) -> None:
    if isinstance(top_k, bool) or not isinstance(top_k, int) or not 1 <= top_k <= len(vocab):
        raise ValueError(
            _tr(
                "top_k must be an integer from 1 to the vocabulary size {size}, got {value!r}",
                size=len(vocab),
                value=top_k,
            )
        )


def _check_inputs(model: object, text: object, check_source: object, source_label: object) -> None:
    """Refuse, by name, what the widget could not show (before it builds anything)."""
    task = task_input(check_model(model).vocab)
    if text is None and task is None:
        raise ArgumentError(_tr(_NO_EXAMPLE))
    if text is not None and not isinstance(text, str):
        kind = type(text).__name__
        if task is not None:
            message = _tr(
                "text must be a str, the input shown first (e.g. {example!r}), got {kind}",
                example=task.example,
                kind=kind,
            )
        else:
            message = _tr("text must be a str, the input shown first, got {kind}", kind=kind)
        raise ArgumentTypeError(message)
    if check_source is not None and not callable(check_source):
        kind = type(check_source).__name__
        raise ArgumentTypeError(_tr("check_source must be a function that validates an input, got {kind}", kind=kind))
    if source_label is not None and not isinstance(source_label, str):
        raise ArgumentTypeError(_tr("source_label must be a str, got {kind}", kind=type(source_label).__name__))


def explore(
    model,
    text: str | None = None,
    *,
    beam_width: int = 3,
    top_k: int = 3,
    check_source: CheckSource | None = None,
    source_label: str | None = None,
) -> DecodingExplorer:
    """An interactive view of how ``model`` decodes ``text``: put it last in a notebook cell.

    Type an input (Enter to decode it); the widget shows the greedy translation, every
    step's token with its probability and the ``top_k`` most probable tokens, the
    attention over the source at the step the slider picks (for a model with attention),
    and beam search's candidates with their log probabilities for the chosen beam width
    (1-5). A bad input shows ``check_source``'s message instead of a translation.

    What may be typed, the first text and the input box's name come from the model's task,
    which its vocabulary names (:func:`seq2seq_lib.tasks.task_input`): ``explore(model)``
    opens on ``24-03-05`` for a model of the article's dates and on ``Tuesday, March 5,
    2024`` for one of the human dates, each with its task's validation.

    Args:
        model: a trained model (plain, attention or Transformer).
        text: the input shown first (a str; an input ``check_source`` refuses shows its message).
            Default: the task's example; required for a model of a task the library does not know.
        beam_width: the beam width shown first (1 to 5).
        top_k: how many of the most probable tokens each step lists.
        check_source: validates an input, raising ``ValueError``/``TypeError`` with a
            message, and returns the source the model reads. Default: the check of the
            model's task (for a task the library does not know: any text of the
            vocabulary's characters).
        source_label: the input box's label. Default: the task's (``Input`` for a task the
            library does not know).
    """
    _check_inputs(model, text, check_source, source_label)
    if isinstance(beam_width, bool) or not isinstance(beam_width, int) or not 1 <= beam_width <= MAX_BEAM_WIDTH:
        raise ValueError(
            _tr("beam_width must be an integer from 1 to {high}, got {value!r}", high=MAX_BEAM_WIDTH, value=beam_width)
        )
    _check_top_k(top_k, model.vocab)
    return DecodingExplorer(
        model, text, beam_width=beam_width, top_k=top_k, check_source=check_source, source_label=source_label
    )
