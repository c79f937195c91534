"""seq2seq_lib: the reference code of the Seq2Seq date-translation course.

The core knows token ids and vocabularies only: :mod:`.vocab`, :mod:`.attention`,
:mod:`.models`, :mod:`.transformer`, :mod:`.training`, :mod:`.evaluation`, :mod:`.decoding`, :mod:`.checkpoint`,
:mod:`.registry`, :mod:`.runtime`, :mod:`.validation`. The tasks it trains on live in
:mod:`.tasks` (dates, and copying digit strings); :mod:`.cli` and :mod:`.exercises` are at
the edge.
"""

from .checkpoint import load_model, save_model
from .decoding import greedy_decode
from .models import AttentionSeq2Seq, Seq2Seq
from .runtime import set_seed
from .tasks.dates import DateDataset, held_out_dataset, translate
from .training import evaluate, train
from .transformer import TransformerSeq2Seq
from .vocab import Vocabulary

__all__ = [
    "AttentionSeq2Seq",
    "DateDataset",
    "Seq2Seq",
    "TransformerSeq2Seq",
    "Vocabulary",
    "evaluate",
    "greedy_decode",
    "held_out_dataset",
    "load_model",
    "save_model",
    "set_seed",
    "train",
    "translate",
]
__version__ = "0.2.0"
