"""The date corpus under its first import path: ``from seq2seq_lib.data import DateDataset``.

The task now lives in :mod:`seq2seq_lib.tasks.dates`; this module keeps the names code
outside this repository imports from here.
"""

from .tasks.dates import (
    FIELDS,
    FIRST_YEAR,
    LAST_YEAR,
    MONTHS,
    SOURCE_LEN,
    TARGET_LEN,
    TIMESTAMP_HIGH,
    TIMESTAMP_LOW,
    DateDataset,
    check_source_date,
    format_dates,
    full_year,
    held_out_dataset,
    target_tokens,
    translate_date,
)

__all__ = [
    "FIELDS",
    "FIRST_YEAR",
    "LAST_YEAR",
    "MONTHS",
    "SOURCE_LEN",
    "TARGET_LEN",
    "TIMESTAMP_HIGH",
    "TIMESTAMP_LOW",
    "DateDataset",
    "check_source_date",
    "format_dates",
    "full_year",
    "held_out_dataset",
    "target_tokens",
    "translate_date",
]
