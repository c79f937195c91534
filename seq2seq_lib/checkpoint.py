"""Save and load a model with its configuration and vocabulary, in one file.

Loading uses ``torch.load(weights_only=True)``: the file may hold only tensors and
plain containers, so a checkpoint that carries code (a pickled object with a
``__reduce__``) is refused instead of executed.
"""

from __future__ import annotations

import os
import pickle
import zipfile

import torch

from .models import MODEL_CLASSES, EncoderDecoder
from .vocab import Vocabulary

FORMAT = "seq2seq_lib-checkpoint"
VERSION = 1


class CheckpointError(ValueError):
    """A file that is not a usable seq2seq_lib checkpoint."""


def save_model(model: EncoderDecoder, path: str | os.PathLike) -> None:
    """Write ``model`` (class, config, vocabulary, weights on the CPU) to ``path``."""
    if type(model).__name__ not in MODEL_CLASSES:
        raise TypeError(f"can only save {sorted(MODEL_CLASSES)}, got {type(model).__name__}")
    payload = {
        "format": FORMAT,
        "version": VERSION,
        "model_class": type(model).__name__,
        "config": model.config(),
        "vocab": list(model.vocab.tokens),
        # Weights are stored on the CPU so that a GPU-trained file loads anywhere.
        "state_dict": {k: v.detach().cpu() for k, v in model.state_dict().items()},
    }
    torch.save(payload, os.fspath(path))


def load_model(path: str | os.PathLike, map_location: torch.device | str | None = None) -> EncoderDecoder:
    """Rebuild a model saved by :func:`save_model`, in eval mode, on ``map_location`` (default CPU).

    Raises ``FileNotFoundError`` for a missing file and :class:`CheckpointError`
    (a ``ValueError``) naming the file for anything else that is not a checkpoint:
    truncated, foreign, from another version, or carrying code.
    """
    path = os.fspath(path)
    if not os.path.exists(path):
        raise FileNotFoundError(f"no checkpoint at {path!r}")
    try:
        payload = torch.load(path, map_location="cpu", weights_only=True)
    except pickle.UnpicklingError as err:
        if "Unsupported global" in str(err) or "Unsupported operand" in str(err):
            raise CheckpointError(
                f"{path!r} was refused: it asks to import or run Python objects (possibly code), "
                "which a checkpoint never needs"
            ) from None
        raise CheckpointError(f"{path!r} is not a readable checkpoint: {_first_line(err)}") from None
    except (RuntimeError, EOFError, zipfile.BadZipFile, OSError, ValueError, KeyError, IndexError, TypeError) as err:
        # A truncated zip, random bytes or a text file fail in many ways inside torch.load.
        raise CheckpointError(
            f"{path!r} is not a readable checkpoint: it is truncated, corrupted or not a torch file "
            f"({type(err).__name__}: {_first_line(err)})"
        ) from None

    if not isinstance(payload, dict) or payload.get("format") != FORMAT:
        raise CheckpointError(f"{path!r} is a torch file but not a seq2seq_lib checkpoint")
    if payload.get("version") != VERSION:
        raise CheckpointError(
            f"{path!r} has checkpoint version {payload.get('version')!r}; this library reads {VERSION}"
        )
    model_class = MODEL_CLASSES.get(payload.get("model_class"))
    if model_class is None:
        raise CheckpointError(f"{path!r} names an unknown model class {payload.get('model_class')!r}")
    try:
        model = model_class(Vocabulary(payload["vocab"]), **payload["config"])
        model.load_state_dict(payload["state_dict"])
    except (KeyError, TypeError, ValueError, RuntimeError) as err:
        raise CheckpointError(f"{path!r} is inconsistent: {type(err).__name__}: {_first_line(err)}") from None
    model.eval()
    if map_location is not None:
        model.to(map_location)
    return model


def _first_line(err: BaseException) -> str:
    text = str(err).strip()
    return text.splitlines()[0] if text else ""
