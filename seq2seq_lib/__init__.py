"""seq2seq_lib: the reference code of the Seq2Seq date-translation course."""

from .checkpoint import load_model, save_model
from .data import DateDataset, held_out_dataset
from .decoding import greedy_decode, translate
from .models import AttentionSeq2Seq, Seq2Seq
from .training import evaluate, set_seed, train
from .vocab import Vocabulary

__all__ = [
    "AttentionSeq2Seq",
    "DateDataset",
    "Seq2Seq",
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
__version__ = "0.1.0"
