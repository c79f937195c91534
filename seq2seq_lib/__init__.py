"""seq2seq_lib: the reference code of the Seq2Seq date-translation course.

The core knows token ids and vocabularies only: :mod:`.vocab`, :mod:`.attention`,
:mod:`.models`, :mod:`.transformer`, :mod:`.training`, :mod:`.evaluation`, :mod:`.decoding`, :mod:`.checkpoint`,
:mod:`.registry`, :mod:`.runtime`, :mod:`.validation`. The tasks it trains on live in
:mod:`.tasks` (dates, and copying digit strings); :mod:`.cli` and :mod:`.exercises` are at
the edge.

``from seq2seq_lib import train`` works as usual; the submodule behind each name is imported
when the name is first used (PEP 562), so that ``python -m seq2seq_lib --help`` starts without
importing torch.
"""

from __future__ import annotations

import importlib

# typing.TYPE_CHECKING without importing typing (10 ms): ``python -m seq2seq_lib`` imports this
# file before the command line can set its Ctrl-C handler, so it does as little as it can.
TYPE_CHECKING = False

# Each public name and the submodule that defines it.
_EXPORTS = {
    "AttentionSeq2Seq": ".models",
    "DateDataset": ".tasks.dates",
    "Seq2Seq": ".models",
    "TransformerSeq2Seq": ".transformer",
    "Vocabulary": ".vocab",
    "evaluate": ".training",
    "greedy_decode": ".decoding",
    "held_out_dataset": ".tasks.dates",
    "load_model": ".checkpoint",
    "save_model": ".checkpoint",
    "set_seed": ".runtime",
    "train": ".training",
    "translate": ".tasks.dates",
}

if TYPE_CHECKING:  # for type checkers and editors: the same names, imported eagerly
    from .checkpoint import load_model, save_model  # noqa: F401
    from .decoding import greedy_decode  # noqa: F401
    from .models import AttentionSeq2Seq, Seq2Seq  # noqa: F401
    from .runtime import set_seed  # noqa: F401
    from .tasks.dates import DateDataset, held_out_dataset, translate  # noqa: F401
    from .training import evaluate, train  # noqa: F401
    from .transformer import TransformerSeq2Seq  # noqa: F401
    from .vocab import Vocabulary  # noqa: F401


def __getattr__(name: str) -> object:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module, __name__), name)
    globals()[name] = value  # later look-ups skip this function
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_EXPORTS))


__all__ = sorted(_EXPORTS)
__version__ = "0.2.0"
