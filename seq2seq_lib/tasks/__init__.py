"""The tasks the course trains on, each on the shared :class:`~seq2seq_lib.tasks.base.SequenceDataset`.

- :mod:`~seq2seq_lib.tasks.dates`: the article's date translation (``24-03-05`` -> ``05/Mar/2024``);
- :mod:`~seq2seq_lib.tasks.copy`: copy or reverse random digit strings of a chosen length
  (notebook 07, where input length matters);
- :mod:`~seq2seq_lib.tasks.human_dates`: dates as people write them, in English and Chinese
  (``Tuesday, March 5, 2024``, ``2024年3月5日``, ...), to ISO ``2024-03-05`` (notebook 11).
  Imported on its own (``from seq2seq_lib.tasks.human_dates import HumanDateDataset``): it
  loads Babel's CLDR data, which the other tasks do not need.

The core (models, training, decoding, checkpoints) knows only token ids and vocabularies.
"""

from .base import SequenceDataset

__all__ = ["SequenceDataset"]
